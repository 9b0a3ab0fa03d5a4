"""Additive scoring through the contract entry points: hand-computed cases and invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import scoring
from scoring.errors import InvalidMatrixError, InvalidWeightsError, UnknownNameError
from scoring.problem import DecisionProblem

ARTICLE = scoring.load()


def test_local_scale_by_hand() -> None:
    # column 1 (max): 7 -> 0, 9 -> 1, 8 -> 0.5; column 2 (min): 200 -> 0.5, 300 -> 0, 100 -> 1
    result = scoring.evaluate([[7, 200], [9, 300], [8, 100]], [1, 1], ["max", "min"])
    np.testing.assert_allclose(result.scores, [0.25, 0.5, 0.75])
    assert result.ranks.tolist() == [3, 2, 1]


def test_global_scale_by_hand() -> None:
    result = scoring.evaluate([[50, 20], [80, 60]], [3, 1], ["max", "min"], bounds=(0, 100))
    np.testing.assert_allclose(result.scores, [0.75 * 0.5 + 0.25 * 0.8, 0.75 * 0.8 + 0.25 * 0.4])


def test_local_and_global_scales_can_rank_differently() -> None:
    """Adding a design changes local-scale ranks of the others (DCLG manual, ch. 6)."""
    two = [[60, 40], [40, 55]]
    three = [*two, [0, 100]]

    def a_minus_b(matrix: list[list[int]], **options: object) -> float:
        scores = scoring.evaluate(matrix, [0.5, 0.5], **options).scores
        return round(float(scores[0] - scores[1]), 12)

    assert a_minus_b(two) == 0  # a tie on the local scale of two designs ...
    assert a_minus_b(three) > 0  # ... broken by adding a third design
    assert a_minus_b(two, bounds=(0, 100)) == a_minus_b(three, bounds=(0, 100)) == 0.025


def test_constant_column_and_all_equal_designs() -> None:
    result = scoring.evaluate([[5, 1], [5, 2]], [1, 1])
    np.testing.assert_allclose(result.scores, [0.5, 1.0])
    tied = scoring.evaluate([[3, 3], [3, 3], [3, 3]], [1, 2])
    assert tied.ranks.tolist() == [1, 1, 1]


def test_scenario_score_is_the_weighted_average_of_values() -> None:
    result = scoring.score(ARTICLE, lens="kyiv")
    weights = ARTICLE.weights("kyiv")
    expected = ARTICLE.values() @ weights
    np.testing.assert_allclose(result.scores, expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose(result.contributions.sum(axis=1), result.scores, atol=1e-12)
    assert np.all(result.score_low <= result.scores + 1e-12)
    assert np.all(result.scores <= result.score_high + 1e-12)


def test_cost_criteria_count_as_100_minus_level() -> None:
    cost = [j for j, c in enumerate(ARTICLE.criteria) if c.direction == "cost"]
    assert cost
    values = ARTICLE.values()
    np.testing.assert_allclose(values[:, cost], 100 - ARTICLE.matrix()[:, cost])


def test_result_table_and_records() -> None:
    result = scoring.score(ARTICLE)
    table = result.table
    assert list(table.columns[:6]) == ["design", "name", "score", "rank", "low", "high"]
    assert table["rank"].is_monotonic_increasing
    records = result.records()
    assert records[0]["design"] == result.best
    assert set(records[0]["contributions"]) == set(ARTICLE.criterion_ids)
    with pytest.raises(ValueError, match="read-only"):
        result.scores[0] = 1.0


def test_bad_input_names_the_argument_and_cell() -> None:
    with pytest.raises(InvalidMatrixError, match=r"matrix: row 2, column 1 is nan"):
        scoring.evaluate([[1, 2], [float("nan"), 3]], [1, 1])
    with pytest.raises(InvalidWeightsError, match=r"weights: expected 2 weights"):
        scoring.evaluate([[1, 2]], [1, 1, 1])
    with pytest.raises(InvalidWeightsError, match=r"weight 2 is -1"):
        scoring.evaluate([[1, 2]], [1, -1])
    with pytest.raises(InvalidWeightsError, match=r"sum to more than 0 \(got 0\)"):
        scoring.evaluate([[1, 2]], [0, 0])
    with pytest.raises(InvalidMatrixError, match=r"direction 2 is \'up\'"):
        scoring.evaluate([[1, 2]], [1, 1], ["max", "up"])
    with pytest.raises(UnknownNameError, match="expected one of: promethee, topsis, vikor, wpm, wsm"):
        scoring.evaluate([[1, 2]], [1, 1], method="electre")
    with pytest.raises(UnknownNameError, match="does not take 'v'"):
        scoring.evaluate([[1, 2]], [1, 1], method="wsm", v=0.3)
    with pytest.raises(UnknownNameError, match="unknown lens 'paris'"):
        scoring.score(ARTICLE, lens="paris")


# --- invariants (hypothesis) ---------------------------------------------------------------


def _problems() -> st.SearchStrategy[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    @st.composite
    def build(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        n = draw(st.integers(2, 8))
        m = draw(st.integers(1, 6))
        matrix = draw(arrays(np.float64, (n, m), elements=st.integers(0, 100).map(float)))
        weights = draw(arrays(np.float64, (m,), elements=st.integers(1, 50).map(float)))
        directions = draw(arrays(np.int8, (m,), elements=st.sampled_from([1, -1])))
        return matrix, weights, directions

    return build()


@settings(max_examples=150, deadline=None)
@given(_problems(), st.floats(0.01, 1000))
def test_rescaling_weights_keeps_scores(problem: tuple[np.ndarray, ...], factor: float) -> None:
    matrix, weights, directions = problem
    base = scoring.evaluate(matrix, weights, directions)
    scaled = scoring.evaluate(matrix, weights * factor, directions)
    np.testing.assert_allclose(base.scores, scaled.scores, atol=1e-12)
    assert base.ranks.tolist() == scaled.ranks.tolist()


@settings(max_examples=150, deadline=None)
@given(_problems(), st.randoms(use_true_random=False))
def test_permuting_designs_permutes_results(problem: tuple[np.ndarray, ...], rnd: object) -> None:
    matrix, weights, directions = problem
    order = np.random.default_rng(len(matrix)).permutation(len(matrix))
    base = scoring.evaluate(matrix, weights, directions)
    moved = scoring.evaluate(matrix[order], weights, directions)
    np.testing.assert_allclose(moved.scores, base.scores[order], atol=1e-12)
    assert moved.ranks.tolist() == base.ranks[order].tolist()


@settings(max_examples=150, deadline=None)
@given(_problems(), st.booleans())
def test_a_dominated_design_never_outranks_its_dominator(problem: tuple[np.ndarray, ...], global_scale: bool) -> None:
    matrix, weights, directions = problem
    better = np.where(directions > 0, np.minimum(matrix[0] + 5, 100), np.maximum(matrix[0] - 5, 0))
    matrix = np.vstack([matrix, better])  # the last design weakly dominates the first
    options = {"bounds": (0, 100)} if global_scale else {}
    result = scoring.evaluate(matrix, weights, directions, **options)
    assert result.ranks[-1] <= result.ranks[0]
    assert result.scores[-1] >= result.scores[0] - 1e-12


@pytest.mark.parametrize("method", scoring.method_names())
def test_every_method_scores_the_article_set(method: str) -> None:
    result = scoring.score(ARTICLE, method=method)
    assert result.method == method
    assert np.all(np.isfinite(result.scores))
    assert sorted(result.ranks.tolist())[0] == 1
    assert result.provenance["method"] == method
    problem = DecisionProblem.from_scenario(ARTICLE, None, method)
    again = scoring.evaluate(problem.matrix, problem.weights, problem.directions, method=method, **problem.options)
    np.testing.assert_allclose(result.scores, again.scores * problem.scale, atol=1e-12)
    np.testing.assert_array_equal(result.ranks, again.ranks)


def test_every_method_scores_the_value_scores() -> None:
    """One mapping for every method: cost levels inverted, ranges as [unfavourable, favourable]."""
    for method in scoring.method_names():
        problem = DecisionProblem.from_scenario(ARTICLE, None, method)
        np.testing.assert_array_equal(problem.matrix, ARTICLE.values())
        assert problem.directions.tolist() == [1] * len(ARTICLE.criteria)
        assert np.all(problem.low <= problem.matrix)
        assert np.all(problem.matrix <= problem.high)
    assert DecisionProblem.from_scenario(ARTICLE, None, "wpm").options == {"offset": 1.0}
    assert DecisionProblem.from_scenario(ARTICLE, None, "wpm", offset=5.0).options == {"offset": 5.0}
    wsm = DecisionProblem.from_scenario(ARTICLE)
    assert wsm.scale == 100.0
    assert [b.tolist() for b in wsm.options["bounds"]] == [[0.0] * 10, [100.0] * 10]
