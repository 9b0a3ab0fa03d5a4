"""Cross-checks of a parsed scenario file: sizes, ids (duplicates ignoring case), references, ranges.

Every check returns located problems (``file:line``) so that :func:`scoring.spec.load_text`
reports them all at once; the size check raises at once, before any per-item work.
Membership tests use sets, so the checks stay linear in the size of the set.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from scoring.errors import Problem, SpecError
from scoring.limits import MAX_CRITERIA, MAX_DESIGNS, MAX_JUDGMENTS, MAX_LENSES, fold
from scoring.spec._analysts import check_analysts
from scoring.spec._composition import check_composition
from scoring.spec._located import Located, PathKey
from scoring.spec._schema import grounding_conflict

__all__ = ["LENGTHS", "check_size", "cross_checks"]


def _ids(items: Any, kind: str, doc: Located, repeated: set[str]) -> tuple[list[str], list[Problem]]:
    """Ids in file order and the duplicates (ignoring case); each duplicate goes into ``repeated``
    so that its other uses are not reported again as unknown."""
    ids: list[str] = []
    problems: list[Problem] = []
    if not isinstance(items, list):
        return ids, problems
    seen: dict[str, tuple[str, int]] = {}
    for i, item in enumerate(items):
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str):
            continue
        key = fold(ident)
        if key in seen:
            first, at = seen[key]
            case = "" if first == ident else f": {first!r} differs only in case (spreadsheets match ids ignoring case)"
            problems.append(doc.problem((kind, i, "id"), f"duplicate id {ident!r} (first at {kind}[{at}]){case}"))
            repeated.add(ident)
        else:
            seen[key] = (ident, i)
            ids.append(ident)
    return ids, problems


def check_size(doc: Located) -> None:
    """Refuse a set beyond the size policy before any per-item work (one line, located)."""
    data = doc.data
    if not isinstance(data, dict):
        return
    counts = {
        key: len(data[key]) if isinstance(data.get(key), list) else 0 for key in ("designs", "criteria", "lenses")
    }
    for key, limit in (("designs", MAX_DESIGNS), ("criteria", MAX_CRITERIA), ("lenses", MAX_LENSES)):
        if counts[key] > limit:
            raise SpecError.at(doc.where_key(key), f"{key}: {counts[key]:,} {key}; at most {limit:,} are allowed")
    if counts["designs"] * counts["criteria"] > MAX_JUDGMENTS:
        raise SpecError.at(
            doc.where_key("designs"),
            f"designs: {counts['designs']:,} designs x {counts['criteria']:,} criteria; "
            f"at most {MAX_JUDGMENTS:,} judgments are allowed",
        )


def cross_checks(doc: Located) -> list[Problem]:
    """Every cross-reference problem of a parsed file (ids, references, ranges), in file-section order."""
    data = doc.data
    if not isinstance(data, dict):
        return [doc.problem((), f"expected a mapping (title, criteria, designs, ...), got {type(data).__name__}")]
    known, problems = _declared(doc, data)
    problems += _branch_problems(doc, data, known.branches)
    scores = data.get("scores")
    if isinstance(scores, dict):
        problems += _score_problems(doc, scores, known)
        problems += _missing_score_problems(doc, data, scores, known)
    problems += _lens_problems(doc, data, known)
    problems += check_composition(doc, known.criteria, known.designs)
    problems += check_analysts(doc, known.designs, known.criteria)
    default = data.get("default_lens")
    if default and known.lenses and default not in known.lenses:
        problems.append(
            doc.problem(("default_lens",), f"unknown lens {default!r}; expected one of: {', '.join(known.lenses)}")
        )
    return problems


@dataclass(frozen=True, slots=True)
class _Declared:
    """The ids a file declares, and those declared twice (whose other uses are not reported again)."""

    criteria: _Known
    designs: _Known
    lenses: list[str]
    branches: _Known
    repeated: frozenset[str]


def _declared(doc: Located, data: dict[str, Any]) -> tuple[_Declared, list[Problem]]:
    """The declared ids of criteria, designs, lenses and branches, and their duplicate-id problems."""
    problems: list[Problem] = []
    repeated: set[str] = set()
    criteria, found = _ids(data.get("criteria"), "criteria", doc, repeated)
    problems += found
    designs, found = _ids(data.get("designs"), "designs", doc, repeated)
    problems += found
    lenses, found = _ids(data.get("lenses"), "lenses", doc, repeated)
    problems += found
    branches, found = _ids(data.get("branches"), "branches", doc, repeated)
    problems += found
    known = _Declared(_Known(criteria), _Known(designs), lenses, _Known(branches), frozenset(repeated))
    return known, problems


def _branch_problems(doc: Located, data: dict[str, Any], branches: _Known) -> list[Problem]:
    """Criteria that name an undeclared branch (checked only when branches are declared)."""
    problems: list[Problem] = []
    if not branches or not isinstance(data.get("criteria"), list):
        return problems
    for i, crit in enumerate(data["criteria"]):
        branch = crit.get("branch") if isinstance(crit, dict) else None
        if branch and branch not in branches:
            problems.append(
                doc.problem(
                    ("criteria", i, "branch"), f"unknown branch {branch!r}; expected one of: {', '.join(branches)}"
                )
            )
    return problems


def _score_problems(doc: Located, scores: dict[Any, Any], known: _Declared) -> list[Problem]:
    """Unknown designs and criteria in ``scores``, and each judgment's range and grounding."""
    problems: list[Problem] = []
    designs, criteria, repeated = known.designs, known.criteria, known.repeated
    for design, row in scores.items():
        if design not in designs:
            if design in repeated:
                continue
            problems.append(
                doc.problem(("scores", design), f"unknown design {design!r}; expected one of: {', '.join(designs)}")
            )
            continue
        if not isinstance(row, dict):
            continue
        for crit, value in row.items():
            path: PathKey = ("scores", design, crit)
            if crit not in criteria:
                if crit in repeated:
                    continue
                problems.append(
                    doc.problem(path, f"unknown criterion {crit!r}; expected one of: {', '.join(criteria)}")
                )
            elif isinstance(value, dict):
                problems += _range_check(doc, path, value)
                conflict = grounding_conflict(value.get("grounding"), value.get("assumption"))
                if conflict:
                    problems.append(doc.problem((*path, "assumption"), conflict))
    return problems


