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
  alone (0 or 1 when the scores are fixed). It measures robustness to score uncertainty
  at the weights *most favourable* to the design; it is **not** the probability of being
  best (a design best in 20% of draws can have a confidence factor of 1).

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

Input: a :class:`~scoring.problem.DecisionProblem` (or a scenario set with a lens and
method), so SMAA scores exactly the matrix :func:`scoring.score` scores; with fixed weights
and fixed scores every design takes its ``score()`` rank in every draw. Settings and their
defaults: :class:`~scoring.analysis.settings.SmaaSettings`.

Layout: this module is the public API; :mod:`scoring.analysis._smaa_sampling` draws
weights and matrices, :mod:`scoring.analysis._smaa_kernel` accumulates the counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from scoring._types import BoolArray, FloatArray
from scoring.analysis._smaa_kernel import Progress, Tally, confidence, per_sample_bytes
from scoring.analysis._smaa_sampling import CONFIDENCE, SCORES, Stream, matrix_sampler, weight_sampler
from scoring.analysis.settings import DEFAULT_SMAA, SmaaSettings
from scoring.errors import InputError, UnknownNameError
from scoring.limits import MAX_ANALYSIS_CELLS, check_analysis
from scoring.problem import DecisionProblem, Source, as_problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Progress", "SmaaResult", "smaa"]


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
        The confidence factor: the share of score draws in which the design is best when
        the weights are fixed at its central weights (0 if never best). Not the
        probability of being best: that is ``acceptability[:, 0]``.
    standard_error : ndarray (n, n)
        Monte Carlo standard error of each acceptability, ``sqrt(b (1 - b) / samples)``.
    settings : SmaaSettings
        What was drawn, and the seed.
    chunk_size : int
        Draws per chunk.
    method : str
        Registry name of the aggregation method.
    sampler : str
        How the weights were drawn: ``"uniform"``, ``"ordinal"``, ``"dirichlet"`` or ``"fixed"``.
    distribution : str or None
        Score distribution (``None``: scores fixed, or no score has a range).
    """

    acceptability: FloatArray
    central_weights: FloatArray
    has_central_weights: BoolArray
    confidence: FloatArray
    standard_error: FloatArray
    settings: SmaaSettings
    chunk_size: int
    method: str
    sampler: str
    distribution: str | None
    design_ids: tuple[str, ...]
    design_names: tuple[str, ...]
    criterion_ids: tuple[str, ...]
    lens: str | None = None

    def __post_init__(self) -> None:
        for name in ("acceptability", "central_weights", "has_central_weights", "confidence", "standard_error"):
            getattr(self, name).setflags(write=False)

    @property
    def samples(self) -> int:
        """Monte Carlo draws made."""
        return self.settings.samples

    @property
    def seed(self) -> int:
        """The seed used."""
        return self.settings.seed

    @property
    def probability_best(self) -> FloatArray:
        """``acceptability[:, 0]``: the share of draws in which each design was best."""
        return self.acceptability[:, 0]

    def order(self) -> npt.NDArray[np.intp]:
        """Design indices, most often best first (then most often second, ...)."""
        n = len(self.design_ids)
        return np.lexsort(tuple(-self.acceptability[:, r] for r in reversed(range(n))))

    def to_frame(self) -> pd.DataFrame:
        """Designs, most often best first: ``design, name, rank_1.., central_weight_<criterion>.., confidence_factor``.

        The last column is the SMAA-2 confidence factor, named in full so that an export cannot be
        read as "the confidence that the design is best" (that is ``rank_1``).
        """
        import pandas as pd

        n = len(self.design_ids)
        data: dict[str, Any] = {"design": list(self.design_ids), "name": list(self.design_names)}
        for r in range(n):
            data[f"rank_{r + 1}"] = self.acceptability[:, r]
        for j, cid in enumerate(self.criterion_ids):
            data[f"central_weight_{cid}"] = self.central_weights[:, j]
        data["confidence_factor"] = self.confidence
        return pd.DataFrame(data).iloc[self.order()].reset_index(drop=True)

    def record(self) -> dict[str, Any]:
        """Provenance fields of this run (see :meth:`SmaaSettings.record`)."""
        return {**self.settings.record(), "chunk_size": self.chunk_size}


def smaa(
    source: Source,
    settings: SmaaSettings | None = None,
    *,
    lens: str | None = None,
    method: str | None = None,
    progress: Progress | None = None,
    **changes: Any,
) -> SmaaResult:
    """Run SMAA-2 (see the module docstring).

    Parameters
    ----------
    source : DecisionProblem or ScenarioSet
        What to analyse; a scenario set is turned into a problem with ``lens`` and
        ``method`` (:func:`scoring.problem.as_problem`), exactly as :func:`scoring.score` does.
    settings : SmaaSettings, optional
        Default :data:`scoring.analysis.settings.DEFAULT_SMAA`; ``**changes`` override fields
        (``samples=20_000, seed=7, weight_mode="uniform"``).
    progress : callable(done, total), optional
        Called after each chunk.

    Examples
    --------
    >>> import scoring
    >>> result = smaa(scoring.load(), samples=2_000, seed=3)
    >>> float(result.acceptability.sum(axis=1).max()) == 1.0
    True
    """
    problem = as_problem(source, lens, method)
    chosen = (settings or DEFAULT_SMAA).evolve(**changes)
    entropy = int(np.random.SeedSequence(chosen.seed).entropy)  # type: ignore[arg-type]
    draw_weights, mode = weight_sampler(problem.weights, chosen, _order(problem, chosen), entropy)
    varying = problem.varies if chosen.distribution is not None else np.zeros(problem.matrix.shape, dtype=bool)
    distribution = chosen.distribution if varying.any() else None
    n, m = problem.matrix.shape
    draw_cells = problem.method.sample_cells(n, m, bool(varying.any()))
    check_analysis(n, m, problem.method.name, chosen.samples * draw_cells, chosen.samples, problem.origin or "source")
    per_sample = per_sample_bytes(problem.method, n, m, bool(varying.any()))
    chunk = chosen.chunk_size or max(1, min(chosen.samples, chosen.memory_budget // per_sample))
    n_conf = chosen.confidence_samples or chosen.samples
    total = chosen.samples + (n_conf if varying.any() else 0)
    tally = Tally(n, m, problem.method.higher_is_better)
    draw_matrices = matrix_sampler(problem, varying, distribution, Stream(entropy, SCORES))
    done = 0
    while done < chosen.samples:
        k = min(chunk, chosen.samples - done)
        sampled = draw_weights(k)
        tally.add(problem.batch(sampled, draw_matrices(k)), sampled)
        done += k
        if progress is not None:
            progress(done, total)
    acceptability, central, has_central = tally.finish(chosen.samples)
    if varying.any():
        _check_confidence(problem, int(has_central.sum()), n_conf)
    scores_at_centre = matrix_sampler(problem, varying, distribution, Stream(entropy, CONFIDENCE))
    factors = confidence(
        problem,
        central,
        has_central,
        varying,
        scores_at_centre,
        n_conf,
        chosen.memory_budget,
        progress=progress,
        offset=chosen.samples,
        total=total,
    )
    designs, names, criteria = problem.labels()
    return SmaaResult(
        acceptability=acceptability,
        central_weights=central,
        has_central_weights=has_central,
        confidence=factors,
        standard_error=np.sqrt(acceptability * (1.0 - acceptability) / chosen.samples),
        settings=chosen,
        chunk_size=chunk,
        method=problem.method.name,
        sampler=mode,
        distribution=distribution,
        design_ids=designs,
        design_names=names,
        criterion_ids=criteria,
        lens=problem.lens,
    )


def _check_confidence(problem: DecisionProblem, designs: int, draws: int) -> None:
    """The confidence factors re-score the matrix for every design that was ever best: bound that too."""
    n, m = problem.matrix.shape
    cells = draws * designs * problem.method.sample_cells(n, m, True)
    if cells > MAX_ANALYSIS_CELLS:
        allowed = MAX_ANALYSIS_CELLS // max(1, designs * problem.method.sample_cells(n, m, True))
        raise InputError.at(
            "samples",
            f"{designs} designs are best in some draws; their confidence factors at {draws:,} draws exceed the "
            f"analysis budget ({MAX_ANALYSIS_CELLS:,} working cells): use at most {allowed:,} samples, "
            "or fixed scores (distribution none)",
        )


def _order(problem: DecisionProblem, settings: SmaaSettings) -> list[tuple[int, int]]:
    """Ordinal constraints as criterion index pairs."""
    _, _, criteria = problem.labels()
    index: Mapping[str, int] = {cid: j for j, cid in enumerate(criteria)}
    pairs = []
    for pair in settings.order:
        for cid in pair:
            if cid not in index:
                raise UnknownNameError.at("order", f"unknown criterion {cid!r}; expected one of: {', '.join(criteria)}")
        pairs.append((index[pair[0]], index[pair[1]]))
    return pairs
