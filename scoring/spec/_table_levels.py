"""From a plain table's parsed columns (:mod:`scoring.spec.table`) to 0-100 levels and the scenario set."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from scoring.model import Criterion, Design, Lens, ScenarioSet, Source
from scoring.spec._table_cells import Problems, plain_number, unranged_scores

if TYPE_CHECKING:
    from scoring.io.tables import RawTable

__all__ = ["LENS_ID", "build_set", "rescale"]

#: The one lens of a scenario set read from a plain table.
LENS_ID = "table"


def rescale(
    values: np.ndarray,
    lower: list[float],
    upper: list[float],
    directions: list[str],
    names: list[str],
    rows: list[int],
    problems: Problems,
) -> tuple[np.ndarray, list[tuple[float, float, bool, bool]]]:
    """Levels on 0-100 per column (observed range unless bounds), and each column's scale."""
    low_seen, high_seen = values.min(axis=0), values.max(axis=0)
    given_low, given_high = np.array(lower), np.array(upper)
    low = np.where(np.isnan(given_low), low_seen, given_low)
    high = np.where(np.isnan(given_high), high_seen, given_high)
    scales = [
        (float(lo), float(hi), not math.isnan(gl), not math.isnan(gh))
        for lo, hi, gl, gh in zip(low, high, given_low, given_high, strict=True)
    ]
    bounded = ~(np.isnan(given_low) & np.isnan(given_high))
    for j in np.flatnonzero(bounded & (high <= low)):
        problems.add(
            0,
            int(j) + 1,
            f"column {names[j]!r}: the scale's upper end {plain_number(high[j])} must exceed "
            f"its lower end {plain_number(low[j])}",
        )
    outside = bounded & ((low_seen < low) | (high_seen > high))
    for j in np.flatnonzero(outside):
        for i in np.flatnonzero((values[:, j] < low[j]) | (values[:, j] > high[j]))[:3]:
            problems.add(
                rows[int(i)],
                int(j) + 1,
                f"column {names[j]!r}: {plain_number(values[i, j])} lies outside the scale "
                f"[{plain_number(low[j])}, {plain_number(high[j])}]",
            )
    span = high - low
    varies = span > 0
    safe = np.where(varies, span, 1.0)
    with np.errstate(over="ignore"):
        factor = 100.0 / safe  # one factor per column: a 0-100 scale maps each value to itself exactly
    tiny = ~np.isfinite(factor)  # a span so small that 100 / span overflows: divide instead
    offset = values - low
    levels = np.where(tiny, offset / safe * 100.0, offset * np.where(tiny, 0.0, factor))
    levels = np.clip(np.where(varies, levels, 0.0), 0.0, 100.0) + 0.0
    cost = np.array([d == "cost" for d in directions])
    flat = ~varies
    if np.any(flat):  # no information: every design gets the top value (wsm's local-scale rule)
        levels[:, flat & ~cost] = 100.0
        levels[:, flat & cost] = 0.0
    return levels, scales


def build_set(
    raw: RawTable,
    names: list[str],
    criterion_ids: list[str],
    directions: list[str],
    scales: list[tuple[float, float, bool, bool]],
    designs: list[tuple[str, int]],
    design_ids: list[str],
    levels: np.ndarray,
    points: list[float],
    described: str,
) -> ScenarioSet:
    """The scenario set of a parsed table: one criterion per column (its scale described), one lens."""
    source = Path(raw.name).name
    criteria = []
    for name, ident, direction, (low, high, fixed_low, fixed_high) in zip(
        names, criterion_ids, directions, scales, strict=True
    ):
        lo_said = "the scale minimum given" if fixed_low else "the lowest value in the table"
        hi_said = "the scale maximum given" if fixed_high else "the highest value in the table"
        lo_text, hi_text = f"{plain_number(low)} ({lo_said})", f"{plain_number(high)} ({hi_said})"
        if high > low:
            description = (
                f"Plain-table column {name!r}, rescaled linearly: level = 100 x (value - "
                f"{plain_number(low)}) / ({plain_number(high)} - {plain_number(low)})"
                + ("; a cost: less is better." if direction == "cost" else ".")
            )
        else:
            description = f"Plain-table column {name!r}: every design has {plain_number(low)} (no information)."
        criteria.append(
            Criterion(ident, name, direction, description, "", ((0.0, lo_text), (100.0, hi_text)))  # type: ignore[arg-type]
        )
    scores = unranged_scores(levels)
    lens = Lens(LENS_ID, "Table weights", described, tuple(zip(criterion_ids, points, strict=True)))
    return ScenarioSet(
        title=Path(raw.name).stem or "table",
        criteria=tuple(criteria),
        designs=tuple(Design(ident, name) for ident, (name, _r) in zip(design_ids, designs, strict=True)),
        scores=scores,
        lenses=(lens,),
        default_lens=LENS_ID,
        source=Source(note=f"Read from the plain table {source}."),
        origin=raw.name,
        origin_sha256=raw.digest,
    )
