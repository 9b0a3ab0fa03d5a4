"""Terminal tables that stay readable at 80 columns, each with a one-line legend.

Every table is built from results the core computed; nothing here computes. Text from the
input (names, ids) is passed to rich as plain text, never as markup. At 110 columns or more
tables add design ids beside the names; narrower, they show names only (wrapped if long).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich import box
from rich.table import Table
from rich.text import Text

from scoring._text import fixed

if TYPE_CHECKING:
    from scoring.analysis.lenses import LensComparison
    from scoring.analysis.sensitivity import SensitivityResult
    from scoring.analysis.smaa import SmaaResult
    from scoring.analysis.tornado import TornadoResult
    from scoring.analysis.verdict import Verdict
    from scoring.result import Result

__all__ = [
    "WIDE",
    "acceptability_table",
    "crossover_table",
    "lens_scores_table",
    "lens_similarity_table",
    "plain_table",
    "score_table",
    "tornado_table",
    "verdict_text",
]

#: At this console width and above, tables show design ids beside the names.
WIDE = 110
#: The score table lists every design up to MANY_DESIGNS, else the best SHOWN_OF_MANY.
MANY_DESIGNS, SHOWN_OF_MANY = 100, 50


def plain_table(title: str | Text, legend: str | Text = "", *, lines: bool = False) -> Table:
    """The one table style of every command: a bold title and a legend, both left-aligned, and a rule
    under the header only (``lines``: a blank line between rows, for wrapped texts)."""
    return Table(
        title=title if isinstance(title, Text) else Text(title, style="bold"),
        title_justify="left",
        caption=(legend if isinstance(legend, Text) else Text(legend)) if legend else None,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        header_style="bold",
        pad_edge=False,
        expand=False,
        show_lines=lines,
    )


_table = plain_table


def verdict_text(verdict: Verdict) -> Text:
    """The verdict and its notes, as plain text."""
    lines = [f"Verdict ({verdict.level}): {verdict.text}", *verdict.notes]
    return Text("\n".join(lines))


def score_table(result: Result, *, title: str, width: int, branch_names: dict[str, str] | None = None) -> Table:
    """Ranked designs: rank, design, score, low-high range, a bar (and branch shares when asked)."""
    ranged = result.score_low is not None and result.score_high is not None
    legend = f"score: {result.label}"
    if ranged:
        legend += "; range: the score with every judgment at the unfavourable / favourable end of its range"
    order = result.order()
    if len(order) > MANY_DESIGNS:  # a terminal of 2,000 rows is read by nobody (and takes a second to draw)
        legend += f"; the best {SHOWN_OF_MANY} of {len(order):,} designs (--format csv or json, or --out, for all)"
        order = order[:SHOWN_OF_MANY]
    table = _table(title, legend)
    table.add_column("rank", justify="right")
    if width >= WIDE:
        table.add_column("design", no_wrap=True)
    table.add_column("name", ratio=1, min_width=18)
    table.add_column("score", justify="right", no_wrap=True)
    if ranged:
        table.add_column("range", justify="right", no_wrap=True)
    if branch_names is not None and result.branch_contributions is not None:
        for bid in result.branch_ids:
            table.add_column(branch_names.get(bid, bid) or "(none)", justify="right", max_width=12)
    vetoed = result.details.get("vetoed")
    if vetoed is not None:
        table.add_column("veto", no_wrap=True)
    bars = branch_names is None and result.score_range[0] == 0.0 and result.higher_is_better
    if bars:
        table.add_column("", no_wrap=True, min_width=10)
    digits = result.digits
    for i in order:
        row = [str(result.ranks[i])]
        if width >= WIDE:
            row.append(result.labels()[0][i])
        row += [result.labels()[1][i], fixed(result.scores[i], digits)]
        if ranged:
            low, high = result.score_low, result.score_high
            assert low is not None
            assert high is not None
            row.append(f"{fixed(low[i], digits)}-{fixed(high[i], digits)}")
        if branch_names is not None and result.branch_contributions is not None:
            row += [fixed(value, 1) for value in result.branch_contributions[i]]
        if vetoed is not None:
            row.append("vetoed" if vetoed[i] else "")
        if bars:
            row.append("█" * round(10 * result.scores[i] / result.score_range[1]))
        table.add_row(*(Text(cell) for cell in row))
    return table


def lens_scores_table(comparison: LensComparison, names: dict[str, str], *, title: str) -> Table:
    """Every lens side by side: each design's score and rank under each lens."""
    lenses = [str(c) for c in comparison.ranks.columns]
    table = _table(title, "each cell: score (rank) under that lens; designs in the order of the first lens")
    table.add_column("design", ratio=1, min_width=16)
    for lens in lenses:
        table.add_column(lens.replace("_", " "), justify="right", min_width=8, max_width=10)
    first = comparison.ranks[lenses[0]].sort_values(kind="stable")
    for design in first.index:
        cells = [
            f"{fixed(comparison.scores.loc[design, lens], 1)} ({comparison.ranks.loc[design, lens]})" for lens in lenses
        ]
        table.add_row(Text(names.get(str(design), str(design))), *(Text(c) for c in cells))
    return table


