"""Translation seen through the pairs: the passages where a derived article is the
``translated`` side, with the grammar a round trip rebuilt. Needs each pair's direction,
so it runs after the direction step (like :mod:`.spin`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wiretrace.forensics.pair import ReusePair
from wiretrace.records import Span


@dataclass(frozen=True, slots=True)
class RoundTripPassage:
    span: Span
    """The translated passage in the derived article …"""
    text: str
    """… and its text."""
    source_span: Span
    source_document: str
    grammar_change: float
    """Share of function words changed plus share of shared stems inflected differently."""
    kept_share: float
    """Share of the content words found on both sides."""
    words: int


@dataclass(frozen=True, slots=True)
class RoundTrip:
    """The translated passages of one document, over all pairs where it is the derived side."""

    passages: tuple[RoundTripPassage, ...]
    grammar_change: float
    """Mean grammar change of the passages, weighted by their words."""

    def score(self, scale: float) -> float:
        """0–1: the grammar change, reaching 1 at ``scale``."""
        return min(1.0, self.grammar_change / scale) if scale > 0 else 1.0

    def detail(self, passage: RoundTripPassage) -> str:
        return (f"translated from {passage.source_document}: {passage.kept_share:.0%} of the "
                f"content words kept, grammar changed {passage.grammar_change:.2f}")


def round_trips(
    pairs: Sequence[ReusePair], texts: Mapping[str, str]
) -> dict[str, RoundTrip]:
    """For each derived document with translated passages, those passages."""
    found: dict[str, list[RoundTripPassage]] = {}
    for pair in pairs:
        derived = pair.derived()
        if derived is None or pair.source is None:
            continue
        b_is_derived = derived == pair.b
        for p in pair.passages:
            if p.kind != "translated":
                continue
            span, source_span = (p.b, p.a) if b_is_derived else (p.a, p.b)
            found.setdefault(derived, []).append(RoundTripPassage(
                span, texts[derived][span[0] : span[1]], source_span, pair.source,
                p.rewording.grammar_change, p.rewording.kept_share, p.rewording.words))
    out = {}
    for doc_id, passages in found.items():
        words = sum(p.words for p in passages) or 1
        mean = sum(p.grammar_change * p.words for p in passages) / words
        out[doc_id] = RoundTrip(tuple(sorted(passages, key=lambda p: p.span)), mean)
    return out
