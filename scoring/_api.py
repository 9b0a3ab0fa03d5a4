"""The contract's entry points: :func:`evaluate` for arrays, :func:`load` and :func:`score`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from scoring.ranking import rank
from scoring._validate import as_directions, as_matrix, as_weights
from scoring.errors import InputError, InvalidMatrixError, Problem, UnknownNameError
from scoring.methods import MethodSpec, get_method
from scoring.model import SCALE_MAX, SCALE_MIN, FloatArray, Lens, ScenarioSet, ScoreKind
from scoring.provenance import provenance
from scoring.result import Result

__all__ = ["evaluate", "load", "scenario_problem", "score"]

BUILTIN_NAME = "article.yaml"


def _check_options(spec: MethodSpec, options: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(options) - set(spec.options))
    if unknown:
        valid = ", ".join(sorted(spec.options)) or "(none)"
        raise UnknownNameError.at(
            "options", f"method {spec.name!r} does not take {', '.join(map(repr, unknown))}; it takes: {valid}"
        )
    return {**spec.options, **options}


def _check_bounds(bounds: Any, n_criteria: int) -> tuple[np.ndarray, np.ndarray] | None:
    if bounds is None:
        return None
    try:
        lower, upper = (np.broadcast_to(np.asarray(b, dtype=np.float64), (n_criteria,)) for b in bounds)
    except (TypeError, ValueError):
        raise InvalidMatrixError.at(
            "bounds", f"expected (lower, upper) as two numbers or two lists of {n_criteria}"
        ) from None
    if not (np.all(np.isfinite(lower)) and np.all(np.isfinite(upper))) or np.any(upper <= lower):
        raise InvalidMatrixError.at("bounds", "expected finite bounds with upper > lower for every criterion")
    return lower.copy(), upper.copy()


def _check_within(values: FloatArray, lower: FloatArray, upper: FloatArray) -> None:
    """Levels must lie on the fixed scale they are valued on (else values leave 0-1)."""
    outside = np.argwhere((values < lower) | (values > upper))
    InvalidMatrixError.collect(
        Problem(
            "matrix",
            f"row {i + 1}, column {j + 1} is {values[i, j]:g}, outside the bounds [{lower[j]:g}, {upper[j]:g}]",
        )
        for i, j in outside[:10]
    )


def evaluate(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    directions: Sequence[object] | npt.ArrayLike | None = None,
    method: str = "wsm",
    **options: Any,
) -> Result:
    """Score a designs x criteria matrix with one aggregation method.

    Parameters
    ----------
    matrix : array_like, shape (n, m)
        Raw levels, one row per design, one column per criterion. NaN and inf are
        rejected with their row and column.
    weights : array_like, shape (m,)
        Non-negative; normalised to sum to 1.
    directions : sequence, optional
        Per criterion ``"max"``/``"min"`` (or ``1``/``-1``, ``"benefit"``/``"cost"``);
        default all ``"max"``.
    method : str
        ``"wsm"`` (default), ``"wpm"``, ``"topsis"``, ``"vikor"`` or ``"promethee"``.
    **options
        Method options. ``wsm`` takes ``bounds=(lower, upper)``: without it each
        column is rescaled over its observed range (a *local* scale, which depends
        on the designs compared); with it over the fixed bounds (a *global* scale).

    Returns
    -------
    Result
        ``.scores`` and ``.ranks`` (1 = best, ties share the better rank).

    Examples
    --------
    >>> import scoring
    >>> r = scoring.evaluate([[7, 200], [9, 300], [8, 100]], [0.5, 0.5], ["max", "min"])
    >>> r.scores.round(3).tolist(), r.ranks.tolist()
    ([0.25, 0.5, 0.75], [3, 2, 1])
    """
    spec = get_method(method)
    values = as_matrix(matrix)
    n_criteria = values.shape[1]
    signs = as_directions(directions, n_criteria)
    normalised = as_weights(weights, n_criteria)
    chosen = _check_options(spec, options)
    if "bounds" in chosen:
        chosen["bounds"] = _check_bounds(chosen["bounds"], n_criteria)
        if chosen["bounds"] is not None:
            _check_within(values, *chosen["bounds"])
    output = spec.score(values, normalised, signs, **chosen)
    scores = np.asarray(output.scores, dtype=np.float64)
    details = dict(output.details)
    return Result(
        scores=scores,
        ranks=rank(scores, higher_is_better=spec.higher_is_better),
        method=spec.name,
        higher_is_better=spec.higher_is_better,
        weights=normalised,
        design_ids=(),  # bare arrays: labelled D1, D2, ... and C1, C2, ... on demand
        design_names=(),
        criterion_ids=(),
        details=details,
        provenance={
            "method": spec.name,
            "method_options": {k: v for k, v in {**spec.options, **options}.items() if v is not None},
        },
    )


def _contributions(
    matrix: FloatArray, weights: FloatArray, directions: npt.NDArray[np.int8], options: dict[str, Any]
) -> FloatArray:
    """Each criterion's share of each wsm total on the 0-100 scale (rows sum to the total)."""
    from scoring.methods.wsm import value_scores

    shares: FloatArray = value_scores(matrix, directions, options.get("bounds")) * weights * SCALE_MAX
    return shares


