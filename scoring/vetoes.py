"""Veto thresholds: the non-compensatory screen of UK DCLG (2009), section 5.5.2.

A veto threshold per criterion rules a design out when its level is worse than the
threshold (below it for a benefit criterion, above it for a cost criterion), however good
it is elsewhere. :class:`scoring.problem.DecisionProblem` applies them (flag or exclude).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from scoring._types import BoolArray
from scoring._validate import as_directions, as_matrix
from scoring.errors import InputError, InvalidMatrixError, UnknownNameError, unknown_name
from scoring.model import SCALE_MAX, SCALE_MIN, ScenarioSet

__all__ = ["VetoResult", "Vetoes", "apply_vetoes", "check_thresholds", "vetoes"]

Directions = Sequence[object] | npt.ArrayLike | None


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


def check_thresholds(scenario: ScenarioSet, thresholds: Mapping[str, float]) -> list[float | None]:
    """Veto thresholds aligned with the criteria (None: no veto), each a finite 0-100 level.

    Raises
    ------
    UnknownNameError
        A criterion id that is not in the set (the nearest id is suggested).
    InputError
        A threshold that is not a number within the 0-100 scale.
    """
    for cid, level in thresholds.items():
        if cid not in scenario.criterion_ids:
            raise unknown_name("vetoes", "criterion", cid, scenario.criterion_ids)
        if isinstance(level, bool) or not isinstance(level, (int, float)) or not math.isfinite(level):
            raise InputError.at("vetoes", f"{cid}={level!r}: expected a finite level on the 0-100 scale")
        if not SCALE_MIN <= level <= SCALE_MAX:
            raise InputError.at("vetoes", f"{cid}={level:g}: expected a level on the 0-100 scale")
    return [None if cid not in thresholds else float(thresholds[cid]) for cid in scenario.criterion_ids]


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


@dataclass(frozen=True, slots=True)
class Vetoes:
    """Veto thresholds on the 0-100 levels and what they caught.

    ``excluded``: designs dropped before scoring (``mode="exclude"``), each with the
    criteria it broke; ``flagged``: the same for designs kept and marked (``mode="flag"``).
    """

    thresholds: Mapping[str, float] = field(default_factory=dict)
    mode: str = "flag"
    excluded: tuple[tuple[str, tuple[str, ...]], ...] = ()
    flagged: tuple[tuple[str, tuple[str, ...]], ...] = ()


def apply_vetoes(
    scenario: ScenarioSet, thresholds: Mapping[str, float], mode: str
) -> tuple[ScenarioSet, Vetoes, BoolArray | None]:
    """Find the designs that break a veto threshold; drop them (exclude) or mark them (flag).

    Returns the scenario set to score (without excluded designs), the :class:`Vetoes` record
    and, in flag mode, the mask of flagged designs.
    """
    if mode not in ("flag", "exclude"):
        raise UnknownNameError.at("veto_mode", f'expected "flag" or "exclude", got {mode!r}')
    if not thresholds:
        return scenario, Vetoes(mode=mode), None
    limits = check_thresholds(scenario, thresholds)
    found = vetoes(scenario.matrix("base"), limits, scenario.directions)
    broken = tuple(
        (design, tuple(c for c, bad in zip(scenario.criterion_ids, row, strict=True) if bad))
        for design, row, out in zip(scenario.design_ids, found.violations, found.vetoed, strict=True)
        if out
    )
    record = dict(zip(scenario.criterion_ids, limits, strict=True))
    kept = {k: float(v) for k, v in record.items() if v is not None}
    if mode == "flag":
        return scenario, Vetoes(kept, mode, flagged=broken), np.asarray(found.vetoed)
    keep = [d for d, out in zip(scenario.design_ids, found.vetoed, strict=True) if not out]
    if not keep:
        raise InputError.at("vetoes", "every design breaks a veto threshold; nothing is left to rank")
    return scenario.subset(keep), Vetoes(kept, mode, excluded=broken), None
