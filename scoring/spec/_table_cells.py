"""The cells of a plain table (:mod:`scoring.spec.table`): names, numbers and special rows, each problem located."""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from scoring.errors import InputError, Problem, unknown_name
from scoring.model import Score

if TYPE_CHECKING:
    from scoring.io.tables import RawTable
    from scoring.spec.table import TableOptions

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MAX_PROBLEMS = 20


class Problems:
    def __init__(self, raw: RawTable) -> None:
        self.raw = raw
        self.found: list[Problem] = []

    def add(self, row: int, column: int, message: str) -> None:
        if len(self.found) < _MAX_PROBLEMS:
            self.found.append(Problem(self.raw.locate(row, column), message))
        elif len(self.found) == _MAX_PROBLEMS:
            self.found.append(Problem(self.raw.name, "... and more problems (fix these first)"))

    def raise_any(self) -> None:
        InputError.collect(self.found)


def text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def is_blank(value: Any) -> bool:
    return (
        value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, float) and value != value)
    )


def ident_of(name: str) -> str:
    if _ID.match(name):
        return name
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if not slug or not slug[0].isalpha():
        slug = f"x_{slug}".rstrip("_")
    return slug[:64].rstrip("_")


def number_of(value: Any) -> float | None:
    """A cell as a float, or None when it is not a number (text, bool, blank)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def shown(value: Any) -> str:
    return '""' if value is None else f'"{value}"' if isinstance(value, str) else repr(value)


def numbers(cells: list[list[Any]], rows: list[int], names: list[str], problems: Problems) -> np.ndarray:
    """The body as a float array; every cell that is not a finite number is a problem.

    One numpy conversion does the work; only when it fails (or meets a blank, a bool or a
    non-finite value) are the cells examined one by one, to name each bad one.
    """
    shape = (len(rows), len(names))
    try:
        values = np.array(cells, dtype=np.float64)
        if values.shape != shape or not np.isfinite(values).all():
            raise ValueError("not all finite")
        if not isinstance(cells[0][0], str) and any(isinstance(v, (bool, np.bool_)) for row in cells for v in row):
            raise ValueError("bool")
        return values
    except (TypeError, ValueError):
        pass
    values = np.zeros(shape)
    for i, row in enumerate(cells):
        for j, cell in enumerate(row):
            number = number_of(cell)
            if number is not None and math.isfinite(number):
                values[i, j] = number
                continue
            if is_blank(cell):
                what = "is blank, expected a number"
            elif number is not None:
                what = f"{shown(cell)} is not a finite number"
            else:
                decimal_comma = isinstance(cell, str) and re.fullmatch(r"\s*-?\d+,\d+\s*", cell)
                what = f"{shown(cell)} is not a number" + (" (use a point for decimals)" if decimal_comma else "")
            problems.add(rows[i], j + 1, f"column {names[j]!r}: {what}")
    return values


def header_names(raw: RawTable, problems: Problems) -> list[str]:
    header = raw.rows[0]
    names: list[str] = []
    seen: dict[str, int] = {}
    for j, value in enumerate(header[1:], start=1):
        name = text_of(value)
        if (0, j) in raw.formulas:
            problems.add(0, j, "expected a criterion name typed in, found a formula")
        elif not name:
            problems.add(0, j, f"column {j + 1} has no criterion name in the header row")
        elif CONTROL.search(name) or len(name) > 300:
            problems.add(0, j, f"criterion name {name[:40]!r}: expected one line of at most 300 characters")
        elif name in seen:
            problems.add(0, j, f"criterion {name!r} named twice (first in column {seen[name] + 1})")
        else:
            seen[name] = j
        names.append(name)
    if not names:
        problems.add(0, 0, "expected a header row: a label for the design column, then one criterion name per column")
    return names


class Columns:
    """Column lookup for the options: by header name, by id, or case-insensitively."""

    def __init__(self, names: list[str], ids: list[str], options: TableOptions) -> None:
        self.names, self.ids, self.options = names, ids, options
        self.lookup = {**{n.lower(): j for j, n in enumerate(names)}, **{i: j for j, i in enumerate(ids)}}
        self.lookup.update({n: j for j, n in enumerate(names)})

    def find(self, column: str, option: str, problems: list[Problem]) -> int | None:
        key = str(column).strip()
        j = self.lookup.get(key, self.lookup.get(key.lower()))
        if j is None:
            error = unknown_name(self.options.label(option), "column", key, self.names)
            problems.extend(error.problems)
        return j

    def weights(self, given: Mapping[str, float], problems: list[Problem]) -> list[float]:
        points = [math.nan] * len(self.names)
        where = self.options.label("weights")
        for column, value in given.items():
            j = self.find(column, "weights", problems)
            number = number_of(value)
            if j is None:
                continue
            if number is None or not math.isfinite(number) or number < 0:
                problems.append(Problem(where, f"column {self.names[j]!r}: expected points >= 0, got {value!r}"))
            else:
                points[j] = number
        missing = [n for n, p in zip(self.names, points, strict=True) if math.isnan(p)]
        if missing and not problems:
            problems.append(
                Problem(
                    where, f"no weight for {', '.join(map(repr, missing))} (give every column points; 0 leaves it out)"
                )
            )
        return points


def unique_ids(names: list[str], places: list[tuple[int, int]], kind: str, problems: Problems) -> list[str]:
    ids: list[str] = []
    first: dict[str, tuple[str, int, int]] = {}
    for name, (r, c) in zip(names, places, strict=True):
        ident = ident_of(name)
        if ident in first and first[ident][0] != name:
            other, r0, c0 = first[ident]
            problems.add(
                r,
                c,
                f"{kind} {name!r} and {other!r} ({problems.raw.locate(r0, c0)}) both give the id {ident!r}; rename one",
            )
        first.setdefault(ident, (name, r, c))
        ids.append(ident)
    return ids


def directions_row(raw: RawTable, row: int | None, names: list[str], problems: Problems) -> list[str]:
    from scoring._validate import _DIRECTION_ALIASES

    directions = ["benefit"] * len(names)
    if row is None:
        return directions
    cells = raw.rows[row]
    for j in range(len(names)):
        value = cells[j + 1] if j + 1 < len(cells) else None
        if is_blank(value):
            continue
        key = text_of(value).lower()
        if key not in _DIRECTION_ALIASES:
            problems.add(
                row, j + 1, f"column {names[j]!r}: direction {shown(value)}, expected benefit or cost (or max/min)"
            )
        else:
            directions[j] = "benefit" if _DIRECTION_ALIASES[key] > 0 else "cost"
    return directions


def row_numbers(raw: RawTable, row: int, names: list[str]) -> list[tuple[int, Any, float | None]]:
    cells = raw.rows[row]
    out = []
    for j in range(len(names)):
        value = cells[j + 1] if j + 1 < len(cells) else None
        out.append((j, value, None if is_blank(value) else number_of(value)))
    return out


def points_row(raw: RawTable, row: int | None, names: list[str], problems: Problems) -> list[float] | None:
    if row is None:
        return None
    points = []
    for j, value, number in row_numbers(raw, row, names):
        if number is None or not math.isfinite(number) or number < 0:
            what = "is blank" if is_blank(value) else f"is {shown(value)}"
            problems.add(row, j + 1, f"column {names[j]!r}: weight {what}, expected points >= 0 (0 leaves it out)")
            number = 0.0
        points.append(number)
    return points


def ends_row(raw: RawTable, row: int | None, names: list[str], problems: Problems) -> list[float]:
    ends = [math.nan] * len(names)
    if row is None:
        return ends
    for j, value, number in row_numbers(raw, row, names):
        if is_blank(value):
            continue
        if number is None or not math.isfinite(number):
            problems.add(row, j + 1, f"column {names[j]!r}: scale end {shown(value)} is not a number")
        else:
            ends[j] = number
    return ends


def plain_number(number: float) -> str:
    text = f"{number:.15g}"
    return text if float(text) == number else repr(number)


def unranged_scores(levels: np.ndarray) -> tuple[tuple[Score, ...], ...]:
    """``Score(x, x, x)`` for every level, built without ``__init__`` (a table has 100,000 of them).

    The levels are finite and within 0-100 (checked above), so the per-object checks of
    ``__init__``/``__post_init__`` would only repeat that; every other field takes its declared
    default (read from the dataclass, so a field added to :class:`Score` is covered). Equal to
    ``Score(x, x, x)`` (tested in tests/io/test_tables.py); about a third faster.
    """
    fields = dataclasses.fields(Score)
    setters = {f.name: getattr(Score, f.name).__set__ for f in fields}
    level_setters = [setters.pop(name) for name in ("base", "low", "high")]
    defaults = [(setters[f.name], f.default) for f in fields if f.name in setters]
    if any(value is dataclasses.MISSING for _, value in defaults):  # a new required field: take the slow road
        return tuple(tuple(Score(x, x, x) for x in row) for row in levels.tolist())
    new = object.__new__
    set_base, set_low, set_high = level_setters

    def make(level: float) -> Score:
        score: Score = new(Score)
        set_base(score, level)
        set_low(score, level)
        set_high(score, level)
        for setter, value in defaults:
            setter(score, value)
        return score

    return tuple(tuple([make(x) for x in row]) for row in levels.tolist())
