"""The HTML briefing report: well-formed, complete, escaped, offline, and renders in a real browser."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

import scoring
from scoring.cli import cli
from scoring.report import build_report, write_report

pytest.importorskip("matplotlib")

STAMP = "2025-01-01T00:00:00+00:00"
HOSTILE = "<script>alert(1)</script>"
HOSTILE_QUOTE = '<img src=x onerror="alert(2)"> & "quoted"'
CHROMIUM = Path("/usr/bin/chromium")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Checker(HTMLParser):
    """Collects text, attributes and ids, and checks that every element is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.text: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.tags: Counter[str] = Counter()
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(tag, attrs)

    def _attrs(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attributes.extend((tag, name, value or "") for name, value in attrs)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'} at line {self.getpos()[0]}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _check(html: str) -> _Checker:
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert not checker.problems, checker.problems[:5]
    assert not checker.stack, f"unclosed elements: {checker.stack}"
    return checker


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def article() -> scoring.ScenarioSet:
    return scoring.load()


@pytest.fixture(scope="module")
def html(article: scoring.ScenarioSet) -> str:
    return build_report(article, samples=400, seed=7, timestamp=STAMP)


@pytest.fixture(scope="module")
def hostile_html(article: scoring.ScenarioSet) -> str:
    first = dataclasses.replace(article.designs[0], name=HOSTILE, description=f"described as {HOSTILE}")
    criterion = article.criteria[0]
    evidence = (*criterion.evidence, scoring.Evidence(HOSTILE_QUOTE, note=HOSTILE))
    criteria = (dataclasses.replace(criterion, evidence=evidence, name=f"Deterrence {HOSTILE}"), *article.criteria[1:])
    hostile = dataclasses.replace(
        article,
        designs=(first, *article.designs[1:]),
        criteria=criteria,
        title=f"Title {HOSTILE}",
        question=f"Question {HOSTILE}?",
    )
    return build_report(hostile, samples=200, seed=1, timestamp=STAMP)


def test_report_is_well_formed_html(html: str) -> None:
    checker = _check(html)
    assert html.startswith("<!DOCTYPE html>")
    assert checker.doctype.lower() == "doctype html"
    assert checker.tags["html"] == checker.tags["head"] == checker.tags["body"] == 1
    ids = [value for _, name, value in checker.attributes if name == "id"]
    duplicates = [k for k, v in Counter(ids).items() if v > 1]
    assert not duplicates, f"duplicate ids: {duplicates[:5]}"
    try:
        import html5lib
    except ImportError:  # html5lib is a test extra; the parser above already checked nesting
        return
    html5lib.HTMLParser(strict=True).parse(html)


def test_report_contains_every_design_criterion_and_evidence_quote(article, html) -> None:
    text = _words(" ".join(_check(html).text))
    for design in article.designs:
        assert design.name in text
        assert design.id in text
    for criterion in article.criteria:
        assert criterion.name in text
        for evidence in criterion.evidence:
            assert _words(evidence.quote) in text, evidence.quote
    for lens in article.lenses:
        assert _words(lens.description) in text
    assert _words(article.question) in text


def test_report_sections_and_content(article, html) -> None:
    for section in ("question", "designs", "criteria", "ranking", "robustness", "assumptions", "provenance"):
        assert f'<section id="{section}">' in html
    assumptions = sum(s.assumption for row in article.scores for s in row)
    assert f"{assumptions} judgments rest on assumptions" in html
    assert html.count("<svg ") == 6
    text = _words(" ".join(_check(html).text))
    assert article.origin_sha256 in text
    assert "samples 400" in text
    assert "seed 7" in text
    result = scoring.score(article)
    best = result.design_names[int(result.order()[0])]
    assert f"{best} leads" in text or f"{best} is the" in text  # the verdict names the leader


def test_hostile_text_stays_text(hostile_html: str) -> None:
    assert "<script" not in hostile_html.lower()
    assert "<img" not in hostile_html.lower()
    assert "onerror=" not in hostile_html.replace("onerror=&#34;", "").replace("onerror=&quot;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_html
    checker = _check(hostile_html)
    text = " ".join(checker.text)
    assert HOSTILE in text  # shown to the reader as literal text
    assert _words(HOSTILE_QUOTE) in _words(text)
    # the charts (matplotlib SVG) carry the name too, escaped
    svg_parts = re.findall(r"<svg .*?</svg>", hostile_html, flags=re.DOTALL)
    assert any("&lt;script&gt;" in part for part in svg_parts)
    assert {tag for tag in checker.tags if tag in ("script", "iframe", "object", "embed", "img")} == set()


def test_report_fetches_nothing(html: str) -> None:
    checker = _check(html)
    assert checker.tags["script"] == 0
    assert checker.tags["link"] == 0
    for tag, name, value in checker.attributes:
        if name in ("src", "href", "xlink:href", "action", "poster", "srcset"):
            assert value.startswith(("#", "data:")), f"<{tag} {name}={value!r}> points outside the file"
    assert not re.search(r"url\((?!#)", html), "CSS url() outside the file"
    assert "@import" not in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html)
    csp = [
        value
        for tag, name, value in checker.attributes
        if tag == "meta" and name == "content" and "default-src" in value
    ]
    assert csp == ["default-src 'none'; img-src data:; style-src 'unsafe-inline'"]


def test_report_is_print_friendly(html: str) -> None:
    assert "@media print" in html
    assert "break-inside: avoid" in html


def test_same_seed_and_timestamp_give_the_same_bytes(article, html) -> None:
    assert build_report(article, samples=400, seed=7, timestamp=STAMP) == html


def test_other_lens_is_featured(article) -> None:
    text = _words(" ".join(_check(build_report(article, "kyiv", samples=100, timestamp=STAMP)).text))
    from scoring.analysis.bundle import analyze

    verdict = analyze(article, lens="kyiv", samples=100, timestamp=STAMP).verdict
    assert _words(verdict.text) in text
    assert "the kyiv lens's weights" in text


def test_write_report_is_atomic(article, tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    write_report(article, target, samples=100, timestamp=STAMP)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_cli_report(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "briefing.html"
    done = runner.invoke(cli, ["report", "--samples", "200", "--seed", "3", "--timestamp", STAMP, "--out", str(target)])
    assert done.exit_code == 0, done.output
    first = target.read_bytes()
    assert b"Content-Security-Policy" in first
    again = runner.invoke(cli, ["report", "--samples", "200", "--out", str(target)])
    assert again.exit_code == 1
    assert "--force" in again.output
    assert target.read_bytes() == first
    forced = runner.invoke(
        cli, ["report", "--samples", "200", "--seed", "3", "--timestamp", STAMP, "--out", str(target), "--force"]
    )
    assert forced.exit_code == 0, forced.output
    assert target.read_bytes() == first
    bad = runner.invoke(cli, ["report", "--lens", "nope", "--out", str(tmp_path / "x.html")])
    assert bad.exit_code == 2  # an unknown --lens value is bad usage
    assert "unknown lens" in bad.output
    assert not (tmp_path / "x.html").exists()
    usage = runner.invoke(cli, ["report", "--out", str(tmp_path / "x.txt")])
    assert usage.exit_code == 2


def _chromium() -> Path:
    if CHROMIUM.exists() or shutil.which("chromium"):
        return CHROMIUM if CHROMIUM.exists() else Path(str(shutil.which("chromium")))
    if os.environ.get("GS_REQUIRE_BROWSER") == "1":
        pytest.fail("GS_REQUIRE_BROWSER=1 but no Chromium at /usr/bin/chromium")
    pytest.skip("headless Chromium not installed (/usr/bin/chromium); set GS_REQUIRE_BROWSER=1 to make this fail")


@pytest.mark.browser
def test_report_renders_in_headless_chromium(html: str, hostile_html: str, tmp_path: Path) -> None:
    import matplotlib.image

    browser = _chromium()
    for name, document in (("report", html), ("hostile", hostile_html)):
        page = tmp_path / f"{name}.html"
        page.write_text(document, encoding="utf-8")
        shot = tmp_path / f"{name}.png"
        profile = tmp_path / f"profile-{name}"
        done = subprocess.run(
            [
                str(browser),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--enable-logging=stderr",
                "--v=0",
                f"--screenshot={shot}",
                "--window-size=1200,2000",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        # Console messages (errors, CSP violations such as a blocked fetch or script) are logged as ":CONSOLE"
        console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
        assert not console, console[:5]
        pixels = matplotlib.image.imread(shot)
        assert pixels.shape[:2] == (2000, 1200)
        assert float(pixels[..., :3].std()) > 0.05, "the screenshot is blank"
        assert len({tuple(p) for p in pixels[::40, ::40, :3].reshape(-1, 3).round(2).tolist()}) > 5


def test_the_report_shows_the_best_combinations_only_for_sets_with_components() -> None:
    article = scoring.load()
    html = build_report(article, "kyiv", samples=200, method="promethee", timestamp="2025-01-01T00:00:00+00:00")
    section = html[html.index('<section id="combinations">') : html.index('<section id="provenance">')]
    assert "the best under the Kyiv lens are" in section
    assert section.count('<td class="num">') == 5 * 3  # rank, score, range per row
    assert "nan" not in section  # promethee gives no range from a combination's own row: left blank
    plain = dataclasses.replace(article, composition=None)
    assert 'id="combinations"' not in build_report(plain, samples=200, timestamp="2025-01-01T00:00:00+00:00")


def test_text_colours_meet_wcag_aa(html: str) -> None:
    """Every text colour in the page's CSS and in the charts (but the heat-map cells, which pick black or
    white by the cell) has a contrast of at least 4.5:1 on white (WCAG 2.1 AA)."""
    import re

    from scoring.plots._helpers import contrast

    css = re.search(r"<style>(.*?)</style>", html, re.DOTALL)
    assert css is not None
    for colour in re.findall(r"(?:--ink|--muted|--accent|[^-]color):\s*(#[0-9a-fA-F]{3,6})", css.group(1)):
        assert contrast(colour) >= 4.5, colour
    for chart in ("totals", "contributions", "lenses", "sensitivity", "tornado"):
        svg = re.search(rf'<svg [^>]*aria-labelledby="chart-{chart}-title".*?</svg>', html, re.DOTALL)
        assert svg is not None, chart
        fills = re.findall(r"<text[^>]*fill: (#[0-9a-f]{6})", svg.group(0))  # black text has no fill
        assert fills or chart != "lenses"  # the bump chart labels designs in their line's (darkened) colour
        for colour in fills:
            assert contrast(colour) >= 4.5, (chart, colour)


def test_captions_explain_rather_than_repeat_the_titles(html: str) -> None:
    import re

    captions = re.findall(r"<figcaption>(.*?)</figcaption>", html, re.DOTALL)
    titles = re.findall(r'<title id="chart-[a-z]+-title">(.*?)</title>', html, re.DOTALL)
    assert len(captions) == len(titles) >= 5
    assert not set(captions) & set(titles)


@pytest.mark.parametrize("method", ["wpm", "topsis", "vikor", "promethee"])
def test_every_method_gives_a_report(article, method: str) -> None:
    """The contributions chart needs a linear method; the report leaves it out for the others."""
    html = build_report(article, method=method, samples=200, timestamp=STAMP)
    assert ("chart-contributions" in html) == (method == "promethee")
    assert f"<td><code>{method}</code></td>" in html


@pytest.mark.browser
def test_the_report_prints_in_at_most_fourteen_a4_pages(html: str, tmp_path: Path) -> None:
    """Printed, it ran 15 pages and squeezed the ranking table; print styles keep it shorter and legible."""
    from pypdf import PdfReader

    browser = _chromium()
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    flags = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
    done = subprocess.run(
        [str(browser), *flags, f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert pdf.exists(), done.stderr[-500:]
    pages = PdfReader(pdf).pages
    assert len(pages) <= 14
    text = " ".join(p.extract_text() for p in pages)
    assert "Rank acceptability" in text
    assert "Conf. factor" in text
