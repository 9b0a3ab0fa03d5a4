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
    shown,
    smaa_options,
    smaa_settings,
    source_argument,
    table_options,
)
from scoring.cli._output import output_options

if TYPE_CHECKING:
    from scoring.analysis.bundle import Analysis

__all__ = ["COMMANDS", "analyze"]

_OUT_FORMATS = {".xlsx": "xlsx", ".json": "json", ".csv": "csv"}


@click.command()
@source_argument
@table_options
@smaa_options
@method_option
@method_options_option
@lens_option
@output_options(
    "Write .xlsx (every table + Provenance sheet), .json (everything) or .csv (the acceptability table only)."
)
def analyze(
    source: str | None,
    samples: int,
    seed: int,
    weight_mode: str,
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
      gscore analyze --weight-draws uniform       no preference information at all
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
    settings = smaa_settings(samples, seed, weight_mode, concentration, distribution)
    scenario = load_source(source)
    with progress_bar(fmt == "table" and sys.stderr.isatty(), samples) as progress:
        bundle = run_analysis(
            scenario,
            settings,
            lens=lens,
            method=method,
            progress=progress,
            timestamp=timestamp,
            options=parse_method_options(method_options),
        )
    document = bundle.document()
    if out is not None:
        _write(out, str(out_format), bundle, document, force=force)
        click.echo(
            f"wrote {shown(out)} ({out_format}, {samples:,} draws, seed {seed}, lens {bundle.problem.lens}, "
            f"method {bundle.problem.method.name})",
            err=True,
        )
    if fmt == "json":
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    elif out is None:
        _print(bundle)


def _write(out: Path, out_format: str, bundle: Analysis, document: dict[str, Any], *, force: bool) -> None:
    from scoring.io.atomic import write_text
    from scoring.io.export import write_csv_with_provenance, write_xlsx_tables

    acceptability = bundle.smaa.to_frame()
    if out_format == "json":
        write_text(out, json.dumps(document, indent=2, ensure_ascii=False) + "\n", force=force)
    elif out_format == "csv":
        write_csv_with_provenance(out, acceptability, bundle.provenance, force=force)
    else:
        rank_columns = [c for c in acceptability.columns if c.startswith("rank_")]
        write_xlsx_tables(
            out,
            bundle.tables(),
            bundle.provenance,
            heatmap={"Acceptability": rank_columns},
            number_format="0.000",
            force=force,
        )


def _print(bundle: Analysis) -> None:
    """The verdict, then each table with its legend (readable at 80 columns)."""
    from scoring._text import plural
    from scoring.cli._tables import (
        acceptability_table,
        crossover_table,
        lens_similarity_table,
        tornado_table,
        verdict_text,
    )

    out = console()
    designs, names, _ = bundle.problem.labels()
    by_id = dict(zip(designs, names, strict=True))
    out.print(verdict_text(bundle.verdict))
    out.print()
    if len(designs) < 2:
        out.print("(one design: nothing to compare it with, so there are no robustness tables)")
        return
    tables = [
        acceptability_table(bundle.smaa, by_id, width=out.width),
        crossover_table(bundle.sensitivity, by_id),
        tornado_table(bundle.tornado, by_id),
    ]
    if bundle.lenses is not None:
        tables.append(lens_similarity_table(bundle.lenses))
    for table in tables:
        out.print(table)
        out.print()
    drivers = bundle.disagreement
    if drivers is not None:
        a, b = drivers.attrs["lens_a"], drivers.attrs["lens_b"]
        top = ", ".join(f"{r.criterion} ({r.driver:+.1f})" for r in drivers.head(3).itertuples(index=False))
        best_a, best_b = (by_id[drivers.attrs[k]] for k in ("best_a", "best_b"))
        out.print(
            f"Why {a} and {b} disagree (best: {best_a} vs {best_b}): driven most by {top} (points of the "
            "two winners' margins, additive model)"
        )
    else:
        count = 0 if bundle.problem.scenario is None else len(bundle.problem.scenario.lenses)
        out.print(f"(lens comparison: the set has {plural(count, 'lens', 'lenses')}; it needs two)")


COMMANDS = [analyze]
