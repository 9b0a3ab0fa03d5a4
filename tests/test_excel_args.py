"""The friendly layer of the worksheet functions (scoring.excel._args): Excel-shaped input."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.errors import InputError, InvalidMatrixError, InvalidWeightsError
from scoring.excel import _args, _grid
from scoring.excel._args import (
    as_grid,
    cell_value,
    describe,
    one_line,
    parse_directions,
    parse_int,
    parse_matrix,
    parse_options,
    parse_text,
    parse_vector,
    to_number,
    trim,
)
from scoring.excel._grid import used_length


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (7, 7.0),
        (7.5, 7.5),
        (np.float64(2.0), 2.0),
        ("12.5", 12.5),
        (" 7 ", 7.0),
        ("-3", -3.0),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("+4", 4.0),
        ("1,5", None),
        ("1 000", None),
        ("5%", None),
        ("$5", None),
        ("inf", None),
        ("nan", None),
        ("", None),
        (None, None),
        (True, None),
        (False, None),
        (math.nan, None),
        (math.inf, None),
        ("abc", None),
        ("#N/A", None),
    ],
)
def test_to_number_reads_only_plain_numbers(cell: object, expected: float | None) -> None:
    assert to_number(cell) == expected


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (None, "blank"),
        ("  ", "blank"),
        (True, "TRUE"),
        ("#N/A", "#N/A"),
        ("abc", '"abc"'),
        (dt.datetime(2024, 5, 1), "a date (2024-05-01)"),
        (math.nan, "nan"),
        ("x" * 100, '"' + "x" * 37 + '..."'),
    ],
)
def test_describe(cell: object, text: str) -> None:
    assert describe(cell) == text


def test_as_grid_shapes() -> None:
    assert as_grid(5, "x") == [[5]]
    assert as_grid([1, 2, 3], "x") == [[1, 2, 3]]  # a flat list is a row
    assert as_grid(((1, 2), (3, 4)), "x") == [[1, 2], [3, 4]]
    assert as_grid(np.array([[1.0, 2.0]]), "x") == [[1.0, 2.0]]
    assert as_grid([], "x") == []
    with pytest.raises(InputError, match=r"^x: row 2 has 1 cells, row 1 has 2"):
        as_grid([[1, 2], [3]], "x")


def test_trim_drops_trailing_blank_rows_and_columns_only() -> None:
    grid = [[None, 1, None, None], [2, None, 3, ""], [None, None, None, None], ["  ", None, None, None]]
    assert trim(grid) == [[None, 1, None], [2, None, 3]]
    assert trim([[None, ""]]) == []


@given(st.lists(st.sampled_from([None, "", 0, 1.5, "x"]), max_size=30), st.sampled_from([None, ""]))
def test_used_length_is_the_length_without_the_trailing_blanks(items: list[object], blank: object) -> None:
    naive = len(items)
    while naive and items[naive - 1] == blank:
        naive -= 1
    assert used_length(items, blank) == naive


WHOLE_COLUMN_ROWS = 1_048_576


def whole_column(block: list[list[object]], blank: object) -> list[list[object]]:
    return block + [[blank] * len(block[0]) for _ in range(WHOLE_COLUMN_ROWS - len(block))]


@pytest.mark.parametrize("blank", [None, ""])
def test_whole_columns_are_trimmed_to_their_used_extent_first(blank: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """=GS_SCORE(A:K, ...) passes 1,048,576 rows: no per-cell Python work on the blank ones."""
    block = [["", "cost", "speed"], ["A", 1.0, 2.0], ["B", 3.0, 4.0], ["C", 2.0, 9.0]]
    calls = 0
    real = _grid.is_blank

    def counting(value: object) -> bool:
        nonlocal calls
        calls += 1
        return real(value)

    monkeypatch.setattr(_grid, "is_blank", counting)
    monkeypatch.setattr(_args, "is_blank", counting)
    table = parse_matrix(whole_column(block, blank))
    assert table.values.tolist() == [[1.0, 2.0], [3.0, 4.0], [2.0, 9.0]]
    assert table.row_labels == ("A", "B", "C")
    weights, column = parse_vector([[0.5, 0.5, *[blank] * 16382]], "weights")  # a whole row, 1:1
    assert weights.tolist() == [0.5, 0.5]
    assert not column
    assert calls < 1000
    numbers = whole_column([[1.0, 2.0], [3.0, 4.0]], blank)
    assert parse_matrix(numbers).values.tolist() == [[1.0, 2.0], [3.0, 4.0]]


def test_whole_columns_still_name_a_blank_inside_the_table() -> None:
    rows = whole_column([[1.0, 2.0], [None, None], [3.0, 4.0]], None)
    with pytest.raises(InvalidMatrixError, match=r"^matrix: row 2, column 1 is blank, expected a number$"):
        parse_matrix(rows)
    mixed = [[1.0, 2.0], [3.0, 4.0], [None, ""], *[[None, None]] * 1000]  # the slow path finishes the trim
    assert parse_matrix(mixed).values.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    with pytest.raises(InputError, match=r"^matrix: row 3 has 1 cells, row 1 has 2"):
        parse_matrix([[1.0, 2.0], [3.0, 4.0], [None]])


class TestMatrix:
    def test_plain_block_fast_path(self) -> None:
        table = parse_matrix([[1.0, 2], [3, 4.5]])
        assert table.values.tolist() == [[1.0, 2.0], [3.0, 4.5]]
        assert table.row_labels is None
        assert table.column_labels is None
        assert table.design_labels() == ("D1", "D2")
        assert table.criterion_labels() == ("C1", "C2")

    def test_header_row_label_column_text_numbers_and_trailing_blanks(self) -> None:
        grid = [
            [None, "cost", "speed", None],
            ["A", " 1 ", 2.0, None],
            ["B", 3, "4.5", None],
            [None, None, None, None],
        ]
        table = parse_matrix(grid)
        assert table.values.tolist() == [[1.0, 2.0], [3.0, 4.5]]
        assert table.row_labels == ("A", "B")
        assert table.column_labels == ("cost", "speed")
        assert table.has_header

    def test_header_without_labels_and_labels_without_header(self) -> None:
        assert parse_matrix([["a", "b"], [1, 2]]).column_labels == ("a", "b")
        labelled = parse_matrix([["x", 1, 2], ["y", 3, 4]])
        assert labelled.row_labels == ("x", "y")
        assert labelled.column_labels is None

    def test_single_cell_and_single_row(self) -> None:
        assert parse_matrix(5).values.tolist() == [[5.0]]
        assert parse_matrix([1, 2, 3]).values.shape == (1, 3)

    def test_row_of_text_is_not_a_header_when_no_numbers_follow(self) -> None:
        with pytest.raises(InvalidMatrixError, match=r'^matrix: row 1, column 1 is "a", expected a number$'):
            parse_matrix([["a", "b"]])

    @pytest.mark.parametrize(
        ("grid", "message"),
        [
            ([[1, 2], [3, "n/a"]], 'matrix: row 2, column 2 is "n/a", expected a number'),
            ([["h1", "h2"], [1, 2], [None, 4]], "matrix: row 3, column 1 is blank, expected a number"),
            ([[1, True]], "matrix: row 1, column 2 is TRUE, expected a number"),
            ([[1, "#N/A"], [2, 3]], "matrix: row 1, column 2 is #N/A, expected a number"),
            ([[1, math.nan]], "matrix: row 1, column 2 is nan, expected a finite number"),
            ([[1, "1,5"], [2, 3]], 'matrix: row 1, column 2 is "1,5", expected a number'),
            ([["", "a", "b"], ["x", 1, 2], ["y", 3, "?"]], 'matrix: row 3, column 3 is "?", expected a number'),
            (None, "matrix: is blank, expected a range of numbers"),
            ([[None, None]], "matrix: is blank, expected a range of numbers"),
        ],
    )
    def test_errors_name_the_cell_in_the_selected_range(self, grid: object, message: str) -> None:
        with pytest.raises(InvalidMatrixError) as caught:
            parse_matrix(grid)
        assert str(caught.value) == message

    def test_other_argument_names(self) -> None:
        with pytest.raises(InvalidWeightsError, match=r"^pairwise: row 1, column 2"):
            parse_matrix([[1, "x"], [1, 1]], "pairwise", error=InvalidWeightsError.at)


class TestVector:
    @pytest.mark.parametrize(
        ("value", "values", "column"),
        [
            ([[1, 2, 3]], [1, 2, 3], False),
            ([[1], [2], [3]], [1, 2, 3], True),
            ([1, 2, 3], [1, 2, 3], False),
            (4, [4], False),
            ([["weight"], [1], ["2"], [None], [None]], [1, 2], True),
            ([["w", 1, 2, None]], [1, 2], False),
            ([["criterion", "weight"], ["a", 1], ["b", 3]], [1, 3], True),
            ([["lens", "a", "b"], ["balanced", 0.25, 0.75]], [0.25, 0.75], False),
        ],
    )
    def test_rows_columns_headers_labels(self, value: object, values: list[float], column: bool) -> None:
        parsed = parse_vector(value, "weights")
        assert parsed is not None
        assert parsed[0].tolist() == values
        assert parsed[1] is column

    def test_blank_is_none(self) -> None:
        assert parse_vector(None, "weights") is None
        assert parse_vector([[None], [""]], "weights") is None

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ([[1, 2, "abc"]], 'weights: cell 3 is "abc", expected a number'),
            ([[1], [None], [2]], "weights: cell 2 is blank, expected a number"),
            ([["weight"], [1], ["x"]], 'weights: cell 3 is "x", expected a number'),
            ([["c", "w"], ["a", 1], ["b", "?"]], 'weights: row 3, column 2 is "?", expected a number'),
        ],
    )
    def test_errors_count_cells(self, value: object, message: str) -> None:
        with pytest.raises(InvalidWeightsError) as caught:
            parse_vector(value, "weights")
        assert str(caught.value) == message

    def test_a_block_is_not_a_vector(self) -> None:
        with pytest.raises(InputError, match=r"^weights: expected one row or one column, got 2 rows x 2 columns$"):
            parse_vector([[1, 2], [3, 4]], "weights")


class TestDirections:
    def test_rows_columns_aliases_and_headers(self) -> None:
        assert parse_directions([["max", "min", 1, -1.0, " Cost ", "benefit"]], 6) == [
            "max",
            "min",
            1,
            -1.0,
            " Cost ",
            "benefit",
        ]
        assert parse_directions([["direction"], ["benefit"], ["cost"]], 2) == ["benefit", "cost"]
        assert parse_directions([["-1"], ["1"]], 2) == [-1.0, 1.0]
        assert parse_directions(None, 3) is None
        assert parse_directions([[None, None]], 2) is None

    def test_one_direction_for_all(self) -> None:
        assert parse_directions("min", 3) == ["min", "min", "min"]
        assert parse_directions([["max"]], 2) == ["max", "max"]

    def test_bad_direction_names_the_cell(self) -> None:
        with pytest.raises(InvalidMatrixError, match=r'^directions: cell 2 is "up", expected "max" or "min"'):
            parse_directions([["max", "up", "min"]], 3)
        with pytest.raises(InvalidMatrixError, match=r"^directions: cell 1 is 2.0, expected"):
            parse_directions([[2, "max"]], 2)


class TestScalars:
    def test_text(self) -> None:
        assert parse_text(" topsis ", "method", "wsm") == "topsis"
        assert parse_text([["vikor"]], "method", "wsm") == "vikor"
        assert parse_text(None, "method", "wsm") == "wsm"
        assert parse_text([[None]], "method", "wsm") == "wsm"
        with pytest.raises(InputError, match=r"^method: is 3.0, expected text$"):
            parse_text(3.0, "method", "wsm")
        with pytest.raises(InputError, match=r"^method: expected a single cell, got 1 rows x 2 columns$"):
            parse_text([["a", "b"]], "method", "wsm")

    def test_int(self) -> None:
        assert parse_int(None, "samples", 10, minimum=1, maximum=100) == 10
        assert parse_int([[" 20 "]], "samples", 10, minimum=1, maximum=100) == 20
        assert parse_int(20.0, "samples", 10, minimum=1, maximum=100) == 20
        with pytest.raises(InputError, match=r"^samples: is 2.5, expected a whole number$"):
            parse_int(2.5, "samples", 10, minimum=1, maximum=100)
        with pytest.raises(InputError, match=r"^samples: is 500, expected a whole number from 1 to 100 \(cap\)$"):
            parse_int(500, "samples", 10, minimum=1, maximum=100, note="cap")


class TestOptions:
    def test_string_form(self) -> None:
        assert parse_options("preference=linear; q=1; p=5") == {"preference": "linear", "q": 1.0, "p": 5.0}
        assert parse_options(" V = 0.4 ") == {"v": 0.4}
        assert parse_options("bounds=0,100") == {"bounds": [0.0, 100.0]}
        assert parse_options("q=1,2,3") == {"q": [1.0, 2.0, 3.0]}

    def test_two_column_block(self) -> None:
        block = [["preference", "linear"], ["q", 1.0], ["p", "5"], [None, None]]
        assert parse_options(block) == {"preference": "linear", "q": 1.0, "p": 5.0}

    def test_blank(self) -> None:
        assert parse_options(None) == {}
        assert parse_options([[None]]) == {}

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("v0.4", 'options: item 1 "v0.4" has no "=", expected name=value'),
            ("v=0.4; v=0.5", "options: item 2: 'v' is given twice"),
            ("v=", "options: item 1: 'v' has no value"),
            ("bounds=0,x", 'options bounds: list item "x" is not a number (lists are numbers separated by commas)'),
            ([[1, 2, 3]], "options: expected two columns (name, value), got 3"),
            ([[3.0, 1]], "options: row 1: name is 3.0, expected an option name"),
            (5.0, 'options: is 5.0, expected "name=value; name=value" or a name/value range'),
        ],
    )
    def test_errors(self, value: object, message: str) -> None:
        with pytest.raises(InputError) as caught:
            parse_options(value)
        assert str(caught.value) == message


def test_cell_value_is_a_plain_value() -> None:
    assert cell_value(math.nan) == ""
    assert cell_value(math.inf) == ""
    assert cell_value(None) == ""
    assert cell_value(np.float64(0.5)) == 0.5
    assert type(cell_value(np.float64(0.5))) is float
    assert cell_value(np.int64(3)) == 3
    assert type(cell_value(np.int64(3))) is int
    for text in ("=1+1", "+x", "-5 troops", "@SUM(A1)", "NATO"):  # a result is a value: returned as typed
        assert cell_value(text) == text


def test_one_line() -> None:
    from scoring.errors import Problem

    many = InputError([Problem("weights", "a"), Problem("weights", "b"), Problem("weights", "c")])
    assert one_line(many) == "weights: a (and 2 more)"
    assert one_line(ValueError("two\nlines")) == "two lines"
    assert one_line(ValueError("=bad")) == "=bad"
    assert one_line(ZeroDivisionError()) == "ZeroDivisionError"
