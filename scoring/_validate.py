"""The friendly layer: turn user input into the exact arrays the kernels need.

Every check names the argument and, for arrays, the offending row and column
(1-based, as a person counts).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from scoring._types import FloatArray, SignArray
from scoring.errors import InvalidMatrixError, InvalidWeightsError, Problem

_DIRECTION_ALIASES: dict[str, int] = {
    "max": 1,
    "maximise": 1,
    "maximize": 1,
    "benefit": 1,
    "+": 1,
    "+1": 1,
    "1": 1,
    "higher": 1,
    "min": -1,
    "minimise": -1,
    "minimize": -1,
    "cost": -1,
    "-": -1,
    "-1": -1,
    "lower": -1,
}


def _non_finite_problems(array: FloatArray, name: str) -> list[Problem]:
    bad = np.argwhere(~np.isfinite(array))
    problems = []
    for index in bad[:10]:
        where = ", ".join(f"{axis} {i + 1}" for axis, i in zip(("row", "column"), index, strict=False))
        problems.append(Problem(name, f"{where} is {float(array[tuple(index)]):g}, expected a finite number"))
    if len(bad) > 10:
        problems.append(Problem(name, f"... and {len(bad) - 10} more non-finite values"))
    return problems


def as_matrix(matrix: npt.ArrayLike, name: str = "matrix") -> FloatArray:
    """Return ``matrix`` as a finite 2-D float64 array (designs x criteria).

    Raises
    ------
    InvalidMatrixError
        Not 2-D, empty, not numeric, or containing NaN/inf (row and column named).
    """
    try:
        array = np.asarray(matrix, dtype=np.float64)  # no copy when it already is float64; never written to
    except (TypeError, ValueError) as exc:
        raise InvalidMatrixError.at(name, f"expected a 2-D array of numbers ({exc})") from None
    if array.ndim == 1:
        array = array.reshape(1, -1)
    if array.ndim != 2 or array.shape[0] == 0 or array.shape[1] == 0:
        raise InvalidMatrixError.at(
            name, f"expected a non-empty 2-D array (designs x criteria), got shape {array.shape}"
        )
    # Two single-threaded streaming reductions: the minimum and maximum are finite and within
    # MAX_MAGNITUDE unless there is a NaN, an inf or a huge level; only then are the cells
    # examined one by one. (A BLAS dot product is one pass, but its threads stall for
    # milliseconds on a busy machine, which a worksheet recalculation feels.)
    flat = array.reshape(-1)
    lowest, highest = float(np.minimum.reduce(flat)), float(np.maximum.reduce(flat))
    if not (math.isfinite(lowest) and math.isfinite(highest)) or max(-lowest, highest) > MAX_MAGNITUDE:
        InvalidMatrixError.collect(_non_finite_problems(array, name) or _huge_problems(array, name))
    return array


#: Levels beyond this magnitude are refused: scores, ranges and distances would overflow.
MAX_MAGNITUDE = 1e150


def _huge_problems(array: FloatArray, name: str) -> list[Problem]:
    bad = np.argwhere(np.abs(array) > MAX_MAGNITUDE)
    return [
        Problem(name, f"row {i + 1}, column {j + 1} is {array[i, j]:g}, too large (limit {MAX_MAGNITUDE:g})")
        for i, j in bad[:10]
    ]


def as_weights(weights: npt.ArrayLike, n_criteria: int, name: str = "weights") -> FloatArray:
    """Return weights as a 1-D float64 array of length ``n_criteria`` that sums to 1.

    Raises
    ------
    InvalidWeightsError
        Wrong length, non-finite, negative, or summing to 0.
    """
    try:
        array = np.array(weights, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise InvalidWeightsError.at(name, f"expected numbers ({exc})") from None
    if array.size != n_criteria:
        raise InvalidWeightsError.at(name, f"expected {n_criteria} weights (one per criterion), got {array.size}")
    if not np.all(np.isfinite(array)):
        i = int(np.argmin(np.isfinite(array)))
        raise InvalidWeightsError.at(name, f"weight {i + 1} is {array[i]:g}, expected a finite number")
    if np.any(array < 0):
        i = int(np.argmax(array < 0))
        raise InvalidWeightsError.at(name, f"weight {i + 1} is {array[i]:g}, expected a number >= 0")
    scale = float(array.max())
    total = float((array / scale).sum()) * scale if scale > 0 else 0.0
    if not np.isfinite(total):
        raise InvalidWeightsError.at(name, f"weights are too large to add up (largest {scale:g})")
    if total <= 0:
        raise InvalidWeightsError.at(name, f"weights must sum to more than 0 (got {total:g})")
    return array / total


def as_directions(
    directions: Sequence[object] | npt.ArrayLike | None, n_criteria: int, name: str = "directions"
) -> SignArray:
    """Return +1 (benefit / max) or -1 (cost / min) per criterion.

    Accepts ``None`` (all benefit), numbers 1/-1, or strings such as "max", "min",
    "benefit", "cost", "+" and "-" (case-insensitive).

    Examples
    --------
    >>> as_directions(["max", "min", 1], 3).tolist()
    [1, -1, 1]
    """
    if directions is None:
        return np.ones(n_criteria, dtype=np.int8)
    items = list(np.asarray(directions, dtype=object).reshape(-1))
    if len(items) != n_criteria:
        raise InvalidMatrixError.at(name, f"expected {n_criteria} directions (one per criterion), got {len(items)}")
    signs = np.empty(n_criteria, dtype=np.int8)
    for i, item in enumerate(items):
        key = str(item).strip().lower()
        if isinstance(item, (int, float, np.integer, np.floating)) and not isinstance(item, bool):
            key = {1.0: "1", -1.0: "-1"}.get(float(item), key)
        if key not in _DIRECTION_ALIASES:
            raise InvalidMatrixError.at(name, f'direction {i + 1} is {item!r}, expected "max" or "min" (or 1 / -1)')
        signs[i] = _DIRECTION_ALIASES[key]
    return signs


def as_labels(values: Sequence[str] | None, count: int, name: str) -> tuple[str, ...]:
    """``count`` labels as strings (``()`` for None), or an error naming ``name``."""
    if values is None:
        return ()
    labels = tuple(str(v) for v in values)
    if len(labels) != count:
        raise InvalidMatrixError.at(name, f"expected {count} labels, got {len(labels)}")
    return labels


def as_ranges(base: FloatArray, low: npt.ArrayLike | None, high: npt.ArrayLike | None) -> tuple[FloatArray, FloatArray]:
    """``matrix_low``/``matrix_high`` checked against ``base`` (same shape, ``low <= base <= high``)."""
    if low is None and high is None:  # no ranges: nothing to check (no pass over a large matrix)
        return base, base
    lower = base if low is None else as_matrix(low, "matrix_low")
    upper = base if high is None else as_matrix(high, "matrix_high")
    for name, array in (("matrix_low", lower), ("matrix_high", upper)):
        if array.shape != base.shape:
            raise InvalidMatrixError.at(name, f"expected shape {base.shape} like matrix, got {array.shape}")
    bad = np.argwhere((lower > base) | (upper < base))
    if bad.size:
        i, j = bad[0]
        raise InvalidMatrixError.at(
            "matrix_low/matrix_high",
            f"row {i + 1}, column {j + 1}: expected low <= base <= high, "
            f"got {lower[i, j]:g} <= {base[i, j]:g} <= {upper[i, j]:g}",
        )
    return lower, upper
