"""numpy (and tuples, mappings) to plain JSON-ready Python: the one conversion used everywhere."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["EXPORT_DIGITS", "plain", "significant"]


#: Significant digits of every number in an export (CSV, XLSX, JSON, Markdown): enough for
#: any score the kit computes, few enough that float noise (``54.55000000000001``) goes.
EXPORT_DIGITS = 12


def significant(number: float, digits: int = EXPORT_DIGITS) -> float:
    """``number`` rounded to ``digits`` significant digits.

    >>> significant(54.55000000000001), significant(1.234567890123456e-9)
    (54.55, 1.23456789012e-09)
    """
    return float(f"{number:.{digits}g}")


def plain(value: Any, *, digits: int | None = None) -> Any:
    """``value`` with numpy arrays and scalars as lists and Python numbers, recursively.

    Non-finite floats become ``None`` (JSON has no NaN); ``digits`` rounds floats to that many
    significant digits (exports use :data:`EXPORT_DIGITS`).

    Examples
    --------
    >>> plain({"a": np.array([1.0, np.nan]), "b": (np.int64(2),)})
    {'a': [1.0, None], 'b': [2]}
    >>> plain(54.55000000000001, digits=EXPORT_DIGITS)
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
        return significant(value, digits) if digits is not None else value
    return value
