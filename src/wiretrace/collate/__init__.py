"""Collate stage: for every story of three or more versions that share text, a multiple
alignment of its versions — segments with each version's text, what every version
added, cut and changed, and the common core (:mod:`.story` tells the steps).

Built from the pairwise alignments the earlier stages found; one task per story goes
through the mapper, carrying the story's documents (packed) and pairs, so the same code
runs in-process, in a pool or on Spark.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from wiretrace.collate.model import (
    FACTS,
    SEGMENT_KINDS,
    Change,
    Collation,
    DigestLine,
    NotCollated,
    Segment,
    SegmentText,
    VersionCollation,
)
from wiretrace.collate.settings import CollateSettings
from wiretrace.collate.story import collate_story
from wiretrace.engine import Mapper
from wiretrace.forensics import ReusePair
from wiretrace.forensics.settings import QuoteSettings
from wiretrace.normalize.packed import Prepared, unpacked
from wiretrace.stories import Link, Story

__all__ = ["FACTS", "SEGMENT_KINDS", "Change", "CollateSettings", "Collation", "DigestLine",
           "NotCollated", "Segment", "SegmentText", "VersionCollation", "collate_stories",
           "collate_story"]


@dataclass(frozen=True, slots=True)
class _Settings:
    collate: CollateSettings
    quotes: QuoteSettings


def _collate_task(
    task: tuple[Story, tuple[Prepared, ...], tuple[ReusePair, ...]], shared: _Settings
) -> Collation | NotCollated:
    story, docs, pairs = task
    return collate_story(story, [unpacked(d) for d in docs], pairs, shared.collate,
                         shared.quotes)


def collate_stories(
    prepared: Sequence[Prepared],
    stories: Sequence[Story],
    links: Iterable[Link],
    settings: CollateSettings | None = None,
    quotes: QuoteSettings | None = None,
    mapper: Mapper | None = None,
) -> tuple[Collation | NotCollated, ...]:
    """A collation (or why there is none) for every story of ``min_versions`` or more
    documents, in the order of ``stories``."""
    s = settings or CollateSettings()
    if not s.enabled:
        return ()
    by_id = {p.id: p for p in prepared}
    story_of = {d: st.id for st in stories for d in st.documents}
    pairs_of: dict[str, list[ReusePair]] = {st.id: [] for st in stories}
    for p in links:
        if isinstance(p, ReusePair) and story_of.get(p.a) == story_of.get(p.b) is not None:
            pairs_of[story_of[p.a]].append(p)
    tasks = [
        (st, tuple(by_id[d] for d in st.documents if d in by_id), tuple(pairs_of[st.id]))
        for st in stories if len(st.documents) >= s.min_versions
    ]
    if not tasks:
        return ()
    run: Callable[..., Iterable[Collation | NotCollated]]
    run = mapper or (lambda fn, items, shared: (fn(t, shared) for t in items))
    return tuple(run(_collate_task, tasks, _Settings(s, quotes or QuoteSettings())))
