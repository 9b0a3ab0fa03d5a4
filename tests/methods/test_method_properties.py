"""Hypothesis properties every aggregation method should have.

Dominance: a design that dominates another never ranks worse for wsm, wpm, TOPSIS and
PROMETHEE II (each is monotone in every criterion), and also for VIKOR (S and R are
monotone, so Q is). None of them is *strictly* guaranteed to separate a dominated
design: with a zero weight on the criteria where the dominance is strict, or VIKOR
with v = 0 (R only), the two designs may tie. Ties share the better rank, so the
property is tested as "rank of the dominator <= rank of the dominated".
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import METHOD_OPTIONS, Problem, problems

import scoring
from scoring.analysis.dominance import dominance
from scoring.problem import DecisionProblem

METHODS = sorted(METHOD_OPTIONS)
SETTINGS = settings(max_examples=60, deadline=None)


def _evaluate(problem: Problem, method: str, **changes: object) -> scoring.Result:
    matrix = changes.get("matrix", problem.matrix)
    weights = changes.get("weights", problem.weights)
    directions = changes.get("directions", problem.directions)
    return scoring.evaluate(matrix, weights, directions, method=method, **METHOD_OPTIONS[method])


@pytest.mark.parametrize("method", METHODS)
@SETTINGS
@given(problem=problems(), factor=st.floats(0.01, 100.0))
def test_weights_scale_free(method: str, problem: Problem, factor: float) -> None:
    base = _evaluate(problem, method)
    scaled = _evaluate(problem, method, weights=problem.weights * factor)
    np.testing.assert_allclose(scaled.scores, base.scores, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("method", METHODS)
@SETTINGS
@given(problem=problems(), data=st.data())
def test_permuting_designs_permutes_scores(method: str, problem: Problem, data: st.DataObject) -> None:
    order = np.array(data.draw(st.permutations(range(problem.matrix.shape[0]))), dtype=int)
    base = _evaluate(problem, method)
    permuted = _evaluate(problem, method, matrix=problem.matrix[order])
    np.testing.assert_allclose(permuted.scores, base.scores[order], rtol=1e-9, atol=1e-12)
    assert permuted.ranks.tolist() == base.ranks[order].tolist()


@pytest.mark.parametrize("method", METHODS)
@SETTINGS
@given(problem=problems(), data=st.data())
def test_permuting_criteria_changes_nothing(method: str, problem: Problem, data: st.DataObject) -> None:
    order = np.array(data.draw(st.permutations(range(problem.matrix.shape[1]))), dtype=int)
    base = _evaluate(problem, method)
    permuted = _evaluate(
        problem,
        method,
        matrix=problem.matrix[:, order],
        weights=problem.weights[order],
        directions=problem.directions[order],
    )
    np.testing.assert_allclose(permuted.scores, base.scores, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("method", METHODS)
@SETTINGS
@given(problem=problems(min_designs=2, max_criteria=3, high=6))
def test_dominance_respected(method: str, problem: Problem) -> None:
    ranks = _evaluate(problem, method).ranks
    relation = dominance(DecisionProblem.from_arrays(problem.matrix, None, problem.directions)).dominates
    for winner, loser in np.argwhere(relation):
        assert ranks[winner] <= ranks[loser]


@pytest.mark.parametrize("method", METHODS)
@SETTINGS
@given(problem=problems(min_designs=1), k=st.integers(1, 4), data=st.data())
def test_batch_agrees_with_score(method: str, problem: Problem, k: int, data: st.DataObject) -> None:
    spec = scoring.methods.get_method(method)
    options = {**spec.options, **METHOD_OPTIONS[method]}
    m = problem.matrix.shape[1]
    raw = np.array(data.draw(st.lists(st.lists(st.floats(0.05, 1.0), min_size=m, max_size=m), min_size=k, max_size=k)))
    weights = raw / raw.sum(axis=1, keepdims=True)
    single = np.array([spec.score(problem.matrix, w, problem.directions, **options).scores for w in weights])
    np.testing.assert_allclose(
        spec.batch(problem.matrix, weights, problem.directions, **options), single, rtol=1e-9, atol=1e-12
    )
    stacked = np.broadcast_to(problem.matrix, (k, *problem.matrix.shape)).copy()
    np.testing.assert_allclose(
        spec.batch(stacked, weights, problem.directions, **options), single, rtol=1e-9, atol=1e-12
    )
