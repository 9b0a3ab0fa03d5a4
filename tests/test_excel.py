"""The worksheet functions (scoring.excel) called as Excel calls them, checked against the core API.

No Excel and no mocks: on Linux ``from xlwings import func, arg, ret`` are xlwings' own
pass-through decorators, so these are the real functions with Excel-shaped arguments
(2-D lists, ``None`` for blanks, text numbers, header rows, trailing blank rows).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from typing import Any

import numpy as np
import pytest

import scoring
from scoring import excel
from scoring.analysis.sensitivity import sensitivity
from scoring.analysis.settings import DEFAULT_SMAA
from scoring.analysis.smaa import smaa
from scoring.excel import _impl as impl
from scoring.problem import DecisionProblem
from scoring.weights import ahp, critic_weights, entropy_weights, rank_order_centroid, std_weights, swing_weights

TOL = 1e-12
MATRIX = [[7.0, 200.0, 3.0], [9.0, 300.0, 1.0], [8.0, 100.0, 2.0], [6.0, 250.0, 5.0]]
WEIGHTS = [0.5, 0.3, 0.2]
DIRECTIONS = ["max", "min", "max"]
PAIRWISE = [[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]]
METHOD_OPTIONS = [
    ("wsm", None, {}),
    ("wsm", "bounds=0,400", {"bounds": [0.0, 400.0]}),
    ("wpm", None, {}),
    ("topsis", None, {}),
    ("vikor", "v=0.4", {"v": 0.4}),
    ("promethee", "preference=linear; q=1; p=5", {"preference": "linear", "q": 1.0, "p": 5.0}),
]


def column(values: Any) -> list[list[Any]]:
    return [[v] for v in values]


def flat(cells: list[list[Any]]) -> list[Any]:
    return [v for row in cells for v in row]


def article_inputs() -> tuple[Any, Any, Any]:
    scores = excel.GS_ARTICLE("scores")
    weights = excel.GS_ARTICLE("weights", "balanced")
    directions = [[row[3]] for row in excel.GS_ARTICLE("criteria")]
    return scores, weights, directions


# ------------------------------------------------------------------ agreement with the core


@pytest.mark.parametrize(("method", "options", "kwargs"), METHOD_OPTIONS)
def test_score_and_rank_agree_with_evaluate(method: str, options: str | None, kwargs: dict[str, Any]) -> None:
    expected = scoring.evaluate(MATRIX, WEIGHTS, DIRECTIONS, method, **kwargs)
    scores = excel.GS_SCORE(MATRIX, [WEIGHTS], [DIRECTIONS], method, options)
    ranks = excel.GS_RANK(MATRIX, [WEIGHTS], [DIRECTIONS], method, options)
    np.testing.assert_allclose(flat(scores), expected.scores, rtol=0, atol=TOL)
    assert flat(ranks) == expected.ranks.tolist()
    assert all(isinstance(v, float) for v in flat(scores))
    assert all(isinstance(v, int) for v in flat(ranks))


def test_article_score_agrees_with_scoring_score() -> None:
    scores, _weights, directions = article_inputs()
    article = scoring.load()
    for lens in article.lens_ids:
        lens_weights = excel.GS_ARTICLE("weights", lens)
        expected = scoring.score(article, lens)
        got = excel.GS_SCORE(scores, lens_weights, directions, "wsm", "bounds=0,100")
        assert got[0] == ["score"]
        np.testing.assert_allclose(np.array(flat(got[1:])) * 100, expected.scores, rtol=0, atol=1e-10)
        ranks = excel.GS_RANK(scores, lens_weights, directions, "wsm", "bounds=0,100")
        assert flat(ranks[1:]) == expected.ranks.tolist()
    designs = excel.GS_ARTICLE("designs", "kyiv")
    expected = scoring.score(article, "kyiv")
    assert designs[0][-2:] == ["score (kyiv)", "rank"]
    np.testing.assert_allclose([r[-2] for r in designs[1:]], expected.scores, rtol=0, atol=TOL)


def test_weights_agree_with_scoring_weights() -> None:
    result = ahp(PAIRWISE)
    np.testing.assert_allclose(flat(excel.GS_AHP_WEIGHTS(PAIRWISE)), result.weights, rtol=0, atol=TOL)
    assert abs(excel.GS_AHP_CR(PAIRWISE) - result.cr) <= TOL
    for name, function in (("critic", critic_weights), ("entropy", entropy_weights), ("std", std_weights)):
        got = excel.GS_OBJECTIVE_WEIGHTS(MATRIX, name, [DIRECTIONS])
        np.testing.assert_allclose(got[0], function(MATRIX, DIRECTIONS), rtol=0, atol=TOL)
    np.testing.assert_allclose(excel.GS_OBJECTIVE_WEIGHTS(MATRIX)[0], critic_weights(MATRIX), rtol=0, atol=TOL)
    np.testing.assert_allclose(flat(excel.GS_ROC_WEIGHTS([[2, 1, 3]])), rank_order_centroid([2, 1, 3]), atol=TOL)
    np.testing.assert_allclose(flat(excel.GS_SWING_WEIGHTS([[100, 50, 20]])), swing_weights([100, 50, 20]), atol=TOL)


def test_smaa_agrees_with_analysis_smaa_and_is_reproducible() -> None:
    low = (np.array(MATRIX) - 1).tolist()
    high = (np.array(MATRIX) + 1).tolist()
    got = excel.GS_SMAA(MATRIX, None, [DIRECTIONS], "topsis", 3000, 7, low, high)
    problem = DecisionProblem.from_arrays(MATRIX, None, DIRECTIONS, "topsis", matrix_low=low, matrix_high=high)
    expected = smaa(problem, weight_mode="uniform", samples=3000, seed=7)
    assert got[0] == ["design", "rank 1", "rank 2", "rank 3", "rank 4"]
    assert [r[0] for r in got[1:]] == ["D1", "D2", "D3", "D4"]
    np.testing.assert_allclose([r[1:] for r in got[1:]], expected.acceptability, rtol=0, atol=TOL)
    assert excel.GS_SMAA(MATRIX, None, [DIRECTIONS], "topsis", 3000, 7, low, high) == got
    fixed = excel.GS_SMAA(MATRIX, [WEIGHTS], [DIRECTIONS], None, 100, 1)
    expected_fixed = smaa(DecisionProblem.from_arrays(MATRIX, WEIGHTS, DIRECTIONS), samples=100, seed=1)
    np.testing.assert_allclose([r[1:] for r in fixed[1:]], expected_fixed.acceptability, rtol=0, atol=TOL)


def test_smaa_defaults_and_labels() -> None:
    labelled = [["", "a", "b", "c"], *[[f"design {i}", *row] for i, row in enumerate(MATRIX)]]
    got = excel.GS_SMAA(labelled, None, [DIRECTIONS])
    expected = smaa(DecisionProblem.from_arrays(MATRIX, None, DIRECTIONS), weight_mode="uniform")
    assert expected.samples == DEFAULT_SMAA.samples
    assert expected.seed == DEFAULT_SMAA.seed  # the same defaults as gscore analyze
    assert [r[0] for r in got[1:]] == [f"design {i}" for i in range(4)]
    np.testing.assert_allclose([r[1:] for r in got[1:]], expected.acceptability, rtol=0, atol=TOL)


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_sensitivity_agrees_with_analysis(method: str) -> None:
    got = excel.GS_SENSITIVITY(MATRIX, [WEIGHTS], [DIRECTIONS], method)
    assert got[0] == ["criterion", "weight", "lower", "upper", "best", "best below", "best above"]
    assert [r[0] for r in got[1:]] == ["C1", "C2", "C3"]
    result = sensitivity(DecisionProblem.from_arrays(MATRIX, WEIGHTS, DIRECTIONS, method))
    np.testing.assert_allclose(
        [r[2:4] for r in got[1:]], np.column_stack([result.lower, result.upper]), rtol=0, atol=TOL
    )
    table = result.to_frame()
    np.testing.assert_allclose([r[1] for r in got[1:]], table["weight"], rtol=0, atol=TOL)
    assert [r[4] for r in got[1:]] == list(table["best"])


def test_article_sensitivity_uses_the_labels() -> None:
    scores, weights, directions = article_inputs()
    got = excel.GS_SENSITIVITY(scores, weights, directions, "wsm", "bounds=0,100")
    article = scoring.load()
    assert [r[0] for r in got[1:]] == list(article.criterion_ids)
    assert {r[4] for r in got[1:]} == {scoring.score(article).best}


def test_smaa_budget_bounds_every_methods_recalculation() -> None:
    """samples x per-draw cells (MethodSpec.sample_cells, doubled with score ranges) stays in the budget."""
    scores, _weights, directions = article_inputs()
    low, high = excel.GS_ARTICLE("low"), excel.GS_ARTICLE("high")
    values = np.array([r[1:] for r in scores[1:]], dtype=float)
    lows, highs = (np.array([r[1:] for r in t[1:]], dtype=float) for t in (low, high))
    for method in scoring.method_names():
        options = {"offset": 1.0} if method == "wpm" else {}
        for ranges in (False, True):
            problem = DecisionProblem.from_arrays(
                values,
                None,
                [r[0] for r in directions[1:]],
                method,
                matrix_low=lows if ranges else None,
                matrix_high=highs if ranges else None,
                **options,
            )
            cells = impl.smaa_draw_cells(problem)
            n, m = values.shape
            assert cells == problem.method.sample_cells(n, m, ranges) * (2 if ranges else 1)
            allowed = min(impl.MAX_SAMPLES, impl.MAX_SMAA_CELLS // cells)
            assert allowed * cells <= impl.MAX_SMAA_CELLS
            assert allowed >= DEFAULT_SMAA.samples  # the defaults always run on the article set


def test_smaa_over_the_budget_says_what_to_do() -> None:
    scores, _weights, directions = article_inputs()
    low, high = excel.GS_ARTICLE("low"), excel.GS_ARTICLE("high")
    message = excel.GS_SMAA(scores, None, directions, "promethee", 200000, 1, low, high)
    assert isinstance(message, str)
    assert message.startswith(
        "samples: is 200000; promethee on 8 designs x 10 criteria with score ranges allows at most "
    )
    assert message.endswith("use fewer samples, or gscore analyze for a larger run")
    allowed = int(message.split("at most ")[1].split()[0])
    assert 10_000 < allowed < 200_000
    assert isinstance(excel.GS_SMAA(scores, None, directions, "promethee", 20, 1, low, high), list)
    big = np.random.default_rng(0).uniform(0, 100, (200, 30)).tolist()
    blank_samples = excel.GS_SMAA(big, None, None, "promethee")
    assert blank_samples.startswith("samples: is blank (the default, 10000); promethee on 200 designs x 30 criteria")
    huge = np.random.default_rng(0).uniform(0, 100, (3000, 30)).tolist()  # past the size policy: refused first
    assert excel.GS_SMAA(huge, None, None, "promethee", 1) == "matrix: 3,000 designs; GS_SMAA allows at most 500"


def test_smaa_at_the_cap_runs_when_every_design_is_sometimes_best() -> None:
    """The cap is the only limit: no second refusal from confidence factors (which GS_SMAA does not show).

    60 near-tied designs with 0-100 ranges: every one is best in some draws, so the analyses'
    confidence factors would cost draws x 60 x the method's cells (past their own budget).
    """
    values = np.random.default_rng(1).uniform(45, 55, (60, 10))
    low, high = np.zeros_like(values).tolist(), np.full_like(values, 100.0).tolist()
    message = excel.GS_SMAA(values.tolist(), None, None, "wsm", 200000, 1, low, high)
    assert isinstance(message, str)
    allowed = int(message.split("at most ")[1].split()[0])
    table = excel.GS_SMAA(values.tolist(), None, None, "wsm", allowed, 1, low, high)
    assert isinstance(table, list), table
    acceptability = np.array([row[1:] for row in table[1:]], dtype=float)
    assert np.count_nonzero(acceptability[:, 0]) == 60  # every design is best in some draws
    np.testing.assert_allclose(acceptability.sum(axis=1), 1.0)


@pytest.mark.parametrize("label", ["-x", "=SUM(A1)", "+1 troops", "@home", "'quoted"])
def test_labels_come_back_as_typed(label: str) -> None:
    """A worksheet function's result is a value, never read as a formula: no leading apostrophe."""
    labelled = [["", label, "b", "c"], *[[f"{label}{i}", *row] for i, row in enumerate(MATRIX)]]
    smaa_table = excel.GS_SMAA(labelled, None, [DIRECTIONS], "wsm", 50, 1)
    assert [r[0] for r in smaa_table[1:]] == [f"{label}{i}" for i in range(len(MATRIX))]
    sensitivity_table = excel.GS_SENSITIVITY(labelled, [WEIGHTS], [DIRECTIONS])
    assert sensitivity_table[1][0] == label
    assert excel.GS_OBJECTIVE_WEIGHTS([[label, "b", "c"], *MATRIX])[0][0] == label


