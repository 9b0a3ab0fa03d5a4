"""The size policy: one set of limits for every face (files, workbooks, CLI, worksheet functions).

Every reader and every analysis checks its input against these numbers *before* the work
and refuses what is larger in one line (:class:`~scoring.errors.InputError` and its
subclasses), so that what is accepted stays within a stated time and memory bound
(SECURITY.md lists the measured bounds). Other readers (plain tables, combined sets, ...)
import the same constants and helpers rather than inventing their own.

Sizes of a scenario set (YAML, JSON, workbook, or any other source)
    :data:`MAX_DESIGNS`, :data:`MAX_CRITERIA`, :data:`MAX_JUDGMENTS` (designs x criteria),
    :data:`MAX_LENSES`, :data:`MAX_BRANCHES`.
Lengths of text
    :data:`MAX_ID_CHARS`, :data:`MAX_NAME_CHARS` (one-line names), :data:`MAX_TEXT_CHARS`
    (descriptions, rationales), :data:`MAX_NUMBER_CHARS` (the text of one number, checked
    before it is converted: ``int("9" * 10**6)`` and ``Fraction("1e30000000")`` are slow).
Work
    :data:`MAX_SCORE_CELLS`: float64 working cells of one scoring (the method's
    :attr:`~scoring.methods.MethodSpec.sample_cells`; PROMETHEE's grow with designs squared);
    :data:`MAX_ANALYSIS_DESIGNS`, :data:`MAX_SAMPLES` and :data:`MAX_ANALYSIS_CELLS` for the
    analyses (SMAA, sensitivity, tornado, lens comparison: ``gscore analyze`` and ``report``).
Files
    :data:`MAX_SCENARIO_BYTES`, :data:`MAX_JUDGMENTS_BYTES`, :data:`MAX_SOURCE_TEXT_BYTES`,
    :data:`MAX_WORKBOOK_BYTES`, and the parse bounds of a workbook's parts (:data:`XLSX`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from scoring.errors import InputError

__all__ = [
    "MAX_ANALYSIS_CELLS",
    "MAX_ANALYSIS_DESIGNS",
    "MAX_ANALYSIS_JUDGMENTS",
    "MAX_ANALYSTS",
    "MAX_ANALYST_JUDGMENTS",
    "MAX_BRANCHES",
    "MAX_CRITERIA",
    "MAX_DESIGNS",
    "MAX_ID_CHARS",
    "MAX_JUDGMENTS",
    "MAX_JUDGMENTS_BYTES",
    "MAX_LENSES",
    "MAX_NAME_CHARS",
    "MAX_NUMBER_CHARS",
    "MAX_REPORT_CRITERIA",
    "MAX_REPORT_DESIGNS",
    "MAX_SAMPLES",
    "MAX_SCENARIO_BYTES",
    "MAX_SCORE_CELLS",
    "MAX_SOURCE_TEXT_BYTES",
    "MAX_TEXT_CHARS",
    "MAX_WORKBOOK_BYTES",
    "MAX_WORKBOOK_JUDGMENTS",
    "SCORE_CELLS_PER_INPUT",
    "XLSX",
    "WorkbookLimits",
    "check_analysis",
    "check_analysis_size",
    "check_analysts",
    "check_scoring",
    "check_set_size",
    "check_work",
    "check_workbook_size",
    "fold",
    "number_text",
]

# ------------------------------------------------------------------ scenario sets
#: Designs in a scenario set, from any source (dominance compares every pair: O(n^2 m)).
MAX_DESIGNS = 2_000
#: Criteria in a scenario set, and columns of a worksheet function's matrix.
MAX_CRITERIA = 200
#: Judgments (designs x criteria) in a scenario set or a plain table (2,000 x 50).
MAX_JUDGMENTS = 100_000
#: Judgments in the analyst workbook, written or read: six cells each (base, low, high, rationale,
#: confidence, grounding), so that the workbook stays within the reader's cell caps below.
MAX_WORKBOOK_JUDGMENTS = 50_000
#: Lenses in a scenario set (the lens comparison correlates every pair).
MAX_LENSES = 50
#: Branches of the value tree.
MAX_BRANCHES = MAX_CRITERIA
#: Analysts combined into one set (``gscore combine``; a combined file names at most this many).
MAX_ANALYSTS = 100
#: Analysts x judgments in one combination: every analyst's set is held at once (10 analysts
#: of the largest set; 100 analysts of 5,000 judgments).
MAX_ANALYST_JUDGMENTS = 500_000

# ------------------------------------------------------------------ text
MAX_ID_CHARS = 64
MAX_NAME_CHARS = 300
MAX_TEXT_CHARS = 5_000
#: The text of one number (digits, sign, point, exponent), checked before converting it.
MAX_NUMBER_CHARS = 40

# ------------------------------------------------------------------ work
#: Float64 working cells of one scoring (128 MB): n x m for the linear methods, n^2 x m for PROMETHEE.
MAX_SCORE_CELLS = 16_000_000
#: ... or this many times the input's own cells, whichever is larger: work in proportion to a matrix
#: the caller already holds (``scoring.evaluate`` on 1,000,000 x 12) is not refused; what grows
#: faster than the input (PROMETHEE's n^2 x m) is. Files never come near it (at most 100,000 judgments).
SCORE_CELLS_PER_INPUT = 8
#: Designs in an analysis (SMAA's acceptability table alone is n x n).
MAX_ANALYSIS_DESIGNS = 500
#: Judgments (designs x criteria) in an analysis (the tornado and the JSON document list each).
MAX_ANALYSIS_JUDGMENTS = 10_000
#: Designs and criteria in the HTML report (every chart and table shows each; n x n acceptability chart).
MAX_REPORT_DESIGNS = 40
MAX_REPORT_CRITERIA = 30
#: SMAA draws.
MAX_SAMPLES = 200_000
#: Working cells of a whole analysis: SMAA draws (twice with score ranges), the tornado's
#: re-scorings and the sensitivity sweeps, each costing its method's cells (~20 s at most).
MAX_ANALYSIS_CELLS = 2_000_000_000

# ------------------------------------------------------------------ files
MAX_SCENARIO_BYTES = 5 * 1024 * 1024
MAX_JUDGMENTS_BYTES = 1024 * 1024
MAX_SOURCE_TEXT_BYTES = 5 * 1024 * 1024
MAX_WORKBOOK_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class WorkbookLimits:
    """What is parsed of an ``.xlsx`` package (see :mod:`scoring.io.xlsx`)."""

    members: int = 2_000
    uncompressed_bytes: int = 200 * 1024 * 1024
    ratio: int = 100
    ratio_min_bytes: int = 1024 * 1024
    #: [Content_Types].xml, each .rels part, workbook.xml: larger cannot be checked and is refused.
    content_types_bytes: int = 1024 * 1024
    rels_bytes: int = 1024 * 1024
    relationships: int = 20_000
    workbook_bytes: int = 8 * 1024 * 1024
    defined_names: int = 10_000
    defined_name_chars: int = 8_192
    sheets: int = 1_000
    #: A worksheet or the shared strings: bytes of XML and elements parsed.
    part_bytes: int = 64 * 1024 * 1024
    part_elements: int = 2_000_000
    sheet_cells: int = 500_000
    sheet_rows: int = 6 * MAX_DESIGNS + 500
    columns: int = 1_000
    shared_strings: int = 500_000
    shared_chars: int = 20_000_000
    cell_chars: int = 32_767


XLSX = WorkbookLimits()

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def number_text(text: str, where: str, *, what: str = "a number") -> float:
    """The finite float that ``text`` spells as a plain decimal number, or a located error.

    The length is checked first (:data:`MAX_NUMBER_CHARS`), so no huge literal is ever converted.

    Examples
    --------
    >>> number_text(" 12.5 ", "x")
    12.5
    >>> number_text("1e30000000", "weights.yaml:1")
    Traceback (most recent call last):
    ...
    scoring.errors.InputError: weights.yaml:1: expected a finite number, got '1e30000000'
    """
    stripped = text.strip()
    if len(stripped) > MAX_NUMBER_CHARS:
        raise InputError.at(where, f"expected {what} of at most {MAX_NUMBER_CHARS} characters, got {len(stripped)}")
    if not _NUMBER.fullmatch(stripped):
        raise InputError.at(where, f"expected {what}, got {stripped!r}")
    value = float(stripped)
    if not math.isfinite(value):
        raise InputError.at(where, f"expected a finite number, got {stripped!r}")
    return value


def fold(ident: str) -> str:
    """The key under which two ids collide: spreadsheets match names ignoring case (MATCH, COUNTIF)."""
    return ident.casefold()


def check_set_size(designs: int, criteria: int, lenses: int, where: str) -> None:
    """Refuse a scenario set larger than the policy, naming the first limit it breaks.

    Examples
    --------
    >>> check_set_size(3_000, 10, 5, "big.yaml")
    Traceback (most recent call last):
    ...
    scoring.errors.InputError: big.yaml: 3,000 designs; at most 2,000 are allowed
    """
    for count, limit, what in (
        (designs, MAX_DESIGNS, "designs"),
        (criteria, MAX_CRITERIA, "criteria"),
        (lenses, MAX_LENSES, "lenses"),
    ):
        if count > limit:
            raise InputError.at(where, f"{count:,} {what}; at most {limit:,} are allowed")
    if designs * criteria > MAX_JUDGMENTS:
        raise InputError.at(
            where,
            f"{designs:,} designs x {criteria:,} criteria = {designs * criteria:,} judgments; "
            f"at most {MAX_JUDGMENTS:,} are allowed",
        )


def check_workbook_size(designs: int, criteria: int, where: str) -> None:
    """Refuse an analyst workbook (written or read) of more than :data:`MAX_WORKBOOK_JUDGMENTS` judgments."""
    if designs * criteria > MAX_WORKBOOK_JUDGMENTS:
        raise InputError.at(
            where,
            f"{designs:,} designs x {criteria:,} criteria = {designs * criteria:,} judgments; the analyst workbook "
            f"holds at most {MAX_WORKBOOK_JUDGMENTS:,} (six cells each): use a scenario file or a plain table",
        )


def check_analysts(analysts: int, judgments: int | None = None, where: str = "sets") -> None:
    """Refuse a combination of more analysts (or analysts x judgments) than the policy allows.

    Examples
    --------
    >>> check_analysts(12, 50_000)
    Traceback (most recent call last):
    ...
    scoring.errors.InputError: sets: 12 analysts x 50,000 judgments = 600,000; at most 500,000 are combined at once
    """
    if analysts > MAX_ANALYSTS:
        raise InputError.at(where, f"{analysts:,} analysts; at most {MAX_ANALYSTS:,} are combined")
    if judgments is not None and analysts * judgments > MAX_ANALYST_JUDGMENTS:
        raise InputError.at(
            where,
            f"{analysts:,} analysts x {judgments:,} judgments = {analysts * judgments:,}; "
            f"at most {MAX_ANALYST_JUDGMENTS:,} are combined at once",
        )


def check_scoring(cells: int, n: int, m: int, method: str, where: str = "matrix") -> None:
    """Refuse one scoring whose working memory (``cells`` float64 cells) exceeds the larger of
    :data:`MAX_SCORE_CELLS` and :data:`SCORE_CELLS_PER_INPUT` times the input's ``n * m`` cells."""
    limit = max(MAX_SCORE_CELLS, SCORE_CELLS_PER_INPUT * n * m)
    if cells > limit:
        raise InputError.at(
            where,
            f"{method} on {n:,} designs x {m:,} criteria needs {cells * 8 / 2**20:,.0f} MB of working memory; "
            f"at most {limit * 8 / 2**20:,.0f} MB are allowed (the larger of {MAX_SCORE_CELLS * 8 / 2**20:,.0f} MB "
            f"and {SCORE_CELLS_PER_INPUT} times the input)",
        )


