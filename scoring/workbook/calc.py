"""The formula sheets of the analyst workbook: Scores, Results and Checks.

Every formula uses only functions that Excel 2010 and LibreOffice 7.4 both compute
(``SUMPRODUCT``, ``INDEX``, ``MATCH``, ``SUM``, ``COUNT``, ``COUNTA``, ``COUNTIF``,
``COUNTBLANK``, ``IF``, ``IFERROR``, ``ISNA``, ``ISNUMBER``, ``ABS``, ``MAX``,
``COLUMNS``), refers to inputs through defined names, and holds no numeric constant
other than 0 and 1 (the scale bounds and the tie tolerance are the named cells
``ScaleMin``/``ScaleMax``/``TieTolerance`` on About).

Total of a design (the core's wsm on the 0-100 scale)::

    SUMPRODUCT(Weights, BenefitFlag*x + CostFlag*(ScaleMin+ScaleMax-x))

where ``x`` is the design's row of ``ScoreMatrix`` (found by MATCH on its id), so a
cost level ``x`` counts as ``100 - x``. The low (high) total takes each benefit
criterion's low (high) level and each cost criterion's high (low) level, as the core
does.

Rank of a design with total ``t`` (1 = best, ties share the better rank)::

    1 + SUMPRODUCT(ISNUMBER(TotalScore)*(TotalScore>t+TieTolerance*MAX(1,ABS(t))))

i.e. one plus the number of totals better than ``t`` by more than the core's tie
tolerance (:data:`scoring.ranking.TIE_TOLERANCE`, relative, at least absolute), so
that totals equal in exact arithmetic but a few ulps apart (the two engines round
differently) rank the same in the sheet and in the core. Not ``RANK.EQ``: it compares
exactly. ``ISNUMBER`` keeps a blank or text cell in ``TotalScore`` (a row inserted
without its formulas) from counting or breaking the sum; an error total (an unknown
design id) makes the ranks errors, and Checks flags its cause. The core groups a
chain of near-ties (each within the tolerance of the next) into one tie; the sheet
compares each pair; the two differ only for totals within a few 1e-12 of each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scoring.model import ScenarioSet
from scoring.workbook import layout as lay
from scoring.workbook.scores_sheet import BASE_TITLE, CRIT_ROW, FIRST_COL, SPACER_ROWS, column_letter, write_scores

__all__ = ["SPACER_ROWS", "add_totals_chart", "write_calc_sheets"]


def _row_of(name: str, id_cell: str, ids: str) -> str:
    return f"INDEX({name},MATCH({id_cell},{ids},0),0)"


def _levels_of(id_cell: str) -> tuple[str, str, str]:
    """The base, low and high rows of the design whose id is in ``id_cell`` (INDEX/MATCH on each block)."""
    return (
        _row_of("ScoreMatrix", id_cell, "Designs"),
        _row_of("ScoreLow", id_cell, lay.N_LOW_IDS),
        _row_of("ScoreHigh", id_cell, lay.N_HIGH_IDS),
    )


def _rank_formula(total: str) -> str:
    """Rank of the total in cell ``total`` among ``TotalScore`` (higher is better), with tied totals."""
    tolerance = f"{lay.N_TIE_TOLERANCE}*MAX(1,ABS({total}))"
    return f"=1+SUMPRODUCT(ISNUMBER(TotalScore)*(TotalScore>{total}+{tolerance}))"


def _value(base: str, cost_level: str | None = None) -> str:
    """Value-score array of a row: benefit levels as they are, cost levels reflected."""
    return f"BenefitFlag*{base}+CostFlag*({lay.N_SCALE_MIN}+{lay.N_SCALE_MAX}-{cost_level or base})"


def write_calc_sheets(book: Any, sheets: Mapping[str, Any], scenario: ScenarioSet, styles: lay.Styles) -> None:
    """Fill the Scores, Results and Checks sheets of a new template."""
    blocks = write_scores(book, sheets[lay.SCORES], scenario, styles)
    _results(book, sheets[lay.RESULTS], scenario, styles)
    _checks(book, sheets[lay.CHECKS], scenario, styles, blocks)


def _results(book: Any, sheet: Any, scenario: ScenarioSet, styles: lay.Styles) -> None:
    """Checks and lens, the verdict (as text), the designs ranked best first, then by design."""
    n = len(scenario.designs)
    styles.title(
        sheet,
        "Results",
        "Outputs only: totals are weighted averages of 0-100 value scores under the active lens "
        "(100 = best on every criterion).",
    )
    sheet["A3"], sheet["A4"], sheet["A5"] = "Checks", "Active lens", "Verdict"
    sheet["A3"].font = sheet["A4"].font = sheet["A5"].font = styles.bold
    sheet["A5"].alignment = styles.top
    styles.output(sheet["B3"]).value = f"={lay.N_CHECK_STATUS}"
    sheet["B3"].font = styles.bold
    styles.output(sheet["B4"]).value = f"={lay.N_ACTIVE_LENS}"
    _status_colours(sheet, "B3")
    lay.put_text(sheet["B5"], _verdict_text(scenario)).alignment = styles.wrap
    sheet.merge_cells("B5:F5")
    ranked_head = 7
    top = ranked_head + n + 4  # the by-design table below the ranked view
    key_col = _by_design(book, sheet, scenario, styles, top)
    _ranked(sheet, styles, ranked_head, top, n, key_col)
    bottom = top + n - 1
    sheet.cell(
        bottom + 2, 1, "Branch columns: each branch's contribution to the total (they add up to it)."
    ).font = styles.note_font
    add_totals_chart(sheet, top, bottom, anchor=f"A{bottom + 4}")
    lay.widths(sheet, {"A": 26, "B": 44, "C": 10, "D": 8, "E": 11, "F": 11})


def _verdict_text(scenario: ScenarioSet) -> str:
    """The verdict of ``gscore analyze`` for the default lens, as fixed text (formulas cannot run SMAA-2)."""
    from scoring.analysis.bundle import quick_verdict
    from scoring.problem import DecisionProblem

    found = quick_verdict(DecisionProblem.from_scenario(scenario))
    if found is None:
        return "Run gscore analyze on this workbook for the verdict (the set is too large for a quick one)."
    notes = " ".join(found.notes)
    return (
        f"{found.text} {notes}".strip()
        + " (Written with the workbook for its default lens and the judgments as they were; it is not "
        "recalculated: after editing, run gscore analyze on this file.)"
    )


def _by_design(book: Any, sheet: Any, scenario: ScenarioSet, styles: lay.Styles, top: int) -> str:
    """The designs in the Scores sheet's order, with native formulas, and the defined names.

    Returns the column letter of the helper column of order keys.
    """
    n = len(scenario.designs)
    base_top = BASE_TITLE + 2
    header_row = top - 1
    sheet.cell(header_row - 1, 1, "By design (in the order of the Scores sheet)").font = styles.bold
    branches = [b.id for b in scenario.branches]
    headers = ["design id", "design name", "total", "rank", "low total", "high total"]
    for col, label in enumerate(headers, start=1):
        styles.header(sheet.cell(header_row, col, label))
    for k in range(len(branches)):
        styles.header(sheet.cell(header_row, 7 + k)).value = f"={lay.CRITERIA}!$A${6 + k}"
    key_col = 7 + len(branches)
    styles.header(sheet.cell(header_row, key_col, "order (helper)"))
    bottom = top + n - 1
    for i in range(n):
        r = top + i
        ident = f"$A{r}"
        base, low, high = _levels_of(ident)
        styles.calc(sheet.cell(r, 1)).value = f"={lay.SCORES}!$A{base_top + i}"
        styles.calc(sheet.cell(r, 2)).value = f"={lay.SCORES}!$B{base_top + i}"
        styles.output(sheet.cell(r, 3), number_format="0.0").value = f"=SUMPRODUCT(Weights,{_value(base)})"
        styles.output(sheet.cell(r, 4), number_format="0").value = _rank_formula(f"C{r}")
        styles.output(sheet.cell(r, 5), number_format="0.0").value = f"=SUMPRODUCT(Weights,{_value(low, high)})"
        styles.output(sheet.cell(r, 6), number_format="0.0").value = f"=SUMPRODUCT(Weights,{_value(high, low)})"
        for k in range(len(branches)):
            head = f"{column_letter(7 + k)}${header_row}"
            styles.output(
                sheet.cell(r, 7 + k), number_format="0.0"
            ).value = f"=SUMPRODUCT(Weights,({lay.N_BRANCH_ROW}={head})*({_value(base)}))"
        # rank plus a row-based fraction below 1: a unique key per design for the ranked view
        styles.calc(sheet.cell(r, key_col), number_format="0.000").value = f"=D{r}+(ROW()-ROW($A${top}))/ROWS(Rank)"
    for name, letter in (("TotalScore", "C"), ("Rank", "D"), (lay.N_TOTAL_LOW, "E"), (lay.N_TOTAL_HIGH, "F")):
        lay.define(book, name, lay.RESULTS, f"{letter}{top}", f"{letter}{bottom}")
    return column_letter(key_col)


def _ranked(sheet: Any, styles: lay.Styles, head: int, top: int, n: int, key_col: str) -> None:
    """Best first: the k-th smallest order key picks the design at position k (ties in Scores order)."""
    keys = f"${key_col}${top}:${key_col}${top + n - 1}"
    sheet.cell(head, 1, "Ranked (best first)").font = styles.bold
    for col, label in enumerate(["rank", "design name", "total", "position", "low total", "high total"], start=1):
        styles.header(sheet.cell(head + 1, col, label))
    sources = {1: "D", 2: "B", 3: "C", 5: "E", 6: "F"}  # columns of the by-design table below
    for k in range(1, n + 1):
        r = head + 1 + k
        styles.calc(sheet.cell(r, 4)).value = k
        pick = f"MATCH(SMALL({keys},$D{r}),{keys},0)"
        for col, letter in sources.items():
            area = f"${letter}${top}:${letter}${top + n - 1}"
            fmt = "0" if col == 1 else ("@" if col == 2 else "0.0")
            styles.output(sheet.cell(r, col), number_format=fmt).value = f"=INDEX({area},{pick})"


def add_totals_chart(sheet: Any, top: int, bottom: int, *, anchor: str, total_col: int = 3, label_col: int = 2) -> None:
    """A bar chart of the totals in ``sheet`` rows ``top``-``bottom``."""
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "bar"
    chart.title = "Total score (0-100)"
    chart.legend = None
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.add_data(Reference(sheet, min_col=total_col, min_row=top, max_row=bottom), titles_from_data=False)
    chart.set_categories(Reference(sheet, min_col=label_col, min_row=top, max_row=bottom))
    chart.height = max(7.5, 0.8 * (bottom - top + 1) + 2)
    chart.width = 22
    sheet.add_chart(chart, anchor)


def _status_colours(sheet: Any, cell: str) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill

    green = PatternFill("solid", start_color="C6EFCE", end_color="C6EFCE")
    red = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
    sheet.conditional_formatting.add(
        cell,
        FormulaRule(  # type: ignore[no-untyped-call]  # the stubs leave the rule factories untyped
            formula=[f"{cell}={lay.N_LABEL_PASS}"], fill=green, font=Font(color="006100")
        ),
    )
    sheet.conditional_formatting.add(
        cell,
        FormulaRule(  # type: ignore[no-untyped-call]  # (as above)
            formula=[f"{cell}<>{lay.N_LABEL_PASS}"], fill=red, font=Font(color="9C0006")
        ),
    )


#: First row of the Checks sheet's per-design table (below the checks and the overall flag).
_PER_DESIGN_TOP = 6 + 14 + 3


def _checks(book: Any, sheet: Any, scenario: ScenarioSet, styles: lay.Styles, blocks: list[tuple[int, int]]) -> None:
    """The Checks sheet: one counting formula per check, the overall flag, the per-design table."""
    styles.title(sheet, "Checks", "Each check counts problems; all must be 0. The overall flag is shown on Results.")
    checks = _check_list(scenario, blocks)
    for col, label in enumerate(("check", "problems found", "what to do"), start=1):
        styles.header(sheet.cell(4, col, label))
    for k, (label, formula, hint) in enumerate(checks):
        r = 5 + k
        sheet.cell(r, 1, label)
        styles.calc(sheet.cell(r, 2)).value = formula
        sheet.cell(r, 3, hint).font = styles.note_font
    last = 5 + len(checks) - 1
    lay.define(book, lay.N_CHECK_COUNTS, lay.CHECKS, "B5", f"B{last}")
    status_row = last + 2
    sheet.cell(status_row, 1, "Overall").font = styles.bold
    status = styles.output(sheet.cell(status_row, 2))
    status.value = f"=IFERROR(IF(SUM({lay.N_CHECK_COUNTS})=0,{lay.N_LABEL_PASS},{lay.N_LABEL_FAIL}),{lay.N_LABEL_FAIL})"
    status.font = styles.bold
    _status_colours(sheet, status.coordinate)
    lay.define(book, lay.N_CHECK_STATUS, lay.CHECKS, status.coordinate)
    if status_row >= _PER_DESIGN_TOP - 1:
        raise AssertionError("Checks layout overlap")  # pragma: no cover - guards the constant above
    _per_design_checks(sheet, scenario, styles, blocks[0][0])
    lay.widths(sheet, {"A": 52, "B": 16, "C": 60})
    sheet.freeze_panes = "A5"


def _per_design_checks(sheet: Any, scenario: ScenarioSet, styles: lay.Styles, base_top: int) -> None:
    """Per design: how many of its judgments have low > base or base > high."""
    for col, label in enumerate(("design id", "judgments with low > base or base > high"), start=1):
        styles.header(sheet.cell(_PER_DESIGN_TOP - 1, col, label))
    for i in range(len(scenario.designs)):
        r = _PER_DESIGN_TOP + i
        ident = f"$A{r}"
        base, low, high = _levels_of(ident)
        styles.calc(sheet.cell(r, 1)).value = f"={lay.SCORES}!$A{base_top + i}"
        styles.calc(
            sheet.cell(r, 2)
        ).value = f"=IFERROR(SUMPRODUCT(({low}>{base})+({base}>{high})),COLUMNS(CriterionIds))"


def _check_list(scenario: ScenarioSet, blocks: list[tuple[int, int]]) -> list[tuple[str, str, str]]:
    """Each check as (label, formula counting its problems, what to do)."""
    n, m = len(scenario.designs), len(scenario.criteria)
    scored = ("ScoreMatrix", "ScoreLow", "ScoreHigh")
    lo, hi = lay.N_SCALE_MIN, lay.N_SCALE_MAX
    beyond = column_letter(FIRST_COL + m)
    last_col = column_letter(FIRST_COL + m - 1)
    outside = [f'SUMPRODUCT(--({lay.SCORES}!$A${b + 1}:${last_col}${b + SPACER_ROWS}<>""))' for _, b in blocks]
    # not COUNTA: LibreOffice 7.4 miscounts empty cells right of the last used column
    outside.append(f'SUMPRODUCT(--({lay.SCORES}!${beyond}${CRIT_ROW}:${beyond}${blocks[-1][1]}<>""))')
    return [
        (
            "Active weights sum to more than 0",
            "=IF(ActivePointsTotal>0,0,1)",
            "Give the active lens some points (Weights).",
        ),
        ("Negative weight points", f'=COUNTIF({lay.N_LENS_POINTS},"<0")', "Points must be >= 0."),
        (
            "Active lens not in the lens list",
            f"=IF(ISNA(MATCH({lay.N_ACTIVE_LENS},{lay.N_LENS_IDS},0)),1,0)",
            "Pick the lens from the drop-down.",
        ),
        (
            "Scores outside the scale",
            "=" + "+".join(f'COUNTIF({s},"<"&{lo})+COUNTIF({s},">"&{hi})' for s in scored),
            "Use 0-100.",
        ),
        (
            "Blank score cells",
            "=" + "+".join(f"COUNTBLANK({s})" for s in scored),
            "Every base, low and high cell needs a number.",
        ),
        ("Text in score cells", "=" + "+".join(f"COUNTA({s})-COUNT({s})" for s in scored), "Scores must be numbers."),
        (
            "Designs with low > base or base > high",
            f"=SUM($B${_PER_DESIGN_TOP}:$B${_PER_DESIGN_TOP + n - 1})",
            "See the per-design table below.",
        ),
        (
            "Designs missing from the low/high blocks",
            f"=SUMPRODUCT(--ISNA(MATCH(Designs,{lay.N_LOW_IDS},0)))+SUMPRODUCT(--ISNA(MATCH(Designs,{lay.N_HIGH_IDS},0)))",
            "Each block lists every design id.",
        ),
        ("Duplicate design ids", "=SUMPRODUCT(--(COUNTIF(Designs,Designs)>1))", "Ids must be unique."),
        ("Duplicate criterion ids", "=SUMPRODUCT(--(COUNTIF(CriterionIds,CriterionIds)>1))", "Ids must be unique."),
        (
            "Criteria missing from the Criteria or Weights sheet",
            f"=SUMPRODUCT(--ISNA(MATCH(CriterionIds,{lay.N_CRITERION_LIST},0)))+SUMPRODUCT(--ISNA(MATCH(CriterionIds,{lay.N_WEIGHT_CRITERIA},0)))",
            "Add a row for each criterion id.",
        ),
        (
            "Criteria whose direction is not benefit or cost",
            f"=COLUMNS(CriterionIds)-SUM({lay.N_BENEFIT_FLAG})-SUM({lay.N_COST_FLAG})",
            "Choose benefit or cost on Criteria.",
        ),
        (
            "Cells typed outside the tables",
            "=" + "+".join(outside),
            "Insert rows or columns inside a table instead (see About).",
        ),
    ]
