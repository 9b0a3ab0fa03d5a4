"""SMAA over composed combinations: uncertainty drawn where it lives, in the components.

Combinations share components, so their scores are not independent: if the pledge's
deterrence is lower than judged, it is lower in every combination that contains the pledge.
Drawing every composed cell independently (what :func:`scoring.analysis.smaa.smaa` does for
a table of designs) would make a combination and the same combination plus a component
with no effect swap ranks at random. Each draw here therefore draws the **judgments**
(every component's effect within its range, every interaction share, and the start levels
for the empty combination) and composes all combinations from them with the set's rule
(:func:`scoring.composition.compose`, in float32: values within about 1e-4 of the float64
rule, identical inputs still identical, so ties stay ties), together with a weight vector.
Scores come from the problem's batch kernel, ranks from :func:`scoring.rank` on each draw's
best few (ties share the better rank; exact, see :func:`_count_top`).

It reuses SMAA's samplers (weights: :func:`~scoring.analysis._smaa_sampling.weight_sampler`,
with the same settings and seed streams; judgments: the same triangular or PERT draws over
low, base, high) and bounded memory: draws go in chunks sized from
``settings.memory_budget``, and only rank counts for ranks 1 to ``top`` are kept (n x top,
never n x n), so 4,096 combinations x 10,000 draws run in a few seconds in well under 1 GiB.
Confidence factors are not computed. At most ``max_designs`` combinations are analysed: the
best under the lens when there are more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from scoring._types import BoolArray, FloatArray, IntArray
from scoring.analysis._smaa_sampling import SCORES, Stream, triangular, weight_sampler
from scoring.composition import CompositionArrays, compose
from scoring.errors import InputError
from scoring.methods import MethodSpec
from scoring.ranking import rank

if TYPE_CHECKING:
    import pandas as pd

    from scoring.analysis._smaa_kernel import Progress
    from scoring.analysis.compose import Composed
    from scoring.analysis.settings import SmaaSettings

__all__ = ["MAX_DESIGNS", "ComposedSmaa", "composed_smaa", "judgment_sampler"]

#: The most combinations SMAA analyses at once (the best under the lens when there are more).
MAX_DESIGNS = 4096


@dataclass(frozen=True, slots=True, eq=False)
class ComposedSmaa:
    """Rank acceptabilities of combinations (ranks 1 to ``top`` only).

    Attributes
    ----------
    rows : ndarray (n,)
        Which combinations (rows of :class:`~scoring.analysis.compose.Composed`) were analysed.
    acceptability : ndarray (n, top)
        ``acceptability[i, r]``: share of draws in which combination ``i`` took rank ``r + 1``.
    """

    rows: IntArray
    labels: tuple[str, ...]
    acceptability: FloatArray
    settings: SmaaSettings
    chunk_size: int
    method: str
    sampler: str
    distribution: str | None
    lens: str
    total: int

    @property
    def probability_best(self) -> FloatArray:
        """Share of draws in which each combination was best."""
        best: FloatArray = self.acceptability[:, 0]
        return best

    @property
    def probability_top(self) -> FloatArray:
        """Share of draws in which each combination was in the top ``top`` ranks."""
        top: FloatArray = self.acceptability.sum(axis=1)
        return top

    def to_frame(self) -> pd.DataFrame:
        """``combination, best, top_<k>, rank_1..rank_k``, most often best first."""
        import pandas as pd

        top = self.acceptability.shape[1]
        data: dict[str, Any] = {"combination": list(self.labels), "best": self.probability_best}
        data[f"top_{top}"] = self.probability_top
        for r in range(top):
            data[f"rank_{r + 1}"] = self.acceptability[:, r]
        order = np.lexsort((-self.probability_top, -self.probability_best))
        return pd.DataFrame(data).iloc[order].reset_index(drop=True)

    def record(self) -> dict[str, Any]:
        """Provenance fields of this run."""
        return {
            **self.settings.record(),
            "chunk_size": self.chunk_size,
            "combinations": len(self.labels),
            "of": self.total,
            "uncertainty": "component judgments (correlated across combinations)",
        }


def _draw(stream: Stream, low: FloatArray, mode: FloatArray, high: FloatArray, distribution: str) -> Any:
    """A sampler of (k, cells) values within [low, high] (mode: base)."""
    span = high - low
    safe = np.where(span > 0, span, 1.0)
    if distribution == "pert":
        alpha = 1.0 + 4.0 * (mode - low) / safe
        beta = 1.0 + 4.0 * (high - mode) / safe

        def cells(rng: np.random.Generator, k: int) -> FloatArray:
            return low + span * rng.beta(alpha, beta, (k, low.size))
    else:

        def cells(rng: np.random.Generator, k: int) -> FloatArray:
            return triangular(rng.random((k, low.size)), low, mode, high)

    return lambda k: stream.take(k, cells)


def judgment_sampler(spec: CompositionArrays, distribution: str | None, entropy: int) -> Any:
    """``draw(k) -> (alone (k, K, m), shares (k, P), start (k, m))``: the judgments of k draws."""
    varies: BoolArray = spec.declared & (spec.alone[2] > spec.alone[0])
    shares_vary = spec.shares[2] != spec.shares[0]
    start_vary = spec.start[2] > spec.start[0]
    if distribution is None:
        return lambda k: (
            np.broadcast_to(spec.alone[1], (k, *spec.alone.shape[1:])),
            np.broadcast_to(spec.shares[1], (k, spec.shares.shape[1])),
            np.broadcast_to(spec.start[1], (k, spec.start.shape[1])),
        )
    low = np.concatenate(
        [spec.alone[0][varies], np.minimum(spec.shares[0], spec.shares[2])[shares_vary], spec.start[0][start_vary]]
    )
    mode = np.concatenate([spec.alone[1][varies], spec.shares[1][shares_vary], spec.start[1][start_vary]])
    high = np.concatenate(
        [spec.alone[2][varies], np.maximum(spec.shares[0], spec.shares[2])[shares_vary], spec.start[2][start_vary]]
    )
    cells = _draw(Stream(entropy, SCORES), low, mode, high, distribution)
    cut = np.cumsum([int(varies.sum()), int(shares_vary.sum())])

    def draw(k: int) -> tuple[FloatArray, FloatArray, FloatArray]:
        drawn = cells(k) if low.size else np.zeros((k, 0))
        alone = np.broadcast_to(spec.alone[1], (k, *spec.alone.shape[1:])).copy()
        alone[:, varies] = drawn[:, : cut[0]]
        shares = np.broadcast_to(spec.shares[1], (k, spec.shares.shape[1])).copy()
        shares[:, shares_vary] = drawn[:, cut[0] : cut[1]]
        start = np.broadcast_to(spec.start[1], (k, spec.start.shape[1])).copy()
        start[:, start_vary] = drawn[:, cut[1] :]
        return alone, shares, start

    return draw


def _count_top(scores: FloatArray, higher: bool, counts: IntArray) -> None:
    """Add how often each combination took ranks 1 to ``top`` (counts' columns), with the kit's tie rule.

    Only the best ``top + 8`` of each draw are ranked (:func:`scoring.rank` on that subset): every
    score outside it is no better than the subset's worst, so the ranks inside are exact. A draw
    whose ties reach the subset's edge (its worst still ranks within ``top``) is ranked in full.
    """
    n = scores.shape[1]
    top = counts.shape[1]
    keep = top + 8
    if keep >= n:
        ranked = rank(scores, higher_is_better=higher)
        for r in range(top):
            counts[:, r] += np.count_nonzero(ranked == r + 1, axis=0)
        return
    keyed = -scores if higher else scores
    best = np.argpartition(keyed, keep - 1, axis=1)[:, :keep]
    ranked = rank(np.take_along_axis(scores, best, axis=1), higher_is_better=higher)
    spill = np.flatnonzero(ranked.max(axis=1) <= top)
    if spill.size:
        full = rank(scores[spill], higher_is_better=higher)
        for r in range(top):
            counts[:, r] += np.count_nonzero(full == r + 1, axis=0)
        ranked[spill] = top + 1  # counted above
    rows, cols = np.nonzero(ranked <= top)
    np.add.at(counts, (best[rows, cols], ranked[rows, cols] - 1), 1)


def composed_smaa(
    composed: Composed,
    lens: str,
    method: MethodSpec,
    settings: SmaaSettings,
    *,
    top: int = 5,
    max_designs: int = MAX_DESIGNS,
    progress: Progress | None = None,
    **options: Any,
) -> ComposedSmaa:
    """SMAA-2 rank acceptabilities (ranks 1..top) of the combinations under ``lens`` (module docstring)."""
    if settings.order:
        raise InputError.at("order", "ordinal weight constraints are not supported for combinations")
    everything = composed.problem(lens, method, **options)
    rows = np.arange(composed.count)
    if composed.count > max_designs:
        ranks = everything.score(contributions=False).ranks
        rows = np.sort(np.lexsort((composed.masks, ranks))[:max_designs])
    problem = composed.problem(lens, method, rows=rows, **options) if rows.size < composed.count else everything
    n, m = rows.size, composed.values.shape[1]
    top = min(top, n)
    entropy = int(np.random.SeedSequence(settings.seed).entropy)  # type: ignore[arg-type]
    draw_weights, mode = weight_sampler(problem.weights, settings, [], entropy)
    draw_judgments = judgment_sampler(composed.spec, settings.distribution, entropy)
    masks = composed.masks[rows]
    per_draw = 8 * (16 * n * m + method.sample_cells(n, m, True))
    chunk = settings.chunk_size or max(1, min(settings.samples, settings.memory_budget // per_draw))
    counts = np.zeros((n, top), dtype=np.int64)
    done = 0
    while done < settings.samples:
        k = min(chunk, settings.samples - done)
        weights = draw_weights(k)
        alone, shares, start = draw_judgments(k)
        values = compose(composed.spec, masks, alone=alone, shares=shares, start=start, dtype=np.float32)
        _count_top(problem.batch(weights, values), method.higher_is_better, counts)
        done += k
        if progress is not None:
            progress(done, settings.samples)
    return ComposedSmaa(
        rows=rows,
        labels=tuple(composed.labels(rows)),
        acceptability=counts / settings.samples,
        settings=settings,
        chunk_size=chunk,
        method=method.name,
        sampler=mode,
        distribution=settings.distribution,
        lens=lens,
        total=composed.count,
    )
