"""The HTML briefing report: one self-contained file (``gscore report --out report.html``).

:func:`build_report` scores the scenario set under every lens, runs SMAA-2, the one-way
weight sensitivity and the tornado, draws the charts (:mod:`scoring.plots`) and renders
the Jinja2 template shipped in the package (``scoring/report/templates/report.html.j2``).

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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from scoring.model import ScenarioSet

__all__ = ["TEMPLATE", "build_report", "render_svg", "write_report"]

#: The template's name inside the package's ``templates`` folder.
TEMPLATE = "report.html.j2"
Progress = Callable[[int, int], None]

_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
_IDS = re.compile(r'(\bid="|href="#|url\(#)')


#: Dirichlet concentration of the report's SMAA weights around the chosen lens (as `gscore analyze`).
LENS_CONCENTRATION = 100.0

def render_svg(figure: Figure, prefix: str) -> str:
    """The figure as an inline ``<svg>`` element (no prologue, no metadata, ids prefixed)."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": prefix}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    text = _METADATA.sub("", _PROLOGUE.sub("", buffer.getvalue(), count=1), count=1)
    text = _IDS.sub(lambda match: f"{match.group(1)}{prefix}-", text)
    return text.replace("<svg ", f'<svg role="img" class="chart" aria-labelledby="{prefix}-title" ', 1)


@dataclass(frozen=True, slots=True)
class _Chart:
    id: str
    title: str
    svg: Any  # markupsafe.Markup

    @classmethod
    def of(cls, figure: Figure, prefix: str) -> _Chart:
        from markupsafe import Markup, escape

        title = " ".join((figure.axes[0].get_title(loc="left") or figure.axes[0].get_title()).split())
        # An SVG <title> gives the chart an accessible name (escaped: it may quote user data).
        svg = render_svg(figure, prefix).replace(">", f'><title id="{prefix}-title">{escape(title)}</title>', 1)
        # Trusted markup: matplotlib escapes every text it writes (tests/test_report.py checks it).
        return cls(prefix, title, Markup(svg))


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
    env.filters["num"] = lambda value, digits=1: f"{float(value):.{digits}f}"
    return env


