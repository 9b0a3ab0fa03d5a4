"""``gscore weights``: derive criterion weights from judgments or from the data."""

from __future__ import annotations

import json
import warnings
from typing import Any

import click

from scoring.cli._common import console, load_source

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
    from scoring.errors import InputError
    from scoring.weights import InconsistentJudgmentsWarning, ahp, derive_weights

    details: dict[str, Any] = {}
    notes: list[str] = []
    if kind in OBJECTIVE:
        if judgments:
            raise click.UsageError(f"--kind {kind} derives weights from --source scores; drop FILE")
        scenario = load_source(source)
        criteria = scenario.criterion_ids
        values = derive_weights(kind, scenario.values(), directions=None)
        chosen = kind
    else:
        if not judgments:
            raise click.UsageError("give a judgments FILE (or --kind critic|entropy|std)")
        from scoring.io.judgments import load_judgments

        parsed = load_judgments(judgments, kind)
        criteria, chosen = parsed.criteria, parsed.kind
        if chosen == "ahp":
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", InconsistentJudgmentsWarning)
                try:
                    result = ahp(parsed.pairwise)
                except InputError as error:
                    raise parsed.locate(error) from None
            values = result.weights
            details = {
                "lambda_max": result.lambda_max,
                "ci": result.ci,
                "cr": result.cr,
                "random_index": result.random_index,
                "consistent": result.consistent,
            }
            notes = [str(w.message) for w in caught]
        else:
            try:
                values = derive_weights(chosen, list(parsed.values))
            except InputError as error:
                raise parsed.locate(error) from None
    if kind not in OBJECTIVE:
        _check_criteria(str(judgments), parsed.lines, criteria, load_source(source).criterion_ids)
    table = dict(zip(criteria, (float(v) for v in values), strict=True))
    if fmt == "json":
        from scoring._json import EXPORT_DIGITS, plain

        document = {"kind": chosen, "weights": table, **details, "warnings": notes}
        click.echo(json.dumps(plain(document, digits=EXPORT_DIGITS), indent=2))  # no float noise, as every export
        return
    if fmt == "yaml" or lens_id:
        import yaml

        lens = {
            "id": lens_id or f"{chosen}_weights",
            "description": f"Weights derived by {chosen}",
            "weights": {k: round(v * 100, 4) for k, v in table.items()},
        }
        click.echo(yaml.safe_dump({"lenses": [lens]}, sort_keys=False), nl=False)
        return
    from rich.table import Table

    out = Table(title=f"Weights ({chosen})", header_style="bold")
    out.add_column("criterion")
    out.add_column("weight", justify="right")
    out.add_column("", no_wrap=True)
    for key, value in table.items():
        out.add_row(key, f"{value:.4f}", "█" * round(value * 40))
    console().print(out)
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
