"""The report dict turned into what the HTML templates show: documents, pairs with their
marked texts, stories with their lineage graphs, counts. No HTML is written here except
through :func:`wiretrace.report.highlight.highlight` and :mod:`.lineage_svg` (escaped)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from markupsafe import Markup

from wiretrace.classify import RELATIONS
from wiretrace.forensics.direction import SIGNAL_LABELS
from wiretrace.report.collation_view import collation_view
from wiretrace.report.highlight import Mark, highlight
from wiretrace.report.lineage_svg import story_svg
from wiretrace.report.views import DocView, PairView, ReportView

PALETTE = 8
"""Passages cycle through this many colours (CSS classes ``c0`` … ``c7``)."""


SIGNALS = SIGNAL_LABELS

# Layers: lower is outer. Passages are never split; the rest may be.
L_PASSAGE, L_BOILERPLATE, L_QUOTE, L_EVIDENCE, L_SUBSTITUTION = range(5)


def _span(value: Any) -> tuple[int, int] | None:
    if isinstance(value, list | tuple) and len(value) == 2:
        s, e = value
        if isinstance(s, int) and isinstance(e, int):
            return s, e
    return None


def _boilerplate_marks(doc: dict[str, Any]) -> list[Mark]:
    marks = []
    for bp in doc.get("boilerplate") or []:
        span = _span(bp.get("span"))
        if span:
            label = str(bp.get("label", ""))
            marks.append(Mark(*span, L_BOILERPLATE, "bp", (("data-kind", "boilerplate"),
                                                           ("title", f"Boilerplate: {label}"))))
    return marks


def evidence_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Spin and translation evidence of one document, in text order, each with a label."""
    rows = []
    for group in ("spin", "translation"):
        section = doc.get(group)
        if not isinstance(section, dict):
            continue
        for ev in section.get("evidence") or []:
            span = _span(ev.get("span"))
            if span is None:
                continue
            rows.append({**ev, "group": group, "start": span[0], "end": span[1],
                         "note": evidence_note(ev)})
    rows.sort(key=lambda r: (r["start"], r["end"]))
    return rows


SUPPORT_NOTES = {
    "synonym": "WordNet synonyms", "similar": "similar in WordNet",
    "hypernym": "the broader word in WordNet", "hyponym": "the narrower word in WordNet",
    "same-stem": "same stem", "spelling-variant": "spelling variant",
    "recurring": "the same replacement more than once",
}
"""How the report explains why a substitution row is shown (its ``support``)."""


def evidence_note(ev: dict[str, Any]) -> str:
    kind = ev.get("kind")
    if kind == "tortured-phrase":
        note = f"Tortured phrase — likely original: “{ev.get('proposal', '?')}”"
        if ev.get("confidence") is not None:
            note += f" (confidence {float(ev['confidence']):.2f}"
            note += f", found by {ev['found_by']})" if ev.get("found_by") else ")"
        return note
    if kind == "substitution":
        src = ev.get("source_document")
        return f"Substituted: {ev.get('text', '')} ← {ev.get('source', '?')}" + (
            f" (in {src})" if src else "")
    detail = ev.get("detail")
    if kind == "translated-passage":
        return f"Translated passage — {detail}" if detail else "Translated passage"
    label = str(kind or "trace").replace("-", " ")
    return f"Translation trace: {label}" + (f" — {detail}" if detail else "")


def _evidence_marks(doc: dict[str, Any], with_substitutions: bool) -> list[Mark]:
    marks = []
    for ev in evidence_rows(doc):
        kind = str(ev.get("kind", ""))
        if kind == "substitution":
            if not with_substitutions:
                continue
            layer, css = L_SUBSTITUTION, "sub"
        elif kind == "tortured-phrase":
            layer, css = L_EVIDENCE, "ev tortured"
        else:
            layer, css = L_EVIDENCE, "ev trace"
        marks.append(Mark(ev["start"], ev["end"], layer, css,
                          (("data-kind", kind), ("title", ev["note"]))))
    return marks


def _verdict(pair: dict[str, Any]) -> tuple[str | None, str | None, str]:
    """(source, derived, basis) of a pair: the report's ``source``, else a check's
    ``direction``, else undecided."""
    a, b = pair.get("a"), pair.get("b")
    source = pair.get("source")
    basis = "evidence"
    if source is None and isinstance(pair.get("direction"), dict):
        source = pair["direction"].get("source")
        basis = str(pair["direction"].get("basis") or "direction")
    if source not in (a, b):
        return None, None, "undecided"
    return source, (b if source == a else a), basis