def check_analysis_size(n: int, m: int, what: str, where: str = "source") -> None:
    """Refuse an analysis beyond :data:`MAX_ANALYSIS_DESIGNS` designs or :data:`MAX_ANALYSIS_JUDGMENTS`
    judgments (the report: :data:`MAX_REPORT_DESIGNS` designs, :data:`MAX_REPORT_CRITERIA` criteria)."""
    if what == "the report":
        for count, limit, kind in ((n, MAX_REPORT_DESIGNS, "designs"), (m, MAX_REPORT_CRITERIA, "criteria")):
            if count > limit:
                raise InputError.at(
                    where, f"{count:,} {kind}; the report shows at most {limit:,}: use gscore analyze for larger sets"
                )
        return
    if n > MAX_ANALYSIS_DESIGNS:
        raise InputError.at(where, f"{n:,} designs; {what} allows at most {MAX_ANALYSIS_DESIGNS:,}")
    if n * m > MAX_ANALYSIS_JUDGMENTS:
        raise InputError.at(
            where,
            f"{n:,} designs x {m:,} criteria = {n * m:,} judgments; {what} allows at most {MAX_ANALYSIS_JUDGMENTS:,}",
        )


def check_work(cells: int, what: str, where: str = "source") -> None:
    """Refuse work of more than :data:`MAX_ANALYSIS_CELLS` working cells (``what`` says which)."""
    if cells > MAX_ANALYSIS_CELLS:
        raise InputError.at(
            where, f"{what} needs {cells:,} working cells; the analysis budget is {MAX_ANALYSIS_CELLS:,}"
        )


def check_analysis(n: int, m: int, method: str, cells: int, samples: int, where: str = "source") -> None:
    """Refuse an analysis beyond :data:`MAX_ANALYSIS_DESIGNS`, :data:`MAX_SAMPLES` or :data:`MAX_ANALYSIS_CELLS`.

    ``cells`` is the working cells of the whole analysis at ``samples`` draws.
    """
    check_analysis_size(n, m, "an analysis (SMAA, sensitivity, tornado)", where)
    if samples > MAX_SAMPLES:
        raise InputError.at("samples", f"{samples:,} draws; at most {MAX_SAMPLES:,} are allowed")
    if cells > MAX_ANALYSIS_CELLS:
        per_draw = max(1, cells // max(samples, 1))
        allowed = max(0, MAX_ANALYSIS_CELLS // per_draw)
        hint = f"at most {allowed:,} draws fit" if allowed else "the problem is too large to analyse"
        raise InputError.at(
            "samples",
            f"{samples:,} draws of {method} on {n:,} designs x {m:,} criteria exceed the analysis budget "
            f"({MAX_ANALYSIS_CELLS:,} working cells); {hint}",
        )
