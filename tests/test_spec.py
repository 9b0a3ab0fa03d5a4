"""Scenario-set files: every error located by file:line and field, all reported at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import scoring
from scoring import spec
from scoring.errors import SpecError

GOOD = """\
title: Two designs
criteria:
  - {id: a, name: A, direction: benefit, scale: {0: none, 50: some, 100: full}}
  - {id: b, name: B, direction: cost}
designs:
  - {id: x, name: X}
  - {id: y, name: Y}
scores:
  x: {a: 50, b: {base: 20, low: 10, high: 30}}
  y: {a: 80, b: 60}
lenses:
  - {id: balanced, weights: {a: 1, b: 1}}
"""


def _errors(text: str, name: str = "set.yaml") -> list[str]:
    with pytest.raises(SpecError) as caught:
        spec.load_text(text, name)
    return [str(p) for p in caught.value.problems]


def test_a_good_file_loads() -> None:
    loaded = spec.load_text(GOOD, "set.yaml")
    assert loaded.criterion_ids == ("a", "b")
    assert loaded.score_of("x", "b").low == 10
    assert loaded.score_of("y", "a").low == 80  # a bare number is base = low = high
    assert loaded.default_lens == "balanced"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("x: {a: 50,", "x: {c: 50,", "set.yaml:9: scores.x.c: unknown criterion 'c'"),
        ("- {id: y, name: Y}", "- {id: x, name: Y}", "set.yaml:7: designs[1].id: duplicate id 'x'"),
        (
            "y: {a: 80, b: 60}",
            "y: {a: 180, b: 60}",
            "set.yaml:10: scores.y.a: Input should be less than or equal to 100",
        ),
        (
            "{base: 20, low: 10, high: 30}",
            "{base: 20, low: 25, high: 30}",
            "set.yaml:9: scores.x.b: expected low <= base <= high, got low=25, base=20, high=30",
        ),
        (
            "weights: {a: 1, b: 1}",
            "weights: {a: -1, b: 1}",
            "set.yaml:12: lenses[0].weights.a: Input should be greater than or equal to 0",
        ),
        (
            "weights: {a: 1, b: 1}",
            "weights: {a: 0, b: 0}",
            "set.yaml:12: lenses[0].weights: weights must not all be zero",
        ),
        ("y: {a: 80, b: 60}", "y: {a: 80}", "set.yaml:10: scores.y: missing scores for design 'y' on: b"),
        (
            "direction: cost",
            "direction: down",
            "set.yaml:4: criteria[1].direction: Input should be 'benefit' or 'cost'",
        ),
        ("title: Two designs", "title: Two designs\ncolour: red", "set.yaml:2: colour: unknown field"),
    ],
)
def test_each_error_names_file_line_and_field(old: str, new: str, expected: str) -> None:
    text = GOOD.replace(old, new, 1)
    assert text != GOOD
    errors = _errors(text)
    assert any(e.startswith(expected) for e in errors), errors


def test_several_problems_are_all_reported() -> None:
    text = (
        GOOD.replace("x: {a: 50,", "x: {c: 50,")
        .replace("{a: 1, b: 1}", "{a: -1, b: 1}")
        .replace("- {id: y, name: Y}", "- {id: x, name: Y}")
    )
    errors = _errors(text)
    assert len(errors) >= 3
    assert any("unknown criterion 'c'" in e for e in errors)
    assert any("duplicate id 'x'" in e for e in errors)
    assert any("greater than or equal to 0" in e for e in errors)


def test_anchors_aliases_and_tags_are_refused() -> None:
    bomb = "a: &a [1, 2]\nb: [*a, *a]\n"
    assert "anchors and aliases are not allowed" in _errors(bomb)[0]
    assert "custom YAML tag" in _errors("title: !!python/object:os.system x\n")[0]


def test_syntax_errors_are_located() -> None:
    errors = _errors("title: [unclosed\ncriteria: 3\n")
    assert errors[0].startswith("set.yaml:")
    with pytest.raises(SpecError, match=r"set.json:1: invalid JSON"):
        spec.load_text("{not json", "set.json", is_json=True)


def test_nan_and_text_in_numbers_are_rejected() -> None:
    errors = _errors(GOOD.replace("y: {a: 80,", "y: {a: .nan,"))
    assert any("scores.y.a" in e for e in errors)
    errors = _errors(GOOD.replace("y: {a: 80,", "y: {a: lots,"))
    assert any("scores.y.a" in e and "lots" in e for e in errors)


def test_json_files_load_with_line_numbers(tmp_path: Path) -> None:
    good = spec.load_text(GOOD, "set.yaml")
    path = tmp_path / "set.json"
    path.write_text(spec.dump(good, as_json=True), encoding="utf-8")
    again = scoring.load(path)
    assert again.criterion_ids == good.criterion_ids
    broken = json.loads(path.read_text())
    broken["scores"]["x"]["zzz"] = 5
    path.write_text(json.dumps(broken, indent=2))
    with pytest.raises(SpecError, match=r"set\.json:\d+: scores\.x\.zzz: unknown criterion"):
        scoring.load(path)


def test_yaml_round_trip_keeps_everything() -> None:
    article = scoring.load()
    again = spec.load_text(spec.dump(article), "again.yaml")
    assert again.criteria == article.criteria
    assert again.designs == article.designs
    assert again.scores == article.scores
    assert again.lenses == article.lenses


def test_quotes_are_checked_against_the_named_source(tmp_path: Path) -> None:
    (tmp_path / "source.txt").write_text("The pledge is political at this point.", encoding="utf-8")
    text = GOOD.replace("title: Two designs", "title: Two designs\nsource: {file: source.txt}").replace(
        "scale: {0: none, 50: some, 100: full}}", "evidence: [{quote: 'political at this point'}, {quote: 'made up'}]}"
    )
    path = tmp_path / "set.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError, match=r"criteria\[0\]\.evidence\[1\]\.quote: quote not found verbatim"):
        scoring.load(path)


def test_files_are_checked_before_parsing(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="file not found"):
        scoring.load(tmp_path / "missing.yaml")
    wrong = tmp_path / "set.txt"
    wrong.write_text(GOOD)
    with pytest.raises(SpecError, match=r"expected a \.yaml, \.yml or \.json"):
        scoring.load(wrong)
    binary = tmp_path / "set.yaml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(SpecError, match="expected UTF-8"):
        scoring.load(binary)


def test_the_schema_validates_the_builtin_set() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    from scoring._api import BUILTIN_NAME

    data = yaml.safe_load((Path(scoring.__file__).parent / "data" / BUILTIN_NAME).read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))  # JSON keys are strings, as in a .json file
    jsonschema.validate(data, spec.json_schema())


def test_loading_never_modifies_the_file(tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    path.write_text(GOOD, encoding="utf-8")
    before = path.read_bytes(), path.stat().st_mtime_ns
    scoring.load(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