def _pair_marks(pv: PairView, side: str) -> list[Mark]:
    pair = pv.data
    marks: list[Mark] = []
    other = pv.b if side == "a" else pv.a
    for k, psg in enumerate(pv.passages):
        span = _span(psg.get(side))
        if span is None:
            continue
        kind = str(psg.get("kind", ""))
        score = float(psg.get("score", 0))
        title = f"Passage {k + 1} · {kind} · score {score:.2f} — click to find it in {other.id}"
        marks.append(Mark(*span, L_PASSAGE, f"psg c{k % PALETTE}",
                          (("data-passage", str(k)), ("data-side", side),
                           ("data-kind", kind), ("title", title))))
    derived_side = "a" if pv.derived == pair.get("a") else "b"
    if pv.source is None:
        derived_side = "b"  # while undecided the table reads b ← a
    for entry in pair.get("substitutions") or []:
        d_word, s_word = str(entry.get("derived", "")), str(entry.get("source", ""))
        why = SUPPORT_NOTES.get(str(entry.get("support", "")), "")
        syn = f" ({why})" if why else ""
        for occ in entry.get("occurrences") or []:
            if side == derived_side:
                span, title = _span(occ.get("derived")), f"{d_word} ← {s_word}{syn}"
            else:
                span, title = _span(occ.get("source")), f"{s_word} → {d_word}{syn}"
            if span:
                marks.append(Mark(*span, L_SUBSTITUTION, "sub",
                                  (("data-kind", "substitution"), ("title", title))))
    for q in pair.get("altered_quotes") or []:
        quote = q.get(side) or {}
        span = _span(quote.get("span"))
        if not span:
            continue
        changes = "; ".join(f"{x} → {y}" if side == "a" else f"{y} ← {x}"
                            for x, y in (q.get("changed_words") or []))
        who = f" ({q['speaker']})" if q.get("speaker") else ""
        marks.append(Mark(*span, L_QUOTE, "quote-alt",
                          (("data-kind", "altered-quote"),
                           ("title", f"Altered quotation{who}: {changes}"))))
        # The words that differ, marked inside the quotation.
        other = "b" if side == "a" else "a"
        for c in q.get("changes") or []:
            here = _span(c.get(side))
            if here and here[1] > here[0]:
                was = c.get(f"{other}_text") or "(nothing)"
                marks.append(Mark(*here, L_SUBSTITUTION, "quote-changed",
                                  (("data-kind", "quote-change"),
                                   ("title", f"The other article quotes: {was}"))))
    return marks


def fill_sides(pv: PairView) -> PairView:
    """Mark up both texts of a pair for its side-by-side view (in place)."""
    pv.html_a, pv.html_b = _side_html(pv, "a"), _side_html(pv, "b")
    return pv


def _side_html(pv: PairView, side: str) -> Markup | None:
    doc = pv.a if side == "a" else pv.b
    if doc.text is None:
        return None
    marks = _pair_marks(pv, side) + _boilerplate_marks(doc.data)
    marks += _evidence_marks(doc.data, with_substitutions=False)
    return highlight(doc.text, marks)


def _counts(report: dict[str, Any], n_stories: int) -> list[tuple[str, Any]]:
    stats = report.get("stats") or {}
    docs = stats.get("documents", len(report.get("documents") or []))
    rows: list[tuple[str, Any]] = []
    if "archived_documents" in stats:
        rows.append(("Articles checked", docs))
        rows.append(("Archived articles searched", stats["archived_documents"]))
    else:
        rows.append(("Documents", docs))
    reuse = stats.get("reuse_pairs")
    if reuse is None:
        reuse = sum(1 for p in report.get("pairs") or [] if p.get("relation") != "same-story")
    rows.append(("Pairs with reuse", reuse))
    same = sum(1 for p in report.get("pairs") or [] if p.get("relation") == "same-story")
    rows.append(("Same-story links", same))
    rows.append(("Stories", n_stories))
    if "candidate_pairs" in stats and "possible_pairs" in stats:
        rows.append(("Pairs aligned", f"{stats['candidate_pairs']:,} of "
                                      f"{stats['possible_pairs']:,} possible"))
    rows.append(("Problems", len(report.get("problems") or [])))
    return rows


