"""Small wording helpers shared by the faces (terminal tables, the report)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from scoring._json import significant

__all__ = ["fixed", "plural"]


def fixed(number: float, places: int, *, sign: bool = False) -> str:
    """``number`` with ``places`` decimals, rounded as a spreadsheet shows it.

    Python's ``f"{x:.1f}"`` rounds the binary value half to even: 64.55 (stored as
    64.5499...) shows as ``64.5`` and 65.25 as ``65.2``, while the analyst workbook (Excel,
    LibreOffice) and the exports (12 significant digits) say 64.6, 65.3, 64.55 and 65.25.
    Every face that shows scores uses this, so a printed table and the workbook agree:
    the number is first rounded to the exports' 12 significant digits, then halves go away
    from zero. ``sign`` adds a ``+`` to positive numbers.

    >>> fixed(64.55, 1), fixed(65.25, 1), fixed(63.25000000000001, 1), fixed(-0.125, 2)
    ('64.6', '65.3', '63.3', '-0.13')
    >>> fixed(2.5, 0), fixed(0.5, 1, sign=True), fixed(float("nan"), 1), fixed(1e30, 1)
    ('3', '+0.5', 'nan', '1000000000000000019884624838656.0')
    """
    if not math.isfinite(number) or abs(number) >= 1e15:  # beyond 15 digits there are no halves to settle
        return f"{number:{'+' if sign else ''}.{places}f}"
    step = Decimal(1).scaleb(-places)
    rounded = Decimal(repr(significant(float(number)))).quantize(step, rounding=ROUND_HALF_UP)
    return f"{rounded:{'+' if sign else ''}f}"


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 lens``, ``2 lenses``: the count and the right form of the word.

    >>> plural(1, "lens", "lenses"), plural(3, "judgment"), plural(1_500, "draw")
    ('1 lens', '3 judgments', '1,500 draws')
    """
    return f"{count:,} {word if count == 1 else (words or word + 's')}"
