"""The readable terminal summary of a scan."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TextIO

from wiretrace.records import InputProblem, PairResult, Story


def _excerpt(text: str, span: tuple[int, int], width: int) -> str:
    piece = " ".join(text[span[0] : span[1]].split())
    return piece if len(piece) <= width else piece[: width - 1] + "…"


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def print_summary(
    out: TextIO,
    texts: Mapping[str, str],
    pairs: Sequence[PairResult],
    stories: Sequence[Story],
    problems: Sequence[InputProblem],
    stats: Mapping[str, float],
    top: int = 5,
    width: int = 72,
) -> None:
    """Write the summary: counts, problems, pairs by coverage, top passages, stories."""
    w = out.write
    w(
        f"{int(stats.get('documents', len(texts)))} documents · "
        f"{int(stats.get('candidate_pairs', 0))} candidate pairs of "
        f"{int(stats.get('possible_pairs', 0))} possible · "
        f"{len(pairs)} pairs with reuse · {len(stories)} stories\n"
    )
    if problems:
        w(f"\n{len(problems)} input problem(s):\n")
        for p in problems:
            w(f"  ! {p}\n")
    if not pairs:
        w("\nNo reuse found.\n")
        return
    ranked = sorted(pairs, key=lambda p: -max(p.coverage_a, p.coverage_b))
    id_w = min(28, max(len(x) for p in ranked for x in (p.a, p.b)))
    w("\nPairs (by coverage)\n")
    w(f"  {'A':<{id_w}}  {'B':<{id_w}}  {'relation':<10} {'sim':>5} {'cov A':>6} {'cov B':>6}"
      "  passages\n")
    for p in ranked:
        w(
            f"  {p.a[:id_w]:<{id_w}}  {p.b[:id_w]:<{id_w}}  {p.relation:<10} "
            f"{p.similarity:>5.2f} {_pct(p.coverage_a):>6} {_pct(p.coverage_b):>6}"
            f"  {len(p.passages)}\n"
        )
    passages = [(pair, pas) for pair in pairs for pas in pair.passages]
    passages.sort(key=lambda x: -((x[1].a[1] - x[1].a[0]) + (x[1].b[1] - x[1].b[0])))
    w(f"\nTop passages (of {len(passages)})\n")
    for pair, pas in passages[:top]:
        w(f"  {pair.a} [{pas.a[0]}:{pas.a[1]}] ⇄ {pair.b} [{pas.b[0]}:{pas.b[1]}]"
          f"  {pas.kind}, score {pas.score:.2f}\n")
        w(f"    A: “{_excerpt(texts[pair.a], pas.a, width)}”\n")
        w(f"    B: “{_excerpt(texts[pair.b], pas.b, width)}”\n")
    if stories:
        w("\nStories\n")
        for s in stories:
            w(f"  {s.id}: {', '.join(s.documents)}\n")
