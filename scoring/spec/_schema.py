"""The scenario-set file format as pydantic models (and so as a JSON Schema).

The models check structure and types; cross-references (unknown ids, missing
scores, ranges) are checked in :mod:`scoring.spec`, which reports every problem
with its file and line.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from scoring.limits import (
    MAX_ANALYSTS,
    MAX_BRANCHES,
    MAX_CRITERIA,
    MAX_DESIGNS,
    MAX_LENSES,
    MAX_NAME_CHARS,
    MAX_NUMBER_CHARS,
    MAX_TEXT_CHARS,
)

FORMAT = "guarantee-scoring/1"
ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$"
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
NAME_PATTERN = r"^[^\x00-\x1f\x7f]*$"

Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        description="Identifier: a letter, then letters, digits, '_', '.' or '-' (at most 64).",
    ),
]


def _as_written(value: Any) -> Any:
    """A number as written: ``true``/``false`` are not numbers, and text (a quoted ``"50"``, YAML 1.2's
    ``5e1``, a JSON object key) is bounded (:data:`~scoring.limits.MAX_NUMBER_CHARS`) before pydantic
    converts it, as the loaders bound the numbers they convert themselves."""
    if isinstance(value, bool):
        raise PydanticCustomError("number_type", "expected a number, not a true/false value")
    if isinstance(value, str) and len(value.strip()) > MAX_NUMBER_CHARS:
        raise PydanticCustomError(
            "number_text",
            "expected a number of at most {limit} characters, got {length}",
            {"limit": MAX_NUMBER_CHARS, "length": len(value.strip())},
        )
    return value


AsWritten = BeforeValidator(_as_written)
Level = Annotated[float, AsWritten, Field(ge=0, le=100, allow_inf_nan=False, description="A level on the 0-100 scale.")]
Text = Annotated[
    str,
    Field(
        max_length=MAX_TEXT_CHARS,
        pattern=TEXT_PATTERN,
        description="Text; no control characters but tab and newline.",
    ),
]
Name = Annotated[
    str, Field(max_length=MAX_NAME_CHARS, pattern=NAME_PATTERN, description="A one-line name (no control characters).")
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class EvidenceModel(_Strict):
    """A verbatim quote from the source document."""

    quote: Annotated[str, Field(min_length=1, max_length=2000)]
    note: Text = ""


class BranchModel(_Strict):
    """A branch of the value tree."""

    id: Id
    name: Name
    description: Text = ""


class CriterionModel(_Strict):
    """A criterion with an anchored 0-100 scale."""

    id: Id
    name: Name
    direction: Literal["benefit", "cost"] = Field(
        description="benefit: higher levels are better; cost: the level of a bad thing, valued 100 - level."
    )
    description: Text = ""
    branch: Annotated[str, Field(max_length=64)] = ""
    scale: dict[Annotated[int, AsWritten, Field(ge=0, le=100)], Text] = Field(
        default_factory=dict, description="Plain-language descriptors keyed by level (0, 50, 100 at least)."
    )
    evidence: list[EvidenceModel] = Field(default_factory=list)


class DesignModel(_Strict):
    """A candidate design."""

    id: Id
    name: Name
    description: Text = ""
    components: list[Annotated[str, Field(max_length=100)]] = Field(default_factory=list)


GroundingLevel = Literal["quoted", "inferred", "assumption"]


class ScoreModel(_Strict):
    """A judgment: base level, its range, why, how sure, and how far the source backs it."""

    base: Level
    low: Level | None = Field(default=None, description="Defaults to base.")
    high: Level | None = Field(default=None, description="Defaults to base.")
    confidence: Literal["low", "medium", "high"] = "medium"
    grounding: GroundingLevel | None = Field(
        default=None,
        description=(
            "quoted: the source states it and the rationale quotes it; inferred: drawn from the source, "
            "but the comparison or size is the analyst's; assumption: the source is silent. "
            "Without a range, analyses widen inferred judgments by 10 points and assumptions by 20."
        ),
    )
    assumption: bool | None = Field(
        default=None,
        description="Older form, still read: true means grounding: assumption, false means grounding: inferred.",
    )
    rationale: Text = ""

    def resolved_grounding(self) -> GroundingLevel | None:
        """The grounding level, from ``grounding`` or else the older ``assumption`` flag."""
        if self.grounding is not None:
            return self.grounding
        if self.assumption is None:
            return None
        return "assumption" if self.assumption else "inferred"


def grounding_conflict(grounding: object, assumption: object) -> str | None:
    """Why ``grounding`` and the older ``assumption`` flag contradict each other (None when they agree)."""
    if not isinstance(assumption, bool) or grounding not in ("quoted", "inferred", "assumption"):
        return None
    if assumption == (grounding == "assumption"):
        return None
    return f"assumption: {str(assumption).lower()} contradicts grounding: {grounding}; give grounding only"


class LensModel(_Strict):
    """A named weight set (points per criterion; normalised by the kit)."""

    id: Id
    name: Name = ""
    description: Text = ""
    weights: dict[str, Annotated[float, AsWritten, Field(ge=0, le=1e6, allow_inf_nan=False)]] = Field(
        description="Points per criterion (0 to 1,000,000); normalised to sum to 1."
    )


class ComponentModel(_Strict):
    """A building block of designs: its level on each criterion when it stands alone."""

    id: Id
    name: Name
    description: Text = ""
    alone: str = Field(default="", description="A design that is this component alone: its judgments are the effects.")
    effects: dict[str, ScoreModel | Level] = Field(
        default_factory=dict,
        description="effects[criterion_id]: the level with this component alone (overrides `alone`); "
        "a criterion left out is not affected by the component.",
    )
    evidence: list[EvidenceModel] = Field(default_factory=list)


class InteractionModel(_Strict):
    """Two components that do better (synergy) or worse (conflict) together on one criterion."""

    between: Annotated[list[Id], Field(min_length=2, max_length=2)]
    criterion: str
    kind: Literal["synergy", "conflict"]
    share: ScoreModel | Level = Field(
        description="Percent: a synergy closes this share of the gap to 100; a conflict removes this share "
        "of the value."
    )


class ConstraintModel(_Strict):
    """One of: ``requires`` (the first needs one of the rest), ``excludes`` (the first goes with none of the rest),
    ``at_most`` (K of ``of``)."""

    requires: Annotated[list[Id], Field(min_length=2)] | None = None
    excludes: Annotated[list[Id], Field(min_length=2)] | None = None
    at_most: Annotated[int, AsWritten, Field(ge=0, le=64)] | None = None
    of: list[Id] | None = Field(default=None, description="Components counted by at_most (default: all).")
    rationale: Text = ""


class CombineRuleModel(_Strict):
    """How one criterion combines the components' effects."""

    mode: Literal["accumulate", "weakest"] = "accumulate"
    overlap: Annotated[float, AsWritten, Field(ge=0, le=1, allow_inf_nan=False)] = 0.5
    rationale: Text = ""


