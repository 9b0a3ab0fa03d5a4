"""One atomic writer for every output: complete files or nothing, and no clobbering without force.

Each output is written to an *unnamed* file in its target's folder (Linux ``O_TMPFILE``),
which gets a name only when complete:

- a **new name** is created by linking the finished file into place (``linkat``), which
  fails if the name exists, so "no clobber without ``--force``" holds even when two runs
  race for the same name;
- with ``force`` an existing **regular file** (or a symbolic link, which is replaced, never
  followed) is replaced by a rename. Directories, FIFOs, devices, sockets and links to
  anything but a regular file are never replaced, with or without ``force``.

Several outputs that belong together (a CSV and its provenance sidecar, the files of a
folder) go through :func:`atomic_group`: all of them are complete before the first takes its
name, and if one cannot be put in place the ones already placed are undone (the old files
restored from hard links taken just before), so they land together or not at all.
Interrupting signals are held while names change, so Ctrl-C, SIGTERM or SIGHUP never leave
a half-made set. A ``kill -9`` mid-write leaves nothing (the file has no name); only during
the final renames can it leave a hidden ``.NAME.*.tmp``. Without ``O_TMPFILE`` (other
systems, some filesystems) the content goes to such a hidden file from the start, removed
on any error.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from scoring.errors import OutputError
from scoring.io.files import shown

__all__ = ["atomic_group", "atomic_stream", "check_output", "write_bytes", "write_files", "write_text"]

_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


def _state(target: Path) -> tuple[str, str]:
    """(state, description): ``missing``, ``file``, ``link`` (to a file or dangling) or ``bad``."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return "missing", ""
    except OSError as exc:
        return "bad", f"cannot be inspected ({exc.strerror or exc})"
    if stat.S_ISREG(info.st_mode):
        return "file", "a file"
    if stat.S_ISLNK(info.st_mode):
        try:
            pointed = os.stat(target)
        except OSError:
            return "link", "a symbolic link that points nowhere"
        if stat.S_ISREG(pointed.st_mode):
            return "link", "a symbolic link"
        return "bad", f"a symbolic link to {_kind(pointed.st_mode)}"
    return "bad", _kind(info.st_mode)


def _kind(mode: int) -> str:
    for test, what in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return what
    return "something other than a regular file"


def _refusal(target: Path, force: bool) -> OutputError | None:
    state, what = _state(target)
    if state == "missing":
        return None
    if state == "bad":
        if what == "a directory":
            return OutputError("is a directory, expected a file name", path=shown(target))
        return OutputError(
            f"is {what}; only regular files or new names are written, even when replacing", path=shown(target)
        )
    if not force:
        extra = f" ({what})" if state == "link" else ""
        return OutputError(f"file exists{extra}", path=shown(target), remedy="force")
    return None


def check_output(path: str | Path, *, inputs: Sequence[str | Path | None] = (), force: bool = False) -> Path:
    """Validate an output path before any work is done (the writers check again at the end).

    Raises
    ------
    OutputError
        The path is one of the inputs, its folder does not exist, it exists and ``force``
        is false, or it is not something gscore replaces (a directory, FIFO, device,
        socket, or a link to one).
    """
    target = Path(path)
    for source in inputs:
        if not source:
            continue
        same = Path(source).resolve() == target.resolve()
        if not same:
            with contextlib.suppress(OSError):
                same = os.path.samefile(source, target)
        if same:
            raise OutputError("refusing to overwrite the input file", path=shown(target))
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"folder '{shown(folder)}' does not exist", path=shown(target))
    refused = _refusal(target, force)
    if refused is not None:
        raise refused
    return target


# ---------------------------------------------------------------------- writing


@dataclass
class _Pending:
    target: Path
    stream: BinaryIO
    named: Path | None  # the hidden file, when O_TMPFILE is not available


def _unnamed(folder: Path) -> int | None:
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_RDWR, 0o600)
    except OSError:  # a filesystem without O_TMPFILE
        return None


def _open(target: Path) -> _Pending:
    folder = target.parent if str(target.parent) else Path(".")
    fd = _unnamed(folder)
    if fd is not None:
        return _Pending(target, os.fdopen(fd, "w+b"), None)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    return _Pending(target, os.fdopen(handle, "w+b"), Path(name))


