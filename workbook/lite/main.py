"""xlwings Lite: the guarantee-scoring worksheet functions.

Paste this file into the xlwings Lite editor's ``main.py`` tab and ``requirements.txt`` into
its requirements tab, then restart xlwings Lite (see workbook/README.md).

Why importing is enough: the functions are defined and decorated once, in ``scoring.excel``,
with ``from xlwings import func, arg, ret``; inside xlwings Lite those are the Office.js
decorators, which attach the registration metadata (``__xlfunc__``) to each function when
``scoring.excel`` is imported. xlwings Lite then registers every attribute of ``main.py``
that carries that metadata (it scans the module's members, not only the functions defined
in the file) and calls a function by looking its name up on ``main.py``. Importing the
names here puts them in that namespace, so the same code serves the classic add-in and Lite.
Errors raise inside Lite (``sys.platform == "emscripten"``): the cell shows #VALUE! with a
one-line reason naming the argument.
"""

from scoring.excel import (
    GS_AHP_CR,
    GS_AHP_WEIGHTS,
    GS_ARTICLE,
    GS_OBJECTIVE_WEIGHTS,
    GS_RANK,
    GS_ROC_WEIGHTS,
    GS_SCORE,
    GS_SENSITIVITY,
    GS_SMAA,
    GS_SWING_WEIGHTS,
    GS_VERSION,
)

__all__ = [
    "GS_AHP_CR",
    "GS_AHP_WEIGHTS",
    "GS_ARTICLE",
    "GS_OBJECTIVE_WEIGHTS",
    "GS_RANK",
    "GS_ROC_WEIGHTS",
    "GS_SCORE",
    "GS_SENSITIVITY",
    "GS_SMAA",
    "GS_SWING_WEIGHTS",
    "GS_VERSION",
]