def _context(
    scenario: ScenarioSet, lens: str | None, *, samples: int, seed: int, timestamp: str | None,
    progress: Progress | None,
) -> dict[str, Any]:
    from scoring import plots
    from scoring._api import score
    from scoring.analysis.lenses import compare_lenses
    from scoring.analysis.sensitivity import sensitivity_scenario
    from scoring.analysis.smaa import smaa_scenario
    from scoring.analysis.tornado import tornado
    from scoring.provenance import package_version

    chosen = scenario.lens(lens)
    results = {item.id: score(scenario, item.id, timestamp=timestamp) for item in scenario.lenses}
    main = results[chosen.id]
    names = {d.id: d.name for d in scenario.designs}
    criteria = {c.id: c for c in scenario.criteria}
    comparison = compare_lenses(scenario)
    smaa = smaa_scenario(
        scenario, chosen.id, weights="lens", concentration=LENS_CONCENTRATION, samples=samples, seed=seed,
        progress=progress,
    )
    crossovers = sensitivity_scenario(scenario, chosen.id).table
    swings = tornado(scenario, chosen.id)
    narrowest = crossovers.assign(width=crossovers["upper"] - crossovers["lower"]).sort_values("width", kind="stable")
    focus = str(narrowest["criterion"].iloc[0])
    best = main.design_ids[int(main.order()[0])]
    figures = [
        ("totals", plots.totals_chart(main)),
        ("contributions", plots.contributions_chart(main, scenario)),
        ("lenses", plots.lens_chart(comparison, scenario)),
        ("acceptability", plots.acceptability_heatmap(smaa)),
        ("sensitivity", plots.sensitivity_chart(scenario, focus, chosen.id)),
        ("tornado", plots.tornado_chart(swings, design=best, scenario=scenario)),
    ]
    charts = {key: _Chart.of(figure, f"chart-{key}") for key, figure in figures}
    acceptability = smaa.table()
    n = len(scenario.designs)
    assumptions = [
        {"design": names[design.id], "criterion": criteria[cid].name, "score": judgment}
        for design, row in zip(scenario.designs, scenario.scores, strict=True)
        for cid, judgment in zip(scenario.criterion_ids, row, strict=True)
        if judgment.assumption
    ]
    record: dict[str, Any] = dict(main.provenance)
    record.update(
        smaa_samples=smaa.samples, smaa_seed=smaa.seed, smaa_weights=smaa.weights_mode,
        smaa_distribution=smaa.distribution or "none", report_template=TEMPLATE,
    )
    return {
        "scenario": scenario,
        "lens": chosen,
        "lenses": scenario.lenses,
        "best": names[best],
        "package_version": package_version(),
        "criteria_rows": [
            {"criterion": c, "weight": float(w), "branch": next((b.name for b in scenario.branches if b.id == c.branch),
                                                                 c.branch)}
            for c, w in zip(scenario.criteria, main.weights, strict=True)
        ],
        "ranking": [
            {"design": main.design_ids[i], "name": main.design_names[i], "score": float(main.scores[i]),
             "rank": int(main.ranks[i]),
             "low": None if main.score_low is None else float(main.score_low[i]),
             "high": None if main.score_high is None else float(main.score_high[i]),
             "by_lens": [int(results[item.id].ranks[i]) for item in scenario.lenses]}
            for i in main.order()
        ],
        "acceptability": [
            {"name": str(row["name"]), "shares": [float(row[f"b{r + 1}"]) for r in range(n)],
             "confidence": float(row["confidence"])}
            for _, row in acceptability.iterrows()
        ],
        "ranks": list(range(1, n + 1)),
        "smaa": smaa,
        "smaa_concentration": LENS_CONCENTRATION,
        "lens_name": chosen.name,
        "crossovers": [
            {"criterion": criteria[str(row["criterion"])].name, "weight": float(row["weight"]),
             "lower": float(row["lower"]), "upper": float(row["upper"]),
             "below": names.get(str(row["below"]), ""), "above": names.get(str(row["above"]), "")}
            for _, row in crossovers.iterrows()
        ],
        "sensitivity_best": names[str(crossovers["best"].iloc[0])],
        "assumptions": assumptions,
        "provenance": _flatten(record),
        "charts": charts,
    }


def _flatten(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    import json

    return [(str(k), v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)) for k, v in record.items()]


def build_report(
    scenario: ScenarioSet,
    lens: str | None = None,
    *,
    samples: int = 10_000,
    seed: int = 1,
    timestamp: str | None = None,
    progress: Progress | None = None,
) -> str:
    """Render the briefing report for ``scenario`` as one self-contained HTML document.

    Parameters
    ----------
    scenario : ScenarioSet
    lens : str, optional
        The lens featured (default: the set's default lens); the ranking under every
        lens is shown too.
    samples, seed : int
        SMAA-2 draws (weights drawn around the lens, Dirichlet concentration
        :data:`LENS_CONCENTRATION`; triangular scores) and their seed.
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
    context = _context(scenario, lens, samples=samples, seed=seed, timestamp=timestamp, progress=progress)
    html: str = _environment().get_template(TEMPLATE).render(**context)
    return html


def write_report(
    scenario: ScenarioSet,
    path: str | Path,
    lens: str | None = None,
    *,
    samples: int = 10_000,
    seed: int = 1,
    timestamp: str | None = None,
    progress: Progress | None = None,
) -> None:
    """Build the report (see :func:`build_report`) and write it to ``path`` atomically.

    Callers check overwrite permission first (:func:`scoring.io.atomic.check_output`).
    """
    from scoring.io.atomic import write_text

    write_text(path, build_report(scenario, lens, samples=samples, seed=seed, timestamp=timestamp, progress=progress))
