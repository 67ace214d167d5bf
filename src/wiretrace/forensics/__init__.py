"""The forensics stage: how each copy was disguised, which article came first, and which
articles report the same event. The steps run in this order, each returning records of
its own (nothing earlier is changed):

1. **document evidence** (:mod:`.document`): per article, tortured phrases (with the
   phrases of the articles it shares text with as corpus evidence), machine-translation
   traces (respelled names against those articles) and quotations — the costly step,
   run by the mapper;
2. **pair evidence** (:mod:`.context_fit`, :mod:`.quotes`): per reuse pair, how well the
   passages fit the text around them on each side, and the altered quotations;
3. **direction** (:mod:`.direction`, :mod:`.attribution`): per reuse pair, the votes of
   dates, credits, disguise traces, usual phrasing and context fit;
4. **spin through the pairs** (:mod:`.spin`): per derived article, the words it replaced
   (needs the direction of step 3);
5. **same-story links** (:mod:`.same_story`): candidate pairs without a passage that share
   a quotation or distinctive names.

:func:`run_forensics` states that order; :class:`Forensics` holds what it found.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from wiretrace.classify import PairMatch
from wiretrace.engine.local import Mapper, process_pool
from wiretrace.forensics.attribution import credits, own_outlets
from wiretrace.forensics.context_fit import context_fit
from wiretrace.forensics.direction import (
    UNDECIDED,
    Direction,
    SideEvidence,
    decide_direction,
    parse_date,
)
from wiretrace.forensics.document import DocumentEvidence, analyse_document
from wiretrace.forensics.pair import ReusePair
from wiretrace.forensics.quotes import Quote, altered_quotes, find_quotes
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
from wiretrace.forensics.tortured import phrase_counts
from wiretrace.forensics.user_lexicon import Lexicon
from wiretrace.lexicon.resources import wordnet_for
from wiretrace.normalize.prepare import PreparedDoc

Progress = Callable[[int], None]

__all__ = ["DocumentEvidence", "Forensics", "ReusePair", "SameStoryLink", "SubstitutionSpin",
           "run_forensics", "without_forensics"]


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


def without_forensics(matches: Sequence[PairMatch]) -> Forensics:
    """The stage switched off: every pair undecided, nothing looked for."""
    return Forensics(pairs=tuple(ReusePair(m, UNDECIDED) for m in matches))


@dataclass(frozen=True, slots=True)
class _DocumentTask:
    """What every document's evidence task reads: the settings and the compiled user
    lexicon (built once, not per document)."""

    settings: ForensicsSettings
    wordnet: bool
    lexicon: Lexicon | None


def _document_task(
    task: tuple[PreparedDoc, list[PreparedDoc]], shared: _DocumentTask
) -> DocumentEvidence:
    doc, partners = task
    # Corpus evidence for tortured phrases comes from the articles this one shares text
    # with (the original of a spun copy says "press conference" where the copy says
    # "squeeze meeting"), not from every article of the scan: unrelated articles that
    # merely word a thing differently ("data centres", "billion euros") are no evidence.
    corpus = phrase_counts(partners) if partners else None
    return analyse_document(doc, wordnet_for(shared.wordnet), partners, corpus, shared.lexicon,
                            shared.settings)


def run_forensics(
    prepared: Sequence[PreparedDoc],
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
    links_among: Sequence[PreparedDoc] | None = None,
    link_features: Sequence[Features] | None = None,
    name_df: Mapping[str, int] | None = None,
    n_docs: int | None = None,
) -> Forensics:
    """The forensics of a corpus, in the order of the module's steps.

    ``prepared`` are the documents analysed (the matches' documents among them);
    ``candidates`` index pairs of ``links_among`` (default ``prepared``, with
    ``link_features``, default ``features``) examined for same-story links, with the
    name frequencies ``name_df`` of a corpus of ``n_docs`` documents (default: those of
    ``link_features``). ``mapper`` runs step 1; ``on_document`` is called as each
    document's evidence is done.
    """
    dates = dates or {}
    outlets = outlets or {}
    by_id = {p.id: p for p in prepared}

    # 1. Document evidence: each article alone, its partners for respelled names.
    index = {p.id: k for k, p in enumerate(prepared)}
    partners: list[list[int]] = [[] for _ in prepared]
    for m in matches:
        partners[index[m.a]].append(index[m.b])
        partners[index[m.b]].append(index[m.a])
    shared = _DocumentTask(settings, wordnet, lexicon)
    tasks = [(doc, [prepared[j] for j in partners[i]]) for i, doc in enumerate(prepared)]
    evidence: dict[str, DocumentEvidence] = {}
    for doc, found in zip(prepared, (mapper or process_pool(1))(_document_task, tasks, shared),
                          strict=True):
        evidence[doc.id] = found
        if on_document:
            on_document(1)

    # 2–3. Pair evidence and direction.
    own = {d: own_outlets(doc, outlets.get(d)) for d, doc in by_id.items()}
    pairs = tuple(
        _reuse_pair(m, by_id, evidence, dates, own, settings) for m in matches
    )

    # 4. Spin through the pairs, now that the derived side of each is known.
    substituted = substitution_spin(pairs, {d: p.text for d, p in by_id.items()})

    # 5. Same-story links among the candidate pairs that share no passage.
    docs = prepared if links_among is None else links_among
    feats = features if link_features is None else link_features
    quotes = {p.id: evidence[p.id].quotes if p.id in evidence
              else tuple(find_quotes(p, settings.quotes)) for p in docs}
    links = same_story_links(candidates, docs, feats, quotes, dates, matches, settings,
                             name_df, n_docs)
    return Forensics(evidence, substituted, pairs, tuple(links))


def _reuse_pair(
    m: PairMatch,
    by_id: Mapping[str, PreparedDoc],
    evidence: Mapping[str, DocumentEvidence],
    dates: Mapping[str, str | None],
    own: Mapping[str, frozenset[str]],
    s: ForensicsSettings,
) -> ReusePair:
    doc_a, doc_b = by_id[m.a], by_id[m.b]
    ev_a, ev_b = evidence[m.a], evidence[m.b]
    fit = context_fit(doc_a, doc_b, [p.a for p in m.passages], [p.b for p in m.passages],
                      s.direction.fit_context_cap, s.direction.fit_min_context)
    side_a = SideEvidence(parse_date(dates.get(m.a)), ev_a.disguise_spans(), own[m.a],
                          frozenset(credits(doc_a, own[m.b])))
    side_b = SideEvidence(parse_date(dates.get(m.b)), ev_b.disguise_spans(), own[m.b],
                          frozenset(credits(doc_b, own[m.a])))
    direction: Direction = decide_direction(m, side_a, side_b, s.direction, fit)
    quotes = altered_quotes(doc_a, doc_b, ev_a.quotes, ev_b.quotes, s.quotes)
    return ReusePair(m, direction, quotes)


def same_story_links(
    candidates: Sequence[tuple[int, int]],
    prepared: Sequence[PreparedDoc],
    features: Sequence[Features],
    quotes: Mapping[str, Sequence[Quote]],
    dates: Mapping[str, str | None],
    reuse: Sequence[PairMatch],
    settings: ForensicsSettings,
    name_df: Mapping[str, int] | None = None,
    n_docs: int | None = None,
) -> list[SameStoryLink]:
    """``same-story`` links among candidate pairs (indices into ``prepared``) that share
    no passage. Name frequencies and the corpus size default to those of ``prepared``;
    a check against an archive passes those of archive + checked articles instead."""
    linked = {frozenset((p.a, p.b)) for p in reuse}
    name_df = name_frequencies(features) if name_df is None else name_df
    n_docs = len(prepared) if n_docs is None else n_docs
    out = []
    names: dict[int, StoryNames] = {}  # each document's, computed once
    for i, j in candidates:
        a, b = prepared[i], prepared[j]
        if frozenset((a.id, b.id)) in linked:
            continue
        for k in (i, j):
            if k not in names:
                names[k] = story_names(features[k], name_df, n_docs, settings.same_story)
        link = same_story_pair(
            a, b, names[i], names[j], quotes[a.id], quotes[b.id],
            name_df, n_docs, (parse_date(dates.get(a.id)), parse_date(dates.get(b.id))),
            settings.same_story,
        )
        if link is not None:
            out.append(link)
    return out
