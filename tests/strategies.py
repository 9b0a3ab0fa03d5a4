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


#: One line of text as an analyst types it: no surrounding whitespace, no line breaks (a workbook
#: cell is stripped, and a cell of evidence quotes holds one quote per line).
_LINE = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\u0085"),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
#: Free text (rationales, descriptions): may hold inner line breaks and tabs, and start with "=" or "Assumption".
_TEXT = st.one_of(
    st.just(""),
    _LINE,
    st.builds(lambda a, b: f"{a}\n{b}", _LINE, _LINE),
    st.builds(lambda a: f"Assumption: {a}", _LINE),
    st.builds(lambda a: f"[assumption] {a}", _LINE),
    st.builds(lambda a: f"={a}", _LINE),
)
_IDS = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)


@st.composite
def annotated_scenario_sets(draw: st.DrawFn, *, max_designs: int = 5, max_criteria: int = 4, lenses: int = 3) -> object:
    """A scenario set with everything a file can say: texts, evidence, scales, confidence, grounding, branches.

    Judgments are arbitrary floats in 0-100 (not only integers) so that number round trips are
    tested to the last bit; texts avoid what a workbook cell cannot keep (surrounding
    whitespace, line breaks inside a quote, carriage returns; see scoring/spec/convert.py).
    """
    from scoring.model import Branch, Criterion, Design, Evidence, Lens, ScenarioSet, Score, Source

    n = draw(st.integers(1, max_designs))
    m = draw(st.integers(1, max_criteria))
    ids = draw(st.lists(_IDS, min_size=n + m + lenses + 2, max_size=n + m + lenses + 2, unique=True))
    design_ids, criterion_ids = ids[:n], ids[n : n + m]
    lens_ids = [f"lens_{k}" for k in range(draw(st.integers(1, lenses)))]
    branches = tuple(Branch(b, draw(_LINE), draw(_TEXT)) for b in ids[n + m + lenses :])
    level = st.floats(0, 100, allow_nan=False, allow_infinity=False)
    criteria = []
    for cid in criterion_ids:
        quotes = draw(st.lists(st.tuples(_LINE, st.one_of(st.just(""), _LINE)), max_size=3))
        scale = draw(st.dictionaries(st.integers(0, 100), _LINE, max_size=3))
        criteria.append(
            Criterion(
                cid,
                draw(_LINE),
                draw(st.sampled_from(["benefit", "cost"])),
                draw(_TEXT),
                draw(st.sampled_from(["", *(b.id for b in branches)])),
                tuple(sorted((float(k), v) for k, v in scale.items())),
                tuple(Evidence(q, note) for q, note in quotes),
            )
        )
    rows = []
    for _ in design_ids:
        row = []
        for _ in criterion_ids:
            a, b, c = sorted(draw(st.tuples(level, level, level)))
            row.append(
                Score(
                    b,
                    a,
                    c,
                    draw(_TEXT),
                    draw(st.sampled_from(["low", "medium", "high"])),
                    draw(st.sampled_from([None, "quoted", "inferred", "assumption"])),
                )
            )
        rows.append(tuple(row))
    points = st.one_of(st.integers(0, 100).map(float), st.floats(0.001, 1e6))
    lens_list = []
    for lid in lens_ids:
        weights = [(cid, draw(points) if draw(st.integers(0, 4)) else 0.0) for cid in criterion_ids]
        if not any(w > 0 for _, w in weights):
            weights = [(criterion_ids[0], 1.0), *weights[1:]]
        lens_list.append(Lens(lid, draw(_LINE), draw(_TEXT), tuple(weights)))
    return ScenarioSet(
        title=draw(_LINE),
        criteria=tuple(criteria),
        designs=tuple(Design(d, draw(_LINE), draw(_TEXT), tuple(draw(st.lists(_IDS, max_size=3)))) for d in design_ids),
        scores=tuple(rows),
        lenses=tuple(lens_list),
        default_lens=draw(st.sampled_from(lens_ids)),
        branches=branches,
        version=draw(st.one_of(st.just(""), _LINE)),
        question=draw(_TEXT),
        source=Source(draw(st.one_of(st.just(""), _LINE)), "", draw(_TEXT)),
    )


@st.composite
def edited_pairs(draw: st.DrawFn, *, structural: bool = True) -> tuple[object, object]:
    """(old, new): a generated scenario set and an edited copy.

    Edits: judgments (base with its range), lens points (the default lens, which is in both),
    criteria turned from benefit to cost and back and, with ``structural``, a criterion and a
    design removed and added.
    """
    import dataclasses

    from scoring.model import Criterion, Design, Lens, Score

    old = draw(scenario_sets(max_designs=6, max_criteria=5, lenses=1))
    criteria, scores, designs = list(old.criteria), [list(row) for row in old.scores], list(old.designs)
    points = dict(old.lens().weights)
    for i, row in enumerate(scores):
        for j, judgment in enumerate(row):
            if draw(st.integers(0, 3)) == 0:
                base = float(draw(st.integers(0, 100)))
                scores[i][j] = Score(base, min(base, judgment.low), max(base, judgment.high))
    for criterion in criteria:
        if draw(st.integers(0, 3)) == 0:
            points[criterion.id] = float(draw(st.integers(0, 10)))
    for j, criterion in enumerate(criteria):
        if draw(st.integers(0, 5)) == 0:
            criteria[j] = dataclasses.replace(
                criterion, direction="cost" if criterion.direction == "benefit" else "benefit"
            )
    if structural and len(criteria) > 1 and draw(st.booleans()):
        gone = draw(st.integers(0, len(criteria) - 1))
        points.pop(criteria[gone].id, None)
        del criteria[gone]
        for row in scores:
            del row[gone]
    if structural and draw(st.booleans()):
        criteria.append(Criterion("added", "Added criterion", draw(st.sampled_from(["benefit", "cost"]))))  # type: ignore[arg-type]
        points["added"] = float(draw(st.integers(1, 10)))
        for row in scores:
            level = float(draw(st.integers(0, 100)))
            row.append(Score(level, level, level))
    if structural and len(designs) > 2 and draw(st.booleans()):
        del designs[0]
        del scores[0]
    if structural and draw(st.booleans()):
        designs.append(Design("new_design", "New design"))
        scores.append([Score(50.0, 40.0, 60.0) for _ in criteria])
    if sum(points.get(c.id, 0.0) for c in criteria) <= 0:
        points[criteria[0].id] = 1.0
    lens = Lens(old.default_lens, old.lens().name, weights=tuple((c.id, points.get(c.id, 0.0)) for c in criteria))
    new = dataclasses.replace(
        old,
        criteria=tuple(criteria),
        designs=tuple(designs),
        scores=tuple(tuple(row) for row in scores),
        lenses=(lens, *(x for x in old.lenses if x.id != lens.id)),
    )
    return old, new


def with_levels(scenario: object, base: np.ndarray, *, keep_ranges: bool = True) -> object:
    """``scenario`` with new base levels (designs x criteria); each range widened to keep low <= base <= high."""
    import dataclasses

    rows = tuple(
        tuple(
            dataclasses.replace(
                s,
                base=float(b),
                low=min(float(b), s.low) if keep_ranges else float(b),
                high=max(float(b), s.high) if keep_ranges else float(b),
            )
            for s, b in zip(row, levels, strict=True)
        )
        for row, levels in zip(scenario.scores, base.tolist(), strict=True)  # type: ignore[attr-defined]
    )
    return dataclasses.replace(scenario, scores=rows)  # type: ignore[type-var]
