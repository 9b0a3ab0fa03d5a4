"""Frozen domain types: criteria with their evidence, designs, scores, lenses, scenario sets.

Everything here is immutable; change a value by making a new one with
:func:`dataclasses.replace` (a sensitivity run is just many evolved scenario sets).
Criteria, designs, scores and their evidence are defined in ``scoring._model_base`` and
re-exported here.

Examples
--------
>>> import scoring
>>> article = scoring.load()
>>> article.criterion_ids[:2]
('deterrence_credibility', 'commitment_bindingness')
>>> article.matrix().shape == (len(article.designs), len(article.criteria))
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

import numpy as np
import numpy.typing as npt

from scoring._model_base import (
    GROUNDING_LEVELS,
    Branch,
    Confidence,
    Criterion,
    Design,
    Direction,
    Evidence,
    Grounding,
    Score,
)
from scoring._types import FloatArray
from scoring.errors import InvalidWeightsError, UnknownNameError, unknown_name

__all__ = [
    "GROUNDING_LEVELS",
    "UNRANGED_WIDENING",
    "Analysts",
    "Branch",
    "CombineRule",
    "Component",
    "Composition",
    "Confidence",
    "Constraint",
    "Criterion",
    "Design",
    "Direction",
    "Evidence",
    "Grounding",
    "Interaction",
    "Lens",
    "ScenarioSet",
    "Score",
    "Source",
]

#: Half-width, in points of the 0-100 scale, by which analyses widen a judgment given
#: without a range (``low == base == high``), by grounding level; clipped to the scale.
#: Applied where a scenario set becomes a problem (:class:`scoring.problem.DecisionProblem`).
UNRANGED_WIDENING: Mapping[Grounding, float] = MappingProxyType({"quoted": 0.0, "inferred": 10.0, "assumption": 20.0})
ScoreKind = Literal["base", "low", "high"]

SCALE_MIN = 0.0
SCALE_MAX = 100.0


@dataclass(frozen=True, slots=True)
class Component:
    """A building block of designs and its effect on each criterion.

    ``effects[j]`` is the level of criterion ``j`` with this component alone (a judgment on
    the criterion's 0-100 scale, a cost criterion's level as for scores), or ``None`` where
    the component has no effect of its own. ``alone`` names the design that *is* the
    component alone, when its judgments are the effects. The rule that combines effects:
    :mod:`scoring.composition`.
    """

    id: str
    name: str
    description: str = ""
    effects: tuple[Score | None, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    alone: str = ""


@dataclass(frozen=True, slots=True)
class Interaction:
    """Two components that together do better (synergy) or worse (conflict) on one criterion.

    ``share`` (0-100): a synergy closes that share of the gap between the composed value
    and 100; a conflict removes that share of the composed value.
    """

    components: tuple[str, str]
    criterion: str
    kind: Literal["synergy", "conflict"]
    share: Score


@dataclass(frozen=True, slots=True)
class Constraint:
    """Which combinations are feasible.

    ``requires``: the first component needs at least one of the others; ``excludes``: the
    first cannot go with any of the others; ``at_most``: at most ``limit`` of the components
    (of every component when none are listed).
    """

    kind: Literal["requires", "excludes", "at_most"]
    components: tuple[str, ...]
    limit: int = 1
    rationale: str = ""


@dataclass(frozen=True, slots=True)
class CombineRule:
    """How one criterion combines the components' effects (see :mod:`scoring.composition`).

    ``accumulate``: gains and cuts combine between the strongest one alone (``overlap`` 0)
    and a probabilistic sum (``overlap`` 1); ``weakest``: the weakest component sets the level.
    """

    mode: Literal["accumulate", "weakest"] = "accumulate"
    overlap: float = 0.5
    rationale: str = ""


@dataclass(frozen=True, slots=True)
class Composition:
    """A set's component model: components, the start levels, rules, interactions, constraints.

    ``start[j]`` is the level of criterion ``j`` with no component (``start_design`` names the
    design whose judgments they are, if any); ``rules`` has one :class:`CombineRule` per
    criterion; ``derived`` lists the (design, criterion) cells whose scores were composed
    rather than judged.
    """

    components: tuple[Component, ...]
    start: tuple[Score, ...]
    rules: tuple[CombineRule, ...]
    interactions: tuple[Interaction, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    start_design: str = ""
    derived: tuple[tuple[str, str], ...] = ()

    @property
    def component_ids(self) -> tuple[str, ...]:
        """Component ids in file order (bit ``k`` of a combination mask is component ``k``)."""
        return tuple(c.id for c in self.components)


@dataclass(frozen=True, slots=True)
class Lens:
    """A named weight set: whose priorities, and the points given to each criterion.

    ``weights`` holds raw points keyed by criterion id; :meth:`ScenarioSet.weights`
    aligns and normalises them.
    """

    id: str
    name: str
    description: str = ""
    weights: tuple[tuple[str, float], ...] = ()

    def weight_map(self) -> dict[str, float]:
        """Return the raw points as a dict keyed by criterion id."""
        return dict(self.weights)


@dataclass(frozen=True, slots=True)
class Source:
    """Where the criteria's evidence comes from."""

    title: str = ""
    file: str = ""
    note: str = ""
    text: str = field(default="", repr=False)


