r"""Weighted product model (WPM), in ratio form.

Each level (shifted by ``offset``, :math:`x'_{ij} = x_{ij} + \text{offset}`) is divided
by the best level of its column, so that the best design on a criterion gets 1:

.. math::

    r_{ij} = \frac{x'_{ij}}{\max_i x'_{ij}} \ \text{(benefit)}, \qquad
    r_{ij} = \frac{\min_i x'_{ij}}{x'_{ij}} \ \text{(cost)},

and the score is the weighted geometric product

.. math::

    P_i = \prod_j r_{ij}^{\,w_j} = \exp\Big(\sum_j w_j \ln r_{ij}\Big), \qquad 0 < P_i \le 1.

:math:`P_i = 1` exactly when design *i* is best on every criterion with positive weight.
Because :math:`P_a / P_b = \prod_j (x_{aj}/x_{bj})^{\pm w_j}` the ranking does not
depend on the choice of reference (Triantaphyllou's "dimensionless" property), but it
does require strictly positive levels: a zero or negative level has no ratio. The
kernel therefore rejects any :math:`x'_{ij} \le 0` with an :class:`InvalidMatrixError`
naming the row and column; on a 0-100 scale pass e.g. ``offset=1`` (and say so when
reporting: the offset changes the ratios and so can change the ranking). A constant
column gives every design the ratio 1 and has no effect.

Source: Triantaphyllou, E. (2000), *Multi-criteria decision making methods: a
comparative study*, Kluwer, ch. 2.2 (the WPM); Bridgman (1922) and Miller & Starr
(1969) for the original product form. The ratio normalisation is the "linear (max)"
normalisation of pymcdm, against which the tests cross-check.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scoring._types import FloatArray, SignArray
from scoring.errors import InvalidMatrixError, Problem
from scoring.methods._base import MethodOutput, MethodSpec
from scoring.methods._common import finite_number


def _check_positive(levels: FloatArray, offset: float) -> None:
    """Raise naming the first non-positive shifted levels (row/column 1-based)."""
    if not np.isfinite(offset):
        raise InvalidMatrixError.at("offset", f"expected a finite number, got {offset!r}")
    bad = np.argwhere(levels <= 0)
    if bad.size == 0:
        return
    problems = []
    for index in bad[:10]:
        *sample, row, column = (int(i) for i in index)
        where = f"sample {sample[0] + 1}, " if sample else ""
        raw = float(levels[tuple(index)]) - offset
        problems.append(
            Problem(
                "matrix",
                f"{where}row {row + 1}, column {column + 1} is {raw:g} (+ offset {offset:g}); "
                "wpm needs levels > 0 (pass offset= to shift the scale)",
            )
        )
    raise InvalidMatrixError(problems)


def ratios(matrix: FloatArray, directions: SignArray, *, offset: float = 0.0) -> FloatArray:
    """Return the ratio-normalised levels :math:`r_{ij}` in (0, 1] (last axis criteria).

    Examples
    --------
    >>> ratios(np.array([[2.0, 10.0], [4.0, 20.0]]), np.array([1, -1])).tolist()
    [[0.5, 1.0], [1.0, 0.5]]
    """
    shifted = matrix + float(offset)
    _check_positive(shifted, float(offset))
    best_benefit = shifted.max(axis=-2, keepdims=True)
    best_cost = shifted.min(axis=-2, keepdims=True)
    result: FloatArray = np.where(directions > 0, shifted / best_benefit, best_cost / shifted)
    return result


def score(matrix: FloatArray, weights: FloatArray, directions: SignArray, *, offset: float = 0.0) -> MethodOutput:
    """Weighted product of ratio-normalised levels; ``details['ratios']`` holds :math:`r_{ij}`."""
    normalised = ratios(matrix, directions, offset=offset)
    scores = np.exp(np.log(normalised) @ weights)
    return MethodOutput(scores=scores, details={"ratios": normalised})


def batch(matrices: FloatArray, weights: FloatArray, directions: SignArray, *, offset: float = 0.0) -> FloatArray:
    """Score k weight vectors (and optionally k matrices) at once; returns (k, n).

    Memory: O(k n m) for (k, n, m) matrices, O(n m + k n) for one (n, m) matrix.
    """
    logs = np.log(ratios(matrices, directions, offset=offset))
    if logs.ndim == 2:
        result: FloatArray = np.exp(weights @ logs.T)
        return result
    stacked: FloatArray = np.exp(np.einsum("knm,km->kn", logs, weights))
    return stacked


def _check(options: dict[str, Any], extremes: tuple[FloatArray, ...]) -> dict[str, Any]:
    offset = finite_number("offset", options["offset"])
    for levels in extremes:  # every level the kernel will see must be positive once shifted
        _check_positive(levels + offset, offset)
    return {**options, "offset": offset}


METHOD = MethodSpec(
    name="wpm",
    title="Weighted product (ratio form)",
    higher_is_better=True,
    score=score,
    batch=batch,
    options={"offset": 0.0},
    source="Triantaphyllou (2000) Multi-criteria decision making methods: a comparative study, ch. 2.2",
    label="weighted product of ratios to the best (0-1, 1 = best on every criterion)",
    value_options={"offset": 1.0},
    value_label="weighted product of ratios to the best, on 0-100 values + 1 (0-1, higher is better)",
    check=_check,
)
