"""The optional ``analysts`` block of a scenario file: who a combined set's judgments came from.

Written by ``gscore combine``; read back so that the report and ``gscore combine``'s
disagreement table can show each analyst's level::

    analysts:
      names: [alice, bob]
      aggregate: median          # how the base levels were combined
      levels:                    # where the analysts differ: each one's base level, in names order
        nato_membership: {us_participation: [30, 5]}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scoring.errors import Problem
from scoring.model import Analysts

if TYPE_CHECKING:
    from scoring.spec._located import Located
    from scoring.spec._schema import AnalystsModel

__all__ = ["analysts_dict", "build_analysts", "check_analysts"]


def check_analysts(doc: Located, designs: list[str], criteria: list[str]) -> list[Problem]:
    """Unknown ids and level lists of the wrong length in ``analysts.levels``."""
    block = doc.data.get("analysts") if isinstance(doc.data, dict) else None
    if not isinstance(block, dict) or not isinstance(block.get("levels"), dict):
        return []
    names = block.get("names")
    count = len(names) if isinstance(names, list) else None
    problems = []
    for design, row in block["levels"].items():
        path: tuple[str | int, ...] = ("analysts", "levels", design)
        if design not in designs:
            problems.append(doc.problem(path, f"unknown design {design!r}"))
            continue
        for criterion, levels in (row if isinstance(row, dict) else {}).items():
            if criterion not in criteria:
                problems.append(doc.problem((*path, criterion), f"unknown criterion {criterion!r}"))
            elif isinstance(levels, list) and count is not None and len(levels) != count:
                problems.append(
                    doc.problem((*path, criterion), f"expected {count} levels (one per analyst), got {len(levels)}")
                )
    return problems


def build_analysts(model: AnalystsModel | None) -> Analysts | None:
    if model is None:
        return None
    levels = tuple(
        (design, criterion, tuple(float(v) for v in values))
        for design, row in model.levels.items()
        for criterion, values in row.items()
    )
    return Analysts(tuple(model.names), model.aggregate, levels)


def analysts_dict(analysts: Analysts | None) -> dict[str, Any]:
    """``{"analysts": {...}}`` for a combined set, ``{}`` otherwise."""
    if analysts is None:
        return {}
    levels: dict[str, dict[str, list[float]]] = {}
    for design, criterion, values in analysts.levels:
        levels.setdefault(design, {})[criterion] = list(values)
    return {"analysts": {"names": list(analysts.names), "aggregate": analysts.aggregate, "levels": levels}}
