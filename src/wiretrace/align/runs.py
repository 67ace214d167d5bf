"""Exact layer: maximal runs of identical tokens shared by two documents."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from wiretrace.normalize.prepare import PreparedDoc


@dataclass(frozen=True, slots=True)
class Run:
    """Tokens ``a[i:i+length]`` equal tokens ``b[j:j+length]`` (by folded key)."""

    i: int
    j: int
    length: int


def _ngrams(doc: PreparedDoc, n: int) -> list[tuple[str, ...] | None]:
    keys, boiler = doc.keys, doc.boiler
    out: list[tuple[str, ...] | None] = []
    for i in range(len(keys) - n + 1):
        if any(boiler[i : i + n]):
            out.append(None)
        else:
            out.append(tuple(keys[i : i + n]))
    return out


def exact_runs(a: PreparedDoc, b: PreparedDoc, n: int = 3, max_occurrences: int = 40) -> list[Run]:
    """All maximal runs of at least ``n`` identical tokens, boilerplate excluded."""
    grams_a = _ngrams(a, n)
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, g in enumerate(grams_a):
        if g is not None:
            index[g].append(i)
    active: dict[int, list[int]] = {}  # diagonal i-j -> [start_i, start_j, last_i]
    runs: list[Run] = []
    for j, g in enumerate(_ngrams(b, n)):
        hits = index.get(g) if g is not None else None
        if not hits or len(hits) > max_occurrences:
            continue
        for i in hits:
            d = i - j
            run = active.get(d)
            if run is not None and run[2] == i - 1:
                run[2] = i
            else:
                if run is not None:
                    runs.append(Run(run[0], run[1], run[2] - run[0] + n))
                active[d] = [i, j, i]
    for run in active.values():
        runs.append(Run(run[0], run[1], run[2] - run[0] + n))
    runs.sort(key=lambda r: (r.i, r.j))
    return runs
