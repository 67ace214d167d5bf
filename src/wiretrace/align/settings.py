"""Tunable thresholds of the aligner, in one plain record."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AlignSettings:
    # Exact layer: runs of identical tokens.
    seed_ngram: int = 5
    """Tokens in the shortest exact run that seeds a verbatim passage."""
    max_ngram_occurrences: int = 40
    """N-grams more frequent than this in one document are ignored as seeds."""
    exact_gap: int = 8
    """Tokens of difference allowed between two runs merged into one passage."""
    exact_min_tokens: int = 15
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
    parallel_gap: int = 40
    """Tokens of unmatched text allowed on both sides between two pieces of one passage."""
    tight_gap: int = 4
    skip_gap: int = 15
    """A passage may skip up to ``skip_gap`` tokens on one side where the other has at
    most ``tight_gap`` (inserted or cut words); a longer one-sided gap splits it."""
    passage_cosine: float = 0.45
    """Similarity (weighted Dice) of a fuzzy passage's two sides, when it has two or more seeds."""
    single_seed_cosine: float = 0.7
    """Similarity a fuzzy passage made of a single sentence pair needs."""
    passage_min_weight: float = 30.0
    """Information weight the two sides of a fuzzy passage must share (about five rare words)."""
    passage_min_chars: int = 120
    """Characters each side of a fuzzy passage needs."""
