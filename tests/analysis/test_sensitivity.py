"""One-way weight sensitivity: crossovers checked by re-scoring with scoring.evaluate."""

from __future__ import annotations

import numpy as np
import pytest

import scoring
from scoring.analysis import sensitivity as sens
from scoring.analysis.sensitivity import crossover_interval, rank_changes, sensitivity, sensitivity_scenario, sweep

EPS = 1e-7


def _weights_at(weights: np.ndarray, j: int, t: float) -> np.ndarray:
    return sens._weights_along(weights, j, np.array([t]))[0]


def _best(matrix: np.ndarray, weights: np.ndarray, method: str = "wsm", **options: object) -> int:
    return int(np.argmin(scoring.evaluate(matrix, weights, method=method, **options).ranks))


@pytest.mark.parametrize("seed", range(6))
def test_crossover_weights_by_rescoring(seed: int) -> None:
    rng = np.random.default_rng(seed)
    matrix, weights = rng.random((6, 4)), rng.random(4)
    weights /= weights.sum()
    result = sensitivity(matrix, weights, bounds=(0, 1))
    best = _best(matrix, weights, bounds=(0, 1))
    assert result.exact
    for j, row in enumerate(result.table.itertuples(index=False)):
        assert row.lower <= weights[j] <= row.upper
        for edge, outside, taker in ((row.lower, row.lower - EPS, row.below), (row.upper, row.upper + EPS, row.above)):
            if 0.0 < edge < 1.0:
                inside = edge + EPS if edge == row.lower else edge - EPS
                assert _best(matrix, _weights_at(weights, j, inside), bounds=(0, 1)) == best
                assert _best(matrix, _weights_at(weights, j, outside), bounds=(0, 1)) == int(taker[1:]) - 1
            else:
                assert taker == ""


def test_closed_form_agrees_with_the_numerical_path() -> None:
    rng = np.random.default_rng(42)
    matrix, weights = rng.random((8, 5)), rng.random(5)
    values, w, signs, spec, chosen = sens._prepare(matrix, weights, None, "wsm", {})
    numeric = sens._intervals_numeric(values, w, signs, spec, chosen, 201)
    exact = crossover_interval(matrix, weights)
    assert np.allclose(exact, np.column_stack(numeric[:2]), atol=1e-8)


def test_crossover_interval_doc_example() -> None:
    assert crossover_interval([[1.0, 0.0], [0.0, 1.0]], [0.6, 0.4]).tolist() == [[0.5, 1.0], [0.0, 0.5]]


def test_rank_changes_swap_the_pair() -> None:
    rng = np.random.default_rng(3)
    matrix, weights = rng.random((5, 3)), np.array([0.5, 0.3, 0.2])
    changes = rank_changes(matrix, weights, bounds=(0, 1))
    assert len(changes) > 0
    for row in changes.itertuples(index=False):
        j = int(row.criterion[1:]) - 1
        a, b = int(row.ahead_below[1:]) - 1, int(row.ahead_above[1:]) - 1
        below = scoring.evaluate(matrix, _weights_at(weights, j, row.weight - EPS), bounds=(0, 1)).scores
        above = scoring.evaluate(matrix, _weights_at(weights, j, row.weight + EPS), bounds=(0, 1)).scores
        assert below[a] > below[b]
        assert above[b] > above[a]


def test_sweep_passes_through_the_current_weights() -> None:
    rng = np.random.default_rng(5)
    matrix, weights = rng.random((4, 3)), np.array([0.2, 0.3, 0.5])
    curves = sweep(matrix, weights, points=11)
    assert curves.scores.shape == (3, 11, 4)
    for j in range(3):
        at = _weights_at(weights, j, curves.t[2])
        assert np.allclose(curves.scores[j, 2], scoring.evaluate(matrix, at).scores)
    assert np.allclose(_weights_at(weights, 1, 0.3), weights)


def test_article_set_scenario_table() -> None:
    article = scoring.load()
    result = sensitivity_scenario(article)
    assert list(result.table.columns) == ["criterion", "weight", "lower", "upper", "best", "below", "above"]
    assert set(result.table["best"]) == {scoring.score(article).best}
    assert np.all(result.table["lower"] <= result.table["weight"])
    assert np.all(result.table["weight"] <= result.table["upper"])


@pytest.mark.parametrize("method", ["wpm", "topsis", "vikor", "promethee"])
def test_numerical_crossovers_for_other_methods(method: str) -> None:
    rng = np.random.default_rng(1)
    matrix, weights = 1.0 + rng.random((5, 3)), np.array([0.4, 0.35, 0.25])
    best = _best(matrix, weights, method)
    for j, (lo, hi) in enumerate(crossover_interval(matrix, weights, method=method)):
        for edge, inside, outside in ((lo, lo + 1e-6, lo - 1e-6), (hi, hi - 1e-6, hi + 1e-6)):
            if 0.0 < edge < 1.0:
                assert _best(matrix, _weights_at(weights, j, inside), method) == best
                assert _best(matrix, _weights_at(weights, j, outside), method) != best


@pytest.mark.parametrize("method", ["topsis", "vikor", "promethee", "wpm"])
def test_single_design_stays_best_over_the_whole_sweep(method: str) -> None:
    """Found by fuzzing GS_SENSITIVITY: one design, nothing can overtake it."""
    got = sens.crossover_interval([[1.0, 2.0]], [0.5, 0.5], method=method)
    assert got.tolist() == [[0.0, 1.0], [0.0, 1.0]]
