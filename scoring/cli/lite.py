"""``gscore excel-lite``: write the xlwings Lite folder (registered by :mod:`scoring.cli`)."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["COMMANDS", "excel_lite"]


@click.command("excel-lite")
@click.option(
    "--out",
    "-o",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write (created if missing).",
)
@click.option("--force", is_flag=True, help="Replace files already in --out.")
def excel_lite(out: Path, force: bool) -> None:
    """Write the worksheet functions as a folder for xlwings Lite (Excel without a local Python).

    \b
    The folder holds:
      main.py           paste into Lite's main.py tab (the package is embedded in it)
      requirements.txt  paste into Lite's requirements.txt tab (xlwings, numpy, pandas,
                        pydantic, pyyaml: nothing else)
      *.whl             the same package as a wheel, to host (with CORS) instead
      README.txt        the steps
    Then restart xlwings Lite and type =GS_VERSION() in a cell.

    \b
    Example:
      gscore excel-lite --out gs-lite
    """
    from scoring.excel._lite import write_lite_folder

    for path in write_lite_folder(out, force=force).values():
        click.echo(f"wrote {path} ({path.stat().st_size} bytes)", err=True)
    click.echo(f"next: paste requirements.txt and main.py from {out} into xlwings Lite; see README.txt", err=True)


COMMANDS = [excel_lite]
