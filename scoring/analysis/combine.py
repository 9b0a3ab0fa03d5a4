r"""Several analysts' judgments of the same designs on the same criteria, combined into one set.

:func:`combine` takes scenario sets that share their criteria (ids and directions) and their
designs (ids; order may differ) and builds one set, judgment by judgment:

- **base**: the median of the analysts' base levels (``aggregate="median"``, the default:
  robust to one outlying analyst; with two analysts it is their mean), or their mean;
- **low / high**: the lowest low and the highest high of any analyst, so the range spans
  every analyst's values and ranges;
- **rationale**: each analyst's, one line each as ``[name] text`` (analysts who wrote the
  same text share a line; one text written by all is kept as it is);
- **confidence**: the lowest of the analysts' tags, lowered one more level (high -> medium
  -> low) where their base levels span more than :data:`DISAGREEMENT_POINTS` (20 points, a
  fifth of the scale);
- **grounding**: the weakest any analyst recorded (``assumption`` before ``inferred`` before
  ``quoted``; analysts who recorded none are not counted; none recorded: none);
- **lenses** present in every set: each analyst's weights normalised, then averaged (so each
  analyst counts equally whatever their point totals), as points summing to 100; a lens in
  only some sets is kept from the first that has it, and says whose it is;
- criteria, designs and texts come from the first set; evidence quotes are the union.

The result records the analysts (:class:`~scoring.model.Analysts`: names, the aggregate,
and each analyst's level wherever they differ), which a scenario file keeps, so that
:func:`disagreement` (largest spreads first) works on the combined file too, in
``gscore combine``, the report and notebook 05. ``gscore analyze`` on the combined set then
shows how much the disagreement matters: the widened ranges enter SMAA and the tornado.

:func:`combine_ahp` combines AHP pairwise matrices by the element-wise geometric mean of
the judgments (aggregation of individual judgments: Aczél and Saaty 1983, "Procedures for
synthesizing ratio judgements", *J. Math. Psychology* 27, 93-102; Forman and Peniwati 1998),
the only synthesis that keeps the group matrix reciprocal, and reports the group
consistency ratio. Judgments entered to two decimals (0.33 for 1/3) are made exactly
reciprocal first: :math:`g_{ij} = \exp\big(\tfrac{1}{2K}\sum_k (\ln a^k_{ij} - \ln a^k_{ji})\big)`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from scoring._types import FloatArray
from scoring.errors import InputError, Problem, UnknownNameError
from scoring.limits import MAX_LENSES, MAX_NAME_CHARS, MAX_TEXT_CHARS, check_analysts
from scoring.model import Analysts, Criterion, Evidence, Lens, ScenarioSet, Score

if TYPE_CHECKING:
    import pandas as pd

    from scoring.weights import AhpResult

__all__ = ["DISAGREEMENT_POINTS", "GroupAhp", "combine", "combine_ahp", "disagreement"]

#: Base levels spanning more than this (0-100 points) lower the combined confidence one level.
DISAGREEMENT_POINTS = 20.0
_CONFIDENCE = ("low", "medium", "high")
_GROUNDING = ("assumption", "inferred", "quoted")  # weakest first


def _names(sets: Sequence[ScenarioSet], names: Sequence[str] | None) -> tuple[str, ...]:
    if names is not None:
        if len(names) != len(sets) or len(set(names)) != len(names):
            raise InputError.at("names", f"expected {len(sets)} different names, got {list(names)}")
        return tuple(names)
    stems = [Path(s.origin).stem if s.origin else "" for s in sets]
    if all(stems) and len(set(stems)) == len(stems):
        return tuple(stems)
    return tuple(f"analyst{k + 1}" for k in range(len(sets)))


def _check_shared(sets: Sequence[ScenarioSet], names: tuple[str, ...]) -> None:
    first = sets[0]
    problems: list[Problem] = []
    origins = [s.origin for s in sets]
    labels = origins if all(origins) and len(set(origins)) == len(origins) else list(names)
    for where, other in zip(labels[1:], sets[1:], strict=True):
        for kind, mine, theirs in (
            ("criteria", first.criterion_ids, other.criterion_ids),
            ("designs", first.design_ids, other.design_ids),
        ):
            mine_set, theirs_set = set(mine), set(theirs)
            missing = [x for x in mine if x not in theirs_set]
            extra = [x for x in theirs if x not in mine_set]
            if missing or extra:
                said = ([f"missing {', '.join(missing)}"] if missing else []) + (
                    [f"not in {labels[0]}: {', '.join(extra)}"] if extra else []
                )
                problems.append(Problem(where, f"{kind} differ from {labels[0]}: {'; '.join(said)}"))
        directions = {c.id: c.direction for c in first.criteria}
        for criterion in other.criteria:
            if criterion.id in directions and directions[criterion.id] != criterion.direction:
                problems.append(
                    Problem(
                        where,
                        f"criterion {criterion.id!r} is a {criterion.direction} here but a "
                        f"{directions[criterion.id]} in {labels[0]}",
                    )
                )
    InputError.collect(problems)


def _aligned(sets: Sequence[ScenarioSet], kind: str) -> FloatArray:
    first = sets[0]
    out = []
    for other in sets:
        rows = {d: i for i, d in enumerate(other.design_ids)}
        cols = {c: j for j, c in enumerate(other.criterion_ids)}
        matrix = other.matrix(kind)  # type: ignore[arg-type]
        out.append(matrix[np.ix_([rows[d] for d in first.design_ids], [cols[c] for c in first.criterion_ids])])
    return np.stack(out)


def _texts(sets: Sequence[ScenarioSet], names: tuple[str, ...]) -> tuple[list[list[str]], np.ndarray, np.ndarray]:
    """Combined rationale per judgment, the lowest confidence code and the weakest grounding code."""
    first = sets[0]
    confidence = {label: k for k, label in enumerate(_CONFIDENCE)}
    grounding: dict[str | None, int] = {label: k for k, label in enumerate(_GROUNDING)}
    grounding[None] = len(_GROUNDING)  # none recorded: counts only when nobody recorded one
    texts, confidences, groundings = [], [], []
    for other in sets:
        rows = {d: i for i, d in enumerate(other.design_ids)}
        cols = [other.criterion_ids.index(c) for c in first.criterion_ids]
        aligned = [[other.scores[rows[d]][c] for c in cols] for d in first.design_ids]
        texts.append([[s.rationale for s in row] for row in aligned])
        confidences.append([[confidence[s.confidence] for s in row] for row in aligned])
        groundings.append([[grounding[s.grounding] for s in row] for row in aligned])
    lowest = np.array(confidences, dtype=np.int8).min(axis=0)
    weakest = np.array(groundings, dtype=np.int8).min(axis=0)
    count = len(sets)
    combined = [
        [
            cell[0] if cell.count(cell[0]) == count else _rationale(list(zip(names, cell, strict=True)))
            for cell in zip(*row, strict=True)
        ]
        for row in zip(*texts, strict=True)
    ]
    return combined, lowest, weakest


def _rationale(entries: list[tuple[str, str]]) -> str:
    grouped: dict[str, list[str]] = {}
    for name, text in entries:
        if text:
            grouped.setdefault(text, []).append(name)
    return _fit("\n".join(f"[{', '.join(who)}] {text}" for text, who in grouped.items()), MAX_TEXT_CHARS)


def _fit(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, saying so, so that the combined file loads again."""
    if len(text) <= limit:
        return text
    marker = " ... (cut; each analyst's file has the whole text)"
    return text[: limit - len(marker)] + marker


