"""Long runs of the hostile-input properties (opt-in: ``-m long_fuzz`` or ``GS_LONG_FUZZ=1``).

The same properties as the fast tests of ``test_hostile_faces`` and ``test_hostile_reading``,
with ``GS_HOSTILE_EXAMPLES`` examples each (default 2,000), plus byte-level damage to every
part the workbook reader parses. Failures shrink and are stored in ``.hypothesis/``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))

import round2_files as rf
from hostile_strategies import ALLOWED_PARTS, REFUSED_PARTS, number_texts, one_line_names, part_names, raw_texts
from test_hostile_faces import check_csv, check_markdown
from test_hostile_reading import check_part, check_score_text

from scoring.errors import ScoringError

pytestmark = pytest.mark.long_fuzz
EXAMPLES = int(os.environ.get("GS_HOSTILE_EXAMPLES", "2000"))
LONG = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


@LONG
@given(number_texts(), st.booleans())
def test_scores_long(text: str, as_json: bool) -> None:
    check_score_text(text, as_json)


@LONG
@given(st.lists(raw_texts(), min_size=1, max_size=6))
def test_csv_long(names: list[str]) -> None:
    check_csv(names)


@LONG
@given(st.lists(one_line_names(), min_size=1, max_size=6))
def test_markdown_long(names: list[str]) -> None:
    check_markdown(names)


@LONG
@given(part_names(), st.sampled_from(ALLOWED_PARTS + REFUSED_PARTS))
def test_parts_long(tmp_path_factory: pytest.TempPathFactory, name: str, kinds: tuple[str, str]) -> None:
    check_part(tmp_path_factory.mktemp("parts"), name, kinds)


@LONG
@given(
    st.sampled_from(
        [
            "xl/workbook.xml",
            "xl/worksheets/sheet4.xml",
            "xl/worksheets/sheet3.xml",
            "xl/_rels/workbook.xml.rels",
            "[Content_Types].xml",
        ]
    ),
    st.data(),
)
def test_damaged_parts_give_only_our_errors(
    tmp_path_factory: pytest.TempPathFactory, member: str, data: st.DataObject
) -> None:
    import scoring

    members = rf.parts(rf.template_bytes())
    raw = bytearray(members[member])
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.sampled_from(list(b"<>/\"'&=!?x0 \x00\xff")))
    members[member] = bytes(raw)
    path = tmp_path_factory.mktemp("damaged") / "book.xlsx"
    path.write_bytes(rf.pack(members))
    with contextlib.suppress(ScoringError):  # our errors only: anything else fails the test with its traceback
        scoring.load(path)
