"""``gscore discover``: the conditions under which a design wins (PRIM over SMAA draws)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scoring.cli._common import (
    console,
    lens_option,
    load_source,
    method_option,
    method_options_option,
    parse_method_options,
    smaa_options,
    smaa_settings,
)
from scoring.cli._output import output_options
from scoring.cli._tables import plain_table

if TYPE_CHECKING:
    from scoring.analysis.discover import Discovery

__all__ = ["COMMANDS", "discover"]

#: Trajectory rows shown in the terminal (every box in JSON and XLSX).
_TRAJECTORY_ROWS = 20


@click.command()
@click.argument("design")
@click.argument("source", required=False, metavar="[SOURCE]")
@lens_option
@method_option
@method_options_option
@smaa_options
@click.option("--top", "-t", type=click.IntRange(min=1), default=1, show_default=True, help="Win = rank <= TOP.")
@click.option(
    "--box", "-b", type=click.IntRange(min=0), default=None, help="Trajectory box to state (default: see --threshold)."
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1, min_open=True),
    default=0.8,
    show_default=True,
    help="Default box: the first on the trajectory whose density reaches this.",
)
@click.option(
    "--significance",
    type=click.FloatRange(0, 1, min_open=True),
    default=0.05,
    show_default=True,
    help="Keep a condition only if the draws it keeps out would be this unlikely at the box's density.",
)
@click.option(
    "--inputs",
    type=click.Choice(["design", "all", "weights"]),
    default="design",
    show_default=True,
    help="State conditions on the weights and DESIGN's own judgments, on every judgment too, or on weights only.",
)
@output_options("Write .xlsx or .json.")
def discover(
    design: str,
    source: str | None,
    lens: str | None,
    method: str,
    method_options: tuple[str, ...],
    samples: int,
    seed: int,
    weight_mode: str,
    concentration: float,
    distribution: str,
    top: int,
    box: int | None,
    threshold: float,
    significance: float,
    inputs: str,
    out: Path | None,
    force: bool,
    fmt: str,
    timestamp: str | None,
) -> None:
    """When is DESIGN best (or in the top --top)? PRIM boxes over SMAA draws of weights and judgments.

    Prints the peeling trajectory (coverage against density: larger boxes cover more of the
    draws where DESIGN wins, smaller ones are surer) and states one box in plain words; pick
    another with --box N.

    \b
    Examples:
      gscore discover hybrid_troops_air_pledge
      gscore discover intel_and_resources --lens washington --top 2
      gscore discover nato_membership --weight-draws uniform --box 12 --out when.xlsx
    """
    from scoring.analysis.discover import discover as run
    from scoring.io.atomic import check_output

    if out is not None:
        if out.suffix.lower() not in (".xlsx", ".json"):
            raise click.UsageError(f"--out {out.name}: expected a .xlsx or .json name")
        check_output(out, inputs=(source,) if source else (), force=force)
    settings = smaa_settings(samples, seed, weight_mode, concentration, distribution)
    found = run(
        load_source(source),
        design,
        settings,
        lens=lens,
        method=method,
        top=top,
        box=box,
        threshold=threshold,
        significance=significance,
        inputs=inputs,
        timestamp=timestamp,
        options=parse_method_options(method_options),
    )
    if out is not None:
        _write(found, out)
        click.echo(f"wrote {out} ({len(found.trajectory.boxes)} boxes, box {found.chosen} stated)", err=True)
    if fmt == "json":
        click.echo(json.dumps(found.document(), indent=2, ensure_ascii=False))
    elif out is None:
        _print(found)


def _write(found: Discovery, out: Path) -> None:
    from scoring.io.atomic import write_text
    from scoring.io.export import write_xlsx_tables

    if out.suffix.lower() == ".json":
        write_text(out, json.dumps(found.document(), indent=2, ensure_ascii=False) + "\n")
    else:
        write_xlsx_tables(out, found.tables(), found.provenance, number_format="0.000")


def _print(found: Discovery) -> None:

    out = console()
    if found.share == 0:  # never best: a trajectory of empty boxes says nothing
        out.print(textwrap.fill(found.statement, 80), markup=False, highlight=False)
        return
    boxes = found.trajectory_frame()
    step = max(1, -(-len(boxes) // _TRAJECTORY_ROWS))
    shown = sorted({*range(0, len(boxes), step), len(boxes) - 1, found.chosen})
    table = plain_table(
        f"Peeling trajectory ({len(boxes)} boxes{'' if step == 1 else f', 1 in {step} shown'})",
        "coverage: share of the wins inside the box; density: share of the box's draws that are wins",
    )
    for name in ("box", "coverage", "density", "mass", "conditions"):
        table.add_column(name, justify="right")
    for i in shown:
        row = boxes.iloc[i]
        mark = " <" if i == found.chosen else ""
        table.add_row(
            f"{i}{mark}", f"{row.coverage:.1%}", f"{row.density:.1%}", f"{row['mass']:.1%}", str(int(row.restricted))
        )
    out.print(table)
    out.print(f"Box {found.chosen} (pasted; conditions the draws do not support dropped):", markup=False)
    for condition in found.conditions:
        out.print(textwrap.fill(condition, 80, initial_indent="  - ", subsequent_indent="    "), markup=False)
    out.print(textwrap.fill(found.statement, 80), markup=False, highlight=False)


COMMANDS = [discover]
