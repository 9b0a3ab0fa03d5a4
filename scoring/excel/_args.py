r"""The friendly layer of the worksheet functions: turn what Excel passes into clean arrays.

No xlwings here: these are pure functions, so they are tested (and reusable) without Excel.
:mod:`scoring.excel._impl` builds the worksheet functions on them and :mod:`scoring.excel`
only decorates.

What Excel passes
-----------------
A single cell arrives as a scalar; a range as a list of rows (the worksheet functions ask
xlwings for 2-D lists, ``ndim=2``); a blank cell as ``None`` (xlwings Lite may pass ``""``);
an error cell such as ``#N/A`` as its text (``err_to_str=True``). Python callers may also
pass a flat list (read as one row), tuples or numpy arrays.

Rules, applied to every range argument
--------------------------------------
1. **Blank**: ``None``, ``""`` or text of spaces only.
2. **Trailing blanks are ignored**: all-blank rows at the bottom and all-blank columns at
   the right of a selected range are dropped (so ``A1:K100`` over a shorter table works,
   and so do whole columns such as ``A:K``, trimmed to their used extent before anything
   else: :mod:`scoring.excel._grid`). A blank cell *inside* the table is an error.
3. **Numbers**: ints and floats (not ``TRUE``/``FALSE``), and text that is a plain decimal
   number after trimming spaces: ``"12.5"``, ``" 7 "``, ``"-3"``, ``".5"``, ``"1e3"``.
   Nothing else is read as a number: no thousands separators, no decimal comma (``"1,5"``
   is 1.5 or 15 depending on the locale, so it is refused), no ``%``, no currency, no
   ``"inf"``/``"nan"``. NaN and infinities are refused too.
4. **Header row**: with at least two rows, the first row is a header when it has a
   non-blank cell, every non-blank cell in it is text that is not a number, and the second
   row holds at least one number. Header cells name the criteria (blank: ``C1``, ``C2``...).
5. **Label column**: with at least two columns, the first column is a label column when,
   below any header row, it has a non-blank cell, every non-blank cell in it is text that
   is not a number, and the second column (below any header row) holds at least one
   number. Labels name the designs (blank: ``D1``, ``D2``...).
6. **Where**: errors name the argument and the cell as counted in the range the user
   selected (1-based, header and label cells included): ``matrix: row 2, column 3 is
   "n/a", expected a number``. A one-row or one-column range counts cells:
   ``weights: cell 3 is "abc", expected a number``.

Directions use the same rules with "a direction" (``max``/``min``/``benefit``/``cost``/
``1``/``-1``...) in place of "a number"; one direction alone applies to every criterion.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from scoring._types import FloatArray
from scoring._validate import as_directions
from scoring.errors import InputError, InvalidMatrixError, InvalidWeightsError, ScoringError
from scoring.excel._grid import (
    NUMERIC_TYPES,
    Grid,
    as_grid,
    cell_value,
    describe,
    is_blank,
    one_line,
    to_number,
    trim,
)

__all__ = [
    "Grid",
    "Table",
    "as_grid",
    "cell_value",
    "describe",
    "is_blank",
    "one_line",
    "parse_directions",
    "parse_int",
    "parse_matrix",
    "parse_options",
    "parse_text",
    "parse_vector",
    "to_number",
    "trim",
]

ErrorFactory = Callable[[str, str], InputError]


def _is_label(value: object, is_value: Callable[[object], bool]) -> bool:
    """Text that is not a value (a number, or a direction) and not an Excel error such as #N/A."""
    return isinstance(value, str) and not is_blank(value) and not value.strip().startswith("#") and not is_value(value)


def _where(i: int, j: int, shape: tuple[int, int], cells: bool) -> str:
    if cells and (shape[0] == 1 or shape[1] == 1):
        return f"cell {max(i, j) + 1}"
    return f"row {i + 1}, column {j + 1}"


def _detect(grid: Grid, is_value: Callable[[object], bool]) -> tuple[bool, bool]:
    """(header row?, label column?) by rules 4 and 5 of the module docstring."""
    n_rows, n_cols = len(grid), len(grid[0])
    first = [v for v in grid[0] if not is_blank(v)]
    header = (
        n_rows >= 2 and bool(first) and all(_is_label(v, is_value) for v in first) and any(is_value(v) for v in grid[1])
    )
    top = 1 if header else 0
    column = [row[0] for row in grid[top:] if not is_blank(row[0])]
    labels = (
        n_cols >= 2
        and bool(column)
        and all(_is_label(v, is_value) for v in column)
        and any(is_value(row[1]) for row in grid[top:])
    )
    return header, labels


@dataclass(frozen=True, slots=True)
class Table:
    """A parsed numeric range: the numbers and whatever labelled them.

    ``values`` excludes the header row and label column; ``row_labels`` and
    ``column_labels`` are ``None`` when the range had none.
    """

    values: FloatArray
    row_labels: tuple[str, ...] | None
    column_labels: tuple[str, ...] | None

    @property
    def has_header(self) -> bool:
        """True if the range started with a header row."""
        return self.column_labels is not None

    def design_labels(self) -> tuple[str, ...]:
        """Row labels, or ``D1``, ``D2``... when the range had none."""
        return self.row_labels or tuple(f"D{i + 1}" for i in range(self.values.shape[0]))

    def criterion_labels(self) -> tuple[str, ...]:
        """Header labels, or ``C1``, ``C2``... when the range had none."""
        return self.column_labels or tuple(f"C{j + 1}" for j in range(self.values.shape[1]))


