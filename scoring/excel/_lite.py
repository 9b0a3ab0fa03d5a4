"""The xlwings Lite folder: the worksheet functions for Excel without a local Python.

xlwings Lite runs Python in the add-in (Pyodide) and installs what its ``requirements.txt``
tab lists with micropip, from PyPI (pure-Python wheels) or Pyodide's own builds (numpy,
pandas, pydantic, pyyaml); its ``main.py`` tab is stored inside the workbook. Code that is
not on PyPI reaches it in one of three ways: in ``main.py`` itself, as a wheel URL in
``requirements.txt`` (served with CORS headers), or as a personal module uploaded under
Files. :func:`lite_files` makes the first one a single paste: ``main.py`` embeds the package
as a wheel (base64), unpacks it into a temporary folder at start and imports the functions.
The same wheel is written next to it for the second way.

The Lite wheel (version ``<version>+lite``) holds the package without the faces that need
packages Lite does not import (``cli``, ``report``, ``plots``, ``workbook``), and declares
only what the worksheet functions import: numpy, pandas, pydantic and pyyaml. openpyxl,
xlsxwriter, defusedxml, click, rich and jinja2 are not needed (a test imports every
function with those blocked). Everything is reproducible: fixed zip times, sorted entries.
"""

from __future__ import annotations

import base64
import hashlib
import io
import textwrap
import zipfile
from importlib import metadata
from pathlib import Path

from scoring import excel
from scoring.errors import OutputError, ScoringError
from scoring.provenance import PACKAGE, package_version

__all__ = ["LITE_REQUIREMENTS", "LITE_SKIPPED", "lite_files", "lite_version", "lite_wheel", "xlwings_pin"]

#: What the worksheet functions import, besides the standard library and xlwings. Pyodide
#: builds them, so requirements.txt names them without versions (Lite's documented advice).
LITE_REQUIREMENTS = ("numpy", "pandas", "pydantic", "pyyaml")
#: Subpackages left out of the Lite wheel: faces that need packages Lite does not install.
LITE_SKIPPED = ("cli", "report", "plots", "workbook")
_ZIP_TIME = (2025, 1, 1, 0, 0, 0)
_ROOT = Path(__file__).resolve().parents[1]  # the scoring package
#: The worksheet functions, as ``scoring.excel`` exports them.
_GS_FUNCTIONS = tuple(name for name in excel.__all__ if name.startswith("GS_"))


def _requirements() -> list[str]:
    requires = metadata.requires(PACKAGE)
    if requires is None:  # pragma: no cover - an installed distribution always has them
        raise ScoringError(f"{PACKAGE} has no installed metadata: install it (pip install -e .) first")
    return requires


def xlwings_pin() -> str:
    """The exact xlwings version the ``excel`` extra pins (the one place that names it).

    Examples
    --------
    >>> xlwings_pin().count(".") >= 2
    True
    """
    for requirement in _requirements():
        spec, _, marker = requirement.partition(";")
        name, equals, version = spec.replace(" ", "").partition("==")
        if name.lower() == "xlwings" and equals and "excel" in marker:
            return version
    raise ScoringError(f"{PACKAGE}'s excel extra does not pin xlwings with == (see pyproject.toml)")


def lite_version() -> str:
    """The Lite wheel's version: the package version with the local label ``lite``."""
    version = package_version()
    return f"{version}.lite" if "+" in version else f"{version}+lite"


def _lite_requires() -> list[str]:
    """The package's own requirements of the LITE_REQUIREMENTS packages (with their lower bounds)."""
    wanted = set(LITE_REQUIREMENTS)
    found = []
    for requirement in _requirements():
        if ";" in requirement:
            continue
        name = requirement.split(">")[0].split("=")[0].split("<")[0].strip().lower()
        if name in wanted:
            found.append(requirement)
    return sorted(found)


def _license_text() -> str:
    """The package's licence: from the installed dist-info, else the clone's LICENSE file."""
    try:
        distribution = metadata.distribution(PACKAGE)
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a bare tree
        distribution = None
    for name in ("licenses/LICENSE", "LICENSE"):
        text = distribution.read_text(name) if distribution is not None else None
        if text:
            return text
    clone = _ROOT.parent / "LICENSE"
    if clone.is_file():
        return clone.read_text(encoding="utf-8")
    raise ScoringError(f"cannot find {PACKAGE}'s LICENSE to include in the Lite wheel")  # pragma: no cover


