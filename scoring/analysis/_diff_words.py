"""Tables and plain words for a :class:`~scoring.analysis.diff.Diff`: parts, moves, rank sentences, JSON."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

    from scoring.analysis.diff import Diff

__all__ = ["document", "moves_frame", "ordinal", "parts_frame", "rank_sentences"]


def ordinal(rank: int) -> str:
    """``1`` -> ``"1st"``, ``12`` -> ``"12th"``, ``22`` -> ``"22nd"``."""
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"


def _number(value: float) -> str:
    return f"{value:g}"


def _amount(diff: Diff, part: float) -> str:
    return f"{part:+.1f} points" if diff.exact or diff.method == "wsm" else f"{part:+.3g}"


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


def _parts(diff: Diff, row: int) -> list[tuple[str, str, float]]:
    """(edit, kind, part) of one design, nonzero, largest first."""
    found: list[tuple[str, str, float]] = []
    for slot, column in enumerate(diff.weight_columns):
        part = float(diff.weight_parts[row, slot])
        if part != 0.0:
            found.append((_weight_text(diff, int(column)), "weight", part))
    for column in np.flatnonzero(diff.score_parts[row]):
        found.append((_score_text(diff, row, int(column)), "score", float(diff.score_parts[row, column])))
    if diff.membership[row] != 0.0 and not math.isnan(diff.membership[row]):
        moved = [*diff.designs_added, *(f"-{d}" for d in diff.designs_removed)]
        found.append((f"designs added or removed ({', '.join(moved[:5])})", "designs", float(diff.membership[row])))
    found.sort(key=lambda item: -abs(item[2]))
    return found


def parts_frame(diff: Diff, row: int) -> pd.DataFrame:
    import pandas as pd

    rows = _parts(diff, row)
    rest = float(diff.interaction[row])
    if not diff.exact and rest != 0.0:
        rows.append(("interaction (edits together minus one at a time)", "interaction", rest))
    return pd.DataFrame(rows, columns=["edit", "kind", "part"])


def _drivers(diff: Diff, row: int, top: int) -> list[str]:
    found = _parts(diff, row)
    shown = [f"{text} ({_amount(diff, part)})" for text, _, part in found[:top] if round(part, 10) != 0.0]
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


def rank_sentences(diff: Diff, top: int) -> list[str]:
    sentences = []
    for row in np.argsort(diff.new_ranks, kind="stable"):
        before, after = int(diff.old_ranks[row]), int(diff.new_ranks[row])
        if before == after:
            continue
        verb = "rose" if after < before else "fell"
        drivers = _drivers(diff, int(row), top) or ["its score did not change"]
        why = ", ".join(drivers + _crossed(diff, int(row)))
        sentences.append(f"{diff.design_names[row]} {verb} from {ordinal(before)} to {ordinal(after)}: {why}")
    return sentences


def moves_frame(diff: Diff, top: int) -> pd.DataFrame:
    import pandas as pd

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
