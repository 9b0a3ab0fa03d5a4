"""Objective and rank-based weights: published examples reproduced to their printed precision."""

from __future__ import annotations

import pytest

from scoring.weights import entropy_weights, rank_order_centroid


def test_entropy_xu_2004() -> None:
    """Xu, X. (2004), "A note on the subjective and objective integrated approach to
    determine attribute weights", *European Journal of Operational Research* 156(2),
    530-532: entropy weights 0.4630, 0.3992, 0.1378, 0.0000 for the four attributes.

    The paper was not readable through our tools; data and figures were read in
    energyinpython/objective-weights-for-mcda, ``tests/test_weights.py``,
    ``Test_Entropy.test_Entropy`` ("Test based on paper Xu, X. (2004) ..."). Reproduced to
    the printed four decimals (the fourth attribute is almost constant: 29, 29, 28.9, 29)."""
    matrix = [
        [30, 30, 38, 29],
        [19, 54, 86, 29],
        [19, 15, 85, 28.9],
        [68, 70, 60, 29],
    ]
    weights = entropy_weights(matrix)
    assert weights.tolist() == pytest.approx([0.4630, 0.3992, 0.1378, 0.0000], abs=0.5e-4)


def test_entropy_zavadskas_podvezko_2016() -> None:
    """Zavadskas, E.K. and Podvezko, V. (2016), "Integrated determination of objective
    criteria weights in MCDM", *International Journal of Information Technology & Decision
    Making* 15(2), 267-283: entropy weights 0.1146, 0.1981, 0.4185, 0.2689.

    The paper was not readable through our tools; data, criterion types and figures were
    read in energyinpython/objective-weights-for-mcda, ``tests/test_weights.py``,
    ``Test_Entropy.test_Entropy2``. Criteria 1 and 3 are costs there; entropy measures the
    dispersion of the levels as given, so the directions do not change the weights (ours
    and the printed ones). Reproduced to the printed four decimals."""
    matrix = [
        [3.0, 100, 10, 7],
        [2.5, 80, 8, 5],
        [1.8, 50, 20, 11],
        [2.2, 70, 12, 9],
    ]
    expected = [0.1146, 0.1981, 0.4185, 0.2689]
    assert entropy_weights(matrix, ["min", "max", "min", "max"]).tolist() == pytest.approx(expected, abs=0.5e-4)
    assert entropy_weights(matrix).tolist() == pytest.approx(expected, abs=0.5e-4)


def test_rank_order_centroid_four_items() -> None:
    """Rank-order centroid (Barron and Barrett 1996, *Management Science* 42(11),
    1515-1523), four items ranked 1..4: weights (1 + 1/2 + 1/3 + 1/4)/4 = 0.52,
    (1/2 + 1/3 + 1/4)/4 = 0.27, (1/3 + 1/4)/4 = 0.15 and (1/4)/4 = 0.06.

    Barron and Barrett (1996) was not readable through our tools. The figures were read
    on a secondary web page that quotes the worked example with attribution to Chang
    (2004), section "Rank Order Centroid Method" of
    https://couryes.com/%E5%95%86%E7%A7%91%E4%BB%A3%E5%86%99%E5%95%86%E4%B8%9A%E6%95%B0%E5%AD%A6%E4%BB%A3%E5%86%99business-mathematics%E4%BB%A3%E8%80%83etf2700/
    ("if there are
    four items, the item ranked first will be weighted (1+1/2+1/3+1/4)/4=0.52, ...").
    That page is a weak source; the four figures are reproduced to its two decimals."""
    weights = rank_order_centroid([1, 2, 3, 4])
    assert weights.tolist() == pytest.approx([0.52, 0.27, 0.15, 0.06], abs=0.5e-2)
    # Input order is kept: the same items listed in another order get the same weights.
    assert rank_order_centroid([3, 1, 4, 2]).tolist() == pytest.approx([0.15, 0.52, 0.06, 0.27], abs=0.5e-2)
