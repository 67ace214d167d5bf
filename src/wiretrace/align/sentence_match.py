"""Fuzzy layer: pairs of sentences that share their content words.

Spinners swap words for synonyms and translators rewrite the syntax, but both
keep most of a sentence's content words — or words of the same meaning — and
its names and numbers. Two sentences are compared by the information weight
(see :mod:`wiretrace.lexicon.frequency`) of the content words they share,
counting a WordNet synonym as a partial match.

Matrix products score all sentence pairs of two documents at once; each document's
arrays are built once (:mod:`.index`) and kept for its next pair.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np

from wiretrace.normalize.prepare import PreparedDoc

DENSE_CELLS = 1 << 20
"""Arrays up to this many cells are dense (fast for news-length documents); larger ones
(a long report, a book) are sparse, so that comparing two long documents costs about
what the words their sentences share cost, not the product of their lengths."""


@dataclass(slots=True)
class SentenceBag:
    """The content words of one sentence (or one passage), by stem."""

    weights: dict[str, float]
    senses: dict[str, tuple[str, ...]]
    sense_set: frozenset[str]
    total: float


@dataclass(frozen=True, slots=True)
class BagEntries:
    """The bags of several token ranges at once, as arrays: one *entry* per stem of a
    range's bag, entries in order of range, then of the stem's first appearance."""

    range: np.ndarray
    """The range of each entry."""
    token: np.ndarray
    """The token whose weight and senses the entry carries."""
    stem: np.ndarray
    """The id of the entry's stem (:func:`ids_of`)."""
    weight: np.ndarray


def ids_of(names: Iterable[str], count: int) -> np.ndarray:
    """The id of each of ``count`` stems or senses: its 64-bit string hash, so that two
    documents' words are matched by id without a vocabulary to keep. Like the n-gram
    hashes of the exact layer, the ids compare only within one process (each alignment
    index is built where the pair is aligned)."""
    return np.fromiter(map(hash, names), dtype=np.int64, count=count)


def heaviest_tokens(doc: PreparedDoc, first: int, last: int) -> dict[str, int]:
    """The bag of content words of tokens ``first..last-1``, as each stem's token.

    The rule of a bag: each stem of the range's content tokens of positive weight, once,
    with the weight and the senses of its heaviest token (the first of equal ones); stems
    in the order they first appear."""
    content, weights, stems = doc.content, doc.weights, doc.stems
    best: dict[str, int] = {}
    for t in range(first, last):
        if content[t]:
            held = best.get(stems[t])
            if (weights[t] > 0.0) if held is None else (weights[t] > weights[held]):
                best[stems[t]] = t
    return best


def bag_entries(doc: PreparedDoc, ranges: list[tuple[int, int]]) -> BagEntries:
    """The bags (:func:`heaviest_tokens`) of several token ranges ``[first, last)`` of
    ``doc`` at once, as arrays."""
    in_range: list[int] = []
    tokens: list[int] = []
    for r, (first, last) in enumerate(ranges):
        chosen = heaviest_tokens(doc, first, last).values()
        in_range.extend([r] * len(chosen))
        tokens.extend(chosen)
    weights = np.array([doc.weights[t] for t in tokens], dtype=np.float64)
    return BagEntries(np.array(in_range, dtype=np.int64), np.array(tokens, dtype=np.int64),
                      ids_of(map(doc.stems.__getitem__, tokens), len(tokens)), weights)


def bag_of(doc: PreparedDoc, first: int, last: int) -> SentenceBag:
    """Content words of tokens ``first..last-1`` (:func:`heaviest_tokens`)."""
    best = heaviest_tokens(doc, first, last)
    weights = {stem: doc.weights[t] for stem, t in best.items()}
    senses = {stem: doc.senses[t] for stem, t in best.items()}
    sense_set = frozenset(s for ss in senses.values() for s in ss)
    return SentenceBag(weights, senses, sense_set, sum(weights.values()))


def matched_weight(x: SentenceBag, y: SentenceBag, synonym_weight: float) -> float:
    """Weight of ``x``'s words found in ``y``: in full when identical, partly when synonyms."""
    got = 0.0
    for stem, w in x.weights.items():
        if stem in y.weights:
            got += w
        elif synonym_weight and x.senses[stem] and not y.sense_set.isdisjoint(x.senses[stem]):
            got += w * synonym_weight
    return got


