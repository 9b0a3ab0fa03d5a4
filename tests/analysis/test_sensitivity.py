"""One-way weight sensitivity: crossovers checked by re-scoring with scoring.evaluate."""

from __future__ import annotations

import numpy as np
import pytest

import scoring
from scoring.analysis.sensitivity import sensitivity, weights_along
from scoring.problem import DecisionProblem

EPS = 1e-7


def _weights_at(weights: np.ndarray, j: int, t: float) -> np.ndarray:
    return weights_along(weights, j, np.array([t]))[0]


def _best(matrix: np.ndarray, weights: np.ndarray, method: str = "wsm", **options: object) -> int:
    return int(np.argmin(scoring.evaluate(matrix, weights, method=method, **options).ranks))


@pytest.mark.parametrize("seed", range(6))
def test_crossover_weights_by_rescoring(seed: int) -> None:
    rng = np.random.default_rng(seed)
    matrix, weights = rng.random((6, 4)), rng.random(4)
    weights /= weights.sum()
    result = sensitivity(DecisionProblem.from_arrays(matrix, weights, bounds=(0, 1)))
    best = _best(matrix, weights, bounds=(0, 1))
    assert result.exact
    assert result.best == best
    for j, row in enumerate(result.to_frame().itertuples(index=False)):
        assert row.lower <= weights[j] <= row.upper
        for edge, outside, taker in ((row.lower, row.lower - EPS, row.below), (row.upper, row.upper + EPS, row.above)):
            if 0.0 < edge < 1.0:
                inside = edge + EPS if edge == row.lower else edge - EPS
                assert _best(matrix, _weights_at(weights, j, inside), bounds=(0, 1)) == best
                assert _best(matrix, _weights_at(weights, j, outside), bounds=(0, 1)) == int(taker[1:]) - 1
            else:
                assert taker == ""


@pytest.mark.parametrize("seed", range(4))
def test_closed_form_agrees_with_the_numerical_path(seed: int) -> None:
    """PROMETHEE II is linear in the weights too: its exact intervals match grid + bisection."""
    rng = np.random.default_rng(seed)
    matrix, weights = rng.random((8, 5)), rng.random(5)
    problem = DecisionProblem.from_arrays(matrix, weights, bounds=(0, 1))
    exact = sensitivity(problem)
    numeric = sensitivity(problem.with_method("topsis"))  # a grid method on the same data, as a smoke check
    assert exact.exact
    assert not numeric.exact
    linear = DecisionProblem.from_arrays(matrix, weights, method="promethee", preference="vshape", p=0.3)
    assert sensitivity(linear).exact
    # Grid + bisection reproduces the closed form when the method is linear but treated as a grid method.
    grid = sensitivity(linear, points=401)
    assert np.allclose(grid.lower, sensitivity(linear).lower, atol=1e-8)


def test_doc_example() -> None:
    result = sensitivity(DecisionProblem.from_arrays([[1.0, 0.0], [0.0, 1.0]], [0.6, 0.4]))
    assert np.column_stack([result.lower, result.upper]).tolist() == [[0.5, 1.0], [0.0, 0.5]]


@pytest.mark.parametrize("method", ["wsm", "promethee", "topsis", "vikor", "wpm"])
def test_rank_changes_swap_the_pair(method: str) -> None:
    rng = np.random.default_rng(3)
    matrix, weights = 1.0 + rng.random((5, 3)), np.array([0.5, 0.3, 0.2])
    changes = sensitivity(DecisionProblem.from_arrays(matrix, weights, method=method)).rank_changes
    assert len(changes) > 0
    higher = scoring.methods.get_method(method).higher_is_better
    for row in changes.itertuples(index=False):
        j = int(row.criterion[1:]) - 1
        a, b = int(row.ahead_below[1:]) - 1, int(row.ahead_above[1:]) - 1
        below = scoring.evaluate(matrix, _weights_at(weights, j, row.weight - 1e-6), method=method).scores
        above = scoring.evaluate(matrix, _weights_at(weights, j, row.weight + 1e-6), method=method).scores
        sign = 1 if higher else -1
        assert sign * below[a] > sign * below[b]
        assert sign * above[b] > sign * above[a]


@pytest.mark.parametrize("method", ["topsis", "vikor", "promethee", "wpm", "wsm"])
def test_a_zero_difference_at_a_grid_point_is_still_a_swap(method: str) -> None:
    """Symmetric designs swap exactly at t = 0.5, a grid point of the default 201-point grid."""
    matrix = np.array([[1.0, 3.0], [3.0, 1.0], [2.0, 2.0]])
    result = sensitivity(DecisionProblem.from_arrays(matrix, [0.3, 0.7], method=method))
    pair = result.rank_changes[
        (result.rank_changes["criterion"] == "C1")
        & (result.rank_changes[["ahead_below", "ahead_above"]].apply(set, axis=1) == {"D1", "D2"})
    ]
    assert len(pair) == 1
    assert pair["weight"].iloc[0] == pytest.approx(0.5, abs=1e-9)


def test_sweep_passes_through_the_current_weights() -> None:
    """At t = the current weight, every sweep reproduces score() exactly."""
    article = scoring.load()
    for method in ("wsm", "topsis", "vikor"):
        result = sensitivity(article, method=method)
        expected = scoring.score(article, method=method).scores
        for j, cid in enumerate(article.criterion_ids):
            t, scores = result.sweep(cid)
            here = int(np.flatnonzero(t == result.problem.weights[j])[0])
            assert np.array_equal(scores[here], expected)
    assert np.array_equal(_weights_at(np.array([0.2, 0.3, 0.5]), 1, 0.3), [0.2, 0.3, 0.5])


def test_article_set_table() -> None:
    article = scoring.load()
    result = sensitivity(article)
    table = result.to_frame()
    assert list(table.columns) == ["criterion", "weight", "lower", "upper", "best", "below", "above"]
    assert set(table["best"]) == {scoring.score(article).best}
    assert np.all(table["lower"] <= table["weight"])
    assert np.all(table["weight"] <= table["upper"])
    changes = result.leader_changes
    assert set(changes.columns) == {"criterion", "weight", "before", "after", "score"}
    assert ((changes["weight"] > 0) & (changes["weight"] < 1)).all()


@pytest.mark.parametrize("method", ["wpm", "topsis", "vikor", "promethee"])
def test_numerical_crossovers_for_other_methods(method: str) -> None:
    rng = np.random.default_rng(1)
    matrix, weights = 1.0 + rng.random((5, 3)), np.array([0.4, 0.35, 0.25])
    best = _best(matrix, weights, method)
    result = sensitivity(DecisionProblem.from_arrays(matrix, weights, method=method))
    for j, (lo, hi) in enumerate(zip(result.lower, result.upper, strict=True)):
        for edge, inside, outside in ((lo, lo + 1e-6, lo - 1e-6), (hi, hi - 1e-6, hi + 1e-6)):
            if 0.0 < edge < 1.0:
                assert _best(matrix, _weights_at(weights, j, inside), method) == best
                assert _best(matrix, _weights_at(weights, j, outside), method) != best


@pytest.mark.parametrize("method", ["topsis", "vikor", "promethee", "wpm"])
def test_single_design_stays_best_over_the_whole_sweep(method: str) -> None:
    """Found by fuzzing GS_SENSITIVITY: one design, nothing can overtake it."""
    result = sensitivity(DecisionProblem.from_arrays([[1.0, 2.0]], [0.5, 0.5], method=method))
    assert np.column_stack([result.lower, result.upper]).tolist() == [[0.0, 1.0], [0.0, 1.0]]
