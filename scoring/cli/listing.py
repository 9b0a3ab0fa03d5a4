"""The listing commands: ``criteria``, ``designs``, ``lenses``, ``judgments``, and ``validate`` and ``schema``."""

from __future__ import annotations

import json

import click
from rich import box
from rich.text import Text

from scoring.cli._common import (
    console,
    lens_option,
    listing_format_option,
    load_source,
    shown,
    source_argument,
    table_options,
)
from scoring.cli._tables import plain_table
from scoring.errors import UnknownNameError
from scoring.model import GROUNDING_LEVELS, Criterion, Design, Score

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

    source_words = "source quote" if scenario.source.title or scenario.source.file else "quote"
    table = plain_table(
        f"Criteria (weights: lens {scenario.lens(lens).id})",
        "dir: + benefit (more is better), − cost (the level of a bad thing, valued 100 minus the level)",
        lines=True,
    )
    widest_id = max((len(c.id) for c in scenario.criteria), default=2)
    for name, kwargs in (
        ("id", {"min_width": min(widest_id, 28), "overflow": "fold"}),  # ids whole (folded past 28), never cut
        ("branch", {}),
        ("dir", {}),
        ("weight", {"justify": "right"}),
        (f"evidence ({source_words})", {"ratio": 1}),
    ):
        table.add_column(name, **kwargs)
    for c, w in zip(scenario.criteria, weights, strict=True):
        quotes = "\n".join(f"“{e.quote}”" for e in c.evidence) or "-"
        label = Text(c.id)
        label.append("\n" + c.name, style="dim")
        direction = "+" if c.direction == "benefit" else "− cost"
        table.add_row(label, Text(c.branch), Text(direction), Text(f"{w:.1%}"), Text(quotes))
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

    table = plain_table("Designs", lines=True)
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

    table = Table(
        title=Text("Lenses: weights normalised to 100%", style="bold"),
        caption=Text("* the default lens (used when --lens is not given)"),
        caption_justify="left",
        title_justify="left",
        header_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("criterion", ratio=1, min_width=12)
    for lens in scenario.lenses:
        marked = lens.id.replace("_", " ") + (" *" if lens.id == scenario.default_lens else "")
        widest = max(len(word) for word in marked.split())
        table.add_column(Text(marked), justify="right", min_width=max(4, widest), max_width=max(10, widest))
    matrix = [scenario.weights(lens) for lens in scenario.lenses]
    for j, criterion in enumerate(scenario.criteria):
        table.add_row(Text(criterion.name), *(Text(f"{w[j]:.0%}") for w in matrix))
    out = console()
    out.print(table)
    for lens in scenario.lenses:
        line = Text(lens.id, style="bold")
        line.append(f": {lens.description}")
        out.print(line)


def _known(given: tuple[str, ...], known: tuple[str, ...], what: str) -> None:
    unknown = [ident for ident in given if ident not in known]
    if unknown:
        raise UnknownNameError.at(f"--{what}", f"unknown {what} {unknown[0]!r}; expected one of: {', '.join(known)}")


@click.command()
@source_argument
@table_options
@click.option("--design", "-d", "design_ids", multiple=True, metavar="ID", help="Only this design (repeatable).")
@click.option(
    "--criterion", "-c", "criterion_ids", multiple=True, metavar="ID", help="Only this criterion (repeatable)."
)
@click.option(
    "--grounding",
    "-g",
    "levels",
    multiple=True,
    type=click.Choice([*GROUNDING_LEVELS, "unrecorded"], case_sensitive=False),
    help="Only judgments with this grounding (repeatable).",
)
@listing_format_option
def judgments(
    source: str | None, design_ids: tuple[str, ...], criterion_ids: tuple[str, ...], levels: tuple[str, ...], fmt: str
) -> None:
    """List the judgments of SOURCE: each design's score on each criterion, with its range,
    confidence, grounding (quoted, inferred or assumption) and rationale.

    \b
    Grounding: quoted   the source says it and the rationale quotes it
               inferred drawn from the source; the comparison or size is the analyst's
               assumption the source is silent
    """
    scenario = load_source(source)
    _known(design_ids, scenario.design_ids, "design")
    _known(criterion_ids, scenario.criterion_ids, "criterion")
    rows = [
        (design, criterion, judged)
        for design, criterion, judged in scenario.judgments()
        if (not design_ids or design.id in design_ids)
        and (not criterion_ids or criterion.id in criterion_ids)
        and (not levels or (judged.grounding or "unrecorded") in levels)
    ]
    counts = {
        level: sum((j.grounding or "unrecorded") == level for _, _, j in rows)
        for level in (*GROUNDING_LEVELS, "unrecorded")
    }
    if not counts["unrecorded"]:
        del counts["unrecorded"]  # as before grounding levels existed: only the three levels
    if fmt == "json":
        items = [
            {
                "design": design.id,
                "criterion": criterion.id,
                "direction": criterion.direction,
                "base": judged.base,
                "low": judged.low,
                "high": judged.high,
                "confidence": judged.confidence,
                "grounding": judged.grounding,
                "rationale": judged.rationale,
            }
            for design, criterion, judged in rows
        ]
        click.echo(json.dumps({"grounding_counts": counts, "judgments": items}, indent=2, ensure_ascii=False))
        return
    _print_judgments(rows, f"Judgments ({len(rows)}: {', '.join(f'{n} {level}' for level, n in counts.items())})")


#: Below this terminal width the judgments are listed one block each (a table would squeeze the
#: ids and the rationale into a few characters per line).
WIDE_JUDGMENTS = 120


def _print_judgments(rows: list[tuple[Design, Criterion, Score]], title: str) -> None:
    """A table on a wide terminal; on a narrow one, per judgment a line of figures and the rationale under it."""
    import textwrap

    out = console()
    cells = [
        (
            design.id,
            criterion.id + (" (cost)" if criterion.direction == "cost" else ""),
            f"{judged.base:g}",
            f"{judged.low:g}-{judged.high:g}",
            judged.confidence,
            judged.grounding or "-",
            judged.rationale,
        )
        for design, criterion, judged in rows
    ]
    if out.width < WIDE_JUDGMENTS:
        out.print(Text(title, style="bold"))
        for design, criterion, base, span, confidence, grounding, rationale in cells:
            out.print()
            out.print(Text(f"{design} / {criterion}", style="bold"))
            out.print(f"    base {base}, range {span}, confidence {confidence}, grounding {grounding}")
            indent = " " * 4
            out.print(
                Text(
                    textwrap.fill(
                        rationale,
                        max(out.width, 40),
                        initial_indent=indent,
                        subsequent_indent=indent,
                        break_on_hyphens=False,
                        break_long_words=False,
                    )
                )
            )
        return
    table = plain_table(title, lines=True)
    for name in ("design", "criterion", "base", "range", "confidence", "grounding", "rationale"):
        table.add_column(
            name, justify="right" if name in ("base", "range") else "left", ratio=1 if name == "rationale" else None
        )
    for row in cells:
        table.add_row(*row)
    out.print(table)


@click.command()
@click.argument("source")
@table_options
def validate(source: str) -> None:
    """Check SOURCE (scenario file or analyst workbook) and list every problem.

    Exit status 0 when valid, 1 with one line per problem otherwise.
    """
    scenario = load_source(source)
    from scoring._text import plural

    click.echo(
        f"OK: {shown(source)}: {plural(len(scenario.criteria), 'criterion', 'criteria')}, "
        f"{plural(len(scenario.designs), 'design')}, {plural(len(scenario.lenses), 'lens', 'lenses')} "
        f"(default {scenario.default_lens})"
    )
    counts = {level: n for level, n in scenario.grounding_counts().items() if n}
    click.echo("judgments by grounding: " + ", ".join(f"{n} {level}" for level, n in counts.items()))


@click.command()
def schema() -> None:
    """Print the JSON Schema of the scenario-set file format."""
    from scoring.spec import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


COMMANDS = [criteria, designs, lenses, judgments, validate, schema]
