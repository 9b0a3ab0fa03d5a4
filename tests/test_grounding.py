"""Grounding levels (quoted, inferred, assumption): the format, the widening of unranged judgments, every face."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import openpyxl
import pytest

import scoring
from scoring import spec
from scoring.errors import InputError, SpecError, WorkbookError
from scoring.model import GROUNDING_LEVELS, UNRANGED_WIDENING, Score
from scoring.problem import DecisionProblem
from scoring.workbook.reader import read_workbook
from scoring.workbook.template import write_template

JUDGED = """\
title: Grounded
criteria:
  - {id: a, name: A, direction: benefit}
  - {id: b, name: B, direction: cost}
designs:
  - {id: x, name: X}
  - {id: y, name: Y}
  - {id: z, name: Z}
scores:
  x: {a: {base: 50, grounding: quoted, rationale: q}, b: {base: 20, grounding: inferred}}
  y: {a: {base: 95, grounding: assumption}, b: {base: 5, assumption: true}}
  z: {a: {base: 40, low: 30, high: 45, assumption: false}, b: 60}
lenses:
  - {id: balanced, weights: {a: 1, b: 1}}
"""
GROUNDING_ROW = 73  # first design row of the template's grounding block (criteria from column E)


def _load(text: str = JUDGED) -> scoring.ScenarioSet:
    return spec.load_text(text, "set.yaml")


def test_grounding_levels_and_the_older_flag() -> None:
    loaded = _load()
    grounding = {(d.id, c.id): s.grounding for d, c, s in loaded.judgments()}
    assert grounding == {
        ("x", "a"): "quoted",
        ("x", "b"): "inferred",
        ("y", "a"): "assumption",
        ("y", "b"): "assumption",  # assumption: true
        ("z", "a"): "inferred",  # assumption: false claims least: inferred, not quoted
        ("z", "b"): None,  # a bare number records no grounding
    }
    assert loaded.score_of("y", "b").assumption
    assert not loaded.score_of("z", "a").assumption
    assert loaded.grounding_counts() == {"quoted": 1, "inferred": 2, "assumption": 2, "unrecorded": 1}


@pytest.mark.parametrize(
    ("judgment", "agrees"),
    [
        ("{base: 5, assumption: true, grounding: assumption}", True),
        ("{base: 5, assumption: false, grounding: quoted}", True),
        ("{base: 5, assumption: false, grounding: inferred}", True),
        ("{base: 5, assumption: true, grounding: inferred}", False),
        ("{base: 5, assumption: false, grounding: assumption}", False),
    ],
)
def test_both_forms_must_agree(judgment: str, agrees: bool) -> None:
    text = JUDGED.replace("b: {base: 5, assumption: true}", f"b: {judgment}")
    if agrees:
        assert _load(text).score_of("y", "b").grounding in GROUNDING_LEVELS
        return
    with pytest.raises(SpecError) as caught:
        _load(text)
    [problem] = caught.value.problems
    assert str(problem).startswith("set.yaml:11: scores.y.b.assumption: assumption: ")
    assert "contradicts grounding" in str(problem)
    assert "give grounding only" in str(problem)


def test_an_unknown_grounding_is_located() -> None:
    with pytest.raises(SpecError) as caught:
        _load(JUDGED.replace("grounding: quoted", "grounding: quotes"))
    assert str(caught.value.problems[0]).startswith("set.yaml:10: scores.x.a.grounding: Input should be 'quoted'")


def test_dump_writes_grounding_only_and_round_trips() -> None:
    loaded = _load()
    text = spec.dump(loaded)
    assert "assumption: true" not in text
    assert "assumption: false" not in text
    assert text.count("grounding:") == 5
    assert spec.load_text(text, "again.yaml").scores == loaded.scores
    assert spec.load_text(spec.dump(loaded, as_json=True), "again.json", is_json=True).scores == loaded.scores
    schema = spec.json_schema()["$defs"]["ScoreModel"]["properties"]
    assert set(schema["grounding"]["anyOf"][0]["enum"]) == set(GROUNDING_LEVELS)


def test_score_refuses_an_unknown_level() -> None:
    with pytest.raises(InputError, match="expected quoted, inferred, assumption or None"):
        Score(50, 50, 50, grounding="guessed")  # type: ignore[arg-type]


def test_unranged_inferred_and_assumption_judgments_are_widened() -> None:
    problem = DecisionProblem.from_scenario(_load())
    inferred, assumption = UNRANGED_WIDENING["inferred"], UNRANGED_WIDENING["assumption"]
    # values: a as is; b (cost) as 100 - level, so its range flips
    expected_low = [[50, 100 - 20 - inferred], [95 - assumption, 100 - 5 - assumption], [30, 40]]
    expected_high = [[50, 100 - 20 + inferred], [100, 100], [45, 40]]
    np.testing.assert_array_equal(problem.low, expected_low)  # quoted, ranged and unrecorded: as given
    np.testing.assert_array_equal(problem.high, expected_high)  # clipped at the top of the scale
    assert problem.widened == 3
    assert problem.provenance()["unranged_widening"] == {**UNRANGED_WIDENING, "judgments": 3}
    result = scoring.score(_load())
    assert result.provenance["unranged_widening"]["judgments"] == 3
    assert float(result.score_low[0]) < float(result.scores[0]) < float(result.score_high[0])


def test_ranged_judgments_and_the_article_set_are_not_widened() -> None:
    article = scoring.load()
    problem = DecisionProblem.from_scenario(article)
    assert problem.widened == 0
    assert "unranged_widening" not in problem.provenance()
    np.testing.assert_array_equal(problem.low, np.minimum(article.values("low"), article.values("high")))


def test_smaa_sees_the_widened_range() -> None:
    from scoring.analysis.smaa import smaa

    twins = JUDGED.replace(
        "  x: {a: {base: 50, grounding: quoted, rationale: q}, b: {base: 20, grounding: inferred}}\n"
        "  y: {a: {base: 95, grounding: assumption}, b: {base: 5, assumption: true}}\n",
        "  x: {a: {base: 50, grounding: assumption}, b: 20}\n  y: {a: {base: 50, grounding: quoted}, b: 20}\n",
    )
    result = smaa(_load(twins), samples=2000, seed=3, weight_mode="fixed")
    # x and y are equal at the base; only x's widened range moves it above and below y
    assert 0.2 < result.acceptability[0, 0] < 0.8


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("grounding") / "article.xlsx"
    write_template(scoring.load(), path)
    return path


def test_workbook_writes_grounding_as_a_validated_input_and_reads_it_back(template: Path) -> None:
    article = scoring.load()
    book = openpyxl.load_workbook(template)
    scores = book["Scores"]
    assert scores.cell(GROUNDING_ROW, 5).value == article.scores[0][0].grounding
    assert scores.cell(GROUNDING_ROW, 5).protection.locked is False
    rules = [r for r in scores.data_validations.dataValidation if r.formula1 == "GroundingLabels"]
    assert rules
    assert f"E{GROUNDING_ROW}" in rules[0].sqref
    assert read_workbook(template).scores == article.scores


def test_workbook_grounding_blank_bad_and_older_workbooks(template: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(template)
    book["Scores"].cell(GROUNDING_ROW, 5).value = None
    book["Scores"].cell(GROUNDING_ROW + 1, 6).value = "Inferred"
    book.save(tmp_path / "edited.xlsx")
    back = read_workbook(tmp_path / "edited.xlsx")
    assert back.scores[0][0].grounding is None
    assert back.scores[1][1].grounding == "inferred"

    book["Scores"].cell(GROUNDING_ROW, 5).value = "guess"
    book.save(tmp_path / "bad.xlsx")
    with pytest.raises(WorkbookError) as caught:
        read_workbook(tmp_path / "bad.xlsx")
    assert [str(p) for p in caught.value.problems] == [
        f"Scores!E{GROUNDING_ROW}: expected grounding quoted, inferred or assumption, got 'guess'"
    ]

    older = openpyxl.load_workbook(template)  # a workbook written before the grounding block
    del older.defined_names["GroundingIds"]
    older.save(tmp_path / "older.xlsx")
    flags = [[s.grounding for s in row] for row in read_workbook(tmp_path / "older.xlsx").scores]
    article = scoring.load()
    assert flags == [
        ["assumption" if s.rationale.startswith("Assumption") else None for s in row] for row in article.scores
    ]


def test_cli_lists_judgments_with_their_grounding(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "set.yaml"
    path.write_text(JUDGED, encoding="utf-8")
    out = run_cli("judgments", str(path), "--format", "json")
    assert out.exit_code == 0
    doc = json.loads(out.stdout)
    assert doc["grounding_counts"] == {"quoted": 1, "inferred": 2, "assumption": 2, "unrecorded": 1}  # as validate
    assert [(j["design"], j["criterion"], j["grounding"]) for j in doc["judgments"]][:2] == [
        ("x", "a", "quoted"),
        ("x", "b", "inferred"),
    ]
    only = json.loads(run_cli("judgments", str(path), "-g", "assumption", "-d", "y", "-f", "json").stdout)
    assert [(j["design"], j["criterion"]) for j in only["judgments"]] == [("y", "a"), ("y", "b")]
    table = run_cli("judgments", str(path), "-c", "b")
    assert "Judgments (3: 0 quoted, 1 inferred, 1 assumption, 1 unrecorded)" in table.stdout
    bad = run_cli("judgments", str(path), "--design", "w")
    assert bad.exit_code == 1
    assert "--design: unknown design 'w'" in bad.stderr
    valid = run_cli("validate", str(path))
    assert "judgments by grounding: 1 quoted, 2 inferred, 2 assumption, 1 unrecorded" in valid.stdout


def test_cli_judgments_read_whole_on_a_narrow_terminal(run_cli) -> None:  # type: ignore[no-untyped-def]
    """At 80 columns each judgment is a block: ids whole, figures on a line, the rationale wrapped under it."""
    out = run_cli("judgments", "-d", "article5_pledge", "-c", "peace_deal_dependence", env={"COLUMNS": "80"})
    assert out.exit_code == 0
    lines = out.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "article5_pledge / peace_deal_dependence (cost)" in lines
    assert "    base 75, range 60-85, confidence medium, grounding quoted" in lines
    rationale = scoring.load().score_of("article5_pledge", "peace_deal_dependence").rationale
    assert " ".join(rationale.split()) in " ".join(out.stdout.split())
    wide = run_cli("judgments", "-d", "article5_pledge", "-c", "peace_deal_dependence", env={"COLUMNS": "160"})
    header = next(line for line in wide.stdout.splitlines() if "criterion" in line)
    assert header.split()[:3] == ["design", "criterion", "base"]  # a wide terminal gets the table


def test_report_counts_each_level(tmp_path: Path) -> None:
    from scoring.analysis.settings import SmaaSettings
    from scoring.report import build_report

    html = build_report(_load(), settings=SmaaSettings(samples=200, seed=1), timestamp="2025-01-01T00:00:00+00:00")
    text = " ".join(html.split())
    assert "Of the 6 judgments, <strong>1 is quoted</strong>" in text
    assert "<strong>2 are inferred</strong>" in text
    assert "<strong>2 are assumptions</strong>" in text
    assert "1 has no grounding recorded" in text
    assert "(3 widened here)" in text
