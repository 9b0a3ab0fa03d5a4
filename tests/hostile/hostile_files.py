"""Generators of hostile and broken input files (made by code, never committed as binaries).

Each generator takes a folder and returns the path of the file it wrote. ``CASES`` maps a
case name to ``(generator, expected words in the one-line error)``; ``measure`` runs a
command in a child process and reports its exit status, output, wall time and peak memory.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from tiny_set import TINY_YAML

GOOD_YAML = TINY_YAML


def _plain_workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "design"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewrite(data: bytes, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """Copy a zip, replacing or adding members."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            payload = (replace or {}).get(item.filename, source.read(item.filename))
            target.writestr(item.filename, payload)
        for name, payload in (add or {}).items():
            target.writestr(name, payload)
    return out.getvalue()


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _with_doctype(entity_block: str, body_ref: str) -> bytes:
    workbook_xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<!DOCTYPE workbook [{entity_block}]>\n"
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{body_ref}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    return _rewrite(_plain_workbook(), replace={"xl/workbook.xml": workbook_xml.encode()})


def billion_laughs(folder: Path) -> Path:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    return _write(folder, "laughs.xlsx", _with_doctype(entities, "&lol9;"))


def quadratic_blowup(folder: Path) -> Path:
    entity = '<!ENTITY a "' + "A" * 50_000 + '">'
    return _write(folder, "quadratic.xlsx", _with_doctype(entity, "&a;" * 50_000))


def external_entity(folder: Path) -> Path:
    return _write(folder, "xxe.xlsx", _with_doctype('<!ENTITY xxe SYSTEM "file:///etc/passwd">', "&xxe;"))


def zip_bomb(folder: Path) -> Path:
    """A few MB on disk that inflate to 1 GiB."""
    path = folder / "bomb.xlsx"
    base = _plain_workbook()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z,
    ):
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                z.writestr(item.filename, source.read(item.filename))
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1 << 24)
            for _ in range(64):
                member.write(chunk)
    return path


def forged_sizes(folder: Path) -> Path:
    """Central directory claims tiny sizes for a member that inflates to 64 MiB."""
    data = bytearray(_rewrite(_plain_workbook(), replace={"xl/worksheets/sheet1.xml": b" " * (64 << 20)}))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    # patch the uncompressed size in the central directory entry (offset 24 from its signature)
    name = info.filename.encode()
    at = bytes(data).find(b"PK\x01\x02")
    while at != -1:
        name_len = int.from_bytes(data[at + 28 : at + 30], "little")
        if bytes(data[at + 46 : at + 46 + name_len]) == name:
            data[at + 24 : at + 28] = (100).to_bytes(4, "little")
            break
        at = bytes(data).find(b"PK\x01\x02", at + 4)
    return _write(folder, "forged.xlsx", bytes(data))


def _patch_central(data: bytes, offset: int, value: int) -> bytes:
    """Set a 2-byte field of the first central-directory entry (found by fuzzing)."""
    patched = bytearray(data)
    at = patched.find(b"PK\x01\x02")
    patched[at + offset : at + offset + 2] = value.to_bytes(2, "little")
    return bytes(patched)


def encrypted_member(folder: Path) -> Path:
    return _write(folder, "encrypted.xlsx", _patch_central(_plain_workbook(), 8, 0x1))


def odd_compression(folder: Path) -> Path:
    return _write(folder, "shrunk.xlsx", _patch_central(_plain_workbook(), 10, 1))


