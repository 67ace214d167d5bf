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

from wiretrace.classify.token_alignment import TokenAlignment
from wiretrace.records import Passage

PASSAGE_KINDS = ("verbatim", "edited", "spun", "translated", "paraphrase")


@dataclass(frozen=True, slots=True)
class KindThresholds:
    verbatim_exact: float = 0.95
    """Share of words inside exact runs for ``verbatim``."""
    edited_max_substitution: float = 0.12
    """At most this share of the kept-or-replaced words replaced, for ``edited``."""
    parallel: float = 0.75
    """Share of words kept or replaced in place, for ``edited`` and ``spun``."""
    same_length: tuple[float, float] = (0.75, 1.33)
    """Length ratio (words of a / words of b) for ``spun`` and ``translated``."""


def classify_passage(
    passage: Passage, alignment: TokenAlignment, t: KindThresholds | None = None
) -> str:
    """The kind of ``passage`` given the word alignment of its two sides."""
    t = t or KindThresholds()
    exact = passage.signals.get("exact_share", 0.0)
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
    if exact >= 0.6:
        return "edited"
    return "paraphrase"
