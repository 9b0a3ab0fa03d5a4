"""Charts of scored scenario sets, built on the object-oriented matplotlib API.

Every function takes results the core has already computed (a :class:`~scoring.Result`,
an SMAA result, a tornado table, a lens comparison) or, for the sensitivity lines, the
scenario set itself, and returns a :class:`matplotlib.figure.Figure`. Nothing here calls
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

from scoring.plots import _helpers as helpers
from scoring.errors import InputError, UnknownNameError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from scoring.analysis.lenses import LensComparison
    from scoring.analysis.smaa import SmaaResult
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
        raise InputError.at("result", f"method {result.method!r} has no additive contributions; score with wsm")
    if by not in ("criterion", "branch"):
        raise UnknownNameError.at("by", f'expected "criterion" or "branch", got {by!r}')
    parts = np.asarray(result.contributions)
    labels = _criterion_labels(result.criterion_ids, scenario)
    if by == "branch":
        if scenario is None:
            raise InputError.at("scenario", 'by="branch" needs the scenario set (for its value tree)')
        from scoring.value_tree import branch_ids

        branches = branch_ids(scenario)
        names = {b.id: b.name for b in scenario.branches}
        of = {c.id: c.branch for c in scenario.criteria}
        parts = np.column_stack(
            [parts[:, [of.get(cid) == b for cid in result.criterion_ids]].sum(axis=1) for b in branches]
        )
        labels = [names.get(b, b or "(no branch)") for b in branches]
    order = result.order()[::-1]  # best at the top of a horizontal bar chart
    count = parts.shape[1]
    colours, hatches = helpers.categorical(count), helpers.patterns(count)
    fig = helpers.new_figure(11, 0.55 * len(order) + 2.2)
    ax = fig.add_subplot()
    left = np.zeros(len(order))
    y = np.arange(len(order))
    for j in range(count):
        ax.barh(y, parts[order, j], left=left, color=colours[j], hatch=hatches[j], edgecolor="white",
                linewidth=0.6, label=helpers.wrap(labels[j], 28))
        left += parts[order, j]
    for k, i in enumerate(order):
        ax.text(left[k] + 0.8, k, f"{result.scores[i]:.1f}", va="center", fontsize=9)
    ax.set_yticks(y, labels=[_names(result)[i] for i in order])
    ax.set_xlim(0, max(100.0, float(left.max()) * 1.08))
    ax.set_xlabel("Additive total (0-100): weight x value score, summed")
    best = result.design_names[int(result.order()[0])]
    helpers.set_title(ax, f"{best} ranks first under {_lens_words(result)}: contributions by {by}")
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
    helpers.heatmap(ax, values[order], rows=rows, columns=columns, vmin=0, vmax=100,
                    colorbar_label="Value score (0 worst - 100 best)")
    ranked = f", ranked under the {result.lens} lens [weight]" if result is not None and result.lens else ""
    helpers.set_title(ax, f"Value scores ({kind}) of each design on each criterion{ranked}; "
                      "cost criteria shown as 100 - level")
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
        ax.errorbar(scores, y, xerr=np.vstack([scores - low, high - scores]), fmt="o", color=colour,
                    ecolor=helpers.OKABE_ITO[1], elinewidth=3, capsize=4, label="total (base) with low-high range")
        for k in range(len(order)):
            ax.text(high[k] + 1, k, f"{scores[k]:.1f} ({low[k]:.0f}-{high[k]:.0f})", va="center", fontsize=8)
        title = f"Totals under {_lens_words(result)} with low-high ranges"
    else:
        ax.plot(scores, y, "o", color=colour, label="total")
        title = f"Totals under {_lens_words(result)}"
    ax.set_yticks(y, labels=[_names(result)[i] for i in order])
    unit = "Additive total (0-100)" if result.method == "wsm" else f"{result.method} score"
    ax.set_xlabel(unit + ("" if result.higher_is_better else " (lower is better)"))
    if result.method == "wsm":
        ax.set_xlim(0, 100)
    ax.grid(axis="x", color="#DDDDDD")
    ax.set_axisbelow(True)
    helpers.set_title(ax, title)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def acceptability_heatmap(smaa_result: SmaaResult) -> Figure:
    """Rank-acceptability heat-map: the share of draws in which each design took each rank."""
    table = smaa_result.table()
    n = len(smaa_result.design_ids)
    shares = table[[f"b{r + 1}" for r in range(n)]].to_numpy(dtype=np.float64) * 100.0
    rows = [helpers.wrap(str(name), 30) for name in table["name"]]
    fig = helpers.new_figure(10, 0.5 * n + 2.4)
    ax = fig.add_subplot()
    helpers.heatmap(ax, shares, rows=rows, columns=[str(r + 1) for r in range(n)], fmt="{:.0f}%", vmin=0, vmax=100,
                    colorbar_label="Share of draws (%)", rotate_columns=False)
    ax.set_xlabel("Rank (1 = best)")
    leader = str(table["name"].iloc[0])
    helpers.set_title(ax, f"{leader} is best in {shares[0, 0]:.0f}% of {smaa_result.samples:,} draws "
                      f"(SMAA-2, {smaa_result.weights_mode} weights, seed {smaa_result.seed})")
    return fig


def tornado_chart(table: pd.DataFrame, *, design: str | None = None, top: int = 10,
                  scenario: ScenarioSet | None = None) -> Figure:
    """Tornado for one design: its total with one score at its low and at its high level.

    Parameters
    ----------
    table : DataFrame
        From :func:`scoring.analysis.tornado.tornado`.
    design : str, optional
        Design id; default the design with the highest base total.
    top : int
        Bars shown (largest swings).
    scenario : ScenarioSet, optional
        Supplies design and criterion names.
    """
    if design is None:
        design = str(table.sort_values("base_total", ascending=False, kind="stable")["design"].iloc[0])
    rows = table[table["design"] == design].sort_values("swing", ascending=False, kind="stable").head(top)
    if rows.empty:
        raise UnknownNameError.at("design", f"no tornado rows for design {design!r}")
    rows = rows.iloc[::-1]  # largest at the top
    base = float(rows["base_total"].iloc[0])
    names = {d.id: d.name for d in scenario.designs} if scenario is not None else {}
    crit = {c.id: c.name for c in scenario.criteria} if scenario is not None else {}
    y = np.arange(len(rows))
    low = rows["total_at_low_level"].to_numpy(dtype=np.float64)
    high = rows["total_at_high_level"].to_numpy(dtype=np.float64)
    fig = helpers.new_figure(10, 0.45 * len(rows) + 2.0)
    ax = fig.add_subplot()
    ax.barh(y, low - base, left=base, color=helpers.OKABE_ITO[3], label="score at its low level")
    ax.barh(y, high - base, left=base, color=helpers.OKABE_ITO[0], label="score at its high level")
    ax.axvline(base, color="black", linewidth=1)
    ax.set_yticks(y, labels=[helpers.wrap(crit.get(c, c), 30) for c in rows["criterion"]])
    ax.set_xlabel(f"Additive total (0-100); base total {base:.1f}")
    helpers.set_title(ax, f"What moves {names.get(design, design)}'s total most: "
                      "one score from low to high, others at base")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def sensitivity_chart(
    scenario: ScenarioSet, criterion: str, lens: str | None = None, *, method: str = "wsm", points: int = 201
) -> Figure:
    """One-way weight sensitivity: every design's score as one criterion's weight sweeps 0-1.

    The other weights keep their proportions (:mod:`scoring.analysis.sensitivity`). The
    current weight is a dashed vertical line, the interval in which the current best stays
    best is shaded, and each weight at which the best design changes is marked with a
    black diamond (``fig.axes[0]`` has one ``crossovers`` line holding those markers).
    """
    from scoring._api import evaluate
    from scoring.analysis.sensitivity import rank_changes, sweep
    from scoring.model import SCALE_MAX, SCALE_MIN

    if criterion not in scenario.criterion_ids:
        raise UnknownNameError.at("criterion", f"unknown criterion {criterion!r}; expected one of: "
                                  + ", ".join(scenario.criterion_ids))
    j = scenario.criterion_ids.index(criterion)
    weights = scenario.weights(lens)
    options = {"bounds": (SCALE_MIN, SCALE_MAX)} if method == "wsm" else {}
    curves = sweep(scenario.matrix("base"), weights, scenario.directions, method, points=points, **options)
    scale = SCALE_MAX if curves.method == "wsm" else 1.0
    t, scores = curves.t, curves.scores[j] * scale  # (points, designs)
    changes = rank_changes(scenario.matrix("base"), weights, scenario.directions, method, points=points,
                           design_ids=scenario.design_ids, criterion_ids=scenario.criterion_ids, **options)
    changes = changes[changes["criterion"] == criterion]

    rest = np.delete(weights, j)
    share = rest / rest.sum() if rest.sum() > 0 else np.full(rest.size, 1.0 / max(rest.size, 1))

    def evaluated(at: float) -> Result:
        # the sweep of scoring.analysis.sensitivity: weight ``at`` on criterion j, the others in proportion
        at = min(max(at, 0.0), 1.0)
        return evaluate(scenario.matrix("base"), np.insert(share * (1.0 - at), j, at), scenario.directions,
                        method, **options)

    def leader(at: float) -> int:
        return int(np.argmin(evaluated(at).ranks))

    marks = []
    for at in changes["weight"].to_numpy(dtype=np.float64):
        after = leader(at + 1e-9)
        if leader(at - 1e-9) != after:
            marks.append((float(at), float(evaluated(at).scores[after]) * scale))
    best_now = leader(float(weights[j]))
    lower = max((a for a, _ in marks if a < weights[j]), default=0.0)
    upper = min((a for a, _ in marks if a > weights[j]), default=1.0)

    names = [d.name for d in scenario.designs]
    n = len(names)
    colours, shapes = helpers.categorical(n), helpers.markers(n)
    fig = helpers.new_figure(11, 6)
    ax = fig.add_subplot()
    ax.axvspan(lower, upper, color="#EEEEEE", label=f"best stays best: {lower:.2f}-{upper:.2f}")
    every = max(1, len(t) // 10)
    for i in range(n):
        ax.plot(t, scores[:, i], color=colours[i], marker=shapes[i], markevery=every, markersize=5,
                linewidth=2.4 if i == best_now else 1.3, label=helpers.wrap(names[i], 34))
    ax.axvline(float(weights[j]), color="black", linestyle="--", linewidth=1,
               label=f"current weight {weights[j]:.2f}")
    xs = [a for a, _ in marks]
    ys = [b for _, b in marks]
    ax.plot(xs, ys, linestyle="none", marker="D", color="black", markersize=7, gid="crossovers",
            label=f"best changes ({len(marks)})")
    for a, b in marks:
        ax.annotate(f"{a:.2f}", (a, b), textcoords="offset points", xytext=(4, 6), fontsize=8)
    crit_name = scenario.criteria[j].name
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"Weight on {crit_name} (others rescaled in proportion)")
    ax.set_ylabel("Additive total (0-100)" if curves.method == "wsm" else f"{curves.method} score")
    lens_id = scenario.lens(lens).id
    helpers.set_title(ax, f"{names[best_now]} stays best while the weight on {crit_name} is {lower:.2f}-{upper:.2f} "
                      f"({lens_id} lens)")
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
        ax.annotate(helpers.wrap(names.get(design, design), 34), (x[-1], row[-1]), xytext=(10, 0),
                    textcoords="offset points", va="center", fontsize=8, color=colours[k])
    ax.set_xticks(x, labels=[helpers.wrap(lens.replace("_", " "), 14) for lens in lenses])
    ax.set_xlim(-0.4, len(lenses) - 1 + 1.9)  # room for the design names at the right
    ax.set_yticks(np.arange(1, n + 1))
    ax.set_ylim(n + 0.5, 0.5)
    ax.set_ylabel("Rank (1 = best)")
    firsts = ranks.eq(1).sum(axis=1)
    top = str(firsts.idxmax())
    helpers.set_title(ax, f"{names.get(top, top)} ranks first under {int(firsts.max())} of {len(lenses)} lenses "
                      f"({comparison.method})")
    ax.grid(axis="y", color="#EEEEEE")
    ax.spines[["top", "right"]].set_visible(False)
    return fig
