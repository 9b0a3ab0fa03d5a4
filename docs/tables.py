"""Regenerate the tables and figures that README.md and docs/article-set.md quote from the code.

Every number about the built-in article set in those two files sits between a pair of markers::

    <!-- BEGIN GENERATED: NAME (python docs/tables.py) -->
    ...
    <!-- END GENERATED: NAME -->

and is written by this script from the same functions the kit uses (``scoring.score``, the
``gscore`` commands), never typed. Run it after changing the set, a lens or the scoring::

    python docs/tables.py            # rewrite the blocks in place
    python docs/tables.py --check    # exit 1, naming the stale blocks, if any is out of date

``tests/test_docs_tables.py`` runs the check, and parses the ranking tables independently.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import scoring
from scoring.model import GROUNDING_LEVELS, ScenarioSet

ROOT = Path(__file__).resolve().parent.parent
FILES = (ROOT / "README.md", ROOT / "docs" / "article-set.md", ROOT / "workbook" / "README.md")
BLOCK = re.compile(
    r"(<!-- BEGIN GENERATED: (?P<name>[\w-]+) \(python docs/tables\.py\) -->\n)"
    r"(?P<body>.*?)(<!-- END GENERATED: (?P=name) -->)",
    re.DOTALL,
)


def _cli(*args: str) -> str:
    """What ``gscore ARGS`` prints (no terminal: 80 columns, no colour)."""
    from click.testing import CliRunner

    from scoring.cli import cli

    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return "\n".join(line.rstrip() for line in result.output.splitlines())


def _ranked(scenario: ScenarioSet, lens: str) -> list[tuple[str, float]]:
    result = scoring.score(scenario, lens)
    return [(result.design_ids[i], float(result.scores[i])) for i in result.order()]


def ranking_table(scenario: ScenarioSet) -> str:
    """Rank, then one column per lens: ``design total`` (additive model, base scores)."""
    columns = {lens: _ranked(scenario, lens) for lens in scenario.lens_ids}
    lines = ["| Rank | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for k in range(len(scenario.designs)):
        cells = [f"{ranked[k][0]} {ranked[k][1]:.2f}" for ranked in columns.values()]
        lines.append(f"| {k + 1} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def weights_table(scenario: ScenarioSet) -> str:
    """Points per criterion and lens, with the branch totals."""
    lenses = scenario.lenses
    lines = ["| Criterion | " + " | ".join(lens.id for lens in lenses) + " |", "|---" * (len(lenses) + 1) + "|"]
    for criterion in scenario.criteria:
        cells = [f"{lens.weight_map().get(criterion.id, 0):g}" for lens in lenses]
        lines.append(f"| {criterion.id} | " + " | ".join(cells) + " |")
    names = " / ".join(b.id.capitalize() for b in scenario.branches)
    totals = []
    for lens in lenses:
        points = lens.weight_map()
        per_branch = [
            sum(points.get(c.id, 0) for c in scenario.criteria if c.branch == b.id) for b in scenario.branches
        ]
        totals.append(" / ".join(f"{p:g}" for p in per_branch))
    lines.append(f"| *Branch totals ({names})* | " + " | ".join(totals) + " |")
    return "\n".join(lines)


def grounding_table(scenario: ScenarioSet) -> str:
    """Judgments per design by grounding level, with the totals."""
    levels = GROUNDING_LEVELS
    lines = ["| Design | " + " | ".join(levels) + " |", "|---" + "|---:" * len(levels) + "|"]
    for design, row in zip(scenario.designs, scenario.scores, strict=True):
        counts = [sum(s.grounding == level for s in row) for level in levels]
        lines.append(f"| `{design.id}` | " + " | ".join(str(n) for n in counts) + " |")
    totals = scenario.grounding_counts()
    lines.append("| **All** | " + " | ".join(f"**{totals[level]}**" for level in levels) + " |")
    return "\n".join(lines)


def grounding_summary(scenario: ScenarioSet) -> str:
    counts = scenario.grounding_counts()
    total = sum(counts.values())
    return (
        f"Of the {total} judgments, {counts['quoted']} are quoted, {counts['inferred']} inferred and "
        f"{counts['assumption']} assumptions."
    )


def assumptions_table(scenario: ScenarioSet) -> str:
    """Every judgment graded ``assumption``, with its base, range and the assumption it makes."""
    rows = [(d, c, s) for d, c, s in scenario.judgments() if s.grounding == "assumption"]
    lines = [
        f"The following {len(rows)} of the {len(scenario.designs) * len(scenario.criteria)} judgments are "
        "assumptions (the article is silent): each has low confidence and a range at least 30 points wide.",
        "",
        "| Design | Criterion | Base (range) | Assumption |",
        "|---|---|---|---|",
    ]
    for design, criterion, score in rows:
        text = score.rationale.removeprefix("Assumption (article silent):").strip()
        text = text[:1].upper() + text[1:]
        lines.append(f"| `{design.id}` | `{criterion.id}` | {score.base:g} ({score.low:g}-{score.high:g}) | {text} |")
    return "\n".join(lines)


def score_console(scenario: ScenarioSet) -> str:
    return "```console\n$ gscore score\n" + _cli("score") + "\n```"


def top_gap(scenario: ScenarioSet) -> str:
    (first, a), (second, b) = _ranked(scenario, scenario.default_lens)[:2]
    return (
        f"Under the {scenario.default_lens} lens `{first}` and `{second}` are {a - b:.2f} points apart: "
        "`gscore analyze` shows how fragile that is."
    )


def kyiv_json(scenario: ScenarioSet) -> str:
    result = scoring.score(scenario, "kyiv")
    best = int(result.order()[0])
    design, name, total = result.design_ids[best], result.design_names[best], float(result.scores[best])
    return (
        "```console\n$ gscore score --lens kyiv --format json\n"
        '{"provenance": {"package": "guarantee-scoring", "version": "0.1.0", "input_sha256": "...", "method": "wsm",\n'
        '  "lens": "kyiv", "weights": {...}, "timestamp": "..."}, "lens": "kyiv", "method": "wsm",\n'
        f' "results": [{{"design": "{design}", "name": "{name}", "score": {total:.2f}, "rank": 1, ...}}, ...]}}\n'
        "```"
    )


def analyze_excerpt(scenario: ScenarioSet) -> str:
    """The verdict and the rank-acceptability table of ``gscore analyze`` (the rest elided)."""
    lines = _cli("analyze").splitlines()
    end = next(k for k, line in enumerate(lines) if line.startswith("Weights at which"))
    return (
        "```console\n$ gscore analyze          # 10,000 draws around the balanced lens, seed 1\n"
        + "\n".join([*lines[:end], "... (crossover weights, tornado, lens comparison)"])
        + "\n```"
    )


def composition_rules(scenario: ScenarioSet) -> str:
    """How each criterion combines the components (the set's composition rules)."""
    assert scenario.composition is not None
    lines = ["| Criterion | Rule | Overlap | Why |", "|---|---|---:|---|"]
    for criterion, rule in zip(scenario.criteria, scenario.composition.rules, strict=True):
        overlap = "" if rule.mode == "weakest" else f"{rule.overlap:g}"
        lines.append(f"| `{criterion.id}` | {rule.mode} | {overlap} | {rule.rationale} |")
    return "\n".join(lines)


def composition_reproduction(scenario: ScenarioSet) -> str:
    """Each design composed from its components against its hand judgments (bases, ranges)."""
    from scoring.composition import arrays, compose, masks_of, to_levels

    assert scenario.composition is not None
    spec = arrays(scenario.composition, scenario.criteria)
    masks = masks_of([d.components for d in scenario.designs], spec.component_ids)
    levels = to_levels(compose(spec, masks), spec.directions)
    low, high = scenario.matrix("low"), scenario.matrix("high")
    base = scenario.matrix("base")
    lines = [
        "| Design | Components | Largest base difference | Composed bases within the hand ranges | Composed ranges |",
        "|---|---|---:|---|---|",
    ]
    for i, design in enumerate(scenario.designs):
        gap = abs(levels[1, i] - base[i])
        j = int(gap.argmax())
        inside = int(((levels[1, i] >= low[i] - 1e-9) & (levels[1, i] <= high[i] + 1e-9)).sum())
        parts = ", ".join(design.components) or "(none)"
        widest = abs(levels[2, i] - levels[0, i]) - (high[i] - low[i])
        ranges = "the hand ranges" if abs(widest).max() < 1e-9 else f"wider by up to {widest.max():.1f} points"
        where = f"{gap[j]:.2f} ({scenario.criteria[j].id})" if gap[j] > 1e-9 else "0"
        lines.append(f"| `{design.id}` | {parts} | {where} | {inside} of {len(scenario.criteria)} | {ranges} |")
    return "\n".join(lines)


def composition_best(scenario: ScenarioSet) -> str:
    """The three best combinations under each lens (additive model)."""
    from scoring.analysis.compose import composition

    found = composition(scenario, top=3)
    lines = ["| Lens | 1 | 2 | 3 |", "|---|---|---|---|"]
    for lens, lc in found.lenses.items():
        cells = [f"{row.combination} {row.score:.1f}" for row in lc.top.itertuples(index=False)]
        lines.append(f"| {lens} | " + " | ".join(cells) + " |")
    return f"{found.composed.count} feasible combinations.\n\n" + "\n".join(lines)


def discovered_rule(scenario: ScenarioSet) -> str:
    """One discovered rule: when NATO membership is best under the kyiv lens (default settings)."""
    from scoring.analysis.discover import discover

    found = discover(scenario, "nato_membership", lens="kyiv")
    return f"```console\n$ gscore discover nato_membership --lens kyiv\n...\n{found.statement}\n```"


#: Illustrative AHP judgments between the value tree's four branches (as workbook/build_xlsm.py's Example sheet).
BRANCH_PAIRWISE = [[1, 2, 3, 2], [1 / 2, 1, 2, 1], [1 / 3, 1 / 2, 1, 1 / 2], [1 / 2, 1, 2, 1]]


def _numbers(cells: list[list[object]], digits: int = 4, limit: int | None = None) -> str:
    values = [v for row in cells for v in row if isinstance(v, float | int) and not isinstance(v, bool)]
    shown = ", ".join(f"{float(v):.{digits}f}" for v in values[:limit])
    return shown + (", ..." if limit is not None and len(values) > limit else "")


def worksheet_examples(scenario: ScenarioSet) -> str:
    """The function table of workbook/README.md, its results computed by the worksheet functions."""
    from scoring.excel import _impl as impl

    scores = impl.gs_article("scores")
    weights = impl.gs_article("weights", "balanced")
    directions = [[c.direction.replace("benefit", "max").replace("cost", "min")] for c in scenario.criteria]
    low, high = impl.gs_article("low"), impl.gs_article("high")
    ids = [row[0] for row in scores[1:]]
    total = impl.gs_score(scores, weights, directions, "wsm", "bounds=0,100")
    best = max(range(len(ids)), key=lambda i: total[i + 1][0])
    ranks = impl.gs_rank(scores, weights, directions, "promethee", "preference=linear; q=5; p=20")
    smaa = impl.gs_smaa(scores, None, directions, "wsm", 10000, 1, low, high, "bounds=0,100")
    by_best = sorted(smaa[1:], key=lambda row: -float(row[1]))[:3]
    sensitivity = impl.gs_sensitivity(scores, weights, directions, "wsm", "bounds=0,100")[1:]
    balanced = scenario.weights("balanced")
    order = scoring.rank(balanced).tolist()
    points = [round(100 * w / balanced.max()) for w in balanced.tolist()]
    kyiv = impl.gs_article("designs", "kyiv")[1:]
    top3 = sorted(kyiv, key=lambda row: row[-1])[:3]
    results = {
        "GS_SCORE": f"`score`; {_numbers(total[1:])} (**{ids[best]}** highest)",
        "GS_RANK": "`rank`; " + ", ".join(str(row[0]) for row in ranks[1:]),
        "GS_AHP_WEIGHTS": _numbers(impl.gs_ahp_weights(BRANCH_PAIRWISE)),
        "GS_AHP_CR": f"{impl.gs_ahp_cr(BRANCH_PAIRWISE):.4f}",
        "GS_OBJECTIVE_WEIGHTS": _numbers(impl.gs_objective_weights([r[1:] for r in scores], "critic", directions)),
        "GS_ROC_WEIGHTS": _numbers(impl.gs_roc_weights([order])),
        "GS_SWING_WEIGHTS": _numbers(impl.gs_swing_weights([points]), limit=6),
        "GS_SMAA": "P(best): " + ", ".join(f"{row[0]} {float(row[1]):.3f}" for row in by_best) + ", ...",
        "GS_SENSITIVITY": "; ".join(
            f"{row[0]} {row[1]:.2f} in [{row[2]:.4f}, {row[3]:.4f}]" for row in sensitivity[::4][:2]
        )
        + "; ...",
        "GS_ARTICLE": ", ".join(f"{row[1]} {row[-2]:.2f} (rank {row[-1]})" for row in top3) + ", ...",
        "GS_COMPOSE": "; ".join(f"{row[1]} {row[2]:.2f}" for row in impl.gs_compose("kyiv", 3)[1:]) + "; ...",
        "GS_VERSION": f"`{scoring.__version__}`",
    }
    rows = [
        (
            "GS_SCORE(matrix, weights, [directions], [method], [options])",
            (
                "one score per design (column; a `score` header if the matrix had one)."
                " `method`: `wsm` (default), `wpm`, `topsis` (closeness, higher "
                "better), `vikor` (Q, lower better; `v=0.5`), `promethee` (PROMETHEE II"
                " net flow)"
            ),
            '=GS_SCORE(A6:K14, A17:K18, D74:D84, "wsm", "bounds=0,100")',
        ),
        (
            "GS_RANK(matrix, weights, [directions], [method], [options])",
            "ranks, 1 = best whatever the orientation; ties share the better rank",
            ('=GS_RANK(A6:K14, A17:K18, D74:D84, "promethee", "preference=linear; q=5; p=20")'),
        ),
        (
            "GS_AHP_WEIGHTS(pairwise)",
            "principal-eigenvector weights (column)",
            ("=GS_AHP_WEIGHTS(A44:E48)` (the four value-tree branches, illustrative judgments)`"),
        ),
        (
            "GS_AHP_CR(pairwise)",
            ("consistency ratio CI/RI(n); RI from Saaty (1987) for n <= 10 and Saaty (1980) for 11-15"),
            "=GS_AHP_CR(B45:E48)",
        ),
        (
            "GS_OBJECTIVE_WEIGHTS(matrix, [method], [directions])",
            ("`critic` (default), `entropy` or `std` weights (row, under the criteria header if any)"),
            '=GS_OBJECTIVE_WEIGHTS(B6:K14, "critic", D74:D84)',
        ),
        (
            "GS_ROC_WEIGHTS(ranks)",
            "rank-order-centroid weights, same orientation as `ranks`",
            "=GS_ROC_WEIGHTS(B55:K55)` with ranks " + ", ".join(map(str, order)) + "`",
        ),
        (
            "GS_SWING_WEIGHTS(points)",
            "points / their sum (the top swing must get 100)",
            "=GS_SWING_WEIGHTS(B59:K59)` with " + ", ".join(map(str, points)) + "`",
        ),
        (
            (
                "GS_SMAA(matrix, [weights], [directions], [method], [samples], [seed], "
                "[matrix_low], [matrix_high], [options])"
            ),
            (
                "rank-acceptability table: header `design, rank 1..n`, one row per "
                "design (labels from the matrix's label column, else D1..Dn). Blank "
                "weights: uniform on the simplex; given weights: draws around them "
                "(Dirichlet, concentration 100), as `gscore analyze` does. `samples` "
                "default 10000, at most 200000 and fewer for large problems (see Slow "
                "recalculation); `seed` default 1 (the defaults of every face)"
            ),
            ('=GS_SMAA(A6:K14, , D74:D84, "wsm", 10000, 1, A87:K95, A98:K106, "bounds=0,100")'),
        ),
        (
            "GS_SENSITIVITY(matrix, weights, [directions], [method], [options])",
            (
                "per criterion: `criterion, weight, lower, upper, best, best below, "
                "best above`: the interval of that weight (others keep their "
                "proportions) in which the current best stays best"
            ),
            '=GS_SENSITIVITY(A6:K14, A17:K18, D74:D84, "wsm", "bounds=0,100")',
        ),
        (
            "GS_ARTICLE(what, [lens])",
            (
                "the built-in set with a header row. `what`: `criteria`, `designs`, "
                "`scores`, `weights`, `evidence`; also `low`, `high` (score ranges) and"
                " `lenses`. `lens` for `weights` (one row) or `designs` (adds score and"
                " rank)"
            ),
            '=GS_ARTICLE("designs", "kyiv")',
        ),
        (
            "GS_COMPOSE([lens], [top], [method])",
            (
                "the best combinations of the built-in set's components (pledge, US air, troops, "
                "intelligence, NATO, a role for Moscow) under a lens: header `rank, combination, score, "
                "low, high` (low/high blank for methods whose score depends on the other combinations). "
                "`top` default 5, at most 1000"
            ),
            '=GS_COMPOSE("kyiv", 5)',
        ),
        (
            "GS_VERSION()",
            "the package version",
            "=GS_VERSION()",
        ),
    ]
    lines = ["| Function | Returns | Example | Result on the article set |", "|---|---|---|---|"]
    for signature, returns, example in rows:
        name = signature.split("(")[0]
        lines.append(f"| `{signature}` | {returns} | `{example}` | {results[name]} |")
    return "\n".join(lines)


GENERATORS: dict[str, Callable[[ScenarioSet], str]] = {
    "worksheet-examples": worksheet_examples,
    "rankings": ranking_table,
    "weights": weights_table,
    "grounding": grounding_table,
    "grounding-summary": grounding_summary,
    "assumptions": assumptions_table,
    "score-console": score_console,
    "top-gap": top_gap,
    "kyiv-json": kyiv_json,
    "analyze-excerpt": analyze_excerpt,
    "composition-rules": composition_rules,
    "composition-reproduction": composition_reproduction,
    "composition-best": composition_best,
    "discovered-rule": discovered_rule,
}


def regenerate(text: str, scenario: ScenarioSet, cache: dict[str, str]) -> str:
    """``text`` with every generated block rewritten; an unknown block name is an error."""

    def body(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in GENERATORS:
            raise KeyError(f"unknown generated block {name!r}; known: {', '.join(GENERATORS)}")
        if name not in cache:
            cache[name] = GENERATORS[name](scenario)
        return match.group(1) + cache[name] + "\n" + match.group(4)

    return BLOCK.sub(body, text)


def stale(scenario: ScenarioSet | None = None) -> list[str]:
    """``file: block`` for every generated block that differs from what the code gives now."""
    chosen = scenario or scoring.load()
    cache: dict[str, str] = {}
    found = []
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        fresh = regenerate(text, chosen, cache)
        old_blocks = {m.group("name"): m.group("body") for m in BLOCK.finditer(text)}
        new_blocks = {m.group("name"): m.group("body") for m in BLOCK.finditer(fresh)}
        found += [f"{path.name}: {name}" for name in old_blocks if old_blocks[name] != new_blocks[name]]
    return found


def main(argv: list[str]) -> int:
    scenario = scoring.load()
    if "--check" in argv:
        out_of_date = stale(scenario)
        for item in out_of_date:
            print(f"stale: {item}; run: python docs/tables.py")  # noqa: T201 - a script's output
        return 1 if out_of_date else 0
    cache: dict[str, str] = {}
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        path.write_text(regenerate(text, scenario, cache), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
