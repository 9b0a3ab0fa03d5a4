"""Shared layout of the analyst workbook: sheet names, defined names, labels and styles.

The template writer (:mod:`scoring.workbook.template`), the reader
(:mod:`scoring.workbook.reader`) and the scored-workbook writer agree through
this module only. The reader never relies on fixed cell positions: it finds every
table through a workbook-level defined name (the first cell of the named range)
and the header ids next to it, and reads each list until the first blank cell.

Colour code (FAST / ICAEW): light-yellow unlocked cells are inputs; white cells are
calculations; light-green cells are outputs. Every sheet is protected without a
password (Review > Unprotect Sheet), so only input cells can be typed into.

The criterion ids are named ``CriterionIds`` (contract), never ``Criteria``: Excel
reserves ``Criteria`` as a built-in name (stored as ``_xlnm.Criteria``, the Advanced
Filter criteria range), so a workbook-level ``Criteria`` may make Excel repair or
reinterpret the workbook. The reader still accepts a workbook written by an older
template, whose plain ``Criteria`` name (or ``_xlnm.Criteria``, as openpyxl saves it)
covers the same range as ``CriterionIds``; :func:`plain_criteria_name` lets the
scored-workbook writer keep such a name as the analyst's file had it.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from scoring.model import GROUNDING_LEVELS

__all__ = [
    "ABOUT",
    "CHANGES",
    "CHECKS",
    "CRITERIA",
    "RESULTS",
    "SCORES",
    "SHEETS",
    "SWING_LENS",
    "WEIGHTS",
    "plain_criteria_name",
    "put_text",
]

ABOUT = "About"
CRITERIA = "Criteria"
WEIGHTS = "Weights"
SCORES = "Scores"
RESULTS = "Results"
CHECKS = "Checks"
CHANGES = "Changes"
SHEETS = (ABOUT, CRITERIA, WEIGHTS, SCORES, RESULTS, CHECKS, CHANGES)

#: Id of the pseudo-lens holding the analyst's own swing points on the Weights sheet.
SWING_LENS = "swing"
CONFIDENCE_LABELS = ("low", "medium", "high")
GROUNDING_LABELS = GROUNDING_LEVELS  # quoted, inferred, assumption
BENEFIT, COST = "benefit", "cost"
PASS_LABEL, FAIL_LABEL = "ALL CHECKS PASS", "CHECK FAILED"

# Criteria sheet: table header labels (the reader finds columns by these, not by position).
H_ID, H_NAME, H_BRANCH, H_DIRECTION, H_DESCRIPTION = "id", "name", "branch", "direction", "description"
H_QUOTES, H_NOTES = "evidence quotes", "evidence notes"
SCALE_LEVELS = (0.0, 25.0, 50.0, 75.0, 100.0)

# Scores sheet: the fixed columns before the first criterion column of the base block.
DESIGN_COLUMNS = ("design id", "design name", "description", "components")

# Defined names beyond the contract's (Designs, CriterionIds, ScoreMatrix, ScoreLow, ScoreHigh,
# Weights, TotalScore, Rank); the reader uses those marked (R).
N_LEGACY_CRITERIA = "Criteria"  # (R) older templates only: Excel reserves it (_xlnm.Criteria); never written
N_SCALE_MIN, N_SCALE_MAX = "ScaleMin", "ScaleMax"
N_TIE_TOLERANCE = "TieTolerance"  # About: scoring.ranking.TIE_TOLERANCE, used by the Rank formulas
N_TITLE, N_VERSION, N_QUESTION = "SetTitle", "SetVersion", "SetQuestion"  # (R)
N_SOURCE_TITLE, N_SOURCE_NOTE = "SourceTitle", "SourceNote"  # (R)
N_SOURCE_FILE = "SourceFile"  # (R) the scenario file's source.file (quotes are checked against it there)
N_BRANCHES = "BranchList"  # (R) first cell: the first branch id
N_CRITERION_IDS = "CriterionIds"  # (R) contract: the criterion ids, one row (Scores sheet)
#: Where the reader finds the criterion ids: the contract name; then an older template's plain
#: ``Criteria``, and that name as openpyxl saves it.
CRITERIA_NAMES = (N_CRITERION_IDS, N_LEGACY_CRITERIA, "_xlnm.Criteria")
N_CRITERION_LIST = "CriterionList"  # (R) Criteria sheet id column; header row just above
N_ACTIVE_LENS = "ActiveLens"  # (R)
N_LENS_IDS = "LensIds"  # (R) one row of lens ids (last: swing); names/descriptions above
N_WEIGHT_CRITERIA = "WeightCriteria"  # (R) Weights sheet criterion ids
N_LENS_POINTS, N_ACTIVE_POINTS, N_ACTIVE_WEIGHTS = "LensPoints", "ActivePoints", "ActiveWeights"
N_LOW_IDS, N_HIGH_IDS = "ScoreLowIds", "ScoreHighIds"  # (R)
N_RATIONALE, N_RATIONALE_IDS = "ScoreRationale", "RationaleIds"  # (R)
N_CONFIDENCE, N_CONFIDENCE_IDS = "ScoreConfidence", "ConfidenceIds"  # (R)
N_GROUNDING, N_GROUNDING_IDS = "ScoreGrounding", "GroundingIds"  # (R) optional: older workbooks lack it
N_DESIGN_NAMES = "DesignNames"
N_BENEFIT_FLAG, N_COST_FLAG, N_BRANCH_ROW = "BenefitFlag", "CostFlag", "CriterionBranch"
N_TOTAL_LOW, N_TOTAL_HIGH = "TotalLow", "TotalHigh"
N_CHECK_COUNTS, N_CHECK_STATUS = "CheckCounts", "CheckStatus"
N_LABEL_BENEFIT, N_LABEL_COST = "LabelBenefit", "LabelCost"
N_LABEL_PASS, N_LABEL_FAIL = "LabelPass", "LabelFail"
N_DIRECTIONS, N_CONFIDENCES, N_GROUNDINGS = "DirectionLabels", "ConfidenceLabels", "GroundingLabels"

INPUT_FILL = "FFF2CC"
OUTPUT_FILL = "E2EFDA"
HEADER_FILL = "1F3864"
NOTE_COLOUR = "595959"


_XLNM_CRITERIA = re.compile(rb'<definedName\b[^>]*\bname="_xlnm\.Criteria"[^>]*>')


def plain_criteria_name(workbook_xml: bytes) -> bytes:
    """``xl/workbook.xml`` with the workbook-level ``_xlnm.Criteria`` renamed ``Criteria``.

    For the scored-workbook writer only: openpyxl saves a workbook-level name called
    ``Criteria`` (found in a workbook from an older template) as ``_xlnm.Criteria``; this
    gives it back the spelling the analyst's file had. Only a ``definedName`` element named
    ``_xlnm.Criteria`` without ``localSheetId`` (a workbook-level name) is changed, and only
    its ``name`` attribute; everything else is returned byte for byte. The template never
    writes ``Criteria`` (see the module docstring).
    """

    def rename(match: re.Match[bytes]) -> bytes:
        element = match.group(0)
        if b"localSheetId=" in element:
            return element
        return element.replace(b'name="_xlnm.Criteria"', b'name="Criteria"', 1)

    return _XLNM_CRITERIA.sub(rename, workbook_xml)


def quote_sheet(sheet: str) -> str:
    """Sheet name as used in a reference (quoted when it is not a plain word)."""
    return sheet if sheet.isalnum() else "'" + sheet.replace("'", "''") + "'"


def absolute(sheet: str, first: str, last: str | None = None) -> str:
    """An absolute reference ``Sheet!$A$1:$B$2`` from relative cell names."""
    from openpyxl.utils.cell import absolute_coordinate

    area = absolute_coordinate(first) if last is None else f"{absolute_coordinate(first)}:{absolute_coordinate(last)}"
    return f"{quote_sheet(sheet)}!{area}"


def define(book: Any, name: str, sheet: str, first: str, last: str | None = None) -> None:
    """Add (or replace) a workbook-level defined name."""
    from openpyxl.workbook.defined_name import DefinedName

    book.defined_names[name] = DefinedName(name, attr_text=absolute(sheet, first, last))


class Styles:
    """The few cell styles of the workbook (inputs, calculations, outputs, headers)."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        thin = Side(style="thin", color="BFBFBF")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.input_fill = PatternFill("solid", start_color=INPUT_FILL, end_color=INPUT_FILL)
        self.output_fill = PatternFill("solid", start_color=OUTPUT_FILL, end_color=OUTPUT_FILL)
        self.header_fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
        self.header_font = Font(bold=True, color="FFFFFF")
        self.title_font = Font(bold=True, size=14)
        self.bold = Font(bold=True)
        self.note_font = Font(italic=True, color=NOTE_COLOUR)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.top = Alignment(vertical="top")
        self.unlocked = Protection(locked=False)

    def input(self, cell: Any, *, wrap: bool = False, number_format: str | None = None) -> Any:
        """Mark ``cell`` as an input: yellow, bordered, unlocked."""
        cell.fill = self.input_fill
        cell.border = self.border
        cell.protection = self.unlocked
        cell.alignment = self.wrap if wrap else self.top
        if number_format:
            cell.number_format = number_format
        return cell

    def calc(self, cell: Any, *, number_format: str | None = None) -> Any:
        """Mark ``cell`` as a calculation (locked, bordered)."""
        cell.border = self.border
        if number_format:
            cell.number_format = number_format
        return cell

    def output(self, cell: Any, *, number_format: str | None = None) -> Any:
        """Mark ``cell`` as an output (green, locked)."""
        cell.fill = self.output_fill
        return self.calc(cell, number_format=number_format)

    def header(self, cell: Any) -> Any:
        cell.fill = self.header_fill
        cell.font = self.header_font
        cell.alignment = self.wrap
        cell.border = self.border
        return cell

    def title(self, sheet: Any, text: str, note: str = "") -> None:
        sheet["A1"] = text
        sheet["A1"].font = self.title_font
        if note:
            sheet["A2"] = note
            sheet["A2"].font = self.note_font


