"""``gscore score analyst.xlsx --out scored.xlsx``: a new workbook, the input untouched."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import openpyxl
import pytest
from cli_runner import gscore
from lo_recalc import named_values

import scoring
from scoring.workbook.template import write_template

ARTICLE = scoring.load()


@pytest.fixture
def analyst(tmp_path: Path) -> Path:
    template = tmp_path / "template.xlsx"
    write_template(ARTICLE, template)
    book = openpyxl.load_workbook(template)
    book["Scores"]["E13"] = 52  # an analyst's edit
    book["Weights"]["B4"] = "kyiv"
    path = tmp_path / "edited.xlsx"
    book.save(path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_scored_workbook_keeps_the_sheets_and_adds_the_core_results(analyst: Path, tmp_path: Path) -> None:
    before = digest(analyst)
    out = tmp_path / "scored.xlsx"
    done = gscore("score", str(analyst), "--out", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert digest(analyst) == before
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        *("About", "Criteria", "Weights", "Scores", "Results", "Checks", "Changes"),
        "Components",  # the article set's component model (hidden)
        "Scored",
    ]
    original = openpyxl.load_workbook(analyst)
    for name in ("Scores", "Results", "Checks", "Weights"):
        cells = {c.coordinate: c.value for row in original[name].iter_rows() for c in row}
        assert {c.coordinate: c.value for row in book[name].iter_rows() for c in row} == cells, name
    assert named_values(book, "Rank")[0].startswith("=1+SUMPRODUCT(")
    assert named_values(book, "CriterionIds") == list(ARTICLE.criterion_ids)
    with zipfile.ZipFile(out) as archive:  # the template has no Criteria name, so neither has the copy
        xml = archive.read("xl/workbook.xml")
        assert b'<definedName name="Criteria"' not in xml
        assert b"_xlnm.Criteria" not in xml
    assert book["Results"]._charts  # redrawn
    core = scoring.score(scoring.load(analyst))
    assert core.lens == "kyiv"
    scored = book["Scored"]
    header = [c.value for c in scored[4]]
    assert header[:4] == ["design", "name", "score", "rank"]
    rows = {
        scored.cell(r, 1).value: (scored.cell(r, 3).value, scored.cell(r, 4).value)
        for r in range(5, 5 + len(core.scores))
    }
    for design, total, rank in zip(core.design_ids, core.scores, core.ranks, strict=True):
        assert rows[design] == (pytest.approx(total, abs=1e-12), rank)
    provenance = {scored.cell(r, 1).value: scored.cell(r, 2).value for r in range(1, scored.max_row + 1)}
    assert provenance["input_sha256"] == before
    assert provenance["lens"] == "kyiv"


def test_rescoring_replaces_the_scored_sheet_and_refuses_the_input_as_output(analyst: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "one.xlsx", tmp_path / "two.xlsx"
    assert gscore("score", str(analyst), "--out", str(first), cwd=tmp_path).returncode == 0
    assert gscore("score", str(first), "--out", str(second), cwd=tmp_path).returncode == 0
    assert openpyxl.load_workbook(second).sheetnames.count("Scored") == 1
    before = digest(analyst)
    refused = gscore("score", str(analyst), "--out", str(analyst), "--force", cwd=tmp_path)
    assert refused.returncode == 1
    assert "input file" in refused.stderr
    assert digest(analyst) == before


def test_an_older_templates_plain_criteria_name_is_kept_as_it_was(tmp_path: Path) -> None:
    """A workbook from an older template names the ids Criteria; openpyxl would save it as _xlnm.Criteria."""
    from scoring.workbook.writer import write_scored_workbook

    template = tmp_path / "template.xlsx"
    write_template(ARTICLE, template)
    legacy = tmp_path / "legacy.xlsx"
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(legacy, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b'<definedName name="CriterionIds">', b'<definedName name="Criteria">')
            target.writestr(info, data)
    out = tmp_path / "scored.xlsx"
    write_scored_workbook(legacy, scoring.score(scoring.load(legacy)), out)
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("xl/workbook.xml")
    assert b'<definedName name="Criteria">' in xml
    assert b"_xlnm.Criteria" not in xml
