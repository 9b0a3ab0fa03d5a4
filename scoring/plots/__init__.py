"""Charts of scored scenario sets, built on the object-oriented matplotlib API.

Every function takes results the core has already computed (a :class:`~scoring.Result`,
an SMAA result, a sensitivity result, a tornado result, a lens comparison) and returns a
:class:`matplotlib.figure.Figure`; none recomputes an analysis. Nothing here calls
``pyplot`` or ``show()``: display the figure in a notebook, or save it with
``fig.savefig("chart.svg")``. ``import scoring`` never imports this module (matplotlib is
an optional extra: ``pip install guarantee-scoring[plots]``).

Titles say what the picture shows ("Troops, US air backstop and pledge ranks first under
the balanced lens"), labels are wrapped design names, and every palette is colour-blind
safe (see :mod:`scoring.plots._helpers`).

Examples
--------
>>> import scoring
>>> from scoring import plots
>>> article = scoring.load()
>>> fig = plots.contributions_chart(scoring.score(article), article)
>>> fig.axes[0].get_title(loc="left").replace("\\n", " ").endswith("contributions by criterion")
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np

from scoring._text import fixed
from scoring.errors import InputError, UnknownNameError
from scoring.plots import _helpers as helpers

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from scoring.analysis.lenses import LensComparison
    from scoring.analysis.sensitivity import SensitivityResult
    from scoring.analysis.smaa import SmaaResult
    from scoring.analysis.tornado import TornadoResult
    from scoring.model import ScenarioSet
    from scoring.result import Result

__all__ = [
    "acceptability_heatmap",
    "contributions_chart",
    "lens_chart",
    "score_heatmap",
    "sensitivity_chart",
    "tornado_chart",
    "totals_chart",
]


def _names(result: Result) -> list[str]:
    return [helpers.wrap(name) for name in result.design_names]


def _criterion_labels(criterion_ids: tuple[str, ...], scenario: ScenarioSet | None) -> list[str]:
    if scenario is None:
        return list(criterion_ids)
    names = {c.id: c.name for c in scenario.criteria}
    return [names.get(cid, cid) for cid in criterion_ids]


def _lens_words(result: Result) -> str:
    return f"the {result.lens} lens" if result.lens else "these weights"


def contributions_chart(
    result: Result, scenario: ScenarioSet | None = None, *, by: Literal["criterion", "branch"] = "criterion"
) -> Figure:
    """Stacked horizontal bars: each design's additive total split by criterion or by branch.

    Parameters
    ----------
    result : Result
        From :func:`scoring.score` with an additive method (``wsm``), which carries
        ``contributions``; designs are drawn best first (top).
    scenario : ScenarioSet, optional
        Supplies criterion names, and the value tree for ``by="branch"``.
    by : {"criterion", "branch"}
        One segment per criterion (``designs x criteria`` bars) or per value-tree branch.
    """
    if result.contributions is None:
        raise InputError.at(
            "result",
            f"no contributions to draw: method {result.method!r} is not linear in the weights (use wsm or promethee), "
            "or the result comes from scoring.evaluate (score a DecisionProblem instead)",
        )
    if by not in ("criterion", "branch"):
        raise UnknownNameError.at("by", f'expected "criterion" or "branch", got {by!r}')
    parts = np.asarray(result.contributions)
    labels = _criterion_labels(result.criterion_ids, scenario)
    if by == "branch":
        if result.branch_contributions is None:
            raise InputError.at("result", 'by="branch" needs a result scored on a scenario set with a value tree')
        parts = np.asarray(result.branch_contributions)
        names = {b.id: b.name for b in scenario.branches} if scenario is not None else {}
        labels = [names.get(b, b or "(no branch)") for b in result.branch_ids]
    order = result.order()[::-1]  # best at the top of a horizontal bar chart
    count = parts.shape[1]
    colours, hatches = helpers.categorical(count), helpers.patterns(count)
    fig = helpers.new_figure(11, 0.55 * len(order) + 2.2)
    ax = fig.add_subplot()
    left = np.zeros(len(order))
    y = np.arange(len(order))
    for j in range(count):
        ax.barh(
            y,
            parts[order, j],
            left=left,
            color=colours[j],
            hatch=hatches[j],
            edgecolor="white",
            linewidth=0.6,
            label=helpers.wrap(labels[j], 28),
        )
        left += parts[order, j]
    for k, i in enumerate(order):
        ax.text(left[k] + 0.8, k, fixed(result.scores[i], 1), va="center", fontsize=9)
    ax.set_yticks(y, labels=[_names(result)[i] for i in order])
    ax.set_xlim(0, max(100.0, float(left.max()) * 1.08))
    ax.set_xlabel("Additive total (0-100): weight x value score, summed")
    first, second = (int(i) for i in result.order()[:2]) if len(order) > 1 else (int(order[0]), int(order[0]))
    best = result.design_names[first]
    lead = abs(float(result.scores[first] - result.scores[second]))
    margin = f", ahead by {fixed(lead, 2)}" if len(order) > 1 else ""  # the lead, so that the title claims no more
    helpers.set_title(ax, f"{best} ranks first under {_lens_words(result)}{margin}: contributions by {by}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, title=by.capitalize(), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def score_heatmap(
    scenario: ScenarioSet, *, kind: Literal["base", "low", "high"] = "base", result: Result | None = None
) -> Figure:
    """Heat-map of value scores (designs x criteria, 0-100, higher is better), annotated.

    Cost criteria are shown as values (``100 - level``) so that a lighter cell is always
    better. With ``result`` the rows follow its ranking (best first) and the columns show
    the lens weights.
    """
    values = scenario.values(kind)
    order = result.order() if result is not None else np.arange(len(scenario.designs))
    columns = []
    for j, criterion in enumerate(scenario.criteria):
        label = criterion.name + (" (cost)" if criterion.direction == "cost" else "")
        if result is not None:
            label += f" [{result.weights[j]:.0%}]"
        columns.append(helpers.wrap(label, 22))
    rows = [helpers.wrap(scenario.designs[i].name, 30) for i in order]
    fig = helpers.new_figure(12, 0.5 * len(rows) + 3.4)
    ax = fig.add_subplot()
    helpers.heatmap(
        ax,
        values[order],
        rows=rows,
        columns=columns,
        vmin=0,
        vmax=100,
        colorbar_label="Value score (0 worst - 100 best)",
    )
    ranked = f", ranked under the {result.lens} lens [weight]" if result is not None and result.lens else ""
    helpers.set_title(
        ax, f"Value scores ({kind}) of each design on each criterion{ranked}; cost criteria shown as 100 - level"
    )
    return fig


def totals_chart(result: Result) -> Figure:
    """Totals with low-high ranges (every judgment at its unfavourable / favourable end), best first."""
    order = result.order()[::-1]
    y = np.arange(len(order))
    scores = result.scores[order]
    fig = helpers.new_figure(10, 0.5 * len(order) + 1.8)
    ax = fig.add_subplot()
    colour = helpers.OKABE_ITO[0]
    if result.score_low is not None and result.score_high is not None:
        low, high = result.score_low[order], result.score_high[order]
        ax.errorbar(
            scores,
            y,
            xerr=np.vstack([scores - low, high - scores]),
            fmt="o",
            color=colour,
            ecolor=helpers.OKABE_ITO[1],
            elinewidth=3,
            capsize=4,
            label="total (base) with low-high range",
        )
        for k in range(len(order)):
            ax.text(
                high[k] + 1,
                k,
                f"{fixed(scores[k], 1)} ({fixed(low[k], 0)}-{fixed(high[k], 0)})",
                va="center",
                fontsize=8,
            )
        title = f"Totals under {_lens_words(result)} with low-high ranges"
    else:
        ax.plot(scores, y, "o", color=colour, label="total")
        title = f"Totals under {_lens_words(result)}"
    ax.set_yticks(y, labels=[_names(result)[i] for i in order])
    ax.set_xlabel(helpers.score_axis_label(result.label, result.higher_is_better))
    ax.set_xlim(*result.score_range)
    ax.grid(axis="x", color="#DDDDDD")
    ax.set_axisbelow(True)
    helpers.set_title(ax, title)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def acceptability_heatmap(smaa_result: SmaaResult) -> Figure:
    """Rank-acceptability heat-map: the share of draws in which each design took each rank."""
    table = smaa_result.to_frame()
    n = len(smaa_result.design_ids)
    shares = table[[f"rank_{r + 1}" for r in range(n)]].to_numpy(dtype=np.float64) * 100.0
    rows = [helpers.wrap(str(name), 30) for name in table["name"]]
    fig = helpers.new_figure(10, 0.5 * n + 2.4)
    ax = fig.add_subplot()
    helpers.heatmap(
        ax,
        shares,
        rows=rows,
        columns=[str(r + 1) for r in range(n)],
        fmt="{:.0f}%",
        vmin=0,
        vmax=100,
        colorbar_label="Share of draws (%)",
        rotate_columns=False,
    )
    ax.set_xlabel("Rank (1 = best)")
    leader = str(table["name"].iloc[0])
    helpers.set_title(
        ax,
        f"{leader} is best in {shares[0, 0]:.0f}% of {smaa_result.samples:,} draws "
        f"(SMAA-2, {smaa_result.sampler} weights, seed {smaa_result.seed})",
    )
    return fig


def tornado_chart(result: TornadoResult, *, design: str | None = None, top: int = 10) -> Figure:
    """Tornado for one design: its score with one judgment at each end of its range.

    Parameters
    ----------
    result : TornadoResult
        From :func:`scoring.analysis.tornado.tornado`.
    design : str, optional
        Design id; default the best-scoring design.
    top : int
        Bars shown (largest swings).
    """
    problem = result.problem
    designs, names, criteria = problem.labels()
    if design is None:
        order = np.argsort(-result.score if problem.method.higher_is_better else result.score, kind="stable")
        design = designs[int(order[0])]
    rows = result.to_frame(design=design).head(top).iloc[::-1]  # largest at the top
    base = float(rows["score"].iloc[0])
    crit = dict(zip(criteria, problem.criterion_names or criteria, strict=True))
    y = np.arange(len(rows))
    low = rows["at_unfavourable"].to_numpy(dtype=np.float64)
    high = rows["at_favourable"].to_numpy(dtype=np.float64)
    fig = helpers.new_figure(10, 0.45 * len(rows) + 2.0)
    ax = fig.add_subplot()
    ax.barh(y, low - base, left=base, color=helpers.OKABE_ITO[3], label="judgment at its unfavourable end")
    ax.barh(y, high - base, left=base, color=helpers.OKABE_ITO[0], label="judgment at its favourable end")
    ax.axvline(base, color="black", linewidth=1)
    ax.set_yticks(y, labels=[helpers.wrap(crit.get(c, c), 30) for c in rows["criterion"]])
    ax.set_xlabel(
        f"{helpers.score_axis_label(problem.label, problem.method.higher_is_better)}; at base {base:.{problem.digits}f}"
    )
    name = dict(zip(designs, names, strict=True))[design]
    helpers.set_title(
        ax, f"What moves {name}'s score most: one judgment from one end of its range to the other, the others at base"
    )
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def sensitivity_chart(result: SensitivityResult, criterion: str) -> Figure:
    """One-way weight sensitivity: every design's score as one criterion's weight sweeps 0-1.

    Draws what :func:`scoring.analysis.sensitivity.sensitivity` computed: the sweep, the
    interval in which the current best stays best (shaded), the current weight (dashed) and
    each weight at which the best design changes (black diamonds; ``fig.axes[0]`` has one
    ``crossovers`` line holding those markers).
    """
    problem = result.problem
    _, names, criteria = problem.labels()
    if criterion not in criteria:
        raise UnknownNameError.at(
            "criterion", f"unknown criterion {criterion!r}; expected one of: " + ", ".join(criteria)
        )
    j = criteria.index(criterion)
    t, scores = result.sweep(j)
    weight = float(problem.weights[j])
    lower, upper = float(result.lower[j]), float(result.upper[j])
    changes = result.leader_changes[result.leader_changes["criterion"] == criterion]
    marks = list(
        zip(changes["weight"].to_numpy(dtype=np.float64), changes["score"].to_numpy(dtype=np.float64), strict=True)
    )
    n = len(names)
    colours, shapes = helpers.categorical(n), helpers.markers(n)
    fig = helpers.new_figure(11, 6)
    ax = fig.add_subplot()
    ax.axvspan(lower, upper, color="#EEEEEE", label=f"best stays best: {lower:.2f}-{upper:.2f}")
    every = max(1, len(t) // 10)
    for i in range(n):
        ax.plot(
            t,
            scores[:, i],
            color=colours[i],
            marker=shapes[i],
            markevery=every,
            markersize=5,
            linewidth=2.4 if i == result.best else 1.3,
            label=helpers.wrap(names[i], 34),
        )
    ax.axvline(weight, color="black", linestyle="--", linewidth=1, label=f"current weight {weight:.2f}")
    ax.plot(
        [a for a, _ in marks],
        [b for _, b in marks],
        linestyle="none",
        marker="D",
        color="black",
        markersize=7,
        gid="crossovers",
        label=f"best changes ({len(marks)})",
    )
    for a, b in marks:
        ax.annotate(f"{a:.2f}", (a, b), textcoords="offset points", xytext=(4, 6), fontsize=8)
    name = problem.criterion_names[j] if problem.criterion_names else criterion
    ax.set_xlim(0, 1)
    ax.set_xlabel(helpers.literal(f"Weight on {name} (others rescaled in proportion)"))
    ax.set_ylabel(helpers.score_axis_label(problem.label, problem.method.higher_is_better))
    lens = f" ({problem.lens} lens)" if problem.lens else ""
    helpers.set_title(
        ax, f"{names[result.best]} stays best while the weight on {name} is {lower:.2f}-{upper:.2f}" + lens
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def lens_chart(comparison: LensComparison, scenario: ScenarioSet | None = None) -> Figure:
    """Bump chart: each design's rank under each lens (rank 1 at the top)."""
    ranks = comparison.ranks
    lenses = [str(c) for c in ranks.columns]
    designs = [str(d) for d in ranks.index]
    names = {d.id: d.name for d in scenario.designs} if scenario is not None else {}
    n = len(designs)
    colours, shapes = helpers.categorical(n), helpers.markers(n)
    x = np.arange(len(lenses))
    fig = helpers.new_figure(11, 0.45 * n + 3)
    ax = fig.add_subplot()
    for k, design in enumerate(designs):
        row = ranks.loc[design].to_numpy(dtype=np.float64)
        ax.plot(x, row, color=colours[k], marker=shapes[k], markersize=8, linewidth=2)
        ax.annotate(
            helpers.wrap(names.get(design, design), 34),
            (x[-1], row[-1]),
            xytext=(10, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            color=helpers.readable(colours[k]),
        )
    ax.set_xticks(x, labels=[helpers.wrap(lens.replace("_", " "), 14) for lens in lenses])
    ax.set_xlim(-0.4, len(lenses) - 1 + 1.9)  # room for the design names at the right
    ax.set_yticks(np.arange(1, n + 1))
    ax.set_ylim(n + 0.5, 0.5)
    ax.set_ylabel("Rank (1 = best)")
    firsts = ranks.eq(1).sum(axis=1)
    top = str(firsts.idxmax())
    helpers.set_title(
        ax, f"{names.get(top, top)} ranks first under {int(firsts.max())} of {len(lenses)} lenses ({comparison.method})"
    )
    ax.grid(axis="y", color="#EEEEEE")
    ax.spines[["top", "right"]].set_visible(False)
    return fig
