"""Recalculate workbooks with a real spreadsheet engine: headless LibreOffice.

``recalculate(paths, out_dir)`` converts each ``.xlsx`` to ``.xlsx`` with one
``soffice --headless --convert-to xlsx`` call (many inputs per call: starting
LibreOffice dominates the cost), using a private profile and a private ``HOME``
so that it never touches (or waits on) a user's LibreOffice. The private profile
sets *Recalculation on File Load* for Excel 2007+ and ODF files to *always*
(``/org.openoffice.Office.Calc/Formula/Load`` ``OOXMLRecalcMode``/``ODFRecalcMode``
= 0), so every formula is computed by LibreOffice, never copied from cached values.
``soffice`` exits 0 even when a conversion fails, so each output file is checked.

``require_libreoffice()`` skips the calling test when ``soffice`` is missing, or fails
it when ``GS_REQUIRE_LIBREOFFICE=1`` (CI).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

__all__ = [
    "LAST_TIMINGS",
    "add_probe_row",
    "named_values",
    "recalculate",
    "recalculate_one",
    "require_libreoffice",
    "soffice_path",
]

TIMEOUT_SECONDS = 180
#: (number of files, seconds) of each soffice call, for reporting.
LAST_TIMINGS: list[tuple[int, float]] = []

_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc">
  <prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


def soffice_path() -> str | None:
    """The ``soffice`` executable, or None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_libreoffice() -> str:
    """Return the soffice path; skip the test without it (fail if GS_REQUIRE_LIBREOFFICE=1)."""
    found = soffice_path()
    if found:
        return found
    reason = "LibreOffice (soffice) is not installed; install libreoffice-calc-nogui to run this test"
    if os.environ.get("GS_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail(f"GS_REQUIRE_LIBREOFFICE=1 but {reason}")
    pytest.skip(reason)


def recalculate(
    paths: Sequence[Path], out_dir: Path, *, timeout: float = TIMEOUT_SECONDS, to: str = "xlsx"
) -> list[Path]:
    """Recalculate every workbook in ``paths`` with one soffice call; return the outputs.

    Outputs are written to ``out_dir`` under the same file names with the suffix of ``to``
    (``"xlsx"``, or ``"pdf"`` to print them; names must be unique and ``out_dir`` must differ
    from the inputs' folders).
    """
    soffice = require_libreoffice()
    inputs = [Path(p).resolve() for p in paths]
    names = [p.name for p in inputs]
    if len(set(names)) != len(names):
        raise ValueError(f"input file names must be unique: {names}")
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    if any(p.parent == out for p in inputs):
        raise ValueError("out_dir must differ from the inputs' folder")
    targets = [out / f"{p.stem}.{to}" for p in inputs]
    for target in targets:
        target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="gs-lo-") as private:
        home = Path(private) / "home"
        user = Path(private) / "profile" / "user"
        user.mkdir(parents=True)
        home.mkdir()
        (user / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")
        command = [
            soffice,
            f"-env:UserInstallation={(Path(private) / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            *map(str, inputs),
        ]
        env = {**os.environ, "HOME": str(home), "TMPDIR": private}
        started = time.perf_counter()
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, check=False)
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"soffice timed out after {timeout} s converting {names}") from exc
        LAST_TIMINGS.append((len(inputs), time.perf_counter() - started))
    missing = [t.name for t in targets if not t.is_file() or t.stat().st_size == 0]
    if missing or done.returncode != 0:
        raise RuntimeError(
            f"soffice did not produce {missing or names} (exit {done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    return targets


def recalculate_one(path: Path, out_dir: Path) -> Path:
    """Recalculate one workbook (see :func:`recalculate`)."""
    return recalculate([path], out_dir)[0]


def named_values(book: object, name: str) -> list[object]:
    """The values of a workbook-level defined name, flattened row by row.

    The name must be spelled as given (the criterion ids are ``CriterionIds``; see
    :mod:`scoring.workbook.layout`).
    """
    names = book.defined_names  # type: ignore[attr-defined]
    defined = names.get(name)
    if defined is None:
        raise KeyError(f"defined name {name!r} not found")
    ((sheet, area),) = list(defined.destinations)
    cells = book[sheet][area.replace("$", "")]  # type: ignore[index]
    if not isinstance(cells, tuple):
        return [cells.value]
    return [cell.value for row in cells for cell in (row if isinstance(row, tuple) else (row,))]


def add_probe_row(src: Path, out: Path, member: str, row: int, formulas: Sequence[str]) -> Path:
    """Copy ``src`` to ``out`` with one extra row of formula cells in sheet ``member``.

    The row (number ``row``, below the sheet's last row) is appended to the sheet XML
    as it is, without openpyxl (which would rewrite the defined names on save); the
    cells are ``A{row}``, ``B{row}``, ... holding ``formulas`` (without ``=``; ``t="str"``
    so that a text result is read back as text). Every other member is copied byte for
    byte.
    """
    from xml.sax.saxutils import escape

    from openpyxl.utils import get_column_letter

    cells = "".join(
        f'<c r="{get_column_letter(k)}{row}" t="str"><f>{escape(text)}</f></c>' for k, text in enumerate(formulas, 1)
    )
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == member:
                text = data.decode("utf-8")
                if text.count("</sheetData>") != 1:
                    raise ValueError(f"{member}: expected one </sheetData>")
                data = text.replace("</sheetData>", f'<row r="{row}">{cells}</row></sheetData>').encode("utf-8")
            zout.writestr(info, data)
    return out
