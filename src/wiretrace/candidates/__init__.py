"""Candidates stage: which pairs of documents are worth aligning, without comparing all pairs."""

from wiretrace.candidates.corpus_index import candidate_pairs, corpus_candidates
from wiretrace.candidates.features import DocFeatures, doc_features, document_features, hash64
from wiretrace.candidates.near_duplicates import NearDuplicates
from wiretrace.candidates.scoring import Candidate
from wiretrace.candidates.settings import CandidateSettings

__all__ = ["Candidate", "CandidateSettings", "DocFeatures", "NearDuplicates", "candidate_pairs",
           "corpus_candidates", "doc_features", "document_features", "hash64"]
