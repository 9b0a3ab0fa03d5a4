"""No data loss: a write killed half-way leaves the old file intact and nothing else behind."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

PAUSED_WRITER = """
import sys, time
from scoring.io.atomic import atomic_stream
with atomic_stream(sys.argv[1]) as stream:
    stream.write(b"half of the new content")
    stream.flush()
    print("writing", flush=True)
    time.sleep(60)
    stream.write(b" ... the rest")
"""

BUSY_EXPORTER = """
import sys
import numpy as np
import scoring
from scoring.io.export import write_result
rng = np.random.default_rng(0)
result = scoring.evaluate(rng.random((200_000, 12)), np.ones(12))
print("ready", flush=True)
while True:
    write_result(result, sys.argv[1], force=True)
"""


def _start(code: str, target: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", code, str(target)], stdout=subprocess.PIPE, text=True)


def test_kill_9_mid_write_keeps_the_old_file_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "scored.csv"
    target.write_text("old,complete\n")
    child = _start(PAUSED_WRITER, target)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "writing"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    child.stdout.close()
    assert target.read_text() == "old,complete\n"
    assert [p.name for p in tmp_path.iterdir()] == ["scored.csv"]


@pytest.mark.parametrize("delay", [0.2, 0.5, 0.9])
def test_kill_9_during_real_exports_never_leaves_a_partial_file(tmp_path: Path, delay: float) -> None:
    target = tmp_path / "scored.csv"
    target.write_text("old,complete\n")
    child = _start(BUSY_EXPORTER, target)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    child.stdout.close()
    text = target.read_text()
    assert text == "old,complete\n" or (
        text.startswith('"design","name","score","rank"') and text.count("\n") == 200_001
    )
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names in (["scored.csv"], ["scored.csv", "scored.csv.provenance.json"])
    if len(names) == 2:  # the sidecar, when there, is complete too
        assert json.loads((tmp_path / names[1]).read_text())["table"] == "scored.csv"
