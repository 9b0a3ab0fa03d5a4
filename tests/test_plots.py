"""Charts (scoring.plots): each returns a Figure with the expected artists, built without pyplot."""

from __future__ import annotations

import os
import subprocess
import sys

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np
import pytest

import scoring
from scoring.analysis.lenses import compare_lenses
from scoring.analysis.sensitivity import sensitivity
from scoring.analysis.smaa import smaa
from scoring.analysis.tornado import tornado
from scoring.problem import DecisionProblem

plots = pytest.importorskip("scoring.plots")
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.container import ErrorbarContainer  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402


@pytest.fixture(scope="module")
def article() -> scoring.ScenarioSet:
    return scoring.load()


@pytest.fixture(scope="module")
def result(article: scoring.ScenarioSet) -> scoring.Result:
    return scoring.score(article, "balanced", timestamp="2025-01-01T00:00:00+00:00")


def _title(ax: object) -> str:
    """The left title with its wrapping undone."""
    return " ".join(ax.get_title(loc="left").split())  # type: ignore[attr-defined]


def _bars(fig: Figure) -> list[Rectangle]:
    return [p for p in fig.axes[0].patches if isinstance(p, Rectangle)]


def test_contributions_by_criterion_has_one_bar_per_design_and_criterion(article, result) -> None:
    fig = plots.contributions_chart(result, article)
    assert isinstance(fig, Figure)
    bars = _bars(fig)
    assert len(bars) == len(article.designs) * len(article.criteria)
    # segments of each design add up to its total (bars are drawn best at the top)
    ends = {}
    for bar in bars:
        y = round(bar.get_y() + bar.get_height() / 2)
        ends[y] = max(ends.get(y, 0.0), bar.get_x() + bar.get_width())
    top = max(ends)
    assert ends[top] == pytest.approx(result.scores.max())
    title = _title(fig.axes[0])
    best = result.design_names[int(result.order()[0])]
    assert title.startswith(f"{best} ranks first under the balanced lens, ahead by 1.10:")  # the lead, not a win
    assert len(fig.axes[0].get_legend().get_texts()) == len(article.criteria)


def test_contributions_by_branch(article, result) -> None:
    fig = plots.contributions_chart(result, article, by="branch")
    assert len(_bars(fig)) == len(article.designs) * len(article.branches)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == [b.name for b in article.branches]


def test_contributions_needs_an_additive_result(article) -> None:
    with pytest.raises(scoring.InputError, match="wsm"):
        plots.contributions_chart(scoring.score(article, method="topsis"), article)
    with pytest.raises(scoring.InputError, match="value tree"):
        plots.contributions_chart(DecisionProblem.from_arrays([[1, 2], [2, 1]], [1, 1]).score(), by="branch")
    with pytest.raises(scoring.InputError, match="no contributions"):
        plots.contributions_chart(scoring.evaluate([[1, 2], [2, 1]], [1, 1]))
    by_branch = plots.contributions_chart(scoring.score(article), by="branch")  # branch ids when no names given
    assert len(by_branch.axes[0].get_legend().get_texts()) == len(article.branches)
    with pytest.raises(scoring.UnknownNameError):
        plots.contributions_chart(scoring.score(article), article, by="lens")  # type: ignore[arg-type]


def test_design_names_are_wrapped(article, result) -> None:
    fig = plots.contributions_chart(result, article)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any("\n" in label for label in labels)
    assert {label.replace("\n", " ") for label in labels} == set(result.design_names)


def test_score_heatmap_shape_and_annotations(article, result) -> None:
    fig = plots.score_heatmap(article, result=result)
    ax = fig.axes[0]
    image = ax.images[0]
    n, m = len(article.designs), len(article.criteria)
    assert image.get_array().shape == (n, m)
    np.testing.assert_allclose(image.get_array(), article.values("base")[result.order()])
    assert len(ax.texts) == n * m
    assert image.get_clim() == (0.0, 100.0)
    assert image.get_cmap().name == "cividis"


def test_totals_chart_has_low_high_error_bars(article, result) -> None:
    fig = plots.totals_chart(result)
    ax = fig.axes[0]
    containers = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    assert len(containers) == 1
    segments = [
        s for collection in ax.collections if isinstance(collection, LineCollection) for s in collection.get_segments()
    ]
    assert len(segments) == len(article.designs)
    spans = sorted((float(s[0][0]), float(s[1][0])) for s in segments)
    expected = sorted(zip(result.score_low.tolist(), result.score_high.tolist(), strict=True))
    np.testing.assert_allclose(spans, expected)
    assert "low-high ranges" in _title(ax)


def test_totals_chart_without_ranges(article) -> None:
    fig = plots.totals_chart(scoring.score(article, method="topsis"))
    assert not any(isinstance(c, ErrorbarContainer) for c in fig.axes[0].containers)


