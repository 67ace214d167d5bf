"""How well the reused passages fit the text around them, in each article.

An original article is written as one piece: the people, places and subjects of a
paragraph come back in the paragraphs before and after it. A copy that folds the
passage into other text (an outlet's own report, a roundup, an unrelated page) has
neighbours that were written without it, so fewer of the passage's words recur
around it. The *fit* of a side is the information-weighted share of the content
words of its reused passages that also occur in the nearest non-reused text of the
same article.

Both sides are read with the same amount of context (the ``n`` nearest non-reused
tokens, ``n`` the smaller of what either side has, up to a cap), so a longer article
does not look more coherent merely because it offers more words to match. When one
side has almost no text outside the reuse (a full reprint) the measure abstains.
"""

from __future__ import annotations

from dataclasses import dataclass

from wiretrace.normalize.prepare import PreparedDoc, token_mask
from wiretrace.records import Span


@dataclass(frozen=True, slots=True)
class ContextFit:
    fit_a: float
    fit_b: float
    context_tokens: int
    """Tokens of context read on each side."""


def _context_by_distance(doc: PreparedDoc, inside: list[bool]) -> list[int]:
    """Non-reused, non-boilerplate tokens, nearest to a reused token first."""
    n = len(inside)
    far = n + 1
    dist = [far] * n
    last = None
    for t in range(n):
        if inside[t]:
            last = t
        elif last is not None:
            dist[t] = t - last
    last = None
    for t in range(n - 1, -1, -1):
        if inside[t]:
            last = t
        elif last is not None:
            dist[t] = min(dist[t], last - t)
    ctx = [t for t in range(n) if not inside[t] and not doc.boiler[t] and dist[t] < far]
    ctx.sort(key=lambda t: (dist[t], t))
    return ctx


def _fit(doc: PreparedDoc, inside: list[bool], context: list[int]) -> float | None:
    weight: dict[str, float] = {}
    for t, reused in enumerate(inside):
        if reused and doc.content[t] and not doc.boiler[t]:
            weight[doc.stems[t]] = doc.weights[t]
    total = sum(weight.values())
    if total <= 0:
        return None
    around = {doc.stems[t] for t in context if doc.content[t]}
    return sum(w for stem, w in weight.items() if stem in around) / total


def context_fit(
    doc_a: PreparedDoc,
    doc_b: PreparedDoc,
    spans_a: list[Span],
    spans_b: list[Span],
    cap: int = 400,
    minimum: int = 30,
) -> ContextFit | None:
    """The fit of the reused passages on each side, or ``None`` when a side lacks context."""
    inside_a, inside_b = token_mask(doc_a.starts, spans_a), token_mask(doc_b.starts, spans_b)
    ctx_a, ctx_b = _context_by_distance(doc_a, inside_a), _context_by_distance(doc_b, inside_b)
    n = min(len(ctx_a), len(ctx_b), cap)
    if n < minimum:
        return None
    fa, fb = _fit(doc_a, inside_a, ctx_a[:n]), _fit(doc_b, inside_b, ctx_b[:n])
    if fa is None or fb is None:
        return None
    return ContextFit(fa, fb, n)
