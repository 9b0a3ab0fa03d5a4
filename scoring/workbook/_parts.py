"""The three tables of an analyst workbook (criteria, scores, lenses), for the reader.

See :mod:`scoring.workbook.reader` for the rules; this module only splits its size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scoring.errors import WorkbookError
from scoring.limits import MAX_LENSES, MAX_WORKBOOK_JUDGMENTS
from scoring.model import SCALE_MAX, SCALE_MIN, Criterion, Design, Evidence, Lens, Score
from scoring.workbook import layout as lay

if TYPE_CHECKING:
    from scoring.workbook.reader import _Grid, _Reader

__all__ = ["read_criteria", "read_lenses", "read_scores"]

_ASSUMPTION_PREFIX = "assumption"
#: The same cap as a scenario file's lens weights (points; the kit normalises them).
MAX_POINTS = 1_000_000
MAX_QUOTE_CHARS = 2_000
MAX_COMPONENT_CHARS = 100


def _components(reader: _Reader, grid: _Grid, row: int, col: int) -> tuple[str, ...]:
    parts = tuple(part.strip() for part in reader.text(grid, row, col).split(",") if part.strip())
    if any(len(part) > MAX_COMPONENT_CHARS for part in parts):
        reader.fail(grid.where(row, col), f"a component is over {MAX_COMPONENT_CHARS} characters")
    return parts


def _lines(reader: _Reader, grid: _Grid, row: int, col: int | None) -> list[str]:
    """One entry per line of a cell (blank lines kept, so the k-th note stays with the k-th quote)."""
    if col is None or not reader.text(grid, row, col):
        return []
    value = grid.get(row, col)[0]
    return [line.strip() for line in str(value).replace("\r\n", "\n").split("\n")]


def read_criteria(reader: _Reader, branch_ids: set[str]) -> list[tuple[Criterion, int]]:
    """Criteria in the Scores sheet's column order, each with its column there."""
    scored = reader.anchor(*lay.CRITERIA_NAMES)
    listed = reader.anchor(lay.N_CRITERION_LIST)
    if scored is None or listed is None:
        return []
    sgrid, srow, scol = scored
    columns = reader.ids_across(sgrid, srow, scol, "criterion")
    reader.found["criteria_read"] = len(columns)
    grid, row, col = listed
    headers: dict[str, int] = {}
    levels: dict[float, int] = {}
    c = col
    while grid.get(row - 1, c)[0] is not None and c < col + 200:
        label = grid.get(row - 1, c)[0]
        if isinstance(label, (int, float)) and not isinstance(label, bool):
            levels[float(label)] = c
        else:
            headers[str(label).strip().lower()] = c
        c += 1
    for needed in (lay.H_ID, lay.H_NAME, lay.H_DIRECTION):
        if needed not in headers:
            reader.fail(grid.where(row - 1, col), f"the criteria table needs a {needed!r} column header")
    if reader.problems:
        return []
    described: dict[str, Criterion] = {}
    rows = reader.ids_down(grid, row, headers[lay.H_ID], "criterion", set())
    reader.found["criterion_rows_read"] = len(rows)
    reader.found["criterion_headers"] = headers
    for ident, r in rows:
        described[ident] = _criterion(reader, grid, r, ident, headers, levels, branch_ids)
    wanted = {ident for ident, _ in columns}
    for ident, r in rows:
        if ident not in wanted:
            reader.fail(
                grid.where(r, headers[lay.H_ID]), f"criterion {ident!r} has no column on {lay.SCORES} (row {srow})"
            )
    out = []
    for ident, c in columns:
        if ident not in described:
            reader.fail(sgrid.where(srow, c), f"criterion {ident!r} has no row on the {lay.CRITERIA} sheet")
        else:
            out.append((described[ident], c))
    if not columns:
        reader.fail(sgrid.where(srow, scol), "expected criterion ids in this row, found none")
    return out


