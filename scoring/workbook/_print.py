"""Make every sheet of the analyst workbook readable on screen and on paper.

openpyxl writes no row heights, and LibreOffice (and Excel, until a row is edited) does not
grow a row for wrapped text in a file it opens: long instructions then overlap. So the writer
sets every row's height from its wrapped text and every column's width explicitly, and gives
each sheet a print set-up: fit to the page width (as many pages down as needed), landscape
when the sheet is wide, the title rows repeated on every page, the used range as the print
area, and a footer with the sheet name and page number.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["LINE_POINTS", "finish_sheet"]

#: Height of one line of 11-point text, in points, with its leading.
LINE_POINTS = 15.0
#: A sheet whose columns add up to more than this many characters prints in landscape.
_LANDSCAPE_WIDTH = 100.0
#: Characters per unit of column width (Excel's unit is about one digit of the default font).
_CHARS_PER_WIDTH = 1.15
_DEFAULT_WIDTH = 8.43
_TEXT_CAP = 60.0


def _lines(text: str, width: float) -> int:
    per_line = max(1, int(width * _CHARS_PER_WIDTH))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def _fit_columns(sheet: Any) -> dict[int, float]:
    """Give every used column without a width one that fits its unwrapped text (capped)."""
    from openpyxl.utils import get_column_letter

    widths: dict[int, float] = {}
    longest: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None or getattr(cell, "column", None) is None:
                continue
            wrapped = bool(cell.alignment is not None and cell.alignment.wrap_text)
            text = str(cell.value)
            if not text.startswith("=") and not wrapped:
                longest[cell.column] = max(longest.get(cell.column, 0), len(text))
            longest.setdefault(cell.column, 0)
    for column, chars in longest.items():
        dimension = sheet.column_dimensions[get_column_letter(column)]
        if not dimension.width:
            dimension.width = min(_TEXT_CAP, max(_DEFAULT_WIDTH, chars + 2.0))
        widths[column] = float(dimension.width)
    return widths


def _fit_rows(sheet: Any, widths: dict[int, float]) -> None:
    """Set each row's height from the tallest wrapped text in it (merged cells span their columns)."""
    spans = {
        (merged.min_row, merged.min_col): sum(
            widths.get(c, _DEFAULT_WIDTH) for c in range(merged.min_col, merged.max_col + 1)
        )
        for merged in sheet.merged_cells.ranges
    }
    for row in sheet.iter_rows():
        tallest = 0.0
        for cell in row:
            if cell.value is None or getattr(cell, "column", None) is None:
                continue
            if not (cell.alignment is not None and cell.alignment.wrap_text) or str(cell.value).startswith("="):
                continue
            width = spans.get((cell.row, cell.column), widths.get(cell.column, _DEFAULT_WIDTH))
            size = float(cell.font.sz or 11) if cell.font is not None else 11.0
            tallest = max(tallest, _lines(str(cell.value), width * 11.0 / size) * LINE_POINTS * size / 11.0)
        if tallest > LINE_POINTS and row:
            sheet.row_dimensions[row[0].row].height = tallest


def _used(sheet: Any) -> tuple[int, int]:
    """The last row and column holding a value (cells that only carry a style do not count)."""
    rows = [cell.row for row in sheet.iter_rows() for cell in row if cell.value is not None and hasattr(cell, "row")]
    cols = [
        cell.column for row in sheet.iter_rows() for cell in row if cell.value is not None and hasattr(cell, "column")
    ]
    return max(rows, default=1), max(cols, default=1)


def finish_sheet(sheet: Any, *, title_rows: str = "1:2", pages_wide: int = 1, title_cols: str | None = None) -> None:
    """Row heights, column widths and print set-up for one sheet (see the module docstring).

    ``pages_wide``: pages across for a sheet too wide to read on one (the Criteria sheet's texts);
    ``title_cols``: columns repeated on every page across (its ids), so each page says whose row it is.
    """
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins

    widths = _fit_columns(sheet)
    _fit_rows(sheet, widths)
    last_row, last_col = _used(sheet)
    total = sum(widths.get(c, _DEFAULT_WIDTH) for c in range(1, last_col + 1)) / pages_wide
    setup = sheet.page_setup
    setup.orientation = "landscape" if total > _LANDSCAPE_WIDTH else "portrait"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = pages_wide
    setup.fitToHeight = 0  # as many pages down as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.55, bottom=0.55, header=0.25, footer=0.25)
    sheet.print_options.horizontalCentered = False
    if sheet.sheet_state == "visible":
        # LibreOffice prints a hidden sheet that has a print area (Excel does not): data sheets
        # such as Components get none, so that neither prints them.
        sheet.print_title_rows = title_rows
        if title_cols is not None:
            sheet.print_title_cols = title_cols
        sheet.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    sheet.oddFooter.center.text = "&A, page &P of &N"
