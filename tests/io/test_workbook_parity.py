"""The workbook's own formulas, recalculated by LibreOffice, equal the Python core.

All workbooks of this module are recalculated in ONE soffice call (starting
LibreOffice dominates the cost); see ``tests/lo_recalc.py``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from lo_recalc import LAST_TIMINGS, add_probe_row, named_values, recalculate, require_libreoffice

import scoring
from scoring import spec
from scoring.workbook.template import write_template

pytestmark = pytest.mark.libreoffice

ARTICLE = scoring.load()
N, M = len(ARTICLE.designs), len(ARTICLE.criteria)
BASE, LOW, HIGH = 13, 25, 37  # template layout: first design row of each block; criteria from column E
SWING = {0: 100, 2: 60, 3: 30, 4: 80, 8: 45}  # criterion index -> swing points (others blank = 0)
CHECKS = {  # check row on the Checks sheet -> name (see scoring.workbook.calc)
    "weights_sum": 5,
    "negative": 6,
    "range": 8,
    "blank": 9,
    "text": 10,
    "order": 11,
    "duplicate": 13,
    "outside": 17,
}
Edit = Callable[[openpyxl.Workbook], None]

#: x and y tie in exact arithmetic (60/7) but not necessarily in floating point; z is
#: best; w beats the tie by about 6e-7, far more than the tie tolerance.
TIED = spec.load_text(
    """\
title: Tied totals
criteria:
  - {id: a, name: A, direction: benefit}
  - {id: b, name: B, direction: benefit}
  - {id: c, name: C, direction: benefit}
designs:
  - {id: x, name: X}
  - {id: y, name: Y}
  - {id: z, name: Z}
  - {id: w, name: W}
scores:
  x: {a: 0, b: 0, c: 15}
  y: {a: 0, b: 10, c: 10}
  z: {a: 70, b: 0, c: 0}
  w: {a: 0, b: 10, c: 10.000001}
lenses:
  - {id: tie, weights: {a: 1, b: 2, c: 4}}
