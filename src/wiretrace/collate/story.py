"""The collation of one story, built from the pairwise alignments the story already has.

1. **units and links** (:mod:`.sentences`): every version's sentences (cut where a reused
   passage begins or ends inside one); two sentences are
   the same sentence in two versions when they lie in the two sides of one reused
   passage and read alike;
2. **segments**: the groups of sentences so linked, across all versions (union–find, the
   closest links first: a sentence the wire, the reprint and the spun copy each have is
   one segment; a group never holds two separate places of one version, nor one sentence
   twice — a version that repeats a sentence has the repeat as its own); a run of
   a version's sentences that no other version has, within one paragraph, is one
   ``added`` segment;
3. **order** (:mod:`.order`): the pivot's order (the story's origin, else its longest
   version), the other versions' material placed in it, out-of-order material marked;
4. **readings and kinds**: the versions carrying a segment grouped by identical words —
   ``shared``, ``partial``, ``changed`` or ``added``;
5. **per version** (:mod:`.changes`): against its closest source, what it added, what it
   cut and what it changed, fact apart from wording;
6. **digest**: every segment two or more versions carry, in the words most of them use,
   with how many carry it and how many agree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from functools import cache

from wiretrace.align.cluster import DisjointSets
from wiretrace.collate.changes import WordFacts, segment_changes, word_facts
from wiretrace.collate.model import (
    Change,
    Collation,
    DigestLine,
    NotCollated,
    Segment,
    SegmentText,
    VersionCollation,
)
from wiretrace.collate.order import collation_order
from wiretrace.collate.sentences import Unit, VersionUnits, sentence_links
from wiretrace.collate.settings import CollateSettings
from wiretrace.forensics import ReusePair
from wiretrace.forensics.quotes import find_quotes
from wiretrace.forensics.settings import QuoteSettings
from wiretrace.normalize.prepare import PreparedDoc
from wiretrace.records import Span
from wiretrace.stories import Story

_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n")


def collate_story(
    story: Story,
    docs: Sequence[PreparedDoc],
    pairs: Sequence[ReusePair],
    settings: CollateSettings | None = None,
    quote_settings: QuoteSettings | None = None,
) -> Collation | NotCollated:
    """The collation of ``story`` from its documents (``docs``, any order) and its reuse
    pairs; :class:`NotCollated` when fewer than ``min_versions`` of them share text."""
    s = settings or CollateSettings()
    by_id = {d.id: d for d in docs}
    members = [d for d in story.documents if d in by_id]
    pairs = [p for p in pairs if p.a in by_id and p.b in by_id and p.passages]
    sharing = {x for p in pairs for x in (p.a, p.b)}
    unaligned = tuple(d for d in members if d not in sharing)
    if len(sharing) < s.min_versions:
        return NotCollated(story.id, f"{len(sharing)} of its documents share text "
                           f"(a collation needs {s.min_versions})", unaligned)

    pivot = story.origin if story.origin in sharing else max(
        (d for d in members if d in sharing), key=lambda d: by_id[d].content_chars)
    similarity = {x: 0.0 for x in sharing}
    for p in pairs:
        if pivot in (p.a, p.b):
            other = p.b if p.a == pivot else p.a
            similarity[other] = max(similarity[other], p.similarity)
    rank = {d: k for k, d in enumerate(members)}
    ids = [pivot, *sorted(sharing - {pivot}, key=lambda d: (-similarity[d], rank[d]))]
    slot = {d: k for k, d in enumerate(ids)}
    cuts: list[list[int]] = [[] for _ in ids]
    for p in pairs:
        for passage in p.passages:
            cuts[slot[p.a]].extend(passage.a)
            cuts[slot[p.b]].extend(passage.b)
    versions = VersionUnits([by_id[d] for d in ids], cuts)

    links = [link for p in pairs
             for link in sentence_links(versions, slot[p.a], slot[p.b], p.match, s)]
    groups = _linked_groups(versions.units, links)
    segment_of, sequences = _segments(versions.units, versions, groups, len(ids))
    order, moved = collation_order(sequences)
    number = {key: n for n, key in enumerate(order, start=1)}

    members_of: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for u, key in enumerate(segment_of):
        members_of[number[key]][versions.units[u].doc].append(u)
    moved_in: dict[int, list[str]] = defaultdict(list)
    for k, keys in enumerate(moved):
        for key in keys:
            moved_in[number[key]].append(ids[k])
    segments = tuple(
        _segment(n, members_of[n], versions.units, ids, tuple(moved_in.get(n, ())))
        for n in range(1, len(order) + 1)
    )
    lineage = {row.document: row.source for row in story.lineage}
    pair_of = {frozenset((p.a, p.b)): p for p in pairs}

    @cache
    def facts_of(k: int) -> WordFacts:
        return word_facts(versions.docs[k])

    @cache
    def quotes_of(k: int) -> list[Span]:
        return [q.span for q in find_quotes(versions.docs[k], quote_settings)]

    per_version = []
    for k, d in enumerate(ids):
        source = lineage.get(d)
        if source not in slot:
            source = _closest(d, pairs) if d != story.origin else None
        c = slot.get(source) if source is not None else None
        pair = pair_of.get(frozenset((d, source))) if source is not None else None
        carried = [g for g in segments if k in members_of[g.number]]
        changes: list[Change] = []
        cut: tuple[int, ...] = ()
        if c is not None:
            cut = tuple(g.number for g in segments
                        if c in members_of[g.number] and k not in members_of[g.number])
            for g in carried:
                if c in members_of[g.number] and _reading_of(g, d) != _reading_of(g, source):
                    changes.extend(segment_changes(
                        g.number, versions.docs[k], facts_of(k),
                        _tokens(versions, members_of[g.number][k]),
                        versions.docs[c], facts_of(c),
                        _tokens(versions, members_of[g.number][c]),
                        quotes_of(k), quotes_of(c)))
        per_version.append(VersionCollation(
            d, source, pair.relation if pair else None, len(carried),
            tuple(g.number for g in carried if g.kind == "added"), cut, tuple(changes),
            tuple(g.number for g in carried if d in g.moved_in)))
    return Collation(story.id, pivot, pivot == story.origin, tuple(per_version), segments,
                     _digest(segments, pivot), unaligned)


def _linked_groups(units: Sequence[Unit], links: list[tuple[float, int, int]]
                   ) -> DisjointSets:
    """Union–find over the links, closest first, never joining two groups so that one
    version would have non-consecutive units in a group, or the same sentence twice (a
    version that repeats a sentence has the repeat as material of its own)."""
    groups = DisjointSets(len(units))
    spans: dict[int, dict[int, tuple[int, int]]] = {
        u: {units[u].doc: (u, u)} for u in range(len(units))}
    readings: dict[int, set[tuple[int, tuple[str, ...]]]] = {
        u: {(units[u].doc, units[u].reading)} for u in range(len(units))}
    for _sim, u, v in sorted(links, key=lambda x: (-x[0], x[1], x[2])):
        ru, rv = groups.find(u), groups.find(v)
        if ru == rv or readings[ru] & readings[rv]:
            continue
        merged = dict(spans[ru])
        ok = True
        for doc, (lo, hi) in spans[rv].items():
            if doc in merged:
                lo2, hi2 = merged[doc]
                if lo > hi2 + 1 or lo2 > hi + 1:  # not next to each other
                    ok = False
                    break
                merged[doc] = (min(lo, lo2), max(hi, hi2))
            else:
                merged[doc] = (lo, hi)
        if not ok:
            continue
        groups.union(ru, rv)
        spans[ru] = merged
        readings[ru] |= readings.pop(rv)
        del spans[rv]
    _attach_pieces(units, groups)
    return groups


def _attach_pieces(units: Sequence[Unit], groups: DisjointSets) -> None:
    """A piece of a sentence left unlinked joins the linked piece next to it: a sentence
    cut where one pair's passage ends is not, in another version that has it whole, text
    added (a piece is never a segment of its own unless its whole sentence is)."""
    size = {root: len(members) for root, members in groups.groups().items()}
    for u, unit in enumerate(units):
        if size[groups.find(u)] > 1:
            continue
        for v in (u - 1, u + 1):
            if (0 <= v < len(units) and units[v].doc == unit.doc
                    and units[v].sentence == unit.sentence and size[groups.find(v)] > 1
                    and not (v > u and units[v].after_boilerplate)
                    and not (v < u and unit.after_boilerplate)):
                root = groups.find(v)
                groups.union(root, u)
                size[root] += 1
                break


def _segments(
    units: Sequence[Unit], versions: VersionUnits, groups: DisjointSets, n_versions: int
) -> tuple[list[tuple[str, int]], list[list[tuple[str, int]]]]:
    """Each unit's segment key (a linked group, or a run of a version's unlinked units),
    and every version's segment keys in its text order."""
    size = {root: len(members) for root, members in groups.groups().items()}
    segment_of: list[tuple[str, int]] = [("", 0)] * len(units)
    sequences: list[list[tuple[str, int]]] = []
    for k in range(n_versions):
        seq: list[tuple[str, int]] = []
        run: tuple[str, int] | None = None
        text = versions.docs[k].text
        for u in versions.of_version(k):
            root = groups.find(u)
            if size[root] > 1:
                key, run = ("linked", root), None
            else:
                if run is not None and _PARAGRAPH.search(
                        text, units[u - 1].span[1], units[u].span[0]):
                    run = None  # an added run is one paragraph at most
                run = key = run or ("added", u)
            segment_of[u] = key
            if not seq or seq[-1] != key:
                seq.append(key)
        sequences.append(seq)
    return segment_of, sequences