def _fast_numbers(value: object) -> FloatArray | None:
    """The common case in one step: a rectangular block of finite ints/floats."""
    if not isinstance(value, list) or not value or not isinstance(value[0], list):
        return None
    for row in value:
        if not isinstance(row, list):
            return None
        for item in row:
            if type(item) is not float and type(item) is not int:
                return None
    try:
        array = np.array(value, dtype=np.float64)
    except ValueError:  # ragged: the slow path reports where
        return None
    if array.ndim != 2 or not np.isfinite(array).all():
        return None
    return array


def _label_text(value: object, default: str) -> str:
    return default if is_blank(value) else str(value).strip()


def parse_matrix(value: object, name: str = "matrix", *, error: ErrorFactory = InvalidMatrixError.at) -> Table:
    """A designs x criteria range as a :class:`Table` (rules in the module docstring).

    Examples
    --------
    >>> t = parse_matrix([["", "cost", "speed"], ["A", "1", 2], ["B", 3, 4], [None, None, None]])
    >>> t.values.tolist(), t.row_labels, t.column_labels
    ([[1.0, 2.0], [3.0, 4.0]], ('A', 'B'), ('cost', 'speed'))
    """
    fast = _fast_numbers(value)
    if fast is not None:
        return Table(fast, None, None)
    grid = trim(as_grid(value, name))
    if not grid:
        raise error(name, "is blank, expected a range of numbers")
    header, labels = _detect(grid, lambda v: to_number(v) is not None)
    top, left = int(header), int(labels)
    body = [row[left:] for row in grid[top:]]
    if not body or not body[0]:
        raise error(name, "has labels but no numbers")
    shape = (len(grid), len(grid[0]))
    values = np.empty((len(body), len(body[0])), dtype=np.float64)
    for i, row in enumerate(body):
        for j, item in enumerate(row):
            number = to_number(item)
            if number is None:
                where = _where(i + top, j + left, shape, cells=False)
                finite = isinstance(item, NUMERIC_TYPES) and not isinstance(item, bool)
                expected = "a finite number" if finite else "a number"
                raise error(name, f"{where} is {describe(item)}, expected {expected}")
            values[i, j] = number
    row_labels = tuple(_label_text(row[0], f"D{i + 1}") for i, row in enumerate(grid[top:])) if labels else None
    column_labels = tuple(_label_text(v, f"C{j + 1}") for j, v in enumerate(grid[0][left:])) if header else None
    return Table(values, row_labels, column_labels)


def _vector_cells(
    value: object, name: str, is_value: Callable[[object], bool]
) -> tuple[list[Any], list[str], bool] | None:
    """The cells of a one-row or one-column range (after any header/label), their places,
    and whether it was a column."""
    grid = trim(as_grid(value, name))
    if not grid:
        return None
    header, labels = _detect(grid, is_value)
    top, left = int(header), int(labels)
    body = [row[left:] for row in grid[top:]]
    if not body or not body[0]:
        raise InputError.at(name, "has labels but no values")
    if len(body) > 1 and len(body[0]) > 1:
        raise InputError.at(name, f"expected one row or one column, got {len(body)} rows x {len(body[0])} columns")
    shape = (len(grid), len(grid[0]))
    cells = [(i, j, item) for i, row in enumerate(body) for j, item in enumerate(row)]
    places = [_where(i + top, j + left, shape, cells=True) for i, j, _ in cells]
    return [item for _, _, item in cells], places, len(body) > 1


def parse_vector(
    value: object, name: str, *, error: ErrorFactory = InvalidWeightsError.at
) -> tuple[FloatArray, bool] | None:
    """A row or column of numbers as ``(values, was_a_column)``; ``None`` when blank.

    Examples
    --------
    >>> values, column = parse_vector([["weight"], [2], [" 1 "], [None]], "weights")
    >>> values.tolist(), column
    ([2.0, 1.0], True)
    """
    fast = _fast_numbers(value)
    if fast is not None and (fast.shape[0] == 1 or fast.shape[1] == 1):
        return fast.reshape(-1), fast.shape[0] > 1
    found = _vector_cells(value, name, lambda v: to_number(v) is not None)
    if found is None:
        return None
    items, places, column = found
    out = np.empty(len(items), dtype=np.float64)
    for k, item in enumerate(items):
        number = to_number(item)
        if number is None:
            raise error(name, f"{places[k]} is {describe(item)}, expected a number")
        out[k] = number
    return out, column


def _direction_ok(value: object) -> bool:
    if is_blank(value):
        return False
    try:
        as_directions([value], 1)
    except ScoringError:
        return False
    return True


