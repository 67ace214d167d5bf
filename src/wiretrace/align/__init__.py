"""Align stage: find the reused passages of a pair of documents."""

from wiretrace.align.aligner import align_pair
from wiretrace.align.settings import AlignSettings

__all__ = ["AlignSettings", "align_pair"]
