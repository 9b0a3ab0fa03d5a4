"""Speed and memory of the kit against a plain-numpy floor and peer libraries.

Run from the repository root::

    python benchmarks/run.py            # full run (a few minutes on 2 cores)
    python benchmarks/run.py --quick    # smaller sizes, fewer repeats

Prints a table and writes ``benchmarks/results/latest.json`` (gitignored). See
``benchmarks/README.md`` for what is measured.
"""

from __future__ import annotations

import argparse
import gc
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
from scoring._validate import as_directions, as_matrix, as_weights
from scoring.analysis.smaa import smaa
from scoring.limits import MAX_ANALYSIS_DESIGNS, MAX_SAMPLES
from scoring.methods import get_method
from scoring.problem import DecisionProblem

RESULTS = Path(__file__).parent / "results"
CRITERIA = 12


# --------------------------------------------------------------------------- floors
def floor_rank(scores: np.ndarray) -> np.ndarray:
    """Tie-aware ranks (1 = best, exact ties share the better rank): one argsort and a scan.

    Measured faster than ``np.searchsorted(np.sort(-s), -s) + 1`` (about 115 ms against
    355 ms at 1,000,000 scores): the searches hit the sorted array in random order.
    """
    order = np.argsort(-scores)
    ordered = scores[order]
    starts = np.empty(scores.size, dtype=bool)
    starts[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    ranks = np.empty(scores.size, dtype=np.int64)
    ranks[order] = np.maximum.accumulate(np.where(starts, np.arange(scores.size), 0)) + 1
    return ranks


def floor_wsm_scores(matrix: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Local min-max scaling of benefit columns folded into one matrix-vector product."""
    low, high = matrix.min(axis=0), matrix.max(axis=0)
    slope = weights / (high - low)
    return matrix @ slope - low @ slope


def floor_topsis_scores(matrix: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Textbook TOPSIS (vector normalisation, Euclidean distances), benefit columns."""
    weighted = matrix * (weights / np.sqrt(np.einsum("ij,ij->j", matrix, matrix)))
    ideal, anti = weighted.max(axis=0), weighted.min(axis=0)
    better = np.sqrt(((weighted - ideal) ** 2).sum(axis=1))
    worse = np.sqrt(((weighted - anti) ** 2).sum(axis=1))
    return worse / (better + worse)


def floor_wsm(matrix: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """What ``scoring.evaluate`` returns, in plain numpy: scores and tie-aware ranks."""
    scores = floor_wsm_scores(matrix, weights)
    return scores, floor_rank(scores)


def floor_topsis(matrix: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """What ``scoring.evaluate`` returns, in plain numpy: scores and tie-aware ranks."""
    scores = floor_topsis_scores(matrix, weights)
    return scores, floor_rank(scores)


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


def crispyn_vikor_smaa(values: np.ndarray, samples: int, seed: int) -> Any:
    """crispyn's published SMAA (VIKOR_SMAA), called as its README shows.

    The timing includes its weight generator (``_generate_weights``, a Python loop, about
    1% of the time), as a user pays it. It seeds from numpy's global generator.
    """
    from crispyn.mcda_methods import VIKOR_SMAA

    np.random.seed(seed)  # noqa: NPY002 - crispyn draws from numpy's global generator
    method = VIKOR_SMAA()
    weights = method._generate_weights(values.shape[1], samples)
    return method(values, weights, np.ones(values.shape[1], dtype=int))


# --------------------------------------------------------------------------- measuring
def median_time(call: Callable[[], Any], repeats: int, warmup: bool = True) -> float:
    """Median wall time (s) over ``repeats`` calls, after one warm-up call unless ``warmup=False``."""
    if warmup:
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
        repeats = 7 if n <= 1000 else 5
        for method, floor, floor_scores in (
            ("wsm", floor_wsm, floor_wsm_scores),
            ("topsis", floor_topsis, floor_topsis_scores),
        ):
            cases = _scoring_cases(method, floor, matrix, weights)
            rows.extend(_measure(f"{method} {n:,} x {CRITERIA}", cases, repeats, memory))
            kernel = _kernel_cases(method, floor_scores, matrix, weights)
            rows.extend(_measure(f"{method} {n:,} x {CRITERIA} scores only", kernel, repeats, memory))
    return rows


def _scoring_cases(
    method: str, floor: Callable[[np.ndarray, np.ndarray], Any], matrix: np.ndarray, weights: np.ndarray
) -> dict[str, Callable[[], Any]]:
    pymcdm_checked, pymcdm_raw, skc = _pymcdm(method, True), _pymcdm(method, False), _skcriteria(method)
    return {
        "numpy floor (scores + ranks)": lambda: floor(matrix, weights),
        "scoring.evaluate (scores + ranks)": lambda: scoring.evaluate(matrix, weights, method=method),
        "pymcdm (scores only)": lambda: pymcdm_checked(matrix, weights),
        "pymcdm validation=False (scores only)": lambda: pymcdm_raw(matrix, weights),
        "scikit-criteria (scores + ranks)": lambda: skc(matrix, weights),
    }


def _kernel_cases(
    method: str, floor: Callable[[np.ndarray, np.ndarray], Any], matrix: np.ndarray, weights: np.ndarray
) -> dict[str, Callable[[], Any]]:
    """The method kernel on already validated arrays (no ranking) against the scores-only floor."""
    spec = get_method(method)
    values, normalised = as_matrix(matrix), as_weights(weights, CRITERIA)
    signs, options = as_directions(None, CRITERIA), dict(spec.options)
    pymcdm_raw = _pymcdm(method, False)
    return {
        "numpy floor (scores only)": lambda: floor(matrix, weights),
        f"kernel get_method({method!r}).score": lambda: spec.score(values, normalised, signs, **options),
        "pymcdm validation=False (scores only)": lambda: pymcdm_raw(matrix, weights),
    }


def _smaa(values: np.ndarray, samples: int, method: str) -> Any:
    """The kit's SMAA-2 on fixed values with uniform weights (wsm on the fixed 0-1 scale), seed 1."""
    options = {"bounds": (0.0, 1.0)} if method == "wsm" else {}
    problem = DecisionProblem.from_arrays(values, None, None, method, **options)
    return smaa(problem, weight_mode="uniform", samples=samples, seed=1)


def smaa_rows(samples: int, designs: int, criteria: int, memory_samples: int | None) -> list[dict[str, Any]]:
    values = np.random.default_rng(2).random((designs, criteria))
    cases: dict[str, Callable[[], Any]] = {
        "numpy floor": lambda: floor_smaa(values, samples, 1),
        "scoring smaa": lambda: _smaa(values, samples, "wsm"),
        "naive reference loop (not a peer library)": lambda: naive_reference_smaa(values, samples, 1),
    }
    label = f"SMAA wsm {samples:,} x {designs:,} x {criteria}"
    rows = _measure(label, cases, 5, True)
    if memory_samples:
        start = time.perf_counter()
        peak = peak_mb(lambda: _smaa(values, memory_samples, "wsm"))
        rows.append(
            {
                "case": f"SMAA wsm {memory_samples:,} x {designs:,} x {criteria}",
                "impl": "scoring smaa (one traced call)",
                "median_s": time.perf_counter() - start,
                "repeats": 1,
                "ratio": None,
                "peak_mb": peak,
            }
        )
        print(_format(rows[-1]), flush=True)
    return rows


def peer_smaa_rows(quick: bool) -> list[dict[str, Any]]:
    """Our VIKOR SMAA against crispyn's VIKOR_SMAA on the same problem (ratio to ours)."""
    rows = []
    criteria = 8
    sizes = [(1_000, 100)] if quick else [(1_000, 100), (10_000, 100)]
    for samples, designs in sizes:
        values = np.random.default_rng(3).random((designs, criteria))
        cases = {
            "scoring smaa method='vikor'": lambda v=values, s=samples: _smaa(v, s, "vikor"),
            "crispyn VIKOR_SMAA": lambda v=values, s=samples: crispyn_vikor_smaa(v, s, 1),
        }
        # crispyn takes seconds per call here: no warm-up call, the first call is a repeat
        rows += _measure(f"SMAA vikor {samples:,} x {designs:,} x {criteria}", cases, 3, False, warmup=samples < 10_000)
    samples, designs = 10_000, MAX_ANALYSIS_DESIGNS
    values = np.random.default_rng(3).random((designs, criteria))
    label = f"SMAA vikor {samples:,} x {designs:,} x {criteria}"
    ours = _measure(label, {"scoring smaa method='vikor'": lambda: _smaa(values, samples, "vikor")}, 3, False)
    rows += ours
    # crispyn's loop is linear in the samples: time a few sample counts at the full size and
    # extrapolate the fitted line t = a + b * samples to 10,000 samples
    counts = (10, 40) if quick else (25, 100, 400)
    measured = []
    for few in counts:
        seconds = median_time(lambda few=few: crispyn_vikor_smaa(values, few, 1), 3, warmup=False)
        measured.append(seconds)
        row = {
            "case": f"SMAA vikor {few:,} x {designs:,} x {criteria}",
            "impl": "crispyn VIKOR_SMAA (measured)",
            "median_s": seconds,
            "repeats": 3,
            "ratio": None,
            "peak_mb": None,
        }
        rows.append(row)
        print(_format(row), flush=True)
    slope, intercept = np.polyfit(counts, measured, 1)
    estimate = float(intercept + slope * samples)
    row = {
        "case": label,
        "impl": f"crispyn VIKOR_SMAA EXTRAPOLATED (line through {', '.join(map(str, counts))} samples)",
        "median_s": estimate,
        "repeats": 0,
        "ratio": estimate / ours[0]["median_s"],
        "peak_mb": None,
        "extrapolated": True,
    }
    rows.append(row)
    print(_format(row), flush=True)
    if not quick:  # one direct run (about 1-2 minutes) to check the extrapolation
        seconds = median_time(lambda: crispyn_vikor_smaa(values, samples, 1), 1, warmup=False)
        row = {
            "case": label,
            "impl": "crispyn VIKOR_SMAA (measured, 1 call)",
            "median_s": seconds,
            "repeats": 1,
            "ratio": seconds / ours[0]["median_s"],
            "peak_mb": None,
        }
        rows.append(row)
        print(_format(row), flush=True)
    return rows


def _measure(
    label: str, cases: dict[str, Callable[[], Any]], repeats: int, memory: bool, warmup: bool = True
) -> list[dict[str, Any]]:
    """Time the cases round-robin (one call of each per round, so load changes hit all alike).

    ``ratio`` is a case's median over the first case's median (the reference, 1.00x).
    """
    times: dict[str, list[float]] = {}
    errors: dict[str, str] = {}
    for impl, call in cases.items():
        try:
            if warmup:
                call()
            times[impl] = []
        except Exception as exc:  # a peer that cannot run this size is reported, not fatal
            errors[impl] = f"{type(exc).__name__}: {exc}"[:120]
    for _ in range(repeats):
        for impl in times:
            # As timeit does: the garbage collector is off while a call is timed and runs between
            # calls, so that one implementation's garbage is not collected on another's clock.
            gc.collect()
            gc.disable()
            try:
                start = time.perf_counter()
                cases[impl]()
                times[impl].append(time.perf_counter() - start)
            finally:
                gc.enable()
    rows = []
    reference = None
    for impl, call in cases.items():
        if impl in errors:
            rows.append({"case": label, "impl": impl, "error": errors[impl]})
            print(_format(rows[-1]), flush=True)
            continue
        seconds = statistics.median(times[impl])
        reference = seconds if reference is None else reference
        rows.append(
            {
                "case": label,
                "impl": impl,
                "median_s": seconds,
                "repeats": repeats,
                "ratio": seconds / reference,
                "peak_mb": peak_mb(call) if memory else None,
            }
        )
        print(_format(rows[-1]), flush=True)
    return rows


def _format(row: dict[str, Any]) -> str:
    if "error" in row:
        return f"{row['case']:<36} {row['impl']:<58} {row['error']}"
    ratio = "" if row.get("ratio") is None else f"{row['ratio']:8.2f}x"
    peak = "" if row.get("peak_mb") is None else f"{row['peak_mb']:9.1f} MiB"
    seconds = row["median_s"]
    shown = f"{seconds * 1e6:10.1f} us" if seconds < 1e-3 else f"{seconds * 1e3:10.2f} ms"
    return f"{row['case']:<36} {row['impl']:<58} {shown} {ratio:>10} {peak:>14}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer repeats")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # peers' deprecation chatter
    began, load = time.perf_counter(), _loadavg()
    print(f"{time.strftime('%Y-%m-%d %H:%M')}  load average at start: {load}  numpy {np.__version__}")
    print("ratio: time over the first row of the same case (a numpy floor, or scoring smaa for the peer SMAA cases)")
    print(f"{'case':<36} {'implementation':<58} {'median':>13} {'ratio':>10} {'peak (tracemalloc)':>14}")
    rows = []
    for name, call in python_side_calls().items():
        row = {
            "case": "single small call",
            "impl": name,
            "median_s": median_time(call, 200),
            "repeats": 200,
            "ratio": None,
            "peak_mb": None,
        }
        rows.append(row)
        print(_format(row), flush=True)
    sizes = [1_000, 100_000] if args.quick else [1_000, 100_000, 1_000_000]
    rows += scoring_rows(sizes, memory=True)
    # the size policy's largest analysis (scoring.limits): 500 designs, at most 200,000 draws
    rows += smaa_rows(10_000, MAX_ANALYSIS_DESIGNS, 8, None if args.quick else MAX_SAMPLES)
    rows += peer_smaa_rows(args.quick)
    elapsed = time.perf_counter() - began
    print(f"finished in {elapsed:.0f} s; load average at end: {_loadavg()}")
    RESULTS.mkdir(exist_ok=True)
    document = {
        "quick": args.quick,
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "load_average_start": load,
        "load_average_end": _loadavg(),
        "elapsed_s": elapsed,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "machine": platform.machine(),
        "scoring": scoring.__version__,
        "rows": rows,
        "time": "median wall seconds after one warm-up call (peer SMAA at 10,000 samples: no warm-up)",
        "ratio": "time over the first row of the same case",
        "memory": "tracemalloc peak (MiB) of one separate call: Python objects and numpy buffers",
    }
    (RESULTS / "latest.json").write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS / 'latest.json'}")


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text(encoding="utf-8").split()[:3])
    except OSError:
        return "n/a"


if __name__ == "__main__":
    main()
