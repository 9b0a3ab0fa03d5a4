"""Untrusted-file hygiene for ``.xlsx`` inputs: :func:`check_xlsx`.

The checks themselves live in :class:`scoring.io.xlsx.Package` (regular file within the
size cap, zip-bomb limits, every part's content type and every relationship's type, no
unreferenced parts, no DTDs) and the parse bounds in :data:`scoring.limits.XLSX`; this
module keeps the names older callers import.
"""

from __future__ import annotations

from pathlib import Path

from scoring.io.xlsx import Package
from scoring.limits import MAX_DESIGNS, MAX_WORKBOOK_BYTES, XLSX

__all__ = [
    "MAX_DESIGNS",
    "MAX_FILE_BYTES",
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_UNCOMPRESSED_BYTES",
    "check_xlsx",
]

MAX_FILE_BYTES = MAX_WORKBOOK_BYTES
MAX_UNCOMPRESSED_BYTES = XLSX.uncompressed_bytes
MAX_MEMBERS = XLSX.members
MAX_RATIO = XLSX.ratio


def check_xlsx(path: str | Path) -> Package:
    """Raise :class:`~scoring.errors.UnsafeFileError` unless ``path`` is a plain, safe workbook.

    Returns the checked package (its bytes, digest and relationships), so that nothing is
    read twice.
    """
    return Package(path)
