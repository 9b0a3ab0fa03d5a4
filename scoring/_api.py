"""The contract's entry points: :func:`evaluate` for arrays, :func:`load` and :func:`score`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy.typing as npt

from scoring.errors import InputError, Problem
from scoring.model import Lens, ScenarioSet
from scoring.problem import DecisionProblem
from scoring.result import Result

if TYPE_CHECKING:
    import pandas as pd

    from scoring.spec.table import TableOptions

__all__ = ["BUILTIN_NAME", "evaluate", "from_table", "load", "load_source", "save", "score"]

BUILTIN_NAME = "article.yaml"


def evaluate(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    directions: Sequence[object] | npt.ArrayLike | None = None,
    method: str = "wsm",
    **options: Any,
) -> Result:
    """Score a designs x criteria matrix with one aggregation method.

    Parameters
    ----------
    matrix : array_like, shape (n, m)
        Raw levels, one row per design, one column per criterion. NaN and inf are
        rejected with their row and column.
    weights : array_like, shape (m,)
        Non-negative; normalised to sum to 1.
    directions : sequence, optional
        Per criterion ``"max"``/``"min"`` (or ``1``/``-1``, ``"benefit"``/``"cost"``);
        default all ``"max"``.
    method : str
        ``"wsm"`` (default), ``"wpm"``, ``"topsis"``, ``"vikor"`` or ``"promethee"``.
    **options
        Method options. ``wsm`` takes ``bounds=(lower, upper)``: without it each
        column is rescaled over its observed range (a *local* scale, which depends
        on the designs compared); with it over the fixed bounds (a *global* scale).

    Returns
    -------
    Result
        ``.scores`` and ``.ranks`` (1 = best, ties share the better rank). For
        contributions, build the problem and score it:
        ``scoring.problem.DecisionProblem.from_arrays(...).score()``.

    Examples
    --------
    >>> import scoring
    >>> r = scoring.evaluate([[7, 200], [9, 300], [8, 100]], [0.5, 0.5], ["max", "min"])
    >>> r.scores.round(3).tolist(), r.ranks.tolist()
    ([0.25, 0.5, 0.75], [3, 2, 1])
    """
    return DecisionProblem.from_arrays(matrix, weights, directions, method, **options).score(contributions=False)


def load(
    path: str | Path | None = None,
    *,
    sheet: str | None = None,
    cost: Sequence[str] = (),
    weights: Mapping[str, float] | None = None,
    bounds: Mapping[str, tuple[float, float]] | None = None,
) -> ScenarioSet:
    """Load a scenario set: a YAML/JSON file, an analyst workbook, a plain table, or the built-in set.

    Parameters
    ----------
    path : str or Path, optional
        ``None`` loads the built-in article scenario set shipped with the package. A
        ``.yaml``/``.yml``/``.json`` path is a scenario file; an ``.xlsx`` is the analyst
        workbook when it defines the workbook's names (``Designs``, ``ScoreMatrix``, ...),
        else a plain table, as is a ``.csv``/``.tsv`` file (see :mod:`scoring.spec.table`).
    sheet, cost, weights, bounds
        Plain tables only: the sheet to read (default: the first), the cost columns,
        points per column, and fixed ``(lower, upper)`` scale ends per column.

    Examples
    --------
    >>> import scoring
    >>> article = scoring.load()
    >>> len(article.designs) >= 8
    True
    """
    from scoring.spec.table import TableOptions

    return load_source(path, TableOptions(tuple(cost), weights, bounds, sheet))


def from_table(
    frame: pd.DataFrame,
    *,
    cost: Sequence[str] = (),
    weights: Mapping[str, float] | None = None,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    name: str = "table",
) -> ScenarioSet:
    """A scenario set from a plain designs x criteria DataFrame (see :mod:`scoring.spec.table`).

    Design names are the index (when it is not ``0..n-1``) or the first column; the other
    columns are criteria. Defaults: every criterion a benefit, equal weights, each
    criterion's scale the observed range of its column. ``cost`` lists cost columns,
    ``weights`` gives points per column, ``bounds`` fixed ``(lower, upper)`` scale ends.

    Examples
    --------
    >>> import pandas as pd
    >>> import scoring
    >>> frame = pd.DataFrame({"price": [10, 30, 20], "range": [300, 500, 350]}, index=["A", "B", "C"])
    >>> scoring.score(scoring.from_table(frame, cost=["price"])).scores.round(1).tolist()
    [50.0, 50.0, 37.5]
    """
    from scoring.spec.table import from_table as parse_frame

    return parse_frame(frame, cost=cost, weights=weights, bounds=bounds, name=name)


def misplaced_table_option(path: str | Path | None, options: TableOptions) -> Problem:
    """The problem of a plain-table option (``--cost``, ...) given for a source that is not a plain table.

    The caller has found that ``path`` is not a plain table (None: the built-in set) while
    ``options.given``; the command line reports it as bad usage (exit status 2).
    """
    used = next(k for k in ("cost", "weights", "bounds", "sheet") if getattr(options, k))
    what = "the built-in set is not" if path is None else f"{Path(path).name} is not"
    return Problem(
        options.label(used), f"applies to plain tables (.csv, or .xlsx without the workbook's names); {what} one"
    )


def load_source(path: str | Path | None, options: TableOptions) -> ScenarioSet:
    """:func:`load` with the plain-table options gathered (the command line names them ``--cost``, ...)."""
    from scoring.io.tables import is_plain_table

    table = path is not None and is_plain_table(path)
    if options.given and not table:
        raise InputError([misplaced_table_option(path, options)])
    if table and Path(str(path)).suffix.lower() in (".xlsx", ".xlsm"):
        from scoring.io.tables import is_gscore_export

        if is_gscore_export(path):  # type: ignore[arg-type]
            raise InputError.at(
                str(path),
                "is a file gscore wrote (scored results with a Provenance sheet), not an input; load the scenario "
                "file or analyst workbook it was made from (its Provenance sheet names it)",
            )
    if table:
        from scoring.spec.table import read_table

        return read_table(path, options)  # type: ignore[arg-type]
    from scoring import spec

    if path is None:
        data = resources.files("scoring") / "data"
        raw = (data / BUILTIN_NAME).read_bytes()
        with resources.as_file(data) as folder:
            from scoring.provenance import sha256_bytes

            return spec.load_text(
                raw.decode("utf-8"), f"builtin:{BUILTIN_NAME}", base_dir=Path(folder), digest=sha256_bytes(raw)
            )
    if Path(path).is_dir():
        raise InputError.at(
            str(path), "is a directory; expected a scenario file (.yaml, .yml, .json) or an analyst workbook (.xlsx)"
        )
    if Path(path).suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        from scoring.workbook.reader import read_workbook

        workbook: ScenarioSet = read_workbook(path)
        return workbook
    return spec.load_file(path)


def save(scenario_set: ScenarioSet, path: str | Path, *, lens: str | None = None) -> tuple[str, ...]:
    """Write a scenario set as a scenario file (.yaml/.json), an analyst workbook (.xlsx) or a plain table (.csv).

    Scenario file <-> workbook round trips are lossless (see :mod:`scoring.spec.convert`);
    a plain table keeps the base levels and ``lens``'s points. The file is written
    atomically (an existing one is replaced). Returns notes on anything not written.

    Examples
    --------
    >>> import tempfile, pathlib, scoring
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> notes = scoring.save(scoring.load(), folder / "article.xlsx")
    >>> scoring.load(folder / "article.xlsx").design_ids == scoring.load().design_ids
    True
    """
    from scoring.spec.convert import save as write

    return write(scenario_set, path, lens=lens)


def score(
    scenario_set: ScenarioSet,
    lens: str | Lens | None = None,
    method: str = "wsm",
    *,
    vetoes: Mapping[str, float] | None = None,
    veto_mode: str = "flag",
    timestamp: str | None = None,
    **options: Any,
) -> Result:
    """Score a scenario set under one lens and method.

    With ``wsm`` the score is the weighted average of the 0-100 value scores (a cost
    criterion's level ``x`` counts as ``100 - x``), so totals are 0-100 and
    ``contributions`` sum to the total; ``low``/``high`` give the total with every
    judgment at the unfavourable / favourable end of its range. Other methods score
    the value scores too (see :class:`scoring.problem.DecisionProblem`).

    Parameters
    ----------
    scenario_set : ScenarioSet
    lens : str or Lens, optional
        Default: the set's default lens (``balanced`` for the built-in set).
    method : str
        See :func:`evaluate`.
    vetoes : mapping of criterion id to level, optional
        Non-compensatory thresholds on the 0-100 levels: a design below the level on a
        benefit criterion (above it on a cost criterion) is vetoed, whatever its total.
    veto_mode : {"flag", "exclude"}
        ``flag`` keeps vetoed designs and marks them (``details["vetoed"]``);
        ``exclude`` drops them before scoring (``result.vetoes.excluded`` lists them).
    timestamp : str, optional
        Fixed provenance timestamp (for byte-identical exports).
    **options
        Method options (``v=0.4`` for VIKOR, ``preference="linear", q=5, p=20`` for PROMETHEE).

    Examples
    --------
    >>> import scoring
    >>> result = scoring.score(scoring.load(), lens="kyiv")
    >>> list(result.table.columns[:4])
    ['design', 'name', 'score', 'rank']
    """
    problem = DecisionProblem.from_scenario(scenario_set, lens, method, vetoes=vetoes, veto_mode=veto_mode, **options)
    return problem.score(timestamp=timestamp)