def macro_project(folder: Path) -> Path:
    return _write(
        folder, "macro.xlsx", _rewrite(_plain_workbook(), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0fake-ole"})
    )


def activex(folder: Path) -> Path:
    return _write(folder, "activex.xlsx", _rewrite(_plain_workbook(), add={"xl/activeX/activeX1.xml": b"<ax/>"}))


def external_link(folder: Path) -> Path:
    link = b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    return _write(folder, "links.xlsx", _rewrite(_plain_workbook(), add={"xl/externalLinks/externalLink1.xml": link}))


def analyst_template() -> bytes:
    """The analyst workbook for the built-in set, as `gscore template` writes it."""
    import tempfile

    import scoring
    from scoring.workbook.template import write_template

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "template.xlsx"
        write_template(scoring.load(), path)
        return path.read_bytes()


def million_rows(folder: Path) -> Path:
    """The analyst template with a million extra rows typed into its Scores sheet."""
    import re

    data = analyst_template()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = re.findall(
            rb'<sheet name="([^"]+)" sheetId="\d+" state="\w+" r:id="rId(\d+)"', z.read("xl/workbook.xml")
        )
        member = f"xl/worksheets/sheet{dict(names)[b'Scores'].decode()}.xml"
        sheet = z.read(member).decode()
    last = max(int(r) for r in re.findall(r'<row r="(\d+)"', sheet))
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>d{r}</t></is></c></row>'
        for r in range(last + 1, last + 1_000_001)
    )
    sheet = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:Z{last + 1_000_000}"/>', sheet)
    sheet = sheet.replace("</sheetData>", rows + "</sheetData>")
    return _write(folder, "million.xlsx", _rewrite(data, replace={member: sheet.encode()}))


def truncated(folder: Path) -> Path:
    data = _plain_workbook()
    return _write(folder, "truncated.xlsx", data[: len(data) // 2])


def not_a_zip(folder: Path) -> Path:
    return _write(folder, "fake.xlsx", "design,score\nx,1\n")


def yaml_alias_bomb(folder: Path) -> Path:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 9)}]" for i in range(1, 10)]
    return _write(folder, "bomb.yaml", "\n".join(lines) + "\n")


def yaml_custom_tag(folder: Path) -> Path:
    return _write(
        folder, "tag.yaml", GOOD_YAML.replace("title: T\n", "title: !!python/object/apply:os.system ['echo pwned']\n")
    )


def huge_yaml(folder: Path) -> Path:
    path = folder / "huge.yaml"
    with path.open("w", encoding="utf-8") as stream:
        stream.write(GOOD_YAML)
        stream.write("# " + "x" * 1000 + "\n")
        for _ in range(60_000):
            stream.write("# padding " + "y" * 990 + "\n")
    return path


def huge_json(folder: Path) -> Path:
    path = folder / "huge.json"
    path.write_text(json.dumps({"title": "x" * (60 << 20)}), encoding="utf-8")
    return path


def deep_json(folder: Path) -> Path:
    return _write(folder, "deep.json", "[" * 100_000 + "]" * 100_000)


