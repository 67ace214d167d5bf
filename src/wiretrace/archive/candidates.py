"""The candidate stage of a check: the combined corpus's counts, and the scan's
candidate rule (:mod:`wiretrace.candidates.scoring`) over the archive's postings.

:class:`CorpusView` holds the combined corpus (the archive without the re-checked ids,
plus the checked articles) as deltas on the archive's stored counts — repeated short
lines and feature document frequencies — read from the database only as needed.
:func:`score_against_archive` finds the candidate partners of the checked articles;
see :mod:`wiretrace.archive.check` for why it equals a scan over the combined corpus.
"""

from __future__ import annotations

import math
import threading
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from wiretrace.archive.store import Archive
from wiretrace.candidates import CandidateSettings
from wiretrace.candidates.scoring import (
    df_limit,
    idf,
    passing,
    shared_features,
    tally_values,
    usable,
)

# A partner of a checked article: ("a", internal number) or ("b", index among the checked).
Partner = tuple[str, int]

# The kinds of partner while scoring: an archived article as archived, an archived
# article re-prepared (its repeated lines flip), and one of the checked articles.
ARCHIVED, REPREPARED, CHECKED = 0, 1, 2


@dataclass(slots=True)
class CorpusView:
    """The combined corpus (archive − re-checked ids + checked articles), as deltas."""

    archive: Archive
    line_delta: Counter[int] = field(default_factory=Counter)
    line_counts: dict[int, int] = field(default_factory=dict)
    df_delta: Counter[int] = field(default_factory=Counter)
    df: dict[int, int] = field(default_factory=dict)

    def _line_count(self, key: int) -> int:
        return self.line_counts.get(key, 0)

    def fetch_lines(self, keys: Iterable[int]) -> None:
        _fetch(self.line_counts, keys, self.archive.line_counts)

    def archived_repeated(self, key: int) -> bool:
        """Whether the short line is repeated-line boilerplate in the archive alone …"""
        return self.archive.is_repeated(self._line_count(key))

    def repeated(self, key: int) -> bool:
        """… and in the combined corpus (the archive's rule: :meth:`Archive.is_repeated`)."""
        return self.archive.is_repeated(self._line_count(key) + self.line_delta.get(key, 0))

    def repeated_in(self, keys: dict[int, str]) -> frozenset[str]:
        self.fetch_lines(list(keys))
        return frozenset(s for k, s in keys.items() if self.repeated(k))

    def fetch_df(self, features: Iterable[int]) -> None:
        _fetch(self.df, features, self.archive.feature_df)

    def df_of(self, feature: int) -> int:
        return self.df[feature] + self.df_delta.get(feature, 0)


def _fetch(known: dict[int, int], keys: Iterable[int],
           read: Callable[[list[int]], dict[int, int]]) -> None:
    """Read the counts of the ``keys`` not yet ``known`` from the archive (0 when absent)."""
    missing = [k for k in keys if k not in known]
    found = read(missing)
    for k in missing:
        known[k] = found.get(k, 0)


class TopDfBound:
    """A lower bound on the total weight of any archived article with ``n`` features:
    its features are distinct, so the sum of their log-dfs is at most that of the ``n``
    largest dfs in the archive (each raised by ``slack``, the most the checked and
    re-prepared articles can add to a df, and capped at the corpus size)."""

    def __init__(self, histogram: list[tuple[int, int]], slack: int, n_docs: int) -> None:
        self.log_n1 = math.log(n_docs + 1)
        self.counts: list[int] = []
        self.logs: list[float] = []
        self.cum_counts: list[int] = [0]
        self.cum_logs: list[float] = [0.0]
        for df, count in histogram:  # largest df first
            log_df = math.log(min(df + slack, n_docs))
            self.counts.append(count)
            self.logs.append(log_df)
            self.cum_counts.append(self.cum_counts[-1] + count)
            self.cum_logs.append(self.cum_logs[-1] + count * log_df)

    def __call__(self, n: int) -> float:
        k = bisect_right(self.cum_counts, n) - 1  # buckets 0..k-1 fully inside the top n
        top = self.cum_logs[k]
        if k < len(self.counts):
            top += (n - self.cum_counts[k]) * self.logs[k]
        return n * self.log_n1 - top


