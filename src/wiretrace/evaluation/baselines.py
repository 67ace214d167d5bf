"""Two plain baselines to benchmark wiretrace against, on the same pairs.

* :class:`MinHashBaseline` — document-level near-duplicate detection as done in
  corpus deduplication: MinHash (datasketch, 128 permutations) over word
  5-gram shingles, a pair is positive when the estimated Jaccard similarity
  reaches a threshold.
* :func:`exact_ngram_align` — passage-level seed-and-merge alignment on exact
  word 5-grams, the textbook text-alignment baseline.

Both tokenize the same simple way: lowercased ``\\w+`` runs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datasketch import MinHash

WORD_RE = re.compile(r"\w+")

RangePair = tuple[tuple[int, int], tuple[int, int]]


def words(text: str) -> list[tuple[int, int, str]]:
    """Lowercased ``\\w+`` tokens with their ``(start, end)`` character offsets."""
    return [(m.start(), m.end(), m.group().lower()) for m in WORD_RE.finditer(text)]


def shingles(text: str, n: int = 5) -> set[str]:
    """Set of word ``n``-grams (joined by a space); a shorter text gives one shingle."""
    toks = [w for _, _, w in words(text)]
    if len(toks) < n:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1)}


@dataclass
class MinHashBaseline:
    """Document-level detection by MinHash-estimated Jaccard of word 5-grams.

    ``threshold`` 0.5 is the usual dedup setting; lower values trade false
    positives for recall. Signatures are cached per text (by ``key`` when given).
    """

    threshold: float = 0.5
    num_perm: int = 128
    n: int = 5
    seed: int = 1
    _cache: dict[str, MinHash | None] = field(default_factory=dict, repr=False)

    def signature(self, text: str, key: str | None = None) -> MinHash | None:
        """MinHash of the text's shingles (``None`` for a text without words)."""
        cache_key = key if key is not None else text
        if cache_key in self._cache:
            return self._cache[cache_key]
        grams = shingles(text, self.n)
        sig: MinHash | None = None
        if grams:
            from datasketch import MinHash  # the benchmark extra: pip install 'wiretrace[dev]'

            sig = MinHash(num_perm=self.num_perm, seed=self.seed)
            sig.update_batch([g.encode("utf-8") for g in grams])
        self._cache[cache_key] = sig
        return sig

    def similarity(
        self, text_a: str, text_b: str, key_a: str | None = None, key_b: str | None = None
    ) -> float:
        """Estimated Jaccard similarity of the two texts' shingle sets."""
        sig_a = self.signature(text_a, key_a)
        sig_b = self.signature(text_b, key_b)
        if sig_a is None or sig_b is None:
            return 0.0
        return float(sig_a.jaccard(sig_b))

    def detect(self, text_a: str, text_b: str) -> bool:
        """Whether the pair counts as reuse: similarity ≥ ``threshold``."""
        return self.similarity(text_a, text_b) >= self.threshold


@dataclass
class _Box:
    """A growing passage: ranges in both texts and how many seeds it holds."""

    a0: int
    a1: int
    b0: int
    b1: int
    seeds: int = 1


def _merge(boxes: list[_Box], max_gap: int) -> list[_Box]:
    """Greedily join boxes that lie within ``max_gap`` characters in both texts.

    Boxes are visited in order of their start in text a; each joins the first
    open box that it nearly touches in a and in b, or opens a new one. A box
    stops being open once the sweep has moved more than ``max_gap`` past it.
    """
    done: list[_Box] = []
    open_: list[_Box] = []
    for box in sorted(boxes, key=lambda x: (x.a0, x.b0)):
        still_open = []
        for o in open_:
            (still_open if o.a1 + max_gap >= box.a0 else done).append(o)
        open_ = still_open
        for o in open_:
            if box.b0 <= o.b1 + max_gap and o.b0 <= box.b1 + max_gap:
                o.a0, o.a1 = min(o.a0, box.a0), max(o.a1, box.a1)
                o.b0, o.b1 = min(o.b0, box.b0), max(o.b1, box.b1)
                o.seeds += box.seeds
                break
        else:
            open_.append(_Box(box.a0, box.a1, box.b0, box.b1, box.seeds))
    return done + open_


def exact_ngram_align(
    text_a: str,
    text_b: str,
    n: int = 5,
    max_gap: int = 200,
    min_seeds: int = 2,
    min_chars: int = 100,
    max_occurrences: int = 20,
) -> list[RangePair]:
    """Align passages shared by two texts via exact word ``n``-gram seeds.

    1. Tokenize both texts (lowercased ``\\w+``, offsets kept).
    2. Seeds: every occurrence pair of an ``n``-gram found in both texts, each
       covering the characters of its ``n`` words in each text. N-grams occurring
       more than ``max_occurrences`` times in either text are ignored (they are
       boilerplate and would explode the seed count).
    3. Merge seeds lying within ``max_gap`` characters of each other in *both*
       texts (200 chars ≈ 30–35 words: bridges a changed sentence or a few edits
       while keeping distinct reused passages of a pair apart), repeating the
       merge until no more boxes join.
    4. Keep passages with at least ``min_seeds`` seeds and at least
       ``min_chars`` characters in each text.

    Returns ``[((a_start, a_end), (b_start, b_end)), ...]`` sorted by ``a_start``.
    """
    toks_a, toks_b = words(text_a), words(text_b)
    index_b: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for j in range(len(toks_b) - n + 1):
        index_b[tuple(t[2] for t in toks_b[j : j + n])].append(j)
    grams_a: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i in range(len(toks_a) - n + 1):
        gram = tuple(t[2] for t in toks_a[i : i + n])
        if gram in index_b:
            grams_a[gram].append(i)

    seeds: list[_Box] = []
    for gram, positions_a in grams_a.items():
        positions_b = index_b[gram]
        if len(positions_a) > max_occurrences or len(positions_b) > max_occurrences:
            continue
        for i in positions_a:
            for j in positions_b:
                seeds.append(
                    _Box(toks_a[i][0], toks_a[i + n - 1][1], toks_b[j][0], toks_b[j + n - 1][1])
                )

    boxes = _merge(seeds, max_gap)
    while True:
        merged = _merge(boxes, max_gap)
        if len(merged) == len(boxes):
            break
        boxes = merged

    keep = [
        b
        for b in boxes
        if b.seeds >= min_seeds and b.a1 - b.a0 >= min_chars and b.b1 - b.b0 >= min_chars
    ]
    keep.sort(key=lambda b: (b.a0, b.b0))
    return [((b.a0, b.a1), (b.b0, b.b1)) for b in keep]