def _lenses(sets: Sequence[ScenarioSet], names: tuple[str, ...]) -> tuple[Lens, ...]:
    first = sets[0]
    order = list(dict.fromkeys(lens_id for s in sets for lens_id in s.lens_ids))
    if len(order) > MAX_LENSES:  # the combined set holds every analyst's lenses
        raise InputError.at("sets", f"{len(order):,} different lenses together; a set holds at most {MAX_LENSES:,}")
    lenses = []
    for lens_id in order:
        having = [(name, s) for name, s in zip(names, sets, strict=True) if lens_id in s.lens_ids]
        model = having[0][1].lens(lens_id)
        if len(having) == len(sets):
            mean = np.mean([s.weights(lens_id) for _, s in having], axis=0) * 100.0
            points = tuple((cid, float(w)) for cid, w in zip(first.criterion_ids, mean, strict=True))
            note = f"mean of {len(sets)} analysts' weights"
        else:
            points = model.weights
            note = f"from {', '.join(name for name, _ in having)} only"
        described = _fit(f"{model.description} ({note})" if model.description else f"({note})", MAX_TEXT_CHARS)
        lenses.append(Lens(lens_id, model.name, described, points))
    return tuple(lenses)


def _combined_title(title: str, who: tuple[str, ...]) -> str:
    """The first set's title and who was combined, within a name's length (the analysts counted if need be)."""
    suffix = f" (combined: {', '.join(who)})"
    if len(title) + len(suffix) > MAX_NAME_CHARS:
        suffix = f" (combined: {len(who)} analysts)"
    return _fit(title, MAX_NAME_CHARS - len(suffix)) + suffix


