"""Small wording helpers shared by the faces (terminal tables, the report)."""

from __future__ import annotations

__all__ = ["plural"]


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 lens``, ``2 lenses``: the count and the right form of the word.

    >>> plural(1, "lens", "lenses"), plural(3, "judgment"), plural(1_500, "draw")
    ('1 lens', '3 judgments', '1,500 draws')
    """
    return f"{count:,} {word if count == 1 else (words or word + 's')}"
