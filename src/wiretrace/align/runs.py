"""Exact layer: maximal runs of identical tokens shared by two documents."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wiretrace.align.sentence_match import ids_of
from wiretrace.normalize.prepare import PreparedDoc


@dataclass(frozen=True, slots=True)
class Run:
    """Tokens ``a[i:i+length]`` equal tokens ``b[j:j+length]`` (by folded key)."""

    i: int
    j: int
    length: int


@dataclass(frozen=True, slots=True)
class Grams:
    """A document's word n-grams (boilerplate excluded), hashed, with a sorted index."""

    hashes: np.ndarray
    """Hash of each n-gram by its first token (valid where ``valid``)."""
    valid: np.ndarray
    order: np.ndarray
    """Start positions of the valid n-grams, sorted by hash (ties in text order)."""
    sorted_hashes: np.ndarray


_PRIME_1 = np.uint64(11400714785074694791)
_PRIME_2 = np.uint64(14029467366897019727)
_PRIME_5 = np.uint64(2870177450012600261)


def ngram_hashes(keys: list[str], n: int) -> np.ndarray:
    """A 64-bit hash of each ``n``-gram of ``keys`` (one per start position): the
    tokens' ids (:func:`~wiretrace.align.sentence_match.ids_of`, their string hashes)
    combined as xxHash combines lanes (as CPython hashes a tuple), for all n-grams at
    once; the values compare only within one process."""
    count = max(0, len(keys) - n + 1)
    lanes = ids_of(keys, len(keys)).view(np.uint64)
    acc = np.full(count, _PRIME_5, dtype=np.uint64)
    for k in range(n if count else 0):
        acc += lanes[k : k + count] * _PRIME_2
        acc = (acc << np.uint64(31)) | (acc >> np.uint64(33))
        acc *= _PRIME_1
    acc += np.uint64(n) ^ (_PRIME_5 ^ np.uint64(3527539))
    return acc.view(np.int64)


def ngram_index(doc: PreparedDoc, n: int) -> Grams:
    """The word n-grams of ``doc`` (boilerplate excluded), hashed (:func:`ngram_hashes`)
    and sorted for lookup; two indexes compare only within one process (each alignment
    index is built where the pair is aligned)."""
    keys, boiler = doc.keys, doc.boiler
    count = max(0, len(keys) - n + 1)
    hashes = ngram_hashes(keys, n)
    blocked = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(np.asarray(boiler, dtype=np.int64), out=blocked[1:])
    valid = (blocked[n : n + count] - blocked[:count]) == 0
    positions = np.flatnonzero(valid)
    order = positions[np.argsort(hashes[positions], kind="stable")]
    return Grams(hashes, valid, order, hashes[order])


def exact_runs(ga: Grams, gb: Grams, n: int, max_occurrences: int = 40) -> list[Run]:
    """All maximal runs of at least ``n`` identical tokens between the documents whose
    ``n``-gram indexes are ``ga`` and ``gb``, boilerplate excluded.

    N-grams are compared by a 64-bit hash of their tokens.
    """
    js = np.flatnonzero(gb.valid)
    lo = np.searchsorted(ga.sorted_hashes, gb.hashes[js], side="left")
    hi = np.searchsorted(ga.sorted_hashes, gb.hashes[js], side="right")
    found = (hi > lo) & (hi - lo <= max_occurrences)
    order = ga.order.tolist()
    active: dict[int, list[int]] = {}  # diagonal i-j -> [start_i, start_j, last_i]
    runs: list[Run] = []
    for j, start, stop in zip(js[found].tolist(), lo[found].tolist(), hi[found].tolist(),
                              strict=True):
        for i in order[start:stop]:
            d = i - j
            run = active.get(d)
            if run is not None and run[2] == i - 1:
                run[2] = i
            else:
                if run is not None:
                    runs.append(Run(run[0], run[1], run[2] - run[0] + n))
                active[d] = [i, j, i]
    for run in active.values():
        runs.append(Run(run[0], run[1], run[2] - run[0] + n))
    runs.sort(key=lambda r: (r.i, r.j))
    return runs
