"""When does a design win? Scenario discovery with PRIM over SMAA draws.

SMAA (:mod:`scoring.analysis.smaa`) says *how often* a design is best when weights and
judgments vary; this module says *when*. :func:`draws` makes the same draws as SMAA with the
same settings and seed (the weight and score samplers of
:mod:`scoring.analysis._smaa_sampling`, the problem's batch kernel, :func:`scoring.rank`) and
keeps them: every draw's weights, every varying judgment, and every design's rank.
:func:`discover` marks the draws in which the design is best (or in the top ``top``) and runs
PRIM (:mod:`scoring.analysis._prim`) on the weights and the design's own judgments (or every
varying judgment, ``inputs="all"``), giving the peeling
trajectory (coverage against density) and a box, stated in plain words::

    hybrid_troops_air_pledge is best in 81% of draws where the weight of deterrence
    credibility >= 0.15 and hybrid_troops_air_pledge's US participation >= 55; that covers
    64% of the draws where it is best.

Density is the share of draws in the box where the design wins; coverage the share of all
its wins that fall in the box. Judgments are stated on their own scale (a cost criterion as
its level); weights as normalised shares (0-1).

The default box is the first on the trajectory whose density reaches ``threshold`` (0.8): the
largest box, so the one covering most wins, that meets the density asked for (the last box
on the trajectory is the densest but covers least). The chosen box is then pasted and
stripped of restrictions the draws do not support (see :mod:`scoring.analysis._prim`);
``box=`` picks another box of the trajectory.

Memory: draws are kept, so their number is capped: ``samples x (criteria + varying
judgments + designs)`` may not exceed :data:`MAX_STORED` numbers (160 MB of float64); draws
are made chunk by chunk within ``settings.memory_budget`` as in SMAA.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from scoring._types import BoolArray, FloatArray, IntArray
from scoring.analysis._prim import Box, Trajectory, paste, peel, simplify
from scoring.analysis._smaa_kernel import per_sample_bytes
from scoring.analysis._smaa_sampling import SCORES, Stream, matrix_sampler, weight_sampler
from scoring.analysis.settings import DEFAULT_SMAA, SmaaSettings
from scoring.errors import InputError, unknown_name
from scoring.problem import DecisionProblem, Source, as_problem
from scoring.ranking import rank

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["INPUTS", "MAX_STORED", "Discovery", "Draws", "discover", "draws"]

#: What PRIM may state conditions on (see :func:`discover`).
INPUTS = ("design", "all", "weights")

#: The most numbers :func:`draws` keeps (weights, judgments and ranks of every draw).
MAX_STORED = 20_000_000


@dataclass(frozen=True, slots=True, eq=False)
class Draws:
    """SMAA draws, kept: ``weights`` (S, m), ``cells`` (S, c) the varying judgments, ``ranks`` (S, n).

    ``where`` (c, 2) gives each varying judgment's (design, criterion) index; judgments are
    the problem's values (a scenario set's cost criteria as 100 - level).
    """

    weights: FloatArray
    cells: FloatArray
    ranks: IntArray
    where: IntArray
    settings: SmaaSettings
    sampler: str


def draws(problem: DecisionProblem, settings: SmaaSettings | None = None, **changes: Any) -> Draws:
    """The SMAA draws of ``problem`` (same settings and seed, same draws as :func:`~scoring.analysis.smaa.smaa`).

    Raises
    ------
    InputError
        More than :data:`MAX_STORED` numbers would be kept.
    """
    chosen = (settings or DEFAULT_SMAA).evolve(**changes)
    n, m = problem.matrix.shape
    varying = problem.varies if chosen.distribution is not None else np.zeros((n, m), dtype=bool)
    where = np.argwhere(varying)
    per_draw = m + len(where) + n
    if chosen.samples * per_draw > MAX_STORED:
        most = MAX_STORED // per_draw
        raise InputError.at(
            "samples", f"discovery keeps every draw: at most {most:,} draws here (got {chosen.samples:,})"
        )
    entropy = int(np.random.SeedSequence(chosen.seed).entropy)  # type: ignore[arg-type]
    order = [(problem.criterion_ids.index(a), problem.criterion_ids.index(b)) for a, b in chosen.order]
    draw_weights, mode = weight_sampler(problem.weights, chosen, order, entropy)
    distribution = chosen.distribution if varying.any() else None
    draw_matrices = matrix_sampler(problem, varying, distribution, Stream(entropy, SCORES))
    chunk = chosen.chunk_size or max(
        1, chosen.memory_budget // per_sample_bytes(problem.method, n, m, bool(varying.any()))
    )
    weights = np.empty((chosen.samples, m))
    cells = np.empty((chosen.samples, len(where)))
    ranks = np.empty((chosen.samples, n), dtype=np.int64)
    done = 0
    while done < chosen.samples:
        k = min(chunk, chosen.samples - done)
        sampled = draw_weights(k)
        matrices = draw_matrices(k)
        ranks[done : done + k] = rank(
            problem.batch(sampled, matrices), higher_is_better=problem.method.higher_is_better
        )
        weights[done : done + k] = sampled
        if len(where):
            cells[done : done + k] = matrices[:, varying]
        done += k
    return Draws(weights, cells, ranks, where, chosen, mode)


@dataclass(frozen=True, slots=True, eq=False)
class Discovery:
    """Where a design wins: the trajectory, the chosen box and its statement in words.

    Attributes
    ----------
    inputs : tuple of str
        Names of PRIM's inputs (weights, then varying judgments).
    trajectory : Trajectory
        The peeling trajectory (``boxes[0]``: every draw).
    chosen : int
        Index of the trajectory box that was picked.
    box : Box
        That box after pasting and dropping restrictions that do not matter.
    cost, spans : tuple
        Per input: whether it is a cost criterion's judgment (stated as a level), and the
        range the draws covered, on the stated scale.
    share : float
        Share of all draws in which the design wins.
    statement : str
        The box in plain words.
    """

    design: str
    top: int
    inputs: tuple[str, ...]
    trajectory: Trajectory
    chosen: int
    box: Box
    share: float
    statement: str
    conditions: tuple[str, ...]
    settings: SmaaSettings
    cost: tuple[bool, ...] = ()
    spans: tuple[tuple[float, float], ...] = ()
    provenance: dict[str, Any] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """The peeling trajectory, one box a row (the table ``gscore discover`` prints)."""
        return self.trajectory_frame()

    def trajectory_frame(self) -> pd.DataFrame:
        """``box, coverage, density, mass, restricted`` for every box of the trajectory."""
        import pandas as pd

        return pd.DataFrame(
            {
                "box": range(len(self.trajectory.boxes)),
                "coverage": [b.coverage for b in self.trajectory.boxes],
                "density": [b.density for b in self.trajectory.boxes],
                "mass": [b.mass for b in self.trajectory.boxes],
                "restricted": [int(b.restricted.size) for b in self.trajectory.boxes],
            }
        )

    def box_frame(self) -> pd.DataFrame:
        """The chosen box: ``input, lower, upper`` for each restricted input (shown scale)."""
        import pandas as pd

        rows = [(self.inputs[j], *self._shown(j)) for j in self.box.restricted]
        return pd.DataFrame(rows, columns=["input", "lower", "upper"])

    def document(self) -> dict[str, Any]:
        """Everything as plain JSON-ready data (the CLI's ``--format json`` and ``.json`` export)."""
        from scoring._json import plain

        document: dict[str, Any] = plain(
            {
                "provenance": self.provenance,
                "design": self.design,
                "top": self.top,
                "statement": self.statement,
                "share": self.share,
                "chosen": self.chosen,
                "box": {
                    "coverage": self.box.coverage,
                    "density": self.box.density,
                    "mass": self.box.mass,
                    "conditions": list(self.conditions),
                    "limits": self.box_frame().to_dict(orient="records"),
                },
                "trajectory": self.trajectory_frame().to_dict(orient="records"),
            },
            digits=6,
        )
        return document

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables of an XLSX export: the chosen box, the trajectory, the statement."""
        import pandas as pd

        statement = pd.DataFrame({"design": [self.design], "top": [self.top], "statement": [self.statement]})
        return {"Box": self.box_frame(), "Trajectory": self.trajectory_frame(), "Statement": statement}

    def _shown(self, j: int) -> tuple[float | None, float | None]:
        low, high = float(self.box.lower[j]), float(self.box.upper[j])
        if self.cost[j]:
            low, high = 100.0 - high, 100.0 - low
        return (low if np.isfinite(low) else None, high if np.isfinite(high) else None)


def _inputs(problem: DecisionProblem, where: IntArray) -> tuple[list[str], list[bool], list[int]]:
    """Names of the inputs, whether each is a cost criterion's judgment, and its decimals."""
    designs, _names, criteria = problem.labels()
    named = dict(zip(criteria, problem.criterion_names or criteria, strict=True))
    names = [f"the weight of {named[c]}" for c in criteria]
    cost = [False] * len(criteria)
    digits = [2] * len(criteria)
    scenario = problem.scenario
    signs = {c.id: c.sign for c in scenario.criteria} if scenario is not None else {}
    for i, j in where:
        names.append(f"{designs[i]}'s {named[criteria[j]]}")
        cost.append(signs.get(criteria[j], 1) < 0)
        digits.append(0)
    return names, cost, digits


def _condition(name: str, low: float | None, high: float | None, digits: int) -> str:
    if low is not None and high is not None:
        return f"{name} is between {low:.{digits}f} and {high:.{digits}f}"
    if low is not None:
        return f"{name} >= {low:.{digits}f}"
    return f"{name} <= {high:.{digits}f}"


def discover(
    source: Source,
    design: str,
    settings: SmaaSettings | None = None,
    *,
    lens: str | None = None,
    method: str | None = None,
    options: Mapping[str, Any] | None = None,
    top: int = 1,
    box: int | None = None,
    threshold: float = 0.8,
    alpha: float = 0.05,
    min_mass: float = 0.05,
    significance: float = 0.05,
    inputs: str = "design",
    timestamp: str | None = None,
    **changes: Any,
) -> Discovery:
    """The conditions under which ``design`` is best (or in the top ``top``); see the module docstring.

    ``threshold`` picks the default box, ``alpha`` is PRIM's peeling (and pasting) share,
    ``min_mass`` the smallest box, ``significance`` the level at which a condition must be
    supported by the draws to be kept; ``inputs`` what PRIM may state conditions on:
    ``"design"`` (the weights and the design's own judgments, the default), ``"all"`` (every
    varying judgment too) or ``"weights"`` (the other judgments still vary in the draws);
    ``options`` are the method's options (``{"offset": 2}`` for wpm; ``gscore discover --option``);
    ``**changes`` override SMAA settings (``samples=20_000``, ``weight_mode="uniform"``).
    """
    problem = as_problem(source, lens, method, **(options or {}))
    designs, _names, _criteria = problem.labels()
    if design not in designs:
        raise unknown_name("design", "design", design, designs)
    _check_arguments(len(designs), top, threshold, alpha, min_mass, significance, inputs)
    found = draws(problem, settings, **changes)
    row = designs.index(design)
    wins = (found.ranks[:, row] <= top).astype(np.float64)
    keep = found.where[:, 0] == row if inputs == "design" else np.full(len(found.where), inputs == "all")
    x = np.hstack([found.weights, found.cells[:, keep]])
    names, cost, digits = _inputs(problem, found.where[keep])
    moving: BoolArray = x.max(axis=0) > x.min(axis=0)
    trajectory = peel(x[:, moving], wins, alpha=alpha, min_mass=min_mass)
    full = Trajectory(tuple(_widen(b, moving) for b in trajectory.boxes))
    boxes = full.boxes
    if box is None:
        reached = [i for i, b in enumerate(boxes) if b.density >= threshold]
        chosen = reached[0] if reached else max(range(len(boxes)), key=lambda i: (boxes[i].density, -i))
    elif isinstance(box, bool) or not isinstance(box, int) or not 0 <= box < len(boxes):
        raise InputError.at("box", f"expected a box number from 0 to {len(boxes) - 1} (got {box!r})")
    else:
        chosen = box
    final = simplify(x, wins, paste(x, wins, boxes[chosen], alpha=alpha), significance=significance)
    record = problem.provenance(
        timestamp=timestamp, **found.settings.record(), design=design, top=top, box=chosen, inputs=inputs
    )
    share = float(wins.mean())
    low, high = x.min(axis=0), x.max(axis=0)
    spans = tuple(
        (100.0 - float(b), 100.0 - float(a)) if c else (float(a), float(b))
        for a, b, c in zip(low, high, cost, strict=True)
    )
    result = Discovery(
        design, top, tuple(names), full, chosen, final, share, "", (), found.settings, tuple(cost), spans, record
    )
    conditions = tuple(_condition(names[j], *result._shown(j), digits[j]) for j in final.restricted)
    statement = _statement(design, top, conditions, final, wins)
    return dataclasses.replace(result, statement=statement, conditions=conditions)


def _check_arguments(
    n: int, top: object, threshold: float, alpha: float, min_mass: float, significance: float, inputs: str
) -> None:
    """Refuse a ``top`` outside 1..n, a share outside its range, or unknown ``inputs``."""
    if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= n:
        raise InputError.at("top", f"expected a whole number from 1 to {n} (got {top!r})")
    checks = (
        ("threshold", threshold, 1.0),
        ("alpha", alpha, 0.5),
        ("min_mass", min_mass, 1.0),
        ("significance", significance, 1.0),
    )
    for name, value, most in checks:
        if not (isinstance(value, (int, float)) and 0 < value <= most) or (value == most and name != "threshold"):
            raise InputError.at(
                name,
                f"expected a number above 0 and {'at most' if name == 'threshold' else 'below'} {most:g} "
                f"(got {value!r})",
            )
    if inputs not in INPUTS:
        raise InputError.at("inputs", f"expected one of {', '.join(INPUTS)} (got {inputs!r})")


def _statement(design: str, top: int, conditions: tuple[str, ...], final: Box, wins: FloatArray) -> str:
    """The chosen box in plain words (or that the design never wins, or that nothing narrows it)."""
    share = float(wins.mean())
    goal = "best" if top == 1 else f"in the top {top}"
    where = " and ".join(conditions)
    overall = f"it is {goal} in {share:.0%} of all {len(wins):,} draws"
    if not wins.any():
        statement = (
            f"{design} is {goal} in none of the {len(wins):,} draws: there is no region where it is, "
            "so no box describes one."
        )
    elif conditions:
        statement = (
            f"{design} is {goal} in {final.density:.0%} of draws where {where}; that covers "
            f"{final.coverage:.0%} of the draws where it is {goal} ({overall})."
        )
    else:
        statement = (
            f"{design} is {goal} in {final.density:.0%} of all {len(wins):,} draws; no condition narrows it down."
        )
    return statement


def _widen(box: Box, moving: BoolArray) -> Box:
    """A box over the moving inputs, as a box over every input (constant inputs unrestricted)."""
    lower, upper = np.full(moving.size, -np.inf), np.full(moving.size, np.inf)
    lower[moving], upper[moving] = box.lower, box.upper
    return Box(lower, upper, box.coverage, box.density, box.mass, box.count)
