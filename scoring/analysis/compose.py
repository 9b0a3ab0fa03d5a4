"""Which combination of components is best: every feasible combination, scored and ranked.

For a scenario set with a component model (:class:`scoring.model.Composition`),
:func:`compose_all` enumerates every combination that satisfies the constraints (bit masks,
up to :data:`scoring.composition.MAX_ENUMERATED` components) and composes its 0-100 values
with the set's rule (:mod:`scoring.composition`). :func:`composition` then, per lens:

- scores and ranks every combination through a :class:`~scoring.problem.DecisionProblem`
  built from the composed values (each method's own value-score options, as for a scenario
  set), and gives the best ``top`` with their score ranges (for methods whose score depends
  on the design's own row only);
- finds the **Pareto front over the value tree's branches**: combinations that no other
  beats on one branch without losing on another, each branch scored as its own 0-100
  weighted average under the lens (:func:`scoring.value_tree.local_weights`);
- gives the **marginal value** of each component for the best combinations: the score
  with it minus the score without it (adding it to a combination that lacks it, or what
  removing it would cost), where both combinations are feasible;
- optionally runs SMAA over the combinations (:mod:`scoring.analysis._compose_smaa`).

>>> import scoring
>>> found = composition(scoring.load(), lens="balanced", top=3)
>>> found.composed.count, found.lenses["balanced"].top["combination"].iloc[0]
(25, 'pledge + us_air + ground_troops + intelligence')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from scoring._types import FloatArray, IntArray
from scoring.analysis._compose_smaa import ComposedSmaa, composed_smaa
from scoring.analysis._compose_synthetic import synthetic_set
from scoring.analysis.settings import SmaaSettings
from scoring.analysis.verdict import Verdict, verdict
from scoring.composition import CompositionArrays, arrays, compose, describe, enumerate_masks
from scoring.errors import InputError
from scoring.methods import MethodSpec, get_method
from scoring.model import ScenarioSet
from scoring.problem import DecisionProblem
from scoring.value_tree import branch_ids, local_weights

if TYPE_CHECKING:
    import pandas as pd

    from scoring.analysis._smaa_kernel import Progress

__all__ = [
    "Composed",
    "Composition",
    "LensComposition",
    "compose_all",
    "composition",
    "pareto_front",
    "synthetic_set",
]


@dataclass(frozen=True, slots=True, eq=False)
class Composed:
    """Every feasible combination of a set's components with its composed base values.

    Attributes
    ----------
    scenario : ScenarioSet
    spec : CompositionArrays
    masks : ndarray of int64 (N,)
        Feasible combinations, sorted (bit ``k`` is component ``k``).
    values : ndarray (N, m)
        Composed 0-100 values (cost criteria as ``100 - level``), base judgments.
    """

    scenario: ScenarioSet
    spec: CompositionArrays
    masks: IntArray
    values: FloatArray

    @property
    def count(self) -> int:
        """Number of feasible combinations."""
        return int(self.masks.size)

    def labels(self, rows: Sequence[int] | IntArray) -> list[str]:
        """``"a + b"`` labels of the combinations at ``rows``."""
        return [describe(int(self.masks[i]), self.spec.component_ids) for i in rows]

    def row_of(self, masks: IntArray) -> IntArray:
        """Row of each mask (-1 where the combination is not feasible)."""
        at = np.searchsorted(self.masks, masks)
        inside = at < self.masks.size
        found = np.where(inside, at, 0)
        hit = inside & (self.masks[found] == masks)
        rows: IntArray = np.where(hit, found, -1)
        return rows

    def ranges(self, rows: Sequence[int] | IntArray) -> tuple[FloatArray, FloatArray]:
        """Unfavourable and favourable values of the combinations at ``rows`` (composed ranges)."""
        layers = compose(self.spec, self.masks[np.asarray(rows, dtype=np.int64)])
        return layers[0], layers[2]

    def problem(
        self,
        lens: str | None = None,
        method: str | MethodSpec = "wsm",
        *,
        rows: Sequence[int] | IntArray | None = None,
        ranges: bool = False,
        **options: Any,
    ) -> DecisionProblem:
        """The decision problem of the combinations at ``rows`` (default all) under a lens.

        Built by :meth:`DecisionProblem.from_values`, so that it scores exactly as
        :meth:`DecisionProblem.from_scenario` would score the same values; ``ranges`` adds the
        composed ranges (only asked for the few combinations shown).
        """
        spec = method if isinstance(method, MethodSpec) else get_method(method)
        chosen = self.scenario.lens(lens)
        picked = np.arange(self.count) if rows is None else np.asarray(rows, dtype=np.int64)
        values = self.values[picked]
        low = high = None
        if ranges:
            low, high = self.ranges(picked)
        labels = self.labels(picked) if rows is not None else None
        built = DecisionProblem.from_values(
            values,
            self.scenario.weights(chosen),
            spec,
            low=low,
            high=high,
            design_ids=labels,
            criterion_ids=self.scenario.criterion_ids,
            **options,
        )
        branches = branch_ids(self.scenario)
        names = {b.id: b.name for b in self.scenario.branches}
        return dataclasses.replace(
            built,
            criterion_names=tuple(c.name for c in self.scenario.criteria),
            criterion_branches=tuple(c.branch for c in self.scenario.criteria),
            branch_ids=branches,
            branch_names=tuple(names.get(b, b) for b in branches),
            lens=chosen.id,
            origin=self.scenario.origin,
            origin_sha256=self.scenario.origin_sha256,
        )


def compose_all(scenario: ScenarioSet) -> Composed:
    """Enumerate and compose every feasible combination of ``scenario``'s components.

    Raises
    ------
    InputError
        The set has no component model, or too many components to enumerate.
    """
    if scenario.composition is None:
        where = scenario.origin or "source"
        raise InputError.at(where, "the set declares no components (add a `composition:` block; see `gscore schema`)")
    spec = arrays(scenario.composition, scenario.criteria)
    masks = enumerate_masks(spec)
    values = compose(spec, masks, alone=spec.alone[1:2], shares=spec.shares[1:2], start=spec.start[1:2])[0]
    return Composed(scenario, spec, masks, values)


def pareto_front(points: FloatArray) -> IntArray:
    """Rows of ``points`` (higher is better on every column) that no other row dominates, in row order.

    A row dominates another when it is at least as good everywhere and better somewhere;
    equal rows do not dominate each other. Each round takes the remaining row with the
    largest sum (it cannot be dominated by a remaining row) and drops every row it dominates.
    """
    remaining = np.arange(points.shape[0])
    front = []
    while remaining.size:
        sums = points[remaining].sum(axis=1)
        best = remaining[int(np.argmax(sums))]
        front.append(best)
        rest = points[remaining]
        dominated = np.all(rest <= points[best], axis=1) & np.any(rest < points[best], axis=1)
        keep = ~dominated
        keep[remaining == best] = False
        remaining = remaining[keep]
    return np.sort(np.array(front, dtype=np.int64))


@dataclass(frozen=True, slots=True, eq=False)
class LensComposition:
    """The combinations under one lens: scores, the best, the branch Pareto front, marginal values.

    Attributes
    ----------
    scores, ranks : ndarray (N,)
        Every feasible combination's score (shown units) and rank.
    top : DataFrame
        The best: ``rank, combination, score, low, high`` (low/high: None where the method
        cannot give a range from the design's own row).
    pareto : DataFrame
        The front over branches: ``combination, score, <branch>...``, best score first.
    marginal : DataFrame
        ``combination, component, member, marginal``: for each of the best, each component's
        score difference (with minus without; NaN where either is infeasible).
    """

    lens: str
    scores: FloatArray
    ranks: IntArray
    top: pd.DataFrame
    pareto: pd.DataFrame
    marginal: pd.DataFrame


def _lens_composition(
    composed: Composed, lens: str, spec: MethodSpec, top: int, options: dict[str, Any]
) -> LensComposition:
    import pandas as pd

    problem = composed.problem(lens, spec, **options)
    result = problem.score(contributions=False)
    scores, ranks = np.asarray(result.scores), np.asarray(result.ranks)
    order = np.lexsort((composed.masks, ranks))[:top]
    frame = pd.DataFrame(
        {
            "rank": ranks[order],
            "combination": composed.labels(order),
            "score": scores[order],
            "mask": composed.masks[order],
        }
    )
    frame["low"], frame["high"] = None, None
    if spec.separable(problem.options):
        shown = composed.problem(lens, spec, rows=order, ranges=True, **options).score(contributions=False)
        frame["low"], frame["high"] = shown.score_low, shown.score_high
    local = local_weights(composed.scenario, lens)
    index = {cid: j for j, cid in enumerate(composed.scenario.criterion_ids)}
    branches = {b: members for b, members in local.items() if members}
    tree = np.zeros((len(index), len(branches)))
    for k, members in enumerate(branches.values()):
        for cid, weight in members.items():
            tree[index[cid], k] = weight
    by_branch = composed.values @ tree
    front = pareto_front(by_branch)
    front = front[np.lexsort((composed.masks[front], ranks[front]))]
    names = {b.id: b.name for b in composed.scenario.branches}
    pareto = pd.DataFrame({"rank": ranks[front], "combination": composed.labels(front), "score": scores[front]})
    for k, branch in enumerate(branches):
        pareto[names.get(branch, branch) or "(no branch)"] = by_branch[front, k]
    rows = []
    sign = 1.0 if spec.higher_is_better else -1.0
    for i in order:
        mask = int(composed.masks[i])
        for k, cid in enumerate(composed.spec.component_ids):
            bit = 1 << k
            pair = composed.row_of(np.array([mask | bit, mask & ~bit], dtype=np.int64))
            value = float("nan") if (pair < 0).any() else sign * float(scores[pair[0]] - scores[pair[1]])
            rows.append((composed.labels([i])[0], cid, bool(mask & bit), value))
    marginal = pd.DataFrame(rows, columns=["combination", "component", "member", "marginal"])
    return LensComposition(lens, scores, ranks, frame, pareto, marginal)


@dataclass(frozen=True, slots=True, eq=False)
class Composition:
    """The outcome of :func:`composition`: combinations, per-lens rankings, SMAA, provenance."""

    composed: Composed
    method: str
    lenses: dict[str, LensComposition]
    smaa: ComposedSmaa | None = None
    provenance: dict[str, Any] = field(default_factory=dict)
    #: The verdict on the best combination under the SMAA's lens (None without SMAA), worded by the
    #: rules of :mod:`scoring.analysis.verdict` over the combinations the SMAA analysed.
    verdict: Verdict | None = None

    def components(self) -> pd.DataFrame:
        """The components with their base level on each criterion (blank: no effect of its own)."""
        import pandas as pd

        scenario = self.composed.scenario
        assert scenario.composition is not None
        rows = []
        for item in scenario.composition.components:
            levels = {
                c: (None if e is None else e.base) for c, e in zip(scenario.criterion_ids, item.effects, strict=True)
            }
            rows.append({"component": item.id, "name": item.name, **levels})
        return pd.DataFrame(rows)

    def to_frame(self) -> pd.DataFrame:
        """The best combinations of every lens, one row each (``lens`` first), as ``gscore compose`` lists them."""
        import pandas as pd

        top = pd.concat([lc.top.assign(lens=name) for name, lc in self.lenses.items()], ignore_index=True)
        return top[["lens", *(c for c in top.columns if c != "lens")]]

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables of an XLSX export (sheet name -> frame)."""
        import pandas as pd

        sheets = {"Components": self.components(), "Top": self.to_frame()}
        for name, lc in self.lenses.items():
            sheets[f"Pareto {name}"[:31]] = lc.pareto
        sheets["Marginal"] = pd.concat(
            [lc.marginal.assign(lens=name) for name, lc in self.lenses.items()], ignore_index=True
        )
        if self.smaa is not None:
            sheets["SMAA"] = self.smaa.to_frame()
        return sheets

    def document(self) -> dict[str, Any]:
        """Everything as plain JSON-ready data (the CLI's ``--format json`` and ``.json`` export)."""
        from scoring._json import plain

        scenario = self.composed.scenario
        assert scenario.composition is not None
        lenses = {
            name: {
                "top": lc.top.drop(columns="mask").to_dict(orient="records"),
                "pareto": lc.pareto.to_dict(orient="records"),
                "marginal": lc.marginal.to_dict(orient="records"),
            }
            for name, lc in self.lenses.items()
        }
        constraints = [
            {"kind": c.kind, "components": list(c.components), "limit": c.limit, "rationale": c.rationale}
            for c in scenario.composition.constraints
        ]
        document: dict[str, Any] = {
            "provenance": self.provenance,
            "method": self.method,
            "components": self.components().to_dict(orient="records"),
            "constraints": constraints,
            "combinations": self.composed.count,
            "lenses": lenses,
        }
        if self.smaa is not None:
            document["smaa"] = {"lens": self.smaa.lens, "acceptability": self.smaa.to_frame().to_dict(orient="records")}
        if self.verdict is not None:
            document["verdict"] = self.verdict.record()
        return dict(plain(document, digits=6))


def composition(
    scenario: ScenarioSet,
    *,
    lens: str | None = None,
    method: str = "wsm",
    top: int = 5,
    smaa: SmaaSettings | None = None,
    progress: Progress | None = None,
    timestamp: str | None = None,
    **options: Any,
) -> Composition:
    """Rank every feasible combination under ``lens`` (None: every lens of the set), see the module docstring.

    ``smaa`` (settings) adds SMAA over the combinations under ``lens`` (or the default lens).
    """
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise InputError.at("top", f"expected a whole number >= 1 (got {top!r})")
    spec = get_method(method)
    composed = compose_all(scenario)
    chosen = [scenario.lens(lens).id] if lens is not None else list(scenario.lens_ids)
    lenses = {name: _lens_composition(composed, name, spec, top, dict(options)) for name in chosen}
    focus = scenario.lens(lens).id
    found = None
    if smaa is not None:
        found = composed_smaa(composed, focus, spec, smaa, top=top, progress=progress, **options)
    record = composed.problem(focus, spec, rows=[0], **options).provenance(
        timestamp=timestamp,
        lenses=chosen,
        components=list(composed.spec.component_ids),
        combinations=composed.count,
        **({"smaa": found.record()} if found is not None else {}),
    )
    judged = None
    if found is not None:
        problem = composed.problem(focus, spec, rows=found.rows, ranges=True, **options)
        judged = verdict(problem, problem.score(contributions=False), found, noun="combination")
    return Composition(composed, spec.name, lenses, found, record, judged)
