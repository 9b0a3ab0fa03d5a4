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

__all__ = ["MAX_YAML_EVENTS", "Located", "PathKey", "Walker", "parse", "path_text"]

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
        self.text = ""  # JSON: the text, for :meth:`where_key`

    def where_key(self, key: str) -> str:
        """``file:line`` of a top-level key without computing every line (JSON: its first mention)."""
        if callable(self._lines) and self.text:
            line = _line_of(self.text, json.dumps(key))
            return f"{self.name}:{line}" if line else self.name
        return self.where((key,))

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
_RESOLVE: Callable[..., str] = _SCALARS.resolve


def _line(event: Any) -> int:
    mark = getattr(event, "start_mark", None)
    return int(mark.line) + 1 if mark is not None else 0


#: YAML events (scalars, collection starts and ends) read from one file: more is refused as it is read.
MAX_YAML_EVENTS = 1_000_000


class Walker:
    """Build Python data from the YAML event stream, recording lines, without composing a node tree.

    Refuses what the format never needs and what enables bombs: anchors and aliases (how
    "billion laughs" expands), non-plain tags, a second document, and more than
    :data:`MAX_YAML_EVENTS` events (counted as they are read, so a huge file stops early).
    """

    def __init__(self, name: str, lengths: dict[PathKey, int] | None = None) -> None:
        self.name = name
        self.lines: dict[PathKey, int] = {}
        self.count = 0
        self.lengths = lengths or {}
        self._events: Any = None

    def _refuse(self, event: Any, message: str) -> SpecError:
        return SpecError.at(f"{self.name}:{_line(event)}", message)

    def _next(self) -> Any:
        event = self._events.get_event()
        self.count += 1
        if self.count > MAX_YAML_EVENTS:
            raise self._refuse(event, f"more than {MAX_YAML_EVENTS:,} YAML values; the file is too large to read")
        return event

    def load(self, text: str) -> tuple[bool, Any]:
        """(found a document, its data)."""
        self._events = _LOADER(text)
        try:
            self._next()  # StreamStart
            event = self._next()
            if isinstance(event, yaml.StreamEndEvent):
                return False, None
            data = self.walk(self._next(), ())
            self._next()  # DocumentEnd
            event = self._next()
            if not isinstance(event, yaml.StreamEndEvent):
                raise self._refuse(event, "expected a single YAML document, found another")
            return True, data
        finally:
            self._events.dispose()

    def walk(self, event: Any, path: PathKey) -> Any:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise self._refuse(event, "YAML anchors and aliases are not allowed (the anchor is here)")
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in _PLAIN_TAGS:
            raise self._refuse(event, f"custom YAML tag {tag!r} is not allowed")
        self.lines.setdefault(path, _line(event))
        if isinstance(event, yaml.MappingStartEvent):
            out: dict[Any, Any] = {}
            while not isinstance(key_event := self._next(), yaml.MappingEndEvent):
                if not isinstance(key_event, yaml.ScalarEvent):
                    raise self._refuse(key_event, "a mapping key must be a plain value")
                key = self.walk(key_event, (*path, "<key>"))
                if key in out:
                    raise self._refuse(key_event, f"{path_text((*path, key))}: duplicate key {key!r}")
                self.lines[(*path, key)] = _line(key_event)
                out[key] = self.walk(self._next(), (*path, key))
            return out
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            most = self.lengths.get(path)
            while not isinstance(item := self._next(), yaml.SequenceEndEvent):
                if most is not None and len(items) >= most:
                    raise self._refuse(
                        item, f"{path_text(path)}: more than {most:,} items; at most {most:,} are allowed"
                    )
                items.append(self.walk(item, (*path, len(items))))
            return items
        if event.style or not event.implicit[0]:  # quoted or block text, or an explicit tag
            kind = (tag or "tag:yaml.org,2002:str").rpartition(":")[2]
            if kind == "str":
                return event.value
        else:
            kind = _RESOLVE(yaml.ScalarNode, event.value, event.implicit).rpartition(":")[2]
        return self.scalar(event, kind, path)

    def scalar(self, event: Any, kind: str, path: PathKey = ()) -> Any:
        """A plain scalar as written (see the module docstring)."""
        text = str(event.value)
        if kind == "str":
            return text
        if kind == "null":
            return None
        if kind in ("timestamp", "bool") and not (kind == "bool" and text.lower() in ("true", "false")):
            return text  # YAML 1.1 dates and yes/no/on/off: text, as YAML 1.2 reads them
        if kind == "bool":
            return text.lower() == "true"
        if kind in ("int", "float"):
            if len(text) > MAX_NUMBER_CHARS:
                raise self._refuse(
                    event,
                    f"{path_text(path)}: expected a number of at most {MAX_NUMBER_CHARS} characters, got {len(text)}",
                )
            if _SPECIAL_FLOAT.fullmatch(text):
                return float(text.replace(".", "", 1))
            if not _DECIMAL.fullmatch(text):
                node = yaml.ScalarNode(f"tag:yaml.org,2002:{kind}", text, event.start_mark, event.end_mark)
                read = _SCALARS.yaml_constructors[node.tag](_SCALARS, node)
                raise self._refuse(
                    event,
                    f"{path_text(path)}: {text!r} is ambiguous: YAML 1.1 reads it as {read!r}; "
                    "write a plain decimal number (or quote it as text)",
                )
            return int(text) if kind == "int" else float(text)
        raise self._refuse(event, f"{path_text(path)}: unsupported YAML value {text[:40]!r}")


_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")


class _JsonRefusal(ValueError):
    def __init__(self, literal: str, message: str) -> None:
        super().__init__(message)
        self.literal = literal


def _json_number(kind: type[int] | type[float]) -> Callable[[str], Any]:
    def convert(text: str) -> Any:
        if len(text) > MAX_NUMBER_CHARS:
            raise _JsonRefusal(
                text[:20], f"a number of at most {MAX_NUMBER_CHARS} characters is expected, got {len(text)}"
            )
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


def _walk(text: str, name: str, lengths: dict[PathKey, int] | None = None) -> tuple[Walker, bool, Any]:
    walker = Walker(name, lengths)
    try:
        found, data = walker.load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        raise SpecError.at(f"{name}{line}", f"invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise SpecError.at(name, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise SpecError.at(name, "the YAML nesting is too deep") from None
    return walker, found, data


def json_lines(text: str, name: str, *, strict: bool = False) -> dict[PathKey, int]:
    """Line numbers for a JSON document (JSON is YAML; borrow YAML's marks).

    ``strict``: let the walker's own refusal (such as a duplicate key, with its line) through.
    """
    try:
        walker, _, _ = _walk(text, name)
    except SpecError:
        if strict:
            raise
        return {}
    return walker.lines


def parse(text: str, name: str, *, is_json: bool, lengths: dict[PathKey, int] | None = None) -> Located:
    """Parse YAML or JSON (see the module docstring); ``lengths`` caps lists by path, as they are read."""
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
        located = Located(name, data, lambda: json_lines(text, name))
        located.text = text
        return located
    walker, found, data = _walk(text, name, lengths)
    if not found:
        raise SpecError.at(name, "the file is empty")
    return Located(name, data, walker.lines)
