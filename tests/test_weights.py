"""Weights: AHP (Saaty's published example), swing, ranks, and the objective methods."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest

from scoring.errors import InvalidMatrixError, InvalidWeightsError, UnknownNameError
from scoring.weights import (
    RANDOM_INDEX,
    InconsistentJudgmentsWarning,
    ahp,
    critic_weights,
    derive_weights,
    direct_weights,
    entropy_weights,
    rank_order_centroid,
    rank_sum,
    std_weights,
    swing_weights,
)

#: Saaty's "wealth of nations" judgments: US, USSR, China, France, UK, Japan, W. Germany.
WEALTH = [
    [1, 4, 9, 6, 6, 5, 5],
    [1 / 4, 1, 7, 5, 5, 3, 4],
    [1 / 9, 1 / 7, 1, 1 / 5, 1 / 5, 1 / 7, 1 / 5],
    [1 / 6, 1 / 5, 5, 1, 1, 1 / 3, 1 / 3],
    [1 / 6, 1 / 5, 5, 1, 1, 1 / 3, 1 / 3],
    [1 / 5, 1 / 3, 7, 3, 3, 1, 2],
    [1 / 5, 1 / 4, 5, 3, 3, 1 / 2, 1],
]


def test_saaty_wealth_of_nations() -> None:
    """Saaty, T.L. (1977), "A scaling method for priorities in hierarchical structures",
    *J. Mathematical Psychology* 15, 234-281 (also Saaty 1980, *The Analytic Hierarchy
    Process*): relative wealth of seven nations. Published: eigenvector 0.427, 0.230,
    0.021, 0.052, 0.052, 0.123, 0.094 and lambda_max = 7.61 (reproduced to those
    decimals). CI = (7.61 - 7)/6 = 0.10 and CR = CI/RI(7) = 0.10/1.32 = 0.08 follow
    from the published lambda_max and our RI table."""
    result = ahp(WEALTH)
    assert result.weights.round(3).tolist() == [0.427, 0.230, 0.021, 0.052, 0.052, 0.123, 0.094]
    assert round(result.lambda_max, 2) == 7.61
    assert round(result.ci, 2) == 0.10
    assert result.random_index == 1.32
    assert round(result.cr, 2) == 0.08
    assert result.consistent


def test_consistent_matrix_has_zero_cr() -> None:
    weights = np.array([0.5, 0.3, 0.2])
    result = ahp(weights[:, None] / weights[None, :])
    np.testing.assert_allclose(result.weights, weights, rtol=1e-12)
    assert result.lambda_max == pytest.approx(3.0)
    assert result.cr == pytest.approx(0.0, abs=1e-12)


def test_inconsistent_judgments_warn_and_are_flagged() -> None:
    cyclic = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]
    with pytest.warns(InconsistentJudgmentsWarning, match="consistency ratio"):
        result = ahp(cyclic)
    assert result.cr > 0.10
    assert not result.consistent


def test_random_index_table() -> None:
    """Saaty's RI for n = 1..15 as documented in scoring.weights."""
    assert RANDOM_INDEX == (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59)


@pytest.mark.parametrize(
    ("pairwise", "message"),
    [
        ([[1, 3], [0.5, 1]], r"pairwise\[2, 1\]: is 0.5, expected the reciprocal of pairwise\[1, 2\] = 3"),
        ([[2, 1], [1, 1]], r"pairwise\[1, 1\]: is 2, expected 1"),
        ([[1, -2], [-0.5, 1]], r"pairwise\[1, 2\]: is -2.0, expected a positive number"),
        ([[1, 2, 3], [0.5, 1, 1]], r"pairwise: expected a square n x n table"),
        (np.ones((16, 16)), r"pairwise: at most 15 items"),
    ],
)
def test_pairwise_errors_name_the_cell(pairwise: object, message: str) -> None:
    with pytest.raises(InvalidWeightsError, match=message):
        ahp(pairwise)  # type: ignore[arg-type]


def test_rounded_reciprocals_are_accepted() -> None:
    result = ahp([[1, 3], [0.33, 1]])
    assert result.weights[0] > 0.74


def test_direct_and_swing() -> None:
    assert direct_weights([2, 1, 1]).tolist() == [0.5, 0.25, 0.25]
    assert swing_weights([100, 60, 40]).tolist() == [0.5, 0.3, 0.2]
    with pytest.raises(InvalidWeightsError, match="points: the most important swing must get 100"):
        swing_weights([80, 60])
    with pytest.raises(InvalidWeightsError, match="points: value 2 is 120, expected 0 to 100"):
        swing_weights([100, 120])
    with pytest.raises(InvalidWeightsError, match="weights: value 1 is -1"):
        direct_weights([-1, 2])
    with pytest.raises(InvalidWeightsError, match="value 2 is nan"):
        direct_weights([1, float("nan")])


def test_rank_order_centroid_by_hand() -> None:
    """Barron and Barrett (1996): m = 4 gives (25/48, 13/48, 7/48, 3/48)."""
    np.testing.assert_allclose(rank_order_centroid([1, 2, 3, 4]), np.array([25, 13, 7, 3]) / 48, rtol=1e-15)
    np.testing.assert_allclose(rank_order_centroid([3, 1, 4, 2]), np.array([7, 25, 3, 13]) / 48, rtol=1e-15)


def test_rank_sum_by_hand() -> None:
    np.testing.assert_allclose(rank_sum([1, 2, 3]), [3 / 6, 2 / 6, 1 / 6], rtol=1e-15)


