"""The workbook's Changes sheet filled from a diff: ``gscore diff OLD NEW --changes-workbook OUT.xlsx``.

The output is the NEW version as an analyst workbook (a copy of it when NEW is one, its
sheets and formulas kept; otherwise a fresh template) whose Changes sheet lists what changed
since OLD, one row each: the date, who (``gscore diff``), what changed (``old -> new``) and
why (the new rationale, where a judgment's rationale changed). Rows are appended below any
the analyst already logged. Inputs are never modified; the file is written atomically.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scoring.errors import WorkbookError
from scoring.io.atomic import atomic_stream
from scoring.io.sanitize import neutralise
from scoring.workbook import layout as lay

if TYPE_CHECKING:
    from scoring.analysis.diff import Diff
    from scoring.model import ScenarioSet

__all__ = ["MAX_ROWS", "change_rows", "write_changes_workbook"]

#: Most rows written; beyond, one row says how many more there are.
MAX_ROWS = 2000
_HEADER_ROW = 4


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def change_rows(diff: Diff) -> list[tuple[str, str]]:
    """(what changed, why) for each change: the set's items first, then one row per judgment."""
    rows = []
    for change in diff.changes:
        where = f"{change.kind} {change.item}".strip()
        if change.field in ("added", "removed"):
            rows.append((f"{where} {change.field}", ""))
        else:
            rows.append((f"{where}: {change.field} {_shown(change.old)} -> {_shown(change.new)}", ""))
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    why: dict[tuple[str, str], str] = {}
    judged = diff.judgments
    for design, criterion, field, old, new in zip(
        judged.get("design", []), judged.get("criterion", []), judged.get("field", []),
        judged.get("old", []), judged.get("new", []), strict=True,
    ):  # fmt: skip
        key = (design, criterion)
        if field == "rationale":
            grouped[key].append("rationale changed")
            why[key] = str(new)
        else:
            grouped[key].append(f"{field} {_shown(old)} -> {_shown(new)}")
    rows += [
        (f"{design} / {criterion}: {', '.join(parts)}", why.get((design, criterion), ""))
        for (design, criterion), parts in grouped.items()
    ]
    return rows


def write_changes_workbook(
    new: ScenarioSet,
    diff: Diff,
    out: str | Path,
    *,
    workbook: str | Path | None = None,
    date: dt.date | None = None,
    force: bool = True,
) -> int:
    """Write NEW as an analyst workbook with its Changes sheet filled from ``diff``; returns the rows written.

    Parameters
    ----------
    new : ScenarioSet
        The new version (written as a template unless ``workbook`` is given).
    diff : Diff
        :func:`scoring.analysis.diff.diff` of the old and the new version.
    out : str or Path
        The ``.xlsx`` to write; with ``force=False`` an existing file is never replaced.
    workbook : str or Path, optional
        The new version's own analyst workbook, copied with its sheets and formulas.
    date : datetime.date, optional
        The date logged (default: today).
    """
    from openpyxl import load_workbook

    from scoring.io.xlsx import Package
    from scoring.io.xlsx_scan import check_full_load
    from scoring.workbook.template import write_template

    with tempfile.TemporaryDirectory() as folder:
        source = Path(workbook) if workbook is not None else Path(folder) / "new.xlsx"
        if workbook is None:
            write_template(new, source, command="gscore diff --changes-workbook")
        package = Package(source)
        check_full_load(package)  # bounds what openpyxl builds below
        try:
            book = load_workbook(io.BytesIO(package.data), data_only=False, keep_links=False, keep_vba=False)
        except Exception as exc:  # openpyxl raises many types for a malformed file
            raise WorkbookError.at(package.where, f"cannot read the workbook ({type(exc).__name__})") from None
    if lay.CHANGES not in book.sheetnames:
        raise WorkbookError.at(str(source), f"the workbook has no {lay.CHANGES} sheet")
    written = _fill(book[lay.CHANGES], change_rows(diff), date or dt.date.today(), diff)
    _save(book, Path(out), force=force)
    return written


def _fill(sheet: Any, rows: list[tuple[str, str]], date: dt.date, diff: Diff) -> int:
    row = _HEADER_ROW + 1
    while any(sheet.cell(row, col).value not in (None, "") for col in range(1, 5)):
        row += 1
    if len(rows) > MAX_ROWS:
        extra = len(rows) - MAX_ROWS + 1
        rows = [
            *rows[: MAX_ROWS - 1],
            (f"... and {extra} more changes: gscore diff OLD NEW --format json lists them all", ""),
        ]
    source = f"gscore diff {diff.old_name} {diff.new_name}".strip()
    for what, why in rows:
        sheet.cell(row, 1).value = date
        sheet.cell(row, 1).number_format = "yyyy-mm-dd"
        for col, text in ((2, source), (3, what), (4, why)):
            cell = sheet.cell(row, col)
            cell.value = neutralise(text)
            if cell.data_type == "f":  # pragma: no cover - neutralise already prevents this
                cell.data_type = "s"
        row += 1
    return len(rows)


def _save(book: Any, out: Path, *, force: bool) -> None:
    from scoring.workbook.exact import exact_sheet_xml, inexact_cells

    _redraw_results_chart(book)
    inexact = inexact_cells(book)
    raw = io.BytesIO()
    book.save(raw)
    with (
        atomic_stream(out, force=force) as stream,
        zipfile.ZipFile(raw) as saved,
        zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in saved.infolist():
            data = saved.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = lay.plain_criteria_name(data)
            target.writestr(info, exact_sheet_xml(data, inexact.get(info.filename, {})))


def _redraw_results_chart(book: Any) -> None:
    """openpyxl does not keep charts it reads: draw the Results chart of a template workbook again."""
    from scoring.workbook.calc import add_totals_chart

    defined = book.defined_names.get("TotalScore")
    if defined is None or lay.RESULTS not in book.sheetnames:
        return
    destinations = list(defined.destinations)
    if len(destinations) != 1 or destinations[0][0] != lay.RESULTS:
        return
    from openpyxl.utils.cell import range_boundaries

    col, top, _, bottom = range_boundaries(destinations[0][1].replace("$", ""))
    if col is None or top is None or bottom is None:  # a whole row or column: not the template's TotalScore
        return
    sheet = book[lay.RESULTS]
    if not sheet._charts:  # openpyxl has no public accessor
        add_totals_chart(sheet, top, bottom, anchor=f"A{bottom + 4}", total_col=col, label_col=max(col - 1, 1))
