"""Grammar-aware hypothesis strategies for hostile inputs: names, numbers and workbook parts.

Reusable by any test (``from hostile_strategies import ...``; ``tests/hostile`` is put on the
path by the tests that use it). Each strategy is built from the fragments that break a
particular reader or renderer, mixed with ordinary text, so that shrinking ends on a
small, readable counterexample.
"""

from __future__ import annotations

from hypothesis import strategies as st

#: Fragments that mean something to a renderer: rich markup, emoji codes, mathtext,
#: spreadsheet formulas, CSV separators, Markdown and HTML.
MARKUP = ("[/]", "[bold]", "[/bold]", "[link=https://evil.invalid]", "[/link]", "[red on blue]", ":smile:", "[[", "]]")
MATHTEXT = ("$", "$\\foo$", "\\$", "$a^{b}$", "$\\frac{1}{2}$", "$$", "$x$y$", "\\", "_", "^")
FORMULA = ("=1+1", "+1", "-1", "@SUM(1)", '=HYPERLINK("http://evil.invalid","x")', "\uff1d1", " =2", "|cmd")
CSV = (",", ";", '"', "'", '""')
MARKDOWN = (
    "<script>alert(1)</script>",
    "<b>",
    "|",
    "\\|",
    "[x](javascript:alert(1))",
    "`",
    "**",
    "http://e.invalid",
    "&lt;",
)
LINE_BREAKS = ("\r", "\n", "\r\n", "\u2028", "\x0b")
CONTROL = ("\x00", "\x1b[2J", "\x1b]8;;https://evil.invalid\x1b\\", "\x7f", "\u202e")

_plain = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs", "P", "S")), max_size=8)


def _mixed(*pools: tuple[str, ...], max_parts: int = 6) -> st.SearchStrategy[str]:
    fragment = st.one_of(_plain, *(st.sampled_from(pool) for pool in pools))
    return st.lists(fragment, min_size=1, max_size=max_parts).map("".join)


def one_line_names() -> st.SearchStrategy[str]:
    """Names a scenario file accepts (one line, no control characters) that a renderer might interpret."""
    return _mixed(MARKUP, MATHTEXT, FORMULA, CSV, MARKDOWN).map(str.strip).filter(lambda s: 0 < len(s) <= 60)


def raw_texts() -> st.SearchStrategy[str]:
    """Any text a workbook cell can hold: the above plus line breaks and control characters."""
    return _mixed(MARKUP, MATHTEXT, FORMULA, CSV, MARKDOWN, LINE_BREAKS, CONTROL).filter(bool)


#: Numbers as YAML 1.1 reads them and YAML 1.2 / JSON do not (or not the same way).
YAML11_NUMBERS = ("050", "012", "0o17", "0x1F", "0b101", "1_000", "1:20", "-1:30:00", "1_0.5", "+0x1")
YAML11_WORDS = (
    "yes",
    "no",
    "on",
    "off",
    "Yes",
    "NO",
    "On",
    "y",
    "n",
    "2024-13-45",
    "2024-02-30",
    "2001-12-14t21:59:43.10-05:00",
)


def number_texts() -> st.SearchStrategy[str]:
    """The text of a score: plain decimals, YAML 1.1 surprises, huge literals, words."""
    digits = st.text("0123456789", min_size=1, max_size=8)
    decimal = st.builds(
        lambda sign, whole, frac, exp: f"{sign}{whole}{frac}{exp}",
        st.sampled_from(["", "-", "+"]),
        digits.map(lambda d: d.lstrip("0") or "0"),
        st.one_of(st.just(""), digits.map(lambda d: "." + d)),
        st.one_of(st.just(""), st.integers(-400, 400).map(lambda e: f"e{e}")),
    )
    huge = st.integers(41, 6000).map(lambda n: "9" * n)
    exponent = st.integers(309, 10**9).map(lambda e: f"1.0e{e}")
    return st.one_of(
        decimal,
        huge,
        exponent,
        st.sampled_from(YAML11_NUMBERS + YAML11_WORDS),
        st.sampled_from([".inf", "-.inf", ".nan", "~"]),
    )


_CT = "application/vnd.openxmlformats-officedocument."
ALLOWED_PARTS = (
    (_CT + "drawingml.chart+xml", "chart"),
    (_CT + "spreadsheetml.comments+xml", "comments"),
    ("image/png", "image"),
    (_CT + "spreadsheetml.table+xml", "table"),
)
REFUSED_PARTS = (
    ("application/vnd.ms-office.vbaProject", "vbaProject"),
    ("application/vnd.ms-office.activeX+xml", "control"),
    (_CT + "oleObject", "oleObject"),
    (_CT + "spreadsheetml.externalLink+xml", "externalLink"),
    (_CT + "spreadsheetml.connections+xml", "connections"),
    (_CT + "spreadsheetml.sheet", "package"),
    ("application/vnd.ms-excel.controlproperties+xml", "control"),
    ("application/x-unknown", "chart"),
)


def part_names() -> st.SearchStrategy[str]:
    """Part names a hostile file may use: standard folders, misleading ones, odd case."""
    folder = st.sampled_from(
        ["xl/media", "xl/charts", "xl/embeddings", "xl/activeX", "xl/externalLinks", "xl", "docProps", "xl/Stuff"]
    )
    stem = st.text("abcdefgXYZ0123456789", min_size=1, max_size=8)
    extension = st.sampled_from(["xml", "bin", "png", "dat", "XML"])
    return st.builds(lambda f, s, e: f"{f}/{s}.{e}", folder, stem, extension)
