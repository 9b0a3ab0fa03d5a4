"""The ``composition:`` block of a scenario file: checks, the built model, composed scores, dumps.

With a composition, a design's ``components`` must name declared components, the combination
must satisfy the constraints, and any score the file leaves out for a design is composed
from its components (:mod:`scoring.composition`); scores the file gives are kept as judged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from scoring.composition import arrays, compose, describe, masks_of, to_levels
from scoring.errors import Problem
from scoring.model import (
    CombineRule,
    Component,
    Composition,
    Constraint,
    Criterion,
    Design,
    Evidence,
    Interaction,
    Score,
)

if TYPE_CHECKING:  # pydantic and the models load on first use (a plain table never needs them)
    from scoring.spec._located import Located, PathKey
    from scoring.spec._schema import CompositionModel, ScoreModel

__all__ = ["build_composition", "check_composition", "composed_scores", "composition_dict", "quote_problems"]

_CONFIDENCE = ("low", "medium", "high")
_GROUNDING = ("quoted", "inferred", "assumption")


def _known(doc: Located, path: PathKey, name: object, known: Sequence[str], kind: str) -> list[Problem]:
    if isinstance(name, str) and name in known:
        return []
    return [doc.problem(path, f"unknown {kind} {name!r}; expected one of: {', '.join(known)}")]


def _violations(chosen: set[str], constraints: list[Any]) -> list[str]:
    """Constraint problems of one combination given as raw data (ids), in plain words."""
    found = []
    for rule in constraints:
        if not isinstance(rule, dict):
            continue
        needs, excludes, limit = rule.get("requires"), rule.get("excludes"), rule.get("at_most")
        if isinstance(needs, list) and len(needs) >= 2 and needs[0] in chosen and not chosen & set(needs[1:]):
            found.append(f"{needs[0]} requires one of: {', '.join(map(str, needs[1:]))}")
        if isinstance(excludes, list) and len(excludes) >= 2 and excludes[0] in chosen and chosen & set(excludes[1:]):
            found.append(f"{excludes[0]} cannot go with: {', '.join(map(str, excludes[1:]))}")
        if isinstance(limit, int):
            group = rule.get("of")
            counted = chosen & set(group) if isinstance(group, list) else chosen
            if len(counted) > limit:
                found.append(f"at most {limit} of {', '.join(map(str, group)) if group else 'the components'}")
    return found


def check_composition(doc: Located, criteria: list[str], designs: list[str]) -> list[Problem]:
    """Cross-references of the composition block (every problem, located)."""
    data = doc.data
    block = data.get("composition") if isinstance(data, dict) else None
    if not isinstance(block, dict):
        return []
    raw = block.get("components")
    items = raw if isinstance(raw, list) else []
    ids, problems = _component_ids(doc, items)
    problems += _start_problems(doc, data, block.get("start"), criteria, designs)
    for crit in block.get("rules") or {} if isinstance(block.get("rules"), dict) else {}:
        problems += _known(doc, ("composition", "rules", crit), crit, criteria, "criterion")
    problems += _component_problems(doc, items, criteria, designs)
    problems += _interaction_problems(doc, block, ids, criteria)
    listed = block.get("constraints")
    constraints: list[Any] = listed if isinstance(listed, list) else []
    problems += _constraint_problems(doc, constraints, ids)
    problems += _design_component_problems(doc, data, ids, constraints)
    return problems


def _component_ids(doc: Located, items: list[Any]) -> tuple[list[str], list[Problem]]:
    """The component ids in file order (repeats included) and the duplicate-id problems."""
    problems: list[Problem] = []
    ids: list[str] = []
    for i, item in enumerate(items):
        ident = item.get("id") if isinstance(item, dict) else None
        if isinstance(ident, str):
            if ident in ids:
                problems.append(doc.problem(("composition", "components", i, "id"), f"duplicate component {ident!r}"))
            ids.append(ident)
    return ids, problems


def _start_problems(
    doc: Located, data: dict[str, Any], start: object, criteria: list[str], designs: list[str]
) -> list[Problem]:
    """The ``start``: a known design scored on every criterion, or levels on every known criterion."""
    problems: list[Problem] = []
    if isinstance(start, str):
        problems += _known(doc, ("composition", "start"), start, designs, "design")
        row = (data.get("scores") or {}).get(start) if isinstance(data.get("scores"), dict) else None
        missing = [c for c in criteria if not isinstance(row, dict) or c not in row]
        if start in designs and missing:
            problems.append(
                doc.problem(("composition", "start"), f"design {start!r} has no score on: {', '.join(missing)}")
            )
    elif isinstance(start, dict):
        problems += [p for c in start for p in _known(doc, ("composition", "start", c), c, criteria, "criterion")]
        missing = [c for c in criteria if c not in start]
        if missing:
            problems.append(doc.problem(("composition", "start"), f"missing start levels on: {', '.join(missing)}"))
    return problems


def _component_problems(doc: Located, items: list[Any], criteria: list[str], designs: list[str]) -> list[Problem]:
    """Each component's ``alone`` design and ``effects`` criteria (it needs one or the other)."""
    problems: list[Problem] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        where: PathKey = ("composition", "components", i)
        if item.get("alone"):
            problems += _known(doc, (*where, "alone"), item["alone"], designs, "design")
        effects = item.get("effects")
        for crit in effects if isinstance(effects, dict) else {}:
            problems += _known(doc, (*where, "effects", crit), crit, criteria, "criterion")
        if not item.get("alone") and not effects:
            problems.append(doc.problem(where, "a component needs `alone` (a design) or `effects`"))
    return problems


