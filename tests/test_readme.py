"""Every example in README.md runs as shown.

- ```yaml blocks that are scenario files (they have ``criteria:``) validate and score; a block
  whose first line is a comment naming a file (``# my-set.yaml``) is saved under that name
  (default ``my-set.yaml``) so that later commands can use it;
- every ``$ gscore ...`` line of a ```console block, and every ``gscore`` command of a ```bash
  block (but those of the "Analyst workflows" section, which tests/test_readme_workflows.py runs
  whole, files and all), runs (in a scratch folder holding those files) and exits 0; a console block without
  ``...`` must print exactly what it shows (blocks written by ``docs/tables.py`` are checked
  against the code by tests/test_docs_tables.py);
- ```python blocks run, in order, in the same scratch folder.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from cli_runner import gscore

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)
WORKFLOWS = "## Analyst workflows"


def _blocks(language: str) -> list[str]:
    text = README.read_text(encoding="utf-8")
    if (
        language == "bash"
    ):  # the analyst-workflow blocks make their own files: tests/test_readme_workflows.py runs each whole
        start = text.index(WORKFLOWS)
        text = text[:start] + text[text.index("\n## ", start + 1) :]
    return [body for lang, body in BLOCK.findall(text) if lang == language]


def _scenario_files() -> dict[str, str]:
    files = {}
    for body in _blocks("yaml"):
        if "\ncriteria:" in "\n" + body:
            first = body.splitlines()[0]
            named = re.fullmatch(r"#\s*([\w.-]+\.ya?ml)\s*", first)
            files[named.group(1) if named else "my-set.yaml"] = body
    return files


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name, text in _scenario_files().items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _commands() -> list[tuple[str, str | None]]:
    """(command line, the output shown after it or None when abbreviated or generated)."""
    found: list[tuple[str, str | None]] = []
    for body in _blocks("console"):
        chunks = re.split(r"^\$ ", body, flags=re.MULTILINE)[1:]
        for chunk in chunks:
            command, _, shown = chunk.partition("\n")
            exact = None if "..." in shown or "GENERATED" in body else shown
            found.append((command.split("  #")[0].strip(), exact))
    for body in _blocks("bash"):
        for line in body.splitlines():
            for part in line.split("#")[0].split("&&"):
                if part.strip().startswith("gscore "):
                    found.append((part.strip(), None))
    return found


def test_the_readme_has_examples() -> None:
    assert _scenario_files()
    assert len(_commands()) >= 4
    assert _blocks("python")


@pytest.mark.parametrize("name", sorted(_scenario_files()))
def test_scenario_examples_validate_and_score(name: str, folder: Path) -> None:
    assert gscore("validate", name, cwd=folder).returncode == 0, gscore("validate", name, cwd=folder).stderr
    assert gscore("score", name, cwd=folder).returncode == 0


@pytest.mark.parametrize(("command", "shown"), _commands(), ids=[c for c, _ in _commands()])
def test_commands_run_as_shown(command: str, shown: str | None, folder: Path) -> None:
    args = shlex.split(command)[1:]
    done = gscore(*args, cwd=folder)
    assert done.returncode == 0, done.stderr
    if shown is not None:
        printed = [line.rstrip() for line in done.stdout.rstrip().splitlines()]
        assert printed == [line.rstrip() for line in shown.rstrip().splitlines()]


def test_python_examples_run(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)
    namespace: dict[str, object] = {}
    for k, body in enumerate(_blocks("python")):
        exec(compile(body, f"README.md python block {k + 1}", "exec"), namespace)  # the README's own code
