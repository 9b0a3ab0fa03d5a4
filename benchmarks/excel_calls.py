"""Per-call time of the worksheet functions' Python side (no Excel, no xlwings transport).

Run from the repository root::

    python benchmarks/excel_calls.py

Prints the median time per call (timeit, several repeats) of GS_SCORE and GS_RANK on a
20 designs x 12 criteria block as Excel passes it (a list of rows of floats, weights as a
row, directions as a row of text), of GS_SCORE on the same block with a header row and text
numbers (the slow parsing path), and of GS_ARTICLE (the article set is loaded once and
cached). No assertions: numbers depend on the machine.
"""

from __future__ import annotations

import statistics
import timeit
from collections.abc import Callable
from typing import Any

import numpy as np

from scoring import excel

REPEATS = 7


def per_call(function: Callable[[], Any]) -> float:
    """Median seconds per call over REPEATS timeit runs sized to ~0.2 s each."""
    number, _ = timeit.Timer(function).autorange()
    runs = timeit.repeat(function, number=number, repeat=REPEATS)
    return statistics.median(runs) / number


def main() -> None:
    rng = np.random.default_rng(0)
    matrix = rng.uniform(0, 100, (20, 12)).round(1).tolist()
    weights = [rng.uniform(1, 10, 12).round(1).tolist()]
    directions = [["max"] * 9 + ["min"] * 3]
    labelled = [[f"C{j + 1}" for j in range(12)], *[[f" {v} " for v in row] for row in matrix]]
    excel.GS_ARTICLE("scores")  # load the built-in set once, as the first call in a session does
    cases: list[tuple[str, Callable[[], Any]]] = [
        ("GS_SCORE 20x12 wsm", lambda: excel.GS_SCORE(matrix, weights, directions)),
        ("GS_SCORE 20x12 wsm bounds=0,100", lambda: excel.GS_SCORE(matrix, weights, directions, "wsm", "bounds=0,100")),
        ("GS_RANK 20x12 wsm", lambda: excel.GS_RANK(matrix, weights, directions)),
        ("GS_RANK 20x12 topsis", lambda: excel.GS_RANK(matrix, weights, directions, "topsis")),
        ("GS_SCORE 20x12 header + text numbers", lambda: excel.GS_SCORE(labelled, weights, directions)),
        ('GS_ARTICLE("scores")', lambda: excel.GS_ARTICLE("scores")),
        ('GS_ARTICLE("evidence")', lambda: excel.GS_ARTICLE("evidence")),
    ]
    print(f"{'call':40s} {'median per call':>16s}")
    for name, function in cases:
        print(f"{name:40s} {per_call(function) * 1e6:13.1f} us")


if __name__ == "__main__":
    main()
