"""Cells as Excel passes them, and cells as a worksheet function returns them.

No xlwings here, and nothing about what an argument means (that is
:mod:`scoring.excel._args`): what is blank, what is a number, how a cell reads in a
message, a range as a rectangular grid trimmed to its used extent, and a result value.

Whole columns and rows
----------------------
``=GS_SCORE(A:K, ...)`` passes all 1,048,576 rows of the columns, nearly all blank.
:func:`as_grid` first drops the trailing rows (and, for a row, the trailing cells) that
are wholly ``None`` or wholly ``""``, the two ways xlwings passes an empty cell, with
list comparisons that run in C (:func:`used_length`), before it copies anything; what
is left (rows mixing ``None``, ``""`` and spaces) goes through :func:`trim` cell by cell.
``benchmarks/excel_calls.py`` measures it.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from typing import Any

import numpy as np

from scoring.errors import InputError

__all__ = [
    "NUMERIC_TYPES",
    "Grid",
    "as_grid",
    "cell_value",
    "describe",
    "is_blank",
    "one_line",
    "to_number",
    "trim",
    "used_length",
]

Grid = list[list[Any]]

_NUMBER_TEXT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
NUMERIC_TYPES = (int, float, np.integer, np.floating)
_TEXT_LIMIT = 40
#: How xlwings passes an empty cell: ``None`` (classic add-in), ``""`` (may happen in xlwings Lite).
_EMPTY_CELLS = (None, "")


def is_blank(value: object) -> bool:
    """True for a blank cell: ``None``, ``""`` or spaces only."""
    return value is None or (isinstance(value, str) and not value.strip())


def to_number(value: object) -> float | None:
    """The finite number a cell holds, else ``None``.

    Numbers are ints and floats (not ``TRUE``/``FALSE``) and text that is a plain decimal
    number after trimming spaces; NaN and infinities are not numbers.

    Examples
    --------
    >>> to_number(" 7 "), to_number("1,5"), to_number(True), to_number(float("nan"))
    (7.0, None, None, None)
    """
    if isinstance(value, bool | np.bool_):
        return None
    if isinstance(value, NUMERIC_TYPES):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, str):
        text = value.strip()
        if _NUMBER_TEXT.fullmatch(text):
            number = float(text)
            return number if math.isfinite(number) else None
    return None


def describe(value: object) -> str:
    """How a cell reads in a message: ``"abc"``, ``blank``, ``TRUE``, ``#N/A``, ``nan``."""
    if is_blank(value):
        return "blank"
    if isinstance(value, bool | np.bool_):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("#") and len(text) <= 8:
            return text  # an Excel error value, such as #N/A or #DIV/0!
        if len(text) > _TEXT_LIMIT:
            text = text[: _TEXT_LIMIT - 3] + "..."
        return '"' + text.replace('"', "'") + '"'
    if isinstance(value, _dt.datetime | _dt.date):
        return f"a date ({value.isoformat()[:10]})"
    if isinstance(value, NUMERIC_TYPES):
        return repr(float(value))
    return f"a {type(value).__name__}"


def used_length(items: list[Any], blank: object) -> int:
    """``len(items)`` less the trailing run of items equal to ``blank``, comparing in C.

    With ``C`` items equal to ``blank`` in all, the first ``K = len - C`` items hold every
    other item; if they hold no ``blank`` either, the last ``C`` items are all ``blank``
    and ``K`` is the answer. Otherwise (blanks inside the used part) ``K`` grows by the
    blanks found in the part just added, until that part has none. Every item is
    compared a bounded number of times, each time inside ``list.count``.

    Examples
    --------
    >>> used_length([1, None, 2, None, None], None), used_length([None, None], None), used_length([], None)
    (3, 0, 0)
    """
    end = len(items)
    if not end or items[-1] != blank:
        return end
    used = end - items.count(blank)
    added = items[:used].count(blank)
    while added:
        part = items[used : used + added]
        used += added
        added = part.count(blank)
    return used


def _without_empty_tail(items: list[Any]) -> list[Any]:
    """``items`` without a trailing run of ``None`` or ``""`` items (a fast pre-trim).

    Items that cannot be compared with ``None`` or ``""`` (a nested array) leave ``items``
    as they are, for the checks that follow to name.
    """
    try:
        for empty in _EMPTY_CELLS:
            items = items[: used_length(items, empty)]
    except (TypeError, ValueError):
        pass
    return items


def _used_rows(rows: list[Any]) -> list[Any]:
    """``rows`` without trailing rows that are wholly ``None`` or wholly ``""`` (a fast pre-trim)."""
    first, last = rows[0], rows[-1]
    if not isinstance(first, list) or not isinstance(last, list) or not last or len(last) != len(first):
        return rows
    if not (last[0] is None or (isinstance(last[0], str) and not last[0])):
        return rows
    try:
        if last.count(last[0]) != len(last):
            return rows
        return rows[: used_length(rows, [last[0]] * len(last))]
    except (TypeError, ValueError):  # a cell that cannot be compared (a nested array)
        return rows


def as_grid(value: object, name: str) -> Grid:
    """Any Excel-shaped value as a rectangular list of rows (a flat list is one row), trimmed
    of trailing rows (and, for one row, trailing cells) that are wholly empty.

    Raises
    ------
    InputError
        Nested deeper than 2-D, or rows of different lengths.
    """
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if not isinstance(value, list | tuple):
        return [[value]]
    if isinstance(value, list) and value:
        value = _used_rows(value)
    if not value:
        return []
    if not any(isinstance(row, list | tuple | np.ndarray) for row in value):
        row = _without_empty_tail(list(value))
        return [row] if row else []
    grid = [
        list(row.tolist() if isinstance(row, np.ndarray) else row)
        if isinstance(row, list | tuple | np.ndarray)
        else [row]
        for row in value
    ]
    if len(grid) == 1:  # a whole row (1:1) passes 16,384 cells
        grid[0] = _without_empty_tail(grid[0])
        if not grid[0]:
            return []
    width = len(grid[0])
    for i, row in enumerate(grid):
        if len(row) != width:
            raise InputError.at(
                name, f"row {i + 1} has {len(row)} cells, row 1 has {width}: expected a rectangular range"
            )
        if any(isinstance(item, list | tuple | np.ndarray) for item in row):
            raise InputError.at(name, "expected a range of cells (at most 2-D)")
    return grid


def trim(grid: Grid) -> Grid:
    """Drop all-blank rows at the bottom and all-blank columns at the right."""
    rows = len(grid)
    while rows and all(is_blank(v) for v in grid[rows - 1]):
        rows -= 1
    if not rows:
        return []
    cols = len(grid[0])
    while cols and all(is_blank(grid[i][cols - 1]) for i in range(rows)):
        cols -= 1
    return [row[:cols] for row in grid[:rows]]


def cell_value(value: object) -> object:
    """A result cell: plain floats/ints/text; NaN/inf and ``None`` become ``""``.

    Text is returned as it is. A worksheet function's result is a value that Excel never
    evaluates as a formula, so a label typed as ``-x`` or ``=x`` comes back as typed, with
    no leading ``'``; files are another matter (:mod:`scoring.io.sanitize`).
    """
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return number if math.isfinite(number) else ""
    if value is None:
        return ""
    return str(value)


def one_line(error: BaseException) -> str:
    """The error as one line: the first problem, and how many more there were."""
    if isinstance(error, InputError) and len(error.problems) > 1:
        first = str(error.problems[0])
        return f"{first} (and {len(error.problems) - 1} more)"
    return " ".join(str(error).split()) or type(error).__name__
