"""Hostile inputs, round two (issue 16): every generated case measured in a child process.

Refused cases exit 1 with one ``gscore: error:`` line (usage errors: exit 2, one ``Error:``
line); accepted cases exit 0 within the size policy's bounds and write what they should;
interrupted cases (a signal mid-run) exit 128 + signal with one line. Every case takes
under 5 s and 300 MB, writes nothing unless it succeeds, and leaves its inputs unchanged.
The cases are in ``round2_cases.py``; ``table.py`` prints them with their measurements.
"""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest
from round2_cases import CASES2, Case, run_case

MAX_SECONDS = 5.0
MAX_PEAK_MB = 300.0


def _digests(folder: Path) -> dict[str, str]:
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        if stat.S_ISREG(info.st_mode):
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[str(path)] = f"mode {stat.S_IFMT(info.st_mode)}"
    return found


@pytest.mark.parametrize("case", CASES2, ids=[f"{c.klass}: {c.name}" for c in CASES2])
def test_hostile_case(case: Case, tmp_path: Path) -> None:
    inputs, outputs = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    outputs.mkdir()
    args = case.make(inputs, outputs)
    before = _digests(inputs)
    run = run_case(case, inputs, outputs, args)
    lines = run.stderr.strip().splitlines()
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    if case.expect == "refused":  # one line; or one line per problem when a file has several (at most 12)
        assert run.rc == 1, (run.rc, run.stderr[-2000:])
        assert lines, "no message"
        assert all(line.startswith("gscore: error:") for line in lines), lines
        assert len(lines) == 1 or (lines[0].endswith("problems found") and len(lines) <= 12), lines
    elif case.expect == "usage":
        assert run.rc == 2, (run.rc, run.stderr[-2000:])
        assert sum(line.startswith("Error:") for line in lines) == 1, lines
    elif case.expect == "interrupted":
        assert not run.finished_before_signal, f"ended before {case.signal_after} s of CPU: give the case more work"
        assert run.rc == 128 + case.signal, (run.rc, run.stderr[-2000:])
        assert lines == [f"gscore: interrupted ({case.signal.name}); nothing was written"], lines
    else:
        assert run.rc == 0, (run.rc, run.stderr[-2000:])
    for word in case.words:
        assert word.lower() in run.stderr.lower(), (word, lines)
    assert run.seconds < max(MAX_SECONDS, case.max_seconds), f"{run.seconds:.1f} s"
    assert run.peak_mb < MAX_PEAK_MB, f"{run.peak_mb:.0f} MB"
    written = sorted(p.name for p in outputs.iterdir() if not p.name.startswith("target-"))
    if case.expect == "accepted":
        assert written == sorted(case.outputs), written
    else:
        assert written == [], f"something was written: {written}"
    assert not list(outputs.rglob(".*")), "a temporary file was left behind"
    assert _digests(inputs) == before
    if case.check is not None:
        case.check(outputs, run.stdout)
