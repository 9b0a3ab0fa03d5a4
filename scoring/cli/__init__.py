"""``gscore``: score security-guarantee designs from the command line.

Every command takes an optional SOURCE (a scenario file .yaml/.yml/.json or an
analyst workbook .xlsx; none means the built-in article set). Exit status: 0 on
success, 1 for bad input (one line per problem, naming where), 2 for bad usage.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from scoring.cli._common import (
    GscoreGroup,
    console,
    lens_option,
    listing_format_option,
    load_source,
    method_option,
    method_options_option,
    output_options,
    parse_method_options,
    resolve_format,
    source_argument,
)
from scoring.errors import ScoringError
from scoring.provenance import package_version

__all__ = ["cli", "main"]


@click.group(cls=GscoreGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--debug", is_flag=True, help="Show full tracebacks for errors.")
@click.version_option(package_version(), "-V", "--version", prog_name="gscore")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Score candidate security-guarantee designs for Ukraine.

    \b
    Quick tour:
      gscore score                      rank the built-in article designs (balanced lens)
      gscore score --lens kyiv -f json  the same under Kyiv's priorities, as JSON
      gscore criteria                   criteria with the article quotes they rest on
      gscore analyze                    how robust is the ranking (SMAA, crossover weights)
      gscore report --out brief.html    a self-contained briefing page with charts
      gscore template --out book.xlsx   the analyst workbook (native formulas, no Python)
      gscore weights swing.yaml         weights from swing points, ranks or an AHP matrix
      gscore validate my-set.yaml       check a scenario file, listing every problem

    SOURCE (optional on most commands): a .yaml/.json scenario file or an .xlsx analyst
    workbook; without it, the built-in article set. Exit status: 1 bad input, 2 bad usage.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


@cli.command()
@source_argument
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
    from scoring import score as score_set
    from scoring.io.atomic import check_output
    from scoring.io.export import to_csv, to_json, to_markdown, write_result

    chosen = resolve_format(fmt, out)
    vetoes = _parse_vetoes(veto)
    if out is not None:
        check_output(out, inputs=(source,) if source else (), force=force)
        if chosen == "csv":
            from scoring.io.export import sidecar_for

            check_output(sidecar_for(out), inputs=(source,) if source else (), force=force)
    scenario = load_source(source)
    result = score_set(
        scenario, lens=lens, method=method, vetoes=vetoes, veto_mode=veto_mode, timestamp=timestamp or _env_timestamp(),
        **parse_method_options(method_options),
    )
    extra = _dominance_document(scenario.subset(list(result.design_ids)))
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


def _dominance_document(scenario: Any) -> dict[str, Any]:
    from scoring.analysis.dominance import dominance

    found = dominance(scenario)
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

    table = Table(
        title=f"{scenario.title}\nlens: {result.lens}   method: {result.method}",
        caption=_score_caption(result),
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
    for i in result.order():
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


@cli.command()
@source_argument
@lens_option
@listing_format_option
def criteria(source: str | None, lens: str | None, fmt: str) -> None:
    """List the criteria of SOURCE with their direction, weight and evidence quotes."""
    scenario = load_source(source)
    weights = scenario.weights(lens)
    if fmt == "json":
        rows = [
            {
                "id": c.id,
                "name": c.name,
                "branch": c.branch,
                "direction": c.direction,
                "description": c.description,
                "weight": float(w),
                "scale": {str(int(level)): label for level, label in c.scale},
                "evidence": [{"quote": e.quote, "note": e.note} for e in c.evidence],
            }
            for c, w in zip(scenario.criteria, weights, strict=True)
        ]
        click.echo(json.dumps({"lens": scenario.lens(lens).id, "criteria": rows}, indent=2, ensure_ascii=False))
        return
    from rich.table import Table

    table = Table(title=f"Criteria (weights: lens {scenario.lens(lens).id})", show_lines=True, header_style="bold")
    for name, kwargs in (
        ("id", {}),
        ("branch", {}),
        ("dir", {}),
        ("weight", {"justify": "right"}),
        ("evidence (article quote)", {"ratio": 1}),
    ):
        table.add_column(name, **kwargs)
    for c, w in zip(scenario.criteria, weights, strict=True):
        quotes = "\n".join(f"“{e.quote}”" for e in c.evidence) or "-"
        table.add_row(
            f"{c.id}\n[dim]{c.name}[/dim]", c.branch, "+" if c.direction == "benefit" else "− cost", f"{w:.1%}", quotes
        )
    console().print(table)


@cli.command()
@source_argument
@listing_format_option
def designs(source: str | None, fmt: str) -> None:
    """List the candidate designs of SOURCE."""
    scenario = load_source(source)
    if fmt == "json":
        rows = [
            {"id": d.id, "name": d.name, "description": d.description, "components": list(d.components)}
            for d in scenario.designs
        ]
        click.echo(json.dumps({"designs": rows}, indent=2, ensure_ascii=False))
        return
    from rich.table import Table

    table = Table(title="Designs", show_lines=True, header_style="bold")
    table.add_column("id")
    table.add_column("name")
    table.add_column("description", ratio=1)
    for d in scenario.designs:
        table.add_row(d.id, d.name, d.description)
    console().print(table)


@cli.command()
@source_argument
@listing_format_option
def lenses(source: str | None, fmt: str) -> None:
    """List the lenses (named weight sets) of SOURCE with their normalised weights."""
    scenario = load_source(source)
    if fmt == "json":
        rows = [
            {
                "id": lens.id,
                "name": lens.name,
                "description": lens.description,
                "default": lens.id == scenario.default_lens,
                "weights": dict(zip(scenario.criterion_ids, scenario.weights(lens).tolist(), strict=True)),
            }
            for lens in scenario.lenses
        ]
        click.echo(json.dumps({"lenses": rows}, indent=2, ensure_ascii=False))
        return
    from rich.table import Table

    table = Table(title="Lenses (weights normalised to 100%)", header_style="bold", show_lines=True)
    table.add_column("criterion")
    for lens in scenario.lenses:
        table.add_column(lens.id + (" *" if lens.id == scenario.default_lens else ""), justify="right")
    matrix = [scenario.weights(lens) for lens in scenario.lenses]
    for j, cid in enumerate(scenario.criterion_ids):
        table.add_row(cid, *(f"{w[j]:.0%}" for w in matrix))
    console().print(table)
    for lens in scenario.lenses:
        console().print(f"[bold]{lens.id}[/bold]: {lens.description}")


@cli.command()
@click.argument("source")
def validate(source: str) -> None:
    """Check SOURCE (scenario file or analyst workbook) and list every problem.

    Exit status 0 when valid, 1 with one line per problem otherwise.
    """
    scenario = load_source(source)
    click.echo(
        f"OK: {source}: {len(scenario.criteria)} criteria, {len(scenario.designs)} designs, "
        f"{len(scenario.lenses)} lenses (default {scenario.default_lens})"
    )


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the scenario-set file format."""
    from scoring.spec import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


def _register() -> None:
    """Add the commands that live in their own modules."""
    from scoring.cli import analyze, report, weights, workbook

    for module in (analyze, workbook, report, weights):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="gscore")
    except ScoringError as exc:  # raised outside a command (should not happen) - still one line
        click.echo(f"gscore: error: {exc}", err=True)
        raise SystemExit(1) from None
