"""The HTML briefing report: one self-contained file (``gscore report --out report.html``).

:func:`build_report` runs the analysis bundle (:func:`scoring.analysis.bundle.analyze`, the
same one ``gscore analyze`` prints), draws its results (:mod:`scoring.plots`) and renders the
Jinja2 template shipped in the package (``scoring/report/templates/report.html.j2``).

Safety and self-containment:

- the Jinja2 environment autoescapes everything, so any text from the input (a design
  named ``<script>``) stays text;
- charts are inline SVG written by matplotlib, which escapes text in ``<text>`` elements
  (``svg.fonttype = "none"``); the XML prologue and the metadata block are dropped and
  element ids are prefixed per chart so that ids stay unique in the page;
- no network: no external CSS, scripts, fonts or images, and a Content-Security-Policy
  ``default-src 'none'; img-src data:; style-src 'unsafe-inline'`` that forbids them.

Pass ``timestamp`` (and a ``seed``) for a byte-identical report.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scoring._text import fixed

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from scoring.analysis.bundle import Analysis
    from scoring.analysis.settings import SmaaSettings
    from scoring.model import ScenarioSet

__all__ = ["TEMPLATE", "build_report", "render_svg", "write_report"]

#: The template's name inside the package's ``templates`` folder.
TEMPLATE = "report.html.j2"
Progress = Callable[[int, int], None]

_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
_IDS = re.compile(r'(\bid="|href="#|url\(#)')


def render_svg(figure: Figure, prefix: str) -> str:
    """The figure as an inline ``<svg>`` element (no prologue, no metadata, ids prefixed)."""
    import matplotlib

    buffer = io.StringIO()
    with (
        matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": prefix}),
        warnings.catch_warnings(),
    ):
        warnings.filterwarnings("ignore", message="constrained_layout not applied")  # a crowded chart: still drawn
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    text = _METADATA.sub("", _PROLOGUE.sub("", buffer.getvalue(), count=1), count=1)
    text = _IDS.sub(lambda match: f"{match.group(1)}{prefix}-", text)
    return text.replace("<svg ", f'<svg role="img" class="chart" aria-labelledby="{prefix}-title" ', 1)


@dataclass(frozen=True, slots=True)
class _Chart:
    id: str
    title: str
    svg: Any  # markupsafe.Markup
    caption: str = ""

    @classmethod
    def of(cls, figure: Figure, prefix: str, caption: str = "") -> _Chart:
        from markupsafe import Markup, escape

        title = " ".join((figure.axes[0].get_title(loc="left") or figure.axes[0].get_title()).split())
        # An SVG <title> gives the chart an accessible name (escaped: it may quote user data).
        svg = render_svg(figure, prefix).replace(">", f'><title id="{prefix}-title">{escape(title)}</title>', 1)
        # Trusted markup: matplotlib escapes every text it writes (tests/test_report.py checks it).
        return cls(prefix, title, Markup(svg), caption)


def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("scoring.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["pct"] = lambda value, digits=0: f"{100.0 * float(value):.{digits}f}%"
    env.filters["num"] = lambda value, digits=1: fixed(float(value), digits)
    env.filters["plural"] = _plural
    return env


def _plural(count: int, word: str, words: str | None = None) -> str:
    """``1 judgment``, ``2 judgments`` (``words`` for irregular plurals)."""
    from scoring._text import plural

    return plural(int(count), word, words)


def _context(scenario: ScenarioSet, bundle: Analysis) -> dict[str, Any]:
    """What the template shows, all taken from one analysis bundle (nothing recomputed here)."""
    from scoring.provenance import package_version

    main = bundle.result
    chosen = scenario.lens(bundle.problem.lens)
    names = {d.id: d.name for d in scenario.designs}
    return {
        "scenario": scenario,
        "lens": chosen,
        "lenses": scenario.lenses if bundle.lenses is not None else (chosen,),
        "best": names[main.best],
        "verdict": bundle.verdict,
        "package_version": package_version(),
        "score_label": main.label,
        "criteria_rows": [
            {
                "criterion": c,
                "weight": float(w),
                "branch": next((b.name for b in scenario.branches if b.id == c.branch), c.branch),
            }
            for c, w in zip(scenario.criteria, main.weights, strict=True)
        ],
        "ranking": _ranking(scenario, bundle),
        "acceptability": _acceptability(bundle),
        "ranks": list(range(1, len(scenario.designs) + 1)),
        "smaa": bundle.smaa,
        "smaa_concentration": bundle.smaa.settings.concentration,
        "lens_name": chosen.name,
        "crossovers": _crossovers(scenario, bundle),
        "sensitivity_exact": bundle.sensitivity.exact,
        "sensitivity_best": names[bundle.sensitivity.best_id],
        "assumptions": _assumptions(scenario),
        **_grounding(scenario, bundle),
        "disagreement": _disagreement(scenario, bundle.problem.lens),
        "provenance": _flatten({**bundle.provenance, "report_template": TEMPLATE}),
        "charts": _charts(scenario, bundle),
        "combinations": _combinations(scenario, bundle),
    }


def _combinations(scenario: ScenarioSet, bundle: Analysis) -> dict[str, Any] | None:
    """The best combinations of the set's components under the featured lens (None without components)."""
    if scenario.composition is None:
        return None
    from scoring.analysis.compose import composition

    problem = bundle.problem
    found = composition(
        scenario,
        lens=problem.lens,
        method=problem.method.name,
        top=5,
        smaa=bundle.smaa.settings,  # the same draws as the designs' SMAA, for the combinations' verdict
        **problem.given_options,
    )
    lens = found.lenses[str(problem.lens)]
    best = lens.top["combination"].iloc[0]
    marginal = lens.marginal[lens.marginal["combination"] == best].dropna(subset=["marginal"])
    from scoring._json import plain

    return {
        "count": found.composed.count,
        "components": len(found.composed.spec.component_ids),
        "top": plain(lens.top.to_dict(orient="records")),  # NaN ranges (non-separable methods) become None
        "best": best,
        "marginal": marginal.sort_values("marginal", ascending=False).to_dict(orient="records"),
        "verdict": found.verdict.text if found.verdict is not None else None,
    }


