"""The Weights sheet of the analyst workbook: the active lens, one column of points per lens and
the analyst's swing column, and the active points and weights the formulas use."""

from __future__ import annotations

from typing import Any

from scoring.model import ScenarioSet
from scoring.workbook import layout as lay

__all__ = ["write_weights"]


def write_weights(book: Any, sheet: Any, scenario: ScenarioSet, styles: lay.Styles) -> None:
    """The Weights sheet: the active lens, one column of points per lens (and the analyst's swing
    column), the active points and weights, their names and validations."""
    from openpyxl.utils import get_column_letter

    styles.title(
        sheet,
        "Weights",
        "Points per criterion for each lens (whose priorities). Active weights = the active lens's points / their sum.",
    )
    lenses = [lens for lens in scenario.lenses if lens.id != lay.SWING_LENS]
    n_lens = len(lenses) + 1
    first_col, header_row, top = 3, 9, 10
    swing_col = first_col + n_lens - 1
    points_col, weight_col = swing_col + 2, swing_col + 3
    last = top + len(scenario.criteria) - 1
    sheet["A4"] = "Active lens"
    sheet["A4"].font = styles.bold
    active = styles.input(sheet["B4"])
    lay.put_text(active, scenario.default_lens)
    lay.define(book, lay.N_ACTIVE_LENS, lay.WEIGHTS, "B4")
    sheet["C4"] = "<- pick a lens id from the drop-down ('swing' = your own swing points)"
    sheet["C4"].font = styles.note_font
    sheet["A5"] = "Active lens name"
    styles.calc(sheet["B5"]).value = f"=INDEX(LensNames,MATCH({lay.N_ACTIVE_LENS},{lay.N_LENS_IDS},0))"
    sheet["A7"], sheet["A8"] = "lens description", "lens name"
    _lens_columns(sheet, scenario, styles, first_col, header_row, top)
    _active_columns(sheet, scenario, styles, (first_col, swing_col, points_col, weight_col), header_row, top)
    p_letter, w_letter = get_column_letter(points_col), get_column_letter(weight_col)
    lens_first, lens_last = get_column_letter(first_col), get_column_letter(swing_col)
    total = sheet.cell(last + 2, points_col)
    lay.define(book, "ActivePointsTotal", lay.WEIGHTS, total.coordinate)
    lay.define(book, lay.N_LENS_IDS, lay.WEIGHTS, f"{lens_first}{header_row}", f"{lens_last}{header_row}")
    lay.define(book, "LensNames", lay.WEIGHTS, f"{lens_first}8", f"{lens_last}8")
    lay.define(book, lay.N_LENS_POINTS, lay.WEIGHTS, f"{lens_first}{top}", f"{lens_last}{last}")
    lay.define(book, lay.N_WEIGHT_CRITERIA, lay.WEIGHTS, f"A{top}", f"A{last}")
    lay.define(book, lay.N_ACTIVE_POINTS, lay.WEIGHTS, f"{p_letter}{top}", f"{p_letter}{last}")
    lay.define(book, lay.N_ACTIVE_WEIGHTS, lay.WEIGHTS, f"{w_letter}{top}", f"{w_letter}{last}")
    _weight_rules(sheet, f"{lens_first}{top}:{lens_last}{last}")
    lay.widths(sheet, {"A": 26, "B": 30})
    for col in range(first_col, weight_col + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 4 if col == swing_col + 1 else 18
    sheet.row_dimensions[7].height = 90
    sheet.freeze_panes = f"C{top}"


_SWING_TEXT = (
    "Your own swing weights: give 100 points to the criterion whose swing from 0 to 100 matters most, "
    "and to each other criterion points in proportion to how much its swing matters. Blank = 0."
)


def _lens_columns(
    sheet: Any, scenario: ScenarioSet, styles: lay.Styles, first_col: int, header_row: int, top: int
) -> None:
    """One column per lens from ``first_col`` (description, name, id, points, total), the swing column last."""
    from openpyxl.utils import get_column_letter

    lenses = [lens for lens in scenario.lenses if lens.id != lay.SWING_LENS]
    swing = next((lens for lens in scenario.lenses if lens.id == lay.SWING_LENS), None)
    last = top + len(scenario.criteria) - 1
    for k in range(len(lenses) + 1):
        col = first_col + k
        lens = lenses[k] if k < len(lenses) else swing
        lens_id = lens.id if lens else lay.SWING_LENS
        styles.input(lay.put_text(sheet.cell(7, col), lens.description if lens else _SWING_TEXT), wrap=True)
        styles.input(lay.put_text(sheet.cell(8, col), lens.name if lens else "Analyst swing weights"), wrap=True)
        styles.header(lay.put_text(sheet.cell(header_row, col), lens_id))
        points = lens.weight_map() if lens else {}
        for i, crit in enumerate(scenario.criteria):
            cell = styles.input(sheet.cell(top + i, col))
            if crit.id in points:
                cell.value = points[crit.id]
        letter = get_column_letter(col)
        styles.calc(sheet.cell(last + 2, col)).value = f"=SUM({letter}{top}:{letter}{last})"


def _active_columns(
    sheet: Any, scenario: ScenarioSet, styles: lay.Styles, cols: tuple[int, int, int, int], header_row: int, top: int
) -> None:
    """The criterion ids and names, the active lens's points and weights, and the total points."""
    from openpyxl.utils import get_column_letter

    first_col, swing_col, points_col, weight_col = cols
    last = top + len(scenario.criteria) - 1
    for col, label in (
        (1, "criterion id"),
        (2, "criterion name"),
        (points_col, "active points"),
        (weight_col, "active weight"),
    ):
        styles.header(sheet.cell(header_row, col, label))
    p_letter = get_column_letter(points_col)
    lens_first, lens_last = get_column_letter(first_col), get_column_letter(swing_col)
    for i, crit in enumerate(scenario.criteria):
        r = top + i
        styles.input(lay.put_text(sheet.cell(r, 1), crit.id))
        styles.calc(
            sheet.cell(r, 2)
        ).value = f'=IFERROR(INDEX(CriterionNames,MATCH($A{r},{lay.N_CRITERION_LIST},0)),"(not on Criteria)")'
        styles.calc(
            sheet.cell(r, points_col)
        ).value = f"=INDEX(${lens_first}{r}:${lens_last}{r},MATCH({lay.N_ACTIVE_LENS},{lay.N_LENS_IDS},0))"
        styles.output(
            sheet.cell(r, weight_col), number_format="0.0%"
        ).value = f"=IF(ActivePointsTotal>0,{p_letter}{r}/ActivePointsTotal,0)"
    sheet.cell(last + 2, 2, "total points").font = styles.bold
    total = styles.calc(sheet.cell(last + 2, points_col))
    total.value = f"=SUM({p_letter}{top}:{p_letter}{last})"


def _weight_rules(sheet: Any, points_range: str) -> None:
    """The lens drop-down on B4 and points >= 0 on the lens table."""
    choice = lay.validation(
        "list",
        lay.N_LENS_IDS,
        "Lens",
        "Choose a lens id from the list (the header row of the lens table).",
        allow_blank=False,
    )
    choice.add("B4")
    points_rule = lay.validation(
        "decimal",
        "0",
        "Weight points",
        "Points must be a number >= 0.",
        allow_blank=True,
        operator="greaterThanOrEqual",
    )
    points_rule.add(points_range)
    sheet.add_data_validation(choice)
    sheet.add_data_validation(points_rule)
