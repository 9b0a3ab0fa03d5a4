"""The ``composition:`` block of scenario files: composed scores, located errors, dumps, schema."""

from __future__ import annotations

from pathlib import Path

import pytest

import scoring
from scoring import spec
from scoring.errors import SpecError

COMPOSED = """\
title: Blocks
criteria:
  - {id: a, name: A, direction: benefit}
  - {id: b, name: B, direction: cost}
designs:
  - {id: none, name: Nothing, components: []}
  - {id: p, name: P alone, components: [p]}
  - {id: pq, name: P and Q, components: [p, q]}
  - {id: judged, name: Judged, components: [q]}
scores:
  none: {a: 0, b: {base: 10, low: 0, high: 20}}
  p: {a: {base: 50, low: 40, high: 60}, b: 30}
  judged: {a: 99}
lenses:
  - {id: balanced, weights: {a: 1, b: 1}}
composition:
  start: none
  rules:
    b: {mode: weakest, rationale: the worst part}
  components:
    - {id: p, name: P, alone: p}
    - {id: q, name: Q, effects: {a: {base: 50, low: 30, high: 70}, b: 60}}
  interactions:
    - {between: [p, q], criterion: a, kind: synergy, share: 20}
  constraints:
    - {at_most: 2}
"""


def _errors(text: str) -> list[str]:
    with pytest.raises(SpecError) as caught:
        spec.load_text(text, "set.yaml")
    return [str(p) for p in caught.value.problems]


def test_missing_scores_are_composed_and_judged_ones_kept() -> None:
    loaded = spec.load_text(COMPOSED, "set.yaml")
    composition = loaded.composition
    assert composition is not None
    assert composition.component_ids == ("p", "q")
    # p and q accumulate on a (overlap 0.5): gains 0.5 and 0.5 -> 0.5 + 0.5 * 0.25 = 0.625, then the synergy 20%
    pq = loaded.score_of("pq", "a")
    assert pq.base == pytest.approx(62.5 + 0.2 * 37.5)
    assert pq.low <= pq.base <= pq.high
    assert pq.rationale.startswith("Composed (accumulate, overlap 0.5) from p 50, q 50; synergy p+q 20%")
    # b is a cost criterion combined by its weakest part: the higher level of the two
    assert loaded.score_of("pq", "b").base == 60
    assert loaded.score_of("judged", "a").base == 99  # given: kept
    assert loaded.score_of("judged", "b").base == 60  # missing: q alone
    assert ("judged", "b") in composition.derived
    assert ("judged", "a") not in composition.derived
    assert composition.start[1].high == 20  # the start design's judgments, ranges included


def test_composed_confidence_and_grounding_are_the_weakest_used() -> None:
    text = COMPOSED.replace(
        "effects: {a: {base: 50, low: 30, high: 70}",
        "effects: {a: {base: 50, low: 30, high: 70, confidence: low, grounding: assumption}",
    )
    loaded = spec.load_text(text, "set.yaml")
    score = loaded.score_of("pq", "a")
    assert (score.confidence, score.grounding) == ("low", "assumption")


def test_dump_round_trip_keeps_the_composition_and_leaves_composed_scores_out() -> None:
    loaded = spec.load_text(COMPOSED, "set.yaml")
    data = spec.to_dict(loaded)
    assert "pq" not in data["scores"]
    assert set(data["scores"]["judged"]) == {"a"}
    assert data["composition"]["components"][0] == {"id": "p", "name": "P", "description": "", "alone": "p"}
    again = spec.load_text(spec.dump(loaded), "again.yaml")
    assert again.scores == loaded.scores
    assert again.composition == loaded.composition
    json_again = spec.load_text(spec.dump(loaded, as_json=True), "again.json", is_json=True)
    assert json_again.composition == loaded.composition


