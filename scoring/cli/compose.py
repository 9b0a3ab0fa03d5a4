"""``gscore compose``: every feasible combination of a set's components, ranked."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scoring._text import fixed
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
)
from scoring.cli._output import output_options
from scoring.cli._tables import plain_table, verdict_text

if TYPE_CHECKING:
    from scoring.analysis.compose import Composition

__all__ = ["COMMANDS", "compose", "write_export"]

_OUT_FORMATS = {".xlsx": "xlsx", ".json": "json"}
#: Terminal tables fit in 80 columns: long combinations wrap within this width.
_NAME_WIDTH = 34
#: Rows of the Pareto front shown in the terminal (JSON and XLSX carry all of it).
_FRONT_ROWS = 10


@click.command()
@source_argument
@lens_option
@method_option
@method_options_option
@click.option(
    "--top", "-t", type=click.IntRange(min=1), default=5, show_default=True, help="Combinations shown per lens."
)
@smaa_options
@click.option("--no-smaa", is_flag=True, help="Skip SMAA over the combinations.")
@output_options("Write .xlsx (every table + Provenance sheet) or .json (everything).")
def compose(
    source: str | None,
    lens: str | None,
    method: str,
    method_options: tuple[str, ...],
    top: int,
    samples: int,
    seed: int,
    weight_mode: str,
    concentration: float,
    distribution: str,
    no_smaa: bool,
    out: Path | None,
    force: bool,
    fmt: str,
    timestamp: str | None,
) -> None:
    """Rank every feasible combination of the components of SOURCE.

    For each lens (or only --lens): the best --top combinations with their score ranges; for
    the lens (default: the set's default lens) the Pareto front over the value tree's
    branches, the marginal value of adding or removing each component to the best, and
    SMAA over the combinations (component judgments drawn within their ranges).

    \b
    Examples:
      gscore compose                          the article's building blocks, every lens
      gscore compose --lens kyiv --top 3
      gscore compose --method topsis --no-smaa
      gscore compose --out combinations.xlsx
    """
    from scoring.analysis.compose import composition
    from scoring.io.atomic import check_output

    if out is not None:
        if out.suffix.lower() not in _OUT_FORMATS:
            raise click.UsageError(f"--out {out.name}: expected a .xlsx or .json name")
        check_output(out, inputs=(source,) if source else (), force=force)
    scenario = load_source(source)
    settings = None if no_smaa else smaa_settings(samples, seed, weight_mode, concentration, distribution)
    with progress_bar(fmt == "table" and settings is not None and sys.stderr.isatty(), samples) as progress:
        found = composition(
            scenario,
            lens=lens,
            method=method,
            top=top,
            smaa=settings,
            progress=progress,
            timestamp=timestamp,
            **parse_method_options(method_options),
        )
    if out is not None:
        write_export(found, out)
        click.echo(f"wrote {out} ({found.composed.count:,} combinations, method {found.method})", err=True)
    if fmt == "json":
        click.echo(json.dumps(found.document(), indent=2, ensure_ascii=False))
    elif out is None:
        _print(found, lens)


def write_export(found: Composition, out: Path) -> None:
    """Write ``found`` to ``out`` (.xlsx or .json), atomically."""
    from scoring.io.atomic import write_text
    from scoring.io.export import write_xlsx_tables

    if out.suffix.lower() == ".json":
        write_text(out, json.dumps(found.document(), indent=2, ensure_ascii=False) + "\n")
    else:
        write_xlsx_tables(out, found.tables(), found.provenance, heatmap={"SMAA": ["best"]}, number_format="0.00")


def _wrapped(text: str) -> str:
    return "\n".join(textwrap.wrap(text, 80))


def _print(found: Composition, lens: str | None) -> None:
    out = console()
    scenario = found.composed.scenario
    assert scenario.composition is not None
    ids = found.composed.spec.component_ids
    rules = "; ".join(
        f"{c.kind.replace('_', ' ')}: {' '.join(c.components) if c.kind != 'at_most' else c.limit}"
        for c in scenario.composition.constraints
    )
    head = f"{found.composed.count:,} feasible combinations of {len(ids)} components ({', '.join(ids)})"
    out.print(_wrapped(head + (f"; constraints: {rules}" if rules else "")), markup=False, highlight=False)
    if found.verdict is not None:
        out.print(verdict_text(found.verdict))
        out.print()
    digits = 1
    for name, lc in found.lenses.items():
        table = plain_table(f"Best combinations, lens {name} ({found.method})")
        table.add_column("rank", justify="right")
        table.add_column("combination", max_width=_NAME_WIDTH + 10)
        table.add_column("score", justify="right")
        table.add_column("range", justify="right")
        for rank, combination, score, low, high in lc.top[["rank", "combination", "score", "low", "high"]].itertuples(
            index=False, name=None
        ):
            shown = "-" if low is None else f"{fixed(low, digits)}-{fixed(high, digits)}"
            table.add_row(str(rank), str(combination), fixed(score, digits), shown)
        out.print(table)
    focus = found.lenses[scenario.lens(lens).id]
    _print_front(focus.pareto, focus.lens)
    _print_marginal(focus)
    if found.smaa is not None:
        frame = found.smaa.to_frame().head(len(focus.top))
        top = found.smaa.acceptability.shape[1]
        smaa = plain_table(
            f"SMAA over the combinations, lens {found.smaa.lens} ({found.smaa.settings.samples:,} draws, "
            f"seed {found.smaa.settings.seed})",
            "best: share of draws in which it is best; top: in the top ranks",
        )
        smaa.add_column("combination", max_width=_NAME_WIDTH + 10)
        smaa.add_column("best", justify="right")
        smaa.add_column(f"top {top}", justify="right")
        for combination, best, in_top in frame[["combination", "best", f"top_{top}"]].itertuples(
            index=False, name=None
        ):
            smaa.add_row(str(combination), f"{best:.1%}", f"{in_top:.1%}")
        out.print(smaa)


def _print_front(pareto: Any, lens: str) -> None:

    branches = [c for c in pareto.columns if c not in ("rank", "combination", "score")]
    table = plain_table(
        f"Pareto front over the value-tree branches, lens {lens} ({len(pareto)} combinations)",
        "branch: the branch's own 0-100 score; no combination beats another on every branch",
    )
    table.add_column("combination", max_width=_NAME_WIDTH - 8)
    table.add_column("score", justify="right")
    for branch in branches:
        table.add_column((str(branch).split() or ["-"])[0][:8], justify="right")
    for row in pareto.head(_FRONT_ROWS).itertuples(index=False):
        table.add_row(row[1], f"{row[2]:.1f}", *(f"{v:.0f}" for v in row[3:]))
    console().print(table)
    if len(pareto) > _FRONT_ROWS:
        console().print(f"... and {len(pareto) - _FRONT_ROWS} more on the front (--format json or --out for all)")


def _print_marginal(focus: Any) -> None:

    frame = focus.marginal
    shown = list(dict.fromkeys(frame["combination"]))[:3]
    table = plain_table(
        f"Marginal value of each component, lens {focus.lens}",
        "score with the component minus without it: + in (what removing it costs) or + add "
        "(what adding it buys); n/a: infeasible",
    )
    table.add_column("component")
    for k in range(len(shown)):
        table.add_column(f"#{k + 1}", justify="right")
    for component in dict.fromkeys(frame["component"]):
        cells = []
        for combination in shown:
            row = frame[(frame["combination"] == combination) & (frame["component"] == component)].iloc[0]
            value = row["marginal"]
            cells.append("n/a" if value != value else f"{value:+.1f} {'in' if row['member'] else 'add'}")
        table.add_row(str(component), *cells)
    out = console()
    out.print(table)
    for k, combination in enumerate(shown):
        out.print(_wrapped(f"#{k + 1}: {combination}"), markup=False, highlight=False)


COMMANDS = [compose]
