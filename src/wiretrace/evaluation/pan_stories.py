"""Stories built from the PAN 2013 development data, to check the collation on text whose
reuse is known: a source document and every suspicious document that reuses it (of any
obfuscation) form one group; a group is kept when at least one of its pairs has passage
truth (the verbatim category). Scanned together, each truth passage must fall into
segments that the suspicious document and the source both carry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from wiretrace.api import scan
from wiretrace.collate import Collation
from wiretrace.evaluation.pan13 import NEGATIVE, Pan13
from wiretrace.forensics import ReusePair
from wiretrace.records import Document
from wiretrace.report.pan_xml import Case


@dataclass(frozen=True, slots=True)
class StoryGroup:
    source: str
    suspicious: tuple[str, ...]
    truth: tuple[Case, ...]
    """The passage truth of the group's verbatim pairs."""


def story_groups(pan: Pan13, min_suspicious: int = 2) -> list[StoryGroup]:
    """Every source reused by ``min_suspicious`` or more suspicious documents, with the
    truth of its pairs, in the order of the sources' first appearance."""
    reusers: dict[str, list[str]] = defaultdict(list)
    truth: dict[str, list[Case]] = defaultdict(list)
    for name, cat in pan.categories.items():
        if name == NEGATIVE:
            continue
        for susp, src in cat.pairs:
            if susp not in reusers[src]:
                reusers[src].append(susp)
            truth[src].extend(cat.truth.get((susp, src), ()))
    return [StoryGroup(src, tuple(susp), tuple(truth[src]))
            for src, susp in reusers.items() if len(susp) >= min_suspicious and truth[src]]


def group_documents(pan: Pan13, group: StoryGroup) -> list[Document]:
    """The group's texts as documents (ids: the PAN file names)."""
    return [Document(group.source, pan.src_text(group.source))] + [
        Document(s, pan.susp_text(s)) for s in group.suspicious]


def truth_in_shared_segments(collation: Collation, case: Case) -> float:
    """Share of a truth passage's characters (both sides counted) inside segments that
    its suspicious document and its source both carry."""
    shared_susp, shared_src = [], []
    for g in collation.segments:
        ids = g.ids
        if case.susp in ids and case.src in ids:
            shared_susp += [v.span for v in g.versions if v.id == case.susp]
            shared_src += [v.span for v in g.versions if v.id == case.src]
    inside = _covered((case.this_offset, case.this_offset + case.this_length), shared_susp)
    inside += _covered((case.source_offset, case.source_offset + case.source_length),
                       shared_src)
    total = case.this_length + case.source_length
    return inside / total if total else 1.0


def _covered(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> int:
    """Characters of ``span`` inside the union of ``spans``."""
    points = sorted((max(s, span[0]), min(e, span[1])) for s, e in spans)
    total, reach = 0, span[0]
    for s, e in points:
        s = max(s, reach)
        if e > s:
            total += e - s
            reach = e
    return total


def truth_in_pair_passages(pairs: Sequence[ReusePair], case: Case) -> float:
    """Share of a truth passage's characters inside the passages of its own pair (what
    the collation starts from)."""
    pair = next((p for p in pairs if {p.a, p.b} == {case.susp, case.src}), None)
    if pair is None:
        return 0.0
    susp_is_a = pair.a == case.susp
    in_susp = [q.a if susp_is_a else q.b for q in pair.passages]
    in_src = [q.b if susp_is_a else q.a for q in pair.passages]
    inside = _covered((case.this_offset, case.this_offset + case.this_length), in_susp)
    inside += _covered((case.source_offset, case.source_offset + case.source_length), in_src)
    total = case.this_length + case.source_length
    return inside / total if total else 1.0


def measure_groups(pan: Pan13, groups: Sequence[StoryGroup]
                   ) -> tuple[int, list[tuple[float, float]]]:
    """Scan each group as one corpus; the number of groups collated and, for every truth
    passage of those, ``(share inside shared segments, share inside the pair's passages)``."""
    collated, cases = 0, []
    for g in groups:
        report = scan(group_documents(pan, g))
        story = next((s for s in report.stories if g.source in s.documents), None)
        c = report.collation_of(story.id) if story else None
        if not isinstance(c, Collation):
            continue
        collated += 1
        cases += [(truth_in_shared_segments(c, case),
                   truth_in_pair_passages(report.reuse_pairs, case)) for case in g.truth]
    return collated, cases
