r"""Weighted sum (additive value model, SMART / MAVT).

Each criterion's level :math:`x_{ij}` is turned into a 0-1 value by a linear value
function over a scale :math:`[L_j, U_j]`,

.. math::

    v_{ij} = \frac{x_{ij} - L_j}{U_j - L_j} \ \text{(benefit)}, \qquad
    v_{ij} = \frac{U_j - x_{ij}}{U_j - L_j} \ \text{(cost)},

and the total is :math:`V_i = \sum_j w_j v_{ij}` with :math:`\sum_j w_j = 1`.

The scale is *global* when bounds are given (a scenario set passes its 0-100 anchored
scales) and *local* otherwise: :math:`[L_j, U_j]` is then the observed range over the
designs being compared. A local scale makes totals depend on which designs are in the
set (adding a design can reorder the others); a global scale does not. A constant
column on a local scale carries no information and gives every design the value 1.

Precision: the total is computed as :math:`\sum_j c_j (x_{ij} - r_j)` with
:math:`r_j` the worst end of the scale (:math:`L_j` for a benefit criterion, :math:`U_j`
for a cost one) and :math:`c_j = \pm w_j / (U_j - L_j)`, so each term is exact to
rounding *relative to the column's range* even when the levels sit on a large offset
(levels near :math:`10^{12}` with a range of 1), exact ties stay ties, and totals stay in
[0, 1]. The subtraction runs block by block, in cache, before one matrix-vector product
per block.

Source: UK DCLG (2009), *Multi-criteria analysis: a manual*, chapter 6 (MCDA, linear
additive model); Belton and Stewart (2002), *Multiple Criteria Decision Analysis*, ch. 4.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from scoring._types import FloatArray, SignArray
from scoring.errors import InvalidMatrixError, Problem
from scoring.methods._base import MethodOutput, MethodSpec, column_range
from scoring.methods._columns import column_reduce

Bounds = tuple[npt.ArrayLike, npt.ArrayLike] | None

#: Elements per block of the subtraction (fits in L2 cache).
_BLOCK_ELEMENTS = 1 << 15


def _scale(matrix: FloatArray, bounds: Bounds) -> tuple[FloatArray, FloatArray]:
    m = matrix.shape[-1]
    if bounds is None:
        if matrix.ndim == 2:
            return column_reduce(np.minimum, matrix), column_reduce(np.maximum, matrix)
        lower, upper = column_range(matrix)
        return lower, upper
    lower = np.broadcast_to(np.asarray(bounds[0], dtype=np.float64), (m,))
    upper = np.broadcast_to(np.asarray(bounds[1], dtype=np.float64), (m,))
    return lower, upper


def value_scores(matrix: FloatArray, directions: SignArray, bounds: Bounds = None) -> FloatArray:
    """Map levels to 0-1 values (last axis is criteria, second-last designs).

    Parameters
    ----------
    matrix : ndarray, shape (..., n, m)
    directions : ndarray, shape (m,)
    bounds : (lower, upper) or None
        Global scale bounds (scalars or per-criterion); ``None`` for the local scale.

    Examples
    --------
    >>> value_scores(np.array([[0.0, 10.0], [50.0, 30.0]]), np.array([1, -1])).tolist()
    [[0.0, 1.0], [1.0, 0.0]]
    """
    lower, upper = _scale(matrix, bounds)
    span = upper - lower
    safe = np.where(span > 0, span, 1.0)
    reference = np.where(directions > 0, lower, upper)
    values = (matrix - reference) * (directions / safe)
    return np.where(span > 0, np.clip(values, 0.0, 1.0) + 0.0, 1.0)  # + 0.0 turns -0.0 into 0.0


def score(matrix: FloatArray, weights: FloatArray, directions: SignArray, *, bounds: Bounds = None) -> MethodOutput:
    """Weighted sum of 0-1 values (see the module docstring for how it stays exact)."""
    lower, upper = _scale(matrix, bounds)
    span = upper - lower
    varies = span > 0
    reference = np.where(directions > 0, lower, upper)
    factor = np.where(varies, directions * weights / np.where(varies, span, 1.0), 0.0)
    constant = float(weights[~varies].sum())
    n, m = matrix.shape
    scores = np.empty(n)
    step = max(1, _BLOCK_ELEMENTS // max(m, 1))
    buffer = np.empty((min(step, n), m))
    for start in range(0, n, step):  # blocks of designs; each block is one vectorised pass
        stop = min(n, start + step)
        block = buffer[: stop - start]
        np.subtract(matrix[start:stop], reference, out=block)
        np.matmul(block, factor, out=scores[start:stop])
    scores += constant  # also turns -0.0 into 0.0
    np.clip(scores, 0.0, 1.0, out=scores)
    return MethodOutput(scores=scores)


def batch(matrices: FloatArray, weights: FloatArray, directions: SignArray, *, bounds: Bounds = None) -> FloatArray:
    """Score k weight vectors (and optionally k matrices) at once; returns (k, n)."""
    values = value_scores(matrices, directions, bounds)
    if values.ndim == 2:
        result: FloatArray = weights @ values.T
        return result
    scores: FloatArray = np.einsum("knm,km->kn", values, weights)
    return scores


def parts(matrix: FloatArray, directions: SignArray, *, bounds: Bounds = None) -> FloatArray:
    """The 0-1 values: ``score = parts @ weights``."""
    return value_scores(matrix, directions, bounds)


def _check(options: dict[str, Any], extremes: tuple[FloatArray, ...]) -> dict[str, Any]:
    bounds = options.get("bounds")
    if bounds is None or not extremes:
        return options
    m = extremes[0].shape[-1]
    try:
        lower, upper = (np.broadcast_to(np.asarray(b, dtype=np.float64), (m,)).copy() for b in bounds)
    except (TypeError, ValueError):
        raise InvalidMatrixError.at("bounds", f"expected (lower, upper) as two numbers or two lists of {m}") from None
    if not (np.all(np.isfinite(lower)) and np.all(np.isfinite(upper))) or np.any(upper <= lower):
        raise InvalidMatrixError.at("bounds", "expected finite bounds with upper > lower for every criterion")
    for levels in extremes:  # levels must lie on the scale they are valued on (else values leave 0-1)
        outside = np.argwhere((levels < lower) | (levels > upper))
        InvalidMatrixError.collect(
            Problem(
                "matrix",
                f"row {i + 1}, column {j + 1} is {levels[i, j]:g}, outside the bounds [{lower[j]:g}, {upper[j]:g}]",
            )
            for i, j in outside[:10]
        )
    return {**options, "bounds": (lower, upper)}


def _separable(options: Mapping[str, Any]) -> bool:
    return options.get("bounds") is not None


def _cells(n: int, m: int, varying: bool) -> int:
    return 2 * m + 6 * n + (6 * n * m if varying else 0)


METHOD = MethodSpec(
    name="wsm",
    title="Weighted sum (additive value model)",
    higher_is_better=True,
    score=score,
    batch=batch,
    options={"bounds": None},
    source="UK DCLG (2009) Multi-criteria analysis: a manual, ch. 6; Belton & Stewart (2002) ch. 4",
    label="weighted sum of 0-1 values (1 = best on every criterion)",
    value_options={"bounds": (0.0, 100.0)},
    value_scale=100.0,
    value_label="weighted average of 0-100 value scores (100 = best on every criterion)",
    value_digits=1,
    digits=3,
    parts=parts,
    separable=_separable,
    additive=True,
    check=_check,
    sample_cells=_cells,
)