#: The data-validation kinds and comparisons the templates use (openpyxl's names).
ValidationKind = Literal["decimal", "list"]
ValidationOperator = Literal["between", "greaterThanOrEqual"]


def validation(
    kind: ValidationKind,
    formula1: str,
    title: str,
    error: str,
    *,
    allow_blank: bool,
    operator: ValidationOperator | None = None,
    formula2: str | None = None,
) -> Any:
    """A data-validation rule that stops bad input with a titled message (one place for the style)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    return DataValidation(
        type=kind,
        operator=operator,
        formula1=formula1,
        formula2=formula2,
        allow_blank=allow_blank,
        showErrorMessage=True,
        errorTitle=title,
        error=error,
    )


def protect(sheet: Any) -> None:
    """Protect a sheet without a password; rows and columns may still be inserted."""
    protection = sheet.protection
    protection.sheet = True
    protection.insertRows = False
    protection.insertColumns = False
    protection.formatColumns = False
    protection.formatRows = False


def put_text(cell: Any, text: str) -> Any:
    """Write ``text`` as text even if it starts with ``=`` (never as a formula)."""
    cell.value = text
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def widths(sheet: Any, columns: dict[str, float]) -> None:
    """Set column widths by letter."""
    for letter, width in columns.items():
        sheet.column_dimensions[letter].width = width
