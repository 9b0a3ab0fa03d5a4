"""Tables and plain words for a :class:`~scoring.analysis.diff.Diff`: parts, moves, rank sentences, JSON."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

    from scoring.analysis.diff import Diff

__all__ = ["document", "largest_moves", "moves_frame", "ordinal", "parts_frame", "rank_sentences"]


def ordinal(rank: int) -> str:
    """``1`` -> ``"1st"``, ``12`` -> ``"12th"``, ``22`` -> ``"22nd"``."""
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"


def _number(value: float) -> str:
    return f"{value:g}"


def _amount(diff: Diff, part: float) -> str:
    return f"{part:+.1f} points" if diff.exact else f"{part:+.3g}"


def _weight_text(diff: Diff, column: int) -> str:
    name = diff.criterion_names[column]
    before, after = diff.old_points[column], diff.new_points[column]
    cid = diff.criterion_ids[column]
    if cid in diff.criteria_added:
        return f"{name} added with {_number(after)} points"
    if cid in diff.criteria_removed:
        return f"{name} removed (had {_number(before)} points)"
    verb = "raised" if after > before else "cut"
    return f"weight of {name} {verb} from {_number(before)} to {_number(after)} points"


def _score_text(diff: Diff, row: int, column: int) -> str:
    name = diff.criterion_names[column]
    before, after = diff.old_levels[row, column], diff.new_levels[row, column]
    own = not (math.isnan(before) or math.isnan(after)) and before != after
    if diff.direction_changed[column]:
        text = f"{name} turned round (benefit/cost)" + (f", level {_number(before)} to {_number(after)}" if own else "")
    elif own:
        text = f"{name} {'raised' if after > before else 'cut'} from {_number(before)} to {_number(after)}"
    else:
        text = f"other designs' scores on {name}"
    if not diff.exact and own:
        text += " (with the other edits on it)"
    return text


def _raw_parts(diff: Diff, row: int) -> list[tuple[str, int, float]]:
    """(kind, column or slot, part) of one design's nonzero parts, largest first (no text yet)."""
    found = [("weight", slot, float(part)) for slot, part in enumerate(diff.weight_parts[row].tolist()) if part != 0.0]
    scored = np.flatnonzero(diff.score_parts[row])
    found += [("score", int(j), float(p)) for j, p in zip(scored, diff.score_parts[row, scored].tolist(), strict=True)]
    if diff.membership[row] != 0.0 and not math.isnan(diff.membership[row]):
        found.append(("designs", 0, float(diff.membership[row])))
    found.sort(key=lambda item: -abs(item[2]))
    return found


def _edit_text(diff: Diff, row: int, kind: str, index: int) -> str:
    if kind == "weight":
        return _weight_text(diff, int(diff.weight_columns[index]))
    if kind == "score":
        return _score_text(diff, row, index)
    moved = [*diff.designs_added, *(f"-{d}" for d in diff.designs_removed)]
    return f"designs added or removed ({', '.join(moved[:5])})"


def _parts(diff: Diff, row: int) -> list[tuple[str, str, float]]:
    """(edit, kind, part) of one design, nonzero, largest first."""
    return [(_edit_text(diff, row, kind, index), kind, part) for kind, index, part in _raw_parts(diff, row)]


def parts_frame(diff: Diff, row: int) -> pd.DataFrame:
    import pandas as pd

    rows = _parts(diff, row)
    rest = float(diff.interaction[row])
    if not diff.exact and rest != 0.0:
        rows.append(("interaction (edits together minus one at a time)", "interaction", rest))
    return pd.DataFrame(rows, columns=["edit", "kind", "part"])


def _drivers(diff: Diff, row: int, top: int) -> list[str]:
    found = _raw_parts(diff, row)
    shown = [
        f"{_edit_text(diff, row, kind, index)} ({_amount(diff, part)})"
        for kind, index, part in found[:top]
        if round(part, 10) != 0.0
    ]
    rest = sum(part for _, _, part in found[top:])
    if len(found) > top and round(rest, 10) != 0.0:
        shown.append(f"{len(found) - top} smaller edits ({_amount(diff, rest)})")
    return shown


