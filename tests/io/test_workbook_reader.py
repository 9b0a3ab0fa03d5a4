"""Reading analyst workbooks: every problem named by Sheet!Cell, analyst edits accepted, unsafe files refused."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl
import pytest

import scoring
from scoring.errors import UnsafeFileError, WorkbookError
from scoring.workbook.reader import read_workbook
from scoring.workbook.template import write_template

ARTICLE = scoring.load()
N, M = len(ARTICLE.designs), len(ARTICLE.criteria)
# Template layout (the reader does not rely on it; the tests use it to make edits).
BASE, LOW, HIGH = 13, 25, 37  # first design row of each block; criteria from column E (5)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reader") / "template.xlsx"
    write_template(ARTICLE, path)
    return path


def edited(template: Path, folder: Path, edit: Callable[[openpyxl.Workbook], None], name: str = "edited.xlsx") -> Path:
    book = openpyxl.load_workbook(template)
    edit(book)
    out = folder / name
    book.save(out)
    return out


def problems_of(path: Path) -> list[str]:
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "expected"),
    [
        ("Scores", "E13", "high", "Scores!E13: expected a score from 0 to 100, found text 'high'"),
        ("Scores", "F14", None, "Scores!F14: expected a score from 0 to 100, found a blank cell"),
        ("Scores", "G15", 120, "Scores!G15: expected a score from 0 to 100, got 120"),
        ("Scores", "E25", 99, "Scores!E13: expected low <= base <= high, got low=99 (Scores!E25)"),
        ("Scores", "E37", 1, "Scores!E13: expected low <= base <= high, got low=30 (Scores!E25), base=50, high=1"),
        ("Scores", "E13", "=40+5", "Scores!E13: expected a score from 0 to 100 typed in, found a formula"),
        ("Weights", "C10", -5, "Weights!C10: weight points must be >= 0, got -5"),
        ("Weights", "C10", 1e308, "Weights!C10: weight points must be at most 1,000,000, got 1e+308"),
        ("Weights", "A10", "deterrence", "Weights!A10: unknown criterion 'deterrence'"),
        ("Scores", "A14", "article5_pledge", "Scores!A14: duplicate design id 'article5_pledge' (first at Scores!A13)"),
        ("Scores", "F3", "deterrence_credibility", "Scores!F3: duplicate criterion id 'deterrence_credibility'"),
        ("Criteria", "D14", "more", "Criteria!D14: expected direction benefit or cost, got 'more'"),
        ("Weights", "B4", "nobody", "Weights!B4: unknown active lens 'nobody'"),
        ("Scores", "E61", "sure", "Scores!E61: expected confidence low, medium or high, got 'sure'"),
    ],
)
def test_each_problem_names_its_cell(
    template: Path, tmp_path: Path, sheet: str, cell: str, value: object, expected: str
) -> None:
    def edit(book: openpyxl.Workbook) -> None:
        book[sheet][cell] = value

    found = problems_of(edited(template, tmp_path, edit))
    assert any(p.startswith(expected) for p in found), found


def test_all_problems_are_reported_together(template: Path, tmp_path: Path) -> None:
    def edit(book: openpyxl.Workbook) -> None:
        scores = book["Scores"]
        scores["E13"], scores["F14"], scores["G15"] = "n/a", None, -1
        book["Weights"]["D11"] = -2

    found = problems_of(edited(template, tmp_path, edit))
    for where in ("Scores!E13", "Scores!F14", "Scores!G15", "Weights!D11"):
        assert any(p.startswith(where + ":") for p in found), (where, found)


def test_swing_lens_without_points_is_an_error(template: Path, tmp_path: Path) -> None:
    found = problems_of(edited(template, tmp_path, lambda b: b["Weights"].__setitem__("B4", "swing")))
    assert found == [
        "Weights!B4: unknown active lens 'swing' (the swing column is empty); expected one of: "
        + ", ".join(ARTICLE.lens_ids)
    ]


def test_added_design_row_and_criterion_column_are_scored(template: Path, tmp_path: Path) -> None:
    """Typed right below the tables (the reader follows the ids until a blank)."""
    new_levels = [50.0] * M + [80.0]

    def edit(book: openpyxl.Workbook) -> None:
        scores = book["Scores"]
        for top, offset in ((BASE, 0), (LOW, -10), (HIGH, 10)):
            scores.cell(top + N, 1, "new_design")
            for j in range(M + 1):
                scores.cell(top + N, 5 + j, new_levels[j] + offset)
            for i in range(N):  # the new criterion for the existing designs
                scores.cell(top + i, 5 + M, 40 + offset)
        scores.cell(BASE + N, 2, "A new design")
        scores.cell(3, 5 + M, "new_criterion")
        criteria = book["Criteria"]
        for col, text in enumerate(("new_criterion", "New criterion", "deter", "cost", "A cost."), start=1):
            criteria.cell(14 + M, col, text)
        weights = book["Weights"]
        weights.cell(10 + M, 1, "new_criterion")
        weights.cell(10 + M, 3, 20)  # balanced lens

    scenario = read_workbook(edited(template, tmp_path, edit))
    assert scenario.design_ids == (*ARTICLE.design_ids, "new_design")
    assert scenario.criterion_ids == (*ARTICLE.criterion_ids, "new_criterion")
    assert scenario.criteria[-1].direction == "cost"
    assert scenario.designs[-1].name == "A new design"
    result = scoring.score(scenario)
    weights = np.array([*ARTICLE.weights("balanced") * 100, 20.0])
    values = np.array([*new_levels[:M], 100 - 80.0])
    assert result.scores[-1] == pytest.approx(float(weights @ values / weights.sum()), abs=1e-9)


def test_reordered_rows_and_renamed_designs(template: Path, tmp_path: Path) -> None:
    def edit(book: openpyxl.Workbook) -> None:
        scores = book["Scores"]
        first = [c.value for c in scores[BASE]]
        second = [c.value for c in scores[BASE + 1]]
        for col, (a, b) in enumerate(zip(first, second, strict=True), start=1):
            scores.cell(BASE, col, b)
            scores.cell(BASE + 1, col, a)
        scores.cell(BASE, 2, "Renamed air support")

    scenario = read_workbook(edited(template, tmp_path, edit))
    assert scenario.design_ids[:2] == ("air_support_only", "article5_pledge")
    assert scenario.designs[0].name == "Renamed air support"
    core = scoring.score(ARTICLE)
    again = scoring.score(scenario)
    assert dict(zip(again.design_ids, again.scores, strict=True)) == pytest.approx(
        dict(zip(core.design_ids, core.scores, strict=True))
    )
    assert scenario.score_of("air_support_only", "us_participation") == ARTICLE.score_of(
        "air_support_only", "us_participation"
    )


def gscore(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scoring", *args], capture_output=True, text=True, cwd=cwd, check=False
    )


def test_cli_validate_bad_workbook_names_the_cell_and_writes_nothing(template: Path, tmp_path: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    bad = edited(template, folder, lambda b: b["Scores"].__setitem__("H16", "??"), "bad.xlsx")
    before = sorted(folder.iterdir())
    done = gscore("validate", str(bad), cwd=folder)
    assert done.returncode == 1
    assert "Scores!H16" in done.stderr
    assert "Traceback" not in done.stderr
    scored = gscore("score", str(bad), "--out", str(folder / "scored.xlsx"), cwd=folder)
    assert scored.returncode == 1
    assert sorted(folder.iterdir()) == before


def test_cli_criteria_and_score_json_from_a_workbook(template: Path, tmp_path: Path) -> None:
    done = gscore("criteria", str(template), "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    quotes = json.loads(done.stdout)["criteria"][0]["evidence"]
    assert quotes[0]["quote"] == ARTICLE.criteria[0].evidence[0].quote
    done = gscore("score", str(template), "--format", "json", cwd=tmp_path)
    results = {r["design"]: r["score"] for r in json.loads(done.stdout)["results"]}
    core = scoring.score(ARTICLE)
    assert results == pytest.approx(dict(zip(core.design_ids, core.scores.tolist(), strict=True)), abs=1e-12)


def _with_member(template: Path, out: Path, member: str, data: bytes = b"x") -> Path:
    shutil.copy(template, out)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr(member, data)
    return out


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda t, d: (d / "text.xlsx").write_text("id,score\n") and d / "text.xlsx", "not a zip archive"),
        (lambda t, d: _with_member(t, d / "macro.xlsx", "xl/vbaProject.bin"), "macros"),
        (lambda t, d: _with_member(t, d / "link.xlsx", "xl/externalLinks/externalLink1.xml"), "external links"),
        (lambda t, d: _with_member(t, d / "ole.xlsx", "xl/embeddings/oleObject1.bin"), "embedded objects"),
    ],
)
def test_unsafe_files_are_refused(
    template: Path, tmp_path: Path, make: Callable[[Path, Path], Path], reason: str
) -> None:
    path = make(template, tmp_path)
    with pytest.raises(UnsafeFileError, match=reason):
        read_workbook(path)
    done = gscore("score", str(path), cwd=tmp_path)
    assert done.returncode == 1
    assert reason in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_truncated_workbook_is_refused(template: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(template.read_bytes()[: template.stat().st_size // 2])
    with pytest.raises(UnsafeFileError, match="not a zip archive, or truncated"):
        read_workbook(cut)
