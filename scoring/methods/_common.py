"""Small checks shared by the method kernels (option values and per-criterion parameters).

The kernels are the cranky layer; these helpers check option *values* once per call
(never per sample), so a bad value fails at once with the option named instead of
producing NaN later.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import numpy.typing as npt

from scoring._types import FloatArray
from scoring.errors import InputError, UnknownNameError


def choose(option: str, value: object, allowed: Collection[str]) -> str:
    """Return ``value`` lower-cased if it is one of ``allowed``, else raise naming ``option``."""
    key = str(value).strip().lower()
    if key not in allowed:
        raise UnknownNameError.at(option, f"unknown {option} {value!r}; expected one of: {', '.join(sorted(allowed))}")
    return key


def per_criterion(option: str, value: npt.ArrayLike, n_criteria: int) -> FloatArray:
    """Broadcast a scalar or a length-``n_criteria`` sequence to a finite float array."""
    try:
        array = np.asarray(value, dtype=np.float64)
        array = np.broadcast_to(array.reshape(-1) if array.ndim else array, (n_criteria,)).copy()
    except (TypeError, ValueError):
        raise InputError.at(
            option, f"expected one number or {n_criteria} numbers (one per criterion), got {value!r}"
        ) from None
    if not np.all(np.isfinite(array)):
        j = int(np.argmin(np.isfinite(array)))
        raise InputError.at(option, f"criterion {j + 1} is {array[j]!r}, expected a finite number")
    return array


def finite_number(option: str, value: object) -> float:
    """``value`` as a finite float, or an error naming ``option``."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError.at(option, f"expected a number, got {value!r}") from None
    if not np.isfinite(number):
        raise InputError.at(option, f"expected a finite number, got {value!r}")
    return number
