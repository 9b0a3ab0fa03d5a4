"""YAML/JSON parsing that remembers where everything is, and refuses what is unsafe.

:func:`parse` returns a :class:`Located` document: the plain Python data plus the line of
every path in it (``("criteria", 2, "direction") -> 17``), so that every validation
problem can name ``file:line``. YAML goes through the libyaml composer when available;
a node reached twice (an alias: how "billion laughs" expands) and any explicit tag are
refused while walking the tree. JSON is parsed by :mod:`json`; its line numbers are
computed (with the YAML composer, as JSON is YAML) only when a problem needs them.

Values are read as written, the same way in YAML and JSON (and as a workbook reads its
cells): YAML 1.1's surprises are not applied. ``yes``/``no``/``on``/``off`` are text
(only ``true``/``false`` are booleans), a date is text, and a number YAML 1.1 would read
otherwise than it reads (``050`` and ``012`` as octal, ``1:20`` as 80, ``0x1F``, ``1_000``)
is refused with its line. The text of every number is bounded
(:data:`scoring.limits.MAX_NUMBER_CHARS`) before it is converted, and a JSON object with
a repeated key is refused, as YAML's are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import yaml

from scoring.errors import Problem, SpecError
from scoring.limits import MAX_NUMBER_CHARS

__all__ = ["Located", "PathKey", "Walker", "compose", "parse", "path_text"]

PathKey = tuple[str | int, ...]
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~10x faster
_SCALARS = yaml.SafeLoader("")  # only its constructor is used, for scalar nodes


def path_text(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


class Located:
    """A parsed document plus the line of every path in it (computed lazily for JSON)."""

    def __init__(self, name: str, data: Any, lines: dict[PathKey, int] | Callable[[], dict[PathKey, int]]) -> None:
        self.name = name
        self.data = data
        self._lines = lines

    @property
    def lines(self) -> dict[PathKey, int]:
        if callable(self._lines):
            self._lines = self._lines()
        return self._lines

    def where(self, path: PathKey) -> str:
        for cut in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:cut]))
            if line is not None:
                return f"{self.name}:{line}"
        return self.name

    def problem(self, path: PathKey, message: str) -> Problem:
        return Problem(self.where(path), f"{path_text(path)}: {message}")


_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{kind}" for kind in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


class Walker:
    """Turn a composed YAML node tree into Python data, recording lines.

    Refuses what the format never needs and what enables bombs: a node reached twice
    (an alias, which is how "billion laughs" expands) and non-plain tags.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: dict[PathKey, int] = {}
        self.seen: set[int] = set()

    def _refuse(self, node: yaml.Node, message: str) -> SpecError:
        return SpecError.at(f"{self.name}:{node.start_mark.line + 1}", message)

    def walk(self, node: yaml.Node, path: PathKey = ()) -> Any:
        if id(node) in self.seen:
            raise self._refuse(node, "YAML anchors and aliases are not allowed (the anchor is here)")
        self.seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            raise self._refuse(node, f"custom YAML tag {node.tag!r} is not allowed")
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.walk(key_node, (*path, "<key>"))
                if isinstance(key, (list, dict)):
                    raise self._refuse(key_node, "a mapping key must be a plain value")
                if key in out:
                    raise self._refuse(key_node, f"{path_text((*path, key))}: duplicate key {key!r}")
                self.lines[(*path, key)] = key_node.start_mark.line + 1
                out[key] = self.walk(value_node, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(child, (*path, i)) for i, child in enumerate(node.value)]
        return self.scalar(node, path)

    def scalar(self, node: yaml.Node, path: PathKey = ()) -> Any:
        """A scalar as written (see the module docstring)."""
        kind = node.tag.rpartition(":")[2]
        text = str(node.value)
        if getattr(node, "style", None) or kind in ("str", "null"):  # quoted: text as written
            return _SCALARS.construct_object(node, deep=True)
        if kind in ("timestamp", "bool") and not (kind == "bool" and text.lower() in ("true", "false")):
            return text  # YAML 1.1 dates and yes/no/on/off: text, as YAML 1.2 reads them
        if kind in ("int", "float"):
            if len(text) > MAX_NUMBER_CHARS:
                raise self._refuse(
                    node, f"{path_text(path)}: expected a number of at most {MAX_NUMBER_CHARS} characters, got {len(text)}"
                )
            if not (_DECIMAL.fullmatch(text) or (kind == "float" and _SPECIAL_FLOAT.fullmatch(text))):
                raise self._refuse(
                    node,
                    f"{path_text(path)}: {text!r} is ambiguous: YAML 1.1 reads it as {_SCALARS.construct_object(node, deep=True)!r}; "
                    "write a plain decimal number (or quote it as text)",
                )
        return _SCALARS.construct_object(node, deep=True)


