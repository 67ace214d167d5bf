"""Group documents into stories, with each story's origin and derivation tree.

A story is a connected group of the link graph: reuse pairs and ``same-story``
pairs. One long roundup article that draws on two unrelated stories would chain
them into one. So a document that is the only link between parts of the graph (an
articulation point), is known to be derived from each part (the direction of at
least one of its links into every part), and reuses from two of the parts stretches of its text
that name no one in common (different events — unlike a wire story whose reprints
reuse paragraphs naming the same people and places) is treated as a roundup: it
joins the part it draws on most, is listed as a roundup of the others, and does
not merge them.

Each story then gets a ``lineage`` — for every document its closest source (the
source of highest similarity among the pairs where it is the derived side) — and
an ``origin``: the root of that derivation tree, when exactly one document has
descendants in it and no source of its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from wiretrace.records import PairResult, Story

MIN_SHARED_NAMES = 1
"""A document is a roundup when the stretches it takes from two parts share fewer names."""


def _articulation_points(adj: dict[str, set[str]]) -> set[str]:
    """Nodes whose removal disconnects their component (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    points: set[str] = set()
    counter = 0
    for root in adj:
        if root in index:
            continue
        index[root] = low[root] = counter
        counter += 1
        children = 0
        stack = [(root, None, iter(sorted(adj[root])))]
        while stack:
            node, parent, it = stack[-1]
            child = next(it, None)
            if child is None:
                stack.pop()
                if parent is not None:
                    low[parent] = min(low[parent], low[node])
                    if stack[-1][1] is not None and low[node] >= index[parent]:
                        points.add(parent)
                continue
            if child == parent:
                continue
            if child in index:
                low[node] = min(low[node], index[child])
            else:
                index[child] = low[child] = counter
                counter += 1
                if node == root:
                    children += 1
                stack.append((child, node, iter(sorted(adj[child]))))
        if children > 1:
            points.add(root)
    return points


def _components(nodes: Iterable[str], adj: dict[str, set[str]], skip: set[str]) -> list[set[str]]:
    seen: set[str] = set()
    out = []
    for start in nodes:
        if start in seen or start in skip:
            continue
        comp = {start}
        todo = [start]
        seen.add(start)
        while todo:
            n = todo.pop()
            for m in adj[n]:
                if m not in seen and m not in skip:
                    seen.add(m)
                    comp.add(m)
                    todo.append(m)
        out.append(comp)
    return out


def _share(pair: PairResult, doc: str) -> float:
    """Share of ``doc``'s text the pair reuses (0 for a same-story link)."""
    return pair.coverage_a if pair.a == doc else pair.coverage_b


NamesIn = Callable[[str, list[tuple[int, int]]], set[str]]


def _unrelated(v: str, parts: list[set[str]], links: list[list[PairResult]],
               names_in: NamesIn) -> bool:
    """Whether two parts draw on stretches of ``v`` that name no one in common."""
    part_names = []
    for part_links in links:
        part_names.append(names_in(v, [s for p in part_links for s in p.spans_in(v)]))
    return any(
        len(part_names[i] & part_names[j]) < MIN_SHARED_NAMES
        for i in range(len(parts))
        for j in range(i + 1, len(parts))
    )


def group_stories(
    doc_ids: Sequence[str],
    pairs: Iterable[PairResult],
    names_in: NamesIn | None = None,
) -> list[Story]:
    """Stories of two or more linked documents, largest first, with origin and lineage.

    ``names_in(doc, spans)`` gives the proper names a document mentions inside the
    given character spans: it tells a roundup, whose parts draw on stretches of it
    about different events, from a wire story whose reprints reuse stretches naming
    the same people and places. Without it no document is treated as a roundup.
    """
    pairs = list(pairs)
    adj: dict[str, set[str]] = {d: set() for d in doc_ids}
    by_edge: dict[frozenset[str], PairResult] = {}
    for p in pairs:
        adj[p.a].add(p.b)
        adj[p.b].add(p.a)
        by_edge[frozenset((p.a, p.b))] = p

    roundups: dict[str, list[set[str]]] = {}
    for v in _articulation_points(adj):
        parts = _components(adj[v], {n: adj[n] - {v} for n in adj} | {v: set()}, {v})
        links = [[by_edge[frozenset((v, n))] for n in adj[v] if n in part] for part in parts]
        derived_from_each = all(any(p.derived() == v for p in part) for part in links)
        if (
            names_in is not None and len(parts) > 1
            and derived_from_each and _unrelated(v, parts, links, names_in)
        ):
            roundups[v] = parts

    comps = _components(doc_ids, adj, set(roundups))
    home: dict[str, int] = {}
    for k, comp in enumerate(comps):
        for d in comp:
            home[d] = k
    attached: dict[int, list[str]] = defaultdict(list)
    mentioned: dict[int, list[str]] = defaultdict(list)
    for v in roundups:
        linked = defaultdict(float)
        for n in adj[v]:
            if n in home:
                linked[home[n]] = max(linked[home[n]], _share(by_edge[frozenset((v, n))], v))
        if not linked:
            continue
        best = max(linked, key=lambda k: (linked[k], -k))
        attached[best].append(v)
        for k in linked:
            if k != best:
                mentioned[k].append(v)

    order = {d: i for i, d in enumerate(doc_ids)}
    groups = []
    for k, comp in enumerate(comps):
        members = sorted(comp | set(attached[k]), key=order.__getitem__)
        if len(members) > 1:
            groups.append((members, sorted(mentioned[k], key=order.__getitem__)))
    groups.sort(key=lambda g: (-len(g[0]), order[g[0][0]]))
    stories = []
    for n, (members, also) in enumerate(groups, start=1):
        member_set = set(members)
        story_pairs = [p for p in pairs if p.a in member_set and p.b in member_set]
        origin, lineage = _lineage(members, story_pairs)
        extra: dict[str, object] = {"origin": origin, "lineage": lineage}
        if also:
            extra["roundups"] = also
        stories.append(Story(id=f"story-{n}", documents=members, extra=extra))
    return stories


def _lineage(
    members: list[str], pairs: list[PairResult]
) -> tuple[str | None, list[dict[str, object]]]:
    closest: dict[str, PairResult] = {}
    for p in pairs:
        if p.source is None:
            continue
        child = p.derived()
        assert child is not None
        if child not in closest or p.similarity > closest[child].similarity:
            closest[child] = p
    # The origin is the root of the derivation tree: it has descendants and no source.
    parents = {child: p.source for child, p in closest.items()}
    roots = [d for d in members if d in set(parents.values()) and d not in parents]
    origin = roots[0] if len(roots) == 1 else None
    lineage = []
    for d in members:
        p = closest.get(d)
        lineage.append({
            "document": d,
            "source": p.source if p else None,
            "relation": p.relation if p else None,
            "similarity": round(p.similarity, 4) if p else None,
        })
    return origin, lineage