def test_acceptability_heatmap_matches_smaa(article) -> None:
    run = smaa(article, samples=500, seed=3)
    fig = plots.acceptability_heatmap(run)
    n = len(article.designs)
    data = fig.axes[0].images[0].get_array()
    assert data.shape == (n, n)
    table = run.to_frame()
    np.testing.assert_allclose(data, table[[f"rank_{r + 1}" for r in range(n)]].to_numpy() * 100)
    assert "500 draws" in _title(fig.axes[0])
    assert _title(fig.axes[0]).startswith(str(table["name"].iloc[0]))


def test_tornado_chart_bars(article) -> None:
    swings = tornado(article, lens="balanced")
    fig = plots.tornado_chart(swings, top=6)
    assert len(_bars(fig)) == 2 * 6
    best = swings.to_frame().sort_values("score", ascending=False).iloc[0]
    assert fig.axes[0].lines[0].get_xdata()[0] == pytest.approx(best["score"])
    with pytest.raises(scoring.UnknownNameError):
        plots.tornado_chart(swings, design="no_such_design")


@pytest.mark.parametrize("criterion", ["deterrence_credibility", "force_generation_speed", "negotiating_leverage"])
def test_sensitivity_chart_marks_crossovers_and_current_weight(article, criterion) -> None:
    analysis = sensitivity(article, lens="balanced")
    fig = plots.sensitivity_chart(analysis, criterion)
    ax = fig.axes[0]
    curves = [line for line in ax.lines if len(line.get_xdata()) > 10]
    assert len(curves) == len(article.designs)
    marks = [line for line in ax.lines if line.get_gid() == "crossovers"]
    assert len(marks) == 1
    xs = np.asarray(marks[0].get_xdata(), dtype=float)
    row = analysis.to_frame().set_index("criterion").loc[criterion]
    # the interval in which the current best stays best is bounded by crossover markers
    for edge in (row["lower"], row["upper"]):
        if 0.0 < edge < 1.0:
            assert np.min(np.abs(xs - edge)) < 1e-6
    weight = article.weights("balanced")[article.criterion_ids.index(criterion)]
    verticals = [line for line in ax.lines if np.allclose(line.get_xdata(), weight) and len(line.get_xdata()) == 2]
    assert verticals, "the current weight is drawn as a vertical line"
    assert f"{row['lower']:.2f}-{row['upper']:.2f}" in _title(ax)


@pytest.mark.parametrize("method", ["topsis", "vikor", "promethee"])
def test_sensitivity_chart_agrees_with_the_crossover_table_for_other_methods(article, method) -> None:
    analysis = sensitivity(article, lens="balanced", method=method)
    for row in analysis.to_frame().itertuples(index=False):
        title = _title(plots.sensitivity_chart(analysis, row.criterion).axes[0])
        assert f"{row.lower:.2f}-{row.upper:.2f}" in title, (row.criterion, title)


def test_sensitivity_chart_unknown_criterion(article) -> None:
    with pytest.raises(scoring.UnknownNameError, match="criterion"):
        plots.sensitivity_chart(sensitivity(article), "nope")


def test_lens_bump_chart(article) -> None:
    comparison = compare_lenses(article)
    fig = plots.lens_chart(comparison, article)
    ax = fig.axes[0]
    assert len(ax.lines) == len(article.designs)
    for line, design in zip(ax.lines, comparison.ranks.index, strict=True):
        np.testing.assert_array_equal(line.get_ydata(), comparison.ranks.loc[design].to_numpy())
    assert ax.get_ylim()[0] > ax.get_ylim()[1], "rank 1 is at the top"
    assert [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()] == [
        lens.replace("_", " ") for lens in article.lens_ids
    ]


def test_every_chart_saves_headless(article, result, tmp_path) -> None:
    figures = [
        plots.contributions_chart(result, article),
        plots.score_heatmap(article),
        plots.totals_chart(result),
        plots.acceptability_heatmap(smaa(article, samples=200, seed=1)),
        plots.tornado_chart(tornado(article)),
        plots.sensitivity_chart(sensitivity(article), "escalation_risk"),
        plots.lens_chart(compare_lenses(article)),
    ]
    for k, fig in enumerate(figures):
        target = tmp_path / f"chart{k}.png"
        fig.savefig(target, dpi=40)
        assert target.stat().st_size > 1000


def test_plots_never_touch_pyplot_and_import_scoring_stays_light() -> None:
    code = (
        "import sys, scoring\n"
        "assert 'matplotlib' not in sys.modules, 'import scoring imported matplotlib'\n"
        "from scoring import plots\n"
        "fig = plots.totals_chart(scoring.score(scoring.load()))\n"
        "fig.savefig('/dev/null', format='png')\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=120)
