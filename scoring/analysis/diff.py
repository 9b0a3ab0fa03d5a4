"""Two versions of a scenario set compared: what changed, how each design moved, and why.

:func:`diff` lists every change (criteria, designs and lenses added or removed, each
criterion's and design's texts, each judgment's base, low, high, confidence, assumption
flag and rationale, each lens's points, old -> new), scores both versions under one lens
and method, and attributes each design's change of score to the individual edits:

- **wsm** (additive, on 0-100 value scores): an *exact* decomposition whose parts add up to
  the change, with weight edits (each criterion's raw points) and score edits (each
  judgment's level) separated; see :mod:`scoring.analysis._attribution` for the formula (a
  symmetric Shapley split of the weight x score interaction, and an exact split of the
  normalised weights' changes among the edited points);
- **other methods**: a *one-at-a-time* attribution (each edit alone on the old version,
  score edits grouped by criterion), labelled as such, with the remainder shown as
  interaction.

:meth:`Diff.rank_changes` says in plain words what moved each design whose rank changed::

    NATO membership (reference) fell from 2nd to 4th: US participation cut from 30 to 5
    (-2.3 points), weight of Russian acceptance raised from 8 to 12 points (-0.4)

Designs in only one version have no attribution; criteria in only one version enter as
a weight edit (their points from or to 0). Speed: two sets of 2,000 designs x 25 criteria
(the size policy's largest) compare in about 0.2 s (``benchmarks/workflows.py``).

Examples
--------
>>> import scoring
>>> old = scoring.load()
>>> new = old.with_weights("balanced", {**old.lens("balanced").weight_map(), "escalation_risk": 30})
>>> changes = diff(old, new)
>>> bool(abs(changes.parts_total() - changes.change).max() < 1e-9)
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from scoring._types import FloatArray, IntArray
from scoring.analysis._attribution import exact_parts, one_at_a_time
from scoring.analysis._diff_changes import Change, list_changes
from scoring.errors import UnknownNameError, unknown_name
from scoring.methods import MethodSpec, get_method
from scoring.model import ScenarioSet
from scoring.problem import DecisionProblem

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Change", "Diff", "diff"]

#: The attribution labels.
EXACT = "exact (additive decomposition; parts sum to the change)"
ONE_AT_A_TIME = "one-at-a-time (each edit alone on the old version; the rest is interaction)"


@dataclass(frozen=True, slots=True, eq=False)
class Diff:
    """What changed between two versions and how each design moved (see the module docstring).

    Attributes
    ----------
    old_name, new_name : str
        Where the versions came from.
    lens, method : str
        The lens (in both versions) and the method scored.
    attribution : str
        :data:`EXACT` or :data:`ONE_AT_A_TIME`.
    criteria_added, criteria_removed, designs_added, designs_removed, lenses_added, lenses_removed
        Ids in only one version.
    changes : tuple of Change
        Everything that changed except the judgments (criteria, designs, lenses, weights, the set).
    design_ids, design_names : tuple of str
        The designs in both versions (new order): the rows below.
    old_scores, new_scores : ndarray (n,)
        Their scores in each version (method units; wsm: 0-100).
    old_ranks, new_ranks : ndarray of int (n,)
        Their ranks among all the designs of each version.
    criterion_ids, criterion_names : tuple of str
        The criteria of either version (old order, then new ones): the columns below.
    old_levels, new_levels : ndarray (n, m)
        Base levels (NaN where a criterion is absent from a version).
    old_points, new_points : ndarray (m,)
        The lens's raw points in each version (0 where absent).
    weight_columns : ndarray of int (k,)
        The criteria whose points changed (the weight edits), as column indices.
    weight_parts : ndarray (n, k)
        Each weight edit's part of each design's change.
    score_parts : ndarray (n, m)
        Exact: the part of each design's own judgment edit on each criterion. One at a time:
        the part of all score edits on each criterion.
    membership : ndarray (n,)
        One at a time: the part of designs added or removed (zero for exact wsm).
    direction_changed : ndarray of bool (m,)
        Criteria whose direction flipped (their value scores change with their levels).
    """

    old_name: str
    new_name: str
    lens: str
    method: str
    attribution: str
    higher_is_better: bool
    digits: int
    criteria_added: tuple[str, ...]
    criteria_removed: tuple[str, ...]
    designs_added: tuple[str, ...]
    designs_removed: tuple[str, ...]
    lenses_added: tuple[str, ...]
    lenses_removed: tuple[str, ...]
    changes: tuple[Change, ...]
    design_ids: tuple[str, ...]
    design_names: tuple[str, ...]
    old_scores: FloatArray
    new_scores: FloatArray
    old_ranks: IntArray
    new_ranks: IntArray
    criterion_ids: tuple[str, ...]
    criterion_names: tuple[str, ...]
    old_levels: FloatArray
    new_levels: FloatArray
    old_points: FloatArray
    new_points: FloatArray
    weight_columns: IntArray
    weight_parts: FloatArray
    score_parts: FloatArray
    membership: FloatArray
    direction_changed: np.ndarray
    judgments: Mapping[str, Any] = field(default_factory=dict)

    @property
    def exact(self) -> bool:
        """True for the exact additive decomposition (wsm)."""
        return self.attribution == EXACT

    @property
    def change(self) -> FloatArray:
        """New score minus old score of each design in both versions."""
        moved: FloatArray = self.new_scores - self.old_scores
        return moved

    def parts_total(self) -> FloatArray:
        """The sum of every part of each design (equals :attr:`change` when exact)."""
        total: FloatArray = self.weight_parts.sum(axis=1) + self.score_parts.sum(axis=1) + self.membership
        return total

    @property
    def interaction(self) -> FloatArray:
        """What the parts leave unexplained: rounding when exact, interaction one at a time."""
        rest: FloatArray = self.change - self.parts_total()
        return rest

    def judgment_changes(self) -> pd.DataFrame:
        """Every judgment field that changed: design, criterion, field, old, new."""
        import pandas as pd

        return pd.DataFrame(dict(self.judgments), columns=["design", "criterion", "field", "old", "new"])

    def change_table(self) -> pd.DataFrame:
        """Everything that changed, one row each: kind, item, field, old, new (judgments last)."""
        import pandas as pd

        rows = [(c.kind, c.item, c.field, c.old, c.new) for c in self.changes]
        frame = pd.DataFrame(rows, columns=["kind", "item", "field", "old", "new"])
        judged = self.judgment_changes()
        if judged.empty:
            return frame
        items = judged["design"].astype(str) + "/" + judged["criterion"].astype(str)
        extra = pd.DataFrame(
            {"kind": "judgment", "item": items, "field": judged["field"], "old": judged["old"], "new": judged["new"]}
        )
        return pd.concat([frame, extra], ignore_index=True) if not frame.empty else extra

    def parts(self, design: str) -> pd.DataFrame:
        """The edits that moved ``design``, largest first: edit, kind, part (and what each edit was)."""
        from scoring.analysis._diff_words import parts_frame

        return parts_frame(self, self._row(design))

    def to_frame(self) -> pd.DataFrame:
        """How each design moved (:meth:`moves` with its defaults): the results' shared table API."""
        return self.moves()

    def moves(self, top: int = 3, limit: int | None = None) -> pd.DataFrame:
        """How each design in both versions moved: scores, ranks, change and its top drivers (new rank order).

        With ``limit`` and more designs than that, only the ``limit`` designs whose rank moved most.
        """
        from scoring.analysis._diff_words import moves_frame

        return moves_frame(self, top, limit)

    def rank_changes(self, top: int = 3, limit: int | None = None) -> list[str]:
        """One plain sentence per design whose rank changed, naming its top drivers.

        With ``limit``, only the ``limit`` designs whose rank moved most.
        """
        from scoring.analysis._diff_words import rank_sentences

        return rank_sentences(self, top, limit)

    def to_dict(self, top: int = 3) -> dict[str, Any]:
        """Everything as plain JSON-ready data."""
        from scoring.analysis._diff_words import document

        return document(self, top)

    def _row(self, design: str) -> int:
        try:
            return self.design_ids.index(design)
        except ValueError:
            raise unknown_name("design", "design", design, self.design_ids) from None


def _check_lens(old: ScenarioSet, new: ScenarioSet, lens_id: str) -> None:
    """Refuse a lens missing from either version, naming the lenses both have."""
    for version, scenario in (("old", old), ("new", new)):
        if lens_id not in scenario.lens_ids:
            raise UnknownNameError.at(
                "lens",
                f"lens {lens_id!r} is not in the {version} version; lenses in both: "
                + (", ".join(i for i in new.lens_ids if i in old.lens_ids) or "(none)"),
            )


def _positions(ids: tuple[str, ...]) -> dict[str, int]:
    return {ident: k for k, ident in enumerate(ids)}


def _points(scenario: ScenarioSet, lens: str, criteria: list[str]) -> FloatArray:
    points = scenario.lens(lens).weight_map()
    return np.array([points.get(c, 0.0) for c in criteria], dtype=np.float64)


def _union_values(
    scenario: ScenarioSet,
    other: ScenarioSet,
    values: FloatArray,
    other_values: FloatArray,
    designs: list[str],
    criteria: list[str],
) -> FloatArray:
    """``scenario``'s values for ``designs`` x ``criteria``; a criterion it lacks takes ``other``'s values."""
    mine, theirs = _positions(scenario.design_ids), _positions(other.design_ids)
    columns, other_columns = _positions(scenario.criterion_ids), _positions(other.criterion_ids)
    out = np.full((len(designs), len(criteria)), 50.0)
    own_rows = [k for k, d in enumerate(designs) if d in mine]
    for j, cid in enumerate(criteria):
        if cid in columns:
            out[own_rows, j] = values[[mine[designs[k]] for k in own_rows], columns[cid]]
        other_rows = [k for k, d in enumerate(designs) if d in theirs and (cid not in columns or d not in mine)]
        if other_rows and cid in other_columns:
            out[other_rows, j] = other_values[[theirs[designs[k]] for k in other_rows], other_columns[cid]]
    return out


