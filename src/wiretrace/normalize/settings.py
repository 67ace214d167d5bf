"""Settings of the normalize stage."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NormalizeSettings:
    corpus_boilerplate_min_docs: int = 3
    """A short line found in this many documents of the corpus is boilerplate (0: off)."""
    repeated_line_max_words: int = 8
    """… where a short line has at most this many words."""
    max_sentence_tokens: int = 40
    """A "sentence" longer than this (a list, text without punctuation) is cut into even
    pieces of about three quarters of it."""
    max_senses: int = 3
    """WordNet senses kept per part of speech for a word's match keys (most frequent first)."""
