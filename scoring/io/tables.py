"""Plain designs x criteria tables on disk: CSV files and spreadsheet sheets, read as raw cells.

Files only: this module reads bytes and cells and says where each cell is; what the cells
mean (names, numbers, the ``direction``/``weight``/``min``/``max`` rows) is decided by
:mod:`scoring.spec.table`. Inputs are untrusted:

- a CSV file over :data:`MAX_TABLE_BYTES` is refused before it is read, and so is a table
  with more than :data:`MAX_TABLE_CELLS` cells, :data:`MAX_TABLE_ROWS` rows or
  :data:`MAX_TABLE_COLUMNS` columns (reading stops at the first row past a limit);
- a spreadsheet goes through :func:`scoring.io.safety.check_xlsx` first (size, zip bombs,
  macros, external links, XML entities) and is opened read-only with ``data_only=False``:
  formulas are never evaluated, and a formula where a value is expected is an error naming
  its cell.

:func:`is_analyst_workbook` tells the analyst workbook (it has the workbook's defined names)
from a plain table saved as ``.xlsx``, reading only ``xl/workbook.xml``.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.errors import InputError, WorkbookError, unknown_name

__all__ = [
    "CSV_SUFFIXES",
    "MAX_TABLE_BYTES",
    "MAX_TABLE_CELLS",
    "MAX_TABLE_COLUMNS",
    "MAX_TABLE_ROWS",
    "RawTable",
    "is_analyst_workbook",
    "is_plain_table",
    "read_csv_table",
    "read_xlsx_table",
]

#: Largest CSV file read (about 1,000,000 cells of ordinary numbers).
MAX_TABLE_BYTES = 32 * 1024 * 1024
#: Most cells in a table (header and name column included).
MAX_TABLE_CELLS = 1_000_000
#: Most columns (the design-name column plus at most 500 criteria, as in a scenario file).
MAX_TABLE_COLUMNS = 501
#: Most non-blank rows (100,000 designs, as in a scenario file, plus the header and the special rows).
MAX_TABLE_ROWS = 100_010
CSV_SUFFIXES = (".csv", ".tsv")

#: The names that make an ``.xlsx`` the analyst workbook rather than a plain table.
_WORKBOOK_NAMES = re.compile(rb'<definedName\b[^>]*\bname="(Designs|ScoreMatrix|CriterionIds)"')


@dataclass(frozen=True, slots=True)
class RawTable:
    """The non-blank rows of a table as read, and where each cell is.

    Attributes
    ----------
    name : str
        The file (or frame) the table came from, for messages and provenance.
    rows : list of list
        Cell values row by row: text for a CSV, text/numbers/None for a sheet.
    locate : callable(row, column) -> str
        Where a cell is (``table.csv:7`` or ``Sheet1!C7``); 0-based indices into ``rows``.
    digest : str
        sha256 of the file's bytes ("" for a frame).
    formulas : tuple of (row, column)
        Cells that hold a formula (sheets only); they are refused where a value is read.
    """

    name: str
    rows: list[list[Any]]
    locate: Callable[[int, int], str]
    digest: str = ""
    formulas: frozenset[tuple[int, int]] = frozenset()


def _too_many(where: str, cells: int) -> InputError:
    return InputError.at(where, f"the table has more than {MAX_TABLE_CELLS:,} cells ({cells:,} read so far)")


def _delimiter(first_line: str) -> str:
    """The delimiter a CSV uses: the most frequent of comma, semicolon and tab in its first line."""
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def read_csv_table(path: str | Path) -> RawTable:
    """Read a ``.csv`` (or ``.tsv``) file as raw text cells, each row with its line number.

    The delimiter is a comma, a semicolon or a tab, whichever the first line uses most.

    Raises
    ------
    InputError
        Missing, too large, not UTF-8, too many cells or columns.
    """
    import hashlib

    from scoring.io.files import read_regular, shown

    name = shown(path)
    raw = read_regular(path, MAX_TABLE_BYTES, what="table")  # a regular file; never more bytes than the cap
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.at(
            name, f"expected UTF-8 text (undecodable byte at offset {exc.start}); save the table as CSV UTF-8"
        ) from None
    if "\x00" in text:
        raise InputError.at(name, "expected a text table, found NUL bytes (is this a binary file?)")
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if Path(path).suffix.lower() == ".tsv" else _delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[Any]] = []
    lines: list[int] = []
    cells = 0
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                if len(row) > MAX_TABLE_COLUMNS:
                    raise InputError.at(
                        f"{name}:{start}", f"{len(row)} columns; tables are limited to {MAX_TABLE_COLUMNS}"
                    )
                cells += len(row)
                if cells > MAX_TABLE_CELLS:
                    raise _too_many(f"{name}:{start}", cells)
                if len(rows) >= MAX_TABLE_ROWS:
                    raise InputError.at(f"{name}:{start}", f"too many rows (more than {MAX_TABLE_ROWS:,})")
                rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError.at(f"{name}:{reader.line_num}", f"malformed CSV ({exc})") from None

    def locate(row: int, _column: int) -> str:
        return f"{name}:{lines[row]}"

    return RawTable(name, rows, locate, hashlib.sha256(raw).hexdigest())


def is_analyst_workbook(path: str | Path) -> bool:
    """True if the ``.xlsx`` at ``path`` defines the analyst workbook's names (``Designs``, ...).

    Call :func:`scoring.io.safety.check_xlsx` first; only ``xl/workbook.xml`` is read.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("xl/workbook.xml")
            if info.file_size > 16 * 1024 * 1024:
                return True  # let the workbook reader refuse it with its own message
            return bool(_WORKBOOK_NAMES.search(archive.read(info)))
    except (KeyError, zipfile.BadZipFile, OSError):
        return True  # not a readable workbook: the workbook reader says why


