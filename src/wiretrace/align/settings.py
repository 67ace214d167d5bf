"""Tunable thresholds of the aligner, in one plain record."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AlignSettings:
    # Exact layer: runs of identical tokens.
    seed_ngram: int = 3
    """Tokens in the shortest exact run that seeds a verbatim passage."""
    max_ngram_occurrences: int = 40
    """N-grams more frequent than this in one document are ignored as seeds."""
    exact_gap: int = 12
    """Tokens of difference allowed between two runs merged into one passage."""
    exact_min_tokens: int = 10
    """Matched tokens an exact passage needs."""
    exact_min_content: int = 4
    """Matched content words an exact passage needs."""

    # Fuzzy layer: sentence pairs with similar content words.
    seed_cosine: float = 0.35
    """Weighted cosine of two sentences' content words for them to seed a passage."""
    seed_min_weight: float = 8.0
    """Information weight the shared words of a seed need (a rare word weighs up to 9)."""
    synonym_weight: float = 0.6
    """Weight of a WordNet synonym match relative to an identical word."""
    sentence_gap: int = 3
    """Sentences allowed between seeds of one passage."""
    passage_cosine: float = 0.4
    """Weighted cosine of a whole passage's two sides for it to be kept."""
    passage_min_chars: int = 120
    """Characters each side of a fuzzy passage needs."""
