"""The plain-language verdict: what a non-specialist should take away from an analysis.

One :class:`Verdict` is built from the analysis bundle and shown wherever a ranking is
shown (``gscore score`` and ``analyze``, the report's headline, notebooks 01 and 03, the
workbook's Results sheet, the JSON exports). Its wording follows documented rules:

Let *L* be the design ranked first at the lens's own weights and *R* the runner-up; let
``share(X)`` be the share of SMAA draws in which X is best (rank 1), and *M1*, *M2* the two
designs most often best.

========================  ==============================================================
level                     rule (checked in this order)
========================  ==============================================================
``clear``                 ``share(L) >= 0.80``
``likely``                ``share(L) >= 0.50``
``contested``             ``share(M1) + share(M2) >= 0.80``: two designs share the top
                          spot (whichever leads at the lens's weights)
``no robust winner``      otherwise: no design and no pair is best in most draws
========================  ==============================================================

The lead of *L* over *R* is "less than the uncertainty" when it is smaller than half the
width of either design's low-high score range (every judgment at its unfavourable /
favourable end; only methods whose score depends on a design's own row have such ranges).
With one design there is nothing to compare: the verdict says so.

The thresholds are module constants (:data:`CLEAR`, :data:`LIKELY`, :data:`PAIR`), and
``docs/glossary.md`` explains every term the outputs use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

if TYPE_CHECKING:
    from scoring.analysis.smaa import SmaaResult
    from scoring.problem import DecisionProblem
    from scoring.result import Result

__all__ = ["CLEAR", "LIKELY", "PAIR", "Verdict", "verdict"]

#: ``share(L)`` at or above which the leader is the clear choice.
CLEAR = 0.80
#: ``share(L)`` at or above which the leader is the likely choice.
LIKELY = 0.50
#: ``share(M1) + share(M2)`` at or above which two designs share a contested top spot.
PAIR = 0.80

Level = Literal["clear", "likely", "contested", "no robust winner", "single design"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """The verdict and the numbers behind it (design ids; ``text`` uses design names)."""

    level: Level
    text: str
    leader: str
    runner_up: str | None
    lead: float
    within_uncertainty: bool | None
    shares: dict[str, float] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def record(self) -> dict[str, Any]:
        """JSON-ready fields (the ``verdict`` field of the exports)."""
        return {
            "level": self.level,
            "text": self.text,
            "leader": self.leader,
            "runner_up": self.runner_up,
            "lead": self.lead,
            "lead_within_uncertainty": self.within_uncertainty,
            "best_shares": self.shares,
            "notes": list(self.notes),
        }


def _population(smaa: SmaaResult) -> str:
    if smaa.weights_mode == "dirichlet":
        return "of weightings drawn around the lens"
    if smaa.weights_mode in ("uniform", "ordinal"):
        return "of all possible weightings"
    return "of score draws at the lens's weights"


def verdict(problem: DecisionProblem, result: Result, smaa: SmaaResult) -> Verdict:
    """Build the verdict from the scores at the lens's weights and an SMAA-2 run of the same problem."""
    designs, names, _ = problem.labels()
    name = dict(zip(designs, names, strict=True))
    order = result.order()
    leader = designs[int(order[0])]
    notes = _notes(problem, result)
    if len(designs) == 1:
        return Verdict(
            "single design",
            f"Only one design ({name[leader]}) is left to rank.",
            leader,
            None,
            0.0,
            None,
            {leader: 1.0},
            notes,
        )
    runner = designs[int(order[1])]
    i, k = int(order[0]), int(order[1])
    lead = float(abs(result.scores[i] - result.scores[k]))
    within = None
    if result.score_low is not None and result.score_high is not None:
        widths = (result.score_high - result.score_low) / 2
        within = bool(lead < min(widths[i], widths[k]))
    shares = {designs[j]: float(smaa.acceptability[j, 0]) for j in range(len(designs))}
    ranked = sorted(designs, key=lambda d: (-shares[d], designs.index(d)))
    first, second = ranked[0], ranked[1]
    where = _population(smaa)
    digits = max(problem.digits, 2)  # a lead is a difference: show it one decimal finer than the scores
    lead_text = f"{lead:.{digits}f} points" if problem.scale != 1.0 else f"{lead:.{digits + 1}f}"
    margin = ""
    if within is not None:
        size = "less" if within else "more"
        margin = f", {size} than the uncertainty in either score"
    lens = f"the {problem.lens} lens's weights" if problem.lens else "these weights"
    share = shares[leader]
    if share >= CLEAR:
        level: Level = "clear"
        text = (
            f"{name[leader]} is the clear choice: first at {lens}, {lead_text} ahead of {name[runner]}{margin}, "
            f"and best in {share:.0%} {where}."
        )
    elif share >= LIKELY:
        level = "likely"
        rival = second if first == leader else first
        text = (
            f"{name[leader]} is the likely choice: first at {lens}, {lead_text} ahead of {name[runner]}{margin}; "
            f"best in {share:.0%} {where} ({name[rival]} in {shares[rival]:.0%})."
        )
    elif shares[first] + shares[second] >= PAIR:
        level = "contested"
        both = shares[first] + shares[second]
        text = (
            f"The top spot is contested: {name[leader]} leads {name[runner]} by {lead_text} at {lens}{margin}; "
            f"{name[first]} is best in {shares[first]:.0%} {where}, {name[second]} in {shares[second]:.0%}. "
            f"One of the two is best in {both:.0%} of draws."
        )
    else:
        level = "no robust winner"
        if first == leader:
            text = (
                f"No design is robustly best: {name[leader]} leads at {lens} by {lead_text}{margin}, but is "
                f"best in only {shares[first]:.0%} {where} ({name[second]} in {shares[second]:.0%})."
            )
        else:
            text = (
                f"No design is robustly best: {name[leader]} leads at {lens} by {lead_text}{margin}, but the "
                f"design most often best, {name[first]}, is best in only {shares[first]:.0%} {where} "
                f"({name[leader]} in {shares[leader]:.0%})."
            )
    return Verdict(level, text, leader, runner, lead, within, shares, notes)


def _notes(problem: DecisionProblem, result: Result) -> tuple[str, ...]:
    """Vetoes and method conditions the reader must know (VIKOR's compromise set)."""
    notes = []
    _, names, _ = problem.labels()
    for label, found in (("excluded", problem.vetoes.excluded), ("flagged", problem.vetoes.flagged)):
        for design, criteria in found:
            limits = ", ".join(f"{c} beyond {problem.vetoes.thresholds[c]:g}" for c in criteria)
            notes.append(f"{design} is vetoed ({label}): {limits}.")
    details = result.details
    if "compromise" in details:
        members = [names[i] for i in np.flatnonzero(np.asarray(details["compromise"]))]
        conditions = []
        if not details.get("acceptable_advantage", True):
            conditions.append(f"acceptable advantage fails (Q gap below DQ = {details['dq']:.3f})")
        if not details.get("acceptable_stability", True):
            conditions.append("acceptable stability fails (the first by Q is not first by S or R)")
        state = "; ".join(conditions) or "both conditions hold"
        notes.append(f"VIKOR compromise set: {', '.join(members)} ({state}).")
    return tuple(notes)
