"""What every aggregation method provides: a kernel and its batched form.

A method module defines ``METHOD = MethodSpec(...)``. Its kernels are the *cranky
layer*: they take exactly-shaped, already validated float64 arrays and do only the
maths; :func:`scoring.evaluate` validates user input before calling them.

``score(matrix, weights, directions, **options) -> MethodOutput``
    ``matrix`` (n designs x m criteria), ``weights`` (m,) summing to 1,
    ``directions`` (m,) of +1 (benefit) / -1 (cost).
``batch(matrices, weights, directions, **options) -> ndarray (k, n)``
    ``matrices`` is (n, m) or (k, n, m), ``weights`` is (k, m): k scorings at once,
    vectorised over samples (used by SMAA and sensitivity sweeps).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
SignArray = npt.NDArray[np.int8]


@dataclass(frozen=True, slots=True)
class MethodOutput:
    """Scores (one per design) and method-specific details (named arrays or numbers)."""

    scores: FloatArray
    details: Mapping[str, Any] = field(default_factory=dict)


ScoreKernel = Callable[..., MethodOutput]
BatchKernel = Callable[..., FloatArray]


@dataclass(frozen=True, slots=True)
class MethodSpec:
    """An aggregation method as the registry knows it.

    Parameters
    ----------
    name : str
        Registry name (``"wsm"``).
    title : str
        Human title.
    higher_is_better : bool
        Orientation of the scores (VIKOR's Q: lower is better).
    score, batch : callable
        The kernels (see module docstring).
    options : mapping
        Accepted keyword options and their defaults.
    source : str
        The reference the kernel follows.
    """

    name: str
    title: str
    higher_is_better: bool
    score: ScoreKernel
    batch: BatchKernel
    options: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""


def column_range(matrix: FloatArray, axis: int = -2) -> tuple[FloatArray, FloatArray]:
    """Return the per-criterion minimum and maximum over designs."""
    return matrix.min(axis=axis, keepdims=True), matrix.max(axis=axis, keepdims=True)
