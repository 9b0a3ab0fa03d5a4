"""``gscore score analyst.xlsx --out scored.xlsx``: the analyst's workbook plus a Scored sheet.

A NEW workbook is written (atomically): the analyst's parts **byte for byte** -- sheets,
formulas, names, styles, charts, as they were -- plus a ``Scored`` sheet holding the
core's totals, ranks, low/high totals, per-criterion contributions and provenance as
plain values (a sheet called ``Scored`` left by an earlier run is replaced). The input
file is never modified.

Nothing of the analyst's workbook is parsed here beyond what the package check reads
(:class:`scoring.io.xlsx.Package`: content types and relationships) and three small
parts that are edited as text (``workbook.xml``, its relationships and
``[Content_Types].xml``; styles get three cell formats when ``styles.xml`` is small). The
rest is streamed from the input to the output, so a hostile structure (a merged range
over a million rows, millions of styles) is copied, never built in memory. Parts no
relationship reaches are not copied. The workbook must be the one that was scored: its
digest is compared with the result's provenance.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from scoring.errors import OutputError, WorkbookError
from scoring.io.atomic import atomic_stream
from scoring.io.sanitize import neutralise
from scoring.io.xlsx import CONTENT_TYPES, Package
from scoring.io.xlsx_refs import column_letter

if TYPE_CHECKING:
    from scoring.result import Result

__all__ = ["SCORED_SHEET", "write_scored_workbook"]

SCORED_SHEET = "Scored"
_WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_STYLES_LIMIT = 1024 * 1024
_SHEET_ELEMENT = re.compile(r"<(?:\w+:)?sheet\b[^>]*?/?>", re.S)
_ATTRIBUTE = re.compile(r"([\w:.-]+)\s*=\s*(\"[^\"]*\"|'[^']*')")
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPED = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def write_scored_workbook(source_path: str | Path, result: Result, out_path: str | Path, *, force: bool = True) -> None:
    """Copy the workbook at ``source_path`` with a ``Scored`` sheet to ``out_path``.

    Parameters
    ----------
    source_path : str or Path
        The analyst workbook that was scored (read, never modified).
    result : Result
        The core's result for it (:func:`scoring.score`).
    out_path : str or Path
        The new workbook; with ``force=False`` an existing file is never replaced.
    """
    package = Package(source_path)
    scored = result.provenance.get("input_sha256")
    if scored and scored != package.digest:
        raise WorkbookError.at(package.where, "the workbook changed after it was scored; score it again")
    plan = _Plan(package)
    with atomic_stream(out_path, force=force) as stream, zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as out:
        for key, name in package.members.items():
            if key not in plan.keep:
                continue
            info = package.archive.getinfo(name)
            target = zipfile.ZipInfo(name, date_time=info.date_time)
            target.compress_type = zipfile.ZIP_DEFLATED
            target.external_attr = info.external_attr
            if key in plan.replaced:
                out.writestr(target, plan.replaced[key])
                continue
            with package.archive.open(info) as source, out.open(target, "w", force_zip64=True) as copy:
                shutil.copyfileobj(source, copy, 1024 * 1024)
        sheet = zipfile.ZipInfo(plan.sheet_part, date_time=(2025, 1, 1, 0, 0, 0))
        sheet.compress_type = zipfile.ZIP_DEFLATED
        out.writestr(sheet, _sheet_xml(result, plan.styles))


class _Plan:
    """What changes: the parts to keep, the three edited parts, the new sheet's name and styles."""

    def __init__(self, package: Package) -> None:
        self.package = package
        workbook = package.workbook
        folder = posixpath.dirname(workbook)
        rels_key = posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels")
        rels = package.rels.get(workbook, [])
        xml = self._text(workbook)
        elements = list(_SHEET_ELEMENT.finditer(xml))
        sheets = [{k: _unquote(v) for k, v in _ATTRIBUTE.findall(m.group(0))} for m in elements]
        old = [k for k, attrs in enumerate(sheets) if attrs.get("name", "").casefold() == SCORED_SHEET.casefold()]
        dropped_ids = {_rid(sheets[k]) for k in old}
        for k in reversed(old):
            xml = xml[: elements[k].start()] + xml[elements[k].end() :]
            xml = _renumber(xml, k)
        sheet_id = 1 + max((int(a.get("sheetId", "0")) for a in sheets if a.get("sheetId", "").isdigit()), default=0)
        taken = {r.id for r in rels}
        rid = next(f"rIdGs{k}" for k in range(1, 10_000) if f"rIdGs{k}" not in taken)
        self.sheet_part = next(
            p
            for k in range(1, 10_000)
            if (p := posixpath.join(folder, "worksheets", f"scored{k}.xml")).lower() not in package.members
        )
        prefix = re.search(r"</(\w+:)?sheets>", xml)
        if prefix is None:
            raise WorkbookError.at(package.where, "the workbook part has no list of sheets")
        element = (
            f'<{prefix.group(1) or ""}sheet name={quoteattr(SCORED_SHEET)} sheetId="{sheet_id}" '
            f'xmlns:gsr="{_relationships_namespace(xml)}" gsr:id="{rid}"/>'
        )
        xml = xml[: prefix.start()] + element + xml[prefix.start() :]
        self.replaced: dict[str, bytes] = {workbook: xml.encode("utf-8")}
        kept = [r for r in rels if r.id not in dropped_ids]
        self.replaced[rels_key] = _rels_xml(self._text(rels_key), dropped_ids, rid, self.sheet_part, folder, rels)
        types = self._text(CONTENT_TYPES.lower())
        types = types.replace(
            "</Types>",
            f'<Override PartName="/{self.sheet_part}" ContentType="{_WORKSHEET_TYPE}"/></Types>',
        )
        self.replaced[CONTENT_TYPES.lower()] = types.encode("utf-8")
        self.styles = self._styles(kept)
        self.keep = self._reachable(kept, rels_key)

    def _text(self, key: str) -> str:
        try:
            return self.package.archive.read(self.package.member(key)).decode("utf-8")
        except UnicodeDecodeError:
            raise WorkbookError.at(self.package.where, f"{key} is not UTF-8 XML") from None

    def _reachable(self, workbook_rels: list[Any], rels_key: str) -> set[str]:
        package = self.package
        graph = dict(package.rels)
        graph[package.workbook] = workbook_rels
        reached, queue = {""}, [""]
        while queue:
            for rel in graph.get(queue.pop(), []):
                if not rel.external and rel.target not in reached:
                    reached.add(rel.target)
                    queue.append(rel.target)
        keep = {k for k in package.members if k in reached}
        keep |= {k for k, source in getattr(package, "rels_parts", {}).items() if source in reached}
        keep |= {CONTENT_TYPES.lower(), rels_key}
        return keep

    def _styles(self, rels: list[Any]) -> dict[str, int]:
        """Add a bold header, a title and a ``0.00`` format to a small ``styles.xml``; else no styles."""
        found = [r for r in rels if r.kind == "styles"]
        if not found or found[0].target not in self.package.members:
            return {}
        key = found[0].target
        if self.package.archive.getinfo(self.package.member(key)).file_size > _STYLES_LIMIT:
            return {}
        xml = self._text(key)
        fonts = _count(xml, "fonts", "font")
        xfs = _count(xml, "cellXfs", "xf")
        if fonts is None or xfs is None:
            return {}
        xml = _append(xml, "fonts", '<font><b/><sz val="11"/></font><font><b/><sz val="14"/></font>', fonts + 2)
        added = (
            f'<xf numFmtId="0" fontId="{fonts}" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
            f'<xf numFmtId="0" fontId="{fonts + 1}" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
            '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        )
        xml = _append(xml, "cellXfs", added, xfs + 3)
        self.replaced[key] = xml.encode("utf-8")
        return {"header": xfs, "title": xfs + 1, "number": xfs + 2}


def _unquote(value: str) -> str:
    from xml.sax.saxutils import unescape

    return unescape(value[1:-1], {"&quot;": '"', "&apos;": "'"})


def _rid(attrs: dict[str, str]) -> str:
    return next((v for k, v in attrs.items() if k.endswith(":id")), "")


def _relationships_namespace(xml: str) -> str:
    strict = "http://purl.oclc.org/ooxml/officeDocument/relationships"
    return strict if strict in xml else "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _renumber(xml: str, removed: int) -> str:
    """Sheet-level names after a removed sheet move up one; the removed sheet's own are dropped."""

    def fix(match: re.Match[str]) -> str:
        index = int(match.group(2))
        if index == removed:
            return ""
        if index > removed:
            return match.group(0).replace(f'localSheetId="{index}"', f'localSheetId="{index - 1}"', 1)
        return match.group(0)

    names = re.compile(r"<((?:\w+:)?definedName)\b[^>]*\blocalSheetId=\"(\d+)\"[^>]*>.*?</\1>", re.S)
    xml = names.sub(fix, xml)
    return re.sub(r'\b(activeTab|firstSheet)="(\d+)"', lambda m: f'{m.group(1)}="0"', xml)


def _rels_xml(xml: str, dropped: set[str], rid: str, part: str, folder: str, rels: list[Any]) -> bytes:
    for old in dropped:
        xml = re.sub(rf"<(?:\w+:)?Relationship\b[^>]*\bId=\"{re.escape(old)}\"[^>]*/>", "", xml)
    base = next((r for r in rels if r.kind == "worksheet"), None)
    namespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
    if base is not None and "purl.oclc.org" in xml:
        namespace = "http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet"
    target = posixpath.relpath(part, folder) if folder else part
    close = re.search(r"</(\w+:)?Relationships>", xml)
    if close is None:
        raise OutputError("the workbook's relationships cannot be extended")
    element = f'<{close.group(1) or ""}Relationship Id="{rid}" Type="{namespace}" Target="{target}"/>'
    return (xml[: close.start()] + element + xml[close.start() :]).encode("utf-8")


def _count(xml: str, outer: str, inner: str) -> int | None:
    found = re.search(rf"<{outer}\b[^>]*>(.*?)</{outer}>", xml, re.S)
    if found is None:
        return None
    return len(re.findall(rf"<{inner}\b", found.group(1)))


def _append(xml: str, outer: str, added: str, count: int) -> str:
    xml = re.sub(rf"<{outer}\b([^>]*?)\bcount=\"\d+\"", rf'<{outer}\1count="{count}"', xml, count=1)
    return xml.replace(f"</{outer}>", added + f"</{outer}>", 1)


def _text_cell(ref: str, text: str, style: int | None) -> str:
    clean = _XML_INVALID.sub("\ufffd", _ESCAPED.sub(r"_x005F_\1", str(neutralise(text))))
    s = f' s="{style}"' if style is not None else ""
    return f'<c r="{ref}" t="inlineStr"{s}><is><t xml:space="preserve">{escape(clean)}</t></is></c>'


def _cell(ref: str, value: Any, styles: dict[str, int], style: str | None = None) -> str:
    if hasattr(value, "item"):
        value = value.item()
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        s = styles.get("number") if isinstance(value, float) else None
        return f'<c r="{ref}"{f" s={chr(34)}{s}{chr(34)}" if s is not None else ""}><v>{value!r}</v></c>'
    return _text_cell(ref, str(value), styles.get(style) if style else None)


def _sheet_xml(result: Result, styles: dict[str, int]) -> bytes:
    rows: list[list[str]] = [
        [_cell("A1", "Scored by guarantee-scoring", styles, "title")],
        [_cell("A2", "Plain values computed by the Python core from the inputs of this workbook (not formulas).", {})],
    ]
    table = result.table
    header_row = 4
    rows.append([])
    rows.append(
        [
            _cell(f"{column_letter(c)}{header_row}", str(label), styles, "header")
            for c, label in enumerate(table.columns, 1)
        ]
    )
    for i, values in enumerate(table.itertuples(index=False, name=None), start=header_row + 1):
        rows.append([_cell(f"{column_letter(c)}{i}", v, styles) for c, v in enumerate(values, start=1)])
    rows.append([])
    row = header_row + len(table) + 2
    rows.append([_cell(f"A{row}", "provenance", styles, "header"), _cell(f"B{row}", "value", styles, "header")])
    for key, value in result.provenance.items():
        row += 1
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
        rows.append([_cell(f"A{row}", str(key), styles), _cell(f"B{row}", text, styles)])
    body = "".join(f'<row r="{k}">{"".join(cells)}</row>' for k, cells in enumerate(rows, start=1) if any(cells))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{header_row}" topLeftCell="A{header_row + 1}" '
        'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        '<cols><col min="1" max="1" width="26" customWidth="1"/>'
        '<col min="2" max="2" width="40" customWidth="1"/></cols>'
        f"<sheetData>{body}</sheetData></worksheet>"
    ).encode()
