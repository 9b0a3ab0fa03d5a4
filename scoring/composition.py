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
        Constraints as bit masks: ``(component bit, mask of any needed)``, groups of which at
        most one, and ``(group, limit)``.
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
    excludes: tuple[int, ...] = ()
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
            excludes.append(group)
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
    for group in spec.excludes:
        ok &= popcount(masks, group) <= 1
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


def _tree(masks: IntArray, k_count: int) -> tuple[IntArray, IntArray]:
    """Nodes of the prefix tree of ``masks`` (sorted) and, per mask, its node index."""
    if masks.size * 4 >= 1 << k_count:  # dense: the whole lattice is cheaper than finding prefixes
        nodes = np.arange(1 << k_count, dtype=np.int64)
        return nodes, masks.astype(np.int64)
    prefixes = [masks & ((1 << bit) - 1) for bit in range(k_count + 1)]
    nodes = np.unique(np.concatenate(prefixes))
    return nodes, np.searchsorted(nodes, masks)


def _accumulate(
    nodes: IntArray, gain: FloatArray, cut: FloatArray, weak: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """Max and product of gains and cuts, and the minimum weakest-link value, for every node."""
    layers, _k, m = gain.shape
    shape = (layers, nodes.size, m)
    gmax, cmax = np.zeros(shape), np.zeros(shape)
    gkeep, ckeep = np.ones(shape), np.ones(shape)
    vmin = np.full(shape, np.inf)
    top = np.frexp(nodes.astype(np.float64))[1] - 1  # highest bit (-1 for the empty set)
    dense = nodes.size == 1 << (int(top[-1]) + 1) if nodes.size > 1 else True
    for bit in range(int(top[-1]) + 1 if nodes.size else 0):
        first, stop = np.searchsorted(top, [bit, bit + 1])
        if first == stop:
            continue
        parent: slice | IntArray
        parent = slice(0, stop - first) if dense else np.searchsorted(nodes, nodes[first:stop] - (1 << bit))
        rows = slice(first, stop)
        np.maximum(gmax[:, parent], gain[:, bit, None, :], out=gmax[:, rows])
        np.maximum(cmax[:, parent], cut[:, bit, None, :], out=cmax[:, rows])
        np.multiply(gkeep[:, parent], 1.0 - gain[:, bit, None, :], out=gkeep[:, rows])
        np.multiply(ckeep[:, parent], 1.0 - cut[:, bit, None, :], out=ckeep[:, rows])
        np.minimum(vmin[:, parent], weak[:, bit, None, :], out=vmin[:, rows])
    return gmax, gkeep, cmax, ckeep, vmin


def compose(
    spec: CompositionArrays,
    masks: IntArray,
    *,
    alone: FloatArray | None = None,
    shares: FloatArray | None = None,
    start: FloatArray | None = None,
) -> FloatArray:
    """Values (0-100) of each combination on each criterion: an array (layers, combinations, criteria).

    By default three layers, with every judgment at its unfavourable end, its base and its
    favourable end (the composed range, by monotonicity). ``alone`` (layers, K, m),
    ``shares`` (layers, P) and ``start`` (layers, m) give other layers (SMAA draws); the
    start's base always splits gains from cuts, and the empty combination takes ``start``.
    """
    alone = spec.alone if alone is None else alone
    shares = spec.shares if shares is None else shares
    start = spec.start if start is None else start
    layers, m = alone.shape[0], alone.shape[2]
    base = spec.start[1]
    room = 100.0 - base
    gain = np.where(spec.declared, np.clip((alone - base) / np.where(room > 0, room, 1.0), 0.0, 1.0), 0.0)
    cut = np.where(spec.declared, np.clip((base - alone) / np.where(base > 0, base, 1.0), 0.0, 1.0), 0.0)
    gain[..., room <= 0] = 0.0
    cut[..., base <= 0] = 0.0
    weak = np.where(spec.declared, alone, np.inf)
    nodes, at = _tree(np.asarray(masks, dtype=np.int64), spec.n_components)
    gmax, gkeep, cmax, ckeep, vmin = (acc[:, at] for acc in _accumulate(nodes, gain, cut, weak))
    theta = spec.overlap
    total_gain = gmax + theta * (1.0 - gkeep - gmax)
    total_cut = cmax + theta * (1.0 - ckeep - cmax)
    values = (base + total_gain * room) * (1.0 - total_cut)
    weakest = np.where(np.isinf(vmin), base, vmin)
    values = np.where(spec.weakest, weakest, values)
    if spec.pairs.size:
        keep = np.ones_like(values)
        damp = np.ones_like(values)
        both = ((masks[:, None] >> spec.pairs[:, 0]) & (masks[:, None] >> spec.pairs[:, 1]) & 1).astype(bool)
        for p in range(spec.pairs.shape[0]):
            rows = np.flatnonzero(both[:, p])
            target = keep if spec.synergy[p] else damp
            target[:, rows, spec.pair_criterion[p]] *= 1.0 - shares[:, p, None]
        values = (values + (1.0 - keep) * (100.0 - values)) * damp
    empty = np.flatnonzero(np.asarray(masks) == 0)
    if empty.size:
        values[:, empty] = start[:, None, :] if start.ndim == 2 else start
    result: FloatArray = np.clip(values, 0.0, 100.0, out=values).reshape(layers, len(masks), m)
    return result


def to_levels(values: FloatArray, directions: SignArray) -> FloatArray:
    """Values back to levels on each criterion's scale (a cost criterion's value ``v`` is level ``100 - v``)."""
    levels: FloatArray = np.where(directions > 0, values, 100.0 - values)
    return levels
