r"""Attribution kernels for :mod:`scoring.analysis.diff`: which edit moved each design's score.

**Exact, for additive scoring** (wsm on 0-100 value scores). With old and new value scores
:math:`v_{ij}, v'_{ij}` and lens points :math:`p_j, p'_j` (a criterion only in one version has
points 0 in the other, and its values are taken equal in both, so only its points matter),
weights :math:`w = p / P` and :math:`w' = p' / P'` (:math:`P = \sum_j p_j`), the change of
design *i*'s total splits per criterion into a weight part and a score part,

.. math::

    \Delta_i = \sum_j \left[ w'_j v'_{ij} - w_j v_{ij} \right]
             = \sum_j (w'_j - w_j)\,\bar v_{ij} + \sum_j (v'_{ij} - v_{ij})\,\bar w_j,
    \qquad \bar v = \tfrac{v + v'}{2},\ \bar w = \tfrac{w + w'}{2},

an identity: the interaction term :math:`(w'_j - w_j)(v'_{ij} - v_{ij})` is split half and half
(the Shapley value of the two-player game "weights" vs "scores" on each term). Each score
edit (design *i*, criterion *j*) gets :math:`(v'_{ij} - v_{ij})\,\bar w_j` and moves only its
own design.

A weight edit is an edit of one criterion's raw points, :math:`\Delta p_k = p'_k - p_k`, but
normalisation makes it move every normalised weight. The exact identities

.. math::

    w'_j - w_j = \sum_k \Delta p_k \frac{\delta_{jk} - w_j}{P'}
               = \sum_k \Delta p_k \frac{\delta_{jk} - w'_j}{P}

(forward and backward; :math:`\delta_{jk}` is 1 when *j = k*) are averaged, so that point edit
*k* is credited with the weight changes
:math:`\Delta w^{(k)}_j = \tfrac{\Delta p_k}{2}\big[(\delta_{jk} - w_j)/P' + (\delta_{jk} - w'_j)/P\big]`
(they add up to :math:`w'_j - w_j` over *k*), and with the part

.. math::

    \phi_{ik} = \sum_j \Delta w^{(k)}_j\,\bar v_{ij}
              = \frac{\Delta p_k}{2}\left[\frac{\bar v_{ik} - \bar S_i}{P'} + \frac{\bar v_{ik} - \bar S'_i}{P}\right],
    \qquad \bar S_i = \sum_j w_j \bar v_{ij},\ \bar S'_i = \sum_j w'_j \bar v_{ij}.

Raising a criterion's points helps a design exactly as far as its (mean) value on that
criterion exceeds its weighted average. The split is symmetric (two edits alike get equal
parts), gives nothing to an unedited criterion, and gives a lone edit the whole change; the
parts of all edits add up to :math:`\Delta_i` exactly (tests/analysis/test_diff.py checks it
with hypothesis to rounding error).

**One at a time, for the other methods** (wpm, TOPSIS, VIKOR, PROMETHEE, whose scores do
not add up over criteria): each edit group is applied alone to the old version and the
design rescored; the parts need not sum to the change, and the remainder is reported as
*interaction*. Score edits are grouped by criterion (one rescoring per criterion, so the cost
stays m + k rescorings), as is the change of which designs are compared.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from scoring._types import BoolArray, FloatArray

__all__ = ["exact_parts", "one_at_a_time"]


def exact_parts(
    values: FloatArray, new_values: FloatArray, points: FloatArray, new_points: FloatArray, edited: np.ndarray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Weight parts (n, k), score parts (n, m) and the change (n,) of wsm totals on 0-100 values.

    Parameters
    ----------
    values, new_values : ndarray (n, m)
        Old and new value scores of the designs in both versions, on the union of criteria
        (a criterion only in one version: equal in both).
    points, new_points : ndarray (m,)
        Old and new raw lens points (0 where a criterion is absent).
    edited : ndarray of int (k,)
        Columns whose points changed (the weight edits).
    """
    total, new_total = float(points.sum()), float(new_points.sum())
    weights, new_weights = points / total, new_points / new_total
    mean_values = 0.5 * (values + new_values)
    score_parts: FloatArray = (new_values - values) * (0.5 * (weights + new_weights))
    mean_old = mean_values @ weights
    mean_new = mean_values @ new_weights
    delta = (new_points - points)[edited]
    chosen = mean_values[:, edited]
    weight_parts: FloatArray = (0.5 * delta) * (
        (chosen - mean_old[:, np.newaxis]) / new_total + (chosen - mean_new[:, np.newaxis]) / total
    )
    change: FloatArray = new_values @ new_weights - values @ weights
    return weight_parts, score_parts, change


def one_at_a_time(
    score: Callable[[FloatArray, FloatArray, BoolArray], FloatArray],
    values: FloatArray,
    new_values: FloatArray,
    points: FloatArray,
    new_points: FloatArray,
    members: tuple[BoolArray, BoolArray],
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """One-at-a-time parts of weight edits (n, k), of each criterion's score edits (n, m), and of membership (n,).

    ``score(values, points, members)`` scores one state (the rows ``members`` of ``values``,
    weighted by ``points``) and returns the scores of the designs in both versions, which
    are the first rows. ``members`` holds the old and the new design rows.
    """
    old_members, new_members = members
    base = score(values, points, old_members)
    edited = np.flatnonzero(points != new_points)
    weight_parts = np.zeros((base.size, edited.size))
    for slot, column in enumerate(edited):
        trial = points.copy()
        trial[column] = new_points[column]
        weight_parts[:, slot] = score(values, trial, old_members) - base
    score_parts = np.zeros((base.size, values.shape[1]))
    for column in np.flatnonzero(np.any(values != new_values, axis=0)):
        trial_values = values.copy()
        trial_values[:, column] = new_values[:, column]
        score_parts[:, column] = score(trial_values, points, old_members) - base
    membership = np.zeros(base.size)
    if np.any(old_members != new_members):
        membership = score(values, points, new_members) - base
    return weight_parts, score_parts, membership
