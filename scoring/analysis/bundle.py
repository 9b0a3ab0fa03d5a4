"""One analysis bundle: everything ``gscore analyze``, the report, notebook 03 and Excel show.

:func:`analyze` runs, on one :class:`~scoring.problem.DecisionProblem`, the scoring, SMAA-2,
the one-way sensitivity, the tornado, the lens comparison (with the drivers of the widest
disagreement) and dominance, with the defaults of :mod:`scoring.analysis.settings`, and
records one provenance (the same keys in JSON, XLSX Provenance sheets, CSV sidecars and
the report). Faces only present what it returns.

>>> import scoring
>>> bundle = analyze(scoring.load(), samples=500, timestamp="2026-01-01T00:00:00+00:00")
>>> bundle.result.best == bundle.sensitivity.best_id
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scoring._json import EXPORT_DIGITS, plain
from scoring.analysis.dominance import DominanceResult, dominance
from scoring.analysis.lenses import LensComparison, compare_lenses, disagreement
from scoring.analysis.sensitivity import SensitivityResult, sensitivity, sweep_cells
from scoring.analysis.settings import DEFAULT_SMAA, SensitivitySettings, SmaaSettings
from scoring.analysis.smaa import Progress, SmaaResult, smaa
from scoring.analysis.tornado import TornadoResult, tornado, tornado_cells
from scoring.analysis.verdict import Verdict, verdict
from scoring.limits import MAX_ANALYSIS_DESIGNS, MAX_ANALYSIS_JUDGMENTS, check_analysis
from scoring.problem import DecisionProblem, Source, as_problem

if TYPE_CHECKING:
    import pandas as pd

    from scoring.result import Result

__all__ = ["QUICK_VERDICT_CELLS", "Analysis", "analyze", "quick_verdict"]


@dataclass(frozen=True, slots=True, eq=False)
class Analysis:
    """The results of :func:`analyze` on one problem, and their provenance."""

    problem: DecisionProblem
    result: Result
    smaa: SmaaResult
    sensitivity: SensitivityResult
    tornado: TornadoResult
    dominance: DominanceResult
    lenses: LensComparison | None
    disagreement: pd.DataFrame | None
    verdict: Verdict
    provenance: dict[str, Any]

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table, by sheet name (the XLSX export writes one sheet each)."""
        tables = {
            "Scores": self.result.to_frame(),
            "Acceptability": self.smaa.to_frame(),
            "Crossovers": self.sensitivity.to_frame(),
            "Leader changes": self.sensitivity.leader_changes,
            "Tornado": self.tornado.to_frame(),
        }
        if self.lenses is not None:
            tables["Lens ranks"] = self.lenses.to_frame()
            tables["Lens correlations"] = self.lenses.correlations
        if self.disagreement is not None:
            tables["Disagreement"] = self.disagreement
        return tables

    def document(self) -> dict[str, Any]:
        """Everything as one JSON-ready document (``gscore analyze --format json``)."""
        drivers = self.disagreement
        document: dict[str, Any] = plain(  # exports carry EXPORT_DIGITS significant digits
            {
                "provenance": self.provenance,
                "verdict": self.verdict.record(),
                "lens": self.problem.lens,
                "method": self.problem.method.name,
                "samples": self.smaa.samples,
                "seed": self.smaa.seed,
                "results": self.result.records(),
                "acceptability": _records(self.smaa.to_frame()),
                "crossovers": _records(self.sensitivity.to_frame()),
                "leader_changes": _records(self.sensitivity.leader_changes),
                "tornado": _records(self.tornado.to_frame()),
                "dominance": {
                    "pareto": list(self.dominance.pareto_labels),
                    "dominated": [{"design": d, "by": list(by)} for d, by in self.dominance.dominated],
                },
                "lens_ranks": None if self.lenses is None else _records(self.lenses.to_frame()),
                "lens_correlations": None if self.lenses is None else _records(self.lenses.correlations),
                "disagreement": None if drivers is None else {**drivers.attrs, "criteria": _records(drivers)},
            },
            digits=EXPORT_DIGITS,
        )
        return document


