"""Per-document disguise evidence: spin and machine-translation traces, with spans.

Combines what can be seen in one article alone — tortured phrases
(:mod:`.tortured`), machine-translation traces (:mod:`.mt_traces`), quotations
(:mod:`.quotes`) — with what its reuse pairs show: the words it replaced in
passages where it is the derived, spun side. The result goes into the report's
``documents[].spin`` and ``documents[].translation``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from wiretrace.classify.mt_traces import (
    RESPELLED_NAME,
    Trace,
    find_mt_traces,
    translation_score,
)
from wiretrace.classify.quotes import Quote, find_quotes
from wiretrace.classify.tortured import find_tortured_phrases, spin_score
from wiretrace.lexicon.wordnet import WordNet
from wiretrace.normalize.prepare import PreparedDoc
from wiretrace.records import PairResult, Span, TorturedPhrase


@dataclass(slots=True)
class DocumentEvidence:
    """Everything the forensics found in one document."""

    quotes: list[Quote] = field(default_factory=list)
    tortured: list[TorturedPhrase] = field(default_factory=list)
    traces: list[Trace] = field(default_factory=list)
    tortured_score: float = 0.0
    translation_score: float = 0.0
    substituted: list[dict[str, Any]] = field(default_factory=list)
    """Replacements this document made, from pairs where it is the derived, spun side."""
    replaced_share: float = 0.0

    def disguise_spans(self) -> tuple[Span, ...]:
        """Spans that mark this document itself as disguised, for the direction vote.

        Respelled names are left out: each one is a difference between two articles
        ("Halink" here, "Hallink" there), found in both of them, so it cannot tell
        which of the two changed the name.
        """
        return tuple(t.span for t in self.tortured) + tuple(
            t.span for t in self.traces if t.kind != RESPELLED_NAME
        )


def analyse_document(
    doc: PreparedDoc,
    wordnet: WordNet | None,
    others: Sequence[PreparedDoc] = (),
    corpus_phrases: Mapping[str, int] | None = None,
    lexicon: Mapping[str, str] | None = None,
) -> DocumentEvidence:
    """Single-document analyses (``others``: articles it is linked with, for respelled names)."""
    tortured = find_tortured_phrases(
        doc, wordnet, corpus_phrases=corpus_phrases, lexicon=lexicon
    )
    traces = find_mt_traces(doc, others)
    return DocumentEvidence(
        quotes=find_quotes(doc),
        tortured=tortured,
        traces=traces,
        tortured_score=spin_score(doc, tortured),
        translation_score=translation_score(doc, traces),
    )


def add_pair_substitutions(
    evidence: Mapping[str, DocumentEvidence], prepared: Mapping[str, PreparedDoc],
    pairs: Sequence[PairResult],
) -> None:
    """Credit each derived, spun document with the replacements of its pairs (in place)."""
    replaced_words: dict[str, int] = {}
    aligned_words: dict[str, int] = {}
    for pair in pairs:
        derived = pair.derived()
        spun = [p for p in pair.passages if p.kind == "spun"]
        if derived is None or not spun or not pair.substitutions:
            continue
        b_is_derived = derived == pair.b
        doc = prepared[derived]
        rows = []
        for entry in pair.substitutions:
            for sa, sb in entry.occurrences:
                span_d, span_s = (sb, sa) if b_is_derived else (sa, sb)
                rows.append({
                    "kind": "substitution",
                    "span": list(span_d),
                    "text": doc.text[span_d[0] : span_d[1]],
                    "source": prepared[pair.source or ""].text[span_s[0] : span_s[1]],
                    "source_document": pair.source,
                })
        evidence[derived].substituted.extend(rows)
        replaced_words[derived] = replaced_words.get(derived, 0) + len(rows)
        aligned = sum(
            p.signals.get("tokens_b" if b_is_derived else "tokens_a", 0.0) for p in spun
        )
        aligned_words[derived] = aligned_words.get(derived, 0) + int(aligned)
    for doc_id, n in replaced_words.items():
        evidence[doc_id].replaced_share = min(1.0, n / max(1, aligned_words[doc_id]))


def spin_report(ev: DocumentEvidence) -> dict[str, Any]:
    """``documents[].spin``: a 0–1 score and the evidence spans."""
    rows: list[dict[str, Any]] = [
        {"kind": "tortured-phrase", "span": list(t.span), "text": t.phrase,
         "proposal": t.proposal, "confidence": round(t.score, 3), "found_by": t.source}
        for t in ev.tortured
    ]
    rows.extend(ev.substituted)
    rows.sort(key=lambda r: r["span"][0])
    # Replacing a third of the words in place is heavy spinning; tortured phrases
    # alone can also make the case.
    score = max(ev.tortured_score, min(1.0, ev.replaced_share * 3))
    return {"score": round(score, 4), "evidence": rows}


def translation_report(ev: DocumentEvidence) -> dict[str, Any]:
    """``documents[].translation``: a 0–1 score and the traces found."""
    return {
        "score": round(ev.translation_score, 4),
        "evidence": [
            {"kind": t.kind, "span": list(t.span), "text": t.text, "detail": t.detail}
            for t in ev.traces
        ],
    }
