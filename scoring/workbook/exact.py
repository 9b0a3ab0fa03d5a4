"""Numbers written to a workbook to the last bit.

openpyxl writes a number as ``"%.16g" % value``, which does not always give back the same
double (``33.734939759036145`` is written ``33.73493975903614``): a scenario file ->
workbook -> scenario file round trip would move such a judgment by one unit in the last
place. :func:`inexact_cells` finds the cells whose written text would not read back
exactly, before saving; :func:`exact_sheet_xml` then rewrites just those ``<v>`` texts in
the saved sheet XML with Python's shortest exact form (``repr``), which Excel,
LibreOffice and openpyxl read back as the same double.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["exact_sheet_xml", "inexact_cells"]

_CELL = re.compile(rb'(<c r="([A-Z]+[0-9]+)"[^>]*>(?:<f>[^<]*</f>)?<v>)([^<]*)(</v>)')


def inexact_cells(book: Any) -> dict[str, dict[str, str]]:
    """``{"xl/worksheets/sheetN.xml": {"E13": "33.734939759036145", ...}}`` for numbers ``%.16g`` would round."""
    found: dict[str, dict[str, str]] = {}
    for index, sheet in enumerate(book.worksheets, start=1):
        cells: dict[str, str] = {}
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if type(value) is float and value == value and float(f"{value:.16g}") != value:
                    cells[cell.coordinate] = repr(value)
        if cells:
            found[f"xl/worksheets/sheet{index}.xml"] = cells
    return found


def exact_sheet_xml(data: bytes, cells: Mapping[str, str]) -> bytes:
    """The sheet XML ``data`` with the values of ``cells`` (coordinate -> exact text) written exactly."""
    if not cells:
        return data

    def fix(match: re.Match[bytes]) -> bytes:
        exact = cells.get(match.group(2).decode("ascii"))
        return match.group(0) if exact is None else match.group(1) + exact.encode("ascii") + match.group(4)

    return _CELL.sub(fix, data)
