"""A plain, loop-by-loop reading of the composition rule (scoring/composition.py's docstring).

Written from the formulas, one combination and one criterion at a time, so that the
vectorised kernel can be checked against it; and a brute-force feasibility check that reads
the constraints from the model types rather than from bit masks.
"""

from __future__ import annotations

import itertools
import math

from scoring.model import Composition, Criterion, Score


def value(score: Score, criterion: Criterion, end: str = "base") -> float:
    """A judgment's value (cost criteria inverted) at ``end``: base, or the unfavourable / favourable end."""
    if end == "base":
        level = score.base
    elif end == "unfavourable":
        level = score.low if criterion.direction == "benefit" else score.high
    else:
        level = score.high if criterion.direction == "benefit" else score.low
    return level if criterion.direction == "benefit" else 100.0 - level


def composed_value(
    composition: Composition, criteria: tuple[Criterion, ...], members: set[str], j: int, end: str = "base"
) -> float:
    """The value of the combination ``members`` on criterion ``j``, judgments at ``end``."""
    criterion = criteria[j]
    if not members:
        return value(composition.start[j], criterion, end)
    start = value(composition.start[j], criterion)
    rule = composition.rules[j]
    effects = [value(c.effects[j], criterion, end) for c in composition.components if c.id in members and c.effects[j]]
    if rule.mode == "weakest":
        result = min(effects) if effects else start
    else:
        gains = [(a - start) / (100 - start) for a in effects if a > start and start < 100]
        cuts = [(start - a) / start for a in effects if a < start and start > 0]

        def combined(shares: list[float]) -> float:
            if not shares:
                return 0.0
            independent = 1 - math.prod(1 - x for x in shares)
            return (1 - rule.overlap) * max(shares) + rule.overlap * independent

        result = (start + combined(gains) * (100 - start)) * (1 - combined(cuts))
    keep, damp = 1.0, 1.0
    for item in composition.interactions:
        if item.criterion != criterion.id or not set(item.components) <= members:
            continue
        share = item.share.base
        if end != "base":
            favourable = (end == "favourable") == (item.kind == "synergy")
            share = item.share.high if favourable else item.share.low
        if item.kind == "synergy":
            keep *= 1 - share / 100
        else:
            damp *= 1 - share / 100
    return min(100.0, max(0.0, (result + (1 - keep) * (100 - result)) * damp))


def feasible_sets(composition: Composition) -> list[frozenset[str]]:
    """Every combination that satisfies the constraints, by trying them all."""
    ids = composition.component_ids
    found = []
    for size in range(len(ids) + 1):
        for chosen in itertools.combinations(ids, size):
            members = set(chosen)
            ok = True
            for rule in composition.constraints:
                first, rest = rule.components[0] if rule.components else "", set(rule.components[1:])
                if rule.kind == "requires" and first in members and not members & rest:
                    ok = False
                if rule.kind == "excludes" and first in members and members & rest:
                    ok = False
                if rule.kind == "at_most" and len(members & set(rule.components or ids)) > rule.limit:
                    ok = False
            if ok:
                found.append(frozenset(members))
    return found
