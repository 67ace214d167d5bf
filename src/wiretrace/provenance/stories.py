"""Group documents into stories: the connected components of the reuse graph."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from wiretrace.records import PairResult, Story


def _find(parent: dict[str, str], x: str) -> str:
    root = x
    while parent[root] != root:
        root = parent[root]
    while parent[x] != root:
        parent[x], x = root, parent[x]
    return root


def group_stories(doc_ids: Sequence[str], pairs: Iterable[PairResult]) -> list[Story]:
    """Stories of two or more documents linked by reuse, largest first.

    Documents that reuse nothing and are reused by nobody form no story.
    """
    parent = {d: d for d in doc_ids}
    for p in pairs:
        ra, rb = _find(parent, p.a), _find(parent, p.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    order = {d: i for i, d in enumerate(doc_ids)}
    for d in doc_ids:
        groups.setdefault(_find(parent, d), []).append(d)
    members = [sorted(g, key=order.__getitem__) for g in groups.values() if len(g) > 1]
    members.sort(key=lambda g: (-len(g), order[g[0]]))
    return [Story(id=f"story-{k + 1}", documents=g) for k, g in enumerate(members)]
