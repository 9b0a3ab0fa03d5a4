"""Per-call time of the worksheet functions' Python side (no Excel, no xlwings transport).

Run from the repository root::

    python benchmarks/excel_calls.py            # per-call medians (about 30 s)
    python benchmarks/excel_calls.py --smaa     # also GS_SMAA at its largest samples, per method (about 30 s more)

Prints the median time per call (timeit, several repeats) of:

- GS_SCORE and GS_RANK on a 20 designs x 12 criteria block as Excel passes it (a list of
  rows of floats, weights as a row, directions as a row of text), of GS_SCORE on the same
  block with a header row and text numbers (the slow parsing path), and of GS_ARTICLE (the
  article set is loaded once and cached);
- **whole columns**: ``=GS_SCORE(A:K, ...)`` over the article scores (a header row, a label
  column, 8 designs x 10 criteria), which xlwings passes as all 1,048,576 rows, the rest
  blank: ``None`` in every cell (classic add-in) or ``""`` (as xlwings Lite may pass them),
  and weights given as a whole row (``1:1``, 16,384 cells). The ratio is against a numpy
  floor that does the least any implementation must: one C-level pass over the rows
  (``list.count`` of the blank row) and the wsm scores of the 8 x 10 block. The target is
  a median under 50 ms.

With ``--smaa``: one call each of GS_SMAA on the article set at the largest ``samples``
its budget allows (``scoring.excel._impl.MAX_SMAA_CELLS``), for every method, with and
without score ranges, then with score ranges on larger random tables (30 x 12, and 60 x 10
near-ties with 0-100 ranges, where every design is best in some draws): the budget is meant
to keep every one of them to about a second.
No assertions: numbers depend on the machine (and on its load: the load average is shown).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import timeit
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from scoring import excel
from scoring.excel import _impl as impl
from scoring.excel._args import parse_options
from scoring.problem import DecisionProblem

REPEATS = 7
EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384


def per_call(function: Callable[[], Any]) -> float:
    """Median seconds per call over REPEATS timeit runs sized to ~0.2 s each."""
    number, _ = timeit.Timer(function).autorange()
    runs = timeit.repeat(function, number=number, repeat=REPEATS)
    return statistics.median(runs) / number


def whole_column(block: list[list[Any]], blank: object) -> list[list[Any]]:
    """``block`` as the top of whole columns: every row below it blank."""
    width = len(block[0])
    return block + [[blank] * width for _ in range(EXCEL_ROWS - len(block))]


def floor_whole_column(rows: list[list[Any]], weights: np.ndarray, blank: object) -> np.ndarray:
    """The least work: count the blank rows in C, then the wsm scores of the used block."""
    used = len(rows) - rows.count([blank] * len(rows[0]))
    values = np.array([row[1:] for row in rows[1:used]], dtype=np.float64)
    low, high = values.min(axis=0), values.max(axis=0)
    scaled: np.ndarray = (values - low) / np.where(high > low, high - low, 1.0)
    totals: np.ndarray = scaled @ (weights / weights.sum())
    return totals


def small_calls() -> list[tuple[str, Callable[[], Any]]]:
    rng = np.random.default_rng(0)
    matrix = rng.uniform(0, 100, (20, 12)).round(1).tolist()
    weights = [rng.uniform(1, 10, 12).round(1).tolist()]
    directions = [["max"] * 9 + ["min"] * 3]
    labelled = [[f"C{j + 1}" for j in range(12)], *[[f" {v} " for v in row] for row in matrix]]
    excel.GS_ARTICLE("scores")  # load the built-in set once, as the first call in a session does
    return [
        ("GS_SCORE 20x12 wsm", lambda: excel.GS_SCORE(matrix, weights, directions)),
        ("GS_SCORE 20x12 wsm bounds=0,100", lambda: excel.GS_SCORE(matrix, weights, directions, "wsm", "bounds=0,100")),
        ("GS_RANK 20x12 wsm", lambda: excel.GS_RANK(matrix, weights, directions)),
        ("GS_RANK 20x12 topsis", lambda: excel.GS_RANK(matrix, weights, directions, "topsis")),
        ("GS_SCORE 20x12 header + text numbers", lambda: excel.GS_SCORE(labelled, weights, directions)),
        ('GS_ARTICLE("scores")', lambda: excel.GS_ARTICLE("scores")),
        ('GS_ARTICLE("evidence")', lambda: excel.GS_ARTICLE("evidence")),
    ]


def whole_column_calls() -> list[tuple[str, Callable[[], Any], Callable[[], Any]]]:
    """(name, kit call, floor call) for whole-column arguments."""
    scores = excel.GS_ARTICLE("scores")
    weights = excel.GS_ARTICLE("weights", "balanced")[1][1:]
    vector = np.array(weights, dtype=np.float64)
    cases: list[tuple[str, Callable[[], Any], Callable[[], Any]]] = []
    for label, blank in (("None", None), ('""', "")):
        rows = whole_column(scores, blank)
        row_weights = [[*weights, *[blank] * (EXCEL_COLUMNS - len(weights))]]
        floor = partial(floor_whole_column, rows, vector, blank)
        cases.append((f"GS_SCORE(A:K, weights) blanks {label}", partial(excel.GS_SCORE, rows, [weights]), floor))
        cases.append((f"GS_SCORE(A:K, 1:1) blanks {label}", partial(excel.GS_SCORE, rows, row_weights), floor))
    return cases


def smaa_at_the_budget() -> None:
    scores, low, high = excel.GS_ARTICLE("scores"), excel.GS_ARTICLE("low"), excel.GS_ARTICLE("high")
    directions = [[row[3]] for row in excel.GS_ARTICLE("criteria")]
    values = np.array([row[1:] for row in scores[1:]], dtype=np.float64)
    print(f"\n{'GS_SMAA on the article set, 8 x 10':52s} {'samples':>8s} {'seconds':>8s}")
    for method, options in (
        ("wsm", "bounds=0,100"),
        ("wpm", "offset=1"),
        ("topsis", None),
        ("vikor", None),
        ("promethee", "preference=linear; q=5; p=20"),
    ):
        for ranges in (False, True):
            lows, highs = (low, high) if ranges else (None, None)
            problem = DecisionProblem.from_arrays(
                values,
                None,
                [row[0] for row in directions[1:]],
                method,
                matrix_low=None if lows is None else np.array([r[1:] for r in lows[1:]], dtype=np.float64),
                matrix_high=None if highs is None else np.array([r[1:] for r in highs[1:]], dtype=np.float64),
                **parse_options(options),
            )
            samples = min(impl.MAX_SAMPLES, impl.MAX_SMAA_CELLS // impl.smaa_draw_cells(problem))
            start = time.perf_counter()
            result = excel.GS_SMAA(scores, None, directions, method, samples, 1, lows, highs, options)
            seconds = time.perf_counter() - start
            assert isinstance(result, list), result
            name = f"{method}{', score ranges' if ranges else ''}"
            print(f"{name:52s} {samples:8d} {seconds:8.2f}")


def smaa_on_other_shapes() -> None:
    """GS_SMAA with score ranges at its cap on tables other than the article set."""
    rng = np.random.default_rng(0)
    spread = rng.uniform(20, 80, (30, 12))
    ties = rng.uniform(45, 55, (60, 10))
    tables = (
        ("30 x 12, ranges +-10", spread, spread - 10, spread + 10),
        ("60 x 10 near-ties, ranges 0-100", ties, np.zeros_like(ties), np.full_like(ties, 100.0)),
    )
    print(f"\n{'GS_SMAA with score ranges, other tables':52s} {'samples':>8s} {'seconds':>8s}")
    for label, values, low, high in tables:
        for method in ("wsm", "topsis", "vikor", "promethee"):
            problem = DecisionProblem.from_arrays(values, None, None, method, matrix_low=low, matrix_high=high)
            samples = min(impl.MAX_SAMPLES, impl.MAX_SMAA_CELLS // impl.smaa_draw_cells(problem))
            start = time.perf_counter()
            result = excel.GS_SMAA(values.tolist(), None, None, method, samples, 1, low.tolist(), high.tolist())
            seconds = time.perf_counter() - start
            assert isinstance(result, list), result
            print(f"{label + ', ' + method:52s} {samples:8d} {seconds:8.2f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smaa", action="store_true", help="also time GS_SMAA at its largest samples")
    args = parser.parse_args(argv)
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    print(f"{'call':40s} {'median per call':>16s}")
    for name, function in small_calls():
        print(f"{name:40s} {per_call(function) * 1e6:13.1f} us")
    print(f"\n{'whole columns (1,048,576 rows)':40s} {'kit':>10s} {'floor':>10s} {'ratio':>6s}")
    for name, kit, floor in whole_column_calls():
        kit_time, floor_time = per_call(kit), per_call(floor)
        print(f"{name:40s} {kit_time * 1e3:7.1f} ms {floor_time * 1e3:7.1f} ms {kit_time / floor_time:5.1f}x")
    if args.smaa:
        smaa_at_the_budget()
        smaa_on_other_shapes()
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
