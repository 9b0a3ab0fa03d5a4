r"""The composition rule: a design's levels from the components it is made of.

A scenario set may declare components (a pledge, air support, troops, ...) with, for each
criterion, the level the criterion would have with that component **alone**, a *start*
level (no component at all), a rule per criterion, pairwise interactions and constraints
(:class:`scoring.model.Composition`). A design declared as a set of components then gets
its levels from this module. Combinations are bit masks: bit ``k`` is component ``k``.

The rule works on 0-100 **values** (a cost criterion's level ``x`` is the value
``100 - x``), so that "better" means the same on every criterion. For criterion ``j`` with
start value :math:`s` and component values :math:`a_k` (a component alone):

- a component *gains* :math:`g_k = (a_k - s) / (100 - s)` of the room above the start when
  :math:`a_k > s`, and *cuts* :math:`c_k = (s - a_k) / s` of the start when :math:`a_k < s`;
- ``accumulate`` with overlap :math:`\theta \in [0, 1]`: gains combine as
  :math:`G = (1-\theta)\max_k g_k + \theta\,(1 - \prod_k (1 - g_k))` and cuts the same way
  (:math:`C`); the value is :math:`B = (s + G\,(100 - s))\,(1 - C)`. With :math:`\theta = 0`
  the components overlap entirely (the strongest one alone sets the gain: a second promise
  adds nothing to the firmest); with :math:`\theta = 1` they act independently and
  saturate as a probabilistic sum (the chance that at least one works);
- ``weakest``: :math:`B = \min_k a_k` over the components that affect the criterion (the
  start if none do): a chain is as good as its weakest link (the slowest part sets the
  speed, the part Moscow objects to most sets its acceptance);
- interactions present in the combination then apply: synergies close a share
  :math:`\sigma_p` of the remaining gap, conflicts remove a share :math:`\gamma_p` of the
  value, :math:`V = (B + S\,(100 - B)) \prod_p (1 - \gamma_p)` with
  :math:`S = 1 - \prod_p (1 - \sigma_p)`.

Why this rule (rather than capped addition): effects are judged as levels a component
reaches on its own, which an analyst can judge and the article's single-block designs
already state; capped addition of such levels overshoots at once (three blocks at 50 would
add to 150) and loses every distinction above the cap, while the saturating forms stay in
0-100 without clipping, reproduce each component alone exactly (:math:`V = a_k`) and the
start for the empty combination, and have one interpretable knob per criterion.

Properties (tested with hypothesis in ``tests/test_composition.py``): every value lies in
0-100; the value is non-decreasing in every component's value and every synergy share,
and non-increasing in every conflict share, so the composed range is the rule applied to
the unfavourable ends and to the favourable ends; on an ``accumulate`` criterion, adding a
component that gains (and has no conflict there) never lowers the value. The start enters
non-empty combinations at its base level (its range applies to the empty combination).

Speed: combinations are evaluated over the prefix tree of their masks (each node is its
parent plus its highest component), so the whole lattice of :math:`2^K` combinations costs
about as much as one pass over it per accumulator, whatever :math:`K`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from scoring._types import BoolArray, FloatArray, IntArray, SignArray
from scoring.errors import InputError
from scoring.model import Composition, Criterion, Score

__all__ = [
    "MAX_ENUMERATED",
    "CompositionArrays",
    "arrays",
    "compose",
    "describe",
    "enumerate_masks",
    "feasible",
    "masks_of",
    "popcount",
    "to_levels",
]

#: The most components whose every combination can be enumerated (2^22, about 4 million).
MAX_ENUMERATED = 22


@dataclass(frozen=True, slots=True, eq=False)
class CompositionArrays:
    """A composition as arrays on the value scale (``[0]`` unfavourable, ``[1]`` base, ``[2]`` favourable).

    Attributes
    ----------
    start : ndarray (3, m)
        Values with no component.
    alone : ndarray (3, K, m)
        Each component's value alone (the start's base where it has no effect).
    declared : ndarray of bool (K, m)
        Where a component has an effect of its own.
    weakest, overlap : ndarray (m,)
        The rule per criterion.
    pairs, pair_criterion, synergy, shares
        Interactions: component index pairs (P, 2), criterion index (P,), True for a synergy,
        and shares in 0-1 (3, P) ordered by their effect on the value.
    requires, excludes, at_most
        Constraints as bit masks: ``(component bit, mask of any needed)``, ``(component bit,
        mask of those it cannot go with)`` and ``(group, limit)``.
    """

    component_ids: tuple[str, ...]
    directions: SignArray
    start: FloatArray
    alone: FloatArray
    declared: BoolArray
    weakest: BoolArray
    overlap: FloatArray
    pairs: IntArray
    pair_criterion: IntArray
    synergy: BoolArray
    shares: FloatArray
    requires: tuple[tuple[int, int], ...] = ()
    excludes: tuple[tuple[int, int], ...] = ()
    at_most: tuple[tuple[int, int], ...] = ()

    @property
    def n_components(self) -> int:
        """Number of components (bits of a mask)."""
        return len(self.component_ids)


def _ends(score: Score, sign: int) -> tuple[float, float, float]:
    """Unfavourable, base and favourable *values* of a judgment."""
    if sign > 0:
        return score.low, score.base, score.high
    return 100.0 - score.high, 100.0 - score.base, 100.0 - score.low


def arrays(composition: Composition, criteria: Sequence[Criterion]) -> CompositionArrays:
    """The composition as arrays aligned with ``criteria`` (see :class:`CompositionArrays`)."""
    ids = composition.component_ids
    index = {cid: k for k, cid in enumerate(ids)}
    crit = {c.id: j for j, c in enumerate(criteria)}
    signs = np.array([c.sign for c in criteria], dtype=np.int8)
    m, k_count = len(criteria), len(ids)
    start = np.array([_ends(s, int(sign)) for s, sign in zip(composition.start, signs, strict=True)]).T
    alone = np.broadcast_to(start[1], (3, k_count, m)).copy()
    declared = np.zeros((k_count, m), dtype=bool)
    for k, component in enumerate(composition.components):
        for j, effect in enumerate(component.effects):
            if effect is not None:
                alone[:, k, j] = _ends(effect, int(signs[j]))
                declared[k, j] = True
    pairs, where, synergy, shares = [], [], [], []
    for item in composition.interactions:
        pairs.append([index[item.components[0]], index[item.components[1]]])
        where.append(crit[item.criterion])
        synergy.append(item.kind == "synergy")
        low, base, high = item.share.low / 100.0, item.share.base / 100.0, item.share.high / 100.0
        shares.append((low, base, high) if item.kind == "synergy" else (high, base, low))
    requires, excludes, at_most = [], [], []
    everything = (1 << k_count) - 1
    for rule in composition.constraints:
        bits = [index[c] for c in rule.components]
        group = sum(1 << b for b in bits)
        if rule.kind == "requires":
            requires.append((bits[0], group & ~(1 << bits[0])))
        elif rule.kind == "excludes":
            excludes.append((bits[0], group & ~(1 << bits[0])))
        else:
            at_most.append((group or everything, rule.limit))
    return CompositionArrays(
        component_ids=ids,
        directions=signs,
        start=start,
        alone=alone,
        declared=declared,
        weakest=np.array([rule.mode == "weakest" for rule in composition.rules], dtype=bool),
        overlap=np.array([rule.overlap for rule in composition.rules], dtype=np.float64),
        pairs=np.array(pairs, dtype=np.int64).reshape(-1, 2),
        pair_criterion=np.array(where, dtype=np.int64),
        synergy=np.array(synergy, dtype=bool),
        shares=np.array(shares, dtype=np.float64).reshape(-1, 3).T.copy(),
        requires=tuple(requires),
        excludes=tuple(excludes),
        at_most=tuple(at_most),
    )


# ---------------------------------------------------------------------- masks


def popcount(masks: IntArray, group: int = -1) -> IntArray:
    """How many bits of ``group`` (default all) each mask has."""
    chosen = masks if group == -1 else masks & group
    count = np.zeros(masks.shape, dtype=np.int64)
    bit = 0
    rest = int(chosen.max()) if chosen.size else 0
    while rest >> bit:
        count += (chosen >> bit) & 1
        bit += 1
    return count


def feasible(spec: CompositionArrays, masks: IntArray) -> BoolArray:
    """Which combinations satisfy every constraint."""
    ok = np.ones(masks.shape, dtype=bool)
    for bit, needed in spec.requires:
        ok &= (((masks >> bit) & 1) == 0) | ((masks & needed) != 0)
    for bit, others in spec.excludes:
        ok &= (((masks >> bit) & 1) == 0) | ((masks & others) == 0)
    for group, limit in spec.at_most:
        ok &= popcount(masks, group) <= limit
    return ok


def enumerate_masks(spec: CompositionArrays) -> IntArray:
    """Every feasible combination, as sorted bit masks.

    Raises
    ------
    InputError
        More than :data:`MAX_ENUMERATED` components.
    """
    k_count = spec.n_components
    if k_count > MAX_ENUMERATED:
        raise InputError.at(
            "components", f"at most {MAX_ENUMERATED} components can be enumerated (got {k_count}: 2^{k_count} sets)"
        )
    masks = np.arange(1 << k_count, dtype=np.int64)
    return masks[feasible(spec, masks)]


def masks_of(combinations: Sequence[Sequence[str]], component_ids: Sequence[str]) -> IntArray:
    """Bit masks of combinations given as component ids (unknown ids are refused)."""
    index = {cid: k for k, cid in enumerate(component_ids)}
    masks = []
    for parts in combinations:
        mask = 0
        for part in parts:
            if part not in index:
                raise InputError.at(
                    "components", f"unknown component {part!r}; expected one of: {', '.join(component_ids)}"
                )
            mask |= 1 << index[part]
        masks.append(mask)
    return np.array(masks, dtype=np.int64)


def describe(mask: int, component_ids: Sequence[str]) -> str:
    """A combination as ``"a + b"`` (``"(none)"`` for the empty one)."""
    parts = [cid for k, cid in enumerate(component_ids) if (int(mask) >> k) & 1]
    return " + ".join(parts) if parts else "(none)"


# ---------------------------------------------------------------------- the rule


def _tree(masks: IntArray, k_count: int) -> tuple[IntArray, IntArray | None]:
    """Nodes of the prefix tree of ``masks`` (sorted) and, per mask, its node index (None: the same)."""
    if masks.size * 4 >= 1 << k_count:  # dense: the whole lattice is cheaper than finding prefixes
        nodes = np.arange(1 << k_count, dtype=np.int64)
        same = masks.size == nodes.size and bool(np.all(masks == nodes))
        return nodes, None if same else masks.astype(np.int64)
    prefixes = [masks & ((1 << bit) - 1) for bit in range(k_count + 1)]
    nodes = np.unique(np.concatenate(prefixes))
    return nodes, np.searchsorted(nodes, masks)


def _reduce(nodes: IntArray, at: IntArray | None, *work: tuple[FloatArray, np.ufunc, float]) -> list[FloatArray]:
    """For each ``(effects, ufunc, identity)``: ``ufunc`` over the members of every combination.

    Effects are (columns, layers, K); each result is (columns, layers, combinations). Each
    node of the prefix tree is its parent combined with its highest component, so every node
    costs one operation: the whole lattice of 2^K combinations costs about one pass.
    """
    found = []
    for effects, _ufunc, identity in work:
        table = np.empty((*effects.shape[:2], nodes.size), dtype=effects.dtype)
        table[..., :1] = identity  # the root (the empty combination) is nodes[0] == 0
        found.append(table)
    top = np.frexp(nodes.astype(np.float64))[1] - 1  # highest bit (-1 for the empty set)
    dense = nodes.size == 1 << (int(top[-1]) + 1)
    for bit in range(int(top[-1]) + 1):
        first, stop = (1 << bit, 2 << bit) if dense else np.searchsorted(top, [bit, bit + 1])
        if first == stop:
            continue
        parent: slice | IntArray
        parent = slice(0, stop - first) if dense else np.searchsorted(nodes, nodes[first:stop] - (1 << bit))
        for table, (effects, ufunc, _identity) in zip(found, work, strict=True):
            ufunc(table[..., parent], effects[..., bit, None], out=table[..., first:stop])
    return found if at is None else [table[..., at] for table in found]


def _combine(
    nodes: IntArray, at: IntArray | None, share: FloatArray, overlap: FloatArray, scale: FloatArray, offset: FloatArray
) -> FloatArray:
    """``offset + scale * combined``, where gains (or cuts) combine between the largest (overlap 0) and
    the probabilistic sum (overlap 1): ``combined = (1 - overlap) max + overlap (1 - prod(1 - share))``.

    Folded into ``offset + scale overlap + scale (1 - overlap) max - scale overlap prod``: four
    passes over the result, and no product table where every overlap is 0 (nor maximum where 1).
    """
    theta = overlap[:, None, None].astype(share.dtype)
    work: list[tuple[FloatArray, np.ufunc, float]] = []
    if np.any(overlap < 1):
        work.append((share, np.maximum, 0.0))
    if np.any(overlap > 0):
        work.append((np.subtract(1.0, share), np.multiply, 1.0))
    tables = _reduce(nodes, at, *work)
    if np.any(overlap < 1):
        result = tables[0]
        result *= scale * (1.0 - theta)
        result += offset + scale * theta
    else:
        result = np.broadcast_to(offset + scale * theta, tables[0].shape).copy()
    if np.any(overlap > 0):
        kept = tables[-1]
        kept *= scale * theta
        result -= kept
    return result


def compose(
    spec: CompositionArrays,
    masks: IntArray,
    *,
    alone: FloatArray | None = None,
    shares: FloatArray | None = None,
    start: FloatArray | None = None,
    dtype: npt.DTypeLike = np.float64,
) -> FloatArray:
    """Values (0-100) of each combination on each criterion: an array (layers, combinations, criteria).

    By default three layers, with every judgment at its unfavourable end, its base and its
    favourable end (the composed range, by monotonicity). ``alone`` (layers, K, m),
    ``shares`` (layers, P) and ``start`` (layers, m) give other layers (SMAA draws); the
    start's base always splits gains from cuts, and the empty combination takes ``start``.
    The result is a view of a criteria-major array (each criterion's values contiguous).
    ``dtype=np.float32`` halves the memory traffic (SMAA draws use it: values within about
    1e-4 of the float64 rule; identical inputs still give identical values, so ties stay ties).
    """
    alone = spec.alone if alone is None else alone
    shares = spec.shares if shares is None else shares
    start = spec.start if start is None else start
    masks = np.asarray(masks, dtype=np.int64)
    layers, m = alone.shape[0], alone.shape[2]
    values = np.empty((m, layers, masks.size), dtype=dtype)  # criteria-major while composing
    nodes, at = _tree(masks, spec.n_components)
    base = spec.start[1]
    effects = np.moveaxis(alone, 2, 0)  # (m, layers, K)
    declared = spec.declared.T[:, None, :]
    summed = np.flatnonzero(~spec.weakest)
    if summed.size:
        room, floor = (100.0 - base[summed])[:, None, None], base[summed][:, None, None]
        effect, known = effects[summed], declared[summed]
        gain = np.where(known & (room > 0), np.clip((effect - floor) / np.maximum(room, 1e-300), 0.0, 1.0), 0.0)
        theta = spec.overlap[summed]
        room_, floor_ = room.astype(dtype), floor.astype(dtype)
        total = _combine(nodes, at, gain.astype(dtype), theta, room_, floor_)  # start + gains x room
        cut = np.where(known & (floor > 0), np.clip((floor - effect) / np.maximum(floor, 1e-300), 0.0, 1.0), 0.0)
        cutting = np.flatnonzero(cut.any(axis=(1, 2)))
        if cutting.size:
            one = np.ones((cutting.size, 1, 1), dtype=dtype)
            kept = _combine(nodes, at, cut[cutting].astype(dtype), theta[cutting], -one, one)  # 1 - cuts
            if cutting.size == summed.size:
                total *= kept
            else:
                total[cutting] *= kept
        values[summed] = total
    weakest = np.flatnonzero(spec.weakest)
    if weakest.size:
        effect = np.where(declared[weakest], effects[weakest], np.inf).astype(dtype)
        (lowest,) = _reduce(nodes, at, (effect, np.minimum, np.inf))
        np.copyto(lowest, base[weakest][:, None, None], where=np.isinf(lowest))
        values[weakest] = lowest
    for j in np.unique(spec.pair_criterion):
        _interact(spec, masks, shares, values[int(j)], int(j))
    empty = np.flatnonzero(masks == 0)
    if empty.size:
        values[:, :, empty] = np.moveaxis(start, 1, 0)[:, :, None]
    np.clip(values, 0.0, 100.0, out=values)
    result: FloatArray = np.moveaxis(values, 0, 2)
    return result


def _interact(spec: CompositionArrays, masks: IntArray, shares: FloatArray, column: FloatArray, j: int) -> None:
    """Apply the synergies and conflicts on criterion ``j`` to its values (layers, N) in place."""
    pairs = np.flatnonzero(spec.pair_criterion == j)
    present = (masks[:, None] >> spec.pairs[pairs, 0]) & (masks[:, None] >> spec.pairs[pairs, 1]) & 1
    rows = np.flatnonzero(present.any(axis=1))  # only the combinations that hold one of the pairs
    if not rows.size:
        return
    keep = np.ones((column.shape[0], rows.size), dtype=column.dtype)
    damp = np.ones((column.shape[0], rows.size), dtype=column.dtype)
    for k, p in enumerate(pairs):
        target = keep if spec.synergy[p] else damp
        target[:, present[rows, k].astype(bool)] *= (1.0 - shares[:, p, None]).astype(column.dtype)
    part = column[:, rows]
    np.subtract(1.0, keep, out=keep)  # the synergy S
    gap = np.subtract(100.0, part)
    gap *= keep
    part += gap
    part *= damp
    column[:, rows] = part


def to_levels(values: FloatArray, directions: SignArray) -> FloatArray:
    """Values back to levels on each criterion's scale (a cost criterion's value ``v`` is level ``100 - v``)."""
    levels: FloatArray = np.where(directions > 0, values, 100.0 - values)
    return levels
