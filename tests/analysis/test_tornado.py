"""Tornado swings, checked by hand on a two-design, two-criterion set."""

from __future__ import annotations

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
    -> 65.0 (low level) and 57.5 (high level), swing 7.5. B: base 0.75*50 + 0.25*90 = 60;
    risk level 0..40 -> 62.5 and 52.5 (swing 10); gain has no range (swing 0).
    """
    table = tornado(_small())
    rows = {(r.design, r.criterion): r for r in table.itertuples(index=False)}
    assert rows["a", "gain"].total_at_low_level == pytest.approx(47.5)
    assert rows["a", "gain"].total_at_high_level == pytest.approx(77.5)
    assert rows["a", "risk"].total_at_low_level == pytest.approx(65.0)
    assert rows["a", "risk"].total_at_high_level == pytest.approx(57.5)
    assert rows["b", "risk"].swing == pytest.approx(10.0)
    assert rows["b", "gain"].swing == pytest.approx(0.0)
    assert rows["a", "gain"].base_total == pytest.approx(62.5)
    assert list(table["swing"]) == sorted(table["swing"], reverse=True)
    assert list(table.columns) == [
        "design",
        "criterion",
        "base_total",
        "total_at_low_level",
        "total_at_high_level",
        "swing",
    ]


def test_base_totals_match_score() -> None:
    article = scoring.load()
    table = tornado(article, "kyiv")
    result = scoring.score(article, "kyiv")
    for design, total in zip(result.design_ids, result.scores, strict=True):
        assert table.loc[table.design == design, "base_total"].iloc[0] == pytest.approx(total)


def test_one_design_and_unknown_design() -> None:
    assert set(tornado(_small(), design="b")["design"]) == {"b"}
    with pytest.raises(UnknownNameError):
        tornado(_small(), design="zzz")
