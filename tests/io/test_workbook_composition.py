"""The analyst workbook carries a set's component model (hidden Components sheet): round trips keep it."""

from __future__ import annotations

from pathlib import Path

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