""",
    "tied.yaml",
)
CHANGES_XML = "xl/worksheets/sheet7.xml"  # the Changes sheet: rows 1-104 used
PROBE_ROW = 110
#: Formulas an analyst might write with the contract name CriterionIds.
CRITERIA_PROBES = ("COLUMNS(CriterionIds)", "INDEX(CriterionIds,1,1)", "SUMPRODUCT(--(CriterionIds=WeightCriteria))")


def set_lens(lens: str) -> Edit:
    def edit(book: openpyxl.Workbook) -> None:
        book["Weights"]["B4"] = lens
        if lens == "swing":
            for j, points in SWING.items():
                book["Weights"].cell(10 + j, 3 + len(ARTICLE.lenses), points)

    return edit


def analyst_edits(book: openpyxl.Workbook) -> None:
    """Change base scores (within their ranges), widen a range, add swing points and pick swing."""
    scores = book["Scores"]
    scores.cell(BASE + 0, 5, 50)  # article5_pledge, deterrence (low 35, high 60)
    scores.cell(BASE + 2, 7, 70)  # multinational_troops, escalation_risk (cost; high 75)
    scores.cell(BASE + 6, 8, 72.5)  # moscow_negotiated, russian_acceptance
    scores.cell(LOW + 6, 8, 60)
    scores.cell(BASE + 7, 14, 3.25)  # no_guarantee, saleability
    scores.cell(BASE, 2, "Renamed pledge")
    book["Weights"].cell(12, 4, 0)  # kyiv lens: escalation 0 points
    set_lens("swing")(book)


def broken(kind: str) -> Edit:
    def edit(book: openpyxl.Workbook) -> None:
        scores = book["Scores"]
        if kind == "order":
            scores.cell(LOW + 1, 6, 90)  # low > base
        elif kind == "blank":
            scores.cell(BASE + 3, 9).value = None
        elif kind == "negative":
            book["Weights"].cell(11, 5, -4)
        elif kind == "range":
            scores.cell(HIGH + 2, 7, 130)
        elif kind == "text":
            scores.cell(BASE + 4, 10, "high")
        elif kind == "duplicate":
            scores.cell(BASE + 1, 1, scores.cell(BASE, 1).value)
        elif kind == "outside":
            scores.cell(BASE + N, 1, "typed_below_the_table")
        elif kind == "weights_sum":
            for j in range(M):
                book["Weights"].cell(10 + j, 3, 0)

    return edit


def _wrong_cache(src: Path, out: Path) -> Path:
    """A copy whose first total carries a deliberately wrong cached value (999)."""
    first = openpyxl.load_workbook(src).defined_names["TotalScore"].attr_text.split("!")[1].split(":")[0]
    cell = first.replace("$", "")  # the first total's cell, e.g. C19
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet5.xml":  # Results
                text = data.decode()
                text, count = re.subn(
                    rf'(<c r="{cell}"[^>]*>)(<f>[^<]*</f>)(<v\s*/>|<v>[^<]*</v>)?', r"\1\2<v>999</v>", text
                )
                assert count == 1
                data = text.encode()
            zout.writestr(info, data)
    return out


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every workbook of this module, recalculated by LibreOffice in one call."""
    require_libreoffice()
    folder = tmp_path_factory.mktemp("parity")
    template = folder / "template.xlsx"
    write_template(ARTICLE, template)
    edits: dict[str, Edit] = {f"lens_{lens}": set_lens(lens) for lens in [*ARTICLE.lens_ids, "swing"]}
    edits["edited"] = analyst_edits
    edits.update({f"broken_{kind}": broken(kind) for kind in CHECKS})
    inputs = {}
    for name, edit in edits.items():
        book = openpyxl.load_workbook(template)
        edit(book)
        book.save(folder / f"{name}.xlsx")
        inputs[name] = folder / f"{name}.xlsx"
    inputs["template"] = template
    inputs["wrong_cache"] = _wrong_cache(template, folder / "wrong_cache.xlsx")
    write_template(TIED, folder / "tied.xlsx")
    inputs["tied"] = folder / "tied.xlsx"
    inputs["criteria_probe"] = add_probe_row(
        template, folder / "criteria_probe.xlsx", CHANGES_XML, PROBE_ROW, CRITERIA_PROBES
    )
    outputs = recalculate(list(inputs.values()), folder / "recalculated")
    return {"inputs_" + k: v for k, v in inputs.items()} | dict(zip(inputs, outputs, strict=True))


def sheet_results(path: Path) -> dict[str, object]:
    book = openpyxl.load_workbook(path, data_only=True)
    return {
        name: named_values(book, name) for name in ("Designs", "TotalScore", "Rank", "TotalLow", "TotalHigh", "Weights")
    } | {
        "status": named_values(book, "CheckStatus")[0],
        "checks": named_values(book, "CheckCounts"),
        "ranked": _ranked_view(book["Results"]),
    }


def _ranked_view(sheet: object) -> list[tuple[object, object]]:
    """(rank, design name) of the Results sheet's ranked view, as LibreOffice computed it."""
    rows = list(sheet.iter_rows(values_only=True))  # type: ignore[attr-defined]
    start = next(k for k, row in enumerate(rows) if row[0] == "Ranked (best first)") + 2
    view = []
    for row in rows[start:]:
        if not isinstance(row[3], int):  # past the positions 1..n
            break
        view.append((row[0], row[1]))
    return view


@pytest.mark.parametrize("lens", [*ARTICLE.lens_ids, "swing"])
def test_every_lens_matches_the_core(recalculated: dict[str, Path], lens: str) -> None:
    sheet = sheet_results(recalculated[f"lens_{lens}"])
    scenario = ARTICLE
    if lens == "swing":
        scenario = ARTICLE.with_weights("swing", {ARTICLE.criterion_ids[j]: p for j, p in SWING.items()})
    core = scoring.score(scenario, lens=lens)
    assert sheet["status"] == "ALL CHECKS PASS"
    assert sheet["Designs"] == list(core.design_ids)
    assert sheet["TotalScore"] == pytest.approx(core.scores.tolist(), abs=1e-9)
    assert sheet["Rank"] == core.ranks.tolist()
    assert sheet["ranked"] == [(int(core.ranks[i]), core.design_names[i]) for i in core.order()]
    assert sheet["TotalLow"] == pytest.approx(core.score_low.tolist(), abs=1e-9)
    assert sheet["TotalHigh"] == pytest.approx(core.score_high.tolist(), abs=1e-9)
    assert sheet["Weights"] == pytest.approx(core.weights.tolist(), abs=1e-12)
    # the workbook read back by the reader scores the same
    assert scoring.score(scoring.load(recalculated[f"inputs_lens_{lens}"])).scores.tolist() == pytest.approx(
        core.scores.tolist(), abs=1e-12
    )


