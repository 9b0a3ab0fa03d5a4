r"""SMAA-2 accumulation: rank counts and central weights chunk by chunk, and confidence factors.

The hot loop is :func:`tally`. Per draw it needs the design at each rank position, which
is an ``argsort`` of the draw's scores. ``np.sort`` of 64-bit integers is about twice as
fast as ``np.argsort`` of floats (both vectorised, per row), so the sort carries the
design index inside the key:

1. map each score to an unsigned 64-bit integer with the same order (flip the sign bit
   of a non-negative float, every bit of a negative one);
2. overwrite the low ``b = ceil(log2 n)`` bits with the design index and sort each row;
3. read the design back from the low bits and an approximate score from the high bits.

Clearing ``b`` low bits moves a score down by less than :math:`2^{b-52}|x|`, a monotone
map, so two designs whose keys differ above the low bits are in their true order. A draw
whose approximate neighbours are closer than the tie tolerance of :func:`scoring.rank`
plus twice that error is *doubtful* and is ranked by :func:`scoring.rank` itself, on the
exact scores, so the tie rule (ties share the better rank) is exactly the kit's and
every other draw's rank is its position.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from scoring._types import BoolArray, FloatArray, IntArray
from scoring.analysis._smaa_sampling import Sampler
from scoring.methods import MethodSpec
from scoring.ranking import TIE_TOLERANCE, rank

if TYPE_CHECKING:
    from scoring.problem import DecisionProblem

__all__ = ["Progress", "Tally", "confidence", "per_sample_bytes", "tally"]

KeyArray = npt.NDArray[np.uint64]
Progress = Callable[[int, int], None]

_SIGN = np.uint64(1 << 63)


def _sortable(values: FloatArray) -> KeyArray:
    """Unsigned keys in the order of ``values`` (finite floats; -0.0 sorts just before 0.0)."""
    bits = values.view(np.int64)
    flip = (bits >> 63).view(np.uint64)  # all ones for negative numbers, zero otherwise
    flip |= _SIGN
    flip ^= values.view(np.uint64)
    return flip


def _unsortable(keys: KeyArray) -> FloatArray:
    """Inverse of :func:`_sortable` (returns a new array)."""
    flip = keys >> np.uint64(63)  # 1 for non-negative numbers, 0 for negative ones
    flip -= np.uint64(1)  # 0 or all ones (wraps)
    flip |= _SIGN
    flip ^= keys
    return flip.view(np.float64)


def _sorted_designs(keys: FloatArray) -> tuple[IntArray, FloatArray, float]:
    """Per row: designs by ascending key, approximate sorted keys, and the approximation error bound."""
    n = keys.shape[1]
    index_bits = max(1, (n - 1).bit_length())
    low = np.uint64((1 << index_bits) - 1)
    packed = _sortable(keys)
    packed &= ~low
    packed |= np.arange(n, dtype=np.uint64)
    packed.sort(axis=1)
    designs = (packed & low).view(np.int64)
    packed &= ~low
    approximate = _unsortable(packed)
    largest = max(abs(float(approximate[:, 0].min())), abs(float(approximate[:, -1].max())))
    return designs, approximate, 2.0 ** (index_bits - 51) * largest


def tally(scores: FloatArray, higher: bool, counts: IntArray, central: FloatArray, weights: FloatArray) -> None:
    """Add one chunk's rank counts and winners' weights in place.

    Parameters
    ----------
    scores : ndarray (k, n)
        One row of design scores per draw.
    higher : bool
        Orientation of the scores.
    counts : ndarray of int64 (n * n,)
        Flat, position-major: ``counts[r * n + i]`` draws in which design ``i`` took rank ``r + 1``.
    central : ndarray (n, m)
        Sum of the weights of the draws each design won, added in draw order (so the sums
        do not depend on the chunk size).
    weights : ndarray (k, m)
        The draws' weights.
    """
    _k, n = scores.shape
    keys = np.negative(scores) if higher else scores
    designs, approximate, error = _sorted_designs(keys)
    # rank() calls neighbours tied when closer than TIE_TOLERANCE * max(1, |key|)
    bound = TIE_TOLERANCE * max(1.0, abs(float(approximate[:, 0].min())), abs(float(approximate[:, -1].max())))
    gaps = np.diff(approximate, axis=1)
    flat = designs  # reused in place: designs -> position * n + design
    if n == 1 or float(gaps.min()) > bound + 2.0 * error:
        np.add.at(central, designs[:, 0], weights)
        flat += np.arange(0, n * n, n, dtype=np.int64)
        counts += np.bincount(flat.ravel(), minlength=n * n)
        return
    doubtful = (gaps <= bound + 2.0 * error).any(axis=1)
    clear = np.flatnonzero(~doubtful)
    unclear = np.flatnonzero(doubtful)
    ranks = rank(scores[unclear], higher_is_better=higher)
    tied_rows, tied_designs = np.nonzero(ranks == 1)
    rows = np.concatenate([clear, unclear[tied_rows]])
    winners = np.concatenate([designs[clear, 0], tied_designs])
    by_draw = np.argsort(rows, kind="stable")
    np.add.at(central, winners[by_draw], weights[rows[by_draw]])
    flat = designs[clear]
    flat += np.arange(0, n * n, n, dtype=np.int64)
    counts += np.bincount(flat.ravel(), minlength=n * n)
    ranks -= 1
    ranks *= n
    ranks += np.arange(n, dtype=np.int64)
    counts += np.bincount(ranks.ravel(), minlength=n * n)


class Tally:
    """Rank counts and the winners' weight sums, accumulated chunk by chunk."""

    def __init__(self, n: int, m: int, higher_is_better: bool) -> None:
        self.n, self.higher = n, higher_is_better
        self.counts = np.zeros(n * n, dtype=np.int64)
        self.central = np.zeros((n, m))

    def add(self, scores: FloatArray, weights: FloatArray) -> None:
        """Count one chunk: (k, n) scores drawn with (k, m) weights."""
        tally(scores, self.higher, self.counts, self.central, weights)

    def finish(self, samples: int) -> tuple[FloatArray, FloatArray, BoolArray]:
        """Acceptabilities (n, n), central weights (n, m) and which designs were ever best."""
        by_design = np.ascontiguousarray(self.counts.reshape(self.n, self.n).T)  # counts are position-major
        firsts = by_design[:, 0]
        has_central = firsts > 0
        central = np.where(has_central[:, None], self.central / np.maximum(firsts, 1)[:, None], 0.0)
        return by_design / samples, central, has_central


