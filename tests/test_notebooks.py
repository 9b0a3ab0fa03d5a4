"""Notebooks: every one runs top to bottom on a real kernel, and the committed .ipynb match their .py sources.

The reviewed source of each notebook is its jupytext ``py:percent`` file
(``notebooks/NN_name.py``); the ``.ipynb`` beside it is generated from it without outputs
(``jupytext --to ipynb notebooks/NN_name.py``). Execution uses the kernel spec named
``python3``; jupyter_client replaces a spec's bare ``python`` by the interpreter running
the tests, and :func:`test_kernel_runs_this_interpreter` checks that the kernel really is
this venv's Python (CI runs ``python -m ipykernel install --user --name python3`` first).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
jupytext = pytest.importorskip("jupytext")

FOLDER = Path(__file__).resolve().parent.parent / "notebooks"
SOURCES = sorted(FOLDER.glob("[0-9][0-9]_*.py"))
KERNEL = "python3"
BUDGET_SECONDS = 60.0

# Files each notebook must leave behind in its working folder (output_dir = "notebook-output").
EXPECTED_FILES = {
    "01_score_the_article_designs": [
        "notebook-output/scores-balanced-wsm.csv",
        "notebook-output/scores-balanced-wsm.xlsx",
        "notebook-output/scores-balanced-wsm.json",
    ],
    "04_workbook_round_trip": [
        "notebook-output/analyst-template.xlsx",
        "notebook-output/analyst-edited.xlsx",
        "notebook-output/edited-scores.csv",
        "notebook-output/edited-scores.xlsx",
        "notebook-output/edited-scores.json",
    ],
    "05_versions_and_combining": ["notebook-output/combined.yaml"],
}
CHARTS = {
    "01_score_the_article_designs": 4,
    "02_weights_and_lenses": 1,
    "03_uncertainty_and_sensitivity": 3,
    "05_versions_and_combining": 1,
    "06_composition_and_discovery": 4,
}


def _kernel_available() -> None:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        pytest.fail(
            f"no Jupyter kernel named {KERNEL!r}: run `{sys.executable} -m ipykernel install --user --name {KERNEL}`"
        )


def _execute(nb: object, folder: Path) -> None:
    """Run ``nb`` with its working folder ``folder``; exports go to ``folder/notebook-output``.

    As papermill does, a cell after the ``parameters`` cell sets ``output_dir`` (the notebooks'
    own default is a folder in the temp directory, never the checkout).
    """
    _kernel_available()
    cells = nb.cells  # type: ignore[attr-defined]
    for k, cell in enumerate(cells):
        if "parameters" in cell.get("metadata", {}).get("tags", []) and "output_dir" in cell.source:
            cells.insert(k + 1, nbformat.v4.new_code_cell('output_dir = "notebook-output"  # injected by the test'))
            break
    client = nbclient.NotebookClient(nb, kernel_name=KERNEL, timeout=300, resources={"metadata": {"path": str(folder)}})
    client.execute()  # raises CellExecutionError on the first failing cell


def _cells(nb: object) -> list[tuple[str, str, list[str]]]:
    return [(c.cell_type, c.source.strip(), sorted(c.get("metadata", {}).get("tags", []))) for c in nb.cells]  # type: ignore[attr-defined]


def test_there_are_six_notebooks() -> None:
    assert [p.stem for p in SOURCES] == [
        "01_score_the_article_designs",
        "02_weights_and_lenses",
        "03_uncertainty_and_sensitivity",
        "04_workbook_round_trip",
        "05_versions_and_combining",
        "06_composition_and_discovery",
    ]


@pytest.mark.parametrize("source", SOURCES, ids=[p.stem for p in SOURCES])
def test_ipynb_is_in_sync_with_its_source_and_has_no_outputs(source: Path) -> None:
    committed = source.with_suffix(".ipynb")
    assert committed.exists(), f"missing {committed.name}: run `jupytext --to ipynb {source.name}`"
    stored = nbformat.read(committed, as_version=4)
    regenerated = jupytext.read(source)
    assert _cells(stored) == _cells(regenerated), f"{committed.name} is stale: run `jupytext --to ipynb {source.name}`"
    for cell in stored.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{committed.name} carries outputs"
            assert cell.execution_count is None
    assert stored.metadata["kernelspec"]["name"] == KERNEL


@pytest.mark.parametrize("source", SOURCES, ids=[p.stem for p in SOURCES])
def test_parameters_cell(source: Path) -> None:
    nb = jupytext.read(source)
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters' (papermill)"
    assert "source = None" in tagged[0].source
    namespace: dict[str, object] = {}
    exec(compile(tagged[0].source, f"{source.name}:parameters", "exec"), namespace)  # plain assignments only
    assert namespace["source"] is None


@pytest.mark.parametrize("source", SOURCES, ids=[p.stem for p in SOURCES])
def test_notebook_runs_top_to_bottom(source: Path, tmp_path: Path) -> None:
    nb = nbformat.read(source.with_suffix(".ipynb"), as_version=4)
    started = time.perf_counter()
    _execute(nb, tmp_path)
    elapsed = time.perf_counter() - started
    assert elapsed < BUDGET_SECONDS, f"{source.stem} took {elapsed:.1f}s"
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= CHARTS.get(source.stem, 0), f"expected charts in {source.stem}"
    for name in EXPECTED_FILES.get(source.stem, []):
        path = tmp_path / name
        assert path.exists(), f"{source.stem} did not write {name}"
        assert path.stat().st_size > 0
        if path.suffix == ".json":
            document = json.loads(path.read_text(encoding="utf-8"))
            assert document["provenance"]["package"] == "guarantee-scoring"
            assert len(document["results"]) >= 8


def test_workbook_round_trip_changes_what_was_edited(tmp_path: Path) -> None:
    import scoring

    nb = nbformat.read(FOLDER / "04_workbook_round_trip.ipynb", as_version=4)
    _execute(nb, tmp_path)
    edited = scoring.load(tmp_path / "notebook-output" / "analyst-edited.xlsx")
    judgment = edited.score_of("air_support_only", "deterrence_credibility")
    assert (judgment.base, judgment.low, judgment.high) == (70.0, 55.0, 80.0)
    assert edited.default_lens == "swing"
    exported = json.loads((tmp_path / "notebook-output" / "edited-scores.json").read_text(encoding="utf-8"))
    assert exported["lens"] == "swing"
    assert exported["results"][0]["score"] == pytest.approx(scoring.score(edited).scores.max())


def test_kernel_runs_this_interpreter(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import sys, scoring\nprint(sys.executable)")]
    _execute(nb, tmp_path)
    printed = "".join(o.text for o in nb.cells[0].outputs if o.output_type == "stream").strip()
    assert Path(printed).resolve() == Path(sys.executable).resolve()