@dataclass(frozen=True, slots=True)
class Analysts:
    """Who the judgments of a combined set came from (:func:`scoring.analysis.combine.combine`).

    ``levels`` lists, for each judgment on which the analysts' base levels differ, the
    design id, the criterion id and each analyst's base level (in ``names`` order).
    """

    names: tuple[str, ...]
    aggregate: str = "median"
    levels: tuple[tuple[str, str, tuple[float, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class ScenarioSet:
    """Criteria, designs, scores and lenses: everything needed to score.

    ``scores[i][j]`` is the :class:`Score` of ``designs[i]`` on ``criteria[j]``;
    ``composition`` is the set's component model, if it declares one.
    """

    title: str
    criteria: tuple[Criterion, ...]
    designs: tuple[Design, ...]
    scores: tuple[tuple[Score, ...], ...]
    lenses: tuple[Lens, ...]
    default_lens: str = "balanced"
    branches: tuple[Branch, ...] = ()
    version: str = ""
    question: str = ""
    source: Source = field(default_factory=Source)
    origin: str = ""
    origin_sha256: str = ""
    composition: Composition | None = None
    analysts: Analysts | None = None

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        """Criterion ids in column order."""
        return tuple(c.id for c in self.criteria)

    @property
    def design_ids(self) -> tuple[str, ...]:
        """Design ids in row order."""
        return tuple(d.id for d in self.designs)

    @property
    def lens_ids(self) -> tuple[str, ...]:
        """Lens ids in file order."""
        return tuple(lens.id for lens in self.lenses)

    @property
    def directions(self) -> npt.NDArray[np.int8]:
        """+1 (benefit) or -1 (cost) per criterion."""
        return np.array([c.sign for c in self.criteria], dtype=np.int8)

    def matrix(self, kind: ScoreKind = "base") -> FloatArray:
        """Return the designs x criteria matrix of ``base``, ``low`` or ``high`` levels."""
        if kind not in ("base", "low", "high"):
            raise UnknownNameError.at("kind", f'expected "base", "low" or "high", got {kind!r}')
        return np.array([[getattr(s, kind) for s in row] for row in self.scores], dtype=np.float64).reshape(
            len(self.designs), len(self.criteria)
        )

    def values(self, kind: ScoreKind = "base") -> FloatArray:
        """Return value scores (0-100, higher is better): cost levels become ``100 - level``."""
        levels = self.matrix(kind)
        cost = self.directions < 0
        levels[:, cost] = SCALE_MAX - levels[:, cost]
        return levels

    def widened_levels(self) -> tuple[FloatArray, FloatArray, int]:
        """The ``low`` and ``high`` level matrices with unranged judgments widened for analysis.

        A judgment given without a range (``low == base == high``) whose grounding is
        ``inferred`` or ``assumption`` gets ``base -/+`` :data:`UNRANGED_WIDENING` of its
        level, clipped to 0-100; every other judgment keeps its own range.

        Returns
        -------
        low, high : ndarray (n, m)
            Levels (not values: cost criteria are not inverted).
        widened : int
            How many judgments were widened.
        """
        pad = np.array(
            [
                [UNRANGED_WIDENING.get(s.grounding, 0.0) if s.grounding and s.unranged else 0.0 for s in row]
                for row in self.scores
            ],
            dtype=np.float64,
        ).reshape(len(self.designs), len(self.criteria))
        low = np.clip(self.matrix("low") - pad, SCALE_MIN, SCALE_MAX)
        high = np.clip(self.matrix("high") + pad, SCALE_MIN, SCALE_MAX)
        return low, high, int(np.count_nonzero(pad))

    def grounding_counts(self) -> dict[str, int]:
        """How many judgments have each grounding level (``"unrecorded"``: none given), in level order."""
        counts = dict.fromkeys((*GROUNDING_LEVELS, "unrecorded"), 0)
        for _design, _criterion, score in self.judgments():
            counts[score.grounding or "unrecorded"] += 1
        return counts

    def judgments(self) -> Iterator[tuple[Design, Criterion, Score]]:
        """Every judgment with its design and criterion, design by design in file order."""
        for design, row in zip(self.designs, self.scores, strict=True):
            for criterion, score in zip(self.criteria, row, strict=True):
                yield design, criterion, score

    def lens(self, lens_id: str | None = None) -> Lens:
        """Return the lens called ``lens_id`` (default: the set's default lens).

        Ids match exactly, else ignoring case (ids that differ only in case are refused when
        a set is loaded); an unknown id is refused with the nearest id suggested.
        """
        wanted = self.default_lens if lens_id is None else lens_id
        for lens in self.lenses:
            if lens.id == wanted:
                return lens
        folded = [lens for lens in self.lenses if lens.id.casefold() == str(wanted).casefold()]
        if len(folded) == 1:
            return folded[0]
        raise unknown_name("lens", "lens", str(wanted), self.lens_ids)

    def weights(self, lens_id: str | Lens | None = None) -> FloatArray:
        """Return the lens's weights aligned with :attr:`criteria`, normalised to sum to 1.

        Criteria the lens does not mention get weight 0.
        """
        lens = lens_id if isinstance(lens_id, Lens) else self.lens(lens_id)
        points = lens.weight_map()
        raw = np.array([points.get(cid, 0.0) for cid in self.criterion_ids], dtype=np.float64)
        total = float(raw.sum())
        if not np.all(np.isfinite(raw)) or np.any(raw < 0) or total <= 0:
            raise InvalidWeightsError.at(
                f"lens {lens.id}", f"weights must be finite, >= 0 and sum to more than 0 (got {raw.tolist()})"
            )
        normalised: FloatArray = raw / total
        return normalised

    def score_of(self, design_id: str, criterion_id: str) -> Score:
        """Return the :class:`Score` of one design on one criterion."""
        if design_id not in self.design_ids:
            raise unknown_name("design", "design", design_id, self.design_ids)
        if criterion_id not in self.criterion_ids:
            raise unknown_name("criterion", "criterion", criterion_id, self.criterion_ids)
        return self.scores[self.design_ids.index(design_id)][self.criterion_ids.index(criterion_id)]

    def with_weights(self, lens_id: str, weights: Mapping[str, float], description: str = "") -> ScenarioSet:
        """Return a copy with a lens added (or its points replaced) and made the default.

        A lens that exists keeps its name, its place and (unless ``description`` is given) its
        description, so that :func:`scoring.diff` of the two versions shows only the points.
        """
        points = tuple((k, float(v)) for k, v in weights.items())
        old = next((lens for lens in self.lenses if lens.id == lens_id), None)
        if old is None:
            lenses = (*self.lenses, Lens(lens_id, lens_id, description, points))
        else:
            new = Lens(lens_id, old.name, description or old.description, points)
            lenses = tuple(new if lens.id == lens_id else lens for lens in self.lenses)
        return dataclasses.replace(self, lenses=lenses, default_lens=lens_id)

    def subset(self, design_ids: tuple[str, ...] | list[str]) -> ScenarioSet:
        """Return a copy with only ``design_ids`` (in this set's order)."""
        wanted = set(design_ids)
        unknown = sorted(wanted - set(self.design_ids))
        if unknown:
            raise UnknownNameError.at("design", f"unknown design(s): {', '.join(unknown)}")
        keep = [i for i, d in enumerate(self.designs) if d.id in wanted]
        return dataclasses.replace(
            self, designs=tuple(self.designs[i] for i in keep), scores=tuple(self.scores[i] for i in keep)
        )
