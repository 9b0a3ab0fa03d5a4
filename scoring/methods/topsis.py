r"""TOPSIS: closeness to the ideal design (Hwang and Yoon 1981).

Steps, in the paper's notation (designs *i*, criteria *j*):

1. Normalise each column. ``normalization="vector"`` (the textbook default):

   .. math:: r_{ij} = \frac{x_{ij}}{\sqrt{\sum_i x_{ij}^2}}

   ``normalization="minmax"`` (for cross-checks with min-max variants):
   :math:`r_{ij} = (x_{ij} - \min_i x_{ij}) / (\max_i x_{ij} - \min_i x_{ij})`.
2. Weight: :math:`v_{ij} = w_j r_{ij}`.
3. Ideal :math:`A^+` and anti-ideal :math:`A^-`: per column the best and worst
   :math:`v_{ij}` (max and min for a benefit criterion, min and max for a cost one).
4. Euclidean distances :math:`d_i^+ = \lVert v_i - A^+ \rVert_2` and
   :math:`d_i^- = \lVert v_i - A^- \rVert_2`.
5. Relative closeness :math:`C_i = d_i^- / (d_i^+ + d_i^-)`, in [0, 1], higher is better.

Conventions for degenerate input (no division by zero, no warnings): a column of
zeros has :math:`r_{ij} = 0` under vector normalisation, and a constant column has
:math:`r_{ij} = 0` under min-max normalisation; either way it adds nothing to any
distance. When :math:`d_i^+ + d_i^- = 0` (every design equal on every weighted
criterion) the closeness is defined as 0.5: design *i* is exactly as far from the
ideal as from the anti-ideal.

Cost criteria are handled by the choice of ideal (step 3), as in Hwang and Yoon; this
gives the same distances as transforming cost columns to :math:`1 - r_{ij}` first
(pymcdm's convention), so the two agree.

Source: Hwang, C.L. and Yoon, K. (1981), *Multiple Attribute Decision Making: Methods
and Applications*, Springer, pp. 128-140.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scoring._types import FloatArray, SignArray
from scoring.methods._base import MethodOutput, MethodSpec, column_range
from scoring.methods._columns import column_reduce
from scoring.methods._common import choose

NORMALIZATIONS = ("vector", "minmax")


def normalize(matrix: FloatArray, normalization: str = "vector") -> FloatArray:
    """Return :math:`r_{ij}` for the named normalisation (last axis criteria).

    Examples
    --------
    >>> normalize(np.array([[3.0, 1.0], [4.0, 1.0]])).tolist()
    [[0.6, 0.7071067811865475], [0.8, 0.7071067811865475]]
    """
    if normalization == "vector":
        norms = np.sqrt(np.square(matrix).sum(axis=-2, keepdims=True))
        vector: FloatArray = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
        return vector
    lower, upper = column_range(matrix)
    span = upper - lower
    return np.divide(matrix - lower, span, out=np.zeros_like(matrix), where=span > 0)


def _gaps(normalised: FloatArray, directions: SignArray) -> tuple[FloatArray, FloatArray]:
    """Squared unweighted gaps to the ideal and anti-ideal: (r - r+)^2, (r - r-)^2."""
    lower, upper = column_range(normalised)
    ideal = np.where(directions > 0, upper, lower)
    anti = np.where(directions > 0, lower, upper)
    return np.square(normalised - ideal), np.square(normalised - anti)


def _closeness(to_ideal: FloatArray, to_anti: FloatArray) -> FloatArray:
    total = to_ideal + to_anti
    return np.divide(to_anti, total, out=np.full_like(total, 0.5), where=total > 0)


def score(
    matrix: FloatArray, weights: FloatArray, directions: SignArray, *, normalization: str = "vector"
) -> MethodOutput:
    r"""Relative closeness :math:`C_i`; details hold ``d_plus`` and ``d_minus``.

    Both normalisations scale each column by a positive factor after a shift, so the
    ideal of the normalised column is the normalised ideal of the raw column and
    :math:`w_j (r_{ij} - r^+_j) = c_j (x_{ij} - x^+_j)` with :math:`c_j = w_j / N_j`
    (:math:`N_j` the column norm or range). The distances are computed that way, with
    one (n, m) working buffer, without materialising the normalised matrix.
    """
    kind = choose("normalization", normalization, NORMALIZATIONS)
    lower, upper = column_reduce(np.minimum, matrix), column_reduce(np.maximum, matrix)
    scale = np.sqrt(np.einsum("ij,ij->j", matrix, matrix)) if kind == "vector" else upper - lower
    factor = np.divide(weights, scale, out=np.zeros_like(weights), where=scale > 0)
    ideal = np.where(directions > 0, upper, lower)
    anti = np.where(directions > 0, lower, upper)
    buffer = np.empty_like(matrix)
    d_plus = np.sqrt(_weighted_gap(matrix, ideal, factor, buffer))
    d_minus = np.sqrt(_weighted_gap(matrix, anti, factor, buffer))
    return MethodOutput(scores=_closeness(d_plus, d_minus), details={"d_plus": d_plus, "d_minus": d_minus})


def _weighted_gap(matrix: FloatArray, target: FloatArray, factor: FloatArray, buffer: FloatArray) -> FloatArray:
    """Row sums of :math:`(c_j (x_{ij} - t_j))^2`, computed in ``buffer``."""
    np.subtract(matrix, target, out=buffer)
    buffer *= factor
    squared: FloatArray = np.einsum("ij,ij->i", buffer, buffer)
    return squared


def batch(
    matrices: FloatArray, weights: FloatArray, directions: SignArray, *, normalization: str = "vector"
) -> FloatArray:
    """Score k weight vectors (and optionally k matrices) at once; returns (k, n).

    Uses :math:`(d_i^+)^2 = \\sum_j w_j^2 (r_{ij} - r_j^+)^2` (weights are non-negative,
    so the weighted ideal is the weight times the unweighted one): one (n, m) matrix
    costs O(n m + k n) memory, (k, n, m) matrices O(k n m).
    """
    kind = choose("normalization", normalization, NORMALIZATIONS)
    gap_ideal, gap_anti = _gaps(normalize(matrices, kind), directions)
    squared = np.square(weights)
    if gap_ideal.ndim == 2:
        d_plus = np.sqrt(squared @ gap_ideal.T)
        d_minus = np.sqrt(squared @ gap_anti.T)
    else:
        d_plus = np.sqrt(np.einsum("knm,km->kn", gap_ideal, squared))
        d_minus = np.sqrt(np.einsum("knm,km->kn", gap_anti, squared))
    return _closeness(d_plus, d_minus)


def _check(options: dict[str, Any], _extremes: tuple[FloatArray, ...]) -> dict[str, Any]:
    return {**options, "normalization": choose("normalization", options["normalization"], NORMALIZATIONS)}


METHOD = MethodSpec(
    name="topsis",
    title="TOPSIS (closeness to the ideal)",
    higher_is_better=True,
    score=score,
    batch=batch,
    options={"normalization": "vector"},
    source="Hwang & Yoon (1981) Multiple Attribute Decision Making, pp. 128-140",
    label="closeness to the ideal design (0-1, higher is better)",
    value_label="closeness to the ideal design, on 0-100 values (0-1, higher is better)",
    check=_check,
)
