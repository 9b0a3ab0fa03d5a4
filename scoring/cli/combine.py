"""``gscore combine``: several analysts' judgments (and AHP matrices) combined into one set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from scoring.cli._common import console, lens_option, load_source, shown, table_options
from scoring.cli._output import output_options
from scoring.cli._tables import plain_table

__all__ = ["COMMANDS", "combine"]


@click.command()
@click.argument("sources", nargs=-1, metavar="SOURCE...")
@table_options
@lens_option
@click.option(
    "--aggregate",
    type=click.Choice(["median", "mean"]),
    default="median",
    show_default=True,
    help="How the analysts' base levels are combined.",
)
@click.option("--names", default=None, metavar="A,B,...", help="The analysts' names (default: the file names).")
@click.option(
    "--ahp",
    "ahp_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="An analyst's AHP pairwise matrix (a weights file); two or more are combined by the geometric mean "
    "and added as the lens 'group_ahp'. Repeatable.",
)
@output_options(
    "The combined set (.yaml/.json/.xlsx), or with --ahp alone the group judgments file (.yaml/.json).",
    timestamp=None,
)
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True, help="Disagreement rows shown.")
def combine(
    sources: tuple[str, ...],
    lens: str | None,
    aggregate: str,
    names: str | None,
    ahp_files: tuple[str, ...],
    out: Path | None,
    force: bool,
    fmt: str,
    limit: int,
) -> None:
    """Combine several analysts' judgments of the same designs and criteria into one set.

    Each base becomes the median (or --aggregate mean) of the analysts' levels; low and
    high span every analyst's values and ranges; the rationale keeps each analyst's; the
    confidence drops where they disagree (bases more than 20 points apart). The table
    lists where they disagree most; `gscore analyze` on the combined set shows how much
    that matters.

    \b
    Examples:
      gscore combine alice.yaml bob.xlsx carol.csv --out combined.yaml
      gscore combine alice.yaml bob.yaml --ahp alice-ahp.csv --ahp bob-ahp.csv --out combined.yaml
      gscore combine --ahp alice-ahp.csv --ahp bob-ahp.csv --out group-ahp.yaml
    """
    from scoring.analysis.combine import combine as merge
    from scoring.analysis.combine import disagreement
    from scoring.io.atomic import check_output
    from scoring.limits import check_analysts

    if len(sources) == 1:
        raise click.UsageError("give two or more SOURCEs to combine (or only --ahp files)")
    if not sources and len(ahp_files) < 2:
        raise click.UsageError("give two or more SOURCEs, or two or more --ahp files")
    if len(ahp_files) == 1:
        raise click.UsageError("--ahp needs two or more files (one per analyst)")
    allowed = (".yaml", ".yml", ".json") + ((".xlsx", ".csv") if sources else ())
    if out is not None and out.suffix.lower() not in allowed:
        raise click.UsageError(f"--out {out.name}: expected one of {', '.join(allowed)}")
    if out is not None:
        check_output(out, inputs=(*sources, *ahp_files), force=force)
    check_analysts(len(ahp_files), where="--ahp")
    group = _group_ahp(ahp_files) if ahp_files else None
    who = [n.strip() for n in names.split(",")] if names else None
    if not sources:
        assert group is not None
        _report_ahp(group, fmt, ahp_files)
        if out is not None:
            _write_ahp(group, out, force=force)
        return
    check_analysts(len(sources), where="SOURCE")  # refused before anything is loaded
    first = load_source(sources[0])
    check_analysts(len(sources), len(first.designs) * len(first.criteria), where="SOURCE")
    combined = merge([first, *(load_source(s) for s in sources[1:])], aggregate=aggregate, names=who)
    if group is not None:
        combined = _with_ahp_lens(combined, group)
    table = disagreement(combined, lens)
    assert table is not None
    if fmt == "json":
        document: dict[str, Any] = {
            "analysts": list(combined.analysts.names) if combined.analysts else [],
            "aggregate": aggregate,
            "judgments": len(combined.designs) * len(combined.criteria),
            "disagreements": json.loads(table.to_json(orient="records")),
        }
        if group is not None:
            document["group_ahp"] = _ahp_document(group, ahp_files)
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        _print_disagreement(combined, table, limit)
        if group is not None:
            _report_ahp(group, "table", ahp_files)
    if out is not None:
        from scoring.spec.convert import save

        for note in save(combined, out, force=force):
            click.echo(f"note: {note}", err=True)
        from scoring._text import plural

        differ = plural(len(table), "judgment")
        click.echo(f"wrote {shown(out)} ({len(sources)} analysts, {differ} where they differ)", err=True)


def _print_disagreement(combined: Any, table: Any, limit: int) -> None:
    from rich.text import Text

    from scoring._text import plural

    names = list(combined.analysts.names)
    total = len(combined.designs) * len(combined.criteria)
    out = console()
    out.print(
        Text(
            f"{len(names)} analysts ({', '.join(names)}) differ on {len(table)} of {plural(total, 'judgment')}",
            style="bold",
        )
    )
    if table.empty or not limit:
        return
    shown = plain_table("Where the analysts disagree (largest spread first)")
    shown.add_column("design / criterion", ratio=1, overflow="fold")
    tags = [f"A{k + 1}" for k in range(len(names))]
    for column in (*tags, "spread", "base", "at stake"):
        shown.add_column(column, justify="right", no_wrap=True)
    for row in table.head(limit).itertuples(index=False):
        values = list(row)
        levels = values[2 : 2 + len(names)]
        spread, base, *_rest, stake = values[2 + len(names) :]
        shown.add_row(
            f"{values[0]} / {values[1]}", *(f"{v:g}" for v in levels), f"{spread:g}", f"{base:g}", f"{stake:.1f}"
        )
    out.print(shown)
    if len(table) > limit:
        out.print(f"  ... and {len(table) - limit} more (--limit N, or --format json)")
    out.print(", ".join(f"{tag}: {name}" for tag, name in zip(tags, names, strict=True)) + "; base: the combined level")
    out.print("at stake: the lens weight x the spread, the points of a total this disagreement alone can move")


def _group_ahp(files: tuple[str, ...]) -> Any:
    import warnings

    from scoring.analysis.combine import combine_ahp
    from scoring.errors import InputError
    from scoring.io.judgments import load_judgments
    from scoring.weights import InconsistentJudgmentsWarning, ahp

    parsed = [load_judgments(f, "ahp") for f in files]
    for item in parsed:  # each analyst's matrix checked first, so that an error names its file and line
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", InconsistentJudgmentsWarning)
                ahp(item.pairwise)
        except InputError as error:
            raise item.locate(error) from None
    try:
        return combine_ahp([p.pairwise for p in parsed], [p.criteria for p in parsed])
    except InputError as error:
        where = error.problems[0].where
        for k in range(len(parsed)):
            if where == f"matrix {k + 1}":
                raise InputError.at(files[k], error.problems[0].message) from None
        raise


def _ahp_document(group: Any, files: tuple[str, ...]) -> dict[str, Any]:
    return {
        "criteria": list(group.criteria),
        "weights": dict(zip(group.criteria, group.group.weights.tolist(), strict=True)),
        "cr": group.group.cr,
        "consistent": group.group.consistent,
        "individual_cr": {f: r.cr for f, r in zip(files, group.individual, strict=True)},
    }


def _report_ahp(group: Any, fmt: str, files: tuple[str, ...]) -> None:
    if fmt == "json":
        click.echo(json.dumps({"group_ahp": _ahp_document(group, files)}, indent=2))
        return
    from rich.text import Text

    out = console()
    out.print(Text("Group AHP weights (geometric mean of the judgments, Aczél and Saaty 1983)", style="bold"))
    for criterion, weight in zip(group.criteria, group.group.weights, strict=True):
        out.print(f"  {criterion:<28} {weight:.4f}")
    state = "consistent" if group.group.consistent else "INCONSISTENT (CR > 0.10)"
    each = ", ".join(f"{Path(f).name} {r.cr:.3f}" for f, r in zip(files, group.individual, strict=True))
    out.print(f"group CR {group.group.cr:.3f}: {state}; each analyst's CR: {each}")


def _write_ahp(group: Any, out: Path, *, force: bool) -> None:
    import yaml

    from scoring.io.atomic import write_text

    document = {
        "kind": "ahp",
        "criteria": list(group.criteria),
        "pairwise": [[float(v) for v in row] for row in group.matrix],
    }
    text = json.dumps(document, indent=2) + "\n" if out.suffix.lower() == ".json" else yaml.safe_dump(document)
    write_text(out, text, force=force)
    click.echo(f"wrote {shown(out)} (group AHP judgments, CR {group.group.cr:.3f})", err=True)


def _with_ahp_lens(combined: Any, group: Any) -> Any:
    from scoring.errors import InputError

    unknown = [c for c in group.criteria if c not in combined.criterion_ids]
    if unknown:
        raise InputError.at("--ahp", f"criteria not in the sets: {', '.join(unknown)}")
    given = {c: float(w) * 100.0 for c, w in zip(group.criteria, group.group.weights, strict=True)}
    points = {c: given.get(c, 0.0) for c in combined.criterion_ids}  # criteria the matrices leave out weigh 0
    note = f"Group AHP: geometric mean of the analysts' judgments (group CR {group.group.cr:.3f})"
    lensed = combined.with_weights("group_ahp", points, note)
    import dataclasses

    return dataclasses.replace(lensed, default_lens=combined.default_lens)


COMMANDS = [combine]
