"""Weighted product model: published example, ratio form, positivity and offset."""

from __future__ import annotations

import numpy as np
import pytest

import scoring
from scoring.errors import InvalidMatrixError
from scoring.methods import get_method


def test_triantaphyllou_wpm_example() -> None:
    """Triantaphyllou (2000), *Multi-criteria decision making methods: a comparative
    study*, section 2.2.2: three alternatives, four benefit criteria, weights
    (0.20, 0.15, 0.40, 0.25). The book compares alternatives by the ratios
    R(A1/A2) = 1.007, R(A1/A3) = 1.067 and R(A2/A3) = 1.059 (so A1 > A2 > A3).
    Our scores are each alternative's product divided by a common reference, so their
    ratios reproduce the published ratios (to the published three decimals)."""
    matrix = [[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]]
    result = scoring.evaluate(matrix, [0.20, 0.15, 0.40, 0.25], method="wpm")
    a1, a2, a3 = result.scores
    assert round(a1 / a2, 3) == 1.007
    assert round(a1 / a3, 3) == 1.067
    assert round(a2 / a3, 3) == 1.059
    assert result.ranks.tolist() == [1, 2, 3]


def test_ratio_form_by_hand() -> None:
    """Independent hand check: benefit x/max, cost min/x, product of r^w."""
    matrix = np.array([[2.0, 10.0], [4.0, 20.0]])
    result = scoring.evaluate(matrix, [0.5, 0.5], ["max", "min"], method="wpm")
    expected = [(2 / 4) ** 0.5 * (10 / 10) ** 0.5, (4 / 4) ** 0.5 * (10 / 20) ** 0.5]
    np.testing.assert_allclose(result.scores, expected, rtol=1e-15)
    assert result.ranks.tolist() == [1, 1]


def test_scores_in_unit_interval_and_best_everywhere_scores_one() -> None:
    matrix = np.array([[9.0, 1.0, 5.0], [3.0, 4.0, 5.0], [1.0, 9.0, 5.0]])
    scores = scoring.evaluate(matrix, [1, 1, 1], ["max", "min", "max"], method="wpm").scores
    assert scores[0] == 1.0
    assert np.all((scores > 0) & (scores <= 1))


def test_non_positive_level_is_rejected_with_row_and_column() -> None:
    with pytest.raises(InvalidMatrixError, match=r"row 2, column 1 is 0"):
        scoring.evaluate([[1, 2], [0, 3]], [1, 1], method="wpm")


def test_offset_shifts_the_scale() -> None:
    matrix = [[0.0, 50.0], [100.0, 0.0]]
    result = scoring.evaluate(matrix, [0.5, 0.5], method="wpm", offset=1.0)
    expected = [np.sqrt((1 / 101) * 1.0), np.sqrt(1.0 * (1 / 51))]
    np.testing.assert_allclose(result.scores, expected, rtol=1e-14)
    with pytest.raises(InvalidMatrixError, match="offset"):
        scoring.evaluate(matrix, [0.5, 0.5], method="wpm", offset=-1.0)


def test_batch_rejects_non_positive_levels_naming_the_sample() -> None:
    spec = get_method("wpm")
    matrices = np.ones((2, 2, 2))
    matrices[1, 0, 1] = -3.0
    with pytest.raises(InvalidMatrixError, match=r"sample 2, row 1, column 2"):
        spec.batch(matrices, np.full((2, 2), 0.5), np.array([1, 1], dtype=np.int8), offset=0.0)
