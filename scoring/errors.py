"""One exception hierarchy for the whole kit.

Every error the kit raises on purpose derives from :class:`ScoringError` and also from
the built-in exception it refines, so ``except ValueError`` keeps working::

    ScoringError (Exception)
    ├── InputError (ValueError)            bad data: a file, a cell, an argument
    │   ├── SpecError                      a scenario-set file; carries every Problem found
    │   ├── WorkbookError                  an analyst workbook; problems name Sheet!Cell
    │   │   └── UnsafeFileError            refused for safety (zip bomb, macros, links, ...)
    │   ├── InvalidMatrixError             a decision matrix (shape, NaN, inf)
    │   ├── InvalidWeightsError            weights (negative, all zero, wrong length)
    │   └── UnknownNameError               an unknown method, lens, design or criterion name
    └── OutputError (OSError)              an output could not be written safely

The faces convert them at the edge: the CLI prints ``str(error)`` (one line) and exits
with status 1; the worksheet functions return the message into the cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Self

__all__ = [
    "InputError",
    "InvalidMatrixError",
    "InvalidWeightsError",
    "OutputError",
    "Problem",
    "ScoringError",
    "SpecError",
    "UnknownNameError",
    "UnsafeFileError",
    "WorkbookError",
    "unknown_name",
]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, and where.

    Parameters
    ----------
    where : str
        Location: ``file:line``, ``Sheet!Cell`` or an argument name.
    message : str
        What was expected and what was found.
    """

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class ScoringError(Exception):
    """Base class of every error the kit raises on purpose."""


class InputError(ScoringError, ValueError):
    """An input (file, cell, argument) is not what the kit expected.

    Parameters
    ----------
    problems : str or sequence of Problem
        One message, or every problem found (all are kept; ``str`` shows them all,
        first line first).
    """

    def __init__(self, problems: str | Sequence[Problem]) -> None:
        if isinstance(problems, str):
            self.problems: tuple[Problem, ...] = (Problem("", problems),)
        else:
            self.problems = tuple(problems)
        super().__init__(self._render())

    def _render(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [f"{len(self.problems)} problems:"]
        lines.extend(f"  {p}" for p in self.problems)
        return "\n".join(lines)

    @classmethod
    def at(cls, where: str, message: str) -> Self:
        """Build an error with a single located problem."""
        return cls([Problem(where, message)])

    @classmethod
    def collect(cls, problems: Iterable[Problem]) -> None:
        """Raise one error carrying every problem, if there are any."""
        found = list(problems)
        if found:
            raise cls(found)


class SpecError(InputError):
    """A scenario-set file (YAML/JSON) is invalid; ``problems`` lists each with file:line."""


class WorkbookError(InputError):
    """An analyst workbook is invalid; ``problems`` name Sheet!Cell."""


class UnsafeFileError(WorkbookError):
    """A file was refused for safety: oversize, zip bomb, macros, external links, ..."""


class InvalidMatrixError(InputError):
    """A decision matrix has the wrong shape or contains NaN/inf/non-numbers."""


class InvalidWeightsError(InputError):
    """Weights are negative, all zero, non-finite or of the wrong length."""


class UnknownNameError(InputError):
    """A name (method, lens, design, criterion, format) is not one of the known ones."""


class OutputError(ScoringError, OSError):
    """An output could not be written (refused overwrite, same path as input, I/O failure).

    The message names the output by the argument that gave it and says what would help, in the
    words of the caller: Python names by default (``output x.csv: file exists; pass force=True to
    replace it``), command-line flags through :meth:`render` (``--out x.csv: ...; use --force``).

    Parameters
    ----------
    problem : str
        What is wrong (after the path).
    path : str, optional
        The output as shown to the user.
    argument : str
        The argument that named the output (``out``; the CLI shows ``--out``).
    remedy : {"force"}, optional
        ``force``: replacing it would work with ``force=True`` (``--force``).
    """

    def __init__(
        self, problem: str, *, path: str | None = None, argument: str = "out", remedy: str | None = None
    ) -> None:
        self.problem, self.path, self.argument, self.remedy = problem, path, argument, remedy
        super().__init__(self.render())

    def render(self, command_line: bool = False) -> str:
        """The message, naming arguments as Python does or (``command_line``) as the CLI's flags."""

        def name(argument: str) -> str:
            if command_line:
                return "--" + argument.replace("_", "-")
            return "output" if argument == "out" else argument

        text = self.problem if self.path is None else f"{name(self.argument)} {self.path}: {self.problem}"
        if self.remedy == "force":
            text += f"; use {name('force')} to replace it" if command_line else "; pass force=True to replace it"
        return text

    def about(self, argument: str) -> OutputError:
        """The same error, for an output named by another argument (``changes_workbook``)."""
        return OutputError(self.problem, path=self.path, argument=argument, remedy=self.remedy)

    def __str__(self) -> str:
        return self.render()


def unknown_name(where: str, kind: str, name: str, known: Sequence[str]) -> UnknownNameError:
    """An :class:`UnknownNameError` that suggests the nearest known name.

    Examples
    --------
    >>> str(unknown_name("lens", "lens", "kiev", ["balanced", "kyiv"]))
    "lens: unknown lens 'kiev' (did you mean 'kyiv'?); expected one of: balanced, kyiv"
    """
    import difflib

    lowered = {k.lower(): k for k in known}
    close = difflib.get_close_matches(str(name).lower(), list(lowered), n=1, cutoff=0.6)
    hint = f" (did you mean {lowered[close[0]]!r}?)" if close else ""
    listed = ", ".join(known) or "(none)"
    return UnknownNameError.at(where, f"unknown {kind} {name!r}{hint}; expected one of: {listed}")
