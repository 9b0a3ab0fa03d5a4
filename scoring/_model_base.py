"""The building blocks of :mod:`scoring.model`: criteria, designs and the judgments of one on the other.

Private: import these names from :mod:`scoring.model` (or :mod:`scoring`), which re-exports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from scoring.errors import InputError

__all__ = [
    "GROUNDING_LEVELS",
    "Branch",
    "Confidence",
    "Criterion",
    "Design",
    "Direction",
    "Evidence",
    "Grounding",
    "Score",
]

Direction = Literal["benefit", "cost"]
Confidence = Literal["low", "medium", "high"]
Grounding = Literal["quoted", "inferred", "assumption"]
#: How far the source backs a judgment, from most to least:
#: ``quoted``, the source states it and the rationale quotes it;
#: ``inferred``, drawn from the source, but the comparison or the size is the analyst's;
#: ``assumption``, the source is silent.
GROUNDING_LEVELS: tuple[Grounding, ...] = ("quoted", "inferred", "assumption")


@dataclass(frozen=True, slots=True)
class Evidence:
    """A verbatim quote from the source that a criterion rests on."""

    quote: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Branch:
    """A branch of the value tree (for example *Deter* or *Feasibility*)."""

    id: str
    name: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Criterion:
    """One criterion with its anchored 0-100 scale.

    Parameters
    ----------
    id, name : str
        Stable identifier and display name.
    direction : {"benefit", "cost"}
        For a cost criterion a score is the *level* of the bad thing and is valued
        as ``100 - level``.
    description : str
        What is measured (and what is deliberately left to other criteria).
    branch : str
        Id of the value-tree branch.
    scale : tuple of (level, descriptor)
        Plain-language anchors, at least 0, 50 and 100 for a built-in criterion.
    evidence : tuple of Evidence
        Quotes from the source.
    """

    id: str
    name: str
    direction: Direction = "benefit"
    description: str = ""
    branch: str = ""
    scale: tuple[tuple[float, str], ...] = ()
    evidence: tuple[Evidence, ...] = ()

    @property
    def sign(self) -> int:
        """+1 for a benefit criterion, -1 for a cost criterion."""
        return 1 if self.direction == "benefit" else -1


@dataclass(frozen=True, slots=True)
class Design:
    """A candidate guarantee design."""

    id: str
    name: str
    description: str = ""
    components: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Score:
    """A judgment of one design on one criterion, on the criterion's 0-100 scale.

    Parameters
    ----------
    base, low, high : float
        Best estimate and plausible range (``low <= base <= high``).
    rationale : str
        One sentence: what the source says (quoted) and what the analyst adds.
    confidence : {"low", "medium", "high"}
    grounding : {"quoted", "inferred", "assumption"} or None
        How far the source backs it (see :data:`GROUNDING_LEVELS`); None when not
        recorded (a bare number in a scenario file).
    """

    base: float
    low: float
    high: float
    rationale: str = ""
    confidence: Confidence = "medium"
    grounding: Grounding | None = None

    def __post_init__(self) -> None:
        if self.grounding is not None and self.grounding not in GROUNDING_LEVELS:
            raise InputError.at("grounding", f"expected quoted, inferred, assumption or None, got {self.grounding!r}")

    @property
    def assumption(self) -> bool:
        """True where the source is silent (``grounding == "assumption"``)."""
        return self.grounding == "assumption"

    @property
    def unranged(self) -> bool:
        """True when no range was given (``low == base == high``)."""
        return self.low == self.base == self.high
