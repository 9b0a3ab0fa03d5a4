"""VIKOR: S, R, Q by hand, the compromise set rules and the degenerate cases."""

from __future__ import annotations

import numpy as np
import pytest

import scoring
from scoring.errors import InputError
from scoring.methods.vikor import compromise


def test_small_problem_by_hand() -> None:
    """Independent hand computation from Opricovic and Tzeng (2004), steps 1-5 (not a
    published figure). Criteria: cost (1, 2, 5) and benefit (3000, 3750, 4500), equal
    weights. f* = (1, 4500), f- = (5, 3000); S = (0.5, 0.375, 0.5), R = (0.5, 0.25, 0.5),
    Q = (1, 0, 1) with v = 0.5; A2 has an acceptable advantage (1 >= DQ = 0.5) and is
    best by S and R, so it is the single compromise solution."""
    result = scoring.evaluate([[1, 3000], [2, 3750], [5, 4500]], [0.5, 0.5], ["min", "max"], method="vikor")
    details = result.details
    np.testing.assert_allclose(details["S"], [0.5, 0.375, 0.5], rtol=1e-15)
    np.testing.assert_allclose(details["R"], [0.5, 0.25, 0.5], rtol=1e-15)
    np.testing.assert_allclose(result.scores, [1.0, 0.0, 1.0], atol=1e-15)
    assert result.ranks.tolist() == [2, 1, 2]
    assert details["compromise"].tolist() == [False, True, False]
    assert details["acceptable_advantage"] is True
    assert details["acceptable_stability"] is True
    assert details["dq"] == 0.5


def test_v_weights_group_utility_against_regret() -> None:
    matrix = [[1, 3000], [2, 3750], [5, 4500]]
    only_s = scoring.evaluate(matrix, [0.5, 0.5], ["min", "max"], method="vikor", v=1.0)
    np.testing.assert_allclose(only_s.scores, [1.0, 0.0, 1.0], atol=1e-15)
    with pytest.raises(InputError, match="v: expected a number between 0 and 1"):
        scoring.evaluate(matrix, [0.5, 0.5], method="vikor", v=1.5)


def test_compromise_when_only_stability_fails() -> None:
    """C1 holds (0.3 >= DQ = 0.25) but A(1) is best by neither S nor R: {A(1), A(2)}."""
    mask, advantage, stable, dq = compromise(
        np.array([0.5, 0.2, 0.6, 0.7, 0.9]),
        np.array([0.4, 0.5, 0.1, 0.6, 0.7]),
        np.array([0.0, 0.3, 0.6, 0.8, 1.0]),
    )
    assert (advantage, stable, dq) == (True, False, 0.25)
    assert mask.tolist() == [True, True, False, False, False]


def test_compromise_when_advantage_fails() -> None:
    """C1 fails: every design with Q(A(M)) - Q(A(1)) < DQ = 0.25 is in the set."""
    group = np.array([0.1, 0.2, 0.3, 0.4, 0.5])
    mask, advantage, stable, _ = compromise(group, group, np.array([0.0, 0.1, 0.2, 0.5, 1.0]))
    assert (advantage, stable) == (False, True)
    assert mask.tolist() == [True, True, True, False, False]


def test_constant_column_adds_no_regret() -> None:
    with_constant = scoring.evaluate([[1, 7, 3], [2, 7, 1]], [1, 1, 1], method="vikor")
    assert with_constant.details["S"].tolist() == [pytest.approx(1 / 3), pytest.approx(1 / 3)]
    assert with_constant.scores.tolist() == [0.0, 0.0]


def test_all_equal_designs() -> None:
    result = scoring.evaluate([[4, 4], [4, 4], [4, 4]], [1, 1], method="vikor")
    assert result.scores.tolist() == [0.0, 0.0, 0.0]
    assert result.ranks.tolist() == [1, 1, 1]
    assert result.details["compromise"].tolist() == [True, True, True]
    assert result.details["acceptable_advantage"] is False


def test_one_design_is_the_compromise() -> None:
    result = scoring.evaluate([[4, 2]], [1, 1], method="vikor")
    assert result.scores.tolist() == [0.0]
    assert result.details["compromise"].tolist() == [True]


def test_records_carry_s_r_q_per_design() -> None:
    result = scoring.evaluate([[1, 3000], [2, 3750], [5, 4500]], [1, 1], ["min", "max"], method="vikor")
    best = result.records()[0]
    assert best["design"] == "D2"
    assert best["S"] == pytest.approx(0.375)
    assert best["compromise"] is True
