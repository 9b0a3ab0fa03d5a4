"""``gscore report``: the self-contained HTML briefing report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scoring.cli._common import (
    lens_option,
    load_source,
    method_option,
    method_options_option,
    parse_method_options,
    progress_bar,
    shown,
    smaa_options,
    smaa_settings,
    source_argument,
    table_options,
)
from scoring.cli._output import output_options

__all__ = ["COMMANDS", "report"]


@click.command()
@source_argument
@table_options
@lens_option
@method_option
@method_options_option
@smaa_options
@output_options(
    "The .html file to write.",
    required=True,
    terminal=False,
    timestamp="Fix the provenance timestamp (with --seed: a byte-identical report).",
)
def report(
    source: str | None,
    lens: str | None,
    method: str,
    method_options: tuple[str, ...],
    samples: int,
    seed: int,
    weight_mode: str,
    concentration: float,
    distribution: str,
    out: Path,
    force: bool,
    timestamp: str | None,
) -> None:
    """Write a self-contained HTML briefing report on SOURCE.

    The question, the designs, the criteria with their evidence quotes, the ranking
    under every lens, robustness (SMAA-2 rank acceptability, crossover weights,
    tornado), the assumptions and the provenance, with charts embedded as SVG.
    The numbers are those of `gscore analyze` with the same options.
    The file fetches nothing from the network and prints cleanly.

    \b
    Examples:
      gscore report --out briefing.html
      gscore report my-set.yaml --lens kyiv --samples 20000 --out kyiv.html
    """
    from scoring.io.atomic import check_output
    from scoring.report import write_report

    if out.suffix.lower() not in (".html", ".htm"):
        raise click.UsageError(f"--out {out.name}: expected a .html name")
    check_output(out, inputs=(source,) if source else (), force=force)
    settings = smaa_settings(samples, seed, weight_mode, concentration, distribution)
    scenario = load_source(source)
    chosen = scenario.lens(lens).id
    with progress_bar(sys.stderr.isatty(), samples) as progress:
        write_report(
            scenario,
            out,
            chosen,
            method=method,
            settings=settings,
            timestamp=timestamp,
            progress=progress,
            force=force,
            options=parse_method_options(method_options),
        )
    click.echo(f"wrote {shown(out)} (report, lens {chosen}, {samples:,} SMAA draws, seed {seed})", err=True)


COMMANDS = [report]
