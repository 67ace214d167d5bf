"""Align stage: find the reused passages of a pair of documents."""

from wiretrace.align.aligner import AlignedPassage, align_pair
from wiretrace.align.index import AlignIndex, align_index
from wiretrace.align.settings import AlignSettings

__all__ = ["AlignIndex", "AlignSettings", "AlignedPassage", "align_index", "align_pair"]
