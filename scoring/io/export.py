"""Exports of scored tables: CSV, XLSX, JSON (with provenance) and Markdown.

Every writer is atomic (see :mod:`scoring.io.atomic`; a CSV and its provenance sidecar
land together or not at all) and neutralises formula injection in text cells (see
:mod:`scoring.io.sanitize`): in CSV every text field is quoted and every line of it that
could start a formula is neutralised; in Markdown every ASCII punctuation character of
the data is backslash-escaped, so no HTML, link or table syntax comes from the data.
The writers replace an existing file unless ``force=False`` (the command line passes
its ``--force``).
"""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from scoring._json import EXPORT_DIGITS, plain, significant
from scoring.errors import UnknownNameError
from scoring.io.atomic import write_bytes, write_files, write_text
from scoring.io.sanitize import neutralise, neutralise_lines

if TYPE_CHECKING:
    import pandas as pd

    from scoring.result import Result

__all__ = [
    "FORMATS",
    "code_span",
    "format_for",
    "markdown_text",
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
        raise UnknownNameError.at("format", f"unknown format {given!r}; expected csv, json, xlsx or md")
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UnknownNameError.at(
            "out", f"cannot tell the format from {Path(path).name!r}; expected a .csv, .json, .xlsx or .md name"
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


def _csv_field(value: Any) -> str:
    """One CSV field: numbers bare (:data:`EXPORT_DIGITS` significant digits), text always quoted
    with every line neutralised."""
    import numpy as np

    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = _cell(value)
        return "" if number is None else str(number)
    text = neutralise_lines(str(value))
    return '"' + text.replace('"', '""') + '"'


def _float_field(number: float) -> str:
    return str(significant(number)) if math.isfinite(number) else ""


def _csv_column(values: pd.Series) -> list[str]:
    """The fields of one column, as :func:`_csv_field` writes them; a numeric column in one pass."""
    import numpy as np

    kind = values.dtype.kind if isinstance(values.dtype, np.dtype) else "O"  # pandas' nullable types: one by one
    if kind == "f":
        return [_float_field(number) for number in values.tolist()]
    if kind in "iub":
        return [str(item) for item in values.tolist()]
    return [_csv_field(item) for item in values.tolist()]


def to_csv(frame: pd.DataFrame) -> str:
    """CSV text of a table: every text field quoted (a ``;`` or a line break stays inside it) and
    every line of it that could start a formula prefixed with ``'``; numbers to 12 significant digits."""
    lines = [",".join(_csv_field(str(c)) for c in frame.columns)]
    columns = [_csv_column(frame.iloc[:, k]) for k in range(frame.shape[1])]
    lines.extend(",".join(row) for row in zip(*columns, strict=True))
    return "\n".join(lines) + "\n"


_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")


def markdown_text(value: object) -> str:
    r"""Text that Markdown renders literally: every ASCII punctuation mark backslash-escaped
    (so no HTML, link, emphasis or table syntax), line breaks as spaces.

    Examples
    --------
    >>> print(markdown_text(r"<b>x</b> a\|b"))
    \<b\>x\<\/b\> a\\\|b
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(value)))


def code_span(value: object) -> str:
    """``value`` as a Markdown code span (shown verbatim): the fence is one backtick longer
    than any run of backticks inside, and line breaks become spaces.

    Examples
    --------
    >>> code_span("a`b")
    '``a`b``'
    """
    text = _LINE_BREAKS.sub(" ", str(value))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def to_markdown(frame: pd.DataFrame, *, digits: int = 1) -> str:
    """A GitHub-flavoured Markdown table (numbers rounded to ``digits``; text escaped, see :func:`markdown_text`)."""

    def cell(value: Any) -> str:
        if isinstance(value, float):
            return f"{value:.{digits}f}"
        return markdown_text(value)

    header = "| " + " | ".join(markdown_text(c) for c in frame.columns) + " |"
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
    force: bool = True,
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
    write_bytes(path, buffer.getvalue(), force=force)


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


def write_csv_with_provenance(
    path: str | Path, frame: pd.DataFrame, provenance: Mapping[str, Any], *, force: bool = True
) -> None:
    """A CSV table (kept plain, so every reader opens it) plus its provenance as a JSON sidecar,
    written together: both land or neither does."""
    document = {"table": Path(path).name, "provenance": dict(provenance)}
    sidecar = json.dumps(plain(document, digits=EXPORT_DIGITS), indent=2, ensure_ascii=False) + "\n"
    write_files({path: to_csv(frame).encode("utf-8"), sidecar_for(path): sidecar.encode("utf-8")}, force=force)


def provenance_footer(provenance: Mapping[str, Any]) -> str:
    """A Markdown footer listing the provenance fields."""
    lines = ["", "Provenance:", ""]
    for key, value in provenance.items():
        text = value if isinstance(value, str) else json.dumps(plain(value, digits=EXPORT_DIGITS), ensure_ascii=False)
        name = key if re.fullmatch(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*", str(key)) else markdown_text(key)
        lines.append(f"- {name}: {code_span(text)}")
    return "\n".join(lines) + "\n"


def write_result(
    result: Result,
    path: str | Path,
    fmt: str | None = None,
    *,
    extra: Mapping[str, Any] | None = None,
    force: bool = True,
) -> Format:
    """Write a scored table to ``path`` in ``fmt`` (default: from the extension).

    ``extra`` (for example ``{"dominance": {...}}``) goes into the JSON document and, as
    a sheet, into the XLSX workbook. The XLSX also has a Branches sheet (wsm on a
    scenario set) and a Weights sheet. Returns the format used. The file is replaced
    atomically; with ``force=False`` an existing file is never replaced (checked at the
    moment the file takes its name).
    """
    chosen = format_for(path, fmt)
    table = result.table
    if chosen == "json":
        write_text(path, to_json(result, extra), force=force)
    elif chosen == "csv":
        write_csv_with_provenance(path, table, result.provenance, force=force)
    elif chosen == "md":
        write_text(path, to_markdown(table) + provenance_footer(result.provenance), force=force)
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
        write_xlsx_tables(path, sheets, result.provenance, heatmap={"Results": ["score"]}, force=force)
    return chosen
