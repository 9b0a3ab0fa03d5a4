"""Cell and range references of a workbook: ``A1`` letters, and what a defined name points at.

:func:`parse_area` reads a defined name's text (``Sheet!$A$1:$B$2``, ``'Analyst''s scores'!$A$1``)
into an :class:`Area`, or says in one line what it is instead (whole columns or rows, several
ranges, ``#REF!``, a formula).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.errors import WorkbookError

__all__ = ["MAX_COL", "MAX_ROW", "Area", "DefinedName", "column_letter", "column_number", "parse_area"]

MAX_ROW, MAX_COL = 1_048_576, 16_384


def column_letter(col: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


@dataclass(frozen=True, slots=True)
class Area:
    """A rectangle on one sheet (1-based, inclusive)."""

    sheet: str
    top: int
    left: int
    bottom: int
    right: int

    @property
    def height(self) -> int:
        return self.bottom - self.top + 1

    @property
    def width(self) -> int:
        return self.right - self.left + 1

    def __str__(self) -> str:
        sheet = self.sheet if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", self.sheet) else _quoted(self.sheet)
        first = f"{column_letter(self.left)}{self.top}"
        last = f"{column_letter(self.right)}{self.bottom}"
        return f"{sheet}!{first}" if first == last else f"{sheet}!{first}:{last}"


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


@dataclass(frozen=True, slots=True)
class DefinedName:
    """A defined name as stored: its text, its scope (sheet index or None) and macro flags."""

    name: str
    text: str
    local_sheet: int | None = None
    macro: bool = False


_SHEET = r"(?:'((?:[^']|'')+)'|([^'!:\s,()\[\]]+))"
_PART = r"(\$?[A-Za-z]{1,3}\$?\d{1,7}|\$?[A-Za-z]{1,3}|\$?\d{1,7})"
_AREA = re.compile(rf"{_SHEET}!{_PART}(?::{_PART})?")


def _corner(part: str) -> tuple[int | None, int | None]:
    text = part.replace("$", "")
    found = re.fullmatch(r"([A-Za-z]{1,3})?(\d{1,7})?", text)
    assert found is not None
    col = column_number(found.group(1)) if found.group(1) else None
    row = int(found.group(2)) if found.group(2) else None
    return col, row


def parse_area(text: str, name: str, where: str) -> Area:
    """The rectangle a defined name refers to, or a :class:`WorkbookError` saying what it is instead."""
    shown = text if len(text) <= 80 else text[:77] + "..."
    found = _AREA.fullmatch(text.strip())
    if found is None:
        if "#REF!" in text.upper():
            raise WorkbookError.at(where, f"defined name {name} points nowhere ({shown!r}); restore it")
        raise WorkbookError.at(where, f"defined name {name} must refer to one range on one sheet (got {shown!r})")
    sheet = (found.group(1) or "").replace("''", "'") or found.group(2)
    first = _corner(found.group(3))
    last = _corner(found.group(4) or found.group(3))
    if None in first or None in last:
        kind = "whole columns" if first[1] is None else "whole rows"
        raise WorkbookError.at(
            where,
            f"defined name {name} refers to {kind} ({shown!r}); expected a block of cells such as "
            f"{_quoted(sheet) if not sheet.isidentifier() else sheet}!$A$1:$A$10",
        )
    (c1, r1), (c2, r2) = first, last
    if c1 is None or r1 is None or c2 is None or r2 is None:  # pragma: no cover - refused just above
        raise WorkbookError.at(where, f"defined name {name} must refer to a block of cells")
    if not (min(r1, r2) >= 1 and max(r1, r2) <= MAX_ROW and min(c1, c2) >= 1 and max(c1, c2) <= MAX_COL):
        raise WorkbookError.at(where, f"defined name {name} is outside the sheet ({shown!r})")
    return Area(sheet, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))
