"""Candidates stage: which pairs of documents are worth aligning, without comparing all pairs."""

from wiretrace.candidates.features import document_features
from wiretrace.candidates.inverted_index import CandidateSettings, candidate_pairs

__all__ = ["CandidateSettings", "candidate_pairs", "document_features"]
