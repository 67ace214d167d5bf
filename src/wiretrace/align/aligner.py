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
from wiretrace.align.cluster import cluster_seeds
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
    dice: float = 0.0
    containment: float = 0.0

    def overlaps_a(self, other: Region) -> bool:
        return self.a0 < other.a1 and other.a0 < self.a1

    def overlaps_b(self, other: Region) -> bool:
        return self.b0 < other.b1 and other.b0 < self.b1

    def absorb(self, other: Region) -> None:
        self.a0, self.a1 = min(self.a0, other.a0), max(self.a1, other.a1)
        self.b0, self.b1 = min(self.b0, other.b0), max(self.b1, other.b1)
        self.exact = self.exact or other.exact
        self.exact_tokens += other.exact_tokens


def _exact_regions(a: PreparedDoc, b: PreparedDoc, s: AlignSettings) -> list[Region]:
    runs = exact_runs(a, b, s.seed_ngram, s.max_ngram_occurrences)
    blocks = significant_blocks(
        chain_runs(runs, s.exact_gap), a, s.exact_min_tokens, s.exact_min_content
    )
    return [
        Region(blk.a0, blk.a1, blk.b0, blk.b1, exact=True, exact_tokens=len(blk.matched_a()))
        for blk in blocks
    ]


def _fuzzy_regions(a: PreparedDoc, b: PreparedDoc, s: AlignSettings) -> list[Region]:
    bags_a = [bag_of(a, first, last) for first, last in a.sentences]
    bags_b = [bag_of(b, first, last) for first, last in b.sentences]
    pairs = sentence_pairs(a, b, bags_a, bags_b, s.seed_min_weight, s.synonym_weight)
    seeds = [(p.i, p.j, p) for p in pairs if p.dice >= s.seed_cosine]
    regions = []
    for group in cluster_seeds(seeds, s.sentence_gap, s.sentence_gap):
        i0 = min(x[0] for x in group)
        i1 = max(x[0] for x in group)
        j0 = min(x[1] for x in group)
        j1 = max(x[1] for x in group)
        regions.append(
            Region(
                a.sentences[i0][0], a.sentences[i1][1], b.sentences[j0][0], b.sentences[j1][1],
                exact=False,
            )
        )
    return regions


def _score(region: Region, a: PreparedDoc, b: PreparedDoc, s: AlignSettings) -> None:
    dice, containment, _shared = bag_similarity(
        bag_of(a, region.a0, region.a1), bag_of(b, region.b0, region.b1), s.synonym_weight
    )
    region.dice, region.containment = dice, containment


def _merge(regions: list[Region]) -> list[Region]:
    """Union regions that overlap in both documents, until none do."""
    merged = True
    regions = sorted(regions, key=lambda r: (r.a0, r.b0))
    while merged:
        merged = False
        out: list[Region] = []
        for reg in regions:
            for other in out:
                if reg.overlaps_a(other) and reg.overlaps_b(other):
                    other.absorb(reg)
                    merged = True
                    break
            else:
                out.append(reg)
        regions = out
    return regions


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
    regions = _merge(_exact_regions(a, b, s) + _fuzzy_regions(a, b, s))
    kept: list[Region] = []
    for reg in regions:
        _score(reg, a, b, s)
        if reg.exact:
            kept.append(reg)
            continue
        ca, cb = _chars(reg, a, b)
        if reg.dice >= s.passage_cosine and min(ca, cb) >= s.passage_min_chars:
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
        },
    )
