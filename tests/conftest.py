"""Shared test setup.

- ``tests/`` is put on ``sys.path`` so helper modules (``strategies``, ``lo_recalc``,
  ...) import by name; test files have unique basenames (no ``__init__.py``).
- ``GS_REQUIRE_LIBREOFFICE=1`` (set by ``.ci/run``) turns a missing LibreOffice into a
  failure instead of a skip.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


import pytest


@pytest.fixture
def run_cli():  # type: ignore[no-untyped-def]
    """Run ``gscore ARGS...`` in this process (click's runner): ``.exit_code``, ``.stdout``, ``.stderr``.

    Most CLI tests use this; a few still start the console script as a subprocess, for the exit
    codes and the installed entry point (tests/test_cli.py).
    """
    from click.testing import CliRunner

    from scoring.cli import cli

    runner = CliRunner()

    def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False, prog_name="gscore")

    return run
