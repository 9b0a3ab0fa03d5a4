"""numpy (and tuples, mappings) to plain JSON-ready Python: the one conversion used everywhere."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["plain"]


def plain(value: Any, *, digits: int | None = None) -> Any:
    """``value`` with numpy arrays and scalars as lists and Python numbers, recursively.

    Non-finite floats become ``None`` (JSON has no NaN); ``digits`` rounds floats (exports
    round to a documented precision so that ``54.55000000000001`` reads ``54.55``).

    Examples
    --------
    >>> plain({"a": np.array([1.0, np.nan]), "b": (np.int64(2),)})
    {'a': [1.0, None], 'b': [2]}
    >>> plain(54.55000000000001, digits=6)
    54.55
    """
    if isinstance(value, np.ndarray):
        return [plain(v, digits=digits) for v in value.tolist()] if value.ndim else plain(value.item(), digits=digits)
    if isinstance(value, np.generic):
        return plain(value.item(), digits=digits)
    if isinstance(value, Mapping):
        return {str(k): plain(v, digits=digits) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v, digits=digits) for v in value]
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return round(value, digits) if digits is not None else value
    return value
