"""Reusable hypothesis strategies for decision problems (import as ``from strategies import ...``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

#: Method names and the options the property tests use (PROMETHEE with thresholds, so
#: the non-trivial preference functions are exercised too).
METHOD_OPTIONS: dict[str, dict[str, object]] = {
    "wsm": {},
    "wpm": {},
    "topsis": {},
    "vikor": {},
    "promethee": {"preference": "linear", "q": 1.0, "p": 20.0},
}


@dataclass(frozen=True)
class Problem:
    """A decision problem: levels (n x m), positive weights (m,), directions (m,) of +1/-1."""

    matrix: np.ndarray
    weights: np.ndarray
    directions: np.ndarray


@st.composite
def problems(
    draw: st.DrawFn,
    *,
    min_designs: int = 1,
    max_designs: int = 7,
    max_criteria: int = 5,
    low: int = 1,
    high: int = 100,
) -> Problem:
    """Integer-valued levels in [low, high] (so ties are common), weights in [0.05, 1]."""
    n = draw(st.integers(min_designs, max_designs))
    m = draw(st.integers(1, max_criteria))
    matrix = draw(hnp.arrays(np.float64, (n, m), elements=st.integers(low, high).map(float)))
    weights = draw(hnp.arrays(np.float64, m, elements=st.floats(0.05, 1.0)))
    directions = draw(hnp.arrays(np.int8, m, elements=st.sampled_from([1, -1])))
    return Problem(matrix, weights / weights.sum(), directions)


def random_problem(rng: np.random.Generator, n: int, m: int) -> Problem:
    """A continuous random problem (no ties, no constant columns) for cross-checks."""
    matrix = rng.uniform(1.0, 100.0, size=(n, m))
    weights = rng.dirichlet(np.ones(m))
    directions = rng.choice(np.array([1, -1], dtype=np.int8), size=m)
    return Problem(matrix, weights, directions)
