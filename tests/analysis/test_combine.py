"""Judgments combined: several analysts' sets into one, the disagreement table, group AHP."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import scenario_sets, with_levels

import scoring
from scoring import spec
from scoring.analysis.combine import DISAGREEMENT_POINTS, combine, combine_ahp, disagreement
from scoring.errors import InputError, SpecError
from scoring.weights import ahp


def _judge(scenario: scoring.ScenarioSet, design: str, criterion: str, **fields: object) -> scoring.ScenarioSet:
    i, j = scenario.design_ids.index(design), scenario.criterion_ids.index(criterion)
    rows = [list(row) for row in scenario.scores]
    rows[i][j] = dataclasses.replace(rows[i][j], **fields)  # type: ignore[arg-type]
    return dataclasses.replace(scenario, scores=tuple(tuple(row) for row in rows))


def _three() -> list[scoring.ScenarioSet]:
    article = scoring.load()
    cell = ("nato_membership", "us_participation")
    base = article.score_of(*cell)
    alice = _judge(article, *cell, base=5.0, low=0.0, high=10.0, rationale="Opposed by the US.", confidence="high")
    bob = _judge(
        article,
        *cell,
        base=40.0,
        low=30.0,
        high=60.0,
        rationale="Could change.",
        grounding="assumption",
        confidence="medium",
    )
    carol = _judge(article, *cell, base=10.0, low=5.0, high=15.0, rationale="Opposed by the US.")
    assert base.base == 5.0
    return [alice, bob, carol]


def test_each_rule_on_one_judgment() -> None:
    combined = combine(_three(), names=["alice", "bob", "carol"])
    judgment = combined.score_of("nato_membership", "us_participation")
    assert (judgment.base, judgment.low, judgment.high) == (10.0, 0.0, 60.0)  # median; span of every range
    assert judgment.rationale == "[alice, carol] Opposed by the US.\n[bob] Could change."
    assert judgment.grounding == "assumption"  # the weakest grounding any analyst recorded
    assert DISAGREEMENT_POINTS < 40.0 - 5.0
    assert judgment.confidence == "low"  # the lowest (medium), lowered one level for the 35-point spread
    untouched = combined.score_of("nato_membership", "deterrence_credibility")
    assert untouched == scoring.load().score_of("nato_membership", "deterrence_credibility")
    mean = combine(_three(), aggregate="mean", names=["a", "b", "c"]).score_of("nato_membership", "us_participation")
    assert mean.base == pytest.approx(55 / 3)


def test_the_disagreement_table_lists_the_largest_spread_first() -> None:
    table = disagreement(combine(_three(), names=["alice", "bob", "carol"]))
    assert table is not None
    assert list(table.columns[:5]) == ["design", "criterion", "alice", "bob", "carol"]
    first = table.iloc[0]
    assert (first["design"], first["criterion"], first["spread"]) == ("nato_membership", "us_participation", 35.0)
    assert first["at_stake"] == pytest.approx(first["weight"] * 35.0)
    assert len(table) == 1
    assert disagreement(scoring.load()) is None


def test_lenses_average_the_normalised_weights() -> None:
    article = scoring.load()
    doubled = dataclasses.replace(
        article,
        lenses=tuple(dataclasses.replace(x, weights=tuple((c, 2 * w) for c, w in x.weights)) for x in article.lenses),
    )
    reweighted = article.with_weights("balanced", {"deterrence_credibility": 1.0})
    combined = combine([doubled, reweighted], names=["a", "b"])
    expected = (article.weights("balanced") + reweighted.weights("balanced")) / 2
    np.testing.assert_allclose(combined.weights("balanced"), expected)
    assert "mean of 2 analysts' weights" in combined.lens("balanced").description


def test_sets_must_share_criteria_designs_and_directions() -> None:
    article = scoring.load()
    fewer = article.subset(article.design_ids[:-1])
    flipped = dataclasses.replace(
        article, criteria=(dataclasses.replace(article.criteria[0], direction="cost"), *article.criteria[1:])
    )
    with pytest.raises(InputError) as caught:
        combine([article, fewer, flipped], names=["a", "b", "c"])
    lines = [str(p) for p in caught.value.problems]
    assert lines == [
        "b: designs differ from a: missing no_guarantee",
        "c: criterion 'deterrence_credibility' is a cost here but a benefit in a",
    ]
    with pytest.raises(InputError, match="at least two sets"):
        combine([article])


@settings(max_examples=60, deadline=None)
@given(scenario=scenario_sets(), seeds=st.lists(st.integers(0, 1000), min_size=1, max_size=3))
def test_combined_ranges_span_every_analyst(scenario: scoring.ScenarioSet, seeds: list[int]) -> None:
    sets = [scenario]
    for seed in seeds:
        levels = np.random.default_rng(seed).integers(0, 101, scenario.matrix().shape).astype(float)
        sets.append(with_levels(scenario, levels))
    combined = combine(sets)
    base, low, high = combined.matrix(), combined.matrix("low"), combined.matrix("high")
    for analyst in sets:
        assert (low <= analyst.matrix("low")).all()
        assert (high >= analyst.matrix("high")).all()
    assert (low <= base).all()
    assert (base <= high).all()
    np.testing.assert_array_equal(base, np.median([s.matrix() for s in sets], axis=0))
    again = spec.load_text(spec.dump(combined), "combined.yaml")
    assert again.analysts == combined.analysts


def test_a_combined_file_keeps_the_analysts(tmp_path: Path) -> None:
    combined = combine(_three(), names=["alice", "bob", "carol"])
    scoring.save(combined, tmp_path / "combined.yaml")
    text = (tmp_path / "combined.yaml").read_text()
    assert "analysts:" in text
    loaded = scoring.load(tmp_path / "combined.yaml")
    assert loaded.analysts == combined.analysts
    notes = scoring.save(combined, tmp_path / "combined.xlsx")
    assert any("analysts' own levels" in note for note in notes)  # the workbook drops them: say so
    assert scoring.save(scoring.load(), tmp_path / "plain.xlsx") == ()
    broken = text.replace("us_participation:\n      - 5.0", "us_participatio:\n      - 5.0")
    with pytest.raises(SpecError, match="unknown criterion 'us_participatio'"):
        spec.load_text(broken, "broken.yaml")


def test_group_ahp_is_the_geometric_mean_of_the_judgments() -> None:
    first = [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]
    second = [[1, 1 / 3, 1], [3, 1, 4], [1, 1 / 4, 1]]
    group = combine_ahp([first, second], [["a", "b", "c"], ["a", "b", "c"]])
    expected = np.sqrt(np.array(first) * np.array(second))
    np.testing.assert_allclose(group.matrix, expected)
    np.testing.assert_allclose(group.matrix * group.matrix.T, 1.0)  # reciprocal
    assert group.group.cr == pytest.approx(ahp(expected).cr)
    permuted = combine_ahp([first, np.array(second)[np.ix_([2, 0, 1], [2, 0, 1])]], [["a", "b", "c"], ["c", "a", "b"]])
    np.testing.assert_allclose(permuted.matrix, expected)
    same = combine_ahp([first, first])
    np.testing.assert_allclose(same.group.weights, ahp(first).weights)
    with pytest.raises(InputError, match="expected the items a, b, c"):
        combine_ahp([first, first], [["a", "b", "c"], ["a", "b", "x"]])


def test_cli_combine(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    for name, scenario in zip(("alice", "bob", "carol"), _three(), strict=True):
        scoring.save(scenario, tmp_path / f"{name}.yaml")
    sources = [str(tmp_path / f"{n}.yaml") for n in ("alice", "bob", "carol")]
    (tmp_path / "a.csv").write_text(
        "criterion,deterrence_credibility,us_participation\ndeterrence_credibility,1,3\nus_participation,1/3,1\n"
    )
    (tmp_path / "b.csv").write_text(
        "criterion,deterrence_credibility,us_participation\ndeterrence_credibility,1,5\nus_participation,1/5,1\n"
    )
    shown = run_cli("combine", *sources, "--out", str(tmp_path / "combined.yaml"), env={"COLUMNS": "160"})
    assert shown.exit_code == 0, shown.stderr
    assert "3 analysts (alice, bob, carol) differ on 1 of 80 judgments" in shown.stdout
    assert "nato_membership" in shown.stdout
    document = json.loads(run_cli("combine", *sources, "-f", "json").stdout)
    assert document["disagreements"][0]["spread"] == 35.0
    grouped = run_cli(
        "combine",
        *sources,
        "--ahp",
        str(tmp_path / "a.csv"),
        "--ahp",
        str(tmp_path / "b.csv"),
        "--out",
        str(tmp_path / "g.xlsx"),
    )
    assert grouped.exit_code == 0, grouped.stderr
    assert "group_ahp" in scoring.load(tmp_path / "g.xlsx").lens_ids
    alone = run_cli(
        "combine", "--ahp", str(tmp_path / "a.csv"), "--ahp", str(tmp_path / "b.csv"), "--out", str(tmp_path / "g.yaml")
    )
    assert alone.exit_code == 0, alone.stderr
    assert "group CR 0.000: consistent" in alone.stdout
    assert (
        scoring.weights.derive_weights(
            "ahp", __import__("yaml").safe_load((tmp_path / "g.yaml").read_text())["pairwise"]
        ).size
        == 2
    )
    analysed = run_cli("analyze", str(tmp_path / "combined.yaml"), "--samples", "200")
    assert analysed.exit_code == 0, analysed.stderr
    report = run_cli("report", str(tmp_path / "combined.yaml"), "--samples", "200", "--out", str(tmp_path / "r.html"))
    assert report.exit_code == 0, report.stderr
    assert "Where the analysts disagree" in (tmp_path / "r.html").read_text()
    assert run_cli("combine", sources[0]).exit_code == 2
    (tmp_path / "other.csv").write_text("design,x\nA,1\nB,2\n")
    mismatch = run_cli("combine", sources[0], str(tmp_path / "other.csv"))
    assert mismatch.exit_code == 1
    assert "criteria differ from" in mismatch.stderr


def test_a_combined_file_always_loads_again(tmp_path: Path) -> None:
    """Long rationales and many analysts: the combined texts are cut to the format's caps, never past them."""
    from scoring.limits import MAX_NAME_CHARS, MAX_TEXT_CHARS

    article = scoring.load()

    def wordy(tag: str) -> scoring.ScenarioSet:
        rows = tuple(tuple(dataclasses.replace(s, rationale=f"{tag} " * 750) for s in row) for row in article.scores)
        return dataclasses.replace(article, scores=rows)

    combined = combine([wordy("alice"), wordy("bob")], names=["alice", "bob"])
    assert max(len(s.rationale) for row in combined.scores for s in row) == MAX_TEXT_CHARS
    many = combine([article] * 100)
    assert len(many.title) <= MAX_NAME_CHARS
    assert many.title.endswith("(combined: 100 analysts)")
    for made in (combined, many):
        scoring.save(made, tmp_path / "combined.yaml")
        assert scoring.load(tmp_path / "combined.yaml").analysts == made.analysts


def test_combinations_are_held_to_the_size_policy(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="101 analysts; at most 100 are combined"):
        combine([scoring.load()] * 101)
    article = scoring.load()
    points = article.lens("balanced").weight_map()
    alice, bob = article, article
    for k in range(23):  # 5 shared lenses and 23 of each analyst's own: 51 in all
        alice, bob = alice.with_weights(f"alice_{k}", points), bob.with_weights(f"bob_{k}", points)
    with pytest.raises(InputError, match="51 different lenses together; a set holds at most 50"):
        combine([alice, bob])
    source = tmp_path / "a.yaml"
    scoring.save(article, source)
    refused = run_cli("combine", *[str(source)] * 101, "--out", str(tmp_path / "c.yaml"))
    assert refused.exit_code == 1
    assert refused.stderr == "gscore: error: SOURCE: 101 analysts; at most 100 are combined\n"
    assert not (tmp_path / "c.yaml").exists()