def score_against_archive(
    archive: Archive,
    view: CorpusView,
    cand: CandidateSettings,
    n_total: int,
    new_feats: list[set[int]],
    new_names: list[set[int]],
    ref_feats: dict[int, set[int]],
    skip: set[int],
    memo: WeightMemo | None = None,
) -> tuple[list[tuple[Partner, int]], int]:
    """The candidate pairs of the checked articles, ``((kind, partner), checked index)``
    with kind ``"a"`` (an archived article, by number) or ``"b"`` (an earlier checked
    article), and how many archived articles needed their exact total weight (``memo``:
    what earlier checks of this caller read of the same archive; see :class:`WeightMemo`)."""
    nb = len(new_feats)
    limit = df_limit(cand, n_total)

    def weight_of(features: Iterable[int]) -> float:
        dfs = np.fromiter((view.df_of(f) for f in features), dtype=np.float64)
        return float(idf(n_total, dfs).sum()) if len(dfs) else 0.0

    totals_new = np.array([weight_of(sorted(f)) for f in new_feats])
    every = sorted(set().union(*new_feats)) if nb else []
    every_df = np.array([view.df_of(f) for f in every], dtype=np.float64)
    columns = [f for f, ok in zip(every, usable(every_df, limit).tolist(), strict=True) if ok]
    col = {f: k for k, f in enumerate(columns)}
    col_weight = idf(n_total, np.array([view.df_of(f) for f in columns], dtype=np.float64))
    rows, cols, vals, names = [], [], [], []
    for i, feats in enumerate(new_feats):
        for f in sorted(feats):
            k = col.get(f)
            if k is not None:
                rows.append(i)
                cols.append(k)
                vals.append(col_weight[k])
                names.append(1.0 if f in new_names[i] and view.df_of(f) <= cand.name_max_df
                             else 0.0)
    shape = (nb, len(columns))
    weighted = sparse.csr_matrix((vals, (rows, cols)), shape=shape)
    tally = sparse.csr_matrix((tally_values(np.array(names, dtype=bool)), (rows, cols)),
                              shape=shape)

    # Partners (``kind``: ARCHIVED, REPREPARED or CHECKED, and ``x``: its number or index):
    # archived articles holding a column (by their postings), re-prepared archived
    # articles (by their new features), and the checked articles themselves.
    sums, counts, posts = (memo.table(archive.state()) if memo is not None and not skip
                           else (None, {}, None))
    looked_up = [f for f in columns if view.df[f] > 0]
    held_f, held_doc = (memo.postings(archive, looked_up, posts)
                        if memo is not None and posts is not None
                        else archive.postings_of(looked_up))
    if skip:
        kept = ~np.isin(held_doc, np.fromiter(skip, dtype=np.int64, count=len(skip)))
        held_f, held_doc = held_f[kept], held_doc[kept]
    archived, p_rows = np.unique(held_doc, return_inverse=True)
    p_cols = np.searchsorted(np.array(columns, dtype=np.int64), held_f)
    others = [(REPREPARED, num, sorted(ref_feats[num])) for num in sorted(ref_feats)]
    others += [(CHECKED, j, sorted(feats)) for j, feats in enumerate(new_feats)]
    more_rows, more_cols = [], []
    for slot, (_kind, _x, feats) in enumerate(others, start=len(archived)):
        held = [col[f] for f in feats if f in col]
        more_rows += [slot] * len(held)
        more_cols += held
    p_kind = np.concatenate([np.full(len(archived), ARCHIVED),
                             np.array([k for k, _x, _f in others], dtype=np.int64)])
    p_x = np.concatenate([archived, np.array([x for _k, x, _f in others], dtype=np.int64)])
    present = sparse.csr_matrix(
        (np.ones(len(p_rows) + len(more_rows)),
         (np.concatenate([p_rows, np.array(more_rows, dtype=np.int64)]),
          np.concatenate([p_cols, np.array(more_cols, dtype=np.int64)]))),
        shape=(len(p_kind), len(columns)))
    shared = shared_features(weighted, tally, present)
    kind, x = p_kind[shared.p], p_x[shared.p]
    # A checked pair is scored once, from the later article.
    keep = (kind != CHECKED) | (x < shared.q)
    q, w, c, nm = shared.q[keep], shared.weight[keep], shared.count[keep], shared.names[keep]
    kind, x = kind[keep], x[keep]
    tq = totals_new[q]

    # Partner totals. An archived article's total only matters when the pair passes on
    # neither names nor the checked article's own total: then a lower bound from the df
    # histogram rejects most, and the rest get their exact total from their postings.
    tp = np.full(len(q), np.inf)
    tp[kind == CHECKED] = totals_new[x[kind == CHECKED]]
    for k in np.flatnonzero(kind == REPREPARED).tolist():
        tp[k] = weight_of(sorted(ref_feats[int(x[k])]))
    matters = ((kind == ARCHIVED) & (nm < cand.min_shared_names) & (c >= cand.min_shared)
               & (w < cand.min_score * tq))
    undecided = np.unique(x[matters]).tolist()
    lower = TopDfBound(archive.df_histogram(), slack=nb + len(ref_feats), n_docs=n_total)
    n_features = {num: counts[num] for num in undecided if num in counts}
    n_features.update(archive.feature_counts([u for u in undecided if u not in counts]))
    if sums is not None:
        counts.update(n_features)
    bound = {num: cand.min_score * lower(n_features[num]) for num in undecided}
    exact_needed = {int(x[k]) for k in np.flatnonzero(matters).tolist()
                    if w[k] >= bound[int(x[k])]}
    remembered: dict[int, float] = {}
    if sums is not None:
        hits = {num for num in exact_needed if num in sums}
        high = [f for f in every if view.df[f] > 0 and f not in col]  # held, not columns
        remembered = remembered_totals(sums, hits, (held_f, held_doc),
                                       archive.postings_among(high, hits), view, n_total)
    exact_needed -= set(remembered)
    rows = archive.posting_dfs(exact_needed)
    exact = exact_totals(rows, view.df_delta, n_total)
    if sums is not None:
        remember_sums(sums, rows)
    near: dict[int, list[int]] = {}  # a remembered total too close to the pass mark to trust
    for k in np.flatnonzero(matters).tolist():
        num = int(x[k])
        total = exact.get(num, remembered.get(num))
        if total is None:
            continue
        if num in remembered and abs(w[k] - cand.min_score * total) <= TIE * max(1.0, w[k]):
            near.setdefault(num, []).append(k)
        tp[k] = total
    if near:
        closer = exact_totals(archive.posting_dfs(near), view.df_delta, n_total)
        for num, ks in near.items():
            tp[ks] = closer[num]
    ok = passing(w, c, nm, np.minimum(tp, tq), cand)
    out: list[tuple[Partner, int]] = []
    for k in np.flatnonzero(ok).tolist():
        out.append((("b" if kind[k] == CHECKED else "a", int(x[k])), int(q[k])))
    return out, len(exact) + len(remembered)


