"""Write the analyst workbook template: ``gscore template [SOURCE] --out PATH``.

The workbook is a macro-free ``.xlsx`` that computes totals and ranks with native
formulas only (Excel 2010+ and LibreOffice 7.4+; no Python needed). Sheets:

- **About**: purpose, how to use, the scenario's title/version/question/source,
  provenance (package version, input sha256, the command that generated it), and the
  settings the formulas use (``ScaleMin``/``ScaleMax``, ``TieTolerance``, direction
  and check labels);
- **Criteria**: the value-tree branches, then one row per criterion (id, name, branch,
  direction, description, scale descriptors 0/25/50/75/100, evidence quotes and notes);
- **Weights**: one column of points per lens plus the analyst's own ``swing`` column;
  the active lens is picked in a drop-down (``ActiveLens``); active weights are the
  active column's points divided by their sum;
- **Scores**: criterion rows (id, name, direction, branch, active weight), then the
  base, low, high, rationale, confidence and grounding blocks (designs x criteria);
- **Results**, **Checks**, **Changes**: see :mod:`scoring.workbook.calc`.

The built-in set's template is committed as ``templates/article-workbook.xlsx`` and
regenerated with::

    gscore template --out templates/article-workbook.xlsx --force

Output is byte-stable for the same scenario and package version: fixed document
timestamps and fixed zip member times.

The criterion ids are the defined name ``CriterionIds``; no name ``Criteria`` is written,
because Excel reserves it (see :mod:`~scoring.workbook.layout`).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

from scoring.io.atomic import atomic_stream
from scoring.model import SCALE_MAX, SCALE_MIN, ScenarioSet
from scoring.provenance import package_version
from scoring.ranking import TIE_TOLERANCE
from scoring.workbook import layout as lay
from scoring.workbook._print import finish_sheet
from scoring.workbook.calc import write_calc_sheets
from scoring.workbook.composition import write_composition
from scoring.workbook.weights_sheet import write_weights

__all__ = ["REGENERATE_COMMAND", "write_template"]

REGENERATE_COMMAND = "gscore template --out templates/article-workbook.xlsx --force"
FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

HOW_TO_USE = (
    "1. Weights: pick the active lens in the yellow drop-down cell (Weights!B4), or type your own "
    "swing points in the 'swing' column and pick 'swing'.\n"
    "2. Scores: type base, low and high levels (0-100 on each criterion's anchored scale; for a "
    "cost criterion the level of the bad thing), a one-sentence rationale, a confidence and a grounding "
    "(quoted, inferred or assumption).\n"
    "3. Results: totals and ranks recalculate; check that the flag reads ALL CHECKS PASS.\n"
    "4. Log every change on the Changes sheet. Score the file with `gscore score THIS.xlsx`: it "
    "reads what you typed and computes the same totals."
)
ADDING = (
    "Only yellow cells are inputs; sheets are protected without a password. To add a design, "
    "insert a row INSIDE each score block (above its last row) and copy the formulas of Results "
    "and Checks down; to add a criterion, insert a column inside the blocks, and a row inside the "
    "Criteria and Weights tables. Rows typed below a table are not in the formulas (Checks flags them)."
)
COLOUR_CODE = "Light yellow: input (unlocked). White: calculation. Light green: output."


def write_template(scenario: ScenarioSet, path: str | Path, *, command: str | None = None, force: bool = True) -> None:
    """Write the analyst workbook for ``scenario`` to ``path`` atomically.

    Parameters
    ----------
    scenario : ScenarioSet
    path : str or Path
        Target ``.xlsx``; callers check overwrite permission first
        (:func:`scoring.io.atomic.check_output`).
    command : str, optional
        The command recorded in the provenance block (default: ``gscore template``).

    Raises
    ------
    InputError
        More judgments than the workbook holds (:data:`scoring.limits.MAX_WORKBOOK_JUDGMENTS`).
    """
    from openpyxl import Workbook

    from scoring.limits import check_workbook_size

    check_workbook_size(len(scenario.designs), len(scenario.criteria), scenario.origin or "scenario set")
    book = Workbook()
    styles = lay.Styles()
    sheets = {name: book.create_sheet(name) for name in lay.SHEETS}
    book.remove(book.worksheets[0])
    _about(book, sheets[lay.ABOUT], scenario, styles, command or "gscore template")
    _criteria(book, sheets[lay.CRITERIA], scenario, styles)
    write_weights(book, sheets[lay.WEIGHTS], scenario, styles)
    write_calc_sheets(book, sheets, scenario, styles)
    _changes(sheets[lay.CHANGES], styles)
    components = write_composition(book, scenario, styles)
    if components is not None:
        sheets[components.title] = components
    for name, sheet in sheets.items():
        if name == lay.CRITERIA:  # two pages across, the criterion id repeated on the second
            finish_sheet(sheet, pages_wide=2, title_cols="A:A")
        else:
            finish_sheet(sheet)
        lay.protect(sheet)
    book.active = 0
    _save(book, Path(path), force=force)


#: One line of the About sheet's blocks: label, value, defined name (or None), whether it is an input.
_AboutItem = tuple[str, Any, "str | None", bool]


def _about(book: Any, sheet: Any, scenario: ScenarioSet, styles: lay.Styles, command: str) -> None:
    """The About sheet: what the workbook is and how to use it, then the set, provenance and settings blocks."""
    styles.title(
        sheet,
        "Guarantee scoring: analyst workbook",
        f"{scenario.title}: the designs scored with native formulas (no macros, no Python needed).",
    )
    row = 4
    for label, text in (
        ("What this is", "A multi-criteria (weighted-sum) scoring of the designs below. " + (scenario.question or "")),
        ("How to use", HOW_TO_USE),
        ("Adding rows", ADDING),
        ("Colour code", COLOUR_CODE),
    ):
        sheet.cell(row, 1, label).font = styles.bold
        sheet.cell(row, 1).alignment = styles.top
        lay.put_text(sheet.cell(row, 2), text).alignment = styles.wrap
        row += 1
    row += 1
    for heading, items in _about_sections(scenario, command):
        row = _about_block(book, sheet, styles, row, heading, items) + 1
    lay.widths(sheet, {"A": 26, "B": 110})
    sheet.freeze_panes = "A4"


def _about_sections(scenario: ScenarioSet, command: str) -> list[tuple[str, list[_AboutItem]]]:
    """The About sheet's blocks: the scenario set, the provenance, the settings the formulas use."""
    return [
        (
            "Scenario set",
            [
                ("Title", scenario.title, lay.N_TITLE, True),
                ("Version", scenario.version, lay.N_VERSION, True),
                ("Question", scenario.question, lay.N_QUESTION, True),
                ("Source", scenario.source.title, lay.N_SOURCE_TITLE, True),
                ("Source note", scenario.source.note, lay.N_SOURCE_NOTE, True),
                ("Source file", scenario.source.file, lay.N_SOURCE_FILE, True),
            ],
        ),
        (
            "Provenance",
            [
                ("Generated by", f"guarantee-scoring {package_version()}: {command}", None, False),
                ("Package version", package_version(), None, False),
                ("Input", scenario.origin, None, False),
                ("Input sha256", scenario.origin_sha256, None, False),
            ],
        ),
        (
            "Settings (used by the formulas)",
            [
                ("Scale minimum", SCALE_MIN, lay.N_SCALE_MIN, False),
                ("Scale maximum", SCALE_MAX, lay.N_SCALE_MAX, False),
                ("Tie tolerance (relative)", TIE_TOLERANCE, lay.N_TIE_TOLERANCE, False),
                ("Benefit label", lay.BENEFIT, lay.N_LABEL_BENEFIT, False),
                ("Cost label", lay.COST, lay.N_LABEL_COST, False),
                *((f"Confidence label {k + 1}", label, None, False) for k, label in enumerate(lay.CONFIDENCE_LABELS)),
                *((f"Grounding label {k + 1}", label, None, False) for k, label in enumerate(lay.GROUNDING_LABELS)),
                ("Pass label", lay.PASS_LABEL, lay.N_LABEL_PASS, False),
                ("Fail label", lay.FAIL_LABEL, lay.N_LABEL_FAIL, False),
            ],
        ),
    ]


