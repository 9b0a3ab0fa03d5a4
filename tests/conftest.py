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
    """Run ``gscore ARGS...`` in this process: ``.exit_code``, ``.stdout``, ``.stderr`` (see tests/cli_runner.py)."""
    from cli_runner import gscore

    return gscore
