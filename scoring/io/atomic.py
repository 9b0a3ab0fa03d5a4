"""Write outputs atomically: a temporary file in the target folder, then a rename.

A crash or kill mid-write leaves the old file intact and no partial file behind
(the temporary file is removed on any exception; a hard kill can leave a hidden
``.<name>.*.tmp`` beside the target, never a truncated target).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from scoring.errors import OutputError

__all__ = ["atomic_path", "check_output", "write_bytes", "write_text"]


def check_output(path: str | Path, *, inputs: tuple[str | Path, ...] = (), force: bool = False) -> Path:
    """Validate an output path before any work is done.

    Raises
    ------
    OutputError
        The path is one of the inputs, is a directory, its folder does not exist,
        or it exists and ``force`` is false.
    """
    target = Path(path)
    for source in inputs:
        if source and Path(source).exists() and target.exists() and os.path.samefile(source, target):
            raise OutputError(f"--out {target}: refusing to overwrite the input file")
        if source and Path(source).resolve() == target.resolve():
            raise OutputError(f"--out {target}: refusing to overwrite the input file")
    if target.is_dir():
        raise OutputError(f"--out {target}: is a directory, expected a file name")
    if not target.parent.exists():
        raise OutputError(f"--out {target}: folder {str(target.parent)!r} does not exist")
    if target.exists() and not force:
        raise OutputError(f"--out {target}: file exists; use --force to replace it")
    return target


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it over ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_path(target) as tmp:
    ...     _ = tmp.write_text("done")
    >>> target.read_text()
    'done'
    """
    target = Path(path)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb+") as stream:
            os.fsync(stream.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(temporary, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def write_bytes(path: str | Path, data: bytes) -> None:
    """Atomically replace ``path`` with ``data``."""
    _write(path, lambda tmp: tmp.write_bytes(data))


def write_text(path: str | Path, text: str) -> None:
    """Atomically replace ``path`` with UTF-8 ``text``."""
    _write(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline=""))


def _write(path: str | Path, writer: Callable[[Path], object]) -> None:
    try:
        with atomic_path(path) as tmp:
            writer(tmp)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