def _numbers(value: str, where: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        texts = {
            "score": GOOD_YAML.replace("y: {a: 80", f"y: {{a: {value}"),
            "low": GOOD_YAML.replace("x: {a: 50,", f"x: {{a: {{base: 50, low: {value}}},"),
            "weight": GOOD_YAML.replace("{a: 1, b: 1}", f"{{a: {value}, b: {value}}}"),
            "scale": GOOD_YAML.replace("direction: benefit}", f"direction: benefit, scale: {{{value}: x}}}}"),
        }
        return _write(folder, f"num-{where}.yaml", texts[where])

    return make


def _ids(kind: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        texts = {
            "duplicate": GOOD_YAML.replace("- {id: y, name: Y}", "- {id: x, name: Y}"),
            "empty": GOOD_YAML.replace("- {id: y, name: Y}", "- {id: '', name: Y}"),
        }
        return _write(folder, f"ids-{kind}.yaml", texts[kind])

    return make


def csv_nul(folder: Path) -> Path:
    return _write(folder, "nul.csv", b"design,a\nx,1\x00\n")


def huge_csv(folder: Path) -> Path:
    path = folder / "huge.csv"
    with path.open("w", encoding="utf-8") as stream:
        stream.write("design,a\n")
        for i in range(1_100_000):
            stream.write(f"design number {i:>12},{i}.000000000000000000\n")
    return path


def wide_csv(folder: Path) -> Path:
    return _write(folder, "wide.csv", "design," + ",".join(f"c{j}" for j in range(100_000)) + "\n")


def csv_million_cells(folder: Path) -> Path:
    header = "design," + ",".join(f"c{j}" for j in range(400))
    row = ",".join(["1"] * 400)
    return _write(folder, "cells.csv", header + "\n" + "".join(f"d{i},{row}\n" for i in range(3000)))


def xlsx_table_million_rows(folder: Path) -> Path:
    """A plain one-sheet table (no workbook names) with a million rows of one cell."""
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>d{r}</t></is></c></row>' for r in range(1, 1_000_001)
    )
    data = _plain_workbook()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    sheet = re.sub(r"<sheetData>.*</sheetData>|<sheetData\s*/>", f"<sheetData>{rows}</sheetData>", sheet, flags=re.S)
    return _write(folder, "rows.xlsx", _rewrite(data, replace={"xl/worksheets/sheet1.xml": sheet.encode()}))


def xlsx_table_formula(folder: Path) -> Path:
    book = openpyxl.Workbook()
    for row in (["design", "a"], ["x", '=WEBSERVICE("http://example.invalid")'], ["y", 2]):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return _write(folder, "formula.xlsx", buffer.getvalue())


CASES: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "csv with a NUL byte": (csv_nul, ("NUL",)),
    "huge csv (60 MB)": (huge_csv, ("limited to",)),
    "csv with 100,000 columns": (wide_csv, ("columns",)),
    "csv with 1.2 million cells": (csv_million_cells, ("cells",)),
    "plain xlsx table with a million rows": (xlsx_table_million_rows, ("too many rows",)),
    "formula in a plain xlsx table": (xlsx_table_formula, ("formula",)),
    "decimal comma in a csv": (lambda folder: _write(folder, "comma.csv", "design;a\nx;1,5\n"), ("not a number",)),
    "xml billion laughs": (billion_laughs, ("entit",)),
    "xml quadratic blow-up": (quadratic_blowup, ("entit",)),
    "xml external entity": (external_entity, ("entit",)),
    "zip bomb (1 GiB)": (zip_bomb, ("uncompressed",)),
    "forged zip sizes": (forged_sizes, ()),
    "encrypted zip member": (encrypted_member, ("encrypted",)),
    "unsupported zip compression": (odd_compression, ("compression method",)),
    "macro project (vbaProject.bin)": (macro_project, ("macro",)),
    "ActiveX control": (activex, ("activex",)),
    "external link": (external_link, ("external link",)),
    "million-row sheet": (million_rows, ("too many rows",)),
    "truncated .xlsx": (truncated, ()),
    "not a zip, named .xlsx": (not_a_zip, ("not an .xlsx workbook",)),
    "yaml alias bomb": (yaml_alias_bomb, ("aliases are not allowed",)),
    "yaml custom tag": (yaml_custom_tag, ("custom YAML tag",)),
    "huge yaml (60 MB)": (huge_yaml, ("limited to",)),
    "huge json (60 MB)": (huge_json, ("limited to",)),
    "deeply nested json": (deep_json, ("too deep",)),
    **{
        f"{value} in {where}": (_numbers(value, where), ())
        for value in (".nan", ".inf", "-5", "1e308", "abc")
        for where in ("score", "low", "weight")
    },
    "text as scale level": (_numbers("abc", "scale"), ()),
    "duplicate ids": (_ids("duplicate"), ("duplicate id",)),
    "empty id": (_ids("empty"), ("id",)),
}

_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=120)
print(json.dumps({"rc": done.returncode, "stdout": done.stdout, "stderr": done.stderr,
                  "seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


@dataclass(frozen=True)
class Run:
    rc: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float


def measure(*command: str, cwd: Path | None = None) -> Run:
    """Run ``command`` in a fresh child and report status, output, wall time and peak RSS."""
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, cwd=cwd, check=True
    )
    return Run(**json.loads(out.stdout))


def gscore(*args: str) -> tuple[str, ...]:
    return (sys.executable, "-m", "scoring", *args)
