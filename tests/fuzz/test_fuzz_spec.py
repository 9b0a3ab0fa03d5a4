"""Fuzzing the scenario-file loader: no exception escapes except our own hierarchy.

Short by default (CI); set ``GS_FUZZ_EXAMPLES`` (e.g. 20000) for the long run described
in ``tests/README.md``.
"""

from __future__ import annotations

import contextlib
import json
import os

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tiny_set import TINY_YAML

import scoring
from scoring import spec
from scoring.errors import ScoringError

EXAMPLES = int(os.environ.get("GS_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GOOD = spec.dump(scoring.load())
SMALL = TINY_YAML

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(
            st.sampled_from(
                [
                    "title",
                    "criteria",
                    "designs",
                    "scores",
                    "lenses",
                    "id",
                    "name",
                    "direction",
                    "weights",
                    "base",
                    "low",
                    "high",
                    "x",
                    "a",
                ]
            )
            | st.text(max_size=8),
            inner,
            max_size=6,
        ),
    ),
    max_leaves=40,
)


def _load(text: str, *, is_json: bool = False) -> None:
    with contextlib.suppress(ScoringError):
        spec.load_text(text, "fuzz.json" if is_json else "fuzz.yaml", is_json=is_json)


@FUZZ
@given(documents)
def test_random_documents_as_yaml(document: object) -> None:
    _load(yaml.safe_dump(document))


@FUZZ
@given(documents)
def test_random_documents_as_json(document: object) -> None:
    _load(json.dumps(document), is_json=True)


@FUZZ
@given(st.integers(0, len(SMALL) - 1), st.integers(0, 40), st.text(max_size=12))
def test_mutated_small_file(at: int, cut: int, insert: str) -> None:
    _load(SMALL[:at] + insert + SMALL[at + cut :])


@FUZZ
@given(
    st.integers(0, len(GOOD) - 1), st.integers(0, 200), st.text(alphabet="{}[]:,-'\"&*!#|>\n 0123456789.e", max_size=8)
)
def test_mutated_builtin_file(at: int, cut: int, insert: str) -> None:
    _load(GOOD[:at] + insert + GOOD[at + cut :])


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes(data: bytes) -> None:
    _load(data.decode("utf-8", errors="replace"))
    _load(data.decode("latin-1"), is_json=True)
