"""Candidate pairs of a corpus: an inverted index over its documents' features.

Cost: the index has one posting per (document, feature). Pairs are only ever formed
between documents that share a feature, and features held by more than ``max_df``
documents are dropped, so the work is ``O(Σ_f min(df_f, max_df)²)`` over features
``f`` — linear in the corpus size for a fixed ``max_df`` rather than quadratic like
comparing all pairs. The index is a sparse document × feature matrix (SciPy); the pairs
are scored by sparse products, a block of documents at a time so that memory stays
bounded however large the corpus (:mod:`.scoring` holds the rule).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from wiretrace.candidates.features import DocFeatures
from wiretrace.candidates.near_duplicates import NearDuplicates, near_duplicates
from wiretrace.candidates.scoring import (
    Candidate,
    df_limit,
    idf,
    pair_scores,
    passing,
    shared_features,
    tally_values,
    usable,
)
from wiretrace.candidates.settings import CandidateSettings

BLOCK = 1024
"""Documents scored against the whole index at once (at most)."""
BLOCK_PAIRS = 1_000_000
"""… and at most about this many pairs per block: a block's products hold an entry for
every pair sharing a feature, ~150 bytes each with their temporaries (3,000 articles in
blocks of 1,024 peaked at +450 MB; in blocks of 333, +60 MB)."""


def block_rows(n_docs: int, most: int = BLOCK) -> int:
    """Rows of a scoring block for a corpus of ``n_docs`` documents."""
    return max(16, min(most, BLOCK_PAIRS // max(1, n_docs)))


def corpus_candidates(
    features: Sequence[DocFeatures], settings: CandidateSettings | None = None,
    block: int | None = None,
) -> tuple[list[Candidate], NearDuplicates]:
    """The candidate pairs of a corpus, best first, with large groups of near-identical
    documents collapsed (:mod:`.near_duplicates`): each group's first document is scored
    with the rest, and paired with each of its copies."""
    s = settings or CandidateSettings()
    dups = near_duplicates(features, s)
    if not dups.groups:
        return candidate_pairs(features, s, block), dups
    collapsed = dups.collapsed
    keep = [i for i in range(len(features)) if i not in collapsed]
    scored = candidate_pairs([features[i] for i in keep], s, block)
    out = [Candidate(keep[c.a], keep[c.b], c.score, c.shared) for c in scored]
    out += [c for g in dups.groups for c in g.star()]
    out.sort(key=lambda c: -c.score)
    return out, dups


def candidate_pairs(
    features: Sequence[DocFeatures], settings: CandidateSettings | None = None,
    block: int | None = None,
) -> list[Candidate]:
    """Pairs of documents (by index into ``features``, ``a < b``) worth aligning, best
    first."""
    from scipy import sparse  # imported here: a compare of two articles never scores

    s = settings or CandidateSettings()
    n = len(features)
    if n < 2:
        return []
    block = block or block_rows(n)
    sizes = np.fromiter((len(f.hashes) for f in features), dtype=np.int64, count=n)
    if not sizes.sum():
        return []
    hashes = np.concatenate([f.hashes for f in features])
    is_name = np.concatenate([f.is_name for f in features])
    doc_of = np.repeat(np.arange(n), sizes)
    vocab, inverse, df = np.unique(hashes, return_inverse=True, return_counts=True)
    weight = idf(n, df)[inverse]
    totals = np.bincount(doc_of, weights=weight, minlength=n)
    keep = usable(df[inverse], df_limit(s, n))
    if not keep.any():
        return []
    rows, cols, vals = doc_of[keep], inverse[keep], weight[keep]
    shape = (n, len(vocab))
    weighted = sparse.csr_matrix((vals, (rows, cols)), shape=shape)
    tally = sparse.csr_matrix(
        (tally_values(is_name[keep] & (df[cols] <= s.name_max_df)), (rows, cols)), shape=shape)
    present = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    out: list[Candidate] = []
    for start in range(0, n, block):
        stop = min(n, start + block)
        # Only partners after the block's rows: each pair is scored once (a < b).
        shared = shared_features(weighted[start:stop], tally[start:stop], present[start:])
        a = shared.q + start
        b = shared.p + start
        upper = b > a
        a, b = a[upper], b[upper]
        w, c, nm = shared.weight[upper], shared.count[upper], shared.names[upper]
        lighter = np.minimum(totals[a], totals[b])
        ok = passing(w, c, nm, lighter, s)
        scores = pair_scores(w[ok], lighter[ok])
        out.extend(Candidate(int(x), int(y), float(sc), int(k)) for x, y, sc, k in
                   zip(a[ok].tolist(), b[ok].tolist(), scores.tolist(), c[ok].tolist(),
                       strict=True))
    out.sort(key=lambda c: -c.score)
    return out
