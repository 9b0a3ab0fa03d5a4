"""The worksheet functions without xlwings: Excel-shaped arguments in, cells out.

Each ``gs_*`` function here parses its arguments with :mod:`scoring.excel._args`, calls the
core (:func:`scoring.evaluate`, :mod:`scoring.weights`, :mod:`scoring.analysis`) and returns a
scalar or a 2-D list of plain cells (floats, ints, text as typed; never NaN or inf). They
raise on bad input; :func:`run` turns any exception into the one-line message a cell shows.
GS_ARTICLE lives in :mod:`scoring.excel._article`, re-exported here. :mod:`scoring.excel`
only adds the xlwings decorators.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import scoring
from scoring.analysis.settings import DEFAULT_SMAA
from scoring.errors import InputError, InvalidWeightsError, ScoringError, UnknownNameError
from scoring.excel._args import (
    Table,
    cell_value,
    one_line,
    parse_directions,
    parse_int,
    parse_matrix,
    parse_options,
    parse_text,
    parse_vector,
    to_number,
)
from scoring.excel._article import ARTICLE_TABLES, article, gs_article
from scoring.limits import check_analysis_size
from scoring.methods import get_method
from scoring.problem import DecisionProblem

__all__ = [
    "ARTICLE_TABLES",
    "MAX_SAMPLES",
    "MAX_SMAA_CELLS",
    "WorksheetError",
    "gs_ahp_cr",
    "gs_ahp_weights",
    "gs_article",
    "gs_compose",
    "gs_objective_weights",
    "gs_rank",
    "gs_roc_weights",
    "gs_score",
    "gs_sensitivity",
    "gs_smaa",
    "gs_swing_weights",
    "gs_version",
    "run",
]

Cells = list[list[Any]]

#: The most SMAA draws allowed (blank ``samples`` and ``seed``: the defaults of every face,
#: :data:`scoring.analysis.settings.DEFAULT_SMAA`, a fixed seed so a recalculation shows the same table).
MAX_SAMPLES = 200_000
#: What one GS_SMAA recalculation may cost, in float64 working cells: every draw costs its
#: method's :attr:`~scoring.methods.MethodSpec.sample_cells` (which grow with designs and
#: criteria; PROMETHEE's with designs squared), counted twice with score ranges (headroom
#: for drawing the scores, and for Pyodide's slower numpy in xlwings Lite). GS_SMAA shows no
#: confidence factors, so it does not compute them (they re-score every draw once per design
#: that is ever best, which the budget could not bound). About a second at most on the
#: benchmark machine whatever the method and shape (``python benchmarks/excel_calls.py
#: --smaa``); larger runs belong to ``gscore analyze``.
MAX_SMAA_CELLS = 150_000_000


class WorksheetError(ValueError):
    """Raised in xlwings Lite so that the cell shows #VALUE! with this one-line reason."""


def run(function: str, impl: Callable[..., Any], raise_errors: bool, *args: Any) -> Any:
    """Call ``impl(*args)``; on any exception return (classic) or raise (Lite) one line.

    Input errors read ``argument: what is wrong``; anything unexpected (a bug) still gives
    one line, ``GS_X: unexpected error (TypeName: message)``, never a traceback.
    """
    try:
        return impl(*args)
    except ScoringError as error:
        message = one_line(error)
    except Exception as error:  # the catch-all the contract asks for: no traceback in a cell
        message = f"{function}: unexpected error ({type(error).__name__}: {one_line(error)})"
    if raise_errors:
        raise WorksheetError(message) from None
    return message


# ---------------------------------------------------------------------------- helpers


def _method(value: object) -> str:
    name = parse_text(value, "method", "wsm")
    assert name is not None
    return get_method(name).name  # fails now, naming "method", if unknown


def _method_options(method: str, value: object) -> dict[str, Any]:
    """Options for ``method`` only: never the analysis function's own keywords (samples, seed, ...)."""
    options = parse_options(value)
    get_method(method).check_options(options)  # names checked now, naming "options"; values with the data
    return options


def _weights(value: object) -> Any:
    parsed = parse_vector(value, "weights")
    if parsed is None:
        raise InputError.at("weights", "is blank, expected one weight per criterion")
    return parsed[0]


def _column(values: Sequence[Any], header: str | None = None) -> Cells:
    cells = [[cell_value(v)] for v in values]
    return [[header], *cells] if header is not None else cells


def _evaluate(
    matrix: object, weights: object, directions: object, method: object, options: object
) -> tuple[Table, scoring.Result]:
    table = parse_matrix(matrix)
    result = scoring.evaluate(
        table.values,
        _weights(weights),
        parse_directions(directions, table.values.shape[1]),
        _method(method),
        **parse_options(options),
    )
    return table, result


# ---------------------------------------------------------------------------- functions


def gs_score(
    matrix: object, weights: object, directions: object = None, method: object = None, options: object = None
) -> Cells:
    """One score per design, as a column (with a ``score`` header cell if the matrix had a header row)."""
    table, result = _evaluate(matrix, weights, directions, method, options)
    return _column(result.scores.tolist(), "score" if table.has_header else None)


