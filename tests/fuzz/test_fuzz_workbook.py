"""Fuzzing the analyst-workbook reader: random edits of the template, as an analyst (or a
corrupted e-mail attachment) might make them. Only our own errors may escape.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import MergedCell

import scoring
from scoring.errors import ScoringError
from scoring.workbook.reader import read_workbook
from scoring.workbook.template import write_template

EXAMPLES = int(os.environ.get("GS_FUZZ_EXAMPLES", "150")) // 3
FUZZ = settings(
    max_examples=max(EXAMPLES, 10),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SHEETS = ("About", "Criteria", "Weights", "Scores", "Results", "Checks", "Changes")

values = st.one_of(
    st.none(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=15),
    st.sampled_from(["=1/0", "=SUM(A1:A3)", "balanced", "kyiv", "benefit", "cost", "high", "", " 50 "]),
    st.booleans(),
)
edits = st.lists(
    st.tuples(st.sampled_from(SHEETS), st.integers(1, 60), st.integers(1, 16), values), min_size=1, max_size=12
)


@functools.cache
def template() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "template.xlsx"
        write_template(scoring.load(), path)
        return path.read_bytes()


def _read(path: Path) -> None:
    with contextlib.suppress(ScoringError):
        read_workbook(path)


@FUZZ
@given(edits)
def test_random_cell_edits(tmp_path_factory: pytest.TempPathFactory, changes: list[Any]) -> None:
    book = openpyxl.load_workbook(io.BytesIO(template()))
    for sheet, row, col, value in changes:
        cell = book[sheet].cell(row, col)
        if isinstance(cell, MergedCell):  # the covered part of a merged range: nobody can type there
            continue
        cell.value = value
    path = tmp_path_factory.mktemp("edit") / "edited.xlsx"
    book.save(path)
    _read(path)


@FUZZ
@given(st.integers(0, 10**7), st.binary(min_size=1, max_size=64))
def test_random_byte_damage(tmp_path_factory: pytest.TempPathFactory, at: int, junk: bytes) -> None:
    data = template()
    position = at % len(data)
    damaged = data[:position] + junk + data[position + len(junk) :]
    path = tmp_path_factory.mktemp("bytes") / "damaged.xlsx"
    path.write_bytes(damaged)
    _read(path)


@FUZZ
@given(st.sampled_from(SHEETS), st.binary(max_size=300))
def test_random_sheet_xml(tmp_path_factory: pytest.TempPathFactory, sheet: str, xml: bytes) -> None:
    index = SHEETS.index(sheet) + 1
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template())) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == f"xl/worksheets/sheet{index}.xml":
                data = data[: len(data) // 2] + xml
            target.writestr(item.filename, data)
    path = tmp_path_factory.mktemp("xml") / "xml.xlsx"
    path.write_bytes(out.getvalue())
    _read(path)
