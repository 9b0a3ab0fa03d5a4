r"""Lens comparison: rankings under every lens, how alike they are, and why they differ.

Rank correlations (all take two rank vectors of the same designs):

- :func:`spearman`: Spearman's :math:`\rho`, the Pearson correlation of the ranks
  (tied ranks replaced by their average, as in ``scipy.stats.spearmanr``);
- :func:`kendall_tau_b`: Kendall's :math:`\tau_b`,
  :math:`\sum_{i<j} \operatorname{sgn}(x_i - x_j) \operatorname{sgn}(y_i - y_j) /
  \sqrt{(n_0 - n_1)(n_0 - n_2)}` (Kendall 1945), as ``scipy.stats.kendalltau``;
- :func:`ws_coefficient`: the WS rank similarity coefficient of Sałabun and Urbaniak
  (2020, *A new coefficient of rankings similarity in decision-making problems*, ICCS
  2020, LNCS 12138:632-645),
  :math:`WS = 1 - \sum_i 2^{-x_i} |x_i - y_i| / \max(|x_i - 1|, |x_i - N|)`, where
  :math:`x` is the reference ranking: disagreements near the top weigh more. Not symmetric.

Disagreement drivers (:func:`disagreement`): let :math:`A` and :math:`B` be the designs
ranked best under lenses :math:`a` and :math:`b`, and :math:`v` the 0-100 value scores.
For criterion :math:`j`

.. math::

    d_j = (w^a_j - w^b_j)(v_{Aj} - v_{Bj}),
    \qquad \sum_j d_j = [S_a(A) - S_a(B)] + [S_b(B) - S_b(A)],

so the :math:`d_j` split the sum of the two lenses' winning margins (both >= 0) among
the criteria: a large positive :math:`d_j` is a criterion that lens :math:`a` weighs
more *and* on which its winner is better. When both lenses pick the same winner the
margins are zero; ``spread`` (the weight difference times the standard deviation of
the criterion's values across designs) then still shows where the lenses pull apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from scoring._types import FloatArray
from scoring.errors import InputError, InvalidMatrixError
from scoring.problem import DecisionProblem, Source, as_problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LensComparison", "compare_lenses", "disagreement", "kendall_tau_b", "spearman", "ws_coefficient"]


def _pair(x: npt.ArrayLike, y: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    a, b = np.asarray(x, dtype=np.float64).ravel(), np.asarray(y, dtype=np.float64).ravel()
    if a.size != b.size:
        raise InvalidMatrixError.at(
            "rankings", f"expected two rankings of the same designs (got {a.size} and {b.size})"
        )
    if a.size < 2:
        raise InvalidMatrixError.at("rankings", f"comparing rankings needs at least two designs (got {a.size})")
    return a, b


def _average_ranks(values: FloatArray) -> FloatArray:
    """Ranks 1..n with ties given their average rank (vectorised)."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.r_[True, ordered[1:] != ordered[:-1]]
    group = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    sizes = np.diff(np.r_[first, values.size])
    average = first + (sizes + 1) / 2.0
    ranks = np.empty(values.size)
    ranks[order] = average[group]
    return ranks


def spearman(x: npt.ArrayLike, y: npt.ArrayLike) -> float:
    """Spearman's rho (average ranks for ties); NaN if either ranking is constant."""
    a, b = _pair(x, y)
    ra, rb = _average_ranks(a) - 0.0, _average_ranks(b)
    ra, rb = ra - ra.mean(), rb - rb.mean()
    denominator = float(np.sqrt((ra * ra).sum() * (rb * rb).sum()))
    return float((ra * rb).sum() / denominator) if denominator > 0 else float("nan")


def kendall_tau_b(x: npt.ArrayLike, y: npt.ArrayLike) -> float:
    """Kendall's tau-b (ties in either ranking adjusted for); NaN if either is constant."""
    a, b = _pair(x, y)
    sa = np.sign(a[:, None] - a[None, :])
    sb = np.sign(b[:, None] - b[None, :])
    denominator = float(np.sqrt(np.abs(sa).sum() * np.abs(sb).sum()))
    return float((sa * sb).sum() / denominator) if denominator > 0 else float("nan")


def ws_coefficient(reference: npt.ArrayLike, other: npt.ArrayLike) -> float:
    """WS rank similarity of ``other`` to the ``reference`` ranking (1 = identical).

    Examples
    --------
    >>> ws_coefficient([1, 2, 3], [1, 2, 3])
    1.0
    >>> round(ws_coefficient([1, 2, 3], [3, 2, 1]), 4)
    0.375
    """
    x, y = _pair(reference, other)
    n = x.size
    reach = np.maximum(np.abs(x - 1.0), np.abs(x - n))
    return float(1.0 - np.sum(2.0 ** (-x) * np.abs(x - y) / reach))


