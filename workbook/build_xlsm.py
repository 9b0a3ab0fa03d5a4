"""Rebuild ``workbook/guarantee_scoring.xlsm``, the classic xlwings add-in workbook.

Run from the repository root (needs the ``excel`` extra: xlwings and openpyxl)::

    python workbook/build_xlsm.py                    # standalone (default)
    python workbook/build_xlsm.py --variant addin    # lighter: relies on the installed add-in

It starts from xlwings' own quickstart template, shipped inside the installed xlwings package:

- ``standalone`` (default): ``quickstart_standalone.xlsm``, which embeds the xlwings VBA module,
  so "Import Functions" also works without the xlwings add-in (Alt+F8 > ImportPythonUDFs). That
  module is tied to the xlwings version it came from (it loads ``xlwings64-<version>.dll``):
  the Python side must have the same xlwings version.
- ``addin``: ``quickstart.xlsm``, which references the xlwings add-in instead (install it with
  ``xlwings addin install``) and so follows whatever xlwings version the add-in has.

The xlwings version comes from one place: the ``excel`` extra's pin in ``pyproject.toml``
(``xlwings==X.Y.Z``, which ``pip install "guarantee-scoring[excel]"`` installs). The build
refuses to run with any other installed xlwings, so the committed workbook's VBA always
matches the pin; a test reads the version inside its VBA project and compares. To move to a
new xlwings: change the pin, ``pip install -e ".[excel]"``, run this script, commit both.

openpyxl (``keep_vba=True``) then activates the ``xlwings.conf`` sheet (renamed from
``_xlwings.conf``) with ``UDF Modules = scoring.excel`` (the interpreter is left for the user)
and adds an ``Example`` sheet that uses every worksheet function on the built-in article set.
Its formulas are array formulas sized to their results on the article set, so they show
every value in any Excel version; they show ``#NAME?`` until the functions are imported.

The output is reproducible: zip entries get a fixed timestamp and document properties fixed
dates, so rebuilding with the same xlwings, openpyxl and article set gives the same bytes.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tomllib
import zipfile
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import xlwings
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula

import scoring
from scoring.excel import _impl as impl

HERE = Path(__file__).resolve().parent
PYPROJECT = HERE.parent / "pyproject.toml"
OUTPUT = HERE / "guarantee_scoring.xlsm"
TEMPLATES = {"standalone": "quickstart_standalone.xlsm", "addin": "quickstart.xlsm"}
#: How to import the functions, per variant: only the standalone workbook holds the
#: ImportPythonUDFs macro (in its embedded xlwings module); the add-in variant needs the ribbon.
IMPORT_STEP = {
    "standalone": "Alt+F8 > ImportPythonUDFs > Run (or Import Functions on the xlwings ribbon, with the add-in)",
    "addin": "Import Functions on the xlwings ribbon (install the add-in first: xlwings addin install)",
}
FIXED_ZIP_TIME = (2025, 1, 1, 0, 0, 0)
FIXED_W3CDTF = "2025-01-01T00:00:00Z"
UDF_MODULE = "scoring.excel"
#: Illustrative AHP judgments between the value tree's four branches (not from the article).
#: Reciprocals are written as formulas (=1/2) so that they are exact.
BRANCH_PAIRWISE: tuple[tuple[str | int, ...], ...] = (
    ("Deter", 1, 2, 3, 2),
    ("Manage escalation", "=1/2", 1, 2, 1),
    ("Feasibility", "=1/3", "=1/2", 1, "=1/2"),
    ("Political value", "=1/2", 1, 2, 1),
)


def pinned_xlwings(pyproject: Path = PYPROJECT) -> str:
    """The xlwings version the ``excel`` extra pins (``xlwings==X.Y.Z`` in pyproject.toml)."""
    extras = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    requirements: list[str] = extras["excel"]
    for requirement in requirements:
        name, equals, version = requirement.replace(" ", "").partition("==")
        if name.lower() == "xlwings" and equals:
            return version
    raise RuntimeError(f"{pyproject}: the excel extra does not pin xlwings with == (it must: see this script)")


def check_xlwings() -> str:
    """The pinned version, if it is the installed one; else a RuntimeError saying what to do."""
    pinned = pinned_xlwings()
    if xlwings.__version__ != pinned:
        raise RuntimeError(
            f"xlwings {xlwings.__version__} is installed, but pyproject.toml's excel extra pins {pinned}: "
            f'run pip install -e ".[excel]" (or change the pin first, to move the workbook to another xlwings)'
        )
    return pinned


def template_path(variant: str) -> Path:
    """The quickstart workbook inside the installed xlwings package."""
    return Path(xlwings.__file__).resolve().parent / TEMPLATES[variant]


def _ref(row: int, col: int, rows: int = 1, cols: int = 1) -> str:
    first = f"{get_column_letter(col)}{row}"
    return first if rows == cols == 1 else f"{first}:{get_column_letter(col + cols - 1)}{row + rows - 1}"


def _shape(cells: Any) -> tuple[int, int]:
    return (len(cells), len(cells[0])) if isinstance(cells, list) else (1, 1)


class _Sheet:
    """Writes labelled formulas; array formulas get the exact size of their result."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws

    def label(self, row: int, col: int, text: str, *, bold: bool = True) -> None:
        cell = self.ws.cell(row=row, column=col, value=text)
        cell.font = Font(bold=bold)

    def formula(self, row: int, col: int, text: str, result: Any) -> str:
        """Write ``text`` at (row, col) sized like ``result``; return the range it fills."""
        rows, cols = _shape(result)
        ref = _ref(row, col, rows, cols)
        if rows == cols == 1:
            self.ws.cell(row=row, column=col, value=text)
        else:
            self.ws.cell(row=row, column=col).value = ArrayFormula(ref, text)
        return ref

    def values(self, row: int, col: int, rows: Sequence[Sequence[Any]]) -> str:
        for i, values in enumerate(rows):
            for j, value in enumerate(values):
                self.ws.cell(row=row + i, column=col + j, value=value)
        return _ref(row, col, len(rows), len(rows[0]))