def build_view(
    report: dict[str, Any], max_pair_views: int = 500, pair_pages: str | None = None
) -> ReportView:
    """Everything the templates need, from a ``wiretrace.report/1`` dict.

    The first ``max_pair_views`` pairs get their side-by-side view on the page. With
    ``pair_pages`` (a folder relative to the page), each later pair links to
    ``<pair_pages>/pair-K.html`` instead, which :func:`fill_sides` and the pair page
    template write; without it, later pairs have no side-by-side view.
    """
    archive = report.get("generator", {}).get("archive")
    checked = set(archive.get("checked") or []) if isinstance(archive, dict) else set()
    docs = [DocView(k, d, f"doc-{k + 1}", d.get("id") in checked)
            for k, d in enumerate(report.get("documents") or [])]
    by_id = {d.id: d for d in docs}
    pairs: list[PairView] = []
    for k, p in enumerate(report.get("pairs") or []):
        a = by_id.get(str(p.get("a"))) or _missing(str(p.get("a")), docs, by_id)
        b = by_id.get(str(p.get("b"))) or _missing(str(p.get("b")), docs, by_id)
        a.pairs += 1
        b.pairs += 1
        source, derived, basis = _verdict(p)
        pv = PairView(k, p, a, b, f"pair-{k + 1}", source, derived, basis)
        if k < max_pair_views:
            fill_sides(pv)
            pv.href = f"#{pv.anchor}"
        elif pair_pages is not None:
            pv.href = f"{pair_pages}/{pv.anchor}.html"
        else:
            pv.href = "#pairs"
        pairs.append(pv)
    for d in docs:
        d.evidence = evidence_rows(d.data)
        if d.text is not None and d.evidence:
            marks = _boilerplate_marks(d.data) + _evidence_marks(d.data, with_substitutions=True)
            d.text_html = highlight(d.text, marks)
    href_of = {frozenset((pv.a.id, pv.b.id)): pv.href for pv in pairs}
    texts = {d.id: d.text for d in docs if d.text is not None}

    def pair_href(x: str, y: str) -> str | None:
        return href_of.get(frozenset((x, y)))

    stories = []
    for s in report.get("stories") or []:
        members = [by_id[i] for i in s.get("documents") or [] if i in by_id]
        story_pairs = [pv for pv in pairs if pv.a.id in s.get("documents", [])
                       and pv.b.id in s.get("documents", [])]
        collation = s.get("collation")
        stories.append({"data": s, "members": members, "pairs": story_pairs,
                        "svg": story_svg(s, by_id, story_pairs),
                        "collation": collation_view(collation, texts, pair_href)
                        if collation else None,
                        "not_collated": collation if collation and not collation.get("collated")
                        else None})
    findings = []
    for d in docs:
        if d.checked:
            mine = []
            for pv in pairs:
                if d in (pv.a, pv.b):
                    side = "a" if pv.a is d else "b"
                    other = pv.b if side == "a" else pv.a
                    cov = float((pv.data.get("coverage") or {}).get(side, 0))
                    mine.append({"pair": pv, "other": other, "coverage": cov})
            mine.sort(key=lambda f: -f["coverage"])
            findings.append({"doc": d, "pairs": mine})
    relations = Counter(str(p.get("relation")) for p in report.get("pairs") or [])
    ordered = [(r, relations[r]) for r in RELATIONS if relations[r]]
    ordered += [(r, n) for r, n in relations.items() if r not in RELATIONS]
    return ReportView(report, docs, pairs, stories, ordered, _counts(report, len(stories)),
                      archive if isinstance(archive, dict) else None,
                      min(len(pairs), max_pair_views),
                      pair_pages if len(pairs) > max_pair_views else None, findings)


def _missing(doc_id: str, docs: list[DocView], by_id: dict[str, DocView]) -> DocView:
    """A pair naming a document the report does not list (a hand-made report): a stub."""
    stub = DocView(len(docs), {"id": doc_id, "chars": 0}, f"doc-{len(docs) + 1}")
    docs.append(stub)
    by_id[doc_id] = stub
    return stub


__all__ = ["PALETTE", "SIGNALS", "DocView", "PairView", "ReportView", "build_view",
           "evidence_note", "evidence_rows", "fill_sides"]
