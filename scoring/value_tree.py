r"""The value tree of the additive model: branch weights, local and global weights, and
per-branch subtotals (what Hiview shows).

A criterion's *global* weight :math:`w_j` is its branch's weight :math:`W_b` times its
*local* weight within the branch :math:`\ell_j` (local weights sum to 1 in each branch):

.. math:: w_j = W_b \, \ell_j, \qquad W_b = \sum_{j \in b} w_j .

A design's additive total on the 0-100 scale splits into branch subtotals
:math:`T_{ib} = \sum_{j \in b} w_j v_{ij}` that add up to the total, and each branch
has its own 0-100 score :math:`V_{ib} = \sum_{j \in b} \ell_j v_{ij}`
(so :math:`T_{ib} = W_b V_{ib}`). Criteria without a branch form the branch ``""``.

Source: UK DCLG (2009), *Multi-criteria analysis: a manual*, section 6.2 (value trees,
weights within and across branches); Belton and Stewart (2002), ch. 4.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from scoring._types import FloatArray
from scoring._validate import as_weights
from scoring.errors import InvalidWeightsError, UnknownNameError
from scoring.model import Lens, ScenarioSet

if TYPE_CHECKING:
    import pandas as pd

if TYPE_CHECKING:
    import pandas as pd  # imported where a table is built: scoring a set must not load pandas

__all__ = ["branch_ids", "branch_scores", "branch_values", "branch_weights", "global_weights", "local_weights"]

WeightsLike = npt.ArrayLike | str | Lens | None


def branch_ids(scenario: ScenarioSet) -> tuple[str, ...]:
    """Branch ids in the set's order, then any branch used by a criterion but not declared."""
    declared = [branch.id for branch in scenario.branches]
    extra = [c.branch for c in scenario.criteria if c.branch not in declared]
    return tuple(dict.fromkeys(declared + extra))


def _weights(scenario: ScenarioSet, weights: WeightsLike) -> FloatArray:
    """Global weights aligned with the criteria: a vector, a lens (or its id) or None (default lens)."""
    if weights is None or isinstance(weights, (str, Lens)):
        return scenario.weights(weights)
    return as_weights(weights, len(scenario.criteria))


def branch_weights(scenario: ScenarioSet, weights: WeightsLike = None) -> dict[str, float]:
    """Return :math:`W_b`, the sum of the global weights of each branch's criteria.

    Branches without criteria get 0; the values sum to 1.
    """
    global_ = _weights(scenario, weights)
    totals = dict.fromkeys(branch_ids(scenario), 0.0)
    for criterion, weight in zip(scenario.criteria, global_, strict=True):
        totals[criterion.branch] += float(weight)
    return totals


def local_weights(scenario: ScenarioSet, weights: WeightsLike = None) -> dict[str, dict[str, float]]:
    r"""Return :math:`\ell_j = w_j / W_b` per branch, keyed by branch then criterion id.

    In a branch of total weight 0 the local weights are undefined by the global ones;
    they are then shared equally (so every branch's local weights still sum to 1).
    """
    global_ = _weights(scenario, weights)
    result: dict[str, dict[str, float]] = {b: {} for b in branch_ids(scenario)}
    for criterion, weight in zip(scenario.criteria, global_, strict=True):
        result[criterion.branch][criterion.id] = float(weight)
    for branch, members in result.items():
        total = sum(members.values())
        count = len(members)
        result[branch] = {cid: (w / total if total > 0 else 1.0 / count) for cid, w in members.items()}
    return result


def global_weights(
    branch_weights: Mapping[str, float], local_weights: Mapping[str, Mapping[str, float]]
) -> dict[str, float]:
    """Combine branch weights and local weights into global weights (criterion id -> weight).

    Both levels are normalised (branch weights to sum to 1, each branch's local weights
    to sum to 1), so points on any scale are accepted.

    Raises
    ------
    InvalidWeightsError
        A weight negative or non-finite, a level summing to 0, or a branch missing from
        ``branch_weights``.

    Examples
    --------
    >>> weights = global_weights({"a": 60, "b": 40}, {"a": {"x": 1, "y": 3}, "b": {"z": 5}})
    >>> {cid: round(w, 12) for cid, w in weights.items()}
    {'x': 0.15, 'y': 0.45, 'z': 0.4}
    """
    top = dict(
        zip(
            branch_weights,
            as_weights(list(branch_weights.values()), len(branch_weights), "branch_weights"),
            strict=True,
        )
    )
    result: dict[str, float] = {}
    for branch, members in local_weights.items():
        if branch not in top:
            raise InvalidWeightsError.at("branch_weights", f"no weight for branch {branch!r}")
        if not members:  # a branch without criteria contributes nothing
            continue
        local = as_weights(list(members.values()), len(members), f"local_weights[{branch!r}]")
        for cid, weight in zip(members, local, strict=True):
            result[cid] = float(top[branch] * weight)
    return result


def _value_matrix(scenario: ScenarioSet, kind: str) -> FloatArray:
    if kind not in ("base", "low", "high"):
        raise UnknownNameError.at("kind", f'expected "base", "low" or "high", got {kind!r}')
    return scenario.values(kind)  # type: ignore[arg-type]  # checked just above


def branch_scores(scenario: ScenarioSet, lens: WeightsLike = None, *, kind: str = "base") -> pd.DataFrame:
    """Branch subtotals :math:`T_{ib}` (designs x branches) on the 0-100 scale.

    Rows are design ids, columns branch ids; each row sums to the design's additive
    (wsm) total as :func:`scoring.score` computes it on the global 0-100 scale.
    """
    import pandas as pd

    weights = _weights(scenario, lens)
    contributions = _value_matrix(scenario, kind) * weights
    branches = branch_ids(scenario)
    sums = contributions @ membership(tuple(c.branch for c in scenario.criteria), branches)
    return pd.DataFrame(sums, columns=list(branches), index=pd.Index(scenario.design_ids, name="design"))


def branch_values(scenario: ScenarioSet, lens: WeightsLike = None, *, kind: str = "base") -> pd.DataFrame:
    """Branch scores :math:`V_{ib}` (designs x branches): each branch's own 0-100 score."""
    import pandas as pd

    local = local_weights(scenario, lens)
    values = _value_matrix(scenario, kind)
    index = {cid: j for j, cid in enumerate(scenario.criterion_ids)}
    columns = {}
    for branch, members in local.items():
        cols = [index[cid] for cid in members]
        columns[branch] = values[:, cols] @ np.array(list(members.values()), dtype=np.float64)
    return pd.DataFrame(columns, index=pd.Index(scenario.design_ids, name="design"))


def membership(criterion_branches: tuple[str, ...], branches: tuple[str, ...]) -> FloatArray:
    """A (criteria x branches) 0/1 matrix: ``contributions @ membership`` sums each branch."""
    member: FloatArray = np.array([[c == b for b in branches] for c in criterion_branches], dtype=np.float64)
    return member.reshape(len(criterion_branches), len(branches))
