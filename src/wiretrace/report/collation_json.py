"""``stories[].collation`` of the JSON report: the collation's records as JSON."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wiretrace.collate import Change, Collation, NotCollated, Segment, VersionCollation


def collation_entry(c: Collation | NotCollated, texts: Mapping[str, str]) -> dict[str, Any]:
    """The collation of one story (``texts``: each document's text, by id)."""
    if isinstance(c, NotCollated):
        return {"collated": False, "reason": c.reason, "unaligned": list(c.documents)}
    n = len(c.versions)
    return {
        "collated": True,
        "pivot": c.pivot,
        "pivot_is_origin": c.pivot_is_origin,
        "versions": [_version(v) for v in c.versions],
        "segments": [_segment(g, n) for g in c.segments],
        "core": list(c.core),
        "digest": [
            {"segment": d.segment, "id": d.reading.id, "span": list(d.reading.span),
             "text": texts[d.reading.id][d.reading.span[0]:d.reading.span[1]],
             "carried": d.carried, "agree": d.agree}
            for d in c.digest
        ],
        "unaligned": list(c.unaligned),
    }


def carried_by(segment: Segment, versions: int) -> str:
    """``all``, ``some`` or ``one`` of the story's versions carry the segment."""
    k = len(segment.ids)
    return "all" if k == versions else "one" if k == 1 else "some"


def _segment(g: Segment, n: int) -> dict[str, Any]:
    return {
        "number": g.number,
        "kind": g.kind,
        "carried_by": carried_by(g, n),
        "versions": [{"id": v.id, "span": list(v.span)} for v in g.versions],
        "readings": [list(r) for r in g.readings],
        "moved_in": list(g.moved_in),
    }


def _version(v: VersionCollation) -> dict[str, Any]:
    return {
        "id": v.id,
        "compared_with": v.compared_with,
        "relation": v.relation,
        "segments": v.segments,
        "added": list(v.added),
        "cut": list(v.cut),
        "moved": list(v.moved),
        "changes": [_change(ch) for ch in v.changes],
        "fact_changes": len(v.fact_changes),
    }


def _change(ch: Change) -> dict[str, Any]:
    return {
        "segment": ch.segment, "span": list(ch.span), "source_span": list(ch.source_span),
        "text": ch.text, "source_text": ch.source_text, "fact": ch.fact,
        "in_quote": ch.in_quote,
    }