def _about_block(book: Any, sheet: Any, styles: lay.Styles, row: int, heading: str, items: list[_AboutItem]) -> int:
    """One block of the About sheet from ``row``, with its defined names; returns the row after it."""
    styles.header(sheet.cell(row, 1, heading))
    styles.header(sheet.cell(row, 2))
    row += 1
    for label, value, name, is_input in items:
        sheet.cell(row, 1, label)
        cell = sheet.cell(row, 2)
        if isinstance(value, str):
            lay.put_text(cell, value)
        else:
            cell.value = value
        if is_input:
            styles.input(cell, wrap=True)
        else:
            styles.calc(cell)
        if name:
            lay.define(book, name, lay.ABOUT, cell.coordinate)
        if label == "Benefit label":
            lay.define(book, lay.N_DIRECTIONS, lay.ABOUT, cell.coordinate, f"B{row + 1}")
        if label == "Confidence label 1":
            lay.define(book, lay.N_CONFIDENCES, lay.ABOUT, cell.coordinate, f"B{row + 2}")
        if label == "Grounding label 1":
            lay.define(book, lay.N_GROUNDINGS, lay.ABOUT, cell.coordinate, f"B{row + 2}")
        row += 1
    return row


def _criteria(book: Any, sheet: Any, scenario: ScenarioSet, styles: lay.Styles) -> None:
    """The Criteria sheet: the value-tree branches, then one row per criterion with its anchored scale."""
    from openpyxl.utils import get_column_letter

    styles.title(
        sheet,
        "Criteria",
        "The value tree and the criteria, with their anchored 0-100 scales and the source quotes they rest on.",
    )
    last_branch = _branch_rows(book, sheet, scenario, styles)
    section = last_branch + 3
    sheet.cell(
        section,
        1,
        "Criteria (one row each; direction: benefit = more is better, cost = the score is the level of a bad thing)",
    ).font = styles.bold
    top, bottom, columns = _criterion_table(sheet, scenario, styles, section + 1)
    for name, letter in (
        (lay.N_CRITERION_LIST, "A"),
        ("CriterionNames", "B"),
        ("CriterionBranches", "C"),
        ("CriterionDirections", "D"),
    ):
        lay.define(book, name, lay.CRITERIA, f"{letter}{top}", f"{letter}{bottom}")
    direction = lay.validation("list", lay.N_DIRECTIONS, "Direction", "Choose benefit or cost.", allow_blank=False)
    branch = lay.validation(
        "list", lay.N_BRANCHES, "Branch", "Choose a branch id from the value-tree table above.", allow_blank=True
    )
    direction.add(f"D{top}:D{bottom}")
    branch.add(f"C{top}:C{bottom}")
    sheet.add_data_validation(direction)
    sheet.add_data_validation(branch)
    lay.widths(sheet, {"A": 24, "B": 26, "C": 14, "D": 11, "E": 40})
    for col in range(6, columns + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 44 if col >= columns - 1 else 24
    sheet.freeze_panes = f"B{top}"


def _branch_rows(book: Any, sheet: Any, scenario: ScenarioSet, styles: lay.Styles) -> int:
    """The value-tree branches from row 6 (id, name, description), named; returns their last row."""
    sheet["A4"] = "Value-tree branches"
    sheet["A4"].font = styles.bold
    for col, label in enumerate((lay.H_ID, lay.H_NAME, lay.H_DESCRIPTION), start=1):
        styles.header(sheet.cell(5, col, label))
    first = 6
    for k, branch in enumerate(scenario.branches):
        for col, text in enumerate((branch.id, branch.name, branch.description), start=1):
            styles.input(lay.put_text(sheet.cell(first + k, col), text), wrap=col == 3)
        sheet.merge_cells(start_row=first + k, start_column=3, end_row=first + k, end_column=5)
    last_branch = first + max(len(scenario.branches), 1) - 1
    lay.define(book, lay.N_BRANCHES, lay.CRITERIA, f"A{first}", f"A{last_branch}")
    return last_branch


def _criterion_table(sheet: Any, scenario: ScenarioSet, styles: lay.Styles, header_row: int) -> tuple[int, int, int]:
    """The criteria, one row each under ``header_row``; returns (first row, last row, number of columns)."""
    levels = sorted({*lay.SCALE_LEVELS, *(level for c in scenario.criteria for level, _ in c.scale)})
    headers: list[Any] = [
        lay.H_ID,
        lay.H_NAME,
        lay.H_BRANCH,
        lay.H_DIRECTION,
        lay.H_DESCRIPTION,
        *levels,
        lay.H_QUOTES,
        lay.H_NOTES,
    ]
    for col, label in enumerate(headers, start=1):
        styles.header(sheet.cell(header_row, col, label))
    top = header_row + 1
    for i, crit in enumerate(scenario.criteria):
        scale = dict(crit.scale)
        values = [
            crit.id,
            crit.name,
            crit.branch,
            crit.direction,
            crit.description,
            *(scale.get(level, "") for level in levels),
            "\n".join(e.quote for e in crit.evidence),
            "\n".join(e.note for e in crit.evidence),
        ]
        for col, text in enumerate(values, start=1):
            styles.input(lay.put_text(sheet.cell(top + i, col), text), wrap=col > 4)
    return top, top + len(scenario.criteria) - 1, len(headers)


def _changes(sheet: Any, styles: lay.Styles) -> None:
    styles.title(sheet, "Changes", "Log every change to weights or scores: one row each (date, who, what, why).")
    for col, label in enumerate(("date", "who", "what changed", "why"), start=1):
        styles.header(sheet.cell(4, col, label))
    for r in range(5, 105):
        for col in range(1, 5):
            styles.input(sheet.cell(r, col), wrap=col > 2, number_format="yyyy-mm-dd" if col == 1 else None)
    lay.widths(sheet, {"A": 14, "B": 18, "C": 60, "D": 60})
    sheet.freeze_panes = "A5"


def _save(book: Any, path: Path, *, force: bool = True) -> None:
    """Save with fixed timestamps (document properties and zip entries): byte-stable output.

    Numbers that openpyxl would round are written exactly (:mod:`scoring.workbook.exact`).
    """
    from openpyxl.writer.excel import ExcelWriter

    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    book.properties.creator = "guarantee-scoring"
    book.properties.lastModifiedBy = "guarantee-scoring"
    from scoring.workbook.exact import exact_sheet_xml, inexact_cells

    inexact = inexact_cells(book)
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    with (
        atomic_stream(path, force=force) as stream,
        zipfile.ZipFile(raw) as source,
        zipfile.ZipFile(stream, "w") as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, exact_sheet_xml(source.read(info.filename), inexact.get(info.filename, {})))
