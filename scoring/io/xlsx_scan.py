"""Bound what a full openpyxl load of a checked workbook would build, before it is loaded.

Only one face loads a workbook in openpyxl's full mode: ``gscore diff --changes-workbook``,
which appends rows to the analyst's Changes sheet (the scored copy of ``gscore score``
never does: :mod:`scoring.workbook.writer` copies the parts). openpyxl materialises every
cell of every sheet, every cell of a merged range, every style and shared string, so
:func:`check_full_load` first streams every worksheet, the styles and the shared strings
of a :class:`~scoring.io.xlsx.Package` through the bounded parser and refuses a workbook
past :data:`FULL_LOAD` -- one line, before openpyxl sees it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scoring.errors import UnsafeFileError
from scoring.io._xml import Handler, parse_part
from scoring.io.xlsx import Package
from scoring.limits import XLSX

__all__ = ["FULL_LOAD", "FullLoadLimits", "check_full_load"]

_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml."
_REF = re.compile(r"([A-Za-z]{1,3})(\d{1,7})")


@dataclass(frozen=True, slots=True)
class FullLoadLimits:
    """What a workbook may hold to be loaded whole: cells, merged cells, styles, shared strings."""

    cells: int = 300_000
    #: openpyxl builds an object per merged cell (about 15 us and 400 bytes each): a million took
    #: 16 s and 490 MB from a 48 KB file, 100,000 about 5 s; the template merges a handful.
    merged_cells: int = 50_000
    styles: int = 64_000
    shared_strings: int = 300_000


FULL_LOAD = FullLoadLimits()


def _cells_in(ref: str) -> int:
    corners = [_REF.fullmatch(part) for part in ref.split(":")]
    if not corners or any(c is None for c in corners):
        return 1
    cols = [sum((ord(ch) - 64) * 26**k for k, ch in enumerate(reversed(c.group(1).upper()))) for c in corners if c]
    rows = [int(c.group(2)) for c in corners if c]
    return int((max(cols) - min(cols) + 1) * (max(rows) - min(rows) + 1))


@dataclass
class _Count(Handler):
    counts: dict[str, int] = field(default_factory=lambda: {"c": 0, "merged": 0, "xf": 0, "si": 0, "font": 0})

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "mergeCell":
            self.counts["merged"] += _cells_in(attrs.get("ref", ""))
        elif name in self.counts:
            self.counts[name] += 1


def check_full_load(package: Package) -> None:
    """Refuse (:class:`~scoring.errors.UnsafeFileError`) a workbook too large to load whole."""
    total = _Count()
    for key, name in package.members.items():
        kind = (package.content_type(key) or "").lower()
        if not kind.startswith(_SML.lower()) or not kind.endswith(("worksheet+xml", "styles+xml", "sharedstrings+xml")):
            continue
        parse_part(
            package.archive,
            name,
            total,
            where=package.where,
            max_bytes=XLSX.part_bytes,
            max_elements=XLSX.part_elements,
        )
    found = total.counts
    for what, count, limit in (
        ("cells", found["c"], FULL_LOAD.cells),
        ("merged cells", found["merged"], FULL_LOAD.merged_cells),
        ("cell styles", found["xf"] + found["font"], FULL_LOAD.styles),
        ("shared strings", found["si"], FULL_LOAD.shared_strings),
    ):
        if count > limit:
            raise UnsafeFileError.at(
                package.where, f"refused: {count:,} {what}; a workbook edited whole may hold at most {limit:,}"
            )
