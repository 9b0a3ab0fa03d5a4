"""scoring.analysis.compose: every combination ranked, the branch Pareto front, marginal values, SMAA."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

import scoring
from scoring.analysis.compose import compose_all, composition, pareto_front, synthetic_set
from scoring.analysis.settings import DEFAULT_SMAA
from scoring.errors import InputError
from scoring.value_tree import branch_values

ARTICLE = scoring.load()
FOUND = composition(ARTICLE, top=5, smaa=DEFAULT_SMAA.evolve(samples=2_000))


def test_combinations_score_as_the_same_designs_would() -> None:
    """A combination that is one of the set's designs gets that design's score (where composing reproduces it)."""
    composed = FOUND.composed
    for lens in ARTICLE.lens_ids:
        scored = scoring.score(ARTICLE, lens)
        lc = FOUND.lenses[lens]
        for design in ARTICLE.designs:
            if len(design.components) > 1:
                continue  # single blocks and the empty set are reproduced exactly
            mask = sum(1 << composed.spec.component_ids.index(c) for c in design.components)
            row = composed.row_of(np.array([mask]))[0]
            assert lc.scores[row] == pytest.approx(scored.scores[ARTICLE.design_ids.index(design.id)])


@pytest.mark.parametrize("method", ["wsm", "topsis", "vikor"])
def test_top_is_the_best_ranked(method: str) -> None:
    found = composition(ARTICLE, lens="kyiv", method=method, top=4)
    lc = found.lenses["kyiv"]
    assert lc.top["rank"].tolist() == sorted(lc.top["rank"].tolist())
    assert lc.top["rank"].iloc[0] == 1
    assert set(lc.ranks[lc.top.index]) <= set(lc.ranks)
    if method == "wsm":  # separable: ranges from the composed judgments
        assert (lc.top["low"] <= lc.top["score"]).all()
        assert (lc.top["score"] <= lc.top["high"]).all()
    else:
        assert lc.top["low"].isna().all()


def test_the_ranges_of_the_top_are_the_scores_at_the_composed_ends() -> None:
    lc = FOUND.lenses["balanced"]
    rows = FOUND.composed.row_of(lc.top["mask"].to_numpy())
    low, high = FOUND.composed.ranges(rows)
    weights = ARTICLE.weights("balanced")
    np.testing.assert_allclose(lc.top["low"], low @ weights)
    np.testing.assert_allclose(lc.top["high"], high @ weights)


def test_pareto_front_against_pairwise_dominance() -> None:
    rng = np.random.default_rng(2)
    for points in (rng.integers(0, 5, (60, 3)).astype(float), rng.random((200, 4)), np.ones((5, 2))):
        front = set(pareto_front(points).tolist())
        for i, j in itertools.product(range(len(points)), repeat=2):
            dominates = np.all(points[j] >= points[i]) and np.any(points[j] > points[i])
            if dominates:
                assert i not in front
        for i in set(range(len(points))) - front:
            assert any(np.all(points[j] >= points[i]) and np.any(points[j] > points[i]) for j in front)


def test_branch_scores_are_the_value_trees() -> None:
    """The front's branch columns are each branch's own 0-100 score, as scoring.value_tree computes it."""
    lc = FOUND.lenses["balanced"]
    expected = branch_values(ARTICLE, "balanced")
    names = {b.id: b.name for b in ARTICLE.branches}
    hybrid = lc.pareto[lc.pareto["combination"] == "pledge + us_air + ground_troops"].iloc[0]
    composed = FOUND.composed
    row = composed.row_of(np.array([0b111]))[0]
    values = composed.values[row]
    for branch in expected.columns:
        members = [j for j, c in enumerate(ARTICLE.criteria) if c.branch == branch]
        weights = ARTICLE.weights("balanced")[members]
        assert hybrid[names[branch]] == pytest.approx(values[members] @ weights / weights.sum())


def test_marginal_values_are_score_differences() -> None:
    lc = FOUND.lenses["balanced"]
    composed = FOUND.composed
    scores = dict(zip(composed.masks.tolist(), lc.scores, strict=True))
    ids = composed.spec.component_ids
    for row in lc.marginal.itertuples(index=False):
        mask = sum(1 << ids.index(c) for c in row.combination.split(" + ") if c != "(none)")
        bit = 1 << ids.index(row.component)
        with_it, without = mask | bit, mask & ~bit
        if with_it in scores and without in scores:
            assert row.marginal == pytest.approx(scores[with_it] - scores[without])
            assert row.member == bool(mask & bit)
        else:
            assert np.isnan(row.marginal)


def test_smaa_over_combinations() -> None:
    smaa = FOUND.smaa
    assert smaa is not None
    assert smaa.acceptability.shape == (FOUND.composed.count, 5)
    np.testing.assert_allclose(smaa.acceptability[:, 0].sum(), 1.0, atol=1e-12)  # no ties among combinations
    assert np.all(smaa.acceptability.sum(axis=0) >= 1.0 - 1e-12)
    again = composition(ARTICLE, top=5, smaa=DEFAULT_SMAA.evolve(samples=2_000)).smaa
    assert again is not None
    np.testing.assert_array_equal(again.acceptability, smaa.acceptability)
    chunked = composition(ARTICLE, top=5, smaa=DEFAULT_SMAA.evolve(samples=2_000, chunk_size=7)).smaa
    assert chunked is not None
    np.testing.assert_array_equal(chunked.acceptability, smaa.acceptability)  # draws do not depend on the chunking


def test_smaa_with_nothing_uncertain_picks_the_best() -> None:
    fixed = DEFAULT_SMAA.evolve(samples=50, weight_mode="fixed", distribution=None)
    found = composition(ARTICLE, lens="washington", top=3, smaa=fixed)
    assert found.smaa is not None
    frame = found.smaa.to_frame()
    assert frame["best"].iloc[0] == 1.0
    assert frame["combination"].iloc[0] == found.lenses["washington"].top["combination"].iloc[0]


def test_smaa_keeps_correlation_a_component_without_effect_ranks_with_its_twin() -> None:
    """Judgments are drawn per component: a combination and the same plus a block with no effect always tie."""
    generated = synthetic_set(4, 3, seed=1, interactions=0, constraints=False)
    assert generated.composition is not None
    components = generated.composition.components
    nothing = dataclasses.replace(components[0], effects=(None,) * len(generated.criteria))
    same = dataclasses.replace(
        generated, composition=dataclasses.replace(generated.composition, components=(nothing, *components[1:]))
    )
    found = composition(same, lens="balanced", top=16, smaa=DEFAULT_SMAA.evolve(samples=500))
    assert found.smaa is not None
    rows = dict(zip(found.smaa.labels, found.smaa.acceptability, strict=True))
    for label, row in rows.items():
        parts = label.split(" + ")
        if "k0" in parts:
            twin = " + ".join(p for p in parts if p != "k0") or "(none)"
            if twin != "(none)":  # the empty combination varies with the start's range, k0 alone does not
                np.testing.assert_array_equal(row, rows[twin])


def test_smaa_over_many_combinations_keeps_the_best() -> None:
    generated = synthetic_set(9, 4, seed=3, constraints=False)
    found = composition(generated, lens="balanced", top=3, smaa=DEFAULT_SMAA.evolve(samples=100))
    small = compose_all(generated)
    from scoring.analysis._compose_smaa import composed_smaa
    from scoring.methods import get_method

    capped = composed_smaa(
        small, "balanced", get_method("wsm"), DEFAULT_SMAA.evolve(samples=100), top=3, max_designs=50
    )
    assert capped.rows.size == 50
    best = found.lenses["balanced"].top["mask"].iloc[0]
    assert best in small.masks[capped.rows]


def test_a_set_without_components_is_refused() -> None:
    plain = scoring.load().subset(["no_guarantee"])
    with pytest.raises(InputError, match="declares no components"):
        composition(dataclasses.replace(plain, composition=None))
    with pytest.raises(InputError, match="top"):
        composition(ARTICLE, top=0)


def test_tables_and_document() -> None:
    tables = FOUND.tables()
    assert {"Components", "Top", "Marginal", "SMAA"} <= set(tables)
    assert len(tables["Top"]) == 5 * len(ARTICLE.lenses)
    document = FOUND.document()
    assert document["combinations"] == 25
    assert set(document["lenses"]) == set(ARTICLE.lens_ids)
    assert document["provenance"]["combinations"] == 25
    assert document["provenance"]["smaa"]["uncertainty"].startswith("component judgments")


def test_counting_the_top_ranks_is_the_full_ranking() -> None:
    """Ranking only the best few of each draw gives the counts a full ranking gives, ties included."""
    from scoring.analysis._compose_smaa import _count_top
    from scoring.ranking import rank

    rng = np.random.default_rng(0)
    for _ in range(200):
        n = int(rng.integers(2, 60))
        top = min(int(rng.integers(1, 6)), n)
        scores = rng.integers(0, int(rng.integers(1, 30)), (7, n)).astype(float)  # many ties
        for higher in (True, False):
            counts = np.zeros((n, top), dtype=np.int64)
            _count_top(scores, higher, counts)
            ranks = rank(scores, higher_is_better=higher)
            np.testing.assert_array_equal(counts, np.stack([(ranks == r + 1).sum(axis=0) for r in range(top)], axis=1))


def test_composing_in_float32_stays_close_to_the_rule() -> None:
    generated = synthetic_set(10, 6, seed=5, constraints=False)
    composed = compose_all(generated)
    from scoring.composition import compose

    single = compose(composed.spec, composed.masks, dtype=np.float32)
    assert single.dtype == np.float32
    np.testing.assert_allclose(single, compose(composed.spec, composed.masks), atol=1e-3)


def test_the_verdict_over_combinations_follows_the_verdict_rules() -> None:
    """Same rules and thresholds as for designs: the shares are the composed SMAA's best column."""
    from scoring.analysis.settings import SmaaSettings
    from scoring.analysis.verdict import CLEAR, LIKELY, PAIR

    found = composition(scoring.load(), lens="kyiv", smaa=SmaaSettings(samples=3000, seed=4))
    assert found.verdict is not None
    shares = found.smaa.probability_best
    assert found.verdict.shares == pytest.approx(dict(zip(found.smaa.labels, shares, strict=True)))
    assert found.verdict.leader == found.lenses["kyiv"].top["combination"].iloc[0]
    lead, ranked = found.verdict.shares[found.verdict.leader], sorted(found.verdict.shares.values(), reverse=True)
    if lead >= CLEAR:
        expected = "clear"
    elif lead >= LIKELY:
        expected = "likely"
    else:
        expected = "contested" if ranked[0] + ranked[1] >= PAIR else "no robust winner"
    assert found.verdict.level == expected
    assert composition(scoring.load()).verdict is None
