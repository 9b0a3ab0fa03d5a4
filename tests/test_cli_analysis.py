"""`gscore analyze` (and its method options on `gscore report`): JSON output, XLSX and CSV exports, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import Completed, gscore

import scoring


def _run(*args: str) -> Completed:
    return gscore("analyze", *args)


def test_json_output() -> None:
    done = _run("--samples", "500", "--seed", "3", "--format", "json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["provenance"]["seed"] == 3
    assert document["provenance"]["samples"] == 500
    rows = document["acceptability"]
    article = scoring.load()
    assert {r["design"] for r in rows} == set(article.design_ids)
    n = len(article.designs)
    for row in rows:
        assert sum(row[f"rank_{r + 1}"] for r in range(n)) == pytest.approx(1.0)
    assert len(document["crossovers"]) == len(article.criteria)
    assert document["tornado"][0]["swing"] >= document["tornado"][-1]["swing"]
    assert document["lens_correlations"]
    again = json.loads(_run("--samples", "500", "--seed", "3", "--format", "json").stdout)
    assert again["acceptability"] == rows


def test_xlsx_export_read_back(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "analysis.xlsx"
    done = _run("--samples", "300", "--out", str(out), "--weight-draws", "lens", "--distribution", "pert")
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(out, read_only=True)
    assert {"Acceptability", "Crossovers", "Tornado", "Lens ranks", "Lens correlations", "Provenance"} <= set(
        book.sheetnames
    )
    header = [c.value for c in next(book["Acceptability"].iter_rows(max_row=1))]
    assert header[:3] == ["design", "name", "rank_1"]
    provenance = {r[0]: r[1] for r in book["Provenance"].iter_rows(min_row=2, values_only=True)}
    assert provenance["seed"] == "1"
    assert provenance["samples"] == "300"
    book.close()
    refused = _run("--samples", "300", "--out", str(out))
    assert refused.returncode == 1
    assert "exists" in refused.stderr


def test_csv_export_is_the_acceptability_table(tmp_path: Path) -> None:
    out = tmp_path / "b.csv"
    done = _run("--samples", "200", "--out", str(out), "--distribution", "none")
    assert done.returncode == 0, done.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith('"design","name","rank_1",')
    assert len(lines) == len(scoring.load().designs) + 1


def test_table_output_and_errors(tmp_path: Path) -> None:
    done = _run("--samples", "200")
    assert done.returncode == 0, done.stderr
    assert "How often each design takes each rank" in done.stdout
    assert "(tornado)" in done.stdout
    assert done.stdout.startswith("Verdict (")
    assert _run("--lens", "nope", "--samples", "10").returncode == 2  # bad usage, like an unknown option
    assert _run("--method", "nope", "--samples", "10").returncode == 2
    assert _run("--samples", "0").returncode == 2
    assert _run("--out", str(tmp_path / "x.txt")).returncode == 2


@pytest.mark.parametrize(
    ("method", "options", "recorded"),
    [
        ("wpm", ("offset=2",), {"offset": 2.0}),
        ("vikor", ("v=0.4",), {"v": 0.4}),
        ("promethee", ("preference=linear", "q=5", "p=20"), {"preference": "linear", "q": 5.0, "p": 20.0}),
    ],
)
def test_method_options_reach_analyze_report_and_discover(
    method: str, options: tuple[str, ...], recorded: dict[str, object], tmp_path: Path
) -> None:
    """``--option`` is a method option on analyze, report and discover as on score (not an SMAA setting)."""
    flags = [part for item in options for part in ("--option", item)]
    done = _run("--method", method, *flags, "--samples", "200", "--format", "json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["provenance"]["method_options"].items() >= recorded.items()
    expected = scoring.score(scoring.load(), method=method, **recorded)
    assert [r["design"] for r in document["results"]] == [expected.design_ids[i] for i in expected.order()]
    assert [r["score"] for r in document["results"]] == pytest.approx(
        [float(expected.scores[i]) for i in expected.order()], rel=1e-9
    )
    out = tmp_path / "r.html"
    report = gscore("report", "--method", method, *flags, "--samples", "200", "--out", str(out))
    assert report.returncode == 0, report.stderr
    assert "method_options" in out.read_text(encoding="utf-8")
    found = gscore("discover", expected.design_ids[0], "--method", method, *flags, "--samples", "300", "-f", "json")
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["provenance"]["method_options"].items() >= recorded.items()
    bad = _run("--method", method, "--option", "nosuch=1", "--samples", "200")
    assert bad.returncode == 1
    assert "nosuch" in bad.stderr
    assert "SMAA setting" not in bad.stderr


@pytest.mark.parametrize("command", ["analyze", "report"])
def test_weights_means_points_everywhere_and_points_to_weight_draws(run_cli, command: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """``--weights`` is points per column on every command (as on ``score``); the SMAA weight mode
    is ``--weight-draws``. The old spelling ``--weights uniform`` is refused with a pointer."""
    done = run_cli(command, "--weights", "uniform", "--samples", "50", "--out", str(tmp_path / f"out.{command}.json"))
    assert done.exit_code == 2
    assert not list(tmp_path.iterdir())
    assert "--weight-draws uniform" in done.stderr
    assert "Traceback" not in done.stderr
