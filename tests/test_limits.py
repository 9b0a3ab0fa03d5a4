"""The size policy's scoring cap (scoring/limits.py): bounded amplification, not bounded input.

A matrix the caller already holds may be scored with work in proportion to it; what grows faster
than the input (PROMETHEE's designs squared) is refused past 128 MB. Files never reach the
proportional part (at most 50,000 judgments).
"""

from __future__ import annotations

import numpy as np
import pytest

import scoring
from scoring.errors import InputError
from scoring.limits import MAX_JUDGMENTS, MAX_SCORE_CELLS, SCORE_CELLS_PER_INPUT, check_scoring
from scoring.methods import get_method


@pytest.mark.parametrize("method", ["wsm", "wpm", "topsis", "vikor"])
def test_linear_methods_on_a_million_designs_are_within_the_cap(method: str) -> None:
    n, m = 1_000_000, 12
    cells = n * m + get_method(method).sample_cells(n, m, False)
    assert cells > MAX_SCORE_CELLS  # the fixed cap alone would refuse it (benchmarks/run.py scores it)
    check_scoring(cells, n, m, method)


def test_promethee_grows_with_designs_squared_and_is_refused() -> None:
    n, m = 2_000, 10
    with pytest.raises(InputError, match=r"promethee on 2,000 designs x 10 criteria needs 1,222 MB.*at most 122 MB"):
        check_scoring(n * m + get_method("promethee").sample_cells(n, m, False), n, m, "promethee")


def test_files_never_reach_the_proportional_part() -> None:
    assert SCORE_CELLS_PER_INPUT * MAX_JUDGMENTS < MAX_SCORE_CELLS


def test_evaluate_scores_a_million_designs() -> None:
    """A real call past the fixed cap (about 250 MB at peak): scores and ranks as on a small slice."""
    rng = np.random.default_rng(7)
    matrix = rng.uniform(0, 100, (1_000_000, 12))
    weights = rng.dirichlet(np.ones(12))
    result = scoring.evaluate(matrix, weights, ["max"] * 12, method="wsm")
    assert result.scores.shape == (1_000_000,)
    head = scoring.evaluate(matrix[:5], weights, ["max"] * 12, method="wsm", bounds=(0, 100))
    full = scoring.evaluate(matrix, weights, ["max"] * 12, method="wsm", bounds=(0, 100))
    np.testing.assert_allclose(full.scores[:5], head.scores, rtol=1e-12)


def test_a_plain_table_of_2000_by_50_is_accepted(tmp_path, run_cli) -> None:  # type: ignore[no-untyped-def]
    """Issue 14's size: 2,000 designs x 50 criteria (100,000 judgments) scores from a CSV."""
    rng = np.random.default_rng(3)
    levels = rng.uniform(0, 100, (2_000, 50)).round(2)
    lines = ["design," + ",".join(f"c{j}" for j in range(50))]
    lines += [f"d{i}," + ",".join(map(str, row)) for i, row in enumerate(levels)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run_cli("score", str(path), "-f", "csv", "--no-verdict")
    assert done.exit_code == 0, done.stderr
    assert len(done.stdout.strip().splitlines()) == 1 + 2_000


def test_the_analyst_workbook_holds_at_most_50000_judgments(tmp_path, run_cli) -> None:  # type: ignore[no-untyped-def]
    from scoring.limits import MAX_WORKBOOK_JUDGMENTS, check_workbook_size

    check_workbook_size(2_000, 25, "set")
    with pytest.raises(InputError, match=r"2,000 designs x 26 criteria = 52,000 judgments; the analyst workbook holds"):
        check_workbook_size(2_000, 26, "set")
    assert MAX_WORKBOOK_JUDGMENTS * 6 < 500_000  # six cells a judgment, within the reader's cell cap
