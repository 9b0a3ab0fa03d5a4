"""Scenario-set files (YAML or JSON) to :class:`~scoring.model.ScenarioSet` and back.

Loading validates everything and reports *every* problem at once, each with
``file:line`` and the field, for example::

    my-set.yaml:41: scores.air_support_only.speed: unknown criterion 'sped'
    my-set.yaml:57: lenses[1].weights: weights must not all be zero

YAML is read with the safe loader; anchors, aliases and custom tags are refused
(the format does not need them and they enable entity-expansion bombs), and files
over :data:`MAX_FILE_BYTES` are refused before parsing.

A judgment's ``grounding`` is ``quoted``, ``inferred`` or ``assumption`` (see
:data:`scoring.model.GROUNDING_LEVELS`). The older flag ``assumption: true/false`` is
still read: ``true`` is ``assumption`` and ``false`` is ``inferred``, the reading that
claims least (``false`` said only that the source was not silent, not that the
rationale quotes it). A judgment that gives both must make them agree; :func:`dump`
writes ``grounding`` only, and nothing for a judgment without one.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scoring.errors import Problem, SpecError
from scoring.io.files import read_regular, shown
from scoring.limits import MAX_SCENARIO_BYTES, MAX_SOURCE_TEXT_BYTES
from scoring.model import Branch, Composition, Criterion, Design, Evidence, Lens, ScenarioSet, Score, Source
from scoring.spec._analysts import analysts_dict, build_analysts
from scoring.spec._composition import build_composition, composed_scores, composition_dict, quote_problems

if TYPE_CHECKING:  # yaml, pydantic and the models load on first use: a plain table or a workbook never needs them
    from pydantic import ValidationError

    from scoring.spec._located import Located, PathKey
    from scoring.spec._schema import ScenarioModel

__all__ = ["FORMAT", "MAX_FILE_BYTES", "dump", "json_schema", "load_file", "load_text", "to_dict"]

MAX_FILE_BYTES = MAX_SCENARIO_BYTES  # ~1,500 fully annotated designs x 10 criteria; parses in ~2 s
MAX_SOURCE_BYTES = MAX_SOURCE_TEXT_BYTES


_UNION_TAGS = ("float", "ScoreModel", "constrained-float")


def _union_tag(part: object) -> bool:
    """A union branch's name in an error location (a level's validators name it ``function-...[...]``)."""
    return isinstance(part, str) and (part in _UNION_TAGS or part.startswith(("function-before[", "function-after[")))


def _pattern_messages() -> dict[str, str]:
    from scoring.spec._schema import ID_PATTERN, NAME_PATTERN, TEXT_PATTERN

    return {
        ID_PATTERN: "expected an id: a letter, then letters, digits, '_', '.' or '-' (at most 64 characters)",
        NAME_PATTERN: "expected one line of text without control characters (no tabs or line breaks)",
        TEXT_PATTERN: "expected text without control characters (tabs and line breaks are fine)",
    }


def _format() -> str:
    from scoring.spec._schema import FORMAT

    return FORMAT


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema of the scenario-set format (see :mod:`scoring.spec._schema`)."""
    from scoring.spec._schema import json_schema as schema

    return schema()


def __getattr__(name: str) -> Any:
    if name == "FORMAT":  # the format tag, without importing pydantic on ``import scoring.spec``
        return _format()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _wrong_union_branch(item: Any) -> bool:
    """A score is a number *or* a judgment: drop the error of the branch the input was not meant for."""
    if not any(_union_tag(part) for part in item["loc"]):
        return False
    found = item.get("input")
    if isinstance(found, dict):
        return bool(item["type"] in ("float_type", "float_parsing"))
    return bool(item["type"] in ("model_type", "dict_type", "model_attributes_type"))


def _pydantic_problems(doc: Located, error: ValidationError) -> Iterator[Problem]:
    for item in error.errors(include_url=False):
        if _wrong_union_branch(item):
            continue
        loc: PathKey = tuple(part for part in item["loc"] if not _union_tag(part))
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = "unknown field (check the spelling; see `gscore schema`)"
        elif item["type"] == "missing":
            message = "required field is missing"
        elif item["type"] == "string_pattern_mismatch":
            message = _pattern_messages().get(str(item.get("ctx", {}).get("pattern")), message)
        found = item.get("input")
        if item["type"] not in ("missing", "extra_forbidden") and not isinstance(found, (dict, list)):
            shown_value = repr(found)
            message += f" (got {shown_value if len(shown_value) <= 80 else shown_value[:77] + '...'})"
        yield doc.problem(loc, message)


