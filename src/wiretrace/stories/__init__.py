"""Stories stage: which documents form a story, its origin and its derivation tree."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from wiretrace.normalize.packed import Prepared, Tokens, tokens_of
from wiretrace.normalize.prepare import PreparedDoc
from wiretrace.stories.grouping import LineageRow, Link, Story, group_stories
from wiretrace.stories.settings import StorySettings

__all__ = ["LineageRow", "Link", "Story", "StorySettings", "group_stories", "stories_of"]


def proper_names(doc: Tokens | PreparedDoc, spans: list[tuple[int, int]]) -> set[str]:
    """Capitalised content words inside ``spans`` that do not open a sentence."""
    openers = {first for first, _ in doc.sentences}
    starts, keys, text = doc.starts, doc.keys, doc.text
    names = set()
    for start, end in spans:
        for t in range(bisect_left(starts, start), bisect_left(starts, end)):
            if (
                doc.content[t] and t not in openers and text[starts[t]].isupper()
                and not keys[t][:1].isdigit()
            ):
                names.add(keys[t])
    return names


def stories_of(
    prepared: Sequence[Prepared], links: Sequence[Link], settings: StorySettings | None = None
) -> list[Story]:
    """Stories, telling roundups apart by the names in the stretches they reuse (read
    from the few documents that may be roundups, their tokens unpacked then)."""
    by_id = {p.id: p for p in prepared}
    opened: dict[str, Tokens] = {}

    def names_in(doc_id: str, spans: list[tuple[int, int]]) -> set[str]:
        if doc_id not in opened:
            opened[doc_id] = tokens_of(by_id[doc_id])
        return proper_names(opened[doc_id], spans)

    return group_stories([p.id for p in prepared], links, names_in, settings)
