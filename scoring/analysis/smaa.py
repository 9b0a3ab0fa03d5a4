r"""SMAA-2: how often each design takes each rank when weights and scores are uncertain.

Stochastic multicriteria acceptability analysis (Lahdelma and Salminen 2001, *SMAA-2:
stochastic multicriteria acceptability analysis for group decision making*, Operations
Research 49(3):444-454) draws weight vectors and decision matrices at random and records
the rank each design takes. It reports

- the rank acceptability index :math:`b_i^r`: the share of draws in which design
  :math:`i` takes rank :math:`r` (``b[:, 0]`` is the probability of being best);
- the central weight vector :math:`w_i^c`: the mean weight vector over the draws in
  which design :math:`i` is best (a design that is never best gets zeros and
  ``has_central_weights[i] = False``);
- the confidence factor :math:`p_i^c`: the probability that design :math:`i` is best
  when the weights are fixed at its central weight vector, over the score uncertainty
  alone (0 or 1 when the scores are fixed).

Weights are drawn

- uniformly from the simplex (no preference information) by normalising independent
  exponential variates (Devroye 1986, *Non-Uniform Random Variate Generation*, V.2;
  Tervonen and Lahdelma 2007, EJOR 178:500-513, give the equivalent sorted-uniform form);
- uniformly from the simplex subject to ordinal constraints ``w_i >= w_j``, by a direct
  construction (no rejection): the uniform distribution on the simplex is exchangeable,
  so the order of the weights is a uniformly random permutation independent of the
  sorted values. We draw sorted values, then a uniformly random *linear extension* of
  the constraints (counted by dynamic programming over subsets; up to 20 criteria) and
  hand out the sorted values in that order;
- around a lens's weights from a Dirichlet distribution with
  ``alpha = concentration * w`` (mean ``w``, variance ``w(1-w)/(concentration+1)``);
  criteria with zero weight stay at zero;
- or fixed (only the scores vary).

Scores with a low/high range are drawn from a triangular or a PERT distribution
(mode = base; PERT: Beta with shape ``1 + 4(mode-low)/(high-low)`` and
``1 + 4(high-mode)/(high-low)``, Vose 2008, *Risk Analysis*, 3rd ed.); a score without a
range stays fixed. Any registered method is scored through its batch kernel.

Ties: a draw in which designs tie gives them the better rank (:func:`scoring.rank`), so
a row of ``b`` sums to 1 but a column can sum to more than 1 when ties occur.

Reproducibility: random numbers come from ``numpy.random.default_rng`` seeded with
``SeedSequence(seed, spawn_key=(stream, block))``, one generator per quantity
(weights, scores, confidence, order) and per block of 4096 draws. Draws are therefore
identical whatever the chunk size, and so are the results (rank counts are integers;
central weights are accumulated in draw order).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from scoring._ranking import TIE_TOLERANCE, rank
from scoring._validate import as_directions, as_matrix, as_weights
from scoring.errors import InputError, InvalidMatrixError, UnknownNameError
from scoring.methods import MethodSpec, get_method
from scoring.model import SCALE_MAX, SCALE_MIN, ScenarioSet

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["RNG_BLOCK", "SmaaResult", "smaa", "smaa_scenario"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Progress = Callable[[int, int], None]
Distribution = Literal["triangular", "pert"]

#: Draws per generator: the unit that makes results independent of the chunk size.
RNG_BLOCK = 4096
#: Default memory budget for one chunk's working arrays (bytes).
MEMORY_BUDGET = 64 * 2**20
_WEIGHTS, _SCORES, _CONFIDENCE, _ORDER = 0, 1, 2, 3


@dataclass(frozen=True, slots=True, eq=False)
class SmaaResult:
    """The outcome of an SMAA-2 run (arrays are read-only).

    Attributes
    ----------
    acceptability : ndarray (n, n)
        ``acceptability[i, r]``: share of draws in which design ``i`` took rank ``r + 1``.
    central_weights : ndarray (n, m)
        Mean weights over the draws where the design was best; zeros if never best.
    has_central_weights : ndarray of bool (n,)
        False for designs that were never best.
    confidence : ndarray (n,)
        Probability of being best at the design's central weights (0 if never best).
    standard_error : ndarray (n, n)
        Monte Carlo standard error of each acceptability, ``sqrt(b (1 - b) / samples)``.
    samples, seed, chunk_size : int
        Draws made, the seed (the fresh entropy used when none was given) and draws per chunk.
    method : str
        Registry name of the aggregation method.
    weights_mode : str
        ``"uniform"``, ``"ordinal"``, ``"dirichlet"`` or ``"fixed"``.
    distribution : str or None
        Score distribution (``None``: scores fixed).
    """

    acceptability: FloatArray
    central_weights: FloatArray
    has_central_weights: BoolArray
    confidence: FloatArray
    standard_error: FloatArray
    samples: int
    seed: int
    chunk_size: int
    method: str
    weights_mode: str
    distribution: str | None
    design_ids: tuple[str, ...]
    design_names: tuple[str, ...]
    criterion_ids: tuple[str, ...]

    def __post_init__(self) -> None:
        for name in ("acceptability", "central_weights", "has_central_weights", "confidence", "standard_error"):
            getattr(self, name).setflags(write=False)

    @property
    def probability_best(self) -> FloatArray:
        """``acceptability[:, 0]``: the share of draws in which each design was best."""
        return self.acceptability[:, 0]

    def table(self) -> pd.DataFrame:
        """Designs (most often best first): ``design, name, b1..bn, w_<criterion>..., confidence``."""
        import pandas as pd

        n = len(self.design_ids)
        data: dict[str, Any] = {"design": list(self.design_ids), "name": list(self.design_names)}
        for r in range(n):
            data[f"b{r + 1}"] = self.acceptability[:, r]
        for j, cid in enumerate(self.criterion_ids):
            data[f"w_{cid}"] = self.central_weights[:, j]
        data["confidence"] = self.confidence
        order = np.lexsort(tuple(-self.acceptability[:, r] for r in reversed(range(n))))
        return pd.DataFrame(data).iloc[order].reset_index(drop=True)


class _Stream:
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


def _extension_counts(m: int, before: IntArray) -> FloatArray:
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


def _ordinal_weights(sorted_weights: FloatArray, u: FloatArray, before: IntArray, counts: FloatArray) -> FloatArray:
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


def _check_order(order: Sequence[tuple[int, int]], m: int) -> IntArray | None:
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


def _triangular(u: FloatArray, low: FloatArray, mode: FloatArray, high: FloatArray) -> FloatArray:
    span = high - low
    cut = (mode - low) / span
    left = low + np.sqrt(u * span * (mode - low))
    right = high - np.sqrt((1.0 - u) * span * (high - mode))
    result: FloatArray = np.where(u < cut, left, right)
    return result


def _tally(scores: FloatArray, higher: bool, counts: IntArray, central: FloatArray, weights: FloatArray) -> None:
    """Add one chunk's rank counts (design-major, flat) and winners' weights in place.

    Fast path: sort each draw's scores once; a draw whose sorted neighbours are all
    further apart than any tie tolerance of :func:`scoring.rank` has rank = position.
    Draws with a possible tie are ranked by :func:`scoring.rank` itself, so the tie
    rule is exactly the kit's. Winners are added in draw order (chunk-size independent).
    """
    _k, n = scores.shape
    keys = -scores if higher else scores
    order = np.argsort(keys, axis=1)
    gaps = np.diff(np.take_along_axis(keys, order, axis=1), axis=1)
    bound = TIE_TOLERANCE * max(1.0, float(np.abs(keys).max()))
    doubtful = (gaps <= bound).any(axis=1)
    positions = np.arange(n, dtype=np.int64)
    if not doubtful.any():
        counts += np.bincount((order * n + positions).ravel(), minlength=n * n)
        np.add.at(central, order[:, 0], weights)
        return
    clear = np.flatnonzero(~doubtful)
    counts += np.bincount((order[clear] * n + positions).ravel(), minlength=n * n)
    ranks = rank(scores[doubtful], higher_is_better=higher)
    counts += np.bincount((ranks - 1 + positions * n).ravel(), minlength=n * n)
    tied_rows, tied_designs = np.nonzero(ranks == 1)
    rows = np.concatenate([clear, np.flatnonzero(doubtful)[tied_rows]])
    designs = np.concatenate([order[clear, 0], tied_designs])
    by_draw = np.argsort(rows, kind="stable")
    np.add.at(central, designs[by_draw], weights[rows[by_draw]])


def _per_sample_bytes(n: int, m: int, spec: MethodSpec, varying: bool) -> int:
    cells = 2 * m + 8 * n
    if varying or spec.name != "wsm":
        cells += 6 * n * m
    if spec.name == "promethee":
        cells += 4 * n * n * m
    return 8 * cells


def smaa(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike | None = None,
    directions: Sequence[object] | npt.ArrayLike | None = None,
    method: str = "wsm",
    *,
    matrix_low: npt.ArrayLike | None = None,
    matrix_high: npt.ArrayLike | None = None,
    distribution: Distribution | None = "triangular",
    concentration: float | None = None,
    order: Sequence[tuple[int, int]] = (),
    samples: int = 10_000,
    seed: int | None = None,
    chunk_size: int | None = None,
    memory_budget: int = MEMORY_BUDGET,
    confidence_samples: int | None = None,
    progress: Progress | None = None,
    design_ids: Sequence[str] | None = None,
    design_names: Sequence[str] | None = None,
    criterion_ids: Sequence[str] | None = None,
    **options: Any,
) -> SmaaResult:
    """Run SMAA-2 on a designs x criteria matrix (see the module docstring).

    Parameters
    ----------
    matrix : array_like (n, m)
        Base levels.
    weights : array_like (m,), optional
        ``None``: weights uniform on the simplex (with ``order``, subject to it). Given:
        fixed, or Dirichlet around them when ``concentration`` is given.
    matrix_low, matrix_high : array_like (n, m), optional
        Ranges (``low <= matrix <= high``); cells with ``low == high`` stay fixed.
    distribution : {"triangular", "pert", None}
        Score distribution; ``None`` keeps every score at its base level.
    order : sequence of (i, j)
        Ordinal constraints ``w_i >= w_j`` (0-based criteria), uniform weights only.
    samples, seed : int
        Monte Carlo draws and seed.
    chunk_size : int, optional
        Draws per chunk; default from ``memory_budget`` (bytes of working arrays).
    confidence_samples : int, optional
        Score draws for the confidence factors (default ``samples``).
    progress : callable(done, total), optional
        Called after each chunk.
    **options
        Method options (``bounds=(0, 100)`` for wsm on 0-100 scales).
    """
    spec = get_method(method)
    base = as_matrix(matrix)
    n, m = base.shape
    signs = as_directions(directions, m)
    if samples < 1 or int(samples) != samples:
        raise InputError.at("samples", f"expected a whole number >= 1 (got {samples!r})")
    samples = int(samples)
    unknown = sorted(set(options) - set(spec.options))
    if unknown:
        raise UnknownNameError.at("options", f"method {spec.name!r} does not take {', '.join(unknown)}")
    chosen = {**spec.options, **options}
    before = _check_order(order, m)
    sequence = np.random.SeedSequence(seed)
    entropy = int(sequence.entropy)  # type: ignore[arg-type]

    draw_weights, mode = _weight_sampler(weights, m, concentration, before, entropy)
    low, high, varying = _ranges(base, matrix_low, matrix_high, distribution)
    draw_matrices = _matrix_sampler(base, low, high, varying, distribution, _Stream(entropy, _SCORES))

    per_sample = _per_sample_bytes(n, m, spec, bool(varying.any()))
    chunk = int(chunk_size) if chunk_size else max(1, min(samples, memory_budget // per_sample))
    if chunk < 1:
        raise InputError.at("chunk_size", f"expected a whole number >= 1 (got {chunk_size!r})")
    n_conf = samples if confidence_samples is None else int(confidence_samples)
    total = samples + (n_conf if varying.any() else 0)

    counts = np.zeros(n * n, dtype=np.int64)
    central = np.zeros((n, m))
    done = 0
    while done < samples:
        k = min(chunk, samples - done)
        sampled = draw_weights(k)
        mats = draw_matrices(k)
        scores = spec.batch(mats, sampled, signs, **chosen)
        _tally(scores, spec.higher_is_better, counts, central, sampled)
        done += k
        if progress is not None:
            progress(done, total)

    acceptability = counts.reshape(n, n) / samples
    firsts = counts.reshape(n, n)[:, 0]
    has_central = firsts > 0
    central = np.where(has_central[:, None], central / np.maximum(firsts, 1)[:, None], 0.0)
    confidence = _confidence(
        spec,
        chosen,
        signs,
        base,
        central,
        has_central,
        varying,
        _matrix_sampler(base, low, high, varying, distribution, _Stream(entropy, _CONFIDENCE)),
        n_conf,
        memory_budget // max(per_sample, 1),
        progress,
        samples,
        total,
    )
    return SmaaResult(
        acceptability=acceptability,
        central_weights=central,
        has_central_weights=has_central,
        confidence=confidence,
        standard_error=np.sqrt(acceptability * (1.0 - acceptability) / samples),
        samples=samples,
        seed=entropy,
        chunk_size=chunk,
        method=spec.name,
        weights_mode=mode,
        distribution=distribution if varying.any() else None,
        design_ids=tuple(design_ids) if design_ids else tuple(f"D{i + 1}" for i in range(n)),
        design_names=tuple(design_names or design_ids or (f"D{i + 1}" for i in range(n))),
        criterion_ids=tuple(criterion_ids) if criterion_ids else tuple(f"C{j + 1}" for j in range(m)),
    )


Sampler = Callable[[int], FloatArray]


def _weight_sampler(
    weights: npt.ArrayLike | None, m: int, concentration: float | None, before: IntArray | None, entropy: int
) -> tuple[Sampler, str]:
    stream = _Stream(entropy, _WEIGHTS)

    def exponential(rng: np.random.Generator, k: int) -> FloatArray:
        return rng.standard_exponential((k, m))

    if weights is None:
        if concentration is not None:
            raise InputError.at("concentration", "needs weights to concentrate around (got weights=None)")
        if before is None:

            def uniform(k: int) -> FloatArray:
                raw = stream.take(k, exponential)
                result: FloatArray = raw / raw.sum(axis=1, keepdims=True)
                return result

            return uniform, "uniform"
        counts = _extension_counts(m, before)
        if counts[0] <= 0:
            raise InputError.at("order", "the ordinal constraints contain a cycle (no weights satisfy them)")
        constraints, order_stream = before, _Stream(entropy, _ORDER)

        def ordinal(k: int) -> FloatArray:
            raw = stream.take(k, exponential)
            values = raw / raw.sum(axis=1, keepdims=True)
            u = order_stream.take(k, lambda rng, size: 1.0 - rng.random((size, m)))
            return _ordinal_weights(-np.sort(-values, axis=1), u, constraints, counts)

        return ordinal, "ordinal"
    if before is not None:
        raise InputError.at("order", "ordinal constraints apply to uniform weights (pass weights=None)")
    centre = as_weights(weights, m)
    if concentration is None:

        def fixed(k: int) -> FloatArray:
            return np.broadcast_to(centre, (k, m)).copy()

        return fixed, "fixed"
    if not np.isfinite(concentration) or concentration <= 0:
        raise InputError.at("concentration", f"expected a number > 0 (got {concentration!r})")
    positive = centre > 0
    alpha = float(concentration) * centre[positive]

    def dirichlet(k: int) -> FloatArray:
        out = np.zeros((k, m))
        out[:, positive] = stream.take(k, lambda rng, size: rng.dirichlet(alpha, size))
        return out

    return dirichlet, "dirichlet"


def _ranges(
    base: FloatArray, low: npt.ArrayLike | None, high: npt.ArrayLike | None, distribution: str | None
) -> tuple[FloatArray, FloatArray, BoolArray]:
    if distribution not in (None, "triangular", "pert"):
        raise UnknownNameError.at("distribution", f'expected "triangular", "pert" or None (got {distribution!r})')
    lower = base if low is None else as_matrix(low, "matrix_low")
    upper = base if high is None else as_matrix(high, "matrix_high")
    for name, array in (("matrix_low", lower), ("matrix_high", upper)):
        if array.shape != base.shape:
            raise InvalidMatrixError.at(name, f"expected shape {base.shape} like matrix, got {array.shape}")
    bad = np.argwhere((lower > base) | (upper < base))
    if bad.size:
        i, j = bad[0]
        raise InvalidMatrixError.at(
            "matrix_low/matrix_high",
            f"row {i + 1}, column {j + 1}: expected low <= base <= high, "
            f"got {lower[i, j]:g} <= {base[i, j]:g} <= {upper[i, j]:g}",
        )
    varying = (upper > lower) if distribution is not None else np.zeros(base.shape, dtype=bool)
    return lower, upper, varying


def _matrix_sampler(
    base: FloatArray,
    low: FloatArray,
    high: FloatArray,
    varying: BoolArray,
    distribution: str | None,
    stream: _Stream,
) -> Sampler:
    if not varying.any():
        return lambda k: base
    a, c, b = low[varying], base[varying], high[varying]
    if distribution == "pert":
        alpha = 1.0 + 4.0 * (c - a) / (b - a)
        beta = 1.0 + 4.0 * (b - c) / (b - a)

        def cells(rng: np.random.Generator, k: int) -> FloatArray:
            return a + (b - a) * rng.beta(alpha, beta, (k, a.size))
    else:

        def cells(rng: np.random.Generator, k: int) -> FloatArray:
            return _triangular(rng.random((k, a.size)), a, c, b)

    def draw(k: int) -> FloatArray:
        mats = np.broadcast_to(base, (k, *base.shape)).copy()
        mats[:, varying] = stream.take(k, cells)
        return mats

    return draw


def _confidence(
    spec: MethodSpec,
    options: dict[str, Any],
    signs: npt.NDArray[np.int8],
    base: FloatArray,
    central: FloatArray,
    has_central: BoolArray,
    varying: BoolArray,
    draw_matrices: Sampler,
    n_conf: int,
    chunk: int,
    progress: Progress | None,
    done: int,
    total: int,
) -> FloatArray:
    """Probability each design is best at its own central weights (score uncertainty only)."""
    n = base.shape[0]
    designs = np.flatnonzero(has_central)
    confidence = np.zeros(n)
    if designs.size == 0:
        return confidence
    pick = np.arange(designs.size)
    if not varying.any():
        ranks = rank(spec.batch(base, central[designs], signs, **options), higher_is_better=spec.higher_is_better)
        confidence[designs] = (ranks[pick, designs] == 1).astype(np.float64)
        return confidence
    hits = np.zeros(designs.size, dtype=np.int64)
    step = max(1, chunk // designs.size)
    made = 0
    while made < n_conf:
        k = min(step, n_conf - made)
        mats = np.repeat(draw_matrices(k), designs.size, axis=0)
        tiled = np.tile(central[designs], (k, 1))
        scores = spec.batch(mats, tiled, signs, **options).reshape(k, designs.size, n)
        ranks = rank(scores.reshape(k * designs.size, n), higher_is_better=spec.higher_is_better)
        hits += (ranks.reshape(k, designs.size, n)[:, pick, designs] == 1).sum(axis=0)
        made += k
        if progress is not None:
            progress(done + made, total)
    confidence[designs] = hits / n_conf
    return confidence


def smaa_scenario(
    scenario: ScenarioSet,
    lens: str | None = None,
    *,
    weights: Literal["uniform", "lens", "fixed"] = "uniform",
    concentration: float = 100.0,
    order: Sequence[tuple[str, str]] = (),
    samples: int = 10_000,
    seed: int | None = None,
    method: str = "wsm",
    distribution: Distribution | None = "triangular",
    chunk_size: int | None = None,
    progress: Progress | None = None,
) -> SmaaResult:
    """SMAA-2 on a scenario set: base scores with their low/high ranges.

    ``weights="uniform"`` ignores the lens (optionally with ``order`` constraints given
    as criterion-id pairs ``(a, b)`` meaning ``w_a >= w_b``); ``"lens"`` draws Dirichlet
    weights around the lens's weights with ``concentration``; ``"fixed"`` keeps the
    lens's weights. wsm uses the global 0-100 scales, as :func:`scoring.score` does.
    """
    ids = scenario.criterion_ids
    index = {cid: j for j, cid in enumerate(ids)}
    for pair in order:
        for cid in pair:
            if cid not in index:
                raise UnknownNameError.at("order", f"unknown criterion {cid!r}; expected one of: {', '.join(ids)}")
    if weights not in ("uniform", "lens", "fixed"):
        raise UnknownNameError.at("weights", f'expected "uniform", "lens" or "fixed" (got {weights!r})')
    lens_weights = None if weights == "uniform" else scenario.weights(lens)
    options: dict[str, Any] = {"bounds": (SCALE_MIN, SCALE_MAX)} if get_method(method).name == "wsm" else {}
    return smaa(
        scenario.matrix("base"),
        lens_weights,
        scenario.directions,
        method,
        matrix_low=scenario.matrix("low"),
        matrix_high=scenario.matrix("high"),
        distribution=distribution,
        concentration=concentration if weights == "lens" else None,
        order=[(index[a], index[b]) for a, b in order],
        samples=samples,
        seed=seed,
        chunk_size=chunk_size,
        progress=progress,
        design_ids=scenario.design_ids,
        design_names=[d.name for d in scenario.designs],
        criterion_ids=ids,
        **options,
    )
