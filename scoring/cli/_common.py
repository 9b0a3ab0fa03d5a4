"""Shared plumbing for the gscore commands: loading sources, output, errors, interruptions.

Data never becomes terminal markup: :func:`console` prints text literally (no rich markup,
no emoji codes, no links; rich drops control characters), and every error is one line
per problem with control characters escaped (:func:`one_line`), so a newline in a file
name cannot split or forge a message. SIGINT, SIGTERM and SIGHUP end a command the same
way: one line, exit status 128 + signal, and nothing written (outputs are atomic).
"""

from __future__ import annotations

import os
import signal
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from scoring.cli._source import (
    command_line_number,
    load_source,
    table_options,
)
from scoring.errors import OutputError, Problem, ScoringError, UnknownNameError
from scoring.io.files import shown

__all__ = [
    "GscoreGroup",
    "Interrupted",
    "command_line_number",
    "console",
    "handle_signals",
    "load_source",
    "one_line",
    "shown",
    "table_options",
]

_OPTION_NAMES = frozenset({"method", "lens"})

F = TypeVar("F", bound=Callable[..., Any])

TABLE_FORMATS = ("table", "csv", "json", "xlsx", "md")


class GscoreGroup(click.Group):
    """A click group that turns our errors into one line each and exit status 1.

    An unknown ``--method`` or ``--lens`` value is bad usage instead: click's usage
    message and exit status 2.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:  # Ctrl-C, and SIGTERM/SIGHUP through handle_signals
            number = exc.signal if isinstance(exc, Interrupted) else signal.SIGINT
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            click.echo(f"gscore: interrupted ({signal.Signals(number).name}); nothing was written", err=True)
            ctx.exit(128 + int(number))
        except click.UsageError as exc:  # a line break in a name (--out 'a\nb.csv') must not split the message
            raise click.UsageError(one_line(exc.format_message()), ctx=exc.ctx) from None
        except UnknownNameError as exc:
            where = exc.problems[0].where if exc.problems else ""
            if where in _OPTION_NAMES:  # a bad --method / --lens value is bad usage: exit 2 with the usage line
                raise click.BadParameter(one_line(exc.problems[0].message), param_hint=f"--{where}") from None
            self._fail(ctx, exc)
        except ScoringError as exc:
            self._fail(ctx, exc)

    def _fail(self, ctx: click.Context, exc: ScoringError) -> None:
        """Bad input: one line per problem on stderr (the traceback too with --debug), exit 1.

        The core names arguments as Python does (``sheet``, ``out``, ``force=True``); here they
        become the running command's flags (``--sheet``, ``--out``, ``--force``).
        """
        if ctx.obj and ctx.obj.get("debug"):
            traceback.print_exc()
        name = ctx.invoked_subcommand
        command = self.get_command(ctx, name) if name else None
        for line in _error_lines(exc, _flags(command)):
            click.echo(f"gscore: error: {line}", err=True)
        ctx.exit(1)


def _flags(command: click.Command | None) -> dict[str, str]:
    """Argument name -> flag for the options of ``command`` (``sheet`` -> ``--sheet``, ``format`` -> ``--format``)."""
    found: dict[str, str] = {}
    for param in command.params if command is not None else ():
        for opt in param.opts if isinstance(param, click.Option) else ():
            if opt.startswith("--"):
                found[opt[2:].replace("-", "_")] = opt
    return found


MAX_MESSAGE_CHARS = 1_000
MAX_PROBLEMS_SHOWN = 20


def one_line(text: str) -> str:
    """``text`` on one line: line breaks and other control characters escaped (as ``\\n``), at most
    :data:`MAX_MESSAGE_CHARS` characters."""
    line = shown(text)
    return line if len(line) <= MAX_MESSAGE_CHARS else line[: MAX_MESSAGE_CHARS - 3] + "..."


def _error_lines(exc: ScoringError, flags: Mapping[str, str] | None = None) -> list[str]:
    """The lines of an error; a problem located at an argument of the command (``flags``) names its flag."""
    flags = flags or {}
    if isinstance(exc, OutputError):
        return [one_line(exc.render(command_line=True))]
    problems = [Problem(flags.get(p.where, p.where), p.message) for p in getattr(exc, "problems", None) or ()]
    if len(problems) > 1:
        shown_problems = [one_line(str(p)) for p in problems[:MAX_PROBLEMS_SHOWN]]
        more = len(problems) - MAX_PROBLEMS_SHOWN
        tail = [f"... and {more:,} more problems (fix these first)"] if more > 0 else []
        return [f"{len(problems)} problems found", *shown_problems, *tail]
    if problems:
        return [one_line(str(problems[0]))]
    return [one_line(str(exc)) if str(exc) else type(exc).__name__]


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the process is so that it ends like Ctrl-C."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.signal = number


def _raise_interrupted(number: int, _frame: object) -> None:
    raise Interrupted(number)


def handle_signals() -> None:
    """Make SIGTERM and SIGHUP end a command like Ctrl-C (one line, nothing written)."""
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, _raise_interrupted)


def source_argument(func: F) -> F:
    """The optional SOURCE argument (scenario file or workbook; none: the built-in set)."""
    return click.argument("source", required=False, metavar="[SOURCE]")(func)


def lens_option(func: F) -> F:
    return click.option(
        "--lens",
        "-l",
        default=None,
        metavar="NAME",
        help="Weight set (default: the set's default, 'balanced' for the article set); see `gscore lenses`.",
    )(func)


def method_option(func: F) -> F:
    return click.option(
        "--method",
        "-m",
        default="wsm",
        show_default=True,
        metavar="NAME",
        help="Aggregation method: wsm, wpm, topsis, vikor or promethee.",
    )(func)


def listing_format_option(func: F) -> F:
    """``--format table|json`` for the listing commands (criteria, designs, lenses)."""
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(["table", "json"], case_sensitive=False),
        default="table",
        show_default=True,
        help="Output format.",
    )(func)


def export_options(func: F) -> F:
    """``--format`` (table, csv, json, xlsx, md), ``--out`` and ``--force`` of ``gscore score``.

    The format may follow from the file's extension (:func:`resolve_format`); the other commands
    take :func:`scoring.cli._output.output_options`.
    """
    func = click.option("--force", is_flag=True, help="Replace --out if it already exists.")(func)
    func = click.option(
        "--out",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Write to this file instead of the terminal; the format follows its extension (.csv, .json, .xlsx, .md).",
    )(func)
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(TABLE_FORMATS, case_sensitive=False),
        default=None,
        help="Output format (default: table in the terminal, or from --out's extension).",
    )(func)


def resolve_format(fmt: str | None, out: Path | None) -> str:
    """Decide the output format from --format and --out; a usage error if they clash."""
    from scoring.io.export import format_for

    if out is None:
        if fmt == "xlsx":
            raise click.UsageError("--format xlsx needs --out FILE.xlsx (a workbook cannot go to the terminal)")
        return fmt or "table"
    if fmt == "table":
        raise click.UsageError("--format table prints to the terminal; drop --out or choose csv, json, xlsx or md")
    try:
        chosen = format_for(out, fmt)
        if fmt is not None and Path(out).suffix:
            implied = format_for(out)
            if implied != chosen:
                raise click.UsageError(
                    f"--format {fmt} conflicts with --out {out.name} (a .{out.suffix.lstrip('.')} name); "
                    f"drop --format, or name the file .{chosen}"
                )
        return chosen
    except ScoringError as exc:  # the core names the argument (``out``): say the command's flag
        flags = _flags(click.get_current_context().command)
        raise click.UsageError("; ".join(_error_lines(exc, flags))) from None


def console() -> Any:
    """A rich console on stdout that prints data literally (no markup) and fits the terminal.

    Width: the terminal's, else ``COLUMNS``, else 80; no colour when not a terminal or when
    ``NO_COLOR`` is set.
    """
    from rich.console import Console

    return Console(
        highlight=False, markup=False, emoji=False, soft_wrap=False, no_color=bool(os.environ.get("NO_COLOR"))
    )


def method_options_option(func: F) -> F:
    """``--option NAME=VALUE`` (repeatable): method options, e.g. ``v=0.4`` or ``preference=linear``."""
    return click.option(
        "--option",
        "method_options",
        multiple=True,
        metavar="NAME=VALUE",
        help="A method option, repeatable: v=0.4 (vikor), offset=2 (wpm), normalization=minmax (topsis), "
        "preference=linear with q=5 and p=20 (promethee; one value or comma-separated, one per criterion).",
    )(func)


def parse_method_options(items: tuple[str, ...]) -> dict[str, Any]:
    """``("v=0.4", "q=1,2")`` -> ``{"v": 0.4, "q": [1.0, 2.0]}``; numbers stay numbers, names stay text."""
    options: dict[str, Any] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        if not sep or not name.strip() or not raw.strip():
            raise click.BadParameter(f"expected NAME=VALUE, got {item!r}", param_hint="--option")
        parts = [_option_value(part.strip()) for part in raw.split(",")]
        options[name.strip()] = parts[0] if len(parts) == 1 else parts
    return options


def _option_value(text: str) -> Any:
    if len(text) > 64:
        raise click.BadParameter(f"value too long ({len(text)} characters, at most 64)", param_hint="--option")
    try:
        return float(text)
    except ValueError:
        return text


def smaa_options(func: F) -> F:
    """The SMAA-2 options shared by ``analyze`` and ``report``; defaults from :data:`DEFAULT_SMAA`."""
    from scoring.analysis.settings import DEFAULT_SMAA as D

    options = [
        click.option(
            "--samples",
            "-n",
            type=click.IntRange(min=1),
            default=D.samples,
            show_default=True,
            help="SMAA-2 Monte Carlo draws.",
        ),
        click.option(
            "--seed",
            type=click.IntRange(min=0),
            default=D.seed,
            show_default=True,
            help="Random seed (same seed, same answer, on every face).",
        ),
        click.option(
            "--weight-draws",
            "weight_mode",
            type=click.Choice(["lens", "uniform", "fixed"]),
            default=D.weight_mode,
            show_default=True,
            help="SMAA weights: drawn around the lens's weights (lens), uniform over every weighting "
            "(uniform: no preference information), or the lens's weights (fixed: only scores vary).",
        ),
        click.option(
            "--concentration",
            type=click.FloatRange(min=0, min_open=True),
            default=D.concentration,
            show_default=True,
            help="With --weight-draws lens: how tightly draws stay around the lens (100: a 20% weight mostly "
            "stays within 12-28%).",
        ),
        click.option(
            "--distribution",
            type=click.Choice(["triangular", "pert", "none"]),
            default=D.distribution or "none",
            show_default=True,
            help="How scores vary within their low-high ranges (none: scores fixed).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def smaa_settings(samples: int, seed: int, weight_mode: str, concentration: float, distribution: str) -> Any:
    """The :class:`SmaaSettings` the SMAA options describe."""
    from scoring.analysis.settings import DEFAULT_SMAA

    return DEFAULT_SMAA.evolve(
        samples=samples,
        seed=seed,
        weight_mode=weight_mode,
        concentration=concentration,
        distribution=None if distribution == "none" else distribution,
    )


def progress_phase(done: int, total: int, samples: int) -> tuple[str, int, int]:
    """What the SMAA progress bar shows for ``done`` of ``total`` steps: (phase, count, out of).

    SMAA reports its weight draws and then its confidence-factor draws as one count of up to
    twice ``samples``; the bar counts each phase on its own, never past ``samples`` draws.

    >>> progress_phase(150_000, 400_000, 200_000), progress_phase(300_000, 400_000, 200_000)
    (('draws', 150000, 200000), ('confidence draws', 100000, 200000))
    """
    if done <= samples:
        return "draws", done, samples
    return "confidence draws", done - samples, total - samples


@contextmanager
def progress_bar(enabled: bool, samples: int) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr (only for a terminal), as an SMAA progress callback.

    The count covers the weight draws and then the confidence-factor draws (score draws at
    each design's central weights), so the total can be up to twice ``samples``.
    """
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
        task = bar.add_task("draws", total=samples)

        def update(done: int, total: int) -> None:
            phase, completed, of = progress_phase(done, total, samples)
            bar.update(task, completed=completed, total=of, description=phase)

        yield update
