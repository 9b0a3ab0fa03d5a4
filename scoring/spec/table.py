r"""Plain designs x criteria tables (CSV, a sheet of an ``.xlsx``, a pandas DataFrame) as scenario sets.

The layout an analyst already has::

    design,           cost (EUR m), troops, days to deploy
    direction,        cost,         ,       cost             <- optional row
    weight,           2,            1,      1                <- optional row
    Coalition pledge, 120,          0,      30
    Troops in Ukraine,950,          25000,  180

The first column names the designs and the header row the criteria; every other cell is a
number. Optional rows named ``direction`` (benefit/cost, max/min, +/-; blank: benefit),
``weight`` (points, normalised by the kit) and ``min``/``max`` (the ends of a criterion's
scale, as ``--bounds``) say more; the same can be given as options (``cost``, ``weights``,
``bounds``; the command line's ``--cost``, ``--weights``, ``--bounds``), which win over the
rows.

**Defaults**: every criterion is a benefit (more is better), weights are equal, and each
criterion's scale runs over the values observed in its column (a *local* scale).

**What the table becomes.** A plain table has no anchored 0-100 scale, so each criterion is
given its scale explicitly: level 0 is the lower end (the smallest value in the column, or
its ``min``) and level 100 the upper end (the largest, or its ``max``), linearly in between,

.. math:: \text{level}_{ij} = 100\,\frac{x_{ij} - L_j}{U_j - L_j},

and the result is an ordinary :class:`~scoring.model.ScenarioSet` (each criterion's scale
anchors and description record :math:`L_j` and :math:`U_j`, so the original numbers can be
read back), with one lens, ``table``. Every face then takes it as it takes a scenario file:
``gscore score``, ``analyze``, ``report``, ``template``, ``convert``, ``diff``, ``combine``.
With ``wsm`` the totals are exactly ``100 x scoring.evaluate(matrix, weights, directions)``
(the weighted sum on each column's observed range, cost columns inverted), or with bounds on
the fixed scale. A column in which every design has the same value carries no information:
every design gets the top value on it (level 100, or 0 for a cost criterion), as
:func:`scoring.evaluate` does. The other methods score the 0-100 value scores, as for any
scenario set (so TOPSIS on a table differs from TOPSIS on the raw numbers).

A local scale depends on the designs compared: adding a design with a new extreme value
rescales the column and can reorder the others. State fixed bounds when you can (UK DCLG
2009, *Multi-criteria analysis: a manual*, ch. 6).

Ids are derived from the names: a name that is already an id (``cost_eur``) is kept, others
are lower-cased with runs of other characters turned into ``_`` (``Cost (EUR m)`` ->
``cost_eur_m``). Two names that give the same id, a design named twice, a blank name, a
cell that is not a number (``table.csv:7: column 'cost': "12,5" is not a number``) are
errors naming the row and column; every problem is reported at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scoring.errors import InputError, Problem
from scoring.limits import check_set_size
from scoring.model import ScenarioSet
from scoring.spec._table_cells import (
    CONTROL,
    Columns,
    Problems,
    directions_row,
    ends_row,
    header_names,
    is_blank,
    numbers,
    points_row,
    text_of,
    unique_ids,
)
from scoring.spec._table_levels import LENS_ID, build_set, rescale

if TYPE_CHECKING:
    import pandas as pd

    from scoring.io.tables import RawTable

__all__ = ["LENS_ID", "SPECIAL_ROWS", "TableOptions", "from_table", "parse_table", "read_table", "to_table"]

#: Row names with a meaning (case-insensitive); every other row is a design.
SPECIAL_ROWS = ("direction", "weight", "min", "max")


@dataclass(frozen=True, slots=True)
class TableOptions:
    """What to say about a plain table beyond its cells (each wins over the table's own row).

    Parameters
    ----------
    cost : tuple of str
        Columns (criterion names or ids) that are costs: less is better.
    weights : mapping of column to points, optional
        One entry per column (0 leaves a criterion out); normalised by the kit.
    bounds : mapping of column to (lower, upper), optional
        Fixed ends of a criterion's scale (a global scale) instead of the observed range.
    sheet : str, optional
        The sheet of an ``.xlsx`` table (default: the first).
    labels : mapping
        How errors name each option (``{"cost": "--cost", ...}`` on the command line).
    """

    cost: tuple[str, ...] = ()
    weights: Mapping[str, float] | None = None
    bounds: Mapping[str, tuple[float, float]] | None = None
    sheet: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def given(self) -> bool:
        """True if any option is set (they only apply to plain tables)."""
        return bool(self.cost or self.weights or self.bounds or self.sheet)

    def label(self, option: str) -> str:
        return self.labels.get(option, option)


def read_table(path: str | Path, options: TableOptions | None = None) -> ScenarioSet:
    """Read a plain table from a ``.csv``/``.tsv`` file or an ``.xlsx`` sheet (see the module docstring).

    Raises
    ------
    InputError
        The file cannot be read, or the table is not a valid designs x criteria table
        (every problem, each naming its row and column).
    """
    from scoring.io.tables import CSV_SUFFIXES, read_csv_table, read_xlsx_table

    chosen = options or TableOptions()
    if Path(path).suffix.lower() in CSV_SUFFIXES:
        if chosen.sheet:
            raise InputError.at(chosen.label("sheet"), f"{Path(path).name} is a CSV file, which has no sheets")
        return parse_table(read_csv_table(path), chosen)
    return parse_table(read_xlsx_table(path, chosen.sheet), chosen)


def from_table(
    frame: pd.DataFrame,
    *,
    cost: Iterable[str] = (),
    weights: Mapping[str, float] | None = None,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    name: str = "table",
) -> ScenarioSet:
    """A scenario set from a designs x criteria DataFrame (see the module docstring).

    Design names are the index when it is not the default ``0..n-1``, else the first
    column; every other column is a criterion. Rows named ``direction``, ``weight``,
    ``min`` and ``max`` are read as in a file.

    Examples
    --------
    >>> import pandas as pd
    >>> import scoring
    >>> frame = pd.DataFrame({"design": ["A", "B", "C"], "price": [10, 30, 20], "range km": [300, 500, 350]})
    >>> table = from_table(frame, cost=["price"])
    >>> [c.id for c in table.criteria], table.criteria[0].direction
    (['price', 'range_km'], 'cost')
    >>> scoring.score(table).scores.round(1).tolist()
    [50.0, 50.0, 37.5]
    """
    import pandas as pd

    from scoring.io.tables import RawTable

    if not isinstance(frame, pd.DataFrame):
        raise InputError.at("frame", f"expected a pandas DataFrame, got {type(frame).__name__}")
    indexed = not (isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0 and frame.index.step == 1)
    if indexed:
        header = [str(frame.index.name or "design"), *(str(c) for c in frame.columns)]
        labels = list(frame.index)
        body = frame.to_numpy(dtype=object).tolist()
        rows = [header, *([label, *cells] for label, cells in zip(labels, body, strict=True))]
    else:
        rows = [[str(c) for c in frame.columns], *frame.to_numpy(dtype=object).tolist()]

    def locate(row: int, _column: int) -> str:
        return f"{name}: row {row}" if row else f"{name}: header"

    options = TableOptions(tuple(cost), weights, bounds)
    return parse_table(RawTable(name, rows, locate), options)


# ---------------------------------------------------------------------- parsing


def parse_table(raw: RawTable, options: TableOptions | None = None) -> ScenarioSet:
    """Turn the raw cells of a plain table into a scenario set (see the module docstring).

    Raises
    ------
    InputError
        Every problem found, each naming its row and column.
    """
    chosen = options or TableOptions()
    problems = Problems(raw)
    if not raw.rows:
        raise InputError.at(raw.name, "the table is empty")
    names = header_names(raw, problems)
    if not names:
        problems.raise_any()
    rows = _sort_rows(raw, names, problems)
    designs = rows.designs
    if not designs:
        problems.add(0, 0, "the table has a header but no design rows")
        problems.raise_any()
    check_set_size(len(designs), len(names), 1, raw.name)  # the size policy of every source (scoring.limits)
    values = numbers(rows.body, [r for _, r in designs], names, problems)
    criterion_ids = unique_ids(names, [(0, j + 1) for j in range(len(names))], "criterion", problems)
    design_ids = unique_ids([d for d, _ in designs], [(r, 0) for _, r in designs], "design", problems)
    directions = directions_row(raw, rows.special.get("direction"), names, problems)
    points = points_row(raw, rows.special.get("weight"), names, problems)
    ends = [ends_row(raw, rows.special.get(key), names, problems) for key in ("min", "max")]
    problems.raise_any()
    points = _apply_options(Columns(names, criterion_ids, chosen), chosen, directions, points, ends)
    lower, upper = ends
    levels, scales = rescale(values, lower, upper, directions, names, [r for _, r in designs], problems)
    problems.raise_any()
    points, described = _lens_points(raw, points, len(names))
    return build_set(raw, names, criterion_ids, directions, scales, designs, design_ids, levels, points, described)


@dataclass(frozen=True, slots=True)
class _Rows:
    """The rows under the header: designs (name, row index), special rows by name, design cells."""

    designs: list[tuple[str, int]]
    special: dict[str, int]
    body: list[list[Any]]


def _sort_rows(raw: RawTable, names: list[str], problems: Problems) -> _Rows:
    """Sort the rows under the header into special rows and designs (cells padded to the header)."""
    width = len(names) + 1
    designs: list[tuple[str, int]] = []
    special: dict[str, int] = {}
    seen: dict[str, int] = {}
    body: list[list[Any]] = []
    for r in range(1, len(raw.rows)):
        row = raw.rows[r]
        label = text_of(row[0]) if row else ""
        row = _checked_row(raw, r, row, names, problems)
        key = label.lower()
        if key in SPECIAL_ROWS:
            if key in special:
                problems.add(r, 0, f"a second {key!r} row (the first is at {raw.locate(special[key], 0)})")
            special[key] = r
            continue
        if not label:
            problems.add(r, 0, "the row has no design name in the first column")
            continue
        if CONTROL.search(label) or len(label) > 300:
            problems.add(r, 0, f"design name {label[:40]!r}: expected one line of at most 300 characters")
        if label in seen:
            problems.add(r, 0, f"design {label!r} named twice (first at {raw.locate(seen[label], 0)})")
            continue
        seen[label] = r
        designs.append((label, r))
        cells = row[1:width]
        body.append(cells if len(cells) == width - 1 else [*cells, *([None] * (width - 1 - len(cells)))])
    return _Rows(designs, special, body)


def _checked_row(raw: RawTable, r: int, row: list[Any], names: list[str], problems: Problems) -> list[Any]:
    """Row ``r`` with problems for values beyond the header and formulas (a formula cell reads as 0)."""
    width = len(names) + 1
    if len(row) > width and any(not is_blank(v) for v in row[width:]):
        problems.add(r, width, f"a value beyond the last named column ({len(row)} cells, header has {width})")
    if (r, 0) in raw.formulas:
        problems.add(r, 0, "expected a design name typed in, found a formula")
    if raw.formulas:
        row = list(row)
        for j in range(1, min(len(row), width)):
            if (r, j) in raw.formulas:
                message = "found a formula; type the value (formulas are not evaluated)"
                problems.add(r, j, f"column {names[j - 1]!r}: {message}")
                row[j] = 0.0  # reported once, here
    return row


def _apply_options(
    columns: Columns,
    chosen: TableOptions,
    directions: list[str],
    points: list[float] | None,
    ends: list[list[float]],
) -> list[float] | None:
    """Apply the cost, weights and bounds options over the table's rows; the points to use."""
    option_problems: list[Problem] = []
    for col in chosen.cost:
        found = columns.find(col, "cost", option_problems)
        if found is not None:
            directions[found] = "cost"
    if chosen.weights is not None:
        points = columns.weights(chosen.weights, option_problems)
    lower, upper = ends
    for col, pair in (chosen.bounds or {}).items():
        found = columns.find(col, "bounds", option_problems)
        if found is not None:
            lower[found], upper[found] = float(pair[0]), float(pair[1])
    InputError.collect(option_problems)
    return points


def _lens_points(raw: RawTable, points: list[float] | None, count: int) -> tuple[list[float], str]:
    """The lens's points (equal when none are given) and its description; refuses all-zero weights."""
    if points is None:
        return [1.0] * count, "Equal weights (the plain-table default)."
    if not any(p > 0 for p in points):
        raise InputError.at(raw.name, "the weights must not all be zero")
    return points, "Weights given with the table."


def to_table(scenario: ScenarioSet, lens: str | None = None) -> pd.DataFrame:
    """The scenario set as a plain table: base levels with ``direction``, ``weight``, ``min``/``max`` rows.

    Only the base levels and one lens's points are kept (no ranges, rationales or other
    lenses). The ``min``/``max`` rows hold the 0-100 scale, so reading the table back gives
    the same levels and the same wsm totals.
    """
    import pandas as pd

    chosen = scenario.lens(lens)
    points = chosen.weight_map()
    header = ["design", *scenario.criterion_ids]
    rows: list[list[Any]] = [
        ["direction", *(c.direction for c in scenario.criteria)],
        ["weight", *(points.get(c, 0.0) for c in scenario.criterion_ids)],
        ["min", *([0.0] * len(scenario.criteria))],
        ["max", *([100.0] * len(scenario.criteria))],
    ]
    levels = scenario.matrix("base").tolist()
    rows.extend([d.id, *row] for d, row in zip(scenario.designs, levels, strict=True))
    return pd.DataFrame(rows, columns=header)
