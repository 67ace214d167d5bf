"""Quotations, and quotations that read differently in two articles of one story.

Honest outlets reproduce a quotation word for word; a spinner rewrites it like any
other sentence. A quotation that appears in two articles with the same speaker
and mostly the same words, but not all of them, is therefore strong evidence of
spinning (or of careless editing) — reported as an *altered quotation*, with both
versions and the words that changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from wiretrace.align.sentence_match import bag_of, bag_similarity
from wiretrace.forensics.settings import QuoteSettings
from wiretrace.normalize.prepare import PreparedDoc
from wiretrace.records import Span

# Straight, curly and guillemet quotation marks; a quote holds no paragraph break.
_QUOTE_RE = re.compile(r"[\"“«]([^\"“”«»\n]{10,800}?)[\"”»]")


@dataclass(frozen=True, slots=True)
class Quote:
    span: Span
    """The words inside the quotation marks."""
    first: int
    last: int
    """Token range ``[first, last)`` of the quoted words."""
    speakers: frozenset[str]
    """Folded capitalised names in the attribution around the quote."""
    words: tuple[str, ...] = ()
    """The quoted words as match keys (two quotes with the same words are the same)."""
    text: str = ""
    """The quoted text as written."""


def _names(doc: PreparedDoc, start: int, end: int) -> frozenset[str]:
    names = set()
    first, last = doc.token_at(start), doc.token_at(end)
    for t in range(first, last):
        ch = doc.text[doc.starts[t]]
        if ch.isupper() and doc.content[t] and not doc.boiler[t]:
            names.add(doc.keys[t])
    return frozenset(names)


@dataclass(frozen=True, slots=True)
class QuoteVersion:
    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class AlteredQuote:
    """A quotation by one speaker that reads differently in the two articles of a pair."""

    a: QuoteVersion
    b: QuoteVersion
    speaker: str | None
    similarity: float
    changed_words: tuple[tuple[str, str], ...]
    """``(words in a, words in b)`` for every stretch that differs."""


def find_quotes(doc: PreparedDoc, settings: QuoteSettings | None = None) -> list[Quote]:
    """Quotations of at least ``min_words`` words, with the names in their attribution."""
    s = settings or QuoteSettings()
    out = []
    for m in _QUOTE_RE.finditer(doc.text):
        start, end = m.start(1), m.end(1)
        first, last = doc.token_at(start), doc.token_at(end)
        if last - first < s.min_words or any(doc.boiler[first:last]):
            continue
        before = _names(doc, max(0, m.start() - s.attribution_chars), m.start())
        after = _names(doc, m.end(), min(len(doc.text), m.end() + s.attribution_chars))
        out.append(Quote((start, end), first, last, before | after,
                         tuple(doc.keys[first:last]), doc.text[start:end]))
    return out


def _changed_words(
    a: PreparedDoc, qa: Quote, b: PreparedDoc, qb: Quote
) -> tuple[tuple[str, str], ...]:
    seq_a = a.keys[qa.first : qa.last]
    seq_b = b.keys[qb.first : qb.last]
    changes = []
    for op in Levenshtein.opcodes(seq_a, seq_b):
        if op.tag == "equal":
            continue
        wa = a.text[a.starts[qa.first + op.src_start] : a.ends[qa.first + op.src_end - 1]] \
            if op.src_end > op.src_start else ""
        wb = b.text[b.starts[qb.first + op.dest_start] : b.ends[qb.first + op.dest_end - 1]] \
            if op.dest_end > op.dest_start else ""
        changes.append((wa, wb))
    return tuple(changes)


def altered_quotes(
    a: PreparedDoc,
    b: PreparedDoc,
    quotes_a: Sequence[Quote] | None = None,
    quotes_b: Sequence[Quote] | None = None,
    settings: QuoteSettings | None = None,
) -> tuple[AlteredQuote, ...]:
    """Quotations of ``a`` and ``b`` by the same speaker that say nearly, not exactly, the same."""
    s = settings or QuoteSettings()
    min_similarity, synonym_weight = s.min_similarity, s.synonym_weight
    quotes_a = find_quotes(a, s) if quotes_a is None else quotes_a
    quotes_b = find_quotes(b, s) if quotes_b is None else quotes_b
    found = []
    used_b: set[int] = set()
    for qa in quotes_a:
        bag_a = bag_of(a, qa.first, qa.last)
        best: tuple[float, int] | None = None
        for k, qb in enumerate(quotes_b):
            if k in used_b:
                continue
            same_speaker = bool(qa.speakers & qb.speakers) or not (qa.speakers or qb.speakers)
            if not same_speaker:
                continue
            dice = bag_similarity(bag_a, bag_of(b, qb.first, qb.last), synonym_weight)[0]
            if dice >= min_similarity and (best is None or dice > best[0]):
                best = (dice, k)
        if best is None:
            continue
        qb = quotes_b[best[1]]
        if a.keys[qa.first : qa.last] == b.keys[qb.first : qb.last]:
            used_b.add(best[1])
            continue  # quoted faithfully
        used_b.add(best[1])
        found.append(AlteredQuote(
            a=QuoteVersion(qa.span, a.text[qa.span[0] : qa.span[1]]),
            b=QuoteVersion(qb.span, b.text[qb.span[0] : qb.span[1]]),
            speaker=" ".join(sorted(qa.speakers & qb.speakers)) or None,
            similarity=best[0],
            changed_words=_changed_words(a, qa, b, qb),
        ))
    return tuple(found)