_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")


class _JsonRefusal(ValueError):
    def __init__(self, literal: str, message: str) -> None:
        super().__init__(message)
        self.literal = literal


def _json_number(kind: type[int] | type[float]) -> Callable[[str], Any]:
    def convert(text: str) -> Any:
        if len(text) > MAX_NUMBER_CHARS:
            raise _JsonRefusal(text[:20], f"a number of at most {MAX_NUMBER_CHARS} characters is expected, got {len(text)}")
        return kind(text)

    return convert


def _json_constant(text: str) -> Any:
    raise _JsonRefusal(text, f"{text} is not a JSON number (write a finite number)")


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _JsonRefusal(json.dumps(key), f"duplicate key {key!r}")
        out[key] = value
    return out


def _line_of(text: str, literal: str) -> int | None:
    at = text.find(literal)
    return None if at < 0 else text.count("\n", 0, at) + 1


def compose(text: str, name: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        raise SpecError.at(f"{name}{line}", f"invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise SpecError.at(name, f"invalid YAML: {exc}") from None


def json_lines(text: str, name: str, *, strict: bool = False) -> dict[PathKey, int]:
    """Line numbers for a JSON document (JSON is YAML; borrow YAML's marks).

    ``strict``: let the walker's own refusal (such as a duplicate key, with its line) through.
    """
    walker = Walker(name)
    try:
        node = compose(text, name)
        if node is not None:
            walker.walk(node)
    except SpecError:
        if strict:
            raise
        return {}
    except (RecursionError, ValueError):
        return {}
    return walker.lines


def parse(text: str, name: str, *, is_json: bool) -> Located:
    if is_json:
        try:
            data = json.loads(
                text,
                parse_int=_json_number(int),
                parse_float=_json_number(float),
                parse_constant=_json_constant,
                object_pairs_hook=_json_object,
            )
        except _JsonRefusal as exc:
            if str(exc).startswith("duplicate key"):
                json_lines(text, name, strict=True)  # the YAML walker names the line of the second key
            line = _line_of(text, exc.literal)
            raise SpecError.at(f"{name}:{line}" if line else name, f"invalid JSON: {exc}") from None
        except json.JSONDecodeError as exc:
            raise SpecError.at(f"{name}:{exc.lineno}", f"invalid JSON: {exc.msg} (column {exc.colno})") from None
        except RecursionError:
            raise SpecError.at(name, "the JSON nesting is too deep") from None
        return Located(name, data, lambda: json_lines(text, name))
    try:
        node = compose(text, name)
    except RecursionError:
        raise SpecError.at(name, "the YAML nesting is too deep") from None
    if node is None:
        raise SpecError.at(name, "the file is empty")
    walker = Walker(name)
    try:
        data = walker.walk(node)
    except yaml.constructor.ConstructorError as exc:
        raise SpecError.at(name, f"invalid YAML value: {exc.problem}") from None
    except RecursionError:
        raise SpecError.at(name, "the YAML nesting is too deep") from None
    return Located(name, data, walker.lines)