def _by_branch(scenario_set: ScenarioSet, contributions: FloatArray, branches: tuple[str, ...]) -> FloatArray:
    """Sum criterion contributions within each value-tree branch (criteria without one: "")."""
    member = np.array([[c.branch == b for b in branches] for c in scenario_set.criteria], dtype=np.float64)
    grouped: FloatArray = contributions @ member
    return grouped


def _apply_vetoes(
    scenario_set: ScenarioSet, vetoes: Mapping[str, float] | None, mode: str
) -> tuple[ScenarioSet, npt.NDArray[np.bool_] | None]:
    """Flag (or drop) the designs that break a veto threshold."""
    if not vetoes:
        return scenario_set, None
    if mode not in ("flag", "exclude"):
        raise UnknownNameError.at("veto_mode", f'expected "flag" or "exclude", got {mode!r}')
    unknown = sorted(set(vetoes) - set(scenario_set.criterion_ids))
    if unknown:
        known = ", ".join(scenario_set.criterion_ids)
        raise UnknownNameError.at("vetoes", f"unknown criterion {unknown[0]!r}; expected one of: {known}")
    from scoring.analysis.dominance import vetoes as find_vetoes

    thresholds = [vetoes.get(cid) for cid in scenario_set.criterion_ids]
    found = find_vetoes(scenario_set.matrix("base"), thresholds, scenario_set.directions, mode="flag")
    if mode == "flag":
        return scenario_set, np.asarray(found.vetoed)
    kept = [d for d, out in zip(scenario_set.design_ids, found.vetoed, strict=True) if not out]
    if not kept:
        raise InputError.at("vetoes", "every design breaks a veto threshold; nothing is left to rank")
    return scenario_set.subset(kept), None


def load(path: str | Path | None = None) -> ScenarioSet:
    """Load a scenario set: a YAML/JSON file, an analyst workbook (.xlsx), or the built-in set.

    Parameters
    ----------
    path : str or Path, optional
        ``None`` loads the built-in article scenario set shipped with the package.

    Examples
    --------
    >>> import scoring
    >>> article = scoring.load()
    >>> len(article.designs) >= 8
    True
    """
    from scoring import spec

    if path is None:
        data = resources.files("scoring") / "data"
        raw = (data / BUILTIN_NAME).read_bytes()
        with resources.as_file(data) as folder:
            from scoring.provenance import sha256_bytes

            return spec.load_text(
                raw.decode("utf-8"), f"builtin:{BUILTIN_NAME}", base_dir=Path(folder), digest=sha256_bytes(raw)
            )
    if Path(path).suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        from scoring.workbook.reader import read_workbook

        workbook: ScenarioSet = read_workbook(path)
        return workbook
    return spec.load_file(path)


def scenario_problem(
    scenario_set: ScenarioSet, method: str = "wsm", kind: ScoreKind = "base", **options: Any
) -> tuple[FloatArray, npt.NDArray[np.int8], dict[str, Any]]:
    """The (matrix, directions, options) a method scores for a scenario set.

    ``wsm`` scores the levels with the criteria's directions over the fixed 0-100 scale
    (``bounds=(0, 100)``: a global scale). Every other method scores the 0-100 *value*
    scores (a cost level ``x`` becomes ``100 - x``, so every column is a benefit), and
    ``wpm`` shifts them by ``offset=1`` unless told otherwise, so that a value of 0
    does not zero the whole product. Explicit ``options`` win.
    """
    name = get_method(method).name
    if name == "wsm":
        return scenario_set.matrix(kind), scenario_set.directions, {"bounds": (SCALE_MIN, SCALE_MAX), **options}
    benefit = np.ones(len(scenario_set.criteria), dtype=np.int8)
    if name == "wpm":
        options = {"offset": 1.0, **options}
    return scenario_set.values(kind), benefit, dict(options)


