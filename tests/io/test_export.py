"""Export writers: atomic replacement, formula neutralisation, faithful round trips."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scoring
from scoring.errors import OutputError, UnknownNameError
from scoring.io import atomic
from scoring.io.export import format_for, to_csv, to_json, write_result
from scoring.io.sanitize import neutralise

RESULT = scoring.score(scoring.load(), timestamp="2026-01-01T00:00:00+00:00")


def test_atomic_write_keeps_the_old_file_when_the_writer_fails(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")

    def fail_midway() -> None:
        with atomic.atomic_stream(target, force=True) as stream:
            stream.write(b"half")
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        fail_midway()
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_check_output_rules(tmp_path: Path) -> None:
    existing = tmp_path / "a.csv"
    existing.write_text("x")
    with pytest.raises(OutputError, match="pass force=True"):
        atomic.check_output(existing)
    assert atomic.check_output(existing, force=True) == existing
    with pytest.raises(OutputError, match="refusing to overwrite the input"):
        atomic.check_output(existing, inputs=(existing,), force=True)
    with pytest.raises(OutputError, match="does not exist"):
        atomic.check_output(tmp_path / "nope" / "a.csv")
    with pytest.raises(OutputError, match="is a directory"):
        atomic.check_output(tmp_path)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@x", "\tx", "\rx", "＝1"])
def test_formula_like_text_is_neutralised(text: str) -> None:
    assert neutralise(text) == "'" + text


def test_plain_text_and_numbers_are_untouched() -> None:
    assert neutralise("NATO membership") == "NATO membership"
    assert neutralise(-3.5) == -3.5


def test_json_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    write_result(RESULT, path)
    doc = json.loads(path.read_text())
    assert doc == json.loads(to_json(RESULT))
    assert [r["design"] for r in doc["results"]] == list(RESULT.table["design"])
    assert doc["provenance"]["timestamp"] == "2026-01-01T00:00:00+00:00"
    assert doc["weights"] == pytest.approx(dict(zip(RESULT.criterion_ids, RESULT.weights, strict=True)))


def test_csv_round_trip_keeps_twelve_significant_digits(tmp_path: Path) -> None:
    """Exports carry EXPORT_DIGITS significant digits: float noise goes, every real digit stays."""
    path = tmp_path / "r.csv"
    write_result(RESULT, path)
    back = pd.read_csv(path)
    pd.testing.assert_frame_equal(back, RESULT.table, check_dtype=False, rtol=1e-11, atol=0)
    assert "0000000" not in path.read_text()  # no 54.55000000000001
    assert path.read_text() == to_csv(RESULT.table)


def test_xlsx_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    write_result(RESULT, path)
    back = pd.read_excel(path, sheet_name="Results")
    pd.testing.assert_frame_equal(back, RESULT.table, check_dtype=False, rtol=0, atol=1e-12)
    weights = pd.read_excel(path, sheet_name="Weights")
    assert weights["weight"].sum() == pytest.approx(1.0)
    provenance = pd.read_excel(path, sheet_name="Provenance").set_index("field")["value"]
    assert provenance["input_sha256"] == RESULT.provenance["input_sha256"]


def test_format_is_taken_from_the_extension() -> None:
    assert format_for("x.XLSX") == "xlsx"
    assert format_for("x.csv", "json") == "json"
    with pytest.raises(UnknownNameError, match="cannot tell the format"):
        format_for("x.docx")


@settings(max_examples=60, deadline=None)
@given(
    floats=st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), min_size=1, max_size=5),
    texts=st.lists(st.text(max_size=8), min_size=5, max_size=5),
)
def test_csv_columns_are_written_as_each_field_would_be(floats: list[float], texts: list[str]) -> None:
    """The column-wise writer (numbers in one pass per column) gives the field-by-field text."""
    import numpy as np

    from scoring.io.export import _csv_field

    n = len(floats)
    with np.errstate(over="ignore"):  # float32 overflows to inf: still a column to write
        single = np.array(floats).astype(np.float32)
    frame = pd.DataFrame(
        {
            "name": texts[:n],
            "score": np.array(floats),
            "single": single,
            "rank": np.arange(n, dtype=np.int64) - 1,
            "flag": np.arange(n) % 2 == 0,
            "mixed": [floats[k] if k % 2 else texts[k] for k in range(n)],
            "nullable": pd.array([None if k % 2 else k for k in range(n)], dtype="Int64"),
        }
    )
    header = ",".join(_csv_field(str(c)) for c in frame.columns)
    rows = [",".join(map(_csv_field, row)) for row in frame.itertuples(index=False, name=None)]
    assert to_csv(frame) == "\n".join([header, *rows]) + "\n"
