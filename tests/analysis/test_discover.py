"""Scenario discovery: PRIM on regions known exactly, draws equal to SMAA's, the statement, a peer PRIM."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import scoring
from scoring.analysis._prim import inside, paste, peel, simplify
from scoring.analysis.discover import MAX_STORED, discover, draws
from scoring.analysis.settings import DEFAULT_SMAA
from scoring.analysis.smaa import smaa
from scoring.errors import InputError, UnknownNameError
from scoring.problem import DecisionProblem


def _known_box(n: int = 6000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Points in the unit cube; y = 1 exactly in the box x0 > 0.6 and x1 < 0.3 (x2, x3 irrelevant)."""
    x = np.random.default_rng(seed).random((n, 4))
    return x, ((x[:, 0] > 0.6) & (x[:, 1] < 0.3)).astype(float)


def test_peeling_finds_a_known_box() -> None:
    x, y = _known_box()
    trajectory = peel(x, y)
    first, last = trajectory.boxes[0], trajectory.boxes[-1]
    assert (first.coverage, first.mass) == (1.0, 1.0)
    assert first.density == pytest.approx(y.mean())
    coverage = [b.coverage for b in trajectory.boxes]
    assert all(a >= b for a, b in itertools.pairwise(coverage))  # coverage never rises
    assert last.density == 1.0
    assert last.coverage > 0.95
    assert set(last.restricted.tolist()) == {0, 1}
    assert last.lower[0] == pytest.approx(0.6, abs=0.01)
    assert last.upper[1] == pytest.approx(0.3, abs=0.01)
    np.testing.assert_array_equal(inside(x, last.lower, last.upper).sum(), last.count)


def test_pasting_and_simplifying_recover_the_box_from_a_rough_one() -> None:
    x, y = _known_box()
    lower = np.array([0.65, -np.inf, 0.2, -np.inf])  # too tight on x0 and a needless condition on x2
    upper = np.array([np.inf, 0.3, np.inf, np.inf])
    from scoring.analysis._prim import _box

    rough = _box(x, y, lower, upper)
    pasted = paste(x, y, rough)
    assert pasted.density >= rough.density
    cleaned = simplify(x, y, pasted)
    assert set(cleaned.restricted.tolist()) == {0, 1}
    assert cleaned.density == 1.0
    assert cleaned.coverage > rough.coverage


def test_noise_lowers_density_but_the_box_stays() -> None:
    x, y = _known_box(seed=5)
    flipped = np.random.default_rng(9).random(len(y)) < 0.1
    y = np.where(flipped, 1.0 - y, y)
    last = peel(x, y).boxes[-1]
    assert 0.8 < last.density < 1.0
    assert {0, 1} <= set(last.restricted.tolist())


def test_discover_a_weight_region_known_exactly() -> None:
    """Two designs, fixed scores, weights uniform: A is best exactly when the weight of c1 exceeds 1/2."""
    problem = DecisionProblem.from_arrays(
        [[100, 0], [0, 100]], design_ids=["A", "B"], criterion_ids=["c1", "c2"], bounds=(0, 100)
    )
    settings = DEFAULT_SMAA.evolve(samples=4000, weight_mode="uniform", distribution=None)
    found = discover(problem, "A", settings, threshold=1.0)  # the first box that is all wins
    assert found.share == pytest.approx(0.5, abs=0.03)
    assert found.box.density == 1.0
    assert found.box.coverage > 0.95
    assert len(found.conditions) == 1
    (j,) = found.box.restricted
    limit = found.box.lower[j] if np.isfinite(found.box.lower[j]) else found.box.upper[j]
    assert limit == pytest.approx(0.5, abs=0.01)
    assert found.statement.startswith("A is best in 100% of draws where the weight of")


def test_discover_a_judgment_region_known_exactly() -> None:
    """Weights fixed; A's level on c1 varies over 0-100, B is fixed at 50: A wins exactly when its level is above 50."""
    problem = DecisionProblem.from_arrays(
        [[50, 50], [50, 50]],
        [0.5, 0.5],
        matrix_low=[[0, 50], [50, 50]],
        matrix_high=[[100, 50], [50, 50]],
        design_ids=["A", "B"],
        criterion_ids=["c1", "c2"],
        bounds=(0, 100),
    )
    found = discover(problem, "A", DEFAULT_SMAA.evolve(samples=4000, weight_mode="fixed"), threshold=1.0)
    assert found.share == pytest.approx(0.5, abs=0.03)
    assert found.conditions == (f"A's c1 >= {found.box.lower[2]:.0f}",)
    assert found.box.lower[2] == pytest.approx(50, abs=1.0)
    assert (found.box.density, found.box.coverage) == (1.0, 1.0)