def build_example(ws: Any, variant: str = "standalone") -> None:
    """Fill the Example sheet (layout computed from the article set's sizes)."""
    sheet = _Sheet(ws)
    article = impl.article()
    n, m = len(article.designs), len(article.criteria)
    scores = impl.gs_article("scores")
    weights = impl.gs_article("weights", "balanced")
    criteria = impl.gs_article("criteria")
    directions = [[row[3]] for row in criteria]  # with its header cell "direction"
    low, high = impl.gs_article("low"), impl.gs_article("high")

    sheet.label(1, 1, "guarantee-scoring: every worksheet function on the built-in article set")
    sheet.label(
        2,
        1,
        f"Cells show #NAME? until the functions are imported: {IMPORT_STEP[variant]} (classic add-in), "
        "or xlwings Lite with the main.py that gscore excel-lite writes. See workbook/README.md.",
        bold=False,
    )
    sheet.label(
        3,
        1,
        "These are array formulas sized to the article set; in Excel 365 your own formulas "
        "can be typed normally and spill.",
        bold=False,
    )
    sheet.label(1, 12, "GS_VERSION()")
    sheet.formula(1, 13, "=GS_VERSION()", impl.gs_version())

    # where each block starts; the criteria table (directions) sits below the results
    row_scores, row_weights, row_sens = 5, 6 + n + 2, 6 + n + 5
    row_smaa = row_sens + m + 3
    row_ahp = row_smaa + n + 3
    row_objective = row_ahp + len(BRANCH_PAIRWISE) + 3
    row_roc = row_objective + 4
    row_swing = row_roc + 4
    row_designs = row_swing + 4
    row_criteria = row_designs + n + 3
    row_low = row_criteria + m + 3
    row_high = row_low + n + 3
    row_evidence = row_high + n + 3
    row_compose = row_evidence + sum(len(c.evidence) for c in article.criteria) + 3

    sheet.label(row_scores, 1, 'Base scores, 0-100: =GS_ARTICLE("scores")')
    matrix = sheet.formula(row_scores + 1, 1, '=GS_ARTICLE("scores")', scores)
    sheet.label(row_weights, 1, 'Weights of the balanced lens: =GS_ARTICLE("weights", "balanced")')
    weight_ref = sheet.formula(row_weights + 1, 1, '=GS_ARTICLE("weights", "balanced")', weights)
    direction_ref = _ref(row_criteria + 1, 4, m + 1, 1)  # the "direction" column of the criteria table

    methods = [
        ("wsm, fixed 0-100 scales", "GS_SCORE", '"wsm", "bounds=0,100"'),
        ("rank", "GS_RANK", '"wsm", "bounds=0,100"'),
        ("topsis closeness", "GS_SCORE", '"topsis"'),
        ("vikor Q (v = 0.4)", "GS_SCORE", '"vikor", "v=0.4"'),
        ("promethee net flow", "GS_SCORE", '"promethee", "preference=linear; q=5; p=20"'),
        ("promethee rank", "GS_RANK", '"promethee", "preference=linear; q=5; p=20"'),
    ]
    for k, (title, name, tail) in enumerate(methods):
        col = m + 3 + k
        text = f"={name}({matrix}, {weight_ref}, {direction_ref}, {tail})"
        method_args = [a.strip().strip('"') for a in tail.split('", "')]
        function = impl.gs_score if name == "GS_SCORE" else impl.gs_rank
        result = function(scores, weights, directions, *method_args)
        sheet.label(row_scores, col, title)
        sheet.formula(row_scores + 1, col, text, result)

    sheet.label(row_sens, 1, "Weight intervals in which the best design stays best: GS_SENSITIVITY")
    text = f'=GS_SENSITIVITY({matrix}, {weight_ref}, {direction_ref}, "wsm", "bounds=0,100")'
    result = impl.gs_sensitivity(scores, weights, directions, "wsm", "bounds=0,100")
    sheet.formula(row_sens + 1, 1, text, result)

    low_ref, high_ref = _ref(row_low + 1, 1, n + 1, m + 1), _ref(row_high + 1, 1, n + 1, m + 1)
    sheet.label(row_smaa, 1, "Rank acceptability (SMAA-2), uniform weights, scores within low/high: GS_SMAA")
    text = f'=GS_SMAA({matrix}, , {direction_ref}, "wsm", 10000, 1, {low_ref}, {high_ref}, "bounds=0,100")'
    result = impl.gs_smaa(scores, None, directions, "wsm", 10000, 1, low, high, "bounds=0,100")
    sheet.formula(row_smaa + 1, 1, text, result)

    sheet.label(row_ahp, 1, "AHP on the four value-tree branches (illustrative judgments): GS_AHP_WEIGHTS, GS_AHP_CR")
    header = [["branch", "Deter", "Manage escalation", "Feasibility", "Political value"]]
    pairwise_ref = sheet.values(row_ahp + 1, 1, header + [list(r) for r in BRANCH_PAIRWISE])
    numbers = [[float(Fraction(str(v).lstrip("="))) for v in r[1:]] for r in BRANCH_PAIRWISE]
    text = f"=GS_AHP_WEIGHTS({pairwise_ref})"
    labelled = [header[0], *[[r[0], *x] for r, x in zip(BRANCH_PAIRWISE, numbers, strict=True)]]
    result = impl.gs_ahp_weights(labelled)
    sheet.formula(row_ahp + 1, 7, text, result)
    sheet.label(row_ahp, 9, "consistency ratio")
    body_ref = _ref(row_ahp + 2, 2, len(BRANCH_PAIRWISE), len(BRANCH_PAIRWISE))
    sheet.formula(row_ahp + 1, 9, f"=GS_AHP_CR({body_ref})", impl.gs_ahp_cr(numbers))

    sheet.label(row_objective, 1, "Objective (CRITIC) weights of the scores: GS_OBJECTIVE_WEIGHTS")
    body = _ref(row_scores + 1, 2, n + 1, m)
    text = f'=GS_OBJECTIVE_WEIGHTS({body}, "critic", {direction_ref})'
    result = impl.gs_objective_weights([r[1:] for r in scores], "critic", directions)
    sheet.formula(row_objective + 1, 2, text, result)

    balanced = article.weights("balanced")
    ranks = scoring.rank(balanced).tolist()
    sheet.label(row_roc, 1, "Rank-order-centroid weights from the balanced lens's importance order: GS_ROC_WEIGHTS")
    sheet.label(row_roc + 1, 1, "importance rank", bold=False)
    rank_ref = sheet.values(row_roc + 1, 2, [ranks])
    sheet.label(row_roc + 2, 1, "ROC weight", bold=False)
    sheet.formula(row_roc + 2, 2, f"=GS_ROC_WEIGHTS({rank_ref})", impl.gs_roc_weights([ranks]))

    points = [round(100 * w / balanced.max()) for w in balanced.tolist()]
    sheet.label(row_swing, 1, "Swing weights from points (100 = the most important swing): GS_SWING_WEIGHTS")
    sheet.label(row_swing + 1, 1, "swing points", bold=False)
    points_ref = sheet.values(row_swing + 1, 2, [points])
    sheet.label(row_swing + 2, 1, "swing weight", bold=False)
    sheet.formula(row_swing + 2, 2, f"=GS_SWING_WEIGHTS({points_ref})", impl.gs_swing_weights([points]))

    for row, title, what, lens in (
        (row_designs, "Designs, with score and rank under the kyiv lens", "designs", "kyiv"),
        (row_criteria, "Criteria (the direction column feeds the functions above)", "criteria", None),
        (row_low, "Low end of each score's range", "low", None),
        (row_high, "High end of each score's range", "high", None),
        (row_evidence, "Evidence: the article's words behind each criterion", "evidence", None),
    ):
        text = f'=GS_ARTICLE("{what}", "{lens}")' if lens else f'=GS_ARTICLE("{what}")'
        sheet.label(row, 1, f"{title}: {text[1:]}")
        sheet.formula(row + 1, 1, text, impl.gs_article(what, lens))
    sheet.label(row_compose, 1, 'The best combinations of the components under the kyiv lens: =GS_COMPOSE("kyiv", 5)')
    sheet.formula(row_compose + 1, 1, '=GS_COMPOSE("kyiv", 5)', impl.gs_compose("kyiv", 5))
    ws.column_dimensions["A"].width = 26