def is_gscore_export(path: str | Path) -> bool:
    """True if the ``.xlsx`` at ``path`` is an export gscore wrote (a ``Provenance`` sheet naming the package).

    Call :func:`scoring.io.safety.check_xlsx` first; only the workbook part and the shared
    strings are read, each at most 16 MB.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = {info.filename: info for info in archive.infolist()}
            book, strings = parts.get("xl/workbook.xml"), parts.get("xl/sharedStrings.xml")
            if book is None or book.file_size > 16 * 1024 * 1024 or b'name="Provenance"' not in archive.read(book):
                return False
            if strings is None or strings.file_size > 16 * 1024 * 1024:
                return False
            return b"guarantee-scoring" in archive.read(strings)
    except (zipfile.BadZipFile, OSError):
        return False


def is_plain_table(path: str | Path) -> bool:
    """True if ``path`` is read as a plain table: a ``.csv``/``.tsv``, or an ``.xlsx`` without the workbook's names.

    An ``.xlsx`` goes through :func:`scoring.io.safety.check_xlsx` first (raising
    :class:`~scoring.errors.UnsafeFileError` if refused).
    """
    suffix = Path(path).suffix.lower()
    if suffix in CSV_SUFFIXES:
        return True
    if suffix in (".xlsx", ".xlsm"):
        from scoring.io.safety import check_xlsx

        check_xlsx(path)
        return not is_analyst_workbook(path)
    return False


def read_xlsx_table(path: str | Path, sheet: str | None = None) -> RawTable:
    """Read the first sheet (or ``sheet``) of a plain ``.xlsx`` table as raw cell values.

    The workbook goes through the kit's bounded reader (:class:`scoring.io.xlsx.Package`,
    :class:`scoring.io.xlsx_parts.Workbook`): only that sheet and the shared strings it uses
    are parsed, within :data:`scoring.limits.XLSX`. Nothing is evaluated: a formula cell is
    recorded in ``formulas`` (and refused where a value is read). Blank rows are skipped;
    locations are ``Sheet!Cell``.

    Raises
    ------
    UnsafeFileError
        Refused by the package check (size, zip bombs, part and relationship types, ...).
    UnknownNameError
        ``sheet`` is not in the workbook (``--sheet``).
    WorkbookError
        Unreadable, or too many cells, rows or columns.
    """
    from scoring.io.xlsx import Package
    from scoring.io.xlsx_parts import Formula, Workbook
    from scoring.io.xlsx_refs import MAX_COL, column_letter

    package = Package(path)
    book = Workbook(package)
    worksheets = [name for name in book.sheetnames if name.casefold() in book.parts]
    if sheet is not None and book.sheet_name(sheet) is None:
        raise unknown_name("sheet", "sheet", sheet, book.sheetnames)
    if not worksheets:
        raise WorkbookError.at(package.where, "the workbook has no worksheet")
    title = book.sheet_name(sheet) if sheet is not None else worksheets[0]
    assert title is not None
    cells = book.cells(title)
    widest = book.widest.get(title.casefold(), 0)
    by_row: dict[int, dict[int, Any]] = {}
    for key, value in cells.items():
        by_row.setdefault(key // (MAX_COL + 1), {})[key % (MAX_COL + 1)] = value
    rows: list[list[Any]] = []
    numbers: list[int] = []
    formulas: set[tuple[int, int]] = set()
    for number in sorted(by_row):
        found = by_row[number]
        last = max(c for c, v in found.items() if not (isinstance(v, str) and not v.strip()))
        if last > MAX_TABLE_COLUMNS or widest > MAX_TABLE_COLUMNS:
            raise WorkbookError.at(f"{title}!A{number}", f"more than {MAX_TABLE_COLUMNS} columns")
        values = [found.get(c) for c in range(1, last + 1)]
        if len(rows) >= MAX_TABLE_ROWS:
            raise WorkbookError.at(f"{title}!A{number}", f"too many rows (more than {MAX_TABLE_ROWS:,})")
        formulas.update((len(rows), c - 1) for c, v in found.items() if isinstance(v, Formula))
        rows.append([str(v) if isinstance(v, str) else v for v in values])
        numbers.append(number)

    def locate(row: int, column: int) -> str:
        return f"{title}!{column_letter(column + 1)}{numbers[row]}"

    return RawTable(package.where, rows, locate, package.digest, frozenset(formulas))
