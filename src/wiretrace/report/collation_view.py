"""The HTML report's collation view of a story, from ``stories[].collation``.

Up to ``SIDE_BY_SIDE`` versions are drawn side by side — one row per segment, one column
per version, shared text quiet, variants highlighted (changed words marked, facts apart
from wording), a gap where a version lacks the segment; past that, as an apparatus —
each segment in the words most versions use, the other readings below it with the
versions that have them. Every variant links to its side-by-side pair view.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup, escape

from wiretrace.report.highlight import Mark, highlight

SIDE_BY_SIDE = 8
"""Most versions drawn as columns; more are drawn as an apparatus."""
KIND_LABELS = {"shared": "in every version", "partial": "in some, same words",
               "changed": "in different words", "added": "in one version only"}


def collation_view(
    collation: Mapping[str, Any], texts: Mapping[str, str],
    pair_href: Callable[[str, str], str | None],
) -> dict[str, Any] | None:
    """What the template draws of one collation (``None`` when not collated)."""
    if not collation.get("collated"):
        return None
    versions = collation["versions"]
    order = [v["id"] for v in versions]
    info = {v["id"]: v for v in versions}
    changes: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for v in versions:
        for ch in v["changes"]:
            changes.setdefault((v["id"], ch["segment"]), []).append(ch)
    rows = []
    for g in collation["segments"]:
        cells: dict[str, dict[str, Any]] = {}
        reading_of = {d: k for k, r in enumerate(g["readings"]) for d in r}
        for entry in g["versions"]:
            doc, (start, end) = entry["id"], entry["span"]
            text = texts.get(doc)
            if text is None:
                continue
            piece = text[start:end]
            marks = [_mark(piece, ch["span"][0] - start, ch["span"][1] - start, ch,
                           info[doc]["compared_with"])
                     for ch in changes.get((doc, g["number"]), ())]
            other = info[doc]["compared_with"]
            html = highlight(piece, marks)
            if doc in cells:  # a second entry (boilerplate stood between): one cell
                cells[doc]["html"] = Markup(f"{cells[doc]['html']} … {html}")
                continue
            cells[doc] = {
                "html": html,
                "reading": reading_of.get(doc, 0),
                "moved": doc in g.get("moved_in", ()),
                "href": pair_href(doc, other) if other else None,
            }
        readings = []
        for k, r in enumerate(g["readings"]):
            first = r[0]
            readings.append({"ids": r, "html": cells[first]["html"] if first in cells else "",
                             "href": cells.get(first, {}).get("href"), "base": k == 0})
        cut_from = [d for d in order if d not in cells and info[d]["compared_with"] in cells]
        rows.append({"number": g["number"], "kind": g["kind"], "carried_by": g["carried_by"],
                     "label": KIND_LABELS.get(g["kind"], g["kind"]), "cells": cells,
                     "readings": readings, "cut_in": cut_from,
                     "moved_in": g.get("moved_in", [])})
    return {
        "versions": [{"id": d, **_summary(info[d])} for d in order],
        "rows": rows,
        "side_by_side": len(order) <= SIDE_BY_SIDE,
        "core": len(collation.get("core") or []),
        "digest": collation.get("digest") or [],
        "unaligned": collation.get("unaligned") or [],
        "pivot": collation["pivot"],
        "pivot_is_origin": collation.get("pivot_is_origin", False),
    }


def _mark(piece: str, start: int, end: int, ch: Mapping[str, Any], other: str | None
          ) -> Mark:
    """The mark of one change in a cell; words only cut (an empty range) mark the word
    before the cut (or after it, at the start), drawn with a cut sign."""
    classes = "chg fact" if ch["fact"] else "chg"
    if start == end:
        classes += " gone"
        while start > 0 and not piece[start - 1].isspace():
            start -= 1
        if start == end:
            while end < len(piece) and not piece[end].isspace():
                end += 1
    return Mark(start, end, 1, classes, (("title", _change_title(ch, other)),))


def _change_title(ch: Mapping[str, Any], other: str | None) -> str:
    was = ch["source_text"] or "—"
    what = f"change of fact ({ch['fact']})" if ch["fact"] else "change of wording"
    if not ch["text"]:
        what += ", words cut"
    quote = ", in a quotation" if ch["in_quote"] else ""
    return f"{what}{quote}; {other or 'the other'} has: {was}"


def _summary(v: Mapping[str, Any]) -> dict[str, Any]:
    facts = sum(1 for ch in v["changes"] if ch["fact"])
    parts = [f"{len(v['added'])} added", f"{len(v['cut'])} cut",
             f"{len(v['changes'])} changed"]
    if facts:
        parts.append(f"{facts} of fact")
    return {"compared_with": v["compared_with"], "note": Markup(escape(" · ".join(parts)))}
