"""Worksheet functions given mismatched shapes: a one-line reason naming the argument, in a cell
(classic add-in) or raised for #VALUE! (xlwings Lite); never a traceback, never a wrong answer.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from scoring import excel
from scoring.excel import _impl as impl

CASES: list[tuple[str, Any, tuple[Any, ...], str]] = [
    ("weights longer than criteria", impl.gs_score, ([[1, 2], [3, 4], [5, 6]], [1, 2, 3]), "weights: expected 2"),
    ("ragged matrix rows", impl.gs_score, ([[1, 2], [3, 4, 5]], [1, 2]), "matrix: row 2 has 3 cells"),
    ("too many directions", impl.gs_rank, ([[1, 2], [3, 4]], [1, 2], ["max", "min", "max"]), "directions: expected 2"),
    ("blank matrix", impl.gs_rank, ([[None, None]], [1, 2]), "matrix: is blank"),
    ("non-square pairwise", impl.gs_ahp_weights, ([[1, 2, 3], [0.5, 1, 2]],), "pairwise: expected a square"),
    ("low range of another shape", impl.gs_smaa, ([[1, 2], [3, 4]], None, None, None, 10, 1, [[1, 2]]), "matrix_low:"),
    ("too few weights", impl.gs_sensitivity, ([[1, 2], [3, 4]], [1]), "weights: expected 2"),
    ("text in a weight", impl.gs_score, ([[1, 2], [3, 4]], [1, "abc"]), "weights:"),
    ("NaN in the matrix", impl.gs_score, ([[1, float("nan")], [3, 4]], [1, 1]), "matrix:"),
    ("formula text as a method", impl.gs_score, ([[1, 2], [3, 4]], [1, 1], None, "=cmd|' /C calc'!A0"), "method:"),
]


@pytest.mark.parametrize(("case", "adapter", "args", "expected"), CASES, ids=[c[0] for c in CASES])
def test_mismatched_input_gives_one_line_naming_the_argument(
    case: str, adapter: Any, args: tuple[Any, ...], expected: str
) -> None:
    start = time.perf_counter()
    message = impl.run("GS_X", adapter, False, *args)
    assert isinstance(message, str), (case, message)
    assert message.startswith(expected), message
    assert "\n" not in message
    assert "Traceback" not in message
    assert not message.startswith(("=", "+", "-", "@"))
    with pytest.raises(impl.WorksheetError, match=expected.split(":")[0]):
        impl.run("GS_X", adapter, True, *args)  # xlwings Lite: raised, so the cell shows #VALUE!
    assert time.perf_counter() - start < 5


def test_the_decorated_functions_return_the_message_into_the_cell() -> None:
    assert (
        excel.GS_SCORE([[1, 2], [3, 4], [5, 6]], [1, 2, 3]) == "weights: expected 2 weights (one per criterion), got 3"
    )
    assert excel.GS_SENSITIVITY([[1, 2], [3, 4]], [1]).startswith("weights:")
