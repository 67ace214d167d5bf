"""Stories stage: which documents form a story, its origin and its derivation tree."""

from __future__ import annotations

from collections.abc import Sequence

from wiretrace.normalize.packed import Prepared, unpacked
from wiretrace.normalize.prepare import PreparedDoc
from wiretrace.stories.grouping import LineageRow, Link, Story, group_stories
from wiretrace.stories.settings import StorySettings

__all__ = ["LineageRow", "Link", "Story", "StorySettings", "group_stories", "stories_of"]


def proper_names(doc: PreparedDoc, spans: list[tuple[int, int]]) -> set[str]:
    """Capitalised content words inside ``spans`` that do not open a sentence."""
    openers = {first for first, _ in doc.sentences}
    names = set()
    for start, end in spans:
        for t in range(doc.token_at(start), doc.token_at(end)):
            if (
                doc.content[t] and t not in openers and doc.text[doc.starts[t]].isupper()
                and not doc.keys[t][:1].isdigit()
            ):
                names.add(doc.keys[t])
    return names


def stories_of(
    prepared: Sequence[Prepared], links: Sequence[Link], settings: StorySettings | None = None
) -> list[Story]:
    """Stories, telling roundups apart by the names in the stretches they reuse (read
    from the few documents that may be roundups, unpacked then)."""
    by_id = {p.id: p for p in prepared}
    return group_stories(
        [p.id for p in prepared], links,
        lambda d, spans: proper_names(unpacked(by_id[d]), spans), settings,
    )