def gs_rank(
    matrix: object, weights: object, directions: object = None, method: object = None, options: object = None
) -> Cells:
    """One rank per design (1 = best whatever the method's orientation), as a column."""
    table, result = _evaluate(matrix, weights, directions, method, options)
    return _column(result.ranks.tolist(), "rank" if table.has_header else None)


def _pairwise(value: object) -> Table:
    return parse_matrix(value, "pairwise", error=InvalidWeightsError.at)


def _ahp(pairwise: object) -> tuple[Table, Any]:
    from scoring.weights import InconsistentJudgmentsWarning, ahp

    table = _pairwise(pairwise)
    with warnings.catch_warnings():  # the CR is the answer (GS_AHP_CR), not a warning
        warnings.simplefilter("ignore", InconsistentJudgmentsWarning)
        return table, ahp(table.values)


def gs_ahp_weights(pairwise: object) -> Cells:
    """AHP principal-eigenvector weights, one per row of ``pairwise``, as a column."""
    table, result = _ahp(pairwise)
    return _column(result.weights.tolist(), "weight" if table.has_header else None)


def gs_ahp_cr(pairwise: object) -> float:
    """Saaty's consistency ratio CI / RI(n) (0 for n <= 2)."""
    return float(_ahp(pairwise)[1].cr)


def gs_objective_weights(matrix: object, method: object = None, directions: object = None) -> Cells:
    """CRITIC (default), entropy or standard-deviation weights, as a row aligned with the criteria."""
    from scoring.weights import derive_weights

    table = parse_matrix(matrix)
    kind = parse_text(method, "method", "critic")
    assert kind is not None
    key = kind.lower().replace("-", "_")
    if key not in ("critic", "entropy", "std"):
        raise UnknownNameError.at(
            "method", f'unknown objective weighting {kind!r}; expected "critic", "entropy" or "std"'
        )
    weights = derive_weights(key, table.values, directions=parse_directions(directions, table.values.shape[1]))
    row = [cell_value(w) for w in weights.tolist()]
    return [list(table.criterion_labels()), row] if table.has_header else [row]


def _shaped(values: Sequence[float], column: bool) -> Cells:
    return [[cell_value(v)] for v in values] if column else [[cell_value(v) for v in values]]


def _selected_cells(value: object) -> int:
    """How many cells the selected row or column has, not counting a text header cell."""
    if not isinstance(value, list) or not value:
        return 1
    rows = [row if isinstance(row, list) else [row] for row in value]
    cells = [cell for row in rows for cell in row]
    first = cells[0]
    header = isinstance(first, str) and first.strip() != "" and to_number(first) is None
    return len(cells) - int(header)


def _stated(value: object, name: str, derive: Callable[[Any], Any]) -> Cells:
    """Weights from stated points or ranks; blank cells at the end of the selected range get
    weight 0, so that the spilled result lines up cell for cell with the range."""
    parsed = parse_vector(value, name)
    if parsed is None:
        raise InputError.at(name, "is blank, expected one value per criterion")
    values, column = parsed
    weights = derive(values).tolist()
    weights += [0.0] * max(0, _selected_cells(value) - len(weights))
    return _shaped(weights, column)


def gs_roc_weights(ranks: object) -> Cells:
    """Rank-order-centroid weights, same orientation as ``ranks``."""
    from scoring.weights import rank_order_centroid

    return _stated(ranks, "ranks", rank_order_centroid)


def gs_swing_weights(points: object) -> Cells:
    """Swing weights (points / their sum), same orientation as ``points``."""
    from scoring.weights import swing_weights

    return _stated(points, "points", swing_weights)


