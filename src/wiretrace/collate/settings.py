"""Settings of the collate stage."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CollateSettings:
    enabled: bool = True
    """Collate every story of ``min_versions`` or more articles that share text."""
    min_versions: int = 3
    """Fewest versions sharing text for a story to be collated (two are a pair view)."""
    sentence_link: float = 0.45
    """Cosine (words, stems and WordNet senses, by information weight) at or above which
    two sentences inside one reused passage are the same sentence in two versions."""
    sentence_min_weight: float = 6.0
    """Sentences with less information weight than this (a dateline, "he said.") are
    linked only to a sentence that reads the same word for word."""
    gap_link: float = 0.1
    """Cosine enough for sentences that stand between two linked ones, as many on each
    side, to be the same sentences reworded."""
    gap_max_sentences: int = 3
    """Longest such run of sentences filled in that way."""