def configure(ws: Any, variant: str) -> None:
    """Activate the xlwings.conf sheet: UDF Modules = scoring.excel; add notes."""
    ws.title = "xlwings.conf"
    for row in range(1, 12):
        if ws.cell(row=row, column=1).value == "UDF Modules":
            ws.cell(row=row, column=2, value=UDF_MODULE)
            break
    else:  # pragma: no cover - the template always has the row
        raise RuntimeError("the xlwings template has no 'UDF Modules' row")
    pinned = pinned_xlwings()
    notes = [
        "guarantee-scoring:",
        f'"UDF Modules" is {UDF_MODULE}. Set Interpreter_Win to the python.exe of the environment where '
        f"guarantee-scoring is installed with its excel extra (xlwings {pinned}), "
        r"e.g. C:\Users\you\gs-env\Scripts\python.exe.",
        "Once per PC: File > Options > Trust Center > Trust Center Settings > Macro Settings > tick "
        f'"Trust access to the VBA project object model". Then {IMPORT_STEP[variant]}; see workbook/README.md.',
        f"Built by workbook/build_xlsm.py from xlwings {pinned} {TEMPLATES[variant]}"
        + (
            f": its VBA module loads xlwings64-{pinned}.dll, so Python must have exactly xlwings {pinned}."
            if variant == "standalone"
            else "."
        ),
    ]
    for k, text in enumerate(notes):
        ws.cell(row=19 + k, column=1, value=text)


