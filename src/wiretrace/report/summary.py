"""The readable terminal summary of a scan: short whatever the corpus size (the top
pairs, passages, evidence and stories, with counts of the rest; the whole is in the
JSON, HTML and tables), every line cut to the terminal's width."""

from __future__ import annotations

import shutil
import textwrap
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from wiretrace.collate import FACTS, SEGMENT_KINDS, Collation, VersionCollation
from wiretrace.forensics import ReusePair, SameStoryLink
from wiretrace.forensics.direction import SIGNAL_LABELS
from wiretrace.report.json_report import spin_entry, translation_entry
from wiretrace.report.model import Report

Link = ReusePair | SameStoryLink

MIN_WIDTH, MAX_WIDTH = 60, 160
TOP_PAIRS, TOP_PASSAGES, TOP_LINES, TOP_STORIES, TOP_LINEAGE = 15, 3, 8, 8, 6
"""How many of each the summary lists before it counts the rest."""


def terminal_width(default: int = 100) -> int:
    """Columns of the terminal (``COLUMNS`` or the real one; ``default`` when output is
    not a terminal), kept between 60 and 160."""
    cols = shutil.get_terminal_size((default, 24)).columns
    return max(MIN_WIDTH, min(MAX_WIDTH, cols))


def _excerpt(text: str, span: tuple[int, int], width: int) -> str:
    piece = " ".join(text[span[0] : span[1]].split())
    return piece if len(piece) <= width else piece[: max(1, width - 1)] + "…"