def parse_directions(value: object, n_criteria: int, name: str = "directions") -> list[object] | None:
    """Directions as a list for :func:`scoring.evaluate`; ``None`` when blank (all max).

    One direction alone applies to every criterion.

    Examples
    --------
    >>> parse_directions([["max", "min", " MAX "]], 3)
    ['max', 'min', ' MAX ']
    >>> parse_directions("min", 2)
    ['min', 'min']
    """
    found = _vector_cells(value, name, _direction_ok)
    if found is None:
        return None
    items, places, _ = found
    for item, place in zip(items, places, strict=True):
        if isinstance(item, str) and to_number(item) is not None:
            item = to_number(item)
        if not _direction_ok(item):
            raise InvalidMatrixError.at(
                name, f'{place} is {describe(item)}, expected "max" or "min" (or 1 / -1, "benefit" / "cost")'
            )
    cleaned = [to_number(i) if isinstance(i, str) and to_number(i) is not None else i for i in items]
    if len(cleaned) == 1 and n_criteria > 1:
        return cleaned * n_criteria
    return cleaned


def _scalar(value: object, name: str) -> object:
    """The single cell of a one-cell argument (a larger range is an error)."""
    if isinstance(value, list | tuple | np.ndarray):
        grid = trim(as_grid(value, name))
        if not grid:
            return None
        if len(grid) > 1 or len(grid[0]) > 1:
            raise InputError.at(name, f"expected a single cell, got {len(grid)} rows x {len(grid[0])} columns")
        return grid[0][0]
    return value


def parse_text(value: object, name: str, default: str | None) -> str | None:
    """A one-cell text argument, trimmed; ``default`` when blank."""
    item = _scalar(value, name)
    if is_blank(item):
        return default
    if not isinstance(item, str) or item.strip().startswith("#"):
        raise InputError.at(name, f"is {describe(item)}, expected text")
    return item.strip()


def parse_int(value: object, name: str, default: int, *, minimum: int, maximum: int, note: str = "") -> int:
    """A one-cell whole number in ``[minimum, maximum]``; ``default`` when blank.

    ``note`` is added to the out-of-range message (say why there is a cap).
    """
    item = _scalar(value, name)
    if is_blank(item):
        return default
    number = to_number(item)
    if number is None or number != int(number):
        raise InputError.at(name, f"is {describe(item)}, expected a whole number")
    if not minimum <= number <= maximum:
        extra = f" ({note})" if note else ""
        raise InputError.at(name, f"is {int(number)}, expected a whole number from {minimum} to {maximum}{extra}")
    return int(number)


def _option_value(text: object, name: str) -> object:
    number = to_number(text)
    if number is not None:
        return number
    if not isinstance(text, str):
        raise InputError.at(name, f"is {describe(text)}, expected a number or text")
    parts = [p.strip() for p in text.split(",")]
    if len(parts) > 1:
        numbers = [to_number(p) for p in parts]
        if any(n is None for n in numbers):
            bad = parts[[n is None for n in numbers].index(True)]
            raise InputError.at(
                name, f"list item {describe(bad)} is not a number (lists are numbers separated by commas)"
            )
        return [float(n) for n in numbers if n is not None]
    return text.strip()


def parse_options(value: object, name: str = "options") -> dict[str, Any]:
    """Method options from ``"name=value; name=value"`` or a two-column name/value range.

    Values are numbers, comma-separated lists of numbers (``"bounds=0,100"``) or text
    (``"preference=linear"``). Names are case-insensitive.

    Examples
    --------
    >>> parse_options("preference=linear; q=1; p=5")
    {'preference': 'linear', 'q': 1.0, 'p': 5.0}
    >>> parse_options([["bounds", "0,100"]])
    {'bounds': [0.0, 100.0]}
    """
    pairs: list[tuple[object, object, str]] = []
    grid = trim(as_grid(value, name))
    if not grid:
        return {}
    if len(grid) == 1 and len(grid[0]) == 1:
        text = grid[0][0]
        if not isinstance(text, str):
            raise InputError.at(name, f'is {describe(text)}, expected "name=value; name=value" or a name/value range')
        for k, part in enumerate(p for p in re.split(r"[;\n]", text) if p.strip()):
            key, sep, raw = part.partition("=")
            if not sep:
                raise InputError.at(name, f'item {k + 1} {describe(part)} has no "=", expected name=value')
            pairs.append((key, raw, f"item {k + 1}"))
    elif len(grid[0]) == 2:
        pairs = [(row[0], row[1], f"row {i + 1}") for i, row in enumerate(grid) if not all(is_blank(v) for v in row)]
    else:
        raise InputError.at(name, f"expected two columns (name, value), got {len(grid[0])}")
    options: dict[str, Any] = {}
    for key, raw, where in pairs:
        if not isinstance(key, str) or is_blank(key):
            raise InputError.at(name, f"{where}: name is {describe(key)}, expected an option name")
        option = key.strip().lower()
        if option in options:
            raise InputError.at(name, f"{where}: {option!r} is given twice")
        if is_blank(raw):
            raise InputError.at(name, f"{where}: {option!r} has no value")
        options[option] = _option_value(raw, f"{name} {option}")
    return options
