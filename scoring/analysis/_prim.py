r"""PRIM, the patient rule induction method (Friedman and Fisher 1999), vectorised with numpy.

Friedman, J. H. and Fisher, N. I. (1999), *Bump hunting in high-dimensional data*,
Statistics and Computing 9:123-143. Given points :math:`x_i \in \mathbb{R}^d` and a 0/1
outcome :math:`y_i`, PRIM looks for a box (an interval per input) where the outcome's mean
is high:

- **peeling**: starting from the box holding every point, repeatedly cut off a share
  ``alpha`` of the points in the box from the low or the high end of one input, choosing the
  cut that leaves the highest mean (the *density* of the box), until the box holds no more
  than ``min_mass`` of the points (or its density is 1). The boxes met on the way are the
  **peeling trajectory**: coverage (the share of all :math:`y = 1` points inside) falls as
  density rises, and the analyst picks the trade-off;
- **pasting**: from the chosen box, repeatedly widen one side by ``alpha`` of the box's
  points when that raises the density (or keeps it, covering more: a box that is all wins
  grows back to the edge of the region that peeling overshot);
- box limits sit halfway between the last point removed and the first point kept, so ``>=``
  and ``>`` describe the same points.

We also drop restrictions the draws do not support (:func:`simplify`: a one-sided binomial
test of the draws each restriction alone keeps out, as EMA Workbench's quasi-p-values do),
so that a box is stated with the conditions that carry it; Friedman and Fisher likewise
advise removing inputs whose restriction does not matter.

Why our own code: the ``prim`` package (1.0.0) is GPL-3.0-or-later, which this MIT project
cannot depend on, and EMA Workbench's PRIM (BSD-3) brings about thirty dependencies, emits
warnings at import (the test suite turns warnings into errors) and misbehaves with pandas 3.
This module is written from the paper. Cost: each peel is a cumulative sum over the inputs'
global sort order, O(N d) per step, no per-point Python loop.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scoring._types import BoolArray, FloatArray, IntArray

__all__ = ["Box", "Trajectory", "below_chance", "inside", "paste", "peel", "simplify"]


@dataclass(frozen=True, slots=True, eq=False)
class Box:
    """Limits per input (``-inf``/``inf``: unrestricted) and the box's statistics."""

    lower: FloatArray
    upper: FloatArray
    coverage: float
    density: float
    mass: float
    count: int

    @property
    def restricted(self) -> IntArray:
        """Inputs the box restricts."""
        found: IntArray = np.flatnonzero(np.isfinite(self.lower) | np.isfinite(self.upper))
        return found


@dataclass(frozen=True, slots=True, eq=False)
class Trajectory:
    """The peeling trajectory: ``boxes[0]`` holds every point."""

    boxes: tuple[Box, ...]


def inside(x: FloatArray, lower: FloatArray, upper: FloatArray) -> BoolArray:
    """Which points lie in the box."""
    found: BoolArray = np.all((x >= lower) & (x <= upper), axis=1)
    return found


def _box(x: FloatArray, y: FloatArray, lower: FloatArray, upper: FloatArray) -> Box:
    members = inside(x, lower, upper)
    count = int(members.sum())
    hits = float(y[members].sum())
    total = float(y.sum())
    return Box(
        lower.copy(),
        upper.copy(),
        coverage=hits / total if total else 0.0,
        density=hits / count if count else 0.0,
        mass=count / len(y),
        count=count,
    )


def peel(x: FloatArray, y: FloatArray, *, alpha: float = 0.05, min_mass: float = 0.05) -> Trajectory:
    """The peeling trajectory of ``y`` (0/1) over inputs ``x`` (N, d); see the module docstring."""
    n, d = x.shape
    order = np.argsort(x, axis=0, kind="stable")
    ordered = np.take_along_axis(x, order, axis=0)
    lower, upper = np.full(d, -np.inf), np.full(d, np.inf)
    members = np.ones(n, dtype=bool)
    boxes = [_box(x, y, lower, upper)]
    columns = np.arange(d)
    while True:
        count = int(members.sum())
        hits = float(y[members].sum())
        if count <= min_mass * n or hits == count or count < 2:
            break
        k = max(1, int(alpha * count))
        held = np.cumsum(members[order], axis=0)  # (n, d): in-box points up to each sorted position
        gained = np.cumsum((y * members)[order], axis=0)
        # lower peel: remove the k smallest in-box values of a column, and their ties
        cut = ordered[np.argmax(held >= k, axis=0), columns]
        last = np.array([np.searchsorted(ordered[:, j], cut[j], "right") - 1 for j in columns])
        low_n, low_y = held[last, columns], gained[last, columns]
        low_ok = (low_n < count) & (last + 1 < n)
        low_limit = np.where(low_ok, (cut + ordered[np.minimum(last + 1, n - 1), columns]) / 2, np.nan)
        # upper peel: remove the k largest in-box values, and their ties
        cut = ordered[np.argmax(held >= count - k + 1, axis=0), columns]
        first = np.array([np.searchsorted(ordered[:, j], cut[j], "left") for j in columns])
        before = np.maximum(first - 1, 0)
        kept_n = np.where(first > 0, held[before, columns], 0)
        kept_y = np.where(first > 0, gained[before, columns], 0.0)
        high_ok = (kept_n > 0) & (first > 0)
        high_limit = np.where(high_ok, (cut + ordered[before, columns]) / 2, np.nan)
        left_n = np.concatenate([count - low_n, kept_n])
        left_y = np.concatenate([hits - low_y, kept_y])
        ok = np.concatenate([low_ok, high_ok]) & (left_n > 0)
        if not ok.any():
            break
        density = np.where(ok, left_y / np.maximum(left_n, 1), -1.0)
        best = np.flatnonzero(density == density.max())
        pick = int(best[np.argmax(left_n[best])])  # ties: the gentler peel
        j = pick % d
        if pick < d:
            lower[j] = low_limit[j]
        else:
            upper[j] = high_limit[j]
        members &= (x[:, j] >= lower[j]) & (x[:, j] <= upper[j])
        boxes.append(_box(x, y, lower, upper))
    return Trajectory(tuple(boxes))


