"""The numbers README.md and docs/article-set.md show for the article set are what the code gives.

Two checks: ``docs/tables.py --check`` (every generated block equals what the script writes now),
and an independent parse of the markdown tables compared with :func:`scoring.score`, so that a
bug in the script cannot hide a stale table.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

import scoring
from scoring._text import fixed

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "article-set.md"
README = ROOT / "README.md"
ARTICLE = scoring.load()


def _tables_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_tables", ROOT / "docs" / "tables.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _block(path: Path, name: str) -> str:
    text = path.read_text(encoding="utf-8")
    match = re.search(rf"<!-- BEGIN GENERATED: {name} .*?-->\n(.*?)<!-- END GENERATED: {name} -->", text, re.DOTALL)
    assert match, f"{path.name} has no generated block {name!r}"
    return match.group(1)


def _rows(table: str) -> list[list[str]]:
    lines = [line for line in table.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def test_every_generated_block_is_current() -> None:
    """Fails when a table is stale: run ``python docs/tables.py``."""
    assert _tables_script().stale(ARTICLE) == []


def test_the_guides_ranking_table_is_scoring_score() -> None:
    rows = _rows(_block(GUIDE, "rankings"))
    header = [cell.strip() for cell in _block(GUIDE, "rankings").splitlines()[0].strip("|").split("|")]
    assert header[1:] == list(ARTICLE.lens_ids)
    assert [row[0] for row in rows] == [str(k + 1) for k in range(len(ARTICLE.designs))]
    for column, lens in enumerate(ARTICLE.lens_ids, start=1):
        result = scoring.score(ARTICLE, lens)
        expected = [f"{result.design_ids[i]} {result.scores[i]:.2f}" for i in result.order()]
        assert [row[column] for row in rows] == expected, lens


def test_the_guides_weights_and_assumptions_are_the_sets() -> None:
    for row in _rows(_block(GUIDE, "weights"))[:-1]:
        criterion, *points = row
        assert [float(p) for p in points] == [lens.weight_map()[criterion] for lens in ARTICLE.lenses]
    listed = [(row[0].strip("`"), row[1].strip("`")) for row in _rows(_block(GUIDE, "assumptions"))]
    assert listed == [(d.id, c.id) for d, c, s in ARTICLE.judgments() if s.grounding == "assumption"]


def test_the_readme_score_block_and_gap_are_scoring_score() -> None:
    result = scoring.score(ARTICLE)
    row = re.compile(r"^\s+(\d+)\s+(.+?)\s+([\d.]+)\s+([\d.]+)-([\d.]+)\s", re.MULTILINE)
    shown = [(rank, name[:12], *numbers) for rank, name, *numbers in row.findall(_block(README, "score-console"))]
    expected = [
        (
            str(int(result.ranks[i])),
            result.design_names[i][:12],
            fixed(result.scores[i], 1),  # as the terminal and the workbook round: halves away from zero
            fixed(result.score_low[i], 1),
            fixed(result.score_high[i], 1),
        )
        for i in result.order()
    ]
    assert shown == expected
    first, second = result.order()[:2]
    gap = float(result.scores[first] - result.scores[second])
    assert f"are {gap:.2f} points apart" in _block(README, "top-gap")
    kyiv = scoring.score(ARTICLE, "kyiv")
    best = int(kyiv.order()[0])
    assert f'"design": "{kyiv.design_ids[best]}"' in _block(README, "kyiv-json")
    assert f'"score": {kyiv.scores[best]:.2f}' in _block(README, "kyiv-json")


@pytest.mark.parametrize("path", [README, GUIDE], ids=lambda p: p.name)
def test_no_typed_totals_outside_the_generated_blocks(path: Path) -> None:
    """A design id followed by a total (``nato_membership 54.20``) appears only in generated blocks.

    The guide's record of the 1.0.0 ranking (its "Changes after review" section) is the one exception.
    """
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<!-- BEGIN GENERATED: .*?<!-- END GENERATED: [\w-]+ -->", "", text, flags=re.DOTALL)
    text = text.split("The ranking before the review (version 1.0.0")[0]
    ids = "|".join(ARTICLE.design_ids)
    assert re.findall(rf"\b({ids})\W{{1,3}}\d+\.\d\d\b", text) == []


def test_the_guides_criteria_section_quotes_the_article_verbatim() -> None:
    """The guide promises that its quotes in “…” in the criteria section are exact substrings."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("## The criteria: why") : text.index("## Double counting")]
    quotes = [" ".join(q.split()) for q in re.findall(r"“([^”]+)”", section) if q != "…"]
    source = " ".join((ROOT / "scoring" / "data" / "article.txt").read_text(encoding="utf-8").split())
    assert len(quotes) > 20
    assert [q for q in quotes if q not in source] == []
