"""Tornado: how far each design's score moves as one judgment spans its range.

For design ``i`` and criterion ``j`` the judgment is set to the unfavourable and then to
the favourable end of its range while every other judgment stays at its base, under fixed
weights; ``swing`` is the absolute difference of the two scores. For a cost criterion the
unfavourable end is the *high* level.

Separable linear methods (wsm on a fixed scale, as on every scenario set) have a closed
form: ``score(end) = score + w_j (value(end) - value(base))`` (times the display scale).
Every other method rescores the whole matrix with the one cell changed (its score may
depend on the other designs), in vectorised blocks of bounded memory.

Scores are in display units (wsm on a scenario set: the 0-100 total).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from scoring._types import FloatArray
from scoring.errors import UnknownNameError
from scoring.limits import check_analysis_size, check_work
from scoring.problem import DecisionProblem, Source, as_problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TornadoResult", "tornado"]

#: Working cells per block of rescored matrices (generic path).
_BLOCK_CELLS = 1 << 20


@dataclass(frozen=True, slots=True, eq=False)
class TornadoResult:
    """Scores with one judgment at each end of its range (arrays designs x criteria)."""

    problem: DecisionProblem
    score: FloatArray
    at_unfavourable: FloatArray
    at_favourable: FloatArray

    def to_frame(self, *, design: str | None = None) -> pd.DataFrame:
        """One row per design x criterion, largest swing first.

        Columns: ``design``, ``criterion``, ``score``, ``at_unfavourable``,
        ``at_favourable``, ``swing``. ``design`` keeps one design's rows.
        """
        import pandas as pd

        designs, _, criteria = self.problem.labels()
        n, m = self.at_unfavourable.shape
        frame = pd.DataFrame(
            {
                "design": np.repeat(np.array(designs, dtype=object), m),
                "criterion": np.tile(np.array(criteria, dtype=object), n),
                "score": np.repeat(self.score, m),
                "at_unfavourable": self.at_unfavourable.ravel(),
                "at_favourable": self.at_favourable.ravel(),
                "swing": np.abs(self.at_favourable - self.at_unfavourable).ravel(),
            }
        )
        if design is not None:
            if design not in designs:
                raise UnknownNameError.at("design", f"unknown design {design!r}; expected one of: {', '.join(designs)}")
            frame = frame[frame["design"] == design]
        return frame.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)


def tornado(source: Source, *, lens: str | None = None, method: str | None = None) -> TornadoResult:
    """Every design's score with each judgment at its unfavourable and favourable end.

    Examples
    --------
    >>> import scoring
    >>> table = tornado(scoring.load(), lens="balanced").to_frame()
    >>> bool(table["swing"].is_monotonic_decreasing)
    True
    """
    problem = as_problem(source, lens, method)
    spec = problem.method
    check_analysis_size(problem.n_designs, problem.n_criteria, "the tornado", problem.origin or "source")
    check_work(tornado_cells(problem), f"the tornado ({spec.name} re-scores every design for each judgment)")
    base = spec.score(problem.matrix, problem.weights, problem.directions, **problem.options).scores
    worst, best = problem.ends()
    parts = problem.parts()
    if parts is not None and spec.separable(problem.options):
        w = problem.weights
        low = base[:, None] + w * (_parts(problem, worst) - parts)
        high = base[:, None] + w * (_parts(problem, best) - parts)
    else:
        low, high = _rescored(problem, worst), _rescored(problem, best)
    scale = problem.scale
    return TornadoResult(problem, base * scale, low * scale, high * scale)


def tornado_cells(problem: DecisionProblem) -> int:
    """Working cells of the tornado: none beyond one scoring for separable methods, else a re-scoring per end."""
    n, m = (int(size) for size in problem.matrix.shape)
    if problem.parts() is not None and problem.method.separable(problem.options):
        return n * m
    return 2 * n * m * int(problem.method.sample_cells(n, m, False))


def _parts(problem: DecisionProblem, matrix: FloatArray) -> FloatArray:
    found = problem.parts(matrix)
    assert found is not None
    return found


def _rescored(problem: DecisionProblem, ends: FloatArray) -> FloatArray:
    """Score of design i with only cell (i, j) moved to ``ends[i, j]``, for every varying cell."""
    n, m = problem.matrix.shape
    base = problem.method.score(problem.matrix, problem.weights, problem.directions, **problem.options).scores
    result = np.repeat(base[:, None], m, axis=1)
    rows, cols = np.nonzero(ends != problem.matrix)
    block = max(1, _BLOCK_CELLS // max(1, n * m))
    for start in range(0, rows.size, block):  # blocks of changed cells, each one batch call
        i, j = rows[start : start + block], cols[start : start + block]
        mats = np.broadcast_to(problem.matrix, (i.size, n, m)).copy()
        mats[np.arange(i.size), i, j] = ends[i, j]
        scores = problem.batch(np.broadcast_to(problem.weights, (i.size, m)), mats)
        result[i, j] = scores[np.arange(i.size), i]
    return result
