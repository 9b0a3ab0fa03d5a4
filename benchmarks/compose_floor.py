"""Plain-numpy floors for benchmarks/compose.py: the composition rule without the kit's prefix tree.

Straightforward vectorised numpy: a membership matrix (combinations x components) and one
pass per component for each accumulator, as one would write the rule of
``scoring/composition.py`` from its docstring. Same numbers as the kit (checked in
``__main__``), no validation, no result objects.
"""

from __future__ import annotations

import numpy as np

from scoring.composition import CompositionArrays, arrays
from scoring.model import ScenarioSet


def floor_rank(scores: np.ndarray) -> np.ndarray:
    """Ranks by one argsort (1 = best; ties broken by position, which a floor may do)."""
    ranks = np.empty(scores.size, dtype=np.int64)
    ranks[np.argsort(-scores)] = np.arange(1, scores.size + 1)
    return ranks


def _rule(spec: CompositionArrays, member: np.ndarray, alone: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Values (layers, N, m) of every combination in ``member`` (N, K) for judgments ``alone`` (layers, K, m)."""
    start = spec.start[1]
    room = np.where(start < 100, 100 - start, 1.0)
    gain = np.where(spec.declared & (start < 100), np.clip((alone - start) / room, 0, 1), 0.0)
    cut = np.where(spec.declared & (start > 0), np.clip((start - alone) / np.where(start > 0, start, 1), 0, 1), 0.0)
    layers, count = alone.shape[0], member.shape[0]
    shape = (layers, count, start.size)
    gmax, gkeep, cmax, ckeep = np.zeros(shape), np.ones(shape), np.zeros(shape), np.ones(shape)
    low = np.full(shape, np.inf)
    for k in range(member.shape[1]):
        inside = member[None, :, k, None]
        g, c = inside * gain[:, None, k, :], inside * cut[:, None, k, :]
        np.maximum(gmax, g, out=gmax)
        gkeep *= 1 - g
        np.maximum(cmax, c, out=cmax)
        ckeep *= 1 - c
        np.minimum(low, np.where(inside & spec.declared[k], alone[:, None, k, :], np.inf), out=low)
    theta = spec.overlap
    values = (start + ((1 - theta) * gmax + theta * (1 - gkeep)) * (100 - start)) * (
        1 - ((1 - theta) * cmax + theta * (1 - ckeep))
    )
    values = np.where(spec.weakest, np.where(np.isinf(low), start, low), values)
    for synergies in (True, False):  # synergies close the gap first, then conflicts cut
        for p, (a, b) in enumerate(spec.pairs):
            if spec.synergy[p] != synergies:
                continue
            both = member[:, a] & member[:, b]
            j = spec.pair_criterion[p]
            column = values[:, both, j]
            share = shares[:, p, None]
            values[:, both, j] = column + share * (100 - column) if synergies else column * (1 - share)
    return np.clip(values, 0, 100)


def floor_compose(generated: ScenarioSet) -> tuple[np.ndarray, np.ndarray]:
    """Base values (N, m) of every combination (no constraints in the benchmark sets) and the masks."""
    assert generated.composition is not None
    spec = arrays(generated.composition, generated.criteria)
    masks = np.arange(1 << spec.n_components)
    member = ((masks[:, None] >> np.arange(spec.n_components)) & 1).astype(bool)
    values = _rule(spec, member, spec.alone[1:2], spec.shares[1:2])[0]
    values[0] = spec.start[1]
    return values, masks


def floor_smaa(generated: ScenarioSet, draws: int, seed: int, chunk: int = 16) -> np.ndarray:
    """Share of draws in which each combination is best: weights around the lens, judgments triangular."""
    assert generated.composition is not None
    spec = arrays(generated.composition, generated.criteria)
    rng = np.random.default_rng(seed)
    masks = np.arange(1 << spec.n_components)
    member = ((masks[:, None] >> np.arange(spec.n_components)) & 1).astype(bool)
    centre = generated.weights("balanced")
    low, mode, high = spec.alone
    wide = high > low
    best = np.zeros(masks.size, dtype=np.int64)
    done = 0
    while done < draws:
        k = min(chunk, draws - done)
        weights = rng.dirichlet(100 * centre, k)
        alone = np.broadcast_to(mode, (k, *mode.shape)).copy()
        alone[:, wide] = rng.triangular(low[wide], mode[wide], high[wide], (k, int(wide.sum())))
        shares = np.broadcast_to(spec.shares[1], (k, spec.shares.shape[1]))
        values = _rule(spec, member, alone, shares)
        scores = np.einsum("knm,km->kn", values / 100.0, weights)
        best += np.bincount(scores.argmax(axis=1), minlength=masks.size)
        done += k
    return best / draws


if __name__ == "__main__":  # the floors compute the kit's numbers
    from scoring.analysis.compose import compose_all, synthetic_set

    generated = synthetic_set(10, 6, seed=3, constraints=False)
    values, _ = floor_compose(generated)
    np.testing.assert_allclose(values, compose_all(generated).values, atol=1e-9)
    print("floor_compose matches scoring.analysis.compose.compose_all")
