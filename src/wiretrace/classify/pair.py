"""Pair-level figures: coverage, similarity and the relation between two documents."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from wiretrace.align import AlignedPassage
from wiretrace.classify.passage_kind import Passage, classify_passage
from wiretrace.classify.rewording import rewording
from wiretrace.classify.settings import ClassifySettings
from wiretrace.classify.substitutions import SubstitutionEntry, substitution_table
from wiretrace.classify.token_alignment import align_tokens
from wiretrace.lexicon.expressions import expression_index
from wiretrace.lexicon.wordnet import WordNet
from wiretrace.normalize.prepare import PreparedDoc
from wiretrace.records import Span

RELATIONS = ("duplicate", "copy", "spun", "translated", "paraphrase", "same-story")


@dataclass(frozen=True, slots=True)
class PairMatch:
    """Two documents that share at least one passage, classified."""

    a: str
    b: str
    similarity: float
    coverage_a: float
    coverage_b: float
    relation: str
    passages: tuple[Passage, ...]
    substitutions: tuple[SubstitutionEntry, ...]
    """Distinct replacements between the two sides, read ``b`` ← ``a``."""

    def spans_in(self, doc: str) -> list[Span]:
        """The pair's passage ranges in document ``doc`` (one of ``a`` and ``b``)."""
        return [p.a if doc == self.a else p.b for p in self.passages]

    def coverage_of(self, doc: str) -> float:
        return self.coverage_a if doc == self.a else self.coverage_b


def coverage(doc: PreparedDoc, spans: list[Span]) -> float:
    """Share of the document's non-boilerplate characters inside ``spans``."""
    if doc.content_chars == 0:
        return 0.0
    return min(1.0, doc.content_chars_in(spans) / doc.content_chars)


def similarity(a: PreparedDoc, b: PreparedDoc, passages: Sequence[Passage]) -> float:
    """Reused share of both documents' content, each passage weighted by how close it is."""
    total = a.content_chars + b.content_chars
    if total == 0:
        return 0.0
    got = sum(
        p.score * (a.content_chars_in([p.a]) + b.content_chars_in([p.b])) for p in passages
    )
    return min(1.0, got / total)


def relation_of(
    passages: Sequence[Passage], coverage_a: float, coverage_b: float,
    duplicate_coverage: float = 0.9,
) -> str:
    """``duplicate`` for the same article; otherwise the kind of most of the reused text.

    Passage kinds map to relations: verbatim and edited text make a ``copy``; spun,
    translated and paraphrased text give the relation of the same name. The kind
    holding the most characters (over both sides) decides.
    """
    kinds = {p.kind for p in passages}
    if kinds == {"verbatim"} and min(coverage_a, coverage_b) >= duplicate_coverage:
        return "duplicate"
    weight: Counter[str] = Counter()
    for p in passages:
        relation = "copy" if p.kind in ("verbatim", "edited") else p.kind
        weight[relation] += (p.a[1] - p.a[0]) + (p.b[1] - p.b[0])
    return weight.most_common(1)[0][0]


def classify_pair(
    a: PreparedDoc,
    b: PreparedDoc,
    aligned: Sequence[AlignedPassage],
    settings: ClassifySettings | None = None,
    wordnet: WordNet | None = None,
) -> PairMatch:
    """Classify each passage and compute the pair's coverage, similarity, relation and
    substitution table (``wordnet`` joins replaced words into fixed expressions)."""
    s = settings or ClassifySettings()
    index = expression_index(wordnet) if wordnet is not None else None
    passages = []
    alignments = []
    for p in aligned:
        alignment = align_tokens(a, p.a, b, p.b, s.max_substitution)
        passage = classify_passage(p, alignment, rewording(a, p.a, b, p.b, index), s)
        passages.append(passage)
        if passage.kind != "verbatim":
            alignments.append(alignment)
    cov_a = coverage(a, [p.a for p in passages])
    cov_b = coverage(b, [p.b for p in passages])
    return PairMatch(
        a=a.id,
        b=b.id,
        similarity=similarity(a, b, passages),
        coverage_a=cov_a,
        coverage_b=cov_b,
        relation=relation_of(passages, cov_a, cov_b, s.duplicate_coverage),
        passages=tuple(passages),
        substitutions=tuple(substitution_table(a, b, alignments, wordnet)),
    )


def with_trace_evidence(
    match: PairMatch, traced: bool, settings: ClassifySettings | None = None
) -> PairMatch:
    """``match`` once the documents' own evidence is known (``traced``: one of the two shows
    machine-translation traces, :mod:`wiretrace.forensics.mt_traces`).

    A round trip's rewording alone does not make a passage ``translated``: a person who
    rewrites a text sentence by sentence keeps its content words and rebuilds the grammar
    the same way (of the 79 such passages among Clough & Stevenson's students' answers,
    70 lie in two texts without a single trace; all 37 in 80 of PAN 2013's round-trip
    pairs have some in their documents). Without traces on either side such passages
    are ``paraphrase``, and the relation is read again.
    """
    if traced or not any(p.kind == "translated" for p in match.passages):
        return match
    s = settings or ClassifySettings()
    passages = tuple(replace(p, kind="paraphrase") if p.kind == "translated" else p
                     for p in match.passages)
    return replace(match, passages=passages, relation=relation_of(
        passages, match.coverage_a, match.coverage_b, s.duplicate_coverage))