# ------------------------------------------------------------------ Excel shapes


def test_rows_columns_text_numbers_headers_and_trailing_blanks_give_the_same_answer() -> None:
    expected = excel.GS_SCORE(MATRIX, [WEIGHTS], [DIRECTIONS])
    as_text = [[f" {v} " for v in row] for row in MATRIX]
    padded = [[*row, None, None] for row in MATRIX] + [[None] * 5, [""] * 5]
    header = [["cost", "size", "speed"], *MATRIX]
    variants = [
        excel.GS_SCORE(MATRIX, column(WEIGHTS), column(DIRECTIONS)),
        excel.GS_SCORE(MATRIX, WEIGHTS, DIRECTIONS),
        excel.GS_SCORE(as_text, [[str(w) for w in WEIGHTS]], [DIRECTIONS]),
        excel.GS_SCORE(padded, [[*WEIGHTS, None]], [[*DIRECTIONS, None]], [[None]], [[None]]),
        excel.GS_SCORE(MATRIX, [["weight"], *column(WEIGHTS), [None]], [["direction"], *column(DIRECTIONS)]),
        excel.GS_SCORE(MATRIX, [WEIGHTS], [[1, -1, 1]], "WSM"),
    ]
    for got in variants:
        assert got == expected
    with_header = excel.GS_SCORE(header, [WEIGHTS], [DIRECTIONS])
    assert with_header == [["score"], *expected]


