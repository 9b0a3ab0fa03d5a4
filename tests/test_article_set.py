"""The built-in article scenario set: complete, traceable to the article, defensible."""

from __future__ import annotations

import re
from importlib import resources

import numpy as np
import pytest

import scoring

ARTICLE = scoring.load()
DESIGN_IDS = {
    "article5_pledge",
    "air_support_only",
    "multinational_troops",
    "hybrid_troops_air_pledge",
    "intel_and_resources",
    "nato_membership",
    "moscow_negotiated",
    "no_guarantee",
}
LENS_IDS = {"balanced", "kyiv", "washington", "european_coalition", "moscow_acceptance"}


def _article_text() -> str:
    return (resources.files("scoring") / "data" / "article.txt").read_text(encoding="utf-8")


def test_the_shipped_article_is_the_source_article() -> None:
    assert "implying a Russian veto over defenses for Ukraine" in _article_text()
    assert ARTICLE.source.text == _article_text()


@pytest.mark.parametrize("criterion", ARTICLE.criteria, ids=lambda c: c.id)
def test_every_quote_occurs_verbatim_in_the_article(criterion: scoring.Criterion) -> None:
    text = _article_text()
    assert criterion.evidence, f"{criterion.id} has no evidence"
    for evidence in criterion.evidence:
        assert evidence.quote in text, evidence.quote


def test_contract_content() -> None:
    assert len(ARTICLE.criteria) >= 8
    assert set(ARTICLE.design_ids) == DESIGN_IDS
    assert set(ARTICLE.lens_ids) == LENS_IDS
    assert ARTICLE.default_lens == "balanced"
    assert {c.direction for c in ARTICLE.criteria} == {"benefit", "cost"}


@pytest.mark.parametrize("criterion", ARTICLE.criteria, ids=lambda c: c.id)
def test_scales_are_anchored_and_in_a_branch(criterion: scoring.Criterion) -> None:
    levels = {level for level, _ in criterion.scale}
    assert {0.0, 50.0, 100.0} <= levels
    assert all(label.strip() for _, label in criterion.scale)
    assert criterion.branch in {b.id for b in ARTICLE.branches}


def test_every_judgment_is_complete_and_honest_about_assumptions() -> None:
    for design, row in zip(ARTICLE.designs, ARTICLE.scores, strict=True):
        for criterion, score in zip(ARTICLE.criteria, row, strict=True):
            where = f"{design.id}/{criterion.id}"
            assert 0 <= score.low <= score.base <= score.high <= 100, where
            assert len(score.rationale.split()) >= 4, where  # a sentence, not a tag
            if score.assumption:
                assert score.rationale.startswith("Assumption"), where
                assert score.confidence == "low", where
                assert score.high - score.low >= 30, where


def test_lenses_have_descriptions_and_differ() -> None:
    weights = np.array([ARTICLE.weights(lens.id) for lens in ARTICLE.lenses])
    assert all(lens.description for lens in ARTICLE.lenses)
    assert len({tuple(np.round(w, 6)) for w in weights}) == len(ARTICLE.lenses)


def test_ids_are_snake_case() -> None:
    for ident in (*ARTICLE.criterion_ids, *ARTICLE.design_ids, *ARTICLE.lens_ids):
        assert re.fullmatch(r"[a-z][a-z0-9_]*", ident), ident


def test_no_design_wins_on_every_criterion() -> None:
    values = ARTICLE.values()
    best = values.max(axis=0)
    assert not np.any(np.all(values == best, axis=1))


def test_baseline_is_not_preferred_under_balanced() -> None:
    result = scoring.score(ARTICLE)
    ranks = dict(zip(result.design_ids, result.ranks.tolist(), strict=True))
    assert ranks["no_guarantee"] >= len(ARTICLE.designs) - 1
