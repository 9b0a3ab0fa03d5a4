"""The files under workbook/: the classic .xlsm and its build script (the xlwings Lite folder is
written by ``gscore excel-lite``: tests/test_excel_lite.py)."""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import openpyxl
import pytest
import xlwings
from vba_project import vba_modules

from scoring import excel
from scoring.excel._lite import xlwings_pin

ROOT = Path(__file__).resolve().parents[2]
WORKBOOK = ROOT / "workbook"
XLSM = WORKBOOK / "guarantee_scoring.xlsm"
FUNCTIONS = sorted(n for n in excel.__all__ if n.startswith("GS_"))


def load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def formulas(path: Path) -> dict[str, tuple[str, str]]:
    """Example sheet: cell -> (formula text, filled range)."""
    wb = openpyxl.load_workbook(path, keep_vba=True)
    found = {}
    for row in wb["Example"].iter_rows():
        for cell in row:
            value: Any = cell.value
            if hasattr(value, "ref"):
                found[cell.coordinate] = (value.text, value.ref)
            elif isinstance(value, str) and value.startswith("=GS_"):
                found[cell.coordinate] = (value, cell.coordinate)
    return found


def test_xlsm_is_small_and_has_a_vba_project() -> None:
    assert XLSM.stat().st_size < 200_000
    with zipfile.ZipFile(XLSM) as archive:
        names = archive.namelist()
        assert "xl/vbaProject.bin" in names
        assert archive.read("xl/vbaProject.bin").startswith(bytes.fromhex("d0cf11e0a1b11ae1"))  # an OLE file
        assert b"macroEnabled" in archive.read("[Content_Types].xml")


def test_xlsm_opens_with_openpyxl_and_has_the_xlwings_conf_sheet() -> None:
    wb = openpyxl.load_workbook(XLSM, keep_vba=True)
    assert wb.sheetnames == ["Example", "xlwings.conf"]
    assert wb.vba_archive is not None
    assert "xl/vbaProject.bin" in wb.vba_archive.namelist()
    conf = wb["xlwings.conf"]
    settings = {}
    for row in range(1, 12):
        key = conf.cell(row=row, column=1).value
        if key is None:
            break  # xlwings reads the settings down to the first blank row
        settings[key] = conf.cell(row=row, column=2).value
    assert settings["UDF Modules"] == "scoring.excel"
    assert "Interpreter_Win" in settings


def test_example_sheet_uses_every_function() -> None:
    texts = [text for text, _ in formulas(XLSM).values()]
    used = {name for text in texts for name in re.findall(r"\b(GS_[A-Z_]+)\(", text)}
    assert used == set(FUNCTIONS)


def test_example_formulas_match_a_fresh_build(tmp_path: Path) -> None:
    """The committed workbook is what build_xlsm.py makes, and the build is reproducible."""
    build = load(WORKBOOK / "build_xlsm.py", "build_xlsm_under_test")
    first, second = build.build(tmp_path / "a.xlsm"), build.build(tmp_path / "b.xlsm")
    assert first.read_bytes() == second.read_bytes()
    assert formulas(first) == formulas(XLSM)


def test_array_formula_sizes_fit_their_results() -> None:
    found = formulas(XLSM)
    text, ref = found["A6"]
    assert text == '=GS_ARTICLE("scores")'
    article_rows = len(excel.GS_ARTICLE("scores"))
    assert ref == f"A6:K{5 + article_rows}"


def pyproject_pin() -> str:
    """The excel extra's xlwings pin, read from pyproject.toml (the one place that names it)."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    (pin,) = [r.split("==")[1] for r in extras["excel"] if r.replace(" ", "").lower().startswith("xlwings==")]
    return str(pin)


def test_the_xlsm_embeds_the_vba_of_exactly_the_pinned_xlwings() -> None:
    """The VBA module loads xlwings64-<version>.dll: Python must have that xlwings, which the extra pins."""
    source = vba_modules(XLSM)["xlwings"]
    declared = re.findall(r'XLWINGS_VERSION As String = "([^"]+)"', source)
    dlls = set(re.findall(r"xlwings(?:32|64)-([0-9][0-9A-Za-z.]*)\.dll", source))
    assert declared == [pyproject_pin()]
    assert dlls == {pyproject_pin()}
    assert source.startswith('Attribute VB_Name = "xlwings"')  # decompressed from its first byte


def test_the_pin_is_exact_and_used_everywhere() -> None:
    pin = pyproject_pin()
    assert re.fullmatch(r"\d+\.\d+\.\d+", pin)
    build = load(WORKBOOK / "build_xlsm.py", "build_xlsm_pin")
    assert build.pinned_xlwings() == pin
    assert xlwings_pin() == pin  # the installed metadata is current (else: pip install -e ".[test]")
    assert xlwings.__version__ == pin  # the test extra installs the excel extra
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert "guarantee-scoring[excel]" in extras["test"]
    assert not [r for r in extras["test"] if r.lower().startswith("xlwings")]  # no second xlwings requirement


def test_the_build_refuses_another_xlwings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    build = load(WORKBOOK / "build_xlsm.py", "build_xlsm_other")
    monkeypatch.setattr(build.xlwings, "__version__", "0.99.0")
    with pytest.raises(RuntimeError, match=r"xlwings 0\.99\.0 is installed, but pyproject\.toml's excel extra pins"):
        build.build(tmp_path / "other.xlsm")
    assert not (tmp_path / "other.xlsm").exists()
    assert build.main(["--out", str(tmp_path / "other.xlsm")]) == 1


@pytest.mark.parametrize("name", FUNCTIONS)
def test_readme_documents_every_function(name: str) -> None:
    readme = (WORKBOOK / "README.md").read_text(encoding="utf-8")
    assert f"{name}(" in readme


def test_build_script_is_runnable_as_a_script() -> None:
    source = (WORKBOOK / "build_xlsm.py").read_text(encoding="utf-8")
    assert 'if __name__ == "__main__":' in source
    assert sys.version_info >= (3, 11)


def sheet_texts(path: Path) -> str:
    """Every text cell of the Example and xlwings.conf sheets, one per line."""
    wb = openpyxl.load_workbook(path, keep_vba=True)
    cells = (c.value for name in ("Example", "xlwings.conf") for row in wb[name].iter_rows() for c in row)
    return "\n".join(v for v in cells if isinstance(v, str) and not v.startswith("="))


@pytest.mark.parametrize("variant", ["standalone", "addin"])
def test_the_notes_name_an_import_route_the_workbook_has(variant: str, tmp_path: Path) -> None:
    """Alt+F8 lists ImportPythonUDFs only where the workbook's own VBA defines it (the standalone one)."""
    build = load(WORKBOOK / "build_xlsm.py", f"build_xlsm_notes_{variant}")
    path = XLSM if variant == "standalone" else build.build(tmp_path / "addin.xlsm", "addin")
    notes = sheet_texts(path)
    has_macro = any(re.search(r"^Sub ImportPythonUDFs\(\)", source, re.M) for source in vba_modules(path).values())
    assert has_macro == (variant == "standalone")
    assert ("Alt+F8 > ImportPythonUDFs" in notes) == has_macro
    assert "Import Functions on the xlwings ribbon" in notes
    if not has_macro:
        assert "xlwings addin install" in notes