def paste(x: FloatArray, y: FloatArray, box: Box, *, alpha: float = 0.05) -> Box:
    """Widen ``box`` one side at a time while that does not lower its density (Friedman and Fisher, section 4).

    Each round tries, on every side of every restricted input, adding the ``alpha`` share of
    the box's points nearest that side, or a half, a quarter ... of it down to one point, and
    keeps the widening with the highest density (then the most points).
    """
    lower, upper = box.lower.copy(), box.upper.copy()
    current = _box(x, y, lower, upper)
    while True:
        outside = (x < lower) | (x > upper)
        alone = outside.sum(axis=1) == 1  # outside the box on exactly one input
        most = max(1, int(alpha * current.count))
        best: tuple[float, int, int, bool, float] | None = None
        for j in current.restricted:
            for low_side in (True, False):
                limit = lower[j] if low_side else upper[j]
                if not np.isfinite(limit):
                    continue
                near = np.flatnonzero(alone & (x[:, j] < limit if low_side else x[:, j] > limit))
                if not near.size:
                    continue
                order = np.argsort(-x[near, j] if low_side else x[near, j], kind="stable")
                values, gains = x[near[order], j], np.cumsum(y[near[order]])
                take = min(most, values.size)
                while take >= 1:
                    density = (current.density * current.count + float(gains[take - 1])) / (current.count + take)
                    beyond = values[take] if take < values.size else (-np.inf if low_side else np.inf)
                    new = (values[take - 1] + beyond) / 2 if np.isfinite(beyond) else float(beyond)
                    ties = take < values.size and values[take] == values[take - 1]
                    if not ties and density >= current.density and (best is None or (density, take) > best[:2]):
                        best = (density, take, int(j), low_side, float(new))
                    take //= 2
        if best is None:
            return current
        _, _, j, low_side, new = best
        if low_side:
            lower[j] = new
        else:
            upper[j] = new
        current = _box(x, y, lower, upper)


def below_chance(wins: int, count: int, rate: float) -> float:
    """One-sided binomial tail ``P(X <= wins)`` for ``X ~ Binomial(count, rate)`` (exact, in log space)."""
    if count == 0 or rate <= 0.0:
        return 1.0
    if rate >= 1.0:
        return 1.0 if wins >= count else 0.0
    steps = np.arange(count, dtype=np.float64)
    logs = np.concatenate(
        [[count * np.log1p(-rate)], np.log((count - steps) / (steps + 1)) + np.log(rate / (1 - rate))]
    )
    terms = np.cumsum(logs)[: wins + 1]
    top = float(terms.max())
    return float(min(1.0, np.exp(top) * np.exp(terms - top).sum()))


def simplify(x: FloatArray, y: FloatArray, box: Box, *, significance: float = 0.05) -> Box:
    """Drop restrictions the draws do not support, least supported first.

    For each restriction, the draws it alone keeps out of the box are compared with the
    box: if so few wins among them would not be unlikely at the box's density (one-sided
    binomial tail above ``significance``, the quasi-p-value of EMA Workbench's PRIM
    reports), the restriction is dropped and the others are tested again.
    """
    current = box
    while current.restricted.size > 0:
        worst, tail = None, significance
        for j in current.restricted:
            lower, upper = current.lower.copy(), current.upper.copy()
            lower[j], upper[j] = -np.inf, np.inf
            wider = _box(x, y, lower, upper)
            left_out = wider.count - current.count
            wins_out = round(wider.density * wider.count - current.density * current.count)
            chance = below_chance(wins_out, left_out, current.density)
            if chance > tail:
                worst, tail = wider, chance
        if worst is None:
            break
        current = worst
    return current
