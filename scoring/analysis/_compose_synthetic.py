"""A generated scenario set with a component model, for tests, benchmarks and the scaling notes."""

from __future__ import annotations

from typing import Literal

import numpy as np

from scoring.composition import arrays, compose, feasible, masks_of, to_levels
from scoring.model import (
    Branch,
    CombineRule,
    Component,
    Composition,
    Constraint,
    Criterion,
    Design,
    Interaction,
    Lens,
    ScenarioSet,
    Score,
)

__all__ = ["synthetic_set"]


def _judgment(rng: np.random.Generator, base: float, spread: float) -> Score:
    low = max(0.0, base - spread * rng.random())
    high = min(100.0, base + spread * rng.random())
    return Score(float(base), float(low), float(high), "generated", "medium", "inferred")


def synthetic_set(
    components: int = 16,
    criteria: int = 10,
    *,
    seed: int = 0,
    interactions: int | None = None,
    constraints: bool = True,
    declared: float = 0.8,
) -> ScenarioSet:
    """A random set: ``components`` with effects on ``criteria`` in four branches, three lenses.

    About a fifth of the criteria combine by their weakest part, the others accumulate with a
    random overlap; ``interactions`` random synergies and conflicts (default: one per
    component); with ``constraints``, one ``requires``, one ``excludes`` and an ``at_most``
    (every combination is feasible without them). Each component declares an effect on a
    share ``declared`` of the criteria. The designs are the empty combination and each
    component alone that the constraints allow, all composed. Same ``seed``, same set.
    """
    rng = np.random.default_rng(seed)
    branches = tuple(Branch(f"b{k}", f"Branch {k}") for k in range(4))
    crits = tuple(
        Criterion(f"c{j}", f"Criterion {j}", "cost" if rng.random() < 0.2 else "benefit", branch=f"b{j % 4}")
        for j in range(criteria)
    )
    start = tuple(_judgment(rng, float(rng.uniform(0, 30)), 10) for _ in range(criteria))
    comps = []
    for k in range(components):
        effects = tuple(
            _judgment(rng, float(rng.uniform(0, 100)), 20) if rng.random() < declared else None for _ in range(criteria)
        )
        comps.append(Component(f"k{k}", f"Component {k}", effects=effects))
    rules = tuple(
        CombineRule("weakest") if rng.random() < 0.2 else CombineRule("accumulate", float(rng.uniform(0, 1)))
        for _ in range(criteria)
    )
    pairs = []
    for _ in range(components if interactions is None else interactions):
        a, b = rng.choice(components, 2, replace=False) if components > 1 else (0, 0)
        if a == b:
            continue
        kind: Literal["synergy", "conflict"] = "synergy" if rng.random() < 0.5 else "conflict"
        share = _judgment(rng, float(rng.uniform(5, 40)), 10)
        pairs.append(Interaction((f"k{a}", f"k{b}"), f"c{int(rng.integers(criteria))}", kind, share))
    rules_of_sets: list[Constraint] = []
    if constraints and components >= 4:
        rules_of_sets = [
            Constraint("requires", ("k0", "k1", "k2")),
            Constraint("excludes", ("k3", "k0")),
            Constraint("at_most", (), components - 2),
        ]
    composition = Composition(tuple(comps), start, rules, tuple(pairs), tuple(rules_of_sets))
    spec = arrays(composition, crits)
    designs = [Design("none", "No component")] + [Design(f"only_{c.id}", c.name, components=(c.id,)) for c in comps]
    designs = [d for d in designs if feasible(spec, masks_of([d.components], spec.component_ids))[0]]
    layers = to_levels(compose(spec, masks_of([d.components for d in designs], spec.component_ids)), spec.directions)
    low, high = np.minimum(layers[0], layers[2]), np.maximum(layers[0], layers[2])
    scores = tuple(
        tuple(Score(float(layers[1, i, j]), float(low[i, j]), float(high[i, j]), "composed") for j in range(criteria))
        for i in range(len(designs))
    )
    derived = tuple((d.id, c.id) for d in designs for c in crits)
    lenses = tuple(
        Lens(
            name,
            name,
            weights=tuple((c.id, float(w)) for c, w in zip(crits, rng.dirichlet(np.ones(criteria)), strict=True)),
        )
        for name in ("balanced", "second", "third")
    )
    return ScenarioSet(
        title=f"Generated: {components} components, {criteria} criteria (seed {seed})",
        criteria=crits,
        designs=tuple(designs),
        scores=scores,
        lenses=lenses,
        branches=branches,
        composition=Composition(tuple(comps), start, rules, tuple(pairs), tuple(rules_of_sets), derived=derived),
        origin=f"generated:{components}x{criteria}:{seed}",
    )
