"""Print the hostile-input table (case, outcome, time, peak memory) as Markdown.

Usage: python tests/hostile/table.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))  # tests/: the shared tiny_set

from hostile_files import CASES, gscore, measure


def main() -> None:
    print("| input | exit | outcome (first line) | time (s) | peak memory (MB) |")
    print("|---|---:|---|---:|---:|")
    for case, (make, _words) in CASES.items():
        with tempfile.TemporaryDirectory() as folder:
            path = make(Path(folder))
            run = measure(*gscore("score", str(path), "--out", str(Path(folder) / "out.json")))
        lines = run.stderr.strip().splitlines() or ["(no message)"]
        first = lines[1] if lines[0].endswith("problems found") and len(lines) > 1 else lines[0]
        first = f"{first} (+{len(lines) - 2} more)" if len(lines) > 2 else first
        first = first.replace("gscore: error: ", "")
        first = first.replace(folder, "").replace("|", "\\|")[:110]
        print(f"| {case} | {run.rc} | {first} | {run.seconds:.2f} | {run.peak_mb:.0f} |")


if __name__ == "__main__":
    main()