def _mode(target: Path) -> int:
    with contextlib.suppress(OSError):
        info = os.lstat(target)
        if stat.S_ISREG(info.st_mode):
            return info.st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _link(pending: _Pending, name: Path) -> None:
    """Give the finished file the name ``name``; ``FileExistsError`` if it is taken."""
    if pending.named is not None:
        os.link(pending.named, name)
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    at_fdcwd, at_symlink_follow = -100, 0x400
    source = f"/proc/self/fd/{pending.stream.fileno()}".encode()
    if libc.linkat(at_fdcwd, source, at_fdcwd, os.fsencode(name), at_symlink_follow) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(name))


def _hidden(target: Path, tag: str) -> Path:
    return target.with_name(f".{target.name}.{os.urandom(6).hex()}.{tag}")


def _place(pending: _Pending, force: bool) -> Path | None:
    """Put one finished file at its target; returns the backup of a replaced file (None: a new name)."""
    target = pending.target
    refused = _refusal(target, force)
    if refused is not None:
        raise refused
    if _state(target)[0] == "missing":
        try:
            _link(pending, target)
            return None
        except FileExistsError:
            if not force:
                raise OutputError("file exists", path=shown(target), remedy="force") from None
    backup = None
    if _state(target)[0] in ("file", "link"):
        backup = _hidden(target, "bak")
        os.link(target, backup, follow_symlinks=False)
    temporary = _hidden(target, "tmp")
    try:
        _link(pending, temporary)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if backup is not None:
            with contextlib.suppress(OSError):
                backup.unlink()
        raise
    return backup


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    if not _SIGNALS or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _commit(pending: list[_Pending], force: bool) -> None:
    for item in pending:
        item.stream.flush()
        os.fsync(item.stream.fileno())
        os.fchmod(item.stream.fileno(), _mode(item.target))
    placed: list[tuple[Path, Path | None]] = []
    with _signals_held():
        try:
            for item in pending:
                placed.append((item.target, _place(item, force)))
        except BaseException:
            for target, backup in reversed(placed):  # undo: the set lands whole or not at all
                with contextlib.suppress(OSError):
                    if backup is None:
                        target.unlink()
                    else:
                        os.replace(backup, target)
            raise
        for _, backup in placed:
            if backup is not None:
                with contextlib.suppress(OSError):
                    backup.unlink()


@contextlib.contextmanager
def atomic_group(paths: Sequence[str | Path], *, force: bool = False) -> Iterator[list[BinaryIO]]:
    """Streams for several outputs that appear together, when the block succeeds, or not at all.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_group([folder / "a.txt", folder / "b.txt"]) as (a, b):
    ...     _ = a.write(b"one"), b.write(b"two")
    >>> sorted(p.name for p in folder.iterdir())
    ['a.txt', 'b.txt']
    """
    pending: list[_Pending] = []
    try:
        for path in paths:
            pending.append(_open(Path(path)))
        yield [item.stream for item in pending]
        _commit(pending, force)
    except OSError as exc:
        if isinstance(exc, OutputError):
            raise
        where = shown(exc.filename) if exc.filename else ", ".join(shown(p) for p in paths)
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        if exc.errno == errno.ENOSPC:
            reason = "no space left on the device"
        raise OutputError(f"{where}: cannot write ({reason}); nothing was written") from None
    finally:
        for item in pending:
            with contextlib.suppress(OSError):
                item.stream.close()
            if item.named is not None:
                with contextlib.suppress(OSError):
                    item.named.unlink()


@contextlib.contextmanager
def atomic_stream(path: str | Path, *, force: bool = False) -> Iterator[BinaryIO]:
    """A binary stream whose content becomes ``path`` only once the block succeeds.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_stream(target) as stream:
    ...     _ = stream.write(b"done")
    >>> target.read_text()
    'done'
    """
    with atomic_group([path], force=force) as (stream,):
        yield stream


def write_files(contents: Mapping[str | Path, bytes], *, force: bool = False) -> None:
    """Write several files together (all or none)."""
    with atomic_group(list(contents), force=force) as streams:
        for stream, data in zip(streams, contents.values(), strict=True):
            stream.write(data)


def write_bytes(path: str | Path, data: bytes, *, force: bool = False) -> None:
    """Atomically create (or, with ``force``, replace) ``path`` with ``data``."""
    write_files({path: data}, force=force)


def write_text(path: str | Path, text: str, *, force: bool = False) -> None:
    """Atomically create (or, with ``force``, replace) ``path`` with UTF-8 ``text``."""
    write_bytes(path, text.encode("utf-8"), force=force)
