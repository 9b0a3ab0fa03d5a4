"""Non-compensatory checks: dominance and the Pareto set.

Design *a* **dominates** *b* when it is at least as good on every criterion and strictly
better on at least one (benefit: higher is better, cost: lower). A dominated design
can never be the rational choice whatever the weights, and the kit's wsm, wpm, TOPSIS,
PROMETHEE II and VIKOR rankings all put it no higher than its dominator (a tie is
possible, e.g. when the criteria it loses on have weight 0). Comparisons are exact (no
tolerance): levels are judgments, not measurements with noise.

Veto thresholds, the other non-compensatory screen, are in :mod:`scoring.vetoes`.

Examples
--------
>>> from scoring.problem import DecisionProblem
>>> result = dominance(DecisionProblem.from_arrays([[5, 1], [4, 1], [3, 9]]))
>>> result.pareto.tolist(), result.dominated
([True, False, True], (('D2', ('D1',)),))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from scoring._types import BoolArray
from scoring.errors import InputError, UnknownNameError
from scoring.limits import MAX_DESIGNS
from scoring.problem import Source, as_problem

__all__ = ["DominanceResult", "dominance"]

Directions = Sequence[object] | npt.ArrayLike | None
_BLOCK_CELLS = 4_000_000


@dataclass(frozen=True, slots=True)
class DominanceResult:
    """Who dominates whom.

    Attributes
    ----------
    dominates : ndarray of bool, shape (n, n)
        ``dominates[a, b]``: design *a* dominates design *b*.
    pareto : ndarray of bool, shape (n,)
        Designs no other design dominates (the Pareto set).
    dominated : tuple of (label, tuple of labels)
        Each dominated design with the designs that dominate it, in input order.
    labels : tuple of str
        Design labels (ids for a scenario set, ``D1``, ``D2``, ... otherwise).
    """

    dominates: BoolArray
    pareto: BoolArray
    dominated: tuple[tuple[str, tuple[str, ...]], ...]
    labels: tuple[str, ...]

    @property
    def pareto_labels(self) -> tuple[str, ...]:
        """Labels of the Pareto set, in input order."""
        return tuple(label for label, keep in zip(self.labels, self.pareto, strict=True) if keep)


def dominance(source: Source, *, kind: Literal["base", "low", "high"] = "base") -> DominanceResult:
    """Return the dominance relation among the designs of a problem or scenario set (O(n^2 m)).

    At most :data:`scoring.limits.MAX_DESIGNS` designs; the comparison runs a block of rows
    at a time, so its working memory stays near 4 million cells whatever ``n``.

    Parameters
    ----------
    source : DecisionProblem or ScenarioSet
        The designs (labels: design ids, or ``D1``, ``D2``, ... for arrays).
    kind : {"base", "low", "high"}
        Which levels to compare: the base judgments, or every judgment at the low (or
        high) end of its range.
    """
    problem = as_problem(source)
    if kind not in ("base", "low", "high"):
        raise UnknownNameError.at("kind", f'expected "base", "low" or "high", got {kind!r}')
    n, m = problem.matrix.shape
    if n > MAX_DESIGNS:
        raise InputError.at("designs", f"dominance compares every pair: {n:,} designs; at most {MAX_DESIGNS:,}")
    levels = {"base": problem.matrix, "low": problem.low, "high": problem.high}[kind]
    signed = levels * problem.directions
    names, _, _ = problem.labels()
    relation = np.empty((n, n), dtype=bool)
    block = max(1, _BLOCK_CELLS // max(1, n * m))  # rows of the relation per step: memory stays bounded
    right = signed[np.newaxis, :, :]
    for start in range(0, n, block):
        left = signed[start : start + block, np.newaxis, :]
        relation[start : start + block] = np.all(left >= right, axis=-1) & np.any(left > right, axis=-1)
    pareto: BoolArray = np.asarray(~relation.any(axis=0), dtype=np.bool_)
    dominated = tuple(
        (names[b], tuple(names[a] for a in np.flatnonzero(relation[:, b]))) for b in np.flatnonzero(~pareto)
    )
    return DominanceResult(relation, pareto, dominated, names)
