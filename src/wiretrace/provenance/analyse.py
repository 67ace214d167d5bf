"""The provenance stage over a whole scan: direction of each pair, same-story links, stories."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from wiretrace.classify.document_evidence import DocumentEvidence
from wiretrace.classify.quotes import Quote, altered_quotes
from wiretrace.normalize.prepare import PreparedDoc
from wiretrace.provenance.attribution import credits, own_outlets
from wiretrace.provenance.context_fit import context_fit
from wiretrace.provenance.direction import (
    DocEvidence,
    decide_direction,
    parse_date,
    why_undecided,
)
from wiretrace.provenance.same_story import (
    StoryNames,
    name_frequencies,
    same_story_pair,
    story_names,
)
from wiretrace.provenance.stories import group_stories
from wiretrace.records import PairResult, Story


def orient_pairs(
    pairs: Sequence[PairResult],
    prepared: Mapping[str, PreparedDoc],
    evidence: Mapping[str, DocumentEvidence],
    dates: Mapping[str, str | None],
    outlets: Mapping[str, str | None] | None = None,
) -> None:
    """Decide each pair's source and find its altered quotations (in place).

    ``dates`` and ``outlets`` map document ids to their metadata, when known.
    """
    outlets = outlets or {}
    own = {d: own_outlets(doc, outlets.get(d)) for d, doc in prepared.items()}
    for pair in pairs:
        ev_a, ev_b = evidence[pair.a], evidence[pair.b]
        doc_a, doc_b = prepared[pair.a], prepared[pair.b]
        side_a = DocEvidence(parse_date(dates.get(pair.a)), ev_a.disguise_spans(), own[pair.a],
                             frozenset(credits(doc_a, own[pair.b])))
        side_b = DocEvidence(parse_date(dates.get(pair.b)), ev_b.disguise_spans(), own[pair.b],
                             frozenset(credits(doc_b, own[pair.a])))
        fit = context_fit(doc_a, doc_b, [p.a for p in pair.passages], [p.b for p in pair.passages])
        pair.source, pair.direction_evidence = decide_direction(pair, side_a, side_b, fit=fit)
        if pair.source is None:
            pair.extra["direction_note"] = why_undecided(
                pair, side_a, side_b, pair.direction_evidence, fit)
        pair.extra["altered_quotes"] = altered_quotes(
            prepared[pair.a], prepared[pair.b], ev_a.quotes, ev_b.quotes
        )


def same_story_links(
    candidates: Sequence[tuple[int, int]],
    prepared: Sequence[PreparedDoc],
    features: Sequence[set[str]],
    quotes: Mapping[str, Sequence[Quote]],
    dates: Mapping[str, str | None],
    reuse: Sequence[PairResult],
    name_df: Mapping[str, int] | None = None,
    n_docs: int | None = None,
) -> list[PairResult]:
    """``same-story`` pairs among candidate pairs that share no passage.

    Name frequencies and the corpus size default to those of ``prepared``; a check
    against an archive passes those of archive + checked articles instead.
    """
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
                names[k] = story_names(features[k], name_df, n_docs)
        pair = same_story_pair(
            a, b, names[i], names[j], quotes[a.id], quotes[b.id],
            name_df, n_docs, (parse_date(dates.get(a.id)), parse_date(dates.get(b.id))),
        )
        if pair is not None:
            out.append(pair)
    return out


def proper_names(doc: PreparedDoc, spans: list[tuple[int, int]]) -> set[str]:
    """Capitalised content words inside ``spans`` that do not open a sentence."""
    openers = {first for first, _ in doc.sentences}
    names = set()
    for start, end in spans:
        for t in range(doc.token_at(start), doc.token_at(end)):
            if (
                doc.content[t] and t not in openers and doc.text[doc.starts[t]].isupper()
                and not doc.keys[t][:1].isdigit()
            ):
                names.add(doc.keys[t])
    return names


def stories_of(prepared: Sequence[PreparedDoc], pairs: Sequence[PairResult]) -> list[Story]:
    """Stories, telling roundups apart by the names in the stretches they reuse."""
    by_id = {p.id: p for p in prepared}
    return group_stories(
        [p.id for p in prepared], pairs, lambda d, spans: proper_names(by_id[d], spans)
    )
