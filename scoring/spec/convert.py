"""Write a scenario set in any SOURCE form: ``gscore convert SOURCE --out FILE`` and :func:`scoring.save`.

=============  ==============================================================================
``--out``      what is written
=============  ==============================================================================
``.yaml``      the scenario file (:func:`scoring.spec.dump`)
``.json``      the same as JSON
``.xlsx``      the analyst workbook (:func:`scoring.workbook.template.write_template`)
``.csv``       a plain table: base levels, ``direction``/``weight``/``min``/``max`` rows (one lens)
=============  ==============================================================================

Scenario file <-> workbook round trips are **lossless**: a set written as a workbook and read
back (or written as YAML/JSON and read back) is equal to the original as :func:`canonical`
compares them: every score, range, confidence tag, assumption flag, rationale, evidence
quote and note, scale anchor, lens (names, descriptions, points), branch, design and
criterion text, the title, version, question and source, and a component model (the workbook's
Components sheet, :mod:`scoring.workbook.composition`). Tested on the article set and
on generated sets (``tests/io/test_convert.py``). What a workbook cell cannot keep, and so
the round trip normalises (a scenario file rarely holds it):

- spaces and line breaks at the start or end of a text (cells are read stripped);
- a line break inside an evidence quote or note (a cell holds one quote per line), and a
  carriage return (``\\r\\n`` becomes ``\\n``);
- a design component holding a comma (components are one comma-separated cell);
- a blank name (a blank design, lens, branch or criterion name reads back as the id), a
  blank scale descriptor, a lens called ``swing`` placed before others (the workbook's own
  swing column comes last), more than 2,000 designs;
- a combined set's ``analysts`` block (each analyst's levels, from ``gscore combine``): the
  combined judgments and rationales go into the workbook, the per-analyst levels stay in
  the scenario file.

A plain table (``.csv``) keeps only the base levels and one lens's points; reading it back
gives the same levels and the same wsm totals (its ``min``/``max`` rows hold the 0-100
scale). ``source.file`` (the text that quotes are checked against) is written into a
scenario file only when that file lies beside the output; otherwise it is left out and
:func:`save` says so, as a scenario file naming a missing source does not load.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from scoring.errors import UnknownNameError
from scoring.model import Lens, ScenarioSet, Source

__all__ = ["OUTPUT_FORMATS", "canonical", "save"]

#: ``--out`` extension -> what is written.
OUTPUT_FORMATS = {
    ".yaml": "scenario file (YAML)",
    ".yml": "scenario file (YAML)",
    ".json": "scenario file (JSON)",
    ".xlsx": "analyst workbook",
    ".csv": "plain table",
}


def canonical(scenario: ScenarioSet) -> ScenarioSet:
    """``scenario`` in the form in which two versions of the same content compare equal.

    Lens points are put in criterion order, a criterion a lens omits with 0 points (as the
    kit reads it); where the set was read from (``origin``, its sha256) and the source's text
    (read from ``source.file``) are dropped.
    """
    order = {cid: j for j, cid in enumerate(scenario.criterion_ids)}

    def every(lens: Lens) -> tuple[tuple[str, float], ...]:
        points = {**dict.fromkeys(scenario.criterion_ids, 0.0), **lens.weight_map()}
        return tuple(sorted(points.items(), key=lambda item: order.get(item[0], -1)))

    lenses = tuple(dataclasses.replace(lens, weights=every(lens)) for lens in scenario.lenses)
    source = Source(scenario.source.title, scenario.source.file, scenario.source.note)
    return dataclasses.replace(scenario, lenses=lenses, source=source, origin="", origin_sha256="")


def save(
    scenario: ScenarioSet, path: str | Path, *, lens: str | Lens | None = None, force: bool = True
) -> tuple[str, ...]:
    """Write ``scenario`` to ``path`` atomically, in the form its extension names (see the module docstring).

    ``force=False`` never replaces an existing file (decided when the file takes its name).

    Parameters
    ----------
    scenario : ScenarioSet
    path : str or Path
        ``.yaml``/``.yml``/``.json`` (scenario file), ``.xlsx`` (analyst workbook) or ``.csv``
        (plain table). Callers check overwrite permission first
        (:func:`scoring.io.atomic.check_output`).
    lens : str, optional
        The lens whose points a plain table carries (default: the set's default).

    Returns
    -------
    tuple of str
        Notes on what was not written (a source file left out, what a plain table drops).

    Raises
    ------
    UnknownNameError
        An extension that is none of the above (``out``).
    """
    from scoring.io.atomic import write_text

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        known = ", ".join(dict.fromkeys(OUTPUT_FORMATS))
        raise UnknownNameError.at("out", f"cannot tell the form from {target.name!r}; expected one of: {known}")
    notes: list[str] = []
    if suffix == ".xlsx":
        from scoring.workbook.template import write_template

        write_template(scenario, target, command=f"gscore convert {scenario.origin} --out {target}", force=force)
        if scenario.analysts is not None:
            notes.append(
                "the analysts' own levels (the combined set's 'analysts' block) are not written: the workbook "
                "keeps the combined judgments and rationales; keep the scenario file for the disagreement table"
            )
        return tuple(notes)
    if suffix == ".csv":
        from scoring.io.export import to_csv
        from scoring.spec.table import to_table

        chosen = scenario.lens(lens.id if isinstance(lens, Lens) else lens)
        write_text(target, to_csv(to_table(scenario, chosen.id)), force=force)
        kept = f"the base levels and the points of lens {chosen.id!r}"
        return (f"a plain table keeps only {kept}: ranges, rationales, evidence and other lenses are not written",)
    from scoring import spec

    written = scenario
    if scenario.source.file and not (target.parent / scenario.source.file).is_file():
        written = dataclasses.replace(scenario, source=dataclasses.replace(scenario.source, file=""))
        notes.append(
            f"source.file {scenario.source.file!r} left out: no such file beside {target} (copy it there and add "
            f"'file: {scenario.source.file}' under 'source:' to check the quotes against it again)"
        )
    write_text(target, spec.dump(written, as_json=suffix == ".json"), force=force)
    return tuple(notes)
