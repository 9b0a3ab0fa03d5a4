r"""One-way weight sensitivity: sweep one criterion's weight, rescale the others.

For criterion :math:`j` the weight moves along :math:`t \in [0, 1]` and the others keep
their proportions:

.. math::

    w_j(t) = t, \qquad w_k(t) = w_k \frac{1 - t}{1 - w_j} \quad (k \ne j).

(If :math:`w_j = 1` the others share :math:`1 - t` equally.) The current weights are
the point :math:`t = w_j`.

Additive model (wsm): each total is linear in :math:`t`,
:math:`S_i(t) = a_i + b_i t` with :math:`a_i = \sum_{k \ne j} w_k v_{ik} / (1 - w_j)` and
:math:`b_i = v_{ij} - a_i`, so designs :math:`i` and :math:`k` swap at
:math:`t = (a_k - a_i) / (b_i - b_k)`: the crossover weights are *exact*.

Other methods: the scores are evaluated on a dense grid (``points``) with the method's
batch kernel, and every change found is refined by bisection to ``1e-10``. A change
that starts and ends between two grid points can be missed; raise ``points`` for
peace of mind. Rank 1 and ties follow :func:`scoring.rank` (a tied best still counts
as best).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from scoring.ranking import rank
from scoring._validate import as_directions, as_matrix, as_weights
from scoring.errors import InputError, UnknownNameError
from scoring.methods import MethodSpec, get_method
from scoring.methods.wsm import value_scores
from scoring.model import SCALE_MAX, SCALE_MIN, ScenarioSet

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "SensitivityResult",
    "Sweep",
    "crossover_interval",
    "rank_changes",
    "sensitivity",
    "sensitivity_scenario",
    "sweep",
]

FloatArray = npt.NDArray[np.float64]
_BISECTIONS = 40  # halves the grid step 40 times: far below any weight one would quote


@dataclass(frozen=True, slots=True, eq=False)
class Sweep:
    """Score curves: ``scores[j, g, i]`` is design ``i``'s score at ``t[g]`` on criterion ``j``."""

    t: FloatArray
    scores: FloatArray
    weights: FloatArray
    method: str
    design_ids: tuple[str, ...]
    criterion_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True, eq=False)
class SensitivityResult:
    """Per criterion, the weight interval in which the current best design stays best.

    ``table`` columns: ``criterion``, ``weight`` (current), ``lower``, ``upper``,
    ``best``, ``below`` (the design best just below ``lower``; empty when
    ``lower`` is 0) and ``above`` (just above ``upper``; empty when ``upper`` is 1).
    ``exact`` is True for the closed form (wsm).
    """

    table: pd.DataFrame
    method: str
    exact: bool


def _prepare(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    directions: Sequence[object] | npt.ArrayLike | None,
    method: str,
    options: dict[str, Any],
) -> tuple[FloatArray, FloatArray, npt.NDArray[np.int8], MethodSpec, dict[str, Any]]:
    spec = get_method(method)
    values = as_matrix(matrix)
    unknown = sorted(set(options) - set(spec.options))
    if unknown:
        raise UnknownNameError.at("options", f"method {spec.name!r} does not take {', '.join(unknown)}")
    m = values.shape[1]
    return values, as_weights(weights, m), as_directions(directions, m), spec, {**spec.options, **options}


def _weights_along(weights: FloatArray, j: int, t: FloatArray) -> FloatArray:
    """Weight vectors (len(t), m) for criterion ``j`` set to each ``t``."""
    m = weights.size
    rest = np.delete(weights, j)
    share = rest / rest.sum() if rest.sum() > 0 else np.full(m - 1, 1.0 / max(m - 1, 1))
    out = np.empty((t.size, m))
    out[:, j] = t
    out[:, np.arange(m) != j] = (1.0 - t)[:, None] * share
    return out