#: What each chart shows and how to read it (the chart's own title states its finding).
CAPTIONS = {
    "totals": "Each dot is a design's score; its bar spans the score with every judgment at the unfavourable and at "
    "the favourable end of its range. Where bars overlap, the order can flip.",
    "contributions": "Each bar splits a design's score into its criteria's contributions (weight times value score).",
    "lenses": "Each line follows one design's rank from lens to lens; lines that cross are where the lenses disagree.",
    "acceptability": "One row per design, one column per rank: the share of the draws in which the design took that "
    "rank. A design strong in the first column is robustly at the top.",
    "sensitivity": "Every design's score as one weight moves from 0 to 1, the others keeping their proportions. The "
    "shaded band is where the current best stays best; diamonds mark where the best changes.",
    "tornado": "Each bar moves one judgment from the unfavourable to the favourable end of its range, the others at "
    "their base: the longest bars are the judgments most worth checking.",
}


def _charts(scenario: ScenarioSet, bundle: Analysis) -> dict[str, _Chart]:
    from scoring import plots

    crossovers = bundle.sensitivity.to_frame()
    narrowest = crossovers.assign(width=crossovers["upper"] - crossovers["lower"]).sort_values("width", kind="stable")
    focus = str(narrowest["criterion"].iloc[0])
    figures = [("totals", plots.totals_chart(bundle.result))]
    if bundle.result.contributions is not None:  # linear methods only
        figures.append(("contributions", plots.contributions_chart(bundle.result, scenario)))
    if bundle.lenses is not None:
        figures.append(("lenses", plots.lens_chart(bundle.lenses, scenario)))
    figures += [
        ("acceptability", plots.acceptability_heatmap(bundle.smaa)),
        ("sensitivity", plots.sensitivity_chart(bundle.sensitivity, focus)),
        ("tornado", plots.tornado_chart(bundle.tornado, design=bundle.result.best)),
    ]
    return {key: _Chart.of(figure, f"chart-{key}", CAPTIONS[key]) for key, figure in figures}


def _ranking(scenario: ScenarioSet, bundle: Analysis) -> list[dict[str, Any]]:
    main = bundle.result
    by_lens = bundle.lenses.ranks if bundle.lenses is not None else None
    rows = []
    for i in main.order():
        design = main.design_ids[i]
        ranks = [int(main.ranks[i])] if by_lens is None else [int(by_lens.loc[design, x.id]) for x in scenario.lenses]
        rows.append(
            {
                "design": design,
                "name": main.design_names[i],
                "score": float(main.scores[i]),
                "rank": int(main.ranks[i]),
                "low": None if main.score_low is None else float(main.score_low[i]),
                "high": None if main.score_high is None else float(main.score_high[i]),
                "by_lens": ranks,
            }
        )
    return rows


def _acceptability(bundle: Analysis) -> list[dict[str, Any]]:
    n = len(bundle.smaa.design_ids)
    return [
        {
            "name": str(row["name"]),
            "shares": [float(row[f"rank_{r + 1}"]) for r in range(n)],
            "confidence": float(row["confidence_factor"]),
        }
        for _, row in bundle.smaa.to_frame().iterrows()
    ]


