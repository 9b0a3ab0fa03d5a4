"""Exports of scored tables: CSV, XLSX, JSON (with provenance) and Markdown.

Every writer is atomic (see :mod:`scoring.io.atomic`) and neutralises formula
injection in text cells (see :mod:`scoring.io.sanitize`).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from scoring._json import EXPORT_DIGITS, plain, significant
from scoring.errors import UnknownNameError
from scoring.io.atomic import write_bytes, write_text
from scoring.io.sanitize import neutralise

if TYPE_CHECKING:
    import pandas as pd

    from scoring.result import Result

__all__ = [
    "FORMATS",
    "format_for",
    "provenance_footer",
    "result_document",
    "sidecar_for",
    "to_csv",
    "to_json",
    "to_markdown",
    "write_csv_with_provenance",
    "write_result",
    "write_xlsx_tables",
]

Format = Literal["csv", "json", "xlsx", "md"]
FORMATS: dict[str, Format] = {".csv": "csv", ".json": "json", ".xlsx": "xlsx", ".md": "md", ".markdown": "md"}


def format_for(path: str | Path, given: str | None = None) -> Format:
    """Pick the export format from ``given`` or else the file extension."""
    if given:
        key = given.lower().lstrip(".")
        for fmt in FORMATS.values():
            if key == fmt:
                return fmt
        raise UnknownNameError.at("--format", f"unknown format {given!r}; expected csv, json, xlsx or md")
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UnknownNameError.at(
            "--out", f"cannot tell the format from {Path(path).name!r}; expected a .csv, .json, .xlsx or .md name"
        )
    return FORMATS[suffix]


def result_document(result: Result, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The contract's JSON document: provenance, lens, method and ranked results (+ ``extra`` keys)."""
    extras = {
        key: value
        for key, value in result.details.items()
        if getattr(value, "ndim", 0) == 0  # per-design arrays go into each result row; matrices are left out
    }
    document: dict[str, Any] = {
        "provenance": dict(result.provenance),
        "lens": result.lens,
        "method": result.method,
        "higher_is_better": result.higher_is_better,
        "weights": dict(zip(result.labels()[2], result.weights.tolist(), strict=True)),
        "results": result.records(),
    }
    if extras:
        document["details"] = extras
    document.update(extra or {})
    ready: dict[str, Any] = plain(document, digits=EXPORT_DIGITS)
    return ready


def to_json(result: Result, extra: Mapping[str, Any] | None = None) -> str:
    """JSON text of :func:`result_document` (stable key order, UTF-8)."""
    return json.dumps(result_document(result, extra), indent=2, ensure_ascii=False) + "\n"


def _cell(value: Any) -> Any:
    """A table cell as exported: numbers to :data:`EXPORT_DIGITS` significant digits, text neutralised."""
    if isinstance(value, bool) or not isinstance(value, float):
        import numpy as np

        if isinstance(value, np.floating):
            value = float(value)
        elif isinstance(value, (np.integer, np.bool_)):
            return value.item()
        else:
            return neutralise(value)
    return significant(value) if math.isfinite(value) else None


