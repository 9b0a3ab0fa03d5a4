"""The listing commands: ``criteria``, ``designs``, ``lenses``, and ``validate`` and ``schema``."""

from __future__ import annotations

import json

import click

from scoring.cli._common import console, lens_option, listing_format_option, load_source, source_argument, table_options

__all__ = ["COMMANDS"]


@click.command()
@source_argument
@table_options
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


@click.command()
@source_argument
@table_options
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


@click.command()
@source_argument
@table_options
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


@click.command()
@click.argument("source")
@table_options
def validate(source: str) -> None:
    """Check SOURCE (scenario file or analyst workbook) and list every problem.

    Exit status 0 when valid, 1 with one line per problem otherwise.
    """
    scenario = load_source(source)
    click.echo(
        f"OK: {source}: {len(scenario.criteria)} criteria, {len(scenario.designs)} designs, "
        f"{len(scenario.lenses)} lenses (default {scenario.default_lens})"
    )


@click.command()
def schema() -> None:
    """Print the JSON Schema of the scenario-set file format."""
    from scoring.spec import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


COMMANDS = [criteria, designs, lenses, validate, schema]
