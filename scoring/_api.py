"""The contract's entry points: :func:`evaluate` for arrays, :func:`load` and :func:`score`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy.typing as npt

from scoring.errors import InputError
from scoring.model import Lens, ScenarioSet
from scoring.problem import DecisionProblem
from scoring.result import Result

__all__ = ["BUILTIN_NAME", "evaluate", "load", "score"]

BUILTIN_NAME = "article.yaml"


def evaluate(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    directions: Sequence[object] | npt.ArrayLike | None = None,
    method: str = "wsm",
    **options: Any,
) -> Result:
    """Score a designs x criteria matrix with one aggregation method.

    Parameters
    ----------
    matrix : array_like, shape (n, m)
        Raw levels, one row per design, one column per criterion. NaN and inf are
        rejected with their row and column.
    weights : array_like, shape (m,)
        Non-negative; normalised to sum to 1.
    directions : sequence, optional
        Per criterion ``"max"``/``"min"`` (or ``1``/``-1``, ``"benefit"``/``"cost"``);
        default all ``"max"``.
    method : str
        ``"wsm"`` (default), ``"wpm"``, ``"topsis"``, ``"vikor"`` or ``"promethee"``.
    **options
        Method options. ``wsm`` takes ``bounds=(lower, upper)``: without it each
        column is rescaled over its observed range (a *local* scale, which depends
        on the designs compared); with it over the fixed bounds (a *global* scale).

    Returns
    -------
    Result
        ``.scores`` and ``.ranks`` (1 = best, ties share the better rank). For
        contributions, build the problem and score it:
        ``scoring.problem.DecisionProblem.from_arrays(...).score()``.

    Examples
    --------
    >>> import scoring
    >>> r = scoring.evaluate([[7, 200], [9, 300], [8, 100]], [0.5, 0.5], ["max", "min"])
    >>> r.scores.round(3).tolist(), r.ranks.tolist()
    ([0.25, 0.5, 0.75], [3, 2, 1])
    """
    return DecisionProblem.from_arrays(matrix, weights, directions, method, **options).score(contributions=False)


def load(path: str | Path | None = None) -> ScenarioSet:
    """Load a scenario set: a YAML/JSON file, an analyst workbook (.xlsx), or the built-in set.

    Parameters
    ----------
    path : str or Path, optional
        ``None`` loads the built-in article scenario set shipped with the package.

    Examples
    --------
    >>> import scoring
    >>> article = scoring.load()
    >>> len(article.designs) >= 8
    True
    """
    from scoring import spec

    if path is None:
        data = resources.files("scoring") / "data"
        raw = (data / BUILTIN_NAME).read_bytes()
        with resources.as_file(data) as folder:
            from scoring.provenance import sha256_bytes

            return spec.load_text(
                raw.decode("utf-8"), f"builtin:{BUILTIN_NAME}", base_dir=Path(folder), digest=sha256_bytes(raw)
            )
    if Path(path).is_dir():
        raise InputError.at(
            str(path), "is a directory; expected a scenario file (.yaml, .yml, .json) or an analyst workbook (.xlsx)"
        )
    if Path(path).suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        from scoring.workbook.reader import read_workbook

        workbook: ScenarioSet = read_workbook(path)
        return workbook
    return spec.load_file(path)


def score(
    scenario_set: ScenarioSet,
    lens: str | Lens | None = None,
    method: str = "wsm",
    *,
    vetoes: Mapping[str, float] | None = None,
    veto_mode: str = "flag",
    timestamp: str | None = None,
    **options: Any,
) -> Result:
    """Score a scenario set under one lens and method.

    With ``wsm`` the score is the weighted average of the 0-100 value scores (a cost
    criterion's level ``x`` counts as ``100 - x``), so totals are 0-100 and
    ``contributions`` sum to the total; ``low``/``high`` give the total with every
    judgment at the unfavourable / favourable end of its range. Other methods score
    the value scores too (see :class:`scoring.problem.DecisionProblem`).

    Parameters
    ----------
    scenario_set : ScenarioSet
    lens : str or Lens, optional
        Default: the set's default lens (``balanced`` for the built-in set).
    method : str
        See :func:`evaluate`.
    vetoes : mapping of criterion id to level, optional
        Non-compensatory thresholds on the 0-100 levels: a design below the level on a
        benefit criterion (above it on a cost criterion) is vetoed, whatever its total.
    veto_mode : {"flag", "exclude"}
        ``flag`` keeps vetoed designs and marks them (``details["vetoed"]``);
        ``exclude`` drops them before scoring (``result.vetoes.excluded`` lists them).
    timestamp : str, optional
        Fixed provenance timestamp (for byte-identical exports).
    **options
        Method options (``v=0.4`` for VIKOR, ``preference="linear", q=5, p=20`` for PROMETHEE).

    Examples
    --------
    >>> import scoring
    >>> result = scoring.score(scoring.load(), lens="kyiv")
    >>> list(result.table.columns[:4])
    ['design', 'name', 'score', 'rank']
    """
    problem = DecisionProblem.from_scenario(scenario_set, lens, method, vetoes=vetoes, veto_mode=veto_mode, **options)
    return problem.score(timestamp=timestamp)
