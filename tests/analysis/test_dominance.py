"""Dominance, the Pareto set and veto thresholds."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from strategies import Problem, problems

import scoring
from scoring.analysis.dominance import dominance
from scoring.errors import InputError, InvalidMatrixError, UnknownNameError
from scoring.model import Criterion, Design, Lens, ScenarioSet, Score
from scoring.problem import DecisionProblem
from scoring.vetoes import check_thresholds, vetoes


def _arrays(matrix: list[list[float]], directions: list[str] | None = None) -> DecisionProblem:
    return DecisionProblem.from_arrays(matrix, None, directions)


def test_small_example_by_hand() -> None:
    matrix = [[5, 1, 3], [4, 1, 3], [3, 9, 2], [5, 1, 3]]
    result = dominance(_arrays(matrix, ["max", "max", "min"]))
    assert result.dominates.tolist() == [
        [False, True, False, False],
        [False, False, False, False],
        [False, False, False, False],
        [False, True, False, False],
    ]
    assert result.pareto.tolist() == [True, False, True, True]  # equal designs do not dominate each other
    assert result.dominated == (("D2", ("D1", "D4")),)
    assert result.pareto_labels == ("D1", "D3", "D4")


def test_cost_direction_flips_dominance() -> None:
    assert dominance(_arrays([[1, 1], [2, 2]], ["min", "min"])).dominated == (("D2", ("D1",)),)
    assert dominance(_arrays([[1, 1], [2, 2]])).dominated == (("D1", ("D2",)),)


@settings(max_examples=80, deadline=None)
@given(problem=problems(max_designs=6, max_criteria=3, high=5))
def test_matches_pairwise_definition(problem: Problem) -> None:
    result = dominance(DecisionProblem.from_arrays(problem.matrix, None, problem.directions))
    signed = problem.matrix * problem.directions
    for a, b in itertools.permutations(range(len(signed)), 2):
        expected = bool(np.all(signed[a] >= signed[b]) and np.any(signed[a] > signed[b]))
        assert result.dominates[a, b] == expected
    assert not np.any(result.dominates & result.dominates.T)
    assert result.pareto.any()


def test_labels_are_checked() -> None:
    with pytest.raises(InvalidMatrixError, match="design_ids: expected 2 labels"):
        DecisionProblem.from_arrays([[1], [2]], design_ids=["a"])
    assert dominance(DecisionProblem.from_arrays([[1], [2]], design_ids=["a", "b"])).dominated == (("a", ("b",)),)


def test_vetoes_flag_and_exclude() -> None:
    matrix = [[50, 20], [10, 20], [60, 80]]
    flagged = vetoes(matrix, [30, 70], ["max", "min"])
    assert flagged.violations.tolist() == [[False, False], [True, False], [False, True]]
    assert flagged.vetoed.tolist() == [False, True, True]
    assert flagged.keep.tolist() == [True, True, True]
    excluded = vetoes(matrix, [30, 70], ["max", "min"], mode="exclude")
    assert excluded.keep.tolist() == [True, False, False]


def test_threshold_itself_is_not_vetoed_and_none_means_no_veto() -> None:
    result = vetoes([[30, 0], [29, 100]], [30, None], mode="exclude")
    assert result.keep.tolist() == [True, False]
    assert vetoes([[1, 2]], [float("nan"), None]).vetoed.tolist() == [False]


def test_veto_errors() -> None:
    with pytest.raises(InvalidMatrixError, match="thresholds: expected 2 thresholds"):
        vetoes([[1, 2]], [1])
    with pytest.raises(UnknownNameError, match='mode: expected "flag" or "exclude"'):
        vetoes([[1, 2]], [1, 2], mode="drop")  # type: ignore[arg-type]
    with pytest.raises(InvalidMatrixError, match="thresholds: expected numbers or None"):
        vetoes([[1, 2]], ["high", 2])


def test_scenario_dominance_uses_ids_and_directions() -> None:
    criteria = (Criterion("gain", "Gain", "benefit"), Criterion("risk", "Risk", "cost"))
    levels = [[70, 20], [60, 30], [90, 80]]
    scenario = ScenarioSet(
        title="t",
        criteria=criteria,
        designs=(Design("alpha", "A"), Design("beta", "B"), Design("gamma", "C")),
        scores=tuple(tuple(Score(float(x), float(x), float(x)) for x in row) for row in levels),
        lenses=(Lens("balanced", "B", weights=(("gain", 1), ("risk", 1))),),
    )
    result = dominance(scenario)
    assert result.dominated == (("beta", ("alpha",)),)
    assert result.pareto_labels == ("alpha", "gamma")
    assert dominance(scenario, kind="high").labels == ("alpha", "beta", "gamma")


def test_veto_thresholds_are_checked_against_the_set() -> None:
    article = scoring.load()
    assert check_thresholds(article, {"escalation_risk": 60})[2] == 60.0
    with pytest.raises(UnknownNameError, match="did you mean 'escalation_risk'"):
        check_thresholds(article, {"escalation_risks": 60})
    for bad in (200.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(InputError, match="0-100 scale"):
            check_thresholds(article, {"us_participation": bad})


@settings(max_examples=200, deadline=None)
@given(
    hnp.arrays(
        np.float64,
        hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=12),
        elements=st.integers(-3, 3).map(float),
    )
)
def test_the_bitset_relation_is_the_pairwise_comparison(signed: np.ndarray) -> None:
    """The fast relation (bit sets per criterion) equals comparing every pair on every criterion."""
    from scoring.analysis.dominance import _relation

    left, right = signed[:, np.newaxis, :], signed[np.newaxis, :, :]
    expected = np.all(left >= right, axis=-1) & np.any(left > right, axis=-1)
    np.testing.assert_array_equal(_relation(signed), expected)


def test_to_frame_is_the_table_of_the_result() -> None:
    """Like every other result, dominance has a ``to_frame()`` table."""
    frame = dominance(DecisionProblem.from_arrays([[5, 1], [4, 1], [3, 9]])).to_frame()
    assert frame.columns.tolist() == ["design", "pareto", "dominated_by"]
    assert frame.to_dict("records") == [
        {"design": "D1", "pareto": True, "dominated_by": ""},
        {"design": "D2", "pareto": False, "dominated_by": "D1"},
        {"design": "D3", "pareto": True, "dominated_by": ""},
    ]