def test_single_cell_arguments() -> None:
    assert excel.GS_SCORE([[5.0]], [[1.0]]) == excel.GS_SCORE(5.0, 1.0)
    assert excel.GS_RANK(5.0, 1.0) == [[1]]
    assert excel.GS_SCORE(MATRIX, [WEIGHTS], "min") == excel.GS_SCORE(MATRIX, [WEIGHTS], [["min", "min", "min"]])
    assert excel.GS_SWING_WEIGHTS(100) == [[1.0]]


def test_orientation_of_vector_results() -> None:
    assert len(excel.GS_ROC_WEIGHTS([[1], [2], [3]])) == 3
    assert len(excel.GS_ROC_WEIGHTS([[1, 2, 3]])) == 1
    assert len(excel.GS_AHP_WEIGHTS(PAIRWISE)) == 3
    labelled = [["", "a", "b", "c"], *[[name, *row] for name, row in zip("abc", PAIRWISE, strict=True)]]
    assert excel.GS_AHP_WEIGHTS(labelled)[0] == ["weight"]
    objective = excel.GS_OBJECTIVE_WEIGHTS([["p", "q", "r"], *MATRIX])
    assert objective[0] == ["p", "q", "r"]
    assert len(objective) == 2


def test_article_tables() -> None:
    article = scoring.load()
    n, m = len(article.designs), len(article.criteria)
    scores = excel.GS_ARTICLE("scores")
    assert scores[0] == ["design", *article.criterion_ids]
    assert len(scores) == n + 1
    np.testing.assert_array_equal([r[1:] for r in scores[1:]], article.matrix())
    np.testing.assert_array_equal([r[1:] for r in excel.GS_ARTICLE("low")[1:]], article.matrix("low"))
    np.testing.assert_array_equal([r[1:] for r in excel.GS_ARTICLE(" HIGH ")[1:]], article.matrix("high"))
    weights = excel.GS_ARTICLE("weights")
    assert [r[0] for r in weights[1:]] == list(article.lens_ids)
    np.testing.assert_allclose(weights[1][1:], article.weights("balanced"), atol=TOL)
    assert len(excel.GS_ARTICLE("weights", "kyiv")) == 2
    criteria = excel.GS_ARTICLE("criteria")
    assert criteria[0][:4] == ["criterion", "name", "branch", "direction"]
    assert len(criteria) == m + 1
    evidence = excel.GS_ARTICLE("evidence")
    assert evidence[0] == ["criterion", "quote", "note"]
    assert len(evidence) == 1 + sum(len(c.evidence) for c in article.criteria)
    assert [r[0] for r in excel.GS_ARTICLE("designs")[1:]] == list(article.design_ids)
    assert [r[0] for r in excel.GS_ARTICLE("lenses")[1:]] == list(article.lens_ids)


