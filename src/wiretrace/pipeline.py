"""The pipeline, stage by stage, in the order it runs:

    read (ingest) → prepare (normalize) → candidates → align + classify → forensics → stories
    → collate

Each stage is a plain function over plain records and returns records of its own; the
per-document and per-pair work goes through a *mapper* (:mod:`wiretrace.engine`), so the
same calls run in-process, in a process pool or on Spark. :func:`scan_documents` is the
whole scan; :func:`scan_prepared` starts from prepared documents (the archive's check
composes the same stages with its own candidate source).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from wiretrace.align import AlignIndex, align_index, align_pair
from wiretrace.candidates import (
    Candidate,
    DocFeatures,
    NearDuplicates,
    corpus_candidates,
    doc_features,
)
from wiretrace.classify import PairMatch, classify_pair
from wiretrace.collate import Collation, NotCollated, collate_stories
from wiretrace.engine import Mapper, WorkerMemo, process_pool
from wiretrace.forensics import Forensics, run_forensics, without_forensics
from wiretrace.forensics.user_lexicon import Lexicon, load_lexicon
from wiretrace.lexicon.resources import wordnet_for
from wiretrace.normalize import Packed, Prepared, PreparedDoc, pack, prepare_document, unpacked
from wiretrace.normalize.boilerplate import repeated_lines
from wiretrace.normalize.prepare import senses_per_word
from wiretrace.records import Document
from wiretrace.settings import Settings
from wiretrace.stories import Story, stories_of

Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What a scan found, stage by stage."""

    prepared: tuple[Prepared, ...]
    """The documents as prepared (packed in a scan: :func:`~wiretrace.normalize.unpacked`
    gives the tokens)."""
    candidates: tuple[Candidate, ...]
    forensics: Forensics
    """The reuse pairs (with their direction), same-story links and per-document evidence."""
    stories: tuple[Story, ...]
    collations: tuple[Collation | NotCollated, ...] = ()
    """The collation of every story of three or more versions (or why there is none)."""
    stats: Mapping[str, Any] = field(default_factory=dict)
    timings: Mapping[str, float] = field(default_factory=dict, compare=False)
    """Seconds each stage took (candidates, align, forensics, stories, collate)."""

    @property
    def pairs(self) -> list[Any]:
        """Reuse pairs and same-story links, in document order."""
        return ordered_links(self.prepared, self.forensics)


def ordered_links(prepared: Sequence[Prepared], forensics: Forensics) -> list[Any]:
    """The reuse pairs and same-story links of ``forensics``, sorted by the position of
    their documents in ``prepared``."""
    order = {p.id: k for k, p in enumerate(prepared)}
    links: list[Any] = [*forensics.pairs, *forensics.links]
    links.sort(key=lambda r: (order[r.a], order[r.b]))
    return links


# ---------------------------------------------------------------------- prepare


@dataclass(frozen=True, slots=True)
class _PrepareTask:
    settings: Settings
    repeated: frozenset[str]


def _prepare_task(doc: Document, shared: _PrepareTask) -> PreparedDoc:
    s = shared.settings
    return prepare_document(doc, wordnet_for(s.lexicon.wordnet), shared.repeated, s.normalize)


def _max_senses(settings: Settings) -> int:
    """The WordNet senses a prepared word holds (0 without WordNet), for :func:`pack`."""
    return senses_per_word(wordnet_for(settings.lexicon.wordnet), settings.normalize)


def _prepare_features_task(doc: Document, shared: _PrepareTask) -> tuple[Packed, DocFeatures]:
    prepared = _prepare_task(doc, shared)
    # Packed without its text: the main process has it already (one copy per article).
    packed = replace(pack(prepared, _max_senses(shared.settings)), text="")
    return packed, doc_features(prepared, shared.settings.candidates)


def corpus_repeated_lines(documents: Sequence[Document], settings: Settings) -> frozenset[str]:
    """Short lines repeated across the corpus (boilerplate by repetition)."""
    min_docs = settings.normalize.corpus_boilerplate_min_docs
    if not min_docs or len(documents) < min_docs:
        return frozenset()
    return repeated_lines((d.text for d in documents), min_docs=min_docs,
                          max_words=settings.normalize.repeated_line_max_words)