def analyze(
    source: Source,
    settings: SmaaSettings | None = None,
    *,
    lens: str | None = None,
    method: str | None = None,
    options: Mapping[str, Any] | None = None,
    progress: Progress | None = None,
    timestamp: str | None = None,
    **changes: Any,
) -> Analysis:
    """Run every analysis on ``source`` (a problem, or a scenario set with lens and method).

    ``options`` are the method's options (``{"offset": 2}`` for wpm, ``{"v": 0.4}`` for
    vikor; ``gscore analyze --option``). ``settings`` (default
    :data:`~scoring.analysis.settings.DEFAULT_SMAA`) and ``**changes`` (its fields:
    ``samples``, ``seed``, ``weight_mode``, ...) set the SMAA-2 draws.
    """
    problem = as_problem(source, lens, method, **(options or {}))
    chosen = (settings or DEFAULT_SMAA).evolve(**changes)
    check_bundle(problem, chosen)
    result = problem.score(timestamp=timestamp)
    acceptability = smaa(problem, chosen, progress=progress)
    comparable = problem.scenario is not None and len(problem.scenario.lenses) > 1 and problem.n_designs > 1
    comparison = compare_lenses(problem) if comparable else None
    drivers = None
    if comparison is not None and problem.lens is not None:
        rival = _rival(comparison, problem.lens)
        drivers = disagreement(problem, problem.lens, rival) if rival else None
    return Analysis(
        problem=problem,
        result=result,
        smaa=acceptability,
        sensitivity=sensitivity(problem),
        tornado=tornado(problem),
        dominance=dominance(problem),
        lenses=comparison,
        disagreement=drivers,
        verdict=verdict(problem, result, acceptability),
        provenance=problem.provenance(timestamp=timestamp, **acceptability.record()),
    )


def check_bundle(problem: DecisionProblem, settings: SmaaSettings) -> None:
    """Refuse, before any work, an analysis beyond the size policy (:mod:`scoring.limits`).

    The estimate adds the SMAA draws (twice with score ranges), the tornado's re-scorings,
    the sensitivity sweeps and the lens comparison; the confidence factors, whose cost
    depends on how many designs are ever best, are checked again once that is known.
    """
    n, m = problem.matrix.shape
    varying = settings.distribution is not None and bool(problem.varies.any())
    draws = settings.samples * problem.method.sample_cells(n, m, varying)
    lenses = len(problem.scenario.lenses) if problem.scenario is not None else 0
    cells = (
        draws * (2 if varying else 1)
        + tornado_cells(problem)
        + sweep_cells(problem, SensitivitySettings().points)
        + lenses * (lenses - 1) // 2 * 4 * n * n
    )
    check_analysis(n, m, problem.method.name, cells, settings.samples, problem.origin or "source")


#: ``gscore score`` adds the verdict when SMAA-2 costs at most this many scored cells
#: (draws x designs x criteria: about a tenth of a second); larger sets are left to ``analyze``.
QUICK_VERDICT_CELLS = 20_000_000


def quick_verdict(problem: DecisionProblem, settings: SmaaSettings | None = None) -> Verdict | None:
    """The verdict of :func:`analyze` (same SMAA-2 run, same seed), or None above the quick budget.

    Faces that show a ranking without a full analysis (``gscore score``, notebook 01, the
    workbook) use it, so their verdict is word for word the one ``gscore analyze`` prints.
    """
    chosen = settings or DEFAULT_SMAA
    if chosen.samples * problem.n_designs * problem.n_criteria > QUICK_VERDICT_CELLS:
        return None
    if problem.n_designs > MAX_ANALYSIS_DESIGNS or problem.n_designs * problem.n_criteria > MAX_ANALYSIS_JUDGMENTS:
        return None  # past the analyses' size policy: left to analyze, which says so
    result = problem.score(contributions=False)
    return verdict(problem, result, smaa(problem, chosen))


def _rival(comparison: LensComparison, lens: str) -> str | None:
    """The lens whose ranking is least like ``lens``'s (lowest Spearman rho)."""
    pairs = comparison.correlations
    mine = pairs[(pairs.lens_a == lens) | (pairs.lens_b == lens)]
    if mine.empty:
        return None
    row = mine.sort_values("spearman", kind="stable").iloc[0]
    return str(row.lens_b if row.lens_a == lens else row.lens_a)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = plain(frame.to_dict(orient="records"))
    return records
