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
from test_hostile_faces import test_csv_quotes_every_text_field_and_neutralises_every_line as _csv
from test_hostile_faces import test_markdown_cells_render_as_their_text as _markdown
from test_hostile_reading import test_parts_are_judged_by_their_types_not_their_names as _parts
from test_hostile_reading import test_scores_are_read_as_written_or_refused_with_a_line as _scores

from scoring.errors import ScoringError

pytestmark = pytest.mark.long_fuzz
EXAMPLES = int(os.environ.get("GS_HOSTILE_EXAMPLES", "2000"))
LONG = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

test_scores_long = LONG(given(number_texts(), st.booleans())(_scores.hypothesis.inner_test))
test_csv_long = LONG(given(st.lists(raw_texts(), min_size=1, max_size=6))(_csv.hypothesis.inner_test))
test_markdown_long = LONG(given(st.lists(one_line_names(), min_size=1, max_size=6))(_markdown.hypothesis.inner_test))
test_parts_long = LONG(
    given(part_names(), st.sampled_from(ALLOWED_PARTS + REFUSED_PARTS))(_parts.hypothesis.inner_test)
)


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
