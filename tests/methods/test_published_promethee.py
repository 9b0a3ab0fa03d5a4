"""PROMETHEE II: a published worked example reproduced to its printed precision.

Source of the example: Papathanasiou, J. and Ploskas, N. (2018), *Multiple Criteria
Decision Aid: Methods, Examples and Python Implementations*, Springer Optimization and Its
Applications 136, chapter 3 "PROMETHEE", pp. 57-89, doi:10.1007/978-3-319-91648-4_3
(numerical example: six alternatives, four benefit criteria, the linear preference
function with indifference threshold q = 1 and preference threshold p = 2 on every
criterion).

The book itself was not readable through our tools. The input data, the preference
function, the thresholds and the printed net flows were read in a secondary source that
states it reproduces that example: energyinpython/objective-weights-for-mcda,
``tests/test_mcda_methods.py``, ``Test_PROMETHEE_II.test_promethee_II`` ("Test based on
paper Papathanasiou, J., & Ploskas, N. (2018). Promethee. In Multiple Criteria Decision
Aid (pp. 57-89)"). That library's ``_linear_function`` (used there for every criterion)
is 0 for d <= q, (d - q)/(p - q) for q < d <= p and 1 for d > p: Brans' type V, which is
our ``preference="linear"``.
"""

from __future__ import annotations

import pytest

import scoring

#: Papathanasiou & Ploskas (2018), ch. 3: alternatives A1..A6 (rows), criteria C1..C4.
MATRIX = [
    [8, 7, 2, 1],
    [5, 3, 7, 5],
    [7, 5, 6, 4],
    [9, 9, 7, 3],
    [11, 10, 3, 7],
    [6, 9, 5, 4],
]
WEIGHTS = [0.4, 0.3, 0.1, 0.2]
DIRECTIONS = ["max", "max", "max", "max"]

#: Printed net flows phi for A1..A6, two decimals.
PUBLISHED_PHI = [-0.26, -0.52, -0.22, 0.36, 0.70, -0.06]


def test_papathanasiou_ploskas_net_flows() -> None:
    """Papathanasiou and Ploskas (2018), ch. 3 "PROMETHEE", pp. 57-89 (via
    objective-weights-for-mcda ``tests/test_mcda_methods.py::Test_PROMETHEE_II``): linear
    (type V) preference with q = 1, p = 2 on all four criteria gives net flows
    -0.26, -0.52, -0.22, 0.36, 0.70, -0.06 for A1..A6. Reproduced to the printed two
    decimals, with the per-criterion form of the options as well as the scalar one."""
    result = scoring.evaluate(MATRIX, WEIGHTS, DIRECTIONS, method="promethee", preference="linear", q=1, p=2)
    assert result.scores.tolist() == pytest.approx(PUBLISHED_PHI, abs=0.5e-2)
    assert result.details["phi"].tolist() == pytest.approx(PUBLISHED_PHI, abs=0.5e-2)
    per_criterion = scoring.evaluate(
        MATRIX, WEIGHTS, DIRECTIONS, method="promethee", preference=["linear"] * 4, q=[1] * 4, p=[2] * 4
    )
    assert per_criterion.scores.tolist() == pytest.approx(PUBLISHED_PHI, abs=0.5e-2)


def test_papathanasiou_ploskas_ranking_follows_net_flow() -> None:
    """The complete PROMETHEE II ranking implied by the printed net flows:
    A5 > A4 > A6 > A3 > A1 > A2 (higher phi is better)."""
    result = scoring.evaluate(MATRIX, WEIGHTS, DIRECTIONS, method="promethee", preference="linear", q=1, p=2)
    assert result.ranks.tolist() == [5, 6, 4, 2, 1, 3]
