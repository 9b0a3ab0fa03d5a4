"""Read an analyst workbook (``.xlsx``) back into a :class:`~scoring.model.ScenarioSet`.

Only what the analyst typed is read: the file is opened with ``data_only=False``, so
cached formula results are never used, and a formula where an input is expected is
an error naming its ``Sheet!Cell``. Every problem is collected and raised together
as one :class:`~scoring.errors.WorkbookError`.

How things are found (never by fixed positions):

- **criteria**: the first cell of the defined name ``CriterionIds`` (Scores sheet; an
  older template's ``Criteria`` is accepted too) starts
  a row of criterion ids, read rightwards until the first blank cell; each criterion
  is described by its row on the Criteria sheet (``CriterionList``: ids read down
  until a blank; columns found by the header labels just above: id, name, branch,
  direction, description, one numeric header per scale level, evidence quotes and
  evidence notes, one quote/note per line);
- **designs**: the first cell of ``Designs`` starts the column of design ids, read
  down until a blank (or the next block's title); name, description and components
  (comma-separated) are the next three columns. The low, high, rationale,
  confidence and grounding blocks are found the same way (``ScoreLowIds``,
  ``ScoreHighIds``, ``RationaleIds``, ``ConfidenceIds``, ``GroundingIds``) and matched
  to designs by id, so rows may be reordered. Score cells sit in the design's row, in
  its criterion's column. A blank grounding cell is "not recorded"; a workbook written
  before the grounding block existed gets ``assumption`` where the rationale starts
  with "Assumption" and no grounding elsewhere;
- **weights**: ``LensIds`` starts the row of lens ids (names one row above,
  descriptions two above), ``WeightCriteria`` the column of criterion ids; a blank
  points cell is 0. The ``swing`` column becomes a lens only when it has points.
  ``ActiveLens`` becomes the default lens.

So an analyst may add designs (rows) and criteria (columns), reorder rows and rename
display names; the reader follows. Rows typed below a table are read too, but the
workbook's own formulas only cover the named ranges (its Checks sheet flags them):
insert rows *inside* a table so that both agree.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scoring.errors import Problem, ScoringError, WorkbookError
from scoring.io.xlsx import Package
from scoring.io.xlsx_parts import Formula, NotANumber, Workbook
from scoring.io.xlsx_refs import MAX_COL, Area, column_letter, parse_area
from scoring.limits import MAX_DESIGNS, MAX_NAME_CHARS, MAX_TEXT_CHARS, XLSX, fold
from scoring.model import Branch, ScenarioSet, Source
from scoring.workbook import layout as lay
from scoring.workbook._names import check_names, sheets_to_read
from scoring.workbook._parts import read_criteria, read_lenses, read_scores

__all__ = ["read_workbook"]

ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")
MAX_COLUMNS = XLSX.columns
#: Control characters refused in a one-line name, and in longer text (which may hold tabs and line breaks).
_NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def _where(sheet: str, row: int, col: int) -> str:
    return f"{sheet}!{column_letter(col)}{row}"


@dataclass
class _Grid:
    """The non-empty cells of one sheet (``row * 16385 + col -> value``, formulas as :class:`Formula`)."""

    name: str
    cells: dict[int, object] = field(default_factory=dict)

    def get(self, row: int, col: int) -> tuple[Any, bool]:
        value = self.cells.get(row * (MAX_COL + 1) + col)
        return value, isinstance(value, Formula)

    def where(self, row: int, col: int) -> str:
        return _where(self.name, row, col)


class _Reader:
    def __init__(self, book: Workbook, path: Path) -> None:
        self.book = book
        self.path = path
        self.where_file = book.where
        self.problems: list[Problem] = []
        self.grids: dict[str, _Grid] = {}
        #: What the reader found through each defined name, for the check of the names (``_names``).
        self.found: dict[str, Any] = {}

    def fail(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def grid(self, sheet: str) -> _Grid:
        if sheet not in self.grids:
            self.grids[sheet] = _Grid(sheet, self.book.cells(sheet))
        return self.grids[sheet]

    def area(self, name: str) -> Area | None:
        """The rectangle of the workbook-level name ``name`` (None when absent); refuses a shadowing local name."""
        key = fold(name)
        if key in self.book.local:
            sheets = self.book.sheetnames
            scoped = self.book.local[key][0].local_sheet
            on = sheets[scoped] if scoped is not None and scoped < len(sheets) else "a sheet"
            raise WorkbookError.at(
                self.where_file,
                f"a sheet-level name {name} on {on!r} hides the workbook name {name}; delete it",
            )
        defined = self.book.names.get(key)
        if defined is None:
            return None
        if defined.macro:
            raise WorkbookError.at(self.where_file, f"refused: defined name {name} is a macro")
        found = parse_area(defined.text, defined.name, self.where_file)
        sheet = self.book.sheet_name(found.sheet)
        if sheet is None:
            raise WorkbookError.at(
                self.where_file, f"defined name {name} refers to sheet {found.sheet!r}, which does not exist"
            )
        return Area(sheet, found.top, found.left, found.bottom, found.right)

    def anchor(self, *names: str, required: bool = True) -> tuple[_Grid, int, int] | None:
        """The sheet and first cell of the first defined name found among ``names``."""
        for name in names:
            found = self.area(name)
            if found is None:
                continue
            self.found[names[0]] = found
            return self.grid(found.sheet), found.top, found.left
        if required:
            self.fail(
                self.where_file, f"defined name {names[0]} is missing; is this a workbook made by `gscore template`?"
            )
        return None

    def text(
        self, grid: _Grid, row: int, col: int, *, what: str = "text", one_line: bool = False, limit: int = 0
    ) -> str:
        value, formula = grid.get(row, col)
        if formula:
            self.fail(grid.where(row, col), f"expected {what} typed in, found a formula {str(value)[:40]!r}")
            return ""
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
        most = limit or (MAX_NAME_CHARS if one_line else MAX_TEXT_CHARS)
        if len(text) > most:
            got = f"more than {XLSX.cell_chars:,}" if len(text) > XLSX.cell_chars else f"{len(text):,}"
            self.fail(grid.where(row, col), f"expected {what} of at most {most:,} characters, got {got}")
            return text[:most]
        bad = (_NAME_CONTROL if one_line else _TEXT_CONTROL).search(text)
        if bad:
            kind = "one line of text" if one_line else "text"
            self.fail(
                grid.where(row, col),
                f"expected {kind} without control characters, found {bad.group(0)!r} in {text[:40]!r}",
            )
            return (_NAME_CONTROL if one_line else _TEXT_CONTROL).sub(" ", text)
        return text

    def name(self, grid: _Grid, row: int, col: int) -> str:
        return self.text(grid, row, col, what="a name", one_line=True)

    def ident(self, grid: _Grid, row: int, col: int, kind: str) -> str:
        value = self.text(grid, row, col, what=f"a {kind} id", one_line=True, limit=200)
        if value and not ID_PATTERN.match(value):
            self.fail(
                grid.where(row, col),
                f"expected a {kind} id (a letter, then letters, digits, _ . -; at most 64), got {value[:70]!r}",
            )
        return value

    def ids_down(self, grid: _Grid, row: int, col: int, kind: str, stops: set[int]) -> list[tuple[str, int]]:
        """Ids listed down a column from (row, col) to the first blank or stop row, with their rows."""
        cells = itertools.takewhile(lambda rc: rc[0] not in stops, ((r, col) for r in itertools.count(row)))
        return [(ident, r) for ident, r, _ in self._ids(grid, cells, kind)]

    def ids_across(self, grid: _Grid, row: int, col: int, kind: str) -> list[tuple[str, int]]:
        """Ids listed along a row from (row, col) to the first blank, with their columns."""
        return [(ident, c) for ident, _, c in self._ids(grid, ((row, c) for c in range(col, MAX_COLUMNS + 1)), kind)]

    def _ids(self, grid: _Grid, cells: Iterable[tuple[int, int]], kind: str) -> list[tuple[str, int, int]]:
        """Read ids cell by cell until a blank; report duplicates (ignoring case); refuse more than MAX_DESIGNS."""
        found: list[tuple[str, int, int]] = []
        seen: dict[str, tuple[str, str]] = {}
        for row, col in cells:
            if grid.get(row, col)[0] is None:
                break
            if len(found) >= MAX_DESIGNS:
                raise WorkbookError.at(grid.where(row, col), f"more than {MAX_DESIGNS} {kind}s")
            ident = self.ident(grid, row, col, kind)
            key = fold(ident)
            if key in seen:
                first, where = seen[key]
                same = (
                    "" if first == ident else f" ({first!r} differs only in case: spreadsheets match ids ignoring case)"
                )
                self.fail(grid.where(row, col), f"duplicate {kind} id {ident!r} (first at {where}){same}")
            elif ident:
                seen[key] = (ident, grid.where(row, col))
                found.append((ident, row, col))
        return found

    def number(self, grid: _Grid, row: int, col: int, what: str, *, blank: float | None = None) -> float | None:
        value, formula = grid.get(row, col)
        where = grid.where(row, col)
        if formula:
            self.fail(where, f"expected {what} typed in, found a formula {str(value)[:40]!r}")
            return None
        if value is None or (isinstance(value, str) and not value.strip()):
            if blank is None:
                self.fail(where, f"expected {what}, found a blank cell")
            return blank
        if isinstance(value, NotANumber):
            self.fail(where, f"expected {what}, found {str(value)[:40]!r}, which is not a finite number")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(where, f"expected {what}, found text {str(value)[:40]!r}")
            return None
        return float(value)


def read_workbook(path: str | Path) -> ScenarioSet:
    """Read the inputs of an analyst workbook (see the module docstring for the rules).

    Raises
    ------
    UnsafeFileError
        The file is refused for safety (not a zip, too large, macros, external links, ...).
    WorkbookError
        With every problem found, each naming ``Sheet!Cell``.
    """
    file = Path(path)
    package = Package(file)
    book = Workbook(package)
    reader = _Reader(book, file)
    try:
        book.load(sheets_to_read(reader))
        scenario = _read(reader, file, package.digest)
        if not reader.problems:
            check_names(reader)
        if scenario is not None and not reader.problems:
            from scoring.workbook.composition import read_composition

            scenario = read_composition(book, scenario)
    except ScoringError:
        raise
    except Exception as exc:  # a bug, or damage the checks did not foresee: still one line
        raise WorkbookError.at(
            book.where, f"cannot read the workbook ({type(exc).__name__}: {str(exc)[:120]})"
        ) from None
    WorkbookError.collect(reader.problems)
    assert scenario is not None
    return scenario


def _read(reader: _Reader, file: Path, digest: str) -> ScenarioSet | None:
    about: dict[str, str] = {}
    for key, name in (
        ("title", lay.N_TITLE),
        ("version", lay.N_VERSION),
        ("question", lay.N_QUESTION),
        ("source", lay.N_SOURCE_TITLE),
        ("note", lay.N_SOURCE_NOTE),
        ("file", lay.N_SOURCE_FILE),
    ):
        found = reader.anchor(name, required=False)
        about[key] = reader.text(*found, one_line=key == "title") if found else ""
    branches = _branches(reader)
    criteria = read_criteria(reader, {b.id for b in branches})
    designs, scores = read_scores(reader, criteria)
    lenses, active = read_lenses(reader, [c.id for c, _ in criteria])
    if reader.problems or not criteria or not designs:
        if not reader.problems:
            reader.fail(str(file), "no criteria or no designs found")
        return None
    return ScenarioSet(
        title=about["title"] or file.stem,
        version=about["version"],
        question=about["question"],
        source=Source(about["source"], about["file"], about["note"]),
        branches=tuple(branches),
        criteria=tuple(c for c, _ in criteria),
        designs=tuple(designs),
        scores=scores,
        lenses=tuple(lenses),
        default_lens=active,
        origin=str(file),
        origin_sha256=digest,
    )


def _branches(reader: _Reader) -> list[Branch]:
    found = reader.anchor(lay.N_BRANCHES, required=False)
    if not found:
        return []
    grid, row, col = found
    return [
        Branch(ident, reader.name(grid, r, col + 1) or ident, reader.text(grid, r, col + 2))
        for ident, r in reader.ids_down(grid, row, col, "branch", set())
    ]
