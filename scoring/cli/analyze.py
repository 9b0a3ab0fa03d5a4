"""``gscore analyze``: uncertainty and sensitivity of a scenario set, from the one analysis bundle."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scoring.cli._common import (
    console,
    lens_option,
    load_source,
    method_option,
    method_options_option,
    parse_method_options,
    progress_bar,
    smaa_options,
    smaa_settings,
    source_argument,
    table_options_with,
)

if TYPE_CHECKING:
    from scoring.analysis.bundle import Analysis

__all__ = ["COMMANDS", "analyze"]

_OUT_FORMATS = {".xlsx": "xlsx", ".json": "json", ".csv": "csv"}


@click.command()
@source_argument
@table_options_with("--table-weights")
@smaa_options
@method_option
@method_options_option
@lens_option
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write .xlsx (every table + Provenance sheet), .json (everything) or .csv (the acceptability table only).",
)
@click.option("--force", is_flag=True, help="Replace --out if it already exists.")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Terminal output.",
)
@click.option("--timestamp", default=None, metavar="ISO", help="Fix the provenance timestamp.")
def analyze(
    source: str | None,
    samples: int,
    seed: int,
    weights_mode: str,
    concentration: float,
    distribution: str,
    method: str,
    method_options: tuple[str, ...],
    lens: str | None,
    out: Path | None,
    force: bool,
    fmt: str,
    timestamp: str | None,
) -> None:
    """Uncertainty and sensitivity: SMAA-2 acceptabilities, crossover weights, tornado, lenses.

    \b
    Examples:
      gscore analyze                              10,000 draws around the balanced lens, seed 1
      gscore analyze --lens kyiv                  weights around Kyiv's priorities
      gscore analyze --weights uniform            no preference information at all
      gscore analyze --samples 100000 --out analysis.xlsx
    """
    from scoring.analysis.bundle import analyze as run_analysis
    from scoring.io.atomic import check_output

    out_format = None
    if out is not None:
        out_format = _OUT_FORMATS.get(out.suffix.lower())
        if out_format is None:
            raise click.UsageError(f"--out {out.name}: expected a .xlsx, .json or .csv name")
        check_output(out, inputs=(source,) if source else (), force=force)
        if out_format == "csv":
            from scoring.io.export import sidecar_for

            check_output(sidecar_for(out), inputs=(source,) if source else (), force=force)
    settings = smaa_settings(samples, seed, weights_mode, concentration, distribution)
    scenario = load_source(source)
    with progress_bar(fmt == "table" and sys.stderr.isatty(), samples) as progress:
        bundle = run_analysis(
            scenario,
            settings,
            lens=lens,
            method=method,
            progress=progress,
            timestamp=timestamp,
            **_method_kwargs(method_options),
        )
    document = bundle.document()
    if out is not None:
        _write(out, str(out_format), bundle, document)
        click.echo(
            f"wrote {out} ({out_format}, {samples:,} draws, seed {seed}, lens {bundle.problem.lens}, "
            f"method {bundle.problem.method.name})",
            err=True,
        )
    if fmt == "json":
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    elif out is None:
        _print(bundle)


def _method_kwargs(items: tuple[str, ...]) -> dict[str, Any]:
    return parse_method_options(items)


def _write(out: Path, out_format: str, bundle: Analysis, document: dict[str, Any]) -> None:
    from scoring.io.atomic import write_text
    from scoring.io.export import write_csv_with_provenance, write_xlsx_tables

    acceptability = bundle.smaa.to_frame()
    if out_format == "json":
        write_text(out, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    elif out_format == "csv":
        write_csv_with_provenance(out, acceptability, bundle.provenance)
    else:
        rank_columns = [c for c in acceptability.columns if c.startswith("rank_")]
        write_xlsx_tables(
            out, bundle.tables(), bundle.provenance, heatmap={"Acceptability": rank_columns}, number_format="0.000"
        )


def _print(bundle: Analysis) -> None:
    from rich.table import Table

    out = console()
    out.print(f"Verdict ({bundle.verdict.level}): {bundle.verdict.text}", markup=False)
    for note in bundle.verdict.notes:
        out.print(note, markup=False)
    result = bundle.smaa
    acceptability = result.to_frame()
    crossovers = bundle.sensitivity.to_frame()
    n = len(result.design_ids)
    table = Table(
        title=f"Rank acceptability (SMAA-2, {result.method}, {result.sampler} weights, "
        f"scores {result.distribution or 'fixed'}; {result.samples:,} draws, seed {result.seed})",
        caption="rank r: share of draws in which the design took rank r; confidence: share of score draws in "
        "which it is best at its own central weights (not the chance of being best)",
        header_style="bold",
    )
    table.add_column("design")
    for r in range(n):
        table.add_column(f"rank {r + 1}", justify="right")
    table.add_column("confidence", justify="right")
    for row in acceptability.itertuples(index=False):
        cells = [f"{getattr(row, f'rank_{r + 1}'):.1%}" for r in range(n)]
        table.add_row(str(row.design), *cells, f"{row.confidence:.2f}")
    out.print(table)

    cross = Table(
        title="Weight intervals in which the current best stays best (others rescaled proportionally)",
        header_style="bold",
    )
    for name in ("criterion", "weight", "lower", "upper", "taken over below by", "taken over above by"):
        cross.add_column(name, justify="right" if name in ("weight", "lower", "upper") else "left")
    for row in crossovers.itertuples(index=False):
        cross.add_row(
            str(row.criterion),
            f"{row.weight:.3f}",
            f"{row.lower:.3f}",
            f"{row.upper:.3f}",
            str(row.below or "-"),
            str(row.above or "-"),
        )
    out.print(cross)
    out.print(f"best at the current weights: [bold]{bundle.sensitivity.best_id}[/bold]")

    digits = bundle.problem.digits
    swing = Table(
        title="Tornado: largest swings of the score (one judgment from one end of its range to the other)",
        header_style="bold",
    )
    for name in ("design", "criterion", "unfavourable", "favourable", "swing"):
        swing.add_column(name, justify="left" if name in ("design", "criterion") else "right")
    for row in bundle.tornado.to_frame().head(10).itertuples(index=False):
        swing.add_row(
            str(row.design),
            str(row.criterion),
            f"{row.at_unfavourable:.{digits}f}",
            f"{row.at_favourable:.{digits}f}",
            f"{row.swing:.{digits}f}",
        )
    out.print(swing)

    if bundle.lenses is not None:
        corr = Table(title="Lens comparison: rank correlations", header_style="bold")
        for name in ("lens a", "lens b", "Spearman", "Kendall tau-b", "WS", "same best"):
            corr.add_column(name, justify="right" if name not in ("lens a", "lens b") else "left")
        for row in bundle.lenses.correlations.itertuples(index=False):
            corr.add_row(
                str(row.lens_a),
                str(row.lens_b),
                f"{row.spearman:.2f}",
                f"{row.kendall_tau_b:.2f}",
                f"{row.ws:.2f}",
                "yes" if row.same_best else "no",
            )
        out.print(corr)
    drivers = bundle.disagreement
    if drivers is not None:
        a, b = drivers.attrs["lens_a"], drivers.attrs["lens_b"]
        top = ", ".join(f"{r.criterion} ({r.driver:+.1f})" for r in drivers.head(3).itertuples(index=False))
        out.print(f"{a} vs {b} (best {drivers.attrs['best_a']} vs {drivers.attrs['best_b']}): driven most by {top}")


COMMANDS = [analyze]
