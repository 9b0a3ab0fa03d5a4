"""CRITIC weights against a published worked example.

Source: Tuş, A. and Aytaç Adalı, E. (2019), "The new combination with CRITIC and WASPAS methods
for the time and attendance software selection problem", *Opsearch* 56(2), 528-538 (the CRITIC
weights of its software-selection example). Figures as reproduced by the test
``tests/test_weights.py::Test_CRITIC`` of the public repository energyinpython/objective-weights-for-mcda
(also in pyrepo-mcda and crispyn), which state they reproduce this paper.

Convention: those published weights come from min-max normalising every column as a benefit
(the price column included), so they are reproduced here with every direction "max". With the
paper's directions (price as a cost) our direction-aware normalisation (Diakoulaki et al. 1995:
cost columns become (max - x) / (max - min)) flips the sign of price's correlations and gives
different weights; the second test pins that difference so it cannot change unnoticed.
"""

from __future__ import annotations

import numpy as np
import pytest

from scoring.weights import critic_weights

MATRIX = [
    [5000, 3, 3, 4, 3, 2],
    [680, 5, 3, 2, 2, 1],
    [2000, 3, 2, 3, 4, 3],
    [600, 4, 3, 1, 2, 2],
    [800, 2, 4, 3, 3, 4],
]
PUBLISHED = [0.157, 0.249, 0.168, 0.121, 0.154, 0.151]


def test_published_critic_weights_all_columns_as_benefits() -> None:
    got = critic_weights(MATRIX, ["max"] * 6)
    assert got.tolist() == pytest.approx(PUBLISHED, abs=0.0005 + 1e-12)
    assert got.sum() == pytest.approx(1.0)


def test_treating_price_as_a_cost_changes_the_weights() -> None:
    as_cost = critic_weights(MATRIX, ["min"] + ["max"] * 5)
    assert np.max(np.abs(as_cost - np.array(PUBLISHED))) > 0.01
    assert as_cost.sum() == pytest.approx(1.0)
