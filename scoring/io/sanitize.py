"""Neutralise spreadsheet formula injection (OWASP "CSV Injection").

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return can be evaluated as a formula by Excel or LibreOffice. Exports prefix such
text with a single quote so it stays text; numbers are never touched.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DANGEROUS_PREFIXES", "is_dangerous", "neutralise"]

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def is_dangerous(text: str) -> bool:
    """True if a spreadsheet could read ``text`` as a formula.

    Examples
    --------
    >>> is_dangerous('=HYPERLINK("http://x", "y")'), is_dangerous("NATO")
    (True, False)
    """
    return text.startswith(DANGEROUS_PREFIXES)


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