def test_edited_workbook_matches_gscore_score(recalculated: dict[str, Path]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "scoring", "score", str(recalculated["inputs_edited"]), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["lens"] == "swing"
    cli = {r["design"]: r for r in document["results"]}
    sheet = sheet_results(recalculated["edited"])
    assert sheet["status"] == "ALL CHECKS PASS"
    for design, total, rank, low, high in zip(
        sheet["Designs"],
        sheet["TotalScore"],
        sheet["Rank"],  # type: ignore[call-overload]
        sheet["TotalLow"],
        sheet["TotalHigh"],
        strict=True,
    ):
        assert total == pytest.approx(cli[design]["score"], abs=1e-9)
        assert rank == cli[design]["rank"]
        assert (low, high) == pytest.approx((cli[design]["low"], cli[design]["high"]), abs=1e-9)
    assert cli["article5_pledge"]["name"] == "Renamed pledge"


@pytest.mark.parametrize("kind", list(CHECKS))
def test_checks_flag_broken_inputs(recalculated: dict[str, Path], kind: str) -> None:
    sheet = sheet_results(recalculated[f"broken_{kind}"])
    assert sheet["status"] == "CHECK FAILED"
    counts = sheet["checks"]
    flagged = [k for k, row in CHECKS.items() if counts[row - 5] not in (0, None)]  # type: ignore[index]
    assert kind in flagged, counts
    assert sheet_results(recalculated["template"])["checks"] == [0] * len(counts)  # type: ignore[arg-type]


def test_libreoffice_recalculates_instead_of_trusting_cached_values(recalculated: dict[str, Path]) -> None:
    stale = openpyxl.load_workbook(recalculated["inputs_wrong_cache"], data_only=True)
    assert named_values(stale, "TotalScore")[0] == 999
    fresh = sheet_results(recalculated["wrong_cache"])
    assert fresh["TotalScore"][0] == pytest.approx(scoring.score(ARTICLE).scores[0], abs=1e-9)  # type: ignore[index]


def test_tied_totals_rank_the_same_as_the_core(recalculated: dict[str, Path]) -> None:
    """RANK.EQ compared exactly and ranked x and y 1, 2 in LibreOffice; the core ties them."""
    core = scoring.score(TIED)
    assert core.ranks.tolist() == [3, 3, 1, 2]
    sheet = sheet_results(recalculated["tied"])
    assert sheet["status"] == "ALL CHECKS PASS"
    assert sheet["Designs"] == ["x", "y", "z", "w"]
    assert sheet["TotalScore"] == pytest.approx(core.scores.tolist(), abs=1e-9)
    assert sheet["Rank"] == core.ranks.tolist()
    assert scoring.score(scoring.load(recalculated["inputs_tied"])).ranks.tolist() == core.ranks.tolist()


def probe_values(path: Path) -> list[object]:
    sheet = openpyxl.load_workbook(path, data_only=True)["Changes"]
    return [sheet.cell(PROBE_ROW, k).value for k in range(1, len(CRITERIA_PROBES) + 1)]


def test_the_contract_name_criterion_ids_resolves_in_libreoffice(recalculated: dict[str, Path]) -> None:
    """The file as written by write_template (only a probe row added) resolves CriterionIds."""
    with zipfile.ZipFile(recalculated["inputs_criteria_probe"]) as archive:
        xml = archive.read("xl/workbook.xml")
    assert b'<definedName name="CriterionIds">' in xml
    assert b'<definedName name="Criteria"' not in xml
    assert probe_values(recalculated["criteria_probe"]) == [M, ARTICLE.criterion_ids[0], M]


def test_recalculation_was_one_batched_call(recalculated: dict[str, Path]) -> None:
    files, seconds = LAST_TIMINGS[-1]
    assert files == len([k for k in recalculated if not k.startswith("inputs_")])
    assert seconds < 120
