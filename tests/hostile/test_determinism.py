"""Determinism: the same inputs and seed give byte-identical JSON across processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

STAMP = "2026-01-01T00:00:00+00:00"


def _run(args: list[str], hash_seed: str, cwd: Path) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, "-m", "scoring", *args], capture_output=True, env=env, cwd=cwd, timeout=300, check=True
    )
    return done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["score", "--format", "json", "--timestamp", STAMP],
        ["score", "--method", "promethee", "--lens", "kyiv", "--format", "json", "--timestamp", STAMP],
        ["analyze", "--samples", "3000", "--seed", "7", "--format", "json", "--timestamp", STAMP],
        [
            "analyze",
            "--samples",
            "3000",
            "--seed",
            "7",
            "--weight-draws",
            "uniform",
            "--method",
            "topsis",
            "--format",
            "json",
            "--timestamp",
            STAMP,
        ],
    ],
    ids=["score", "score-promethee-kyiv", "analyze", "analyze-uniform-topsis"],
)
def test_json_is_byte_identical_across_processes(args: list[str], tmp_path: Path) -> None:
    first = _run(args, "1", tmp_path)
    second = _run(args, "4242", tmp_path)
    assert first
    assert first == second


def test_exported_files_are_byte_identical(tmp_path: Path) -> None:
    outputs = []
    for k, seed in enumerate(("1", "99")):
        out = tmp_path / f"a{k}.json"
        _run(["analyze", "--samples", "2000", "--seed", "3", "--timestamp", STAMP, "--out", str(out)], seed, tmp_path)
        report = tmp_path / f"r{k}.html"
        _run(["report", "--samples", "2000", "--seed", "3", "--timestamp", STAMP, "--out", str(report)], seed, tmp_path)
        outputs.append((out.read_bytes(), report.read_bytes()))
    assert outputs[0] == outputs[1]


def test_a_different_seed_changes_the_answer(tmp_path: Path) -> None:
    base = ["analyze", "--samples", "2000", "--format", "json", "--timestamp", STAMP]
    assert _run([*base, "--seed", "1"], "1", tmp_path) != _run([*base, "--seed", "2"], "1", tmp_path)