class CompositionModel(_Strict):
    """Components, the levels with none of them, how effects combine, interactions and constraints."""

    start: Id | dict[str, ScoreModel | Level] = Field(
        description="A design whose judgments are the levels with no component, or those levels per criterion."
    )
    rules: dict[str, CombineRuleModel] = Field(
        default_factory=dict, description="rules[criterion_id]; a criterion left out accumulates with overlap 0.5."
    )
    components: Annotated[list[ComponentModel], Field(min_length=1, max_length=64)]
    interactions: list[InteractionModel] = Field(default_factory=list)
    constraints: list[ConstraintModel] = Field(default_factory=list)


class SourceModel(_Strict):
    """The document the evidence quotes come from."""

    title: Text = ""
    file: str = Field(
        default="",
        max_length=1000,
        description="Text file, relative to the scenario file, that quotes are checked against.",
    )
    note: Text = ""


class AnalystsModel(_Strict):
    """Who a combined set's judgments came from (``gscore combine``)."""

    names: Annotated[list[Name], Field(min_length=1, max_length=MAX_ANALYSTS)]
    aggregate: Literal["median", "mean"] = "median"
    levels: dict[str, dict[str, list[Level]]] = Field(
        default_factory=dict,
        description="levels[design][criterion]: each analyst's base level (names order), where they differ.",
    )


class ScenarioModel(_Strict):
    """A scenario set: criteria, designs, scores and lenses."""

    format: Literal["guarantee-scoring/1"] = "guarantee-scoring/1"
    title: Name
    version: Annotated[str, Field(max_length=100)] = ""
    question: Text = ""
    source: SourceModel = Field(default_factory=SourceModel)
    branches: Annotated[list[BranchModel], Field(max_length=MAX_BRANCHES)] = Field(default_factory=list)
    criteria: Annotated[list[CriterionModel], Field(min_length=1, max_length=MAX_CRITERIA)]
    designs: Annotated[list[DesignModel], Field(min_length=1, max_length=MAX_DESIGNS)]
    scores: dict[str, dict[str, ScoreModel | Level]] = Field(
        description="scores[design_id][criterion_id]: a number (base) or a full judgment; with a composition, "
        "a design's missing scores are composed from its components."
    )
    lenses: Annotated[list[LensModel], Field(min_length=1, max_length=MAX_LENSES)]
    default_lens: str = ""
    composition: CompositionModel | None = Field(
        default=None, description="The component model: designs listing components get their missing scores from it."
    )
    analysts: AnalystsModel | None = None


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema of the scenario-set format."""
    schema = ScenarioModel.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "urn:guarantee-scoring:scenario-set:1"
    return schema
