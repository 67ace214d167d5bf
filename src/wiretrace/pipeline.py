"""The pipeline, stage by stage: ingest → normalize → candidates → align → classify →
provenance → report.

Each function here is a thin composition of the stage packages; all of them take
and return plain records, so the same calls run in-process, in a process pool
(:mod:`wiretrace.execution`) or on Spark (:mod:`wiretrace.spark_engine`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from wiretrace.align import align_pair
from wiretrace.candidates import candidate_pairs, document_features
from wiretrace.classify import summarize_pair
from wiretrace.classify.document_evidence import (
    DocumentEvidence,
    add_pair_substitutions,
    analyse_document,
)
from wiretrace.classify.tortured import excluding, phrase_counts
from wiretrace.classify.user_lexicon import Lexicon
from wiretrace.execution import Mapper, process_pool
from wiretrace.lexicon.wordnet import WordNet, load_wordnet
from wiretrace.normalize import PreparedDoc, prepare_document
from wiretrace.normalize.boilerplate import repeated_lines
from wiretrace.provenance.analyse import orient_pairs, same_story_links, stories_of
from wiretrace.records import Document, PairResult, Story
from wiretrace.settings import Settings

Progress = Callable[[int], None]


@dataclass(slots=True)
class ScanResult:
    prepared: list[PreparedDoc]
    pairs: list[PairResult]
    stories: list[Story]
    stats: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, DocumentEvidence] = field(default_factory=dict)
    """Per-document forensics (spin, translation traces, quotations), by document id."""


def lexicon_for(settings: Settings) -> WordNet | None:
    return load_wordnet() if settings.synonyms else None


def _prepare_task(doc: Document, shared: tuple[Settings, frozenset[str]]) -> PreparedDoc:
    settings, repeated = shared
    return prepare_document(doc, lexicon_for(settings), repeated)


def prepare_corpus(
    documents: Sequence[Document],
    settings: Settings,
    mapper: Mapper | None = None,
    on_document: Progress | None = None,
) -> list[PreparedDoc]:
    """Normalize every document; short lines repeated across the corpus count as boilerplate.

    ``mapper`` runs the per-document work (default: in this process); ``on_document``
    is called as each document is done.
    """
    min_docs = settings.corpus_boilerplate_min_docs
    repeated = (
        repeated_lines((d.text for d in documents), min_docs=min_docs)
        if min_docs and len(documents) >= min_docs
        else frozenset()
    )
    run = mapper or process_pool(1)
    prepared = []
    for doc in run(_prepare_task, documents, (settings, repeated)):
        prepared.append(doc)
        if on_document:
            on_document(1)
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


def forget_derived(prepared: Sequence[PreparedDoc]) -> None:
    """Drop what alignment kept on each document for its next pair (about 200 KB per
    5,000-character article) once every pair is aligned."""
    for doc in prepared:
        doc.derived.clear()


def compare_task(pair: tuple[PreparedDoc, PreparedDoc], settings: Settings) -> PairResult | None:
    """:func:`compare_prepared` as a mapper task: the pair carries its two documents."""
    return compare_prepared(pair[0], pair[1], settings)


def align_candidates(
    prepared: Sequence[PreparedDoc],
    index_pairs: Sequence[tuple[int, int]],
    settings: Settings,
    run: Mapper,
    on_pair: Progress | None = None,
) -> list[PairResult]:
    """The reuse pairs among candidate pairs (indices into ``prepared``), in task order.

    Each task carries its two documents, so a distributed engine ships every executor
    only the documents of its own tasks, never the whole corpus. What alignment keeps
    on the documents for their next pair is dropped once every pair is aligned.
    """
    tasks = [(prepared[i], prepared[j]) for i, j in index_pairs]
    pairs: list[PairResult] = []
    for result in run(compare_task, tasks, settings):
        if result is not None:
            pairs.append(result)
        if on_pair:
            on_pair(1)
    forget_derived(prepared)
    return pairs


def scan_prepared(
    prepared: list[PreparedDoc],
    settings: Settings,
    jobs: int = 1,
    on_pair: Progress | None = None,
    on_candidates: Progress | None = None,
    dates: Mapping[str, str | None] | None = None,
    outlets: Mapping[str, str | None] | None = None,
    mapper: Mapper | None = None,
    on_document: Progress | None = None,
) -> ScanResult:
    """Find candidates among prepared documents, align them, run the forensics, group stories.

    ``dates`` (document id → ISO date) and ``outlets`` (id → publisher) feed the
    direction of each pair. ``mapper`` runs the per-pair and per-document work
    (default: a pool of ``jobs`` processes). ``on_candidates`` gets the number of
    candidate pairs, ``on_pair`` is called as each is aligned and ``on_document`` as
    each document's forensics are done.
    """
    run = mapper or process_pool(jobs)
    features = [document_features(p) for p in prepared]
    candidates = candidate_pairs(features, settings.candidates)
    if on_candidates:
        on_candidates(len(candidates))
    index_pairs = [(c.a, c.b) if c.a < c.b else (c.b, c.a) for c in candidates]
    index_pairs.sort()
    pairs = align_candidates(prepared, index_pairs, settings, run, on_pair)
    order = {p.id: k for k, p in enumerate(prepared)}
    reuse_pairs = len(pairs)
    evidence: dict[str, DocumentEvidence] = {}
    if settings.forensics:
        evidence, linked = forensics(
            prepared, features, index_pairs, pairs, settings, dates or {}, outlets or {}, run,
            on_document,
        )
        pairs.extend(linked)
    pairs.sort(key=lambda r: (order[r.a], order[r.b]))
    stories = stories_of(prepared, pairs)
    n = len(prepared)
    stats = {
        "documents": n,
        "possible_pairs": n * (n - 1) // 2,
        "candidate_pairs": len(candidates),
        "reuse_pairs": reuse_pairs,
        "same_story_pairs": len(pairs) - reuse_pairs,
    }
    return ScanResult(prepared, pairs, stories, stats, evidence)


_ForensicsShared = tuple["Counter[str] | None", Settings, "Lexicon | None"]
"""What every per-document forensics task reads: corpus phrase counts, settings and the
compiled user lexicon (built once, not per document)."""


def _analyse_task(
    task: tuple[PreparedDoc, list[PreparedDoc]], shared: _ForensicsShared
) -> DocumentEvidence:
    doc, partners = task
    corpus, settings, lexicon = shared
    return analyse_document(
        doc, lexicon_for(settings), partners,
        excluding(corpus, doc) if corpus else None, lexicon,
    )


def forensics(
    prepared: list[PreparedDoc],
    features: list[set[str]],
    candidates: list[tuple[int, int]],
    pairs: list[PairResult],
    settings: Settings,
    dates: Mapping[str, str | None],
    outlets: Mapping[str, str | None],
    mapper: Mapper | None = None,
    on_document: Progress | None = None,
) -> tuple[dict[str, DocumentEvidence], list[PairResult]]:
    """Disguise evidence per document, direction per pair, same-story links.

    Returns the evidence by document id and the new ``same-story`` pairs; the reuse
    pairs get their ``source``, ``direction_evidence`` and altered quotations in place.
    ``mapper`` runs the per-document analyses (default: in this process).
    """
    by_id = {p.id: p for p in prepared}
    index = {p.id: k for k, p in enumerate(prepared)}
    partners: list[list[int]] = [[] for _ in prepared]
    for pair in pairs:
        partners[index[pair.a]].append(index[pair.b])
        partners[index[pair.b]].append(index[pair.a])
    corpus = phrase_counts(prepared) if len(prepared) > 1 else None
    run = mapper or process_pool(1)
    lexicon = Lexicon(dict(settings.lexicon)) if settings.lexicon else None
    shared: _ForensicsShared = (corpus, settings, lexicon)
    tasks = [(doc, [prepared[j] for j in partners[i]]) for i, doc in enumerate(prepared)]
    evidence: dict[str, DocumentEvidence] = {}
    for doc_id, found in zip(by_id, run(_analyse_task, tasks, shared), strict=True):
        evidence[doc_id] = found
        if on_document:
            on_document(1)
    orient_pairs(pairs, by_id, evidence, dates, outlets)
    add_pair_substitutions(evidence, by_id, pairs)
    quotes = {d: ev.quotes for d, ev in evidence.items()}
    linked = same_story_links(candidates, prepared, features, quotes, dates, pairs)
    return evidence, linked


def scan_documents(
    documents: Sequence[Document], settings: Settings | None = None, jobs: int = 1
) -> ScanResult:
    """The whole scan over documents already read: the library entry point."""
    settings = settings or Settings()
    dates = {d.id: d.date for d in documents}
    outlets = {d.id: d.outlet for d in documents}
    return scan_prepared(
        prepare_corpus(documents, settings), settings, jobs, dates=dates, outlets=outlets
    )


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