def gs_smaa(
    matrix: object,
    weights: object = None,
    directions: object = None,
    method: object = None,
    samples: object = None,
    seed: object = None,
    matrix_low: object = None,
    matrix_high: object = None,
    options: object = None,
) -> Cells:
    """Rank-acceptability table: header ``design, rank 1..n``, one row per design.

    Blank weights: uniform on the simplex (no preferences). Given weights: drawn around them
    as ``gscore analyze`` does (:data:`~scoring.analysis.settings.DEFAULT_SMAA`); the seed and
    sample defaults are the same as everywhere else.
    """
    from scoring.analysis.smaa import smaa

    table = parse_matrix(matrix)
    m = table.values.shape[1]
    parsed = parse_vector(weights, "weights")
    stated = parse_int(  # 0: blank (a stated 0 is refused)
        samples,
        "samples",
        0,
        minimum=1,
        maximum=MAX_SAMPLES,
        note="the cap keeps a recalculation quick; 10000 draws give acceptabilities to about +-0.01",
    )
    draws = stated or DEFAULT_SMAA.samples
    chosen_seed = parse_int(seed, "seed", DEFAULT_SMAA.seed, minimum=0, maximum=2**63 - 1)
    low = None if matrix_low is None else parse_matrix(matrix_low, "matrix_low").values
    high = None if matrix_high is None else parse_matrix(matrix_high, "matrix_high").values
    chosen = _method(method)
    check_analysis_size(table.values.shape[0], table.values.shape[1], "GS_SMAA", "matrix")
    problem = DecisionProblem.from_arrays(
        table.values,
        None if parsed is None else parsed[0],
        parse_directions(directions, m),
        chosen,
        matrix_low=low,
        matrix_high=high,
        design_ids=list(table.design_labels()),
        **_method_options(chosen, options),
    )
    _check_smaa_cost(problem, draws, given=stated > 0)
    mode = "uniform" if parsed is None else DEFAULT_SMAA.weight_mode
    # The table has no confidence factors: one confidence draw keeps their cost (draws x every
    # design that is ever best x the method's cells, outside the budget) out of a recalculation.
    result = smaa(problem, samples=draws, seed=chosen_seed, weight_mode=mode, confidence_samples=1)
    n = table.values.shape[0]
    header: list[Any] = ["design", *(f"rank {r + 1}" for r in range(n))]
    rows = [
        [cell_value(result.design_ids[i]), *(cell_value(v) for v in result.acceptability[i].tolist())] for i in range(n)
    ]
    return [header, *rows]


def smaa_draw_cells(problem: DecisionProblem) -> int:
    """Working cells one GS_SMAA draw costs (twice the method's with score ranges): its share of the budget."""
    n, m = problem.matrix.shape
    varying = DEFAULT_SMAA.distribution is not None and bool(problem.varies.any())
    return problem.method.sample_cells(n, m, varying) * (2 if varying else 1)


def _check_smaa_cost(problem: DecisionProblem, draws: int, *, given: bool) -> None:
    """Refuse a GS_SMAA call whose draws would take more than a quick recalculation."""
    allowed = min(MAX_SAMPLES, MAX_SMAA_CELLS // smaa_draw_cells(problem))
    if draws <= allowed:
        return
    n, m = problem.matrix.shape
    what = f"{problem.method.name} on {n} designs x {m} criteria"
    if problem.varies.any():
        what += " with score ranges"
    stated = f"is {draws}" if given else f"is blank (the default, {draws})"
    if allowed < 1:
        raise InputError.at("samples", f"{stated}; {what} is too large to run in a worksheet: use gscore analyze")
    raise InputError.at(
        "samples",
        f"{stated}; {what} allows at most {allowed} so that a recalculation stays quick: "
        "use fewer samples, or gscore analyze for a larger run",
    )


def gs_sensitivity(
    matrix: object, weights: object, directions: object = None, method: object = None, options: object = None
) -> Cells:
    """Per criterion: current weight and the [lower, upper] weight interval in which the best stays best."""
    from scoring.analysis.sensitivity import sensitivity

    table = parse_matrix(matrix)
    chosen = _method(method)
    check_analysis_size(table.values.shape[0], table.values.shape[1], "GS_SENSITIVITY", "matrix")
    problem = DecisionProblem.from_arrays(
        table.values,
        _weights(weights),
        parse_directions(directions, table.values.shape[1]),
        chosen,
        design_ids=list(table.design_labels()),
        criterion_ids=list(table.criterion_labels()),
        **_method_options(chosen, options),
    )
    frame = sensitivity(problem).to_frame()
    header: list[Any] = ["criterion", "weight", "lower", "upper", "best", "best below", "best above"]
    columns = ["criterion", "weight", "lower", "upper", "best", "below", "above"]
    rows = [[cell_value(v) for v in record] for record in frame[columns].itertuples(index=False, name=None)]
    return [header, *rows]


# ---------------------------------------------------------------------------- the article set
# (GS_ARTICLE's tables and the cached set: scoring/excel/_article.py)


#: The most combinations GS_COMPOSE lists (every feasible one of the article set fits).
MAX_COMPOSE_TOP = 1000


@functools.lru_cache(maxsize=32)
def _composed(lens: str, top: int, method: str) -> tuple[tuple[Any, ...], ...]:
    from scoring.analysis.compose import composition

    best = composition(article(), lens=lens, method=method, top=top).lenses[lens].top
    rows: list[list[Any]] = [["rank", "combination", "score", "low", "high"]]
    rows += [
        list(row) for row in best[["rank", "combination", "score", "low", "high"]].itertuples(index=False, name=None)
    ]
    return tuple(tuple(cell_value(v) for v in row) for row in rows)


def gs_compose(lens: object = None, top: object = None, method: object = None) -> Cells:
    """The best combinations of the built-in set's components under a lens, with a header row."""
    lens_id = article().lens(parse_text(lens, "lens", None)).id  # fails now, naming "lens", if unknown
    count = parse_int(top, "top", 5, minimum=1, maximum=MAX_COMPOSE_TOP)
    return [list(row) for row in _composed(lens_id, count, _method(method))]


def gs_version() -> str:
    """The installed package version."""
    return str(scoring.__version__)
