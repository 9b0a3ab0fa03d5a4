"""``gscore``: score security-guarantee designs from the command line.

Every command takes an optional SOURCE (a scenario file .yaml/.yml/.json, an analyst
workbook .xlsx or a plain table .csv/.xlsx; none means the built-in article set). Exit status: 0 on
success, 1 for bad input (one line per problem, naming where), 2 for bad usage.
"""

from __future__ import annotations

import click

from scoring.cli._common import GscoreGroup, handle_signals
from scoring.errors import ScoringError
from scoring.provenance import package_version

__all__ = ["cli", "main"]


@click.group(cls=GscoreGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--debug", is_flag=True, help="Show full tracebacks for errors.")
@click.version_option(package_version(), "-V", "--version", prog_name="gscore")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Score candidate security-guarantee designs for Ukraine.

    \b
    Quick tour:
      gscore score                      rank the built-in article designs (balanced lens)
      gscore score --lens kyiv -f json  the same under Kyiv's priorities, as JSON
      gscore criteria                   criteria with the article quotes they rest on
      gscore judgments -g assumption    the judgments the article does not support
      gscore analyze                    how robust is the ranking (SMAA, crossover weights)
      gscore compose                    every combination of the building blocks, ranked
      gscore discover DESIGN            when DESIGN wins (PRIM boxes over SMAA draws)
      gscore report --out brief.html    a self-contained briefing page with charts
      gscore template --out book.xlsx   the analyst workbook (native formulas, no Python)
      gscore excel-lite --out gs-lite   the worksheet functions as an xlwings Lite folder
      gscore weights swing.yaml         weights from swing points, ranks or an AHP matrix
      gscore validate my-set.yaml       check a scenario file, listing every problem
      gscore score table.csv            a plain designs x criteria table, scored at once
      gscore convert book.xlsx -o s.yaml  the workbook's judgments as a scenario file
      gscore diff old.yaml new.xlsx     what changed, and exactly why each design moved
      gscore combine a.yaml b.yaml      several analysts' judgments in one set (-o to save)

    SOURCE (optional on most commands): a .yaml/.json scenario file, an .xlsx analyst
    workbook, or a plain designs x criteria table (.csv, or an .xlsx without the workbook's
    names); without it, the built-in article set. Exit status: 1 bad input, 2 bad usage.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _register() -> None:
    """Add the commands that live in their own modules."""
    from scoring.cli import (
        analyze,
        combine,
        compose,
        convert,
        diff,
        discover,
        listing,
        lite,
        report,
        score,
        weights,
        workbook,
    )

    commands = (score, listing, analyze, workbook, report, weights, lite, convert, diff, combine, compose, discover)
    for module in commands:
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    """Console-script entry point.

    Output that cannot be written (a full disk behind ``>``, a closed pipe) ends the run with one
    line and status 1 (a closed pipe, as ``gscore score | head`` closes it, quietly), never a
    traceback; ``--debug`` shows it. SIGTERM and SIGHUP end it like Ctrl-C (:func:`handle_signals`).
    """
    handle_signals()
    try:
        cli.main(prog_name="gscore", standalone_mode=True)
    except ScoringError as exc:  # raised outside a command (should not happen) - still one line
        click.echo(f"gscore: error: {exc}", err=True)
        raise SystemExit(1) from None
    except OSError as exc:
        _output_failed(exc)


def _output_failed(exc: OSError) -> None:
    import contextlib
    import errno
    import os
    import sys

    if "--debug" in sys.argv:
        raise exc
    with contextlib.suppress(OSError):  # nothing more reaches stdout: /dev/null, so the exit flush cannot fail
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if exc.errno != errno.EPIPE:
        reason = exc.strerror or type(exc).__name__
        sys.stderr.write(f"gscore: error: could not write the output: {reason}\n")
    raise SystemExit(1) from None