def _lines(values: FloatArray, weights: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Intercepts and slopes (m, n) of the additive totals along each criterion's sweep."""
    m = weights.size
    intercepts = np.empty((m, values.shape[0]))
    for j in range(m):  # m criteria; each line is vectorised over designs
        at0 = _weights_along(weights, j, np.array([0.0]))[0]
        intercepts[j] = values @ at0
    return intercepts, values.T - intercepts


def _best(scores: FloatArray, higher: bool) -> npt.NDArray[np.int64]:
    best: npt.NDArray[np.int64] = np.argmin(rank(scores, higher_is_better=higher), axis=-1)
    return best


def sweep(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    directions: Sequence[object] | npt.ArrayLike | None = None,
    method: str = "wsm",
    *,
    points: int = 101,
    **options: Any,
) -> Sweep:
    """Scores along every criterion's sweep on ``points`` equally spaced ``t`` (for plotting)."""
    values, w, signs, spec, chosen = _prepare(matrix, weights, directions, method, options)
    t = np.linspace(0.0, 1.0, int(points))
    curves = np.stack([spec.batch(values, _weights_along(w, j, t), signs, **chosen) for j in range(w.size)])
    n, m = values.shape
    return Sweep(t, curves, w, spec.name, tuple(f"D{i + 1}" for i in range(n)), tuple(f"C{j + 1}" for j in range(m)))


def _intervals_exact(values: FloatArray, w: FloatArray) -> tuple[FloatArray, FloatArray, Any, Any, Any]:
    a, b = _lines(values, w)
    scores = values @ w
    best = int(_best(scores, True))
    da, db = a[:, [best]] - a, b[:, [best]] - b  # best minus other, per criterion
    with np.errstate(divide="ignore", invalid="ignore"):
        cross = -da / db
    lower_cut = np.where(db > 0, cross, -np.inf)  # best stays ahead for t >= cross
    upper_cut = np.where(db < 0, cross, np.inf)  # best stays ahead for t <= cross
    lower_cut[:, best] = -np.inf
    upper_cut[:, best] = np.inf
    lo = np.clip(lower_cut.max(axis=1), 0.0, 1.0)
    hi = np.clip(upper_cut.min(axis=1), 0.0, 1.0)
    below = np.where(lo > 0, lower_cut.argmax(axis=1), -1)
    above = np.where(hi < 1, upper_cut.argmin(axis=1), -1)
    return lo, hi, best, below, above


def _intervals_numeric(
    values: FloatArray, w: FloatArray, signs: Any, spec: MethodSpec, chosen: dict[str, Any], points: int
) -> tuple[FloatArray, FloatArray, Any, Any, Any]:
    m = w.size
    best = int(_best(spec.batch(values, w[None, :], signs, **chosen), spec.higher_is_better)[0])
    grid = np.linspace(0.0, 1.0, points)
    lo, hi = np.zeros(m), np.ones(m)
    good_lo, bad_lo = np.full(m, np.nan), np.full(m, np.nan)
    good_hi, bad_hi = np.full(m, np.nan), np.full(m, np.nan)
    for j in range(m):  # m criteria; the grid is one batch call
        t = np.sort(np.append(grid, w[j]))
        here = int(np.searchsorted(t, w[j]))
        scores = spec.batch(values, _weights_along(w, j, t), signs, **chosen)
        ok = rank(scores, higher_is_better=spec.higher_is_better)[:, best] == 1
        ok[here] = True
        fails_below = np.flatnonzero(~ok[:here])
        fails_above = np.flatnonzero(~ok[here:])
        if fails_below.size:
            bad_lo[j], good_lo[j] = t[fails_below[-1]], t[fails_below[-1] + 1]
        if fails_above.size:
            bad_hi[j], good_hi[j] = t[here + fails_above[0]], t[here + fails_above[0] - 1]
    index = np.arange(m)

    def refine(good: FloatArray, bad: FloatArray) -> tuple[FloatArray, FloatArray]:
        live = np.isfinite(good)
        g, b, crit = good[live].copy(), bad[live].copy(), index[live]
        edge, taker = np.full(m, np.nan), np.full(m, -1)
        if not crit.size:  # the best stays best over the whole sweep on every criterion
            return edge, taker
        for _ in range(_BISECTIONS):  # every criterion bisects at once
            mid = 0.5 * (g + b)
            vectors = np.stack([_weights_along(w, int(c), np.array([x]))[0] for c, x in zip(crit, mid, strict=True)])
            still = (
                rank(spec.batch(values, vectors, signs, **chosen), higher_is_better=spec.higher_is_better)[:, best] == 1
            )
            g, b = np.where(still, mid, g), np.where(still, b, mid)
        edge[live] = g
        vectors = np.stack([_weights_along(w, int(c), np.array([x]))[0] for c, x in zip(crit, b, strict=True)])
        taker[live] = _best(spec.batch(values, vectors, signs, **chosen), spec.higher_is_better)
        return edge, taker

    edge_lo, below = refine(good_lo, bad_lo)
    edge_hi, above = refine(good_hi, bad_hi)
    lo = np.where(np.isfinite(edge_lo), edge_lo, lo)
    hi = np.where(np.isfinite(edge_hi), edge_hi, hi)
    return lo, hi, best, below, above


def crossover_interval(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    directions: Sequence[object] | npt.ArrayLike | None = None,
    method: str = "wsm",
    *,
    points: int = 201,
    **options: Any,
) -> FloatArray:
    """Per criterion, ``[lower, upper]`` weight in which the current best design stays best.

    Returns an ndarray (m, 2). Exact for wsm; grid plus bisection otherwise.

    Examples
    --------
    >>> crossover_interval([[1.0, 0.0], [0.0, 1.0]], [0.6, 0.4]).round(3).tolist()
    [[0.5, 1.0], [0.0, 0.5]]
    """
    values, w, signs, spec, chosen = _prepare(matrix, weights, directions, method, options)
    if spec.name == "wsm":
        lo, hi, *_ = _intervals_exact(value_scores(values, signs, chosen.get("bounds")), w)
    else:
        lo, hi, *_ = _intervals_numeric(values, w, signs, spec, chosen, points)
    return np.column_stack([lo, hi])


def sensitivity(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    directions: Sequence[object] | npt.ArrayLike | None = None,
    method: str = "wsm",
    *,
    points: int = 201,
    design_ids: Sequence[str] | None = None,
    criterion_ids: Sequence[str] | None = None,
    **options: Any,
) -> SensitivityResult:
    """The crossover table (see :class:`SensitivityResult`)."""
    import pandas as pd

    values, w, signs, spec, chosen = _prepare(matrix, weights, directions, method, options)
    n, m = values.shape
    designs = list(design_ids) if design_ids else [f"D{i + 1}" for i in range(n)]
    criteria = list(criterion_ids) if criterion_ids else [f"C{j + 1}" for j in range(m)]
    exact = spec.name == "wsm"
    if exact:
        lo, hi, best, below, above = _intervals_exact(value_scores(values, signs, chosen.get("bounds")), w)
    else:
        lo, hi, best, below, above = _intervals_numeric(values, w, signs, spec, chosen, points)
    table = pd.DataFrame(
        {
            "criterion": criteria,
            "weight": w,
            "lower": lo,
            "upper": hi,
            "best": designs[best],
            "below": ["" if i < 0 else designs[i] for i in below],
            "above": ["" if i < 0 else designs[i] for i in above],
        }
    )
    return SensitivityResult(table=table, method=spec.name, exact=exact)


def rank_changes(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    directions: Sequence[object] | npt.ArrayLike | None = None,
    method: str = "wsm",
    *,
    points: int = 201,
    design_ids: Sequence[str] | None = None,
    criterion_ids: Sequence[str] | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Every weight at which two designs swap order, per criterion.

    Columns: ``criterion``, ``weight`` (where they swap), ``ahead_below`` (the design
    ahead just below that weight), ``ahead_above``. Exact for wsm; for other methods
    sign changes of each pair's score difference on the grid, refined by bisection.
    """
    import pandas as pd

    values, w, signs, spec, chosen = _prepare(matrix, weights, directions, method, options)
    n, m = values.shape
    designs = list(design_ids) if design_ids else [f"D{i + 1}" for i in range(n)]
    criteria = list(criterion_ids) if criterion_ids else [f"C{j + 1}" for j in range(m)]
    sign = 1.0 if spec.higher_is_better else -1.0
    upper = np.triu(np.ones((n, n), dtype=bool), 1)
    if spec.name == "wsm":
        a, b = _lines(value_scores(values, signs, chosen.get("bounds")), w)
        da, db = a[:, :, None] - a[:, None, :], b[:, :, None] - b[:, None, :]  # (m, i, k): i minus k
        with np.errstate(divide="ignore", invalid="ignore"):
            t = -da / db
        hit = upper[None] & (db != 0) & (t > 0) & (t < 1)
        crit, i, k = np.nonzero(hit)
        at = t[crit, i, k]
        i_ahead_below = db[crit, i, k] * sign < 0  # d(t) = da + db t is zero at the swap
    else:
        grid = np.linspace(0.0, 1.0, points)
        curves = np.stack([spec.batch(values, _weights_along(w, j, grid), signs, **chosen) for j in range(m)])
        diff = (curves[:, :, :, None] - curves[:, :, None, :]) * sign  # (m, g, i, k)
        flips = (np.sign(diff[:, :-1]) * np.sign(diff[:, 1:]) < 0) & upper[None, None]
        crit, g, i, k = np.nonzero(flips)
        left, right = grid[g], grid[g + 1]
        start = diff[crit, g, i, k] > 0
        for _ in range(_BISECTIONS):  # all crossings at once
            mid = 0.5 * (left + right)
            vectors = (
                np.stack([_weights_along(w, int(c), np.array([x]))[0] for c, x in zip(crit, mid, strict=True)])
                if crit.size
                else np.empty((0, m))
            )
            s = spec.batch(values, vectors, signs, **chosen) if crit.size else np.empty((0, n))
            same = ((s[np.arange(crit.size), i] - s[np.arange(crit.size), k]) * sign > 0) == start
            left, right = np.where(same, mid, left), np.where(same, right, mid)
        at = 0.5 * (left + right)
        i_ahead_below = start
    rows = pd.DataFrame(
        {
            "criterion": [criteria[c] for c in crit],
            "weight": at,
            "ahead_below": [designs[x] if f else designs[y] for x, y, f in zip(i, k, i_ahead_below, strict=True)],
            "ahead_above": [designs[y] if f else designs[x] for x, y, f in zip(i, k, i_ahead_below, strict=True)],
        }
    )
    return rows.sort_values(["criterion", "weight"], kind="stable").reset_index(drop=True)


def sensitivity_scenario(
    scenario: ScenarioSet, lens: str | None = None, method: str = "wsm", *, points: int = 201
) -> SensitivityResult:
    """:func:`sensitivity` on a scenario set's base scores (wsm on the global 0-100 scales)."""
    options: dict[str, Any] = {"bounds": (SCALE_MIN, SCALE_MAX)} if get_method(method).name == "wsm" else {}
    if points < 3:
        raise InputError.at("points", f"expected at least 3 grid points (got {points})")
    return sensitivity(
        scenario.matrix("base"),
        scenario.weights(lens),
        scenario.directions,
        method,
        points=points,
        design_ids=scenario.design_ids,
        criterion_ids=scenario.criterion_ids,
        **options,
    )
