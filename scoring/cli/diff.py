"""``gscore diff``: what changed between two versions of a source, and why the ranking moved."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from scoring._text import fixed
from scoring.cli._common import (
    console,
    lens_option,
    load_source,
    method_option,
    method_options_option,
    parse_method_options,
    shown,
    table_options,
)
from scoring.cli._tables import plain_table
from scoring.errors import OutputError

__all__ = ["COMMANDS", "diff"]

#: Terminal and Markdown tables list every design up to this many, else the TERMINAL_SHOWN largest moves.
TERMINAL_ROWS, TERMINAL_SHOWN = 100, 50


@click.command()
@click.argument("old")
@click.argument("new")
@table_options
@lens_option
@method_option
@method_options_option
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["table", "json", "md"]),
    default="table",
    show_default=True,
    help="Output format (json lists every change and every part).",
)
@click.option("--top", type=click.IntRange(min=1), default=3, show_default=True, help="Drivers named per design.")
@click.option(
    "--limit", type=click.IntRange(min=0), default=40, show_default=True, help="Changes listed in table/md output."
)
@click.option(
    "--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write the output (.json, .md)."
)
@click.option(
    "--changes-workbook",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="OUT.xlsx",
    help="Also write NEW as an analyst workbook whose Changes sheet lists the changes.",
)
@click.option("--force", is_flag=True, help="Replace existing output files.")
def diff(
    old: str,
    new: str,
    lens: str | None,
    method: str,
    method_options: tuple[str, ...],
    fmt: str,
    top: int,
    limit: int,
    out: Path | None,
    changes_workbook: Path | None,
    force: bool,
) -> None:
    """Compare OLD and NEW (any two sources): what changed, how each design moved, and why.

    Each design's change of score is attributed to the individual edits: with wsm exactly
    (the parts add up to the change; weight edits and score edits separated), with other
    methods one edit at a time (labelled so; the rest is interaction).

    \b
    Examples:
      gscore diff last-week.yaml this-week.xlsx
      gscore diff v1.yaml v2.yaml --lens kyiv --format md --out changes.md
      gscore diff v1.yaml v2.xlsx --changes-workbook v2-logged.xlsx
    """
    from scoring.analysis.diff import diff as compare
    from scoring.io.atomic import check_output, write_text

    if out is not None and out.suffix.lower() not in (".json", ".md"):
        raise click.UsageError(f"--out {out.name}: expected a .json or .md name")
    if changes_workbook is not None and changes_workbook.suffix.lower() != ".xlsx":
        raise click.UsageError(f"--changes-workbook {changes_workbook.name}: expected a .xlsx name")
    for target, argument in ((out, "out"), (changes_workbook, "changes_workbook")):
        if target is not None:
            try:
                check_output(target, inputs=(old, new), force=force)
            except OutputError as exc:
                raise exc.about(argument) from None
    before, after = load_source(old), load_source(new)
    found = compare(before, after, lens=lens, method=method, **parse_method_options(method_options))
    chosen = (out.suffix.lower().lstrip(".") if out is not None else None) or fmt
    if chosen == "table" and out is None:
        _print(found, top, limit)
    else:
        text = (
            json.dumps(found.to_dict(top), indent=2, ensure_ascii=False) + "\n"
            if chosen == "json"
            else _markdown(found, top, limit)
        )
        if out is None:
            click.echo(text, nl=False)
        else:
            write_text(out, text, force=force)
            click.echo(f"wrote {shown(out)}", err=True)
    if changes_workbook is not None:
        from scoring.io.tables import is_analyst_workbook

        own = new if Path(new).suffix.lower() == ".xlsx" and is_analyst_workbook(new) else None
        from scoring.workbook.changes import write_changes_workbook

        try:
            rows = write_changes_workbook(after, found, changes_workbook, workbook=own, force=force)
        except OutputError as exc:
            raise exc.about("changes_workbook") from None
        click.echo(f"wrote {shown(changes_workbook)} ({rows} rows on its Changes sheet)", err=True)


def _counts(found: Any) -> list[str]:
    lines = []
    for kind in ("criteria", "designs", "lenses"):
        added, removed = getattr(found, f"{kind}_added"), getattr(found, f"{kind}_removed")
        if added or removed:
            parts = ([f"added {', '.join(added)}"] if added else []) + (
                [f"removed {', '.join(removed)}"] if removed else []
            )
            lines.append(f"{kind}: " + "; ".join(parts))
    judged = found.judgments.get("design", [])
    cells = len(set(zip(judged, found.judgments.get("criterion", []), strict=True)))
    weights = sum(1 for c in found.changes if c.kind == "weight")
    lines.append(
        f"{_plural(len(judged), 'judgment field')} changed in {_plural(cells, 'judgment')}; "
        f"{_plural(weights, 'lens weight')} changed"
    )
    return lines


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _heading(found: Any) -> str:
    return f"From {found.old_name or 'OLD'} to {found.new_name or 'NEW'} (lens {found.lens}, method {found.method})"


def _print(found: Any, top: int, limit: int) -> None:
    from rich.text import Text

    out = console()
    out.print(Text(f"{_heading(found)}", style="bold"))
    for line in _counts(found):
        out.print(f"  {line}")
    changes = found.change_table()
    if limit and not changes.empty:
        table = plain_table("What changed (old -> new)")
        for name in ("kind", "item", "field", "old", "new"):
            table.add_column(name, overflow="fold", ratio=2 if name in ("item", "old", "new") else 1)
        for row in changes.head(limit).itertuples(index=False):
            table.add_row(*(_cell(v) for v in row))
        out.print(table)
        if len(changes) > limit:
            out.print(f"  ... and {len(changes) - limit} more (--limit N, or --format json for all)")
    many = len(found.design_ids) > TERMINAL_ROWS
    moves = found.moves(top, TERMINAL_SHOWN if many else None)
    table = plain_table(f"How the designs moved (attribution: {found.attribution})")
    table.add_column("rank", justify="right", no_wrap=True)
    table.add_column("design", ratio=1, overflow="fold")
    for name in ("old", "new", "change"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("drivers", ratio=2, overflow="fold")
    digits = found.digits
    for row in moves.itertuples(index=False):
        rank = f"{row.old_rank} -> {row.new_rank}" if row.old_rank != row.new_rank else str(row.new_rank)
        table.add_row(
            rank,
            row.design,
            fixed(row.old_score, digits),
            fixed(row.new_score, digits),
            fixed(row.change, digits, sign=True),
            row.drivers,
        )
    out.print(table)
    if many:
        out.print(f"  the {TERMINAL_SHOWN} largest moves of {len(found.design_ids):,} designs (--format json for all)")
    sentences = found.rank_changes(top, TERMINAL_SHOWN if many else None)
    out.print(Text("Why the ranking moved", style="bold") if sentences else "No design changed rank.")
    for sentence in sentences:
        out.print(f"  - {sentence}")


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    text = "" if value is None else str(value)
    return text if len(text) <= 120 else text[:117] + "..."


def _markdown(found: Any, top: int, limit: int) -> str:
    from scoring.io.export import to_markdown

    many = len(found.design_ids) > TERMINAL_ROWS
    lines = [f"# {_heading(found)}", "", *(f"- {line}" for line in _counts(found)), ""]
    changes = found.change_table()
    if limit and not changes.empty:
        shown = changes.head(limit).map(_cell)
        lines += ["## What changed (old -> new)", "", to_markdown(shown)]
        if len(changes) > limit:
            lines += [f"... and {len(changes) - limit} more.", ""]
    lines += [
        "## How the designs moved",
        "",
        f"Attribution: {found.attribution}.",
        "",
        to_markdown(found.moves(top, TERMINAL_SHOWN if many else None), digits=found.digits),
    ]
    if many:
        lines += [
            f"The {TERMINAL_SHOWN} largest moves of {len(found.design_ids):,} designs (--format json for all).",
            "",
        ]
    sentences = found.rank_changes(top, TERMINAL_SHOWN if many else None)
    lines += ["## Why the ranking moved", "", *(f"- {s}" for s in sentences or ["No design changed rank."]), ""]
    return "\n".join(lines)


COMMANDS = [diff]