def test_the_article_set_round_trips() -> None:
    article = scoring.load()
    again = spec.load_text(spec.dump(article), "article.yaml")
    assert again.composition == article.composition
    assert again.scores == article.scores


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("components: [p, q]}", "components: [p, r]}", "designs[2].components[1]: unknown component 'r'"),
        ("start: none", "start: nowhere", "composition.start: unknown design 'nowhere'"),
        ("    b: {mode: weakest", "    z: {mode: weakest", "composition.rules.z: unknown criterion 'z'"),
        ("alone: p}", "alone: pp}", "composition.components[0].alone: unknown design 'pp'"),
        ("effects: {a: {base", "effects: {c: {base", "composition.components[1].effects.c: unknown criterion 'c'"),
        ("between: [p, q]", "between: [p, x]", "composition.interactions[0].between[1]: unknown component 'x'"),
        ("between: [p, q]", "between: [p, p]", "an interaction needs two different components"),
        ("criterion: a, kind", "criterion: c, kind", "composition.interactions[0].criterion: unknown criterion 'c'"),
        ("{at_most: 2}", "{at_most: 1}", "designs[2].components: breaks a constraint: at most 1 of the components"),
        ("{at_most: 2}", "{requires: [q, x]}", "composition.constraints[0].requires[1]: unknown component 'x'"),
        ("{at_most: 2}", "{excludes: [p, q]}", "designs[2].components: breaks a constraint: p cannot go with: q"),
        ("{at_most: 2}", "{requires: [q, p]}", "designs[3].components: breaks a constraint: q requires one of: p"),
        ("{at_most: 2}", "{at_most: 2, excludes: [p, q]}", "expected exactly one of requires, excludes or at_most"),
        ("{at_most: 2}", "{excludes: [p, q], of: [p]}", "composition.constraints[0].of: `of` goes with at_most"),
        ("    - {id: p, name: P, alone: p}", "    - {id: q, name: P, alone: p}", "duplicate component 'q'"),
        (
            "    - {id: p, name: P, alone: p}",
            "    - {id: p, name: P}",
            "a component needs `alone` (a design) or `effects`",
        ),
        ("share: 20}", "share: 120}", "composition.interactions[0].share"),
        ("mode: weakest", "mode: sometimes", "composition.rules.b.mode"),
        ("start: none", "start: {a: 5}", "composition.start: missing start levels on: b"),
    ],
)
def test_errors_are_located(old: str, new: str, expected: str) -> None:
    assert old in COMPOSED
    found = _errors(COMPOSED.replace(old, new))
    assert any(expected in line and line.startswith("set.yaml:") for line in found), found


def test_a_start_design_needs_every_score() -> None:
    text = COMPOSED.replace("  none: {a: 0, b: {base: 10, low: 0, high: 20}}\n", "  none: {a: 0}\n")
    assert any("design 'none' has no score on: b" in line for line in _errors(text))


def test_without_a_composition_missing_scores_are_still_errors() -> None:
    text = COMPOSED[: COMPOSED.index("composition:")]
    assert any("missing scores for design 'pq'" in line for line in _errors(text))


def test_component_evidence_is_checked_against_the_source(tmp_path: Path) -> None:
    (tmp_path / "source.txt").write_text("The pledge would promise to back Ukraine's security.", encoding="utf-8")
    text = COMPOSED.replace("title: Blocks\n", "title: Blocks\nsource: {file: source.txt}\n")
    good = text.replace("alone: p}", "alone: p, evidence: [{quote: promise to back Ukraine's security}]}")
    path = tmp_path / "good.yaml"
    path.write_text(good, encoding="utf-8")
    assert scoring.load(path).composition.components[0].evidence[0].quote == "promise to back Ukraine's security"  # type: ignore[union-attr]
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.replace("promise to back", "pledge to back"), encoding="utf-8")
    with pytest.raises(
        SpecError, match=r"composition\.components\.0\.evidence\.0\.quote|components\[0\]\.evidence\[0\]\.quote"
    ):
        scoring.load(bad)


def test_the_schema_describes_the_block() -> None:
    schema = spec.json_schema()
    assert "composition" in schema["properties"]
    assert "CompositionModel" in schema["$defs"]
    assert set(schema["$defs"]["ConstraintModel"]["properties"]) == {
        "requires",
        "excludes",
        "at_most",
        "of",
        "rationale",
    }