def _criterion(
    reader: _Reader,
    grid: _Grid,
    r: int,
    ident: str,
    headers: dict[str, int],
    levels: dict[float, int],
    branch_ids: set[str],
) -> Criterion:
    def get(label: str) -> str:
        if label not in headers:
            return ""
        if label == lay.H_NAME:
            return reader.name(grid, r, headers[label])
        return reader.text(grid, r, headers[label])

    direction = get(lay.H_DIRECTION).lower()
    if direction not in (lay.BENEFIT, lay.COST):
        reader.fail(grid.where(r, headers[lay.H_DIRECTION]), f"expected direction benefit or cost, got {direction!r}")
    branch = get(lay.H_BRANCH)
    if branch and branch_ids and branch not in branch_ids:
        reader.fail(
            grid.where(r, headers[lay.H_BRANCH]),
            f"unknown branch {branch!r}; expected one of: {', '.join(sorted(branch_ids))}",
        )
    scale = tuple((level, text) for level, c in sorted(levels.items()) if (text := reader.text(grid, r, c)))
    quotes, notes = (_lines(reader, grid, r, headers.get(label)) for label in (lay.H_QUOTES, lay.H_NOTES))
    if any(len(quote) > MAX_QUOTE_CHARS for quote in quotes):
        reader.fail(grid.where(r, headers[lay.H_QUOTES]), f"an evidence quote is over {MAX_QUOTE_CHARS:,} characters")
    evidence = tuple(Evidence(quote, notes[k] if k < len(notes) else "") for k, quote in enumerate(quotes) if quote)
    return Criterion(
        ident,
        get(lay.H_NAME) or ident,
        "cost" if direction == lay.COST else "benefit",
        get(lay.H_DESCRIPTION),
        branch,
        scale,
        evidence,
    )


def _score(reader: _Reader, grid: _Grid, row: int, col: int) -> float | None:
    value = reader.number(grid, row, col, "a score from 0 to 100")
    if value is not None and not SCALE_MIN <= value <= SCALE_MAX:
        reader.fail(grid.where(row, col), f"expected a score from 0 to 100, got {value:g}")
        return None
    return value


def read_scores(
    reader: _Reader, criteria: list[tuple[Criterion, int]]
) -> tuple[list[Design], tuple[tuple[Score, ...], ...]]:
    """Designs (base block order) and their scores (base/low/high, rationale, confidence, grounding)."""
    base = reader.anchor("Designs")
    names = (lay.N_LOW_IDS, lay.N_HIGH_IDS, lay.N_RATIONALE_IDS, lay.N_CONFIDENCE_IDS, lay.N_GROUNDING_IDS)
    blocks = {name: reader.anchor(name, required=name in names[:2]) for name in names}
    if base is None:
        return [], ()
    grid, row, col = base
    stops = {r - k for found in blocks.values() if found for r in (found[1],) for k in (1, 2)}
    rows = reader.ids_down(grid, row, col, "design", stops)
    reader.found["designs_read"] = len(rows)
    if len(rows) * len(criteria) > MAX_WORKBOOK_JUDGMENTS:
        raise WorkbookError.at(
            grid.where(row, col),
            f"{len(rows):,} designs x {len(criteria):,} criteria = {len(rows) * len(criteria):,} judgments; "
            f"the analyst workbook holds at most {MAX_WORKBOOK_JUDGMENTS:,}",
        )
    designs = [
        Design(
            ident,
            reader.name(grid, r, col + 1) or ident,
            reader.text(grid, r, col + 2),
            _components(reader, grid, r, col + 3),
        )
        for ident, r in rows
    ]
    known = {ident for ident, _ in rows}
    block_rows: dict[str, dict[str, tuple[_Grid, int]]] = {}
    for name, found in blocks.items():
        block_rows[name] = {}
        if not found:
            continue
        bgrid, brow, bcol = found
        listed = reader.ids_down(bgrid, brow, bcol, "design", stops)
        block_rows[name] = {ident: (bgrid, r) for ident, r in listed}
        for ident, r in listed:
            if ident not in known:
                reader.fail(
                    bgrid.where(r, bcol),
                    f"unknown design {ident!r}: not in the base block ({grid.where(row, col)} down)",
                )
        if name in names[:2]:
            for ident in [i for i, _ in rows if i not in block_rows[name]]:
                reader.fail(bgrid.where(brow, bcol), f"design {ident!r} has no row in this block")
    scores = []
    for ident, r in rows:
        cells = {n: block_rows[n].get(ident) for n in names}
        scores.append(tuple(_judgment(reader, grid, r, c, cells) for _criterion, c in criteria))
    return designs, tuple(scores)


