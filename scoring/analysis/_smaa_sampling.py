"""SMAA-2 sampling: weight vectors and decision matrices, drawn block by block.

Random numbers come from ``numpy.random.default_rng`` seeded with
``SeedSequence(entropy, spawn_key=(stream, block))``: one generator per quantity
(:data:`WEIGHTS`, :data:`SCORES`, :data:`CONFIDENCE`, :data:`ORDER`) and per block of
:data:`RNG_BLOCK` draws, so the draws do not depend on how a run is chunked. The
distributions are described in :mod:`scoring.analysis.smaa`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from scoring._types import BoolArray, FloatArray, IntArray
from scoring.errors import InputError

if TYPE_CHECKING:
    from scoring.analysis.settings import SmaaSettings
    from scoring.problem import DecisionProblem

__all__ = [
    "CONFIDENCE",
    "ORDER",
    "RNG_BLOCK",
    "SCORES",
    "WEIGHTS",
    "Sampler",
    "Stream",
    "check_order",
    "extension_counts",
    "matrix_sampler",
    "ordinal_weights",
    "triangular",
    "weight_sampler",
]

Sampler = Callable[[int], FloatArray]

#: Draws per generator: the unit that makes results independent of the chunk size.
RNG_BLOCK = 4096
#: Stream keys: one independent generator family per random quantity.
WEIGHTS, SCORES, CONFIDENCE, ORDER = 0, 1, 2, 3


class Stream:
    """One quantity's random draws, block by block, so they do not depend on the chunk size."""

    def __init__(self, entropy: int, key: int) -> None:
        self._entropy, self._key, self._block, self._used = entropy, key, -1, RNG_BLOCK
        self._rng: np.random.Generator | None = None

    def take(self, count: int, draw: Callable[[np.random.Generator, int], FloatArray]) -> FloatArray:
        parts = []
        while count > 0:
            if self._used == RNG_BLOCK:
                self._block += 1
                self._used = 0
                sequence = np.random.SeedSequence(self._entropy, spawn_key=(self._key, self._block))
                self._rng = np.random.default_rng(sequence)
            size = min(count, RNG_BLOCK - self._used)
            assert self._rng is not None
            parts.append(draw(self._rng, size))
            self._used += size
            count -= size
        return parts[0] if len(parts) == 1 else np.concatenate(parts)


def extension_counts(m: int, before: IntArray) -> FloatArray:
    """``counts[S]``: linear extensions of the criteria not in bitmask ``S`` (S a down-set)."""
    subsets = np.arange(1 << m, dtype=np.int64)
    sizes = sum((subsets >> b) & 1 for b in range(m))
    counts = np.zeros(1 << m)
    counts[-1] = 1.0
    for size in range(m - 1, -1, -1):
        layer = subsets[sizes == size]
        total = np.zeros(layer.size)
        for x in range(m):
            free = ((layer >> x) & 1 == 0) & ((before[x] & ~layer) == 0)
            total += np.where(free, counts[layer | (1 << x)], 0.0)
        counts[layer] = total
    return counts


def ordinal_weights(sorted_weights: FloatArray, u: FloatArray, before: IntArray, counts: FloatArray) -> FloatArray:
    """Hand the sorted (descending) weights to criteria along random linear extensions."""
    k, m = sorted_weights.shape
    bits = np.int64(1) << np.arange(m, dtype=np.int64)
    taken = np.zeros(k, dtype=np.int64)
    order = np.empty((k, m), dtype=np.int64)
    for step in range(m):  # a loop over criteria; every sample moves at once
        free = ((taken[:, None] & bits) == 0) & ((before[None, :] & ~taken[:, None]) == 0)
        mass = np.where(free, counts[taken[:, None] | bits], 0.0).cumsum(axis=1)
        pick = (mass < u[:, step : step + 1] * mass[:, -1:]).sum(axis=1)
        order[:, step] = pick
        taken |= bits[pick]
    weights = np.empty_like(sorted_weights)
    np.put_along_axis(weights, order, sorted_weights, axis=1)
    return weights


