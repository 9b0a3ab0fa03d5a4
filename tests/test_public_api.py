"""The public surface: a sorted __all__, and no front-end library imported by `import scoring`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def test_no_method_name_branches_outside_the_methods() -> None:
    """What is method-specific lives with the method's spec: no face or analysis tests its name."""
    import re
    from pathlib import Path

    names = "|".join(scoring.method_names())
    branch = re.compile(rf"""(==|!=)\s*["']({names})["']|\bin\s*[(\[{{]\s*["']({names})["']""")
    package = Path(scoring.__file__).parent
    found = [
        f"{path.relative_to(package)}:{number}: {line.strip()}"
        for path in sorted(package.rglob("*.py"))
        if "methods" not in path.relative_to(package).parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if branch.search(line)
    ]
    assert found == []


def test_no_paired_scenario_functions() -> None:
    """One function per analysis takes a problem or a scenario set: no ``*_scenario`` twins."""
    import importlib
    import pkgutil

    twins = []
    for info in pkgutil.walk_packages(scoring.__path__, "scoring."):
        if info.name == "scoring.__main__":
            continue  # runs the command line
        module = importlib.import_module(info.name)
        public = getattr(module, "__all__", [n for n in vars(module) if not n.startswith("_")])
        twins += [f"{info.name}.{n}" for n in public if n.endswith("_scenario") or n.startswith("scenario_")]
    assert twins == []


def _runtime_imports(tree: object) -> set[str]:
    """Modules a module imports when it runs (top level and inside functions; not TYPE_CHECKING)."""
    import ast

    found: set[str] = set()
    pending = list(ast.iter_child_nodes(tree))  # type: ignore[arg-type]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            pending.extend(node.orelse)
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        pending.extend(ast.iter_child_nodes(node))
    return found


def test_no_import_cycles_hidden_in_functions() -> None:
    """No two modules import each other at run time, even through in-function imports."""
    import ast
    from pathlib import Path

    package = Path(scoring.__file__).parent
    modules = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(package.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph = {
        name: {
            target
            for target in _runtime_imports(ast.parse(path.read_text(encoding="utf-8")))
            if target in modules and target != name and not name.startswith(target + ".")  # a parent package
        }
        for name, path in modules.items()
    }
    cycles = []
    for start in sorted(graph):  # a depth-first walk from each module back to itself
        stack, seen = [(start, (start,))], set()
        while stack:
            node, trail = stack.pop()
            for target in sorted(graph[node]):
                if target == start:
                    cycles.append(" -> ".join((*trail, start)))
                elif target not in seen:
                    seen.add(target)
                    stack.append((target, (*trail, target)))
    assert cycles == []


def test_the_core_names_no_command_line_flags() -> None:
    """Messages outside the CLI name Python arguments (``sheet``, ``out``, ``force=True``); the CLI
    turns them into its flags at the edge (scoring/cli/_common.py). Docstrings may mention flags."""
    import ast
    import re

    flag = re.compile(r"(?<![\w-])--[a-z][a-z-]+")
    root = Path(scoring.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.relative_to(root).parts[0] in ("cli", "excel"):
            continue  # the faces: the CLI's own flags, and the worksheet functions' help naming gscore commands
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        texts: list[tuple[int, str]] = []
        parts = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                pieces = [v for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
                parts |= {id(v) for v in pieces}
                texts.append((node.lineno, "{}".join(str(v.value) for v in pieces)))
        for node in ast.walk(tree):
            plain = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if plain and id(node) not in docstrings and id(node) not in parts:
                texts.append((node.lineno, node.value))
        for line, text in texts:
            if "gscore " not in text:  # a whole command line (provenance, a hint in the workbook) may name flags
                found += [f"{path.relative_to(root)}:{line}: {m}" for m in flag.findall(text)]
    assert not found, found


def test_every_analysis_result_shares_to_frame() -> None:
    """Result objects share one table API: ``to_frame()`` returns a DataFrame with a row per item."""
    import pandas as pd

    from scoring.analysis.bundle import analyze
    from scoring.analysis.compose import composition
    from scoring.analysis.discover import discover
    from scoring.analysis.dominance import dominance
    from scoring.analysis.settings import SmaaSettings

    article = scoring.load()
    bundle = analyze(article, samples=300)
    revised = article.with_weights("balanced", {**article.lens("balanced").weight_map(), "escalation_risk": 30})
    results = [
        scoring.score(article),
        bundle.smaa,
        bundle.sensitivity,
        bundle.tornado,
        bundle.lenses,
        dominance(article),
        scoring.diff(article, revised),
        composition(article),
        discover(article, "nato_membership", SmaaSettings(samples=300)),
    ]
    for result in results:
        frame = result.to_frame()
        assert isinstance(frame, pd.DataFrame), type(result).__name__
        assert len(frame) > 0, type(result).__name__
