"""Fuzzing the plain-table reader: no exception escapes except our own hierarchy, and what loads scores.

Short by default (CI); set ``GS_FUZZ_EXAMPLES`` (e.g. 20000) for the long run described in
``tests/README.md``.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scoring
from scoring.errors import ScoringError
from scoring.io.tables import RawTable
from scoring.spec.table import parse_table

EXAMPLES = int(os.environ.get("GS_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", " ", "direction", "weight", "min", "max", "cost", "benefit", "12,5", "1e999", "nan", "=1+1"]),
    st.text(max_size=12),
)


def _check(table: scoring.ScenarioSet) -> None:
    result = scoring.score(table)
    assert np.all(np.isfinite(result.scores))
    assert np.all((table.matrix() >= 0) & (table.matrix() <= 100))


@FUZZ
@given(st.lists(st.lists(cells, min_size=0, max_size=6), min_size=0, max_size=8))
def test_random_cells_load_or_fail_with_a_located_error(rows: list[list[object]]) -> None:
    raw = RawTable("fuzz.csv", rows, lambda row, column: f"fuzz.csv:{row + 1}")
    try:
        table = parse_table(raw)
    except ScoringError:
        return
    _check(table)


@FUZZ
@given(st.text(max_size=300))
def test_random_csv_text_loads_or_fails_cleanly(tmp_path_factory: object, text: str) -> None:
    folder: Path = tmp_path_factory.mktemp("csv")  # type: ignore[attr-defined]
    path = folder / "fuzz.csv"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        table = scoring.load(path)
    except ScoringError:
        return
    _check(table)


@FUZZ
@given(
    st.lists(st.one_of(st.floats(-1e9, 1e9), st.sampled_from([0.0, 5e-324, -5e-324, 1e-310])), min_size=1, max_size=20),
    st.integers(1, 4),
)
def test_dataframes_of_numbers_always_load(values: list[float], width: int) -> None:
    height = max(1, len(values) // width)
    matrix = np.resize(np.array(values), (height, width))
    frame = pd.DataFrame(matrix, columns=[f"c{j}" for j in range(width)], index=[f"d{i}" for i in range(height)])
    _check(scoring.from_table(frame))
