"""What aligning reads of one document, built once per document.

A document meets many others in a scan; its hashed word n-grams (the exact layer) and
its sentences' bags of content words as sparse matrices (the fuzzy layer) are the same
for every pair, and building them was most of the cost of aligning one pair. An
:class:`AlignIndex` holds them; the caller keeps it for the document's next pair."""

from __future__ import annotations

from dataclasses import dataclass

from wiretrace.align.runs import Grams, ngram_index
from wiretrace.align.sentence_match import SentenceMatrices, sentence_matrices
from wiretrace.align.settings import AlignSettings
from wiretrace.normalize.prepare import PreparedDoc

SHORT_RUN = 2
"""Tokens of the short runs attached to the ends of exact blocks."""


@dataclass(frozen=True, slots=True)
class AlignIndex:
    seeds: Grams
    """The document's ``seed_ngram``-grams."""
    short: Grams | None
    """Its two-word n-grams (only when short runs are attached to blocks)."""
    matrices: SentenceMatrices | None
    """Its sentences as sparse matrices (only when the sentence layer is on)."""


def align_index(doc: PreparedDoc, settings: AlignSettings) -> AlignIndex:
    """The alignment index of ``doc`` under ``settings``. Words are numbered by their
    string hashes: indexes compare only with those built in the same process."""
    return AlignIndex(
        seeds=ngram_index(doc, settings.seed_ngram),
        short=ngram_index(doc, SHORT_RUN) if settings.attach_short_runs else None,
        matrices=sentence_matrices(doc) if settings.sentence_layer else None,
    )
