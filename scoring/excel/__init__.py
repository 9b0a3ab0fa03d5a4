"""Worksheet functions for Excel, through xlwings: the classic add-in and xlwings Lite.

This is the only module that imports xlwings (``import scoring`` never imports it). It
is a thin face: every function decorates, then calls its adapter in
:mod:`scoring.excel._impl` (argument parsing lives in :mod:`scoring.excel._args`), so the
same code runs from Python: ``scoring.excel.GS_SCORE([[7, 200], [9, 300]], [1, 1])``.

Registration: ``from xlwings import func, arg, ret``. xlwings binds those names to the
decorators of the runtime it finds: on Windows with pywin32, the classic ones
(``xlwings.udfs.xlfunc/xlarg/xlret``, read by "Import Functions", which writes a VBA
wrapper per function); in xlwings Lite / xlwings Server, the Office.js ones (read when the
add-in loads ``main.py``); elsewhere (Linux, macOS without a runtime) they do nothing, and
the functions stay plain Python functions.

Errors: bad input never shows a traceback. Each function returns (classic add-in) or
raises (xlwings Lite, where the cell then shows ``#VALUE!`` with the reason) one line naming
the argument and, for a range, the cell: ``weights: cell 3 is "abc", expected a number``.
Lite is detected at import: it runs on Pyodide, where ``sys.platform == "emscripten"``.
Unexpected failures (bugs) are caught too and give one line,
``GS_SCORE: unexpected error (TypeName: message)``.

Every range argument is read as a 2-D list (``ndim=2``) with error cells as text
(``err_to_str=True``); results are plain values or 2-D lists that spill as dynamic arrays
(no legacy ``@ret(expand=...)``, which overwrites neighbouring cells).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar, cast

_F = TypeVar("_F", bound=Callable[..., Any])

try:
    from xlwings import arg as _arg
    from xlwings import func as _func
    from xlwings import ret as _ret
except ImportError:  # no xlwings: the functions stay plain Python functions (as on Linux with xlwings)

    def _keep(*_args: Any, **_kwargs: Any) -> Any:
        return lambda function: function

    _arg = _func = _ret = _keep


def func(**options: Any) -> Callable[[_F], _F]:
    """xlwings' ``@func`` with its type made explicit (it returns the function it decorates)."""
    decorator: Callable[[_F], _F] = _func(**options)
    return decorator


def arg(name: str, **options: Any) -> Callable[[_F], _F]:
    """xlwings' ``@arg``, typed."""
    decorator: Callable[[_F], _F] = _arg(name, **options)
    return decorator


def ret(**options: Any) -> Callable[[_F], _F]:
    """xlwings' ``@ret``, typed."""
    decorator: Callable[[_F], _F] = _ret(**options)
    return decorator


from scoring.excel import _impl as impl  # noqa: E402 - after the xlwings fallback above

__all__ = [
    "GS_AHP_CR",
    "GS_AHP_WEIGHTS",
    "GS_ARTICLE",
    "GS_COMPOSE",
    "GS_OBJECTIVE_WEIGHTS",
    "GS_RANK",
    "GS_ROC_WEIGHTS",
    "GS_SCORE",
    "GS_SENSITIVITY",
    "GS_SMAA",
    "GS_SWING_WEIGHTS",
    "GS_VERSION",
    "IS_LITE",
]

#: True inside xlwings Lite (Pyodide): errors are raised (#VALUE! with the reason)
#: instead of returned as the cell's text.
IS_LITE: bool = sys.platform == "emscripten"

Cells = list[list[Any]]

#: Classic-only option (the function wizard's category), left out for Lite.
_FUNC: dict[str, Any] = {} if IS_LITE else {"category": "Guarantee scoring"}
#: Read every range argument as a 2-D list, error cells as their text (both runtimes).
_RANGE: dict[str, Any] = {"ndim": 2, "err_to_str": True}

_MATRIX = "Designs x criteria: one row per design, one column per criterion (a header row or label column is fine)."
_WEIGHTS = "One weight per criterion, a row or a column; normalised to sum to 1."
_DIRECTIONS = 'Optional. "max" or "min" (or 1 / -1) per criterion, or one for all. Default: all max.'
_METHOD = 'Optional. "wsm" (default), "wpm", "topsis", "vikor" (lower Q is better) or "promethee".'
_OPTIONS = 'Optional. "name=value; ..." or a 2-column name/value range, e.g. "bounds=0,100" or "v=0.4".'
_WHAT = '"criteria", "designs", "scores", "weights" or "evidence" (also "low", "high", "lenses").'
_LENS = 'Optional. A lens id (e.g. "kyiv") for "weights" (one row) or "designs" (adds score and rank).'
_PAIRWISE = "Square reciprocal pairwise-comparison range on Saaty's 1-9 scale (a[j,i] = 1/a[i,j])."


