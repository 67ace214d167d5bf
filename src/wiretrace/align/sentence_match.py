"""Fuzzy layer: pairs of sentences that share their content words.

Spinners swap words for synonyms and translators rewrite the syntax, but both
keep most of a sentence's content words — or words of the same meaning — and
its names and numbers. Two sentences are compared by the information weight
(see :mod:`wiretrace.lexicon.frequency`) of the content words they share,
counting a WordNet synonym as a partial match.

Sparse matrix products score all sentence pairs of two documents at once; each
document's matrices are built once (:mod:`.index`) and kept for its next pair.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from wiretrace.normalize.prepare import PreparedDoc


@dataclass(slots=True)
class SentenceBag:
    """The content words of one sentence (or one passage), by stem."""

    weights: dict[str, float]
    senses: dict[str, tuple[str, ...]]
    sense_set: frozenset[str]
    total: float


def bag_of(doc: PreparedDoc, first: int, last: int) -> SentenceBag:
    """Content words of tokens ``first..last-1``."""
    weights: dict[str, float] = {}
    senses: dict[str, tuple[str, ...]] = {}
    for t in range(first, last):
        if not doc.content[t]:
            continue
        stem = doc.stems[t]
        if doc.weights[t] > weights.get(stem, 0.0):
            weights[stem] = doc.weights[t]
            senses[stem] = doc.senses[t]
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


def sentence_bags(doc: PreparedDoc) -> tuple[SentenceBag, ...]:
    """The bag of each sentence of ``doc``."""
    return tuple(bag_of(doc, first, last) for first, last in doc.sentences)


@dataclass(frozen=True, slots=True)
class SentenceMatrices:
    """One document's sentence bags as sparse matrices. An *entry* is one content word of
    one sentence (a stem of its bag), with that word's weight and senses."""

    weights: sparse.csr_matrix
    """sentences × entries: the entry's weight in its own sentence's row."""
    entry_stems: sparse.csr_matrix
    """entries × stems: which stem each entry is (one-hot)."""
    entry_senses: sparse.csr_matrix
    """entries × senses: the WordNet senses of each entry's word."""
    stems: sparse.csr_matrix
    """sentences × stems: the stems a sentence holds (0/1)."""
    senses: sparse.csr_matrix
    """sentences × senses: the senses a sentence's words hold (0/1)."""
    stem_vocab: dict[str, int]
    sense_vocab: dict[str, int]
    totals: np.ndarray
    """Each sentence's total weight."""


def _ones(rows: list[int], cols: list[int], shape: tuple[int, int]) -> sparse.csr_matrix:
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)


def sentence_matrices(bags: tuple[SentenceBag, ...]) -> SentenceMatrices:
    """The sentence bags of one document as sparse matrices."""
    stem_vocab: dict[str, int] = {}
    sense_vocab: dict[str, int] = {}
    w_rows, w_vals = [], []
    es_rows, es_cols, ez_rows, ez_cols = [], [], [], []
    ss_rows, ss_cols, sz_rows, sz_cols = [], [], [], []
    for r, bag in enumerate(bags):
        for stem, w in bag.weights.items():
            e = len(w_rows)
            w_rows.append(r)
            w_vals.append(w)
            col = stem_vocab.setdefault(stem, len(stem_vocab))
            es_rows.append(e)
            es_cols.append(col)
            ss_rows.append(r)
            ss_cols.append(col)
            for sid in bag.senses[stem]:
                ez_rows.append(e)
                ez_cols.append(sense_vocab.setdefault(sid, len(sense_vocab)))
        for sid in bag.sense_set:
            sz_rows.append(r)
            sz_cols.append(sense_vocab.setdefault(sid, len(sense_vocab)))
    n, entries = len(bags), len(w_rows)
    n_stems, n_senses = max(1, len(stem_vocab)), max(1, len(sense_vocab))
    weights = sparse.csr_matrix((np.array(w_vals), (w_rows, range(entries))),
                                shape=(n, max(1, entries)))
    entry_stems = _ones(es_rows, es_cols, (max(1, entries), n_stems))
    entry_senses = _ones(ez_rows, ez_cols, (max(1, entries), n_senses))
    return SentenceMatrices(
        weights, entry_stems, entry_senses.tocsc(), _ones(ss_rows, ss_cols, (n, n_stems)).tocsc(),
        _ones(sz_rows, sz_cols, (n, n_senses)).tocsc(), stem_vocab, sense_vocab,
        np.array([bag.total for bag in bags]),
    )


def _columns(x: dict[str, int], y: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    shared = x.keys() & y.keys()
    return (np.fromiter((x[k] for k in shared), dtype=np.int64, count=len(shared)),
            np.fromiter((y[k] for k in shared), dtype=np.int64, count=len(shared)))


def _matched(x: SentenceMatrices, y: SentenceMatrices, synonym_weight: float
             ) -> sparse.csr_matrix:
    """sentences of x × sentences of y: the weight of x's words found in y's sentence, as
    :func:`matched_weight` counts it (in full when the stem is there, else
    ``synonym_weight`` of it when one of the word's senses is), for every pair at once."""
    cx, cy = _columns(x.stem_vocab, y.stem_vocab)
    there = (x.entry_stems[:, cx] @ y.stems[:, cy].T).tocsr()  # entries × y-sentences, 0/1
    factor = there
    if synonym_weight:
        sx, sy = _columns(x.sense_vocab, y.sense_vocab)
        if len(sx):
            near = (x.entry_senses[:, sx] @ y.senses[:, sy].T).tocsr()
            near.data[:] = 1.0
            only_near = near - near.multiply(there)
            only_near.eliminate_zeros()
            factor = there + synonym_weight * only_near
    return (x.weights @ factor).tocsr()


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

    Every pair is scored at once by sparse products over the two documents' sentence
    matrices, exactly as :func:`bag_similarity` scores one pair. With sentence vectors
    on both documents (the embeddings extra), pairs whose vectors have a cosine of at
    least ``min_cosine`` are kept too, and each pair carries its cosine.
    """
    if not a.sentences or not b.sentences:
        return []
    ab = _matched(ma, mb, synonym_weight)
    ba = _matched(mb, ma, synonym_weight).T.tocsr()
    both = (ab + ba).tocoo()
    keep = both.data >= 2 * min_shared
    candidates = set(zip(both.row[keep].tolist(), both.col[keep].tolist(), strict=True))
    cosines = _cosines(a, b)
    if cosines is not None:
        ii, jj = np.nonzero(cosines >= min_cosine)
        candidates.update(zip(ii.tolist(), jj.tolist(), strict=True))
    if not candidates:
        return []
    rows, cols = (np.array(v, dtype=np.int64) for v in zip(*sorted(candidates), strict=True))
    mx = np.asarray(ab[rows, cols], dtype=float).ravel()
    my = np.asarray(ba[rows, cols], dtype=float).ravel()
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
    return out


def _cosines(a: PreparedDoc, b: PreparedDoc) -> np.ndarray | None:
    va, vb = a.sentence_vectors, b.sentence_vectors
    if va is None or vb is None or len(va) != len(a.sentences) or len(vb) != len(b.sentences):
        return None
    return va @ vb.T
