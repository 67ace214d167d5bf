"""The kind of one aligned passage: how the reused text was (or was not) disguised.

Read off the word-by-word alignment of its two sides (:mod:`.token_alignment`):

* ``verbatim`` — the same words (nearly all in exact runs);
* ``edited`` — mostly the same words: a few replaced, a clause cut or added;
* ``spun`` — the words kept in place but many replaced one for one, the way an
  automatic synonym spinner does it (word order and length preserved);
* ``translated`` — as much text on both sides and the same content words, but the
  sentences rebuilt (word order changed, words merged or split), as a round trip
  through machine translation leaves it;
* ``paraphrase`` — rewritten with a different length: summarised or expanded.
"""

from __future__ import annotations

from dataclasses import dataclass

from wiretrace.align import AlignedPassage
from wiretrace.classify.settings import ClassifySettings
from wiretrace.classify.token_alignment import TokenAlignment
from wiretrace.records import Span

PASSAGE_KINDS = ("verbatim", "edited", "spun", "translated", "paraphrase")


@dataclass(frozen=True, slots=True)
class Passage:
    """One reused passage, classified: ``a`` and ``b`` are character ranges in the pair's
    two documents (``text[start:end]`` is the passage)."""

    a: Span
    b: Span
    kind: str
    """One of :data:`PASSAGE_KINDS`."""
    score: float
    """How closely the two ranges agree (0–1): share of aligned content words."""
    aligned: AlignedPassage
    """The aligner's measurements."""
    parallel_share: float
    substitution_share: float


def passage_kind(
    aligned: AlignedPassage, alignment: TokenAlignment, t: ClassifySettings | None = None
) -> str:
    """The kind of a passage given the word alignment of its two sides."""
    t = t or ClassifySettings()
    exact = aligned.exact_share
    subs = alignment.substitution_share
    parallel = alignment.parallel_share
    ratio = alignment.tokens_a / max(1, alignment.tokens_b)
    same_length = t.same_length[0] <= ratio <= t.same_length[1]
    changed = alignment.substituted + alignment.inserted + alignment.deleted
    if exact >= t.verbatim_exact and changed <= max(1, alignment.tokens_a // 100):
        return "verbatim"
    if parallel >= t.parallel and subs <= t.edited_max_substitution:
        return "edited"
    if parallel >= t.parallel and same_length:
        return "spun"
    if same_length:
        return "translated"
    if exact >= t.edited_min_exact:
        return "edited"
    return "paraphrase"


def classify_passage(
    aligned: AlignedPassage, alignment: TokenAlignment, t: ClassifySettings | None = None
) -> Passage:
    """The classified passage."""
    return Passage(
        a=aligned.a, b=aligned.b, kind=passage_kind(aligned, alignment, t),
        score=aligned.score, aligned=aligned, parallel_share=alignment.parallel_share,
        substitution_share=alignment.substitution_share,
    )
