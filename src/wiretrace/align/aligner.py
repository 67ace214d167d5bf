"""Align two prepared documents: every reused passage as a pair of character ranges.

Two layers find candidate regions, which are then merged and checked:

1. the exact layer (:mod:`.runs`, :mod:`.chain`) chains runs of identical words
   into blocks — precise, word-exact boundaries for verbatim and edited copies;
2. the fuzzy layer (:mod:`.sentence_match`, :mod:`.cluster`) clusters sentence
   pairs that share weighty content words or their synonyms — spun, translated
   and paraphrased copies, reordered and merged sentences.

Regions found by both layers are merged; each surviving region becomes a
:class:`~wiretrace.records.Passage` whose ranges round-trip into the texts.
"""

from __future__ import annotations

from dataclasses import dataclass

from wiretrace.align.chain import chain_runs, significant_blocks
from wiretrace.align.cluster import Gaps, link_rectangles
from wiretrace.align.runs import exact_runs
from wiretrace.align.sentence_match import bag_of, bag_similarity, sentence_pairs
from wiretrace.align.settings import AlignSettings
from wiretrace.normalize.prepare import PreparedDoc
from wiretrace.records import Passage


@dataclass(slots=True)
class Region:
    """Token ranges ``a[a0:a1]`` and ``b[b0:b1]`` believed to be one reused passage."""

    a0: int
    a1: int
    b0: int
    b1: int
    exact: bool
    exact_tokens: int = 0
    seeds: int = 1
    dice: float = 0.0
    containment: float = 0.0
    shared: float = 0.0

    def overlaps_a(self, other: Region) -> bool:
        return self.a0 < other.a1 and other.a0 < self.a1

    def overlaps_b(self, other: Region) -> bool:
        return self.b0 < other.b1 and other.b0 < self.b1

    def absorb(self, other: Region) -> None:
        self.a0, self.a1 = min(self.a0, other.a0), max(self.a1, other.a1)
        self.b0, self.b1 = min(self.b0, other.b0), max(self.b1, other.b1)
        self.exact = self.exact or other.exact
        self.exact_tokens += other.exact_tokens
        self.seeds += other.seeds


def _exact_regions(a: PreparedDoc, b: PreparedDoc, s: AlignSettings) -> list[Region]:
    runs = exact_runs(a, b, s.seed_ngram, s.max_ngram_occurrences)
    blocks = significant_blocks(
        chain_runs(runs, s.exact_gap), a, s.exact_min_tokens, s.exact_min_content
    )
    return [
        Region(blk.a0, blk.a1, blk.b0, blk.b1, exact=True, exact_tokens=len(blk.matched_a()))
        for blk in blocks
    ]


def _sentence_regions(a: PreparedDoc, b: PreparedDoc, s: AlignSettings) -> list[Region]:
    """One region per pair of sentences similar enough to seed a passage."""
    bags_a = [bag_of(a, first, last) for first, last in a.sentences]
    bags_b = [bag_of(b, first, last) for first, last in b.sentences]
    pairs = sentence_pairs(a, b, bags_a, bags_b, s.seed_min_weight, s.synonym_weight)
    return [
        Region(*a.sentences[p.i], *b.sentences[p.j], exact=False)
        for p in pairs
        if p.dice >= s.seed_cosine
    ]


def _score(region: Region, a: PreparedDoc, b: PreparedDoc, s: AlignSettings) -> None:
    dice, containment, shared = bag_similarity(
        bag_of(a, region.a0, region.a1), bag_of(b, region.b0, region.b1), s.synonym_weight
    )
    region.dice, region.containment, region.shared = dice, containment, shared


def _link(pieces: list[Region], s: AlignSettings) -> list[Region]:
    """Join evidence that lies close together in both documents into passages."""
    gaps = Gaps(s.parallel_gap, s.tight_gap, s.skip_gap)
    out = []
    for group in link_rectangles([(r.a0, r.a1, r.b0, r.b1) for r in pieces], gaps):
        first = pieces[group[0]]
        region = Region(first.a0, first.a1, first.b0, first.b1, first.exact, first.exact_tokens)
        for k in group[1:]:
            region.absorb(pieces[k])
        out.append(region)
    return out


def _chars(region: Region, a: PreparedDoc, b: PreparedDoc) -> tuple[int, int]:
    return (
        a.ends[region.a1 - 1] - a.starts[region.a0],
        b.ends[region.b1 - 1] - b.starts[region.b0],
    )


def _resolve_conflicts(regions: list[Region], a: PreparedDoc, b: PreparedDoc) -> list[Region]:
    """Where regions overlap in one document only, keep the stronger one."""

    def strength(r: Region) -> float:
        ca, cb = _chars(r, a, b)
        return (r.dice + (1.0 if r.exact else 0.0)) * (ca + cb)

    kept: list[Region] = []
    for reg in sorted(regions, key=strength, reverse=True):
        if all(not (reg.overlaps_a(k) or reg.overlaps_b(k)) for k in kept):
            kept.append(reg)
    return sorted(kept, key=lambda r: (r.a0, r.b0))


def align_pair(
    a: PreparedDoc, b: PreparedDoc, settings: AlignSettings | None = None
) -> list[Passage]:
    """Every reused passage between ``a`` and ``b``, in order of position in ``a``."""
    s = settings or AlignSettings()
    exact = _exact_regions(a, b, s)
    # Text that an exact block already explains, in either document, is spoken for: a
    # sentence pair touching it adds nothing but blurred boundaries or a rival reading.
    # Sentence evidence only adds what lies outside exact blocks (an edited sentence next
    # to copied ones, a spun paragraph).
    sentences = [
        r for r in _sentence_regions(a, b, s)
        if not any(r.overlaps_a(e) or r.overlaps_b(e) for e in exact)
    ]
    regions = _link(exact + sentences, s)
    kept: list[Region] = []
    for reg in regions:
        _score(reg, a, b, s)
        if reg.exact:
            kept.append(reg)
            continue
        ca, cb = _chars(reg, a, b)
        if min(ca, cb) < s.passage_min_chars or reg.shared < s.passage_min_weight:
            continue
        # One similar sentence pair alone is often just the same topic; a chain of them,
        # or one very close pair, is reuse.
        if (reg.seeds >= 2 and reg.dice >= s.passage_cosine) or reg.dice >= s.single_seed_cosine:
            kept.append(reg)
    return [_passage(r, a, b) for r in _resolve_conflicts(kept, a, b)]


def _passage(r: Region, a: PreparedDoc, b: PreparedDoc) -> Passage:
    tokens_a = r.a1 - r.a0
    tokens_b = r.b1 - r.b0
    return Passage(
        a=(a.starts[r.a0], a.ends[r.a1 - 1]),
        b=(b.starts[r.b0], b.ends[r.b1 - 1]),
        kind="unclassified",
        score=r.dice,
        signals={
            "exact_share": min(1.0, r.exact_tokens / max(1, min(tokens_a, tokens_b))),
            "dice": r.dice,
            "containment": r.containment,
            "tokens_a": float(tokens_a),
            "tokens_b": float(tokens_b),
            "seeds": float(r.seeds),
            "shared_weight": r.shared,
        },
    )
