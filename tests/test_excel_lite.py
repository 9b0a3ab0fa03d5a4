"""The xlwings Lite route: ``gscore excel-lite`` writes main.py (the package embedded), the
requirements and the wheel; every worksheet function runs from them as Lite runs it.

Lite itself (Pyodide in Excel) cannot run here; what can be checked is checked: the
generated ``main.py`` is executed in a fresh interpreter with ``sys.platform`` set to
``"emscripten"`` (so the functions raise, as in Lite), with the installed package out of
reach and with every package Lite does not install blocked (``sys.modules[name] = None``
makes ``import name`` fail), and its results are compared with the plain functions'.
xlwings' own Office.js code path is not run: see "Testing the Lite path" in workbook/README.md
for why (its licence).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

import scoring
from scoring import excel
from scoring.excel import _impl as impl
from scoring.excel import _lite

#: Installed with the package but not imported by the worksheet functions: Lite must not need them.
NOT_FOR_LITE = ("openpyxl", "xlsxwriter", "defusedxml", "click", "rich", "jinja2", "matplotlib")
FUNCTIONS = sorted(n for n in excel.__all__ if n.startswith("GS_"))
ROOT = Path(__file__).resolve().parents[1]
NUMBER_WORDS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen")


def article_calls() -> list[tuple[str, list[Any]]]:
    """One or more Excel-shaped calls of every function, on the article set."""
    scores, weights = excel.GS_ARTICLE("scores"), excel.GS_ARTICLE("weights", "balanced")
    directions = [[row[3]] for row in excel.GS_ARTICLE("criteria")]
    low, high = excel.GS_ARTICLE("low"), excel.GS_ARTICLE("high")
    pairwise = [[1, 2, 3], [0.5, 1, 2], [1 / 3, 0.5, 1]]
    calls: list[tuple[str, list[Any]]] = [
        ("GS_SCORE", [scores, weights, directions, "wsm", "bounds=0,100"]),
        ("GS_SCORE", [scores, weights, directions, "wpm", "offset=1"]),
        ("GS_SCORE", [scores, weights, directions, "topsis"]),
        ("GS_SCORE", [scores, weights, directions, "vikor", "v=0.4"]),
        ("GS_RANK", [scores, weights, directions, "promethee", "preference=linear; q=5; p=20"]),
        ("GS_AHP_WEIGHTS", [pairwise]),
        ("GS_AHP_CR", [pairwise]),
        ("GS_OBJECTIVE_WEIGHTS", [[row[1:] for row in scores], "entropy", directions]),
        ("GS_ROC_WEIGHTS", [[[1, 3, 2, None]]]),
        ("GS_SWING_WEIGHTS", [[[100], [50], [20]]]),
        ("GS_SMAA", [scores, None, directions, "wsm", 500, 1, low, high, "bounds=0,100"]),
        ("GS_SENSITIVITY", [scores, weights, directions, "wsm", "bounds=0,100"]),
        ("GS_COMPOSE", ["kyiv", 3]),
        ("GS_VERSION", []),
    ]
    calls += [("GS_ARTICLE", [what]) for what in impl.ARTICLE_TABLES]
    calls += [("GS_ARTICLE", ["designs", "kyiv"]), ("GS_ARTICLE", ["weights", "kyiv"])]
    return calls


RUNNER = """
import importlib.util, json, sys
for name in json.loads(sys.argv[1]):
    sys.modules[name] = None  # import name now fails, as it would where the package is not installed
import numpy, pandas, pydantic, yaml  # what Lite installs (requirements.txt)
{prepare}
spec = importlib.util.spec_from_file_location("lite_main", sys.argv[2])
main = importlib.util.module_from_spec(spec)
spec.loader.exec_module(main)
import scoring, scoring.excel
results = [getattr(main, name)(*args) for name, args in json.loads(sys.argv[3])]
try:
    main.GS_SCORE([[1, 2], [3, 4]], [[1, "abc"]])
    raised = None
except ValueError as error:
    raised = str(error)
loaded = sorted({{m.split(".")[0] for m in sys.modules if sys.modules[m] is not None}})
print(json.dumps({{"results": results, "file": scoring.__file__, "is_lite": scoring.excel.IS_LITE,
                  "raised": raised, "loaded": loaded, "exported": sorted(main.__all__)}}))
