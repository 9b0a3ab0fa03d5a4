"""The analyst workbook carries a set's component model (hidden Components sheet): round trips keep it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pytest

import scoring
from scoring.errors import WorkbookError
from scoring.spec import dump, load_text
from scoring.spec.convert import save


def test_a_composed_design_survives_the_workbook(tmp_path: Path) -> None:
    text = dump(scoring.load()).replace(
        "designs:\n", "designs:\n- id: combo\n  name: Combo\n  components: [pledge, us_air, intelligence]\n", 1
    )
    composed = load_text(text, "set.yaml")
    assert save(composed, tmp_path / "book.xlsx") == ()
    back = scoring.load(tmp_path / "book.xlsx")
    assert back.composition == composed.composition
    assert back.scores == composed.scores
    assert ("combo", "deterrence_credibility") in back.composition.derived  # type: ignore[union-attr]
    again = load_text(dump(back), "again.yaml")
    assert again.composition == composed.composition


def test_a_set_without_components_has_no_components_sheet(tmp_path: Path) -> None:
    import dataclasses

    plain = dataclasses.replace(scoring.load(), composition=None)
    save(plain, tmp_path / "plain.xlsx")
    assert "Components" not in openpyxl.load_workbook(tmp_path / "plain.xlsx").sheetnames
    assert scoring.load(tmp_path / "plain.xlsx").composition is None


def test_a_damaged_components_sheet_is_one_located_error(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    save(scoring.load(), path)
    book = openpyxl.load_workbook(path)
    book["Components"]["A4"] = '{"composition": {"start": "nowhere"'
    book.save(path)
    with pytest.raises(WorkbookError, match=r"Components!A4: expected the component model"):
        scoring.load(path)


def _combo_book(tmp_path: Path) -> tuple[scoring.ScenarioSet, Path]:
    text = dump(scoring.load()).replace(
        "designs:\n", "designs:\n- id: combo\n  name: Combo\n  components: [pledge, us_air]\n", 1
    )
    composed = load_text(text, "set.yaml")
    path = tmp_path / "book.xlsx"
    save(composed, path)
    return composed, path


def _set_base(path: Path, design: str, criterion: str, value: float, scenario: scoring.ScenarioSet) -> None:
    book = openpyxl.load_workbook(path)
    sheet, ref = next(iter(book.defined_names["ScoreMatrix"].destinations))
    cells = book[sheet][ref]
    cells[list(scenario.design_ids).index(design)][list(scenario.criterion_ids).index(criterion)].value = value
    book.save(path)


def test_an_edited_composed_score_is_kept_as_a_judgment(tmp_path: Path) -> None:
    """A composed score the analyst types over is theirs: a dump writes it, so converting loses nothing."""
    composed, path = _combo_book(tmp_path)
    assert composed.score_of("combo", "deterrence_credibility").base != 60
    _set_base(path, "combo", "deterrence_credibility", 60, composed)
    back = scoring.load(path)
    assert back.score_of("combo", "deterrence_credibility").base == 60
    derived = back.composition.derived  # type: ignore[union-attr]
    assert ("combo", "deterrence_credibility") not in derived
    assert ("combo", "escalation_risk") in derived  # the cells left alone stay composed
    again = load_text(dump(back), "again.yaml")
    assert again.scores == back.scores
    np.testing.assert_array_equal(scoring.score(again).scores, scoring.score(back).scores)


def test_a_component_edited_in_the_workbook_leaves_the_sheets_numbers(tmp_path: Path) -> None:
    """The workbook's formulas score what its Scores sheet holds; a round trip scores the same."""
    composed, path = _combo_book(tmp_path)
    _set_base(path, "article5_pledge", "deterrence_credibility", 60, composed)  # the pledge alone
    back = scoring.load(path)
    assert back.score_of("combo", "deterrence_credibility") == composed.score_of("combo", "deterrence_credibility")
    assert ("combo", "deterrence_credibility") not in back.composition.derived  # type: ignore[union-attr]
    again = load_text(dump(back), "again.yaml")
    np.testing.assert_array_equal(scoring.score(again).scores, scoring.score(back).scores)