def _package_files() -> list[tuple[str, bytes]]:
    """(path inside the wheel, content) of every package file the Lite wheel carries, sorted."""
    found = []
    for path in sorted(_ROOT.rglob("*")):
        relative = path.relative_to(_ROOT)
        parts = relative.parts
        if not path.is_file() or "__pycache__" in parts or path.suffix in (".pyc", ".pyo"):
            continue
        if parts[0] in LITE_SKIPPED or relative.as_posix() == "__main__.py":
            continue
        found.append((f"scoring/{relative.as_posix()}", path.read_bytes()))
    return found


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")


def lite_wheel() -> tuple[str, bytes]:
    """The Lite wheel's file name and bytes (reproducible)."""
    version = lite_version()
    dist_info = f"guarantee_scoring-{version}.dist-info"
    meta = [
        "Metadata-Version: 2.1",
        f"Name: {PACKAGE}",
        f"Version: {version}",
        f"Summary: {PACKAGE}'s worksheet functions for xlwings Lite (without the command line, report, "
        "plots and workbook faces)",
        "License: MIT",
        "Requires-Python: >=3.11",
        *(f"Requires-Dist: {r}" for r in _lite_requires()),
    ]
    wheel_meta = ["Wheel-Version: 1.0", f"Generator: gscore excel-lite ({PACKAGE} {package_version()})"]
    wheel_meta += ["Root-Is-Purelib: true", "Tag: py3-none-any"]
    files = [
        *_package_files(),
        (f"{dist_info}/METADATA", ("\n".join(meta) + "\n").encode("utf-8")),
        (f"{dist_info}/WHEEL", ("\n".join(wheel_meta) + "\n").encode("utf-8")),
        (f"{dist_info}/licenses/LICENSE", _license_text().encode("utf-8")),
    ]
    record = [f"{name},{_record_hash(data)},{len(data)}" for name, data in files] + [f"{dist_info}/RECORD,,"]
    files.append((f"{dist_info}/RECORD", ("\n".join(record) + "\n").encode("utf-8")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as wheel:
        for name, data in files:
            entry = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            wheel.writestr(entry, data)
    return f"guarantee_scoring-{version}-py3-none-any.whl", out.getvalue()


_MAIN = '''\
"""xlwings Lite: the guarantee-scoring worksheet functions (GS_SCORE, GS_RANK, GS_SMAA, ...).

Generated by `gscore excel-lite` from guarantee-scoring {version}: regenerate it, do not edit.
Paste this whole file into the xlwings Lite editor's main.py tab, and requirements.txt into
its requirements.txt tab, then restart xlwings Lite (menu > Restart): see README.txt.

The package is embedded below as a wheel ({wheel_name}, base64): at start it is
unpacked into a temporary folder that goes first on sys.path, so nothing else is downloaded.
xlwings Lite registers every function in this module that carries xlwings' custom-function
metadata, imported ones included. guarantee-scoring is MIT-licensed (Copyright (c) 2025
guarantee-scoring developers); the licence text is in the wheel's dist-info.
"""

import base64
import hashlib
import io
import os
import sys
import tempfile
import zipfile

_WHEEL_SHA256 = "{sha256}"
_WHEEL = (
{blob}
)


def _unpack():
    data = base64.b64decode("".join(_WHEEL))
    if hashlib.sha256(data).hexdigest() != _WHEEL_SHA256:
        raise RuntimeError("the embedded guarantee-scoring wheel is damaged: regenerate main.py (gscore excel-lite)")
    folder = os.path.join(tempfile.gettempdir(), "guarantee-scoring-lite-" + _WHEEL_SHA256[:16])
    if not os.path.isfile(os.path.join(folder, "scoring", "__init__.py")):
        staging = tempfile.mkdtemp(prefix="guarantee-scoring-lite-")
        with zipfile.ZipFile(io.BytesIO(data)) as wheel:
            wheel.extractall(staging)
        try:
            os.replace(staging, folder)
        except OSError:  # unpacked meanwhile by another process: use that copy
            pass
    if folder not in sys.path:
        sys.path.insert(0, folder)


_unpack()

from scoring.excel import (  # noqa: E402
{imports}
)

__all__ = [
{names}
]
'''

_README = """\
guarantee-scoring {version}: the worksheet functions for xlwings Lite
Written by: gscore excel-lite (guarantee-scoring {package_version})

Files
  main.py            the functions, with the package embedded: paste into Lite's main.py tab
  requirements.txt   what they need: paste into Lite's requirements.txt tab
  {wheel_name}
                     the same package as a wheel, for the hosted route below

One step (the code is stored in the workbook)
  1. Excel: Home > Add-ins, search for "xlwings Lite", Add; open the xlwings Lite pane.
  2. requirements.txt tab: replace everything with this folder's requirements.txt.
     numpy, pandas, pydantic and pyyaml come from Pyodide (not pinned, as Lite advises);
     xlwings is pinned to {xlwings}; if Lite's own default requirements.txt shows
     another xlwings version, keep Lite's line instead.
  3. main.py tab: replace everything with this folder's main.py.
  4. Lite menu > Restart. In a cell: =GS_VERSION() shows {version}.
  Save the workbook: the code travels with it; anyone who opens it with xlwings Lite
  gets the functions. Bad input shows #VALUE! with the reason in the cell's tooltip.

Hosted route (keeps main.py short; update by replacing the wheel)
  Put {wheel_name} on a web server that sends CORS headers
  (Access-Control-Allow-Origin), for example as a file in a GitHub repository, whose raw
  file URLs do. Add its full URL as one more line of requirements.txt, and use as main.py:

      from scoring.excel import (
{imports}
      )

Details and troubleshooting: workbook/README.md in the guarantee-scoring repository.
"""


def _b64_lines(data: bytes, width: int = 100) -> str:
    text = base64.b64encode(data).decode("ascii")
    return "\n".join(f'    "{text[i : i + width]}"' for i in range(0, len(text), width))


def lite_files() -> dict[str, bytes]:
    """The Lite folder's files by name: ``main.py``, ``requirements.txt``, the wheel, ``README.txt``."""
    wheel_name, wheel = lite_wheel()
    main = _MAIN.format(
        version=lite_version(),
        wheel_name=wheel_name,
        sha256=hashlib.sha256(wheel).hexdigest(),
        blob=_b64_lines(wheel),
        imports="\n".join(f"    {name}," for name in _GS_FUNCTIONS),
        names="\n".join(f'    "{name}",' for name in _GS_FUNCTIONS),
    )
    requirements = "\n".join([f"xlwings=={xlwings_pin()}", *LITE_REQUIREMENTS]) + "\n"
    readme = _README.format(
        version=lite_version(),
        package_version=package_version(),
        wheel_name=wheel_name,
        xlwings=xlwings_pin(),
        imports=textwrap.indent("\n".join(f"{name}," for name in _GS_FUNCTIONS), " " * 10),
    )
    return {
        "main.py": main.encode("utf-8"),
        "requirements.txt": requirements.encode("utf-8"),
        wheel_name: wheel,
        "README.txt": readme.encode("utf-8"),
    }


def write_lite_folder(folder: str | Path, *, force: bool = False) -> dict[str, Path]:
    """Write :func:`lite_files` into ``folder`` (created if missing; its parent must exist).

    Raises
    ------
    OutputError
        ``folder`` is a file, its parent does not exist, or a file to write exists and
        ``force`` is false. Nothing is written then.
    """
    from scoring.io.atomic import check_output, write_files

    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target}: is a file, expected a folder for the xlwings Lite files")
    if not target.parent.is_dir():
        raise OutputError(f"{target}: its folder {target.parent} does not exist")
    files = lite_files()
    if target.is_dir():
        for name in files:
            check_output(target / name, force=force)
    target.mkdir(exist_ok=True)
    write_files({target / name: data for name, data in files.items()}, force=force)  # all of them or none
    return {name: target / name for name in files}
