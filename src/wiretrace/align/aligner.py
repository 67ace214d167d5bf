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

import math
from dataclasses import dataclass

from wiretrace.align.chain import attach_runs, chain_runs, significant_blocks
from wiretrace.align.cluster import Gaps, link_rectangles
from wiretrace.align.index import SHORT_RUN, AlignIndex, align_index
from wiretrace.align.runs import exact_runs
from wiretrace.align.sentence_match import bag_of, bag_similarity, sentence_pairs
from wiretrace.align.settings import AlignSettings
from wiretrace.normalize.prepare import PreparedDoc
from wiretrace.records import Span


@dataclass(frozen=True, slots=True)
class AlignedPassage:
    """One reused passage as the aligner found it: a range in document ``a``, the
    matching range in ``b``, and the measurements the classify stage reads."""

    a: Span
    b: Span
    score: float
    """How closely the two ranges agree (0–1): share of aligned content words."""
    exact_share: float
    """Share of the shorter side's tokens inside exact runs."""
    dice: float
    containment: float
    tokens_a: int
    tokens_b: int
    seeds: int
    mean_seed: float
    shared_weight: float


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
    seed_dice: float = 0.0
    """Sum of the similarity of the sentence pairs that seeded the region."""
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
        self.seed_dice += other.seed_dice


def _exact_regions(
    a: PreparedDoc, ia: AlignIndex, b: PreparedDoc, ib: AlignIndex, s: AlignSettings
) -> list[Region]:
    runs = exact_runs(ia.seeds, ib.seeds, s.seed_ngram, s.max_ngram_occurrences)
    chain_gaps = Gaps(s.exact_gap, s.tight_gap, s.exact_skip_gap)
    blocks = significant_blocks(
        chain_runs(runs, chain_gaps), a, s.exact_min_tokens, s.exact_min_content
    )
    if blocks and ia.short is not None and ib.short is not None:
        short = exact_runs(ia.short, ib.short, SHORT_RUN, s.max_ngram_occurrences)
        attach_runs(blocks, short, a, s.tight_gap)
    regions = []
    bounds = _SentenceBounds(a), _SentenceBounds(b)
    for blk in blocks:
        reg = Region(blk.a0, blk.a1, blk.b0, blk.b1, exact=True,
                     exact_tokens=len(blk.matched_a()))
        _trim_sentence_spill(reg, a, *bounds)
        regions.append(reg)
    return regions


class _SentenceBounds:
    """Token indices where a document's sentences start and end (computed once per pair)."""

    def __init__(self, doc: PreparedDoc) -> None:
        self.starts = {first for first, _ in doc.sentences}
        self.ends = {last for _, last in doc.sentences}


def _trim_sentence_spill(
    reg: Region, a: PreparedDoc, bounds_a: _SentenceBounds, bounds_b: _SentenceBounds,
    spill: int = 2,
) -> None:
    """Cut function words that an exact run carried across a sentence boundary.

    Two copies of a paragraph that are each followed by "The …" match one word past
    the paragraph's end; such a stray word is not part of the passage.
    """
    starts_a, starts_b = bounds_a.starts, bounds_b.starts
    ends_a, ends_b = bounds_a.ends, bounds_b.ends
    for k in range(1, spill + 1):  # trailing words after a sentence start
        cut_a, cut_b = reg.a1 - k, reg.b1 - k
        if cut_a <= reg.a0 or cut_b <= reg.b0:
            break
        if cut_a in starts_a and cut_b in starts_b and not any(a.content[cut_a : reg.a1]):
            reg.a1, reg.b1 = cut_a, cut_b
            break
    for k in range(1, spill + 1):  # leading words before a sentence end
        cut_a, cut_b = reg.a0 + k, reg.b0 + k
        if cut_a >= reg.a1 or cut_b >= reg.b1:
            break
        if cut_a in ends_a and cut_b in ends_b and not any(a.content[reg.a0 : cut_a]):
            reg.a0, reg.b0 = cut_a, cut_b
            break


def _sentence_regions(
    a: PreparedDoc, ia: AlignIndex, b: PreparedDoc, ib: AlignIndex, s: AlignSettings
) -> list[Region]:
    """One region per pair of sentences similar enough to seed a passage."""
    if ia.matrices is None or ib.matrices is None:
        return []
    pairs = sentence_pairs(a, ia.matrices, b, ib.matrices, s.seed_min_weight,
                           s.synonym_weight, s.embedding_seed)
    out = []
    for p in pairs:
        strength = p.dice
        if p.cosine is not None and p.cosine >= s.embedding_seed:
            # Same meaning in other words: the vectors' agreement above the threshold,
            # scaled to the range of lexical similarity.
            strength = max(strength, s.embedding_scale * p.cosine)
        if strength >= s.seed_cosine:
            out.append(Region(*a.sentences[p.i], *b.sentences[p.j], exact=False,
                              seed_dice=strength))
    return out


