"""Round-two cases for the faces (issue 16), measured like the others: terminal, CSV, Markdown,
charts, outputs that belong together, clobbering, interrupted writes, and messages.

Accepted cases carry a ``check`` of what they printed or wrote (read back from the output
folder); ``round2_cases.CASES2`` includes these.
"""

from __future__ import annotations

import json
import re
import signal
from pathlib import Path

from round2_cases import Case, Make, command
from round2_files import scenario_yaml

MARKUP = ["[link=https://evil.invalid]click[/link]", "[/] [bold]x", ":smile: [red]y[/red]"]
MATH = ["$\\foo$ pledge", "$a$b$ nested", "\\$ cost $x^2$"]
INJECT = ["semi;=1+1", "  =2+2", "\uff1dcmd", "@SUM(1)", "-2+3", "+cmd|' /C calc'!A0"]
MARKDOWN = ["<script>alert(1)</script>", "a\\|b", "[x](javascript:alert(1))", "`tick`"]
_DANGER = ("=", "+", "-", "@", "\t", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _set(names: list[str], *, descriptions: bool = False) -> str:
    designs = [
        {"id": f"d{k}", "name": name, **({"description": name} if descriptions else {})} for k, name in enumerate(names)
    ]
    return json.dumps(
        {
            "title": names[0],
            "criteria": [
                {"id": "a", "name": names[-1], "direction": "benefit"},
                {"id": "b", "name": "B", "direction": "cost"},
            ],
            "designs": designs,
            "scores": {d["id"]: {"a": 10 + 7 * k, "b": 50} for k, d in enumerate(designs)},
            "lenses": [{"id": "balanced", "name": names[0], "description": names[-1], "weights": {"a": 1, "b": 1}}],
        }
    )


def _literal(names: list[str]) -> object:
    def check(out: Path, stdout: str) -> None:
        assert "\x1b]8;" not in stdout, "a terminal hyperlink"
        for name in names:
            assert name in stdout, (name, stdout[-2000:])

    return check


def _csv_safe(name: str) -> object:
    def check(out: Path, stdout: str) -> None:
        text = (out / name).read_text(encoding="utf-8")
        for physical in re.split(r"\r\n|\r|\n", text):
            assert not physical.lstrip(" ").startswith(_DANGER), repr(physical)
        assert text.startswith('"design","name"')
        assert json.loads((out / f"{name}.provenance.json").read_text())["table"] == name

    return check


def _csv_stdout(out: Path, stdout: str) -> None:
    for physical in re.split(r"\r\n|\r|\n", stdout):
        assert not physical.lstrip(" ").startswith(_DANGER), repr(physical)


def _markdown_stdout(out: Path, stdout: str) -> None:
    _rendered_safely(stdout)


def _markdown_safe(out: Path, stdout: str) -> None:
    _rendered_safely((out / "s.md").read_text(encoding="utf-8"))


def _rendered_safely(text: str) -> None:
    """Rendered by a CommonMark parser: no tag but the table's, every name a cell of its own."""
    import html

    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").enable("table").render(text)
    assert not re.search(r"<(?!/?(table|thead|tbody|tr|th|td|p|ul|li|code)\b)[a-zA-Z/]", rendered), rendered
    cells = [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", rendered, re.S)]
    for name in MARKDOWN:
        assert name in cells, (name, cells)


def _chart_literal(out: Path, stdout: str) -> None:
    import html

    page = html.unescape((out / "r.html").read_text(encoding="utf-8"))
    assert "$\\foo$ pledge" in page


def _changes_of_merged(i: Path, o: Path) -> list[str]:
    from round2_files import edit_sheet, edited, many_merged

    path = i / "book.xlsx"
    path.write_bytes(edited(edit_sheet("Scores", many_merged(1, True))))
    return ["diff", str(path), str(path), "--changes-workbook", str(o / "changes.xlsx")]


def _changes_of_ranges(count: int) -> Make:
    """``diff --changes-workbook`` on a workbook with ``count`` merged ranges of 2 x 500 cells on its Changes sheet."""

    def make(i: Path, o: Path) -> list[str]:
        from round2_files import edit_sheet, edited

        def change(xml: str) -> str:
            cells = "".join(f'<mergeCell ref="E{r}:F{r + 499}"/>' for r in range(100, 100 + 500 * count, 500))
            return xml.replace("</sheetData>", f'</sheetData><mergeCells count="{count}">{cells}</mergeCells>', 1)

        path = i / "book.xlsx"
        path.write_bytes(edited(edit_sheet("Changes", change)))
        return ["diff", str(path), str(path), "--changes-workbook", str(o / "changes.xlsx")]

    return make


def _fifo_csv(i: Path, o: Path) -> list[str]:
    import os

    os.mkfifo(i / "f.csv")
    return ["score", str(i / "f.csv")]


_WIDE_TABLE = "design,a\n" + "".join(f"d{k},{k % 100}\n" for k in range(2_001))

FACE_CASES: list[Case] = [
    Case(
        "merged ranges",
        "diff --changes-workbook over a million merged rows",
        _changes_of_merged,
        words=("merged cells",),
    ),
    Case(
        "merged ranges",
        "diff --changes-workbook over 50,000 merged cells in small ranges",
        _changes_of_ranges(51),
        words=("merged cells", "at most 50,000"),
    ),
    Case(
        "merged ranges",
        "diff --changes-workbook just under the merged-cell cap",
        _changes_of_ranges(49),
        "accepted",
        outputs=("changes.xlsx",),
    ),
    Case(
        "size policy",
        "a plain CSV table of 2,001 designs",
        command("score", "{in}/t.csv", files={"t.csv": _WIDE_TABLE}),
        words=("at most 2,000",),
    ),
    Case(
        "case collisions",
        "plain table columns Cost / cost",
        command("score", "{in}/t.csv", files={"t.csv": "design,Cost,cost\nX,1,2\nY,3,4\n"}),
        words=("ignore case",),
    ),
    Case("non-regular source", "a FIFO named .csv (a plain table)", _fifo_csv, words=("FIFO",)),
    Case(
        "messages",
        "a newline in a usage error's --out (--format conflict)",
        command("score", "--out", "{out}/bad\nname.csv", "--format", "json"),
        "usage",
        words=("bad\\nname.csv",),
    ),
    Case(
        "messages",
        "a newline in a usage error's --out (template wants .xlsx)",
        command("template", "--out", "{out}/bad\nname.csv"),
        "usage",
        words=("bad\\nname.csv",),
    ),
    Case(
        "terminal",
        "markup names in designs",
        command("designs", "{in}/s.json", files={"s.json": _set(MARKUP)}),
        "accepted",
        check=_literal(MARKUP),
    ),
    Case(
        "terminal",
        "markup names in score",
        command("score", "{in}/s.json", files={"s.json": _set(["[/]", "[b]x[/b]"])}),
        "accepted",
        check=_literal(["[/]", "[b]x[/b]"]),
    ),
    Case(
        "terminal",
        "markup in criteria and lenses",
        command("lenses", "{in}/s.json", files={"s.json": _set(["[/] lens", "[link=x]y"])}),
        "accepted",
        check=_literal(["[link=x]y"]),
    ),
    Case(
        "terminal",
        "markup in judgments and weights",
        command("weights", "--kind", "critic", "--source", "{in}/s.json", files={"s.json": _set(MARKUP)}),
        "accepted",
    ),
    Case(
        "CSV injection",
        "';', spaces and full-width '=' in names",
        command("score", "{in}/s.json", "--out", "{out}/s.csv", files={"s.json": _set(INJECT)}),
        "accepted",
        outputs=("s.csv", "s.csv.provenance.json"),
        check=_csv_safe("s.csv"),
    ),
    Case(
        "CSV injection",
        "to the terminal",
        command("score", "{in}/s.json", "--format", "csv", files={"s.json": _set(INJECT)}),
        "accepted",
        check=_csv_stdout,
    ),
    Case(
        "CSV injection",
        "analyze --out .csv with formula names",
        command(
            "analyze", "{in}/s.json", "-n", "500", "--out", "{out}/a.csv", files={"s.json": _set(["=1+1", "@x", "-3"])}
        ),
        "accepted",
        outputs=("a.csv", "a.csv.provenance.json"),
        check=_csv_safe("a.csv"),
    ),
    Case(
        "Markdown",
        "HTML, pipes and links in names",
        command("score", "{in}/s.json", "--out", "{out}/s.md", files={"s.json": _set(MARKDOWN)}),
        "accepted",
        outputs=("s.md",),
        check=_markdown_safe,
    ),
    Case(
        "Markdown",
        "to the terminal",
        command("score", "{in}/s.json", "--format", "md", files={"s.json": _set(MARKDOWN)}),
        "accepted",
        check=_markdown_stdout,
    ),
    Case(
        "charts",
        "mathtext in names, report",
        command("report", "{in}/s.json", "-n", "300", "--out", "{out}/r.html", files={"s.json": _set(MATH)}),
        "accepted",
        outputs=("r.html",),
        check=_chart_literal,
    ),
    Case(
        "charts",
        "a legend entry starting with _",
        command(
            "report",
            "{in}/s.json",
            "-n",
            "300",
            "--out",
            "{out}/r.html",
            files={"s.json": _set(["_hidden", "$\\foo$ pledge"])},
        ),
        "accepted",
        outputs=("r.html",),
        check=_chart_literal,
    ),
    Case(
        "outputs together",
        "a CSV and its sidecar",
        command("score", "--out", "{out}/x.csv", files={}),
        "accepted",
        outputs=("x.csv", "x.csv.provenance.json"),
        check=_csv_safe("x.csv"),
    ),
    Case(
        "outputs together",
        "the excel-lite folder",
        command("excel-lite", "--out", "{out}/lite"),
        "accepted",
        outputs=("lite",),
    ),
    Case(
        "no clobber",
        "an existing --out without --force",
        command("score", "--out", "{in}/exists.json", files={"exists.json": "{}"}),
        words=("use --force",),
    ),
    Case(
        "no clobber",
        "an existing sidecar without --force",
        command("score", "--out", "{in}/t.csv", files={"t.csv.provenance.json": "{}"}),
        words=("use --force",),
    ),
    Case(
        "interrupted writes",
        "SIGTERM during a large template",
        command("template", "{in}/big.yaml", "--out", "{out}/t.xlsx", files={"big.yaml": scenario_yaml(2_000, 25, 5)}),
        "interrupted",
        signal_after=3.0,
    ),
    Case(
        "interrupted writes",
        "SIGHUP during a large template",
        command("template", "{in}/big.yaml", "--out", "{out}/t.xlsx", files={"big.yaml": scenario_yaml(2_000, 25, 5)}),
        "interrupted",
        signal_after=3.0,
        signal=signal.SIGHUP,
    ),
    Case(
        "messages", "--veto inf", command("score", "--veto", "deterrence_credibility=inf"), "usage", words=("finite",)
    ),
    Case(
        "numbers",
        "a 5,000-digit --veto and --weights (number text bounded on the command line)",
        command("score", "{in}/t.csv", "--weights", "a=" + "1" * 5_000, files={"t.csv": "design,a\nX,1\nY,2\n"}),
        "usage",
        words=("at most 40 characters",),
    ),
    Case("messages", "--option v=nan", command("score", "--method", "vikor", "--option", "v=nan"), words=("v:",)),
    Case("messages", "a missing workbook", command("validate", "{in}/missing.xlsx"), words=("not found",)),
]
