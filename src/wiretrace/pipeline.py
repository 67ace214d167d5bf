"""The pipeline, stage by stage: ingest → normalize → candidates → align → classify →
provenance → report.

Each function here is a thin composition of the stage packages; all of them take
and return plain records, so the same calls run in-process, in a process pool
(:mod:`wiretrace.execution`) or inside Spark.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from wiretrace.align import align_pair
from wiretrace.candidates import candidate_pairs, document_features
from wiretrace.classify import summarize_pair
from wiretrace.execution import map_tasks
from wiretrace.lexicon.wordnet import WordNet, load_wordnet
from wiretrace.normalize import PreparedDoc, prepare_document
from wiretrace.normalize.boilerplate import repeated_lines
from wiretrace.provenance import group_stories
from wiretrace.records import Document, PairResult, Story
from wiretrace.settings import Settings

Progress = Callable[[int], None]


@dataclass(slots=True)
class ScanResult:
    prepared: list[PreparedDoc]
    pairs: list[PairResult]
    stories: list[Story]
    stats: dict[str, float] = field(default_factory=dict)


def lexicon_for(settings: Settings) -> WordNet | None:
    return load_wordnet() if settings.synonyms else None


def prepare_corpus(documents: Sequence[Document], settings: Settings) -> list[PreparedDoc]:
    """Normalize every document; short lines repeated across the corpus count as boilerplate."""
    min_docs = settings.corpus_boilerplate_min_docs
    repeated = (
        repeated_lines((d.text for d in documents), min_docs=min_docs)
        if min_docs and len(documents) >= min_docs
        else frozenset()
    )
    wordnet = lexicon_for(settings)
    prepared = [prepare_document(d, wordnet, repeated) for d in documents]
    if settings.embeddings:
        add_embeddings(prepared)
    return prepared


def add_embeddings(prepared: Sequence[PreparedDoc]) -> None:
    """Attach sentence vectors (the optional extra); raises EmbeddingsUnavailable without it."""
    from wiretrace.normalize.embeddings import embed_documents, load_encoder

    embed_documents(prepared, load_encoder())


def compare_prepared(a: PreparedDoc, b: PreparedDoc, settings: Settings) -> PairResult | None:
    """Align and classify one pair; ``None`` when they share no passage."""
    passages = align_pair(a, b, settings.align)
    if not passages:
        return None
    return summarize_pair(a, b, passages)


def _compare_indexed(
    pair: tuple[int, int], shared: tuple[list[PreparedDoc], Settings]
) -> PairResult | None:
    prepared, settings = shared
    return compare_prepared(prepared[pair[0]], prepared[pair[1]], settings)


def scan_prepared(
    prepared: list[PreparedDoc],
    settings: Settings,
    jobs: int = 1,
    on_pair: Progress | None = None,
    on_candidates: Progress | None = None,
) -> ScanResult:
    """Find candidates among prepared documents, align them and group stories."""
    features = [document_features(p) for p in prepared]
    candidates = candidate_pairs(features, settings.candidates)
    if on_candidates:
        on_candidates(len(candidates))
    index_pairs = [(c.a, c.b) if c.a < c.b else (c.b, c.a) for c in candidates]
    index_pairs.sort()
    pairs: list[PairResult] = []
    shared = (prepared, settings)
    for result in map_tasks(_compare_indexed, index_pairs, shared, jobs):
        if result is not None:
            pairs.append(result)
        if on_pair:
            on_pair(1)
    order = {p.id: k for k, p in enumerate(prepared)}
    pairs.sort(key=lambda r: (order[r.a], order[r.b]))
    stories = group_stories([p.id for p in prepared], pairs)
    n = len(prepared)
    stats = {
        "documents": n,
        "possible_pairs": n * (n - 1) // 2,
        "candidate_pairs": len(candidates),
        "reuse_pairs": len(pairs),
    }
    return ScanResult(prepared, pairs, stories, stats)


def scan_documents(
    documents: Sequence[Document], settings: Settings | None = None, jobs: int = 1
) -> ScanResult:
    """The whole scan over documents already read: the library entry point."""
    settings = settings or Settings()
    return scan_prepared(prepare_corpus(documents, settings), settings, jobs)


def compare_documents(
    a: Document, b: Document, settings: Settings | None = None
) -> PairResult | None:
    """Compare two documents directly (no candidate stage)."""
    settings = settings or Settings()
    wordnet = lexicon_for(settings)
    pa, pb = prepare_document(a, wordnet), prepare_document(b, wordnet)
    if settings.embeddings:
        add_embeddings([pa, pb])
    return compare_prepared(pa, pb, settings)


def align_pan_pair(
    susp_text: str, src_text: str, settings: Settings | None = None
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Passages of a PAN pair as ``((susp_start, susp_end), (src_start, src_end))``."""
    result = compare_documents(
        Document("suspicious", susp_text), Document("source", src_text), settings
    )
    if result is None:
        return []
    return [(p.a, p.b) for p in result.passages]
