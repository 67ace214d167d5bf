"""Spin seen through the pairs: the content words a derived article swapped for thesaurus
neighbours in passages where it is the spun side. Needs each pair's direction, so it
runs after the direction step."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wiretrace.forensics.pair import ReusePair
from wiretrace.records import Span


@dataclass(frozen=True, slots=True)
class SubstitutedWord:
    span: Span
    """Where the derived article has the replacement."""
    text: str
    source: str
    """The original's word."""
    source_document: str


@dataclass(frozen=True, slots=True)
class SubstitutionSpin:
    """Thesaurus swaps one document made, over all pairs where it is the derived, spun side."""

    words: tuple[SubstitutedWord, ...]
    replaced_share: float
    """Thesaurus swaps per content word of its spun passages (capped at 1)."""


def substitution_spin(
    pairs: Sequence[ReusePair], texts: Mapping[str, str]
) -> dict[str, SubstitutionSpin]:
    """For each derived document with spun passages, the content words it swapped there
    for thesaurus neighbours (:class:`~wiretrace.classify.rewording.Rewording`)."""
    words: dict[str, list[SubstitutedWord]] = {}
    content_words: dict[str, int] = {}
    for pair in pairs:
        derived = pair.derived()
        spun = [p for p in pair.passages if p.kind == "spun"]
        if derived is None or pair.source is None or not spun:
            continue
        b_is_derived = derived == pair.b
        text, source_text = texts[derived], texts[pair.source]
        rows = words.setdefault(derived, [])
        for p in spun:
            for span_a, span_b in p.rewording.thesaurus:
                span_d, span_s = (span_b, span_a) if b_is_derived else (span_a, span_b)
                rows.append(SubstitutedWord(span_d, text[span_d[0] : span_d[1]],
                                            source_text[span_s[0] : span_s[1]], pair.source))
            content_words[derived] = content_words.get(derived, 0) + p.rewording.content_words
    return {
        doc_id: SubstitutionSpin(tuple(sorted(rows, key=lambda w: w.span)),
                                 min(1.0, len(rows) / max(1, content_words[doc_id])))
        for doc_id, rows in words.items()
    }
