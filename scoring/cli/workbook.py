"""``gscore template``: write the analyst workbook (registered by :mod:`scoring.cli`)."""

from __future__ import annotations

from pathlib import Path

import click

from scoring.cli._common import load_source, shown, source_argument, table_options

__all__ = ["COMMANDS", "template"]


@click.command()
@source_argument
@table_options
@click.option(
    "--out", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The .xlsx file to write."
)
@click.option("--force", is_flag=True, help="Replace --out if it already exists.")
def template(source: str | None, out: Path, force: bool) -> None:
    """Write the analyst workbook (.xlsx, native formulas, no macros) for SOURCE.

    \b
    Examples:
      gscore template --out my-workbook.xlsx
      gscore template my-set.yaml --out my-set.xlsx
    The committed template of the built-in set is regenerated with:
      gscore template --out templates/article-workbook.xlsx --force
    """
    from scoring.io.atomic import check_output
    from scoring.workbook.template import write_template

    if out.suffix.lower() != ".xlsx":
        raise click.UsageError(f"--out {out}: expected a .xlsx file name")
    check_output(out, inputs=(source,) if source else (), force=force)
    scenario = load_source(source)
    parts = ["gscore template", *([source] if source else []), "--out", str(out), *(["--force"] if force else [])]
    write_template(scenario, out, command=" ".join(parts), force=force)
    from scoring._text import plural

    counts = (
        plural(len(scenario.designs), "design"),
        plural(len(scenario.criteria), "criterion", "criteria"),
        plural(len(scenario.lenses), "lens", "lenses"),
    )
    click.echo(f"wrote {shown(out)} ({', '.join(counts)})", err=True)


COMMANDS = [template]
