"""Group seeds (matching sentence pairs) into passages.

Seeds of one reused passage lie close together in both documents, though not
always in the same order (an editor may reorder sentences, a summary may merge
them). Seeds are split wherever the gap between neighbours exceeds ``gap`` in
one document, then in the other, until no group splits any more — the
iterative clustering of Sánchez-Pérez et al. (PAN 2014).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def _split(items: list[tuple[int, int, T]], dim: int, gap: int) -> list[list[tuple[int, int, T]]]:
    items = sorted(items, key=lambda x: (x[dim], x[1 - dim]))
    groups: list[list[tuple[int, int, T]]] = [[items[0]]]
    for it in items[1:]:
        if it[dim] - groups[-1][-1][dim] > gap:
            groups.append([it])
        else:
            groups[-1].append(it)
    return groups


def cluster_seeds(
    seeds: Sequence[tuple[int, int, T]], gap_a: int, gap_b: int
) -> list[list[tuple[int, int, T]]]:
    """Clusters of ``(i, j, payload)`` seeds; ``i`` indexes document a, ``j`` document b."""
    if not seeds:
        return []
    pending = [list(seeds)]
    final: list[list[tuple[int, int, T]]] = []
    dim = 0
    stable_rounds = 0
    while pending:
        nxt: list[list[tuple[int, int, T]]] = []
        changed = False
        for group in pending:
            parts = _split(group, dim, gap_a if dim == 0 else gap_b)
            if len(parts) > 1:
                changed = True
            nxt.extend(parts)
        stable_rounds = 0 if changed else stable_rounds + 1
        if stable_rounds >= 2:
            final.extend(nxt)
            break
        pending = nxt
        dim = 1 - dim
    return final