def test_draws_are_smaas_draws() -> None:
    article = scoring.load()
    settings = DEFAULT_SMAA.evolve(samples=3000, seed=4)
    kept = draws(DecisionProblem.from_scenario(article), settings)
    result = smaa(article, settings)
    np.testing.assert_allclose((kept.ranks == 1).mean(axis=0), result.acceptability[:, 0])
    np.testing.assert_allclose(kept.weights.sum(axis=1), 1.0)
    assert kept.cells.shape == (3000, int(np.count_nonzero(DecisionProblem.from_scenario(article).varies)))


def test_the_article_statement_and_box_choice() -> None:
    article = scoring.load()
    found = discover(article, "hybrid_troops_air_pledge", samples=3000)
    boxes = found.trajectory.boxes
    assert boxes[found.chosen].density >= 0.8
    assert all(b.density < 0.8 for b in boxes[: found.chosen])
    assert found.statement.startswith("hybrid_troops_air_pledge is best in ")
    assert "that covers" in found.statement
    assert found.box.density >= 0.75
    other = discover(article, "hybrid_troops_air_pledge", samples=3000, box=3)
    assert other.chosen == 3
    top = discover(article, "intel_and_resources", samples=3000, top=2, lens="washington")
    assert " is in the top 2 in " in top.statement
    frame = found.box_frame()
    assert list(frame.columns) == ["input", "lower", "upper"]
    escalation = frame[frame["input"].str.endswith("Escalation risk")]
    for row in escalation.itertuples(index=False):  # a cost criterion is stated as its level
        assert all(np.isnan(v) or 0 <= v <= 100 for v in (row.lower, row.upper))


def test_bad_requests() -> None:
    article = scoring.load()
    with pytest.raises(UnknownNameError, match="did you mean 'nato_membership'"):
        discover(article, "nato_membershp", samples=100)
    with pytest.raises(InputError, match="top"):
        discover(article, "nato_membership", samples=100, top=9)
    with pytest.raises(InputError, match="box"):
        discover(article, "nato_membership", samples=100, box=10_000)
    with pytest.raises(InputError, match="threshold"):
        discover(article, "nato_membership", samples=100, threshold=1.5)
    with pytest.raises(InputError, match="discovery keeps every draw"):
        discover(article, "nato_membership", samples=MAX_STORED)


def test_trajectory_against_a_peer_prim() -> None:
    """The ``prim`` package (Friedman and Fisher's objective, test-only peer) peels a similar trajectory."""
    prim = pytest.importorskip("prim")
    import pandas as pd

    rng = np.random.default_rng(3)
    x = rng.random((3000, 4))
    y = ((x[:, 0] > 0.55) & (x[:, 1] < 0.4)).astype(float)
    y = np.where(rng.random(3000) < 0.1, 1.0 - y, y)
    peer = prim.Prim(pd.DataFrame(x, columns=list("abcd")), y, threshold=0.5, obj_func=prim.original).find_box()
    theirs = peer.peeling_trajectory
    ours = peel(x, y).boxes
    masses = np.array([b.mass for b in ours])
    for mass, density in zip(theirs["mass"], theirs["density"], strict=True):
        if mass < masses[-1]:
            continue
        nearest = int(np.argmin(np.abs(masses - mass)))
        assert ours[nearest].density == pytest.approx(density, abs=0.03)


def test_simplify_keeps_supported_conditions_only() -> None:
    """A needless condition is dropped (its left-out draws win as often as the box), a real one kept."""
    from scoring.analysis._prim import _box, below_chance, simplify

    x, y = _known_box(seed=7)
    lower = np.array([0.6, -np.inf, 0.5, -np.inf])  # x2 > 0.5 halves the box for nothing
    upper = np.array([np.inf, 0.3, np.inf, np.inf])
    kept = simplify(x, y, _box(x, y, lower, upper))
    assert set(kept.restricted.tolist()) == {0, 1}
    assert below_chance(0, 50, 0.5) == pytest.approx(0.5**50)
    assert below_chance(50, 50, 0.5) == pytest.approx(1.0)
    assert below_chance(3, 10, 0.5) == pytest.approx(sum(__import__("math").comb(10, i) for i in range(4)) / 1024)


def test_inputs_choose_what_conditions_may_name() -> None:
    article = scoring.load()
    weights_only = discover(article, "nato_membership", lens="kyiv", samples=3000, inputs="weights")
    assert all(c.startswith("the weight of") for c in weights_only.conditions)
    own = discover(article, "hybrid_troops_air_pledge", samples=3000)
    assert all(c.startswith(("the weight of", "hybrid_troops_air_pledge's")) for c in own.conditions)
    with pytest.raises(InputError, match="inputs"):
        discover(article, "nato_membership", samples=100, inputs="some")
