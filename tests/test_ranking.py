"""Ranking: 1 is best, ties share the better rank, vectorised over rows."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scoring
from scoring import rank


def test_ties_share_the_better_rank() -> None:
    assert rank([0.2, 0.9, 0.2, 0.5]).tolist() == [3, 1, 3, 2]
    assert rank([5.0, 5.0, 5.0]).tolist() == [1, 1, 1]


def test_lower_is_better_orientation() -> None:
    assert rank([3.0, 1.0, 2.0, 1.0], higher_is_better=False).tolist() == [4, 1, 3, 1]


def test_float_noise_counts_as_a_tie() -> None:
    assert rank([0.1 + 0.2, 0.3, 0.1]).tolist() == [1, 1, 3]


def test_rows_are_ranked_independently() -> None:
    got = rank(np.array([[1.0, 2.0, 3.0], [3.0, 3.0, 1.0]]))
    assert got.tolist() == [[3, 2, 1], [1, 1, 3]]


@given(st.lists(st.integers(-5, 5), min_size=1, max_size=30))
def test_rank_matches_count_of_strictly_better(values: list[int]) -> None:
    scores = np.array(values, dtype=float)
    expected = [1 + int(np.sum(scores > s)) for s in scores]
    assert rank(scores).tolist() == expected


def test_rank_refuses_nan_and_inf() -> None:
    """Found by an independent check: NaN tied with a real score."""
    from scoring.errors import InvalidMatrixError

    with pytest.raises(InvalidMatrixError, match="score 2 is nan"):
        scoring.rank([1.0, float("nan"), 0.5])
    with pytest.raises(InvalidMatrixError, match="row 2, score 1 is inf"):
        scoring.rank([[1.0, 2.0], [float("inf"), 0.0]])


def test_the_tie_tolerance_does_not_chain() -> None:
    """2e-12, 1e-12 and 0 used to all tie through their neighbours."""
    assert scoring.rank([2e-12, 1e-12, 0.0]).tolist() == [1, 1, 2]
    assert scoring.rank([[0.0, 1e-12, 2e-12]]).tolist() == [[2, 1, 1]]
    assert scoring.rank([1e6, 1e6 * (1 + 5e-13), 1e6 * (1 - 5e-13)]).tolist() == [1, 1, 1]


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(
        st.sampled_from([0.0, 1e-12, 2e-12, 3e-12, 0.5, 0.5 + 1e-13, 1.0, 1e6, 1e6 + 1e-7, -1.0]),
        min_size=1,
        max_size=12,
    ),
    higher=st.booleans(),
)
def test_rank_is_one_plus_the_designs_clearly_better(values: list[float], higher: bool) -> None:
    """The documented rule, by brute force: rank(i) = 1 + #{k: better than i by more than tol(i)}."""
    scores = np.array(values)
    keys = -scores if higher else scores
    tolerance = scoring.ranking.TIE_TOLERANCE * np.maximum(1.0, np.abs(keys))
    expected = 1 + (keys[None, :] < (keys - tolerance)[:, None]).sum(axis=1)
    assert scoring.rank(scores, higher_is_better=higher).tolist() == expected.tolist()
    stacked = scoring.rank(np.vstack([scores, scores]), higher_is_better=higher)
    assert stacked.tolist() == [expected.tolist()] * 2
