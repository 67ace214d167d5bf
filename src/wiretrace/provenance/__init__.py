"""Provenance stage: which documents form a story."""

from wiretrace.provenance.stories import group_stories

__all__ = ["group_stories"]
