"""Write outputs atomically: the new content is complete before it takes the target's name.

On Linux the content goes to an *unnamed* file in the target's folder (``O_TMPFILE``)
which is given a name only when complete and then renamed over the target, so even a
``kill -9`` mid-write leaves the old file intact and no partial file behind. Elsewhere a
hidden ``.<name>.*.tmp`` file is used and removed on any exception (a hard kill can then
leave that hidden file, never a truncated target).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from scoring.errors import OutputError

__all__ = ["atomic_path", "atomic_stream", "check_output", "write_bytes", "write_text"]


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
        if not source:
            continue
        same = Path(source).resolve() == target.resolve()
        if not same and Path(source).exists() and target.exists():
            same = os.path.samefile(source, target)
        if same:
            raise OutputError(f"--out {target}: refusing to overwrite the input file")
    if target.is_dir():
        raise OutputError(f"--out {target}: is a directory, expected a file name")
    if not target.parent.exists():
        raise OutputError(f"--out {target}: folder {str(target.parent)!r} does not exist")
    if target.exists() and not force:
        raise OutputError(f"--out {target}: file exists; use --force to replace it")
    return target


def _mode_for(target: Path) -> int:
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _unnamed_file(folder: Path) -> int | None:
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY, 0o600)
    except OSError:  # filesystem without O_TMPFILE support
        return None


def _link_unnamed(fd: int, name: Path) -> bool:
    """Give the unnamed file ``fd`` the name ``name`` (``linkat`` following /proc/self/fd)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        at_fdcwd, at_symlink_follow = -100, 0x400
        done = libc.linkat(at_fdcwd, f"/proc/self/fd/{fd}".encode(), at_fdcwd, os.fsencode(name), at_symlink_follow)
    except (OSError, AttributeError):
        return False
    return bool(done == 0)


@contextlib.contextmanager
def atomic_stream(path: str | Path) -> Iterator[BinaryIO]:
    """Yield a binary stream whose content replaces ``path`` only once the block succeeds.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_stream(target) as stream:
    ...     _ = stream.write(b"done")
    >>> target.read_text()
    'done'
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd = _unnamed_file(folder)
    if fd is None:
        with atomic_path(target) as tmp, open(tmp, "wb") as stream:
            yield stream
        return
    with os.fdopen(fd, "wb") as stream:
        yield stream
        stream.flush()
        os.fsync(stream.fileno())
        os.fchmod(stream.fileno(), _mode_for(target))
        name = folder / f".{target.name}.{os.urandom(8).hex()}.tmp"
        if not _link_unnamed(stream.fileno(), name):  # no linkat here: copy into a named temporary
            with open(f"/proc/self/fd/{stream.fileno()}", "rb") as unnamed, atomic_path(target) as tmp:
                tmp.write_bytes(unnamed.read())
            return
    try:
        os.replace(name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            name.unlink()
        raise


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it over ``path``.

    For writers that need a file name rather than a stream; prefer :func:`atomic_stream`.
    """
    target = Path(path)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb+") as stream:
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def write_bytes(path: str | Path, data: bytes) -> None:
    """Atomically replace ``path`` with ``data``."""
    try:
        with atomic_stream(path) as stream:
            stream.write(data)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None


def write_text(path: str | Path, text: str) -> None:
    """Atomically replace ``path`` with UTF-8 ``text``."""
    write_bytes(path, text.encode("utf-8"))
