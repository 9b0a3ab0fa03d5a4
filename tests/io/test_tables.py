"""Plain designs x criteria tables: CSV, .xlsx sheets and DataFrames in, with located errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import problems

import scoring
from scoring.errors import InputError, UnsafeFileError
from scoring.io.tables import MAX_TABLE_CELLS, is_plain_table
from scoring.spec.table import LENS_ID, TableOptions, read_table, to_table

TABLE = """design,cost (EUR m),troops,days to deploy
Coalition pledge,120,0,30
Troops in Ukraine,950,25000,180
Air support,400,0,20
"""


def _write(folder: Path, text: str, name: str = "table.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_benefit_equal_weights_and_the_observed_range(tmp_path: Path) -> None:
    table = scoring.load(_write(tmp_path, TABLE))
    assert table.criterion_ids == ("cost_eur_m", "troops", "days_to_deploy")
    assert table.design_ids == ("coalition_pledge", "troops_in_ukraine", "air_support")
    assert [c.direction for c in table.criteria] == ["benefit"] * 3
    assert table.default_lens == LENS_ID
    assert table.weights().tolist() == pytest.approx([1 / 3] * 3)
    raw = np.array([[120, 0, 30], [950, 25000, 180], [400, 0, 20]], dtype=float)
    expected = scoring.evaluate(raw, [1, 1, 1]).scores * 100
    np.testing.assert_allclose(scoring.score(table).scores, expected, rtol=1e-12)
    assert table.criteria[0].scale == (
        (0.0, "120 (the lowest value in the table)"),
        (100.0, "950 (the highest value in the table)"),
    )


def test_rows_and_options_say_more(tmp_path: Path) -> None:
    text = TABLE.replace("design,", "design,", 1).splitlines()
    text.insert(1, "direction,cost,,min")
    text.insert(2, "weight,2,1,1")
    text.insert(3, "max,1000,,")
    table = scoring.load(_write(tmp_path, "\n".join(text) + "\n"))
    assert [c.direction for c in table.criteria] == ["cost", "benefit", "cost"]
    assert table.weights().tolist() == pytest.approx([0.5, 0.25, 0.25])
    assert table.score_of("troops_in_ukraine", "cost_eur_m").base == pytest.approx(100 * (950 - 120) / (1000 - 120))
    raw = np.array([[120, 0, 30], [950, 25000, 180], [400, 0, 20]], dtype=float)
    expected = scoring.evaluate(raw, [2, 1, 1], ["min", "max", "min"], bounds=([120, 0, 20], [1000, 25000, 180]))
    np.testing.assert_allclose(scoring.score(table).scores, expected.scores * 100, rtol=1e-12)
    # options win over the rows
    again = scoring.load(
        tmp_path / "table.csv", cost=["troops"], weights={"cost (EUR m)": 1, "troops": 1, "days_to_deploy": 2}
    )
    assert [c.direction for c in again.criteria] == ["cost", "cost", "cost"]
    assert again.weights().tolist() == pytest.approx([0.25, 0.25, 0.5])
    bounded = scoring.load(tmp_path / "table.csv", bounds={"troops": (0, 50000)})
    assert bounded.score_of("troops_in_ukraine", "troops").base == 50.0


def test_a_constant_column_gives_every_design_the_top_value(tmp_path: Path) -> None:
    table = scoring.load(_write(tmp_path, "d,a,b\ndirection,,cost\nX,1,5\nY,2,5\n"))
    assert table.matrix()[:, 1].tolist() == [0.0, 0.0]  # a cost at level 0: value 100
    expected = scoring.evaluate([[1, 5], [2, 5]], [1, 1], ["max", "min"]).scores * 100
    np.testing.assert_allclose(scoring.score(table).scores, expected)


def test_semicolon_csv_and_the_decimal_comma_hint(tmp_path: Path) -> None:
    path = _write(tmp_path, "design;price;range\nA;10;300\nB;12,5;500\n")
    with pytest.raises(InputError) as caught:
        scoring.load(path)
    assert str(caught.value) == f"{path}:3: column 'price': \"12,5\" is not a number (use a point for decimals)"


def test_the_issue_example_message(tmp_path: Path) -> None:
    lines = ["design,cost,speed", *(f"d{i},{i},{i}" for i in range(5)), 'd5,"12,5",1']
    path = _write(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(InputError) as caught:
        scoring.load(path)
    assert str(caught.value).startswith(f"{path}:7: column 'cost': \"12,5\" is not a number")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("design,a,a\nX,1,2\n", "table.csv:1: criterion 'a' named twice (first in column 2)"),
        ("design,a,b\nX,1,2\nX,3,4\n", "table.csv:3: design 'X' named twice (first at"),
        ("design,a,b\n,1,2\n", "table.csv:2: the row has no design name in the first column"),
        ("design,a,\nX,1,2\n", "table.csv:1: column 3 has no criterion name"),
        ("design,a,b\nX,1,\n", "table.csv:2: column 'b': is blank, expected a number"),
        ("design,a,b\nX,1,2,3\n", "table.csv:2: a value beyond the last named column"),
        ("design,Cost A,cost a\nX,1,2\n", "both give the id 'cost_a' (ids ignore case); rename one"),
        ("design,a,b\nX,nan,inf\n", "table.csv:2: column 'a': \"nan\" is not a finite number"),
        ("design,a,b\nweight,1,\nX,1,2\n", "table.csv:2: column 'b': weight is blank, expected points >= 0"),
        ("design,a,b\ndirection,up,\nX,1,2\n", "table.csv:2: column 'a': direction \"up\", expected benefit or cost"),
        ("design,a,b\nweight,0,0\nX,1,2\n", "the weights must not all be zero"),
        ("design,a,b\nmin,5,\nX,1,2\nY,2,3\n", "column 'a': the scale's upper end 2 must exceed its lower end 5"),
        ("design,a,b\n", "the table has a header but no design rows"),
        ("\n\n", "the table is empty"),
        ("design\nX\n", "expected a header row"),
    ],
)
def test_errors_name_the_row_and_column(tmp_path: Path, text: str, expected: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        read_table(path)
    assert expected.replace("table.csv", str(path)) in str(caught.value)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = _write(tmp_path, "design,a,b\nX,1,2\nX,3,4\nY,abc,\n")
    with pytest.raises(InputError) as caught:
        read_table(path)
    assert len(caught.value.problems) == 3


def test_option_errors_name_the_option(tmp_path: Path) -> None:
    path = _write(tmp_path, TABLE)
    labels = {"cost": "--cost", "weights": "--weights", "bounds": "--bounds"}
    with pytest.raises(InputError, match=r"--cost: unknown column 'troop' \(did you mean 'troops'\?\)"):
        read_table(path, TableOptions(cost=("troop",), labels=labels))
    with pytest.raises(InputError, match="--weights: no weight for 'troops', 'days to deploy'"):
        read_table(path, TableOptions(weights={"cost (EUR m)": 1}, labels=labels))
    with pytest.raises(InputError, match=r"table.csv:3: column 'troops': 25000 lies outside the scale \[0, 100\]"):
        read_table(path, TableOptions(bounds={"troops": (0, 100)}, labels=labels))
    with pytest.raises(InputError, match="applies to plain tables"):
        scoring.load(None, cost=["x"])


def test_xlsx_tables_are_read_from_the_first_sheet_or_the_named_one(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    for row in (
        ["design", "price", "range"],
        ["direction", "min", None],
        ["A", 10, 300],
        ["B", 30, 500],
        ["C", 20, 350],
    ):
        sheet.append(row)
    other = book.create_sheet("Second")
    for row in (["d", "x"], ["P", 1], ["Q", 2]):
        other.append(row)
    path = tmp_path / "plain.xlsx"
    book.save(path)
    assert is_plain_table(path)
    table = scoring.load(path)
    assert table.design_ids == ("A", "B", "C")
    assert scoring.score(table).scores.round(1).tolist() == [50.0, 50.0, 37.5]
    assert scoring.load(path, sheet="Second").design_ids == ("P", "Q")
    with pytest.raises(InputError, match="sheet: unknown sheet 'Third'"):
        read_table(path, TableOptions(sheet="Third", labels={"sheet": "--sheet"}))


def test_xlsx_formulas_are_never_evaluated(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    for row in (["design", "a", "b"], ["A", 1, "=1+1"], ["B", True, None]):
        book.active.append(row)
    path = tmp_path / "formula.xlsx"
    book.save(path)
    with pytest.raises(InputError) as caught:
        scoring.load(path)
    lines = [str(p) for p in caught.value.problems]
    assert lines == [
        "Sheet!C2: column 'b': found a formula; type the value (formulas are not evaluated)",
        "Sheet!B3: column 'a': True is not a number",
        "Sheet!C3: column 'b': is blank, expected a number",
    ]


def test_the_analyst_workbook_is_not_a_plain_table(tmp_path: Path) -> None:
    from scoring.workbook.template import write_template

    path = tmp_path / "book.xlsx"
    write_template(scoring.load(), path)
    assert not is_plain_table(path)
    assert scoring.load(path).design_ids == scoring.load().design_ids
    with pytest.raises(InputError, match="--cost: applies to plain tables"):
        scoring._api.load_source(path, TableOptions(cost=("x",), labels={"cost": "--cost"}))


def test_untrusted_tables_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import scoring.io.tables as tables

    monkeypatch.setattr(tables, "MAX_TABLE_BYTES", 100)
    with pytest.raises(InputError, match="table is limited to 100 bytes"):
        read_table(_write(tmp_path, TABLE * 3))
    monkeypatch.undo()
    monkeypatch.setattr(tables, "MAX_TABLE_CELLS", 10)
    with pytest.raises(InputError, match="more than 10 cells"):
        read_table(_write(tmp_path, TABLE))
    assert MAX_TABLE_CELLS >= 100_000
    (tmp_path / "binary.csv").write_bytes(b"\xff\xfe\x00a")
    with pytest.raises(InputError, match="expected UTF-8"):
        read_table(tmp_path / "binary.csv")
    (tmp_path / "fake.xlsx").write_text("design,a\nX,1\n")
    with pytest.raises(UnsafeFileError):
        scoring.load(tmp_path / "fake.xlsx")


def test_from_table_takes_a_dataframe_with_or_without_an_index() -> None:
    frame = pd.DataFrame({"design": ["A", "B"], "price": [1.0, 2.0], "speed": [3, 1]})
    first_column = scoring.from_table(frame, cost=["price"])
    indexed = scoring.from_table(frame.set_index("design"), cost=["price"])
    assert first_column.design_ids == indexed.design_ids == ("A", "B")
    assert (first_column.matrix() == indexed.matrix()).all()
    with pytest.raises(InputError, match=r"table: row 2: column 'price': \"x\" is not a number"):
        scoring.from_table(pd.DataFrame({"design": ["A", "B"], "price": [1, "x"]}))
    with pytest.raises(InputError, match="expected a pandas DataFrame"):
        scoring.from_table([[1, 2]])  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(problems(min_designs=2, max_designs=8, max_criteria=5))
def test_wsm_on_a_table_is_evaluate_on_the_observed_range(problem) -> None:  # type: ignore[no-untyped-def]
    names = [f"c{j}" for j in range(problem.matrix.shape[1])]
    frame = pd.DataFrame(problem.matrix, columns=names, index=[f"d{i}" for i in range(problem.matrix.shape[0])])
    cost = [n for n, d in zip(names, problem.directions, strict=True) if d < 0]
    points = dict(zip(names, problem.weights.tolist(), strict=True))
    table = scoring.from_table(frame, cost=cost, weights=points)
    expected = scoring.evaluate(problem.matrix, problem.weights, problem.directions).scores * 100
    np.testing.assert_allclose(scoring.score(table).scores, expected, rtol=1e-9, atol=1e-9)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=6))
def test_a_csv_written_and_read_back_keeps_every_number(
    tmp_path_factory: pytest.TempPathFactory, column: list[float]
) -> None:
    folder = tmp_path_factory.mktemp("csv")
    lines = ["design,x", *(f"d{i},{value!r}" for i, value in enumerate(column))]
    table = read_table(_write(folder, "\n".join(lines) + "\n"))
    low, high = min(column), max(column)
    if high - low > 1e-300:  # a subnormal span has no finite reciprocal: the expectation below cannot be computed
        expected = [100 * (v - low) * (1 / (high - low)) for v in column]
        np.testing.assert_allclose(table.matrix()[:, 0], expected, rtol=1e-12, atol=1e-9)


def test_to_table_round_trips_the_levels_and_the_totals(tmp_path: Path) -> None:
    article = scoring.load()
    frame = to_table(article)
    path = tmp_path / "article.csv"
    frame.to_csv(path, index=False)
    back = scoring.load(path)
    assert back.criterion_ids == article.criterion_ids
    assert (back.matrix() == article.matrix()).all()
    np.testing.assert_allclose(scoring.score(back).scores, scoring.score(article).scores, rtol=1e-12)


def test_every_face_takes_a_plain_table(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, TABLE)
    scored = run_cli("score", str(path), "--cost", "cost (EUR m)", "--cost", "days to deploy", "--format", "json")
    assert scored.exit_code == 0, scored.stderr
    assert json.loads(scored.stdout)["results"][0]["design"] == "coalition_pledge"
    weighted = run_cli("score", str(path), "--weights", "cost (EUR m)=2,troops=1,days to deploy=1", "-f", "csv")
    assert weighted.exit_code == 0, weighted.stderr
    assert run_cli("score", str(path), "--bounds", "troops=0:50000").exit_code == 0
    for args in (
        ("analyze", str(path), "--samples", "50", "--weights", "troops=1,cost (EUR m)=1,days to deploy=1"),
        ("criteria", str(path)),
        ("validate", str(path)),
        ("template", str(path), "--out", str(tmp_path / "book.xlsx")),
        ("report", str(path), "--samples", "50", "--out", str(tmp_path / "report.html")),
    ):
        result = run_cli(*args)
        assert result.exit_code == 0, (args, result.stderr)
    assert scoring.load(tmp_path / "book.xlsx").design_ids == scoring.load(path).design_ids
    bad = run_cli("score", str(path), "--weights", "troops")
    assert bad.exit_code == 2
    assert "expected COL=POINTS" in bad.stderr
    unknown = run_cli("score", str(path), "--cost", "troop")
    assert unknown.exit_code == 1
    assert unknown.stderr == (
        "gscore: error: --cost: unknown column 'troop' (did you mean 'troops'?); "
        "expected one of: cost (EUR m), troops, days to deploy\n"
    )


def test_a_table_option_for_another_source_is_bad_usage(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    for args in (
        ("score", "--cost", "x"),
        ("score", str(scoring._api.resources.files("scoring") / "data" / "article.yaml"), "--sheet", "x"),
        ("analyze", "--weights", "x=1"),
        ("criteria", "--bounds", "x=0:1"),
    ):
        result = run_cli(*args)
        assert result.exit_code == 2, (args, result.stderr)
        assert "applies to plain tables" in result.stderr
        assert "Usage: gscore" in result.stderr


def test_fast_scores_equal_the_constructor() -> None:
    from scoring.spec._table_cells import unranged_scores

    levels = np.array([[0.0, 12.5], [100.0, 33.734939759036145]])
    built = unranged_scores(levels)
    assert built == tuple(tuple(scoring.Score(x, x, x) for x in row) for row in levels.tolist())
    assert built[0][1].grounding is None
    assert built[0][1].rationale == ""