def _segment(
    number: int, by_version: dict[int, list[int]], units: Sequence[Unit], ids: Sequence[str],
    moved_in: tuple[str, ...],
) -> Segment:
    entries: list[SegmentText] = []
    readings: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for k in sorted(by_version):
        us = by_version[k]
        run = [us[0]]
        for u in [*us[1:], -1]:
            if u == run[-1] + 1 and not units[u].after_boilerplate:
                run.append(u)
                continue
            entries.append(SegmentText(ids[k], (units[run[0]].span[0], units[run[-1]].span[1])))
            run = [u]
        readings[tuple(w for u in us for w in units[u].reading)].append(ids[k])
    groups = sorted(readings.values(), key=lambda g: (-len(g), ids.index(g[0])))
    if len(by_version) == 1:
        kind = "added"
    elif len(groups) > 1:
        kind = "changed"
    elif len(by_version) == len(ids):
        kind = "shared"
    else:
        kind = "partial"
    return Segment(number, kind, tuple(entries), tuple(tuple(g) for g in groups), moved_in)


def _reading_of(segment: Segment, doc: str | None) -> int:
    return next((k for k, g in enumerate(segment.readings) if doc in g), -1)


def _tokens(versions: VersionUnits, us: Sequence[int]) -> list[int]:
    doc = versions.docs[versions.units[us[0]].doc]
    return [t for u in us for t in range(versions.units[u].first, versions.units[u].last)
            if not doc.boiler[t]]


def _closest(doc: str, pairs: Sequence[ReusePair]) -> str | None:
    """The version ``doc`` shares most with (highest similarity)."""
    best = max((p for p in pairs if doc in (p.a, p.b)), key=lambda p: p.similarity,
               default=None)
    if best is None:
        return None
    return best.b if best.a == doc else best.a


def _digest(segments: Sequence[Segment], pivot: str) -> tuple[DigestLine, ...]:
    out = []
    for g in segments:
        if len(g.ids) < 2:
            continue
        majority = g.readings[0]
        reader = pivot if pivot in majority else majority[0]
        span = g.span_in(reader)
        assert span is not None
        out.append(DigestLine(g.number, SegmentText(reader, span), len(g.ids), len(majority)))
    return tuple(out)
