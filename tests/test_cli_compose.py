"""`gscore compose` and `gscore discover`: tables in 80 columns, JSON, XLSX exports, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import gscore

import scoring
from scoring.analysis.compose import synthetic_set
from scoring.spec import dump

FAST = ("--samples", "400")


def _widest(text: str) -> int:
    return max(len(line.rstrip()) for line in text.splitlines())


def test_compose_table_fits_80_columns() -> None:
    done = gscore("compose", *FAST)
    assert done.exit_code == 0, done.stderr
    assert _widest(done.stdout) <= 80
    for title in ("Best combinations, lens kyiv", "Pareto front", "Marginal value", "SMAA over the combinations"):
        assert title in done.stdout
    assert "25 feasible combinations of 6 components" in done.stdout


def test_compose_json() -> None:
    done = gscore(
        "compose", "--lens", "washington", "--top", "3", "--format", "json", *FAST, "--timestamp", "2025-01-01"
    )
    assert done.exit_code == 0, done.stderr
    document = json.loads(done.stdout)
    assert list(document["lenses"]) == ["washington"]
    top = document["lenses"]["washington"]["top"]
    assert [row["rank"] for row in top] == [1, 2, 3]
    assert top[0]["combination"] == "us_air + intelligence"
    assert document["provenance"]["timestamp"].startswith("2025-01-01")
    assert document["smaa"]["lens"] == "washington"
    assert {c["component"] for c in document["components"]} >= {"pledge", "russia_party"}
    again = json.loads(
        gscore("compose", "--lens", "washington", "--top", "3", "-f", "json", *FAST, "--timestamp", "2025-01-01").stdout
    )
    assert again == document


def test_compose_xlsx_export(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "combinations.xlsx"
    done = gscore("compose", "--out", str(out), "--no-smaa")
    assert done.exit_code == 0, done.stderr
    book = openpyxl.load_workbook(out, read_only=True)
    assert {"Components", "Top", "Marginal", "Provenance"} <= set(book.sheetnames)
    assert "SMAA" not in book.sheetnames
    book.close()
    assert gscore("compose", "--out", str(out)).exit_code == 1  # refuses to overwrite
    assert gscore("compose", "--out", str(tmp_path / "x.csv")).exit_code == 2


def test_compose_export_neutralises_formulas(tmp_path: Path) -> None:
    """A component named like a formula stays text in the workbook."""
    openpyxl = pytest.importorskip("openpyxl")
    text = dump(scoring.load()).replace("name: Article 5-like coalition pledge", "name: '=HYPERLINK(\"http://x\")'")
    source = tmp_path / "set.yaml"
    source.write_text(text, encoding="utf-8")
    (tmp_path / "article.txt").write_text(scoring.load().source.text, encoding="utf-8")
    out = tmp_path / "c.xlsx"
    assert gscore("compose", str(source), "--out", str(out), "--no-smaa").exit_code == 0
    book = openpyxl.load_workbook(out)
    cells = [c for row in book["Components"].iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert any(str(c.value).startswith("=HYPERLINK") for c in cells)  # kept as text, not as a formula


def test_compose_a_generated_set(tmp_path: Path) -> None:
    source = tmp_path / "generated.json"
    source.write_text(dump(synthetic_set(10, 6, seed=2), as_json=True), encoding="utf-8")
    done = gscore("compose", str(source), "--lens", "second", "--top", "2", *FAST)
    assert done.exit_code == 0, done.stderr
    assert _widest(done.stdout) <= 80
    document = json.loads(gscore("compose", str(source), "-f", "json", "--no-smaa").stdout)
    assert document["combinations"] < 1 << 10


def test_compose_errors() -> None:
    done = gscore("compose", "tests/no-such-file.yaml")
    assert done.exit_code == 1
    assert len(done.stderr.strip().splitlines()) == 1
    assert gscore("compose", "--lens", "paris").exit_code == 2
    assert gscore("compose", "--top", "0").exit_code == 2


def test_compose_refuses_a_set_without_components(tmp_path: Path) -> None:
    from tiny_set import TINY_YAML

    source = tmp_path / "tiny.yaml"
    source.write_text(TINY_YAML, encoding="utf-8")
    done = gscore("compose", str(source))
    assert done.exit_code == 1
    assert "declares no components" in done.stderr
    assert "Traceback" not in done.stderr


def test_discover_table_and_statement() -> None:
    done = gscore("discover", "hybrid_troops_air_pledge", "--samples", "2000")
    assert done.exit_code == 0, done.stderr
    assert _widest(done.stdout) <= 80
    assert "Peeling trajectory" in done.stdout
    assert "hybrid_troops_air_pledge is best in" in done.stdout
    assert " <" in done.stdout  # the chosen box is marked


def test_discover_a_design_that_is_never_best_says_so_in_one_statement() -> None:
    """No trajectory of empty boxes and no 'Box 0' heading: the answer is 'never'."""
    done = gscore("discover", "no_guarantee", "--samples", "2000")
    assert done.exit_code == 0, done.stderr
    expected = "no_guarantee is best in none of the 2,000 draws: there is no region where it is, so no box describes"
    expected += " one."
    assert " ".join(done.stdout.split()) == expected
    document = json.loads(gscore("discover", "no_guarantee", "--samples", "2000", "-f", "json").stdout)
    assert document["share"] == 0
    assert document["statement"].startswith("no_guarantee is best in none of the 2,000 draws")


def test_discover_json_and_box_choice() -> None:
    done = gscore("discover", "nato_membership", "--lens", "kyiv", "--samples", "2000", "--box", "5", "-f", "json")
    assert done.exit_code == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["chosen"] == 5
    assert document["statement"].startswith("nato_membership is best in")
    assert len(document["trajectory"]) > 5
    assert document["provenance"]["samples"] == 2000


def test_discover_exports_and_errors(tmp_path: Path) -> None:
    out = tmp_path / "when.json"
    assert gscore("discover", "intel_and_resources", "--samples", "1000", "--out", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["design"] == "intel_and_resources"
    xlsx = tmp_path / "when.xlsx"
    assert (
        gscore("discover", "intel_and_resources", "--samples", "1000", "--out", str(xlsx), "--top", "2").exit_code == 0
    )
    unknown = gscore("discover", "nato", "--samples", "100")
    assert unknown.exit_code == 1
    assert unknown.stderr.count("\n") == 1
    assert "unknown design 'nato'" in unknown.stderr
    assert gscore("discover", "nato_membership", "--samples", "100", "--box", "100000").exit_code == 1
    assert gscore("discover", "nato_membership", "--threshold", "2").exit_code == 2


def test_compose_leads_with_a_verdict_on_the_combinations() -> None:
    """A ranking of combinations gets the verdict every ranking gets (issue 12), worded for combinations."""
    done = gscore("compose", "--samples", "2000")
    assert done.exit_code == 0, done.stderr
    text = " ".join(done.stdout.split())
    assert "Verdict (no robust winner): No combination is robustly best:" in text
    assert text.index("Verdict (") < text.index("Best combinations")
    document = json.loads(gscore("compose", "--samples", "2000", "-f", "json").stdout)
    assert document["verdict"]["level"] == "no robust winner"
    assert document["verdict"]["leader"] == "pledge + us_air + ground_troops + intelligence"
    assert "Verdict (" not in gscore("compose", "--no-smaa").stdout  # nothing drawn, nothing claimed


def test_the_reports_combinations_carry_their_verdict(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert gscore("report", "--samples", "2000", "--out", str(out)).exit_code == 0
    html = out.read_text(encoding="utf-8")
    section = html[html.index('id="combinations"') :]
    assert "No combination is robustly best" in section[: section.index("<table")]
