"""``gscore score``: rank the designs of a source under one lens and method."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from scoring.cli._common import (
    console,
    lens_option,
    load_source,
    method_option,
    method_options_option,
    output_options,
    parse_method_options,
    resolve_format,
    source_argument,
    table_options,
)

__all__ = ["COMMANDS", "score"]

#: The terminal table lists every design up to this many, else the best TERMINAL_SHOWN.
TERMINAL_ROWS, TERMINAL_SHOWN = 100, 50


@click.command()
@source_argument
@table_options
@lens_option
@method_option
@method_options_option
@output_options
@click.option(
    "--veto",
    "veto",
    multiple=True,
    metavar="CRITERION=LEVEL",
    help="Non-compensatory threshold on a 0-100 level (below it on a benefit criterion, above it on a cost "
    "criterion, a design is vetoed). Repeatable.",
)
@click.option(
    "--veto-mode",
    type=click.Choice(["flag", "exclude"]),
    default="flag",
    show_default=True,
    help="flag: keep vetoed designs and mark them; exclude: drop them before ranking.",
)
@click.option("--by-branch", is_flag=True, help="Terminal table: add each value-tree branch's share of the total.")
@click.option("--timestamp", default=None, metavar="ISO", help="Fix the provenance timestamp (byte-identical outputs).")
def score(
    source: str | None,
    lens: str | None,
    method: str,
    method_options: tuple[str, ...],
    fmt: str | None,
    out: Path | None,
    force: bool,
    veto: tuple[str, ...],
    veto_mode: str,
    by_branch: bool,
    timestamp: str | None,
) -> None:
    """Score and rank the designs of SOURCE under one lens and method.

    \b
    Examples:
      gscore score
      gscore score --lens washington --method topsis
      gscore score my-set.yaml --out scored.xlsx
      gscore score analyst.xlsx --format json
      gscore score --veto us_participation=20 --veto-mode exclude
      gscore score --by-branch

    The output also says which designs are dominated (no better anywhere, worse somewhere)
    and by whom; JSON and XLSX exports carry that and the per-branch shares too.
    """
    from scoring.io.atomic import check_output
    from scoring.io.export import to_csv, to_json, to_markdown, write_result
    from scoring.problem import DecisionProblem

    chosen = resolve_format(fmt, out)
    vetoes = _parse_vetoes(veto)
    if out is not None:
        check_output(out, inputs=(source,) if source else (), force=force)
        if chosen == "csv":
            from scoring.io.export import sidecar_for

            check_output(sidecar_for(out), inputs=(source,) if source else (), force=force)
    scenario = load_source(source)
    problem = DecisionProblem.from_scenario(
        scenario, lens, method, vetoes=vetoes, veto_mode=veto_mode, **parse_method_options(method_options)
    )
    result = problem.score(timestamp=timestamp or _env_timestamp())
    extra = _dominance_document(problem)
    if out is not None:
        if chosen == "xlsx" and source and Path(source).suffix.lower() == ".xlsx":
            from scoring.workbook.writer import write_scored_workbook

            write_scored_workbook(source, result, out)
        else:
            write_result(result, out, chosen, extra=extra)
        also = " and its provenance sidecar" if chosen == "csv" else ""
        click.echo(
            f"wrote {out}{also} ({chosen}, {len(result.scores)} designs, lens {result.lens}, method {result.method})",
            err=True,
        )
        return
    if chosen == "json":
        click.echo(to_json(result, extra=extra), nl=False)
    elif chosen == "csv":
        click.echo(to_csv(result.table), nl=False)
    elif chosen == "md":
        click.echo(to_markdown(result.table), nl=False)
    else:
        _print_score_table(scenario, result, by_branch=by_branch)
        _print_dominance(extra["dominance"])


def _parse_vetoes(items: tuple[str, ...]) -> dict[str, float]:
    vetoes: dict[str, float] = {}
    for item in items:
        criterion, sep, level = item.partition("=")
        try:
            vetoes[criterion.strip()] = float(level)
        except ValueError:
            sep = ""
        if not sep or not criterion.strip():
            raise click.BadParameter(f"expected CRITERION=LEVEL, got {item!r}", param_hint="--veto")
    return vetoes


def _dominance_document(problem: Any) -> dict[str, Any]:
    """Who dominates whom among the designs scored (vetoed-out designs excluded)."""
    from scoring.analysis.dominance import dominance

    found = dominance(problem)
    return {
        "dominance": {
            "pareto": list(found.pareto_labels),
            "dominated": [{"design": design, "by": list(by)} for design, by in found.dominated],
        }
    }


def _print_dominance(dominance: dict[str, Any]) -> None:
    if dominance["dominated"]:
        for row in dominance["dominated"]:
            by = ", ".join(row["by"])
            console().print(f"dominated: {row['design']} (by {by}: no better anywhere, worse somewhere)")
    else:
        console().print("no design is dominated (none is matched or beaten on every criterion by another)")


def _env_timestamp() -> str | None:
    import datetime as dt
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).isoformat()
    return None


def _print_score_table(scenario: Any, result: Any, *, by_branch: bool = False) -> None:
    from rich.table import Table

    order = result.order()
    caption = _score_caption(result)
    if len(order) > TERMINAL_ROWS:
        caption += f"\nthe best {TERMINAL_SHOWN} of {len(order):,} designs; --format csv or json, or --out, for all"
        order = order[:TERMINAL_SHOWN]
    table = Table(
        title=f"{scenario.title}\nlens: {result.lens}   method: {result.method}",
        caption=caption,
        header_style="bold",
    )
    branches = by_branch and result.branch_contributions is not None
    table.add_column("rank", justify="right")
    table.add_column("design", no_wrap=True)
    if not branches:  # the branch columns need the room; ids identify the designs
        table.add_column("name")
    table.add_column("score", justify="right")
    ranged = result.score_low is not None
    if ranged:
        table.add_column("range (low-high)", justify="right")
    if branches:
        names = {b.id: b.name for b in scenario.branches}
        for bid in result.branch_ids:
            table.add_column(names.get(bid, bid) or "(no branch)", justify="right")
    vetoed = result.details.get("vetoed")
    if vetoed is not None:
        table.add_column("veto", justify="center")
    bars = result.score_range[0] == 0.0 and result.higher_is_better  # a bar reads as "more is better"
    if bars:
        table.add_column("", no_wrap=True)
    for i in order:
        row = [str(result.ranks[i]), result.design_ids[i]]
        if not branches:
            row.append(result.design_names[i])
        row.append(f"{result.scores[i]:.{result.digits}f}")
        if ranged:
            row.append(f"{result.score_low[i]:.1f}-{result.score_high[i]:.1f}")
        if branches:
            row.extend(f"{value:.1f}" for value in result.branch_contributions[i])
        if vetoed is not None:
            row.append("VETOED" if vetoed[i] else "")
        if bars:
            row.append("█" * round(20 * result.scores[i] / result.score_range[1]))
        table.add_row(*row)
    console().print(table)


def _score_caption(result: Any) -> str:
    return f"score: {result.label}"


COMMANDS = [score]
