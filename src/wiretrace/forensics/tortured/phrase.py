"""A tortured phrase found in a document."""

from __future__ import annotations

from dataclasses import dataclass

from wiretrace.records import Span


@dataclass(frozen=True, slots=True)
class TorturedPhrase:
    """A phrase that reads like a spun fixed expression."""

    span: Span
    """Character offsets into ``doc.text``; ``doc.text[span[0]:span[1]]`` is the phrase."""
    phrase: str
    """The phrase as written."""
    proposal: str | None
    """The likely original expression."""
    score: float
    """Confidence, 0–1."""
    source: str
    """Where the expression came from: ``"wordnet"``, ``"corpus"`` or ``"lexicon"``."""
