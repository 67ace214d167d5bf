"""Group documents into stories, with each story's origin and derivation tree.

A story is a connected group of the link graph: reuse pairs and ``same-story``
pairs. One long roundup article that draws on two unrelated stories would chain
them into one. So a document that is the only link between parts of the graph (an
articulation point), draws on each part (it is the derived side of at least one of
its links into the part, or reports the part's event: a ``same-story`` link), and
shares with two of the parts names that have nothing in common (the names in the
stretches it reuses, or the names of its ``same-story`` links: different events —
unlike a wire story whose reprints reuse paragraphs naming the same people and
places) is treated as a roundup: it joins the part it draws on most, is listed as a
roundup of the others, and does not merge them. A long article that names the
people of two unrelated events is such a roundup too, reuse or not.

Shared text is strong evidence and a reuse link always joins its two articles; a
``same-story`` link (shared names, no shared text) is weaker, and in a corpus of many
subjects such links would chain one story into the next through articles that each
share a few names with the one before. So stories are first built from reuse links
alone, then merged through ``same-story`` links by average linkage: two groups join
when at least half of all the pairs between them (``SAME_STORY_LINKAGE``) are
``same-story`` links. Two independent reports of one event join; an article that
shares names with one member of a ten-article story does not pull in its own
neighbours.

Each story then gets a ``lineage`` — for every document its closest source (the
source of highest similarity among the pairs where it is the derived side) — and
an ``origin``: the root of that derivation tree, when exactly one document has
descendants in it and no source of its own.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from wiretrace.forensics import ReusePair, SameStoryLink
from wiretrace.lexicon.stopwords import STOPWORDS
from wiretrace.stories.settings import StorySettings

Link = ReusePair | SameStoryLink
"""An edge of the story graph: a reuse pair or a same-story link."""


@dataclass(frozen=True, slots=True)
class LineageRow:
    document: str
    source: str | None
    """The document's closest source (``None`` for the origin and the undecided)."""
    relation: str | None
    similarity: float | None


@dataclass(frozen=True, slots=True)
class Story:
    """Documents connected by reuse (and joined through same-story links)."""

    id: str
    documents: tuple[str, ...]
    origin: str | None
    lineage: tuple[LineageRow, ...]
    roundups: tuple[str, ...] = ()
    """Documents that draw on this story but were attached to another."""


def _articulation_parts(adj: dict[str, set[str]]) -> dict[str, list[list[str]]]:
    """For every node whose removal disconnects its component (an articulation point),
    its neighbours grouped by the component of the graph without it that holds them.

    One iterative depth-first search (Tarjan): a child ``c`` of ``v`` whose subtree has no
    edge back above ``v`` (``low[c] >= disc[v]``) is cut off by removing ``v``; the
    neighbours of ``v`` in that subtree (discovery times inside the subtree's) form one
    part, and the rest of ``v``'s neighbours, reached through its parent, another.
    """
    disc: dict[str, int] = {}
    low: dict[str, int] = {}
    finish: dict[str, int] = {}
    children: dict[str, list[str]] = {}
    parent_of: dict[str, str | None] = {}
    counter = 0
    for root in adj:
        if root in disc:
            continue
        disc[root] = low[root] = counter
        counter += 1
        parent_of[root] = None
        children[root] = []
        stack = [(root, iter(sorted(adj[root])))]
        while stack:
            node, it = stack[-1]
            child = next(it, None)
            if child is None:
                stack.pop()
                finish[node] = counter - 1
                up = parent_of[node]
                if up is not None:
                    low[up] = min(low[up], low[node])
                continue
            if child == parent_of[node]:
                continue
            if child in disc:
                low[node] = min(low[node], disc[child])
            else:
                disc[child] = low[child] = counter
                counter += 1
                parent_of[child] = node
                children[child] = []
                children[node].append(child)
                stack.append((child, iter(sorted(adj[child]))))
    out: dict[str, list[list[str]]] = {}
    for v, kids in children.items():
        is_root = parent_of[v] is None
        cut = [c for c in kids if low[c] >= disc[v]]
        if (is_root and len(kids) < 2) or (not is_root and not cut):
            continue
        parts: list[list[str]] = [[] for _ in cut]
        rest: list[str] = []
        starts = [disc[c] for c in cut]  # the children in discovery order
        for n in adj[v]:
            k = bisect_right(starts, disc[n]) - 1
            if k >= 0 and disc[n] <= finish[cut[k]]:
                parts[k].append(n)
            else:
                rest.append(n)
        out[v] = parts + ([rest] if rest else [])
    return out


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


def _share(pair: Link, doc: str) -> float:
    """Share of ``doc``'s text the pair reuses (0 for a same-story link)."""
    return pair.coverage_of(doc)


NamesIn = Callable[[str, list[tuple[int, int]]], set[str]]


def _shared_name_words(pair: Link) -> set[str]:
    """The words of the names a ``same-story`` pair's two articles share."""
    names = pair.shared_names if isinstance(pair, SameStoryLink) else ()
    return {w for n in names for w in str(n).split() if w not in STOPWORDS}


def _draws_on(v: str, pair: Link) -> bool:
    return pair.relation == "same-story" or pair.derived() == v


