"""The kind of one aligned passage, from the aligner's measurements."""

from __future__ import annotations

from wiretrace.records import Passage

PASSAGE_KINDS = ("verbatim", "edited", "spun", "translated", "paraphrase")


def classify_passage(passage: Passage) -> str:
    """``verbatim`` when the two sides are the same words, ``edited`` when mostly so."""
    sig = passage.signals
    exact = sig.get("exact_share", 0.0)
    if exact >= 0.95 and passage.score >= 0.95:
        return "verbatim"
    if exact >= 0.5:
        return "edited"
    return "paraphrase"
