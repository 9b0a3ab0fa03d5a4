"""The one step from a scenario set (or arrays) to what an aggregation method scores.

Every number in the kit comes through a :class:`DecisionProblem`: :func:`scoring.score`,
SMAA, sensitivity and crossovers, the tornado, the lens comparison, dominance and vetoes,
the plots, the report, the command line, the notebooks and the worksheet functions. It
holds the matrix *exactly as the method sees it*, with the weights, directions, ranges,
the method's checked options and the labels, so that no face or analysis re-derives it.

From a scenario set (:meth:`DecisionProblem.from_scenario`) every method scores the 0-100
**value** scores: a cost criterion's level ``x`` becomes ``100 - x``, so every column is a
benefit column, and a judgment's range becomes ``[unfavourable, favourable]`` value. Each
method then adds its own defaults for value scores (``MethodSpec.value_options``): wsm the
fixed 0-100 scale (a global scale; totals shown x100, so the total is the weighted average
of the value scores), wpm an offset of 1 so that a value of 0 does not zero the product.
Options given explicitly win.

A judgment given without a range (``low == base == high``) is not certain just because no
range was typed: ``from_scenario`` widens an ``inferred`` one by 10 points either side and
an ``assumption`` by 20, clipped to 0-100 (:data:`scoring.model.UNRANGED_WIDENING`), so that
SMAA, the tornado and the score ranges see its uncertainty. ``quoted`` judgments and those
without a grounding are left as given; ``widened`` counts the judgments changed, and the
provenance records the rule whenever it changed any.

From arrays (:meth:`DecisionProblem.from_arrays`) the levels are scored as given, with
their directions (wsm on each column's observed range unless ``bounds`` are given);
:meth:`DecisionProblem.from_values` scores 0-100 value scores built elsewhere (composed
designs, the union of two versions) exactly as ``from_scenario`` scores a set's own.

>>> import scoring
>>> problem = DecisionProblem.from_scenario(scoring.load(), "kyiv", "topsis")
>>> problem.matrix.shape, problem.directions.tolist()[:3], problem.lens
((8, 10), [1, 1, 1], 'kyiv')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from scoring._types import BoolArray, FloatArray, SignArray
from scoring._validate import as_directions, as_labels, as_matrix, as_ranges, as_weights
from scoring.errors import InputError, InvalidMatrixError, UnknownNameError
from scoring.limits import MAX_CRITERIA, check_scoring, check_set_size
from scoring.methods import MethodSpec, get_method
from scoring.model import SCALE_MAX, UNRANGED_WIDENING, Lens, ScenarioSet
from scoring.provenance import provenance
from scoring.value_tree import branch_ids
from scoring.vetoes import Vetoes, apply_vetoes

if TYPE_CHECKING:
    from scoring.result import Result

__all__ = ["DecisionProblem", "Source", "Vetoes", "as_problem"]


def _frozen(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    array.setflags(write=False)
    return array


@dataclass(frozen=True, slots=True, eq=False)
class DecisionProblem:
    """What a method scores: the matrix as it sees it, weights, directions, ranges and labels.

    Attributes
    ----------
    matrix, low, high : ndarray (n, m)
        Levels as the method scores them, and the range of each (``low <= matrix <= high``).
        For a scenario set these are 0-100 *value* scores (higher is better on every column).
    weights : ndarray (m,)
        Normalised weights.
    directions : ndarray of int8 (m,)
        +1 benefit, -1 cost (all +1 on value scores).
    method : MethodSpec
        The aggregation method; ``options`` its checked, complete options.
    scale, label, digits : float, str, int
        Scores are shown multiplied by ``scale`` (wsm on value scores: 100), described by
        ``label`` and printed with ``digits`` decimals.
    design_ids, design_names, criterion_ids, criterion_names : tuple of str
        Labels (empty for bare arrays: see :meth:`labels`).
    criterion_branches, branch_ids, branch_names : tuple of str
        The value tree: each criterion's branch id, and the branches in order.
    lens : str or None
        The lens whose weights these are (scenario sets).
    vetoes : Vetoes
        Thresholds and the designs they flagged or excluded; ``vetoed`` marks flagged rows.
    scenario : ScenarioSet or None
        The set this was built from (lens comparison and provenance use it).
    widened : int
        Judgments without a range whose range was widened by grounding (see above).
    on_values : bool
        The matrix holds 0-100 value scores (:meth:`from_scenario`, :meth:`from_values`):
        another method (:meth:`with_method`) then scores them with its value-score options.
    """

    matrix: FloatArray
    low: FloatArray
    high: FloatArray
    weights: FloatArray
    directions: SignArray
    method: MethodSpec
    options: Mapping[str, Any]
    scale: float = 1.0
    label: str = ""
    digits: int = 3
    design_ids: tuple[str, ...] = ()
    design_names: tuple[str, ...] = ()
    criterion_ids: tuple[str, ...] = ()
    criterion_names: tuple[str, ...] = ()
    criterion_branches: tuple[str, ...] = ()
    branch_ids: tuple[str, ...] = ()
    branch_names: tuple[str, ...] = ()
    lens: str | None = None
    vetoes: Vetoes = field(default_factory=Vetoes)
    vetoed: BoolArray | None = None
    scenario: ScenarioSet | None = None
    given_options: Mapping[str, Any] = field(default_factory=dict)
    origin: str = ""
    origin_sha256: str = ""
    widened: int = 0
    on_values: bool = False

    # ------------------------------------------------------------------ building

    @classmethod
    def from_scenario(
        cls,
        scenario: ScenarioSet,
        lens: str | Lens | None = None,
        method: str | MethodSpec = "wsm",
        *,
        vetoes: Mapping[str, float] | None = None,
        veto_mode: str = "flag",
        **options: Any,
    ) -> DecisionProblem:
        """The problem a method scores for a scenario set under a lens (see the module docstring).

        ``vetoes`` are non-compensatory thresholds on the 0-100 *levels*: below it on a
        benefit criterion (above it on a cost criterion) a design is vetoed, and
        ``veto_mode`` says whether it is flagged (kept and marked) or excluded.
        """
        spec = method if isinstance(method, MethodSpec) else get_method(method)
        if "bounds" in options:
            raise UnknownNameError.at(
                "bounds", "a scenario set's scale is fixed at 0-100; bounds apply to raw arrays (scoring.evaluate)"
            )
        n, m = len(scenario.designs), len(scenario.criteria)
        check_set_size(n, m, len(scenario.lenses), scenario.origin or "scenario set")
        check_scoring(n * m + spec.sample_cells(n, m, False), n, m, spec.name, scenario.origin or "scenario set")
        chosen = lens if isinstance(lens, Lens) else scenario.lens(lens)
        weights = scenario.weights(chosen)
        scenario, found, flagged = apply_vetoes(scenario, vetoes or {}, veto_mode)
        values = scenario.values("base")
        low_levels, high_levels, widened = scenario.widened_levels()
        cost = scenario.directions < 0
        ends = [np.where(cost, SCALE_MAX - levels, levels) for levels in (low_levels, high_levels)]
        low, high = np.minimum(*ends), np.maximum(*ends)
        given = dict(options)
        checked = spec.check_options({**spec.value_options, **given}, (values, low, high))
        names = {b.id: b.name for b in scenario.branches}
        branches = branch_ids(scenario)
        return cls(
            matrix=_frozen(values),
            low=_frozen(low),
            high=_frozen(high),
            weights=_frozen(weights),
            directions=_frozen(np.ones(len(scenario.criteria), dtype=np.int8)),
            method=spec,
            options=checked,
            scale=spec.value_scale,
            label=spec.value_label or spec.label,
            digits=spec.value_digits,
            design_ids=scenario.design_ids,
            design_names=tuple(d.name for d in scenario.designs),
            criterion_ids=scenario.criterion_ids,
            criterion_names=tuple(c.name for c in scenario.criteria),
            criterion_branches=tuple(c.branch for c in scenario.criteria),
            branch_ids=branches,
            branch_names=tuple(names.get(b, b) for b in branches),
            lens=chosen.id,
            vetoes=found,
            vetoed=None if flagged is None else _frozen(flagged),
            scenario=scenario,
            given_options=given,
            origin=scenario.origin,
            origin_sha256=scenario.origin_sha256,
            widened=widened,
            on_values=True,
        )

    @classmethod
    def from_arrays(
        cls,
        matrix: npt.ArrayLike,
        weights: npt.ArrayLike | None = None,
        directions: Sequence[object] | npt.ArrayLike | None = None,
        method: str | MethodSpec = "wsm",
        *,
        matrix_low: npt.ArrayLike | None = None,
        matrix_high: npt.ArrayLike | None = None,
        design_ids: Sequence[str] | None = None,
        design_names: Sequence[str] | None = None,
        criterion_ids: Sequence[str] | None = None,
        **options: Any,
    ) -> DecisionProblem:
        """The problem for a raw designs x criteria matrix (levels scored as given).

        ``weights=None`` gives equal weights. ``matrix_low``/``matrix_high`` give each level
        a range (``matrix_low <= matrix <= matrix_high``), used by SMAA and the tornado.
        Labels default to ``D1``... and ``C1``...
        """
        spec = method if isinstance(method, MethodSpec) else get_method(method)
        values = as_matrix(matrix)
        n, m = values.shape
        if m > MAX_CRITERIA:
            raise InvalidMatrixError.at("matrix", f"{m:,} criteria (columns); at most {MAX_CRITERIA} are allowed")
        check_scoring(n * m + spec.sample_cells(n, m, False), n, m, spec.name)
        signs = as_directions(directions, m)
        normalised = np.full(m, 1.0 / m) if weights is None else as_weights(weights, m)
        lower, upper = as_ranges(values, matrix_low, matrix_high)
        given = dict(options)
        checked = spec.check_options(given, (values, lower, upper))
        ids = as_labels(design_ids, n, "design_ids")
        return cls(
            matrix=values,
            low=lower,
            high=upper,
            weights=normalised,
            directions=signs,
            method=spec,
            options=checked,
            label=spec.label,
            digits=spec.digits,
            design_ids=ids,
            design_names=as_labels(design_names, n, "design_names") or ids,
            criterion_ids=as_labels(criterion_ids, m, "criterion_ids"),
            given_options=given,
        )

    @classmethod
    def from_values(
        cls,
        values: npt.ArrayLike,
        weights: npt.ArrayLike,
        method: str | MethodSpec = "wsm",
        *,
        low: npt.ArrayLike | None = None,
        high: npt.ArrayLike | None = None,
        design_ids: Sequence[str] | None = None,
        criterion_ids: Sequence[str] | None = None,
        **options: Any,
    ) -> DecisionProblem:
        """0-100 value scores that are not a scenario set's own (composed designs, two versions' union).

        Scored exactly as :meth:`from_scenario` scores a set's values: the method's value-score
        options (``MethodSpec.value_options``; options given win), scale, label and precision.
        """
        levels = cls.from_arrays(
            values, weights, matrix_low=low, matrix_high=high, design_ids=design_ids, criterion_ids=criterion_ids
        )
        return dataclasses.replace(levels, on_values=True).with_method(method, **options)

    def with_method(self, method: str | MethodSpec, **options: Any) -> DecisionProblem:
        """The same designs and weights scored by another method (or with other options)."""
        if self.scenario is not None:
            vetoes = dict(self.vetoes.thresholds) or None
            rebuilt = DecisionProblem.from_scenario(
                self.scenario, self.lens, method, vetoes=vetoes, veto_mode=self.vetoes.mode, **options
            )
            return dataclasses.replace(rebuilt, weights=self.weights, lens=self.lens)
        spec = method if isinstance(method, MethodSpec) else get_method(method)
        defaults = spec.value_options if self.on_values else {}
        checked = spec.check_options({**defaults, **options}, (self.matrix, self.low, self.high))
        scale, label, digits = (
            (spec.value_scale, spec.value_label or spec.label, spec.value_digits)
            if self.on_values
            else (1.0, spec.label, spec.digits)
        )
        return dataclasses.replace(
            self, method=spec, options=checked, given_options=dict(options), scale=scale, label=label, digits=digits
        )

    def with_lens(self, lens: str | Lens) -> DecisionProblem:
        """The same problem under another lens of its scenario set."""
        if self.scenario is None:
            raise InputError.at("lens", "a problem built from arrays has no lenses; use with_weights")
        chosen = lens if isinstance(lens, Lens) else self.scenario.lens(lens)
        return dataclasses.replace(self, weights=_frozen(self.scenario.weights(chosen)), lens=chosen.id)

    def with_weights(self, weights: npt.ArrayLike) -> DecisionProblem:
        """The same problem with other weights (normalised; no lens)."""
        return dataclasses.replace(self, weights=_frozen(as_weights(weights, self.n_criteria)), lens=None)

    # ------------------------------------------------------------------ views

    @property
    def n_designs(self) -> int:
        """Number of designs (rows)."""
        return int(self.matrix.shape[0])

    @property
    def n_criteria(self) -> int:
        """Number of criteria (columns)."""
        return int(self.matrix.shape[1])

    @property
    def varies(self) -> BoolArray:
        """Cells whose level has a range (``low < high``)."""
        varying: BoolArray = self.high > self.low
        return varying

    def labels(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """Design ids, design names and criterion ids, numbered ``D1``/``C1``... when absent."""
        designs = self.design_ids or tuple(f"D{i + 1}" for i in range(self.n_designs))
        names = self.design_names or designs
        criteria = self.criterion_ids or tuple(f"C{j + 1}" for j in range(self.n_criteria))
        return designs, names, criteria

    def ends(self) -> tuple[FloatArray, FloatArray]:
        """The least and the most favourable level of every cell (cost criteria: high, low)."""
        worst = np.where(self.directions > 0, self.low, self.high)
        best = np.where(self.directions > 0, self.high, self.low)
        return worst, best

    def batch(self, weights: npt.ArrayLike, matrices: FloatArray | None = None) -> FloatArray:
        """Raw method scores for k weight vectors (and optionally k matrices): (k, n)."""
        vectors = np.atleast_2d(np.asarray(weights, dtype=np.float64))
        result: FloatArray = self.method.batch(
            self.matrix if matrices is None else matrices, vectors, self.directions, **self.options
        )
        return result

    def parts(self, matrix: FloatArray | None = None) -> FloatArray | None:
        """Linear methods: per-criterion parts with ``score = parts @ weights`` (None otherwise)."""
        if self.method.parts is None:
            return None
        levels = self.matrix if matrix is None else matrix
        found: FloatArray = self.method.parts(levels, self.directions, **self.options)
        return found

    def score(self, *, timestamp: str | None = None, contributions: bool = True) -> Result:
        """Score and rank the designs (see :func:`scoring.score`).

        ``contributions=False`` skips the per-criterion contributions of linear methods (an
        (n, m) array: :func:`scoring.evaluate` leaves them out for speed on large arrays).
        """
        from scoring._scoring import score_problem

        return score_problem(self, timestamp=timestamp, contributions=contributions)

    def provenance(self, *, timestamp: str | None = None, **extra: Any) -> dict[str, Any]:
        """The provenance record of anything computed from this problem (one schema everywhere)."""
        thresholds = self.vetoes.thresholds
        recorded: dict[str, Any] = {"vetoes": dict(thresholds), "veto_mode": self.vetoes.mode} if thresholds else {}
        if self.widened:
            recorded["unranged_widening"] = {**UNRANGED_WIDENING, "judgments": self.widened}
        return provenance(
            input_name=self.origin,
            input_sha256=self.origin_sha256,
            method=self.method.name,
            method_options={k: v for k, v in self.options.items() if v is not None},
            lens=self.lens,
            criteria=self.criterion_ids,
            weights=self.weights,
            timestamp=timestamp,
            **recorded,
            **extra,
        )


#: Anything an analysis accepts: a problem, or a scenario set (with lens and method).
Source = DecisionProblem | ScenarioSet


def as_problem(
    source: Source, lens: str | Lens | None = None, method: str | MethodSpec | None = None, **options: Any
) -> DecisionProblem:
    """``source`` as a :class:`DecisionProblem`: built from a scenario set, or re-derived for another method.

    Raises
    ------
    InputError
        ``source`` is neither a problem nor a scenario set, or a lens is asked of a problem
        built from arrays.
    """
    if isinstance(source, ScenarioSet):
        return DecisionProblem.from_scenario(source, lens, method or "wsm", **options)
    if isinstance(source, DecisionProblem):
        problem = source
        if lens is not None:
            problem = problem.with_lens(lens)
        if method is not None or options:
            problem = problem.with_method(method or problem.method, **{**problem.given_options, **options})
        return problem
    raise InputError.at("source", f"expected a DecisionProblem or a ScenarioSet, got {type(source).__name__}")
