"""gscore: outputs, exit statuses, one-line errors, nothing written on error.

Most tests run the CLI in this process (tests/cli_runner.py); the exit-status, traceback
and console-script tests start a real process, as a user's shell does.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from cli_runner import gscore

import scoring

INJECTED = """\
title: Injection
criteria:
  - {id: a, name: A, direction: benefit}
  - {id: b, name: B, direction: cost}
designs:
  - {id: x, name: '=HYPERLINK("http://example.invalid","click")'}
  - {id: y, name: '@SUM(1+1)'}
scores:
  x: {a: 50, b: 20}
  y: {a: 80, b: 60}
lenses:
  - {id: balanced, weights: {a: 1, b: 1}}
"""


def gscore_process(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m scoring ARGS...`` as a real process."""
    return subprocess.run(
        [sys.executable, "-m", "scoring", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_the_console_script_is_installed_and_runs() -> None:
    script = Path(sys.executable).with_name("gscore")
    done = subprocess.run([str(script), "score", "--format", "json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["results"][0]["rank"] == 1


def test_score_prints_the_eight_designs_ranked() -> None:
    out = gscore("score")
    assert out.returncode == 0, out.stderr
    expected = scoring.score(scoring.load())
    positions = [out.stdout.index(expected.design_names[i][:20]) for i in expected.order()]
    assert positions == sorted(positions)
    assert "lens: balanced" in out.stdout


def test_score_json_follows_the_contract() -> None:
    out = gscore("score", "--lens", "kyiv", "--format", "json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["lens"] == "kyiv"
    assert doc["method"] == "wsm"
    for key in ("package", "version", "input_sha256", "method", "lens", "weights", "timestamp"):
        assert key in doc["provenance"], key
    first = doc["results"][0]
    assert {"design", "name", "score", "rank"} <= set(first)
    assert [r["rank"] for r in doc["results"]] == sorted(r["rank"] for r in doc["results"])
    core = scoring.score(scoring.load(), lens="kyiv")
    by_id = {r["design"]: r["score"] for r in doc["results"]}
    for design, value in zip(core.design_ids, core.scores, strict=True):
        assert by_id[design] == pytest.approx(value, abs=1e-12)


def test_criteria_json_carries_the_evidence() -> None:
    out = gscore("criteria", "--format", "json")
    doc = json.loads(out.stdout)
    article = scoring.load()
    assert [c["id"] for c in doc["criteria"]] == list(article.criterion_ids)
    assert all(c["evidence"] and all(e["quote"] for e in c["evidence"]) for c in doc["criteria"])


def test_designs_and_lenses_json() -> None:
    designs = json.loads(gscore("designs", "--format", "json").stdout)["designs"]
    assert len(designs) == 8
    lenses = json.loads(gscore("lenses", "--format", "json").stdout)["lenses"]
    assert {lens["id"] for lens in lenses} == {
        "balanced",
        "kyiv",
        "washington",
        "european_coalition",
        "moscow_acceptance",
    }
    for lens in lenses:
        assert sum(lens["weights"].values()) == pytest.approx(1.0)


@pytest.mark.parametrize("command", ["", "score", "criteria", "designs", "lenses", "validate", "schema"])
def test_every_command_has_help(command: str) -> None:
    out = gscore(*([command] if command else []), "--help")
    assert out.returncode == 0
    assert "Usage:" in out.stdout


def test_bad_input_is_one_line_per_problem_exit_1_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(INJECTED.replace("x: {a: 50", "x: {c: 50").replace("{a: 1, b: 1}", "{a: -1, b: 1}"))
    out = gscore_process("validate", str(bad))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert any(f"{bad}:9: scores.x.c: unknown criterion 'c'" in line for line in lines)
    assert any(f"{bad}:12: lenses[0].weights.a" in line for line in lines)


def test_usage_errors_exit_2() -> None:
    assert gscore_process("score", "--no-such-option").returncode == 2
    assert gscore_process("score", "--format", "xlsx").returncode == 2
    assert gscore_process("nonsense").returncode == 2
    for option, value in (("--method", "electre"), ("--lens", "paris")):
        out = gscore_process("score", option, value)
        assert out.returncode == 2
        assert f"Invalid value for {option}" in out.stderr
        assert "expected one of" in out.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    out = gscore_process("--debug", "score", str(tmp_path / "missing.yaml"))
    assert out.returncode == 1
    assert "Traceback" in out.stderr


def test_exports_round_trip_and_neutralise_formulas(tmp_path: Path) -> None:
    source = tmp_path / "injected.yaml"
    source.write_text(INJECTED)
    for suffix in ("csv", "json", "xlsx", "md"):
        out = gscore("score", str(source), "--out", str(tmp_path / f"scored.{suffix}"))
        assert out.returncode == 0, out.stderr
    core = scoring.score(scoring.load(source))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "scored.csv").read_text())))
    assert [r["design"] for r in rows] == [core.design_ids[i] for i in core.order()]
    assert {r["name"] for r in rows} == {'\'=HYPERLINK("http://example.invalid","click")', "'@SUM(1+1)"}
    assert [float(r["score"]) for r in rows] == [core.scores[i] for i in core.order()]
    doc = json.loads((tmp_path / "scored.json").read_text())
    assert doc["provenance"]["input_sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    book = openpyxl.load_workbook(tmp_path / "scored.xlsx")
    sheet = book["Results"]
    header = [c.value for c in sheet[1]]
    names = [row[header.index("name")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '=HYPERLINK("http://example.invalid","click")' in names  # kept as text ...
    for row in sheet.iter_rows(min_row=2):
        assert row[header.index("name")].data_type == "s"  # ... never a formula
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref
    provenance = {row[0]: row[1] for row in book["Provenance"].iter_rows(min_row=2, values_only=True)}
    assert provenance["method"] == "wsm"
    markdown = (tmp_path / "scored.md").read_text()
    assert "| design |" in markdown
    assert f"- input_sha256: `{hashlib.sha256(source.read_bytes()).hexdigest()}`" in markdown
    sidecar = json.loads((tmp_path / "scored.csv.provenance.json").read_text())
    assert sidecar["table"] == "scored.csv"
    assert sidecar["provenance"]["input_sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()


def test_nothing_is_written_on_error_and_nothing_is_overwritten(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [broken\n")
    target = tmp_path / "out.csv"
    assert gscore("score", str(bad), "--out", str(target)).returncode == 1
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]

    target.write_text("precious")
    refused = gscore("score", "--out", str(target))
    assert refused.returncode == 1
    assert "use --force" in refused.stderr
    assert target.read_text() == "precious"
    assert gscore("score", "--out", str(target), "--force").returncode == 0
    assert target.read_text().startswith('"design","name","score","rank"')
    target.unlink()  # the table is gone but its sidecar is still there: still refused without --force
    refused = gscore("score", "--out", str(target))
    assert refused.returncode == 1
    assert "provenance.json: file exists" in refused.stderr


def test_the_input_is_never_the_output(tmp_path: Path) -> None:
    source = tmp_path / "set.json"
    source.write_text(scoring.spec.dump(scoring.load(), as_json=True))
    before = source.read_bytes()
    out = gscore("score", str(source), "--out", str(source), "--force")
    assert out.returncode == 1
    assert "refusing to overwrite the input" in out.stderr
    assert source.read_bytes() == before


def test_fixed_timestamp_gives_byte_identical_json(tmp_path: Path) -> None:
    first = gscore("score", "-f", "json", "--timestamp", "2026-01-01T00:00:00+00:00").stdout
    second = gscore("score", "-f", "json", "--timestamp", "2026-01-01T00:00:00+00:00").stdout
    assert first == second
    assert '"timestamp": "2026-01-01T00:00:00+00:00"' in first


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_a_full_disk_behind_stdout_is_one_line_not_a_traceback(fmt: str) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(Path(sys.executable).with_name("gscore")), "score", "--format", fmt],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1
    assert done.stderr == "gscore: error: could not write the output: No space left on device\n"


@pytest.mark.parametrize("command", [("score",), ("analyze", "--samples", "100")])
def test_an_export_fed_back_is_named_in_one_line(command: tuple[str, ...], tmp_path: Path) -> None:
    """A scored .xlsx used to be read as a plain table: nine lines about text in a number column."""
    export = tmp_path / "out.xlsx"
    assert gscore(*command, "--out", str(export)).returncode == 0
    for again in (("score", str(export)), ("validate", str(export))):
        done = gscore(*again)
        assert done.returncode == 1
        assert done.stderr.count("\n") == 1
        assert "is a file gscore wrote" in done.stderr


def test_core_argument_names_become_the_commands_flags(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The core says ``sheet: ...`` and ``output X: ...; pass force=True``; the CLI says ``--sheet`` and ``--force``."""
    import openpyxl

    import scoring
    from scoring.errors import InputError, OutputError
    from scoring.io.atomic import check_output

    book = openpyxl.Workbook()
    book.active.append(["design", "price"])
    book.active.append(["a", 1])
    table = tmp_path / "t.xlsx"
    book.save(table)
    done = run_cli("score", str(table), "--sheet", "Nope")
    assert done.exit_code == 1
    assert done.stderr.startswith("gscore: error: --sheet: unknown sheet 'Nope'")
    with pytest.raises(InputError, match=r"^sheet: unknown sheet 'Nope'"):
        scoring.load(table, sheet="Nope")
    with pytest.raises(OutputError, match=r"^output .*t\.xlsx: file exists; pass force=True to replace it$"):
        check_output(table)
    done = run_cli("score", "--out", str(table))
    assert done.stderr == f"gscore: error: --out {table}: file exists; use --force to replace it\n"


@pytest.mark.parametrize(
    "args",
    [
        ("criteria",),
        ("designs",),
        ("lenses",),
        ("compose", "--no-smaa"),
        ("discover", "hybrid_troops_air_pledge", "--samples", "500"),
        ("diff", "scoring/data/article.yaml", "templates/article-workbook.xlsx"),
        ("combine", "scoring/data/article.yaml", "templates/article-workbook.xlsx"),
    ],
)
def test_every_command_prints_the_one_table_style_within_80_columns(run_cli, args) -> None:  # type: ignore[no-untyped-def]
    """One style (a rule under the header, no boxes) at 80 columns; criterion and design ids whole."""
    root = Path(__file__).resolve().parents[1]
    done = run_cli(*args, cwd=root, env={"COLUMNS": "80"})
    assert done.exit_code == 0, done.stderr
    assert max(len(line) for line in done.stdout.splitlines()) <= 80
    assert not set("┏┃│┡╇└┘┌┐") & set(done.stdout), done.stdout[:400]
    if args[0] == "criteria":
        for criterion in scoring.load().criterion_ids:
            assert criterion in done.stdout


def test_a_format_the_core_cannot_tell_names_the_flag(run_cli) -> None:  # type: ignore[no-untyped-def]
    """The core says ``out: ...``; as bad usage the command line says ``--out: ...``."""
    done = run_cli("score", "--out", "x.txt")
    assert done.exit_code == 2
    assert "Error: --out: cannot tell the format from 'x.txt'" in done.stderr
