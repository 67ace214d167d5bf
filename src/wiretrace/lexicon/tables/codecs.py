"""How the compiled lexicon's values become numpy arrays and back, each pair side by side.

* strings: one UTF-8 text a table, one item a line (:func:`encode_strings`);
* rows of item numbers, each distinct row stored once, shortest first
  (:func:`encode_rows`);
* small integers in the narrowest unsigned type (:func:`small_uint`);
* the gloss n-gram codes as a two-level trie of gaps (:func:`encode_ngrams`);
* the gloss posting lists as gaps, split into low and high 16 bits
  (:func:`segment_deltas`, :func:`encode_postings`);
* wide integer arrays as byte planes, which deflate better (:func:`shuffled`).

Decoding runs every loop in C (numpy gathers, ``map``, ``zip``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import repeat
from typing import Any

import numpy as np

from wiretrace.lexicon.expressions import _CODE_BASE


def encode_strings(items: Iterable[str]) -> np.ndarray:
    """One UTF-8 text, each item followed by a newline."""
    parts = []
    for item in items:
        if "\n" in item:
            raise ValueError(f"a newline in a lexicon string: {item!r}")
        parts.append(item)
        parts.append("\n")
    return np.frombuffer("".join(parts).encode("utf-8"), dtype=np.uint8)


def decode_strings(array: np.ndarray) -> list[str]:
    """The items of :func:`encode_strings`."""
    return str(memoryview(array), "utf-8").split("\n")[:-1]


def small_uint(values: Sequence[int] | np.ndarray) -> np.ndarray:
    """``values`` in the narrowest unsigned integer type that holds them."""
    top = int(np.max(values)) if len(values) else 0
    dtype = np.uint8 if top < 1 << 8 else np.uint16 if top < 1 << 16 else np.uint32
    return np.asarray(values, dtype=dtype)


def encode_rows(arrays: dict[str, np.ndarray], name: str,
                rows: Iterable[Iterable[int]]) -> None:
    """Rows of item numbers (one per entry of a table), each distinct row stored once.

    ``name.row``: for each entry, the number of its row; ``name.rows_per_length``: how many
    distinct rows have 0, 1, 2 … items (they are stored shortest first, so that a block of
    equal-length rows decodes as a matrix); ``name.items``: their items, row after row.
    Equal rows decode as one shared tuple — fewer objects to make and for the cyclic GC
    to visit (a third of WordNet's sense lists, half of its pointer lists are repeats).
    """
    distinct: dict[tuple[int, ...], int] = {}
    entries = [distinct.setdefault(tuple(row), len(distinct)) for row in rows]
    ordered = sorted(distinct, key=len)
    renumber = np.empty(len(ordered), dtype=np.int64)
    for new, row in enumerate(ordered):
        renumber[distinct[row]] = new
    longest = len(ordered[-1]) if ordered else 0
    per_length = np.bincount([len(row) for row in ordered], minlength=longest + 1)
    arrays[f"{name}.row"] = renumber[np.asarray(entries, dtype=np.int64)].astype(np.int32)
    arrays[f"{name}.rows_per_length"] = per_length.astype(np.uint32)
    arrays[f"{name}.items"] = np.asarray(
        [item for row in ordered for item in row], dtype=np.int32
    )


def objects(values: Sequence[Any]) -> np.ndarray:
    """``values`` as a 1-D object array (tuples stay whole), for gathering in C."""
    return np.fromiter(values, dtype=object, count=len(values))


def decode_rows(items: np.ndarray, per_length: np.ndarray, flat: np.ndarray,
                row: np.ndarray) -> list[tuple[Any, ...]]:
    """The tuples of :func:`encode_rows`, one per entry, of the objects ``items``.

    Every loop runs in C (numpy gathers, ``zip``): built a row at a time in Python, the
    tuples of WordNet would take several times longer.
    """
    distinct: list[tuple[Any, ...]] = []
    at = 0
    for k, m in enumerate(per_length.tolist()):
        if m == 0:
            continue
        if k == 0:
            distinct.extend(repeat((), m))
            continue
        block = flat[at : at + m * k].reshape(m, k)
        at += m * k
        if k < 3:  # column by column: no list per row
            distinct.extend(zip(*(items[block[:, j]].tolist() for j in range(k)),
                                strict=True))
        else:  # row by row: no numpy call per column (pointer lists run to 400 items)
            distinct.extend(map(tuple, items[block].tolist()))
    if not distinct:
        return []
    return objects(distinct)[row].tolist()


def encode_ngrams(ngrams: np.ndarray) -> dict[str, np.ndarray]:
    """The sorted n-gram codes of :class:`GlossCorpus` as a two-level trie: each bigram
    ``(a, b)`` as the gap from the previous ``a`` and ``b``; each trigram ``(a, b, c)`` as
    the gap from the previous trigram's bigram number and ``c`` (every trigram's first
    two words are a bigram of the list, and trigrams sort as their bigrams do)."""
    base = np.int64(_CODE_BASE)
    trigram = ngrams >= base * base
    bigrams, trigrams = ngrams[~trigram], ngrams[trigram]
    prefix = np.searchsorted(bigrams, trigrams // base)
    if len(trigrams) and not (bigrams[np.minimum(prefix, len(bigrams) - 1)]
                              == trigrams // base).all():
        raise ValueError("a gloss trigram whose first two words are not a bigram")
    return {
        "glosses.bigram_first": small_uint(np.diff(bigrams // base, prepend=0)),
        "glosses.bigram_second": small_uint(bigrams % base),
        "glosses.trigram_prefix": small_uint(np.diff(prefix, prepend=0)),
        "glosses.trigram_third": small_uint(trigrams % base),
    }


def decode_ngrams(first: np.ndarray, second: np.ndarray, prefix: np.ndarray,
                  third: np.ndarray) -> np.ndarray:
    """The n-gram codes of :func:`encode_ngrams`."""
    base = np.int64(_CODE_BASE)
    bigrams = np.cumsum(first, dtype=np.int64) * base + second
    trigrams = bigrams[np.cumsum(prefix, dtype=np.int64)] * base + third
    return np.concatenate([bigrams, trigrams])


def segment_deltas(values: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Each posting list as its first value and then the gaps (small numbers pack well)."""
    if values.dtype != np.int32:
        raise ValueError("gloss postings are expected as int32")
    deltas = np.diff(values.astype(np.int64), prepend=np.int64(0))
    starts = np.asarray(offsets[:-1])[np.diff(offsets) > 0]
    deltas[starts] = values[starts]
    return deltas.astype(values.dtype)


