"""Versions compared: every change listed, and each design's move attributed to the edits."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from strategies import edited_pairs

import scoring
from scoring.analysis.diff import EXACT, ONE_AT_A_TIME, diff
from scoring.errors import UnknownNameError


def _edit(scenario: scoring.ScenarioSet, design: str, criterion: str, base: float) -> scoring.ScenarioSet:
    i, j = scenario.design_ids.index(design), scenario.criterion_ids.index(criterion)
    rows = [list(row) for row in scenario.scores]
    old = rows[i][j]
    rows[i][j] = dataclasses.replace(old, base=base, low=min(base, old.low), high=max(base, old.high))
    return dataclasses.replace(scenario, scores=tuple(tuple(row) for row in rows))


def _points(scenario: scoring.ScenarioSet, lens: str, **points: float) -> scoring.ScenarioSet:
    lenses = tuple(
        dataclasses.replace(x, weights=tuple({**x.weight_map(), **points}.items())) if x.id == lens else x
        for x in scenario.lenses
    )
    return dataclasses.replace(scenario, lenses=lenses)


@settings(max_examples=200, deadline=None)
@given(pair=edited_pairs())
def test_exact_parts_add_up_to_the_change(pair: tuple[scoring.ScenarioSet, scoring.ScenarioSet]) -> None:
    old, new = pair
    found = diff(old, new)
    assert found.attribution == EXACT
    old_scores = scoring.score(old).scores
    new_scores = scoring.score(new).scores
    rows_old = [old.design_ids.index(d) for d in found.design_ids]
    rows_new = [new.design_ids.index(d) for d in found.design_ids]
    change = new_scores[rows_new] - old_scores[rows_old]
    np.testing.assert_allclose(found.parts_total(), change, rtol=0, atol=1e-9)
    np.testing.assert_allclose(found.interaction, 0.0, atol=1e-9)
    # weight edits and score edits are separate; a score edit moves only its own design
    assert found.weight_parts.shape == (len(found.design_ids), len(found.weight_columns))
    unedited = np.isnan(found.old_levels) | (found.old_levels == found.new_levels)
    assert np.all(found.score_parts[unedited & ~found.direction_changed] == 0.0)


@settings(max_examples=60, deadline=None)
@given(pair=edited_pairs(structural=False))
def test_one_at_a_time_is_labelled_and_leaves_interaction(
    pair: tuple[scoring.ScenarioSet, scoring.ScenarioSet],
) -> None:
    old, new = pair
    found = diff(old, new, method="topsis")
    assert found.attribution == ONE_AT_A_TIME
    np.testing.assert_allclose(found.parts_total() + found.interaction, found.change, atol=1e-12)


def test_a_lone_edit_gets_the_whole_change() -> None:
    article = scoring.load()
    lowered = _edit(article, "nato_membership", "deterrence_credibility", 50.0)
    found = diff(article, lowered)
    row = found.design_ids.index("nato_membership")
    j = found.criterion_ids.index("deterrence_credibility")
    assert found.score_parts[row, j] == pytest.approx(found.change[row], abs=1e-12)
    assert np.count_nonzero(found.change) == 1
    reweighted = diff(article, _points(article, "balanced", escalation_risk=30.0))
    assert reweighted.weight_parts.shape[1] == 1
    np.testing.assert_allclose(reweighted.weight_parts[:, 0], reweighted.change, atol=1e-12)


def test_alike_edits_get_equal_parts() -> None:
    criteria = tuple(scoring.Criterion(c, c.upper()) for c in ("a", "b", "c"))
    scores = ((scoring.Score(80, 80, 80), scoring.Score(80, 80, 80), scoring.Score(20, 20, 20)),)
    lens = scoring.Lens("l", "L", weights=(("a", 1.0), ("b", 1.0), ("c", 2.0)))
    old = scoring.ScenarioSet("t", criteria, (scoring.Design("x", "X"),), scores, (lens,), "l")
    new = _points(old, "l", a=3.0, b=3.0)
    found = diff(old, new)
    assert found.weight_parts[0, 0] == pytest.approx(found.weight_parts[0, 1])
    assert found.weight_parts.sum() == pytest.approx(found.change[0])


def test_the_issue_example_reads_in_plain_words() -> None:
    article = _edit(scoring.load(), "nato_membership", "us_participation", 30.0)
    now = _edit(article, "nato_membership", "us_participation", 5.0)
    now = _points(now, "balanced", russian_acceptance=14.0)
    found = diff(article, now)
    sentence = next(s for s in found.rank_changes() if s.startswith("NATO membership"))
    assert re.match(
        r"NATO membership \(reference\) fell from 1st to \d+(st|nd|rd|th): US participation cut from 30 to 5 "
        r"\(-\d\.\d points\), weight of Russian acceptance raised from 10 to 14 points \(-\d\.\d points\)",
        sentence,
    ), sentence
    parts = found.parts("nato_membership")
    assert list(parts["kind"]) == ["score", "weight"]
    assert parts["part"].sum() == pytest.approx(found.change[found.design_ids.index("nato_membership")])
    with pytest.raises(UnknownNameError, match="unknown design 'nato'"):
        found.parts("nato")


def test_every_change_is_listed(tmp_path: Path) -> None:
    article = scoring.load()
    criteria = (*article.criteria[1:], dataclasses.replace(article.criteria[0], name="Deterrence (renamed)"))
    order = [article.criterion_ids.index(c.id) for c in criteria]
    new = dataclasses.replace(
        article,
        criteria=criteria,
        scores=tuple(tuple(row[j] for j in order) for row in article.scores),
        designs=(dataclasses.replace(article.designs[0], description="changed"), *article.designs[1:]),
    ).with_weights("mine", {"deterrence_credibility": 1})
    new = dataclasses.replace(new, default_lens="balanced")
    new = _edit(new, "no_guarantee", "escalation_risk", 1.0)
    found = diff(article, new)
    table = found.change_table()
    listed = set(zip(table["kind"], table["item"], table["field"], strict=True))
    assert ("criterion", "deterrence_credibility", "name") in listed
    assert ("design", "article5_pledge", "description") in listed
    assert ("lens", "mine", "added") in listed
    assert ("set", "", "criterion order") in listed
    assert ("judgment", "no_guarantee/escalation_risk", "base") in listed
    assert found.lenses_added == ("mine",)
    assert json.loads(json.dumps(found.to_dict()))["lenses_added"] == ["mine"]


def test_the_lens_must_be_in_both_versions() -> None:
    article = scoring.load()
    with pytest.raises(UnknownNameError, match="lens 'mine' is not in the old version"):
        diff(article, article.with_weights("mine", {"deterrence_credibility": 1}))


def test_cli_diff_in_every_format(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    old = _edit(scoring.load(), "nato_membership", "us_participation", 30.0)
    new = _points(_edit(old, "nato_membership", "us_participation", 5.0), "balanced", russian_acceptance=14.0)
    scoring.save(old, tmp_path / "old.yaml")
    scoring.save(new, tmp_path / "new.xlsx")
    table = run_cli("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.xlsx"))
    assert table.exit_code == 0, table.stderr
    said = " ".join(table.stdout.split())  # the terminal is 80 columns wide: lines wrap
    assert "Why the ranking moved" in said
    assert "US participation cut from 30 to 5" in said
    document = json.loads(run_cli("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.xlsx"), "-f", "json").stdout)
    nato = next(d for d in document["designs"] if d["design"] == "nato_membership")
    assert sum(p["part"] for p in nato["parts"]) == pytest.approx(nato["change"], abs=1e-9)
    markdown = run_cli("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.xlsx"), "--method", "topsis", "-f", "md")
    assert "one-at-a-time" in markdown.stdout
    logged = run_cli(
        "diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.xlsx"), "--out", str(tmp_path / "d.md"),
        "--changes-workbook", str(tmp_path / "logged.xlsx"),
    )  # fmt: skip
    assert logged.exit_code == 0, logged.stderr
    assert (tmp_path / "d.md").read_text().startswith("# From")
    import openpyxl

    rows = list(openpyxl.load_workbook(tmp_path / "logged.xlsx")["Changes"].iter_rows(min_row=5, values_only=True))
    logged_rows = [row[2] for row in rows if row[2]]
    assert "weight balanced/russian_acceptance: points 10 -> 14" in logged_rows
    assert "nato_membership / us_participation: base 30 -> 5" in logged_rows
    assert "set: source file (none) -> article.txt" in logged_rows  # the YAML was written away from article.txt
    assert scoring.load(tmp_path / "logged.xlsx").design_ids == new.design_ids
    assert run_cli("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.xlsx"), "--lens", "nope").exit_code == 2
    assert run_cli("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.xlsx"), "--out", "x.txt").exit_code == 2


def test_reweighting_a_lens_changes_only_its_points() -> None:
    article = scoring.load()
    revised = article.with_weights("balanced", {**article.lens("balanced").weight_map(), "escalation_risk": 30})
    assert revised.lens("balanced").name == article.lens("balanced").name
    assert [lens.id for lens in revised.lenses] == [lens.id for lens in article.lenses]
    assert [(c.kind, c.field) for c in diff(article, revised).changes] == [("weight", "points")]
