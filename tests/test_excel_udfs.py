"""xlwings' own classic-UDF machinery run on scoring/excel.py, without Windows or Excel.

``xlwings.udfs`` (the classic add-in's decorators, ``call_udf`` and the VBA generator) imports
the Windows-only COM modules at import time; the fixture puts empty stand-ins for
``pythoncom``, ``pywintypes`` and ``win32com.client`` in ``sys.modules`` (nothing of ours is
faked), binds ``xlwings.func/arg/ret`` to the classic ``xlfunc/xlarg/xlret`` as xlwings does
on Windows, and executes scoring/excel.py afresh under those decorators. The tests then
check what the classic add-in reads: the ``__xlfunc__`` metadata, the VBA wrapper that
"Import Functions" generates (``generate_vba_wrapper``), and the argument/result conversion
that ``call_udf`` applies (``xlwings.conversion.read``/``write``, with a stand-in for the
Windows engine's cell cleaner).
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import io
import re
import sys
import types
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
import xlwings
import xlwings.conversion

from scoring import excel

CONTRACT = {
    "GS_SCORE": ["matrix", "weights", "*directions", "*method", "*options"],
    "GS_RANK": ["matrix", "weights", "*directions", "*method", "*options"],
    "GS_AHP_WEIGHTS": ["pairwise"],
    "GS_AHP_CR": ["pairwise"],
    "GS_OBJECTIVE_WEIGHTS": ["matrix", "*method", "*directions"],
    "GS_ROC_WEIGHTS": ["ranks"],
    "GS_SWING_WEIGHTS": ["points"],
    "GS_SMAA": [
        "matrix",
        "*weights",
        "*directions",
        "*method",
        "*samples",
        "*seed",
        "*matrix_low",
        "*matrix_high",
        "*options",
    ],
    "GS_SENSITIVITY": ["matrix", "weights", "*directions", "*method", "*options"],
    "GS_ARTICLE": ["what", "*lens"],
    "GS_COMPOSE": ["*lens", "*top", "*method"],
    "GS_VERSION": [],
}
MISSING = -2147352572  # what the classic VBA wrapper passes for an omitted optional argument
NA_ERROR = -2146826246  # #N/A as pywin32 passes it


@pytest.fixture
def classic(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[types.ModuleType, types.ModuleType]]:
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None  # type: ignore[attr-defined]
    pywintypes = types.ModuleType("pywintypes")
    pywintypes.com_error = type("com_error", (Exception,), {})  # type: ignore[attr-defined]
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")
    client.Dispatch = lambda *args, **kwargs: None  # type: ignore[attr-defined]
    win32com.client = client  # type: ignore[attr-defined]
    for module in (pythoncom, pywintypes, win32com, client):
        monkeypatch.setitem(sys.modules, module.__name__, module)
    had_udfs = "xlwings.udfs" in sys.modules
    udfs = importlib.import_module("xlwings.udfs")
    monkeypatch.setattr(xlwings, "func", udfs.xlfunc, raising=False)
    monkeypatch.setattr(xlwings, "arg", udfs.xlarg, raising=False)
    monkeypatch.setattr(xlwings, "ret", udfs.xlret, raising=False)
    spec = importlib.util.spec_from_file_location("scoring_excel_classic", excel.__file__)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    try:
        yield udfs, module
    finally:
        udfs.com_executor.shutdown(wait=False)
        if not had_udfs:
            sys.modules.pop("xlwings.udfs", None)
            if hasattr(xlwings, "udfs"):
                delattr(xlwings, "udfs")


class _Cleaner:
    """Stand-in for the Windows engine's cell cleaner (xlwings._xlwindows needs COM): blanks
    become ``empty``, pywin32's error codes their text when ``err_to_str``."""

    name = "excel"
    errors: ClassVar[dict[int, str]] = {NA_ERROR: "#N/A", -2146826281: "#DIV/0!"}

    def clean_value_data(self, data: Any, dates: Any, empty: Any, numbers: Any, err_to_str: bool) -> Any:
        def clean(value: Any) -> Any:
            if value in ("", None):
                return empty
            if isinstance(value, int) and value in self.errors:
                return self.errors[value] if err_to_str else None
            return value

        return [[clean(v) for v in row] for row in data]

    def prepare_xl_data_element(self, value: Any, options: Any) -> Any:
        return "" if value is None else value


@pytest.fixture
def excel_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(xlwings.engines.engines_by_name, "excel", types.SimpleNamespace(impl=_Cleaner()))