def segment_sums(deltas: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Undo :func:`segment_deltas`. Sums run in unsigned 32-bit arithmetic: the running
    total may wrap around, but each value (total minus the total before its segment) is
    exact, as it fits in 32 bits."""
    total = np.cumsum(deltas.view(np.uint32), dtype=np.uint32)
    before = np.concatenate((np.zeros(1, np.uint32), total))[np.asarray(offsets[:-1])]
    total -= np.repeat(before, np.diff(offsets))
    return total.view(deltas.dtype)


def encode_postings(deltas: np.ndarray) -> dict[str, np.ndarray]:
    """Posting gaps as their low 16 bits, plus the few that need more as (where, high
    bits): half the bytes to inflate on every load."""
    wide = np.flatnonzero(deltas >= 1 << 16)
    return {
        "glosses.postings_low": (deltas & 0xFFFF).astype(np.uint16),
        "glosses.postings_high_at": wide.astype(np.int32),
        "glosses.postings_high": (deltas[wide] >> 16).astype(np.uint16),
    }


def decode_postings(low: np.ndarray, high_at: np.ndarray, high: np.ndarray) -> np.ndarray:
    """The posting gaps of :func:`encode_postings`."""
    deltas = low.astype(np.int32)
    deltas[high_at] |= high.astype(np.int32) << 16
    return deltas


def shuffled(name: str, array: np.ndarray) -> tuple[str, np.ndarray]:
    """A 1-D integer array of wide items as its byte planes (all first bytes, then all
    second bytes …): the high bytes of small numbers are runs of zeros, which deflate
    packs into almost nothing. Stored as ``name@dtype``."""
    if array.ndim != 1 or array.dtype.kind not in "iu" or array.dtype.itemsize == 1:
        return name, np.ascontiguousarray(array)
    planes = np.ascontiguousarray(array).view(np.uint8).reshape(-1, array.dtype.itemsize).T
    return f"{name}@{array.dtype.str}", np.ascontiguousarray(planes)


def unshuffled(stored: np.ndarray, dtype: str) -> np.ndarray:
    """The array of :func:`shuffled`, of type ``dtype``, from its byte planes."""
    width, n = stored.shape
    out = np.empty(n, dtype=np.dtype(dtype))
    view = out.view(np.uint8).reshape(n, width)
    for plane in range(width):  # a strided copy per byte plane: faster than a transpose
        view[:, plane] = stored[plane]
    return out