@dataclass(frozen=True, slots=True, eq=False)
class LensComparison:
    """Rankings under every lens and their pairwise similarity.

    ``ranks`` and ``scores``: DataFrames indexed by design id, one column per lens.
    ``correlations``: one row per pair of lenses, columns ``lens_a``, ``lens_b``,
    ``spearman``, ``kendall_tau_b``, ``ws`` (lens_a as the reference), ``same_best``
    (empty with a single lens).
    """

    ranks: pd.DataFrame
    scores: pd.DataFrame
    correlations: pd.DataFrame
    method: str

    def to_frame(self) -> pd.DataFrame:
        """Ranks and scores side by side: ``design``, ``rank_<lens>``..., ``score_<lens>``..."""
        import pandas as pd

        frame = pd.concat([self.ranks.add_prefix("rank_"), self.scores.add_prefix("score_")], axis=1)
        return frame.rename_axis("design").reset_index()


def _scenario_problem(source: Source, method: str | None) -> DecisionProblem:
    problem = as_problem(source, None, method)
    if problem.scenario is None:
        raise InputError.at("source", "a lens comparison needs a scenario set (a problem from arrays has no lenses)")
    return problem


def compare_lenses(source: Source, method: str | None = None) -> LensComparison:
    """Score ``source`` under every lens of its scenario set and compare the rankings."""
    import pandas as pd

    problem = _scenario_problem(source, method)
    assert problem.scenario is not None
    results = {lens.id: problem.with_lens(lens.id).score(timestamp="-") for lens in problem.scenario.lenses}
    ids = list(problem.design_ids)
    ranks = pd.DataFrame({k: r.ranks for k, r in results.items()}, index=ids)
    scores = pd.DataFrame({k: r.scores for k, r in results.items()}, index=ids)
    rows = []
    for a, b in combinations(results, 2):
        x, y = results[a].ranks, results[b].ranks
        rows.append(
            {
                "lens_a": a,
                "lens_b": b,
                "spearman": spearman(x, y),
                "kendall_tau_b": kendall_tau_b(x, y),
                "ws": ws_coefficient(x, y),
                "same_best": results[a].best == results[b].best,
            }
        )
    columns = ["lens_a", "lens_b", "spearman", "kendall_tau_b", "ws", "same_best"]
    return LensComparison(ranks, scores, pd.DataFrame(rows, columns=columns), problem.method.name)


def disagreement(source: Source, lens_a: str, lens_b: str, method: str | None = None) -> pd.DataFrame:
    """Which criteria drive the disagreement between two lenses (see the module docstring).

    The winners are each lens's rank-1 design under ``method``; the split uses the
    additive model on the 0-100 value scores (exact for wsm; ``attrs["model"]`` says so).

    Columns: ``criterion``, ``weight_a``, ``weight_b``, ``weight_difference``,
    ``value_gap`` (winner of a minus winner of b, 0-100), ``driver`` (their product,
    in total points), ``share`` (of the summed drivers; 0 when the winners agree) and
    ``spread``; sorted by ``|driver|`` then ``|spread|``.
    """
    import pandas as pd

    problem = _scenario_problem(source, method)
    first, second = problem.with_lens(lens_a), problem.with_lens(lens_b)
    wa, wb = first.weights, second.weights
    values = problem.matrix  # the 0-100 value scores, whatever the method
    best_a = int(np.argmin(first.score(timestamp="-").ranks))
    best_b = int(np.argmin(second.score(timestamp="-").ranks))
    difference = wa - wb
    gap = values[best_a] - values[best_b]
    driver = difference * gap
    total = float(driver.sum())
    frame = pd.DataFrame(
        {
            "criterion": list(problem.criterion_ids),
            "weight_a": wa,
            "weight_b": wb,
            "weight_difference": difference,
            "value_gap": gap,
            "driver": driver,
            "share": driver / total if total > 0 else np.zeros_like(driver),
            "spread": difference * values.std(axis=0),
        }
    )
    frame.attrs.update(
        lens_a=first.lens,
        lens_b=second.lens,
        best_a=problem.design_ids[best_a],
        best_b=problem.design_ids[best_b],
        model="additive (wsm on 0-100 values)",
        method=problem.method.name,
    )
    key = np.lexsort((-np.abs(frame["spread"].to_numpy()), -np.abs(driver)))
    return frame.iloc[key].reset_index(drop=True)
