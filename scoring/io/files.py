"""Open inputs safely: regular files only, and never more bytes than the cap.

A link to ``/dev/zero`` reports a size of 0 and never ends; a FIFO blocks ``open`` until
someone writes to it; a directory cannot be read. :func:`open_regular` opens without
blocking (``O_NONBLOCK``), checks with ``fstat`` on the open descriptor (no race between
the check and the read) that it is a regular file no larger than the cap, and
:func:`read_regular` then reads at most ``limit + 1`` bytes, so a file that grows while
it is read is refused too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from scoring.errors import InputError

__all__ = ["open_regular", "read_regular", "shown"]


def shown(path: str | os.PathLike[str]) -> str:
    """A path as it can appear in a one-line message: control characters escaped.

    Examples
    --------
    >>> shown("out\\nput.csv")
    'out\\\\nput.csv'
    """
    text = os.fspath(path)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_regular(
    path: str | os.PathLike[str], limit: int, *, what: str = "file", error: type[InputError] = InputError
) -> BinaryIO:
    """Open ``path`` for reading if it is a regular file of at most ``limit`` bytes.

    Raises
    ------
    InputError (or ``error``)
        Missing, unreadable, not a regular file (FIFO, device, directory, socket), or too large.
    """
    name = shown(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(os.fspath(path), flags)
    except FileNotFoundError:
        raise error.at(name, "file not found") from None
    except IsADirectoryError:
        raise error.at(name, f"expected a {what}, got a directory") from None
    except OSError as exc:
        raise error.at(name, f"cannot read the file ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error.at(name, f"expected a regular {what}, got {_kind(info.st_mode)}")
        if info.st_size > limit:
            raise error.at(name, f"file is {info.st_size:,} bytes; a {what} is limited to {limit:,} bytes")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(
    path: str | os.PathLike[str], limit: int, *, what: str = "file", error: type[InputError] = InputError
) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (see :func:`open_regular`)."""
    with open_regular(path, limit, what=what, error=error) as stream:
        try:
            data = stream.read(limit + 1)
        except OSError as exc:
            raise error.at(shown(path), f"cannot read the file ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise error.at(shown(path), f"file grew past {limit:,} bytes while it was read; a {what} is limited to that")
    return data


def is_regular(path: Path) -> bool:
    """True if ``path`` (followed) is a regular file."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False
