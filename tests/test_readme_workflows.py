"""The README's analyst-workflow examples run exactly as written (each block, in order, in one folder)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Analyst workflows")
    return text[start : text.index("\n## ", start + 1)]


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", _section(), flags=re.DOTALL)


def test_the_section_has_its_examples() -> None:
    assert len(_blocks("bash")) == 4
    assert len(_blocks("python")) == 1


def test_the_console_examples_run_as_written(tmp_path: Path) -> None:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    environment = {**os.environ, "PATH": path, "NO_COLOR": "1", "COLUMNS": "160"}
    outputs = []
    for block in _blocks("bash"):
        done = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", block],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, f"{block}\n---\n{done.stdout}\n{done.stderr}"
        outputs.append(" ".join(done.stdout.split()))
    assert "coalition_pledge" in outputs[0]
    assert "Air support fell from 2nd to 3rd: days to deploy raised from 5 to 30 (-8.3 points)" in outputs[2]
    assert "3 analysts (designs, designs-v2, colleague) differ on 3 of 9 judgments" in outputs[3]
    for name in ("book.xlsx", "edited.yaml", "designs.yaml", "changes.md", "combined.yaml"):
        assert (tmp_path / name).exists(), name


def test_the_python_example_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (code,) = _blocks("python")
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)  # the example exactly as written
    assert (tmp_path / "table.yaml").exists()
    assert namespace["combined"].analysts.names == ("alice", "bob")  # type: ignore[attr-defined]
