"""The Scores sheet of the analyst workbook: the criterion rows and one block per field.

Criteria run across from column E (ids in row 3, then name, direction, branch, the benefit and
cost flags and the active weight); designs run down in six blocks (base, low and high levels,
rationale, confidence, grounding), each a defined name the formulas of
:mod:`scoring.workbook.calc` refer to.
"""

from __future__ import annotations

from typing import Any

from scoring.model import ScenarioSet
from scoring.workbook import layout as lay
from scoring.workbook._print import LINE_POINTS

__all__ = ["BASE_TITLE", "CRIT_ROW", "FIRST_COL", "SPACER_ROWS", "column_letter", "write_scores"]

SPACER_ROWS = 2
#: Scores: criterion ids in row CRIT_ROW from column FIRST_COL (E).
CRIT_ROW, FIRST_COL = 3, 5
BASE_TITLE = 11
_BLOCKS = (
    (
        "ScoreMatrix",
        "Designs",
        "Base scores: your best estimate (0-100 on each criterion's scale; cost criteria: the level of the bad thing)",
    ),
    ("ScoreLow", lay.N_LOW_IDS, "Low scores: the lowest plausible level"),
    ("ScoreHigh", lay.N_HIGH_IDS, "High scores: the highest plausible level"),
    (lay.N_RATIONALE, lay.N_RATIONALE_IDS, "Rationale: one sentence per judgment (what in the source supports it)"),
    (lay.N_CONFIDENCE, lay.N_CONFIDENCE_IDS, "Confidence: low, medium or high"),
    (
        lay.N_GROUNDING,
        lay.N_GROUNDING_IDS,
        "Grounding: quoted (the source says it; the rationale quotes it), inferred (drawn from the source; "
        "the comparison or size is yours) or assumption (the source is silent)",
    ),
)
_RATIONALE, _CONFIDENCE, _GROUNDING = 3, 4, 5  # the text blocks, by position in _BLOCKS


def column_letter(index: int) -> str:
    """Column letter of a 1-based column index."""
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def write_scores(book: Any, sheet: Any, scenario: ScenarioSet, styles: lay.Styles) -> list[tuple[int, int]]:
    """The Scores sheet: the criterion rows, then one block per field (base, low, high, texts).

    Returns each block's (top, bottom) rows.
    """
    m = len(scenario.criteria)
    first = column_letter(FIRST_COL)
    styles.title(
        sheet, "Scores", "Yellow cells are inputs. Criteria run across (ids in row 3); designs run down in each block."
    )
    _criterion_rows(book, sheet, scenario, styles)
    rules = _score_rules()
    spans: list[tuple[int, int]] = []
    title = BASE_TITLE
    for b in range(len(_BLOCKS)):
        spans.append(_score_block(book, sheet, scenario, styles, b, title, rules))
        title = spans[-1][1] + 1 + SPACER_ROWS
    _heat_map(sheet, scenario, *spans[0])
    for rule in rules:
        sheet.add_data_validation(rule)
    lay.widths(sheet, {"A": 26, "B": 30, "C": 24, "D": 18})
    for j in range(m):
        sheet.column_dimensions[column_letter(FIRST_COL + j)].width = 15
    sheet.freeze_panes = f"{first}{CRIT_ROW + 2}"
    return spans


def _criterion_rows(book: Any, sheet: Any, scenario: ScenarioSet, styles: lay.Styles) -> None:
    """Rows 3-9: each criterion's id, name, direction, branch, flags and active weight, with their names."""
    m = len(scenario.criteria)
    first, last = column_letter(FIRST_COL), column_letter(FIRST_COL + m - 1)
    labels = ("criterion id", "criterion name", "direction", "branch", "benefit flag", "cost flag", "active weight")
    for k, label in enumerate(labels):
        sheet.cell(CRIT_ROW + k, 4, label).font = styles.bold
    for j, crit in enumerate(scenario.criteria):
        c = FIRST_COL + j
        ref = f"{column_letter(c)}${CRIT_ROW}"
        styles.header(lay.put_text(sheet.cell(CRIT_ROW, c), crit.id))
        for k, named in enumerate(("CriterionNames", "CriterionDirections", "CriterionBranches"), start=1):
            styles.calc(sheet.cell(CRIT_ROW + k, c)).value = f"=INDEX({named},MATCH({ref},{lay.N_CRITERION_LIST},0))"
        direction = f"{column_letter(c)}{CRIT_ROW + 2}"
        styles.calc(sheet.cell(CRIT_ROW + 4, c)).value = f"=IF({direction}={lay.N_LABEL_BENEFIT},1,0)"
        styles.calc(sheet.cell(CRIT_ROW + 5, c)).value = f"=IF({direction}={lay.N_LABEL_COST},1,0)"
        styles.output(
            sheet.cell(CRIT_ROW + 6, c), number_format="0.0%"
        ).value = f"=INDEX({lay.N_ACTIVE_WEIGHTS},MATCH({ref},{lay.N_WEIGHT_CRITERIA},0))"
    for name, offset in (
        (lay.N_CRITERION_IDS, 0),
        (lay.N_BRANCH_ROW, 3),
        (lay.N_BENEFIT_FLAG, 4),
        (lay.N_COST_FLAG, 5),
        ("Weights", 6),
    ):
        row = CRIT_ROW + offset
        lay.define(book, name, lay.SCORES, f"{first}{row}", f"{last}{row}")