def _score(region: Region, a: PreparedDoc, b: PreparedDoc, s: AlignSettings) -> None:
    dice, containment, shared = bag_similarity(
        bag_of(a, region.a0, region.a1), bag_of(b, region.b0, region.b1), s.synonym_weight
    )
    region.dice, region.containment, region.shared = dice, containment, shared


def _link(pieces: list[Region], s: AlignSettings) -> list[Region]:
    """Join evidence that lies close together in both documents into passages."""
    gaps = Gaps(s.parallel_gap, s.tight_gap, s.skip_gap)

    def may_link(k: int, m: int) -> bool:
        # A weak sentence pair may join other sentence evidence, but not stretch an
        # exact block (a reworded headline next to a copied first paragraph).
        x, y = pieces[k], pieces[m]
        if x.exact == y.exact:
            return True
        seed = y if x.exact else x
        return seed.seed_dice >= s.seed_extend

    out = []
    rects = [(r.a0, r.a1, r.b0, r.b1) for r in pieces]
    for group in link_rectangles(rects, gaps, may_link):
        first = pieces[group[0]]
        region = Region(
            first.a0, first.a1, first.b0, first.b1, first.exact, first.exact_tokens,
            seed_dice=first.seed_dice,
        )
        for k in group[1:]:
            region.absorb(pieces[k])
        out.append(region)
    return out


def _evidence(region: Region) -> float:
    """How strongly sentence evidence alone says a region is reuse.

    The mean similarity of its seeding sentence pairs, times the logarithm of the
    information weight the two sides share: many sentences that agree moderately
    (a spun or translated paragraph) and a few that agree closely both score; one
    pair of sentences on the same topic does not.
    """
    return region.seed_dice / max(1, region.seeds) * math.log1p(region.shared)


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
    a: PreparedDoc,
    b: PreparedDoc,
    settings: AlignSettings | None = None,
    index_a: AlignIndex | None = None,
    index_b: AlignIndex | None = None,
) -> list[AlignedPassage]:
    """Every reused passage between ``a`` and ``b``, in order of position in ``a``.

    ``index_a`` and ``index_b`` are the documents' alignment indexes under the same
    settings, when the caller keeps them from an earlier pair (built here otherwise)."""
    s = settings or AlignSettings()
    ia = align_index(a, s) if index_a is None else index_a
    ib = align_index(b, s) if index_b is None else index_b
    exact = _exact_regions(a, ia, b, ib, s)
    # Text that an exact block already explains, in either document, is spoken for: a
    # sentence pair touching it adds nothing but blurred boundaries or a rival reading.
    # Sentence evidence only adds what lies outside exact blocks (an edited sentence next
    # to copied ones, a spun paragraph).
    sentences = [
        r for r in _sentence_regions(a, ia, b, ib, s)
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
        if min(ca, cb) >= s.passage_min_chars and _evidence(reg) >= s.passage_evidence:
            kept.append(reg)
    return [_passage(r, a, b) for r in _resolve_conflicts(kept, a, b)]


_CLOSING = frozenset(".!?,;:\"'”’)»]")
_OPENING = frozenset("\"'“‘(«[")


def _widen(text_a: str, text_b: str, a0: int, a1: int, b0: int, b1: int) -> tuple[int, ...]:
    """Take in the punctuation both sides share right after (or opening quotes right before)."""
    while a1 < len(text_a) and b1 < len(text_b) and text_a[a1] == text_b[b1] in _CLOSING:
        a1, b1 = a1 + 1, b1 + 1
    while a0 > 0 and b0 > 0 and text_a[a0 - 1] == text_b[b0 - 1] in _OPENING:
        a0, b0 = a0 - 1, b0 - 1
    return a0, a1, b0, b1


def _passage(r: Region, a: PreparedDoc, b: PreparedDoc) -> AlignedPassage:
    tokens_a = r.a1 - r.a0
    tokens_b = r.b1 - r.b0
    a0, a1, b0, b1 = _widen(
        a.text, b.text, a.starts[r.a0], a.ends[r.a1 - 1], b.starts[r.b0], b.ends[r.b1 - 1]
    )
    return AlignedPassage(
        a=(a0, a1),
        b=(b0, b1),
        score=r.dice,
        exact_share=min(1.0, r.exact_tokens / max(1, min(tokens_a, tokens_b))),
        dice=r.dice,
        containment=r.containment,
        tokens_a=tokens_a,
        tokens_b=tokens_b,
        seeds=r.seeds,
        mean_seed=r.seed_dice / r.seeds if r.seeds else 0.0,
        shared_weight=r.shared,
    )
