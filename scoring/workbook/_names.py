"""Check that every defined name the workbook's formulas use points where the template put it.

The reader finds the tables through a few names (``Designs``, ``CriterionIds``, ...); the
workbook's own formulas (totals, ranks, checks) use many more (``ScoreMatrix``,
``Weights``, ``ScaleMax``, ...). If a name pointed at another block, Excel and LibreOffice
would compute from other cells than ``gscore`` reads -- another winner, while the Checks
sheet still passes. So, after reading, every such name that exists must cover exactly the
cells the template gave it, relative to what the reader found (a table may have grown:
rows typed below it are read and flagged by the Checks sheet, so a name may cover a
prefix of what is read, never other cells), and the constants on the About sheet must
hold the template's values. A sheet-level name that hides one of them is refused too
(:meth:`scoring.workbook.reader._Reader.area`). A name that is missing is not checked
here: a formula that uses it shows ``#NAME?``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scoring.errors import WorkbookError
from scoring.io.xlsx_refs import Area
from scoring.ranking import TIE_TOLERANCE
from scoring.workbook import layout as lay

if TYPE_CHECKING:
    from scoring.workbook.reader import _Reader

__all__ = ["check_names", "sheets_to_read"]

_READ = (
    lay.N_TITLE,
    lay.N_VERSION,
    lay.N_QUESTION,
    lay.N_SOURCE_TITLE,
    lay.N_SOURCE_NOTE,
    lay.N_BRANCHES,
    lay.N_CRITERION_IDS,
    lay.N_LEGACY_CRITERIA,
    "_xlnm.Criteria",
    lay.N_CRITERION_LIST,
    "Designs",
    lay.N_LOW_IDS,
    lay.N_HIGH_IDS,
    lay.N_RATIONALE_IDS,
    lay.N_CONFIDENCE_IDS,
    lay.N_GROUNDING_IDS,
    lay.N_LENS_IDS,
    lay.N_WEIGHT_CRITERIA,
    lay.N_ACTIVE_LENS,
)
#: Single cells on the About sheet and the value each must hold.
CONSTANTS: dict[str, object] = {
    lay.N_SCALE_MIN: 0.0,
    lay.N_SCALE_MAX: 100.0,
    lay.N_TIE_TOLERANCE: TIE_TOLERANCE,
    lay.N_LABEL_BENEFIT: lay.BENEFIT,
    lay.N_LABEL_COST: lay.COST,
    lay.N_LABEL_PASS: lay.PASS_LABEL,
    lay.N_LABEL_FAIL: lay.FAIL_LABEL,
}
LISTS: dict[str, tuple[object, ...]] = {
    lay.N_DIRECTIONS: (lay.BENEFIT, lay.COST),
    lay.N_CONFIDENCES: lay.CONFIDENCE_LABELS,
    lay.N_GROUNDINGS: lay.GROUNDING_LABELS,
}


def sheets_to_read(reader: _Reader) -> list[str]:
    """The sheets the reader and this check need (parsed once, with the shared strings)."""
    sheets = []
    for name in (*_READ, *CONSTANTS, *LISTS):
        found = reader.area(name)
        if found is not None:
            sheets.append(found.sheet)
    return sheets


def _column(sheet: str, top: int, col: int, height: int) -> Area:
    return Area(sheet, top, col, top + height - 1, col)


def _row(sheet: str, row: int, left: int, width: int) -> Area:
    return Area(sheet, row, left, row, left + width - 1)


class _Check:
    def __init__(self, reader: _Reader) -> None:
        self.reader = reader
        self.where = reader.where_file

    def area(self, name: str) -> Area | None:
        return self.reader.area(name)

    def refuse(self, name: str, found: Area, expected: str) -> WorkbookError:
        return WorkbookError.at(
            self.where,
            f"defined name {name} refers to {found}, but the template put it at {expected}: "
            "the workbook's formulas would use other cells than gscore reads; restore the name",
        )

    def expect(self, name: str, expected: Area) -> None:
        found = self.area(name)
        if found is not None and found != expected:
            raise self.refuse(name, found, str(expected))

    def shape(self, name: str, found: Area, *, width: int | None = None, height: int | None = None) -> None:
        if (width is not None and found.width != width) or (height is not None and found.height != height):
            rows = f"{height} row{'s' if height != 1 else ''}" if height is not None else "its rows"
            cols = f"{width} column{'s' if width != 1 else ''}" if width is not None else "its columns"
            raise self.refuse(name, found, f"a block of {rows} x {cols}")

    def within(self, name: str, found: Area, read: int, length: int) -> None:
        if length > read:
            raise self.refuse(name, found, f"a block of at most {read} cells (what is read there)")


def check_names(reader: _Reader) -> None:
    """Refuse (one :class:`WorkbookError`) when a name the formulas use points elsewhere."""
    check = _Check(reader)
    designs = check.area("Designs")
    criteria = next((a for a in map(check.area, ("CriterionIds", "Criteria", "_xlnm.Criteria")) if a), None)
    if designs is None or criteria is None:
        return
    check.shape("Designs", designs, width=1)
    check.shape("CriterionIds", criteria, height=1)
    check.within("Designs", designs, reader.found.get("designs_read", 0), designs.height)
    check.within("CriterionIds", criteria, reader.found.get("criteria_read", 0), criteria.width)
    if criteria.sheet != designs.sheet:
        raise check.refuse("CriterionIds", criteria, f"the sheet of Designs ({designs.sheet!r})")
    sheet, n, m = designs.sheet, designs.height, criteria.width
    check.expect("ScoreMatrix", Area(sheet, designs.top, criteria.left, designs.bottom, criteria.right))
    check.expect(lay.N_DESIGN_NAMES, _column(sheet, designs.top, designs.left + 1, n))
    for name, offset in ((lay.N_BRANCH_ROW, 3), (lay.N_BENEFIT_FLAG, 4), (lay.N_COST_FLAG, 5), ("Weights", 6)):
        check.expect(name, _row(sheet, criteria.top + offset, criteria.left, m))
    for ids, block in ((lay.N_LOW_IDS, "ScoreLow"), (lay.N_HIGH_IDS, "ScoreHigh")):
        found = check.area(ids)
        if found is None:
            continue
        check.expect(ids, _column(sheet, found.top, designs.left, n))
        check.expect(block, Area(sheet, found.top, criteria.left, found.top + n - 1, criteria.right))
    _criteria_sheet(check, reader)
    _weights_sheet(check, reader)
    _results(check, n)
    _constants(check, reader)


def _criteria_sheet(check: _Check, reader: _Reader) -> None:
    listed = check.area(lay.N_CRITERION_LIST)
    headers: dict[str, int] = reader.found.get("criterion_headers", {})
    if listed is None:
        return
    check.shape(lay.N_CRITERION_LIST, listed, width=1)
    check.within(lay.N_CRITERION_LIST, listed, reader.found.get("criterion_rows_read", 0), listed.height)
    for name, header in (
        ("CriterionNames", lay.H_NAME),
        ("CriterionBranches", lay.H_BRANCH),
        ("CriterionDirections", lay.H_DIRECTION),
    ):
        if header in headers:
            check.expect(name, _column(listed.sheet, listed.top, headers[header], listed.height))


def _weights_sheet(check: _Check, reader: _Reader) -> None:
    listed, lenses = check.area(lay.N_WEIGHT_CRITERIA), check.area(lay.N_LENS_IDS)
    if listed is None or lenses is None:
        return
    check.shape(lay.N_WEIGHT_CRITERIA, listed, width=1)
    check.shape(lay.N_LENS_IDS, lenses, height=1)
    check.within(lay.N_WEIGHT_CRITERIA, listed, reader.found.get("weight_rows_read", 0), listed.height)
    check.within(lay.N_LENS_IDS, lenses, reader.found.get("lenses_read", 0), lenses.width)
    if lenses.sheet != listed.sheet:
        raise check.refuse(lay.N_LENS_IDS, lenses, f"the sheet of {lay.N_WEIGHT_CRITERIA} ({listed.sheet!r})")
    sheet = listed.sheet
    check.expect("LensNames", _row(sheet, lenses.top - 1, lenses.left, lenses.width))
    check.expect(lay.N_LENS_POINTS, Area(sheet, listed.top, lenses.left, listed.bottom, lenses.right))
    points = check.area(lay.N_ACTIVE_POINTS)
    if points is not None:
        if points.sheet != sheet or points.top != listed.top or points.left <= lenses.right:
            raise check.refuse(lay.N_ACTIVE_POINTS, points, f"a column right of the lens table, rows {listed.top}-")
        check.expect(lay.N_ACTIVE_POINTS, _column(sheet, listed.top, points.left, listed.height))
        check.expect(lay.N_ACTIVE_WEIGHTS, _column(sheet, listed.top, points.left + 1, listed.height))
        check.expect("ActivePointsTotal", _column(sheet, listed.bottom + 2, points.left, 1))
    active = check.area(lay.N_ACTIVE_LENS)
    if active is not None:
        check.shape(lay.N_ACTIVE_LENS, active, width=1, height=1)


def _results(check: _Check, n: int) -> None:
    total = check.area("TotalScore")
    if total is None:
        return
    check.shape("TotalScore", total, width=1, height=n)
    for offset, name in enumerate(("Rank", lay.N_TOTAL_LOW, lay.N_TOTAL_HIGH), start=1):
        check.expect(name, _column(total.sheet, total.top, total.left + offset, n))
    counts, status = check.area(lay.N_CHECK_COUNTS), check.area(lay.N_CHECK_STATUS)
    if counts is not None:
        check.shape(lay.N_CHECK_COUNTS, counts, width=1)
    if status is not None:
        check.shape(lay.N_CHECK_STATUS, status, width=1, height=1)


def _constants(check: _Check, reader: _Reader) -> None:
    for name, expected in CONSTANTS.items():
        found = check.area(name)
        if found is not None:
            check.shape(name, found, width=1, height=1)
            _holds(check, reader, name, found, [expected])
    for name, values in LISTS.items():
        found = check.area(name)
        if found is not None:
            check.shape(name, found, width=1, height=len(values))
            _holds(check, reader, name, found, list(values))


def _holds(check: _Check, reader: _Reader, name: str, found: Area, expected: list[object]) -> None:
    grid = reader.grid(found.sheet)
    for k, wanted in enumerate(expected):
        value, _ = grid.get(found.top + k, found.left)
        same = value == wanted if not isinstance(wanted, str) else str(value).strip() == wanted
        if not same:
            where = grid.where(found.top + k, found.left)
            raise WorkbookError.at(
                where,
                f"{name} must hold {wanted!r} (the template's value, used by the formulas), found {value!r}",
            )
