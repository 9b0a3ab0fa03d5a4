"""SOURCE for the gscore commands: loading it, and the options of a plain designs x criteria table.

:func:`table_options` adds ``--cost``, the points flag, ``--bounds`` and ``--sheet`` to a
command and keeps the parsed :class:`~scoring.spec.table.TableOptions` for the running
command, where :func:`load_source` uses them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, TypeVar

import click

__all__ = ["current_table_options", "load_source", "table_options"]

F = TypeVar("F", bound=Callable[..., Any])


def load_source(source: str | None) -> Any:
    """Load SOURCE with :func:`scoring.load` (None: the built-in set), with the command's table options."""
    from scoring._api import load_source as load
    from scoring._api import misplaced_table_option
    from scoring.io.tables import is_plain_table

    options = current_table_options()
    if options.given and (source is None or not is_plain_table(source)):  # a table option for another form: usage
        problem = misplaced_table_option(source, options)
        raise click.BadParameter(problem.message, param_hint=problem.where)
    return load(source, options)


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


def command_line_number(text: str, flag: str, item: str) -> float:
    """A finite number typed on the command line, its text bounded before it is converted (usage error otherwise)."""
    from scoring.errors import InputError
    from scoring.limits import number_text

    try:
        return number_text(text, flag, what="a finite number")
    except InputError as exc:
        shown_text = text if len(text) <= 40 else text[:37] + "..."
        reason = exc.problems[0].message.replace(f", got {text.strip()!r}", "")
        item_text = item.encode("unicode_escape").decode("ascii")[:80]
        raise click.BadParameter(f"{shown_text!r}: {reason} (in {item_text!r})", param_hint=flag) from None


#: The plain-table points flag (how SMAA draws weights is ``--weight-draws``).
_WEIGHTS_FLAG = "--weights"
#: The words of ``--weight-draws`` (how SMAA draws weights), refused by ``--weights`` with a pointer.
_DRAW_MODES = ("lens", "uniform", "fixed")


def _weight_points(items: tuple[str, ...]) -> dict[str, float]:
    """The points of ``--weights`` (``COL=W,...``); a ``--weight-draws`` word is refused with a pointer."""
    for item in items:
        if item.strip().lower() in _DRAW_MODES:
            raise click.BadParameter(
                f"takes points per column (COL=W,...), got {item!r}; how SMAA draws the weights is "
                f"--weight-draws {item.strip().lower()}",
                param_hint=_WEIGHTS_FLAG,
            )
    return {
        name: command_line_number(value, _WEIGHTS_FLAG, f"{name}={value}")
        for name, value in _pairs(items, _WEIGHTS_FLAG, "COL=POINTS")
    }


def _bounds(items: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """The fixed scale ends of ``--bounds`` (``COL=LOW:HIGH``)."""
    ends: dict[str, tuple[float, float]] = {}
    for name, value in _pairs(items, "--bounds", "COL=LOW:HIGH"):
        low, sep, high = value.partition(":")
        if not sep:
            raise click.BadParameter(f"expected COL=LOW:HIGH, got {name}={value!r}", param_hint="--bounds")
        ends[name] = (command_line_number(low, "--bounds", value), command_line_number(high, "--bounds", value))
    return ends


def _parsed_table_options(kwargs: dict[str, Any]) -> Any:
    """The :class:`~scoring.spec.table.TableOptions` of a call, its ``table_*`` arguments removed from ``kwargs``."""
    from scoring.spec.table import TableOptions

    cost, weights, bounds, sheet = (
        kwargs.pop(k) for k in ("table_cost", "table_weights", "table_bounds", "table_sheet")
    )
    points = _weight_points(weights)
    ends = _bounds(bounds)
    labels = {"cost": "--cost", "weights": _WEIGHTS_FLAG, "bounds": "--bounds", "sheet": "--sheet"}
    return TableOptions(tuple(cost), points or None, ends or None, sheet, labels)


def _table_option_flags() -> list[Callable[[Any], Any]]:
    """The click options of a plain-table SOURCE, in help order."""
    return [
        click.option(
            "--cost",
            "table_cost",
            multiple=True,
            metavar="COL",
            help="Plain table: this column is a cost (less is better). Repeatable.",
        ),
        click.option(
            _WEIGHTS_FLAG,
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


def table_options(command: F) -> F:
    """``--cost``, ``--weights``, ``--bounds`` and ``--sheet`` for a plain-table SOURCE.

    The parsed :class:`~scoring.spec.table.TableOptions` are kept for the running command, where
    :func:`load_source` uses them; the decorated command does not see them as arguments.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        click.get_current_context().meta[_TABLE_KEY] = _parsed_table_options(kwargs)
        return command(*args, **kwargs)

    decorated: Any = wrapper
    for option in reversed(_table_option_flags()):
        decorated = option(decorated)
    return decorated  # type: ignore[no-any-return]
