"""Speed of the analyst workflows (issue 14): plain tables in, versions compared, judgments combined.

Run from the repository root::

    python benchmarks/workflows.py              # 2,000 designs x 50 criteria, 7 repeats
    python benchmarks/workflows.py --quick      # 500 x 20, 3 repeats

Targets (issue 14): ``gscore score TABLE.csv`` on a 2,000 x 50 CSV under 0.5 s from the command line
(the whole process: interpreter start, imports, reading, scoring, printing), and
``scoring.diff`` / ``scoring.combine`` of two 2,000 x 50 sets under 1 s (the size policy's largest
2,000-design set, :data:`scoring.limits.MAX_JUDGMENTS`). Prints medians (and
the spread) with the machine's load average, since on a shared machine that moves them.

The sets are random: levels uniform on 0-100 with +-10 ranges, every judgment with a
rationale; the new version changes 30% of the judgments and 10 lens points.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import scoring
from scoring.model import Criterion, Design, Lens, ScenarioSet, Score


def make_set(levels: np.ndarray, points: np.ndarray, rationale: str) -> ScenarioSet:
    n, m = levels.shape
    low, high = np.clip(levels - 10, 0, 100), np.clip(levels + 10, 0, 100)
    scores = tuple(
        tuple(Score(b, lo, hi, rationale) for b, lo, hi in zip(rb, rl, rh, strict=True))
        for rb, rl, rh in zip(levels.tolist(), low.tolist(), high.tolist(), strict=True)
    )
    return ScenarioSet(
        title="benchmark",
        criteria=tuple(Criterion(f"c{j}", f"Criterion {j}", "cost" if j % 5 == 0 else "benefit") for j in range(m)),
        designs=tuple(Design(f"d{i}", f"Design {i}") for i in range(n)),
        scores=scores,
        lenses=(Lens("balanced", "Balanced", weights=tuple((f"c{j}", float(p)) for j, p in enumerate(points))),),
        default_lens="balanced",
    )


def write_csv(path: Path, levels: np.ndarray) -> None:
    n, m = levels.shape
    lines = ["design," + ",".join(f"criterion {j}" for j in range(m))]
    lines += [f"design {i}," + ",".join(repr(float(x)) for x in levels[i]) for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def median_call(call: Callable[[], Any], repeats: int) -> tuple[float, float, float]:
    """Median, min and max seconds of ``call`` (one warm-up; the collector off, as timeit does)."""
    call()
    times = []
    for _ in range(repeats):
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            call()
            times.append(time.perf_counter() - started)
        finally:
            gc.enable()
    return statistics.median(times), min(times), max(times)


def median_process(args: list[str], repeats: int) -> tuple[float, float, float]:
    """Median, min and max wall seconds of a whole ``gscore`` process (stdout discarded)."""
    gscore = Path(sys.executable).with_name("gscore")
    command = [str(gscore), *args]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # warm the file cache
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="500 designs x 20 criteria, 3 repeats")
    parser.add_argument("--designs", type=int, default=2000)
    parser.add_argument("--criteria", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=7)
    options = parser.parse_args()
    n, m, repeats = (500, 20, 3) if options.quick else (options.designs, options.criteria, options.repeats)
    rng = np.random.default_rng(14)
    levels = rng.uniform(0, 100, (n, m))
    points = rng.integers(1, 10, m).astype(float)
    changed = levels.copy()
    mask = rng.random((n, m)) < 0.3
    changed[mask] = rng.uniform(0, 100, int(mask.sum()))
    new_points = points.copy()
    new_points[:10] += 1
    old = make_set(levels, points, "first analyst's reason")
    new = make_set(changed, new_points, "second analyst's reason")
    rows: list[tuple[str, tuple[float, float, float], str]] = []
    rows.append(
        (f"scoring.diff(old, new)          {n} x {m}", median_call(lambda: scoring.diff(old, new), repeats), "1 s")
    )
    rows.append(
        (f"scoring.combine([old, new])     {n} x {m}", median_call(lambda: scoring.combine([old, new]), repeats), "1 s")
    )
    with tempfile.TemporaryDirectory() as folder:
        table, other = Path(folder) / "table.csv", Path(folder) / "other.csv"
        write_csv(table, levels * 10)
        write_csv(other, changed * 10)
        for label, args in (
            ("gscore score table.csv", [str(table)]),
            ("gscore score table.csv -f json", [str(table), "--format", "json"]),
            ("gscore score table.csv -f csv", [str(table), "--format", "csv"]),
            ("gscore diff table.csv other.csv", ["diff", str(table), str(other)]),
            ("gscore combine table.csv other.csv", ["combine", str(table), str(other)]),
        ):
            command = args if args[0] in ("diff", "combine") else ["score", *args]
            target = "0.5 s" if label == "gscore score table.csv" else "-"
            rows.append((f"{label:<34}({n} x {m}, process)", median_process(command, repeats), target))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{n} designs x {m} criteria, {repeats} repeats, {os.cpu_count()} cores, load average {load:.2f}")
    print(f"{'what':<58}{'median':>9}{'min':>9}{'max':>9}  target")
    for label, (median, low, high), target in rows:
        print(f"{label:<58}{median:>8.3f}s{low:>8.3f}s{high:>8.3f}s  {target}")


if __name__ == "__main__":
    main()
