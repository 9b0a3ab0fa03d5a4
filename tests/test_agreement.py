"""Every face agrees: one DecisionProblem behind score(), SMAA, sensitivity, the report, CLI and notebook 03.

These are the agreement properties of issue 11, over every method, every lens of the article
set and random scenario sets:

- SMAA with no weight spread and no score noise puts acceptability 1.0 exactly on
  ``score()``'s ranks (ties included);
- the sensitivity sweep at the current weights reproduces ``score()``, and its best design is
  ``score()``'s;
- the report's ranking and verdict equal ``gscore score``'s and ``gscore analyze``'s;
- notebook 03 run with its defaults prints the same verdict as ``gscore analyze``, notebook 01 as
  ``gscore score``.
"""

from __future__ import annotations

import json
import re
from html import unescape

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from strategies import METHOD_OPTIONS, scenario_sets

import scoring
from scoring.analysis.sensitivity import sensitivity
from scoring.analysis.smaa import smaa
from scoring.problem import DecisionProblem

ARTICLE = scoring.load()
FIXED = {"weight_mode": "fixed", "distribution": None, "samples": 3}


def _smaa_hits_score_ranks(problem: DecisionProblem) -> None:
    ranks = problem.score().ranks
    accepted = smaa(problem, **FIXED).acceptability  # type: ignore[arg-type]
    n = len(ranks)
    assert np.array_equal(accepted[np.arange(n), ranks - 1], np.ones(n))
    assert np.array_equal(accepted.sum(axis=1), np.ones(n))


def _sensitivity_reproduces_score(problem: DecisionProblem) -> None:
    result = problem.score()
    analysis = sensitivity(problem, points=11)
    assert analysis.best == int(np.argmin(result.ranks))
    for j in range(problem.n_criteria):
        t, scores = analysis.sweep(j)
        here = np.flatnonzero(t == problem.weights[j])
        assert here.size == 1
        assert np.array_equal(scores[here[0]], result.scores)


@pytest.mark.parametrize("lens", ARTICLE.lens_ids)
@pytest.mark.parametrize("method", scoring.method_names())
def test_article_set_every_method_and_lens(method: str, lens: str) -> None:
    problem = DecisionProblem.from_scenario(ARTICLE, lens, method)
    _smaa_hits_score_ranks(problem)
    _sensitivity_reproduces_score(problem)


@pytest.mark.parametrize("method", scoring.method_names())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenario_sets())
def test_random_scenario_sets(method: str, scenario: scoring.ScenarioSet) -> None:
    options = METHOD_OPTIONS[method]
    for lens in scenario.lens_ids:
        problem = DecisionProblem.from_scenario(scenario, lens, method, **options)
        _smaa_hits_score_ranks(problem)
        _sensitivity_reproduces_score(problem)


def test_topsis_smaa_matches_score_on_the_article_set() -> None:
    """The drift outside checks found: SMAA scored levels, score() value scores; one problem now."""
    result = scoring.score(ARTICLE, method="topsis")
    accepted = smaa(ARTICLE, method="topsis", **FIXED).acceptability  # type: ignore[arg-type]
    i = ARTICLE.design_ids.index("article5_pledge")
    assert accepted[i, result.ranks[i] - 1] == 1.0


@pytest.mark.parametrize("method", scoring.method_names())
def test_value_scores_score_alike_however_the_problem_is_built(method: str) -> None:
    """from_scenario, from_values and with_method from another method: one score for the same values.

    A problem of value scores built outside a set (composed designs, two versions' union)
    re-derived for another method used to keep wsm's x100 scale or lose wpm's offset.
    """
    values = ARTICLE.values("base")
    weights = ARTICLE.weights(ARTICLE.lens("kyiv"))
    direct = DecisionProblem.from_scenario(ARTICLE, "kyiv", method).score()
    built = DecisionProblem.from_values(values, weights, method).score()
    other = "topsis" if method == "wsm" else "wsm"
    rederived = DecisionProblem.from_values(values, weights, other).with_method(method).score()
    for result in (built, rederived):
        np.testing.assert_allclose(result.scores, direct.scores, rtol=1e-12, atol=0)
        assert np.array_equal(result.ranks, direct.ranks)
        assert result.score_range == direct.score_range


def test_analyze_with_wpm_runs_on_the_built_in_set(run_cli) -> None:
    """`gscore analyze --method wpm` used to fail: the analyses forgot wpm's offset."""
    done = run_cli("analyze", "--method", "wpm", "--samples", "300", "--format", "json")
    assert done.exit_code == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["method"] == "wpm"
    assert document["provenance"]["method_options"] == {"offset": 1.0}


def test_report_ranking_and_verdict_equal_score_and_analyze(run_cli, tmp_path) -> None:
    from html.parser import HTMLParser

    out = tmp_path / "report.html"
    common = ("--samples", "800", "--seed", "4", "--timestamp", "2026-01-01T00:00:00+00:00")
    assert run_cli("report", "--out", str(out), *common).exit_code == 0
    html = out.read_text(encoding="utf-8")
    scored = json.loads(run_cli("score", "--format", "json").stdout)
    analysed = json.loads(run_cli("analyze", "--format", "json", *common).stdout)

    class Ranking(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.inside, self.row, self.rows = False, [], []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.inside = self.inside or ("id", "ranking-table") in attrs
            if self.inside and tag == "tr":
                self.row = []

        def handle_endtag(self, tag: str) -> None:
            if self.inside and tag == "tr" and self.row:
                self.rows.append(self.row)
            self.inside = self.inside and tag != "table"

        def handle_data(self, data: str) -> None:
            if self.inside and data.strip():
                self.row.append(data.strip())

    parser = Ranking()
    parser.feed(html)
    names = [row[1] for row in parser.rows[1:]]
    assert names == [r["name"] for r in scored["results"]]
    headline = re.search(r'<p class="verdict[^"]*"[^>]*>(.*?)</p>', html, re.DOTALL)
    assert headline is not None
    assert " ".join(unescape(headline.group(1)).split()) == analysed["verdict"]["text"]


def test_notebook_03_verdict_equals_gscore_analyze(run_cli, tmp_path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    from pathlib import Path

    notebook = Path(__file__).resolve().parent.parent / "notebooks" / "03_uncertainty_and_sensitivity.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    where = {"metadata": {"path": str(tmp_path)}}
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=300, resources=where)
    client.execute()
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    verdict = re.search(r"^Verdict: (.*)$", printed, re.MULTILINE)
    assert verdict is not None
    analysed = json.loads(run_cli("analyze", "--format", "json").stdout)
    assert verdict.group(1) == analysed["verdict"]["text"]


def test_notebook_01_verdict_equals_gscore_score(run_cli, tmp_path) -> None:
    """Notebook 01 prints the verdict of ``gscore score`` (the same quick SMAA-2 run), word for word."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    from pathlib import Path

    notebook = Path(__file__).resolve().parent.parent / "notebooks" / "01_score_the_article_designs.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:  # exports into the test's folder, not the shared temp folder
        cell.source = cell.source.replace("output_dir = None", f"output_dir = {str(tmp_path / 'out')!r}")
    where = {"metadata": {"path": str(tmp_path)}}
    nbclient.NotebookClient(nb, kernel_name="python3", timeout=300, resources=where).execute()
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    verdict = re.search(r"^Verdict: (.*)$", printed, re.MULTILINE)
    assert verdict is not None
    scored = json.loads(run_cli("score", "--format", "json").stdout)
    assert verdict.group(1) == scored["verdict"]["text"]
