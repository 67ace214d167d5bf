"""Large groups of near-identical documents, collapsed before candidate scoring.

A wire story republished by a thousand sites, or a folder of 20,000 near-identical
files, would give every pair of copies as a candidate (half a million pairs for a
thousand copies) — or none at all, once each telling feature is held by more than
``max_df`` documents. Such a group is found first: documents whose candidate features
(:mod:`.features`) overlap at least ``collapse_jaccard`` (Jaccard), in groups of at
least ``collapse_min_group`` documents. Each group is aligned as a star: its first
document (in corpus order) with every other, and only the first takes part in candidate
scoring with the rest of the corpus. So every copy is still reported (as a pair with
the group's first document), and the pairs between two copies that are not aligned are
counted in the report's stats.

Groups are found with MinHash signatures of the feature hashes (32 multiply-shift
hashes, 8 bands of 4: pairs at Jaccard 0.8 share a band with probability 0.98) and
each candidate checked exactly against the first document of its band's bucket;
smaller groups are left to the ordinary scoring, so corpora without such groups
are scored exactly as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from wiretrace.align.cluster import DisjointSets
from wiretrace.candidates.features import DocFeatures
from wiretrace.candidates.scoring import Candidate
from wiretrace.candidates.settings import CandidateSettings

HASHES = 32
BANDS = 8
_RNG = np.random.default_rng(20261201)
_MUL = _RNG.integers(1, 2**63 - 1, size=HASHES, dtype=np.int64).astype(np.uint64) | np.uint64(1)
_ADD = _RNG.integers(0, 2**63 - 1, size=HASHES, dtype=np.int64).astype(np.uint64)


@dataclass(frozen=True, slots=True)
class Group:
    """A group of near-identical documents (indices into the corpus)."""

    first: int
    """The document that stands for the group in candidate scoring."""
    others: tuple[int, ...]
    similarity: tuple[float, ...]
    """Each other document's feature overlap (Jaccard) with ``first``."""
    shared: tuple[int, ...]
    """Features each other document shares with ``first``."""

    @property
    def size(self) -> int:
        return 1 + len(self.others)

    def star(self) -> list[Candidate]:
        """The group's candidate pairs: its first document with each of the others."""
        return [Candidate(self.first, o, s, k)
                for o, s, k in zip(self.others, self.similarity, self.shared, strict=True)]


@dataclass(frozen=True, slots=True)
class NearDuplicates:
    """The groups collapsed in one corpus."""

    groups: tuple[Group, ...] = ()

    @property
    def collapsed(self) -> frozenset[int]:
        """Documents left out of candidate scoring (every group's others)."""
        return frozenset(o for g in self.groups for o in g.others)

    def pairs_not_aligned(self) -> int:
        """Pairs of two copies in one group: not aligned (each is aligned with the
        group's first document instead)."""
        return sum(g.size * (g.size - 1) // 2 - (g.size - 1) for g in self.groups)


def signature(hashes: np.ndarray) -> np.ndarray:
    """The MinHash signature of a set of 64-bit feature hashes."""
    if not len(hashes):
        return np.full(HASHES, np.iinfo(np.uint64).max, dtype=np.uint64)
    h = hashes.astype(np.int64).view(np.uint64)[:, None]
    return ((h * _MUL[None, :] + _ADD[None, :]) >> np.uint64(32)).min(axis=0)


def _jaccard(x: np.ndarray, y: np.ndarray) -> tuple[float, int]:
    shared = len(np.intersect1d(x, y, assume_unique=True))
    union = len(x) + len(y) - shared
    return (shared / union if union else 0.0), shared


def near_duplicates(
    features: Sequence[DocFeatures], settings: CandidateSettings | None = None
) -> NearDuplicates:
    """The groups of at least ``collapse_min_group`` near-identical documents."""
    s = settings or CandidateSettings()
    n = len(features)
    if s.collapse_min_group < 2 or n < s.collapse_min_group:
        return NearDuplicates()
    sets = DisjointSets(n)
    signatures = np.stack([signature(f.hashes) for f in features])
    rows = HASHES // BANDS
    for band in range(BANDS):
        buckets: dict[bytes, list[int]] = {}
        part = np.ascontiguousarray(signatures[:, band * rows : (band + 1) * rows])
        for i in range(n):
            if len(features[i].hashes):
                buckets.setdefault(part[i].tobytes(), []).append(i)
        for members in buckets.values():
            head = members[0]
            for m in members[1:]:
                if not sets.same(head, m) and _jaccard(
                        features[head].hashes, features[m].hashes)[0] >= s.collapse_jaccard:
                    sets.union(head, m)
    groups = []
    for members in sets.groups().values():
        if len(members) < s.collapse_min_group:
            continue
        first, others = members[0], members[1:]
        overlap = [_jaccard(features[first].hashes, features[o].hashes) for o in others]
        groups.append(Group(first, tuple(others), tuple(j for j, _k in overlap),
                            tuple(k for _j, k in overlap)))
    groups.sort(key=lambda g: g.first)
    return NearDuplicates(tuple(groups))