def _normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _source_text(doc: Located, model: ScenarioModel, base_dir: Path | None) -> tuple[str, list[Problem]]:
    if not model.source.file or base_dir is None:
        return "", []
    root = base_dir.resolve()
    path = (root / model.source.file).resolve()
    where = ("source", "file")
    if root not in path.parents:
        return "", [
            doc.problem(where, f"the source file must lie beside the scenario file (got {model.source.file!r})")
        ]
    if not path.exists():
        return "", [doc.problem(where, f"source file {model.source.file!r} not found next to the scenario file")]
    try:
        raw = read_regular(path, MAX_SOURCE_BYTES, what="source file", error=SpecError)
    except SpecError as exc:
        return "", [doc.problem(where, exc.problems[0].message)]
    text = raw.decode("utf-8", errors="replace")
    haystack = _normalise_space(text)
    problems = []
    for i, crit in enumerate(model.criteria):
        for k, evidence in enumerate(crit.evidence):
            if _normalise_space(evidence.quote) not in haystack:
                problems.append(
                    doc.problem(
                        ("criteria", i, "evidence", k, "quote"),
                        f"quote not found verbatim in {model.source.file}: {evidence.quote[:60]!r}",
                    )
                )
    if model.composition is not None:
        problems += quote_problems(doc, model.composition, haystack, model.source.file, _normalise_space)
    return text, problems


def _build(model: ScenarioModel, text: str, origin: str, digest: str) -> ScenarioSet:
    """The scenario set of a validated model (scores the file leaves out composed when it can)."""
    crit_ids = [c.id for c in model.criteria]
    criteria = _criteria(model)
    designs = tuple(Design(d.id, d.name, d.description, tuple(d.components)) for d in model.designs)
    composition = None
    if model.composition is not None:
        composition = build_composition(model.composition, crit_ids, model.scores)
    rows, derived = _score_rows(model, criteria, designs, composition)
    if composition is not None:
        composition = dataclasses.replace(composition, derived=tuple(derived))
    lens_ids = [lens.id for lens in model.lenses]
    default = model.default_lens or ("balanced" if "balanced" in lens_ids else lens_ids[0])
    return ScenarioSet(
        title=model.title,
        version=model.version,
        question=model.question,
        source=Source(model.source.title, model.source.file, model.source.note, text),
        branches=tuple(Branch(b.id, b.name, b.description) for b in model.branches),
        criteria=criteria,
        designs=designs,
        scores=tuple(rows),
        lenses=tuple(
            Lens(lens.id, lens.name or lens.id, lens.description, tuple((k, float(v)) for k, v in lens.weights.items()))
            for lens in model.lenses
        ),
        default_lens=default,
        origin=origin,
        origin_sha256=digest,
        composition=composition,
        analysts=build_analysts(model.analysts),
    )


def _criteria(model: ScenarioModel) -> tuple[Criterion, ...]:
    """The model's criteria, each scale sorted by level."""
    return tuple(
        Criterion(
            c.id,
            c.name,
            c.direction,
            c.description,
            c.branch,
            tuple(sorted((float(level), label) for level, label in c.scale.items())),
            tuple(Evidence(e.quote, e.note) for e in c.evidence),
        )
        for c in model.criteria
    )


def _score_rows(
    model: ScenarioModel,
    criteria: tuple[Criterion, ...],
    designs: tuple[Design, ...],
    composition: Composition | None,
) -> tuple[list[tuple[Score, ...]], list[tuple[str, str]]]:
    """Each design's scores (judged, else composed) and the (design, criterion) pairs composed."""
    from scoring.spec._schema import ScoreModel

    crit_ids = [c.id for c in criteria]
    rows, derived = [], []
    for design in designs:
        given = model.scores.get(design.id, {})
        row: list[Score | None] = []
        for cid in crit_ids:
            raw = given.get(cid)
            if raw is None:
                row.append(None)
                continue
            judged = raw if isinstance(raw, ScoreModel) else ScoreModel(base=raw)
            low = judged.base if judged.low is None else judged.low
            high = judged.base if judged.high is None else judged.high
            row.append(Score(judged.base, low, high, judged.rationale, judged.confidence, judged.resolved_grounding()))
        missing = [j for j, score in enumerate(row) if score is None]
        if missing and composition is not None:
            for j, score in composed_scores(composition, criteria, design, missing).items():
                row[j] = score
                derived.append((design.id, crit_ids[j]))
        rows.append(tuple(s for s in row if s is not None))
    return rows, derived


