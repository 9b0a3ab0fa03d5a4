"""Lens comparison: rank correlations against scipy / pymcdm and hand-computed WS values."""

from __future__ import annotations

import numpy as np
import pytest

import scoring
from scoring.analysis.lenses import compare_lenses, disagreement, kendall_tau_b, spearman, ws_coefficient

stats = pytest.importorskip("scipy.stats")


@pytest.mark.parametrize("seed", range(20))
def test_spearman_and_kendall_match_scipy(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 30))
    x = rng.integers(1, max(2, n // 2), n).astype(float) if seed % 2 else rng.permutation(n) + 1.0
    y = rng.integers(1, n + 1, n).astype(float)
    assert spearman(x, y) == pytest.approx(stats.spearmanr(x, y).statistic, abs=1e-12)
    assert kendall_tau_b(x, y) == pytest.approx(stats.kendalltau(x, y).statistic, abs=1e-12)


def test_ws_coefficient_by_hand() -> None:
    """WS (Sałabun and Urbaniak 2020). x = (1,2,3,4,5), y = (1,2,3,5,4):
    1 - [2^-4 * 1 / max(3, 1) + 2^-5 * 1 / max(4, 0)] = 1 - 1/48 - 1/128 = 0.97135416...
    Swapping the top two instead: 1 - [2^-1 / 4 + 2^-2 / 3] = 1 - 1/8 - 1/12 = 0.791666...
    """
    assert ws_coefficient([1, 2, 3, 4, 5], [1, 2, 3, 5, 4]) == pytest.approx(1 - 1 / 48 - 1 / 128)
    assert ws_coefficient([1, 2, 3, 4, 5], [2, 1, 3, 4, 5]) == pytest.approx(1 - 1 / 8 - 1 / 12)
    assert ws_coefficient([1, 2, 3], [1, 2, 3]) == 1.0


def test_ws_coefficient_matches_pymcdm() -> None:
    correlations = pytest.importorskip("pymcdm.correlations")
    rng = np.random.default_rng(0)
    for _ in range(10):
        x, y = rng.permutation(8) + 1.0, rng.permutation(8) + 1.0
        assert ws_coefficient(x, y) == pytest.approx(correlations.rank_similarity_coef(x, y))


def test_compare_lenses_on_the_article_set() -> None:
    article = scoring.load()
    comparison = compare_lenses(article)
    assert list(comparison.ranks.columns) == list(article.lens_ids)
    for lens in article.lens_ids:
        assert comparison.ranks[lens].tolist() == scoring.score(article, lens).ranks.tolist()
    k = len(article.lenses)
    assert len(comparison.correlations) == k * (k - 1) // 2
    table = comparison.to_frame()
    assert table.columns[0] == "design"
    assert f"rank_{article.lens_ids[0]}" in table.columns


def test_disagreement_drivers_sum_to_the_two_margins() -> None:
    article = scoring.load()
    frame = disagreement(article, "kyiv", "moscow_acceptance")
    a, b = scoring.score(article, "kyiv"), scoring.score(article, "moscow_acceptance")
    best_a, best_b = a.design_ids.index(a.best), b.design_ids.index(b.best)
    margins = (a.scores[best_a] - a.scores[best_b]) + (b.scores[best_b] - b.scores[best_a])
    assert frame["driver"].sum() == pytest.approx(margins)
    assert frame["share"].sum() == pytest.approx(1.0)
    same = disagreement(article, "kyiv", "kyiv")
    assert np.all(same["driver"] == 0)
    assert np.all(same["share"] == 0)
