"""What changed between two versions of a scenario set, item by item (for :mod:`scoring.analysis.diff`).

Judgment changes are found with numpy on the level matrices and one pass over the judgments
of the designs whose rows differ, and kept as columns (design, criterion, field, old, new);
everything else becomes :class:`Change` records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from scoring.model import Criterion, Design, Lens, ScenarioSet

__all__ = ["Change", "list_changes"]


@dataclass(frozen=True, slots=True)
class Change:
    """One change: its kind (set, criterion, design, lens, weight), the item, the field, old -> new.

    ``field`` is ``"added"`` or ``"removed"`` for an item in only one version (``old`` or
    ``new`` is then None); a weight change's item is ``lens/criterion`` and its field ``points``.
    """

    kind: str
    item: str
    field: str
    old: Any
    new: Any


def _criterion_fields(criterion: Criterion) -> dict[str, Any]:
    return {
        "name": criterion.name,
        "direction": criterion.direction,
        "description": criterion.description,
        "branch": criterion.branch,
        "scale": {float(level): text for level, text in criterion.scale},
        "evidence": [e.quote for e in criterion.evidence],
        "evidence notes": [e.note for e in criterion.evidence],
    }


def _design_fields(design: Design) -> dict[str, Any]:
    return {"name": design.name, "description": design.description, "components": list(design.components)}


def _lens_fields(lens: Lens) -> dict[str, Any]:
    return {"name": lens.name, "description": lens.description}


def _items(kind: str, old: dict[str, Any], new: dict[str, Any], fields: Any) -> list[Change]:
    out = [Change(kind, ident, "removed", ident, None) for ident in old if ident not in new]
    out += [Change(kind, ident, "added", None, ident) for ident in new if ident not in old]
    for ident, item in new.items():
        if ident in old and old[ident] != item:
            before, after = fields(old[ident]), fields(item)
            out += [Change(kind, ident, key, before[key], after[key]) for key in after if before[key] != after[key]]
    return out


def _set_fields(scenario: ScenarioSet) -> dict[str, Any]:
    return {
        "title": scenario.title,
        "version": scenario.version,
        "question": scenario.question,
        "source title": scenario.source.title,
        "source file": scenario.source.file,
        "source note": scenario.source.note,
        "default lens": scenario.default_lens,
        "branches": [(b.id, b.name, b.description) for b in scenario.branches],
    }


def _weights(old: ScenarioSet, new: ScenarioSet, criteria: list[str]) -> list[Change]:
    out = []
    for lens in new.lenses:
        if lens.id not in old.lens_ids:
            continue
        before, after = old.lens(lens.id).weight_map(), lens.weight_map()
        for cid in criteria:
            if before.get(cid, 0.0) != after.get(cid, 0.0) or (cid in before) != (cid in after):
                out.append(Change("weight", f"{lens.id}/{cid}", "points", before.get(cid), after.get(cid)))
    return out


def _judgments(old: ScenarioSet, new: ScenarioSet, designs: list[str]) -> dict[str, list[Any]]:
    """Columns design, criterion, field, old, new for every judgment field that changed."""
    old_rows = {d: k for k, d in enumerate(old.design_ids)}
    new_rows = {d: k for k, d in enumerate(new.design_ids)}
    old_columns = {c: k for k, c in enumerate(old.criterion_ids)}
    shared = [(j, old_columns[c]) for j, c in enumerate(new.criterion_ids) if c in old_columns]
    columns: dict[str, list[Any]] = {"design": [], "criterion": [], "field": [], "old": [], "new": []}
    if not designs or not shared:
        return columns
    rows_old = [old_rows[d] for d in designs]
    rows_new = [new_rows[d] for d in designs]
    cols_new = [j for j, _ in shared]
    cols_old = [k for _, k in shared]
    design_ids = np.array(designs, dtype=object)
    criterion_ids = np.array([new.criterion_ids[j] for j in cols_new], dtype=object)
    for kind in ("base", "low", "high"):
        before = old.matrix(kind)[np.ix_(rows_old, cols_old)]
        after = new.matrix(kind)[np.ix_(rows_new, cols_new)]
        i, j = np.nonzero(before != after)
        columns["design"].extend(design_ids[i].tolist())
        columns["criterion"].extend(criterion_ids[j].tolist())
        columns["field"].extend([kind] * len(i))
        columns["old"].extend(before[i, j].tolist())
        columns["new"].extend(after[i, j].tolist())
    for design, ro, rn in zip(designs, rows_old, rows_new, strict=True):
        row_old, row_new = old.scores[ro], new.scores[rn]
        for jn, jo in shared:
            a, b = row_old[jo], row_new[jn]
            if a is b:
                continue
            for name in ("confidence", "grounding", "rationale"):
                x, y = getattr(a, name), getattr(b, name)
                if x != y:
                    columns["design"].append(design)
                    columns["criterion"].append(new.criterion_ids[jn])
                    columns["field"].append(name)
                    columns["old"].append(x)
                    columns["new"].append(y)
    return columns


def list_changes(
    old: ScenarioSet, new: ScenarioSet, designs: list[str], criteria: list[str]
) -> tuple[tuple[Change, ...], dict[str, list[Any]], set[str]]:
    """The non-judgment changes, the judgment changes as columns, and the criteria whose direction flipped."""
    before, after = _set_fields(old), _set_fields(new)
    changes = [Change("set", "", key, before[key], after[key]) for key in after if before[key] != after[key]]
    old_criteria = {c.id: c for c in old.criteria}
    new_criteria = {c.id: c for c in new.criteria}
    changes += _items("criterion", old_criteria, new_criteria, _criterion_fields)
    changes += _items("design", {d.id: d for d in old.designs}, {d.id: d for d in new.designs}, _design_fields)
    changes += _items("lens", {x.id: x for x in old.lenses}, {x.id: x for x in new.lenses}, _lens_fields)
    if list(old.criterion_ids) != [c for c in new.criterion_ids if c in old_criteria] + [
        c for c in old.criterion_ids if c not in new_criteria
    ]:
        changes.append(Change("set", "", "criterion order", list(old.criterion_ids), list(new.criterion_ids)))
    changes += _weights(old, new, criteria)
    flipped = {
        cid for cid, c in new_criteria.items() if cid in old_criteria and old_criteria[cid].direction != c.direction
    }
    return tuple(changes), _judgments(old, new, designs), flipped
