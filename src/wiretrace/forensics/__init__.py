"""The forensics stage: how each copy was disguised, which article came first, and which
articles report the same event. The steps run in this order, each returning records of
its own (nothing earlier is changed):

1. **document evidence** (:mod:`.document`): per article, tortured phrases (with the
   phrases of the articles it shares text with as corpus evidence), machine-translation
   traces (respelled names against those articles) and quotations — the costly step,
   run by the mapper; a passage reworded as by a round trip stays ``translated`` only
   when one of its two documents shows traces
   (:func:`~wiretrace.classify.with_trace_evidence`);
2. **pair evidence** (:mod:`.context_fit`, :mod:`.quotes`): per reuse pair, how well the
   passages fit the text around them on each side, and the altered quotations — run
   in the task of the pair's side a, which holds both texts;
3. **direction** (:mod:`.direction`, :mod:`.attribution`): per reuse pair, the votes of
   dates, credits, disguise traces, usual phrasing and context fit;
4. **spin and translation through the pairs** (:mod:`.spin`, :mod:`.round_trip`): per
   derived article, the words it replaced and the passages it translated (needs the
   direction of step 3);
5. **same-story links** (:mod:`.same_story`): candidate pairs without a passage that share
   a quotation or distinctive names.

:func:`run_forensics` states that order; :class:`Forensics` holds what it found.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, partial

from wiretrace.classify import PairMatch, with_trace_evidence
from wiretrace.engine.local import Mapper, WorkerMemo, process_pool
from wiretrace.forensics.attribution import (
    CapitalisedRun,
    capitalised_runs,
    credits,
    own_outlets,
)
from wiretrace.forensics.context_fit import ContextFit, context_fit
from wiretrace.forensics.direction import (
    UNDECIDED,
    Direction,
    SideEvidence,
    decide_direction,
    parse_date,
)
from wiretrace.forensics.document import DocumentEvidence, analyse_document
from wiretrace.forensics.pair import ReusePair
from wiretrace.forensics.quotes import AlteredQuote, Quote, altered_quotes, find_quotes
from wiretrace.forensics.round_trip import RoundTrip, round_trips
from wiretrace.forensics.same_story import (
    Features,
    SameStoryLink,
    StoryNames,
    name_frequencies,
    same_story_pair,
    story_names,
)
from wiretrace.forensics.settings import ForensicsSettings
from wiretrace.forensics.spin import SubstitutionSpin, substitution_spin
from wiretrace.forensics.tortured.corpus import counts_of, doc_phrases
from wiretrace.forensics.user_lexicon import Lexicon
from wiretrace.lexicon.resources import wordnet_for
from wiretrace.lexicon.wordnet import WordNet
from wiretrace.normalize.packed import Prepared, unpacked
from wiretrace.normalize.prepare import PreparedDoc

Progress = Callable[[int], None]

__all__ = ["DocumentEvidence", "Forensics", "ReusePair", "RoundTrip", "SameStoryLink",
           "SubstitutionSpin", "run_forensics", "without_forensics"]


@dataclass(frozen=True, slots=True)
class Forensics:
    documents: Mapping[str, DocumentEvidence] = field(default_factory=dict)
    """Per-document evidence, by document id (empty when the stage is off)."""
    substituted: Mapping[str, SubstitutionSpin] = field(default_factory=dict)
    """Per derived document, the words it replaced in its spun passages."""
    pairs: tuple[ReusePair, ...] = ()
    """Every reuse pair with its direction, in the order of the matches."""
    links: tuple[SameStoryLink, ...] = ()
    """``same-story`` links among the candidate pairs."""
    round_trips: Mapping[str, RoundTrip] = field(default_factory=dict)
    """Per derived document, the passages it translated."""


def without_forensics(matches: Sequence[PairMatch]) -> Forensics:
    """The stage switched off: every pair undecided, nothing looked for."""
    return Forensics(pairs=tuple(ReusePair(m, UNDECIDED) for m in matches))


@dataclass(frozen=True, slots=True)
class PairEvidence:
    """What one reuse pair's two texts say beyond the match: how well the passages fit
    the text around them on each side, and the quotations one side altered."""

    fit: ContextFit | None
    altered: tuple[AlteredQuote, ...]


def pair_evidence(
    a: PreparedDoc, b: PreparedDoc, m: PairMatch, quotes_a: Sequence[Quote],
    quotes_b: Sequence[Quote], s: ForensicsSettings,
) -> PairEvidence:
    """The :class:`PairEvidence` of the match ``m`` of ``a`` and ``b``."""
    fit = context_fit(a, b, [p.a for p in m.passages], [p.b for p in m.passages],
                      s.direction.fit_context_cap, s.direction.fit_min_context)
    return PairEvidence(fit, altered_quotes(a, b, quotes_a, quotes_b, s.quotes))


@dataclass(frozen=True, slots=True)
class _DocumentTask:
    """What every document's evidence task reads: the settings, the compiled user
    lexicon (built once, not per document) and this worker's memo of unpacked
    documents and of their phrases (an article is the partner of several others)."""

    settings: ForensicsSettings
    wordnet: bool
    lexicon: Lexicon | None
    memo: WorkerMemo = field(default_factory=lambda: WorkerMemo(512))


_Task = tuple[Prepared, list[Prepared], list[PairMatch]]
"""A document, the articles it shares text with, and the matches where it is side a."""


def _document_task(
    task: _Task, shared: _DocumentTask
) -> tuple[DocumentEvidence, tuple[PairEvidence, ...]]:
    packed, packed_partners, own = task
    memo, s = shared.memo, shared.settings
    doc = memo.get(packed.id, lambda: unpacked(packed))
    partners = [memo.get(p.id, lambda p=p: unpacked(p)) for p in packed_partners]
    # Corpus evidence for tortured phrases comes from the articles this one shares text
    # with (the original of a spun copy says "press conference" where the copy says
    # "squeeze meeting"), not from every article of the scan: unrelated articles that
    # merely word a thing differently ("data centres", "billion euros") are no evidence.
    corpus = counts_of(memo.get(("phrases", p.id), lambda p=p: doc_phrases(p))
                       for p in partners) if partners else None
    evidence = analyse_document(doc, wordnet_for(shared.wordnet), partners, corpus,
                                shared.lexicon, s)
    by_id = {p.id: p for p in partners}
    pairs = tuple(
        pair_evidence(doc, by_id[m.b], m, evidence.quotes,
                      find_quotes(by_id[m.b], s.quotes), s)
        for m in own
    )
    return evidence, pairs


def run_forensics(
    prepared: Sequence[Prepared],
    features: Sequence[Features],
    candidates: Sequence[tuple[int, int]],
    matches: Sequence[PairMatch],
    settings: ForensicsSettings,
    *,
    wordnet: bool = True,
    lexicon: Lexicon | None = None,
    dates: Mapping[str, str | None] | None = None,
    outlets: Mapping[str, str | None] | None = None,
    mapper: Mapper | None = None,
    on_document: Progress | None = None,
    links_among: Sequence[Prepared] | None = None,
    link_features: Sequence[Features] | None = None,
    name_df: Mapping[str, int] | None = None,
    n_docs: int | None = None,
) -> Forensics:
    """The forensics of a corpus, in the order of the module's steps.

    ``prepared`` are the documents analysed (the matches' documents among them);
    ``candidates`` index pairs of ``links_among`` (default ``prepared``, with
    ``link_features``, default ``features``) examined for same-story links, with the
    name frequencies ``name_df`` of a corpus of ``n_docs`` documents (default: those of
    ``link_features``). ``mapper`` runs steps 1 and 2; ``on_document`` is called as each
    document's evidence is done.
    """
    dates = dates or {}
    outlets = outlets or {}
    by_id = {p.id: p for p in prepared}

    # 1–2. Document evidence (each article with the articles it shares text with) and
    # pair evidence (each pair in the task of its side a), one task per article.
    index = {p.id: k for k, p in enumerate(prepared)}
    partners: list[list[int]] = [[] for _ in prepared]
    own: list[list[int]] = [[] for _ in prepared]
    for k, m in enumerate(matches):
        partners[index[m.a]].append(index[m.b])
        partners[index[m.b]].append(index[m.a])
        own[index[m.a]].append(k)
    shared = _DocumentTask(settings, wordnet, lexicon)
    tasks = [(doc, [prepared[j] for j in partners[i]], [matches[k] for k in own[i]])
             for i, doc in enumerate(prepared)]
    evidence: dict[str, DocumentEvidence] = {}
    pair_found: dict[int, PairEvidence] = {}
    results = (mapper or process_pool(1))(_document_task, tasks, shared)
    for i, (doc, (found, pairs)) in enumerate(zip(prepared, results, strict=True)):
        evidence[doc.id] = found
        pair_found.update(zip(own[i], pairs, strict=True))
        if on_document:
            on_document(1)

    # A round trip's rewording is `translated` only where a document shows traces.
    matches = [with_trace_evidence(m, bool(evidence[m.a].traces or evidence[m.b].traces))
               for m in matches]

    # 3. Direction.
    own_names = {d: own_outlets(doc.text, doc.boilerplate, outlets.get(d))
                 for d, doc in by_id.items()}
    # Each article's capitalised runs (what credits read), computed once, when needed.
    runs = cache(lambda doc_id: capitalised_runs(by_id[doc_id].text))
    pairs = tuple(
        _reuse_pair(m, pair_found[k], by_id, evidence, dates, own_names, settings, runs)
        for k, m in enumerate(matches)
    )

    # 4. Spin and translation through the pairs, now that the derived side of each is known.
    substituted = substitution_spin(pairs, {d: p.text for d, p in by_id.items()})
    translated = round_trips(pairs, {d: p.text for d, p in by_id.items()})

    # 5. Same-story links among the candidate pairs that share no passage.
    docs = prepared if links_among is None else links_among
    feats = features if link_features is None else link_features
    quotes = {p.id: evidence[p.id].quotes if p.id in evidence
              else tuple(find_quotes(unpacked(p), settings.quotes)) for p in docs}
    links = same_story_links(candidates, [p.id for p in docs], feats, quotes, dates, matches,
                             settings, name_df, n_docs, wordnet_for(wordnet))
    return Forensics(evidence, substituted, pairs, tuple(links), translated)


def _reuse_pair(
    m: PairMatch,
    found: PairEvidence,
    by_id: Mapping[str, Prepared],
    evidence: Mapping[str, DocumentEvidence],
    dates: Mapping[str, str | None],
    own: Mapping[str, frozenset[str]],
    s: ForensicsSettings,
    runs: Callable[[str], list[CapitalisedRun]],
) -> ReusePair:
    text_a, text_b = by_id[m.a].text, by_id[m.b].text
    d = s.direction
    side_a = SideEvidence(parse_date(dates.get(m.a)), evidence[m.a].disguise_spans(), own[m.a],
                          frozenset(credits(text_a, own[m.b], own[m.a], d, partial(runs, m.a))))
    side_b = SideEvidence(parse_date(dates.get(m.b)), evidence[m.b].disguise_spans(), own[m.b],
                          frozenset(credits(text_b, own[m.a], own[m.b], d, partial(runs, m.b))))
    direction: Direction = decide_direction(m, side_a, side_b, s.direction, found.fit)
    return ReusePair(m, direction, found.altered)


def same_story_links(
    candidates: Sequence[tuple[int, int]],
    ids: Sequence[str],
    features: Sequence[Features],
    quotes: Mapping[str, Sequence[Quote]],
    dates: Mapping[str, str | None],
    reuse: Sequence[PairMatch],
    settings: ForensicsSettings,
    name_df: Mapping[str, int] | None = None,
    n_docs: int | None = None,
    wordnet: WordNet | None = None,
) -> list[SameStoryLink]:
    """``same-story`` links among candidate pairs (indices into ``ids``, the documents
    ``features`` describe) that share no passage. Name frequencies and the corpus size
    default to those of ``features``;
    a check against an archive passes those of archive + checked articles instead.
    ``wordnet`` is the dictionary of common names (``None``: word frequencies alone)."""
    linked = {frozenset((p.a, p.b)) for p in reuse}
    name_df = name_frequencies(features) if name_df is None else name_df
    n_docs = len(ids) if n_docs is None else n_docs
    out = []
    names: dict[int, StoryNames] = {}  # each document's, computed once
    for i, j in candidates:
        a, b = ids[i], ids[j]
        if frozenset((a, b)) in linked:
            continue
        for k in (i, j):
            if k not in names:
                names[k] = story_names(features[k], name_df, n_docs, settings.same_story,
                                       wordnet)
        link = same_story_pair(
            a, b, names[i], names[j], quotes[a], quotes[b],
            name_df, n_docs, (parse_date(dates.get(a)), parse_date(dates.get(b))),
            settings.same_story,
        )
        if link is not None:
            out.append(link)
    return out
