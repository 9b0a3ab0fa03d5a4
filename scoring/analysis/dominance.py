"""Non-compensatory checks: dominance, the Pareto set and veto thresholds.

Design *a* **dominates** *b* when it is at least as good on every criterion and strictly
better on at least one (benefit: higher is better, cost: lower). A dominated design
can never be the rational choice whatever the weights, and the kit's wsm, wpm, TOPSIS,
PROMETHEE II and VIKOR rankings all put it no higher than its dominator (a tie is
possible, e.g. when the criteria it loses on have weight 0). Comparisons are exact (no
tolerance): levels are judgments, not measurements with noise.

A **veto** threshold per criterion rules a design out when its level is worse than
the threshold (below it for a benefit criterion, above it for a cost criterion),
however good it is elsewhere (the non-compensatory screen of UK DCLG 2009, section 5.5.2).

Examples
--------
>>> result = dominance([[5, 1], [4, 1], [3, 9]], ["max", "max"])
>>> result.pareto.tolist(), result.dominated
([True, False, True], (('D2', ('D1',)),))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from scoring._validate import as_directions, as_matrix
from scoring.errors import InvalidMatrixError, UnknownNameError
from scoring.model import ScenarioSet

__all__ = ["DominanceResult", "VetoResult", "dominance", "scenario_dominance", "vetoes"]

BoolArray = npt.NDArray[np.bool_]
Directions = Sequence[object] | npt.ArrayLike | None


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


@dataclass(frozen=True, slots=True)
class VetoResult:
    """Which designs break a veto threshold.

    Attributes
    ----------
    violations : ndarray of bool, shape (n, m)
        Design *i* is worse than the threshold of criterion *j*.
    vetoed : ndarray of bool, shape (n,)
        Any violation.
    keep : ndarray of bool, shape (n,)
        Designs to keep for ranking: all of them in ``"flag"`` mode, the un-vetoed ones
        in ``"exclude"`` mode (``matrix[result.keep]``).
    mode : {"flag", "exclude"}
    """

    violations: BoolArray
    vetoed: BoolArray
    keep: BoolArray
    mode: str


def dominance(
    matrix: npt.ArrayLike, directions: Directions = None, *, labels: Sequence[str] | None = None
) -> DominanceResult:
    """Return the dominance relation of a designs x criteria matrix (vectorised, O(n^2 m)).

    Parameters
    ----------
    matrix : array_like, shape (n, m)
    directions : sequence, optional
        ``"max"``/``"min"`` (or 1/-1) per criterion; default all ``"max"``.
    labels : sequence of str, optional
        Design labels for ``dominated``; default ``D1``, ``D2``, ...
    """
    values = as_matrix(matrix)
    n, m = values.shape
    signed = values * as_directions(directions, m)
    names = tuple(labels) if labels is not None else tuple(f"D{i + 1}" for i in range(n))
    if len(names) != n:
        raise InvalidMatrixError.at("labels", f"expected {n} labels (one per design), got {len(names)}")
    left = signed[:, np.newaxis, :]
    right = signed[np.newaxis, :, :]
    relation = np.all(left >= right, axis=-1) & np.any(left > right, axis=-1)
    pareto = ~relation.any(axis=0)
    dominated = tuple(
        (names[b], tuple(names[a] for a in np.flatnonzero(relation[:, b]))) for b in np.flatnonzero(~pareto)
    )
    return DominanceResult(relation, pareto, dominated, names)


def vetoes(
    matrix: npt.ArrayLike,
    thresholds: Sequence[float | None] | npt.ArrayLike,
    directions: Directions = None,
    mode: Literal["flag", "exclude"] = "flag",
) -> VetoResult:
    """Flag (or exclude) designs worse than a per-criterion veto threshold.

    Parameters
    ----------
    matrix : array_like, shape (n, m)
    thresholds : sequence of length m
        The worst acceptable level per criterion; ``None`` or NaN means no veto.
    directions : sequence, optional
        Benefit: a level *below* the threshold is vetoed; cost: a level *above* it.
    mode : {"flag", "exclude"}
        ``"flag"`` reports and keeps every design; ``"exclude"`` also sets ``keep``
        to drop vetoed designs before ranking.

    Examples
    --------
    >>> vetoes([[5, 10], [2, 30]], [3, None], mode="exclude").keep.tolist()
    [True, False]
    """
    if mode not in ("flag", "exclude"):
        raise UnknownNameError.at("mode", f'expected "flag" or "exclude", got {mode!r}')
    values = as_matrix(matrix)
    m = values.shape[1]
    signs = as_directions(directions, m)
    raw = [np.nan if t is None else t for t in np.asarray(thresholds, dtype=object).reshape(-1).tolist()]
    if len(raw) != m:
        raise InvalidMatrixError.at("thresholds", f"expected {m} thresholds (one per criterion), got {len(raw)}")
    try:
        limits = np.array(raw, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidMatrixError.at("thresholds", f"expected numbers or None, got {raw!r}") from None
    active = ~np.isnan(limits)
    safe = np.where(active, limits, 0.0)
    worse: BoolArray = np.where(signs > 0, values < safe, values > safe)
    violations: BoolArray = worse & active
    vetoed: BoolArray = np.asarray(violations.any(axis=1), dtype=np.bool_)
    keep: BoolArray = ~vetoed if mode == "exclude" else np.ones_like(vetoed)
    return VetoResult(violations, vetoed, keep, mode)


def scenario_dominance(scenario: ScenarioSet, kind: Literal["base", "low", "high"] = "base") -> DominanceResult:
    """Dominance among a scenario set's designs on its ``kind`` levels, labelled by design id."""
    return dominance(scenario.matrix(kind), scenario.directions, labels=scenario.design_ids)
