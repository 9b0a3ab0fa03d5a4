"""``gscore score analyst.xlsx --out scored.xlsx``: the analyst's workbook plus a Scored sheet.

A NEW workbook is written (atomically): the analyst's sheets as they were, formulas
kept, plus a ``Scored`` sheet holding the core's totals, ranks, low/high totals,
per-criterion contributions and provenance as plain values (a ``Scored`` sheet left
by an earlier run is replaced). The input file is never modified.

openpyxl does not carry charts over from a file it reads; the Results bar chart of
a template workbook is therefore drawn again (same data range), and a chart the
analyst added elsewhere is not kept (the Scored sheet notes this).

A workbook from an older template carries a plain defined name ``Criteria``, which
openpyxl would save as the built-in ``_xlnm.Criteria``; ``xl/workbook.xml`` is rewritten so
that such a name keeps the spelling the analyst's file had
(:func:`scoring.workbook.layout.plain_criteria_name`). The template writes none.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scoring.errors import OutputError, WorkbookError
from scoring.io.atomic import atomic_path
from scoring.io.safety import check_xlsx
from scoring.io.sanitize import neutralise
from scoring.workbook import layout as lay

if TYPE_CHECKING:
    from scoring.result import Result

__all__ = ["SCORED_SHEET", "write_scored_workbook"]

SCORED_SHEET = "Scored"


def write_scored_workbook(source_path: str | Path, result: Result, out_path: str | Path) -> None:
    """Copy the workbook at ``source_path`` with a ``Scored`` sheet to ``out_path``.

    Parameters
    ----------
    source_path : str or Path
        The analyst workbook that was scored (read, never modified).
    result : Result
        The core's result for it (:func:`scoring.score`).
    out_path : str or Path
        The new workbook; callers check overwrite permission first.
    """
    from openpyxl import load_workbook

    source = Path(source_path)
    check_xlsx(source)
    try:
        book = load_workbook(source, data_only=False, keep_links=False, keep_vba=False)
    except Exception as exc:  # openpyxl raises many types for a malformed file
        raise WorkbookError.at(str(source), f"cannot read the workbook ({type(exc).__name__})") from None
    if SCORED_SHEET in book.sheetnames:
        book.remove(book[SCORED_SHEET])
    sheet = book.create_sheet(SCORED_SHEET)
    _fill(sheet, result)
    _redraw_results_chart(book)
    from scoring.workbook.exact import exact_sheet_xml, inexact_cells

    inexact = inexact_cells(book)
    raw = io.BytesIO()
    book.save(raw)
    try:
        with atomic_path(out_path) as tmp, zipfile.ZipFile(raw) as saved, zipfile.ZipFile(tmp, "w") as target:
            for info in saved.infolist():
                data = saved.read(info.filename)
                if info.filename == "xl/workbook.xml":
                    data = lay.plain_criteria_name(data)
                target.writestr(info, exact_sheet_xml(data, inexact.get(info.filename, {})))
    except OSError as exc:
        raise OutputError(f"{out_path}: cannot write ({exc.strerror or exc})") from None


def _fill(sheet: Any, result: Result) -> None:
    styles = lay.Styles()
    styles.title(
        sheet,
        "Scored by guarantee-scoring",
        "Plain values computed by the Python core from the inputs of this workbook (not formulas).",
    )
    table = result.table
    columns = list(table.columns)
    header_row = 4
    for col, label in enumerate(columns, start=1):
        styles.header(sheet.cell(header_row, col, str(label)))
    for i, values in enumerate(table.itertuples(index=False, name=None), start=header_row + 1):
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(i, col)
            cell.value = neutralise(value.item() if hasattr(value, "item") else value)
            if isinstance(cell.value, float):
                cell.number_format = "0.00"
    row = header_row + len(table) + 2
    styles.header(sheet.cell(row, 1, "provenance"))
    styles.header(sheet.cell(row, 2, "value"))
    for key, value in result.provenance.items():
        row += 1
        sheet.cell(row, 1, str(key))
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
        cell = sheet.cell(row, 2)
        cell.value = neutralise(text)
        if cell.data_type == "f":  # pragma: no cover - neutralise already prevents this
            cell.data_type = "s"
    sheet.cell(row + 2, 1, "Charts other than the Results chart are not copied into this file.").font = styles.note_font
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 40
    sheet.freeze_panes = f"A{header_row + 1}"


def _redraw_results_chart(book: Any) -> None:
    from scoring.workbook.calc import add_totals_chart

    defined = book.defined_names.get("TotalScore")
    if defined is None or lay.RESULTS not in book.sheetnames:
        return
    destinations = list(defined.destinations)
    if len(destinations) != 1 or destinations[0][0] != lay.RESULTS:
        return
    from openpyxl.utils.cell import range_boundaries

    col, top, _, bottom = range_boundaries(destinations[0][1].replace("$", ""))
    sheet = book[lay.RESULTS]
    if not sheet._charts:  # openpyxl has no public accessor
        add_totals_chart(sheet, top, bottom, anchor=f"A{bottom + 4}", total_col=col, label_col=max(col - 1, 1))