def _crossed(diff: Diff, row: int) -> list[str]:
    old, new = diff.old_ranks, diff.new_ranks
    passed_it = (old > old[row]) & (new < new[row])
    passed_by_it = (old < old[row]) & (new > new[row])
    names = np.array(diff.design_names, dtype=object)
    if new[row] > old[row]:
        return ["overtaken by " + ", ".join(names[passed_it][:3])] if passed_it.any() else []
    return ["passing " + ", ".join(names[passed_by_it][:3])] if passed_by_it.any() else []


def largest_moves(diff: Diff, limit: int | None) -> np.ndarray:
    """Rows of the designs whose rank changed most (then score), in new rank order (all for ``None``)."""
    moved = np.flatnonzero(diff.old_ranks != diff.new_ranks)
    if limit is not None and moved.size > limit:
        keys = np.lexsort((-np.abs(diff.change[moved]), -np.abs(diff.old_ranks[moved] - diff.new_ranks[moved])))
        moved = moved[keys[:limit]]
    order: np.ndarray = moved[np.argsort(diff.new_ranks[moved], kind="stable")]
    return order


def rank_sentences(diff: Diff, top: int, limit: int | None = None) -> list[str]:
    sentences = []
    for row in largest_moves(diff, limit):
        before, after = int(diff.old_ranks[row]), int(diff.new_ranks[row])
        verb = "rose" if after < before else "fell"
        drivers = _drivers(diff, int(row), top) or ["its score did not change"]
        why = ", ".join(drivers + _crossed(diff, int(row)))
        sentences.append(f"{diff.design_names[row]} {verb} from {ordinal(before)} to {ordinal(after)}: {why}")
    return sentences


def moves_frame(diff: Diff, top: int, limit: int | None = None) -> pd.DataFrame:
    import pandas as pd

    if limit is not None and len(diff.design_ids) > limit:
        order = largest_moves(diff, limit)
    else:
        order = np.argsort(diff.new_ranks, kind="stable")
    return pd.DataFrame(
        {
            "design": [diff.design_ids[i] for i in order],
            "name": [diff.design_names[i] for i in order],
            "old_score": diff.old_scores[order],
            "new_score": diff.new_scores[order],
            "change": diff.change[order],
            "old_rank": diff.old_ranks[order],
            "new_rank": diff.new_ranks[order],
            "drivers": ["; ".join(_drivers(diff, int(i), top)) for i in order],
        }
    )


def document(diff: Diff, top: int) -> dict[str, Any]:
    from scoring._json import plain

    designs = []
    for row in np.argsort(diff.new_ranks, kind="stable"):
        i = int(row)
        designs.append(
            {
                "design": diff.design_ids[i],
                "name": diff.design_names[i],
                "old_score": float(diff.old_scores[i]),
                "new_score": float(diff.new_scores[i]),
                "change": float(diff.change[i]),
                "old_rank": int(diff.old_ranks[i]),
                "new_rank": int(diff.new_ranks[i]),
                "parts": [{"edit": text, "kind": kind, "part": part} for text, kind, part in _parts(diff, i)],
                "interaction": float(diff.interaction[i]),
            }
        )
    judged = diff.judgments
    judgments = (
        [
            {"design": d, "criterion": c, "field": f, "old": o, "new": n}
            for d, c, f, o, n in zip(
                judged["design"], judged["criterion"], judged["field"], judged["old"], judged["new"], strict=True
            )
        ]
        if judged
        else []
    )
    ready: dict[str, Any] = plain(
        {
            "old": diff.old_name,
            "new": diff.new_name,
            "lens": diff.lens,
            "method": diff.method,
            "attribution": diff.attribution,
            "criteria_added": list(diff.criteria_added),
            "criteria_removed": list(diff.criteria_removed),
            "designs_added": list(diff.designs_added),
            "designs_removed": list(diff.designs_removed),
            "lenses_added": list(diff.lenses_added),
            "lenses_removed": list(diff.lenses_removed),
            "changes": [
                {"kind": c.kind, "item": c.item, "field": c.field, "old": c.old, "new": c.new} for c in diff.changes
            ],
            "judgments": judgments,
            "designs": designs,
            "rank_changes": rank_sentences(diff, top),
        }
    )
    return ready
