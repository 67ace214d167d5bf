"""Settings of the classify stage: passage kinds and the pair's relation."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ClassifySettings:
    verbatim_exact: float = 0.95
    """Share of words inside exact runs for ``verbatim``."""
    edited_max_substitution: float = 0.12
    """At most this share of the kept-or-replaced words replaced, for ``edited``."""
    parallel: float = 0.75
    """Share of words kept or replaced in place, for ``edited`` and ``spun``."""
    same_length: tuple[float, float] = (0.75, 1.33)
    """Length ratio (words of a / words of b) for ``spun`` and ``translated``."""
    spun_min_words: int = 40
    """Words a passage needs (on its longer side) before it is called ``spun`` …"""
    spun_min_swaps: int = 3
    """Content words swapped for thesaurus neighbours that ``spun`` needs at least …"""
    spun_min_swap_share: float = 0.08
    """… and per content word of the passage, at least this share …"""
    spun_min_neighbour_share: float = 0.3
    """… making up at least this share of the content words replaced one for one."""
    spun_length: tuple[float, float] = (0.6, 1.67)
    """Length ratio for ``spun``: a spinner keeps the length, but words may have been cut
    or added as well (by a third at most)."""
    translated_min_words: int = 60
    """Words a passage needs before it is called ``translated``: a sentence or two
    rewritten by an editor, or by another agency reporting the same news (MSRP's
    paraphrases), keep the content words and change the grammar as a round trip does."""
    translated_min_kept: float = 0.55
    """Share of the content words found on both sides that ``translated`` needs …"""
    translated_max_moved: float = 0.25
    """… at most this share of the paired sentences in another order …"""
    translated_min_grammar: float = 0.2
    """… with the grammar rebuilt around them: share of function words changed plus share
    of shared stems inflected differently, at least this."""
    edited_min_exact: float = 0.6
    """A passage of another length with this share of words in exact runs is ``edited``."""
    duplicate_coverage: float = 0.9
    """Both documents at least this much covered by verbatim passages: ``duplicate``."""
    max_substitution: int = 3
    """Longest phrase (in words) counted as one substitution ("artificial intelligence")."""