"""
AS_LITE = (
    'sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f).lower()]  # no installed package\n'
    'sys.platform = "emscripten"  # how scoring.excel recognises Lite (Pyodide)'
)


def run_lite_main(main_py: Path, tmp_path: Path, calls: list[tuple[str, list[Any]]], prepare: str) -> dict[str, Any]:
    code = RUNNER.format(prepare=prepare)
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(NOT_FOR_LITE), str(main_py), json.dumps(calls)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "TMPDIR": str(tmp_path), "MPLBACKEND": "Agg"},
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


@pytest.fixture(scope="module")
def lite_folder(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _lite.write_lite_folder(tmp_path_factory.mktemp("lite") / "gs-lite")


def test_the_folder_and_its_requirements(lite_folder: dict[str, Path]) -> None:
    wheel_name = f"guarantee_scoring-{scoring.__version__}+lite-py3-none-any.whl"
    assert sorted(lite_folder) == sorted(["main.py", "requirements.txt", "README.txt", wheel_name])
    lines = lite_folder["requirements.txt"].read_text().splitlines()
    assert lines == [f"xlwings=={_lite.xlwings_pin()}", "numpy", "pandas", "pydantic", "pyyaml"]
    readme = lite_folder["README.txt"].read_text()
    assert wheel_name in readme
    assert "CORS" in readme
    assert "keep Lite's line" in readme  # as workbook/README.md advises: the add-in's own xlwings wins
    assert _lite.lite_files() == {name: path.read_bytes() for name, path in lite_folder.items()}  # reproducible


def test_the_wheel_holds_the_package_without_the_faces_lite_cannot_run(lite_folder: dict[str, Path]) -> None:
    name = next(n for n in lite_folder if n.endswith(".whl"))
    with zipfile.ZipFile(lite_folder[name]) as wheel:
        names = wheel.namelist()
        dist_info = f"guarantee_scoring-{scoring.__version__}+lite.dist-info"
        record = wheel.read(f"{dist_info}/RECORD").decode().splitlines()
        for line in record:
            path, digest, size = line.rsplit(",", 2)
            if digest:  # RECORD lists itself without a hash
                data = wheel.read(path)
                expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                assert digest == f"sha256={expected}"
                assert int(size) == len(data)
        assert sorted(line.rsplit(",", 2)[0] for line in record) == sorted(names)
        metadata = wheel.read(f"{dist_info}/METADATA").decode()
        assert "MIT" in wheel.read(f"{dist_info}/licenses/LICENSE").decode()
        assert "Tag: py3-none-any" in wheel.read(f"{dist_info}/WHEEL").decode()
    required = sorted(line.split(": ", 1)[1].split(">")[0] for line in metadata.splitlines() if "Requires-Dist" in line)
    assert required == ["numpy", "pandas", "pydantic", "pyyaml"]
    assert "scoring/data/article.yaml" in names
    assert "scoring/excel/__init__.py" in names
    assert not [n for n in names if n.split("/")[1:2] in (["cli"], ["report"], ["plots"], ["workbook"])]


def test_lite_main_runs_every_function_without_the_packages_lite_does_not_install(
    lite_folder: dict[str, Path], tmp_path: Path
) -> None:
    calls = article_calls()
    found = run_lite_main(lite_folder["main.py"], tmp_path, calls, AS_LITE)
    assert found["is_lite"] is True
    assert Path(found["file"]).is_relative_to(tmp_path)  # the embedded copy, unpacked into TMPDIR
    assert found["exported"] == FUNCTIONS
    assert not set(found["loaded"]) & set(NOT_FOR_LITE)
    for (name, args), got in zip(calls, found["results"], strict=True):
        expected = _lite.lite_version() if name == "GS_VERSION" else getattr(excel, name)(*args)
        assert got == json.loads(json.dumps(expected)), name
    assert found["raised"] == 'weights: cell 2 is "abc", expected a number'


def test_the_installed_package_needs_none_of_them_either(tmp_path: Path) -> None:
    """``import scoring.excel`` and every function, from the installed package, with those packages blocked."""
    shim = tmp_path / "installed_main.py"
    shim.write_text("from scoring.excel import *  # noqa: F403\nfrom scoring.excel import __all__\n")
    calls = article_calls()
    code = RUNNER.format(prepare="")
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(NOT_FOR_LITE), str(shim), json.dumps(calls)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["is_lite"] is False
    assert not set(found["loaded"]) & set(NOT_FOR_LITE)
    assert found["results"] == json.loads(json.dumps([getattr(excel, name)(*args) for name, args in calls]))


def test_gscore_excel_lite_writes_the_folder_and_refuses_to_overwrite(tmp_path: Path) -> None:
    def gscore(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "scoring", *args], capture_output=True, text=True, cwd=tmp_path, check=False
        )

    done = gscore("excel-lite", "--out", "gs-lite")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "gs-lite" / "main.py").is_file()
    assert "wrote" in done.stderr
    again = gscore("excel-lite", "--out", "gs-lite")
    assert again.returncode == 1
    assert again.stderr.startswith("gscore: error: ")
    assert "exists" in again.stderr
    assert gscore("excel-lite", "--out", "gs-lite", "--force").returncode == 0
    (tmp_path / "a-file").write_text("x")
    assert gscore("excel-lite", "--out", "a-file").returncode == 2  # a file is not a folder: bad usage
    assert gscore("excel-lite", "--out", "missing/gs-lite").returncode == 1
    assert not (tmp_path / "missing").exists()


def test_the_workbook_readme_describes_the_folder_as_written(lite_folder: dict[str, Path]) -> None:
    """workbook/README.md counts the functions main.py exports and states main.py's size (within 15%)."""
    text = (ROOT / "workbook" / "README.md").read_text(encoding="utf-8")
    expected = NUMBER_WORDS[len(FUNCTIONS) - 10]
    words = "|".join(NUMBER_WORDS)
    opening = re.match(rf"(?i)# .*\n\n({words}) worksheet functions", text)
    assert opening is not None
    assert opening.group(1).lower() == expected
    lite = text.split("\n## xlwings Lite", 1)[1].split("\n## ", 1)[0]
    counted = re.findall(rf"\bthe ({words}) (?:functions|names)\b", lite)
    assert counted
    assert set(counted) == {expected}
    stated = [int(kb) for kb in re.findall(r"about (\d+) KB", lite)]
    size_kb = lite_folder["main.py"].stat().st_size / 1000
    assert len(stated) == 1
    assert abs(stated[0] - size_kb) <= 0.15 * size_kb, (stated, size_kb)
