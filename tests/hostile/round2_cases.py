"""The second hostile round (issue 16): one generated case list, measured in child processes.

Each :class:`Case` names the issue's class it belongs to, builds its inputs in a fresh
folder and returns the ``gscore`` arguments; ``expect`` is ``refused`` (exit 1, one line),
``usage`` (exit 2, one ``Error:`` line), ``accepted`` (exit 0, within the size policy's
bounds) or ``interrupted`` (a signal mid-run: exit 128+n, one line). Every case must finish
under 5 s and 300 MB, write nothing when it does not succeed, and leave its inputs as they
were. ``tests/hostile/test_hostile_round2.py`` runs them; ``tests/hostile/table.py`` prints
them with their measured time and memory.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import round2_files as rf
from round2_files import CT, edit_sheet, edit_workbook, edited, rename_name, set_cell, text_cell, tiny

Make = Callable[[Path, Path], list[str]]


@dataclass(frozen=True)
class Case:
    klass: str
    name: str
    make: Make
    expect: str = "refused"
    words: tuple[str, ...] = ()
    signal_after: float = 0.0  # send `signal` once the command has used this many seconds of CPU
    signal: int = signal.SIGTERM
    outputs: tuple[str, ...] = ()  # files an accepted case must write into the out folder
    max_seconds: float = 5.0  # an accepted case at the policy's limits: the bound SECURITY.md states
    check: Callable[[Path, str], None] | None = None  # an accepted case: what it printed (stdout) or wrote


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def book(
    *edits: Callable[[dict[str, bytes]], None],
    stored: tuple[str, ...] = (),
    command: str = "score",
    out: str = "scored.xlsx",
) -> Make:
    def make(i: Path, o: Path) -> list[str]:
        path = _write(i, "book.xlsx", edited(*edits, stored=stored))
        return [command, str(path), *(["--out", str(o / out)] if out else [])]

    return make


def yaml_file(text: str, *extra: str, name: str = "set.yaml", out: str = "scored.json") -> Make:
    def make(i: Path, o: Path) -> list[str]:
        path = _write(i, name, text)
        tail = [a.replace("{out}", str(o)) for a in extra]
        return ["score", str(path), *(["--out", str(o / out)] if out else []), *tail]

    return make


def command(*args: str, files: dict[str, str] | None = None) -> Make:
    def make(i: Path, o: Path) -> list[str]:
        for name, text in (files or {}).items():
            _write(i, name, text)
        return [a.replace("{in}", str(i)).replace("{out}", str(o)) for a in args]

    return make


SCORES = "Scores"
_JUDGED = "x: {a: 50, b: {base: 20, low: 10, high: 30}}"
_EXT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _directory(i: Path, o: Path) -> list[str]:
    (i / "d.json").mkdir()
    return ["score", str(i / "d.json"), "--out", str(o / "x.json")]


def _fifo(name: str) -> Make:
    def make(i: Path, o: Path) -> list[str]:
        path = i / name
        os.mkfifo(path)
        if name.startswith("judg"):
            return ["weights", str(path)]
        return ["score", str(path), "--out", str(o / "scored.json")]

    return make


def _link(name: str, target: str) -> Make:
    def make(i: Path, o: Path) -> list[str]:
        path = i / name
        path.symlink_to(target)
        return ["score", str(path), "--out", str(o / "scored.json")]

    return make


def _out_target(kind: str, force: bool) -> Make:
    def make(i: Path, o: Path) -> list[str]:
        target = o / f"target-{kind}.csv"
        if kind == "fifo":
            os.mkfifo(target)
        elif kind == "dangling":
            target.symlink_to(o / "nowhere.csv")
        elif kind == "proc-fd":
            target = Path("/proc/self/fd/1")
        elif kind == "devnull":
            target = Path("/dev/null")
        elif kind == "dir":
            target.mkdir()
        elif kind == "link-to-dir":
            (i / "adir").mkdir()
            target.symlink_to(i / "adir")
        return ["score", "--out", str(target), "--format", "csv", *(["--force"] if force else [])]

    return make


def _newline_out(i: Path, o: Path) -> list[str]:
    return ["score", "--out", str(o / "no\nsuch" / "x.csv")]


def _many_designs_json(n: int) -> Make:
    def make(i: Path, o: Path) -> list[str]:
        doc = {
            "title": "t",
            "criteria": [{"id": "a", "name": "A", "direction": "benefit"}],
            "designs": [{"id": f"d{k}", "name": f"D{k}"} for k in range(n)],
            "scores": {f"d{k}": {"a": k % 100} for k in range(n)},
            "lenses": [{"id": "l", "weights": {"a": 1}}],
        }
        return ["validate", str(_write(i, "many.json", json.dumps(doc)))]

    return make


def _dup_json(i: Path, o: Path) -> list[str]:
    text = json.dumps({"title": "t"})[:-1] + ', "title": "u", "criteria": []}'
    return ["validate", str(_write(i, "dup.json", text))]


def _weights(name: str, text: str) -> Make:
    def make(i: Path, o: Path) -> list[str]:
        return ["weights", str(_write(i, name, text))]

    return make


_BIG = rf.scenario_yaml
#: About 6 s of CPU (150 designs x 40 criteria, 200,000 draws): a signal after 1.5 s lands mid-analysis.
_SIG_ANALYZE = ["analyze", "{in}/big.yaml", "-n", "200000", "--out", "{out}/a.json"]
_SIG_FILES = {"big.yaml": rf.scenario_yaml(150, 40)}
#: About 5 s of CPU: the report's largest set (40 x 30), 150,000 draws.
_SIG_REPORT = {"big.yaml": rf.scenario_yaml(40, 30)}

CASES2: list[Case] = [
    # ---------------------------------------------------------------- resource bounds on accepted workbooks
    Case(
        "merged ranges",
        "one merge over a million rows, --out .xlsx",
        book(edit_sheet(SCORES, rf.many_merged(1, True))),
        "accepted",
        outputs=("scored.xlsx",),
    ),
    Case(
        "merged ranges",
        "100,000 merged ranges, --out .xlsx",
        book(edit_sheet(SCORES, rf.many_merged(100_000, False))),
        "accepted",
        outputs=("scored.xlsx",),
    ),
    Case(
        "merged ranges",
        "merges on every sheet, validate",
        book(
            *(
                edit_sheet(s, rf.many_merged(20_000, False))
                for s in ("About", "Criteria", "Weights", SCORES, "Results")
            ),
            command="validate",
            out="",
        ),
        "accepted",
    ),
    Case(
        "parser amplification",
        "one row of 2 million cells",
        book(edit_sheet(SCORES, rf.wide_row(2_000_000)), stored=("xl/worksheets/sheet4.xml",)),
        words=("cells",),
    ),
    Case(
        "parser amplification",
        "600,000 cells in rows of 1,000, validate",
        book(
            edit_sheet("Weights", rf.many_cells(600_000)),
            stored=("xl/worksheets/sheet3.xml",),
            command="validate",
            out="",
        ),
        words=("500,000 cells",),
    ),
    Case(
        "parser amplification",
        "400,000 cell styles, --out .xlsx",
        book(rf.many_styles(400_000), stored=("xl/styles.xml",)),
        "accepted",
        outputs=("scored.xlsx",),
    ),
    Case(
        "parser amplification",
        "1 million shared strings, the 6th used",
        book(rf.shared_strings(1_000_000, 5), stored=("xl/sharedStrings.xml",)),
        "accepted",
        outputs=("scored.xlsx",),
    ),
    Case(
        "parser amplification",
        "shared string index 499,999 used",
        book(rf.shared_strings(500_000, 499_999), stored=("xl/sharedStrings.xml",), command="validate", out=""),
        "accepted",
    ),
    Case(
        "parser amplification",
        "shared string index past the cap",
        book(rf.shared_strings(10, 900_000)),
        words=("shared string",),
    ),
    Case(
        "parser amplification",
        "shared strings of 30 million characters",
        book(rf.shared_strings(10, 20, long_total=30_000_000), stored=("xl/sharedStrings.xml",)),
        words=("characters",),
    ),
    Case(
        "parser amplification",
        "20,000 defined names",
        book(edit_workbook(rf.many_names(20_000))),
        words=("defined names",),
    ),
    Case(
        "parser amplification",
        "a million defined names",
        book(edit_workbook(rf.many_names(1_000_000))),
        words=("bytes",),
    ),
    Case(
        "parser amplification",
        "unused 2-million-cell sheet, --out .xlsx",
        book(rf.big_unused_sheet(200_000, 10)),
        "accepted",
        outputs=("scored.xlsx",),
    ),
    Case(
        "parser amplification",
        "a part no relationship declares",
        book(lambda m: m.__setitem__("xl/worksheets/ghost.xml", b"<worksheet/>")),
        words=("not referenced",),
    ),
    # ---------------------------------------------------------------- one size policy for every face
    Case("size policy", "100,000 designs (YAML)", yaml_file(_BIG(100_000, 1)), words=("at most 2,000",)),
    Case("size policy", "2,001 designs (JSON)", _many_designs_json(2_001), words=("at most 2,000",)),
    Case("size policy", "2,000 x 51 criteria: too many judgments", yaml_file(_BIG(2_000, 51)), words=("judgments",)),
    Case(
        "size policy",
        "a workbook of 2,000 x 26 criteria: more than the workbook holds",
        command("template", "{in}/big.yaml", "--out", "{out}/t.xlsx", files={"big.yaml": _BIG(2_000, 26)}),
        words=("analyst workbook holds at most 50,000",),
    ),
    Case("size policy", "51 lenses", yaml_file(_BIG(3, 2, 51)), words=("lenses",)),
    Case(
        "size policy",
        "2,000 designs scored with dominance",
        yaml_file(_BIG(2_000, 12)),
        "accepted",
        outputs=("scored.json",),
    ),
    Case(
        "size policy",
        "501 designs analysed",
        command("analyze", "{in}/big.yaml", files={"big.yaml": _BIG(501, 3)}),
        words=("at most 500",),
    ),
    Case(
        "size policy",
        "500 x 20 analysed (2,000 draws)",
        command(
            "analyze", "{in}/big.yaml", "-n", "2000", "--out", "{out}/a.json", files={"big.yaml": _BIG(500, 20, 5)}
        ),
        "accepted",
        outputs=("a.json",),
    ),
    Case(
        "size policy",
        "41 designs in a report",
        command("report", "{in}/big.yaml", "--out", "{out}/r.html", files={"big.yaml": _BIG(41, 3)}),
        words=("at most 40",),
    ),
    Case(
        "size policy",
        "31 criteria in a report",
        command("report", "{in}/big.yaml", "--out", "{out}/r.html", files={"big.yaml": _BIG(5, 31)}),
        words=("at most 30",),
    ),
    Case(
        "size policy",
        "a report at its limits (40 x 30, 50 lenses)",
        command("report", "{in}/big.yaml", "-n", "2000", "--out", "{out}/r.html", files={"big.yaml": _BIG(40, 30, 50)}),
        "accepted",
        outputs=("r.html",),
        max_seconds=15.0,
    ),
    Case(
        "size policy",
        "analysis of 201 x 50 judgments",
        command("analyze", "{in}/big.yaml", files={"big.yaml": _BIG(201, 50)}),
        words=("10,000",),
    ),
    Case("size policy", "a billion SMAA draws", command("analyze", "-n", "1000000000"), words=("200,000",)),
    Case(
        "size policy",
        "PROMETHEE SMAA on 200 designs",
        command("analyze", "{in}/big.yaml", "-m", "promethee", files={"big.yaml": _BIG(200, 10)}),
        words=("budget",),
    ),
    Case(
        "size policy",
        "PROMETHEE on 2,000 designs",
        yaml_file(_BIG(2_000, 10), "--method", "promethee"),
        words=("MB of working memory",),
    ),
    # ---------------------------------------------------------------- numbers bounded before converting
    Case(
        "number text",
        "YAML integer of 5,000 digits",
        yaml_file(tiny({"y: {a: 80": "y: {a: " + "9" * 5000})),
        words=("at most 40 characters",),
    ),
    Case(
        "number text", "YAML float 1e30000000", yaml_file(tiny({"y: {a: 80": "y: {a: 1.0e30000000"})), words=("finite",)
    ),
    Case(
        "number text",
        "JSON integer of 5,000 digits",
        command("validate", "{in}/n.json", files={"n.json": '{"title": ' + "7" * 5000 + "}"}),
        words=("at most 40 characters",),
    ),
    Case(
        "number text",
        "weights 1e30000000 (33 bytes)",
        _weights("w.yaml", "kind: swing\nvalues: {a: 1e30000000}\n"),
        words=("fraction",),
    ),
    Case("number text", "weights CSV 1e999999999", _weights("w.csv", "a,1e999999999\nb,2\n"), words=("fraction",)),
    Case(
        "number text",
        "workbook cell of 5,000 digits",
        book(edit_sheet(SCORES, lambda x: set_cell(x, "E13", f'<c r="E13"><v>{"9" * 5000}</v></c>'))),
        words=("Scores!E13", "not a finite number"),
    ),
    # ---------------------------------------------------------------- long text capped at every reader
    Case(
        "long text",
        "workbook design name of 300,000 characters",
        book(
            edit_sheet(SCORES, lambda x: set_cell(x, "B13", text_cell("B13", "n" * 300_000))),
            command="report",
            out="r.html",
        ),
        words=("Scores!B13", "at most 300"),
    ),
    Case(
        "long text",
        "workbook rationale of 40,000 characters",
        book(edit_sheet(SCORES, lambda x: set_cell(x, "E49", text_cell("E49", "r " * 20_000)))),
        words=("Scores!E49",),
    ),
    Case(
        "long text",
        "workbook name with an escape sequence",
        book(edit_sheet(SCORES, lambda x: set_cell(x, "B13", text_cell("B13", "a_x001B_[2Jb")))),
        words=("control characters",),
    ),
    Case(
        "long text",
        "YAML name of 300,000 characters",
        yaml_file(tiny({"name: X}": "name: " + "x" * 300_000 + "}"})),
        words=("300",),
    ),
    # ---------------------------------------------------------------- sources that are not regular files
    Case("non-regular source", "a FIFO named .yaml", _fifo("f.yaml"), words=("FIFO",)),
    Case("non-regular source", "a FIFO named .xlsx", _fifo("f.xlsx"), words=("FIFO",)),
    Case("non-regular source", "a FIFO as judgments file", _fifo("judgments.yaml"), words=("FIFO",)),
    Case(
        "non-regular source",
        "a link to /dev/zero named .yaml",
        _link("z.yaml", "/dev/zero"),
        words=("character device",),
    ),
    Case(
        "non-regular source",
        "a link to /dev/urandom named .xlsx",
        _link("u.xlsx", "/dev/urandom"),
        words=("character device",),
    ),
    Case("non-regular source", "a directory named .json", _directory, words=("directory",)),
    # ---------------------------------------------------------------- refusals decided by types, not paths
    Case(
        "part types",
        "external link under a plain name",
        book(
            rf.add_part(
                "xl/data/book2.xml",
                b"<externalLink/>",
                CT + "spreadsheetml.externalLink+xml",
                "xl/_rels/workbook.xml.rels",
                _EXT + "externalLink",
            )
        ),
        words=("external links",),
    ),
    Case(
        "part types",
        "ActiveX under xl/media",
        book(
            rf.add_part(
                "xl/media/control.xml",
                b"<ax/>",
                "application/vnd.ms-office.activeX+xml",
                "xl/worksheets/_rels/sheet5.xml.rels",
                _EXT + "control",
            )
        ),
        words=("ActiveX",),
    ),
    Case(
        "part types",
        "embedded workbook package",
        book(
            rf.add_part(
                "xl/media/report.bin",
                b"PK\x03\x04",
                CT + "spreadsheetml.sheet",
                "xl/worksheets/_rels/sheet5.xml.rels",
                _EXT + "package",
            )
        ),
        words=("embedded",),
    ),
    Case(
        "part types",
        "OLE object as application/xml",
        book(
            rf.add_part("xl/pictures/p.xml", b"<x/>", None, "xl/worksheets/_rels/sheet5.xml.rels", _EXT + "oleObject")
        ),
        words=("OLE",),
    ),
    Case(
        "part types",
        "[Content_Types].xml over 1 MB",
        book(
            lambda m: m.__setitem__(
                "[Content_Types].xml",
                m["[Content_Types].xml"].replace(b"<Types", b"<!-- " + b"p" * 1_100_000 + b" -->\n<Types", 1),
            ),
            stored=("[Content_Types].xml",),
        ),
        words=("cannot be checked",),
    ),
    Case(
        "part types",
        "a linked picture outside the package",
        book(
            rf.add_part(
                "xl/media/pic.png", b"\x89PNG", "image/png", "xl/drawings/_rels/drawing1.xml.rels", _EXT + "image"
            ),
            lambda m: m.__setitem__(
                "xl/drawings/_rels/drawing1.xml.rels",
                m["xl/drawings/_rels/drawing1.xml.rels"].replace(
                    b'Target="../media/pic.png"', b'Target="file:///etc/passwd" TargetMode="External"'
                ),
            ),
        ),
        words=("outside",),
    ),
    Case(
        "part types",
        "an unknown content type",
        book(
            rf.add_part(
                "xl/extra/x.dat", b"x", "application/x-gs-unknown", "xl/_rels/workbook.xml.rels", _EXT + "customXml"
            )
        ),
        words=("cannot be checked",),
    ),
    # ---------------------------------------------------------------- names where the template put them
    Case(
        "defined names",
        "ScoreMatrix on the low block",
        book(rename_name("ScoreMatrix", "Scores!$E$25:$N$32")),
        words=("ScoreMatrix", "restore"),
    ),
    Case(
        "defined names", "Weights one row down", book(rename_name("Weights", "Scores!$E$10:$N$10")), words=("Weights",)
    ),
    Case(
        "defined names",
        "ScaleMax holding 50",
        book(rf.set_named_cell("ScaleMax", lambda ref: f'<c r="{ref}"><v>50</v></c>')),
        words=("ScaleMax",),
    ),
    Case(
        "defined names",
        "LabelFail reading ALL CHECKS PASS",
        book(rf.set_named_cell("LabelFail", lambda ref: text_cell(ref, "ALL CHECKS PASS"))),
        words=("LabelFail",),
    ),
    Case(
        "defined names",
        "a sheet-level Designs hiding the workbook name",
        book(
            edit_workbook(
                lambda x: x.replace(
                    "</definedNames>",
                    '<definedName name="designs" localSheetId="4">Scores!$A$25:$A$32</definedName></definedNames>',
                )
            )
        ),
        words=("hides",),
    ),
    Case(
        "defined names",
        "TotalScore moved a column",
        book(rename_name("TotalScore", "Results!$D$7:$D$14")),
        words=("Rank",),
    ),
    Case(
        "defined names", "whole-column Designs", book(rename_name("Designs", "Scores!$A:$A")), words=("whole columns",)
    ),
    Case(
        "defined names", "Designs pointing at #REF!", book(rename_name("Designs", "#REF!")), words=("points nowhere",)
    ),
    # ---------------------------------------------------------------- ids that collide ignoring case
    Case(
        "case collisions",
        "YAML designs Nato / nato",
        yaml_file(tiny({"- {id: y, name: Y}": "- {id: X, name: Y}", "y: {a: 80, b: 60}": "X: {a: 80, b: 60}"})),
        words=("differs only in case",),
    ),
    Case(
        "case collisions",
        "YAML criteria A / a",
        yaml_file(
            tiny(
                {
                    "- {id: b, name: B, direction: cost}": "- {id: A, name: B, direction: cost}",
                    "b: {base": "A: {base",
                    "b: 60}": "A: 60}",
                    "{a: 1, b: 1}": "{a: 1, A: 1}",
                }
            )
        ),
        words=("differs only in case",),
    ),
    Case(
        "case collisions",
        "workbook design ids",
        book(edit_sheet(SCORES, lambda x: set_cell(x, "A14", text_cell("A14", "ARTICLE5_PLEDGE")))),
        words=("differs only in case",),
    ),
    Case(
        "case collisions",
        "judgments criteria a / A",
        _weights("w.yaml", "kind: swing\nvalues: {a: 100, A: 50}\n"),
        words=("ignore case",),
    ),
    # ---------------------------------------------------------------- YAML 1.1, dates, JSON duplicates
    *(
        Case("read as written", f"YAML score {v}", yaml_file(tiny({"y: {a: 80": f"y: {{a: {v}"})), words=(w,))
        for v, w in (
            ("050", "ambiguous"),
            ("012", "ambiguous"),
            ("1:20", "ambiguous"),
            ("0x1F", "ambiguous"),
            ("yes", "'yes'"),
            ("2024-13-45", "2024-13-45"),
        )
    ),
    Case("read as written", "JSON duplicate key", _dup_json, words=("duplicate key",)),
    Case(
        "read as written",
        "workbook score 0x20",
        book(edit_sheet(SCORES, lambda x: set_cell(x, "E13", '<c r="E13"><v>0x20</v></c>'))),
        words=("Scores!E13", "0x20"),
    ),
    Case(
        "read as written",
        "workbook score nan",
        book(edit_sheet(SCORES, lambda x: set_cell(x, "E13", '<c r="E13"><v>nan</v></c>'))),
        words=("Scores!E13", "nan"),
    ),
    # ---------------------------------------------------------------- outputs: force, clobber, odd targets
    Case("output targets", "--force onto a FIFO", _out_target("fifo", True), words=("FIFO",)),
    Case("output targets", "--force onto /proc/self/fd/1", _out_target("proc-fd", True), words=("regular files",)),
    Case("output targets", "--force onto /dev/null", _out_target("devnull", True), words=("character device",)),
    Case("output targets", "a dangling link without --force", _out_target("dangling", False), words=("use --force",)),
    Case(
        "output targets",
        "--force onto a link to a folder",
        _out_target("link-to-dir", True),
        "usage",
        words=("directory",),
    ),
    Case("output targets", "a newline in --out", _newline_out, words=("\\n",)),
    Case(
        "messages",
        "a sheet renamed with an apostrophe",
        book(lambda m: _rename_sheet(m, "Scores", "Analyst's scores"), command="validate", out=""),
        "accepted",
    ),
    Case(
        "messages", "--veto nan", command("score", "--veto", "deterrence_credibility=nan"), "usage", words=("finite",)
    ),
    # ---------------------------------------------------------------- interruptions
    Case(
        "interruptions",
        "SIGTERM during analyze",
        command(*_SIG_ANALYZE, files=_SIG_FILES),
        "interrupted",
        signal_after=1.5,
    ),
    Case(
        "interruptions",
        "SIGINT during analyze",
        command(*_SIG_ANALYZE, files=_SIG_FILES),
        "interrupted",
        signal_after=1.5,
        signal=signal.SIGINT,
    ),
    Case(
        "interruptions",
        "SIGHUP during report",
        command("report", "{in}/big.yaml", "-n", "150000", "--out", "{out}/r.html", files=_SIG_REPORT),
        "interrupted",
        signal_after=1.5,
        signal=signal.SIGHUP,
    ),
]


def _rename_sheet(members: dict[str, bytes], old: str, new: str) -> None:
    """Rename a sheet the way Excel does: the sheet, and every defined name and formula that refers to it."""
    from xml.sax.saxutils import quoteattr

    quoted = "'" + new.replace("'", "''") + "'"
    for name, data in list(members.items()):
        if name.endswith(".xml"):
            text = data.decode()
            text = text.replace(f"{old}!", f"{quoted}!")
            if name == "xl/workbook.xml":
                text = text.replace(f'name="{old}"', f"name={quoteattr(new)}")
            members[name] = text.encode()


from round2_faces import FACE_CASES  # noqa: E402 - the face cases build on Case and command above

CASES2 += FACE_CASES


# -------------------------------------------------------------------- measuring

# A signal case waits for the child to have used ``signal_after`` seconds of CPU (not of wall time):
# on a loaded machine a wall-clock delay could land before the command's handlers are installed or
# after it has finished; CPU time puts the signal at the same point of the work on any machine.
_MEASURE = """
import json, os, resource, signal, subprocess, sys, time
after, number = float(sys.argv[1]), int(sys.argv[2])

