"""guarantee-scoring: score candidate security-guarantee designs for Ukraine.

The public API is small:

- :func:`evaluate` scores a designs x criteria array with one method;
- :func:`load` reads a scenario set (``None``: the built-in article set);
- :func:`score` scores a scenario set under a lens and method;
- :func:`from_table` reads a plain designs x criteria DataFrame as a scenario set;
- :func:`save` writes a set as a scenario file, an analyst workbook or a plain table;
- :func:`diff` compares two versions and attributes each design's move to the edits;
- :func:`combine` merges several analysts' judgments into one set.

>>> import scoring
>>> result = scoring.score(scoring.load())
>>> result.table[["design", "rank"]].shape[0] >= 8
True
"""

from scoring._api import evaluate, from_table, load, save, score
from scoring.analysis.combine import combine
from scoring.analysis.diff import diff
from scoring.errors import (
    InputError,
    InvalidMatrixError,
    InvalidWeightsError,
    OutputError,
    ScoringError,
    SpecError,
    UnknownNameError,
    UnsafeFileError,
    WorkbookError,
)
from scoring.methods import method_names
from scoring.model import Branch, Criterion, Design, Evidence, Lens, ScenarioSet, Score, Source
from scoring.provenance import package_version
from scoring.ranking import rank
from scoring.result import Result

__version__ = package_version()

__all__ = [
    "Branch",
    "Criterion",
    "Design",
    "Evidence",
    "InputError",
    "InvalidMatrixError",
    "InvalidWeightsError",
    "Lens",
    "OutputError",
    "Result",
    "ScenarioSet",
    "Score",
    "ScoringError",
    "Source",
    "SpecError",
    "UnknownNameError",
    "UnsafeFileError",
    "WorkbookError",
    "__version__",
    "combine",
    "diff",
    "evaluate",
    "from_table",
    "load",
    "method_names",
    "rank",
    "save",
    "score",
]
