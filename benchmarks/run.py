"""Speed and memory of the kit against a plain-numpy floor and peer libraries.

Run from the repository root::

    python benchmarks/run.py            # full run (a few minutes on 2 cores)
    python benchmarks/run.py --quick    # smaller sizes, fewer repeats

Prints a table and writes ``benchmarks/results/latest.json`` (gitignored). See
``benchmarks/README.md`` for what is measured.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import scoring
from scoring.analysis.smaa import smaa

RESULTS = Path(__file__).parent / "results"
CRITERIA = 12


# --------------------------------------------------------------------------- floors
def floor_wsm(matrix: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Min-max (local) scaling of benefit columns, then one matrix-vector product."""
    low, high = matrix.min(axis=0), matrix.max(axis=0)
    return ((matrix - low) / (high - low)) @ weights


def floor_topsis(matrix: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Textbook TOPSIS (vector normalisation, Euclidean distances), benefit columns."""
    weighted = matrix * (weights / np.sqrt(np.einsum("ij,ij->j", matrix, matrix)))
    ideal, anti = weighted.max(axis=0), weighted.min(axis=0)
    better = np.sqrt(((weighted - ideal) ** 2).sum(axis=1))
    worse = np.sqrt(((weighted - anti) ** 2).sum(axis=1))
    return worse / (better + worse)


def floor_smaa(values: np.ndarray, samples: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """SMAA-2 with fixed values and uniform weights in plain numpy (no ties, one shot)."""
    n, m = values.shape
    raw = np.random.default_rng(seed).standard_exponential((samples, m))
    weights = raw / raw.sum(axis=1, keepdims=True)
    order = np.argsort(-(weights @ values.T), axis=1)
    counts = np.bincount((order * n + np.arange(n)).ravel(), minlength=n * n).reshape(n, n)
    central = np.zeros((n, m))
    np.add.at(central, order[:, 0], weights)
    return counts / samples, central / np.maximum(counts[:, :1], 1)


def naive_reference_smaa(values: np.ndarray, samples: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """NOT a peer library: the loop-over-samples formulation common in research code."""
    n, m = values.shape
    rng = np.random.default_rng(seed)
    counts = np.zeros((n, n))
    central = np.zeros((n, m))
    for _ in range(samples):
        w = rng.dirichlet(np.ones(m))
        scores = values @ w
        ranks = np.argsort(np.argsort(-scores))
        counts[np.arange(n), ranks] += 1
        central[np.argmax(scores)] += w
    return counts / samples, central / np.maximum(counts[:, :1], 1)


# --------------------------------------------------------------------------- peers
def _pymcdm(name: str, validation: bool) -> Callable[[np.ndarray, np.ndarray], Any]:
    from pymcdm import methods, normalizations

    method = methods.WSM() if name == "wsm" else methods.TOPSIS(normalizations.vector_normalization)

    def run(matrix: np.ndarray, weights: np.ndarray) -> Any:
        return method(matrix, weights, np.ones(matrix.shape[1], dtype=int), validation=validation)

    return run


def _skcriteria(name: str) -> Callable[[np.ndarray, np.ndarray], Any]:
    import skcriteria as skc
    from skcriteria.agg.simple import WeightedSumModel
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.pipeline import mkpipe
    from skcriteria.preprocessing.scalers import MinMaxScaler, VectorScaler

    pipe = (
        mkpipe(MinMaxScaler(target="matrix"), WeightedSumModel())
        if name == "wsm"
        else mkpipe(VectorScaler(target="matrix"), TOPSIS())
    )

    def run(matrix: np.ndarray, weights: np.ndarray) -> Any:
        return pipe.evaluate(skc.mkdm(matrix, [max] * matrix.shape[1], weights=weights))

    return run


# --------------------------------------------------------------------------- measuring
def median_time(call: Callable[[], Any], repeats: int) -> float:
    """Median wall time (s) over ``repeats`` calls after one warm-up call."""
    call()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_mb(call: Callable[[], Any]) -> float:
    """tracemalloc peak (MiB) of one separate call: Python objects and numpy buffers."""
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def python_side_calls() -> dict[str, Callable[[], Any]]:
    """Single small calls whose Python overhead we track (20 designs x 12 criteria).

    The Excel adapter adds its worksheet functions here (for example GS_SCORE through
    ``scoring.excel``) so the same run reports them.
    """
    rng = np.random.default_rng(0)
    matrix, weights = rng.random((20, CRITERIA)), rng.random(CRITERIA)
    return {
        "scoring.evaluate wsm 20x12": lambda: scoring.evaluate(matrix, weights),
        "scoring.evaluate topsis 20x12": lambda: scoring.evaluate(matrix, weights, method="topsis"),
        "numpy floor wsm 20x12": lambda: floor_wsm(matrix, weights),
    }


def scoring_rows(sizes: list[int], memory: bool) -> list[dict[str, Any]]:
    rows = []
    rng = np.random.default_rng(1)
    for n in sizes:
        matrix, weights = 1.0 + rng.random((n, CRITERIA)), rng.random(CRITERIA)
        weights /= weights.sum()
        repeats = 7 if n <= 1000 else 5 if n <= 100_000 else 3
        for method, floor in (("wsm", floor_wsm), ("topsis", floor_topsis)):
            cases = _scoring_cases(method, floor, matrix, weights)
            rows.extend(_measure(f"{method} {n:,} x {CRITERIA}", cases, repeats, memory))
    return rows


def _scoring_cases(
    method: str, floor: Callable[[np.ndarray, np.ndarray], Any], matrix: np.ndarray, weights: np.ndarray
) -> dict[str, Callable[[], Any]]:
    pymcdm_checked, pymcdm_raw, skc = _pymcdm(method, True), _pymcdm(method, False), _skcriteria(method)
    return {
        "numpy floor": lambda: floor(matrix, weights),
        "scoring.evaluate": lambda: scoring.evaluate(matrix, weights, method=method),
        "pymcdm": lambda: pymcdm_checked(matrix, weights),
        "pymcdm validation=False": lambda: pymcdm_raw(matrix, weights),
        "scikit-criteria": lambda: skc(matrix, weights),
    }


def smaa_rows(samples: int, designs: int, criteria: int, memory_samples: int | None) -> list[dict[str, Any]]:
    values = np.random.default_rng(2).random((designs, criteria))
    cases: dict[str, Callable[[], Any]] = {
        "numpy floor": lambda: floor_smaa(values, samples, 1),
        "scoring smaa": lambda: smaa(values, samples=samples, seed=1, bounds=(0.0, 1.0)),
        "naive reference loop (not a peer library)": lambda: naive_reference_smaa(values, samples, 1),
    }
    label = f"SMAA {samples:,} samples x {designs:,} x {criteria}"
    rows = _measure(label, cases, 3, True)
    if memory_samples:
        start = time.perf_counter()
        peak = peak_mb(lambda: smaa(values, samples=memory_samples, seed=1, bounds=(0.0, 1.0)))
        rows.append(
            {
                "case": f"SMAA {memory_samples:,} samples x {designs:,} x {criteria}",
                "impl": "scoring smaa",
                "median_s": time.perf_counter() - start,
                "repeats": 1,
                "ratio_to_floor": None,
                "peak_mb": peak,
            }
        )
        print(_format(rows[-1]), flush=True)
    return rows


def _measure(label: str, cases: dict[str, Callable[[], Any]], repeats: int, memory: bool) -> list[dict[str, Any]]:
    rows = []
    floor_time = None
    for impl, call in cases.items():
        try:
            seconds = median_time(call, repeats)
            peak = peak_mb(call) if memory else None
        except Exception as exc:  # a peer that cannot run this size is reported, not fatal
            rows.append({"case": label, "impl": impl, "error": f"{type(exc).__name__}: {exc}"[:120]})
            continue
        floor_time = seconds if impl == "numpy floor" else floor_time
        rows.append(
            {
                "case": label,
                "impl": impl,
                "median_s": seconds,
                "repeats": repeats,
                "ratio_to_floor": seconds / floor_time if floor_time else None,
                "peak_mb": peak,
            }
        )
        print(_format(rows[-1]), flush=True)
    return rows


def _format(row: dict[str, Any]) -> str:
    if "error" in row:
        return f"{row['case']:<38} {row['impl']:<44} {row['error']}"
    ratio = "" if row.get("ratio_to_floor") is None else f"{row['ratio_to_floor']:8.2f}x"
    peak = "" if row.get("peak_mb") is None else f"{row['peak_mb']:9.1f} MiB"
    seconds = row["median_s"]
    shown = f"{seconds * 1e6:10.1f} us" if seconds < 1e-3 else f"{seconds * 1e3:10.2f} ms"
    return f"{row['case']:<38} {row['impl']:<44} {shown} {ratio:>10} {peak:>14}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer repeats")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # peers' deprecation chatter
    print(f"{'case':<38} {'implementation':<44} {'median':>13} {'vs floor':>10} {'peak (tracemalloc)':>14}")
    rows = []
    for name, call in python_side_calls().items():
        row = {
            "case": "single small call",
            "impl": name,
            "median_s": median_time(call, 200),
            "repeats": 200,
            "ratio_to_floor": None,
            "peak_mb": None,
        }
        rows.append(row)
        print(_format(row), flush=True)
    sizes = [1_000, 100_000] if args.quick else [1_000, 100_000, 1_000_000]
    rows += scoring_rows(sizes, memory=True)
    rows += smaa_rows(10_000, 1_000, 8, None if args.quick else 1_000_000)
    RESULTS.mkdir(exist_ok=True)
    document = {
        "quick": args.quick,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "machine": platform.machine(),
        "scoring": scoring.__version__,
        "rows": rows,
        "time": "median wall seconds after one warm-up call",
        "memory": "tracemalloc peak (MiB) of one separate call: Python objects and numpy buffers",
    }
    (RESULTS / "latest.json").write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
