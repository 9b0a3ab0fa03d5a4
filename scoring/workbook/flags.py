"""The assumption flag of a judgment in the workbook's rationale cells, kept losslessly.

The Scores sheet has no column for the flag; the rationale carries it:

- a rationale that starts with "Assumption" (any case: "Assumption (article silent): ...")
  marks an assumption, as analysts write it;
- where that rule would read the flag wrongly, the template writes an explicit marker
  that the reader removes: ``[assumption] `` before a rationale that is an assumption but
  does not say so, ``[not an assumption] `` before one that starts with "assumption" but
  is not.

So a scenario file -> workbook -> scenario file round trip keeps both the flag and the
rationale exactly (tests/io/test_convert.py), and an analyst can flag a judgment by
starting its rationale with "Assumption" or "[assumption]".

Examples
--------
>>> encode_rationale("Troops are months away.", True)
'[assumption] Troops are months away.'
>>> decode_rationale("[assumption] Troops are months away.")
('Troops are months away.', True)
>>> decode_rationale("Assumption (article silent): none.")
('Assumption (article silent): none.', True)
"""

from __future__ import annotations

__all__ = ["ASSUMED", "NOT_ASSUMED", "decode_rationale", "encode_rationale"]

ASSUMED = "[assumption]"
NOT_ASSUMED = "[not an assumption]"
_WORD = "assumption"


def _reads_as_assumption(text: str) -> bool:
    return text.lower().startswith(_WORD)


def encode_rationale(rationale: str, assumption: bool) -> str:
    """The rationale cell's text for a judgment (a marker only where the plain rule would misread it)."""
    literal = rationale.startswith((ASSUMED, NOT_ASSUMED))  # a rationale that itself starts with a marker
    if not literal and _reads_as_assumption(rationale) == assumption:
        return rationale
    return f"{ASSUMED if assumption else NOT_ASSUMED} {rationale}"


def decode_rationale(text: str) -> tuple[str, bool]:
    """The rationale and the assumption flag a rationale cell holds."""
    for marker, flag in ((ASSUMED, True), (NOT_ASSUMED, False)):
        if text.startswith(marker):
            rest = text[len(marker) :]
            return (rest[1:] if rest.startswith(" ") else rest), flag
    return text, _reads_as_assumption(text)
