"""Shared plumbing for the gscore commands: loading sources, output, errors."""

from __future__ import annotations

import functools
import os
import re
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from scoring.errors import ScoringError, UnknownNameError

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
        except UnknownNameError as exc:
            where = exc.problems[0].where if exc.problems else ""
            if where in _OPTION_NAMES:  # a bad --method / --lens value is bad usage: exit 2 with the usage line
                raise click.BadParameter(exc.problems[0].message, param_hint=f"--{where}") from None
            self._fail(ctx, exc)
        except ScoringError as exc:
            self._fail(ctx, exc)

    @staticmethod
    def _fail(ctx: click.Context, exc: ScoringError) -> None:
        """Bad input: one line per problem on stderr (the traceback too with --debug), exit 1."""
        if ctx.obj and ctx.obj.get("debug"):
            traceback.print_exc()
        for line in _error_lines(exc):
            click.echo(f"gscore: error: {line}", err=True)
        ctx.exit(1)


def _error_lines(exc: ScoringError) -> list[str]:
    problems = getattr(exc, "problems", None)
    if problems and len(problems) > 1:
        return [f"{len(problems)} problems found", *(str(p) for p in problems)]
    return [str(exc).splitlines()[0] if str(exc) else type(exc).__name__]


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


def output_options(func: F) -> F:
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


def load_source(source: str | None) -> Any:
    """Load SOURCE with :func:`scoring.load` (None: the built-in set), with the command's table options."""
    from scoring._api import load_source as load

    return load(source, current_table_options())


_TABLE_KEY = "gscore.table_options"
_PAIR = re.compile(r"\s*(?P<name>[^=]+?)\s*=\s*(?P<value>[^,]*)(?:,|$)")


def current_table_options() -> Any:
    """The plain-table options of the running command (none outside a command)."""
    from scoring.spec.table import TableOptions

    ctx = click.get_current_context(silent=True)
    found = ctx.meta.get(_TABLE_KEY) if ctx is not None else None
    return found if found is not None else TableOptions()


def _pairs(items: tuple[str, ...], flag: str, what: str) -> list[tuple[str, str]]:
    """``("a=1,b=2", "c d=3")`` -> ``[("a", "1"), ("b", "2"), ("c d", "3")]`` (names may hold commas)."""
    pairs: list[tuple[str, str]] = []
    for item in items:
        found = list(_PAIR.finditer(item))
        if (
            not found
            or "".join(m.group(0) for m in found).strip() != item.strip()
            or any(not m.group("value").strip() for m in found)
        ):
            raise click.BadParameter(f"expected {what}, got {item!r}", param_hint=flag)
        pairs.extend((m.group("name"), m.group("value").strip()) for m in found)
    return pairs


def _float(text: str, flag: str, item: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a number (in {item!r})", param_hint=flag) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise click.BadParameter(f"{text!r} is not a finite number (in {item!r})", param_hint=flag)
    return number


def table_options(func: F) -> F:
    """``--cost``, ``--weights``, ``--bounds`` and ``--sheet`` for a plain-table SOURCE."""
    return table_options_with("--weights")(func)


def table_options_with(weights_flag: str) -> Callable[[F], F]:
    """The plain-table options, with ``weights_flag`` for the points (``--table-weights`` where
    ``--weights`` already means the SMAA weights).

    The parsed :class:`~scoring.spec.table.TableOptions` are kept for the running command, where
    :func:`load_source` uses them; the decorated command does not see them as arguments.
    """

    def decorate(command: F) -> F:
        @functools.wraps(command)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            from scoring.spec.table import TableOptions

            cost, weights, bounds, sheet = (
                kwargs.pop(k) for k in ("table_cost", "table_weights", "table_bounds", "table_sheet")
            )
            points = {
                name: _float(value, weights_flag, f"{name}={value}")
                for name, value in _pairs(weights, weights_flag, "COL=POINTS")
            }
            ends: dict[str, tuple[float, float]] = {}
            for name, value in _pairs(bounds, "--bounds", "COL=LOW:HIGH"):
                low, sep, high = value.partition(":")
                if not sep:
                    raise click.BadParameter(f"expected COL=LOW:HIGH, got {name}={value!r}", param_hint="--bounds")
                ends[name] = (_float(low, "--bounds", value), _float(high, "--bounds", value))
            labels = {"cost": "--cost", "weights": weights_flag, "bounds": "--bounds", "sheet": "--sheet"}
            options = TableOptions(tuple(cost), points or None, ends or None, sheet, labels)
            click.get_current_context().meta[_TABLE_KEY] = options
            return command(*args, **kwargs)

        options = [
            click.option(
                "--cost",
                "table_cost",
                multiple=True,
                metavar="COL",
                help="Plain table: this column is a cost (less is better). Repeatable.",
            ),
            click.option(
                weights_flag,
                "table_weights",
                multiple=True,
                metavar="COL=W,...",
                help="Plain table: points per column, e.g. 'price=2,range=1' (every column; normalised).",
            ),
            click.option(
                "--bounds",
                "table_bounds",
                multiple=True,
                metavar="COL=LOW:HIGH",
                help="Plain table: fixed ends of a column's scale instead of its observed range. Repeatable.",
            ),
            click.option(
                "--sheet",
                "table_sheet",
                default=None,
                metavar="NAME",
                help="Plain .xlsx table: the sheet to read (default: the first).",
            ),
        ]
        decorated: Any = wrapper
        for option in reversed(options):
            decorated = option(decorated)
        return decorated  # type: ignore[no-any-return]

    return decorate


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
    except ScoringError as exc:
        raise click.UsageError(str(exc)) from None


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
            "--weights",
            "weights_mode",
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
            help="With --weights lens: how tightly draws stay around the lens (100: a 20% weight mostly "
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


def smaa_settings(samples: int, seed: int, weights_mode: str, concentration: float, distribution: str) -> Any:
    """The :class:`SmaaSettings` the SMAA options describe."""
    from scoring.analysis.settings import DEFAULT_SMAA

    return DEFAULT_SMAA.evolve(
        samples=samples,
        seed=seed,
        weight_mode=weights_mode,
        concentration=concentration,
        distribution=None if distribution == "none" else distribution,
    )


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
            phase = "draws" if done <= samples else "confidence draws"
            shown = done if done <= samples else done - samples
            bar.update(task, completed=shown, total=samples if done <= samples else total - samples, description=phase)

        yield update
