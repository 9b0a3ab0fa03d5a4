"""Weights from the data: CRITIC, entropy and standard deviation.

Private: import these functions from :mod:`scoring.weights`, which re-exports them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from scoring._types import FloatArray
from scoring._validate import as_directions, as_matrix
from scoring.errors import InvalidMatrixError
from scoring.methods._base import column_range

__all__ = ["critic_weights", "entropy_weights", "std_weights"]


def _normalised(matrix: npt.ArrayLike, directions: Sequence[object] | npt.ArrayLike | None) -> FloatArray:
    """Min-max normalise by direction (1 = best); constant columns become 0."""
    values = as_matrix(matrix)
    signs = as_directions(directions, values.shape[1])
    lower, upper = column_range(values)
    span = upper - lower
    scaled = np.divide(values - lower, span, out=np.zeros_like(values), where=span > 0)
    return np.where(signs > 0, scaled, np.where(span > 0, 1.0 - scaled, 0.0))


def _finish(raw: FloatArray, method: str) -> FloatArray:
    total = float(raw.sum())
    if not total > 0:
        raise InvalidMatrixError.at("matrix", f"{method} weights are undefined: no criterion varies across the designs")
    return raw / total


def critic_weights(matrix: npt.ArrayLike, directions: Sequence[object] | npt.ArrayLike | None = None) -> FloatArray:
    r"""CRITIC weights (Diakoulaki, Mavrotas and Papayannakis 1995).

    Columns are min-max normalised by direction (1 = best); with :math:`\sigma_j` the
    standard deviation of column *j* and :math:`r_{jk}` the Pearson correlation,
    :math:`C_j = \sigma_j \sum_k (1 - r_{jk})` and :math:`w_j = C_j / \sum_k C_k`
    (the ddof of :math:`\sigma` cancels). A constant column has no contrast: it gets
    weight 0 and is left out of the other columns' conflict sums (its correlation is
    undefined), so adding one does not change the other weights. If only one column
    varies it gets weight 1.

    Source: Diakoulaki, D., Mavrotas, G. and Papayannakis, L. (1995), "Determining
    objective weights in multiple criteria problems: the CRITIC method", *Computers &
    Operations Research* 22(7), 763-770.

    Raises
    ------
    InvalidMatrixError
        NaN/inf (cell named), or no criterion has both contrast and conflict.
    """
    scaled = _normalised(matrix, directions)
    sigma = scaled.std(axis=0)
    varies = sigma > 0
    if varies.sum() <= 1:  # no pair to measure conflict with: the informative column (if any) gets all
        return _finish(varies.astype(np.float64), "CRITIC")
    centred = scaled - scaled.mean(axis=0)
    safe = np.where(varies, sigma, 1.0)
    corr = (centred.T @ centred) / scaled.shape[0] / np.outer(safe, safe)
    conflict = ((1.0 - corr) * varies[np.newaxis, :]).sum(axis=1)
    raw = np.where(varies, sigma * conflict, 0.0)
    if not raw.sum() > 1e-12 * sigma.sum():  # every varying column moves in lockstep with the others
        raise InvalidMatrixError.at(
            "matrix",
            "CRITIC weights are undefined: the criteria that vary are perfectly correlated (no conflict between "
            "criteria to weigh); use equal, swing or entropy weights instead",
        )
    return _finish(raw, "CRITIC")


def entropy_weights(matrix: npt.ArrayLike, directions: Sequence[object] | npt.ArrayLike | None = None) -> FloatArray:
    r"""Shannon-entropy weights (Zeleny 1982; Hwang and Yoon 1981, pp. 52-54).

    Each column is normalised to proportions :math:`p_{ij} = x_{ij} / \sum_i x_{ij}`
    (levels must be >= 0); :math:`E_j = -\frac{1}{\ln n}\sum_i p_{ij}\ln p_{ij}` with
    :math:`0 \ln 0 = 0`, so :math:`E_j \in [0, 1]`; :math:`w_j = (1 - E_j) / \sum_k (1 - E_k)`.
    A column of zeros carries no information (:math:`E_j = 1`). ``directions`` is
    accepted for a uniform signature and checked, but does not change the result: the
    method measures dispersion of the levels as given.

    Raises
    ------
    InvalidMatrixError
        Negative levels (cell named), fewer than 2 designs, or no column varies.
    """
    values = as_matrix(matrix)
    as_directions(directions, values.shape[1])
    negative = np.argwhere(values < 0)
    if negative.size:
        i, j = (int(x) for x in negative[0])
        raise InvalidMatrixError.at(
            "matrix", f"row {i + 1}, column {j + 1} is {values[i, j]:g}; entropy weights need levels >= 0"
        )
    n = values.shape[0]
    if n < 2:
        raise InvalidMatrixError.at("matrix", "entropy weights need at least 2 designs")
    totals = values.sum(axis=0)
    shares = np.divide(values, totals, out=np.zeros_like(values), where=totals > 0)
    logs = np.log(shares, out=np.zeros_like(shares), where=shares > 0)
    entropy = np.where(totals > 0, -(shares * logs).sum(axis=0) / np.log(n), 1.0)
    return _finish(np.clip(1.0 - entropy, 0.0, None), "entropy")


def std_weights(matrix: npt.ArrayLike, directions: Sequence[object] | npt.ArrayLike | None = None) -> FloatArray:
    r"""Standard-deviation weights: :math:`w_j \propto \sigma_j` of the min-max normalised column.

    Normalising first makes the weights independent of each criterion's units (raw
    standard deviations are not). Source: Diakoulaki et al. (1995), section 2 (the SD
    method they compare CRITIC with).
    """
    return _finish(_normalised(matrix, directions).std(axis=0), "standard-deviation")
