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


@pytest.mark.parametrize("offset", [1e6, 1e9, 1e12])
def test_wsm_local_scale_is_exact_on_a_large_offset(offset: float) -> None:
    """Found by an independent check: the folded `matrix @ slope - intercept` form cancelled.

    Levels offset + {0, 1, 2, 3} on a local scale are the values 0, 1/3, 2/3, 1 exactly (to
    rounding relative to the column's range); equal rows stay exactly tied; scores stay in [0, 1].
    """
    rng = np.random.default_rng(7)
    steps = rng.integers(0, 4, size=(500, 3)).astype(float)
    steps[:, 0] = np.arange(500) % 4
    steps[1] = steps[0]
    matrix = offset + steps
    weights = np.array([0.5, 0.3, 0.2])
    scores = scoring.evaluate(matrix, weights).scores
    spans = steps.max(axis=0) - steps.min(axis=0)
    expected = ((steps - steps.min(axis=0)) / spans) @ weights
    np.testing.assert_allclose(scores, expected, rtol=0, atol=1e-12)
    assert scores[0] == scores[1]
    assert scores.min() >= 0.0
    assert scores.max() <= 1.0
    exact_ties = (steps[:, None, :] == steps[None, :, :]).all(axis=2)
    ranks = scoring.evaluate(matrix, weights).ranks
    assert np.all(ranks[np.nonzero(exact_ties)[0]] == ranks[np.nonzero(exact_ties)[1]])
