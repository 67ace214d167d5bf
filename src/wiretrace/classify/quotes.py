"""Quotations, and quotations that read differently in two articles of one story.

Honest outlets reproduce a quotation word for word; a spinner rewrites it like any
other sentence. A quotation that appears in two articles with the same speaker
and mostly the same words, but not all of them, is therefore strong evidence of
spinning (or of careless editing) — reported as an *altered quotation*, with both
versions and the words that changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import Levenshtein

from wiretrace.align.sentence_match import bag_of, bag_similarity
from wiretrace.normalize.prepare import PreparedDoc
from wiretrace.records import Span

# Straight, curly and guillemet quotation marks; a quote holds no paragraph break.
_QUOTE_RE = re.compile(r"[\"“«]([^\"“”«»\n]{10,800}?)[\"”»]")
_ATTRIBUTION_CHARS = 100
MIN_WORDS = 4


@dataclass(frozen=True, slots=True)
class Quote:
    span: Span
    """The words inside the quotation marks."""
    first: int
    last: int
    """Token range ``[first, last)`` of the quoted words."""
    speakers: frozenset[str]
    """Folded capitalised names in the attribution around the quote."""


def _names(doc: PreparedDoc, start: int, end: int) -> frozenset[str]:
    names = set()
    first, last = doc.token_at(start), doc.token_at(end)
    for t in range(first, last):
        ch = doc.text[doc.starts[t]]
        if ch.isupper() and doc.content[t] and not doc.boiler[t]:
            names.add(doc.keys[t])
    return frozenset(names)


def find_quotes(doc: PreparedDoc) -> list[Quote]:
    """Quotations of at least four words, with the names in their attribution."""
    out = []
    for m in _QUOTE_RE.finditer(doc.text):
        start, end = m.start(1), m.end(1)
        first, last = doc.token_at(start), doc.token_at(end)
        if last - first < MIN_WORDS or any(doc.boiler[first:last]):
            continue
        before = _names(doc, max(0, m.start() - _ATTRIBUTION_CHARS), m.start())
        after = _names(doc, m.end(), min(len(doc.text), m.end() + _ATTRIBUTION_CHARS))
        out.append(Quote((start, end), first, last, before | after))
    return out


def _changed_words(a: PreparedDoc, qa: Quote, b: PreparedDoc, qb: Quote) -> list[list[str]]:
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
        changes.append([wa, wb])
    return changes


def altered_quotes(
    a: PreparedDoc,
    b: PreparedDoc,
    quotes_a: list[Quote] | None = None,
    quotes_b: list[Quote] | None = None,
    min_similarity: float = 0.45,
    synonym_weight: float = 0.8,
) -> list[dict[str, Any]]:
    """Quotations of ``a`` and ``b`` by the same speaker that say nearly, not exactly, the same."""
    quotes_a = find_quotes(a) if quotes_a is None else quotes_a
    quotes_b = find_quotes(b) if quotes_b is None else quotes_b
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
        found.append({
            "a": {"span": list(qa.span), "text": a.text[qa.span[0] : qa.span[1]]},
            "b": {"span": list(qb.span), "text": b.text[qb.span[0] : qb.span[1]]},
            "speaker": " ".join(sorted(qa.speakers & qb.speakers)) or None,
            "similarity": round(best[0], 4),
            "changed_words": _changed_words(a, qa, b, qb),
        })
    return found
