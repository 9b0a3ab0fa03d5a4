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

Layout: this module is the public API; :mod:`scoring.analysis._smaa_sampling` draws
weights and matrices, :mod:`scoring.analysis._smaa_kernel` accumulates the counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from scoring._validate import as_directions, as_matrix
from scoring.analysis._smaa_kernel import Progress, confidence, per_sample_bytes, tally
from scoring.analysis._smaa_sampling import (
    CONFIDENCE,
    RNG_BLOCK,
    SCORES,
    Stream,
    check_order,
    matrix_sampler,
    ranges,
    weight_sampler,
)
from scoring.errors import InputError, UnknownNameError
from scoring.methods import get_method
from scoring.model import SCALE_MAX, SCALE_MIN, ScenarioSet

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MEMORY_BUDGET", "RNG_BLOCK", "Progress", "SmaaResult", "smaa", "smaa_scenario"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Distribution = Literal["triangular", "pert"]

#: Default memory budget for one chunk's working arrays (bytes).
MEMORY_BUDGET = 64 * 2**20


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
    before = check_order(order, m)
    sequence = np.random.SeedSequence(seed)
    entropy = int(sequence.entropy)  # type: ignore[arg-type]

    draw_weights, mode = weight_sampler(weights, m, concentration, before, entropy)
    low, high, varying = ranges(base, matrix_low, matrix_high, distribution)
    draw_matrices = matrix_sampler(base, low, high, varying, distribution, Stream(entropy, SCORES))

    per_sample = per_sample_bytes(n, m, spec, bool(varying.any()))
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
        tally(scores, spec.higher_is_better, counts, central, sampled)
        done += k
        if progress is not None:
            progress(done, total)

    by_design = np.ascontiguousarray(counts.reshape(n, n).T)  # tally counts position-major
    acceptability = by_design / samples
    firsts = by_design[:, 0]
    has_central = firsts > 0
    central = np.where(has_central[:, None], central / np.maximum(firsts, 1)[:, None], 0.0)
    confidence_factors = confidence(
        spec,
        chosen,
        signs,
        base,
        central,
        has_central,
        varying,
        matrix_sampler(base, low, high, varying, distribution, Stream(entropy, CONFIDENCE)),
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
        confidence=confidence_factors,
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
