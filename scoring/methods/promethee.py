r"""PROMETHEE II: net outranking flows (Brans and Vincke 1985).

For each pair of designs (a, b) and criterion *j*, the difference
:math:`d_j(a, b) = s_j (x_{aj} - x_{bj})` (:math:`s_j = +1` benefit, -1 cost) is turned
into a preference degree :math:`P_j(a, b) = F_j(d_j(a, b)) \in [0, 1]` by a generalised
criterion (thresholds *q* and *p* are in the criterion's own units, :math:`0 \le q < p`):

=========== ====== ==================================================================
option      type   :math:`F(d)`
=========== ====== ==================================================================
``usual``   I      1 if d > 0, else 0
``ushape``  II     1 if d > q, else 0 (quasi-criterion)
``vshape``  III    d / p for 0 < d <= p, 1 if d > p, else 0 (linear preference)
``level``   IV     0 if d <= q, 1/2 if q < d <= p, 1 if d > p
``linear``  V      0 if d <= q, (d - q)/(p - q) if q < d <= p, 1 if d > p
=========== ====== ==================================================================

Then :math:`\pi(a, b) = \sum_j w_j P_j(a, b)` and, over *n* designs,

.. math::

    \phi^+(a) = \frac{1}{n-1} \sum_{b} \pi(a, b), \quad
    \phi^-(a) = \frac{1}{n-1} \sum_{b} \pi(b, a), \quad
    \phi(a) = \phi^+(a) - \phi^-(a) \in [-1, 1].

The score is the net flow :math:`\phi` (higher is better); ``details`` hold
``phi_plus``, ``phi_minus`` and ``phi``. With one design all flows are 0.

``preference`` is one name for every criterion or a list with one per criterion; ``q``
and ``p`` are one number or one per criterion (ignored by functions that do not use
them). ``p`` has no default: the types that need it say so.

Cost: the method is inherently pairwise. Because the flows are linear in the weights,
:math:`\phi(a) = \frac{1}{n-1}\sum_j w_j \sum_b [P_j(a,b) - P_j(b,a)]`, one (n, m)
matrix costs O(n^2 m) once plus O(k n m) for k weight vectors. For k different
matrices, (k, n, m), the pairwise tensor is O(k n^2 m); :func:`batch` works through
the samples in blocks of at most ``_BLOCK_ELEMENTS`` pairwise entries to bound memory.

Sources: Brans, J.P. and Vincke, Ph. (1985), "A preference ranking organisation
method", *Management Science* 31(6), 647-656; Brans, J.P. and Mareschal, B. (2005),
"PROMETHEE methods", in Figueira, Greco and Ehrgott (eds.), *Multiple Criteria Decision
Analysis: State of the Art Surveys*, Springer, ch. 5 (the six generalised criteria).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from scoring._types import FloatArray, SignArray
from scoring.errors import InputError
from scoring.methods._base import MethodOutput, MethodSpec
from scoring.methods._common import choose, per_criterion

PREFERENCES = ("usual", "ushape", "vshape", "level", "linear")
_NEEDS_Q = frozenset({"ushape", "level", "linear"})
_NEEDS_P = frozenset({"vshape", "level", "linear"})
_BLOCK_ELEMENTS = 1 << 24

Preference = str | Sequence[str]


@dataclass(frozen=True, slots=True)
class _Criteria:
    """Validated per-criterion preference functions and thresholds."""

    kinds: tuple[str, ...]
    q: FloatArray
    p: FloatArray


def _criteria(preference: Preference, q: npt.ArrayLike, p: npt.ArrayLike | None, n_criteria: int) -> _Criteria:
    names = [preference] * n_criteria if isinstance(preference, str) else list(preference)
    if len(names) != n_criteria:
        raise InputError.at(
            "preference", f"expected one name or {n_criteria} names (one per criterion), got {len(names)}"
        )
    kinds = tuple(choose("preference", name, PREFERENCES) for name in names)
    indifference = per_criterion("q", q, n_criteria)
    needs_p = [j for j, kind in enumerate(kinds) if kind in _NEEDS_P]
    if p is None and needs_p:
        raise InputError.at(
            "p", f"preference {kinds[needs_p[0]]!r} (criterion {needs_p[0] + 1}) needs a preference threshold p"
        )
    strict = np.full(n_criteria, np.inf) if p is None else per_criterion("p", p, n_criteria)
    for j, kind in enumerate(kinds):
        if kind in _NEEDS_Q and indifference[j] < 0:
            raise InputError.at("q", f"criterion {j + 1}: expected q >= 0, got {indifference[j]:g}")
        if kind == "vshape" and not strict[j] > 0:
            raise InputError.at("p", f"criterion {j + 1}: expected p > 0, got {strict[j]:g}")
        if kind in ("level", "linear") and not strict[j] > indifference[j]:
            raise InputError.at("p", f"criterion {j + 1}: expected p > q (got q={indifference[j]:g}, p={strict[j]:g})")
    return _Criteria(kinds, indifference, strict)


def _degrees(diff: FloatArray, criteria: _Criteria) -> FloatArray:
    """Preference degrees P_j(d) for a (..., m) array of signed differences."""
    result = np.empty_like(diff)
    kinds = np.array(criteria.kinds)
    for kind in set(criteria.kinds):
        cols = np.flatnonzero(kinds == kind)
        d = diff[..., cols]
        q, p = criteria.q[cols], criteria.p[cols]
        if kind == "usual":
            degree = (d > 0).astype(np.float64)
        elif kind == "ushape":
            degree = (d > q).astype(np.float64)
        elif kind == "vshape":
            degree = np.clip(d / p, 0.0, 1.0)
        elif kind == "level":
            degree = np.where(d > p, 1.0, np.where(d > q, 0.5, 0.0))
        else:  # linear
            degree = np.clip((d - q) / (p - q), 0.0, 1.0)
        result[..., cols] = degree
    return result


def _net_parts(matrices: FloatArray, directions: SignArray, criteria: _Criteria) -> tuple[FloatArray, FloatArray]:
    """Per design and criterion: sum_b P_j(a, b) and sum_b P_j(b, a); shapes (..., n, m)."""
    signed = matrices * directions
    diff = signed[..., :, np.newaxis, :] - signed[..., np.newaxis, :, :]
    degrees = _degrees(diff, criteria)
    return degrees.sum(axis=-2), degrees.sum(axis=-3)


def score(
    matrix: FloatArray,
    weights: FloatArray,
    directions: SignArray,
    *,
    preference: Preference = "usual",
    q: npt.ArrayLike = 0.0,
    p: npt.ArrayLike | None = None,
) -> MethodOutput:
    """Net flow per design; details hold ``phi_plus``, ``phi_minus`` and ``phi``."""
    criteria = _criteria(preference, q, p, matrix.shape[1])
    n = matrix.shape[0]
    leaving, entering = _net_parts(matrix, directions, criteria)
    scale = 1.0 / (n - 1) if n > 1 else 0.0
    phi_plus = (leaving @ weights) * scale
    phi_minus = (entering @ weights) * scale
    phi = phi_plus - phi_minus
    return MethodOutput(scores=phi, details={"phi_plus": phi_plus, "phi_minus": phi_minus, "phi": phi})


def batch(
    matrices: FloatArray,
    weights: FloatArray,
    directions: SignArray,
    *,
    preference: Preference = "usual",
    q: npt.ArrayLike = 0.0,
    p: npt.ArrayLike | None = None,
) -> FloatArray:
    """Net flows for k weight vectors (and optionally k matrices); returns (k, n)."""
    n, m = matrices.shape[-2:]
    criteria = _criteria(preference, q, p, m)
    scale = 1.0 / (n - 1) if n > 1 else 0.0
    if matrices.ndim == 2:
        leaving, entering = _net_parts(matrices, directions, criteria)
        result: FloatArray = (weights @ (leaving - entering).T) * scale
        return result
    k = matrices.shape[0]
    block = max(1, _BLOCK_ELEMENTS // max(1, n * n * m))
    flows = np.empty((k, n), dtype=np.float64)
    for start in range(0, k, block):  # blocks of samples, each fully vectorised
        stop = min(k, start + block)
        leaving, entering = _net_parts(matrices[start:stop], directions, criteria)
        flows[start:stop] = np.einsum("knm,km->kn", leaving - entering, weights[start:stop]) * scale
    return flows


def parts(
    matrix: FloatArray,
    directions: SignArray,
    *,
    preference: Preference = "usual",
    q: npt.ArrayLike = 0.0,
    p: npt.ArrayLike | None = None,
) -> FloatArray:
    """Per criterion, the design's net preference over the others: ``score = parts @ weights``."""
    n = matrix.shape[0]
    leaving, entering = _net_parts(matrix, directions, _criteria(preference, q, p, matrix.shape[1]))
    result: FloatArray = (leaving - entering) * (1.0 / (n - 1) if n > 1 else 0.0)
    return result


def _check(options: dict[str, Any], extremes: tuple[FloatArray, ...]) -> dict[str, Any]:
    if extremes:
        _criteria(options["preference"], options["q"], options["p"], extremes[0].shape[-1])
    return options


def _cells(n: int, m: int, _varying: bool) -> int:
    return 2 * m + 6 * n + 6 * n * m + 4 * n * n * m


METHOD = MethodSpec(
    name="promethee",
    title="PROMETHEE II (net outranking flow)",
    higher_is_better=True,
    score=score,
    batch=batch,
    options={"preference": "usual", "q": 0.0, "p": None},
    source="Brans & Vincke (1985) Management Science 31(6) 647-656; Brans & Mareschal (2005) ch. 5",
    label="PROMETHEE II net outranking flow (-1 to 1, higher is better)",
    value_label="PROMETHEE II net outranking flow, on 0-100 values (-1 to 1, higher is better)",
    bounds=(-1.0, 1.0),
    parts=parts,
    check=_check,
    sample_cells=_cells,
)