def _score_rules() -> tuple[Any, Any, Any]:
    """The data validations of the score blocks: levels, confidence, grounding."""
    score_rule = lay.validation(
        "decimal",
        lay.N_SCALE_MIN,
        "Score",
        "Enter a number from 0 to 100 on the criterion's anchored scale (see Criteria).",
        allow_blank=False,
        operator="between",
        formula2=lay.N_SCALE_MAX,
    )
    confidence_rule = lay.validation(
        "list", lay.N_CONFIDENCES, "Confidence", "Choose low, medium or high.", allow_blank=True
    )
    grounding_rule = lay.validation(
        "list", lay.N_GROUNDINGS, "Grounding", "Choose quoted, inferred or assumption.", allow_blank=True
    )
    return score_rule, confidence_rule, grounding_rule


_TEXT_OF = {_RATIONALE: "rationale", _CONFIDENCE: "confidence", _GROUNDING: "grounding"}


def _score_block(
    book: Any, sheet: Any, scenario: ScenarioSet, styles: lay.Styles, b: int, title: int, rules: tuple[Any, Any, Any]
) -> tuple[int, int]:
    """Block ``b`` of :data:`_BLOCKS` under row ``title``: its header, one row per design, its names
    and validation; returns its (top, bottom) rows."""
    n, m = len(scenario.designs), len(scenario.criteria)
    first, last = column_letter(FIRST_COL), column_letter(FIRST_COL + m - 1)
    name, ids_name, caption = _BLOCKS[b]
    score_rule, confidence_rule, grounding_rule = rules
    sheet.cell(title, 1, caption).font = styles.bold
    header, top = title + 1, title + 2
    bottom = top + n - 1
    for col, label in enumerate(lay.DESIGN_COLUMNS, start=1):
        if b == 0 or col <= 2:
            styles.header(sheet.cell(header, col, label))
    for j in range(m):
        c = FIRST_COL + j
        styles.header(sheet.cell(header, c)).value = f"={column_letter(c)}${CRIT_ROW}"
    sheet.row_dimensions[header].height = 2 * LINE_POINTS  # criterion ids wrap onto two lines
    for i, design in enumerate(scenario.designs):
        r = top + i
        styles.input(lay.put_text(sheet.cell(r, 1), design.id))
        if b == 0:
            styles.input(lay.put_text(sheet.cell(r, 2), design.name))
            styles.input(lay.put_text(sheet.cell(r, 3), design.description))
            styles.input(lay.put_text(sheet.cell(r, 4), ", ".join(design.components)))
        else:
            styles.calc(sheet.cell(r, 2)).value = f'=IFERROR(INDEX({lay.N_DESIGN_NAMES},MATCH($A{r},Designs,0)),"")'
        for j, score in enumerate(scenario.scores[i]):
            cell = styles.input(sheet.cell(r, FIRST_COL + j), wrap=False)  # one line each; full text on selection
            if b < 3:
                cell.value = (score.base, score.low, score.high)[b]
            else:
                lay.put_text(cell, getattr(score, _TEXT_OF[b]) or "")
    lay.define(book, name, lay.SCORES, f"{first}{top}", f"{last}{bottom}")
    lay.define(book, ids_name, lay.SCORES, f"A{top}", f"A{bottom}")
    if b == 0:
        lay.define(book, lay.N_DESIGN_NAMES, lay.SCORES, f"B{top}", f"B{bottom}")
    if b < 3:
        score_rule.add(f"{first}{top}:{last}{bottom}")
    elif b in (_CONFIDENCE, _GROUNDING):
        (confidence_rule if b == _CONFIDENCE else grounding_rule).add(f"{first}{top}:{last}{bottom}")
    return top, bottom


def _heat_map(sheet: Any, scenario: ScenarioSet, top: int, bottom: int) -> None:
    """Red-yellow-green colour scales on the base block (green is good: reversed on cost criteria)."""
    from openpyxl.formatting.rule import ColorScaleRule

    for j, crit in enumerate(scenario.criteria):
        letter = column_letter(FIRST_COL + j)
        low, high = ("F8696B", "63BE7B") if crit.direction == lay.BENEFIT else ("63BE7B", "F8696B")
        sheet.conditional_formatting.add(
            f"{letter}{top}:{letter}{bottom}",
            ColorScaleRule(  # type: ignore[no-untyped-call]  # the stubs leave the rule factories untyped
                start_type="num",
                start_value=0,
                start_color=low,
                mid_type="num",
                mid_value=50,
                mid_color="FFEB84",
                end_type="num",
                end_value=100,
                end_color=high,
            ),
        )
