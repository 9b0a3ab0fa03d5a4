"""Charts of composition and discovery: built without pyplot, saved headless, drawing what the results hold."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

import scoring
from scoring.analysis.compose import composition
from scoring.analysis.discover import discover
from scoring.errors import InputError
from scoring.plots.compose import marginal_chart, pareto_chart, prim_box_chart, prim_tradeoff_chart

ARTICLE = scoring.load()
FOUND = composition(ARTICLE, lens="balanced", top=3)
DISCOVERY = discover(ARTICLE, "nato_membership", lens="kyiv", samples=2000)


def test_pareto_chart_draws_one_line_per_front_combination() -> None:
    fig = pareto_chart(FOUND.lenses["balanced"], highlight=2)
    ax = fig.axes[0]
    assert len(ax.lines) == len(FOUND.lenses["balanced"].pareto)
    assert len(ax.get_legend().get_texts()) == 2
    assert "Pareto front" in ax.get_title(loc="left").replace("\n", " ")


def test_marginal_chart_bars_are_the_marginal_values() -> None:
    lens = FOUND.lenses["balanced"]
    fig = marginal_chart(lens, rank=2)
    widths = sorted(round(bar.get_width(), 9) for bar in fig.axes[0].patches)
    second = lens.marginal[lens.marginal["combination"] == lens.top["combination"].iloc[1]].dropna()
    assert widths == sorted(round(v, 9) for v in second["marginal"])
    with pytest.raises(InputError, match="rank"):
        marginal_chart(lens, rank=9)


def test_prim_charts_mark_the_chosen_box() -> None:
    fig = prim_tradeoff_chart(DISCOVERY)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels[0] == f"box {DISCOVERY.chosen} (chosen)"
    box = prim_box_chart(DISCOVERY)
    ticks = [t.get_text().replace("\n", " ") for t in box.axes[0].get_yticklabels()]
    assert ticks == list(DISCOVERY.conditions)


def test_every_chart_saves_headless(tmp_path: Path) -> None:
    figures = [
        pareto_chart(FOUND.lenses["balanced"]),
        marginal_chart(FOUND.lenses["balanced"]),
        prim_tradeoff_chart(DISCOVERY),
        prim_box_chart(DISCOVERY),
    ]
    for k, fig in enumerate(figures):
        target = tmp_path / f"chart{k}.png"
        fig.savefig(target, dpi=40)
        assert target.stat().st_size > 1000
