r"""VIKOR: the compromise ranking of Opricovic and Tzeng (2004).

With :math:`f_j^*` the best and :math:`f_j^-` the worst level of criterion *j* over the
designs (max and min for a benefit criterion, min and max for a cost one):

.. math::

    d_{ij} = \frac{f_j^* - x_{ij}}{f_j^* - f_j^-}, \qquad
    S_i = \sum_j w_j d_{ij}, \qquad R_i = \max_j w_j d_{ij},

.. math::

    Q_i = v \frac{S_i - S^*}{S^- - S^*} + (1 - v) \frac{R_i - R^*}{R^- - R^*},

with :math:`S^* = \min_i S_i`, :math:`S^- = \max_i S_i` (likewise for *R*) and
:math:`v` the weight of the "majority of criteria" strategy (``v=0.5`` by default).
*S* is group utility, *R* individual regret; **lower Q is better** (the method's
score is *Q*; ``higher_is_better`` is False).

Compromise solution (Opricovic and Tzeng 2004, step 5). Order the designs by *Q*:
:math:`A^{(1)}, A^{(2)}, \ldots` and let :math:`DQ = 1/(n - 1)`.

- C1 *acceptable advantage*: :math:`Q(A^{(2)}) - Q(A^{(1)}) \ge DQ`.
- C2 *acceptable stability*: :math:`A^{(1)}` is also best by *S* or by *R*.

If both hold, :math:`A^{(1)}` is the compromise; if only C2 fails, the compromise set
is :math:`\{A^{(1)}, A^{(2)}\}`; if C1 fails, it is :math:`A^{(1)}, \ldots, A^{(M)}`
with *M* the largest position such that :math:`Q(A^{(M)}) - Q(A^{(1)}) < DQ`.

Conventions the paper leaves open (no division by zero, no warnings):

- a constant column (:math:`f_j^* = f_j^-`) gives :math:`d_{ij} = 0`: every design is at
  the best level, so the criterion adds no regret;
- if :math:`S^- = S^*` (or :math:`R^- = R^*`) the corresponding term of *Q* is 0:
  no design is worse than another on that measure;
- ties: :math:`A^{(1)}` is the first of the tied designs in input order; "best by S or
  R" accepts a tie for best (within 1e-12 relative); C1 uses the same tolerance;
- one design: :math:`Q = 0`, both conditions hold and it is the compromise.

``details``: ``S``, ``R``, ``Q`` (arrays per design), ``compromise`` (boolean per
design), ``acceptable_advantage`` (C1), ``acceptable_stability`` (C2), ``dq``.

Source: Opricovic, S. and Tzeng, G.-H. (2004), "Compromise solution by MCDM methods: a
comparative analysis of VIKOR and TOPSIS", *European Journal of Operational Research*
156(2), 445-455.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scoring._types import FloatArray, SignArray
from scoring.errors import InputError
from scoring.methods._base import MethodOutput, MethodSpec, column_range

_TOLERANCE = 1e-12


def _check_v(v: float) -> float:
    value = float(v)
    if not 0.0 <= value <= 1.0:
        raise InputError.at("v", f"expected a number between 0 and 1, got {v!r}")
    return value


def regrets(matrix: FloatArray, directions: SignArray) -> FloatArray:
    r"""Return the normalised regrets :math:`d_{ij}` in [0, 1] (last axis criteria).

    Examples
    --------
    >>> regrets(np.array([[1.0, 5.0], [3.0, 5.0]]), np.array([1, -1])).tolist()
    [[1.0, 0.0], [0.0, 0.0]]
    """
    lower, upper = column_range(matrix)
    best = np.where(directions > 0, upper, lower)
    worst = np.where(directions > 0, lower, upper)
    span = best - worst
    result: FloatArray = np.divide(best - matrix, span, out=np.zeros_like(matrix), where=span != 0)
    return result


def _rescale(values: FloatArray) -> FloatArray:
    """(values - min) / (max - min) along the last axis; 0 where max == min."""
    low = values.min(axis=-1, keepdims=True)
    span = values.max(axis=-1, keepdims=True) - low
    result: FloatArray = np.divide(values - low, span, out=np.zeros_like(values), where=span > 0)
    return result


def _q(group: FloatArray, regret: FloatArray, v: float) -> FloatArray:
    return v * _rescale(group) + (1.0 - v) * _rescale(regret)


def compromise(group: FloatArray, regret: FloatArray, q_index: FloatArray) -> tuple[FloatArray, bool, bool, float]:
    """Return (compromise mask, C1, C2, DQ) for one scoring (1-D S, R, Q)."""
    n = q_index.size
    if n == 1:
        return np.ones(1, dtype=bool), True, True, 1.0
    dq = 1.0 / (n - 1)
    order = np.argsort(q_index, kind="stable")
    first = order[0]
    gap = q_index[order] - q_index[first]
    tolerance = _TOLERANCE * max(1.0, float(np.abs(q_index).max()))
    advantage = bool(gap[1] >= dq - tolerance)
    stable = bool(
        group[first] <= group.min() + _TOLERANCE * max(1.0, abs(float(group.min())))
        or regret[first] <= regret.min() + _TOLERANCE * max(1.0, abs(float(regret.min())))
    )
    mask = np.zeros(n, dtype=bool)
    if advantage and stable:
        mask[first] = True
    elif advantage:
        mask[order[:2]] = True
    else:
        mask[order[gap < dq - tolerance]] = True
    return mask, advantage, stable, dq


def score(matrix: FloatArray, weights: FloatArray, directions: SignArray, *, v: float = 0.5) -> MethodOutput:
    """Q per design (lower is better); details carry S, R, Q and the compromise set."""
    strategy = _check_v(v)
    weighted = regrets(matrix, directions) * weights
    group = weighted.sum(axis=1)
    regret = weighted.max(axis=1)
    q_index = _q(group, regret, strategy)
    mask, advantage, stable, dq = compromise(group, regret, q_index)
    details: dict[str, Any] = {
        "S": group,
        "R": regret,
        "Q": q_index,
        "compromise": mask,
        "acceptable_advantage": advantage,
        "acceptable_stability": stable,
        "dq": dq,
    }
    return MethodOutput(scores=q_index, details=details)


def batch(matrices: FloatArray, weights: FloatArray, directions: SignArray, *, v: float = 0.5) -> FloatArray:
    """Q for k weight vectors (and optionally k matrices) at once; returns (k, n).

    Memory: O(k n m) (the weighted regrets are needed for the max in *R*).
    """
    strategy = _check_v(v)
    normalised = regrets(matrices, directions)
    if normalised.ndim == 2:
        weighted = normalised[np.newaxis, :, :] * weights[:, np.newaxis, :]
    else:
        weighted = normalised * weights[:, np.newaxis, :]
    return _q(weighted.sum(axis=-1), weighted.max(axis=-1), strategy)


METHOD = MethodSpec(
    name="vikor",
    title="VIKOR (compromise ranking; Q, lower is better)",
    higher_is_better=False,
    score=score,
    batch=batch,
    options={"v": 0.5},
    source="Opricovic & Tzeng (2004) European Journal of Operational Research 156(2) 445-455",
    label="Q: distance from the compromise ideal (0-1, lower is better)",
    value_label="Q: distance from the compromise ideal, on 0-100 values (0-1, lower is better)",
    check=lambda options, _extremes: {**options, "v": _check_v(options["v"])},
)