def _rows(frame: pd.DataFrame) -> list[list[Any]]:
    return [[_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]


def to_csv(frame: pd.DataFrame) -> str:
    """CSV text of a table: formula-like text neutralised, numbers to 12 significant digits."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralise(str(c)) for c in frame.columns])
    writer.writerows(_rows(frame))
    return buffer.getvalue()


def to_markdown(frame: pd.DataFrame, *, digits: int = 1) -> str:
    """A GitHub-flavoured Markdown table (numbers rounded to ``digits``)."""

    def cell(value: Any) -> str:
        if isinstance(value, float):
            return f"{value:.{digits}f}"
        return str(value).replace("|", "\\|").replace("\n", " ")

    header = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---:" if frame[c].dtype.kind in "fi" else "---" for c in frame.columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False, name=None)]
    return "\n".join([header, rule, *body]) + "\n"


def write_xlsx_tables(
    path: str | Path,
    sheets: Mapping[str, pd.DataFrame],
    provenance: Mapping[str, Any],
    *,
    heatmap: Mapping[str, Sequence[str]] | None = None,
    number_format: str = "0.00",
) -> None:
    """Write formatted tables (one sheet each) plus a Provenance sheet, atomically.

    Each table gets a bold header, frozen header row, autofilter, column widths,
    a number format, and a three-colour heat-map on the columns named in
    ``heatmap[sheet]``. Text is always written as text (never as a formula).
    """
    import xlsxwriter

    buffer = io.BytesIO()  # built in memory, then written atomically in one go
    book = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": True},
    )
    header = book.add_format(
        {
            "bold": True,
            "bg_color": "#1F3864",
            "font_color": "#FFFFFF",
            "text_wrap": True,
            "valign": "top",
            "border": 1,
        }
    )
    number = book.add_format({"num_format": number_format})
    integer = book.add_format({"num_format": "0"})
    for name, frame in sheets.items():
        sheet = book.add_worksheet(name[:31])
        for j, column in enumerate(frame.columns):
            sheet.write_string(0, j, str(column), header)
            kind = frame[column].dtype.kind
            width = max(len(str(column)), *(len(str(v)) for v in frame[column].head(200)), 6)
            sheet.set_column(j, j, min(width + 2, 60), integer if kind in "iu" else number if kind == "f" else None)
        for i, row in enumerate(frame.itertuples(index=False, name=None), start=1):
            for j, value in enumerate(row):
                _write_cell(sheet, i, j, value)
        rows, cols = frame.shape
        sheet.freeze_panes(1, 0)
        if cols:
            sheet.autofilter(0, 0, max(rows, 1), cols - 1)
        for column in (heatmap or {}).get(name, ()):
            if column in frame.columns and rows:
                j = list(frame.columns).index(column)
                sheet.conditional_format(
                    1,
                    j,
                    rows,
                    j,
                    {
                        "type": "3_color_scale",
                        "min_color": "#F8696B",
                        "mid_color": "#FFEB84",
                        "max_color": "#63BE7B",
                    },
                )
    sheet = book.add_worksheet("Provenance")
    sheet.write_row(0, 0, ["field", "value"], header)
    for i, (key, value) in enumerate(provenance.items(), start=1):
        sheet.write_string(i, 0, str(key))
        text = value if isinstance(value, str) else json.dumps(plain(value, digits=EXPORT_DIGITS), ensure_ascii=False)
        sheet.write_string(i, 1, text)
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 90)
    book.close()
    write_bytes(path, buffer.getvalue())


def _write_cell(sheet: Any, row: int, col: int, value: Any) -> None:
    import numpy as np

    if isinstance(value, (bool, np.bool_)):
        sheet.write_boolean(row, col, bool(value))
    elif isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        if math.isfinite(number):
            sheet.write_number(row, col, significant(number))
        else:
            sheet.write_blank(row, col, None)
    elif value is None:
        sheet.write_blank(row, col, None)
    else:
        sheet.write_string(row, col, str(value))


def sidecar_for(path: str | Path) -> Path:
    """Where a CSV export's provenance goes: ``NAME.csv.provenance.json`` beside it."""
    return Path(f"{path}.provenance.json")


def write_csv_with_provenance(path: str | Path, frame: pd.DataFrame, provenance: Mapping[str, Any]) -> None:
    """A CSV table (kept plain, so every reader opens it) plus its provenance as a JSON sidecar."""
    write_text(path, to_csv(frame))
    document = {"table": Path(path).name, "provenance": dict(provenance)}
    write_text(
        sidecar_for(path), json.dumps(plain(document, digits=EXPORT_DIGITS), indent=2, ensure_ascii=False) + "\n"
    )


def provenance_footer(provenance: Mapping[str, Any]) -> str:
    """A Markdown footer listing the provenance fields."""
    lines = ["", "Provenance:", ""]
    for key, value in provenance.items():
        text = value if isinstance(value, str) else json.dumps(plain(value, digits=EXPORT_DIGITS), ensure_ascii=False)
        lines.append(f"- {key}: `{text}`")
    return "\n".join(lines) + "\n"


def write_result(
    result: Result, path: str | Path, fmt: str | None = None, *, extra: Mapping[str, Any] | None = None
) -> Format:
    """Write a scored table to ``path`` in ``fmt`` (default: from the extension).

    ``extra`` (for example ``{"dominance": {...}}``) goes into the JSON document and, as
    a sheet, into the XLSX workbook. The XLSX also has a Branches sheet (wsm on a
    scenario set) and a Weights sheet. Returns the format used. The file is replaced
    atomically; callers check overwrite permission first
    (:func:`scoring.io.atomic.check_output`).
    """
    chosen = format_for(path, fmt)
    table = result.table
    if chosen == "json":
        write_text(path, to_json(result, extra))
    elif chosen == "csv":
        write_csv_with_provenance(path, table, result.provenance)
    elif chosen == "md":
        write_text(path, to_markdown(table) + provenance_footer(result.provenance))
    else:
        import pandas as pd

        weights = pd.DataFrame({"criterion": list(result.labels()[2]), "weight": result.weights})
        sheets: dict[str, pd.DataFrame] = {"Results": table, "Weights": weights}
        if result.branch_contributions is not None:
            order = result.order()
            branches = pd.DataFrame(result.branch_contributions[order], columns=list(result.branch_ids))
            branches.insert(0, "design", [result.design_ids[i] for i in order])
            branches["total"] = result.scores[order]
            sheets["Branches"] = branches
        dominance = (extra or {}).get("dominance")
        if dominance is not None:
            rows = [(d, "Pareto set", "") for d in dominance["pareto"]]
            rows += [(row["design"], "dominated", ", ".join(row["by"])) for row in dominance["dominated"]]
            sheets["Dominance"] = pd.DataFrame(rows, columns=["design", "status", "dominated by"])
        write_xlsx_tables(path, sheets, result.provenance, heatmap={"Results": ["score"]})
    return chosen
