"""Classify stage: what kind of reuse each passage is, and how the pair relates."""

from wiretrace.classify.passage_kind import classify_passage
from wiretrace.classify.relation import summarize_pair

__all__ = ["classify_passage", "summarize_pair"]
