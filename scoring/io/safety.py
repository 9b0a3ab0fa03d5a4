"""Untrusted-file hygiene for ``.xlsx`` inputs, checked before openpyxl opens them.

:func:`check_xlsx` refuses, with a one-line :class:`~scoring.errors.UnsafeFileError`:

- files larger than :data:`MAX_FILE_BYTES`, and anything that is not a zip archive
  (a renamed text file, a truncated download);
- zip bombs: more than :data:`MAX_MEMBERS` members, a declared uncompressed total over
  :data:`MAX_UNCOMPRESSED_BYTES`, or a member over 1 MB that inflates more than
  :data:`MAX_RATIO` times;
- active or linked content: macros (``xl/vbaProject.bin``, a macro-enabled content
  type), external links (``xl/externalLinks/``), embedded objects
  (``xl/embeddings/``, OLE objects) and ActiveX controls (``xl/activeX/``).

- XML entity declarations: any ``<!DOCTYPE``/``<!ENTITY`` in an XML member's prolog
  (entity-expansion bombs, external entities) — read only up to the root element.

XML is then parsed by openpyxl, which uses defusedxml when it is installed (it is a
dependency); :func:`check_xlsx` raises if it is not active, so entity-expansion
bombs and external entities are always refused.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from scoring.errors import UnsafeFileError

__all__ = [
    "MAX_DESIGNS",
    "MAX_FILE_BYTES",
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_UNCOMPRESSED_BYTES",
    "check_xlsx",
]

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_RATIO = 100
RATIO_MIN_BYTES = 1024 * 1024
#: Rows read from any table (designs, criteria, branches): more is refused.
MAX_DESIGNS = 2_000

_FORBIDDEN_PREFIXES = {
    "xl/externallinks/": "external links to other workbooks",
    "xl/embeddings/": "embedded objects",
    "xl/activex/": "ActiveX controls",
}


def _refuse(path: Path, reason: str) -> UnsafeFileError:
    return UnsafeFileError.at(str(path), f"refused: {reason}")


def _defused() -> bool:
    from openpyxl.xml import DEFUSEDXML

    return bool(DEFUSEDXML)


def check_xlsx(path: str | Path) -> None:
    """Raise :class:`UnsafeFileError` unless ``path`` looks like a plain, safe workbook.

    Only the zip directory and ``[Content_Types].xml`` are read; nothing is extracted.
    """
    file = Path(path)
    if not _defused():
        raise _refuse(file, "defusedxml is not active in openpyxl; install defusedxml to read workbooks safely")
    try:
        size = file.stat().st_size
    except FileNotFoundError:
        raise UnsafeFileError.at(str(file), "file not found") from None
    except OSError as exc:
        raise UnsafeFileError.at(str(file), f"cannot read the file ({exc.strerror})") from None
    if not file.is_file():
        raise UnsafeFileError.at(str(file), "expected a file, got a directory")
    if size > MAX_FILE_BYTES:
        raise _refuse(file, f"file is {size} bytes; workbooks are limited to {MAX_FILE_BYTES} bytes")
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            _check_members(file, members)
            for info in members:
                _check_prolog(file, archive, info)
            content_types = _read_small(archive, "[Content_Types].xml")
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, UnicodeDecodeError):
        raise _refuse(file, "not an .xlsx workbook (not a zip archive, or truncated or corrupt)") from None
    except (OSError, EOFError) as exc:
        raise _refuse(file, f"unreadable zip archive ({exc})") from None
    if content_types is None:
        raise _refuse(file, "not an .xlsx workbook ([Content_Types].xml is missing)")
    lowered = content_types.lower()
    if b"macroenabled" in lowered or b"vbaproject" in lowered:
        raise _refuse(file, "the workbook is macro-enabled; save it as a plain .xlsx without macros")
    if b"oleobject" in lowered:
        raise _refuse(file, "the workbook contains embedded OLE objects")


def _check_members(file: Path, members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise _refuse(file, f"{len(members)} zip members; at most {MAX_MEMBERS} are allowed")
    total = 0
    for info in members:
        name = info.filename.lower()
        if info.flag_bits & 0x1:
            raise _refuse(file, f"{info.filename} is encrypted; save the workbook without a password")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse(file, f"{info.filename} uses an unsupported compression method ({info.compress_type})")
        if name.endswith("vbaproject.bin"):
            raise _refuse(file, f"the workbook contains macros ({info.filename})")
        for prefix, what in _FORBIDDEN_PREFIXES.items():
            if name.startswith(prefix):
                raise _refuse(file, f"the workbook contains {what} ({info.filename})")
        if "oleobject" in name:
            raise _refuse(file, f"the workbook contains embedded OLE objects ({info.filename})")
        total += info.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise _refuse(file, f"uncompressed size exceeds {MAX_UNCOMPRESSED_BYTES} bytes (zip bomb?)")
        if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse(file, f"{info.filename} inflates more than {MAX_RATIO}:1 (zip bomb?)")


_ROOT_START = re.compile(rb"<[A-Za-z_]")
_DECLARATIONS = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
PROLOG_LIMIT = 1024 * 1024


def _check_prolog(file: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse DOCTYPE/ENTITY declarations in an XML member (entity bombs, external entities).

    Declarations can only stand in the prolog, before the root element, so each member is
    read only until its root element starts (at most :data:`PROLOG_LIMIT` bytes).
    """
    if info.is_dir() or not info.filename.lower().endswith((".xml", ".rels", ".vml")):
        return
    seen = b""
    with archive.open(info) as stream:
        while len(seen) < PROLOG_LIMIT:
            chunk = stream.read(64 * 1024)
            if not chunk:
                return
            seen = seen[-16:] + chunk
            declaration = _DECLARATIONS.search(seen)
            root = _ROOT_START.search(seen)
            if declaration and (root is None or declaration.start() < root.start()):
                raise _refuse(file, f"XML entity declarations (DOCTYPE) are not allowed ({info.filename})")
            if root is not None:
                return
    raise _refuse(file, f"{info.filename} has an XML prolog over {PROLOG_LIMIT} bytes")


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > RATIO_MIN_BYTES:
        return b""
    return archive.read(info)
