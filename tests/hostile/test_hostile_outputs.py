"""Outputs under hostile conditions (issue 16): together or not at all, never clobbered, never odd targets.

- a CSV and its provenance sidecar land together: when the second cannot be placed, the
  first is undone (a new name removed, a replaced file restored);
- "no clobber without --force" is decided when the file takes its name: a file that
  appears meanwhile is kept, and of two runs racing for one new name exactly one wins;
- with --force only regular files (or links, replaced rather than followed) are replaced;
- SIGKILL, SIGTERM and SIGHUP during `template` or `score --out .xlsx` leave nothing behind
  (the content lives in an unnamed file until it is complete).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import scoring
from scoring.errors import OutputError
from scoring.io import atomic
from scoring.io.export import sidecar_for, write_csv_with_provenance

RESULT = scoring.score(scoring.load(), timestamp="2026-01-01T00:00:00+00:00")


def _fail_second(monkeypatch: pytest.MonkeyPatch) -> None:
    real = atomic._place
    calls = {"n": 0}

    def place(pending, force):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device", str(pending.target))
        return real(pending, force)

    monkeypatch.setattr(atomic, "_place", place)


def test_csv_and_sidecar_land_together_new_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "scored.csv"
    _fail_second(monkeypatch)
    with pytest.raises(OutputError, match="no space left"):
        write_csv_with_provenance(target, RESULT.table, RESULT.provenance, force=False)
    assert list(tmp_path.iterdir()) == []


def test_csv_and_sidecar_land_together_replacing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "scored.csv"
    target.write_text("old csv")
    sidecar_for(target).write_text("old sidecar")
    _fail_second(monkeypatch)
    with pytest.raises(OutputError):
        write_csv_with_provenance(target, RESULT.table, RESULT.provenance, force=True)
    assert target.read_text() == "old csv"
    assert sidecar_for(target).read_text() == "old sidecar"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scored.csv", "scored.csv.provenance.json"]
    monkeypatch.undo()
    write_csv_with_provenance(target, RESULT.table, RESULT.provenance, force=True)
    assert json.loads(sidecar_for(target).read_text())["table"] == "scored.csv"


def test_a_file_that_appears_meanwhile_is_never_clobbered(tmp_path: Path) -> None:
    target = tmp_path / "new.json"
    atomic.check_output(target)  # passes: the name is free

    def write_while_another_run_finishes() -> None:
        with atomic.atomic_stream(target) as stream:
            stream.write(b"ours")
            target.write_text("theirs")  # another run finished first

    with pytest.raises(OutputError, match="pass force=True"):
        write_while_another_run_finishes()
    assert target.read_text() == "theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["new.json"]


def test_two_runs_racing_for_one_new_name(tmp_path: Path) -> None:
    for attempt in range(3):
        target = tmp_path / f"race{attempt}.json"
        command = [sys.executable, "-m", "scoring", "score", "--out", str(target), "--format", "json"]
        runs = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        codes = [run.wait(timeout=60) for run in runs]
        errors = [run.stderr.read() if run.stderr else "" for run in runs]
        for run in runs:
            if run.stderr:
                run.stderr.close()
        assert sorted(codes) == [0, 1], (codes, errors)  # never both: the second never replaces the first
        assert "file exists" in errors[codes.index(1)]
        json.loads(target.read_text())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["race0.json", "race1.json", "race2.json"]


def test_force_replaces_a_link_and_never_follows_it(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "out.json"
    link.symlink_to(victim)
    with pytest.raises(OutputError, match="pass force=True"):
        atomic.write_text(link, "{}")
    atomic.write_text(link, "{}", force=True)
    assert not link.is_symlink()
    assert link.read_text() == "{}"
    assert victim.read_text() == "keep me"
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "elsewhere.json")
    with pytest.raises(OutputError, match="points nowhere"):
        atomic.check_output(dangling)
    atomic.write_text(dangling, "{}", force=True)
    assert not (tmp_path / "elsewhere.json").exists()


@pytest.mark.parametrize("kind", ["fifo", "char device", "link to a device"])
def test_force_never_replaces_special_files(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "t.csv"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "char device":
        target = Path("/dev/null")
    else:
        target.symlink_to("/dev/null")
    with pytest.raises(OutputError, match="regular files or new names"):
        atomic.check_output(target, force=True)
    with pytest.raises(OutputError, match="regular files or new names"):
        atomic.write_text(target, "x", force=True)
    assert Path("/dev/null").is_char_device()


def test_an_unfinished_output_has_no_name(tmp_path: Path) -> None:
    """While a writer is mid-way, the folder shows nothing new (O_TMPFILE)."""
    code = (
        "import sys, time\nfrom scoring.io.atomic import atomic_stream\n"
        "with atomic_stream(sys.argv[1]) as s:\n"
        "    s.write(b'x' * 1000); s.flush(); print('ready', flush=True); time.sleep(30)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "out.bin")], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    assert list(tmp_path.iterdir()) == []
    child.kill()
    child.wait(timeout=10)
    child.stdout.close()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("number", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP])
@pytest.mark.parametrize("what", ["template", "scored workbook"])
def test_signals_during_xlsx_writes_leave_nothing(tmp_path: Path, number: int, what: str) -> None:
    source = tmp_path / "in" / "book.xlsx"
    source.parent.mkdir()
    if what == "scored workbook":
        subprocess.run(
            [sys.executable, "-m", "scoring", "template", "--out", str(source)], check=True, capture_output=True
        )
    out = tmp_path / "out"
    out.mkdir()
    args = (
        ["template", "--out", str(out / "new.xlsx")]
        if what == "template"
        else ["score", str(source), "--out", str(out / "new.xlsx")]
    )
    for delay in (0.2, 0.6):
        child = subprocess.Popen([sys.executable, "-m", "scoring", *args], stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        child.send_signal(number)
        child.wait(timeout=30)
        message = child.stderr.read() if child.stderr else ""
        if child.stderr:
            child.stderr.close()
        names = [p.name for p in out.iterdir()]
        assert names in ([], ["new.xlsx"]), names  # nothing, or the complete file (the signal came after)
        if number != signal.SIGKILL and child.returncode not in (0, -number):  # -number: still starting up
            assert child.returncode == 128 + number, (child.returncode, message)
            assert message.strip().splitlines() == [
                f"gscore: interrupted ({signal.Signals(number).name}); nothing was written"
            ]
        if names:
            scoring.load(out / "new.xlsx")  # complete and readable
            (out / "new.xlsx").unlink()
