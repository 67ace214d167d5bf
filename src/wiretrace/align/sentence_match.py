"""Fuzzy layer: pairs of sentences that share their content words.

Spinners swap words for synonyms and translators rewrite the syntax, but both
keep most of a sentence's content words — or words of the same meaning — and
its names and numbers. Two sentences are compared by the information weight
(see :mod:`wiretrace.lexicon.frequency`) of the content words they share,
counting a WordNet synonym as a partial match.

A sparse matrix product finds, among all sentence pairs, those that share any
weighty word; only these are scored word by word.
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


def sentence_bags(doc: PreparedDoc) -> list[SentenceBag]:
    """The bag of each sentence of ``doc``, computed once per document object."""
    bags = doc.derived.get("sentence_bags")
    if bags is None:
        bags = [bag_of(doc, first, last) for first, last in doc.sentences]
        doc.derived["sentence_bags"] = bags
    return bags


def _incidence(
    doc: PreparedDoc, synonym_weight: float
) -> tuple[sparse.csc_matrix, dict[str, int]]:
    """Sentence × feature matrix of ``doc`` (stems at their weight, senses at their best
    synonym weight) with its columns by feature, computed once per document object."""
    key = ("incidence", synonym_weight)
    cached = doc.derived.get(key)
    if cached is not None:
        return cached
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for r, bag in enumerate(sentence_bags(doc)):
        feats: dict[str, float] = {"s" + stem: w for stem, w in bag.weights.items()}
        if synonym_weight > 0:
            for stem, senses in bag.senses.items():
                for sid in senses:
                    feats[sid] = max(feats.get(sid, 0.0), bag.weights[stem] * synonym_weight)
        for feat, w in feats.items():
            rows.append(r)
            cols.append(vocab.setdefault(feat, len(vocab)))
            vals.append(w)
    matrix = sparse.csc_matrix(
        (np.array(vals), (rows, cols)), shape=(len(doc.sentences), max(1, len(vocab)))
    )
    doc.derived[key] = (matrix, vocab)
    return matrix, vocab


def sentence_pairs(
    a: PreparedDoc,
    b: PreparedDoc,
    min_shared: float,
    synonym_weight: float,
    min_cosine: float = 1.01,
) -> list[SentencePair]:
    """Scored pairs of sentences of ``a`` and ``b`` whose shared weight could reach
    ``min_shared``.

    With sentence vectors on both documents (the embeddings extra), pairs whose
    vectors have a cosine of at least ``min_cosine`` are scored too, and each pair
    carries its cosine.
    """
    bags_a, bags_b = sentence_bags(a), sentence_bags(b)
    if not bags_a or not bags_b:
        return []
    ma, vocab_a = _incidence(a, synonym_weight)
    mb, vocab_b = _incidence(b, synonym_weight)
    shared = vocab_a.keys() & vocab_b.keys()
    candidates: set[tuple[int, int]] = set()
    if shared:
        cols_a = np.fromiter((vocab_a[f] for f in shared), dtype=np.int64, count=len(shared))
        cols_b = np.fromiter((vocab_b[f] for f in shared), dtype=np.int64, count=len(shared))
        present_b = mb[:, cols_b].copy()  # a copy of its own: the cached matrix stays as is
        present_b.data[:] = 1.0
        # An over-estimate of the weight a's words find in b (a word matched in full
        # also counts its senses), used only to skip pairs that cannot reach the
        # threshold. Features of one document only add nothing, so they get no column.
        approx = (ma[:, cols_a] @ present_b.T).tocoo()
        candidates = {
            (int(i), int(j))
            for i, j, v in zip(approx.row, approx.col, approx.data, strict=True)
            if v >= min_shared * 0.5
        }
    cosines = _cosines(a, b)
    if cosines is not None:
        ii, jj = np.nonzero(cosines >= min_cosine)
        candidates.update(zip(ii.tolist(), jj.tolist(), strict=True))
    out: list[SentencePair] = []
    for i, j in sorted(candidates):
        dice, containment, shared = bag_similarity(bags_a[i], bags_b[j], synonym_weight)
        cosine = float(cosines[i, j]) if cosines is not None else None
        if shared >= min_shared or (cosine is not None and cosine >= min_cosine):
            out.append(SentencePair(i, j, dice, containment, shared, cosine))
    return out


def _cosines(a: PreparedDoc, b: PreparedDoc) -> np.ndarray | None:
    va, vb = a.sentence_vectors, b.sentence_vectors
    if va is None or vb is None or len(va) != len(a.sentences) or len(vb) != len(b.sentences):
        return None
    return va @ vb.T
