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
    """Tokens allowed on both sides between two runs chained into one block."""
    exact_skip_gap: int = 20
    """Tokens one side may skip (a cut clause) where the other is contiguous."""
    attach_short_runs: bool = True
    """Extend blocks with adjacent two-word runs (edges of lightly edited copies)."""
    exact_min_tokens: int = 15
    """Matched tokens an exact passage needs."""
    exact_min_content: int = 4
    """Matched content words an exact passage needs."""

    # Fuzzy layer: sentence pairs with similar content words.
    sentence_layer: bool = True
    """Look for disguised reuse (sentence evidence); off leaves the exact layer alone."""
    seed_cosine: float = 0.35
    """Weighted cosine of two sentences' content words for them to seed a passage."""
    embedding_seed: float = 0.8
    """Cosine of two sentences' embedding vectors that makes them a seed (embeddings extra)."""
    embedding_scale: float = 0.6
    """A vector-seeded pair counts as this times its cosine in lexical-similarity terms."""
    seed_extend: float = 0.5
    """Similarity a sentence pair needs to extend an exact block it lies next to."""
    seed_min_weight: float = 5.0
    """Information weight the shared words of a seed need (a rare word weighs up to 9)."""
    synonym_weight: float = 0.8
    """Weight of a WordNet synonym match relative to an identical word."""
    parallel_gap: int = 40
    """Tokens of unmatched text allowed on both sides between two pieces of one passage."""
    tight_gap: int = 4
    skip_gap: int = 15
    """A passage may skip up to ``skip_gap`` tokens on one side where the other has at
    most ``tight_gap`` (inserted or cut words); a longer one-sided gap splits it."""
    passage_evidence: float = 1.9
    """Evidence a passage resting on sentence pairs alone needs: mean seed similarity
    times log(1 + shared information weight) — e.g. 0.5 × log(1 + 44)."""
    passage_min_chars: int = 120
    """Characters each side of a fuzzy passage needs."""
