"""Pair-level figures: coverage, similarity and the relation between two documents."""

from __future__ import annotations

from collections import Counter

from wiretrace.classify.passage_kind import classify_passage
from wiretrace.classify.substitutions import substitution_table
from wiretrace.classify.token_alignment import align_tokens
from wiretrace.lexicon.wordnet import load_wordnet
from wiretrace.normalize.prepare import PreparedDoc
from wiretrace.records import PairResult, Passage

RELATIONS = ("duplicate", "copy", "spun", "translated", "paraphrase", "same-story")

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
    """``duplicate`` for the same article; otherwise the kind of most of the reused text.

    Passage kinds map to relations: verbatim and edited text make a ``copy``; spun,
    translated and paraphrased text give the relation of the same name. The kind
    holding the most characters (over both sides) decides.
    """
    kinds = {p.kind for p in passages}
    if kinds == {"verbatim"} and min(coverage_a, coverage_b) >= DUPLICATE_COVERAGE:
        return "duplicate"
    weight: Counter[str] = Counter()
    for p in passages:
        relation = "copy" if p.kind in ("verbatim", "edited") else p.kind
        weight[relation] += (p.a[1] - p.a[0]) + (p.b[1] - p.b[0])
    return weight.most_common(1)[0][0]


def summarize_pair(a: PreparedDoc, b: PreparedDoc, passages: list[Passage]) -> PairResult:
    """Classify each passage and compute the pair's coverage, similarity and relation."""
    alignments = []
    for p in passages:
        alignment = align_tokens(a, p.a, b, p.b)
        p.kind = classify_passage(p, alignment)
        p.signals["parallel_share"] = alignment.parallel_share
        p.signals["substitution_share"] = alignment.substitution_share
        if p.kind != "verbatim":
            alignments.append(alignment)
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
        substitutions=substitution_table(a, b, alignments, load_wordnet()),
    )
