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

Before these rules: when the run drew nothing (weights fixed and every judgment at its
base), every draw is the same ranking and its shares say nothing; the level is then
``not assessed`` and the text says how to run a check, however large the lead.

The uncertainty in a score is half the width of its low-high range (every judgment at its
unfavourable / favourable end; only methods whose score depends on a design's own row have
such ranges). The lead of *L* over *R* is "less than the uncertainty in either score" when it
is smaller than both designs' uncertainties, "less than the uncertainty in X's score" when it
is smaller than one of them (X's), and "more than the uncertainty in either score" only when
it is at least as large as both. ``within_uncertainty`` is true in the first two cases.
With one design there is nothing to compare: the verdict says so.

The thresholds are module constants (:data:`CLEAR`, :data:`LIKELY`, :data:`PAIR`), and
``docs/glossary.md`` explains every term the outputs use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np

if TYPE_CHECKING:
    from scoring._types import FloatArray
    from scoring.problem import DecisionProblem
    from scoring.result import Result


class Draws(Protocol):
    """What the verdict reads from an SMAA run (:class:`~scoring.analysis.smaa.SmaaResult`, or the
    SMAA over combinations of :mod:`scoring.analysis.compose`): each design's share of draws at each
    rank (column 0: best), how weights were drawn and how judgments were."""

    @property
    def acceptability(self) -> FloatArray: ...

    @property
    def sampler(self) -> str: ...

    @property
    def distribution(self) -> str | None: ...


__all__ = ["CLEAR", "LIKELY", "PAIR", "Draws", "Verdict", "verdict"]

#: ``share(L)`` at or above which the leader is the clear choice.
CLEAR = 0.80
#: ``share(L)`` at or above which the leader is the likely choice.
LIKELY = 0.50
#: ``share(M1) + share(M2)`` at or above which two designs share a contested top spot.
PAIR = 0.80

Level = Literal["clear", "likely", "contested", "no robust winner", "not assessed", "single design"]


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


def _population(smaa: Draws, lens: str) -> str:
    """What a draw is, in a few words (a draw also moves each judgment within its range, if any)."""
    if smaa.sampler == "dirichlet":
        return "of draws around the lens"
    if smaa.sampler in ("uniform", "ordinal"):
        return "of draws over all weightings"
    return f"of draws of the judgments at {lens}"


def verdict(problem: DecisionProblem, result: Result, smaa: Draws, *, noun: str = "design") -> Verdict:
    """Build the verdict from the scores at the lens's weights and an SMAA-2 run of the same problem.

    ``noun`` is what is ranked ("combination" for :mod:`scoring.analysis.compose`).
    """
    designs, names, _ = problem.labels()
    order = result.order()
    leader = designs[int(order[0])]
    notes = _notes(problem, result)
    if len(designs) == 1:
        text = f"Only one {noun} ({names[0]}) is left to rank."
        return Verdict("single design", text, leader, None, 0.0, None, {leader: 1.0}, notes)
    facts = _facts(problem, result, smaa, noun)
    level: Level = "not assessed" if smaa.sampler == "fixed" and smaa.distribution is None else _level(facts)
    return Verdict(level, _WORDING[level](facts), leader, facts.runner, facts.lead, facts.within, facts.shares, notes)


@dataclass(frozen=True, slots=True)
class _Facts:
    """What the wording needs: ids, names, shares and the lead, already formatted."""

    name: dict[str, str]
    leader: str
    runner: str
    first: str
    second: str
    shares: dict[str, float]
    lead: float
    within: bool | None
    lead_text: str
    phrase: str
    lens: str
    where: str
    noun: str

    @property
    def margin(self) -> str:
        """The uncertainty phrase as a trailing clause (", less than ..."), empty without ranges."""
        return f", {self.phrase}" if self.phrase else ""


def _facts(problem: DecisionProblem, result: Result, smaa: Draws, noun: str) -> _Facts:
    designs, names, _ = problem.labels()
    i, k = (int(x) for x in result.order()[:2])
    lead = float(abs(result.scores[i] - result.scores[k]))
    within, phrase = None, ""
    if result.score_low is not None and result.score_high is not None:
        widths = (result.score_high - result.score_low) / 2
        if widths[i] > 0 or widths[k] > 0:  # no ranges given: say nothing about uncertainty
            within, phrase = _margin(lead, (names[i], float(widths[i])), (names[k], float(widths[k])))
    shares = {designs[j]: float(smaa.acceptability[j, 0]) for j in range(len(designs))}
    ranked = sorted(designs, key=lambda d: (-shares[d], designs.index(d)))
    # A lead of a few tenths matters on a 0-100 total: show two decimals there.
    lead_text = f"{lead:.{max(problem.digits, 2)}f} points" if problem.scale != 1.0 else f"{lead:.{problem.digits}f}"
    lens = f"the {problem.lens} lens's weights" if problem.lens else "these weights"
    return _Facts(
        name=dict(zip(designs, names, strict=True)),
        leader=designs[i],
        runner=designs[k],
        first=ranked[0],
        second=ranked[1],
        shares=shares,
        lead=lead,
        within=within,
        lead_text=lead_text,
        phrase=phrase,
        lens=lens,
        where=_population(smaa, lens),
        noun=noun,
    )


def _margin(lead: float, first: tuple[str, float], second: tuple[str, float]) -> tuple[bool, str]:
    """Whether the lead is within the uncertainty (half-width) of either score, and the words.

    "More than the uncertainty in either score" is said only when the lead exceeds both
    half-widths; a lead inside one design's range names that design.
    """
    if lead < min(first[1], second[1]):
        return True, "less than the uncertainty in either score"
    if lead < max(first[1], second[1]):
        wider = first if first[1] >= second[1] else second
        return True, f"less than the uncertainty in {wider[0]}'s score"
    return False, "more than the uncertainty in either score"


def _level(f: _Facts) -> Level:
    """The rules of the module docstring, in order."""
    if f.shares[f.leader] >= CLEAR:
        return "clear"
    if f.shares[f.leader] >= LIKELY:
        return "likely"
    if f.shares[f.first] + f.shares[f.second] >= PAIR:
        return "contested"
    return "no robust winner"


def _lead(f: _Facts) -> str:
    """The lead at the lens's weights, as a clause: with the caveat first when it is within the uncertainty.

    A leader best in most draws can still lead by less than a score's low-high range (the draws
    seldom put every judgment at its end): the wording then says "though", not "and", so that it
    never reads as a contradiction.
    """
    n = f.name
    if f.within:
        at = "" if f.lens in f.where else f" at {f.lens}"
        return f"though{at} its lead over {n[f.runner]}, {f.lead_text}, is {f.phrase}"
    return f"first at {f.lens}, {f.lead_text} ahead of {n[f.runner]}{f.margin}"


def _clear(f: _Facts) -> str:
    n = f.name
    best = f"best in {f.shares[f.leader]:.0%} {f.where}"
    if f.within:
        return f"{n[f.leader]} is the clear choice: {best}, {_lead(f)}."
    return f"{n[f.leader]} is the clear choice: {_lead(f)}, and {best}."


def _likely(f: _Facts) -> str:
    n = f.name
    rival = f.second if f.first == f.leader else f.first
    best = f"best in {f.shares[f.leader]:.0%} {f.where} ({n[rival]} in {f.shares[rival]:.0%})"
    if f.within:
        return f"{n[f.leader]} is the likely choice: {best}, {_lead(f)}."
    return f"{n[f.leader]} is the likely choice: {_lead(f)}; {best}."


def _contested(f: _Facts) -> str:
    n, s = f.name, f.shares
    return (
        f"The top spot is contested: {n[f.leader]} leads {n[f.runner]} by {f.lead_text} at {f.lens}{f.margin}; "
        f"{n[f.first]} is best in {s[f.first]:.0%} {f.where}, {n[f.second]} in {s[f.second]:.0%}. "
        f"One of the two is best in {s[f.first] + s[f.second]:.0%} of draws."
    )


def _no_winner(f: _Facts) -> str:
    n, s = f.name, f.shares
    start = f"No {f.noun} is robustly best: {n[f.leader]} leads at {f.lens} by {f.lead_text}{f.margin}, but "
    if f.first == f.leader:
        return start + f"is best in only {s[f.first]:.0%} {f.where} ({n[f.second]} in {s[f.second]:.0%})."
    return (
        start + f"the {f.noun} most often best, {n[f.first]}, is best in only {s[f.first]:.0%} {f.where} "
        f"({n[f.leader]} in {s[f.leader]:.0%})."
    )


def _not_assessed(f: _Facts) -> str:
    n = f.name
    return (
        f"{n[f.leader]} ranks first at {f.lens}, {f.lead_text} ahead of {n[f.runner]}{f.margin}; nothing was "
        "drawn (weights fixed, judgments at their base), so this run says nothing about how robust that is "
        "(draw the weights around the lens, or the judgments within their ranges)."
    )


_WORDING = {
    "clear": _clear,
    "likely": _likely,
    "contested": _contested,
    "no robust winner": _no_winner,
    "not assessed": _not_assessed,
}


def _notes(problem: DecisionProblem, result: Result) -> tuple[str, ...]:
    """Vetoes and method conditions the reader must know (VIKOR's compromise set)."""
    notes = []
    _, names, _ = problem.labels()
    costs = {c.id for c in problem.scenario.criteria if c.direction == "cost"} if problem.scenario else set()
    for label, found in (("excluded", problem.vetoes.excluded), ("flagged", problem.vetoes.flagged)):
        for design, criteria in found:
            limits = ", ".join(
                f"{c} {'above' if c in costs else 'below'} {problem.vetoes.thresholds[c]:g}" for c in criteria
            )
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
