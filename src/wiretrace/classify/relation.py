"""Pair-level figures: coverage, similarity and the relation between two documents."""

from __future__ import annotations

from wiretrace.classify.passage_kind import classify_passage
from wiretrace.normalize.prepare import PreparedDoc
from wiretrace.records import PairResult, Passage

RELATIONS = ("duplicate", "copy", "spun", "translated", "paraphrase")

DUPLICATE_COVERAGE = 0.9
"""Both documents must be at least this much covered by verbatim passages to be duplicates."""


def coverage(doc: PreparedDoc, spans: list[tuple[int, int]]) -> float:
    """Share of the document's non-boilerplate characters inside ``spans``."""
    if doc.content_chars == 0:
        return 0.0
    return min(1.0, doc.content_chars_in(spans) / doc.content_chars)


def similarity(a: PreparedDoc, b: PreparedDoc, passages: list[Passage]) -> float:
    """Reused share of both documents' content, each passage weighted by how close it is."""
    total = a.content_chars + b.content_chars
    if total == 0:
        return 0.0
    got = sum(
        p.score * (a.content_chars_in([p.a]) + b.content_chars_in([p.b])) for p in passages
    )
    return min(1.0, got / total)


def relation_of(passages: list[Passage], coverage_a: float, coverage_b: float) -> str:
    kinds = {p.kind for p in passages}
    if kinds == {"verbatim"} and min(coverage_a, coverage_b) >= DUPLICATE_COVERAGE:
        return "duplicate"
    return "copy"


def summarize_pair(a: PreparedDoc, b: PreparedDoc, passages: list[Passage]) -> PairResult:
    """Classify each passage and compute the pair's coverage, similarity and relation."""
    for p in passages:
        p.kind = classify_passage(p)
    cov_a = coverage(a, [p.a for p in passages])
    cov_b = coverage(b, [p.b for p in passages])
    return PairResult(
        a=a.id,
        b=b.id,
        similarity=similarity(a, b, passages),
        coverage_a=cov_a,
        coverage_b=cov_b,
        relation=relation_of(passages, cov_a, cov_b),
        passages=passages,
    )