def call_like_classic(function: Any, *values: Any) -> Any:
    """The argument loop of xlwings.udfs.call_udf for values (not Range objects), then the result conversion."""
    info = function.__xlfunc__
    args = []
    for i, value in enumerate(values):
        arg_info = info["args"][i]
        if value == MISSING:
            args.append(arg_info.get("optional"))
        else:
            args.append(xlwings.conversion.read(None, value, arg_info["options"]))
    result = function(*args)
    return xlwings.conversion.write(result, None, info["ret"]["options"])


def test_every_contract_function_carries_classic_metadata(classic: Any) -> None:
    _, module = classic
    for name, args in CONTRACT.items():
        info = getattr(module, name).__xlfunc__
        assert info["name"] == name
        assert info["sub"] is False
        assert info["category"] == "Guarantee scoring"
        assert info["volatile"] is False
        assert [("*" if "optional" in a else "") + a["name"] for a in info["args"]] == args
        assert all(a["optional"] is None for a in info["args"] if "optional" in a)
        for a in info["args"]:
            assert not a["doc"].startswith("Positional argument")
            assert len(a["doc"]) <= 255
            assert a["options"]["ndim"] == 2
            assert a["options"]["err_to_str"] is True
            assert a["options"]["convert"] is Any  # from the annotation; Any is xlwings' plain value converter
        description = info["ret"]["doc"]
        assert 20 <= len(description) <= 255
        assert "\n" not in description
        assert "  " not in description
        assert "expand" not in info["ret"]["options"]


def test_module_exports_exactly_the_contract(classic: Any) -> None:
    _, module = classic
    decorated = sorted(n for n in dir(module) if hasattr(getattr(module, n), "__xlfunc__"))
    assert decorated == sorted(CONTRACT)
    assert sorted(n for n in excel.__all__ if n.startswith("GS_")) == sorted(CONTRACT)


def test_generated_vba_wrapper_has_every_function_with_its_arguments(classic: Any) -> None:
    udfs, module = classic
    out = io.StringIO()
    workbook = types.SimpleNamespace(Name="guarantee_scoring.xlsm")
    udfs.generate_vba_wrapper("scoring.excel", module, out, workbook)
    vba = out.getvalue()
    for name, args in CONTRACT.items():
        signature = ", ".join(("Optional " + a[1:]) if a.startswith("*") else a for a in args)
        assert f"Function {name}({signature})\n" in vba
        call = f'{name} = XLPy.CallUDF("scoring.excel", "{name}", Array({", ".join(a.lstrip("*") for a in args)}), '
        assert call + "ThisWorkbook, Application.Caller)" in vba
    assert len(re.findall(r"^Function GS_", vba, flags=re.MULTILINE)) == len(CONTRACT)
    assert "Sub " not in vba


def test_classic_conversion_of_excel_values(classic: Any, excel_engine: None) -> None:
    _, module = classic
    matrix = [[7.0, 200.0], [9.0, 300.0], [8.0, 100.0]]
    weights_row = [[0.5, 0.5]]
    expected = excel.GS_SCORE(matrix, weights_row, [["max", "min"]])
    assert call_like_classic(module.GS_SCORE, matrix, weights_row, [["max", "min"]]) == expected
    # a column of weights, an omitted method, a single-cell direction for all, a blank options cell
    column = call_like_classic(module.GS_SCORE, matrix, [[0.5], [0.5]], "max", MISSING, None)
    assert column == excel.GS_SCORE(matrix, weights_row, [["max", "max"]])
    # an error cell reaches our parser as its text and is named
    bad = call_like_classic(module.GS_SCORE, [[7.0, NA_ERROR], [9.0, 300.0]], weights_row)
    assert bad == [["matrix: row 1, column 2 is #N/A, expected a number"]]
    assert call_like_classic(module.GS_VERSION) == [[excel.GS_VERSION()]]
    assert call_like_classic(module.GS_AHP_CR, [[1.0, 3.0], [1 / 3, 1.0]]) == [[0.0]]
    table = call_like_classic(module.GS_ARTICLE, "weights", "kyiv")
    assert table == excel.GS_ARTICLE("weights", "kyiv")


def test_signatures_have_no_keyword_only_arguments() -> None:
    """xlwings refuses keyword-only or **kwargs parameters in a UDF."""
    for name in CONTRACT:
        for parameter in inspect.signature(getattr(excel, name)).parameters.values():
            assert parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD


def test_on_this_platform_func_arg_ret_are_pass_through() -> None:
    """Without pywin32 or a Lite/server runtime, xlwings' func/arg/ret leave the functions plain."""
    assert not hasattr(excel.GS_SCORE, "__xlfunc__")
    assert excel.GS_SCORE.__name__ == "GS_SCORE"