@dataclass(frozen=True, slots=True)
class SentencePair:
    i: int
    """Sentence index in ``a``."""
    j: int
    """Sentence index in ``b``."""
    dice: float
    """Shared weight over the weight of both sentences (0–1)."""
    containment: float
    """Shared weight over the weight of the lighter sentence (0–1)."""
    shared: float
    """Shared information weight (the mean of both directions)."""
    cosine: float | None = None
    """Cosine of the two sentences' embedding vectors, when the extra is in use."""


def bag_similarity(x: SentenceBag, y: SentenceBag, synonym_weight: float) -> tuple[float, ...]:
    """``(dice, containment, shared)`` of two bags."""
    mx = matched_weight(x, y, synonym_weight)
    my = matched_weight(y, x, synonym_weight)
    if x.total <= 0 or y.total <= 0:
        return 0.0, 0.0, 0.0
    dice = (mx + my) / (x.total + y.total)
    containment = max(mx / x.total, my / y.total) if min(x.total, y.total) > 0 else 0.0
    return dice, min(containment, 1.0), (mx + my) / 2


@dataclass(frozen=True, slots=True)
class SentenceMatrices:
    """One document's sentence bags as arrays. An *entry* is one content word of one
    sentence (a stem of its bag), with that word's weight and senses; entries are in
    sentence order."""

    entry_sentence: np.ndarray
    """The sentence of each entry."""
    entry_stem: np.ndarray
    """The stem (a column of ``stems``) of each entry."""
    entry_weight: np.ndarray
    sense_entry: np.ndarray
    sense_col: np.ndarray
    """``(sense_entry[k], sense_col[k])``: entry ``sense_entry[k]``'s word has the sense in
    column ``sense_col[k]`` of ``senses``."""
    stems: Any
    """sentences × stems, true (1) where the sentence holds the stem: a NumPy array for a
    document of news length, a SciPy sparse CSC matrix for a longer one
    (:data:`DENSE_CELLS`)."""
    senses: Any
    """sentences × senses, true (1) where one of the sentence's words has the sense
    (dense or sparse like ``stems``)."""
    stem_ids: Columns
    sense_ids: Columns
    totals: np.ndarray
    """Each sentence's total weight."""


@dataclass(frozen=True, slots=True)
class Columns:
    """The ids (:func:`ids_of`) of a matrix's columns, and the same ids sorted, to find
    the columns two documents share with one ``searchsorted``."""

    ids: np.ndarray
    """The id of each column."""
    order: np.ndarray
    """Columns in increasing order of id."""
    sorted_ids: np.ndarray

    @classmethod
    def distinct(cls, ids: np.ndarray) -> tuple[Columns, np.ndarray]:
        """One column per distinct id, in increasing order of id; and the column of each
        element of ``ids``."""
        unique, column = np.unique(ids, return_inverse=True)
        return cls(unique, np.arange(len(unique)), unique), column.ravel()

    def positions_in(self, other: Columns) -> np.ndarray:
        """For each column, the column of ``other`` with the same id (−1 when none)."""
        if not len(other.sorted_ids):
            return np.full(len(self.ids), -1, dtype=np.int64)
        at = np.searchsorted(other.sorted_ids, self.ids)
        at = np.minimum(at, len(other.sorted_ids) - 1)
        found = other.sorted_ids[at] == self.ids
        return np.where(found, other.order[at], -1)


def sentence_matrices(doc: PreparedDoc) -> SentenceMatrices:
    """The sentence bags of ``doc`` as arrays (those of :func:`bag_entries`)."""
    n = len(doc.sentences)
    entries = bag_entries(doc, doc.sentences)
    stem_ids, entry_stem = Columns.distinct(entries.stem)
    senses_of = list(map(doc.senses.__getitem__, entries.token.tolist()))
    per_entry = np.fromiter(map(len, senses_of), dtype=np.int64, count=len(senses_of))
    sense_ids, sense_col = Columns.distinct(
        ids_of(chain.from_iterable(senses_of), int(per_entry.sum())))
    sense_entry = np.repeat(np.arange(len(senses_of)), per_entry)
    sense_row = entries.range[sense_entry]
    n_stems, n_senses = len(stem_ids.ids), len(sense_ids.ids)
    if n * max(n_stems, n_senses) <= DENSE_CELLS:
        stems: Any = np.zeros((n, n_stems), dtype=bool)
        stems[entries.range, entry_stem] = True
        senses: Any = np.zeros((n, n_senses), dtype=bool)
        senses[sense_row, sense_col] = True
    else:
        from scipy import sparse

        stems = sparse.csc_matrix((np.ones(len(entry_stem)), (entries.range, entry_stem)),
                                  shape=(n, n_stems))
        cells = np.unique(sense_row * max(1, n_senses) + sense_col)
        senses = sparse.csc_matrix((np.ones(len(cells)), np.divmod(cells, max(1, n_senses))),
                                   shape=(n, n_senses))
    weights = entries.weight.tolist()
    cuts = np.searchsorted(entries.range, np.arange(n + 1)).tolist()
    totals = [sum(weights[cuts[r] : cuts[r + 1]]) for r in range(n)]  # as a bag sums
    return SentenceMatrices(
        entries.range, entry_stem, entries.weight, sense_entry, sense_col, stems, senses,
        stem_ids, sense_ids, np.array(totals, dtype=np.float64),
    )


