"""The frozen result of scoring, with a pandas view."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from scoring._types import FloatArray, IntArray

if TYPE_CHECKING:
    import pandas as pd

    from scoring.vetoes import Vetoes

__all__ = ["Result"]


@dataclass(frozen=True, slots=True, eq=False)
class Result:
    """Scores and ranks of a set of designs under one method and weight set.

    Attributes
    ----------
    scores : ndarray (n,)
        One score per design, in the method's own units (wsm on a scenario set: 0-100).
    ranks : ndarray of int (n,)
        1 is best whatever the method's orientation; ties share the better rank.
    method : str
        Registry name of the aggregation method.
    higher_is_better : bool
        Orientation of ``scores`` (False for VIKOR's Q).
    weights : ndarray (m,)
        Normalised weights used.
    design_ids, design_names, criterion_ids : tuple of str
        Labels; empty for bare arrays, which :meth:`labels` names ``D1``... and ``C1``...
    contributions : ndarray (n, m) or None
        Linear methods only: each criterion's share of each score (rows sum to the score).
    values : ndarray (n, m) or None
        Scenario sets: the 0-100 value scores scored (a cost level ``x`` as ``100 - x``).
    branch_ids, branch_contributions : tuple of str, ndarray (n, b) or None
        Scenario sets with wsm: each value-tree branch's share of each total.
    score_low, score_high : ndarray (n,) or None
        Scenario sets with wsm: the total with every score at its least / most
        favourable end of its range.
    details : mapping
        Method-specific outputs (VIKOR's S, R, conditions; PROMETHEE flows, ...).
    lens : str or None
        The lens scored, for a scenario set.
    label, digits : str, int
        What a score is (for captions) and the decimals to show.
    score_range : (float, float)
        The range every score lies in (for axes): wsm on a scenario set 0-100.
    vetoes : Vetoes or None
        Veto thresholds and the designs they flagged or excluded (scenario sets).
    provenance : mapping
        Package, version, input sha256, method, options, lens, weights, timestamp.
    """

    scores: FloatArray
    ranks: IntArray
    method: str
    higher_is_better: bool
    weights: FloatArray
    design_ids: tuple[str, ...]
    design_names: tuple[str, ...]
    criterion_ids: tuple[str, ...]
    contributions: FloatArray | None = None
    values: FloatArray | None = None
    score_low: FloatArray | None = None
    score_high: FloatArray | None = None
    branch_ids: tuple[str, ...] = ()
    branch_contributions: FloatArray | None = None
    details: Mapping[str, Any] = field(default_factory=dict)
    lens: str | None = None
    label: str = ""
    digits: int = 3
    score_range: tuple[float, float] = (0.0, 1.0)
    vetoes: Vetoes | None = None
    provenance: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in (
            "scores",
            "ranks",
            "weights",
            "contributions",
            "values",
            "score_low",
            "score_high",
            "branch_contributions",
        ):
            value = getattr(self, name)
            if isinstance(value, np.ndarray):
                value.setflags(write=False)

    def labels(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """Design ids, design names and criterion ids, numbered ``D1``/``C1``... when absent."""
        designs = self.design_ids or tuple(f"D{i + 1}" for i in range(len(self.scores)))
        names = self.design_names or designs
        criteria = self.criterion_ids or tuple(f"C{j + 1}" for j in range(len(self.weights)))
        return designs, names, criteria

    @property
    def best(self) -> str:
        """Id of the best-ranked design (the first in design order if tied)."""
        i = int(np.argmin(self.ranks))
        return self.design_ids[i] if self.design_ids else f"D{i + 1}"

    def order(self) -> IntArray:
        """Design indices from best to worst (stable among ties)."""
        order: IntArray = np.argsort(self.ranks, kind="stable")
        return order

    @property
    def table(self) -> pd.DataFrame:
        """The scored table, best first (the same as :meth:`to_frame`)."""
        return self.to_frame()

    def to_frame(self) -> pd.DataFrame:
        """The scored table, best first.

        Columns: ``design``, ``name``, ``score``, ``rank``, then ``low`` and ``high``
        where ranges are known, then per-design method details (VIKOR's ``S``, ``R``;
        ``vetoed``; ...), then ``value_<criterion>`` (the 0-100 value score, scenario sets)
        and ``contribution_<criterion>`` (its share of the score, linear methods) per criterion.
        """
        import pandas as pd

        designs, names, criteria = self.labels()
        data: dict[str, Any] = {
            "design": list(designs),
            "name": list(names),
            "score": self.scores,
            "rank": self.ranks,
        }
        if self.score_low is not None and self.score_high is not None:
            data["low"] = self.score_low
            data["high"] = self.score_high
        for key, value in self.details.items():  # per-design method outputs (VIKOR's S, R; vetoed; ...)
            if isinstance(value, np.ndarray) and value.shape == self.scores.shape and key not in data:
                data[key] = value
        if self.values is not None:
            for j, cid in enumerate(criteria):
                data[f"value_{cid}"] = self.values[:, j]
        if self.contributions is not None:
            for j, cid in enumerate(criteria):
                data[f"contribution_{cid}"] = self.contributions[:, j]
        frame = pd.DataFrame(data).iloc[self.order()].reset_index(drop=True)
        frame.attrs["method"] = self.method
        frame.attrs["lens"] = self.lens
        return frame

    def records(self) -> list[dict[str, Any]]:
        """The table as plain JSON-ready dicts, best first (contract ``results`` list)."""
        designs, names, criteria = self.labels()
        rows = []
        for i in self.order():
            row: dict[str, Any] = {
                "design": designs[i],
                "name": names[i],
                "score": float(self.scores[i]),
                "rank": int(self.ranks[i]),
            }
            if self.score_low is not None and self.score_high is not None:
                row["low"] = float(self.score_low[i])
                row["high"] = float(self.score_high[i])
            if self.values is not None:
                row["values"] = {cid: float(self.values[i, j]) for j, cid in enumerate(criteria)}
            if self.contributions is not None:
                row["contributions"] = {cid: float(self.contributions[i, j]) for j, cid in enumerate(criteria)}
            if self.branch_contributions is not None:
                row["branches"] = {bid: float(self.branch_contributions[i, k]) for k, bid in enumerate(self.branch_ids)}
            for key, value in self.details.items():
                if isinstance(value, np.ndarray) and value.shape == self.scores.shape:
                    row[key] = float(value[i]) if value.dtype.kind == "f" else value[i].item()
            rows.append(row)
        return rows