def acceptability_table(smaa: SmaaResult, names: dict[str, str], *, width: int) -> Table:
    """Rank acceptabilities: as many rank columns as fit, the rest summed in one column."""
    n = len(smaa.design_ids)
    fits = max(1, min(n, (width - 28 - 8) // 7))
    shown = n if fits >= n else fits - 1
    title = (
        f"How often each design takes each rank (SMAA-2, {smaa.samples:,} draws, seed {smaa.seed}, "
        f"weights: {smaa.settings.weight_mode}, scores: {smaa.distribution or 'fixed'})"
    )
    legend = (
        "rank r: share of draws in which the design took rank r; conf.: share of score draws in which it is best "
        "at its own central weights (robustness to score uncertainty, not the chance of being best)"
    )
    table = _table(title, legend)
    table.add_column("design", ratio=1, min_width=16)
    for r in range(shown):
        table.add_column(f"rank {r + 1}" if r < 3 else f"{r + 1}", justify="right", no_wrap=True)
    if shown < n:
        table.add_column(f"{shown + 1}-{n}", justify="right", no_wrap=True)
    table.add_column("conf.", justify="right", no_wrap=True)
    for i in smaa.order():
        shares = smaa.acceptability[i]
        cells = [f"{shares[r]:.0%}" for r in range(shown)]
        if shown < n:
            cells.append(f"{shares[shown:].sum():.0%}")
        label = names.get(smaa.design_ids[i], smaa.design_names[i])
        table.add_row(Text(label), *(Text(c) for c in cells), Text(f"{smaa.confidence[i]:.2f}"))
    return table


def crossover_table(result: SensitivityResult, names: dict[str, str]) -> Table:
    """Per criterion: the current weight, the interval in which the best stays best, who takes over."""
    best = names.get(result.best_id, result.best_id)
    legend = (
        "one weight moves, the others keep their proportions; taken over by: the design best just below / above "
        f"the interval ({'exact' if result.exact else 'grid and bisection'})"
    )
    table = _table(f"Weights at which {best} stays best", legend)
    table.add_column("criterion", ratio=1, min_width=14)
    table.add_column("now", justify="right", no_wrap=True)
    table.add_column("stays best", justify="right", no_wrap=True)
    table.add_column("taken over by (below / above)", ratio=1, min_width=16)
    frame = result.to_frame()
    for row in frame.itertuples(index=False):
        below = names.get(str(row.below), "-") if row.below else "-"
        above = names.get(str(row.above), "-") if row.above else "-"
        table.add_row(
            Text(str(row.criterion)),
            Text(f"{row.weight:.3f}"),
            Text(f"{row.lower:.3f}-{row.upper:.3f}"),
            Text(f"{below} / {above}"),
        )
    return table


def tornado_table(result: TornadoResult, names: dict[str, str], *, top: int = 10) -> Table:
    """The judgments whose range moves a score most."""
    digits = result.problem.digits
    frame = result.to_frame()
    moving = frame[frame["swing"] > 0].head(top)  # a judgment without a range moves nothing: not listed
    legend = "score with one judgment at the unfavourable / favourable end of its range, the others at base"
    if moving.empty:
        legend = "no judgment has a range, so none moves a score"
    elif len(moving) < min(top, len(frame)):
        legend += "; judgments without a range are not listed"
    table = _table("Judgments that move a score most (tornado)", legend)
    table.add_column("design", ratio=1, min_width=14)
    table.add_column("criterion", ratio=1, min_width=14)
    table.add_column("low end", justify="right", no_wrap=True)
    table.add_column("high end", justify="right", no_wrap=True)
    table.add_column("swing", justify="right", no_wrap=True)
    for row in moving.to_dict(orient="records"):
        table.add_row(
            Text(names.get(str(row["design"]), str(row["design"]))),
            Text(str(row["criterion"])),
            *(Text(fixed(float(row[key]), digits)) for key in ("at_unfavourable", "at_favourable", "swing")),
        )
    return table


def lens_similarity_table(comparison: LensComparison) -> Table:
    """How alike the rankings of each pair of lenses are."""
    legend = (
        "rho: Spearman rank correlation; tau-b: Kendall's tau-b; WS: Salabun's similarity, weighting the top "
        "ranks most (1 = identical rankings for all three)"
    )
    table = _table("How alike the lenses' rankings are", legend)
    for name, justify in (("lens a", "left"), ("lens b", "left"), ("rho", "right"), ("tau-b", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    table.add_column("WS", justify="right")
    table.add_column("same best", justify="left")
    for row in comparison.correlations.itertuples(index=False):
        cells: list[Any] = [row.lens_a, row.lens_b, f"{row.spearman:.2f}", f"{row.kendall_tau_b:.2f}", f"{row.ws:.2f}"]
        cells.append("yes" if row.same_best else "no")
        table.add_row(*(Text(str(c)) for c in cells))
    return table
