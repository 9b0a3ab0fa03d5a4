"""GS_COMPOSE: the best combinations of the built-in set's components, as the core ranks them."""

from __future__ import annotations

import pytest

import scoring
from scoring import excel
from scoring.analysis.compose import composition


@pytest.mark.parametrize(("lens", "method"), [("kyiv", None), (None, "wsm"), ("washington", "topsis")])
def test_gs_compose_is_the_core_ranking(lens: str | None, method: str | None) -> None:
    cells = excel.GS_COMPOSE(lens, 4, method)
    assert cells[0] == ["rank", "combination", "score", "low", "high"]
    found = composition(scoring.load(), lens=lens, method=method or "wsm", top=4)
    top = found.lenses[lens or "balanced"].top
    assert [row[1] for row in cells[1:]] == top["combination"].tolist()
    assert [row[2] for row in cells[1:]] == pytest.approx(top["score"].tolist())
    if method == "topsis":
        assert all(row[3] == "" and row[4] == "" for row in cells[1:])  # no range from the design's own row
    else:
        assert all(row[3] <= row[2] <= row[4] for row in cells[1:])


def test_gs_compose_excel_shaped_arguments_and_errors() -> None:
    assert excel.GS_COMPOSE([["kyiv"]], [[2]]) == excel.GS_COMPOSE("kyiv", 2.0)
    assert len(excel.GS_COMPOSE()) == 6
    assert excel.GS_COMPOSE("paris").startswith("lens: unknown lens 'paris'")
    assert excel.GS_COMPOSE("kyiv", 0) == "top: is 0, expected a whole number from 1 to 1000"
    assert excel.GS_COMPOSE("kyiv", "abc") == 'top: is "abc", expected a whole number'
    assert excel.GS_COMPOSE("kyiv", 3, "magic").startswith("method: unknown method 'magic'")
    every = excel.GS_COMPOSE("balanced", 1000)
    assert len(every) == 1 + 25  # all feasible combinations when top exceeds them
