"""An ``.xlsx`` package opened for reading, checked part by part before anything is used.

:class:`Package` reads the file (a regular file of at most
:data:`~scoring.limits.MAX_WORKBOOK_BYTES`, see :mod:`scoring.io.files`) and refuses, with a
one-line :class:`~scoring.errors.UnsafeFileError`:

- anything that is not a zip archive; zip bombs (too many members, a declared
  uncompressed total over the cap, a large member that inflates too much), encrypted or
  oddly compressed members, and member names that repeat (ignoring case) or escape;
- a ``[Content_Types].xml`` that is missing or too large to be checked; a part that has
  no content type; a part whose **content type** is not one of the plain spreadsheet types
  (macros, ActiveX, OLE objects, embedded packages, external links, data connections,
  form controls, add-ins, or anything unknown) -- whatever the part is called;
- a relationship whose **type** is not a plain spreadsheet relationship (the same list),
  or that points outside the package (only hyperlinks may);
- DOCTYPE/entity declarations in any XML part (read up to the root element).

Only the relationship parts and ``[Content_Types].xml`` are parsed here, each within its
budget (:data:`scoring.limits.XLSX`); :mod:`scoring.io.xlsx_parts` parses the workbook,
the worksheets and the shared strings the reader asks for, and nothing else.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from scoring.errors import UnsafeFileError
from scoring.io._ooxml import (
    ALLOWED_REL_SUFFIXES,
    ALLOWED_RELS,
    ALLOWED_TYPES,
    CONTENT_TYPES,
    PATH_HINTS,
    REFUSED_RELS,
    REFUSED_TYPES,
    WORKBOOK_TYPE,
    rel_suffix,
)
from scoring.io._xml import Handler, parse_part
from scoring.io.files import read_regular, shown
from scoring.limits import MAX_WORKBOOK_BYTES, XLSX

__all__ = ["CONTENT_TYPES", "Package", "Relationship"]


@dataclass(frozen=True, slots=True)
class Relationship:
    """One relationship of a part: id, type suffix (``worksheet``...), resolved target part."""

    id: str
    kind: str
    target: str
    external: bool


@dataclass
class _Types(Handler):
    defaults: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, str] = field(default_factory=dict)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "Default":
            self.defaults[attrs.get("Extension", "").lower()] = attrs.get("ContentType", "")
        elif name == "Override":
            self.overrides[attrs.get("PartName", "").lstrip("/").lower()] = attrs.get("ContentType", "")


@dataclass
class _Rels(Handler):
    items: list[dict[str, str]] = field(default_factory=list)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "Relationship":
            self.items.append(attrs)


_ROOT_START = re.compile(rb"<[A-Za-z_]")
_DECLARATIONS = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
PROLOG_LIMIT = 1024 * 1024


class Package:
    """A checked ``.xlsx`` file held in memory (never more than the file-size cap).

    Attributes
    ----------
    path : Path
    data : bytes
        The file's bytes (the digest and every part come from these same bytes).
    digest : str
        sha256 of ``data``.
    archive : zipfile.ZipFile
    members : dict
        Lower-case part name -> member name as stored.
    workbook : str
        The workbook part (``xl/workbook.xml`` as a rule).
    rels : dict
        Part -> its relationships (every ``.rels`` part, parsed and checked).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.where = shown(path)
        self.data = read_regular(path, MAX_WORKBOOK_BYTES, what="workbook", error=UnsafeFileError)
        self.digest = hashlib.sha256(self.data).hexdigest()
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(self.data))
            self.members = self._check_members()
            self.types = self._content_types()
            self.rels = self._relationships()
            self._check_reachable()
            self._check_types()
        except UnsafeFileError:
            raise
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, ValueError):
            raise self.refuse("not an .xlsx workbook (not a zip archive, or truncated or corrupt)") from None
        self.workbook = self._workbook_part()

    def refuse(self, reason: str) -> UnsafeFileError:
        return UnsafeFileError.at(self.where, f"refused: {reason}")

    # ------------------------------------------------------------------ zip level

    def _check_members(self) -> dict[str, str]:
        infos = self.archive.infolist()
        if len(infos) > XLSX.members:
            raise self.refuse(f"{len(infos)} zip members; at most {XLSX.members} are allowed")
        total = 0
        names: dict[str, str] = {}
        for info in infos:
            if info.flag_bits & 0x1:
                raise self.refuse(f"{info.filename} is encrypted; save the workbook without a password")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise self.refuse(f"{info.filename} uses an unsupported compression method ({info.compress_type})")
            total += info.file_size
            if total > XLSX.uncompressed_bytes:
                raise self.refuse(f"uncompressed size exceeds {XLSX.uncompressed_bytes} bytes (zip bomb?)")
            if info.file_size > XLSX.ratio_min_bytes and info.file_size > XLSX.ratio * max(info.compress_size, 1):
                raise self.refuse(f"{info.filename} inflates more than {XLSX.ratio}:1 (zip bomb?)")
            if info.is_dir():
                continue
            name = info.filename
            parts = name.split("/")
            if name.startswith("/") or "\\" in name or any(p in ("", ".", "..") for p in parts):
                raise self.refuse(f"a zip member has an invalid part name ({name[:80]!r})")
            key = name.lower()
            if key in names:
                raise self.refuse(f"the part {name!r} is stored twice (readers would disagree on which to use)")
            names[key] = name
        for name in names.values():
            self._check_prolog(name)
        return names

    def _check_prolog(self, name: str) -> None:
        """Refuse DOCTYPE/ENTITY declarations before the root element of an XML member."""
        if not name.lower().endswith((".xml", ".rels", ".vml")):
            return
        seen = b""
        with self.archive.open(name) as stream:
            while len(seen) < PROLOG_LIMIT:
                chunk = stream.read(64 * 1024)
                if not chunk:
                    return
                seen = seen[-16:] + chunk
                declaration = _DECLARATIONS.search(seen)
                root = _ROOT_START.search(seen)
                if declaration and (root is None or declaration.start() < root.start()):
                    raise self.refuse(f"XML entity declarations (DOCTYPE) are not allowed ({name})")
                if root is not None:
                    return
        raise self.refuse(f"{name} has an XML prolog over {PROLOG_LIMIT} bytes")

    # ------------------------------------------------------------------ content types

    def _content_types(self) -> _Types:
        name = self.members.get(CONTENT_TYPES.lower())
        if name is None:
            raise self.refuse("not an .xlsx workbook ([Content_Types].xml is missing)")
        if self.archive.getinfo(name).file_size > XLSX.content_types_bytes:
            raise self.refuse(
                f"[Content_Types].xml is over {XLSX.content_types_bytes:,} bytes, so its parts cannot be checked"
            )
        types = _Types()
        parse_part(
            self.archive,
            name,
            types,
            where=self.where,
            max_bytes=XLSX.content_types_bytes,
            max_elements=XLSX.members * 4,
        )
        return types

    def content_type(self, part: str) -> str | None:
        """The content type of ``part`` (an Override, else the Default for its extension)."""
        key = part.lower()
        if key in self.types.overrides:
            return self.types.overrides[key]
        file = key.rpartition("/")[2]
        extension = file.rpartition(".")[2] if "." in file else ""
        return self.types.defaults.get(extension)

    def _check_types(self) -> None:
        for key, name in self.members.items():
            if key == CONTENT_TYPES.lower():
                continue
            kind = self.content_type(key)
            if not kind:
                raise self.refuse(f"{name} has no content type, so it cannot be checked")
            lowered = kind.lower().split(";")[0].strip()
            if lowered in {t.lower() for t in ALLOWED_TYPES}:
                continue
            for word, what in REFUSED_TYPES:
                if word in lowered:
                    raise self.refuse(f"the workbook contains {what} ({name}: {kind[:100]})")
            raise self.refuse(f"{name} has an unsupported content type {kind[:100]!r} (it cannot be checked)")

    # ------------------------------------------------------------------ relationships

    def _relationships(self) -> dict[str, list[Relationship]]:
        found: dict[str, list[Relationship]] = {}
        self.rels_parts: dict[str, str] = {}
        count = 0
        for key, name in self.members.items():
            if not key.endswith(".rels"):
                continue
            folder, _, file = key.rpartition("/")
            if not (folder == "_rels" or folder.endswith("/_rels")) or not file.endswith(".rels"):
                raise self.refuse(f"{name} is a relationship part outside a _rels folder")
            source = posixpath.join(posixpath.dirname(folder), file[: -len(".rels")])
            handler = _Rels()
            parse_part(
                self.archive,
                name,
                handler,
                where=self.where,
                max_bytes=XLSX.rels_bytes,
                max_elements=XLSX.relationships,
            )
            self.rels_parts[key] = source
            count += len(handler.items)
            if count > XLSX.relationships:
                raise self.refuse(f"more than {XLSX.relationships:,} relationships")
            found[source] = [self._relationship(name, source, attrs) for attrs in handler.items]
        return found

    def _relationship(self, rels_name: str, source: str, attrs: dict[str, str]) -> Relationship:
        kind = attrs.get("Type", "")
        target = attrs.get("Target", "")
        external = attrs.get("TargetMode", "").lower() == "external"
        suffix = rel_suffix(kind)
        lowered = kind.lower()
        allowed = (suffix != kind and suffix in ALLOWED_REL_SUFFIXES) or kind in ALLOWED_RELS
        if not allowed:
            for word, what in REFUSED_RELS:
                if word in lowered:
                    raise self.refuse(f"the workbook contains {what} ({rels_name}: {kind[:100]})")
            raise self.refuse(f"{rels_name} has an unsupported relationship type {kind[:100]!r} (it cannot be checked)")
        if external:
            if suffix != "hyperlink":
                raise self.refuse(f"{rels_name} links to a resource outside the workbook ({target[:80]!r})")
            return Relationship(attrs.get("Id", ""), suffix, target, True)
        base = "" if not source else posixpath.dirname(source)
        resolved = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(base, target))
        if resolved.startswith("../") or resolved == "..":
            raise self.refuse(f"{rels_name} points outside the package ({target[:80]!r})")
        return Relationship(attrs.get("Id", ""), suffix, resolved.lower(), False)

    def _check_reachable(self) -> None:
        """Every part must be reached from the package root through (checked) relationships."""
        reached = {""}
        queue = [""]
        while queue:
            source = queue.pop()
            for rel in self.rels.get(source, []):
                if not rel.external and rel.target not in reached:
                    reached.add(rel.target)
                    queue.append(rel.target)
        for key, name in self.members.items():
            if key == CONTENT_TYPES.lower():
                continue
            if key.endswith(".rels") and key in self.rels_parts and self.rels_parts[key] in reached:
                continue
            if key not in reached:
                lowered = key
                for word, what in PATH_HINTS:
                    if word in lowered:
                        raise self.refuse(f"the workbook contains {what} ({name}, a part no relationship declares)")
                raise self.refuse(f"{name} is not referenced by the workbook, so it cannot be checked")

    def _workbook_part(self) -> str:
        documents = [r for r in self.rels.get("", []) if r.kind == "officeDocument"]
        if len(documents) != 1 or documents[0].target not in self.members:
            raise self.refuse("not an .xlsx workbook (no single workbook part)")
        part = documents[0].target
        kind = (self.content_type(part) or "").lower()
        if kind != WORKBOOK_TYPE.lower():
            raise self.refuse(f"the workbook part has content type {kind[:100]!r}; expected a plain .xlsx workbook")
        return part

    def related(self, part: str, kind: str) -> list[Relationship]:
        """The relationships of ``part`` of one kind (``worksheet``, ``sharedStrings``...)."""
        return [r for r in self.rels.get(part, []) if r.kind == kind]

    def member(self, part: str) -> str:
        """The stored member name of ``part`` (lower-case key)."""
        try:
            return self.members[part.lower()]
        except KeyError:
            raise self.refuse(f"the part {part!r} is referenced but missing") from None