def score(
    scenario_set: ScenarioSet,
    lens: str | Lens | None = None,
    method: str = "wsm",
    *,
    vetoes: Mapping[str, float] | None = None,
    veto_mode: str = "flag",
    timestamp: str | None = None,
    **options: Any,
) -> Result:
    """Score a scenario set under one lens and method.

    With ``wsm`` the score is the weighted average of the 0-100 value scores (a cost
    criterion's level ``x`` counts as ``100 - x``), so totals are 0-100 and
    ``contributions`` sum to the total; ``low``/``high`` give the total with every
    judgment at the unfavourable / favourable end of its range. Other methods score
    the base value scores (see :func:`scenario_problem`).

    Parameters
    ----------
    scenario_set : ScenarioSet
    lens : str or Lens, optional
        Default: the set's default lens (``balanced`` for the built-in set).
    method : str
        See :func:`evaluate`.
    vetoes : mapping of criterion id to level, optional
        Non-compensatory thresholds on the 0-100 levels: a design below the level on a
        benefit criterion (above it on a cost criterion) is vetoed, whatever its total.
    veto_mode : {"flag", "exclude"}
        ``flag`` keeps vetoed designs and marks them (``details["vetoed"]``);
        ``exclude`` drops them before scoring.
    timestamp : str, optional
        Fixed provenance timestamp (for byte-identical exports).

    Examples
    --------
    >>> import scoring
    >>> result = scoring.score(scoring.load(), lens="kyiv")
    >>> list(result.table.columns[:4])
    ['design', 'name', 'score', 'rank']
    """
    if "bounds" in options:
        raise UnknownNameError.at(
            "bounds", "a scenario set's scale is fixed at 0-100; bounds= applies to raw arrays (scoring.evaluate)"
        )
    chosen_lens = lens if isinstance(lens, Lens) else scenario_set.lens(lens)
    weights = scenario_set.weights(chosen_lens)
    spec = get_method(method)
    scenario_set, vetoed = _apply_vetoes(scenario_set, vetoes, veto_mode)
    matrix, directions, options = scenario_problem(scenario_set, spec.name, "base", **options)
    result = evaluate(matrix, weights, directions, method=spec.name, **options)
    scale = SCALE_MAX if spec.name == "wsm" else 1.0
    low = high = None
    if spec.name == "wsm":
        worst = np.where(directions > 0, scenario_set.matrix("low"), scenario_set.matrix("high"))
        best = np.where(directions > 0, scenario_set.matrix("high"), scenario_set.matrix("low"))
        low = evaluate(worst, weights, directions, method="wsm", **options).scores * scale
        high = evaluate(best, weights, directions, method="wsm", **options).scores * scale
    scores = result.scores * scale
    record = provenance(
        input_name=scenario_set.origin,
        input_sha256=scenario_set.origin_sha256,
        method=spec.name,
        method_options=result.provenance.get("method_options", {}),
        lens=chosen_lens.id,
        criteria=scenario_set.criterion_ids,
        weights=weights,
        timestamp=timestamp,
        **({"vetoes": dict(vetoes), "veto_mode": veto_mode} if vetoes else {}),
    )
    contributions = _contributions(matrix, weights, directions, options) if spec.name == "wsm" else None
    branches = tuple(dict.fromkeys(c.branch for c in scenario_set.criteria)) if contributions is not None else ()
    details = dict(result.details)
    if vetoed is not None:
        details["vetoed"] = vetoed
    return Result(
        scores=scores,
        ranks=rank(scores, higher_is_better=spec.higher_is_better),
        method=spec.name,
        higher_is_better=spec.higher_is_better,
        weights=weights,
        design_ids=scenario_set.design_ids,
        design_names=tuple(d.name for d in scenario_set.designs),
        criterion_ids=scenario_set.criterion_ids,
        contributions=contributions,
        score_low=low,
        score_high=high,
        branch_ids=branches,
        branch_contributions=None if contributions is None else _by_branch(scenario_set, contributions, branches),
        details=details,
        lens=chosen_lens.id,
        provenance=record,
    )