def test_tied_ranks_share_their_positions() -> None:
    """Two criteria tied first share positions 1 and 2: (25 + 13)/48/2 each."""
    tied = rank_order_centroid([1, 1, 3, 4])
    np.testing.assert_allclose(tied, np.array([19, 19, 7, 3]) / 48, rtol=1e-15)
    np.testing.assert_allclose(rank_order_centroid([1, 1, 2, 3]), tied, rtol=1e-15)
    np.testing.assert_allclose(rank_sum([2, 1, 1]), [1 / 6, 2.5 / 6, 2.5 / 6], rtol=1e-15)
    with pytest.raises(InvalidWeightsError, match=r"ranks: value 2 is 1\.5, expected a whole number >= 1"):
        rank_sum([1, 1.5])


def _critic_by_hand(matrix: list[list[float]], directions: list[int]) -> list[float]:
    """Diakoulaki et al. (1995) written out with the statistics module."""
    columns = list(zip(*matrix, strict=True))
    scaled = []
    for column, sign in zip(columns, directions, strict=True):
        low, high = min(column), max(column)
        scaled.append([(x - low) / (high - low) if sign > 0 else (high - x) / (high - low) for x in column])
    info = [statistics.pstdev(a) * sum(1 - statistics.correlation(a, b) for b in scaled) for a in scaled]
    return [c / sum(info) for c in info]


def test_critic_by_hand() -> None:
    """Independent check (not a published figure) with directions."""
    matrix = [[7.0, 200.0, 3.0], [9.0, 300.0, 5.0], [8.0, 100.0, 4.5], [6.0, 250.0, 1.0]]
    directions = [1, -1, 1]
    np.testing.assert_allclose(critic_weights(matrix, directions), _critic_by_hand(matrix, directions), rtol=1e-12)


def test_critic_constant_column_gets_zero_and_changes_nothing_else() -> None:
    matrix = np.array([[7.0, 200.0, 3.0], [9.0, 300.0, 5.0], [8.0, 100.0, 4.5]])
    with_constant = critic_weights(np.column_stack([matrix, np.full(3, 5.0)]))
    np.testing.assert_allclose(with_constant[:3], critic_weights(matrix), rtol=1e-12)
    assert with_constant[3] == 0.0
    assert critic_weights([[1, 5], [2, 5]]).tolist() == [1.0, 0.0]
    with pytest.raises(InvalidMatrixError, match="CRITIC weights are undefined"):
        critic_weights([[1, 5], [1, 5]])


def test_entropy_by_hand() -> None:
    matrix = [[1.0, 4.0], [3.0, 4.0], [4.0, 0.0]]
    spread = []
    for column in zip(*matrix, strict=True):
        shares = [x / sum(column) for x in column]
        entropy = -sum(s * math.log(s) for s in shares if s > 0) / math.log(3)
        spread.append(1 - entropy)
    np.testing.assert_allclose(entropy_weights(matrix), [d / sum(spread) for d in spread], rtol=1e-12)
    assert entropy_weights([[1.0, 0.0], [3.0, 0.0]]).tolist() == [1.0, 0.0]
    with pytest.raises(InvalidMatrixError, match="row 1, column 2 is -1; entropy weights need levels >= 0"):
        entropy_weights([[1, -1], [2, 3]])
    with pytest.raises(InvalidMatrixError, match="at least 2 designs"):
        entropy_weights([[1, 2]])


def test_std_weights_are_unit_free() -> None:
    matrix = np.array([[1.0, 100.0], [2.0, 300.0], [3.0, 200.0]])
    weights = std_weights(matrix, ["max", "min"])
    np.testing.assert_allclose(weights, [0.5, 0.5], rtol=1e-12)  # both span their range evenly
    np.testing.assert_allclose(std_weights(matrix * [1, 1000]), weights, rtol=1e-12)


def test_against_pymcdm_on_benefit_matrices() -> None:
    """pymcdm's CRITIC and entropy ignore directions; compare on benefit-only data."""
    weights_module = pytest.importorskip("pymcdm.weights")
    rng = np.random.default_rng(11)
    worst = 0.0
    for _ in range(100):
        matrix = rng.uniform(1, 100, size=(int(rng.integers(3, 10)), int(rng.integers(2, 6))))
        worst = max(worst, float(np.abs(critic_weights(matrix) - weights_module.critic_weights(matrix)).max()))
        worst = max(worst, float(np.abs(entropy_weights(matrix) - weights_module.entropy_weights(matrix)).max()))
    assert worst < 1e-9


def test_derive_weights_dispatches_and_checks() -> None:
    assert derive_weights("swing", [100, 100]).tolist() == [0.5, 0.5]
    assert derive_weights("ROC", [1, 2]).tolist() == pytest.approx([0.75, 0.25])
    assert derive_weights("ahp", [[1, 3], [1 / 3, 1]]).tolist() == pytest.approx([0.75, 0.25])
    np.testing.assert_allclose(
        derive_weights("critic", [[1, 2], [2, 1], [3, 3]], directions=["max", "min"]),
        critic_weights([[1, 2], [2, 1], [3, 3]], ["max", "min"]),
    )
    with pytest.raises(UnknownNameError, match="unknown weighting 'magic'; expected one of: ahp, critic"):
        derive_weights("magic", [1])
    with pytest.raises(UnknownNameError, match="weighting 'swing' does not take directions"):
        derive_weights("swing", [100], directions=["max"])


def test_critic_says_what_is_wrong_with_perfectly_correlated_columns() -> None:
    """Found by an independent check: the message said "no criterion varies", which was untrue."""
    from scoring.errors import InvalidMatrixError
    from scoring.weights import critic_weights

    with pytest.raises(InvalidMatrixError, match="perfectly correlated"):
        critic_weights([[1.0, 10.0, 5.0], [2.0, 20.0, 5.0], [3.0, 30.0, 5.0]])
    with pytest.raises(InvalidMatrixError, match="no criterion varies"):
        critic_weights([[1.0, 2.0], [1.0, 2.0]])