def _criteria(sets: Sequence[ScenarioSet]) -> tuple[Criterion, ...]:
    out = []
    for criterion in sets[0].criteria:
        quotes: dict[str, Evidence] = {}
        for other in sets:
            for evidence in other.criteria[other.criterion_ids.index(criterion.id)].evidence:
                quotes.setdefault(evidence.quote, evidence)
        out.append(dataclasses.replace(criterion, evidence=tuple(quotes.values())))
    return tuple(out)


def combine(
    sets: Sequence[ScenarioSet], *, aggregate: str = "median", names: Sequence[str] | None = None
) -> ScenarioSet:
    """Combine several analysts' scenario sets into one (see the module docstring for every rule).

    Parameters
    ----------
    sets : sequence of ScenarioSet
        At least two, sharing criteria (ids and directions) and designs (ids).
    aggregate : {"median", "mean"}
        How the base levels are combined.
    names : sequence of str, optional
        The analysts' names (default: the files' names, else ``analyst1``, ...).

    Raises
    ------
    InputError
        Fewer than two sets, or sets that do not share criteria and designs (each
        difference named, with the file it is in).

    Examples
    --------
    >>> import scoring
    >>> article = scoring.load()
    >>> other = scoring.from_table(scoring.spec.table.to_table(article))  # base levels only
    >>> combined = combine([article, other], names=["a", "b"])
    >>> combined.analysts.names, bool((combined.matrix("low") <= combined.matrix()).all())
    (('a', 'b'), True)
    """
    if aggregate not in ("median", "mean"):
        raise UnknownNameError.at("aggregate", f'expected "median" or "mean", got {aggregate!r}')
    if len(sets) < 2:
        raise InputError.at("sets", f"expected at least two sets to combine, got {len(sets)}")
    check_analysts(len(sets), max(len(s.designs) * len(s.criteria) for s in sets))
    who = _names(sets, names)
    _check_shared(sets, who)
    bases, lows, highs = (_aligned(sets, kind) for kind in ("base", "low", "high"))
    base = np.median(bases, axis=0) if aggregate == "median" else bases.mean(axis=0)
    low, high = np.minimum(lows.min(axis=0), base), np.maximum(highs.max(axis=0), base)
    spread = bases.max(axis=0) - bases.min(axis=0)
    texts, lowest, weakest = _texts(sets, who)
    confidence = np.maximum(lowest - (spread > DISAGREEMENT_POINTS), 0)
    scores = tuple(
        tuple(
            Score(b, lo, hi, text, _CONFIDENCE[c], _GROUNDING[g] if g < len(_GROUNDING) else None)  # type: ignore[arg-type]
            for b, lo, hi, text, c, g in zip(rb, rl, rh, rt, rc, rg, strict=True)
        )
        for rb, rl, rh, rt, rc, rg in zip(
            base.tolist(), low.tolist(), high.tolist(), texts, confidence.tolist(), weakest.tolist(), strict=True
        )
    )
    first = sets[0]
    i, j = np.nonzero(spread > 0)
    design_ids, criterion_ids = first.design_ids, first.criterion_ids
    differing = bases[:, i, j].T.tolist()
    levels = tuple(
        (design_ids[a], criterion_ids[b], tuple(values))
        for a, b, values in zip(i.tolist(), j.tolist(), differing, strict=True)
    )
    digest = hashlib.sha256("".join(s.origin_sha256 for s in sets).encode()).hexdigest()
    return dataclasses.replace(
        first,
        title=_combined_title(first.title, who),
        criteria=_criteria(sets),
        scores=scores,
        lenses=_lenses(sets, who),
        origin="combined:" + "+".join(s.origin or name for s, name in zip(sets, who, strict=True)),
        origin_sha256=digest,
        analysts=Analysts(who, aggregate, levels),
    )


