"""Tortured phrases: fixed expressions spun word by word into synonyms, found in one document.

A spinner replaces the words of a fixed expression one at a time ("Cold War" →
"Chilly Battle", "press conference" → "squeeze meeting"). The result is made of
ordinary words, but as a combination it is not English: a reader recognises the
expression only by translating each word back. This package does the same, with no
list of known tortured phrases or of known expressions:

1. **Expressions.** WordNet's multi-word lemmas (``cold_war``, ``press_conference``
   … about 60,000 nouns and adjectives) are a lexicon of fixed expressions; phrases
   that other documents of the scan use (``corpus_phrases``, :mod:`.corpus`) are a
   second one.
2. **Back-translation** (:mod:`.candidates`, :mod:`.relations`). Every short phrase of
   the document is mapped back word by word: each word may stay, or become a WordNet
   relative — a synonym (same synset), a similar adjective, a direct hypernym or
   hyponym. A phrase whose back-translation is a known expression differing in at
   least one word is a candidate.
3. **Oddness** (:mod:`.model`). A candidate is scored by how close the substitutes are
   to the expression's words (relation, sense rank, part of speech of the head), how
   many words were replaced, how many expressions the phrase could stand for, and how
   unusual the phrase as written is. WordNet's definitions and examples (≈1.5 million
   words of ordinary English) stand in for bigram counts: a phrase that occurs in them
   is ordinary English and is never flagged, and two words that never meet in any
   definition make an odd pair. Evidence from the corpus raises the score.

An optional user lexicon (``{"tortured": "correct"}``, see
:mod:`wiretrace.forensics.user_lexicon`) is matched as well; its hits are certain
(score 1, source ``"lexicon"``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping

from wiretrace.forensics.settings import SpinSettings
from wiretrace.forensics.tortured.candidates import Candidate, candidates
from wiretrace.forensics.tortured.corpus import PhraseCounts, excluding, phrase_counts
from wiretrace.forensics.tortured.model import score_candidate
from wiretrace.forensics.tortured.phrase import TorturedPhrase
from wiretrace.forensics.tortured.relations import is_plural, plural_form
from wiretrace.forensics.user_lexicon import lexicon_hits
from wiretrace.lexicon.expressions import ExpressionIndex, expression_index
from wiretrace.lexicon.wordnet import WordNet
from wiretrace.normalize.prepare import PreparedDoc

__all__ = ["PhraseCounts", "TorturedPhrase", "excluding", "find_tortured_phrases",
           "phrase_counts", "spin_score"]


def find_tortured_phrases(
    doc: PreparedDoc,
    wordnet: WordNet | None,
    *,
    corpus_phrases: Mapping[str, int] | None = None,
    lexicon: Mapping[str, str] | None = None,
    settings: SpinSettings | None = None,
) -> list[TorturedPhrase]:
    """Phrases of ``doc`` that read like spun fixed expressions, in text order.

    ``wordnet`` supplies the expressions and the word relations; without it only the
    lexicon is used. ``corpus_phrases`` counts, for each phrase, how many *other*
    documents of the scan use it: :func:`phrase_counts` over the other documents, or
    ``excluding(phrase_counts(all_docs), doc)``. (Counts that include ``doc`` itself
    still work, but weaken the corpus evidence by one document.) ``lexicon`` maps
    tortured phrases to their correct form (see :mod:`wiretrace.forensics.user_lexicon`;
    wrap it once in a ``Lexicon`` when scanning many documents). Finds never overlap: the highest
    score wins.
    """
    s = settings or SpinSettings()
    found: list[TorturedPhrase] = []
    if lexicon:
        found.extend(lexicon_hits(doc, lexicon))
    if wordnet is not None:
        found.extend(_spin_hits(doc, wordnet, {} if corpus_phrases is None else corpus_phrases, s))
    kept = _non_overlapping([f for f in found if f.score >= s.min_score])
    return sorted(kept, key=lambda f: f.span)


def _spin_hits(
    doc: PreparedDoc, wordnet: WordNet, corpus: Mapping[str, int], s: SpinSettings
) -> Iterator[TorturedPhrase]:
    index = expression_index(wordnet)
    best: dict[tuple[int, int], tuple[float, Candidate]] = {}
    for cand in candidates(doc, wordnet, corpus, s):
        score = score_candidate(cand, s)
        key = (cand.first, cand.last)
        if key not in best or score > best[key][0]:
            best[key] = (score, cand)
    for (first, last), (score, cand) in best.items():
        span = (doc.starts[first], doc.ends[last])
        proposal = _proposal(index, cand, doc.keys[last], wordnet)
        yield TorturedPhrase(span, doc.text[span[0] : span[1]], proposal, score, cand.source)


def _proposal(index: ExpressionIndex, cand: Candidate, last_key: str, wordnet: WordNet) -> str:
    """The expression as it would be written in place of the phrase (a plural kept)."""
    info = index.expressions.get(cand.expression) if cand.source == "wordnet" else None
    words = (info.written if info else " ".join(cand.expression)).split()
    if last_key != cand.expression[-1] and is_plural(wordnet, last_key):
        words[-1] = plural_form(index, words[-1])
    return " ".join(words)


def spin_score(
    doc: PreparedDoc, found: list[TorturedPhrase], settings: SpinSettings | None = None
) -> float:
    """How spun ``doc`` reads, 0–1: confidence-weighted tortured phrases per 1,000 words.

    Each distinct phrase counts once, at its highest confidence: written again, it is
    the same choice (and, when it is a false flag, the same mistake). The first find
    does not count (``free_finds``): ordinary text yields about one false flag per 2,000
    words, so a single odd phrase in an article is no evidence of spinning. Beyond it,
    one sure find per 1,000 words gives about 0.4, three about 0.8.
    """
    s = settings or SpinSettings()
    words = sum(1 for b in doc.boiler if not b)
    if not words or not found:
        return 0.0
    distinct: dict[tuple[str, str], float] = {}
    for f in found:
        key = (" ".join(f.phrase.lower().split()), (f.proposal or "").lower())
        distinct[key] = max(distinct.get(key, 0.0), f.score)
    rate = max(0.0, sum(distinct.values()) - s.free_finds) * 1000.0 / max(words, s.min_words)
    return 1.0 - math.exp(-rate / s.score_scale)


def _non_overlapping(found: list[TorturedPhrase]) -> list[TorturedPhrase]:
    kept: list[TorturedPhrase] = []
    order = sorted(found, key=lambda f: (-f.score, -(f.span[1] - f.span[0]), f.span))
    for f in order:
        if all(f.span[1] <= k.span[0] or f.span[0] >= k.span[1] for k in kept):
            kept.append(f)
    return kept

