"""Edits out: ``gscore convert`` between every SOURCE form; scenario file <-> workbook is lossless."""

from __future__ import annotations

import dataclasses
import shutil
from importlib import resources
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from strategies import annotated_scenario_sets, with_levels

import scoring
from scoring import spec
from scoring.spec.convert import canonical, save
from scoring.workbook.reader import read_workbook
from scoring.workbook.template import write_template


def _differences(a: scoring.ScenarioSet, b: scoring.ScenarioSet) -> list[str]:
    left, right = canonical(a), canonical(b)
    return [f.name for f in dataclasses.fields(left) if getattr(left, f.name) != getattr(right, f.name)]


def _article_folder(tmp_path: Path) -> Path:
    with resources.as_file(resources.files("scoring") / "data" / "article.txt") as text:
        shutil.copy(text, tmp_path / "article.txt")
    return tmp_path


def test_article_yaml_workbook_yaml_is_lossless(tmp_path: Path) -> None:
    folder = _article_folder(tmp_path)
    article = scoring.load()
    assert save(article, folder / "article.yaml") == ()
    first = scoring.load(folder / "article.yaml")
    assert save(first, folder / "article.xlsx") == ()
    book = scoring.load(folder / "article.xlsx")
    assert save(book, folder / "again.yaml") == ()
    again = scoring.load(folder / "again.yaml")
    for one, other in ((article, first), (first, book), (book, again), (article, again)):
        assert _differences(one, other) == []
    assert again.source.text == article.source.text  # the quotes are checked against the source again
    assert sum(s.assumption for row in again.scores for s in row) == sum(
        s.assumption for row in article.scores for s in row
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=annotated_scenario_sets())
def test_generated_sets_survive_the_workbook(tmp_path: Path, scenario: scoring.ScenarioSet) -> None:
    path = tmp_path / "generated.xlsx"
    write_template(scenario, path)
    assert _differences(scenario, read_workbook(path)) == []


@settings(max_examples=60, deadline=None)
@given(scenario=annotated_scenario_sets())
def test_generated_sets_survive_yaml_and_json(scenario: scoring.ScenarioSet) -> None:
    for as_json in (False, True):
        back = spec.load_text(spec.dump(scenario, as_json=as_json), "generated", is_json=as_json)
        assert _differences(scenario, back) == []


def test_numbers_are_written_to_the_last_bit(tmp_path: Path) -> None:
    article = scoring.load()
    tricky = 33.734939759036145  # "%.16g" would write 33.73493975903614
    edited = with_levels(article, article.matrix() * 0 + tricky, keep_ranges=False)
    write_template(edited, tmp_path / "book.xlsx")
    assert (read_workbook(tmp_path / "book.xlsx").matrix() == tricky).all()


def test_convert_between_every_form(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "table.csv").write_text("design,price,range\ndirection,cost,\nA,10,300\nB,30,500\nC,20,350\n")
    steps = [
        ("table.csv", "from-table.yaml"),
        ("from-table.yaml", "book.xlsx"),
        ("book.xlsx", "from-book.json"),
        ("from-book.json", "plain.csv"),
        ("plain.csv", "from-plain.yaml"),
    ]
    for source, out in steps:
        result = run_cli("convert", str(tmp_path / source), "--out", str(tmp_path / out))
        assert result.exit_code == 0, (source, out, result.stderr)
        assert f"wrote {tmp_path / out}" in result.stderr
    table = scoring.load(tmp_path / "table.csv")
    for name in ("from-table.yaml", "book.xlsx", "from-book.json"):
        assert _differences(table, scoring.load(tmp_path / name)) == [], name
    plain = scoring.load(tmp_path / "from-plain.yaml")
    assert (plain.matrix() == table.matrix()).all()
    assert (scoring.score(plain).scores == scoring.score(table).scores).all()


def test_convert_refuses_and_explains(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "article.yaml"
    first = run_cli("convert", "builtin", "--out", str(out))
    assert first.exit_code == 1  # "builtin" is not a file
    made = run_cli("convert", str(tmp_path / "missing.yaml"), "--out", str(out))
    assert made.exit_code == 1
    assert not out.exists()
    save(scoring.load(), tmp_path / "set.yaml")
    kept = (tmp_path / "set.yaml").read_bytes()
    again = run_cli("convert", str(tmp_path / "set.yaml"), "--out", str(tmp_path / "set.yaml"), "--force")
    assert again.exit_code == 1
    assert "refusing to overwrite the input file" in again.stderr
    assert (tmp_path / "set.yaml").read_bytes() == kept
    assert run_cli("convert", str(tmp_path / "set.yaml"), "--out", str(tmp_path / "x.txt")).exit_code == 2
    assert (
        run_cli("convert", str(tmp_path / "set.yaml"), "--lens", "kyiv", "--out", str(tmp_path / "k.yaml")).exit_code
        == 2
    )
    table = run_cli("convert", str(tmp_path / "set.yaml"), "--lens", "kyiv", "--out", str(tmp_path / "kyiv.csv"))
    assert table.exit_code == 0
    assert "note: a plain table keeps only the base levels and the points of lens 'kyiv'" in table.stderr


def test_a_source_file_that_is_not_beside_the_output_is_left_out(tmp_path: Path) -> None:
    notes = save(scoring.load(), tmp_path / "article.yaml")
    assert len(notes) == 1
    assert "source.file 'article.txt' left out" in notes[0]
    assert scoring.load(tmp_path / "article.yaml").source.file == ""


def test_workbook_edits_come_out_in_the_scenario_file(tmp_path: Path) -> None:
    import openpyxl

    write_template(scoring.load(), tmp_path / "book.xlsx")
    book = openpyxl.load_workbook(tmp_path / "book.xlsx")
    ((sheet, ref),) = book.defined_names["ScoreMatrix"].destinations
    first = book[sheet][ref.replace("$", "").split(":")[0]]
    first.value = 50.5
    ((sheet, ref),) = book.defined_names["ScoreRationale"].destinations
    book[sheet][ref.replace("$", "").split(":")[0]].value = "my own guess"
    ((sheet, ref),) = book.defined_names["ScoreGrounding"].destinations
    book[sheet][ref.replace("$", "").split(":")[0]].value = "assumption"
    book.save(tmp_path / "edited.xlsx")
    save(scoring.load(tmp_path / "edited.xlsx"), tmp_path / "edited.yaml")
    judgment = scoring.load(tmp_path / "edited.yaml").scores[0][0]
    assert (judgment.base, judgment.rationale, judgment.grounding) == (50.5, "my own guess", "assumption")