def _reproducible(data: bytes) -> bytes:
    """Re-zip with fixed timestamps and fixed document-property dates."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rb"\g<1>" + FIXED_W3CDTF.encode() + rb"\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


def build(output: Path = OUTPUT, variant: str = "standalone") -> Path:
    """Build the workbook at ``output`` and return its path (the installed xlwings must be the pinned one)."""
    check_xlwings()
    wb = openpyxl.load_workbook(template_path(variant), keep_vba=True)
    example = wb["Sheet1"]
    example.title = "Example"
    build_example(example, variant)
    configure(wb["_xlwings.conf"], variant)
    wb.active = 0
    wb.properties.creator = wb.properties.lastModifiedBy = "guarantee-scoring workbook/build_xlsm.py"
    buffer = io.BytesIO()
    wb.save(buffer)
    output.write_bytes(_reproducible(buffer.getvalue()))
    return output


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUTPUT, help=f"output path (default {OUTPUT.name})")
    parser.add_argument("--variant", choices=sorted(TEMPLATES), default="standalone")
    args = parser.parse_args(argv)
    try:
        path = build(args.out, args.variant)
    except RuntimeError as error:
        print(f"build_xlsm.py: {error}", file=sys.stderr)  # noqa: T201 - a build script reports its failure
        return 1
    print(f"wrote {path} ({path.stat().st_size} bytes)")  # noqa: T201 - a build script reports its output
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