@pytest.mark.parametrize("what", impl.ARTICLE_TABLES)
def test_article_cells_are_safe(what: str) -> None:
    for row in excel.GS_ARTICLE(what):
        for cell in row:
            assert isinstance(cell, str | float | int)
            if isinstance(cell, str):
                assert not cell.startswith(("=", "+", "-", "@"))
            else:
                assert np.isfinite(cell)


def test_article_set_is_loaded_once() -> None:
    assert impl.article() is impl.article()


def test_version() -> None:
    assert excel.GS_VERSION() == scoring.__version__


# ------------------------------------------------------------------ bad input: one line, naming the argument


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: excel.GS_SCORE(MATRIX, [[0.5, 0.3, "abc"]]), 'weights: cell 3 is "abc", expected a number'),
        (lambda: excel.GS_SCORE([[1, 2], [3, "n/a"]], [[1, 1]]), 'matrix: row 2, column 2 is "n/a", expected a number'),
        (lambda: excel.GS_SCORE(MATRIX, None), "weights: is blank, expected one weight per criterion"),
        (lambda: excel.GS_SCORE(MATRIX, [[1, 1]]), "weights: expected 3 weights (one per criterion), got 2"),
        (lambda: excel.GS_SCORE(MATRIX, [[1, -1, 1]]), "weights: weight 2 is -1, expected a number >= 0"),
        (
            lambda: excel.GS_SCORE(MATRIX, [WEIGHTS], [["max", "up", "min"]]),
            'directions: cell 2 is "up", expected "max" or "min" (or 1 / -1, "benefit" / "cost")',
        ),
        (
            lambda: excel.GS_SCORE(MATRIX, [WEIGHTS], None, "electre"),
            "method: unknown method 'electre'; expected one of: promethee, topsis, vikor, wpm, wsm",
        ),
        (
            lambda: excel.GS_SCORE(MATRIX, [WEIGHTS], None, "vikor", "x=1"),
            "options: method 'vikor' does not take 'x'; it takes: v",
        ),
        (
            lambda: excel.GS_RANK(MATRIX, [WEIGHTS], None, None, "v"),
            'options: item 1 "v" has no "=", expected name=value',
        ),
        (lambda: excel.GS_AHP_WEIGHTS([[1, 2], [3, 1]]), "pairwise[2, 1]: is 3, expected the reciprocal of"),
        (lambda: excel.GS_AHP_CR([[1, "x"], [1, 1]]), 'pairwise: row 1, column 2 is "x", expected a number'),
        (lambda: excel.GS_OBJECTIVE_WEIGHTS(MATRIX, "pca"), "method: unknown objective weighting 'pca'"),
        (lambda: excel.GS_ROC_WEIGHTS([[1, 0.5]]), "ranks: value 2 is 0.5, expected a whole number >= 1"),
        (lambda: excel.GS_SWING_WEIGHTS([[50, "?"]]), 'points: cell 2 is "?", expected a number'),
        (lambda: excel.GS_SWING_WEIGHTS(None), "points: is blank, expected one value per criterion"),
        (
            lambda: excel.GS_SMAA(MATRIX, None, None, None, 500_000),
            "samples: is 500000, expected a whole number from 1 to 200000 (the cap keeps a recalculation quick",
        ),
        (lambda: excel.GS_SMAA(MATRIX, None, None, None, 10, -1), "seed: is -1, expected a whole number from 0 to"),
        (
            lambda: excel.GS_SMAA(MATRIX, None, None, None, 10, 1, [[1, 2]]),
            "matrix_low: expected shape (4, 3) like matrix, got (1, 2)",
        ),
        (lambda: excel.GS_SENSITIVITY(MATRIX, [[1, 1]]), "weights: expected 3 weights (one per criterion), got 2"),
        (lambda: excel.GS_ARTICLE("plots"), "what: unknown table 'plots'; expected one of: criteria, designs, scores"),
        (lambda: excel.GS_ARTICLE(None), "what: is blank, expected one of"),
        (lambda: excel.GS_ARTICLE("weights", "paris"), "lens: unknown lens 'paris'; expected one of: balanced"),
        (lambda: excel.GS_ARTICLE("scores", "kyiv"), 'lens: is only used with "weights" or "designs", not \'scores\''),
        (
            lambda: excel.GS_SMAA(MATRIX, None, None, "wsm", 10, 1, None, None, "samples=5"),
            "options: method 'wsm' does not take 'samples'; it takes: bounds",
        ),
        (
            lambda: excel.GS_SENSITIVITY(MATRIX, [WEIGHTS], None, "topsis", "points=3"),
            "options: method 'topsis' does not take 'points'; it takes: normalization",
        ),
    ],
)
def test_bad_input_returns_one_line_naming_the_argument(call: Any, message: str) -> None:
    result = call()
    assert isinstance(result, str), result
    assert result.startswith(message), result
    assert "\n" not in result
    assert "Traceback" not in result


