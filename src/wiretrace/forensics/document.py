"""Per-document disguise evidence: spin and machine-translation traces, with spans.

What can be seen in one article alone — tortured phrases (:mod:`.tortured`),
machine-translation traces (:mod:`.mt_traces`, respelled names against the articles
it is linked with), quotations (:mod:`.quotes`). The first step of the forensics stage.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wiretrace.forensics.mt_traces import RESPELLED_NAME, Trace, find_mt_traces, translation_score
from wiretrace.forensics.quotes import Quote, find_quotes
from wiretrace.forensics.settings import ForensicsSettings
from wiretrace.forensics.tortured import TorturedPhrase, find_tortured_phrases, spin_score
from wiretrace.lexicon.wordnet import WordNet
from wiretrace.normalize.prepare import PreparedDoc
from wiretrace.records import Span


@dataclass(frozen=True, slots=True)
class DocumentEvidence:
    """What the single-document analyses found in one document."""

    quotes: tuple[Quote, ...] = ()
    tortured: tuple[TorturedPhrase, ...] = ()
    traces: tuple[Trace, ...] = ()
    tortured_score: float = 0.0
    translation_score: float = 0.0

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
    settings: ForensicsSettings | None = None,
) -> DocumentEvidence:
    """The evidence of one document (``others``: the articles it is linked with, for
    respelled names; ``corpus_phrases``: the other documents' phrase counts)."""
    s = settings or ForensicsSettings()
    tortured = find_tortured_phrases(
        doc, wordnet, corpus_phrases=corpus_phrases, lexicon=lexicon, settings=s.spin
    )
    traces = find_mt_traces(doc, wordnet, others, s.translation)
    return DocumentEvidence(
        quotes=tuple(find_quotes(doc, s.quotes)),
        tortured=tuple(tortured),
        traces=tuple(traces),
        tortured_score=spin_score(doc, tortured, s.spin),
        translation_score=translation_score(doc, traces, s.translation),
    )