def cpu(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

start = time.perf_counter()
child = subprocess.Popen(sys.argv[3:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
early = False
if after:
    while child.poll() is None and cpu(child.pid) < after:
        time.sleep(0.01)
    early = child.poll() is not None
    if not early:
        child.send_signal(number)
    start = time.perf_counter()
out, err = child.communicate(timeout=120)
print(json.dumps({"rc": child.returncode, "stdout": out[-20000:], "stderr": err[-20000:],
                  "seconds": time.perf_counter() - start, "finished_before_signal": early,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


@dataclass(frozen=True)
class Run:
    rc: int
    stdout: str
    stderr: str
    seconds: float  # wall time (after the signal, for an interrupted case: how long it took to stop)
    peak_mb: float
    finished_before_signal: bool = False  # an interrupted case whose command ended before its signal
    extra: dict[str, object] = field(default_factory=dict)


def run_case(case: Case, inputs: Path, outputs: Path, args: list[str] | None = None) -> Run:
    """Run ``case`` (its inputs made now, unless ``args`` come from an earlier ``case.make``)."""
    args = case.make(inputs, outputs) if args is None else args
    env = {**os.environ, "COLUMNS": "200"}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _MEASURE,
            str(case.signal_after),
            str(int(case.signal)),
            sys.executable,
            "-m",
            "scoring",
            *args,
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        timeout=180,
    )
    return Run(**json.loads(done.stdout))
