"""The files under workbook/: the classic .xlsm, its build script, and the xlwings Lite folder."""

from __future__ import annotations

import importlib.util
import re
import sys
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import openpyxl
import pytest

from scoring import excel

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


def test_lite_main_exposes_the_same_functions() -> None:
    main = load(WORKBOOK / "lite" / "main.py", "lite_main_under_test")
    assert sorted(main.__all__) == FUNCTIONS
    for name in FUNCTIONS:
        assert getattr(main, name) is getattr(excel, name)
    assert main.GS_ARTICLE("weights", "balanced") == excel.GS_ARTICLE("weights", "balanced")


def test_lite_requirements() -> None:
    lines = [line.strip() for line in (WORKBOOK / "lite" / "requirements.txt").read_text().splitlines() if line.strip()]
    names = [re.split(r"[=<>~ ]", line)[0].lower() for line in lines if not line.startswith("#")]
    assert "guarantee-scoring" in names
    assert "xlwings" in names
    assert all(not line.startswith("-") for line in lines)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_readme_documents_every_function(name: str) -> None:
    readme = (WORKBOOK / "README.md").read_text(encoding="utf-8")
    assert f"{name}(" in readme


def test_build_script_is_runnable_as_a_script() -> None:
    source = (WORKBOOK / "build_xlsm.py").read_text(encoding="utf-8")
    assert 'if __name__ == "__main__":' in source
    assert sys.version_info >= (3, 11)
