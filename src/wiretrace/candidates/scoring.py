"""The candidate rule, in one place: which pairs of documents are worth aligning.

Features are weighted by inverse document frequency, ``idf = log((N + 1) / df)`` over a
corpus of ``N`` documents; features held by fewer than two documents or by more than the
limit (``max_df``, or ``max_df_share`` of the corpus) are never shared evidence. A pair
passes when it shares at least ``min_shared`` features whose weight is at least
``min_score`` of the lighter document's total weight (all its features), or when it
shares at least ``min_shared_names`` multi-word names held by at most ``name_max_df``
documents (two reports of one event may share no text).

A scan scores every pair of its corpus (:mod:`.corpus_index`); a check scores new
articles against an archive's postings (:mod:`wiretrace.archive.check`). Both build the
same three sparse products here — shared weight, shared count, shared names — and apply
:func:`passing`, so the two can never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from wiretrace.candidates.settings import CandidateSettings


@dataclass(frozen=True, slots=True)
class Candidate:
    """A pair worth aligning: document indices, score (shared weight over the lighter
    document's total) and the number of features shared."""

    a: int
    b: int
    score: float
    shared: int


def idf(n_docs: int, df: np.ndarray) -> np.ndarray:
    """Inverse document frequency of features held by ``df`` of ``n_docs`` documents."""
    return np.log((n_docs + 1) / np.asarray(df, dtype=np.float64))


def df_limit(settings: CandidateSettings, n_docs: int) -> int:
    """The largest document frequency a feature may have to count as shared evidence."""
    return min(settings.max_df, max(2, int(settings.max_df_share * n_docs)))


def usable(df: np.ndarray, limit: int) -> np.ndarray:
    """Which features (by document frequency) count as shared evidence."""
    return (df >= 2) & (df <= limit)


@dataclass(frozen=True, slots=True)
class Shared:
    """What pairs of rows of two feature matrices share: for each pair ``(q[k], p[k])``,
    the summed weight, the count and the number of names of their common features."""

    q: np.ndarray
    p: np.ndarray
    weight: np.ndarray
    count: np.ndarray
    names: np.ndarray


def shared_features(
    weighted: sparse.csr_matrix, named: sparse.csr_matrix, present: sparse.csr_matrix
) -> Shared:
    """The features the rows of ``weighted`` (query documents × features: the features'
    weights; ``named``: 1 where the feature is a counted name) share with the rows of
    ``present`` (partner documents × the same features, 1 where held), as one sparse
    product of the stacked query matrices."""
    nq = weighted.shape[0]
    ones = weighted.copy()
    ones.data[:] = 1.0
    # An explicit zero in ``named`` keeps each pair's slot, so the three products have
    # the same pattern (the pairs sharing at least one feature).
    stacked = sparse.vstack([weighted, ones, named], format="csr")
    product = (stacked @ present.T).tocoo()
    part = product.row // nq
    q = product.row % nq
    order = np.lexsort((product.col, q, part))
    rows, cols, vals, part = q[order], product.col[order], product.data[order], part[order]
    sel = [part == k for k in range(3)]
    base_q, base_p = rows[sel[0]], cols[sel[0]]
    weight = vals[sel[0]]
    count = _align(base_q, base_p, rows[sel[1]], cols[sel[1]], vals[sel[1]])
    names = _align(base_q, base_p, rows[sel[2]], cols[sel[2]], vals[sel[2]])
    return Shared(base_q, base_p, weight, count, names)


def _align(bq: np.ndarray, bp: np.ndarray, q: np.ndarray, p: np.ndarray,
           v: np.ndarray) -> np.ndarray:
    """Values ``v`` at pairs ``(q, p)`` put at the positions of the pairs ``(bq, bp)``
    (0 where a pair has none); both lists sorted by (q, p)."""
    out = np.zeros(len(bq))
    if len(q) == 0:
        return out
    width = int(max(bp.max(initial=0), p.max(initial=0))) + 1
    pos = np.searchsorted(bq.astype(np.int64) * width + bp, q.astype(np.int64) * width + p)
    out[pos] = v
    return out


def passing(
    weight: np.ndarray,
    count: np.ndarray,
    names: np.ndarray,
    lighter: np.ndarray,
    settings: CandidateSettings,
) -> np.ndarray:
    """The candidate rule over arrays of pairs (``lighter``: the lighter total weight)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(lighter > 0, weight / lighter, 0.0)
    textual = (count >= settings.min_shared) & (score >= settings.min_score)
    return textual | (names >= settings.min_shared_names)


def pair_scores(weight: np.ndarray, lighter: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(lighter > 0, weight / lighter, 0.0)
