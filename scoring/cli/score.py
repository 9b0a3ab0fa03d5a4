"""``gscore score``: rank the designs of a source under one lens and method."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from scoring.cli._common import (
    command_line_number,
    console,
    export_options,
    lens_option,
    load_source,
    method_option,
    method_options_option,
    parse_method_options,
    resolve_format,
    shown,
    source_argument,
    table_options,
)

__all__ = ["COMMANDS", "score"]


@click.command()
@source_argument
@table_options
@lens_option
@method_option
@method_options_option
@export_options
@click.option(
    "--veto",
    "veto",
    multiple=True,
    metavar="CRITERION=LEVEL",
    help="Non-compensatory threshold on a 0-100 level (below it on a benefit criterion, above it on a cost "
    "criterion, a design is vetoed). Repeatable.",
)
@click.option(
    "--veto-mode",
    type=click.Choice(["flag", "exclude"]),
    default="flag",
    show_default=True,
    help="flag: keep vetoed designs and mark them; exclude: drop them before ranking.",
)
@click.option("--by-branch", is_flag=True, help="Terminal table: add each value-tree branch's share of the total.")
@click.option(
    "--verdict/--no-verdict",
    default=True,
    show_default=True,
    help="Add the plain-language verdict (the same SMAA-2 run as gscore analyze; skipped for very large sets).",
)
@click.option("--timestamp", default=None, metavar="ISO", help="Fix the provenance timestamp (byte-identical outputs).")
def score(
    source: str | None,
    lens: str | None,
    method: str,
    method_options: tuple[str, ...],
    fmt: str | None,
    out: Path | None,
    force: bool,
    veto: tuple[str, ...],
    veto_mode: str,
    by_branch: bool,
    verdict: bool,
    timestamp: str | None,
) -> None:
    """Score and rank the designs of SOURCE under one lens (or every lens) and one method.

    \b
    Examples:
      gscore score
      gscore score --lens all                      every lens side by side
      gscore score --lens washington --method topsis
      gscore score --method promethee --option preference=linear --option q=5 --option p=20
      gscore score my-set.yaml --out scored.xlsx
      gscore score analyst.xlsx --format json
      gscore score --veto us_participation=20 --veto-mode exclude
      gscore score --by-branch

    The output starts with the verdict (how robust the top spot is; see docs/glossary.md)
    and says which designs are dominated (no better anywhere, worse somewhere) and by whom;
    JSON and XLSX exports carry that and the per-branch shares too.
    """
    from scoring.problem import DecisionProblem

    chosen = resolve_format(fmt, out)
    vetoes = _parse_vetoes(veto)
    _check_outputs(out, chosen, source, force)
    scenario = load_source(source)
    options = parse_method_options(method_options)
    stamp = timestamp or _env_timestamp()
    if lens is not None and lens.strip().lower() == "all":
        if vetoes:
            raise click.UsageError("--veto applies to one lens; drop --lens all or the vetoes")
        _every_lens(scenario, method, options, chosen, out, stamp, force=force)
        return
    problem = DecisionProblem.from_scenario(scenario, lens, method, vetoes=vetoes, veto_mode=veto_mode, **options)
    result = problem.score(timestamp=stamp)
    found = _verdict(problem) if verdict else None
    extra = {**_dominance_document(problem), "verdict": None if found is None else found.record()}
    if out is not None:
        _write(source, result, out, chosen, extra, force=force)
        return
    _show(scenario, result, chosen, extra, found, asked=verdict, by_branch=by_branch)


def _check_outputs(out: Path | None, chosen: str, source: str | None, force: bool) -> None:
    from scoring.io.atomic import check_output

    if out is None:
        return
    check_output(out, inputs=(source,) if source else (), force=force)
    if chosen == "csv":
        from scoring.io.export import sidecar_for

        check_output(sidecar_for(out), inputs=(source,) if source else (), force=force)


def _verdict(problem: Any) -> Any:
    from scoring.analysis.bundle import quick_verdict

    return quick_verdict(problem)


def _write(source: str | None, result: Any, out: Path, chosen: str, extra: dict[str, Any], *, force: bool) -> None:
    from scoring._text import plural
    from scoring.io.export import write_result

    if chosen == "xlsx" and source and Path(source).suffix.lower() == ".xlsx":
        from scoring.workbook.writer import write_scored_workbook

        write_scored_workbook(source, result, out, force=force)
    else:
        write_result(result, out, chosen, extra=extra, force=force)
    also = " and its provenance sidecar" if chosen == "csv" else ""
    click.echo(
        f"wrote {shown(out)}{also} ({chosen}, {plural(len(result.scores), 'design')}, lens {result.lens}, "
        f"method {result.method})",
        err=True,
    )


def _show(
    scenario: Any, result: Any, chosen: str, extra: dict[str, Any], found: Any, *, asked: bool, by_branch: bool
) -> None:
    from scoring.io.export import to_csv, to_json, to_markdown

    if chosen == "json":
        click.echo(to_json(result, extra=extra), nl=False)
    elif chosen == "csv":
        click.echo(to_csv(result.table), nl=False)
    elif chosen == "md":
        click.echo(to_markdown(result.table), nl=False)
    else:
        from scoring.cli._tables import score_table, verdict_text

        out = console()
        if found is not None:
            out.print(verdict_text(found))
            out.print()
        elif asked:  # asked for, but past the quick verdict's budget
            out.print("(no verdict: the set is too large for a quick one; run gscore analyze)")
        branches = {b.id: b.name for b in scenario.branches} if by_branch else None
        title = f"{scenario.title}\nlens: {result.lens}, method: {result.method}"
        out.print(score_table(result, title=title, width=out.width, branch_names=branches))
        _print_dominance(extra["dominance"])


def _every_lens(
    scenario: Any, method: str, options: dict[str, Any], chosen: str, out: Path | None, stamp: Any, *, force: bool
) -> None:
    """``--lens all``: every lens side by side (scores and ranks), in every format."""
    from scoring.analysis.lenses import compare_lenses
    from scoring.problem import DecisionProblem

    problem = DecisionProblem.from_scenario(scenario, None, method, **options)
    comparison = compare_lenses(problem)
    names = {d.id: d.name for d in scenario.designs}
    frame = comparison.to_frame()
    frame.insert(1, "name", [names[d] for d in frame["design"]])
    record = {**problem.provenance(timestamp=stamp), "lens": "all", "weights": None}
    verdicts = _lens_verdicts(scenario, [str(c) for c in comparison.ranks.columns], method, options)
    if chosen == "table" and out is None:
        from scoring.cli._tables import lens_scores_table

        title = f"{scenario.title}\nevery lens, method: {comparison.method}"
        terminal = console()  # the verdicts first, as for one lens
        terminal.print("Verdict per lens (gscore score --lens NAME for its words; see docs/glossary.md):")
        for lens, found in verdicts.items():
            terminal.print(f"  {lens}: {_verdict_line(found, names)}")
        terminal.print()
        terminal.print(lens_scores_table(comparison, names, title=title))
        return
    extra = {"verdicts": {lens: None if v is None else v.record() for lens, v in verdicts.items()}}
    _write_frame(frame, record, chosen, out, label="every lens", force=force, extra=extra)


def _lens_verdicts(scenario: Any, lenses: list[str], method: str, options: dict[str, Any]) -> dict[str, Any]:
    """Each lens's verdict (the one ``gscore score --lens LENS`` prints), or None past the quick budget."""
    from scoring.analysis.bundle import quick_verdict
    from scoring.problem import DecisionProblem

    return {lens: quick_verdict(DecisionProblem.from_scenario(scenario, lens, method, **options)) for lens in lenses}


