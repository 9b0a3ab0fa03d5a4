"""PROMETHEE II: flows by hand, each generalised criterion, options and batching."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import scoring
from scoring.errors import InputError, UnknownNameError
from scoring.methods import get_method
from scoring.methods import promethee as promethee_module


def test_usual_criterion_flows_by_hand() -> None:
    """Hand computation of Brans and Vincke (1985) flows with the usual criterion
    (not a published figure). Levels (4, 3, 2), (3, 2, 4), (5, 1, 3), all benefit,
    weights (0.5, 0.3, 0.2): pi(1,2) = 0.8, pi(2,1) = 0.2, pi(1,3) = 0.3, pi(3,1) = 0.7,
    pi(2,3) = 0.5, pi(3,2) = 0.5, so phi+ = (0.55, 0.35, 0.6), phi- = (0.45, 0.65, 0.4)
    and phi = (0.1, -0.3, 0.2)."""
    result = scoring.evaluate([[4, 3, 2], [3, 2, 4], [5, 1, 3]], [0.5, 0.3, 0.2], method="promethee")
    np.testing.assert_allclose(result.details["phi_plus"], [0.55, 0.35, 0.6], rtol=1e-14)
    np.testing.assert_allclose(result.details["phi_minus"], [0.45, 0.65, 0.4], rtol=1e-14)
    np.testing.assert_allclose(result.scores, [0.1, -0.3, 0.2], atol=1e-14)
    assert result.ranks.tolist() == [2, 3, 1]


@pytest.mark.parametrize(
    ("preference", "d", "expected"),
    [
        ("usual", 0.0, 0.0), ("usual", 0.1, 1.0),
        ("ushape", 2.0, 0.0), ("ushape", 2.5, 1.0),
        ("vshape", 3.0, 0.6), ("vshape", 5.0, 1.0), ("vshape", 9.0, 1.0),
        ("level", 2.0, 0.0), ("level", 4.0, 0.5), ("level", 5.0, 0.5), ("level", 6.0, 1.0),
        ("linear", 2.0, 0.0), ("linear", 3.5, 0.5), ("linear", 5.0, 1.0), ("linear", 7.0, 1.0),
    ],
)  # fmt: skip
def test_generalised_criteria(preference: str, d: float, expected: float) -> None:
    """Brans and Mareschal (2005), ch. 5, types I-V with q = 2, p = 5. With two designs
    and one criterion, phi(a) = P(d) - P(-d) = P(d) for d >= 0."""
    result = scoring.evaluate([[d], [0.0]], [1], method="promethee", preference=preference, q=2.0, p=5.0)
    assert result.scores[0] == pytest.approx(expected, abs=1e-15)
    assert result.scores[1] == pytest.approx(-expected, abs=1e-15)


def reference_flows(matrix, weights, directions, kinds, q, p):  # type: ignore[no-untyped-def]
    """A plain, loop-by-loop transcription of Brans and Vincke (1985) for cross-checks."""

    def degree(kind, d, qj, pj):  # type: ignore[no-untyped-def]
        if kind == "usual":
            return float(d > 0)
        if kind == "ushape":
            return float(d > qj)
        if kind == "vshape":
            return 0.0 if d <= 0 else min(d / pj, 1.0)
        if kind == "level":
            return 0.0 if d <= qj else 0.5 if d <= pj else 1.0
        return 0.0 if d <= qj else (d - qj) / (pj - qj) if d <= pj else 1.0

    n, m = len(matrix), len(matrix[0])
    phi = [0.0] * n
    for a, b in itertools.permutations(range(n), 2):
        pi = sum(
            weights[j] * degree(kinds[j], directions[j] * (matrix[a][j] - matrix[b][j]), q[j], p[j]) for j in range(m)
        )
        phi[a] += pi / (n - 1)
        phi[b] -= pi / (n - 1)
    return phi


def test_mixed_preferences_per_criterion_match_reference() -> None:
    rng = np.random.default_rng(7)
    kinds = ["usual", "ushape", "vshape", "level", "linear"]
    q = [0.0, 5.0, 0.0, 3.0, 2.0]
    p = [1.0, 1.0, 20.0, 15.0, 30.0]
    for _ in range(20):
        matrix = rng.integers(0, 50, size=(6, 5)).astype(float)
        weights = rng.dirichlet(np.ones(5))
        directions = rng.choice([1, -1], size=5)
        result = scoring.evaluate(matrix, weights, directions, method="promethee", preference=kinds, q=q, p=p)
        expected = reference_flows(matrix.tolist(), weights, directions, kinds, q, p)
        np.testing.assert_allclose(result.scores, expected, atol=1e-14)


def test_option_errors_name_the_option() -> None:
    matrix = [[1, 2], [3, 4]]
    with pytest.raises(InputError, match=r"p: preference 'linear' .* needs a preference threshold p"):
        scoring.evaluate(matrix, [1, 1], method="promethee", preference="linear")
    with pytest.raises(InputError, match=r"p: criterion 2: expected p > q"):
        scoring.evaluate(matrix, [1, 1], method="promethee", preference="linear", q=[0, 3], p=[1, 3])
    with pytest.raises(UnknownNameError, match=r"preference.*expected one of: level, linear, ushape, usual, vshape"):
        scoring.evaluate(matrix, [1, 1], method="promethee", preference="gaussian")
    with pytest.raises(InputError, match="preference: expected one name or 2 names"):
        scoring.evaluate(matrix, [1, 1], method="promethee", preference=["usual"])
    with pytest.raises(InputError, match="q: expected one number or 2 numbers"):
        scoring.evaluate(matrix, [1, 1], method="promethee", preference="ushape", q=[1, 2, 3])


def test_one_design_has_zero_flows() -> None:
    result = scoring.evaluate([[3, 4]], [1, 1], method="promethee")
    assert result.scores.tolist() == [0.0]


def test_batch_blocks_match_single_scorings(monkeypatch: pytest.MonkeyPatch) -> None:
    """(k, n, m) matrices are processed in blocks; force several blocks and compare."""
    monkeypatch.setattr(promethee_module, "_BLOCK_ELEMENTS", 40)
    spec = get_method("promethee")
    rng = np.random.default_rng(3)
    matrices = rng.uniform(0, 10, size=(7, 4, 3))
    weights = rng.dirichlet(np.ones(3), size=7)
    directions = np.array([1, -1, 1], dtype=np.int8)
    options = {"preference": "vshape", "q": 0.0, "p": 4.0}
    batched = spec.batch(matrices, weights, directions, **options)
    single = [spec.score(matrices[i], weights[i], directions, **options).scores for i in range(7)]
    np.testing.assert_allclose(batched, np.array(single), atol=1e-14)