def load_text(
    text: str, name: str = "<string>", *, is_json: bool = False, base_dir: Path | None = None, digest: str = ""
) -> ScenarioSet:
    """Parse and validate a scenario set from text.

    Parameters
    ----------
    text : str
        YAML (or JSON with ``is_json=True``).
    name : str
        Shown in error locations (``name:line``).
    base_dir : Path, optional
        Folder that ``source.file`` is relative to; quotes are checked against it.

    Raises
    ------
    SpecError
        With every problem found, each located.
    """
    from pydantic import ValidationError

    from scoring.spec._checks import LENGTHS, check_size, cross_checks
    from scoring.spec._located import parse
    from scoring.spec._schema import ScenarioModel

    doc = parse(text, name, is_json=is_json, lengths=LENGTHS)
    check_size(doc)
    problems = cross_checks(doc)
    try:
        model = ScenarioModel.model_validate(doc.data)
    except ValidationError as exc:
        problems = list(_pydantic_problems(doc, exc)) + problems
        SpecError.collect(sorted(set(problems), key=_problem_order))
        raise AssertionError("unreachable") from None
    source_text, source_problems = _source_text(doc, model, base_dir)
    SpecError.collect(sorted(set(problems + source_problems), key=_problem_order))
    digest = digest or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _build(model, source_text, name, digest)


def _problem_order(problem: Problem) -> tuple[int, str]:
    line = problem.where.rsplit(":", 1)[-1]
    return (int(line) if line.isdigit() else 0, problem.message)


def load_file(path: str | Path) -> ScenarioSet:
    """Load a scenario set from a ``.yaml``/``.yml``/``.json`` file (never modified).

    Raises
    ------
    SpecError
        The file is missing, too large, not UTF-8, or invalid (every problem located).
    """
    file = Path(path)
    name = shown(path)
    if file.suffix.lower() not in (".yaml", ".yml", ".json"):
        raise SpecError.at(
            name, f"expected a .yaml, .yml or .json scenario file, got {file.suffix or 'no extension'!r}"
        )
    raw = read_regular(file, MAX_FILE_BYTES, what="scenario file", error=SpecError)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError.at(name, f"expected UTF-8 text (undecodable byte at offset {exc.start})") from None
    return load_text(
        text,
        name,
        is_json=file.suffix.lower() == ".json",
        base_dir=file.parent,
        digest=hashlib.sha256(raw).hexdigest(),
    )


def to_dict(scenario: ScenarioSet) -> dict[str, Any]:
    """Return the scenario set as plain data in the file format (for YAML/JSON dumps)."""

    def score_dict(score: Score) -> dict[str, Any]:
        grounding = {} if score.grounding is None else {"grounding": score.grounding}
        return {
            "base": score.base,
            "low": score.low,
            "high": score.high,
            "confidence": score.confidence,
            **grounding,
            "rationale": score.rationale,
        }

    composed = set(scenario.composition.derived) if scenario.composition is not None else set()
    hand = {
        d.id: {c.id: s for c, s in zip(scenario.criteria, row, strict=True) if (d.id, c.id) not in composed}
        for d, row in zip(scenario.designs, scenario.scores, strict=True)
    }
    extra: dict[str, Any] = {}
    if scenario.composition is not None:
        extra["composition"] = composition_dict(
            scenario.composition, scenario.criterion_ids, lambda d: hand.get(d, {}), score_dict
        )
    return {
        "format": _format(),
        "title": scenario.title,
        "version": scenario.version,
        "question": scenario.question,
        "source": {"title": scenario.source.title, "file": scenario.source.file, "note": scenario.source.note},
        "branches": [{"id": b.id, "name": b.name, "description": b.description} for b in scenario.branches],
        "criteria": [
            {
                "id": c.id,
                "name": c.name,
                "direction": c.direction,
                "description": c.description,
                "branch": c.branch,
                "scale": {int(level): label for level, label in c.scale},
                "evidence": [{"quote": e.quote, "note": e.note} for e in c.evidence],
            }
            for c in scenario.criteria
        ],
        "designs": [
            {"id": d.id, "name": d.name, "description": d.description, "components": list(d.components)}
            for d in scenario.designs
        ],
        "scores": {d: {c: score_dict(s) for c, s in row.items()} for d, row in hand.items() if row},
        "lenses": [
            {
                "id": lens.id,
                "name": lens.name,
                "description": lens.description,
                "weights": _every_weight(scenario, lens),
            }
            for lens in scenario.lenses
        ],
        "default_lens": scenario.default_lens,
        **extra,
        **analysts_dict(scenario.analysts),
    }


def _every_weight(scenario: ScenarioSet, lens: Lens) -> dict[str, float]:
    """A lens's points for every criterion (a file must name each; one the lens omits weighs 0)."""
    points = lens.weight_map()
    return {**points, **{cid: 0.0 for cid in scenario.criterion_ids if cid not in points}}


def dump(scenario: ScenarioSet, *, as_json: bool = False) -> str:
    """Serialise a scenario set to YAML (or JSON) text that :func:`load_text` reads back."""
    data = to_dict(scenario)
    if as_json:
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    import yaml

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
