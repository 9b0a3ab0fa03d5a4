"""Speed and memory of composition and SMAA over combinations, against a plain-numpy floor.

Run from the repository root::

    python benchmarks/compose.py            # the two targets, then the scaling curve (a few minutes)
    python benchmarks/compose.py --quick    # the two targets only, fewer repeats

Targets (issue 15): scoring and ranking all 2^16 combinations of 16 components on 10 criteria
in under 0.5 s; SMAA over 4,096 combinations x 10,000 draws in under 10 s and 1 GiB of peak RSS.
Every case runs in a fresh subprocess, so its peak RSS (``ru_maxrss``) is its own: interpreter,
imports and arrays included. Times are medians (``--repeats``), with the garbage collector off
during each timed call, as ``timeit`` does. ``ratio`` is the kit's median over the floor's.

The floors are what a careful numpy programmer would write for the same numbers without the
kit: the rule of :mod:`scoring.composition` with one pass per component over a membership
matrix (no prefix tree), totals as a matrix product, and ranks by one argsort; for SMAA the
same draws of weights and judgments composed the same way, counting the best per draw.
Writes ``benchmarks/results/compose.json`` (gitignored).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"

CHILD = r"""
import gc, json, resource, sys, time
import numpy as np
sys.path.insert(0, {here!r})
from compose_floor import floor_compose, floor_rank, floor_smaa
from scoring.analysis.compose import compose_all, synthetic_set
from scoring.analysis._compose_smaa import composed_smaa
from scoring.analysis.settings import DEFAULT_SMAA
from scoring.methods import get_method

case, impl, components, draws, repeats = {case!r}, {impl!r}, {components}, {draws}, {repeats}
generated = synthetic_set(components, 10, seed=0, constraints=False)
wsm = get_method("wsm")

def run():
    if case == "enumerate":
        if impl == "kit":
            composed = compose_all(generated)
            return composed.problem("balanced", wsm).score(contributions=False).ranks
        values, masks = floor_compose(generated)
        return floor_rank(values @ generated.weights("balanced"))
    if impl == "kit":
        composed = compose_all(generated)
        settings = DEFAULT_SMAA.evolve(samples=draws, seed=1)
        return composed_smaa(composed, "balanced", wsm, settings, top=5).acceptability
    return floor_smaa(generated, draws, seed=1)

run()  # warm-up (imports, first allocations)
times = []
for _ in range(repeats):
    gc.collect(); gc.disable()
    start = time.perf_counter(); run(); times.append(time.perf_counter() - start)
    gc.enable()
print(json.dumps({{"times": times, "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def measure(case: str, impl: str, components: int, draws: int, repeats: int) -> dict[str, Any]:
    """Run one case in a fresh interpreter; median time and the child's peak RSS."""
    code = CHILD.format(
        here=str(Path(__file__).parent), case=case, impl=impl, components=components, draws=draws, repeats=repeats
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=3600)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "case": case,
        "impl": impl,
        "components": components,
        "combinations": 1 << components,
        "draws": draws,
        "median_s": statistics.median(found["times"]),
        "times_s": found["times"],
        "peak_rss_mib": found["peak_rss_mib"],
    }


def _row(row: dict[str, Any], floor: dict[str, Any] | None) -> str:
    ratio = "" if floor is None else f"{row['median_s'] / floor['median_s']:.2f}x"
    size = f"2^{row['components']} x 10" + (f" x {row['draws']:,} draws" if row["case"] == "smaa" else "")
    timing = f"{row['median_s']:>9.3f} s {ratio:>8} {row['peak_rss_mib']:>9.0f} MiB"
    return f"{row['case']:<10} {size:<26} {row['impl']:<6} {timing}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the two targets only, fewer repeats")
    parser.add_argument("--repeats", type=int, default=None, help="timed calls per case (default 5, quick 3)")
    args = parser.parse_args()
    repeats = args.repeats or (3 if args.quick else 5)
    print(f"{platform.platform()}, {os.cpu_count()} cores, load {_loadavg()}")
    print(f"{'case':<10} {'size':<26} {'impl':<6} {'median':>11} {'ratio':>8} {'peak RSS':>13}")
    rows = []
    for case, components, draws, times in (("enumerate", 16, 0, repeats), ("smaa", 12, 10_000, min(repeats, 3))):
        floor = measure(case, "floor", components, draws, times)
        kit = measure(case, "kit", components, draws, times)
        rows += [floor, kit]
        print(_row(floor, None))
        print(_row(kit, floor))
    if not args.quick:
        print("scaling: enumeration (every combination composed and ranked)")
        for components in (12, 14, 16, 18, 20):
            row = measure("enumerate", "kit", components, 0, 3)
            rows.append(row)
            print(_row(row, None))
        print("scaling: SMAA over combinations")
        for components, draws in ((8, 10_000), (10, 10_000), (12, 2_500), (12, 20_000), (14, 2_500)):
            row = measure("smaa", "kit", components, draws, 1)
            rows.append(row)
            print(_row(row, None))
    print(f"load at end {_loadavg()}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "compose.json").write_text(json.dumps({"rows": rows, "load": _loadavg()}, indent=2) + "\n")


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


if __name__ == "__main__":
    main()
