"""``gscore weights``: derive criterion weights from judgments or from the data."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click

from scoring.cli._common import console, load_source

if TYPE_CHECKING:
    from scoring._types import FloatArray

__all__ = ["COMMANDS"]

OBJECTIVE = ("critic", "entropy", "std")


@click.command()
@click.argument("judgments", required=False, metavar="[FILE]")
@click.option(
    "--kind",
    "-k",
    type=click.Choice(["swing", "direct", "roc", "rank_sum", "ahp", *OBJECTIVE]),
    default=None,
    help="How to derive weights (default: the file's own 'kind'). critic/entropy/std use the scores of --source.",
)
@click.option(
    "--source",
    "-s",
    default=None,
    metavar="SOURCE",
    help="Scenario file or workbook whose criteria FILE must name (and whose scores critic/entropy/std use); "
    "default: the article set.",
)
@click.option(
    "--lens-id",
    default=None,
    metavar="ID",
    help="Print a lens block with this id, ready to paste into a scenario file.",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["table", "json", "yaml"]),
    default="table",
    show_default=True,
    help="Output format.",
)
def weights(judgments: str | None, kind: str | None, source: str | None, lens_id: str | None, fmt: str) -> None:
    """Derive criterion weights from swing points, a ranking or a pairwise (AHP) matrix in FILE,
    or from the spread of the scores (critic, entropy, std).

    \b
    Examples:
      gscore weights swing.yaml                 # kind: swing, values: {criterion: points}
      gscore weights pairwise.csv --kind ahp    # square matrix with ids in header and first column
      gscore weights --kind critic              # objective weights from the article set's scores
      gscore weights ranks.csv --kind roc --lens-id my_view --format yaml

    AHP prints lambda-max, CI and CR (Saaty's random index) and warns above CR 0.10.
    """
    if kind in OBJECTIVE:
        if judgments:
            raise click.UsageError(f"--kind {kind} derives weights from --source scores; drop FILE")
        derived = _objective_weights(kind, source)
    else:
        if not judgments:
            raise click.UsageError("give a judgments FILE (or --kind critic|entropy|std)")
        derived = _judged_weights(judgments, kind, source)
    table = dict(zip(derived.criteria, (float(v) for v in derived.values), strict=True))
    if fmt == "json":
        _echo_json(derived, table)
    elif fmt == "yaml" or lens_id:
        _echo_lens(derived.kind, table, lens_id)
    else:
        _print_table(derived, table)


@dataclass(frozen=True)
class _Derived:
    """Weights as derived, before they are shown: AHP adds its consistency figures and warnings."""

    kind: str
    criteria: tuple[str, ...]
    values: FloatArray
    details: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def _objective_weights(kind: str, source: str | None) -> _Derived:
    """critic, entropy or std weights from the scores of SOURCE."""
    from scoring.weights import derive_weights

    scenario = load_source(source)
    values = derive_weights(kind, scenario.values(), directions=None)
    return _Derived(kind, scenario.criterion_ids, values)


def _judged_weights(judgments: str, kind: str | None, source: str | None) -> _Derived:
    """Weights from the judgments in FILE, whose criteria must be those of SOURCE."""
    from scoring.errors import InputError
    from scoring.io.judgments import load_judgments
    from scoring.weights import derive_weights

    parsed = load_judgments(judgments, kind)
    if parsed.kind == "ahp":
        derived = _ahp_weights(parsed)
    else:
        try:
            derived = _Derived(parsed.kind, parsed.criteria, derive_weights(parsed.kind, list(parsed.values)))
        except InputError as error:
            raise parsed.locate(error) from None
    _check_criteria(str(judgments), parsed.lines, parsed.criteria, load_source(source).criterion_ids)
    return derived


def _ahp_weights(parsed: Any) -> _Derived:
    """AHP weights of a pairwise matrix, with lambda-max, CI, CR and the consistency warning (if any)."""
    from scoring.errors import InputError
    from scoring.weights import InconsistentJudgmentsWarning, ahp

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InconsistentJudgmentsWarning)
        try:
            result = ahp(parsed.pairwise)
        except InputError as error:
            raise parsed.locate(error) from None
    details = {
        "lambda_max": result.lambda_max,
        "ci": result.ci,
        "cr": result.cr,
        "random_index": result.random_index,
        "consistent": result.consistent,
    }
    return _Derived("ahp", parsed.criteria, result.weights, details, tuple(str(w.message) for w in caught))


def _echo_json(derived: _Derived, table: dict[str, float]) -> None:
    from scoring._json import EXPORT_DIGITS, plain

    document = {"kind": derived.kind, "weights": table, **derived.details, "warnings": list(derived.notes)}
    click.echo(json.dumps(plain(document, digits=EXPORT_DIGITS), indent=2))  # no float noise, as every export


def _echo_lens(chosen: str, table: dict[str, float], lens_id: str | None) -> None:
    """A lens block, ready to paste into a scenario file."""
    import yaml

    lens = {
        "id": lens_id or f"{chosen}_weights",
        "description": f"Weights derived by {chosen}",
        "weights": {k: round(v * 100, 4) for k, v in table.items()},
    }
    click.echo(yaml.safe_dump({"lenses": [lens]}, sort_keys=False), nl=False)


def _print_table(derived: _Derived, table: dict[str, float]) -> None:
    from scoring.cli._tables import plain_table

    out = plain_table(f"Weights ({derived.kind})")
    out.add_column("criterion")
    out.add_column("weight", justify="right")
    out.add_column("", no_wrap=True)
    for key, value in table.items():
        out.add_row(key, f"{value:.4f}", "█" * round(value * 40))
    console().print(out)
    details = derived.details
    if details:
        console().print(
            f"lambda_max {details['lambda_max']:.4f}   CI {details['ci']:.4f}   CR {details['cr']:.4f} "
            f"(random index {details['random_index']:.2f}): "
            + (
                "consistent (CR <= 0.10)"
                if details["consistent"]
                else "INCONSISTENT (CR > 0.10): revisit the judgments"
            )
        )


def _check_criteria(path: str, lines: tuple[str, ...], given: tuple[str, ...], known: tuple[str, ...]) -> None:
    """The file must name every criterion of the source, and nothing else (a typo is not a new criterion)."""
    from scoring.errors import InputError, unknown_name

    for k, ident in enumerate(given):
        if ident not in known:
            where = lines[k] if k < len(lines) else path
            raise InputError.at(where, unknown_name(where, "criterion", ident, known).problems[0].message)
    missing = [ident for ident in known if ident not in given]
    if missing:
        raise InputError.at(
            path,
            f"no value for criterion {missing[0]!r} (and {len(missing) - 1} more); write 0 to give a "
            "criterion no weight"
            if len(missing) > 1
            else f"no value for criterion {missing[0]!r}; write 0 to give a criterion no weight",
        )


COMMANDS = [weights]