def prepare_corpus(
    documents: Sequence[Document],
    settings: Settings,
    mapper: Mapper | None = None,
    on_document: Progress | None = None,
) -> list[PreparedDoc]:
    """Normalize every document (unpacked: a scan keeps them packed, see
    :func:`prepare_with_features`); short lines repeated across the corpus count as boilerplate.

    ``mapper`` runs the per-document work (default: in this process); ``on_document``
    is called as each document is done.
    """
    return [unpacked(p) for p in prepare_with_features(documents, settings, mapper,
                                                       on_document)[0]]


def prepare_with_features(
    documents: Sequence[Document],
    settings: Settings,
    mapper: Mapper | None = None,
    on_document: Progress | None = None,
) -> tuple[list[Packed], list[DocFeatures]]:
    """:func:`prepare_corpus`, with each document's candidate features computed by the
    same worker (the candidates stage then only scores)."""
    shared = _PrepareTask(settings, corpus_repeated_lines(documents, settings))
    prepared, features = [], []
    results = (mapper or process_pool(1))(_prepare_features_task, documents, shared)
    for doc, (packed, feats) in zip(documents, results, strict=True):
        prepared.append(replace(packed, text=doc.text))
        features.append(feats)
        if on_document:
            on_document(1)
    if settings.embeddings:
        senses = _max_senses(settings)
        prepared = [pack(d, senses) for d in add_embeddings([unpacked(p) for p in prepared])]
    return prepared, features


def add_embeddings(prepared: Sequence[PreparedDoc]) -> list[PreparedDoc]:
    """The documents with sentence vectors (the optional extra); raises
    EmbeddingsUnavailable without it."""
    from wiretrace.normalize.embeddings import embed_documents, load_encoder

    return embed_documents(prepared, load_encoder())


# ---------------------------------------------------------------------- align + classify


@dataclass(frozen=True, slots=True)
class _AlignTask:
    """What every alignment task reads: the settings, and this worker's memo of the
    documents' alignment indexes (a document recurs in many pairs)."""

    settings: Settings
    memo: WorkerMemo = field(default_factory=lambda: WorkerMemo(1024))


def compare_prepared(
    a: Prepared, b: Prepared, settings: Settings, memo: WorkerMemo | None = None
) -> PairMatch | None:
    """Align and classify one pair; ``None`` when they share no passage. ``memo`` keeps
    each document unpacked with its alignment index for its next pair."""
    s = settings.align
    index_a = index_b = None
    if memo is not None:

        def indexed(doc: Prepared) -> tuple[PreparedDoc, AlignIndex]:
            full = unpacked(doc)
            return full, align_index(full, s)

        (a, index_a), (b, index_b) = memo.get(a.id, lambda: indexed(a)), memo.get(
            b.id, lambda: indexed(b))
    a, b = unpacked(a), unpacked(b)
    passages = align_pair(a, b, s, index_a, index_b)
    if not passages:
        return None
    return classify_pair(a, b, passages, settings.classify, wordnet_for(settings.lexicon.wordnet))


def _align_task(pair: tuple[Prepared, Prepared], shared: _AlignTask) -> PairMatch | None:
    return compare_prepared(pair[0], pair[1], shared.settings, shared.memo)


def align_candidates(
    prepared: Sequence[Prepared],
    index_pairs: Sequence[tuple[int, int]],
    settings: Settings,
    mapper: Mapper,
    on_pair: Progress | None = None,
) -> list[PairMatch]:
    """The reuse pairs among candidate pairs (indices into ``prepared``), in task order.

    Each task carries its two documents, so a distributed engine ships every executor
    only the documents of its own tasks, never the whole corpus.
    """
    tasks = [(prepared[i], prepared[j]) for i, j in index_pairs]
    matches: list[PairMatch] = []
    for result in mapper(_align_task, tasks, _AlignTask(settings)):
        if result is not None:
            matches.append(result)
        if on_pair:
            on_pair(1)
    return matches


# ---------------------------------------------------------------------- the scan


def user_lexicon(settings: Settings) -> Lexicon | None:
    """The user's tortured-phrase lexicon (``lexicon.user_lexicon``), compiled once."""
    path = settings.lexicon.user_lexicon
    return Lexicon(load_lexicon(path)) if path else None


