"""The composition rule (scoring/composition.py): its properties, its kernel against a plain reading, masks."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest
from composition_reference import composed_value, feasible_sets
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import compositions

import scoring
from scoring.analysis.compose import synthetic_set
from scoring.composition import (
    MAX_ENUMERATED,
    arrays,
    compose,
    describe,
    enumerate_masks,
    feasible,
    masks_of,
    popcount,
    to_levels,
)
from scoring.errors import InputError
from scoring.model import Composition, Criterion, Score

ENDS = ("unfavourable", "base", "favourable")


def _members(mask: int, ids: tuple[str, ...]) -> set[str]:
    return {cid for k, cid in enumerate(ids) if (mask >> k) & 1}


@settings(max_examples=60, deadline=None)
@given(compositions())
def test_the_kernel_is_the_rule(case: tuple[Composition, tuple[Criterion, ...]]) -> None:
    """Every combination, criterion and end of the range: the vectorised kernel equals a loop-by-loop reading."""
    composition, criteria = case
    spec = arrays(composition, criteria)
    masks = np.arange(1 << spec.n_components, dtype=np.int64)
    found = compose(spec, masks)
    for i, mask in enumerate(masks):
        members = _members(int(mask), spec.component_ids)
        for j in range(len(criteria)):
            for layer, end in enumerate(ENDS):
                assert found[layer, i, j] == pytest.approx(
                    composed_value(composition, criteria, members, j, end), abs=1e-9
                )


@settings(max_examples=60, deadline=None)
@given(compositions())
def test_bounded_and_ordered(case: tuple[Composition, tuple[Criterion, ...]]) -> None:
    """Values stay in 0-100, and the composed range holds the base (the rule is monotone in every judgment)."""
    composition, criteria = case
    spec = arrays(composition, criteria)
    values = compose(spec, np.arange(1 << spec.n_components, dtype=np.int64))
    assert np.all((values >= 0) & (values <= 100))
    assert np.all(values[0] <= values[1] + 1e-9)
    assert np.all(values[1] <= values[2] + 1e-9)


@settings(max_examples=60, deadline=None)
@given(compositions(constraints=False), st.data())
def test_monotone_in_every_judgment(case: tuple[Composition, tuple[Criterion, ...]], data: st.DataObject) -> None:
    """Raising one component's value (or a synergy, or lowering a conflict) never lowers any combination's value."""
    composition, criteria = case
    spec = arrays(composition, criteria)
    masks = np.arange(1 << spec.n_components, dtype=np.int64)
    base = spec.alone[1:2].copy()
    shares = spec.shares[1:2].copy()
    before = compose(spec, masks, alone=base, shares=shares, start=spec.start[1:2])
    k = data.draw(st.integers(0, spec.n_components - 1))
    j = data.draw(st.integers(0, len(criteria) - 1))
    raised = base.copy()
    raised[0, k, j] = min(100.0, raised[0, k, j] + data.draw(st.floats(0, 100)))
    after = compose(spec, masks, alone=raised, shares=shares, start=spec.start[1:2])
    assert np.all(after >= before - 1e-9)
    if shares.size:
        p = data.draw(st.integers(0, shares.shape[1] - 1))
        moved = shares.copy()
        step = data.draw(st.floats(0, 1))
        moved[0, p] = min(1.0, moved[0, p] + step) if spec.synergy[p] else max(0.0, moved[0, p] - step)
        assert np.all(compose(spec, masks, alone=base, shares=moved, start=spec.start[1:2]) >= before - 1e-9)


@settings(max_examples=60, deadline=None)
@given(compositions(constraints=False), st.data())
def test_adding_a_gain_never_lowers_an_accumulating_criterion(
    case: tuple[Composition, tuple[Criterion, ...]], data: st.DataObject
) -> None:
    """Monotone where declared: on an accumulate criterion, a gaining component with no conflict there never hurts."""
    composition, criteria = case
    spec = arrays(composition, criteria)
    values = compose(spec, np.arange(1 << spec.n_components, dtype=np.int64))[1]
    k = data.draw(st.integers(0, spec.n_components - 1))
    for j in range(len(criteria)):
        conflicted = any(
            spec.pair_criterion[p] == j and not spec.synergy[p] and k in spec.pairs[p] for p in range(len(spec.pairs))
        )
        if spec.weakest[j] or conflicted or spec.alone[1, k, j] < spec.start[1, j]:
            continue
        for mask in range(1 << spec.n_components):
            if mask and not (mask >> k) & 1:
                assert values[mask | (1 << k), j] >= values[mask, j] - 1e-9


@settings(max_examples=40, deadline=None)
@given(compositions())
def test_alone_and_empty(case: tuple[Composition, tuple[Criterion, ...]]) -> None:
    """A component alone scores its own judgment; the empty combination scores the start (ranges included)."""
    composition, criteria = case
    spec = arrays(composition, criteria)
    singles = np.array([0] + [1 << k for k in range(spec.n_components)], dtype=np.int64)
    levels = to_levels(compose(spec, singles), spec.directions)
    low, high = np.minimum(levels[0], levels[2]), np.maximum(levels[0], levels[2])
    for j, start in enumerate(composition.start):
        assert (low[0, j], levels[1, 0, j], high[0, j]) == pytest.approx((start.low, start.base, start.high))
    for k, component in enumerate(composition.components):
        for j, effect in enumerate(component.effects):
            base = composition.start[j].base
            expected = (base, base, base) if effect is None else (effect.low, effect.base, effect.high)
            assert (low[k + 1, j], levels[1, k + 1, j], high[k + 1, j]) == pytest.approx(expected)


@settings(max_examples=60, deadline=None)
@given(compositions())
def test_enumeration_against_brute_force(case: tuple[Composition, tuple[Criterion, ...]]) -> None:
    """The feasible masks are exactly the combinations that satisfy every constraint, tried one by one."""
    composition, criteria = case
    spec = arrays(composition, criteria)
    found = {frozenset(_members(int(mask), spec.component_ids)) for mask in enumerate_masks(spec)}
    assert found == set(feasible_sets(composition))
    masks = enumerate_masks(spec)
    assert np.all(np.diff(masks) > 0)
    assert feasible(spec, masks).all()


@settings(max_examples=30, deadline=None)
@given(compositions(max_components=8))
def test_sparse_and_dense_trees_agree(case: tuple[Composition, tuple[Criterion, ...]]) -> None:
    """A few combinations (prefix tree of their masks) give what the whole lattice gives."""
    composition, criteria = case
    spec = arrays(composition, criteria)
    every = np.arange(1 << spec.n_components, dtype=np.int64)
    full = compose(spec, every)
    some = every[::5][::-1].copy()  # unsorted on purpose
    np.testing.assert_allclose(compose(spec, some), full[:, some], atol=1e-12)


def test_the_generated_set_is_reproducible_and_feasible() -> None:
    one, two = synthetic_set(8, 5, seed=4), synthetic_set(8, 5, seed=4)
    assert one.scores == two.scores
    assert one.composition == two.composition
    spec = arrays(one.composition, one.criteria)  # type: ignore[arg-type]
    brute = feasible_sets(one.composition)  # type: ignore[arg-type]
    assert enumerate_masks(spec).size == len(brute) < 1 << 8
    free = synthetic_set(8, 5, seed=4, constraints=False)
    assert enumerate_masks(arrays(free.composition, free.criteria)).size == 1 << 8  # type: ignore[arg-type]


def test_masks_labels_and_popcount() -> None:
    ids = ("a", "b", "c")
    masks = masks_of([["a", "c"], [], ["b"]], ids)
    assert masks.tolist() == [5, 0, 2]
    assert [describe(int(m), ids) for m in masks] == ["a + c", "(none)", "b"]
    assert popcount(np.arange(8)).tolist() == [bin(i).count("1") for i in range(8)]
    assert popcount(np.arange(8), 0b101).tolist() == [bin(i & 5).count("1") for i in range(8)]
    with pytest.raises(InputError, match="unknown component 'd'"):
        masks_of([["d"]], ids)


def test_too_many_components_to_enumerate() -> None:
    big = synthetic_set(MAX_ENUMERATED + 1, 2, interactions=0, constraints=False)
    with pytest.raises(InputError, match=f"at most {MAX_ENUMERATED} components"):
        enumerate_masks(arrays(big.composition, big.criteria))  # type: ignore[arg-type]


def test_the_article_designs_are_their_components() -> None:
    """Composing each of the eight designs from the component model lands within its hand range."""
    article = scoring.load()
    composition = article.composition
    assert composition is not None
    spec = arrays(composition, article.criteria)
    levels = to_levels(
        compose(spec, masks_of([d.components for d in article.designs], spec.component_ids)), spec.directions
    )
    hand_low, hand_high = article.matrix("low"), article.matrix("high")
    assert np.all((levels[1] >= hand_low - 1e-9) & (levels[1] <= hand_high + 1e-9))
    singles = [i for i, d in enumerate(article.designs) if len(d.components) <= 1]
    np.testing.assert_allclose(levels[1, singles], article.matrix("base")[singles], atol=1e-9)
    assert len(singles) == 6  # the five single-block designs and the empty one are reproduced exactly


def test_every_article_design_is_a_feasible_combination() -> None:
    article = scoring.load()
    spec = arrays(article.composition, article.criteria)  # type: ignore[arg-type]
    masks = masks_of([d.components for d in article.designs], spec.component_ids)
    assert feasible(spec, masks).all()
    assert enumerate_masks(spec).size == 25
    combos = [set(c) for n in range(3) for c in itertools.combinations(spec.component_ids, n)]
    assert {"nato", "pledge"} in combos  # exists as a set, but the constraints refuse it
    assert not feasible(spec, masks_of([["nato", "pledge"], ["russia_party"]], spec.component_ids)).any()


def test_replacing_an_effect_changes_only_the_combinations_that_hold_it() -> None:
    article = scoring.load()
    composition = article.composition
    assert composition is not None
    spec = arrays(composition, article.criteria)
    masks = enumerate_masks(spec)
    before = compose(spec, masks)[1]
    pledge = composition.components[0]
    changed = dataclasses.replace(pledge, effects=(Score(10, 0, 20), *pledge.effects[1:]))
    other = dataclasses.replace(composition, components=(changed, *composition.components[1:]))
    after = compose(arrays(other, article.criteria), masks)[1]
    moved = np.flatnonzero(np.abs(after - before).max(axis=1) > 0)
    assert moved.size
    assert all(masks[i] & 1 for i in moved)