def _matched_dense(
    x: SentenceMatrices, y: SentenceMatrices, synonym_weight: float
) -> np.ndarray:
    """:func:`_matched` with dense arrays, for documents of news length (where SciPy's
    sparse operations would cost more than the arithmetic): the same values."""
    n_x, n_y = x.stems.shape[0], y.stems.shape[0]
    entries = len(x.entry_stem)
    stem_in_y = x.stem_ids.positions_in(y.stem_ids)[x.entry_stem]
    factor = np.zeros((entries, n_y))
    has = stem_in_y >= 0
    if has.any():
        factor[has] = y.stems[:, stem_in_y[has]].T
    if synonym_weight and len(x.sense_entry):
        sense_in_y = x.sense_ids.positions_in(y.sense_ids)[x.sense_col]
        ok = sense_in_y >= 0
        if ok.any():
            near_counts = y.senses[:, sense_in_y[ok]]  # y-sentences × (entry, sense) pairs
            js, ks = np.nonzero(near_counts)
            near = np.zeros((entries, n_y), dtype=bool)
            near[x.sense_entry[ok][ks], js] = True
            only_near = near & (factor == 0)
            factor[only_near] = synonym_weight
    weights = np.zeros((n_x, entries))
    weights[x.entry_sentence, np.arange(entries)] = x.entry_weight
    return weights @ factor


def _matched(x: SentenceMatrices, y: SentenceMatrices, synonym_weight: float) -> Any:
    """sentences of x × sentences of y (a sparse matrix): the weight of x's words found in
    y's sentence, as :func:`matched_weight` counts it (in full when the stem is there,
    else ``synonym_weight`` of it when one of the word's senses is), for every pair at
    once. Sparse throughout, so that the cost follows the words two sentences share,
    not the product of the two documents' lengths."""
    from scipy import sparse

    n_x, n_y = x.stems.shape[0], y.stems.shape[0]
    entries = len(x.entry_stem)
    stem_in_y = x.stem_ids.positions_in(y.stem_ids)[x.entry_stem]
    has = np.flatnonzero(stem_in_y >= 0)
    # entries × y-sentences: 1 where the entry's stem is in the sentence
    y_stems, y_senses = sparse.csc_matrix(y.stems), sparse.csc_matrix(y.senses)
    exact = y_stems[:, stem_in_y[has]].T.tocoo()
    factor = sparse.csr_matrix((np.ones(exact.nnz), (has[exact.row], exact.col)),
                               shape=(entries, n_y))
    if synonym_weight and len(x.sense_entry):
        sense_in_y = x.sense_ids.positions_in(y.sense_ids)[x.sense_col]
        ok = sense_in_y >= 0
        if ok.any():
            # entries × y-sentences: where one of the entry's senses is in the sentence,
            # counted only where its stem is not
            has_sense = sparse.csr_matrix(
                (np.ones(int(ok.sum())), (x.sense_entry[ok], sense_in_y[ok])),
                shape=(entries, y_senses.shape[1]))
            near = (has_sense @ y_senses.T).tocsr()
            near.data[:] = 1.0
            only_near = near - near.multiply(factor)
            only_near.eliminate_zeros()
            factor = factor + synonym_weight * only_near
    weights = sparse.csr_matrix((x.entry_weight, (x.entry_sentence, np.arange(entries))),
                                shape=(n_x, entries))
    return (weights @ factor).tocsr()


