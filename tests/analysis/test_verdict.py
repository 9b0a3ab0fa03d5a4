"""The verdict's wording rules, on constructed problems whose SMAA shares are known exactly.

With uniform weights on two criteria, w1 ~ U(0, 1): a design scoring (1, 0.5) beats one
scoring (0, 1) when w1 > 1/3, i.e. in 2/3 of draws; the identity matrix on k criteria gives
each design 1/k of the draws.
"""

from __future__ import annotations

import numpy as np
import pytest

import scoring
from scoring.analysis.bundle import analyze
from scoring.analysis.verdict import CLEAR, LIKELY, PAIR
from scoring.problem import DecisionProblem


def _verdict(matrix: list[list[float]], weights: list[float] | None = None, **options: object):  # type: ignore[no-untyped-def]
    problem = DecisionProblem.from_arrays(matrix, weights, design_ids=[f"d{i}" for i in range(len(matrix))], **options)  # type: ignore[arg-type]
    return analyze(problem, samples=6000, seed=2, weight_mode="uniform").verdict


def test_thresholds_are_documented_constants() -> None:
    assert (CLEAR, LIKELY, PAIR) == (0.80, 0.50, 0.80)


def test_clear() -> None:
    found = _verdict([[1.0, 1.0], [0.0, 0.2]], bounds=(0, 1))
    assert found.level == "clear"
    assert found.leader == "d0"
    assert found.text.startswith("d0 is the clear choice")
    assert "best in 100% of draws over all weightings" in found.text


def test_likely() -> None:
    found = _verdict([[1.0, 0.5], [0.0, 1.0]], [0.5, 0.5], bounds=(0, 1))
    assert found.level == "likely"
    assert found.shares["d0"] == pytest.approx(2 / 3, abs=0.03)
    assert "d0 is the likely choice" in found.text
    assert "(d1 in 3" in found.text


def test_contested_names_both_and_reconciles_the_leader() -> None:
    """The leader at the weights (d1) is not the design most often best (d0: best when w1 > 8/17)."""
    found = _verdict([[0.9, 0.0], [0.0, 0.8], [0.1, 0.1]], [0.4, 0.6], bounds=(0, 1))
    assert found.level == "contested"
    assert found.leader == "d1"
    assert found.shares["d0"] == pytest.approx(9 / 17, abs=0.03)
    assert found.text.startswith("The top spot is contested: d1 leads d0 by 0.120 at these weights")
    assert "d0 is best in 5" in found.text
    assert "One of the two is best in 100% of draws." in found.text


def test_no_robust_winner() -> None:
    found = _verdict(np.eye(4).tolist(), bounds=(0, 1))
    assert found.level == "no robust winner"
    assert found.text.startswith("No design is robustly best")


def test_single_design() -> None:
    found = _verdict([[1.0, 2.0]])
    assert found.level == "single design"
    assert found.runner_up is None


def test_lead_within_the_uncertainty_is_said() -> None:
    article = scoring.load()
    found = analyze(article, samples=2000).verdict
    result = scoring.score(article)
    first, second = (result.scores[i] for i in result.order()[:2])
    assert found.within_uncertainty is True
    assert f"{first - second:.2f} points" in found.text
    assert "less than the uncertainty in either score" in found.text


def test_vikor_compromise_and_vetoes_are_noted() -> None:
    article = scoring.load()
    found = analyze(article, method="vikor", samples=500).verdict
    assert any(
        note.startswith("VIKOR compromise set:") and "acceptable advantage fails" in note for note in found.notes
    )
    vetoed = analyze(
        DecisionProblem.from_scenario(article, vetoes={"us_participation": 20}, veto_mode="exclude"), samples=300
    ).verdict
    assert any("vetoed (excluded): us_participation below 20" in note for note in vetoed.notes)
    on_cost = analyze(DecisionProblem.from_scenario(article, vetoes={"escalation_risk": 60}), samples=300).verdict
    assert any("vetoed (flagged): escalation_risk above 60" in note for note in on_cost.notes)


def _ranged(matrix: list[list[float]], low: list[list[float]], high: list[list[float]]):  # type: ignore[no-untyped-def]
    problem = DecisionProblem.from_arrays(
        matrix, [0.5, 0.5], design_ids=["d0", "d1"], matrix_low=low, matrix_high=high, bounds=(0, 1)
    )
    return analyze(problem, samples=500, seed=1).verdict


def test_a_lead_inside_one_range_is_not_said_to_exceed_the_uncertainty() -> None:
    """d0 leads by 0.03; its own half-width is 0.075, d1's is 0 (no range).

    This used to read "more than the uncertainty in either score" (the lead was compared with
    the smaller half-width only); a lead inside either range must not read as a safe margin.
    """
    found = _ranged([[0.66, 0.6], [0.6, 0.6]], [[0.51, 0.6], [0.6, 0.6]], [[0.81, 0.6], [0.6, 0.6]])
    assert found.leader == "d0"
    assert found.within_uncertainty is True
    assert "less than the uncertainty in d0's score" in found.text
    assert "more than the uncertainty" not in found.text


def test_a_lead_beyond_both_ranges_is_more_than_the_uncertainty() -> None:
    """d0 leads by 0.1; the half-widths are 0.02 and 0.01."""
    found = _ranged([[0.8, 0.6], [0.6, 0.6]], [[0.76, 0.6], [0.58, 0.6]], [[0.84, 0.6], [0.62, 0.6]])
    assert found.within_uncertainty is False
    assert "more than the uncertainty in either score" in found.text


def test_a_run_that_draws_nothing_is_not_assessed() -> None:
    """Fixed weights and no ranges used to make a 0.01 lead 'the clear choice ... best in 100% of draws'."""
    problem = DecisionProblem.from_arrays([[0.51, 0.5], [0.5, 0.5]], [0.5, 0.5], design_ids=["d0", "d1"], bounds=(0, 1))
    found = analyze(problem, samples=200, seed=1, weight_mode="fixed").verdict
    assert found.level == "not assessed"
    assert found.text.startswith("d0 ranks first at these weights, 0.005 ahead of d1")
    assert "says nothing about how robust" in found.text
    assert "clear" not in found.text


@pytest.mark.parametrize(("spread", "level"), [(8.0, "clear"), (20.0, "likely")])
def test_a_leader_within_the_uncertainty_is_not_contradicted(spread: float, level: str) -> None:
    """Best in most draws yet leading by less than either score's range: "though", never "and".

    d0 leads d1 by 5 of 100 on both criteria, each judgment +-``spread``: the low-high ranges
    overlap (half-width > 5), yet draws of the judgments reverse the lead in only a few per cent
    (+-8: clear) or about a quarter (+-20: likely) of the draws.
    """
    problem = DecisionProblem.from_arrays(
        [[60.0, 60.0], [55.0, 55.0], [10.0, 10.0]],
        [0.5, 0.5],
        design_ids=["d0", "d1", "d2"],
        matrix_low=[[60 - spread] * 2, [55 - spread] * 2, [0.0, 0.0]],
        matrix_high=[[60 + spread] * 2, [55 + spread] * 2, [20.0, 20.0]],
        bounds=(0, 100),
    )
    found = analyze(problem, samples=4000, seed=3, weight_mode="fixed").verdict
    assert found.within_uncertainty is True
    assert found.level == level
    assert found.text.startswith(f"d0 is the {level} choice: best in ")
    assert "of draws of the judgments at these weights" in found.text
    assert found.text.count("these weights") == 1
    assert "though its lead over d1, 0.050, is less than the uncertainty in either score." in found.text  # 0-1 total
    assert "ahead of" not in found.text