def _verdict_line(found: Any, names: dict[str, str]) -> str:
    """One line: the level, the design first at the lens's weights and how often it is best."""
    if found is None:
        return "(the set is too large for a quick verdict; run gscore analyze)"
    share = found.shares.get(found.leader, 1.0)
    line = f"{found.level}: {names[found.leader]} first at its weights, best in {share:.0%} of draws"
    rival = max((d for d in found.shares if d != found.leader), key=lambda d: found.shares[d], default=None)
    if rival is not None and found.level in ("contested", "no robust winner", "likely"):
        line += f" ({names[rival]} in {found.shares[rival]:.0%})"
    return line


def _write_frame(
    frame: Any,
    record: dict[str, Any],
    chosen: str,
    out: Path | None,
    *,
    label: str,
    force: bool,
    extra: dict[str, Any] | None = None,
) -> None:
    import json

    from scoring._json import EXPORT_DIGITS, plain
    from scoring.io.atomic import write_text
    from scoring.io.export import provenance_footer, to_csv, to_markdown, write_csv_with_provenance, write_xlsx_tables

    rows = frame.to_dict(orient="records")
    document = json.dumps(
        plain({"provenance": record, "rows": rows, **(extra or {})}, digits=EXPORT_DIGITS), indent=2, ensure_ascii=False
    )
    if out is None:
        text = {"json": document + "\n", "csv": to_csv(frame), "md": to_markdown(frame)}[chosen]
        click.echo(text, nl=False)
        return
    if chosen == "json":
        write_text(out, document + "\n", force=force)
    elif chosen == "csv":
        write_csv_with_provenance(out, frame, record, force=force)
    elif chosen == "md":
        write_text(out, to_markdown(frame) + provenance_footer(record), force=force)
    else:
        write_xlsx_tables(out, {"Lenses": frame}, record, force=force)
    click.echo(f"wrote {shown(out)} ({chosen}, {label})", err=True)


