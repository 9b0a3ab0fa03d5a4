"""The public surface: a sorted __all__, and no front-end library imported by `import scoring`."""

from __future__ import annotations

import subprocess
import sys

import scoring


def test_all_is_sorted_and_resolves() -> None:
    assert list(scoring.__all__) == sorted(scoring.__all__)
    for name in scoring.__all__:
        assert hasattr(scoring, name), name


def test_import_scoring_stays_light() -> None:
    code = (
        "import sys, scoring; scoring.score(scoring.load());"
        "names = ('xlwings', 'matplotlib', 'IPython', 'nbclient', 'openpyxl', 'xlsxwriter');"
        "heavy = [m for m in names if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_errors_refine_builtins() -> None:
    assert issubclass(scoring.SpecError, ValueError)
    assert issubclass(scoring.InvalidWeightsError, ValueError)
    assert issubclass(scoring.OutputError, OSError)
    assert issubclass(scoring.UnsafeFileError, scoring.WorkbookError)
