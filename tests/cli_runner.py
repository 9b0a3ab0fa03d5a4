"""One in-process runner for the CLI tests: ``gscore(*args)`` without starting a Python process.

It returns what a subprocess would (``returncode``, ``stdout``, ``stderr``), so a test reads the
same either way; a few tests still start the console script for real (tests/test_cli.py:
the installed entry point, exit statuses, no traceback) and the hostile and determinism
suites run subprocesses on purpose (time and memory limits, hash seeds, signals).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner


@dataclass(frozen=True)
class Completed:
    """What the command did: its exit status and what it printed."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    @property
    def exit_code(self) -> int:
        """The exit status (click's name for it)."""
        return self.returncode


def gscore(
    *args: str, cwd: Path | None = None, input: str | None = None, env: dict[str, str] | None = None
) -> Completed:
    """Run ``gscore ARGS...`` in this process and capture its output.

    Unexpected exceptions propagate (a traceback in a test is a bug to see, not to count).
    """
    from scoring.cli import cli

    runner = CliRunner()
    with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext():
        result = runner.invoke(cli, list(args), input=input, env=env, catch_exceptions=False, prog_name="gscore")
    return Completed(tuple(args), result.exit_code, result.stdout, result.stderr)