def disagreement(scenario: ScenarioSet, lens: str | None = None) -> pd.DataFrame | None:
    """Where a combined set's analysts disagree, largest spread first (None for a set that is not combined).

    Columns: design, criterion, one per analyst (their base levels), ``spread`` (highest minus
    lowest), the combined ``base``, ``low``, ``high`` and ``confidence``, the lens ``weight``
    and ``at_stake``: weight x spread, the points of a design's total that the disagreement
    on this judgment alone can move.
    """
    import pandas as pd

    if scenario.analysts is None:
        return None
    names = scenario.analysts.names
    weights = dict(zip(scenario.criterion_ids, scenario.weights(lens), strict=True))
    rows_of = {d: i for i, d in enumerate(scenario.design_ids)}
    columns_of = {c: j for j, c in enumerate(scenario.criterion_ids)}
    rows = []
    for design, criterion, levels in scenario.analysts.levels:
        if design not in rows_of or criterion not in columns_of:
            continue
        judgment = scenario.scores[rows_of[design]][columns_of[criterion]]
        spread = max(levels) - min(levels)
        rows.append(
            (design, criterion, *levels, spread, judgment.base, judgment.low, judgment.high, judgment.confidence,
             weights[criterion], weights[criterion] * spread)
        )  # fmt: skip
    columns = ["design", "criterion", *names, "spread", "base", "low", "high", "confidence", "weight", "at_stake"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["spread", "at_stake"], ascending=False, kind="stable").reset_index(drop=True)


@dataclass(frozen=True, slots=True)
class GroupAhp:
    """Several analysts' AHP judgments combined: the group matrix, its weights and consistency.

    ``group`` is :func:`scoring.weights.ahp` of the geometric-mean matrix (its ``cr`` is the
    group consistency ratio); ``individual`` holds each analyst's own result.
    """

    criteria: tuple[str, ...]
    matrix: FloatArray
    group: AhpResult
    individual: tuple[AhpResult, ...]


def combine_ahp(
    matrices: Sequence[FloatArray | Sequence[Sequence[float]]], criteria: Sequence[Sequence[str]] | None = None
) -> GroupAhp:
    """Combine AHP pairwise matrices by the geometric mean of the judgments (Aczél and Saaty 1983).

    ``criteria`` gives each matrix's item order (ids); they must hold the same ids, and the
    matrices are aligned to the first one's order. Consistency warnings are not raised:
    read ``cr``/``consistent`` of the group and of each analyst.

    Examples
    --------
    >>> found = combine_ahp([[[1, 3], [1 / 3, 1]], [[1, 1 / 3], [3, 1]]])
    >>> found.matrix.round(6).tolist(), found.group.weights.round(3).tolist()
    ([[1.0, 1.0], [1.0, 1.0]], [0.5, 0.5])
    """
    from scoring.weights import InconsistentJudgmentsWarning, ahp

    arrays = [np.asarray(matrix, dtype=np.float64) for matrix in matrices]
    if len(arrays) < 2:
        raise InputError.at("matrices", f"expected at least two pairwise matrices, got {len(arrays)}")
    order = tuple(criteria[0]) if criteria else tuple(f"C{j + 1}" for j in range(arrays[0].shape[0]))
    aligned = []
    for k, matrix in enumerate(arrays):
        ids = tuple(criteria[k]) if criteria else order
        if sorted(ids) != sorted(order) or matrix.shape != (len(ids), len(ids)):
            raise InputError.at(f"matrix {k + 1}", f"expected the items {', '.join(order)}, got {', '.join(ids)}")
        position = [ids.index(c) for c in order]
        aligned.append(matrix[np.ix_(position, position)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InconsistentJudgmentsWarning)
        individual = tuple(ahp(matrix) for matrix in aligned)  # also checks each matrix
        logs = np.log(np.stack(aligned))
        group_matrix = np.exp((logs - np.swapaxes(logs, 1, 2)).mean(axis=0) / 2.0)
        group = ahp(group_matrix)
    return GroupAhp(order, group_matrix, group, individual)
