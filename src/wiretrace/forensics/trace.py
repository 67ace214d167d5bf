"""A trace that an article passed through machine translation: its kinds and record."""

from __future__ import annotations

from dataclasses import dataclass

UNTRANSLATED = "untranslated"
BROKEN_SENTENCE = "broken-sentence"
FUSED_WORD = "fused-word"
DROPPED_WORD = "dropped-word"
RESPELLED_NAME = "respelled-name"


@dataclass(frozen=True, slots=True)
class Trace:
    """One piece of evidence that the document was machine-translated."""

    kind: str
    """``untranslated``, ``broken-sentence``, ``fused-word``, ``dropped-word`` or
    ``respelled-name``."""
    span: tuple[int, int]
    """Character offsets into ``doc.text``."""
    text: str
    """``doc.text[span[0]:span[1]]``."""
    detail: str
    """Human-readable reason, e.g. ``"Dutch word 'ook' (zipf nl 6.7, en 2.4)"``."""
