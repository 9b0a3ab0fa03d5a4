"""Value tree: branch, local and global weights, and branch subtotals that add up."""

from __future__ import annotations

import numpy as np
import pytest

import scoring
from scoring.errors import InvalidWeightsError
from scoring.model import Branch, Criterion, Design, Lens, ScenarioSet, Score
from scoring.value_tree import (
    branch_scores,
    branch_values,
    branch_weights,
    global_weights,
    local_weights,
)


@pytest.fixture
def tree() -> ScenarioSet:
    criteria = (
        Criterion("a", "A", "benefit", branch="deter"),
        Criterion("b", "B", "cost", branch="deter"),
        Criterion("c", "C", "benefit", branch="feasibility"),
        Criterion("d", "D", "benefit", branch="political"),
    )
    levels = [[80, 30, 50, 20], [40, 10, 90, 60], [60, 60, 20, 100]]
    scores = tuple(tuple(Score(float(x), float(x), float(x)) for x in row) for row in levels)
    lens = Lens("balanced", "Balanced", weights=(("a", 30), ("b", 10), ("c", 40), ("d", 20)))
    zero_branch = Lens("no_politics", "No politics", weights=(("a", 1), ("b", 1), ("c", 2)))
    return ScenarioSet(
        title="tree",
        criteria=criteria,
        designs=tuple(Design(f"x{i}", f"X{i}") for i in range(3)),
        scores=scores,
        lenses=(lens, zero_branch),
        branches=(
            Branch("deter", "Deter"),
            Branch("feasibility", "Feasibility"),
            Branch("political", "Political"),
            Branch("empty", "Empty"),
        ),
    )


def test_branch_and_local_weights(tree: ScenarioSet) -> None:
    assert branch_weights(tree) == pytest.approx({"deter": 0.4, "feasibility": 0.4, "political": 0.2, "empty": 0.0})
    local = local_weights(tree)
    assert local["deter"] == pytest.approx({"a": 0.75, "b": 0.25})
    assert local["feasibility"] == {"c": 1.0}
    assert local["empty"] == {}


def test_zero_weight_branch_shares_local_weights_equally(tree: ScenarioSet) -> None:
    assert branch_weights(tree, "no_politics")["political"] == 0.0
    assert local_weights(tree, "no_politics")["political"] == {"d": 1.0}


def test_global_weights_round_trip(tree: ScenarioSet) -> None:
    combined = global_weights(branch_weights(tree), local_weights(tree))
    expected = dict(zip(tree.criterion_ids, tree.weights(), strict=True))
    assert combined == pytest.approx(expected)


def test_global_weights_from_points() -> None:
    result = global_weights({"a": 60, "b": 40}, {"a": {"x": 1, "y": 3}, "b": {"z": 5}})
    assert result == pytest.approx({"x": 0.15, "y": 0.45, "z": 0.4})
    with pytest.raises(InvalidWeightsError, match="branch_weights: no weight for branch 'c'"):
        global_weights({"a": 1}, {"c": {"x": 1}})
    with pytest.raises(InvalidWeightsError, match=r"local_weights\['a'\]: weight 1 is -1"):
        global_weights({"a": 1}, {"a": {"x": -1, "y": 2}})


@pytest.mark.parametrize("lens", ["balanced", "no_politics"])
def test_branch_subtotals_sum_to_the_wsm_total(tree: ScenarioSet, lens: str) -> None:
    frame = branch_scores(tree, lens)
    assert list(frame.columns) == ["deter", "feasibility", "political", "empty"]
    assert list(frame.index) == ["x0", "x1", "x2"]
    total = scoring.score(tree, lens=lens).scores
    np.testing.assert_allclose(frame.sum(axis=1).to_numpy(), total, rtol=1e-12)


def test_branch_subtotals_by_hand(tree: ScenarioSet) -> None:
    """Design x0: deter = 0.3*80 + 0.1*(100-30) = 31, feasibility = 0.4*50 = 20, political = 0.2*20 = 4."""
    row = branch_scores(tree).loc["x0"]
    assert row.to_dict() == pytest.approx({"deter": 31.0, "feasibility": 20.0, "political": 4.0, "empty": 0.0})


def test_branch_values_are_subtotals_over_branch_weight(tree: ScenarioSet) -> None:
    values = branch_values(tree)
    subtotals = branch_scores(tree)
    weights = branch_weights(tree)
    for branch in ("deter", "feasibility", "political"):
        np.testing.assert_allclose(values[branch] * weights[branch], subtotals[branch], rtol=1e-12)
    assert values.loc["x0", "deter"] == pytest.approx(0.75 * 80 + 0.25 * 70)


def test_explicit_weight_vector(tree: ScenarioSet) -> None:
    assert branch_weights(tree, [1, 1, 1, 1]) == pytest.approx(
        {"deter": 0.5, "feasibility": 0.25, "political": 0.25, "empty": 0.0}
    )
