"""Randomised cross-check against pymcdm (a test-only dependency), configured to the
same normalisation. pymcdm's cost handling differs in form but not in result:

- TOPSIS with ``vector_normalization`` maps a cost column to ``1 - r``; the distances to
  the (max) ideal are the same as the textbook's min ideal on ``r``.
- VIKOR's default maps a cost column to ``max - x``; the regrets are the same.
- WPM with ``linear_normalization`` is x/max (benefit) and min/x (cost): our ratio form.
- WSM with ``minmax_normalization`` is our local-scale additive model.
- PROMETHEE II ``vshape_2`` is Brans' type V, our ``linear``.

pymcdm's own input validation is switched off (``validation=False``): it warns about
dominant alternatives, which pytest (warnings as errors) would turn into failures.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from strategies import Problem, random_problem

from scoring.methods import get_method

pymcdm = pytest.importorskip("pymcdm")
from pymcdm import methods as pm  # noqa: E402  (after importorskip on purpose)
from pymcdm import normalizations as pn  # noqa: E402

TOLERANCE = 1e-9
N_PROBLEMS = 200


def _problems(seed: int) -> list[Problem]:
    rng = np.random.default_rng(seed)
    return [random_problem(rng, int(rng.integers(2, 12)), int(rng.integers(1, 7))) for _ in range(N_PROBLEMS)]


def _max_diff(ours: Callable[[Problem], np.ndarray], theirs: Callable[[Problem], np.ndarray], seed: int) -> float:
    return max(float(np.max(np.abs(ours(p) - theirs(p)))) for p in _problems(seed))


def _score(name: str, **options: object) -> Callable[[Problem], np.ndarray]:
    spec = get_method(name)
    merged = {**spec.options, **options}
    return lambda p: spec.score(p.matrix, p.weights, p.directions, **merged).scores


def _theirs(body: object) -> Callable[[Problem], np.ndarray]:
    return lambda p: np.asarray(body(p.matrix, p.weights, p.directions.astype(int), validation=False))  # type: ignore[operator]


def test_topsis_vector_normalisation() -> None:
    diff = _max_diff(_score("topsis"), _theirs(pm.TOPSIS(pn.vector_normalization)), seed=1)
    assert diff < TOLERANCE


def test_topsis_minmax_normalisation() -> None:
    diff = _max_diff(_score("topsis", normalization="minmax"), _theirs(pm.TOPSIS(pn.minmax_normalization)), seed=2)
    assert diff < TOLERANCE


@pytest.mark.parametrize("v", [0.0, 0.5, 0.8])
def test_vikor(v: float) -> None:
    diff = _max_diff(_score("vikor", v=v), _theirs(pm.VIKOR(v=v)), seed=3)
    assert diff < TOLERANCE


def test_wpm_ratio_form() -> None:
    diff = _max_diff(_score("wpm"), _theirs(pm.WPM(pn.linear_normalization)), seed=4)
    assert diff < TOLERANCE


def test_wsm_minmax() -> None:
    diff = _max_diff(_score("wsm"), _theirs(pm.WSM(pn.minmax_normalization)), seed=5)
    assert diff < TOLERANCE


def test_promethee_usual() -> None:
    diff = _max_diff(_score("promethee"), _theirs(pm.PROMETHEE_II("usual")), seed=6)
    assert diff < TOLERANCE


def _promethee_pair(ours_kind: str, theirs_kind: str, seed: int, *, use_q: bool) -> float:
    rng = np.random.default_rng(seed)
    worst = 0.0
    for p in _problems(seed):
        m = p.matrix.shape[1]
        q = rng.uniform(0, 10, m) if use_q else np.zeros(m)
        pref = q + rng.uniform(5, 60, m)
        ours = get_method("promethee").score(p.matrix, p.weights, p.directions, preference=ours_kind, q=q, p=pref)
        body = pm.PROMETHEE_II(theirs_kind, p=list(pref), q=list(q) if use_q else None)
        worst = max(
            worst,
            float(np.max(np.abs(ours.scores - body(p.matrix, p.weights, p.directions.astype(int), validation=False)))),
        )
    return worst


def test_promethee_vshape() -> None:
    assert _promethee_pair("vshape", "vshape", seed=7, use_q=False) < TOLERANCE


def test_promethee_linear() -> None:
    assert _promethee_pair("linear", "vshape_2", seed=8, use_q=True) < TOLERANCE


def test_promethee_level() -> None:
    assert _promethee_pair("level", "level", seed=9, use_q=True) < TOLERANCE