def _interaction_problems(doc: Located, block: dict[str, Any], ids: list[str], criteria: list[str]) -> list[Problem]:
    """Each interaction's two different known components and known criterion, without repeats."""
    problems: list[Problem] = []
    seen: set[tuple[str, ...]] = set()
    for i, item in enumerate(block.get("interactions") or [] if isinstance(block.get("interactions"), list) else []):
        if not isinstance(item, dict):
            continue
        where: PathKey = ("composition", "interactions", i)
        pair = item.get("between")
        if isinstance(pair, list):
            for k, part in enumerate(pair):
                problems += _known(doc, (*where, "between", k), part, ids, "component")
            if len(pair) == 2 and pair[0] == pair[1]:
                problems.append(doc.problem((*where, "between"), "an interaction needs two different components"))
        problems += _known(doc, (*where, "criterion"), item.get("criterion"), criteria, "criterion")
        key = (*sorted(map(str, pair or [])), str(item.get("criterion")))
        if key in seen:
            problems.append(doc.problem(where, "duplicate interaction (same components and criterion)"))
        seen.add(key)
    return problems


def _constraint_problems(doc: Located, constraints: list[Any], ids: list[str]) -> list[Problem]:
    """Each constraint's single kind (requires, excludes or at_most) and its known components."""
    problems: list[Problem] = []
    for i, rule in enumerate(constraints):
        if not isinstance(rule, dict):
            continue
        where: PathKey = ("composition", "constraints", i)
        kinds = [k for k in ("requires", "excludes", "at_most") if rule.get(k) is not None]
        if len(kinds) != 1:
            problems.append(doc.problem(where, "expected exactly one of requires, excludes or at_most"))
        if rule.get("of") is not None and rule.get("at_most") is None:
            problems.append(doc.problem((*where, "of"), "`of` goes with at_most"))
        for field in ("requires", "excludes", "of"):
            listed = rule.get(field)
            for k, part in enumerate(listed if isinstance(listed, list) else []):
                problems += _known(doc, (*where, field, k), part, ids, "component")
    return problems


def _design_component_problems(
    doc: Located, data: dict[str, Any], ids: list[str], constraints: list[Any]
) -> list[Problem]:
    """Each design's components: known ids whose combination satisfies the constraints."""
    problems: list[Problem] = []
    for i, design in enumerate(data.get("designs") or [] if isinstance(data.get("designs"), list) else []):
        parts = design.get("components") if isinstance(design, dict) else None
        if not isinstance(parts, list):
            continue
        for k, part in enumerate(parts):
            problems += _known(doc, ("designs", i, "components", k), part, ids, "component")
        for broken in _violations({p for p in parts if isinstance(p, str)}, constraints):
            problems.append(doc.problem(("designs", i, "components"), f"breaks a constraint: {broken}"))
    return problems


def quote_problems(
    doc: Located, model: CompositionModel, haystack: str, file: str, normal: Callable[[str], str]
) -> list[Problem]:
    """Component evidence quotes that do not occur verbatim in the source text."""
    problems = []
    for i, component in enumerate(model.components):
        for k, evidence in enumerate(component.evidence):
            if normal(evidence.quote) not in haystack:
                where = ("composition", "components", i, "evidence", k, "quote")
                problems.append(doc.problem(where, f"quote not found verbatim in {file}: {evidence.quote[:60]!r}"))
    return problems


def _score(raw: ScoreModel | Score | float) -> Score:
    from scoring.spec._schema import ScoreModel

    if isinstance(raw, Score):  # a judgment already read (from a workbook)
        return raw
    judged = raw if isinstance(raw, ScoreModel) else ScoreModel(base=raw)
    low = judged.base if judged.low is None else judged.low
    high = judged.base if judged.high is None else judged.high
    return Score(judged.base, low, high, judged.rationale, judged.confidence, judged.resolved_grounding())