def scan_prepared(
    prepared: Sequence[Prepared],
    settings: Settings,
    jobs: int = 1,
    *,
    dates: Mapping[str, str | None] | None = None,
    outlets: Mapping[str, str | None] | None = None,
    mapper: Mapper | None = None,
    on_candidates: Progress | None = None,
    on_pair: Progress | None = None,
    on_document: Progress | None = None,
    align_all: bool = False,
    features: Sequence[DocFeatures] | None = None,
) -> ScanResult:
    """Candidates, alignment, forensics and stories over prepared documents (``features``:
    their candidate features, when the prepare stage computed them).

    ``align_all`` aligns every pair, with no candidate stage (a compare of two articles:
    their pair is aligned whatever the candidate rule would say of so small a corpus).

    ``dates`` (document id → ISO date) and ``outlets`` (id → publisher) feed the
    direction of each pair. ``mapper`` runs the per-pair and per-document work
    (default: a pool of ``jobs`` processes). ``on_candidates`` gets the number of
    candidate pairs, ``on_pair`` is called as each is aligned and ``on_document`` as
    each document's forensics are done.
    """
    if mapper is None:
        with process_pool(jobs) as pool:
            return scan_prepared(prepared, settings, jobs, dates=dates, outlets=outlets,
                                 mapper=pool, on_candidates=on_candidates, on_pair=on_pair,
                                 on_document=on_document, align_all=align_all,
                                 features=features)
    run = mapper
    prepared = tuple(prepared)
    clock = _Clock()
    if features is None:
        features = [doc_features(unpacked(p), settings.candidates) for p in prepared]
    dups = NearDuplicates()
    if align_all:
        n = len(prepared)
        candidates = tuple(Candidate(i, j, 1.0, 0) for i in range(n) for j in range(i + 1, n))
    else:
        found, dups = corpus_candidates(features, settings.candidates)
        candidates = tuple(found)
    if on_candidates:
        on_candidates(len(candidates))
    index_pairs = sorted((c.a, c.b) if c.a < c.b else (c.b, c.a) for c in candidates)
    clock.lap("candidates")
    matches = align_candidates(prepared, index_pairs, settings, run, on_pair)
    clock.lap("align")
    if settings.forensics.enabled:
        forensics = run_forensics(
            prepared, features, index_pairs, matches, settings.forensics,
            wordnet=settings.lexicon.wordnet, lexicon=user_lexicon(settings),
            dates=dates, outlets=outlets, mapper=run, on_document=on_document,
        )
    else:
        forensics = without_forensics(matches)
    clock.lap("forensics")
    links = ordered_links(prepared, forensics)
    stories = stories_of(prepared, links, settings.stories)
    clock.lap("stories")
    collations = collate_stories(prepared, stories, links, settings.collate,
                                 settings.forensics.quotes, run)
    clock.lap("collate")
    n = len(prepared)
    stats = {
        "documents": n,
        "possible_pairs": n * (n - 1) // 2,
        "candidate_pairs": len(candidates),
        "reuse_pairs": len(forensics.pairs),
        "same_story_pairs": len(forensics.links),
    }
    if dups.groups:
        stats["near_duplicate_groups"] = len(dups.groups)
        stats["near_duplicates_collapsed"] = len(dups.collapsed)
        stats["near_duplicate_pairs_not_aligned"] = dups.pairs_not_aligned()
    return ScanResult(prepared, candidates, forensics, tuple(stories), collations, stats,
                      clock.laps)


class _Clock:
    """Seconds between laps, by the name of the stage that just ended."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self.last
        self.last = now


def scan_documents(
    documents: Sequence[Document], settings: Settings | None = None, jobs: int = 1,
    mapper: Mapper | None = None,
) -> ScanResult:
    """The whole scan over documents already read."""
    settings = settings or Settings()
    if mapper is None:
        with process_pool(jobs) as pool:
            return scan_documents(documents, settings, jobs, pool)
    prepared, features = prepare_with_features(documents, settings, mapper)
    return scan_prepared(
        prepared, settings, jobs,
        dates={d.id: d.date for d in documents}, outlets={d.id: d.outlet for d in documents},
        mapper=mapper, features=features,
    )


def compare_documents(
    a: Document, b: Document, settings: Settings | None = None
) -> PairMatch | None:
    """Align and classify two documents directly (no candidate stage, no forensics)."""
    settings = settings or Settings()
    wordnet = wordnet_for(settings.lexicon.wordnet)
    pair = [prepare_document(d, wordnet, settings=settings.normalize) for d in (a, b)]
    if settings.embeddings:
        pair = add_embeddings(pair)
    return compare_prepared(pair[0], pair[1], settings)


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