def _missing_score_problems(
    doc: Located, data: dict[str, Any], scores: dict[Any, Any], known: _Declared
) -> list[Problem]:
    """Designs without a score on some criterion (none when a composition can compose them)."""
    problems: list[Problem] = []
    for design in known.designs if not isinstance(data.get("composition"), dict) else ():  # composed if missing
        row = scores.get(design)
        missing = [c for c in known.criteria if not isinstance(row, dict) or c not in row]
        if missing:
            where = ("scores", design) if isinstance(row, dict) else ("scores",)
            problems.append(doc.problem(where, f"missing scores for design {design!r} on: {', '.join(missing)}"))
    return problems


def _lens_problems(doc: Located, data: dict[str, Any], known: _Declared) -> list[Problem]:
    """Each lens's weights: unknown criteria, criteria without a weight, weights all zero."""
    problems: list[Problem] = []
    if not isinstance(data.get("lenses"), list):
        return problems
    criteria = known.criteria
    for i, lens in enumerate(data["lenses"]):
        weights = lens.get("weights") if isinstance(lens, dict) else None
        if not isinstance(weights, dict):
            continue
        for crit in weights:
            if crit not in criteria and crit not in known.repeated:
                problems.append(doc.problem(("lenses", i, "weights", crit), f"unknown criterion {crit!r}"))
        missing = [c for c in criteria if c not in weights]
        if missing:
            problems.append(
                doc.problem(
                    ("lenses", i, "weights"),
                    f"no weight for criterion {missing[0]!r}"
                    + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else "")
                    + "; write 0 to leave a criterion out of a lens",
                )
            )
        numbers = [w for c, w in weights.items() if c in criteria and isinstance(w, (int, float))]
        if numbers and all(w >= 0 for w in numbers) and sum(numbers) <= 0:
            problems.append(doc.problem(("lenses", i, "weights"), "weights must not all be zero (got 0 in total)"))
    return problems


LENGTHS: dict[PathKey, int] = {("designs",): MAX_DESIGNS, ("criteria",): MAX_CRITERIA, ("lenses",): MAX_LENSES}


class _Known(list[str]):
    """Ids in file order with O(1) membership (validation must stay linear in the set's size)."""

    def __init__(self, ids: list[str]) -> None:
        super().__init__(ids)
        self._set = frozenset(ids)

    def __contains__(self, item: object) -> bool:
        return item in self._set


def _range_check(doc: Located, path: PathKey, value: dict[str, Any]) -> list[Problem]:
    numbers = {k: value.get(k) for k in ("low", "base", "high")}
    if not all((isinstance(v, (int, float)) and math.isfinite(v)) or v is None for v in numbers.values()):
        return []  # non-numbers and NaN/inf are reported by the schema check
    base = numbers["base"]
    low = base if numbers["low"] is None else numbers["low"]
    high = base if numbers["high"] is None else numbers["high"]
    if base is None or low is None or high is None:
        return []
    if not low <= base <= high:
        return [doc.problem(path, f"expected low <= base <= high, got low={low:g}, base={base:g}, high={high:g}")]
    return []