def sentence_pairs(
    a: PreparedDoc,
    ma: SentenceMatrices,
    b: PreparedDoc,
    mb: SentenceMatrices,
    min_shared: float,
    synonym_weight: float,
    min_cosine: float = 1.01,
) -> list[SentencePair]:
    """Scored pairs of sentences of ``a`` and ``b`` that share at least ``min_shared``
    weight.

    Every pair is scored at once by matrix products over the two documents' sentence
    arrays, exactly as :func:`bag_similarity` scores one pair. With sentence vectors
    on both documents (the embeddings extra), pairs whose vectors have a cosine of at
    least ``min_cosine`` are kept too, and each pair carries its cosine.
    """
    if not a.sentences or not b.sentences:
        return []
    if isinstance(ma.stems, np.ndarray) and isinstance(mb.stems, np.ndarray) and max(
            len(ma.entry_stem) * mb.stems.shape[0], len(mb.entry_stem) * ma.stems.shape[0]
    ) <= DENSE_CELLS:
        ab = _matched_dense(ma, mb, synonym_weight)
        ba = _matched_dense(mb, ma, synonym_weight).T
        both = ab + ba
        ii, jj = np.nonzero((both >= 2 * min_shared) & (both != 0))
    else:
        ab = _matched(ma, mb, synonym_weight)
        ba = _matched(mb, ma, synonym_weight).T.tocsr()
        summed = (ab + ba).tocoo()
        keep = (summed.data >= 2 * min_shared) & (summed.data != 0)
        ii, jj = summed.row[keep], summed.col[keep]
    candidates = set(zip(ii.tolist(), jj.tolist(), strict=True))
    cosines = _cosines(a, b)
    if cosines is not None:
        ii, jj = np.nonzero(cosines >= min_cosine)
        candidates.update(zip(ii.tolist(), jj.tolist(), strict=True))
    if not candidates:
        return []
    rows, cols = (np.array(v, dtype=np.int64) for v in zip(*sorted(candidates), strict=True))
    mx = np.asarray(ab[rows, cols]).ravel()
    my = np.asarray(ba[rows, cols]).ravel()
    tx, ty = ma.totals[rows], mb.totals[cols]
    valid = (tx > 0) & (ty > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        dice = np.where(valid, (mx + my) / (tx + ty), 0.0)
        containment = np.where(valid, np.minimum(np.maximum(mx / tx, my / ty), 1.0), 0.0)
    shared = np.where(valid, (mx + my) / 2, 0.0)
    out: list[SentencePair] = []
    for k, (i, j) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        cosine = float(cosines[i, j]) if cosines is not None else None
        if shared[k] >= min_shared or (cosine is not None and cosine >= min_cosine):
            out.append(SentencePair(i, j, float(dice[k]), float(containment[k]),
                                    float(shared[k]), cosine))
    return _bounded(out, len(ma.totals), len(mb.totals))


MAX_PARTNERS = 16
"""A sentence keeps at most this many partner sentences of the other document (the
best), so that a text repeating one sentence a thousand times gives some thousand
sentence pairs to link, not a million. Ordinary articles do not reach it (with 8, one
passage in the 1,000-article bench lost a sentence; with 16 all are the same)."""


def _bounded(pairs: list[SentencePair], n_a: int, n_b: int) -> list[SentencePair]:
    """``pairs`` without those that are among neither side's :data:`MAX_PARTNERS` best
    (most shared weight, then nearest in relative position)."""
    per_a: dict[int, list[int]] = {}
    per_b: dict[int, list[int]] = {}
    for k, p in enumerate(pairs):
        per_a.setdefault(p.i, []).append(k)
        per_b.setdefault(p.j, []).append(k)
    if all(len(v) <= MAX_PARTNERS for v in (*per_a.values(), *per_b.values())):
        return pairs

    def rank(k: int) -> tuple[float, float]:
        p = pairs[k]
        return -p.shared, abs(p.i / max(1, n_a) - p.j / max(1, n_b))

    kept: set[int] = set()
    for group in (*per_a.values(), *per_b.values()):
        kept.update(sorted(group, key=rank)[:MAX_PARTNERS])
    return [p for k, p in enumerate(pairs) if k in kept]


def _cosines(a: PreparedDoc, b: PreparedDoc) -> np.ndarray | None:
    va, vb = a.sentence_vectors, b.sentence_vectors
    if va is None or vb is None or len(va) != len(a.sentences) or len(vb) != len(b.sentences):
        return None
    return va @ vb.T
