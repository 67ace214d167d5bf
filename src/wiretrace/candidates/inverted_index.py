"""Candidate pairs from an inverted index over document features.

Cost: the index has one posting per (document, feature). Pairs are only ever
formed between documents that share a feature, and features held by more than
``max_df`` documents are dropped, so the work is
``O(Σ_f min(df_f, max_df)²)`` over features ``f`` — linear in the corpus size
for a fixed ``max_df`` rather than quadratic like comparing all pairs. The
index is a sparse document × feature matrix (SciPy) and the pair scores one
sparse matrix product. A pair passes on its shared weight, or on the multi-word
names it shares (reports of one event that share no text).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from wiretrace.candidates.settings import CandidateSettings


@dataclass(frozen=True, slots=True)
class Candidate:
    a: int
    b: int
    score: float
    shared: int


def _idf(n_docs: int, df: int) -> float:
    return math.log((n_docs + 1) / df)


def candidate_pairs(
    features: Sequence[set[str]], settings: CandidateSettings | None = None
) -> list[Candidate]:
    """Pairs of documents (by index into ``features``) worth aligning, best first."""
    s = settings or CandidateSettings()
    n = len(features)
    if n < 2:
        return []
    df = Counter(f for feats in features for f in feats)
    limit = min(s.max_df, max(2, int(s.max_df_share * n)))
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    names: list[float] = []
    totals = np.zeros(n)
    for d, feats in enumerate(features):
        for f in feats:
            k = df[f]
            w = _idf(n, k)
            totals[d] += w
            if 2 <= k <= limit:
                rows.append(d)
                cols.append(vocab.setdefault(f, len(vocab)))
                vals.append(w)
                names.append(1.0 if f.startswith("e:") and k <= s.name_max_df else 0.0)
    if not vocab:
        return []
    weighted = sparse.csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)))
    present = weighted.copy()
    present.data[:] = 1.0
    named = sparse.csr_matrix((names, (rows, cols)), shape=(n, len(vocab)))
    # The three products have the same sparsity (pairs sharing at least one feature);
    # an explicit zero keeps a pair's slot in the name product.
    shared_weight = sparse.triu(weighted @ present.T, k=1).tocsr()
    shared_count = sparse.triu(present @ present.T, k=1).tocsr()
    shared_names = sparse.triu(named @ present.T, k=1).tocsr()
    out: list[Candidate] = []
    for a, row in enumerate(shared_weight):
        cols_w = row.indices
        if not len(cols_w):
            continue
        counts = dict(zip(shared_count[a].indices, shared_count[a].data, strict=True))
        name_counts = dict(zip(shared_names[a].indices, shared_names[a].data, strict=True))
        for b, w in zip(cols_w, row.data, strict=True):
            count = int(counts.get(b, 0))
            lighter = min(totals[a], totals[b])
            score = float(w / lighter) if lighter > 0 else 0.0
            textual = count >= s.min_shared and score >= s.min_score
            if textual or name_counts.get(b, 0) >= s.min_shared_names:
                out.append(Candidate(int(a), int(b), score, count))
    out.sort(key=lambda c: -c.score)
    return out