def _unrelated(v: str, parts: list[list[str]], links: list[list[Link]],
               names_in: NamesIn, min_shared: int) -> bool:
    """Whether two parts draw on stretches of ``v`` (or share names with it) that name no
    one in common."""
    part_names = []
    for part_links in links:
        names = names_in(v, [s for p in part_links for s in p.spans_in(v)])
        for p in part_links:
            if p.relation == "same-story":
                names |= _shared_name_words(p)
        part_names.append(names)
    return any(
        len(part_names[i] & part_names[j]) < min_shared
        for i in range(len(parts))
        for j in range(i + 1, len(parts))
    )


def group_stories(
    doc_ids: Sequence[str],
    pairs: Iterable[Link],
    names_in: NamesIn | None = None,
    settings: StorySettings | None = None,
) -> list[Story]:
    """Stories of two or more linked documents, largest first, with origin and lineage.

    ``names_in(doc, spans)`` gives the proper names a document mentions inside the
    given character spans: it tells a roundup, whose parts draw on stretches of it
    about different events, from a wire story whose reprints reuse stretches naming
    the same people and places. Without it no document is treated as a roundup.
    """
    s = settings or StorySettings()
    pairs = list(pairs)
    adj: dict[str, set[str]] = {d: set() for d in doc_ids}
    by_edge: dict[frozenset[str], Link] = {}
    for p in pairs:
        adj[p.a].add(p.b)
        adj[p.b].add(p.a)
        by_edge[frozenset((p.a, p.b))] = p

    roundups: dict[str, list[list[str]]] = {}
    for v, parts in _articulation_parts(adj).items():
        links = [[by_edge[frozenset((v, n))] for n in part] for part in parts]
        draws_on_each = all(any(_draws_on(v, p) for p in part) for part in links)
        if (
            names_in is not None and len(parts) > 1
            and draws_on_each and _unrelated(v, parts, links, names_in,
                                             s.roundup_min_shared_names)
        ):
            roundups[v] = parts

    skip = set(roundups)
    reuse_adj = {d: {n for n in adj[d] if by_edge[frozenset((d, n))].relation != "same-story"}
                 for d in adj}
    comps = _merge_by_linkage(
        _components(doc_ids, reuse_adj, skip),
        [p for p in pairs if p.relation == "same-story" and not {p.a, p.b} & skip],
        s.same_story_linkage,
    )
    home: dict[str, int] = {}
    for k, comp in enumerate(comps):
        for d in comp:
            home[d] = k
    attached: dict[int, list[str]] = defaultdict(list)
    mentioned: dict[int, list[str]] = defaultdict(list)
    for v in roundups:
        linked: dict[int, tuple[float, int]] = defaultdict(lambda: (0.0, 0))
        for n in adj[v]:
            if n in home:
                p = by_edge[frozenset((v, n))]
                linked[home[n]] = max(linked[home[n]], (_share(p, v), len(_shared_name_words(p))))
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
    story_of = {d: k for k, (members, _also) in enumerate(groups) for d in members}
    pairs_of: list[list[Link]] = [[] for _ in groups]
    for p in pairs:
        k = story_of.get(p.a)
        if k is not None and story_of.get(p.b) == k:
            pairs_of[k].append(p)
    stories = []
    for n, (members, also) in enumerate(groups, start=1):
        origin, lineage = _lineage(members, pairs_of[n - 1])
        stories.append(Story(f"story-{n}", tuple(members), origin, lineage, tuple(also)))
    return stories


def _merge_by_linkage(
    groups: list[set[str]], links: Sequence[Link], threshold: float
) -> list[set[str]]:
    """Average-linkage merging of ``groups`` through ``links``: the two groups with the
    highest share of linked pairs (links between them / product of their sizes) join,
    while that share is at least ``threshold``. Groups keep their order (a merged group
    takes the place of the earlier one)."""
    groups = [set(g) for g in groups]
    home = {d: k for k, g in enumerate(groups) for d in g}
    between: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for p in links:
        i, j = home[p.a], home[p.b]
        if i != j:
            between[i][j] += 1
            between[j][i] += 1
    version = [0] * len(groups)
    alive = [True] * len(groups)

    def entry(i: int, j: int) -> tuple[float, int, int, int, int]:
        i, j = min(i, j), max(i, j)
        share = between[i][j] / (len(groups[i]) * len(groups[j]))
        return -share, i, j, version[i], version[j]

    heap = [entry(i, j) for i in between for j in between[i] if i < j]
    heapq.heapify(heap)
    while heap:
        neg, i, j, vi, vj = heapq.heappop(heap)
        if -neg < threshold:
            break
        if not (alive[i] and alive[j]) or (vi, vj) != (version[i], version[j]):
            continue
        groups[i] |= groups[j]
        alive[j] = False
        version[i] += 1
        for k, n in between.pop(j).items():
            del between[k][j]
            if k != i:
                between[i][k] += n
                between[k][i] += n
        between[i].pop(i, None)
        for k in between[i]:
            heapq.heappush(heap, entry(i, k))
    return [g for k, g in enumerate(groups) if alive[k]]


def _lineage(
    members: list[str], pairs: list[Link]
) -> tuple[str | None, tuple[LineageRow, ...]]:
    closest: dict[str, Link] = {}
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
        lineage.append(LineageRow(d, p.source if p else None, p.relation if p else None,
                                  p.similarity if p else None))
    return origin, tuple(lineage)
