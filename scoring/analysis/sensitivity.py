r"""One-way weight sensitivity: sweep one criterion's weight, rescale the others.

For criterion :math:`j` the weight moves along :math:`t \in [0, 1]` and the others keep
their proportions:

.. math::

    w_j(t) = t, \qquad w_k(t) = w_k \frac{1 - t}{1 - w_j} \quad (k \ne j).

(If :math:`w_j = 1` the others share :math:`1 - t` equally.) The current weights are
the point :math:`t = w_j`, where every score equals :func:`scoring.score`'s.

Linear methods (wsm, PROMETHEE II: the score is ``parts @ weights``): each score is
linear in :math:`t`, :math:`S_i(t) = a_i + b_i t`, so designs :math:`i` and :math:`k` swap
at :math:`t = (a_k - a_i) / (b_i - b_k)`: crossover weights are *exact*.

Other methods: the scores are evaluated on a grid (``points``, plus the current weight)
with the method's batch kernel, and every change found is refined by bisection to about
``1e-12``. A change that starts and ends between two grid points can be missed; raise
``points`` for peace of mind. A score difference that is exactly 0 at a grid point (a
symmetric problem at ``t = 0.5``) is a swap when the signs on either side differ.

Rank 1 and ties follow :func:`scoring.rank` (a tied best still counts as best; among
tied designs the first in design order leads).

Pairwise swaps (:attr:`SensitivityResult.rank_changes`) are listed for up to
:data:`MAX_PAIRWISE_DESIGNS` designs, and for the grid-evaluated methods only while their
worst case (every pair crossing on every criterion, each crossing refined by bisection)
stays within :data:`MAX_PAIRWISE_CELLS` working cells; beyond that only the changes of
the best design. Crossings are refined a block of pairs at a time, so memory stays
within ``memory_cells`` whatever the number of pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from scoring._types import FloatArray, IntArray
from scoring.analysis.settings import SensitivitySettings
from scoring.limits import check_analysis_size, check_work
from scoring.problem import DecisionProblem, Source, as_problem
from scoring.ranking import rank

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MAX_PAIRWISE_CELLS", "MAX_PAIRWISE_DESIGNS", "SensitivityResult", "sensitivity", "weights_along"]

#: Pairwise swaps are listed up to this many designs (their number grows as designs squared).
MAX_PAIRWISE_DESIGNS = 200
#: Worst-case working cells of the pairwise swaps of a grid-evaluated method (a few seconds).
MAX_PAIRWISE_CELLS = 300_000_000
_BLOCK_CELLS = 8_000_000  # working cells of one block of bisections (64 MB)
_BISECTIONS = 42  # halves a grid step of 1/200 to below 1e-14
_EDGE = 1e-12


def weights_along(weights: FloatArray, j: int, t: FloatArray) -> FloatArray:
    """Weight vectors (len(t), m) with criterion ``j`` at each ``t``, the others in proportion.

    At ``t == weights[j]`` the row is ``weights`` exactly.
    """
    m = weights.size
    rest = np.delete(weights, j)
    share = rest / rest.sum() if rest.sum() > 0 else np.full(m - 1, 1.0 / max(m - 1, 1))
    out = np.empty((t.size, m))
    out[:, j] = t
    out[:, np.arange(m) != j] = (1.0 - t)[:, None] * share
    out[t == weights[j]] = weights
    return out


@dataclass(frozen=True, slots=True, eq=False)
class SensitivityResult:
    """Per criterion, the weight interval in which the current best design stays best.

    Attributes
    ----------
    problem : DecisionProblem
        What was analysed (its weights are the current weights).
    best : int
        Index of the current best design (``scoring.score``'s rank 1).
    lower, upper : ndarray (m,)
        The stay-best interval of each criterion's weight.
    below, above : ndarray of int (m,)
        The design best just below ``lower`` / above ``upper`` (-1: none, the edge is 0 or 1).
    leader_changes : DataFrame
        Every weight at which the best design changes: ``criterion``, ``weight``,
        ``before``, ``after`` (design ids) and ``score`` (the two designs' score there).
    rank_changes : DataFrame
        Every weight at which two designs swap order: ``criterion``, ``weight``,
        ``ahead_below``, ``ahead_above`` (complete up to :data:`MAX_PAIRWISE_DESIGNS`).
    exact : bool
        True for linear methods (closed form); False for grid plus bisection.
    points : int
        Grid points of the sweep.
    """

    problem: DecisionProblem
    best: int
    lower: FloatArray
    upper: FloatArray
    below: IntArray
    above: IntArray
    leader_changes: pd.DataFrame
    rank_changes: pd.DataFrame
    exact: bool
    points: int

    @property
    def method(self) -> str:
        """Registry name of the method."""
        return self.problem.method.name

    @property
    def best_id(self) -> str:
        """Id of the current best design."""
        return self.problem.labels()[0][self.best]

    def to_frame(self) -> pd.DataFrame:
        """``criterion, weight, lower, upper, best, below, above``: one row per criterion."""
        import pandas as pd

        designs, _, criteria = self.problem.labels()
        return pd.DataFrame(
            {
                "criterion": list(criteria),
                "weight": self.problem.weights,
                "lower": self.lower,
                "upper": self.upper,
                "best": designs[self.best],
                "below": ["" if i < 0 else designs[i] for i in self.below],
                "above": ["" if i < 0 else designs[i] for i in self.above],
            }
        )

    def sweep(self, criterion: int | str) -> tuple[FloatArray, FloatArray]:
        """Grid ``t`` (with the current weight in it) and the scores (len(t), n) along one sweep.

        Scores are in display units (``problem.scale``: wsm totals 0-100 on a scenario set).
        """
        j = _criterion_index(self.problem, criterion)
        t = _grid(self.points, float(self.problem.weights[j]))
        return t, _scores_along(self.problem, j, t) * self.problem.scale


def sensitivity(
    source: Source,
    settings: SensitivitySettings | None = None,
    *,
    lens: str | None = None,
    method: str | None = None,
    **changes: Any,
) -> SensitivityResult:
    """Stay-best intervals, leader changes and pairwise swaps for every criterion's weight.

    Examples
    --------
    >>> problem = DecisionProblem.from_arrays([[1.0, 0.0], [0.0, 1.0]], [0.6, 0.4])
    >>> result = sensitivity(problem)
    >>> result.lower.round(3).tolist(), result.upper.round(3).tolist()
    ([0.5, 0.0], [1.0, 0.5])
    """
    problem = as_problem(source, lens, method)
    chosen = SensitivitySettings(**{"points": (settings or SensitivitySettings()).points, **changes})
    check_analysis_size(problem.n_designs, problem.n_criteria, "the sensitivity analysis", problem.origin or "source")
    check_work(sweep_cells(problem, chosen.points), f"the sensitivity sweeps of {problem.method.name}")
    best = int(np.argmin(problem.score().ranks))
    m = problem.n_criteria
    lower, upper = np.zeros(m), np.ones(m)
    below, above = np.full(m, -1), np.full(m, -1)
    rows: list[tuple[int, float, int, int]] = []
    for j in range(m):  # m criteria; each sweep is vectorised over the grid and the designs
        changes_j = _leader_changes(problem, j, chosen.points)
        rows.extend((j, at, before, after) for at, before, after in changes_j)
        current = float(problem.weights[j])
        left = [(at, before) for at, before, _ in changes_j if at < current]
        right = [(at, after) for at, _, after in changes_j if at > current]
        if left:
            lower[j], below[j] = left[-1]
        if right:
            upper[j], above[j] = right[0]
    return SensitivityResult(
        problem=problem,
        best=best,
        lower=lower,
        upper=upper,
        below=below,
        above=above,
        leader_changes=_leader_frame(problem, rows),
        rank_changes=_pairwise(problem, chosen.points),
        exact=problem.method.linear,
        points=chosen.points,
    )


# ---------------------------------------------------------------------- sweeps


def _criterion_index(problem: DecisionProblem, criterion: int | str) -> int:
    from scoring.errors import UnknownNameError

    _, _, criteria = problem.labels()
    if isinstance(criterion, str):
        if criterion not in criteria:
            raise UnknownNameError.at(
                "criterion", f"unknown criterion {criterion!r}; expected one of: " + ", ".join(criteria)
            )
        return criteria.index(criterion)
    return int(criterion)


def _grid(points: int, current: float) -> FloatArray:
    return np.unique(np.append(np.linspace(0.0, 1.0, points), current))


def _lines(problem: DecisionProblem, j: int) -> tuple[FloatArray, FloatArray]:
    """Linear methods: intercepts and slopes (n,) of every score along criterion j's sweep."""
    parts = problem.parts()
    assert parts is not None
    at_zero = weights_along(problem.weights, j, np.array([0.0]))[0]
    intercepts = parts @ at_zero
    return intercepts, parts[:, j] - intercepts


def _scores_along(problem: DecisionProblem, j: int, t: FloatArray) -> FloatArray:
    """Raw scores (len(t), n) along criterion j's sweep; exactly score()'s at the current weight."""
    vectors = weights_along(problem.weights, j, t)
    if problem.method.linear:
        a, b = _lines(problem, j)
        scores: FloatArray = a[None, :] + t[:, None] * b[None, :]
    else:
        scores = problem.batch(vectors)
    here = t == problem.weights[j]
    if here.any():  # the current point is scored as score() scores it
        spec = problem.method
        scores[here] = spec.score(problem.matrix, problem.weights, problem.directions, **problem.options).scores
    return scores


def _leaders(problem: DecisionProblem, scores: FloatArray) -> IntArray:
    leaders: IntArray = np.argmin(rank(scores, higher_is_better=problem.method.higher_is_better), axis=-1)
    return leaders


def _leader_changes(problem: DecisionProblem, j: int, points: int) -> list[tuple[float, int, int]]:
    """(weight, leader before, leader after) for each change of the best design along criterion j."""
    t = _grid(points, float(problem.weights[j]))
    leaders = _leaders(problem, _scores_along(problem, j, t))
    steps = np.flatnonzero(leaders[:-1] != leaders[1:])
    if steps.size == 0:
        return []
    left, right = t[steps].copy(), t[steps + 1].copy()
    first = leaders[steps]
    for _ in range(_BISECTIONS):  # every change on this sweep at once
        mid = 0.5 * (left + right)
        still = _leaders(problem, _scores_along(problem, j, mid)) == first
        left, right = np.where(still, mid, left), np.where(still, right, mid)
    after = _leaders(problem, _scores_along(problem, j, right))
    at = right
    if problem.method.linear:  # snap to the exact crossing of the two leaders' lines
        a, b = _lines(problem, j)
        slope = b[first] - b[after]
        exact = np.divide(a[after] - a[first], slope, out=right.copy(), where=slope != 0)
        at = np.where(np.abs(exact - right) <= 1e-9, exact, right)
    inside = (at > _EDGE) & (at < 1.0 - _EDGE)  # a tie exactly at t = 0 or 1 is not a change inside the sweep
    found = zip(at, first, after, inside, strict=True)
    return [(float(x), int(p), int(q)) for x, p, q, keep in found if p != q and keep]


def _leader_frame(problem: DecisionProblem, rows: list[tuple[int, float, int, int]]) -> pd.DataFrame:
    import pandas as pd

    designs, _, criteria = problem.labels()
    scores = []
    for j, at, before, _ in rows:
        value = _scores_along(problem, j, np.array([at]))[0, before] * problem.scale
        scores.append(float(value))
    return pd.DataFrame(
        {
            "criterion": [criteria[j] for j, *_ in rows],
            "weight": [at for _, at, _, _ in rows],
            "before": [designs[b] for *_, b, _ in rows],
            "after": [designs[a] for *_, a in rows],
            "score": scores,
        },
        columns=["criterion", "weight", "before", "after", "score"],
    )


# ---------------------------------------------------------------------- pairwise swaps


def _pairwise(problem: DecisionProblem, points: int) -> pd.DataFrame:
    """Every weight at which two designs swap order (exact for linear methods)."""
    import pandas as pd

    designs, _, criteria = problem.labels()
    n = problem.n_designs
    found: list[tuple[int, float, int, int]] = []
    if 2 <= n <= MAX_PAIRWISE_DESIGNS and pairwise_cells(problem, points) <= MAX_PAIRWISE_CELLS:
        for j in range(problem.n_criteria):  # one criterion at a time bounds memory to (grid, n, n)
            found.extend(_swaps_exact(problem, j) if problem.method.linear else _swaps_numeric(problem, j, points))
    frame = pd.DataFrame(
        {
            "criterion": [criteria[j] for j, *_ in found],
            "weight": [at for _, at, _, _ in found],
            "ahead_below": [designs[x] for *_, x, _ in found],
            "ahead_above": [designs[y] for *_, y in found],
        },
        columns=["criterion", "weight", "ahead_below", "ahead_above"],
    )
    return frame.sort_values(["criterion", "weight"], kind="stable").reset_index(drop=True)


def pairwise_cells(problem: DecisionProblem, points: int) -> int:
    """Worst-case working cells of the pairwise swaps (0 for the exact, linear methods)."""
    if problem.method.linear:
        return 0
    n, m = (int(size) for size in problem.matrix.shape)
    cells = int(problem.method.sample_cells(n, m, False))
    return m * (points + _BISECTIONS * n * (n - 1) // 2) * cells


def sweep_cells(problem: DecisionProblem, points: int) -> int:
    """Working cells of the leader sweeps (grid and bisections), for the analysis budget."""
    n, m = (int(size) for size in problem.matrix.shape)
    cells = int(problem.method.sample_cells(n, m, False))
    pairwise = pairwise_cells(problem, points)
    listed = pairwise <= MAX_PAIRWISE_CELLS and n <= MAX_PAIRWISE_DESIGNS
    return m * (points + 2 * _BISECTIONS) * cells + (pairwise if listed else 0)


def _swaps_exact(problem: DecisionProblem, j: int) -> list[tuple[int, float, int, int]]:
    a, b = _lines(problem, j)
    sign = 1.0 if problem.method.higher_is_better else -1.0
    da, db = a[:, None] - a[None, :], b[:, None] - b[None, :]  # i minus k
    with np.errstate(divide="ignore", invalid="ignore"):
        t = -da / db
    hit = np.triu(np.ones(da.shape, dtype=bool), 1) & (db != 0) & (t > 0) & (t < 1)
    i, k = np.nonzero(hit)
    i_ahead_below = db[i, k] * sign < 0  # d(t) = da + db t changes sign at the swap
    return [
        (j, float(t[x, y]), int(x if f else y), int(y if f else x)) for x, y, f in zip(i, k, i_ahead_below, strict=True)
    ]


def _swaps_numeric(problem: DecisionProblem, j: int, points: int) -> list[tuple[int, float, int, int]]:
    n = problem.n_designs
    sign = 1.0 if problem.method.higher_is_better else -1.0
    t = np.linspace(0.0, 1.0, points)
    curves = _scores_along(problem, j, t)
    i, k = np.triu_indices(n, 1)
    signs = np.sign((curves[:, i] - curves[:, k]) * sign)  # (grid, pairs): +1 when i is ahead
    # Carry the last non-zero sign forward: a difference of exactly 0 at a grid point is a
    # swap when the signs on its two sides differ.
    last = np.where(signs != 0, np.arange(t.size)[:, None], -1)
    np.maximum.accumulate(last, axis=0, out=last)
    carried = np.where(last >= 0, np.take_along_axis(signs, np.maximum(last, 0), axis=0), 0.0)
    g, pair = np.nonzero(carried[:-1] * signs[1:] < 0)
    left, right = t[last[g, pair]], t[g + 1]
    start = carried[g, pair] > 0
    x, y = i[pair], k[pair]
    block = max(1, _BLOCK_CELLS // max(1, problem.method.sample_cells(n, problem.n_criteria, False)))
    for lo in range(0, pair.size, block):  # blocks of crossings, each refined at once
        part = slice(lo, lo + block)
        rows = np.arange(min(pair.size, lo + block) - lo)
        for _ in range(_BISECTIONS):
            mid = 0.5 * (left[part] + right[part])
            s = _scores_along(problem, j, mid)
            same = ((s[rows, x[part]] - s[rows, y[part]]) * sign > 0) == start[part]
            left[part], right[part] = np.where(same, mid, left[part]), np.where(same, right[part], mid)
    at = 0.5 * (left + right)
    return [(j, float(w), int(p if f else q), int(q if f else p)) for w, p, q, f in zip(at, x, y, start, strict=True)]
