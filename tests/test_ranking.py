"""Ranking: 1 is best, ties share the better rank, vectorised over rows."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

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
