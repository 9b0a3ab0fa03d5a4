"""``gscore convert``: a source in another form (scenario file, analyst workbook, plain table)."""

from __future__ import annotations

from pathlib import Path

import click

from scoring.cli._common import lens_option, load_source, shown, table_options
from scoring.cli._output import output_options

__all__ = ["COMMANDS", "convert"]


@click.command()
@click.argument("source")
@table_options
@lens_option
@output_options(
    "The file to write: .yaml/.yml/.json (scenario file), .xlsx (analyst workbook), .csv (plain table).",
    required=True,
    terminal=False,
    timestamp=None,
)
def convert(source: str, lens: str | None, out: Path, force: bool) -> None:
    """Write SOURCE in another form: scenario file, analyst workbook or plain table.

    Scenario file <-> analyst workbook is lossless: every score, range, confidence tag,
    assumption flag, rationale, evidence quote, lens and branch comes back as it was.
    A plain table (.csv) keeps the base levels and one lens's points (--lens).

    \b
    Examples:
      gscore convert edited.xlsx --out edited.yaml       the workbook's judgments as a scenario file
      gscore convert my-set.yaml --out my-set.xlsx       a scenario file as the analyst workbook
      gscore convert table.csv --cost price --out set.yaml
      gscore convert my-set.yaml --lens kyiv --out kyiv.csv
    """
    from scoring.io.atomic import check_output
    from scoring.spec.convert import OUTPUT_FORMATS, save

    if out.suffix.lower() not in OUTPUT_FORMATS:
        raise click.UsageError(f"--out {out.name}: expected a .yaml, .yml, .json, .xlsx or .csv name")
    if lens is not None and out.suffix.lower() != ".csv":
        raise click.UsageError("--lens picks the lens of a plain table (.csv); a scenario file or workbook keeps all")
    check_output(out, inputs=(source,), force=force)
    scenario = load_source(source)
    notes = save(scenario, out, lens=lens, force=force)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    from scoring._text import plural

    lenses = 1 if out.suffix.lower() == ".csv" else len(scenario.lenses)  # a plain table holds one lens
    counts = ", ".join(
        (
            plural(len(scenario.designs), "design"),
            plural(len(scenario.criteria), "criterion", "criteria"),
            plural(lenses, "lens", "lenses"),
        )
    )
    click.echo(f"wrote {shown(out)} ({OUTPUT_FORMATS[out.suffix.lower()]}: {counts})", err=True)


COMMANDS = [convert]
