"""The units of a collation — each version's sentences — and which of them are the same
sentence in two versions.

A unit is a sentence of a version as written, cut in two where a reused passage begins
or ends inside it (:func:`~wiretrace.normalize.prepare.sentence_tokens`:
boilerplate lines are never part of one), its range extended over the opening
quotation mark or bracket and the closing punctuation. Two units are
linked when they lie inside the two sides of one reused passage of a pair and read alike:
the cosine of their content words, stems and WordNet senses, weighted by information
weight, reaches ``sentence_link`` — so a spun sentence (words swapped for synonyms) and a
sentence split in two (each half close to the whole) still meet their original. Each
unit is linked to its best match on the other side, and each unit there to its best
match here. All units of all versions go into one sparse matrix, so linking the
sentences of every passage of every pair costs one small product per passage.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from wiretrace.classify import PairMatch
from wiretrace.collate.settings import CollateSettings
from wiretrace.normalize.prepare import PreparedDoc, sentence_tokens
from wiretrace.records import Span

if TYPE_CHECKING:
    from scipy import sparse

_CLOSERS = frozenset(".!?;:\"'”’»)]")
_OPENERS = frozenset("\"'“‘«([")


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence of one version: tokens ``[first, last)`` of version ``doc`` (its
    index in the story's versions), ``span`` its characters."""

    doc: int
    first: int
    last: int
    span: Span
    reading: tuple[str, ...]
    """Its words as match keys: two units with the same reading read the same."""
    weight: float
    after_boilerplate: bool = False
    """Boilerplate stands between it and the version's unit before it."""
    sentence: int = 0
    """Which sentence of its version it is (or is a piece of)."""


def units_of(doc: PreparedDoc, k: int, cuts: Sequence[int] = (), min_piece: int = 5
             ) -> list[Unit]:
    """The sentences of ``doc`` (version ``k``) as units, each cut where a reused passage
    starts or ends inside it (``cuts``: character offsets) unless a piece would be
    shorter than ``min_piece`` words."""
    text, out = doc.text, []
    cut_tokens = sorted({doc.token_at(c) for c in cuts})
    previous = 0
    for number, (first, last) in enumerate(sentence_tokens(text, doc.starts, doc.boiler)):
        for lo, hi in _without_boilerplate(doc.boiler, first, last):
            after = any(doc.boiler[previous:lo])
            previous = hi
            bounds = [lo]
            for t in cut_tokens[bisect_left(cut_tokens, lo + 1):]:
                if t >= hi:
                    break
                if t - bounds[-1] >= min_piece and hi - t >= min_piece:
                    bounds.append(t)
            bounds.append(hi)
            for a, b in itertools.pairwise(bounds):
                out.append(_unit(doc, k, a, b, a == first, b == last, after and a == lo,
                                 number))
    return out


def _without_boilerplate(boiler: Sequence[bool], first: int, last: int
                         ) -> Iterator[tuple[int, int]]:
    """The runs of tokens ``[first, last)`` outside boilerplate (a boilerplate line inside
    a sentence, "Advertisement", splits it)."""
    start = None
    for t in range(first, last):
        if boiler[t]:
            if start is not None:
                yield start, t
            start = None
        elif start is None:
            start = t
    if start is not None:
        yield start, last


def _unit(doc: PreparedDoc, k: int, first: int, last: int, opens: bool, closes: bool,
          after_boilerplate: bool, sentence: int) -> Unit:
    text = doc.text
    start, end = doc.starts[first], doc.ends[last - 1]
    while opens and start > 0 and text[start - 1] in _OPENERS:
        start -= 1
    while closes and end < len(text) and text[end] in _CLOSERS:
        end += 1
    reading = tuple(doc.keys[first:last])
    return Unit(k, first, last, (start, end), reading, sum(doc.weights[first:last]),
                after_boilerplate, sentence)


def unit_matrix(docs: Sequence[PreparedDoc], units: Sequence[Unit]) -> sparse.csr_matrix:
    """Rows of unit vectors (L2-normalised) over words' stems and WordNet senses."""
    from scipy import sparse  # not at import: a compare of two articles never needs it

    columns: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for r, u in enumerate(units):
        d = docs[u.doc]
        for t in range(u.first, u.last):
            w = d.weights[t]
            if w <= 0.0:
                continue
            rows.append(r)
            cols.append(columns.setdefault("w:" + d.stems[t], len(columns)))
            vals.append(w)
            senses = d.senses[t]
            for s in senses:
                rows.append(r)
                cols.append(columns.setdefault("s:" + s, len(columns)))
                vals.append(w / len(senses))
    m = sparse.csr_matrix((vals, (rows, cols)), shape=(len(units), max(len(columns), 1)),
                          dtype=np.float64)
    m.sum_duplicates()
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0.0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)


