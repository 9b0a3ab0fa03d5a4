"""Bounded, entity-free XML parsing with expat, for the parts of a workbook the kit reads.

:func:`parse_part` feeds one zip member to an expat parser in chunks. DOCTYPE, entity
declarations and external entities are refused (what defusedxml forbids), and parsing
stops with :class:`~scoring.errors.UnsafeFileError` as soon as the part passes its byte or
element budget, so a hostile part costs at most that budget. Element and attribute names
are reduced to their local names (``{namespace}c`` and ``x:c`` both read ``c``), so
transitional and strict OOXML read alike.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from typing import Any
from xml.parsers import expat

from scoring.errors import UnsafeFileError

__all__ = ["Handler", "parse_part", "unescape"]

CHUNK = 256 * 1024


class Handler:
    """Callbacks for :func:`parse_part`; ``start``/``end``/``text`` get local names."""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        """An element starts (``attrs`` keyed by local names)."""

    def end(self, name: str) -> None:
        """An element ends."""

    def text(self, data: str) -> None:
        """Character data."""


class Stop(Exception):
    """Raised by a handler that has read all it needs."""


def _local(name: str) -> str:
    return name.rpartition(" ")[2]


def parse_part(
    archive: zipfile.ZipFile,
    member: str,
    handler: Handler,
    *,
    where: str,
    max_bytes: int,
    max_elements: int,
) -> None:
    """Parse ``member`` with ``handler``, refusing DTDs and anything beyond the budgets.

    Raises
    ------
    UnsafeFileError
        The part is over ``max_bytes`` (declared or actual), has more than ``max_elements``
        elements, declares a DOCTYPE/entities, or is not well-formed XML.
    """
    info = archive.getinfo(member)
    if info.file_size > max_bytes:
        raise UnsafeFileError.at(
            where, f"refused: {member} is {info.file_size:,} bytes; at most {max_bytes:,} are read"
        )
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.buffer_size = 64 * 1024
    count = 0

    def refuse(*_args: Any) -> Any:
        raise UnsafeFileError.at(where, f"refused: XML entity declarations (DOCTYPE) are not allowed ({member})")

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal count
        count += 1
        if count > max_elements:
            raise UnsafeFileError.at(
                where, f"refused: {member} has more than {max_elements:,} XML elements; at most that many are read"
            )
        handler.start(_local(name), {_local(k): v for k, v in attrs.items()})

    end: Callable[[str], None] = lambda name: handler.end(_local(name))  # noqa: E731
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = handler.text
    read = 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(CHUNK)
                read += len(chunk)
                if read > max_bytes:
                    raise UnsafeFileError.at(where, f"refused: {member} inflates past {max_bytes:,} bytes")
                parser.Parse(chunk, not chunk)
                if not chunk:
                    break
    except Stop:
        return
    except expat.ExpatError as exc:
        raise UnsafeFileError.at(where, f"refused: {member} is not well-formed XML ({exc})") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise UnsafeFileError.at(where, f"refused: {member} cannot be inflated ({exc})") from None


def unescape(text: str) -> str:
    """Decode spreadsheetml's ``_xHHHH_`` escapes (how a workbook stores control characters).

    Examples
    --------
    >>> unescape("a_x000D_b"), unescape("_x005F_x000D_")
    ('a\\rb', '_x000D_')
    """
    if "_x" not in text:
        return text
    out: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith("_x", i) and i + 7 <= len(text) and text[i + 6] == "_":
            code = text[i + 2 : i + 6]
            if all(c in "0123456789abcdefABCDEF" for c in code):
                out.append(chr(int(code, 16)))
                i += 7
                continue
        out.append(text[i])
        i += 1
    return "".join(out)
