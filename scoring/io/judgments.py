"""Read weighting judgments (swing points, a ranking, a pairwise matrix) from a file.

Accepted layouts
----------------
YAML or JSON::

    kind: swing            # swing | direct | roc | rank_sum | ahp
    values:                # swing / direct / roc / rank_sum: one number per criterion id
      deterrence_credibility: 100
      escalation_risk: 60
    # or, for ahp, the criteria in order and the pairwise matrix (row i vs column j):
    criteria: [deterrence_credibility, escalation_risk, us_participation]
    pairwise:
      - [1, 3, 5]
      - [1/3, 1, 2]        # fractions like 1/3 are accepted as text
      - [1/5, 1/2, 1]

CSV: two columns ``criterion,value`` (swing, direct, roc, rank_sum), or a square
matrix with criterion ids in the header row and the first column (ahp).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from scoring.errors import InputError, Problem
from scoring.io.files import read_regular, shown
from scoring.limits import MAX_CRITERIA, MAX_JUDGMENTS_BYTES, MAX_NUMBER_CHARS, fold
from scoring.spec._located import Located, parse

__all__ = ["Judgments", "load_judgments"]

MAX_BYTES = MAX_JUDGMENTS_BYTES
_INDEX = r"\[(\d+)(?:, (\d+))?\]|(?:weight|rank|point|cell|value) (\d+)"
KINDS = ("swing", "direct", "roc", "rank_sum", "ahp")


@dataclass(frozen=True, slots=True)
class Judgments:
    """What a judgments file says: the kind, the criterion ids and the numbers.

    ``lines`` holds the ``file:line`` of each value (swing, direct, roc, rank_sum) or of
    each pairwise row (ahp), so that errors found later can name them.
    """

    kind: str
    criteria: tuple[str, ...]
    values: tuple[float, ...] = ()
    pairwise: tuple[tuple[float, ...], ...] = ()
    lines: tuple[str, ...] = ()

    def locate(self, error: InputError) -> InputError:
        """Re-anchor an error from the weighting functions (``points: ...``, ``pairwise[2, 1]: ...``)."""
        problems = []
        for problem in error.problems:
            where = self.lines[0].rsplit(":", 1)[0] if self.lines else ""
            found = re.search(_INDEX, problem.where) or re.search(_INDEX, problem.message)
            if found and self.lines:
                index = int(found.group(1) or found.group(3)) - 1
                if 0 <= index < len(self.lines):
                    where = self.lines[index]
            message = f"{problem.where}: {problem.message}" if problem.where else problem.message
            problems.append(Problem(where, message))
        return InputError(problems)


_FRACTION = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d{1,3})?(?:\s*/\s*\d+(?:\.\d*)?)?")


def _number(value: Any, where: str) -> float:
    """A finite number, or a fraction such as ``1/3``; the text is bounded before it is converted."""
    if isinstance(value, bool):
        raise InputError.at(where, f"expected a number, got {value!r}")
    if isinstance(value, (int, float)):
        number = float(value) if abs(value) < 1e308 else float("inf")
    else:
        text = str(value).strip()
        if len(text) > MAX_NUMBER_CHARS or not _FRACTION.fullmatch(text):
            shown_text = text if len(text) <= 40 else text[:37] + "..."
            raise InputError.at(where, f"expected a number or a fraction such as 1/3, got {shown_text!r}")
        try:
            number = float(Fraction(text.replace(" ", "")))
        except (ValueError, ZeroDivisionError, OverflowError):
            raise InputError.at(where, f"expected a number or a fraction such as 1/3, got {text!r}") from None
    if number - number != 0:
        raise InputError.at(where, f"expected a finite number, got {value!r}")
    return number


def _criteria(ids: list[str], where: str) -> tuple[str, ...]:
    """Criterion ids: at most MAX_CRITERIA, none repeated (ignoring case, as spreadsheets match them)."""
    if len(ids) > MAX_CRITERIA:
        raise InputError.at(where, f"{len(ids):,} criteria; at most {MAX_CRITERIA} are allowed")
    seen: dict[str, str] = {}
    for ident in ids:
        if len(ident) > 64:
            raise InputError.at(where, f"criterion id {ident[:40]!r}... is over 64 characters")
        if fold(ident) in seen:
            raise InputError.at(
                where, f"criterion {ident!r} is given twice (as {seen[fold(ident)]!r}; ids ignore case)"
            )
        seen[fold(ident)] = ident
    return tuple(ids)


def _from_mapping(doc: Located, kind: str | None) -> Judgments:
    data, name = doc.data, doc.name
    if not isinstance(data, dict):
        raise InputError.at(name, "expected a mapping with 'kind' and 'values' (or 'criteria' and 'pairwise')")
    chosen = str(kind or data.get("kind") or ("ahp" if "pairwise" in data else "")).lower()
    if chosen not in KINDS:
        raise InputError.at(
            doc.where(("kind",)), f"kind: expected one of {', '.join(KINDS)}, got {chosen or 'nothing'!r}"
        )
    if chosen == "ahp":
        criteria = data.get("criteria")
        rows = data.get("pairwise")
        if not isinstance(criteria, list) or not isinstance(rows, list) or not criteria:
            raise InputError.at(name, "ahp needs 'criteria' (a list of ids) and 'pairwise' (a list of rows)")
        size = len(criteria)
        matrix = []
        for i, row in enumerate(rows):
            where = doc.where(("pairwise", i))
            if not isinstance(row, list) or len(row) != size:
                got = f"{len(row)} values" if isinstance(row, list) else repr(row)
                raise InputError.at(
                    where, f"pairwise row {i + 1}: expected {size} values (one per criterion), got {got}"
                )
            matrix.append(
                tuple(_number(v, f"{where}: pairwise row {i + 1}, column {j + 1}") for j, v in enumerate(row))
            )
        if len(matrix) != size:
            raise InputError.at(
                doc.where(("pairwise",)), f"pairwise: expected {size} rows (one per criterion), got {len(matrix)}"
            )
        lines = tuple(doc.where(("pairwise", i)) for i in range(size))
        return Judgments("ahp", _criteria(list(map(str, criteria)), name), pairwise=tuple(matrix), lines=lines)
    values = data.get("values")
    if not isinstance(values, dict) or not values:
        raise InputError.at(doc.where(("values",)), "values: expected a mapping of criterion id to number")
    return Judgments(
        chosen,
        _criteria(list(map(str, values)), name),
        values=tuple(_number(v, f"{doc.where(('values', k))}: values.{k}") for k, v in values.items()),
        lines=tuple(doc.where(("values", k)) for k in values),
    )


def _from_csv(text: str, name: str, kind: str | None) -> Judgments:
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise InputError.at(name, f"not a readable CSV table ({exc})") from None
    numbered = [(n, row) for n, row in enumerate(rows, start=1) if any(c.strip() for c in row)]
    if not numbered:
        raise InputError.at(name, "the file is empty")
    first = numbered[0][1]
    chosen = (kind or ("ahp" if len(first) > 2 else "swing")).lower()
    if chosen == "ahp":
        criteria = _criteria([cell.strip() for cell in first[1:]], name)
        body = numbered[1:]
        if len(body) != len(criteria):
            raise InputError.at(
                name, f"expected {len(criteria)} matrix rows after the header (one per criterion), got {len(body)}"
            )
        matrix = []
        for i, (line, row) in enumerate(body):
            if len(row) != len(criteria) + 1:
                raise InputError.at(
                    f"{name}:{line}", f"expected {len(criteria) + 1} cells (label + one per criterion), got {len(row)}"
                )
            if row[0].strip() != criteria[i]:
                raise InputError.at(
                    f"{name}:{line}", f"row label {row[0].strip()!r} should be {criteria[i]!r} (rows in header order)"
                )
            matrix.append(tuple(_number(v, f"{name}:{line}: column {j + 2}") for j, v in enumerate(row[1:])))
        return Judgments("ahp", criteria, pairwise=tuple(matrix), lines=tuple(f"{name}:{line}" for line, _ in body))
    header = len(first) > 1 and first[1].strip().lower() in ("value", "points", "rank", "weight")
    body = numbered[1:] if header else numbered
    for line, row in body:
        if len(row) < 2 or not row[0].strip():
            raise InputError.at(f"{name}:{line}", "expected two columns: criterion, value")
    values = tuple(_number(row[1], f"{name}:{line}") for line, row in body)
    return Judgments(
        chosen,
        _criteria([row[0].strip() for _, row in body], name),
        values=values,
        lines=tuple(f"{name}:{line}" for line, _ in body),
    )


def load_judgments(path: str | Path, kind: str | None = None) -> Judgments:
    """Read a judgments file (.yaml/.yml/.json/.csv); ``kind`` overrides the file's own.

    Raises
    ------
    InputError
        Unreadable, too large, or not in one of the layouts above (``file:line`` named).
    """
    file = Path(path)
    name = shown(path)
    raw = read_regular(file, MAX_BYTES, what="judgments file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.at(name, f"expected UTF-8 text (undecodable byte at offset {exc.start})") from None
    suffix = file.suffix.lower()
    if suffix == ".csv":
        return _from_csv(text, name, kind)
    if suffix in (".json", ".yaml", ".yml"):
        return _from_mapping(parse(text, name, is_json=suffix == ".json"), kind)
    raise InputError.at(name, f"expected a .yaml, .yml, .json or .csv file, got {suffix or 'no extension'!r}")
