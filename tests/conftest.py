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
