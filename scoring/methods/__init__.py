"""Aggregation methods, one module each, looked up by name.

>>> from scoring.methods import get_method, method_names
>>> method_names()
('promethee', 'topsis', 'vikor', 'wpm', 'wsm')
>>> get_method("wsm").higher_is_better
True
"""

from __future__ import annotations

import importlib

from scoring.errors import unknown_name
from scoring.methods._base import MethodOutput, MethodSpec

__all__ = ["MethodOutput", "MethodSpec", "get_method", "method_names"]

_MODULES: dict[str, str] = {
    "promethee": "scoring.methods.promethee",
    "topsis": "scoring.methods.topsis",
    "vikor": "scoring.methods.vikor",
    "wpm": "scoring.methods.wpm",
    "wsm": "scoring.methods.wsm",
}

_ALIASES: dict[str, str] = {
    "saw": "wsm",
    "weighted_sum": "wsm",
    "additive": "wsm",
    "weighted_product": "wpm",
    "promethee2": "promethee",
    "promethee_ii": "promethee",
}


def method_names() -> tuple[str, ...]:
    """Return the registered method names, sorted."""
    return tuple(sorted(_MODULES))


def get_method(name: str) -> MethodSpec:
    """Return the :class:`MethodSpec` called ``name`` (case-insensitive; a few aliases).

    Raises
    ------
    UnknownNameError
        For an unknown name; the message lists the valid ones.
    """
    key = str(name).strip().lower().replace("-", "_")
    key = _ALIASES.get(key, key)
    if key not in _MODULES:
        raise unknown_name("method", "method", str(name), method_names())
    module = importlib.import_module(_MODULES[key])
    spec: MethodSpec = module.METHOD
    return spec
