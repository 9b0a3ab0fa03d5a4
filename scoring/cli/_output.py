"""The output options every writing command shares: ``--out``, ``--force``, ``--format``, ``--timestamp``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

__all__ = ["output_options"]

F = TypeVar("F", bound=Callable[..., Any])

_TIMESTAMP_HELP = "Fix the provenance timestamp."


def output_options(
    out_help: str, *, required: bool = False, terminal: bool = True, timestamp: str | None = _TIMESTAMP_HELP
) -> Callable[[F], F]:
    """``--out/-o FILE`` (help ``out_help``), ``--force``, and unless turned off ``--format/-f table|json``
    (``terminal``) and ``--timestamp ISO`` (its help text, or None for none).

    The command receives them as ``out``, ``force``, ``fmt`` and ``timestamp``.
    """
    options = [
        click.option(
            "--out",
            "-o",
            type=click.Path(dir_okay=False, path_type=Path),
            default=None,
            required=required,
            help=out_help,
        ),
        click.option("--force", is_flag=True, help="Replace --out if it already exists."),
    ]
    if terminal:
        options.append(
            click.option(
                "--format",
                "-f",
                "fmt",
                type=click.Choice(["table", "json"]),
                default="table",
                show_default=True,
                help="Terminal output.",
            )
        )
    if timestamp is not None:
        options.append(click.option("--timestamp", default=None, metavar="ISO", help=timestamp))

    def decorate(func: F) -> F:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate
