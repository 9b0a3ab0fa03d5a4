"""Read the VBA module source inside a macro workbook (``xl/vbaProject.bin``), for tests.

``vbaProject.bin`` is an OLE compound file (read with ``olefile``). Its ``VBA/dir`` stream
and the source part of each module stream are compressed with the MS-OVBA algorithm
([MS-OVBA] 2.4.1, "Compression and Decompression"), decompressed here; ``VBA/dir`` is a
list of records ([MS-OVBA] 2.3.4.2) that names each module's stream (MODULESTREAMNAME,
0x001A) and where its compressed source starts in it (MODULEOFFSET, 0x0031). oletools'
``olevba`` does the same but warns (a pyparsing deprecation) under ``-W error``.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import olefile

__all__ = ["decompress", "vba_modules"]

_CHUNK = 4096
_MODULE_NAME, _STREAM_NAME, _OFFSET, _MODULE_END = 0x0019, 0x001A, 0x0031, 0x002B
_PROJECT_VERSION = 0x0009  # its size field says 4, but 6 bytes follow ([MS-OVBA] 2.3.4.2.1.11)


def decompress(data: bytes) -> bytes:
    """Decompress an MS-OVBA CompressedContainer ([MS-OVBA] 2.4.1.3.1).

    Examples
    --------
    >>> decompress(bytes.fromhex("01 03 b0 00 61 62 63"))  # one compressed chunk: three literal bytes
    b'abc'
    """
    if not data or data[0] != 1:
        raise ValueError("not an MS-OVBA compressed container (signature byte 0x01 missing)")
    out = bytearray()
    pos = 1
    while pos < len(data):
        header = struct.unpack_from("<H", data, pos)[0]
        end = min(pos + 2 + (header & 0x0FFF) + 1, len(data))  # the size field is the chunk's size minus 3
        pos += 2
        start = len(out)
        if not header & 0x8000:  # an uncompressed chunk: 4096 raw bytes
            out += data[pos : pos + _CHUNK]
            pos += _CHUNK
            continue
        while pos < end:
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if not flags >> bit & 1:  # a literal byte
                    out.append(data[pos])
                    pos += 1
                    continue
                token = struct.unpack_from("<H", data, pos)[0]  # a copy token: (offset, length) back-reference
                pos += 2
                offset_bits = max((len(out) - start - 1).bit_length(), 4)
                length = (token & (0xFFFF >> offset_bits)) + 3
                offset = (token >> (16 - offset_bits)) + 1
                for _ in range(length):
                    out.append(out[-offset])
    return bytes(out)


def _records(data: bytes) -> list[tuple[int, bytes]]:
    found, pos = [], 0
    while pos + 6 <= len(data):
        kind, size = struct.unpack_from("<HI", data, pos)
        pos += 6
        size = 6 if kind == _PROJECT_VERSION else size
        found.append((kind, data[pos : pos + size]))
        pos += size
    return found


def vba_modules(workbook: Path) -> dict[str, str]:
    """Module name -> VBA source text of the macro workbook ``workbook`` (.xlsm)."""
    with zipfile.ZipFile(workbook) as archive:
        project = archive.read("xl/vbaProject.bin")
    modules: dict[str, str] = {}
    with olefile.OleFileIO(io.BytesIO(project)) as ole:
        directory = decompress(ole.openstream("VBA/dir").read())
        name = stream = ""
        offset = 0
        for kind, value in _records(directory):
            if kind == _MODULE_NAME:
                name = value.decode("latin-1")
            elif kind == _STREAM_NAME:
                stream = value.decode("latin-1")
            elif kind == _OFFSET:
                offset = struct.unpack("<I", value)[0]
            elif kind == _MODULE_END:
                source = ole.openstream(f"VBA/{stream}").read()[offset:]
                modules[name] = decompress(source).decode("latin-1")
    return modules
