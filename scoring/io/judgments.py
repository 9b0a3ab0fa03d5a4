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
from scoring.spec._located import Located, parse

__all__ = ["Judgments", "load_judgments"]

MAX_BYTES = 1024 * 1024
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


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool):
        raise InputError.at(where, f"expected a number, got {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(Fraction(str(value).strip()))
    except (ValueError, ZeroDivisionError):
        raise InputError.at(where, f"expected a number or a fraction such as 1/3, got {value!r}") from None


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
        return Judgments("ahp", tuple(map(str, criteria)), pairwise=tuple(matrix), lines=lines)
    values = data.get("values")
    if not isinstance(values, dict) or not values:
        raise InputError.at(doc.where(("values",)), "values: expected a mapping of criterion id to number")
    return Judgments(
        chosen,
        tuple(map(str, values)),
        values=tuple(_number(v, f"{doc.where(('values', k))}: values.{k}") for k, v in values.items()),
        lines=tuple(doc.where(("values", k)) for k in values),
    )


def _from_csv(text: str, name: str, kind: str | None) -> Judgments:
    numbered = [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text)), start=1) if any(c.strip() for c in row)]
    if not numbered:
        raise InputError.at(name, "the file is empty")
    first = numbered[0][1]
    chosen = (kind or ("ahp" if len(first) > 2 else "swing")).lower()
    if chosen == "ahp":
        criteria = tuple(cell.strip() for cell in first[1:])
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
        tuple(row[0].strip() for _, row in body),
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
    name = str(path)
    try:
        if file.stat().st_size > MAX_BYTES:
            raise InputError.at(name, f"judgments files are limited to {MAX_BYTES} bytes")
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError.at(name, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError.at(name, f"cannot read the file ({exc})") from None
    suffix = file.suffix.lower()
    if suffix == ".csv":
        return _from_csv(text, name, kind)
    if suffix in (".json", ".yaml", ".yml"):
        return _from_mapping(parse(text, name, is_json=suffix == ".json"), kind)
    raise InputError.at(name, f"expected a .yaml, .yml, .json or .csv file, got {suffix or 'no extension'!r}")