def _levels(scenario: ScenarioSet, designs: list[str], criteria: list[str]) -> FloatArray:
    rows, columns = _positions(scenario.design_ids), _positions(scenario.criterion_ids)
    base = scenario.matrix("base")
    out = np.full((len(designs), len(criteria)), np.nan)
    present = [j for j, c in enumerate(criteria) if c in columns]
    out[:, present] = base[np.ix_([rows[d] for d in designs], [columns[criteria[j]] for j in present])]
    return out


def diff(old: ScenarioSet, new: ScenarioSet, *, lens: str | None = None, method: str = "wsm", **options: Any) -> Diff:
    """Compare two versions of a scenario set under one lens and method (see the module docstring).

    Parameters
    ----------
    old, new : ScenarioSet
    lens : str, optional
        A lens in both versions (default: the new version's default lens).
    method : str
        ``wsm`` (exact attribution) or another method (one-at-a-time attribution).
    **options
        Method options.

    Raises
    ------
    UnknownNameError
        The lens is missing from a version (``lens``), or the method is unknown.
    """
    spec = get_method(method)
    lens_id = lens or new.default_lens
    _check_lens(old, new, lens_id)
    old_problem = DecisionProblem.from_scenario(old, lens_id, spec, **options)
    new_problem = DecisionProblem.from_scenario(new, lens_id, spec, **options)
    old_result, new_result = old_problem.score(), new_problem.score()
    old_rows = _positions(old.design_ids)
    designs = [d for d in new.design_ids if d in old_rows]
    old_criteria, new_criteria = set(old.criterion_ids), set(new.criterion_ids)
    criteria = [*old.criterion_ids, *(c for c in new.criterion_ids if c not in old_criteria)]
    new_rows = _positions(new.design_ids)
    pick_old = [old_rows[d] for d in designs]
    pick_new = [new_rows[d] for d in designs]
    values = _union_values(old, new, old_problem.matrix, new_problem.matrix, designs, criteria)
    new_values = _union_values(new, old, new_problem.matrix, old_problem.matrix, designs, criteria)
    points, new_points = _points(old, lens_id, criteria), _points(new, lens_id, criteria)
    edited = np.flatnonzero(points != new_points)
    if spec.additive:  # scenario sets fix wsm's scale: it takes no other option
        weight_parts, score_parts, _ = exact_parts(values, new_values, points, new_points, edited)
        membership, attribution = np.zeros(len(designs)), EXACT
    else:
        weight_parts, score_parts, membership = _one_at_a_time(
            old, new, spec, options, designs, criteria, points, new_points
        )
        attribution = ONE_AT_A_TIME
    changes, judgments, flipped = list_changes(old, new, designs, criteria)
    names = {**{c.id: c.name for c in old.criteria}, **{c.id: c.name for c in new.criteria}}
    return Diff(
        old_name=old.origin,
        new_name=new.origin,
        lens=lens_id,
        method=spec.name,
        attribution=attribution,
        higher_is_better=spec.higher_is_better,
        digits=new_problem.digits,
        criteria_added=tuple(c for c in new.criterion_ids if c not in old_criteria),
        criteria_removed=tuple(c for c in old.criterion_ids if c not in new_criteria),
        designs_added=tuple(d for d in new.design_ids if d not in old_rows),
        designs_removed=tuple(d for d in old.design_ids if d not in new_rows),
        lenses_added=tuple(x for x in new.lens_ids if x not in old.lens_ids),
        lenses_removed=tuple(x for x in old.lens_ids if x not in new.lens_ids),
        changes=changes,
        design_ids=tuple(designs),
        design_names=tuple(new.designs[k].name for k in pick_new),
        old_scores=old_result.scores[pick_old],
        new_scores=new_result.scores[pick_new],
        old_ranks=old_result.ranks[pick_old],
        new_ranks=new_result.ranks[pick_new],
        criterion_ids=tuple(criteria),
        criterion_names=tuple(names[c] for c in criteria),
        old_levels=_levels(old, designs, [c if c in old_criteria else "" for c in criteria]),
        new_levels=_levels(new, designs, [c if c in new_criteria else "" for c in criteria]),
        old_points=points,
        new_points=new_points,
        weight_columns=edited,
        weight_parts=weight_parts,
        score_parts=score_parts,
        membership=membership,
        direction_changed=np.array([c in flipped for c in criteria], dtype=bool),
        judgments=judgments,
    )


