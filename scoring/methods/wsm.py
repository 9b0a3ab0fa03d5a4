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

Source: UK DCLG (2009), *Multi-criteria analysis: a manual*, chapter 6 (MCDA, linear
additive model); Belton and Stewart (2002), *Multiple Criteria Decision Analysis*, ch. 4.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from scoring.methods._columns import column_reduce
from scoring.methods._base import FloatArray, MethodOutput, MethodSpec, SignArray, column_range


def value_scores(
    matrix: FloatArray, directions: SignArray, bounds: tuple[npt.ArrayLike, npt.ArrayLike] | None = None
) -> FloatArray:
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
    if bounds is None:
        lower, upper = column_range(matrix)
    else:
        lower = np.asarray(bounds[0], dtype=np.float64)
        upper = np.asarray(bounds[1], dtype=np.float64)
    span = upper - lower
    safe = np.where(span > 0, span, 1.0)
    benefit = (matrix - lower) / safe
    values = np.where(directions > 0, benefit, 1.0 - benefit)
    return np.where(span > 0, values, 1.0)


def score(
    matrix: FloatArray,
    weights: FloatArray,
    directions: SignArray,
    *,
    bounds: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
) -> MethodOutput:
    r"""Weighted sum of 0-1 values, in one matrix-vector product.

    The value function is affine per column, :math:`v_{ij} = a_j x_{ij} + b_j`, so
    :math:`V_i = \sum_j (w_j a_j) x_{ij} + \sum_j w_j b_j`: one streaming pass over the
    matrix and no (n, m) temporary. Use :func:`value_scores` for the values themselves.
    """
    slope, intercept = _affine(matrix, directions, bounds)
    scores: FloatArray = matrix @ (weights * slope) + float(weights @ intercept)
    return MethodOutput(scores=scores)


def _affine(
    matrix: FloatArray, directions: SignArray, bounds: tuple[npt.ArrayLike, npt.ArrayLike] | None
) -> tuple[FloatArray, FloatArray]:
    """Per-column slope and intercept of the value function (constant column: 0 and 1)."""
    if bounds is None:
        lower, upper = column_reduce(np.minimum, matrix), column_reduce(np.maximum, matrix)
    else:
        m = matrix.shape[-1]
        lower = np.broadcast_to(np.asarray(bounds[0], dtype=np.float64), (m,))
        upper = np.broadcast_to(np.asarray(bounds[1], dtype=np.float64), (m,))
    span = upper - lower
    varies = span > 0
    safe = np.where(varies, span, 1.0)
    slope = np.where(varies, directions / safe, 0.0)
    intercept = np.where(varies, np.where(directions > 0, -lower, upper) / safe, 1.0)
    return slope, intercept


def batch(
    matrices: FloatArray,
    weights: FloatArray,
    directions: SignArray,
    *,
    bounds: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
) -> FloatArray:
    """Score k weight vectors (and optionally k matrices) at once; returns (k, n)."""
    values = value_scores(matrices, directions, bounds)
    if values.ndim == 2:
        result: FloatArray = weights @ values.T
        return result
    scores: FloatArray = np.einsum("knm,km->kn", values, weights)
    return scores


def _options() -> dict[str, Any]:
    return {"bounds": None}


METHOD = MethodSpec(
    name="wsm",
    title="Weighted sum (additive value model)",
    higher_is_better=True,
    score=score,
    batch=batch,
    options=_options(),
    source="UK DCLG (2009) Multi-criteria analysis: a manual, ch. 6; Belton & Stewart (2002) ch. 4",
)