def build_composition(
    model: CompositionModel, criteria: Sequence[str], hand: Mapping[str, Mapping[str, ScoreModel | Score | float]]
) -> Composition:
    """The :class:`Composition` of a validated block; ``hand`` holds the file's scores by design."""
    if isinstance(model.start, str):
        start = tuple(_score(hand[model.start][c]) for c in criteria)
    else:
        start = tuple(_score(model.start[c]) for c in criteria)
    components = []
    for item in model.components:
        given = dict(hand.get(item.alone, {})) if item.alone else {}
        given.update(item.effects)
        effects = tuple(_score(given[c]) if c in given else None for c in criteria)
        evidence = tuple(Evidence(e.quote, e.note) for e in item.evidence)
        components.append(Component(item.id, item.name, item.description, effects, evidence, item.alone))
    rules = tuple(
        CombineRule(r.mode, float(r.overlap), r.rationale) if (r := model.rules.get(c)) else CombineRule()
        for c in criteria
    )
    interactions = tuple(
        Interaction((i.between[0], i.between[1]), i.criterion, i.kind, _score(i.share)) for i in model.interactions
    )
    constraints = []
    for rule in model.constraints:
        if rule.requires is not None:
            constraints.append(Constraint("requires", tuple(rule.requires), 1, rule.rationale))
        elif rule.excludes is not None:
            constraints.append(Constraint("excludes", tuple(rule.excludes), 1, rule.rationale))
        else:
            constraints.append(Constraint("at_most", tuple(rule.of or ()), int(rule.at_most or 0), rule.rationale))
    start_design = model.start if isinstance(model.start, str) else ""
    return Composition(tuple(components), start, rules, interactions, tuple(constraints), start_design)


def _weakest(scores: Sequence[Score]) -> tuple[str, str | None]:
    confidence = min((s.confidence for s in scores), key=_CONFIDENCE.index)
    known = [s.grounding for s in scores if s.grounding is not None]
    return confidence, max(known, key=_GROUNDING.index) if known else None


def composed_scores(
    composition: Composition, criteria: Sequence[Criterion], design: Design, wanted: Sequence[int]
) -> dict[int, Score]:
    """Composed scores of ``design`` on the criteria indices ``wanted`` (levels, with ranges)."""
    spec = arrays(composition, criteria)
    mask = masks_of([design.components], spec.component_ids)
    levels = to_levels(compose(spec, mask)[:, 0, :], spec.directions)
    low, high = np.minimum(levels[0], levels[2]), np.maximum(levels[0], levels[2])
    members = set(design.components)
    found = {}
    for j in wanted:
        cid = criteria[j].id
        parts = [(c.id, e) for c in composition.components if c.id in members and (e := c.effects[j]) is not None]
        pairs = [i for i in composition.interactions if i.criterion == cid and set(i.components) <= members]
        used = [effect for _, effect in parts] + [i.share for i in pairs]
        rule = composition.rules[j]
        how = "weakest part" if rule.mode == "weakest" else f"accumulate, overlap {rule.overlap:g}"
        text = ", ".join(f"{ident} {effect.base:g}" for ident, effect in parts)
        text += "".join(f"; {i.kind} {'+'.join(i.components)} {i.share.base:g}%" for i in pairs)
        mask_text = describe(int(mask[0]), spec.component_ids)
        rationale = f"Composed ({how}) from {text or 'the start level'} ({mask_text})."
        confidence, grounding = _weakest(used or [composition.start[j]])
        found[j] = Score(
            float(round(levels[1, j], 6)),
            float(round(low[j], 6)),
            float(round(high[j], 6)),
            rationale,
            confidence,  # type: ignore[arg-type]
            grounding,  # type: ignore[arg-type]
        )
    return found


def composition_dict(
    composition: Composition,
    criteria: Sequence[str],
    scores_of: Callable[[str], dict[str, Score]],
    score_dict: Callable[[Score], dict[str, Any]],
) -> dict[str, Any]:
    """The composition as plain data in the file format (effects taken from ``alone`` are not repeated)."""
    start: Any = composition.start_design or {
        c: score_dict(s) for c, s in zip(criteria, composition.start, strict=True)
    }
    components = []
    for item in composition.components:
        inherited = scores_of(item.alone) if item.alone else {}
        effects = {
            c: score_dict(e)
            for c, e in zip(criteria, item.effects, strict=True)
            if e is not None and inherited.get(c) != e
        }
        entry: dict[str, Any] = {"id": item.id, "name": item.name, "description": item.description}
        if item.alone:
            entry["alone"] = item.alone
        if effects:
            entry["effects"] = effects
        if item.evidence:
            entry["evidence"] = [{"quote": e.quote, "note": e.note} for e in item.evidence]
        components.append(entry)
    constraints = []
    for rule in composition.constraints:
        entry = {rule.kind: list(rule.components)} if rule.kind != "at_most" else {"at_most": rule.limit}
        if rule.kind == "at_most" and rule.components:
            entry["of"] = list(rule.components)
        constraints.append({**entry, "rationale": rule.rationale})
    return {
        "start": start,
        "rules": {
            c: {"mode": r.mode, "overlap": r.overlap, "rationale": r.rationale}
            for c, r in zip(criteria, composition.rules, strict=True)
        },
        "components": components,
        "interactions": [
            {"between": list(i.components), "criterion": i.criterion, "kind": i.kind, "share": score_dict(i.share)}
            for i in composition.interactions
        ],
        "constraints": constraints,
    }
