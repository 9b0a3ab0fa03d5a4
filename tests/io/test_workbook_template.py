"""The analyst workbook template: contract names, portable formulas, protection, staleness.

These tests need no spreadsheet engine; ``test_workbook_parity.py`` recalculates with
LibreOffice.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from cli_runner import gscore
from lo_recalc import named_values
from openpyxl.formula import Tokenizer

import scoring
from scoring.ranking import TIE_TOLERANCE
from scoring.workbook.layout import plain_criteria_name
from scoring.workbook.template import REGENERATE_COMMAND, write_template

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "templates" / "article-workbook.xlsx"
ARTICLE = scoring.load()

CONTRACT_NAMES = ("Designs", "CriterionIds", "ScoreMatrix", "ScoreLow", "ScoreHigh", "Weights", "TotalScore", "Rank")
#: Functions that both Excel 2010 and LibreOffice 7.4 compute.
ALLOWED = {
    "SUMPRODUCT",
    "SMALL",
    "ROW",
    "ROWS",
    "INDEX",
    "MATCH",
    "SUM",
    "COUNT",
    "COUNTA",
    "COUNTIF",
    "COUNTBLANK",
    "IF",
    "IFERROR",
    "ISNA",
    "ISNUMBER",
    "ABS",
    "MIN",
    "MAX",
    "COLUMNS",
    "_XLFN.RANK.EQ",
}
#: Excel 2010+ functions that must carry the _xlfn. prefix in the file (and newer ones, never).
NEEDS_PREFIX = {"RANK.EQ", "RANK.AVG", "STDEV.S", "STDEV.P", "PERCENTILE.INC", "AGGREGATE"}
FORBIDDEN = {
    "XLOOKUP",
    "XMATCH",
    "LET",
    "LAMBDA",
    "FILTER",
    "SORT",
    "SORTBY",
    "UNIQUE",
    "SEQUENCE",
    "IFS",
    "SWITCH",
    "TEXTJOIN",
    "CONCAT",
    "MAXIFS",
    "MINIFS",
    "INDIRECT",
    "OFFSET",
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "article.xlsx"
    write_template(ARTICLE, path, command=REGENERATE_COMMAND)
    return path


@pytest.fixture(scope="module")
def book(template: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(template)


def formulas(book: openpyxl.Workbook) -> list[tuple[str, str]]:
    return [
        (f"{ws.title}!{cell.coordinate}", cell.value)
        for ws in book
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def test_sheets_and_contract_names(book: openpyxl.Workbook) -> None:
    # the article set has a component model: a hidden Components sheet carries it (scoring/workbook/composition.py)
    assert book.sheetnames == ["About", "Criteria", "Weights", "Scores", "Results", "Checks", "Changes", "Components"]
    assert book["Components"].sheet_state == "hidden"
    n, m = len(ARTICLE.designs), len(ARTICLE.criteria)
    shapes = {name: len(named_values(book, name)) for name in CONTRACT_NAMES}
    assert shapes == {
        "Designs": n,
        "CriterionIds": m,
        "ScoreMatrix": n * m,
        "ScoreLow": n * m,
        "ScoreHigh": n * m,
        "Weights": m,
        "TotalScore": n,
        "Rank": n,
    }
    assert named_values(book, "Designs") == list(ARTICLE.design_ids)
    assert named_values(book, "CriterionIds") == list(ARTICLE.criterion_ids)
    assert named_values(book, "ScoreMatrix") == ARTICLE.matrix("base").reshape(-1).tolist()
    assert all(str(v).startswith("=") for v in named_values(book, "TotalScore") + named_values(book, "Rank"))
    tolerant = "=1+SUMPRODUCT(ISNUMBER(TotalScore)*(TotalScore>C{r}+TieTolerance*MAX(1,ABS(C{r}))))"
    top = int(book.defined_names["Rank"].attr_text.split("$")[-3].rstrip(":"))  # Results!$D$top:$D$bottom
    assert named_values(book, "Rank") == [tolerant.format(r=top + i) for i in range(n)]
    assert named_values(book, "TieTolerance") == [TIE_TOLERANCE]


def test_no_criteria_name_is_written(template: Path, book: openpyxl.Workbook) -> None:
    """Excel reserves Criteria (_xlnm.Criteria, the Advanced Filter range): the ids are CriterionIds only."""
    with zipfile.ZipFile(template) as archive:
        xml = archive.read("xl/workbook.xml")
    assert b'<definedName name="Criteria"' not in xml
    assert b"_xlnm.Criteria" not in xml  # the print set-up's _xlnm.Print_Area and _xlnm.Print_Titles are fine
    assert b'<definedName name="CriterionIds">' in xml
    assert "Criteria" not in book.defined_names
    assert "_xlnm.Criteria" not in book.defined_names


def test_a_workbook_from_an_older_template_is_still_read(template: Path, tmp_path: Path) -> None:
    """Older templates named the criterion ids Criteria (plain, or _xlnm.Criteria once openpyxl saved them)."""
    for spelling in (b"Criteria", b"_xlnm.Criteria"):
        legacy = tmp_path / f"legacy-{spelling.decode()}.xlsx"
        with zipfile.ZipFile(template) as source, zipfile.ZipFile(legacy, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename == "xl/workbook.xml":
                    data = data.replace(b'name="CriterionIds"', b'name="' + spelling + b'"')
                target.writestr(info, data)
        loaded = scoring.load(legacy)
        assert loaded.criterion_ids == ARTICLE.criterion_ids
        assert scoring.score(loaded).scores.tolist() == scoring.score(ARTICLE).scores.tolist()


def test_plain_criteria_name_changes_only_the_workbook_level_builtin() -> None:
    xml = (
        b'<definedNames><definedName name="_xlnm.Criteria">Scores!$E$3:$G$3</definedName>'
        b'<definedName name="_xlnm.Criteria" localSheetId="2">Data!$A$1:$B$2</definedName>'
        b'<definedName name="_xlnm.Print_Area" localSheetId="0">About!$A$1:$B$9</definedName>'
        b'<definedName name="CriterionIds">Scores!$E$3:$G$3</definedName></definedNames>'
    )
    assert plain_criteria_name(xml) == xml.replace(
        b'<definedName name="_xlnm.Criteria">', b'<definedName name="Criteria">', 1
    )
    assert plain_criteria_name(plain_criteria_name(xml)) == plain_criteria_name(xml)


def test_every_formula_uses_portable_functions_only(book: openpyxl.Workbook) -> None:
    found = formulas(book)
    assert len(found) > 100
    bad = []
    for where, text in found:
        for token in Tokenizer(text).items:
            if token.type == "FUNC" and token.subtype == "OPEN":
                name = token.value[:-1].upper()
                if name not in ALLOWED or name in FORBIDDEN or name in NEEDS_PREFIX:
                    bad.append(f"{where}: {name}")
    assert bad == []


def test_no_numeric_constants_inside_formulas(book: openpyxl.Workbook) -> None:
    """Scale bounds and labels come from named cells; only 0/1 flags and match types appear."""
    bad = [
        f"{where}: {token.value}"
        for where, text in formulas(book)
        for token in Tokenizer(text).items
        if token.type == "OPERAND" and token.subtype == "NUMBER" and token.value not in ("0", "1")
    ]
    assert bad == []


def test_sheets_protected_inputs_unlocked_formulas_locked(book: openpyxl.Workbook) -> None:
    for ws in book:
        assert ws.protection.sheet, ws.title
        assert ws.protection.password is None
    scores = book["Scores"]
    assert scores["E13"].protection.locked is False  # a base score
    assert book["Weights"]["B4"].protection.locked is False  # the lens drop-down
    assert all(book[w.split("!")[0]][w.split("!")[1]].protection.locked for w, _ in formulas(book))


def test_validation_and_dropdown(book: openpyxl.Workbook) -> None:
    rules = book["Scores"].data_validations.dataValidation
    decimal = [r for r in rules if r.type == "decimal"]
    assert decimal
    assert (decimal[0].formula1, decimal[0].formula2) == ("ScaleMin", "ScaleMax")
    assert decimal[0].showErrorMessage
    assert decimal[0].error
    assert "E13" in decimal[0].sqref
    lens = [r for r in book["Weights"].data_validations.dataValidation if r.type == "list"]
    assert lens
    assert lens[0].formula1 == "LensIds"
    assert "B4" in lens[0].sqref
    assert named_values(book, "LensIds") == [*ARTICLE.lens_ids, "swing"]
    assert book["Scores"].conditional_formatting  # heat map on the base block
    assert book["Results"]._charts  # the bar chart of totals


def test_template_is_byte_stable(template: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.xlsx"
    write_template(ARTICLE, again, command=REGENERATE_COMMAND)
    assert again.read_bytes() == template.read_bytes()


def snapshot(path: Path) -> dict[str, object]:
    book = openpyxl.load_workbook(path)
    cells = {
        f"{ws.title}!{c.coordinate}": c.value
        for ws in book
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    }
    names = {name: d.attr_text for name, d in book.defined_names.items()}
    return {"cells": cells, "names": names}


def test_committed_template_is_current(template: Path) -> None:
    """Fails when templates/article-workbook.xlsx is stale; regenerate with REGENERATE_COMMAND."""
    assert COMMITTED.is_file(), f"missing {COMMITTED}; run: {REGENERATE_COMMAND}"
    fresh, committed = snapshot(template), snapshot(COMMITTED)
    assert committed["names"] == fresh["names"], f"stale template; run: {REGENERATE_COMMAND}"
    changed = sorted(
        k
        for k in fresh["cells"].keys() | committed["cells"].keys()  # type: ignore[attr-defined]
        if fresh["cells"].get(k) != committed["cells"].get(k)
    )  # type: ignore[attr-defined]
    assert changed == [], f"stale template ({len(changed)} cells differ, e.g. {changed[:3]}); run: {REGENERATE_COMMAND}"


def test_template_reads_back_as_the_same_scenario(template: Path) -> None:
    back = scoring.load(template)
    for field in (
        "title",
        "version",
        "question",
        "branches",
        "criteria",
        "designs",
        "scores",
        "lenses",
        "default_lens",
    ):
        assert getattr(back, field) == getattr(ARTICLE, field), field
    assert re.fullmatch(r"[0-9a-f]{64}", back.origin_sha256)


def test_cli_template_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "wb.xlsx"
    assert gscore("template", "--out", str(out), cwd=tmp_path).returncode == 0
    before = out.read_bytes()
    refused = gscore("template", "--out", str(out), cwd=tmp_path)
    assert refused.returncode == 1
    assert "--force" in refused.stderr
    assert gscore("template", str(out), "--out", str(out), "--force", cwd=tmp_path).returncode == 1
    assert out.read_bytes() == before
    assert gscore("template", "--out", str(out), "--force", cwd=tmp_path).returncode == 0
    assert gscore("template", "--out", str(tmp_path / "wb.csv"), cwd=tmp_path).returncode == 2


#: Printed pages each sheet of the article set's workbook may take (A4, fit to the page width;
#: the Criteria sheet's texts print two pages wide so that they stay readable).
PAGE_BUDGET = {
    "About": 2,
    "Criteria": 8,
    "Weights": 2,
    "Scores": 3,
    "Results": 2,
    "Checks": 1,
    "Changes": 1,
}


@pytest.mark.libreoffice
def test_the_template_prints_in_few_readable_pages(tmp_path: Path) -> None:
    """LibreOffice prints the template to PDF; the footer on every page names its sheet.

    The hidden Components sheet (data, not a page) is not printed: LibreOffice prints a hidden
    sheet that has a print area, so it has none.

    Used to be 33 fragments with overlapping text: rows now have explicit heights, columns
    explicit widths, and each sheet a print set-up (fit to width, title rows repeated).
    """
    import re
    from collections import Counter

    from lo_recalc import recalculate
    from pypdf import PdfReader

    book = tmp_path / "in" / "book.xlsx"
    book.parent.mkdir()
    write_template(ARTICLE, book)
    pdf = recalculate([book], tmp_path / "out", to="pdf")[0]
    pages = PdfReader(pdf).pages
    sheets = Counter()
    for page in pages:
        footer = re.search(r"(\w+), page (\d+) of (\d+)", page.extract_text())
        assert footer is not None
        sheets[footer.group(1)] += 1
    assert set(sheets) == set(PAGE_BUDGET)
    for sheet, count in sheets.items():
        assert count <= PAGE_BUDGET[sheet], (sheet, count, dict(sheets))


def test_wrapped_text_rows_are_tall_enough_and_every_sheet_has_a_print_setup(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "book.xlsx"
    write_template(ARTICLE, path)
    book = openpyxl.load_workbook(path)
    about = book["About"]
    for row in range(4, 8):  # the instructions: long wrapped texts in column B
        text = str(about.cell(row, 2).value)
        width = about.column_dimensions["B"].width
        lines = sum(len(part) // int(width * 1.2) + 1 for part in text.split("\n"))
        assert (about.row_dimensions[row].height or 15) >= 15 * lines * 0.8, row
    for sheet in book.worksheets:
        assert sheet.page_setup.fitToWidth in (1, 2)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        visible = sheet.sheet_state == "visible"
        assert bool(sheet.print_title_rows) == visible, sheet.title
        assert bool(sheet.print_area) == visible, sheet.title
    # The Criteria sheet prints two pages across: the second repeats the criterion ids.
    assert book["Criteria"].print_title_cols == "$A:$A"
    results = book["Results"]
    labels = [results.cell(row, 1).value for row in range(1, 12)]
    assert "Verdict" in labels
    assert "Ranked (best first)" in labels


def test_the_results_sheet_carries_the_verdict_of_gscore_score(tmp_path: Path) -> None:
    """The workbook's verdict (fixed text: formulas cannot run SMAA-2) is word for word the CLI's."""
    import json

    path = tmp_path / "book.xlsx"
    write_template(ARTICLE, path)
    results = openpyxl.load_workbook(path)["Results"]
    row = next(r for r in range(1, 12) if results.cell(r, 1).value == "Verdict")
    shown = str(results.cell(row, 2).value)
    expected = json.loads(gscore("score", "--format", "json").stdout)["verdict"]["text"]
    assert shown.startswith(expected + " (Written with the workbook for its default lens")
