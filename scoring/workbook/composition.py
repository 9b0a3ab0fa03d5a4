"""A set's component model in the analyst workbook, so that a workbook round trip keeps it.

The workbook computes with designs and scores; the component model (``composition:`` in a
scenario file, :mod:`scoring.composition`) is carried as data on a hidden ``Components`` sheet
(the workbook's seven sheets stay as they are, and it is not printed): the
block as JSON (as :func:`scoring.spec.to_dict` writes it, and the list of composed scores), in
cells of at most :data:`CHUNK` characters down column A from row 4. Edit the model in the
scenario file; :func:`read_composition` rebuilds it from the sheet, taking the judgments of
the components that are a design alone from the workbook's Scores sheet.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from scoring.errors import WorkbookError
from scoring.model import Composition, ScenarioSet, Score
from scoring.workbook import layout as lay

__all__ = ["CHUNK", "SHEET", "read_composition", "write_composition"]

SHEET = "Components"
#: Characters per cell (Excel holds at most 32,767 in one cell).
CHUNK = 30_000
_FIRST = 4


def write_composition(book: Any, scenario: ScenarioSet, styles: lay.Styles) -> Any:
    """Add the Components sheet when ``scenario`` has a component model; return it (or None)."""
    if scenario.composition is None:
        return None
    from scoring.spec import to_dict

    sheet = book.create_sheet(SHEET)
    styles.title(
        sheet,
        "Components (the set's component model)",
        "Carried so that reading this workbook back keeps it; edit it in the scenario file. See docs/composition.md.",
    )
    document = {
        "composition": to_dict(scenario)["composition"],
        "derived": [list(cell) for cell in scenario.composition.derived],
    }
    text = json.dumps(document, ensure_ascii=False)
    for k in range(0, len(text), CHUNK):
        lay.put_text(sheet.cell(_FIRST + k // CHUNK, 1), text[k : k + CHUNK])
    sheet.sheet_state = "hidden"  # data, not a page to read (Format > Sheet > Unhide shows it)
    # no print area (finish_sheet sets none on a hidden sheet): LibreOffice prints a hidden sheet
    # that has one
    return sheet


def read_composition(book: Any, scenario: ScenarioSet) -> ScenarioSet:
    """``scenario`` with the component model of the book's Components sheet (unchanged without one).

    Raises
    ------
    WorkbookError
        The sheet's data is not a valid component model for the workbook's designs and criteria.
    """
    sheet = book.sheet_name(SHEET)
    if sheet is None:
        return scenario
    from pydantic import ValidationError

    from scoring.spec._composition import build_composition
    from scoring.spec._schema import CompositionModel

    where = f"{SHEET}!A{_FIRST}"
    cells = book.cells(sheet)  # the bounded reader's cells: row * 16385 + column -> value
    text = "".join(str(cells[k]) for k in sorted(cells) if k % 16385 == 1 and k // 16385 >= _FIRST)
    try:
        document = json.loads(text)
        model = CompositionModel.model_validate(document["composition"])
        derived = {(str(d), str(c)) for d, c in document.get("derived", [])}
    except (ValueError, KeyError, TypeError, ValidationError) as exc:
        message = str(exc).splitlines()[0][:160]
        raise WorkbookError.at(where, f"expected the component model as written by the kit ({message})") from None
    hand: dict[str, dict[str, Score | float]] = {
        design.id: {c.id: s for c, s in zip(scenario.criteria, row, strict=True) if (design.id, c.id) not in derived}
        for design, row in zip(scenario.designs, scenario.scores, strict=True)
    }
    try:
        composition = build_composition(model, scenario.criterion_ids, hand)
    except KeyError as exc:
        raise WorkbookError.at(where, f"the component model names {exc} that the workbook does not have") from None
    kept = _still_composed(scenario, composition, derived)
    return dataclasses.replace(scenario, composition=dataclasses.replace(composition, derived=kept))


def _same(a: Score, b: Score) -> bool:
    """Equal judgments (levels to 1e-6, as composed scores are rounded; texts exactly)."""
    levels = all(abs(x - y) <= 1e-6 for x, y in zip((a.base, a.low, a.high), (b.base, b.low, b.high), strict=True))
    return levels and (a.rationale, a.confidence, a.grounding) == (b.rationale, b.confidence, b.grounding)


def _still_composed(
    scenario: ScenarioSet, composition: Composition, derived: set[tuple[str, str]]
) -> tuple[tuple[str, str], ...]:
    """The cells written as composed whose Scores-sheet judgment is still what the model composes.

    The workbook scores what its Scores sheet holds. A composed cell the analyst edited, or one
    that no longer matches because a component's own design was edited, is kept as a judgment
    (with the sheet's values), so that a dump writes it out and a round trip scores the same.
    """
    from scoring.spec._composition import composed_scores

    kept: list[tuple[str, str]] = []
    for design, row in zip(scenario.designs, scenario.scores, strict=True):
        wanted = [j for j, c in enumerate(scenario.criteria) if (design.id, c.id) in derived]
        if not wanted:
            continue
        try:
            fresh = composed_scores(composition, scenario.criteria, design, wanted)
        except (KeyError, ValueError):  # components the model no longer has: nothing is composed
            continue
        kept += [(design.id, scenario.criteria[j].id) for j in wanted if _same(row[j], fresh[j])]
    return tuple(kept)
