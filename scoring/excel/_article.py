"""GS_ARTICLE without xlwings: the built-in article set as worksheet tables.

Private: :mod:`scoring.excel._impl` re-exports these names (and :mod:`scoring.excel` decorates
:func:`gs_article`).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import scoring
from scoring.errors import InputError, UnknownNameError
from scoring.excel._args import cell_value, parse_text
from scoring.model import ScenarioSet

__all__ = ["ARTICLE_TABLES", "article", "gs_article"]

Cells = list[list[Any]]

#: What GS_ARTICLE can show: the contract's five, then three extensions.
ARTICLE_TABLES = ("criteria", "designs", "scores", "weights", "evidence", "low", "high", "lenses")


@functools.lru_cache(maxsize=1)
def article() -> ScenarioSet:
    """The built-in article scenario set, loaded once per session."""
    return scoring.load()


def _anchor(scale: Sequence[tuple[float, str]], level: float) -> str:
    return next((text for at, text in scale if at == level), "")


@functools.lru_cache(maxsize=64)
def _article_table(what: str, lens: str | None) -> tuple[tuple[Any, ...], ...]:
    data = article()
    ids = data.criterion_ids
    rows: list[list[Any]]
    if what == "criteria":
        rows = [["criterion", "name", "branch", "direction", "description", "scale 0", "scale 50", "scale 100"]]
        rows += [
            [c.id, c.name, c.branch, c.direction, c.description, *(_anchor(c.scale, x) for x in (0, 50, 100))]
            for c in data.criteria
        ]
    elif what == "designs":
        rows = [["design", "name", "description", "components"]]
        rows += [[d.id, d.name, d.description, "; ".join(d.components)] for d in data.designs]
        if lens is not None:
            result = scoring.score(data, lens)
            rows[0] += [f"score ({lens})", "rank"]
            for i in range(len(data.designs)):
                rows[i + 1] += [float(result.scores[i]), int(result.ranks[i])]
    elif what in ("scores", "low", "high"):
        levels = data.matrix("base" if what == "scores" else what)  # type: ignore[arg-type]
        rows = [["design", *ids]] + [[d.id, *levels[i].tolist()] for i, d in enumerate(data.designs)]
    elif what == "weights":
        lenses = data.lens_ids if lens is None else (data.lens(lens).id,)
        rows = [["lens", *ids]] + [[name, *data.weights(name).tolist()] for name in lenses]
    elif what == "evidence":
        rows = [["criterion", "quote", "note"]]
        rows += [[c.id, e.quote, e.note] for c in data.criteria for e in c.evidence]
    else:  # lenses
        rows = [["lens", "name", "description"]] + [[x.id, x.name, x.description] for x in data.lenses]
    return tuple(tuple(cell_value(v) for v in row) for row in rows)


def gs_article(what: object, lens: object = None) -> Cells:
    """The built-in article set as a table with a header row."""
    chosen = parse_text(what, "what", None)
    if chosen is None:
        raise InputError.at("what", f"is blank, expected one of: {', '.join(ARTICLE_TABLES)}")
    key = chosen.lower()
    if key not in ARTICLE_TABLES:
        raise UnknownNameError.at("what", f"unknown table {chosen!r}; expected one of: {', '.join(ARTICLE_TABLES)}")
    lens_id = parse_text(lens, "lens", None)
    if lens_id is not None:
        if key not in ("weights", "designs"):
            raise InputError.at("lens", f'is only used with "weights" or "designs", not {key!r}')
        article().lens(lens_id)  # fails now, naming "lens", if unknown
    return [list(row) for row in _article_table(key, lens_id)]
