"""Neutralise spreadsheet formula injection (OWASP "CSV Injection").

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return (after any spaces) can be evaluated as a formula by Excel or LibreOffice.
Exports prefix such text with a single quote so it stays text; numbers are never
touched. In CSV a value may span lines, and a spreadsheet that splits it (a line break
that a reader does not keep inside the quotes) would start a new row with the next
line, so :func:`neutralise_lines` treats every line of the value the same way.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["DANGEROUS_PREFIXES", "is_dangerous", "neutralise", "neutralise_lines"]

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def is_dangerous(text: str) -> bool:
    """True if a spreadsheet could read ``text`` as a formula.

    Examples
    --------
    >>> is_dangerous('=HYPERLINK("http://x", "y")'), is_dangerous("NATO")
    (True, False)
    """
    return text.lstrip(" \u3000").startswith(DANGEROUS_PREFIXES)


_LINES = re.compile(r"(\r\n|[\r\n\x0b\x0c\x85\u2028\u2029])")


def neutralise_lines(text: str) -> str:
    r"""``text`` with a ``'`` before every line (not only the first) that could start a formula.

    Examples
    --------
    >>> neutralise_lines("name\r=1+1")
    "name\r'=1+1"
    """
    parts = _LINES.split(text)
    return "".join(part if k % 2 else neutralise(part) for k, part in enumerate(parts))


def neutralise(value: Any) -> Any:
    """Return ``value`` with a leading ``'`` if it is text that could run as a formula.

    Examples
    --------
    >>> neutralise("=1+1"), neutralise("-5 troops"), neutralise(-5.0)
    ("'=1+1", "'-5 troops", -5.0)
    """
    if isinstance(value, str) and is_dangerous(value):
        return "'" + value
    return value
