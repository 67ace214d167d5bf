"""Spin seen through the pairs: the words a derived article replaced in passages where it
is the spun side. Needs each pair's direction, so it runs after the direction step."""

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
    """Replacements one document made, over all pairs where it is the derived, spun side."""

    words: tuple[SubstitutedWord, ...]
    replaced_share: float
    """Replacements per aligned word of its spun passages (capped at 1)."""


def substitution_spin(
    pairs: Sequence[ReusePair], texts: Mapping[str, str]
) -> dict[str, SubstitutionSpin]:
    """For each derived document with spun passages, the words it replaced."""
    words: dict[str, list[SubstitutedWord]] = {}
    aligned_words: dict[str, int] = {}
    for pair in pairs:
        derived = pair.derived()
        spun = [p for p in pair.passages if p.kind == "spun"]
        if derived is None or pair.source is None or not spun or not pair.match.substitutions:
            continue
        b_is_derived = derived == pair.b
        text, source_text = texts[derived], texts[pair.source]
        rows = words.setdefault(derived, [])
        for row in pair.substitutions():
            for span_d, span_s in row.occurrences:
                rows.append(SubstitutedWord(span_d, text[span_d[0] : span_d[1]],
                                            source_text[span_s[0] : span_s[1]], pair.source))
        aligned = sum(p.aligned.tokens_b if b_is_derived else p.aligned.tokens_a for p in spun)
        aligned_words[derived] = aligned_words.get(derived, 0) + int(aligned)
    return {
        doc_id: SubstitutionSpin(tuple(rows), min(1.0, len(rows) / max(1, aligned_words[doc_id])))
        for doc_id, rows in words.items()
    }