TIE = 1e-9
"""A total weight remembered by :class:`WeightMemo` (summed in another order than a scan
sums it) decides a pair only when the pair's shared weight is further than this share
from the pass mark; nearer, the total is summed again as a scan sums it."""


Sums = dict[int, tuple[int, float]]
"""Archived article → (number of features, sum of their log document frequencies)."""
Postings = dict[int, np.ndarray]


@dataclass(slots=True)
class WeightMemo:
    """Each archived article's number of features and sum of log document frequencies,
    and the postings of the features checked articles looked up, kept between the checks
    of one caller (the service, an open :class:`Archive`) while the archive is unchanged
    (:meth:`Archive.state`), so that a partner's exact total weight and a feature's
    postings are read once, not once per check.

    A total is then ``n · log(N + 1) − Σ log df − Σ`` (the change the checked articles
    make to the dfs of the features they share with it), which equals the scan's sum up
    to rounding; where rounding could matter (:data:`TIE`) it is summed again. Checks
    that re-prepare archived articles or re-check archived ids do not use it. Checks in
    several threads may share one: each reads the table of the state it saw."""

    limit: int = 2_000_000
    """Entries (articles, features and postings) kept before starting afresh."""
    state: tuple[int, ...] | None = None
    sums: Sums = field(default_factory=dict)
    counts: dict[int, int] = field(default_factory=dict)
    """Archived article → its number of features (for the lower bound)."""
    posts: Postings = field(default_factory=dict)
    """Feature → the archived articles holding it (a checked article's features recur:
    after 100 checks of the bench's stream, 85% of the postings a check reads)."""
    posted: int = 0
    """Posting rows in :attr:`posts` (counted as they are added, not summed per check)."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def table(self, state: tuple[int, ...]) -> tuple[Sums, dict[int, int], Postings]:
        """The sums, feature counts and postings known for the archive in ``state``
        (new, empty tables when it changed since)."""
        with self.lock:
            held = len(self.sums) + len(self.counts) + self.posted
            if state != self.state or held > self.limit:
                self.state, self.sums, self.counts, self.posts = state, {}, {}, {}
                self.posted = 0
            return self.sums, self.counts, self.posts

    def postings(self, archive: Archive, features: list[int], posts: Postings
                 ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`Archive.postings_of` (``features`` sorted), reading only the features
        ``posts`` (a :meth:`table` of this memo) lacks and adding them to it."""
        got_f, got_doc = archive.postings_of([f for f in features if f not in posts])
        if len(got_f):
            for a, b in _runs(got_f):
                posts[int(got_f[a])] = got_doc[a:b]
            with self.lock:
                if posts is self.posts:
                    self.posted += len(got_f)
        held = [f for f in features if f in posts]
        if not held:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        parts = [posts[f] for f in held]
        return (np.repeat(np.array(held, dtype=np.int64), [len(p) for p in parts]),
                np.concatenate(parts))


