"""The SMAA-2 accumulation kernel agrees with :func:`scoring.rank`, ties and all."""

from __future__ import annotations

import numpy as np
import pytest

from scoring.analysis._smaa_kernel import tally
from scoring.ranking import rank


def _reference(scores: np.ndarray, higher: bool, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rank counts (design x rank) and winners' weight sums, by rank() row by row."""
    k, n = scores.shape
    counts = np.zeros((n, n), dtype=np.int64)
    central = np.zeros((n, weights.shape[1]))
    for row in range(k):
        ranks = rank(scores[row], higher_is_better=higher)
        counts[np.arange(n), ranks - 1] += 1
        for design in np.flatnonzero(ranks == 1):
            central[design] += weights[row]
    return counts, central


def _cases() -> list[np.ndarray]:
    rng = np.random.default_rng(0)
    spread = rng.random((50, 40))
    tied = np.round(rng.random((50, 40)), 1)  # many exact ties
    near = spread.copy()
    near[:, 1] = near[:, 0] + 1e-13  # within the tie tolerance of rank()
    signed = rng.normal(scale=1e3, size=(50, 40))
    zeros = np.zeros((5, 40))
    zeros[:, ::2] = -0.0
    return [spread, tied, near, signed, zeros, rng.random((30, 1)), rng.random((30, 1025))]


@pytest.mark.parametrize("higher", [True, False])
@pytest.mark.parametrize("case", range(7))
def test_tally_matches_rank_row_by_row(case: int, higher: bool) -> None:
    scores = _cases()[case]
    k, n = scores.shape
    weights = np.random.default_rng(1).dirichlet(np.ones(3), size=k)
    counts = np.zeros(n * n, dtype=np.int64)
    central = np.zeros((n, 3))
    tally(scores, higher, counts, central, weights)
    expected_counts, expected_central = _reference(scores, higher, weights)
    assert np.array_equal(counts.reshape(n, n).T, expected_counts)
    assert np.allclose(central, expected_central, rtol=1e-12, atol=1e-15)
