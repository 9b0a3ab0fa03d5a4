"""gscore weights as a subprocess: swing points, rankings, AHP matrices and objective weights."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from cli_runner import gscore

import scoring
from scoring.io.judgments import load_judgments
from scoring.weights import ahp, critic_weights, rank_order_centroid


def _abc(folder: Path) -> tuple[str, str]:
    """``--source`` for judgments about criteria a, b and c (a file naming other criteria is refused)."""
    path = folder / "abc.yaml"
    criteria = "".join(f"  - {{id: {c}, name: {c.upper()}, direction: benefit}}\n" for c in "abc")
    path.write_text(
        f"title: ABC\ncriteria:\n{criteria}designs:\n  - {{id: x, name: X}}\n"
        "scores:\n  x: {a: 1, b: 2, c: 3}\nlenses:\n  - {id: l, weights: {a: 1, b: 1, c: 1}}\n"
    )
    return "--source", str(path)


def test_swing_points_from_yaml(tmp_path: Path) -> None:
    path = tmp_path / "swing.yaml"
    path.write_text("kind: swing\nvalues: {a: 100, b: 50, c: 50}\n")
    doc = json.loads(gscore("weights", str(path), *_abc(tmp_path), "-f", "json").stdout)
    assert doc["weights"] == pytest.approx({"a": 0.5, "b": 0.25, "c": 0.25})


def test_ranking_from_csv_gives_rank_order_centroid(tmp_path: Path) -> None:
    path = tmp_path / "ranks.csv"
    path.write_text("criterion,rank\na,2\nb,1\nc,3\n")
    doc = json.loads(gscore("weights", str(path), *_abc(tmp_path), "--kind", "roc", "-f", "json").stdout)
    assert list(doc["weights"].values()) == pytest.approx(rank_order_centroid([2, 1, 3]).tolist())


def test_ahp_matrix_reports_consistency(tmp_path: Path) -> None:
    path = tmp_path / "pairwise.csv"
    path.write_text(",a,b,c\na,1,3,5\nb,1/3,1,2\nc,1/5,1/2,1\n")
    doc = json.loads(gscore("weights", str(path), *_abc(tmp_path), "-f", "json").stdout)
    expected = ahp([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    assert list(doc["weights"].values()) == pytest.approx(expected.weights.tolist(), abs=1e-12)
    assert doc["cr"] == pytest.approx(expected.cr)
    assert doc["consistent"] is True
    table = gscore("weights", str(path), *_abc(tmp_path)).stdout
    assert "CR" in table
    assert "consistent" in table


def test_inconsistent_ahp_is_flagged(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("kind: ahp\ncriteria: [a, b, c]\npairwise: [[1, 9, 1/9], [1/9, 1, 9], [9, 1/9, 1]]\n")
    doc = json.loads(gscore("weights", str(path), *_abc(tmp_path), "-f", "json").stdout)
    assert doc["consistent"] is False
    assert doc["warnings"]


def test_objective_weights_from_the_article_scores() -> None:
    doc = json.loads(gscore("weights", "--kind", "critic", "-f", "json").stdout)
    article = scoring.load()
    np.testing.assert_allclose(list(doc["weights"].values()), critic_weights(article.values()), atol=1e-12)


def test_lens_block_pastes_into_a_scenario_file(tmp_path: Path) -> None:
    path = tmp_path / "swing.yaml"
    ids = scoring.load().criterion_ids
    path.write_text("kind: swing\nvalues: {" + ", ".join(f"{c}: {100 - 5 * i}" for i, c in enumerate(ids)) + "}\n")
    block = gscore("weights", str(path), "--lens-id", "mine").stdout
    import yaml

    lens = yaml.safe_load(block)["lenses"][0]
    article = scoring.load().with_weights(lens["id"], lens["weights"])
    assert scoring.score(article, lens="mine").lens == "mine"


def test_bad_judgments_name_the_cell(tmp_path: Path) -> None:
    path = tmp_path / "pairwise.csv"
    path.write_text(",a,b\na,1,x\nb,1/3,1\n")
    out = gscore("weights", str(path), *_abc(tmp_path))
    assert out.returncode == 1
    assert "pairwise.csv:2: column 3" in out.stderr
    with pytest.raises(scoring.InputError, match="expected one of swing"):
        load_judgments(_write(tmp_path / "k.yaml", "kind: magic\nvalues: {a: 1}\n"))
    assert gscore("weights").returncode == 2


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


BAD_JUDGMENTS = {
    "one-column.csv": ("a\nb\n", "one-column.csv:1: expected two columns"),
    "ragged.csv": (",a,b\na,1,2,3\nb,1/2,1\n", "ragged.csv:2: expected 3 cells"),
    "rows-out-of-order.csv": (",a,b\nb,1,2\na,1/2,1\n", "rows-out-of-order.csv:2: row label 'b' should be 'a'"),
    "not-reciprocal.csv": (",a,b,c\na,1,3,5\nb,1/2,1,2\nc,1/5,1/2,1\n", "not-reciprocal.csv:3: pairwise[2, 1]"),
    "non-list-row.yaml": (
        "kind: ahp\ncriteria: [a, b]\npairwise:\n  - [1, 2]\n  - 7\n",
        "non-list-row.yaml:5: pairwise row 2",
    ),
    "swing-without-100.yaml": ("kind: swing\nvalues: {a: 90, b: 50}\n", "swing-without-100.yaml: points:"),
    "negative-rank.yaml": ("kind: roc\nvalues:\n  a: 1\n  b: -3\n", "negative-rank.yaml:4: ranks: value 2 is -3"),
    "deep.json": ("[" * 100_000 + "]" * 100_000, "deep.json: the JSON nesting is too deep"),
    "alias-bomb.yaml": ("a: &a [1, 2]\nb: [*a, *a]\n", "alias-bomb.yaml:1: YAML anchors and aliases are not allowed"),
    "empty.yaml": ("", "empty.yaml: the file is empty"),
    "huge.yaml": ("# " + "x" * 2_000_000 + "\n", "huge.yaml: file is"),
}


@pytest.mark.parametrize("name", sorted(BAD_JUDGMENTS))
def test_bad_judgment_files_get_one_located_line(name: str, tmp_path: Path) -> None:
    text, expected = BAD_JUDGMENTS[name]
    path = tmp_path / name
    path.write_text(text)
    out = gscore("weights", str(path), *_abc(tmp_path))
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"gscore: error: {tmp_path / expected}"), lines[0]


def test_a_typo_or_a_missing_criterion_is_refused_at_its_line(tmp_path: Path) -> None:
    """A typo'd id used to be accepted as a new criterion; the file must name the source's criteria."""
    typo = _write(tmp_path / "typo.yaml", "kind: swing\nvalues:\n  a: 100\n  bb: 50\n  c: 50\n")
    out = gscore("weights", str(typo), *_abc(tmp_path))
    assert out.returncode == 1
    assert out.stderr.startswith(f"gscore: error: {typo}:4: unknown criterion 'bb' (did you mean 'b'?)")
    short = _write(tmp_path / "short.yaml", "kind: swing\nvalues: {a: 100, b: 50}\n")
    out = gscore("weights", str(short), *_abc(tmp_path))
    assert out.returncode == 1
    assert "no value for criterion 'c'; write 0 to give a criterion no weight" in out.stderr


@pytest.mark.parametrize("sample", ["swing.yaml", "ranks.csv", "pairwise.csv"])
def test_the_shipped_sample_files_work_on_the_article_set(sample: str) -> None:
    folder = Path(__file__).resolve().parent.parent / "templates" / "weights"
    kind = {"ranks.csv": ("--kind", "roc"), "pairwise.csv": ("--kind", "ahp")}.get(sample, ())
    doc = json.loads(gscore("weights", str(folder / sample), *kind, "-f", "json").stdout)
    assert set(doc["weights"]) == set(scoring.load().criterion_ids)
    assert sum(doc["weights"].values()) == pytest.approx(1.0)


def test_the_documented_weight_files_work(tmp_path: Path) -> None:
    """docs/format.md documents the weight-file formats (they were documented nowhere); its YAML
    examples run against its complete small example, and the JSON carries no float noise."""
    import re

    text = (Path(__file__).resolve().parent.parent / "docs" / "format.md").read_text(encoding="utf-8")
    assert "## Weight files" in text
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)
    source = tmp_path / "set.yaml"
    source.write_text(next(b for b in blocks if b.startswith("format:")), encoding="utf-8")
    files = [b for b in blocks if b.startswith("kind:")]
    assert {b.split()[1] for b in files} == {"swing", "ahp"}
    for k, block in enumerate(files):
        path = tmp_path / f"w{k}.yaml"
        path.write_text(block, encoding="utf-8")
        done = gscore("weights", str(path), "--source", str(source), "--format", "json")
        assert done.returncode == 0, done.stderr
        assert sum(json.loads(done.stdout)["weights"].values()) == pytest.approx(1.0)
    ranks = tmp_path / "ranks.csv"
    ranks.write_text("criterion,value\ncredibility,1\nescalation,2\nextra,3\n", encoding="utf-8")
    rank_sum = gscore("weights", str(ranks), "--kind", "rank_sum", "--format", "json", "--source", str(source))
    assert rank_sum.returncode == 1  # 'extra' is not a criterion of the source
    ranks.write_text("criterion,value\ncredibility,1\nescalation,2\n", encoding="utf-8")
    rank_sum = gscore("weights", str(ranks), "--kind", "rank_sum", "--format", "json", "--source", str(source))
    assert json.loads(rank_sum.stdout)["weights"] == {"credibility": 0.666666666667, "escalation": 0.333333333333}
