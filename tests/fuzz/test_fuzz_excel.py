"""Fuzzing the worksheet functions with what Excel can pass: scalars, rows, columns, blocks,
blanks, text, booleans, NaN and inf. Only our own errors may escape the adapters, and what
reaches a cell is a plain value (never NaN or inf; text as typed: a formula's result is never
evaluated as a formula).
"""

from __future__ import annotations

import contextlib
import math
import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import excel
from scoring.errors import ScoringError
from scoring.excel import _impl as impl

EXAMPLES = int(os.environ.get("GS_FUZZ_EXAMPLES", "100"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

cells = st.one_of(
    st.none(),
    st.integers(-5, 200),
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.sampled_from(["", " 12.5 ", "max", "min", "abc", "=1+1", "1/3", "1,5", "#N/A", "wsm", "topsis"]),
    st.booleans(),
)


@st.composite
def ranges(draw: st.DrawFn) -> Any:
    rows = draw(st.integers(1, 6))
    cols = draw(st.integers(1, 6))
    block = [[draw(cells) for _ in range(cols)] for _ in range(rows)]
    shape = draw(st.sampled_from(["block", "row", "column"]))
    if shape == "row":
        return [block[0]]
    if shape == "column":
        return [[row[0]] for row in block]
    return block


arguments = st.one_of(cells, ranges(), st.lists(cells, min_size=1, max_size=6))
numeric_blocks = st.integers(1, 6).flatmap(
    lambda n: st.integers(1, 5).flatmap(
        lambda m: st.lists(
            st.lists(st.one_of(st.integers(0, 100), st.none(), st.just("x")), min_size=m, max_size=m),
            min_size=n,
            max_size=n,
        )
    )
)

ADAPTERS = {
    "GS_SCORE": (impl.gs_score, excel.GS_SCORE, 5),
    "GS_RANK": (impl.gs_rank, excel.GS_RANK, 5),
    "GS_AHP_WEIGHTS": (impl.gs_ahp_weights, excel.GS_AHP_WEIGHTS, 1),
    "GS_AHP_CR": (impl.gs_ahp_cr, excel.GS_AHP_CR, 1),
    "GS_OBJECTIVE_WEIGHTS": (impl.gs_objective_weights, excel.GS_OBJECTIVE_WEIGHTS, 3),
    "GS_ROC_WEIGHTS": (impl.gs_roc_weights, excel.GS_ROC_WEIGHTS, 1),
    "GS_SWING_WEIGHTS": (impl.gs_swing_weights, excel.GS_SWING_WEIGHTS, 1),
    "GS_SENSITIVITY": (impl.gs_sensitivity, excel.GS_SENSITIVITY, 4),
    "GS_ARTICLE": (impl.gs_article, excel.GS_ARTICLE, 2),
}


def _check_cells(value: Any) -> None:
    rows = value if isinstance(value, list) else [[value]]
    for row in rows:
        for cell in row if isinstance(row, list) else [row]:
            if isinstance(cell, float):
                assert math.isfinite(cell), value
            assert cell is None or isinstance(cell, bool | int | float | str), cell  # plain values only


def _call(name: str, args: tuple[Any, ...]) -> None:
    adapter, face, _arity = ADAPTERS[name]
    with contextlib.suppress(ScoringError):
        adapter(*args)
    result = face(*args)
    assert not (isinstance(result, str) and "unexpected error" in result), result
    _check_cells(result)


@FUZZ
@given(st.sampled_from(sorted(ADAPTERS)), st.data())
def test_random_arguments(name: str, data: st.DataObject) -> None:
    arity = ADAPTERS[name][2]
    args = tuple(data.draw(arguments) for _ in range(arity))
    _call(name, args)


@FUZZ
@given(numeric_blocks, st.data())
def test_mostly_numeric_blocks(matrix: list[list[Any]], data: st.DataObject) -> None:
    m = len(matrix[0])
    weights = data.draw(st.lists(st.one_of(st.integers(0, 10), st.none()), min_size=1, max_size=m + 1))
    method = data.draw(st.sampled_from([None, "wsm", "wpm", "topsis", "vikor", "promethee", "electre"]))
    directions = data.draw(
        st.one_of(st.none(), st.lists(st.sampled_from(["max", "min", 1, -1, "up"]), min_size=m, max_size=m))
    )
    for name in ("GS_SCORE", "GS_RANK", "GS_SENSITIVITY"):
        args = (matrix, weights, directions, method) + ((None,) if name != "GS_SENSITIVITY" else ())
        _call(name, args)


@settings(max_examples=max(10, EXAMPLES // 10), deadline=None)
@given(numeric_blocks, st.integers(0, 3), st.one_of(st.none(), st.integers(-5, 500)))
def test_smaa_with_odd_inputs(matrix: list[list[Any]], seed: int, samples: Any) -> None:
    result = excel.GS_SMAA(matrix, None, None, None, samples, seed)
    assert not (isinstance(result, str) and "unexpected error" in result), result
    _check_cells(result)
