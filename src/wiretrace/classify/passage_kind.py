"""The kind of one aligned passage: how the reused text was (or was not) disguised.

Read off the word-by-word alignment of its two sides (:mod:`.token_alignment`):

* ``verbatim`` — the same words (nearly all in exact runs);
* ``edited`` — mostly the same words: a few replaced, a clause cut or added;
* ``spun`` — a spinner's signature (:mod:`.rewording`): many content words swapped
  one for one for thesaurus neighbours, those swaps a good share of all the words
  replaced, and the length kept within a third;
* ``translated`` — a round trip's signature: about as long on both sides, most content
  words kept, the sentences in the same order (a translation goes sentence by
  sentence), and the grammar around them rebuilt (function words changed, words
  inflected differently);
* ``paraphrase`` — rewritten otherwise: summarised or expanded, or reworded without
  either signature (or too short a passage for one).

Rewording that resembles a tool's is not enough on its own: an editor who rewrites a
lead sentence also keeps its content words and changes the grammar, so a passage
needs ``spun_min_words`` / ``translated_min_words`` words before it is called spun or
translated.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wiretrace.align import AlignedPassage
from wiretrace.classify.rewording import Rewording
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
    rewording: Rewording = field(default_factory=Rewording)
    """How one side was reworded into the other: the evidence for the kind."""


def spinner_signature(r: Rewording, t: ClassifySettings) -> bool:
    """Many content words swapped one for one for thesaurus neighbours, and those swaps
    a good share of the replacements."""
    return (r.words >= t.spun_min_words and r.thesaurus_swaps >= t.spun_min_swaps
            and r.swap_share >= t.spun_min_swap_share
            and r.neighbour_share >= t.spun_min_neighbour_share)


def round_trip_signature(r: Rewording, t: ClassifySettings) -> bool:
    """Most content words kept, sentence by sentence in the same order, and the grammar
    around them rebuilt."""
    return (r.words >= t.translated_min_words and r.kept_share >= t.translated_min_kept
            and r.moved_share <= t.translated_max_moved
            and r.grammar_change >= t.translated_min_grammar)


def passage_kind(
    aligned: AlignedPassage, alignment: TokenAlignment, rewording: Rewording,
    t: ClassifySettings | None = None,
) -> str:
    """The kind of a passage given the word alignment of its two sides and how one was
    reworded into the other."""
    t = t or ClassifySettings()
    exact = aligned.exact_share
    subs = alignment.substitution_share
    parallel = alignment.parallel_share
    ratio = alignment.tokens_a / max(1, alignment.tokens_b)
    same_length = t.same_length[0] <= ratio <= t.same_length[1]
    spun_length = t.spun_length[0] <= ratio <= t.spun_length[1]
    changed = alignment.substituted + alignment.inserted + alignment.deleted
    if exact >= t.verbatim_exact and changed <= max(1, alignment.tokens_a // 100):
        return "verbatim"
    if parallel >= t.parallel and subs <= t.edited_max_substitution:
        return "edited"
    if spun_length and spinner_signature(rewording, t):
        return "spun"
    if exact >= t.edited_min_exact:
        return "edited"  # mostly the same words, paragraphs moved or clauses cut
    if same_length and round_trip_signature(rewording, t):
        return "translated"
    return "paraphrase"


def classify_passage(
    aligned: AlignedPassage, alignment: TokenAlignment, rewording: Rewording,
    t: ClassifySettings | None = None,
) -> Passage:
    """The classified passage."""
    return Passage(
        a=aligned.a, b=aligned.b, kind=passage_kind(aligned, alignment, rewording, t),
        score=aligned.score, aligned=aligned, parallel_share=alignment.parallel_share,
        substitution_share=alignment.substitution_share, rewording=rewording,
    )