def check_order(order: Sequence[tuple[int, int]], m: int) -> IntArray | None:
    """Ordinal constraints ``w_i >= w_j`` as bitmasks: ``before[j]`` has bit ``i`` set."""
    if not order:
        return None
    if m > 20:
        raise InputError.at("order", f"ordinal constraints support at most 20 criteria (got {m})")
    before = np.zeros(m, dtype=np.int64)
    for i, j in order:
        if not (0 <= i < m and 0 <= j < m) or i == j:
            raise InputError.at("order", f"constraint ({i}, {j}) must name two different criteria 0..{m - 1}")
        before[j] |= 1 << i
    return before


def triangular(u: FloatArray, low: FloatArray, mode: FloatArray, high: FloatArray) -> FloatArray:
    span = high - low
    cut = (mode - low) / span
    left = low + np.sqrt(u * span * (mode - low))
    right = high - np.sqrt((1.0 - u) * span * (high - mode))
    result: FloatArray = np.where(u < cut, left, right)
    return result


def weight_sampler(
    centre: FloatArray, settings: SmaaSettings, order: Sequence[tuple[int, int]], entropy: int
) -> tuple[Sampler, str]:
    """A sampler of (k, m) weight vectors for ``settings.weight_mode``, and the mode's name."""
    m = centre.size
    stream = Stream(entropy, WEIGHTS)

    def exponential(rng: np.random.Generator, k: int) -> FloatArray:
        return rng.standard_exponential((k, m))

    if settings.weight_mode == "fixed":
        return (lambda k: np.broadcast_to(centre, (k, m)).copy()), "fixed"
    if settings.weight_mode == "lens":
        positive = centre > 0
        alpha = float(settings.concentration) * centre[positive]

        def dirichlet(k: int) -> FloatArray:
            out = np.zeros((k, m))
            out[:, positive] = stream.take(k, lambda rng, size: rng.dirichlet(alpha, size))
            return out

        return dirichlet, "dirichlet"
    before = check_order(order, m)
    if before is None:

        def uniform(k: int) -> FloatArray:
            raw = stream.take(k, exponential)
            result: FloatArray = raw / raw.sum(axis=1, keepdims=True)
            return result

        return uniform, "uniform"
    counts = extension_counts(m, before)
    if counts[0] <= 0:
        raise InputError.at("order", "the ordinal constraints contain a cycle (no weights satisfy them)")
    order_stream = Stream(entropy, ORDER)

    def ordinal(k: int) -> FloatArray:
        raw = stream.take(k, exponential)
        values = raw / raw.sum(axis=1, keepdims=True)
        u = order_stream.take(k, lambda rng, size: 1.0 - rng.random((size, m)))
        return ordinal_weights(-np.sort(-values, axis=1), u, before, counts)

    return ordinal, "ordinal"


def matrix_sampler(problem: DecisionProblem, varying: BoolArray, distribution: str | None, stream: Stream) -> Sampler:
    """A sampler of (k, n, m) matrices: cells with a range drawn from ``distribution``, others fixed."""
    base = problem.matrix
    if distribution is None or not varying.any():
        return lambda k: base
    a, c, b = problem.low[varying], base[varying], problem.high[varying]
    if distribution == "pert":
        alpha = 1.0 + 4.0 * (c - a) / (b - a)
        beta = 1.0 + 4.0 * (b - c) / (b - a)

        def cells(rng: np.random.Generator, k: int) -> FloatArray:
            return a + (b - a) * rng.beta(alpha, beta, (k, a.size))
    else:

        def cells(rng: np.random.Generator, k: int) -> FloatArray:
            return triangular(rng.random((k, a.size)), a, c, b)

    def draw(k: int) -> FloatArray:
        mats = np.broadcast_to(base, (k, *base.shape)).copy()
        mats[:, varying] = stream.take(k, cells)
        return mats

    return draw
