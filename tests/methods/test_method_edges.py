"""Edge cases every method must survive: degenerate matrices, bad names and options."""

from __future__ import annotations

import numpy as np
import pytest
from strategies import METHOD_OPTIONS

import scoring
from scoring.errors import InvalidMatrixError, UnknownNameError
from scoring.methods import get_method, method_names

METHODS = sorted(METHOD_OPTIONS)


def test_registry_lists_every_method() -> None:
    assert method_names() == ("promethee", "topsis", "vikor", "wpm", "wsm")
    for name in method_names():
        spec = get_method(name)
        assert spec.name == name
        assert spec.source


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    "matrix",
    [
        [[5.0, 5.0], [5.0, 5.0], [5.0, 5.0]],  # all designs equal
        [[1.0, 7.0], [2.0, 7.0], [3.0, 7.0]],  # one constant column
        [[4.0, 2.0]],  # one design
        [[3.0], [1.0], [3.0]],  # one criterion, with a tie
    ],
    ids=["all-equal", "constant-column", "one-design", "one-criterion"],
)
def test_degenerate_matrices_score_without_warnings(method: str, matrix: list[list[float]]) -> None:
    m = len(matrix[0])
    result = scoring.evaluate(matrix, [1.0] * m, ["max"] * m, method=method, **METHOD_OPTIONS[method])
    assert np.all(np.isfinite(result.scores))
    assert result.ranks.min() == 1
    rows = {tuple(row) for row in matrix}
    if len(rows) == 1:  # identical designs tie
        assert set(result.ranks.tolist()) == {1}


@pytest.mark.parametrize("method", METHODS)
def test_ties_share_the_better_rank(method: str) -> None:
    result = scoring.evaluate([[3.0], [1.0], [3.0]], [1.0], method=method, **METHOD_OPTIONS[method])
    assert result.ranks.tolist() == [1, 3, 1]


@pytest.mark.parametrize("method", METHODS)
def test_cost_criterion_reverses_the_order(method: str) -> None:
    matrix = [[10.0, 5.0], [20.0, 5.0], [30.0, 5.0]]
    benefit = scoring.evaluate(matrix, [1, 1], ["max", "max"], method=method, **METHOD_OPTIONS[method])
    cost = scoring.evaluate(matrix, [1, 1], ["min", "max"], method=method, **METHOD_OPTIONS[method])
    assert benefit.ranks.tolist() == [3, 2, 1]
    assert cost.ranks.tolist() == [1, 2, 3]


@pytest.mark.parametrize("method", METHODS)
def test_nan_is_rejected_upstream_with_row_and_column(method: str) -> None:
    with pytest.raises(InvalidMatrixError, match=r"row 2, column 1 is nan"):
        scoring.evaluate([[1.0, 2.0], [float("nan"), 3.0]], [1, 1], method=method)


def test_unknown_method_lists_valid_ones() -> None:
    with pytest.raises(UnknownNameError, match="expected one of: promethee, topsis, vikor, wpm, wsm"):
        scoring.evaluate([[1, 2]], [1, 1], method="electre")


@pytest.mark.parametrize("method", METHODS)
def test_unknown_option_is_rejected(method: str) -> None:
    with pytest.raises(UnknownNameError, match=f"method '{method}' does not take 'colour'"):
        scoring.evaluate([[1, 2], [2, 1]], [1, 1], method=method, colour="red")


def test_aliases_reach_the_new_methods() -> None:
    assert get_method("PROMETHEE-II").name == "promethee"
    assert get_method("weighted_product").name == "wpm"
