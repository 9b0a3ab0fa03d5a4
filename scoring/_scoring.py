"""Scoring a :class:`~scoring.problem.DecisionProblem`: scores, ranks, contributions, ranges."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from scoring._types import FloatArray
from scoring.ranking import rank
from scoring.result import Result
from scoring.value_tree import membership

if TYPE_CHECKING:
    from scoring.problem import DecisionProblem

__all__ = ["score_problem"]


def score_problem(problem: DecisionProblem, *, timestamp: str | None = None, contributions: bool = True) -> Result:
    """Score and rank ``problem`` with its method (the one path behind every face).

    Linear methods add ``contributions`` (each criterion's share of each score, rows sum
    to the score) and, with a value tree, per-branch sums; separable methods (wsm on a
    fixed scale) add ``score_low``/``score_high``: the score with every judgment at the
    unfavourable / favourable end of its range.
    """
    spec = problem.method
    output = spec.score(problem.matrix, problem.weights, problem.directions, **problem.options)
    scores: FloatArray = np.asarray(output.scores, dtype=np.float64) * problem.scale
    details = dict(output.details)
    if problem.vetoed is not None:
        details["vetoed"] = problem.vetoed
    parts = problem.parts() if contributions else None
    shares = None if parts is None else parts * problem.weights * problem.scale
    low = high = None
    if spec.separable(problem.options):
        worst, best = problem.ends()
        low = spec.score(worst, problem.weights, problem.directions, **problem.options).scores * problem.scale
        high = spec.score(best, problem.weights, problem.directions, **problem.options).scores * problem.scale
    branches = problem.branch_ids if shares is not None and problem.criterion_branches else ()
    by_branch = None
    if branches and shares is not None:
        by_branch = shares @ membership(problem.criterion_branches, branches)
    return Result(
        scores=scores,
        ranks=rank(scores, higher_is_better=spec.higher_is_better),
        method=spec.name,
        higher_is_better=spec.higher_is_better,
        weights=problem.weights,
        design_ids=problem.design_ids,
        design_names=problem.design_names,
        criterion_ids=problem.criterion_ids,
        contributions=shares,
        values=problem.matrix if problem.scenario is not None else None,
        score_low=low,
        score_high=high,
        branch_ids=branches,
        branch_contributions=by_branch,
        details=details,
        lens=problem.lens,
        label=problem.label,
        digits=problem.digits,
        score_range=(spec.bounds[0] * problem.scale, spec.bounds[1] * problem.scale),
        vetoes=problem.vetoes,
        provenance=problem.provenance(timestamp=timestamp),
    )