class VersionUnits:
    """The units of every version of a story, each version's in text order."""

    def __init__(self, docs: Sequence[PreparedDoc], cuts: Sequence[Sequence[int]] = ()
                 ) -> None:
        self.docs = list(docs)
        self.units: list[Unit] = []
        self.first_of: list[int] = []
        """Index of each version's first unit (its units are consecutive)."""
        for k, d in enumerate(self.docs):
            self.first_of.append(len(self.units))
            self.units.extend(units_of(d, k, cuts[k] if cuts else ()))
        self.first_of.append(len(self.units))
        self.matrix = unit_matrix(self.docs, self.units)

    def of_version(self, k: int) -> range:
        return range(self.first_of[k], self.first_of[k + 1])

    def inside(self, k: int, span: Span) -> list[int]:
        """Units of version ``k`` with at least half their words inside ``span``."""
        doc, out = self.docs[k], []
        lo, hi = self.first_of[k], self.first_of[k + 1]
        starts = [self.units[u].span[0] for u in range(lo, hi)]
        u = max(lo, lo + bisect_left(starts, span[0]) - 1)
        while u < hi and self.units[u].span[0] < span[1]:
            unit = self.units[u]
            n = unit.last - unit.first
            a = bisect_left(doc.starts, span[0], unit.first, unit.last)
            b = bisect_left(doc.starts, span[1], unit.first, unit.last)
            if n and 2 * (b - a) >= n:
                out.append(u)
            u += 1
        return out


def sentence_links(
    units: VersionUnits, x: int, y: int, match: PairMatch, settings: CollateSettings
) -> Iterator[tuple[float, int, int]]:
    """``(cosine, unit, unit)`` for the units (of versions ``x`` and ``y``, the match's
    ``a`` and ``b``) that are the same sentence in the two versions."""
    for p in match.passages:
        ux, uy = units.inside(x, p.a), units.inside(y, p.b)
        if not ux or not uy:
            continue
        sims = (units.matrix[ux] @ units.matrix[uy].T).toarray()
        found = []
        for i, j in _best_both_ways(sims, settings.sentence_link):
            a, b = units.units[ux[i]], units.units[uy[j]]
            light = min(a.weight, b.weight) < settings.sentence_min_weight
            if not light or a.reading == b.reading:
                found.append((i, j))
        found.extend(_gap_links(found, sims, settings))
        for i, j in found:
            yield float(sims[i, j]), ux[i], uy[j]


def _gap_links(
    found: list[tuple[int, int]], sims: np.ndarray, settings: CollateSettings
) -> list[tuple[int, int]]:
    """Sentences left unlinked between two links (or a link and the passage's edge) with
    as many unlinked on the other side — at most ``gap_max_sentences`` — are the same
    sentences reworded, in order, when they still read somewhat alike (``gap_link``):
    a spinner's or a translator's heaviest rewording."""
    rows, cols = sims.shape
    linked_i = {i for i, _ in found}
    linked_j = {j for _, j in found}
    anchors = sorted({(-1, -1), *found, (rows, cols)})
    out = []
    for (i0, j0), (i1, j1) in itertools.pairwise(anchors):
        gap_i = [i for i in range(i0 + 1, i1) if i not in linked_i]
        gap_j = [j for j in range(j0 + 1, j1) if j not in linked_j]
        if (
            len(gap_i) == len(gap_j) == (i1 - i0 - 1) == (j1 - j0 - 1)
            and 0 < len(gap_i) <= settings.gap_max_sentences
        ):
            out.extend((i, j) for i, j in zip(gap_i, gap_j, strict=True)
                       if sims[i, j] >= settings.gap_link)
    return out


def _best_both_ways(sims: np.ndarray, threshold: float) -> set[tuple[int, int]]:
    """Each row's best column and each column's best row, where the cosine reaches
    ``threshold``."""
    out: set[tuple[int, int]] = set()
    best_col = sims.argmax(axis=1)
    for i, j in enumerate(best_col):
        if sims[i, j] >= threshold:
            out.add((i, int(j)))
    best_row = sims.argmax(axis=0)
    for j, i in enumerate(best_row):
        if sims[i, j] >= threshold:
            out.add((int(i), j))
    return out
