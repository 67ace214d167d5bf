"""One order for the segments of every version, with reordered material marked.

Progressive, as multiple-sequence aligners build a profile: the pivot's segments in its
order first; then each further version in turn. Of the segments it shares with the order
so far, the longest run that keeps their order (a longest increasing subsequence) are its
anchors; the rest it carries out of order (``moved``). Its own new segments go in right
after the anchor that precedes them in that version, keeping the version's order.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence


def longest_increasing(values: Sequence[int]) -> list[int]:
    """Indices of one longest strictly increasing subsequence of ``values``."""
    tails: list[int] = []  # value at the end of the best run of each length
    tail_at: list[int] = []  # index of that value
    before = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_at.append(i)
        else:
            tails[k] = v
            tail_at[k] = i
        before[i] = tail_at[k - 1] if k else -1
    out = []
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        out.append(i)
        i = before[i]
    return out[::-1]


def collation_order(sequences: Sequence[Sequence[int]]) -> tuple[list[int], list[list[int]]]:
    """The order of all segments, given each version's segments in its own order (the
    pivot's first), and for each version the segments it carries out of that order."""
    order: list[int] = []
    moved: list[list[int]] = []
    for seq in sequences:
        pos = {s: k for k, s in enumerate(order)}
        anchors = [s for s in dict.fromkeys(seq) if s in pos]
        kept = {anchors[i] for i in longest_increasing([pos[s] for s in anchors])}
        moved.append([s for s in anchors if s not in kept])
        after: dict[int, list[int]] = defaultdict(list)  # position in order → new segments
        last = -1
        for s in dict.fromkeys(seq):
            if s in kept:
                last = pos[s]
            elif s not in pos:
                after[last].append(s)
                pos[s] = -2  # placed; a repeat in the same version is not placed again
        merged = list(after.get(-1, ()))
        for k, s in enumerate(order):
            merged.append(s)
            merged.extend(after.get(k, ()))
        order = merged
    return order, moved
