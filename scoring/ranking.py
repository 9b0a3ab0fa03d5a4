"""Vectorised ranking: 1 is best, ties share the better rank.

The tie rule, used by every face (the core, SMAA, the worksheet functions and the analyst
workbook's ``Rank`` formula)::

    rank(i) = 1 + the number of designs whose score is better than design i's
                  by more than TIE_TOLERANCE * max(1, |score(i)|)

So the tolerance is absolute (``1e-12``) for scores within -1..1 and relative beyond, and
it does not chain: scores ``2e-12``, ``1e-12`` and ``0`` (higher is better) rank 1, 1 and
2 (``2e-12`` is more than the tolerance above ``0``; ``1e-12`` is not). Exact ties always
share the better rank. In a spreadsheet the same rule reads
``=1+COUNTIF(Totals, ">"&(t+TieTolerance*MAX(1,ABS(t))))``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from scoring._types import FloatArray, IntArray
from scoring.errors import InvalidMatrixError

__all__ = ["TIE_TOLERANCE", "rank"]

#: See the module docstring: ``0.1 + 0.2`` and ``0.3`` rank the same whichever face computed them.
TIE_TOLERANCE = 1e-12

#: Above this many look-back steps (designs within the tolerance of one another) the 2-D
#: ranking switches from the vectorised look-back to one binary search per row.
_LOOKBACK_LIMIT = 16


def _refuse_non_finite(values: FloatArray) -> None:
    if values.size and not np.isfinite(values).all():
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(values))[0])
        position = f"score {where[0] + 1}" if len(where) == 1 else f"row {where[0] + 1}, score {where[1] + 1}"
        raise InvalidMatrixError.at("scores", f"{position} is {float(values[where])!r}, expected a finite number")


def _ahead_counts(ordered: FloatArray) -> IntArray:
    """Per sorted position p (ascending keys: smaller is better), how many keys are below key_p - tol(key_p)."""
    threshold = ordered - TIE_TOLERANCE * np.maximum(1.0, np.abs(ordered))
    n = ordered.shape[-1]
    if ordered.ndim == 1:
        return np.searchsorted(ordered, threshold, side="left").astype(np.int64)
    # Keys are sorted, so key_(p-d) >= threshold_p implies the same for every smaller d: count
    # the close neighbours at distance 1, 2, ... until no position has one.
    close = np.zeros(ordered.shape, dtype=np.int64)
    for distance in range(1, n):
        near = ordered[..., :-distance] >= threshold[..., distance:]
        if not near.any():
            break
        if distance > _LOOKBACK_LIMIT:  # long runs of near-equal scores: binary search per row
            rows = zip(ordered, threshold, strict=True)
            return np.stack([np.searchsorted(row, cut, side="left") for row, cut in rows])
        close[..., distance:] += near
    return np.arange(n, dtype=np.int64) - close


def rank(scores: npt.ArrayLike, *, higher_is_better: bool = True) -> IntArray:
    """Rank scores along the last axis: 1 for the best, ties share the better rank.

    Parameters
    ----------
    scores : array_like
        1-D scores, or 2-D (samples x designs) ranked row by row. NaN and inf are refused.
    higher_is_better : bool
        Orientation of the scores.

    Returns
    -------
    ndarray of int64
        Same shape as ``scores``.

    Raises
    ------
    InvalidMatrixError
        A score is NaN or infinite (its position is named).

    Examples
    --------
    >>> rank([0.2, 0.9, 0.2, 0.5]).tolist()
    [3, 1, 3, 2]
    >>> rank([3.0, 1.0, 2.0], higher_is_better=False).tolist()
    [3, 1, 2]
    >>> rank([2e-12, 1e-12, 0.0]).tolist()   # the tolerance does not chain
    [1, 1, 2]
    """
    values = np.asarray(scores, dtype=np.float64)
    _refuse_non_finite(values)
    keys = -values if higher_is_better else values
    squeeze = keys.ndim == 1
    keys2 = np.atleast_2d(keys)
    if keys2.shape[-1] == 0:
        return np.zeros(values.shape, dtype=np.int64)
    order = np.argsort(keys2, axis=-1)  # any order within a tie gives the same ranks
    ordered = np.take_along_axis(keys2, order, axis=-1)
    ahead = _ahead_counts(ordered[0])[np.newaxis] if squeeze else _ahead_counts(ordered)
    ranks = np.empty_like(ahead)
    np.put_along_axis(ranks, order, ahead + 1, axis=-1)
    return ranks[0] if squeeze else ranks
