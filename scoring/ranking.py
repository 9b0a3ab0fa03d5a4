"""Vectorised ranking: 1 is best, ties share the better rank."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]

#: Scores closer than this (relative to their magnitude) count as tied, so that
#: 0.1 + 0.2 and 0.3 rank the same whichever face computed them.
TIE_TOLERANCE = 1e-12


def rank(scores: npt.ArrayLike, *, higher_is_better: bool = True) -> IntArray:
    """Rank scores along the last axis: 1 for the best, ties share the better rank.

    Parameters
    ----------
    scores : array_like
        1-D scores, or 2-D (samples x designs) ranked row by row.
    higher_is_better : bool
        Orientation of the scores.

    Returns
    -------
    ndarray of int64
        Same shape as ``scores``.

    Examples
    --------
    >>> rank([0.2, 0.9, 0.2, 0.5]).tolist()
    [3, 1, 3, 2]
    >>> rank([3.0, 1.0, 2.0], higher_is_better=False).tolist()
    [3, 1, 2]
    """
    values = np.asarray(scores, dtype=np.float64)
    keys = -values if higher_is_better else values
    squeeze = keys.ndim == 1
    keys2 = np.atleast_2d(keys)
    order = np.argsort(keys2, axis=-1)  # any order within a tie gives the same ranks
    ordered = np.take_along_axis(keys2, order, axis=-1)
    n = ordered.shape[-1]
    if n == 0:
        return np.zeros(values.shape, dtype=np.int64)
    gaps = np.diff(ordered, axis=-1)
    tolerance = TIE_TOLERANCE * np.maximum(1.0, np.abs(ordered[..., 1:]))
    starts = np.ones(ordered.shape, dtype=bool)
    starts[..., 1:] = gaps > tolerance
    positions = np.broadcast_to(np.arange(n, dtype=np.int64), ordered.shape)
    group_start = np.maximum.accumulate(np.where(starts, positions, 0), axis=-1)
    ranks = np.empty_like(group_start)
    np.put_along_axis(ranks, order, group_start + 1, axis=-1)
    return ranks[0] if squeeze else ranks