def remember_sums(sums: Sums, postings: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    """Add the articles of ``postings`` (:meth:`Archive.posting_dfs` rows) to ``sums``."""
    docs, _features, dfs = postings
    if not len(docs):
        return
    logs = np.log(dfs.astype(np.float64))
    for a, b in _runs(docs):
        sums[int(docs[a])] = (b - a, float(logs[a:b].sum()))


def remembered_totals(
    sums: Sums, nums: set[int], held: tuple[np.ndarray, np.ndarray],
    also: tuple[np.ndarray, np.ndarray], view: CorpusView, n_total: int,
) -> dict[int, float]:
    """The total weights, in the combined corpus, of the articles ``nums`` whose sums are
    known; ``held`` and ``also`` are ``(feature, doc)`` postings covering every feature
    of the checked articles that these articles hold."""
    if not nums:
        return {}
    features = np.concatenate([held[0], also[0]])
    docs = np.concatenate([held[1], also[1]])
    mine = np.isin(docs, np.fromiter(nums, dtype=np.int64, count=len(nums)))
    change: dict[int, float] = {}
    for f, num in zip(features[mine].tolist(), docs[mine].tolist(), strict=True):
        moved = view.df_delta.get(f, 0)
        if moved:
            df = view.df[f]
            change[num] = change.get(num, 0.0) + math.log(df + moved) - math.log(df)
    log_n1 = math.log(n_total + 1)
    return {num: sums[num][0] * log_n1 - sums[num][1] - change.get(num, 0.0) for num in nums}


def exact_totals(
    postings: tuple[np.ndarray, np.ndarray, np.ndarray], delta: Counter[int], n_total: int
) -> dict[int, float]:
    """The total weight of each archived article in ``postings`` (``(doc, feature, df)``
    ordered by document then feature, as :meth:`Archive.posting_dfs` reads them) in the
    combined corpus: each feature's archived df moved by ``delta``, summed per article in
    feature order (as a scan sums it)."""
    docs, features, dfs = postings
    if not len(docs):
        return {}
    moved = np.array(sorted(k for k, v in delta.items() if v), dtype=np.int64)
    if len(moved):
        by = np.array([delta[k] for k in moved.tolist()], dtype=np.int64)
        at = np.minimum(np.searchsorted(moved, features), len(moved) - 1)
        hit = moved[at] == features
        dfs = dfs.copy()
        dfs[hit] += by[at[hit]]
    weights = idf(n_total, dfs.astype(np.float64))
    return {int(docs[a]): float(weights[a:b].sum()) for a, b in _runs(docs)}


def _runs(docs: np.ndarray) -> list[tuple[int, int]]:
    """``(start, end)`` of each run of one article in ``docs`` (ordered by article)."""
    starts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
    ends = np.r_[starts[1:], len(docs)]
    return list(zip(starts.tolist(), ends.tolist(), strict=True))
