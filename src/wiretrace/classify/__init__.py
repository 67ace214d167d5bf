"""Classify stage: what kind of reuse each passage is, and how the pair relates."""

from wiretrace.classify.pair import RELATIONS, PairMatch, classify_pair, with_trace_evidence
from wiretrace.classify.passage_kind import PASSAGE_KINDS, Passage
from wiretrace.classify.settings import ClassifySettings

__all__ = [
           "PASSAGE_KINDS",
           "RELATIONS",
           "ClassifySettings",
           "PairMatch",
           "Passage",
           "classify_pair",
           "with_trace_evidence",
]
