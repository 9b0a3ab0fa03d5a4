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


@st.composite
def scenario_sets(draw: st.DrawFn, *, max_designs: int = 6, max_criteria: int = 4, lenses: int = 2) -> object:
    """A small scenario set: 0-100 integer judgments with ranges (ties common), random directions, lenses."""
    from scoring.model import Branch, Criterion, Design, Lens, ScenarioSet, Score

    n = draw(st.integers(1, max_designs))
    m = draw(st.integers(1, max_criteria))
    directions = draw(st.lists(st.sampled_from(["benefit", "cost"]), min_size=m, max_size=m))
    criteria = tuple(
        Criterion(f"c{j}", f"Criterion {j}", direction, branch=f"b{j % 2}")  # type: ignore[arg-type]
        for j, direction in enumerate(directions)
    )
    rows = []
    for _ in range(n):
        row = []
        for _ in range(m):
            base = draw(st.integers(0, 100))
            low = draw(st.integers(0, base))
            high = draw(st.integers(base, 100))
            row.append(Score(float(base), float(low), float(high)))
        rows.append(tuple(row))
    weights = [
        tuple((f"c{j}", float(w)) for j, w in enumerate(draw(st.lists(st.integers(1, 10), min_size=m, max_size=m))))
        for _ in range(lenses)
    ]
    return ScenarioSet(
        title="generated",
        criteria=criteria,
        designs=tuple(Design(f"d{i}", f"Design {i}") for i in range(n)),
        scores=tuple(rows),
        lenses=tuple(Lens(f"lens{k}", f"Lens {k}", weights=w) for k, w in enumerate(weights)),
        default_lens="lens0",
        branches=(Branch("b0", "Branch 0"), Branch("b1", "Branch 1")),
    )


@st.composite
def judgments(draw: st.DrawFn, *, low: int = 0, high: int = 100) -> object:
    """A judgment with a range: integer levels low <= base <= high within [low, high]."""
    from scoring.model import Score

    base = draw(st.integers(low, high))
    return Score(float(base), float(draw(st.integers(low, base))), float(draw(st.integers(base, high))))


@st.composite
def compositions(
    draw: st.DrawFn, *, max_components: int = 6, max_criteria: int = 4, constraints: bool = True
) -> object:
    """``(Composition, criteria)``: random effects (some absent), rules, interactions and constraints."""
    from scoring.model import CombineRule, Component, Composition, Constraint, Criterion, Interaction

    k = draw(st.integers(1, max_components))
    m = draw(st.integers(1, max_criteria))
    directions = draw(st.lists(st.sampled_from(["benefit", "cost"]), min_size=m, max_size=m))
    criteria = tuple(Criterion(f"c{j}", f"C{j}", d, branch=f"b{j % 2}") for j, d in enumerate(directions))  # type: ignore[arg-type]
    ids = [f"k{i}" for i in range(k)]
    components = tuple(
        Component(cid, cid, effects=tuple(draw(st.none() | judgments()) for _ in range(m))) for cid in ids
    )
    rules = tuple(
        draw(
            st.builds(CombineRule, st.just("weakest"))
            | st.builds(CombineRule, st.just("accumulate"), st.floats(0, 1).map(lambda x: round(x, 3)))
        )
        for _ in range(m)
    )
    pairs = []
    if k > 1:
        for _ in range(draw(st.integers(0, 4))):
            a, b = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
            kind = draw(st.sampled_from(["synergy", "conflict"]))
            pairs.append(Interaction((a, b), f"c{draw(st.integers(0, m - 1))}", kind, draw(judgments())))  # type: ignore[arg-type]
    rules_of_sets = []
    if constraints and k > 1:
        for _ in range(draw(st.integers(0, 3))):
            kind = draw(st.sampled_from(["requires", "excludes", "at_most"]))
            if kind == "at_most":
                group = tuple(draw(st.lists(st.sampled_from(ids), unique=True, max_size=k)))
                rules_of_sets.append(Constraint("at_most", group, draw(st.integers(0, k))))
            else:
                group = tuple(draw(st.lists(st.sampled_from(ids), min_size=2, max_size=k, unique=True)))
                rules_of_sets.append(Constraint(kind, group))  # type: ignore[arg-type]
    start = tuple(draw(judgments()) for _ in range(m))
    return Composition(components, start, rules, tuple(pairs), tuple(rules_of_sets)), criteria
