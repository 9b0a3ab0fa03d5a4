r"""Criterion weights: stated (direct, swing), from a ranking (ROC, rank sum), from pairwise
judgments (AHP) and from the data (CRITIC, entropy, standard deviation).

Every function returns float64 weights that sum to 1, except :func:`ahp`, which returns
an :class:`AhpResult` carrying the consistency figures too. :func:`derive_weights`
dispatches by name (``gscore weights`` uses it); the weights from the data are defined in
``scoring._objective_weights`` and re-exported here. Bad input raises
:class:`~scoring.errors.InvalidWeightsError` (stated judgments) or
:class:`~scoring.errors.InvalidMatrixError` (a decision matrix), naming the argument
and the 1-based position or cell.

Examples
--------
>>> swing_weights([100, 50, 50]).tolist()
[0.5, 0.25, 0.25]
>>> rank_order_centroid([1, 2, 3]).round(4).tolist()
[0.6111, 0.2778, 0.1111]
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from scoring._objective_weights import critic_weights, entropy_weights, std_weights
from scoring._types import FloatArray
from scoring.errors import InvalidWeightsError, UnknownNameError

__all__ = [
    "RANDOM_INDEX",
    "AhpResult",
    "InconsistentJudgmentsWarning",
    "ahp",
    "critic_weights",
    "derive_weights",
    "direct_weights",
    "entropy_weights",
    "rank_order_centroid",
    "rank_sum",
    "std_weights",
    "swing_weights",
]


#: Saaty's random consistency index RI(n), n = 1..15: the mean consistency index of
#: random reciprocal matrices on the 1/9..9 scale. Values for n = 1..10 as in Saaty
#: (1987), "The analytic hierarchy process: what it is and how it is used",
#: *Mathematical Modelling* 9, 161-176 (Table 2); n = 11..15 as tabulated in Saaty
#: (1980), *The Analytic Hierarchy Process*, McGraw-Hill (note the dip at n = 12, an
#: artefact of the small simulation). Other tables exist (e.g. Tummala and Ling 1998,
#: Alonso and Lamata 2006) and give slightly different CRs.
RANDOM_INDEX: tuple[float, ...] = (
    0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
)  # fmt: skip

#: Saaty's threshold: a consistency ratio above this is "inconsistent".
CR_THRESHOLD = 0.10


class InconsistentJudgmentsWarning(UserWarning):
    """AHP judgments with a consistency ratio above 0.10 (Saaty's threshold)."""


def _vector(values: npt.ArrayLike, name: str) -> FloatArray:
    try:
        array = np.array(values, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise InvalidWeightsError.at(name, f"expected numbers ({exc})") from None
    if array.size == 0:
        raise InvalidWeightsError.at(name, "expected at least one value")
    if not np.all(np.isfinite(array)):
        i = int(np.argmin(np.isfinite(array)))
        raise InvalidWeightsError.at(name, f"value {i + 1} is {float(array[i])!r}, expected a finite number")
    return array


def direct_weights(values: npt.ArrayLike) -> FloatArray:
    """Normalise stated weights (points, percentages, ...) to sum to 1.

    Raises
    ------
    InvalidWeightsError
        A value negative or non-finite, or all zero.
    """
    array = _vector(values, "weights")
    if np.any(array < 0):
        i = int(np.argmax(array < 0))
        raise InvalidWeightsError.at("weights", f"value {i + 1} is {array[i]:g}, expected a number >= 0")
    total = float(array.sum())
    if total <= 0:
        raise InvalidWeightsError.at("weights", f"weights must sum to more than 0 (got {total:g})")
    return array / total


def swing_weights(points: npt.ArrayLike) -> FloatArray:
    """Swing weights: 100 points for the most important swing, 0-100 for the others.

    The analyst ranks the swings from worst to best level of each criterion and gives
    the largest 100 points, the others points relative to it (UK DCLG 2009 manual,
    section 6.2.10; von Winterfeldt and Edwards 1986). Weights are the points divided
    by their sum.

    Raises
    ------
    InvalidWeightsError
        A value outside 0-100 or non-finite, or no swing given 100 points.
    """
    array = _vector(points, "points")
    outside = (array < 0) | (array > 100)
    if np.any(outside):
        i = int(np.argmax(outside))
        raise InvalidWeightsError.at("points", f"value {i + 1} is {array[i]:g}, expected 0 to 100")
    if array.max() != 100:
        raise InvalidWeightsError.at(
            "points", f"the most important swing must get 100 points (largest given: {array.max():g})"
        )
    result: FloatArray = array / array.sum()
    return result


def _checked_ranks(ranks: npt.ArrayLike) -> FloatArray:
    """Ranks as floats: whole numbers >= 1 (1 = most important)."""
    array = _vector(ranks, "ranks")
    bad = (array < 1) | (array != np.round(array))
    if np.any(bad):
        i = int(np.argmax(bad))
        raise InvalidWeightsError.at("ranks", f"value {i + 1} is {array[i]:g}, expected a whole number >= 1")
    return array


def _from_ranks(ranks: npt.ArrayLike, by_position: Callable[[FloatArray, int], FloatArray]) -> FloatArray:
    """Weights by sorted position; tied criteria share the mean of their positions' weights."""
    array = _checked_ranks(ranks)
    m = array.size
    positions = np.arange(1, m + 1, dtype=np.float64)
    per_position = by_position(positions, m)
    order = np.argsort(array, kind="stable")
    sorted_ranks = array[order]
    _, group, counts = np.unique(sorted_ranks, return_inverse=True, return_counts=True)
    group_mean = np.bincount(group, weights=per_position) / counts
    weights = np.empty(m, dtype=np.float64)
    weights[order] = group_mean[group]
    result: FloatArray = weights / weights.sum()
    return result


def rank_order_centroid(ranks: npt.ArrayLike) -> FloatArray:
    r"""Rank-order centroid weights, :math:`w_{(r)} = \frac{1}{m}\sum_{k=r}^{m} 1/k`.

    ``ranks``: 1 = most important. Only the order matters; tied criteria (equal ranks,
    e.g. ``[1, 1, 3]`` or ``[1, 1, 2]``) occupy consecutive positions and each gets the
    mean of those positions' weights, so ties never change the total given to the group.
    Source: Barron and Barrett (1996), *Management Science* 42(11), 1515-1523.

    Examples
    --------
    >>> rank_order_centroid([2, 1, 1]).round(4).tolist()
    [0.1111, 0.4444, 0.4444]
    """

    def centroid(positions: FloatArray, m: int) -> FloatArray:
        tail = np.cumsum((1.0 / positions)[::-1])[::-1]
        result: FloatArray = tail / m
        return result

    return _from_ranks(ranks, centroid)


def rank_sum(ranks: npt.ArrayLike) -> FloatArray:
    r"""Rank-sum weights, :math:`w_{(r)} = 2(m + 1 - r) / (m(m + 1))`; ties as :func:`rank_order_centroid`.

    Source: Stillwell, Seaver and Edwards (1981); Barron and Barrett (1996).
    """
    return _from_ranks(ranks, lambda positions, m: 2.0 * (m + 1 - positions) / (m * (m + 1)))


@dataclass(frozen=True, slots=True)
class AhpResult:
    """AHP priorities and consistency (Saaty).

    Attributes
    ----------
    weights : ndarray
        Principal right eigenvector, normalised to sum to 1.
    lambda_max : float
        Principal eigenvalue (>= n for a reciprocal matrix).
    ci : float
        Consistency index :math:`(\\lambda_{max} - n)/(n - 1)` (0 for n <= 2).
    cr : float
        Consistency ratio CI / RI(n) (0 for n <= 2, where every reciprocal matrix is consistent).
    random_index : float
        RI(n) from :data:`RANDOM_INDEX`.
    consistent : bool
        ``cr <= 0.10``.
    """

    weights: FloatArray
    lambda_max: float
    ci: float
    cr: float
    random_index: float
    consistent: bool


def _check_pairwise(pairwise: npt.ArrayLike, rtol: float) -> FloatArray:
    try:
        matrix = np.array(pairwise, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidWeightsError.at("pairwise", f"expected a square table of numbers ({exc})") from None
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] == 0:
        raise InvalidWeightsError.at("pairwise", f"expected a square n x n table, got shape {matrix.shape}")
    n = matrix.shape[0]
    if n > len(RANDOM_INDEX):
        raise InvalidWeightsError.at("pairwise", f"at most {len(RANDOM_INDEX)} items (RI table), got {n}")
    bad = np.argwhere(~np.isfinite(matrix) | (matrix <= 0))
    if bad.size:
        i, j = (int(x) for x in bad[0])
        raise InvalidWeightsError.at(
            f"pairwise[{i + 1}, {j + 1}]", f"is {float(matrix[i, j])!r}, expected a positive number"
        )
    off = np.argwhere(np.abs(np.diag(matrix) - 1.0) > rtol)
    if off.size:
        i = int(off[0, 0])
        raise InvalidWeightsError.at(f"pairwise[{i + 1}, {i + 1}]", f"is {matrix[i, i]:g}, expected 1")
    product = matrix * matrix.T
    broken = np.argwhere(np.triu(np.abs(product - 1.0) > rtol, k=1))
    if broken.size:
        i, j = (int(x) for x in broken[0])
        raise InvalidWeightsError.at(
            f"pairwise[{j + 1}, {i + 1}]",
            f"is {matrix[j, i]:g}, expected the reciprocal of pairwise[{i + 1}, {j + 1}] = "
            f"{matrix[i, j]:g}, i.e. {1.0 / matrix[i, j]:.4g}",
        )
    return matrix


def ahp(pairwise: npt.ArrayLike, *, rtol: float = 0.05) -> AhpResult:
    r"""AHP priorities from a reciprocal pairwise-comparison matrix (Saaty 1977, 1980).

    ``pairwise[i, j]`` says how many times more important item *i* is than item *j*
    (Saaty's 1-9 scale); it must be positive with ``pairwise[j, i] = 1 / pairwise[i, j]``
    and a unit diagonal, within relative tolerance ``rtol`` (5 % by default, so
    reciprocals typed to two decimals, such as 0.33, 0.13 or 0.11, are accepted).
    Weights are the principal right eigenvector; ``CI = (lambda_max - n) / (n - 1)``
    and ``CR = CI / RI(n)`` with Saaty's random index (:data:`RANDOM_INDEX`, n <= 15).
    Above CR 0.10 an
    :class:`InconsistentJudgmentsWarning` is issued (the result is still returned).

    Examples
    --------
    >>> result = ahp([[1, 3], [1 / 3, 1]])
    >>> result.weights.round(2).tolist(), result.cr
    ([0.75, 0.25], 0.0)
    """
    matrix = _check_pairwise(pairwise, rtol)
    n = matrix.shape[0]
    eigenvalues, eigenvectors = np.linalg.eig(matrix)
    principal = int(np.argmax(eigenvalues.real))
    vector = np.abs(eigenvectors[:, principal].real)
    weights = vector / vector.sum()
    lambda_max = float(eigenvalues[principal].real)
    ci = max(0.0, (lambda_max - n) / (n - 1)) if n > 2 else 0.0
    random_index = RANDOM_INDEX[n - 1]
    cr = ci / random_index if random_index > 0 else 0.0
    if cr > CR_THRESHOLD:
        warnings.warn(
            f"AHP consistency ratio {cr:.3f} is above {CR_THRESHOLD:.2f}: revisit the judgments",
            InconsistentJudgmentsWarning,
            stacklevel=2,
        )
    return AhpResult(weights, lambda_max, ci, cr, random_index, cr <= CR_THRESHOLD)


_KINDS: dict[str, Callable[..., FloatArray]] = {
    "direct": direct_weights,
    "swing": swing_weights,
    "roc": rank_order_centroid,
    "rank_sum": rank_sum,
    "ahp": lambda data, **options: ahp(data, **options).weights,
    "critic": critic_weights,
    "entropy": entropy_weights,
    "std": std_weights,
}
_OBJECTIVE = frozenset({"critic", "entropy", "std"})


def derive_weights(kind: str, data: Any, **options: Any) -> FloatArray:
    """Weights by name: ``direct``, ``swing``, ``roc``, ``rank_sum``, ``ahp``, ``critic``,
    ``entropy`` or ``std``.

    ``data`` is the stated weights, swing points, ranks, pairwise matrix or decision
    matrix; ``options`` go to the function (``directions=`` for the objective methods,
    ``rtol=`` for ``ahp``).

    Examples
    --------
    >>> derive_weights("rank_sum", [1, 2]).round(4).tolist()
    [0.6667, 0.3333]
    """
    key = str(kind).strip().lower().replace("-", "_")
    if key not in _KINDS:
        raise UnknownNameError.at("kind", f"unknown weighting {kind!r}; expected one of: {', '.join(sorted(_KINDS))}")
    allowed = {"directions"} if key in _OBJECTIVE else {"rtol"} if key == "ahp" else set()
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise UnknownNameError.at(
            "options",
            f"weighting {key!r} does not take {', '.join(unknown)}; it takes: {', '.join(sorted(allowed)) or '(none)'}",
        )
    return _KINDS[key](data, **options)