def _one_line_doc(function: Any) -> Any:
    """Join the docstring into one line: it is the description Excel shows (classic: first 255 characters)."""
    function.__doc__ = " ".join((function.__doc__ or "").split())
    return function


def _run(name: str, adapter: Any, *args: Any) -> Any:
    return impl.run(name, adapter, IS_LITE, *args)


def _cells(name: str, adapter: Any, *args: Any) -> Cells:
    return cast(Cells, _run(name, adapter, *args))


@func(**_FUNC)
@arg("matrix", doc=_MATRIX, **_RANGE)
@arg("weights", doc=_WEIGHTS, **_RANGE)
@arg("directions", doc=_DIRECTIONS, **_RANGE)
@arg("method", doc=_METHOD, **_RANGE)
@arg("options", doc=_OPTIONS, **_RANGE)
@ret()
@_one_line_doc
def GS_SCORE(matrix: Any, weights: Any, directions: Any = None, method: Any = None, options: Any = None) -> Cells:
    """Score each design (row of matrix): one score per row, in the method's units (wsm: 0-1 on each
    column's observed range unless options give bounds; vikor: Q, lower is better). Spills a column.
    """
    return _cells("GS_SCORE", impl.gs_score, matrix, weights, directions, method, options)


@func(**_FUNC)
@arg("matrix", doc=_MATRIX, **_RANGE)
@arg("weights", doc=_WEIGHTS, **_RANGE)
@arg("directions", doc=_DIRECTIONS, **_RANGE)
@arg("method", doc=_METHOD, **_RANGE)
@arg("options", doc=_OPTIONS, **_RANGE)
@ret()
@_one_line_doc
def GS_RANK(matrix: Any, weights: Any, directions: Any = None, method: Any = None, options: Any = None) -> Cells:
    """Rank each design (row of matrix): 1 = best whatever the method's orientation; ties share the better
    rank. Same arguments as GS_SCORE. Spills a column.
    """
    return _cells("GS_RANK", impl.gs_rank, matrix, weights, directions, method, options)


@func(**_FUNC)
@arg("pairwise", doc=_PAIRWISE, **_RANGE)
@ret()
@_one_line_doc
def GS_AHP_WEIGHTS(pairwise: Any) -> Cells:
    """AHP weights: the principal eigenvector of the pairwise-comparison matrix, normalised to sum to 1
    (Saaty). Spills a column, one weight per row of pairwise.
    """
    return _cells("GS_AHP_WEIGHTS", impl.gs_ahp_weights, pairwise)


@func(**_FUNC)
@arg("pairwise", doc=_PAIRWISE, **_RANGE)
@ret()
@_one_line_doc
def GS_AHP_CR(pairwise: Any) -> Any:
    """AHP consistency ratio CR = CI / RI(n), with Saaty's random index RI (Saaty 1987 for n <= 10, Saaty
    1980 for 11-15). CR above 0.10 means the judgments should be revisited.
    """
    return _run("GS_AHP_CR", impl.gs_ahp_cr, pairwise)


@func(**_FUNC)
@arg("matrix", doc=_MATRIX, **_RANGE)
@arg("method", doc='Optional. "critic" (default), "entropy" or "std" (standard deviation).', **_RANGE)
@arg("directions", doc=_DIRECTIONS, **_RANGE)
@ret()
@_one_line_doc
def GS_OBJECTIVE_WEIGHTS(matrix: Any, method: Any = None, directions: Any = None) -> Cells:
    """Weights from the data: CRITIC (default), entropy or standard deviation of each criterion (column).
    Spills a row aligned with the criteria (under their header if the matrix had one).
    """
    return _cells("GS_OBJECTIVE_WEIGHTS", impl.gs_objective_weights, matrix, method, directions)


@func(**_FUNC)
@arg("ranks", doc="Importance rank per criterion, 1 = most important (ties allowed), a row or a column.", **_RANGE)
@ret()
@_one_line_doc
def GS_ROC_WEIGHTS(ranks: Any) -> Cells:
    """Rank-order-centroid weights from importance ranks (Barron and Barrett 1996); tied criteria share.
    Spills in the orientation of ranks.
    """
    return _cells("GS_ROC_WEIGHTS", impl.gs_roc_weights, ranks)