def test_unexpected_errors_still_give_one_line() -> None:
    def broken(*_: object) -> None:
        raise KeyError("boom")

    assert impl.run("GS_SCORE", broken, False) == "GS_SCORE: unexpected error (KeyError: 'boom')"
    with pytest.raises(impl.WorksheetError, match=r"^GS_SCORE: unexpected error \(KeyError: 'boom'\)$"):
        impl.run("GS_SCORE", broken, True)


def test_lite_raises_so_the_cell_shows_value_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Import scoring/excel.py afresh as Pyodide would see it (sys.platform == "emscripten")."""
    monkeypatch.setattr(sys, "platform", "emscripten")
    spec = importlib.util.spec_from_file_location("scoring_excel_as_lite", excel.__file__)
    assert spec is not None
    assert spec.loader is not None
    lite = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lite)
    assert lite.IS_LITE is True
    assert excel.IS_LITE is False
    with pytest.raises(ValueError, match=r'^weights: cell 3 is "abc", expected a number$') as caught:
        lite.GS_SCORE(MATRIX, [[0.5, 0.3, "abc"]])
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__
    assert lite.GS_SCORE(MATRIX, [WEIGHTS]) == excel.GS_SCORE(MATRIX, [WEIGHTS])


def test_import_scoring_does_not_import_xlwings() -> None:
    code = "import sys, scoring, scoring.analysis.smaa; print('xlwings' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_worksheet_functions_work_without_xlwings() -> None:
    """Without xlwings the functions are plain Python functions (what xlwings itself does off Windows)."""
    code = (
        "import sys; sys.modules['xlwings'] = None; import scoring.excel as e; "
        "print(e.GS_RANK([[1, 2], [3, 4]], [1, 1]), e.GS_VERSION() == __import__('scoring').__version__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[[2], [1]] True"


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([100, 50, None], [[2 / 3, 1 / 3, 0.0]]),
        ([[100], [50], [None]], [[2 / 3], [1 / 3], [0.0]]),
        ([["points"], [100], [50], [None]], [[2 / 3], [1 / 3], [0.0]]),
    ],
)
def test_stated_weights_line_up_with_the_selected_range(points: Any, expected: list[list[float]]) -> None:
    """A trailing blank (no points) gets weight 0 instead of shortening the spilled result."""
    got = excel.GS_SWING_WEIGHTS(points)
    assert len(got) == len(expected)
    for row, want in zip(got, expected, strict=True):
        assert row == pytest.approx(want)
    assert excel.GS_ROC_WEIGHTS([[1, 2, None]]) == [pytest.approx([0.75, 0.25, 0.0])]
