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
import json
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from scoring.errors import InputError

__all__ = ["Judgments", "load_judgments"]

MAX_BYTES = 1024 * 1024
KINDS = ("swing", "direct", "roc", "rank_sum", "ahp")


@dataclass(frozen=True, slots=True)
class Judgments:
    """What a judgments file says: the kind, the criterion ids and the numbers."""

    kind: str
    criteria: tuple[str, ...]
    values: tuple[float, ...] = ()
    pairwise: tuple[tuple[float, ...], ...] = ()


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool):
        raise InputError.at(where, f"expected a number, got {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(Fraction(str(value).strip()))
    except (ValueError, ZeroDivisionError):
        raise InputError.at(where, f"expected a number or a fraction such as 1/3, got {value!r}") from None


def _from_mapping(data: Any, name: str, kind: str | None) -> Judgments:
    if not isinstance(data, dict):
        raise InputError.at(name, "expected a mapping with 'kind' and 'values' (or 'criteria' and 'pairwise')")
    chosen = str(kind or data.get("kind") or ("ahp" if "pairwise" in data else "")).lower()
    if chosen not in KINDS:
        raise InputError.at(f"{name}: kind", f"expected one of {', '.join(KINDS)}, got {chosen or 'nothing'!r}")
    if chosen == "ahp":
        criteria = data.get("criteria")
        rows = data.get("pairwise")
        if not isinstance(criteria, list) or not isinstance(rows, list):
            raise InputError.at(name, "ahp needs 'criteria' (a list of ids) and 'pairwise' (a list of rows)")
        matrix = tuple(
            tuple(_number(v, f"{name}: pairwise row {i + 1}, column {j + 1}") for j, v in enumerate(row))
            for i, row in enumerate(rows)
            if isinstance(row, list)
        )
        return Judgments("ahp", tuple(map(str, criteria)), pairwise=matrix)
    values = data.get("values")
    if not isinstance(values, dict) or not values:
        raise InputError.at(f"{name}: values", "expected a mapping of criterion id to number")
    return Judgments(
        chosen,
        tuple(map(str, values)),
        values=tuple(_number(v, f"{name}: values.{k}") for k, v in values.items()),
    )


def _from_csv(text: str, name: str, kind: str | None) -> Judgments:
    rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    if not rows:
        raise InputError.at(name, "the file is empty")
    chosen = (kind or ("ahp" if len(rows[0]) > 2 else "swing")).lower()
    if chosen == "ahp":
        criteria = tuple(cell.strip() for cell in rows[0][1:])
        matrix = tuple(
            tuple(_number(v, f"{name}:{i + 2}: column {j + 2}") for j, v in enumerate(row[1:]))
            for i, row in enumerate(rows[1:])
        )
        return Judgments("ahp", criteria, pairwise=matrix)
    body = rows[1:] if rows[0][1].strip().lower() in ("value", "points", "rank", "weight") else rows
    offset = 2 if body is not rows else 1
    values = tuple(_number(row[1] if len(row) > 1 else "", f"{name}:{i + offset}") for i, row in enumerate(body))
    return Judgments(chosen, tuple(row[0].strip() for row in body), values=values)


def load_judgments(path: str | Path, kind: str | None = None) -> Judgments:
    """Read a judgments file (.yaml/.yml/.json/.csv); ``kind`` overrides the file's own.

    Raises
    ------
    InputError
        Unreadable, too large, or not in one of the layouts above (the field is named).
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
    if suffix == ".json":
        try:
            return _from_mapping(json.loads(text), name, kind)
        except json.JSONDecodeError as exc:
            raise InputError.at(f"{name}:{exc.lineno}", f"invalid JSON: {exc.msg}") from None
    if suffix in (".yaml", ".yml"):
        from scoring._located import Walker, compose

        node = compose(text, name)
        return _from_mapping(None if node is None else Walker(name).walk(node), name, kind)
    raise InputError.at(name, f"expected a .yaml, .yml, .json or .csv file, got {suffix or 'no extension'!r}")
