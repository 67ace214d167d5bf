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
from typing import TYPE_CHECKING

import numpy as np

from wiretrace.candidates.settings import CandidateSettings

if TYPE_CHECKING:
    from scipy import sparse


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


NAME_UNIT = 1 << 20
"""A shared name counts this much in the count-and-names product (counts stay below it)."""


def tally_values(is_name: np.ndarray) -> np.ndarray:
    """The entries of the count-and-names matrix for features that are (or are not)
    counted names."""
    return 1.0 + NAME_UNIT * np.asarray(is_name, dtype=np.float64)


def shared_features(
    weighted: sparse.csr_matrix, tally: sparse.csr_matrix, present: sparse.csr_matrix
) -> Shared:
    """The features the rows of ``weighted`` (query documents × features: the features'
    weights) share with the rows of ``present`` (partner documents × the same features,
    1 where held); ``tally`` has the pattern of ``weighted``, its entries
    :func:`tally_values` (1, plus ``NAME_UNIT`` for a counted name).

    Two sparse products with the same pattern (the pairs sharing at least one feature):
    the shared weight, and ``NAME_UNIT`` × shared names + shared count — integers below
    2**53, so both read back exactly.
    """
    weight = (weighted @ present.T).tocsr()
    counts = (tally @ present.T).tocsr()
    if weight.nnz != counts.nnz or not np.array_equal(weight.indices, counts.indices):
        weight.sort_indices()
        counts.sort_indices()
    q = np.repeat(np.arange(weight.shape[0]), np.diff(weight.indptr))
    both = counts.data
    names = np.floor(both / NAME_UNIT)
    return Shared(q, weight.indices.astype(np.int64), weight.data, both - names * NAME_UNIT,
                  names)


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
