"""The readable terminal summary of a scan."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from wiretrace.forensics import ReusePair, SameStoryLink
from wiretrace.forensics.direction import SIGNAL_LABELS
from wiretrace.report.json_report import spin_entry, translation_entry
from wiretrace.report.model import Report

Link = ReusePair | SameStoryLink


def _excerpt(text: str, span: tuple[int, int], width: int) -> str:
    piece = " ".join(text[span[0] : span[1]].split())
    return piece if len(piece) <= width else piece[: width - 1] + "…"


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def print_summary(out: TextIO, report: Report, top: int = 5, width: int = 72) -> None:
    """Write the summary: counts, problems, pairs, top passages, disguise evidence, stories."""
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
    w = out.write
    w(
        f"{int(stats.get('documents', len(texts)))} documents · "
        f"{int(stats.get('candidate_pairs', 0))} candidate pairs of "
        f"{int(stats.get('possible_pairs', 0))} possible · "
        f"{int(stats.get('reuse_pairs', len(pairs)))} pairs with reuse · "
        f"{int(stats.get('same_story_pairs', 0))} same-story links · {len(stories)} stories\n"
    )
    if problems:
        w(f"\n{len(problems)} input problem(s):\n")
        for p in problems:
            w(f"  ! {p}\n")
    if not pairs:
        w("\nNo reuse found.\n")
        return
    ranked = sorted(pairs, key=lambda p: -max(p.coverage_of(p.a), p.coverage_of(p.b)))
    id_w = min(28, max(len(x) for p in ranked for x in (p.a, p.b)))
    w("\nPairs (by coverage; source = the likely original, ? = undecided)\n")
    w(f"  {'A':<{id_w}}  {'B':<{id_w}}  {'relation':<10} {'sim':>5} {'cov A':>6} {'cov B':>6}"
      f"  {'passages':>8}  source\n")
    for p in ranked:
        source = "-" if p.relation == "same-story" else (p.source or "?")
        w(
            f"  {p.a[:id_w]:<{id_w}}  {p.b[:id_w]:<{id_w}}  {p.relation:<10} "
            f"{p.similarity:>5.2f} {_pct(p.coverage_of(p.a)):>6} {_pct(p.coverage_of(p.b)):>6}"
            f"  {len(p.passages):>8}  {source}\n"
        )
    passages = [(pair, pas) for pair in pairs if isinstance(pair, ReusePair)
                for pas in pair.passages]
    passages.sort(key=lambda x: -((x[1].a[1] - x[1].a[0]) + (x[1].b[1] - x[1].b[0])))
    w(f"\nTop passages (of {len(passages)})\n")
    for pair, pas in passages[:top]:
        w(f"  {pair.a} [{pas.a[0]}:{pas.a[1]}] ⇄ {pair.b} [{pas.b[0]}:{pas.b[1]}]"
          f"  {pas.kind}, score {pas.score:.2f}\n")
        w(f"    A: “{_excerpt(texts[pair.a], pas.a, width)}”\n")
        w(f"    B: “{_excerpt(texts[pair.b], pas.b, width)}”\n")
    _print_disguise(w, texts, pairs, documents, width)
    _print_direction(w, ranked, top * 2)
    if stories:
        w("\nStories (→ derived from)\n")
        for s in stories:
            w(f"  {s.id}: {len(s.documents)} articles, origin: {s.origin or 'undecided'}\n")
            for row in s.lineage:
                src = f" ← {row.source} ({row.relation})" if row.source else ""
                w(f"    {row.document}{src}\n")
            if s.roundups:
                w(f"    roundups drawing on this story too: {', '.join(s.roundups)}\n")


def _print_direction(w: Any, ranked: Sequence[Link], top: int) -> None:
    """The votes behind each pair's source, for the pairs with most reuse."""
    lines = []
    for p in ranked:
        if not isinstance(p, ReusePair) or not p.direction.votes or len(lines) >= top:
            continue
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
            w(line + "\n")


def _print_disguise(
    w: Any,
    texts: Mapping[str, str],
    pairs: Sequence[Link],
    documents: Sequence[Mapping[str, Any]],
    width: int,
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
            lines.append(f"  altered quotation ({p.a} / {p.b}): "
                         f"“{_excerpt(q.a.text, (0, len(q.a.text)), width // 2)}” vs "
                         f"“{_excerpt(q.b.text, (0, len(q.b.text)), width // 2)}”")
    for doc in documents:
        for key, label in (("spin", "spin"), ("translation", "machine-translation traces")):
            info = doc.get(key)
            if info and info["evidence"] and info["score"] >= 0.2:
                kinds = sorted({e["kind"] for e in info["evidence"]})
                lines.append(f"  {doc['id']}: {label} score {info['score']:.2f} "
                             f"({len(info['evidence'])} spans: {', '.join(kinds)})")
    if lines:
        w("\nDisguise evidence\n")
        for line in lines:
            w(line + "\n")