@func(**_FUNC)
@arg("points", doc="Swing points per criterion, 0-100, the most important swing 100; a row or a column.", **_RANGE)
@ret()
@_one_line_doc
def GS_SWING_WEIGHTS(points: Any) -> Cells:
    """Swing weights: each criterion's points (100 for the most important swing) divided by their sum.
    Spills in the orientation of points.
    """
    return _cells("GS_SWING_WEIGHTS", impl.gs_swing_weights, points)


@func(**_FUNC)
@arg("matrix", doc=_MATRIX, **_RANGE)
@arg(
    "weights",
    doc="Optional. Weights per criterion: draws are made around them (as gscore analyze does); "
    "blank = drawn uniformly from the simplex.",
    **_RANGE,
)
@arg("directions", doc=_DIRECTIONS, **_RANGE)
@arg("method", doc=_METHOD, **_RANGE)
@arg(
    "samples",
    doc="Optional. Monte Carlo draws, 1 to 200000 (default 10000); fewer for large problems, so that a "
    "recalculation stays quick.",
    **_RANGE,
)
@arg("seed", doc="Optional. Whole number >= 0 (default 0): the same seed gives the same table.", **_RANGE)
@arg("matrix_low", doc="Optional. Lowest plausible level of each score, same shape as matrix.", **_RANGE)
@arg("matrix_high", doc="Optional. Highest plausible level of each score, same shape as matrix.", **_RANGE)
@arg("options", doc=_OPTIONS, **_RANGE)
@ret()
@_one_line_doc
def GS_SMAA(
    matrix: Any,
    weights: Any = None,
    directions: Any = None,
    method: Any = None,
    samples: Any = None,
    seed: Any = None,
    matrix_low: Any = None,
    matrix_high: Any = None,
    options: Any = None,
) -> Cells:
    """SMAA-2 rank acceptability: the share of random draws (weights, and scores within low/high) in which
    each design takes each rank. Spills a table: header row, one row per design.
    """
    return _cells(
        "GS_SMAA", impl.gs_smaa, matrix, weights, directions, method, samples, seed, matrix_low, matrix_high, options
    )


@func(**_FUNC)
@arg("matrix", doc=_MATRIX, **_RANGE)
@arg("weights", doc=_WEIGHTS, **_RANGE)
@arg("directions", doc=_DIRECTIONS, **_RANGE)
@arg("method", doc=_METHOD, **_RANGE)
@arg("options", doc=_OPTIONS, **_RANGE)
@ret()
@_one_line_doc
def GS_SENSITIVITY(matrix: Any, weights: Any, directions: Any = None, method: Any = None, options: Any = None) -> Cells:
    """Per criterion, the weight interval [lower, upper] in which the current best design stays best (other
    weights keep their proportions). Spills a table with a header row.
    """
    return _cells("GS_SENSITIVITY", impl.gs_sensitivity, matrix, weights, directions, method, options)


@func(**_FUNC)
@arg("what", doc=_WHAT, **_RANGE)
@arg("lens", doc=_LENS, **_RANGE)
@ret()
@_one_line_doc
def GS_ARTICLE(what: Any, lens: Any = None) -> Cells:
    """The built-in article scenario set (security guarantees for Ukraine) as a table with a header row:
    criteria, designs, scores (0-100), weights (lenses) or evidence quotes.
    """
    return _cells("GS_ARTICLE", impl.gs_article, what, lens)


@func(**_FUNC)
@arg("lens", doc='Optional. A lens id of the built-in set (default "balanced"): whose weights rank them.', **_RANGE)
@arg("top", doc="Optional. How many combinations, 1 to 1000 (default 5).", **_RANGE)
@arg("method", doc=_METHOD, **_RANGE)
@ret()
@_one_line_doc
def GS_COMPOSE(lens: Any = None, top: Any = None, method: Any = None) -> Cells:
    """The best combinations of the built-in set's building blocks (pledge, US air, troops, intelligence, NATO,
    a role for Moscow) under a lens: rank, combination, score (0-100) and its low-high range. Spills a table.
    """
    return _cells("GS_COMPOSE", impl.gs_compose, lens, top, method)


@func(**_FUNC)
@ret()
@_one_line_doc
def GS_VERSION() -> str:
    """The version of the guarantee-scoring package computing these functions."""
    return str(_run("GS_VERSION", impl.gs_version))
