"""The analyses' defaults, defined once: the CLI, the report, the notebooks and Excel all use these.

>>> SmaaSettings().samples, SmaaSettings().seed, SmaaSettings().weight_mode
(10000, 1, 'lens')
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any, Literal

from scoring.errors import InputError, UnknownNameError

__all__ = ["DEFAULT_SMAA", "SensitivitySettings", "SmaaSettings", "WeightsMode"]

WeightsMode = Literal["lens", "uniform", "fixed"]
Distribution = Literal["triangular", "pert"]

_WEIGHTS = ("lens", "uniform", "fixed")
_DISTRIBUTIONS = ("triangular", "pert")


@dataclass(frozen=True, slots=True)
class SmaaSettings:
    """How SMAA-2 draws weights and scores.

    Attributes
    ----------
    samples : int
        Monte Carlo draws (10,000 give acceptabilities to about +-0.01).
    seed : int
        Random seed: the same seed gives the same answer, on every face.
    weight_mode : {"lens", "uniform", "fixed"}
        How weights are drawn. ``lens``: Dirichlet draws around the problem's weights (its lens), with mean the
        lens's weights and ``concentration`` setting the spread; ``uniform``: uniform on
        the simplex (no preference information; with ``order``, subject to ordinal
        constraints); ``fixed``: the problem's weights, only scores vary.
    concentration : float
        Dirichlet concentration for ``weight_mode="lens"``: a weight ``w`` varies with standard
        deviation ``sqrt(w (1 - w) / (concentration + 1))`` (100: a 20% weight mostly
        stays within 12-28%).
    order : tuple of (criterion id, criterion id)
        Ordinal constraints ``w_a >= w_b`` for ``weight_mode="uniform"``.
    distribution : {"triangular", "pert"} or None
        How a score varies within its low-high range (mode = base); ``None``: fixed scores.
    confidence_samples : int or None
        Score draws for the confidence factors (default ``samples``).
    chunk_size : int or None
        Draws per chunk (default: from ``memory_budget``).
    memory_budget : int
        Bytes of working arrays per chunk.
    """

    samples: int = 10_000
    seed: int = 1
    weight_mode: WeightsMode = "lens"
    concentration: float = 100.0
    order: tuple[tuple[str, str], ...] = ()
    distribution: Distribution | None = "triangular"
    confidence_samples: int | None = None
    chunk_size: int | None = None
    memory_budget: int = 64 * 2**20

    def __post_init__(self) -> None:
        _whole("samples", self.samples, minimum=1)
        _whole("seed", self.seed, minimum=0)
        if self.weight_mode not in _WEIGHTS:
            raise UnknownNameError.at(
                "weight_mode", f"expected one of {', '.join(_WEIGHTS)} (got {self.weight_mode!r})"
            )
        if not (isinstance(self.concentration, (int, float)) and math.isfinite(self.concentration)) or not (
            self.concentration > 0
        ):
            raise InputError.at("concentration", f"expected a number > 0 (got {self.concentration!r})")
        if self.distribution is not None and self.distribution not in _DISTRIBUTIONS:
            raise UnknownNameError.at(
                "distribution", f'expected "triangular", "pert" or None (got {self.distribution!r})'
            )
        if self.order and self.weight_mode != "uniform":
            raise InputError.at("order", 'ordinal constraints apply to weight_mode="uniform"')
        for name in ("confidence_samples", "chunk_size"):
            if getattr(self, name) is not None:
                _whole(name, getattr(self, name), minimum=1)
        _whole("memory_budget", self.memory_budget, minimum=1)

    def evolve(self, **changes: Any) -> SmaaSettings:
        """A copy with ``changes`` (unknown names are refused, naming the valid ones)."""
        unknown = sorted(set(changes) - {f.name for f in dataclasses.fields(self)})
        if unknown:
            valid = ", ".join(f.name for f in dataclasses.fields(self))
            raise UnknownNameError.at(unknown[0], f"not an SMAA setting; expected one of: {valid}")
        return dataclasses.replace(self, **changes) if changes else self

    def record(self) -> dict[str, Any]:
        """The settings as provenance fields (the same keys on every face)."""
        return {
            "samples": self.samples,
            "seed": self.seed,
            "weight_mode": self.weight_mode,
            "concentration": self.concentration if self.weight_mode == "lens" else None,
            "distribution": self.distribution or "none",
            **({"order": [list(pair) for pair in self.order]} if self.order else {}),
        }


@dataclass(frozen=True, slots=True)
class SensitivitySettings:
    """One-way weight sensitivity: grid points of the sweep (methods without exact crossovers)."""

    points: int = 201

    def __post_init__(self) -> None:
        _whole("points", self.points, minimum=3)


def _whole(name: str, value: object, *, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InputError.at(name, f"expected a whole number >= {minimum} (got {value!r})")


#: The one set of SMAA defaults.
DEFAULT_SMAA = SmaaSettings()
