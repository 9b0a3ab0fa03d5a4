"""Charts of composition and discovery: the branch Pareto front, marginal values, the PRIM trade-off and box.

Like :mod:`scoring.plots`, every function takes a result the core computed
(:class:`~scoring.analysis.compose.LensComposition`,
:class:`~scoring.analysis.discover.Discovery`) and returns a
:class:`matplotlib.figure.Figure` built without pyplot.

>>> import scoring
>>> from scoring.analysis.compose import composition
>>> found = composition(scoring.load(), lens="kyiv", top=3)
>>> fig = pareto_chart(found.lenses["kyiv"])
>>> fig.axes[0].get_xlabel()
'Value-tree branch'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from scoring.errors import InputError
from scoring.plots import _helpers as helpers

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from scoring.analysis.compose import LensComposition
    from scoring.analysis.discover import Discovery

__all__ = ["marginal_chart", "pareto_chart", "prim_box_chart", "prim_tradeoff_chart"]


def pareto_chart(lens: LensComposition, *, highlight: int = 3) -> Figure:
    """The Pareto front over branches as parallel coordinates: one line per combination on the front.

    Each branch is its own 0-100 score under the lens. The ``highlight`` best combinations
    on the front (by the lens's total) are coloured and labelled; the rest are grey.
    """
    front = lens.pareto
    branches = [c for c in front.columns if c not in ("rank", "combination", "score")]
    fig = helpers.new_figure(10, 5.5)
    ax = fig.add_subplot()
    x = np.arange(len(branches))
    colours = helpers.categorical(highlight)
    shapes = helpers.markers(highlight)
    for k, row in enumerate(front.itertuples(index=False)):
        values = [float(v) for v in row[3:]]
        if k < highlight:
            ax.plot(x, values, marker=shapes[k], color=colours[k], linewidth=2.2, label=helpers.wrap(str(row[1]), 40))
        else:
            ax.plot(x, values, color="#BBBBBB", linewidth=0.8, zorder=0)
    ax.set_xticks(x, labels=[helpers.wrap(str(b), 14) for b in branches])
    ax.set_xlabel("Value-tree branch")
    ax.set_ylabel("Branch score (0-100, the branch's own weights)")
    ax.set_ylim(0, 100)
    ax.grid(axis="y", color="#DDDDDD")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="lower left", fontsize=8, frameon=False, title="best on the front", title_fontsize=8)
    helpers.set_title(
        ax,
        f"{len(front)} combinations are on the Pareto front over the branches under the {lens.lens} lens: "
        "none is beaten on every branch",
    )
    return fig


def marginal_chart(lens: LensComposition, rank: int = 1) -> Figure:
    """What each component adds to (or costs) the combination ranked ``rank`` under the lens."""
    frame = lens.marginal
    shown = list(dict.fromkeys(frame["combination"]))
    if not 1 <= rank <= len(shown):
        raise InputError.at("rank", f"expected 1 to {len(shown)} (the combinations with marginal values), got {rank}")
    rows = frame[frame["combination"] == shown[rank - 1]].dropna(subset=["marginal"])
    rows = rows.iloc[np.argsort(rows["marginal"].to_numpy())]
    fig = helpers.new_figure(9, 0.45 * len(rows) + 2.0)
    ax = fig.add_subplot()
    y = np.arange(len(rows))
    member, added = helpers.OKABE_ITO[0], helpers.OKABE_ITO[1]
    colours = [member if m else added for m in rows["member"]]
    hatches = ["" if m else "//" for m in rows["member"]]
    bars = ax.barh(y, rows["marginal"], color=colours, edgecolor="white")
    for bar, hatch in zip(bars, hatches, strict=True):
        bar.set_hatch(hatch)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, labels=[str(c) for c in rows["component"]])
    ax.set_xlabel("Score with the component minus without it (points)")
    from matplotlib.patches import Patch

    ax.legend(
        handles=[
            Patch(color=member, label="in: what removing it costs"),
            Patch(facecolor=added, hatch="//", label="add: what adding it buys"),
        ],
        loc="lower right",
        fontsize=8,
        frameon=False,
    )
    ax.spines[["top", "right"]].set_visible(False)
    helpers.set_title(ax, f"Marginal value of each component to {shown[rank - 1]} (rank {rank}, {lens.lens} lens)")
    return fig


def prim_tradeoff_chart(found: Discovery) -> Figure:
    """The peeling trajectory: coverage against density, the chosen box and its pasted, simplified version."""
    boxes = found.trajectory_frame()
    fig = helpers.new_figure(8, 5.5)
    ax = fig.add_subplot()
    points = ax.scatter(
        boxes["coverage"], boxes["density"], c=boxes["restricted"], cmap=helpers.CONTINUOUS, s=22, zorder=2
    )
    ax.plot(boxes["coverage"], boxes["density"], color="#BBBBBB", linewidth=0.8, zorder=1)
    chosen = boxes.iloc[found.chosen]
    ax.scatter(
        [chosen["coverage"]],
        [chosen["density"]],
        s=160,
        facecolors="none",
        edgecolors="black",
        zorder=3,
        label=f"box {found.chosen} (chosen)",
    )
    ax.scatter(
        [found.box.coverage], [found.box.density], marker="*", s=180, color=helpers.OKABE_ITO[3], zorder=4,
        label=f"box {found.chosen} pasted, {len(found.conditions)} conditions",
    )  # fmt: skip
    bar = fig.colorbar(points, ax=ax, shrink=0.8)
    bar.set_label("conditions in the box")
    ax.set_xlabel(f"Coverage: share of the draws where {found.design} wins that fall in the box")
    ax.set_ylabel("Density: share of the box's draws that it wins")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.grid(color="#EEEEEE")
    ax.legend(loc="lower left", fontsize=8, frameon=False)
    goal = "best" if found.top == 1 else f"in the top {found.top}"
    helpers.set_title(ax, f"When is {found.design} {goal}? Smaller boxes are surer but cover fewer of its wins")
    return fig


def prim_box_chart(found: Discovery) -> Figure:
    """The chosen box: each condition's range within the range the draws covered."""
    restricted = list(found.box.restricted)
    fig = helpers.new_figure(10, 0.55 * max(1, len(restricted)) + 2.0)
    ax = fig.add_subplot()
    for k, j in enumerate(restricted):
        start, stop = found.spans[j]
        span = (stop - start) or 1.0
        low, high = found._shown(int(j))
        left = 0.0 if low is None else (low - start) / span
        right = 1.0 if high is None else (high - start) / span
        ax.barh(k, 1.0, color="#EEEEEE", edgecolor="#BBBBBB")
        ax.barh(k, right - left, left=left, color=helpers.OKABE_ITO[0])
        ax.text(1.01, k, f"{start:.3g} to {stop:.3g}", va="center", fontsize=7, color="#666666")
    ax.set_yticks(
        range(len(restricted)), labels=[helpers.wrap(found.conditions[k], 48) for k in range(len(restricted))]
    )
    ax.set_xlim(0, 1.18)
    ax.set_xticks([0, 0.5, 1], labels=["lowest drawn", "", "highest drawn"])
    ax.invert_yaxis()
    ax.spines[["top", "right"]].set_visible(False)
    helpers.set_title(
        ax,
        f"Box {found.chosen}: {found.design} wins in {found.box.density:.0%} of these draws, "
        f"{found.box.coverage:.0%} of all its wins",
    )
    return fig
