"""The parts of a checked ``.xlsx`` package the workbook reader needs, parsed within bounds.

:class:`Workbook` parses ``workbook.xml`` (sheet names and defined names), then, when
asked, only the worksheets the reader names and only the shared strings those sheets
use, each with expat and each within the budgets of :data:`scoring.limits.XLSX`:
cells per workbook, rows, elements and bytes per part, shared strings and their
characters, defined names and their length. Styles, merged cells, drawings, other sheets
and unreferenced parts are never parsed.

Cells come back as values: ``float`` for numbers, ``str`` for text (``_xHHHH_`` escapes
decoded), ``bool``, :class:`Formula` for a cell holding a formula (its text, for
messages; cached results are never read) and :class:`NotANumber` for a numeric cell whose
text is not a finite number (``nan``, ``0x20``, ``1e999``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from scoring.errors import WorkbookError
from scoring.io._xml import Handler, Stop, parse_part, unescape
from scoring.io.xlsx import Package
from scoring.io.xlsx_refs import MAX_COL, MAX_ROW, DefinedName, column_letter, column_number
from scoring.limits import MAX_NUMBER_CHARS, XLSX

__all__ = ["Formula", "NotANumber", "Workbook"]

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_REF = re.compile(r"([A-Za-z]{1,3})(\d{1,7})")


class Formula(str):
    """A cell that holds a formula (the text, with its ``=``)."""

    __slots__ = ()


class NotANumber(str):
    """A numeric cell whose stored text is not a finite number."""

    __slots__ = ()


class _Shared(int):
    """A not-yet-resolved index into the shared strings."""

    __slots__ = ()


@dataclass
class _WorkbookXml(Handler):
    sheets: list[tuple[str, str, str]] = field(default_factory=list)
    names: list[DefinedName] = field(default_factory=list)
    _name: dict[str, str] | None = None
    _text: list[str] = field(default_factory=list)
    where: str = ""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "sheet":
            if len(self.sheets) >= XLSX.sheets:
                raise WorkbookError.at(self.where, f"more than {XLSX.sheets} sheets")
            self.sheets.append((attrs.get("name", ""), attrs.get("id", ""), attrs.get("state", "visible")))
        elif name == "definedName":
            if len(self.names) >= XLSX.defined_names:
                raise WorkbookError.at(self.where, f"refused: more than {XLSX.defined_names:,} defined names")
            self._name, self._text = attrs, []

    def text(self, data: str) -> None:
        if self._name is not None:
            self._text.append(data)
            if sum(map(len, self._text)) > XLSX.defined_name_chars:
                raise WorkbookError.at(
                    self.where,
                    f"refused: defined name {self._name.get('name', '')[:40]!r} is over "
                    f"{XLSX.defined_name_chars:,} characters",
                )

    def end(self, name: str) -> None:
        if name == "definedName" and self._name is not None:
            attrs = self._name
            local = attrs.get("localSheetId")
            macro = any(attrs.get(k, "").lower() in ("1", "true") for k in ("function", "vbProcedure", "xlm"))
            self.names.append(
                DefinedName(
                    attrs.get("name", "")[: XLSX.defined_name_chars],
                    "".join(self._text),
                    int(local) if local and local.isdigit() and len(local) < 6 else None,
                    macro,
                )
            )
            self._name = None


class _Sheet(Handler):
    """Cells of one worksheet within the read window, counting every cell against the budget."""

    def __init__(self, book: Workbook, sheet: str) -> None:
        self.book, self.sheet = book, sheet
        self.cells: dict[int, object] = {}
        self.row = 0
        self.col = 0
        self.cell: tuple[int, int, str] | None = None
        self.parts: list[str] = []
        self.size = 0
        self.formula = False
        self.target = False
        self.inline = False
        self.phonetic = False

    def fail(self, message: str) -> WorkbookError:
        return WorkbookError.at(self.sheet, message)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "c":
            self.book.cell_count += 1
            if self.book.cell_count > XLSX.sheet_cells:
                raise WorkbookError.at(
                    self.book.where, f"refused: more than {XLSX.sheet_cells:,} cells in the sheets that are read"
                )
            ref = attrs.get("r")
            if ref:
                found = _REF.fullmatch(ref)
                if found is None:
                    raise self.fail(f"a cell has an invalid reference {ref[:20]!r}")
                col, row = column_number(found.group(1)), int(found.group(2))
            else:
                col, row = self.col + 1, self.row
            if not (1 <= row <= MAX_ROW and 1 <= col <= MAX_COL):
                where = f"({ref[:20]!r})" if ref else f"(row {row} has more than {MAX_COL:,} cells)"
                raise self.fail(f"a cell is outside the sheet {where}")
            self.col = col
            self.cell = (row, col, attrs.get("t", "n"))
            self.parts, self.size, self.formula, self.target = [], 0, False, False
        elif name == "row":
            ref = attrs.get("r", "")
            self.row = int(ref) if ref.isdigit() and len(ref) <= 7 else self.row + 1
            self.col = 0
        elif name == "v":
            self.target = True
        elif name == "f":
            self.formula = self.target = True
        elif name == "is":
            self.inline = True
        elif name == "rPh":
            self.phonetic = True
        elif name == "t" and self.inline and not self.phonetic:
            self.target = True

    def text(self, data: str) -> None:
        if self.target and self.size <= XLSX.cell_chars:
            self.parts.append(data)
            self.size += len(data)

    def end(self, name: str) -> None:
        if name in ("v", "f", "t"):
            self.target = False
        elif name == "rPh":
            self.phonetic = False
        elif name == "is":
            self.inline = False
        elif name == "c" and self.cell is not None:
            self._finish(*self.cell)
            self.cell = None

    def _finish(self, row: int, col: int, kind: str) -> None:
        text = "".join(self.parts)[: XLSX.cell_chars + 1]
        if self.formula:
            value: object = Formula("=" + text)
        elif not text:
            return
        elif kind == "s":
            if not text.isdigit() or len(text) > 9 or int(text) >= XLSX.shared_strings:
                raise self.fail(f"{column_letter(col)}{row}: invalid shared string index {text[:20]!r}")
            value = _Shared(int(text))
            self.book.needed.add(int(text))
        elif kind in ("inlineStr", "str", "e", "d"):
            value = unescape(text)
        elif kind == "b":
            value = text == "1" if text in ("0", "1") else NotANumber(text[:100])
        else:
            value = _number(text)
        if row > XLSX.sheet_rows:
            raise WorkbookError.at(
                f"{self.sheet}!{column_letter(col)}{row}", f"too many rows (more than {XLSX.sheet_rows})"
            )
        sheet = self.sheet.casefold()
        self.book.widest[sheet] = max(self.book.widest.get(sheet, 0), col)
        if col > XLSX.columns:
            return
        key = row * (MAX_COL + 1) + col
        if key in self.cells:
            raise self.fail(f"{column_letter(col)}{row} is stored twice (readers would disagree on its value)")
        self.cells[key] = value


def _number(text: str) -> object:
    stripped = text.strip()
    if len(stripped) > MAX_NUMBER_CHARS or not _NUMBER.fullmatch(stripped):
        return NotANumber(stripped[:100])
    value = float(stripped)
    return value if value - value == 0 else NotANumber(stripped[:100])


class _Strings(Handler):
    def __init__(self, book: Workbook, needed: set[int]) -> None:
        self.book, self.needed = book, needed
        self.last = max(needed)
        self.found: dict[int, str] = {}
        self.index = -1
        self.parts: list[str] = []
        self.size = 0
        self.chars = 0
        self.target = False
        self.phonetic = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "si":
            self.index += 1
            if self.index > self.last:
                raise Stop
            self.parts, self.size = [], 0
        elif name == "rPh":
            self.phonetic = True
        elif name == "t" and not self.phonetic:
            self.target = True

    def text(self, data: str) -> None:
        if self.target:
            self.chars += len(data)
            if self.chars > XLSX.shared_chars:
                raise WorkbookError.at(
                    self.book.where, f"refused: the shared strings hold more than {XLSX.shared_chars:,} characters"
                )
            if self.size <= XLSX.cell_chars:
                self.parts.append(data)
                self.size += len(data)

    def end(self, name: str) -> None:
        if name == "t":
            self.target = False
        elif name == "rPh":
            self.phonetic = False
        elif name == "si" and self.index in self.needed:
            self.found[self.index] = unescape("".join(self.parts)[: XLSX.cell_chars + 1])


class Workbook:
    """The workbook part of a :class:`Package`: its sheets and defined names, and cells on request."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.where = package.where
        handler = _WorkbookXml(where=self.where)
        parse_part(
            package.archive,
            package.member(package.workbook),
            handler,
            where=self.where,
            max_bytes=XLSX.workbook_bytes,
            max_elements=XLSX.defined_names + XLSX.sheets + 1_000,
        )
        targets = {r.id: r for r in package.rels.get(package.workbook, [])}
        self.sheetnames = [name for name, _, _ in handler.sheets]
        self.parts: dict[str, str] = {}
        for name, rid, _ in handler.sheets:
            rel = targets.get(rid)
            if rel is not None and rel.kind == "worksheet":
                self.parts[name.casefold()] = rel.target
        self.names: dict[str, DefinedName] = {}
        self.local: dict[str, list[DefinedName]] = {}
        for defined in handler.names:
            key = defined.name.casefold()
            if defined.local_sheet is not None:
                self.local.setdefault(key, []).append(defined)
            elif key in self.names:
                raise WorkbookError.at(
                    self.where, f"defined name {defined.name!r} is defined twice (names ignore case)"
                )
            else:
                self.names[key] = defined
        self.cell_count = 0
        #: The last column holding a value on each parsed sheet (columns past the read window count too).
        self.widest: dict[str, int] = {}
        self.needed: set[int] = set()
        self._cells: dict[str, dict[int, object]] = {}

    def sheet_name(self, name: str) -> str | None:
        """The sheet's name as stored, matching ``name`` ignoring case (as Excel does)."""
        for stored in self.sheetnames:
            if stored.casefold() == name.casefold():
                return stored
        return None

    def load(self, sheets: Iterable[str]) -> None:
        """Parse these worksheets (and the shared strings they use) once."""
        fresh = [s for s in dict.fromkeys(sheets) if s.casefold() not in self._cells]
        for sheet in fresh:
            part = self.parts.get(sheet.casefold())
            if part is None:
                raise WorkbookError.at(self.where, f"sheet {sheet!r} is not a worksheet")
            handler = _Sheet(self, sheet)
            parse_part(
                self.package.archive,
                self.package.member(part),
                handler,
                where=self.where,
                max_bytes=XLSX.part_bytes,
                max_elements=XLSX.part_elements,
            )
            self._cells[sheet.casefold()] = handler.cells
        if fresh and self.needed:
            self._resolve()

    def _resolve(self) -> None:
        found = self.package.related(self.package.workbook, "sharedStrings")
        strings: dict[int, str] = {}
        if found:
            handler = _Strings(self, self.needed)
            parse_part(
                self.package.archive,
                self.package.member(found[0].target),
                handler,
                where=self.where,
                max_bytes=XLSX.part_bytes,
                max_elements=XLSX.part_elements,
            )
            strings = handler.found
        for cells in self._cells.values():
            for key, value in cells.items():
                if type(value) is _Shared:
                    if value not in strings:
                        raise WorkbookError.at(self.where, f"a cell refers to a missing shared string ({int(value)})")
                    cells[key] = strings[value]
        self.needed = set()

    def cells(self, sheet: str) -> dict[int, object]:
        """``row * 16385 + col -> value`` for the non-empty cells of a loaded sheet."""
        self.load([sheet])
        return self._cells[sheet.casefold()]
