"""Tornado: how far each design's additive total moves as one score spans its range.

For design ``i`` and criterion ``j`` the score is set to its low and then its high
level while every other score stays at its base level, under fixed lens weights:

    total(level) = base_total + w_j (value(level) - value(base))

with ``value(x) = x`` for a benefit criterion and ``100 - x`` for a cost criterion, so
for a cost criterion the *high* level *lowers* the total. ``swing`` is
``|total_at_high_level - total_at_low_level|`` (``w_j`` times the width of the range).
Totals are on the 0-100 scale of :func:`scoring.score` with wsm.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from scoring.model import ScenarioSet

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["tornado"]


def tornado(scenario: ScenarioSet, lens: str | None = None, *, design: str | None = None) -> pd.DataFrame:
    """One row per design x criterion, largest swing first.

    Columns: ``design``, ``criterion``, ``base_total``, ``total_at_low_level``,
    ``total_at_high_level``, ``swing``. ``design`` restricts the rows to one design id.

    Examples
    --------
    >>> import scoring
    >>> table = tornado(scoring.load(), "balanced")
    >>> bool(table["swing"].is_monotonic_decreasing)
    True
    """
    import pandas as pd

    weights = scenario.weights(lens)
    base = scenario.values("base")
    # values() maps a cost level x to 100 - x, so the low *level* is values("low").
    at_low = scenario.values("low")
    at_high = scenario.values("high")
    totals = base @ weights
    low_totals = totals[:, None] + weights * (at_low - base)
    high_totals = totals[:, None] + weights * (at_high - base)
    n, m = base.shape
    frame = pd.DataFrame(
        {
            "design": np.repeat(np.array(scenario.design_ids, dtype=object), m),
            "criterion": np.tile(np.array(scenario.criterion_ids, dtype=object), n),
            "base_total": np.repeat(totals, m),
            "total_at_low_level": low_totals.ravel(),
            "total_at_high_level": high_totals.ravel(),
            "swing": np.abs(high_totals - low_totals).ravel(),
        }
    )
    if design is not None:
        if design not in scenario.design_ids:
            scenario.score_of(design, scenario.criterion_ids[0])  # raises UnknownNameError
        frame = frame[frame["design"] == design]
    return frame.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
