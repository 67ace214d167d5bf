"""Candidates stage: which pairs of documents are worth aligning, without comparing all pairs."""

from wiretrace.candidates.features import document_features
from wiretrace.candidates.inverted_index import Candidate, candidate_pairs
from wiretrace.candidates.settings import CandidateSettings

__all__ = ["Candidate", "CandidateSettings", "candidate_pairs", "document_features"]
