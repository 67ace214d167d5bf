"""The substitution table of a pair: which words stand in one text where the other had others.

Read off the word alignment of each non-verbatim passage. A spinner's work shows
as the same replacements made again and again ("instructed" for "told",
"officers" for "officials"); each distinct replacement is counted, with every
place it occurs. Replacements of numbers or of function words alone are facts or
grammar, not spin, and are left out. The table is oriented later, once the
provenance stage knows which side is the original.

Only supported replacements are kept (:func:`support`): words that WordNet relates in
one step (a shared sense, a similar adjective, a broader or narrower word), words of
one stem family or spelling variants, or a replacement made consistently (two or more
times). The rest is the aligner pairing words that merely stand in the same place
("wages" for "reporters" in a rebuilt sentence, "MOSCOW" for "Russia" in a headline).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wiretrace.classify.token_alignment import Substitution, TokenAlignment
from wiretrace.lexicon.expressions import ExpressionIndex, expression_index
from wiretrace.lexicon.frequency import zipf
from wiretrace.lexicon.spelling import spelling_variant
from wiretrace.lexicon.thesaurus import neighbours
from wiretrace.lexicon.wordnet import WordNet
from wiretrace.normalize.prepare import PreparedDoc
from wiretrace.records import Span


@dataclass(frozen=True, slots=True)
class SubstitutionEntry:
    """One distinct replacement between the two sides of a pair, and where it occurs."""

    a: str
    b: str
    occurrences: tuple[tuple[Span, Span], ...] = ()
    synonyms: bool = False
    """True when WordNet lists the two words as sharing a sense (single words only)."""
    support: str = "recurring"
    """Why the replacement is shown (:data:`SUPPORTS`)."""

    @property
    def count(self) -> int:
        return len(self.occurrences)

    def usualness(self) -> tuple[float, float]:
        """Mean Zipf frequency of the content words of side a and of side b."""
        return _usualness(self.a), _usualness(self.b)


SUPPORTS = ("synonym", "similar", "hypernym", "hyponym", "same-stem", "spelling-variant",
            "recurring")
"""What makes a replacement more than alignment noise: the WordNet relation of the two
words (``hypernym``: the word of side ``a`` is the broader one, ``hyponym``: the
narrower one), one stem family, a spelling
variant, or the same replacement made two or more times in the pair."""

MIN_RECURRING = 2


def _word_support(
    index: ExpressionIndex | None, a: PreparedDoc, x: int, b: PreparedDoc, y: int
) -> str | None:
    ka, kb = a.keys[x], b.keys[y]
    if spelling_variant(ka, kb):
        return "spelling-variant"
    short, long_ = sorted((a.stems[x], b.stems[y]), key=len)
    if len(short) >= 4 and short in long_:
        return "same-stem"
    if index is not None:
        return neighbours(index, b.senses[y], a.senses[x])  # "hypernym": a's is broader
    return None


def support(
    index: ExpressionIndex | None, a: PreparedDoc, sub: Substitution, b: PreparedDoc,
    count: int,
) -> str | None:
    """Why the replacement ``sub`` is more than alignment noise (one of :data:`SUPPORTS`),
    or ``None``: a phrase for a phrase is supported when one of its words is by one of
    the other's."""
    for x in range(sub.a0, sub.a1):
        for y in range(sub.b0, sub.b1):
            found = _word_support(index, a, x, b, y)
            if found is not None:
                return found
    return "recurring" if count >= MIN_RECURRING else None


def _usualness(phrase: str) -> float:
    words = [w for w in phrase.lower().split() if w.isalpha()]
    return sum(zipf(w) for w in words) / len(words) if words else 0.0


def _phrase(doc: PreparedDoc, first: int, last: int) -> str:
    return doc.text[doc.starts[first] : doc.ends[last - 1]]


def _is_spin(sub: Substitution, a: PreparedDoc, b: PreparedDoc) -> bool:
    content_a = any(a.content[t] and not a.keys[t][:1].isdigit() for t in range(sub.a0, sub.a1))
    content_b = any(b.content[t] and not b.keys[t][:1].isdigit() for t in range(sub.b0, sub.b1))
    return content_a and content_b


def _is_expression(wordnet: WordNet | None, doc: PreparedDoc, first: int, last: int) -> bool:
    if wordnet is None or last - first < 2:
        return False
    lemma = "_".join(doc.keys[first:last])
    return any(lemma in wordnet.senses[pos] for pos in ("n", "v", "a", "r"))


def _join_expressions(
    subs: list[Substitution], a: PreparedDoc, b: PreparedDoc, wordnet: WordNet | None
) -> list[Substitution]:
    """Merge adjacent one-word substitutions where either side reads as a fixed expression.

    "squeeze meeting" for "press conference" is one replacement of the expression, not
    two independent ones.
    """
    out: list[Substitution] = []
    for sub in subs:
        prev = out[-1] if out else None
        if (
            prev is not None and prev.a1 == sub.a0 and prev.b1 == sub.b0
            and (_is_expression(wordnet, a, prev.a0, sub.a1)
                 or _is_expression(wordnet, b, prev.b0, sub.b1))
        ):
            out[-1] = Substitution(prev.a0, sub.a1, prev.b0, sub.b1)
        else:
            out.append(sub)
    return out


def substitution_table(
    a: PreparedDoc,
    b: PreparedDoc,
    alignments: Iterable[TokenAlignment],
    wordnet: WordNet | None = None,
) -> list[SubstitutionEntry]:
    """Distinct supported content-word replacements over all given alignments, most
    frequent first."""
    index = expression_index(wordnet) if wordnet is not None else None
    first: dict[tuple[str, str], tuple[str, str, bool]] = {}
    places: dict[tuple[str, str], list[tuple[Span, Span]]] = {}
    subs: dict[tuple[str, str], Substitution] = {}
    for alignment in alignments:
        for sub in _join_expressions(list(alignment.substitutions), a, b, wordnet):
            if not _is_spin(sub, a, b):
                continue
            key = (" ".join(a.keys[sub.a0 : sub.a1]), " ".join(b.keys[sub.b0 : sub.b1]))
            if key not in first:
                single = sub.a1 - sub.a0 == 1 and sub.b1 - sub.b0 == 1
                synonyms = single and not set(a.senses[sub.a0]).isdisjoint(b.senses[sub.b0])
                first[key] = (_phrase(a, sub.a0, sub.a1), _phrase(b, sub.b0, sub.b1), synonyms)
                places[key] = []
                subs[key] = sub
            places[key].append(
                ((a.starts[sub.a0], a.ends[sub.a1 - 1]), (b.starts[sub.b0], b.ends[sub.b1 - 1]))
            )
    table = []
    for key, (pa, pb, syn) in first.items():
        why = support(index, a, subs[key], b, len(places[key]))
        if why is not None:
            table.append(SubstitutionEntry(pa, pb, tuple(places[key]), syn, why))
    return sorted(table, key=lambda e: (-e.count, e.a.lower()))
