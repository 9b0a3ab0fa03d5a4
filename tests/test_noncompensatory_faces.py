"""Vetoes, dominance and the value tree reach the API, the CLI and the exports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from cli_runner import gscore

import scoring
from scoring.analysis.dominance import dominance
from scoring.value_tree import branch_scores

ARTICLE = scoring.load()
SMALL = """\
title: Dominance
criteria:
  - {id: a, name: A, direction: benefit}
  - {id: b, name: B, direction: cost}
designs:
  - {id: x, name: X}
  - {id: y, name: Y}
  - {id: z, name: Z}
scores:
  x: {a: 50, b: 20}
  y: {a: 40, b: 30}
  z: {a: 90, b: 80}
lenses:
  - {id: balanced, weights: {a: 1, b: 1}}
"""


def test_branch_contributions_sum_to_the_total_and_match_the_value_tree() -> None:
    result = scoring.score(ARTICLE, lens="kyiv")
    np.testing.assert_allclose(result.branch_contributions.sum(axis=1), result.scores, atol=1e-9)
    expected = branch_scores(ARTICLE, "kyiv")
    for k, branch in enumerate(result.branch_ids):
        np.testing.assert_allclose(result.branch_contributions[:, k], expected[branch].to_numpy(), atol=1e-9)
    assert set(result.records()[0]["branches"]) == {b.id for b in ARTICLE.branches}


def test_vetoes_flag_or_exclude() -> None:
    levels = ARTICLE.matrix()
    j = ARTICLE.criterion_ids.index("us_participation")
    flagged = scoring.score(ARTICLE, vetoes={"us_participation": 20})
    assert flagged.details["vetoed"].tolist() == (levels[:, j] < 20).tolist()
    excluded = scoring.score(ARTICLE, vetoes={"us_participation": 20}, veto_mode="exclude")
    assert set(excluded.design_ids) == {
        d for d, low in zip(ARTICLE.design_ids, levels[:, j] < 20, strict=True) if not low
    }
    assert excluded.provenance["vetoes"] == {"us_participation": 20}
    assert excluded.vetoes is not None
    assert {d for d, _ in excluded.vetoes.excluded} == set(ARTICLE.design_ids) - set(excluded.design_ids)
    assert all(by == ("us_participation",) for _, by in excluded.vetoes.excluded)
    cost = ARTICLE.criterion_ids.index("escalation_risk")
    on_cost = scoring.score(ARTICLE, vetoes={"escalation_risk": 50})
    assert on_cost.details["vetoed"].tolist() == (levels[:, cost] > 50).tolist()


def test_bad_vetoes_are_named() -> None:
    with pytest.raises(scoring.UnknownNameError, match="unknown criterion 'nope'"):
        scoring.score(ARTICLE, vetoes={"nope": 1})
    assert ARTICLE.matrix()[:, ARTICLE.criterion_ids.index("us_participation")].max() < 100
    with pytest.raises(scoring.InputError, match="every design breaks a veto"):
        scoring.score(ARTICLE, vetoes={"us_participation": 100}, veto_mode="exclude")
    with pytest.raises(scoring.InputError, match="0-100 scale"):
        scoring.score(ARTICLE, vetoes={"us_participation": 101})
    assert gscore("score", "--veto", "us_participation").returncode == 2


def test_cli_reports_dominance_in_table_json_and_xlsx(tmp_path: Path) -> None:
    source = tmp_path / "small.yaml"
    source.write_text(SMALL)
    table = gscore("score", str(source))
    assert "dominated: y (by x" in table.stdout
    doc = json.loads(gscore("score", str(source), "-f", "json").stdout)
    assert doc["dominance"] == {"pareto": ["x", "z"], "dominated": [{"design": "y", "by": ["x"]}]}
    assert dominance(scoring.load(source)).pareto_labels == ("x", "z")
    out = tmp_path / "scored.xlsx"
    assert gscore("score", str(source), "--out", str(out)).returncode == 0
    book = openpyxl.load_workbook(out)
    assert {"Results", "Weights", "Branches", "Dominance", "Provenance"} <= set(book.sheetnames)
    rows = list(book["Dominance"].iter_rows(min_row=2, values_only=True))
    assert ("y", "dominated", "x") in rows


def test_cli_vetoes_and_branches(tmp_path: Path) -> None:
    out = gscore("score", "--veto", "us_participation=20", "--by-branch")
    assert out.returncode == 0
    assert "vetoed" in out.stdout
    assert "Deter" in out.stdout
    doc = json.loads(gscore("score", "--veto", "us_participation=20", "--veto-mode", "exclude", "-f", "json").stdout)
    assert "nato_membership" not in [r["design"] for r in doc["results"]]
    assert doc["provenance"]["veto_mode"] == "exclude"


def test_method_details_reach_the_exports(tmp_path: Path) -> None:
    out = tmp_path / "vikor.csv"
    assert gscore("score", "--method", "vikor", "--out", str(out)).returncode == 0
    header = next(csv.reader(out.read_text().splitlines()))
    assert {"S", "R", "Q"} <= set(header)
    doc = json.loads(gscore("score", "--method", "vikor", "-f", "json").stdout)
    assert "acceptable_advantage" in doc["details"]
    assert doc["provenance"]["method_options"] == {"v": 0.5}


def test_a_long_dominance_chain_is_listed_within_caps(tmp_path: Path) -> None:
    """2,000 designs in a chain: 2 million dominance pairs, listed 20 per design in JSON and 5 on the terminal."""
    from scoring.cli.score import MAX_DOMINATED_PRINTED, MAX_DOMINATORS_LISTED

    n = 2_000
    doc = {
        "title": "chain",
        "criteria": [{"id": "a", "name": "A", "direction": "benefit"}],
        "designs": [{"id": f"d{i}", "name": f"D{i}"} for i in range(n)],
        "scores": {f"d{i}": {"a": i / 20} for i in range(n)},
        "lenses": [{"id": "l", "name": "L", "weights": {"a": 1}}],
    }
    source = tmp_path / "chain.json"
    source.write_text(json.dumps(doc))
    run = gscore("score", str(source), "-f", "json")
    assert run.returncode == 0, run.stderr
    dominated = json.loads(run.stdout)["dominance"]["dominated"]
    assert len(dominated) == n - 1
    assert dominated[0] == {"design": "d0", "by": [f"d{i}" for i in range(1, 21)], "more": n - 1 - 20}
    assert all(len(row["by"]) <= MAX_DOMINATORS_LISTED for row in dominated)
    assert len(run.stdout) < 2_000_000  # was 38 MB
    table = gscore("score", str(source)).stdout
    assert table.count("dominated: ") == MAX_DOMINATED_PRINTED
    assert "(by d1, d2, d3, d4, d5 and 1,994 more" in table
    assert f"... and {n - 1 - MAX_DOMINATED_PRINTED:,} more dominated designs" in table
