"""What every aggregation method provides: kernels, and everything else that is method-specific.

A method module defines ``METHOD = MethodSpec(...)``. Its kernels are the *cranky
layer*: they take exactly-shaped, already validated float64 arrays and do only the
maths; :func:`MethodSpec.check_options` validates option names and values once, before
any kernel runs, so that no face or analysis needs to know a method's quirks.

``score(matrix, weights, directions, **options) -> MethodOutput``
    ``matrix`` (n designs x m criteria), ``weights`` (m,) summing to 1,
    ``directions`` (m,) of +1 (benefit) / -1 (cost).
``batch(matrices, weights, directions, **options) -> ndarray (k, n)``
    ``matrices`` is (n, m) or (k, n, m), ``weights`` is (k, m): k scorings at once,
    vectorised over samples (used by SMAA and sensitivity sweeps).
``parts(matrix, directions, **options) -> ndarray (n, m)`` (linear methods only)
    Per-criterion parts whose weighted sum is the score, ``score = parts @ weights``:
    contributions, exact crossover weights and closed-form tornado swings follow.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from scoring._types import FloatArray
from scoring.errors import UnknownNameError

__all__ = ["MethodOutput", "MethodSpec", "column_range"]


@dataclass(frozen=True, slots=True)
class MethodOutput:
    """Scores (one per design) and method-specific details (named arrays or numbers)."""

    scores: FloatArray
    details: Mapping[str, Any] = field(default_factory=dict)


ScoreKernel = Callable[..., MethodOutput]
BatchKernel = Callable[..., FloatArray]
PartsKernel = Callable[..., FloatArray]
#: ``check(options, extremes)``: validate option values against the levels (low and high
#: matrices bound every level the method will see); return the options to use.
OptionCheck = Callable[[dict[str, Any], tuple[FloatArray, ...]], dict[str, Any]]
#: ``cells(n, m, varying)``: float64 working cells one SMAA draw needs (for chunk sizes).
SampleCells = Callable[[int, int, bool], int]


def _no_check(options: dict[str, Any], _extremes: tuple[FloatArray, ...]) -> dict[str, Any]:
    return options


def _generic_cells(n: int, m: int, _varying: bool) -> int:
    return 2 * m + 6 * n + 6 * n * m


@dataclass(frozen=True, slots=True)
class MethodSpec:
    """An aggregation method and everything the rest of the kit needs to know about it.

    Parameters
    ----------
    name, title : str
        Registry name (``"wsm"``) and human title.
    higher_is_better : bool
        Orientation of the scores (VIKOR's Q: lower is better).
    score, batch : callable
        The kernels (see module docstring).
    options : mapping
        Accepted keyword options and their defaults.
    source : str
        The reference the kernel follows.
    label : str
        What a score is, in a few words, for captions ("closeness to the ideal, 0-1").
    value_options : mapping
        Option defaults when the method scores a scenario set's 0-100 *value* scores
        (wsm: the fixed 0-100 scale; wpm: an offset so that a 0 does not zero the product).
    value_scale, value_label, value_digits : float, str, int
        On value scores, scores are shown multiplied by ``value_scale`` (wsm: 100, so the
        total is the weighted average of the 0-100 values), with this label and precision.
    digits : int
        Decimals to show for scores on raw data.
    bounds : (float, float)
        The range every score lies in (before ``value_scale``), for axes.
    parts : callable, optional
        Linear methods only (see module docstring).
    separable : callable(options) -> bool
        True when a design's score depends on its own row only (wsm on a fixed scale): its
        score range then follows from its own low and high levels.
    additive : bool
        True when, on a scenario set's value scores, the score is the weighted average of
        the values (wsm): a change between two versions then splits exactly into weight
        and score parts (:func:`scoring.diff`), shown in points.
    check : callable
        Validates option values (see :data:`OptionCheck`).
    sample_cells : callable
        Working memory of one SMAA draw, in float64 cells.
    """

    name: str
    title: str
    higher_is_better: bool
    score: ScoreKernel
    batch: BatchKernel
    options: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""
    label: str = ""
    value_options: Mapping[str, Any] = field(default_factory=dict)
    value_scale: float = 1.0
    value_label: str = ""
    value_digits: int = 3
    digits: int = 3
    bounds: tuple[float, float] = (0.0, 1.0)
    parts: PartsKernel | None = None
    separable: Callable[[Mapping[str, Any]], bool] = field(default=lambda _options: False)
    additive: bool = False
    check: OptionCheck = _no_check
    sample_cells: SampleCells = _generic_cells

    @property
    def linear(self) -> bool:
        """True when the score is linear in the weights (exact crossovers, contributions)."""
        return self.parts is not None

    def check_options(self, options: Mapping[str, Any], extremes: tuple[FloatArray, ...] = ()) -> dict[str, Any]:
        """Refuse unknown option names (naming the valid ones) and bad values; return every option.

        ``extremes``: matrices that bound every level the method will score (base, low, high),
        for checks that depend on the data (wsm's bounds, wpm's positivity).
        """
        unknown = sorted(set(options) - set(self.options))
        if unknown:
            valid = ", ".join(sorted(self.options)) or "(none)"
            raise UnknownNameError.at(
                "options", f"method {self.name!r} does not take {', '.join(map(repr, unknown))}; it takes: {valid}"
            )
        return self.check({**self.options, **options}, extremes)


def column_range(matrix: FloatArray, axis: int = -2) -> tuple[FloatArray, FloatArray]:
    """Return the per-criterion minimum and maximum over designs."""
    return matrix.min(axis=axis, keepdims=True), matrix.max(axis=axis, keepdims=True)
