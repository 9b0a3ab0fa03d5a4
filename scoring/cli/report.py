"""``gscore report``: the self-contained HTML briefing report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scoring.cli._common import lens_option, load_source, source_argument

__all__ = ["COMMANDS", "report"]


@click.command()
@source_argument
@lens_option
@click.option("--samples", "-n", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="SMAA-2 Monte Carlo draws for the robustness section.")
@click.option("--seed", type=click.IntRange(min=0), default=1, show_default=True,
              help="Random seed (same seed, same report).")
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The .html file to write.")
@click.option("--force", is_flag=True, help="Replace --out if it already exists.")
@click.option("--timestamp", default=None, metavar="ISO",
              help="Fix the provenance timestamp (with --seed: a byte-identical report).")
def report(source: str | None, lens: str | None, samples: int, seed: int, out: Path, force: bool,
           timestamp: str | None) -> None:
    """Write a self-contained HTML briefing report on SOURCE.

    The question, the designs, the criteria with their evidence quotes, the ranking
    under every lens, robustness (SMAA-2 rank acceptability, crossover weights,
    tornado), the assumptions and the provenance, with charts embedded as SVG.
    The file fetches nothing from the network and prints cleanly.

    \b
    Examples:
      gscore report --out briefing.html
      gscore report my-set.yaml --lens kyiv --samples 20000 --out kyiv.html
    """
    from scoring.cli.analyze import _progress
    from scoring.io.atomic import check_output
    from scoring.report import write_report

    if out.suffix.lower() not in (".html", ".htm"):
        raise click.UsageError(f"--out {out.name}: expected a .html name")
    check_output(out, inputs=(source,) if source else (), force=force)
    scenario = load_source(source)
    chosen = scenario.lens(lens).id
    with _progress(sys.stderr.isatty(), samples) as progress:
        write_report(scenario, out, chosen, samples=samples, seed=seed, timestamp=timestamp, progress=progress)
    click.echo(f"wrote {out} (report, lens {chosen}, {samples:,} SMAA draws, seed {seed})", err=True)


COMMANDS = [report]
