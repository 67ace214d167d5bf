"""Settings of the candidates stage."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CandidateSettings:
    max_df: int = 500
    """Features shared by more documents than this are ignored (stories, not copies)."""
    max_df_share: float = 1.0
    """… and so are features held by more than this share of the corpus. Off by default:
    in a small corpus of one story's copies every telling feature is in most documents."""
    min_score: float = 0.04
    """Shared feature weight over the lighter document's total weight."""
    min_shared: int = 4
    """Features two documents must share."""
    min_shared_names: int = 2
    """Documents sharing this many multi-word names (``e:`` features) are candidates even
    below ``min_score``: they may report the same event without sharing text …"""
    name_max_df: int = 50
    """… counting only names held by at most this many documents (not "United States")."""
    common_zipf: float = 5.0
    """Content words more frequent than this (Zipf scale) are too common to be features."""
    sense_zipf: float = 4.0
    """Only words rarer than this contribute their WordNet senses as features."""
    collapse_min_group: int = 50
    """Near-identical documents in a group at least this large are aligned as a star (the
    group's first document with each other) instead of every pair (0: never) …"""
    collapse_jaccard: float = 0.8
    """… near-identical meaning that their candidate features overlap this much (Jaccard)."""
