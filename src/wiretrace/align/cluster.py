"""Group evidence rectangles (exact blocks, matching sentence pairs) into passages.

Every piece of evidence is a rectangle: a token range in document a and one in
document b. Pieces of one reused passage lie close together in both documents,
though not always in the same order (an editor reorders sentences, a summary
merges them). Two rectangles are linked when

* they are *parallel*: the gaps between them in a and in b are both at most
  ``parallel_gap`` tokens and of similar size — text on both sides that the
  evidence missed (a heavily rewritten sentence), or
* one side *skips* a little: one gap is at most ``tight_gap`` tokens and the
  other at most ``skip_gap`` — a few words inserted or cut.

A paragraph dropped from one side only (a trimmed reprint) leaves a long gap on
that side alone, which splits the passage in two: the dropped text was not reused.
Pieces in opposite order in the two documents (reordered paragraphs) stay apart
unless they nearly touch on both sides.
Linked rectangles form passages (single-link clustering, union–find).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Gaps:
    parallel_gap: int = 40
    tight_gap: int = 4
    skip_gap: int = 15


class DisjointSets:
    """Union–find over the integers ``0..n-1`` (path halving): single-link clustering
    here, and wherever else items are joined into groups by pairs."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        """The representative of ``x``'s group."""
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, keep: int, other: int) -> None:
        """Join ``other``'s group into ``keep``'s."""
        rk, ro = self.find(keep), self.find(other)
        if rk != ro:
            self.parent[ro] = rk

    def same(self, x: int, y: int) -> bool:
        return self.find(x) == self.find(y)

    def groups(self) -> dict[int, list[int]]:
        """The members of every group (ascending), by representative, in the order of
        each group's first member."""
        out: dict[int, list[int]] = {}
        for x in range(len(self.parent)):
            out.setdefault(self.find(x), []).append(x)
        return out


def _gap(x0: int, x1: int, y0: int, y1: int) -> int:
    return max(0, y0 - x1, x0 - y1)


def linked(r: tuple[int, int, int, int], s: tuple[int, int, int, int], g: Gaps) -> bool:
    """Whether rectangles ``(a0, a1, b0, b1)`` belong to one passage."""
    ga = _gap(r[0], r[1], s[0], s[1])
    gb = _gap(r[2], r[3], s[2], s[3])
    lo, hi = min(ga, gb), max(ga, gb)
    # Pieces in opposite order in the two documents (reordered paragraphs) belong to one
    # passage only when they nearly touch on both sides (a shuffled sentence).
    inverted = (s[0] >= r[1] and s[3] <= r[2]) or (r[0] >= s[1] and r[3] <= s[2])
    if inverted:
        return hi <= g.tight_gap
    if lo <= g.tight_gap and hi <= g.skip_gap:
        return True
    return hi <= g.parallel_gap and hi - lo <= max(g.skip_gap, hi // 2)


def link_rectangles(
    rects: list[tuple[int, int, int, int]],
    gaps: Gaps,
    may_link: Callable[[int, int], bool] | None = None,
) -> list[list[int]]:
    """Indices of ``rects`` grouped into connected clusters, each sorted.

    ``may_link(k, m)``, when given, can veto a link between rectangles ``k`` and ``m``.
    """
    sets = DisjointSets(len(rects))

    order = sorted(range(len(rects)), key=lambda k: rects[k][0])
    reach = gaps.parallel_gap
    for pos, k in enumerate(order):
        r = rects[k]
        for m in order[pos + 1 :]:
            s = rects[m]
            if s[0] > r[1] + reach:
                break
            if linked(r, s, gaps) and (may_link is None or may_link(k, m)):
                sets.union(k, m)
    return list(sets.groups().values())