def _judgment(reader: _Reader, grid: _Grid, r: int, c: int, cells: dict[str, tuple[_Grid, int] | None]) -> Score:
    base = _score(reader, grid, r, c)
    low_at, high_at = cells[lay.N_LOW_IDS], cells[lay.N_HIGH_IDS]
    low = _score(reader, low_at[0], low_at[1], c) if low_at else None
    high = _score(reader, high_at[0], high_at[1], c) if high_at else None
    if low_at and high_at and base is not None and low is not None and high is not None and not low <= base <= high:
        reader.fail(
            grid.where(r, c),
            f"expected low <= base <= high, got low={low:g} ({low_at[0].where(low_at[1], c)}), "
            f"base={base:g}, high={high:g} ({high_at[0].where(high_at[1], c)})",
        )
    rationale_at, confidence_at = cells[lay.N_RATIONALE_IDS], cells[lay.N_CONFIDENCE_IDS]
    rationale = reader.text(rationale_at[0], rationale_at[1], c) if rationale_at else ""
    confidence: Any = reader.text(confidence_at[0], confidence_at[1], c).lower() if confidence_at else ""
    if confidence_at and confidence and confidence not in lay.CONFIDENCE_LABELS:
        reader.fail(
            confidence_at[0].where(confidence_at[1], c), f"expected confidence low, medium or high, got {confidence!r}"
        )
    if confidence not in lay.CONFIDENCE_LABELS:
        confidence = "medium"
    fallback = 0.0 if base is None else base
    return Score(
        fallback,
        fallback if low is None else low,
        fallback if high is None else high,
        rationale,
        confidence,
        _grounding(reader, cells[lay.N_GROUNDING_IDS], c, rationale),
    )


def _grounding(reader: _Reader, at: tuple[_Grid, int] | None, c: int, rationale: str) -> Any:
    """The grounding cell (blank: not recorded); a workbook without the block: "assumption" by rationale prefix."""
    if at is None:
        return "assumption" if rationale.lower().startswith(_ASSUMPTION_PREFIX) else None
    grounding = reader.text(at[0], at[1], c).lower()
    if not grounding:
        return None
    if grounding not in lay.GROUNDING_LABELS:
        reader.fail(at[0].where(at[1], c), f"expected grounding quoted, inferred or assumption, got {grounding!r}")
        return None
    return grounding


def read_lenses(reader: _Reader, criterion_ids: list[str]) -> tuple[list[Lens], str]:
    """Lenses (the swing column only when it has points) and the active lens id."""
    header = reader.anchor(lay.N_LENS_IDS)
    listed = reader.anchor(lay.N_WEIGHT_CRITERIA)
    active_cell = reader.anchor(lay.N_ACTIVE_LENS)
    if header is None or listed is None or active_cell is None:
        return [], ""
    grid, hrow, hcol = header
    lens_cols = reader.ids_across(grid, hrow, hcol, "lens")
    if len(lens_cols) > MAX_LENSES + 1:  # the swing column is one more
        raise WorkbookError.at(grid.where(hrow, hcol), f"{len(lens_cols):,} lenses; at most {MAX_LENSES} are allowed")
    cgrid, crow, ccol = listed
    rows = reader.ids_down(cgrid, crow, ccol, "criterion", set())
    reader.found["lenses_read"] = len(lens_cols)
    reader.found["weight_rows_read"] = len(rows)
    wanted = set(criterion_ids)
    for ident, r in rows:
        if ident not in wanted:
            reader.fail(
                cgrid.where(r, ccol), f"unknown criterion {ident!r}; expected one of: {', '.join(criterion_ids)}"
            )
    for ident in [c for c in criterion_ids if c not in {i for i, _ in rows}]:
        reader.fail(cgrid.where(crow, ccol), f"criterion {ident!r} has no row in the weights table")
    lenses: list[Lens] = []
    for lens_id, c in lens_cols:
        points: list[tuple[str, float]] = []
        for ident, r in rows:
            value = reader.number(grid, r, c, "weight points (a number >= 0)", blank=float("nan"))
            if value is None or value != value:
                continue
            if value < 0:
                reader.fail(grid.where(r, c), f"weight points must be >= 0, got {value:g}")
            elif value > MAX_POINTS:
                reader.fail(grid.where(r, c), f"weight points must be at most {MAX_POINTS:,.0f}, got {value:g}")
            elif ident in wanted:
                points.append((ident, value))
        if lens_id == lay.SWING_LENS and not points:
            continue
        if sum(v for _, v in points) <= 0:
            reader.fail(grid.where(hrow, c), f"lens {lens_id!r}: weights must not all be zero or blank")
        name = reader.name(grid, hrow - 1, c) or lens_id
        lenses.append(Lens(lens_id, name, reader.text(grid, hrow - 2, c), tuple(points)))
    active = reader.text(*active_cell)
    ids = [lens.id for lens in lenses]
    if active not in ids:
        hint = " (the swing column is empty)" if active == lay.SWING_LENS else ""
        reader.fail(
            active_cell[0].where(active_cell[1], active_cell[2]),
            f"unknown active lens {active!r}{hint}; expected one of: {', '.join(ids)}",
        )
    return lenses, active
