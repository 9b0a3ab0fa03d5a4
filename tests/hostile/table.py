"""Print the hostile-input tables (case, outcome, time, peak memory) as Markdown.

Usage: python tests/hostile/table.py [--round 1|2|all] [--summary]

Round 1 is the first hostile suite (``hostile_files.CASES``); round 2 the classes of issue
16 (``round2_cases.CASES2``), each measured in a child process exactly as
``test_hostile_round2.py`` runs it. ``--summary`` prints, per class, the worst time and
peak memory instead of every case.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))  # tests/: the shared tiny_set

from hostile_files import CASES, gscore, measure
from round2_cases import CASES2, run_case


def _first(stderr: str, folder: str) -> str:
    lines = stderr.strip().splitlines() or ["(no message)"]
    first = lines[1] if lines[0].endswith("problems found") and len(lines) > 1 else lines[0]
    first = f"{first} (+{len(lines) - 2} more)" if len(lines) > 2 and lines[0].endswith("problems found") else first
    first = first.replace("gscore: error: ", "").replace(folder, "")
    return first.replace("|", "\\|")[:110]


def round_one() -> None:
    print("| input | exit | outcome (first line) | time (s) | peak memory (MB) |")
    print("|---|---:|---|---:|---:|")
    for case, (make, _words) in CASES.items():
        with tempfile.TemporaryDirectory() as folder:
            path = make(Path(folder))
            run = measure(*gscore("score", str(path), "--out", str(Path(folder) / "out.json")))
        print(f"| {case} | {run.rc} | {_first(run.stderr, folder)} | {run.seconds:.2f} | {run.peak_mb:.0f} |")


def round_two(summary: bool) -> None:
    worst: dict[str, tuple[int, float, float]] = {}
    if not summary:
        print("| class | case | expected | exit | outcome (first line) | time (s) | peak memory (MB) |")
        print("|---|---|---|---:|---|---:|---:|")
    for case in CASES2:
        with tempfile.TemporaryDirectory() as folder:
            inputs, outputs = Path(folder) / "in", Path(folder) / "out"
            inputs.mkdir()
            outputs.mkdir()
            run = run_case(case, inputs, outputs)
        count, seconds, peak = worst.get(case.klass, (0, 0.0, 0.0))
        worst[case.klass] = (count + 1, max(seconds, run.seconds), max(peak, run.peak_mb))
        if not summary:
            outcome = _first(run.stderr, folder) if run.rc else "accepted"
            print(
                f"| {case.klass} | {case.name} | {case.expect} | {run.rc} | {outcome} | "
                f"{run.seconds:.2f} | {run.peak_mb:.0f} |"
            )
    if summary:
        print("| class | cases | worst time (s) | worst peak memory (MB) |")
        print("|---|---:|---:|---:|")
        for klass, (count, seconds, peak) in worst.items():
            print(f"| {klass} | {count} | {seconds:.2f} | {peak:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--round", choices=["1", "2", "all"], default="all")
    parser.add_argument("--summary", action="store_true", help="round 2: worst time and memory per class")
    options = parser.parse_args()
    if options.round in ("1", "all"):
        round_one()
        print()
    if options.round in ("2", "all"):
        round_two(options.summary)


if __name__ == "__main__":
    main()
