"""VIKOR: a published worked example reproduced to its printed precision.

Source of the example: Papathanasiou, J. and Ploskas, N. (2018), *Multiple Criteria
Decision Aid: Methods, Examples and Python Implementations*, Springer Optimization and Its
Applications 136, chapter 2 "VIKOR", pp. 31-55, doi:10.1007/978-3-319-91648-4_2
(numerical example: six alternatives, four benefit criteria).

The book itself was not readable through our tools. The input data and the printed Q
values were read in a secondary source that states it reproduces that example:
energyinpython/pyrepo-mcda, ``tests/test_mcda_methods.py``, ``Test_VIKOR.test_vikor``
("Test based on paper Papathanasiou, J., & Ploskas, N. (2018). Vikor. In Multiple
Criteria Decision Aid (pp. 31-55)"), with the same data and figures in
energyinpython/objective-weights-for-mcda and energyinpython/crispyn. Their
``Test_Rank_preferences`` gives the ranking by Q from the same example.
"""

from __future__ import annotations

import pytest

import scoring

#: Papathanasiou & Ploskas (2018), ch. 2: alternatives A1..A6 (rows), criteria C1..C4.
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

#: The example's strategy weight. 0.625 = (n + 1) / (2n) with n = 4 criteria, the value
#: the Wikipedia "VIKOR method" article (step 3) gives as the modified v.
V = 0.625

#: Printed Q for A1..A6, three decimals.
PUBLISHED_Q = [0.640, 1.000, 0.693, 0.271, 0.000, 0.694]
#: Printed ranking by Q (1 = best, lower Q is better).
PUBLISHED_RANKS = [3, 6, 4, 2, 1, 5]


def test_papathanasiou_ploskas_q_index() -> None:
    """Papathanasiou and Ploskas (2018), ch. 2 "VIKOR", pp. 31-55 (via pyrepo-mcda
    ``tests/test_mcda_methods.py::Test_VIKOR``): with v = 0.625 the Q index is
    0.640, 1.000, 0.693, 0.271, 0.000, 0.694 for A1..A6. Reproduced to the printed three
    decimals."""
    result = scoring.evaluate(MATRIX, WEIGHTS, DIRECTIONS, method="vikor", v=V)
    assert result.scores.tolist() == pytest.approx(PUBLISHED_Q, abs=0.5e-3)
    assert result.details["Q"].tolist() == pytest.approx(PUBLISHED_Q, abs=0.5e-3)


def test_papathanasiou_ploskas_ranking() -> None:
    """The same example's ranking by Q (pyrepo-mcda ``Test_Rank_preferences``):
    A5 > A4 > A1 > A3 > A6 > A2, i.e. ranks 3, 6, 4, 2, 1, 5."""
    result = scoring.evaluate(MATRIX, WEIGHTS, DIRECTIONS, method="vikor", v=V)
    assert result.ranks.tolist() == PUBLISHED_RANKS