def short_id(doc_id: str, width: int) -> str:
    """``doc_id`` in at most ``width`` characters, cut in the middle so that its start
    and its end (``ap/…/story`` vs ``reuters/…/story``) both stay readable."""
    if len(doc_id) <= width:
        return doc_id
    if width < 5:
        return doc_id[:width]
    keep = width - 1
    return doc_id[: (keep + 1) // 2] + "…" + doc_id[len(doc_id) - keep // 2 :]


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _more(w: Any, shown: int, total: int, what: str) -> None:
    if total > shown:
        w(f"  … and {total - shown:,} more {what} (all in the JSON, HTML and tables)\n")


def print_summary(out: TextIO, report: Report, width: int | None = None) -> None:
    """Write the summary: counts, problems, the top pairs and passages, disguise
    evidence, direction and stories, each line at most ``width`` columns (default: the
    terminal's)."""
    width = width or terminal_width()
    texts, pairs, stories = report.texts, report.pairs, report.stories
    problems, stats = report.problems, report.stats
    factor = report.settings.forensics.spin.replaced_factor
    round_trip_scale = report.settings.forensics.translation.round_trip_scale
    documents = [
        {"id": d.id,
         "spin": spin_entry(report.evidence[d.id], report.substituted.get(d.id), factor),
         "translation": translation_entry(report.evidence[d.id], report.round_trips.get(d.id),
                                          round_trip_scale)}
        for d in report.documents if d.id in report.evidence
    ]
    raw = out.write

    def w(text: str, wrap: bool = False) -> None:
        """Write lines cut to the width (``wrap``: wrapped onto indented lines)."""
        for line in text.split("\n")[:-1]:
            if len(line) <= width:
                raw(line + "\n")
            elif wrap:
                raw("\n".join(textwrap.wrap(line, width, subsequent_indent="      ",
                                             break_on_hyphens=False)) + "\n")
            else:
                raw(line[: width - 1] + "…\n")

    counts = [
        f"{int(stats.get('documents', len(texts))):,} documents",
        f"{int(stats.get('candidate_pairs', 0)):,} candidate pairs of "
        f"{int(stats.get('possible_pairs', 0)):,} possible",
        f"{int(stats.get('reuse_pairs', len(pairs))):,} pairs with reuse",
        f"{int(stats.get('same_story_pairs', 0)):,} same-story links",
        f"{len(stories):,} stories",
    ]
    if stats.get("near_duplicate_groups"):
        counts.append(f"{int(stats['near_duplicates_collapsed']):,} near-identical copies in "
                      f"{int(stats['near_duplicate_groups']):,} groups aligned with their "
                      f"group's first only")
    line = counts[0]
    for part in counts[1:]:  # wrapped at the separators, not cut
        if len(line) + 3 + len(part) > width:
            w(line + "\n")
            line = part
        else:
            line += " · " + part
    w(line + "\n")
    if problems:
        w(f"\n{len(problems)} input problem(s):\n")
        for p in problems[:TOP_LINES]:
            w(f"  ! {p}\n")
        _more(w, TOP_LINES, len(problems), "problems")
    if not pairs:
        w("\nNo reuse found.\n")
        return
    ranked = sorted(pairs, key=lambda p: -max(p.coverage_of(p.a), p.coverage_of(p.b)))
    fixed = 2 + 2 + 2 + 11 + 6 + 7 + 7 + 9 + 8  # the columns other than the two ids
    id_w = max(8, min(40, max(len(x) for p in ranked for x in (p.a, p.b)),
                      (width - fixed) // 2))
    w("\nPairs (by coverage; source: A or B, the likely original; ? = undecided)\n")
    w(f"  {'A':<{id_w}}  {'B':<{id_w}}  {'relation':<10} {'sim':>5} {'cov A':>6} {'cov B':>6}"
      f"  {'passages':>8}  source\n")
    for p in ranked[:TOP_PAIRS]:
        source = ("-" if p.relation == "same-story" else
                  {p.a: "A", p.b: "B"}.get(p.source or "", "?"))
        w(
            f"  {short_id(p.a, id_w):<{id_w}}  {short_id(p.b, id_w):<{id_w}}  "
            f"{p.relation:<10} {p.similarity:>5.2f} {_pct(p.coverage_of(p.a)):>6} "
            f"{_pct(p.coverage_of(p.b)):>6}  {len(p.passages):>8}  {source}\n"
        )
    _more(w, TOP_PAIRS, len(ranked), "pairs")
    passages = [(pair, pas) for pair in pairs if isinstance(pair, ReusePair)
                for pas in pair.passages]
    passages.sort(key=lambda x: -((x[1].a[1] - x[1].a[0]) + (x[1].b[1] - x[1].b[0])))
    w(f"\nTop passages (of {len(passages):,})\n")
    excerpt_w = width - 10
    for pair, pas in passages[:TOP_PASSAGES]:
        w(f"  {short_id(pair.a, id_w)} [{pas.a[0]}:{pas.a[1]}] ⇄ {short_id(pair.b, id_w)} "
          f"[{pas.b[0]}:{pas.b[1]}]  {pas.kind}, score {pas.score:.2f}\n")
        w(f"    A: “{_excerpt(texts[pair.a], pas.a, excerpt_w)}”\n")
        w(f"    B: “{_excerpt(texts[pair.b], pas.b, excerpt_w)}”\n")
    _print_disguise(w, pairs, documents)
    _print_direction(w, ranked, TOP_LINES)
    if stories:
        w("\nStories (→ derived from)\n")
        for s in stories[:TOP_STORIES]:
            w(f"  {s.id}: {len(s.documents)} articles, origin: {s.origin or 'undecided'}\n")
            collation = report.collation_of(s.id)
            if isinstance(collation, Collation):
                w(collation_line(collation) + "\n", wrap=True)
            versions = ({v.id: v for v in collation.versions}
                        if isinstance(collation, Collation) else {})
            for row in s.lineage[:TOP_LINEAGE]:
                src = f" ← {row.source} ({row.relation})" if row.source else ""
                what = (version_line(versions[row.document], row.source)
                        if row.document in versions else "")
                w(f"    {row.document}{src}{what}\n", wrap=True)
            if len(s.lineage) > TOP_LINEAGE:
                w(f"    … and {len(s.lineage) - TOP_LINEAGE} more articles\n")
            if s.roundups:
                w(f"    roundups drawing on this story too: {', '.join(s.roundups)}\n")
        _more(w, TOP_STORIES, len(stories), "stories")


def collation_line(c: Collation) -> str:
    """The story's collation in one line: its segments and its common core."""
    n = len(c.versions)
    kinds = Counter(g.kind for g in c.segments)
    parts = ", ".join(f"{kinds[k]} {k}" for k in SEGMENT_KINDS if kinds[k])
    core = len(c.core)
    return (f"    collation of {n} versions: {len(c.segments)} segments ({parts}); "
            f"{core} {'sentence' if core == 1 else 'sentences'} in all {n}")


def version_line(v: VersionCollation, source: str | None) -> str:
    """What one version added, cut and changed, for its lineage line (``source``: the one
    the line names)."""
    if v.compared_with is None:
        return ""
    against = f"vs {v.compared_with}: " if v.compared_with != source else ""
    facts = Counter(ch.fact for ch in v.changes if ch.fact)
    fact_text = ", ".join(f"{k} {facts[k]}" for k in FACTS if facts[k])
    return (f" — {against}added {len(v.added)}, cut {len(v.cut)}, "
            f"{len(v.changes)} changed" + (f" (of fact: {fact_text})" if fact_text else ""))


def _print_direction(w: Any, ranked: Sequence[Link], top: int) -> None:
    """The votes behind each pair's source, for the pairs with most reuse."""
    voted = [p for p in ranked if isinstance(p, ReusePair) and p.direction.votes]
    lines = []
    for p in voted[:top]:
        for_a = [e for e in p.direction.votes if e.favours == p.a]
        for_b = [e for e in p.direction.votes if e.favours == p.b]

        def votes(side: list[Any]) -> str:
            return ", ".join(f"{SIGNAL_LABELS.get(e.signal, e.signal)} {e.weight:g}"
                             for e in side) or "none"

        head = (f"{p.derived()} ← {p.source}" if p.source
                else f"{p.a} / {p.b}: undecided")
        lines.append(f"  {head}  [for {p.a}: {votes(for_a)} · for {p.b}: {votes(for_b)}]")
    if lines:
        w("\nDirection (votes for each side as the original)\n")
        for line in lines:
            w(line + "\n", wrap=True)
        _more(w, len(lines), len(voted), "pairs with direction votes")


def _print_disguise(
    w: Any, pairs: Sequence[Link], documents: Sequence[Mapping[str, Any]]
) -> None:
    lines: list[str] = []
    for p in pairs:
        if not isinstance(p, ReusePair):
            continue
        derived = p.derived()
        if p.match.substitutions and any(x.kind == "spun" for x in p.passages):
            rows = p.substitutions()[:6]
            head = f"{derived} ← {p.source}" if derived else f"{p.b} / {p.a} (direction undecided)"
            table = ", ".join(f"“{r.derived}” ← “{r.source}” ×{r.count}" for r in rows)
            lines.append(f"  substitutions {head}: {table}")
        for q in p.altered_quotes or ():
            who = f" by {q.speaker}" if q.speaker else ""
            changes = "; ".join(f"“{c.a_text or '—'}” / “{c.b_text or '—'}”"
                                for c in q.changes[:3])
            more = f" (+{len(q.changes) - 3} more)" if len(q.changes) > 3 else ""
            lines.append(f"  altered quotation{who} ({p.a} / {p.b}): {changes}{more}")
    for doc in documents:
        for key, label in (("spin", "spin"), ("translation", "machine-translation traces")):
            info = doc.get(key)
            if info and info["evidence"] and info["score"] >= 0.2:
                kinds = sorted({e["kind"] for e in info["evidence"]})
                lines.append(f"  {doc['id']}: {label} score {info['score']:.2f} "
                             f"({len(info['evidence'])} spans: {', '.join(kinds)})")
    if lines:
        w("\nDisguise evidence\n")
        for line in lines[:TOP_LINES]:
            w(line + "\n", wrap=True)
        _more(w, TOP_LINES, len(lines), "items of disguise evidence")