def per_sample_bytes(spec: MethodSpec, n: int, m: int, varying: bool) -> int:
    """Working memory of one draw in a chunk (bytes), for choosing the chunk size."""
    return 8 * spec.sample_cells(n, m, varying)


def confidence(
    problem: DecisionProblem,
    central: FloatArray,
    has_central: BoolArray,
    varying: BoolArray,
    draw_matrices: Sampler,
    samples: int,
    memory_budget: int,
    *,
    progress: Progress | None = None,
    offset: int = 0,
    total: int = 0,
) -> FloatArray:
    """Probability each design is best at its own central weights (score uncertainty only)."""
    n, m = problem.matrix.shape
    higher = problem.method.higher_is_better
    designs = np.flatnonzero(has_central)
    result = np.zeros(n)
    if designs.size == 0:
        return result
    pick = np.arange(designs.size)
    if not varying.any():
        ranks = rank(problem.batch(central[designs]), higher_is_better=higher)
        result[designs] = (ranks[pick, designs] == 1).astype(np.float64)
        return result
    chunk = max(1, memory_budget // per_sample_bytes(problem.method, n, m, True))
    hits = np.zeros(designs.size, dtype=np.int64)
    step = max(1, chunk // designs.size)
    made = 0
    while made < samples:
        k = min(step, samples - made)
        drawn = draw_matrices(k)
        group = max(1, chunk // k)  # designs scored at once on the same draws: memory stays within the budget
        for first in range(0, designs.size, group):
            chosen = designs[first : first + group]
            mats = np.repeat(drawn, chosen.size, axis=0)
            scores = problem.batch(np.tile(central[chosen], (k, 1)), mats)
            ranks = rank(scores, higher_is_better=higher).reshape(k, chosen.size, n)
            hits[first : first + chosen.size] += (ranks[:, pick[: chosen.size], chosen] == 1).sum(axis=0)
        made += k
        if progress is not None:
            progress(offset + made, total)
    result[designs] = hits / samples
    return result
