"""Tornado swings, checked by hand on a two-design, two-criterion set."""

from __future__ import annotations

import numpy as np
import pytest

import scoring
from scoring.analysis.tornado import tornado
from scoring.errors import UnknownNameError
from scoring.model import Criterion, Design, Lens, ScenarioSet, Score


def _small() -> ScenarioSet:
    return ScenarioSet(
        title="small",
        criteria=(Criterion("gain", "Gain"), Criterion("risk", "Risk", direction="cost")),
        designs=(Design("a", "A"), Design("b", "B")),
        scores=(
            (Score(60, 40, 80), Score(30, 20, 50)),
            (Score(50, 50, 50), Score(10, 0, 40)),
        ),
        lenses=(Lens("balanced", "Balanced", weights=(("gain", 3.0), ("risk", 1.0))),),
    )


def test_by_hand() -> None:
    """Weights 0.75/0.25. A: base total 0.75*60 + 0.25*(100-30) = 62.5.

    gain 40..80 -> 62.5 -/+ 15 = 47.5..77.5 (swing 30); risk level 20..50 -> value 80..50
    -> 57.5 at the unfavourable (high) level and 65.0 at the favourable one, swing 7.5.
    B: base 0.75*50 + 0.25*90 = 60; risk level 0..40 -> 52.5 and 62.5 (swing 10); gain has
    no range (swing 0).
    """
    table = tornado(_small()).to_frame()
    rows = {(r.design, r.criterion): r for r in table.itertuples(index=False)}
    assert rows["a", "gain"].at_unfavourable == pytest.approx(47.5)
    assert rows["a", "gain"].at_favourable == pytest.approx(77.5)
    assert rows["a", "risk"].at_unfavourable == pytest.approx(57.5)
    assert rows["a", "risk"].at_favourable == pytest.approx(65.0)
    assert rows["b", "risk"].swing == pytest.approx(10.0)
    assert rows["b", "gain"].swing == pytest.approx(0.0)
    assert rows["a", "gain"].score == pytest.approx(62.5)
    assert list(table["swing"]) == sorted(table["swing"], reverse=True)
    assert list(table.columns) == ["design", "criterion", "score", "at_unfavourable", "at_favourable", "swing"]


def test_base_scores_match_score() -> None:
    article = scoring.load()
    table = tornado(article, lens="kyiv").to_frame()
    result = scoring.score(article, "kyiv")
    for design, total in zip(result.design_ids, result.scores, strict=True):
        assert table.loc[table.design == design, "score"].iloc[0] == pytest.approx(total)


@pytest.mark.parametrize("method", ["topsis", "vikor", "wpm", "promethee"])
def test_other_methods_rescore_the_changed_cell(method: str) -> None:
    """The generic path: each end equals a full rescoring with that one judgment moved."""
    article = scoring.load()
    result = tornado(article, method=method)
    problem = result.problem
    worst, _ = problem.ends()
    i, j = 2, 0
    moved = problem.matrix.copy()
    moved[i, j] = worst[i, j]
    expected = problem.method.score(moved, problem.weights, problem.directions, **problem.options).scores[i]
    assert result.at_unfavourable[i, j] == pytest.approx(expected * problem.scale)
    unchanged = problem.low == problem.high
    at_base = np.broadcast_to(result.score[:, None], unchanged.shape)
    assert np.array_equal(result.at_unfavourable[unchanged], at_base[unchanged])


def test_closed_form_equals_the_generic_path() -> None:
    from scoring.analysis import tornado as module

    problem = tornado(scoring.load()).problem
    worst, best = problem.ends()
    closed = tornado(problem)
    assert np.allclose(closed.at_unfavourable, module._rescored(problem, worst) * problem.scale, atol=1e-9)
    assert np.allclose(closed.at_favourable, module._rescored(problem, best) * problem.scale, atol=1e-9)


def test_one_design_and_unknown_design() -> None:
    assert set(tornado(_small()).to_frame(design="b")["design"]) == {"b"}
    with pytest.raises(UnknownNameError):
        tornado(_small()).to_frame(design="zzz")
