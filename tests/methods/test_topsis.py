"""TOPSIS: Hwang and Yoon's published example, hand checks and the degenerate cases."""

from __future__ import annotations

import math

import numpy as np
import pytest

import scoring
from scoring.errors import UnknownNameError

#: Hwang and Yoon (1981) fighter-aircraft problem: max speed (Mach), ferry range (NM),
#: max payload (lb), acquisition cost ($10^6, cost), reliability, maneuverability (the
#: last two converted from the linguistic ratings: low 3, average 5, high 7, very high 9).
AIRCRAFT = [
    [2.0, 1500, 20000, 5.5, 5, 9],
    [2.5, 2700, 18000, 6.5, 3, 5],
    [1.8, 2000, 21000, 4.5, 7, 7],
    [2.2, 1800, 20000, 5.0, 5, 5],
]
AIRCRAFT_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3]
AIRCRAFT_DIRECTIONS = ["max", "max", "max", "min", "max", "max"]


def test_hwang_yoon_fighter_aircraft() -> None:
    """Hwang, C.L. and Yoon, K. (1981), *Multiple Attribute Decision Making*, Springer,
    the TOPSIS worked example (fighter aircraft, pp. 131-134): relative closeness
    C* = 0.643, 0.268, 0.614, 0.312 for A1..A4, ranking A1 > A3 > A4 > A2.
    Reproduced to the published three decimals."""
    result = scoring.evaluate(AIRCRAFT, AIRCRAFT_WEIGHTS, AIRCRAFT_DIRECTIONS, method="topsis")
    assert result.scores.round(3).tolist() == [0.643, 0.268, 0.614, 0.312]
    assert result.ranks.tolist() == [1, 4, 2, 3]


def test_small_problem_by_hand() -> None:
    """Independent check written out with plain formulas (not a published figure):
    two criteria (cost, benefit), equal weights, vector normalisation."""
    rows = [(1.0, 3000.0), (2.0, 3750.0), (5.0, 4500.0)]
    norms = [math.sqrt(sum(r[j] ** 2 for r in rows)) for j in range(2)]
    v = [[0.5 * r[j] / norms[j] for j in range(2)] for r in rows]
    ideal = (min(x[0] for x in v), max(x[1] for x in v))
    anti = (max(x[0] for x in v), min(x[1] for x in v))
    expected = []
    for x in v:
        d_plus = math.dist(x, ideal)
        d_minus = math.dist(x, anti)
        expected.append(d_minus / (d_plus + d_minus))
    result = scoring.evaluate(rows, [0.5, 0.5], ["min", "max"], method="topsis")
    np.testing.assert_allclose(result.scores, expected, rtol=1e-13)
    assert [round(x, 3) for x in expected] == [0.762, 0.722, 0.238]


def test_minmax_normalization_option() -> None:
    matrix = [[0.0, 10.0], [10.0, 0.0], [5.0, 5.0]]
    result = scoring.evaluate(matrix, [0.5, 0.5], method="topsis", normalization="minmax")
    # Under min-max the first two designs are mirror images and the third is halfway.
    np.testing.assert_allclose(result.scores, [0.5, 0.5, 0.5])
    result = scoring.evaluate(matrix, [0.75, 0.25], method="topsis", normalization="minmax")
    assert result.ranks.tolist() == [3, 1, 2]


def test_unknown_normalization_is_named() -> None:
    with pytest.raises(UnknownNameError, match=r"normalization.*expected one of: minmax, vector"):
        scoring.evaluate([[1, 2], [3, 4]], [1, 1], method="topsis", normalization="sum")


def test_all_equal_designs_get_one_half() -> None:
    result = scoring.evaluate([[3, 0], [3, 0], [3, 0]], [1, 1], method="topsis")
    assert result.scores.tolist() == [0.5, 0.5, 0.5]
    assert result.ranks.tolist() == [1, 1, 1]


def test_zero_column_is_ignored() -> None:
    with_zero = scoring.evaluate([[1, 0, 4], [2, 0, 3]], [1, 1, 1], method="topsis").scores
    without = scoring.evaluate([[1, 4], [2, 3]], [1, 1], method="topsis").scores
    np.testing.assert_allclose(with_zero, without, rtol=1e-15)