def _parse_vetoes(items: tuple[str, ...]) -> dict[str, float]:
    vetoes: dict[str, float] = {}
    for item in items:
        criterion, sep, level = item.partition("=")
        if not sep or not criterion.strip():
            raise click.BadParameter(f"expected CRITERION=LEVEL, got {item!r}", param_hint="--veto")
        vetoes[criterion.strip()] = command_line_number(level, "--veto", item)
    return vetoes


#: Dominators listed per dominated design in JSON (a chain of 2,000 designs has 2 million pairs:
#: 38 MB of JSON and 306 MB before the cap); ``more`` counts the rest.
MAX_DOMINATORS_LISTED = 20
#: Dominated designs and dominators per design printed on the terminal.
MAX_DOMINATED_PRINTED, MAX_DOMINATORS_PRINTED = 20, 5


def _dominance_document(problem: Any) -> dict[str, Any]:
    from scoring.analysis.dominance import dominance

    found = dominance(problem)
    rows: list[dict[str, Any]] = []
    for design, by in found.dominated:
        row: dict[str, Any] = {"design": design, "by": list(by[:MAX_DOMINATORS_LISTED])}
        if len(by) > MAX_DOMINATORS_LISTED:
            row["more"] = len(by) - MAX_DOMINATORS_LISTED
        rows.append(row)
    return {"dominance": {"pareto": list(found.pareto_labels), "dominated": rows}}


def _print_dominance(dominance: dict[str, Any]) -> None:
    out = console()
    if dominance["dominated"]:
        for row in dominance["dominated"][:MAX_DOMINATED_PRINTED]:
            more = len(row["by"]) + row.get("more", 0) - MAX_DOMINATORS_PRINTED
            by = ", ".join(row["by"][:MAX_DOMINATORS_PRINTED]) + (f" and {more:,} more" if more > 0 else "")
            out.print(f"dominated: {row['design']} (by {by}: no better anywhere, worse somewhere)")
        hidden = len(dominance["dominated"]) - MAX_DOMINATED_PRINTED
        if hidden > 0:
            out.print(f"... and {hidden:,} more dominated designs (--format json lists them)")
    else:
        out.print("no design is dominated (none is matched or beaten on every criterion by another)")


def _env_timestamp() -> str | None:
    import datetime as dt
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).isoformat()
    return None


COMMANDS = [score]
