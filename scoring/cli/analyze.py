"""``gscore analyze``: uncertainty (SMAA-2) and sensitivity of a scenario set."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scoring.cli._common import console, lens_option, load_source, method_option, source_argument

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COMMANDS", "analyze"]

_OUT_FORMATS = {".xlsx": "xlsx", ".json": "json", ".csv": "csv"}


@contextmanager
def _progress(enabled: bool, samples: int) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr (only for a terminal), as an SMAA progress callback."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("SMAA {task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,}"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with bar:
        task = bar.add_task(f"{samples:,} draws", total=samples)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    def plain(value: Any) -> Any:
        if hasattr(value, "item"):
            value = value.item()
        if isinstance(value, float) and not math.isfinite(value):
            return None
        return value

    return [{str(k): plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


@click.command()
@source_argument
@click.option(
    "--samples", "-n", type=click.IntRange(min=1), default=10_000, show_default=True, help="SMAA Monte Carlo draws."
)
@click.option(
    "--seed", type=click.IntRange(min=0), default=1, show_default=True, help="Random seed (same seed, same answer)."
)
@method_option
@lens_option
@click.option(
    "--weights",
    "weights_mode",
    type=click.Choice(["uniform", "lens"]),
    default="lens",
    show_default=True,
    help="SMAA weights: Dirichlet around the lens's weights (default), or uniform on the simplex (no preferences).",
)
@click.option(
    "--concentration",
    type=click.FloatRange(min=0, min_open=True),
    default=100.0,
    show_default=True,
    help="With --weights lens: Dirichlet concentration (higher = closer to the lens).",
)
@click.option(
    "--distribution",
    type=click.Choice(["triangular", "pert", "none"]),
    default="triangular",
    show_default=True,
    help="How scores vary within their low-high ranges (none: scores fixed).",
)
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
    method: str,
    lens: str | None,
    weights_mode: str,
    concentration: float,
    distribution: str,
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
    from scoring.analysis.lenses import compare_lenses, disagreement
    from scoring.analysis.sensitivity import sensitivity_scenario
    from scoring.analysis.smaa import smaa_scenario
    from scoring.analysis.tornado import tornado
    from scoring.io.atomic import check_output
    from scoring.methods import get_method
    from scoring.provenance import provenance

    out_format = None
    if out is not None:
        out_format = _OUT_FORMATS.get(out.suffix.lower())
        if out_format is None:
            raise click.UsageError(f"--out {out.name}: expected a .xlsx, .json or .csv name")
        check_output(out, inputs=(source,) if source else (), force=force)
        if out_format == "csv":
            from scoring.io.export import sidecar_for

            check_output(sidecar_for(out), inputs=(source,) if source else (), force=force)
    spec = get_method(method)
    scenario = load_source(source)
    chosen_lens = scenario.lens(lens).id
    show_bar = fmt == "table" and sys.stderr.isatty()
    with _progress(show_bar, samples) as progress:
        result = smaa_scenario(
            scenario,
            chosen_lens,
            weights="lens" if weights_mode == "lens" else "uniform",
            concentration=concentration,
            samples=samples,
            seed=seed,
            method=spec.name,
            distribution=None if distribution == "none" else distribution,  # type: ignore[arg-type]
            progress=progress,
        )
    acceptability = result.table()
    crossovers = sensitivity_scenario(scenario, chosen_lens, spec.name).table
    swings = tornado(scenario, chosen_lens)
    lenses = compare_lenses(scenario, spec.name)
    others = lenses.correlations[
        (lenses.correlations.lens_a == chosen_lens) | (lenses.correlations.lens_b == chosen_lens)
    ]
    drivers = None
    if len(others):
        row = others.sort_values("spearman", kind="stable").iloc[0]
        rival = row.lens_b if row.lens_a == chosen_lens else row.lens_a
        drivers = disagreement(scenario, chosen_lens, str(rival))
    record = provenance(
        input_name=scenario.origin,
        input_sha256=scenario.origin_sha256,
        method=spec.name,
        method_options={"bounds": [0.0, 100.0]} if spec.name == "wsm" else {},
        lens=chosen_lens,
        criteria=scenario.criterion_ids,
        weights=scenario.weights(chosen_lens),
        timestamp=timestamp,
        seed=seed,
        samples=samples,
        smaa_weights=result.weights_mode,
        concentration=concentration if weights_mode == "lens" else None,
        distribution=result.distribution,
        chunk_size=result.chunk_size,
        tornado_method="wsm",
    )
    document = {
        "provenance": record,
        "lens": chosen_lens,
        "method": spec.name,
        "samples": samples,
        "seed": seed,
        "acceptability": _records(acceptability),
        "crossovers": _records(crossovers),
        "tornado": _records(swings),
        "lens_ranks": _records(lenses.table()),
        "lens_correlations": _records(lenses.correlations),
        "disagreement": None if drivers is None else {**drivers.attrs, "criteria": _records(drivers)},
    }
    if out is not None:
        _write(out, str(out_format), document, acceptability, crossovers, swings, lenses, drivers, record)
        click.echo(
            f"wrote {out} ({out_format}, {samples:,} draws, seed {seed}, lens {chosen_lens}, method {spec.name})",
            err=True,
        )
    if fmt == "json":
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    elif out is None:
        _print(scenario, result, acceptability, crossovers, swings, lenses, drivers)


def _write(
    out: Path,
    out_format: str,
    document: dict[str, Any],
    acceptability: pd.DataFrame,
    crossovers: pd.DataFrame,
    swings: pd.DataFrame,
    lenses: Any,
    drivers: pd.DataFrame | None,
    record: dict[str, Any],
) -> None:
    from scoring.io.atomic import write_text
    from scoring.io.export import write_csv_with_provenance, write_xlsx_tables

    if out_format == "json":
        write_text(out, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    elif out_format == "csv":
        write_csv_with_provenance(out, acceptability, record)
    else:
        sheets = {
            "Acceptability": acceptability,
            "Crossovers": crossovers,
            "Tornado": swings,
            "Lens ranks": lenses.table(),
            "Lens correlations": lenses.correlations,
        }
        if drivers is not None:
            sheets["Disagreement"] = drivers
        b_columns = [c for c in acceptability.columns if c.startswith("b")]
        write_xlsx_tables(out, sheets, record, heatmap={"Acceptability": b_columns}, number_format="0.000")


def _print(
    scenario: Any,
    result: Any,
    acceptability: pd.DataFrame,
    crossovers: pd.DataFrame,
    swings: pd.DataFrame,
    lenses: Any,
    drivers: pd.DataFrame | None,
) -> None:
    from rich.table import Table

    out = console()
    n = len(result.design_ids)
    table = Table(
        title=f"Rank acceptability (SMAA-2, {result.method}, {result.weights_mode} weights, "
        f"scores {result.distribution or 'fixed'}; {result.samples:,} draws, seed {result.seed})",
        caption="b_r: share of draws ranked r; confidence: P(best) at the design's central weights",
        header_style="bold",
    )
    table.add_column("design")
    for r in range(n):
        table.add_column(f"b{r + 1}", justify="right")
    table.add_column("confidence", justify="right")
    for row in acceptability.itertuples(index=False):
        cells = [f"{getattr(row, f'b{r + 1}'):.1%}" for r in range(n)]
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
    out.print(f"best at the current weights: [bold]{crossovers['best'].iloc[0]}[/bold]")

    swing = Table(
        title="Tornado: largest swings of the additive total (one score low -> high, others at base)",
        header_style="bold",
    )
    for name in ("design", "criterion", "at low level", "at high level", "swing"):
        swing.add_column(name, justify="right" if name[0] in "as" and name != "design" else "left")
    for row in swings.head(10).itertuples(index=False):
        swing.add_row(
            str(row.design),
            str(row.criterion),
            f"{row.total_at_low_level:.1f}",
            f"{row.total_at_high_level:.1f}",
            f"{row.swing:.1f}",
        )
    out.print(swing)

    corr = Table(title="Lens comparison: rank correlations", header_style="bold")
    for name in ("lens a", "lens b", "Spearman", "Kendall tau-b", "WS", "same best"):
        corr.add_column(name, justify="right" if name not in ("lens a", "lens b") else "left")
    for row in lenses.correlations.itertuples(index=False):
        corr.add_row(
            row.lens_a,
            row.lens_b,
            f"{row.spearman:.2f}",
            f"{row.kendall_tau_b:.2f}",
            f"{row.ws:.2f}",
            "yes" if row.same_best else "no",
        )
    out.print(corr)
    if drivers is not None:
        a, b = drivers.attrs["lens_a"], drivers.attrs["lens_b"]
        top = ", ".join(f"{r.criterion} ({r.driver:+.1f})" for r in drivers.head(3).itertuples(index=False))
        out.print(f"{a} vs {b} (best {drivers.attrs['best_a']} vs {drivers.attrs['best_b']}): driven most by {top}")


COMMANDS = [analyze]