def _one_at_a_time(
    old: ScenarioSet,
    new: ScenarioSet,
    spec: MethodSpec,
    options: Mapping[str, Any],
    designs: list[str],
    criteria: list[str],
    points: FloatArray,
    new_points: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """One-at-a-time parts: the states are built on every design of either version (common ones first)."""
    shared = set(designs)
    everyone = [
        *designs,
        *(d for d in old.design_ids if d not in shared),
        *(d for d in new.design_ids if d not in shared),
    ]
    old_values, new_values = old.values(), new.values()
    values = _union_values(old, new, old_values, new_values, everyone, criteria)
    changed = _union_values(new, old, new_values, old_values, everyone, criteria)
    in_old, in_new = set(old.design_ids), set(new.design_ids)
    members_old = np.array([d in in_old for d in everyone])
    members_new = np.array([d in in_new for d in everyone])
    n = len(designs)

    def score(matrix: FloatArray, weights: FloatArray, rows: np.ndarray) -> FloatArray:
        found = DecisionProblem.from_values(matrix[rows], weights, spec, **options).score().scores
        kept = np.flatnonzero(rows)
        out = np.full(n, np.nan)
        inside = kept < n
        out[kept[inside]] = found[inside]
        return out

    return one_at_a_time(score, values, changed, points, new_points, (members_old, members_new))