def _crossovers(scenario: ScenarioSet, bundle: Analysis) -> list[dict[str, Any]]:
    names = {d.id: d.name for d in scenario.designs}
    criteria = {c.id: c.name for c in scenario.criteria}
    return [
        {
            "criterion": criteria[str(row["criterion"])],
            "weight": float(row["weight"]),
            "lower": float(row["lower"]),
            "upper": float(row["upper"]),
            "below": names.get(str(row["below"]), ""),
            "above": names.get(str(row["above"]), ""),
        }
        for _, row in bundle.sensitivity.to_frame().iterrows()
    ]


def _assumptions(scenario: ScenarioSet) -> list[dict[str, Any]]:
    return [
        {"design": design.name, "criterion": criterion.name, "score": judgment}
        for design, criterion, judgment in scenario.judgments()
        if judgment.assumption
    ]


def _grounding(scenario: ScenarioSet, bundle: Analysis) -> dict[str, Any]:
    """How far the source backs the judgments: counts per level, per design, and the widening used."""
    from scoring.model import GROUNDING_LEVELS, UNRANGED_WIDENING

    counts = scenario.grounding_counts()
    levels = [level for level in counts if level in GROUNDING_LEVELS or counts[level]]
    return {
        "grounding_counts": counts,
        "grounding_levels": levels,
        "grounding_by_design": [
            {"design": design.name, "counts": [sum((s.grounding or "unrecorded") == lv for s in row) for lv in levels]}
            for design, row in zip(scenario.designs, scenario.scores, strict=True)
        ],
        "widening": dict(UNRANGED_WIDENING),
        "widened": bundle.problem.widened,
    }


def _disagreement(scenario: ScenarioSet, lens: str | None, shown: int = 10) -> dict[str, Any] | None:
    """The largest disagreements of a combined set (None for a set that is not combined)."""
    from scoring.analysis.combine import disagreement

    table = disagreement(scenario, lens)
    if table is None or scenario.analysts is None:
        return None
    names = {d.id: d.name for d in scenario.designs}
    criteria = {c.id: c.name for c in scenario.criteria}
    count = len(scenario.analysts.names)
    rows = [
        {
            "design": names[str(row.iloc[0])],
            "criterion": criteria[str(row.iloc[1])],
            "levels": [float(v) for v in row.iloc[2 : 2 + count]],
            "spread": float(row["spread"]),
            "base": float(row["base"]),
            "at_stake": float(row["at_stake"]),
        }
        for _, row in table.head(shown).iterrows()
    ]
    return {
        "names": list(scenario.analysts.names),
        "aggregate": scenario.analysts.aggregate,
        "count": len(table),
        "rows": rows,
    }


def _flatten(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    import json

    return [(str(k), v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)) for k, v in record.items()]


def build_report(
    scenario: ScenarioSet,
    lens: str | None = None,
    *,
    method: str | None = None,
    options: Mapping[str, Any] | None = None,
    settings: SmaaSettings | None = None,
    timestamp: str | None = None,
    progress: Progress | None = None,
    **changes: Any,
) -> str:
    """Render the briefing report for ``scenario`` as one self-contained HTML document.

    The numbers come from :func:`scoring.analysis.bundle.analyze` with the same defaults as
    ``gscore analyze`` (``settings``/``**changes``: ``samples``, ``seed``, ``weights``, ...).

    Parameters
    ----------
    scenario : ScenarioSet
    lens : str, optional
        The lens featured (default: the set's default lens); the ranking under every
        lens is shown too.
    method : str, optional
        Aggregation method (default wsm).
    options : mapping, optional
        The method's options (``gscore report --option``), as for :func:`scoring.score`.
    timestamp : str, optional
        Fixed provenance timestamp (with a fixed seed: a byte-identical report).
    progress : callable(done, total), optional
        Called as the SMAA-2 run advances.

    Examples
    --------
    >>> import scoring
    >>> html = build_report(scoring.load(), samples=200, timestamp="2025-01-01T00:00:00+00:00")
    >>> html.startswith("<!DOCTYPE html>")
    True
    """
    from scoring.analysis.bundle import analyze
    from scoring.limits import check_analysis_size

    check_analysis_size(len(scenario.designs), len(scenario.criteria), "the report", scenario.origin or "source")
    bundle = analyze(
        scenario,
        settings,
        lens=lens,
        method=method,
        options=options,
        progress=progress,
        timestamp=timestamp,
        **changes,
    )
    html: str = _environment().get_template(TEMPLATE).render(**_context(scenario, bundle))
    return html


def write_report(
    scenario: ScenarioSet, path: str | Path, lens: str | None = None, *, force: bool = True, **options: Any
) -> None:
    """Build the report (see :func:`build_report`; same keywords) and write it to ``path`` atomically.

    ``force=False`` refuses to replace an existing file (the check is atomic: see
    :mod:`scoring.io.atomic`); the command line passes its ``--force``.
    """
    from scoring.io.atomic import write_text

    write_text(path, build_report(scenario, lens, **options), force=force)
