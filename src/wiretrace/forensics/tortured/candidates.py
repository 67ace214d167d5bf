"""Candidates of the tortured-phrase detector: phrases of a document, each with a known
expression it may be a spun copy of.

Every short phrase of the document (2–3 tokens inside one sentence, content words at
both ends, words joined by spaces or hyphens; see :func:`.corpus.phrases`) is mapped
back word by word through :func:`.relations.word_links`. A phrase whose
back-translation is a WordNet multi-word expression, or a phrase other documents of the
corpus use, differing in at least one word, is a candidate; the phrase as written must
not itself be ordinary English (an expression, or an n-gram of WordNet's glosses).

Most phrases can stand for nothing: their first and last word reach no expression in
common (:func:`.relations.reaching`), and no phrase of the corpus is made of their
relatives. They are left first, before any of the tests above is run for them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from wiretrace.forensics.settings import SpinSettings
from wiretrace.forensics.tortured.corpus import Followers, corpus_followers, phrases
from wiretrace.forensics.tortured.relations import (
    KEEP,
    Link,
    common_ids,
    expression_ids,
    is_plural,
    nominal,
    plural_of,
    pool,
    reaching,
    remember,
    tables,
    word_links,
)
from wiretrace.lexicon.expressions import SAME, SIMILAR, SYNONYM, ExpressionIndex, expression_index
from wiretrace.lexicon.frequency import zipf
from wiretrace.lexicon.stopwords import STOPWORDS
from wiretrace.lexicon.wordnet import WordNet
from wiretrace.normalize.prepare import PreparedDoc


@dataclass(frozen=True, slots=True)
class Candidate:
    """A phrase of the document (tokens ``first..last``) and an expression it may stand for."""

    first: int
    last: int
    expression: tuple[str, ...]
    links: tuple[Link, ...]
    source: str
    """``"wordnet"`` or ``"corpus"``."""
    alternatives: int
    """How many expressions the phrase could stand for."""
    cooccurrence: int
    """WordNet glosses in which the phrase's two outer words both occur."""
    corpus_observed: int
    """Other documents that use the phrase as written."""
    corpus_expected: int
    """Other documents that use the expression."""
    rarity: float
    """How much rarer (Zipf) the rarest substitute is than the word it replaced."""
    continued: bool
    """A noun follows the phrase ("higher living *costs*"): its last word is no head."""


def _capitalised(doc: PreparedDoc, i: int, sentence_start: int) -> bool:
    """A capitalised token that does not open its sentence: a name, not a spun word."""
    return i != sentence_start and doc.text[doc.starts[i]].isupper()


def candidates(
    doc: PreparedDoc,
    wordnet: WordNet,
    corpus_phrases: Mapping[str, int] | None = None,
    settings: SpinSettings | None = None,
) -> Iterator[Candidate]:
    """Every (phrase, expression) pair of ``doc`` worth scoring."""
    s = settings or SpinSettings()
    index = expression_index(wordnet)
    corpus = {} if corpus_phrases is None else corpus_phrases
    links: dict[str, dict[str, Link]] = {}
    starts = _sentence_starts(doc)
    ends = _sentence_ends(doc)
    has_corpus = bool(corpus)
    followers = corpus_followers(corpus) if has_corpus else None
    for first, last, hyphen in phrases(doc):
        keys = doc.keys[first : last + 1]
        # Most phrases can stand for no expression at all: their outer words reach none in
        # common, and no phrase of the corpus is made of their relatives. Those are left
        # before anything else is looked up for them: what follows would find nothing.
        ids = _common_expressions(wordnet, index, keys, s.relations)
        by_wordnet = len(ids) > 0
        by_corpus = has_corpus and len(keys) == 2
        if not by_wordnet and not by_corpus:
            continue
        plural = has_corpus and is_plural(wordnet, keys[-1])
        combos = _corpus_combos(wordnet, index, keys, followers, plural, s) if by_corpus else []
        if not by_wordnet and not combos:
            continue
        for k in keys:
            if k not in links:
                links[k] = word_links(index, wordnet, k, s.relations)
        if _is_ordinary(index, doc, first, last, links, s.relations):
            continue
        if not _noun_phrase_shape(wordnet, index, keys):
            continue
        caps = [_capitalised(doc, i, starts[first]) for i in range(first, last + 1)]
        found = [
            (expression, link, source)
            for expression, link, source in _back_translations(
                wordnet, index, keys, hyphen, links, corpus, plural, s, ids, combos
            )
            if _case_fits(index, expression, source, caps, link)
        ]
        if not found:
            continue
        cooc = index.glosses.cooccurrence(doc.stems[first], doc.stems[last])
        observed = corpus.get(" ".join(keys), 0)
        continued = _continued(doc, wordnet, last, ends[first])
        for expression, link, source in found:
            yield Candidate(
                first=first,
                last=last,
                expression=expression,
                links=link,
                source=source,
                alternatives=len(found),
                cooccurrence=cooc,
                corpus_observed=observed,
                corpus_expected=(
                    _corpus_count(corpus, index, expression, plural) if corpus else 0
                ),
                rarity=max(
                    zipf(expression[i]) - zipf(keys[i])
                    for i in range(len(keys))
                    if link[i].relation != SAME
                ),
                continued=continued,
            )


def _common_expressions(
    wordnet: WordNet, index: ExpressionIndex, keys: list[str], relations: tuple[str, ...]
) -> Any:
    """Ids of the expressions of ``len(keys)`` words that have a relative of the phrase's
    first word first and one of its last word last (none, for most phrases)."""
    n = len(keys)
    return common_ids(reaching(index, wordnet, keys[0], 0, n, relations),
                      reaching(index, wordnet, keys[-1], n - 1, n, relations))


def _noun_phrase_shape(wordnet: WordNet, index: ExpressionIndex, keys: list[str]) -> bool:
    """Could ``keys`` be a (spun) noun phrase rather than words across a phrase boundary?

    An inflected verb with no noun or adjective reading ("police *said*", "*found*
    cable") ends or starts a clause, so the words do not form a compound. A bare verb
    where a noun should be ("confront acknowledgment", "food squander") is kept: that
    is what spinners write. Phrases with a number word are left alone too: spinners
    keep numbers.
    """
    for position, k in enumerate(keys):
        if k in STOPWORDS:
            continue
        if k in index.number_words:
            return False
        if nominal(wordnet, k) or (position < len(keys) - 1 and wordnet.lemmas(k, "r")):
            continue
        verbs = wordnet.lemmas(k, "v")
        if not verbs or any(lemma != k for _, lemma in verbs):
            return False
    return True


def _sentence_starts(doc: PreparedDoc) -> dict[int, int]:
    return {i: first for first, last in doc.sentences for i in range(first, last)}


def _sentence_ends(doc: PreparedDoc) -> dict[int, int]:
    return {i: last for first, last in doc.sentences for i in range(first, last)}


def _continued(doc: PreparedDoc, wordnet: WordNet, last: int, sentence_end: int) -> bool:
    """The token after ``last`` carries the noun phrase on (a noun, joined by a space)."""
    nxt = last + 1
    if nxt >= sentence_end or not doc.content[nxt] or not doc.keys[nxt].isalpha():
        return False
    if doc.text[doc.ends[last] : doc.starts[nxt]] != " ":
        return False
    return bool(wordnet.lemmas(doc.keys[nxt], "n"))


def _case_fits(
    index: ExpressionIndex,
    expression: tuple[str, ...],
    source: str,
    caps: list[bool],
    links: tuple[Link, ...],
) -> bool:
    """Capitals in the phrase (other than a sentence's first word) match the expression's.

    Spinners keep the case of what they replace: a name in running text stands only
    for a name ("Fresh York" for "New York"), and then only through close synonyms.
    """
    if not any(caps):
        return source == "corpus" or not index.expressions[expression].proper
    if source != "wordnet":
        return False
    written = index.expressions[expression].written.split()
    if len(written) != len(caps):
        return False
    for cap, word, link in zip(caps, written, links, strict=True):
        if cap and not word[:1].isupper():
            return False
        if link.relation not in (SAME, SYNONYM, SIMILAR):
            return False
    return True


def _is_ordinary(
    index: ExpressionIndex,
    doc: PreparedDoc,
    first: int,
    last: int,
    links: dict[str, dict[str, Link]],
    relations: tuple[str, ...],
) -> bool:
    """The phrase as written is itself an expression or occurs in WordNet's glosses."""
    keys = doc.keys[first : last + 1]
    if _is_expression(index, keys, links, relations):
        return True
    stems = tuple(doc.stems[first : last + 1])
    return remember(index, ("gloss", stems), lambda: index.glosses.has_ngram(stems))


def _modifies_expression(
    index: ExpressionIndex, keys: list[str], kept: list[int], links: dict[str, dict[str, Link]],
    relations: tuple[str, ...],
) -> bool:
    """The kept words of a 3-word phrase are an expression as written ("old *high school*"):
    the other word is an ordinary modifier, not a spun word of a longer expression."""
    if len(keys) != 3 or kept not in ([0, 1], [1, 2]):
        return False
    return _is_expression(index, keys[kept[0] : kept[1] + 1], links, relations)


def _is_expression(
    index: ExpressionIndex, keys: list[str], links: dict[str, dict[str, Link]],
    relations: tuple[str, ...],
) -> bool:
    """``keys`` (the last word in any base form) is a WordNet multi-word lemma."""
    last = keys[-1]
    forms = remember(index, ("forms", last, relations), lambda: tuple(
        tail for tail, link in links[last].items() if link.relation == SAME))
    head = tuple(keys[:-1])
    return any((*head, tail) in index.expressions for tail in forms)


def _back_translations(
    wordnet: WordNet,
    index: ExpressionIndex,
    keys: list[str],
    hyphen: bool,
    links: dict[str, dict[str, Link]],
    corpus: Mapping[str, int],
    plural: bool,
    s: SpinSettings,
    ids: Any,
    combos: list[tuple[str, ...]],
) -> Iterator[tuple[tuple[str, ...], tuple[Link, ...], str]]:
    """Known expressions that ``keys`` may stand for, with the link at each position
    (``plural``: the phrase is in the plural, for counting the corpus's uses; ``ids``:
    the WordNet expressions :func:`_common_expressions` found its outer words reach;
    ``combos``: the phrases of the corpus :func:`_corpus_combos` found for ``keys``)."""
    options = [links[k] for k in keys]
    seen: set[tuple[str, ...]] = set()
    if len(ids):
        for expression, chain in _wordnet_back_translations(wordnet, index, keys, hyphen,
                                                            links, options, s.relations, ids):
            seen.add(expression)
            yield expression, chain, "wordnet"
    if combos:
        observed = corpus.get(" ".join(keys), 0)
        yield from _corpus_back_translations(
            wordnet, index, keys, options, corpus, combos, seen, observed, plural, s
        )


def _wordnet_back_translations(
    wordnet: WordNet,
    index: ExpressionIndex,
    keys: list[str],
    hyphen: bool,
    links: dict[str, dict[str, Link]],
    options: list[dict[str, Link]],
    relations: tuple[str, ...],
    ids: Any,
) -> list[tuple[tuple[str, ...], tuple[Link, ...]]]:
    """WordNet's expressions that ``keys`` may stand for (the same in every document, so
    kept in the index's memo): those of ``ids`` (:func:`_common_expressions`), whose first
    word is a relative of the phrase's first word and whose last word one of its last
    word's, in the order of the first word's relatives, each checked at every position."""
    return remember(index, ("expressions", tuple(keys), hyphen, relations),
                    lambda: _find_expressions(index, keys, hyphen, links, options,
                                              relations, ids))


def _find_expressions(
    index: ExpressionIndex,
    keys: list[str],
    hyphen: bool,
    links: dict[str, dict[str, Link]],
    options: list[dict[str, Link]],
    relations: tuple[str, ...],
    ids: Any,
) -> list[tuple[tuple[str, ...], tuple[Link, ...]]]:
    n = len(keys)
    if not len(ids):
        return []
    listed = expression_ids(index)
    candidates = [listed[i] for i in ids.tolist()]
    order = {w: k for k, w in enumerate(options[0])}
    rank = _ranks(index)
    out: list[tuple[tuple[str, ...], tuple[Link, ...]]] = []
    for expression in sorted(candidates, key=lambda e: (order[e[0]], rank[e])):
        if index.expressions[expression].hyphenated != hyphen:
            continue
        found = [options[i].get(expression[i]) for i in range(n)]
        chain = tuple(link for link in found if link is not None)
        if len(chain) != n or all(link.relation == SAME for link in chain):
            continue
        kept = [i for i, link in enumerate(chain) if link.relation == SAME]
        if _modifies_expression(index, keys, kept, links, relations):
            continue
        out.append((expression, chain))
    return out


def _ranks(index: ExpressionIndex) -> dict[tuple[str, ...], int]:
    """Each expression's place among those with its first word and length."""
    built = tables(index)
    if "ranks" not in built:
        built["ranks"] = {e: k for group in index.by_first_length.values()
                          for k, e in enumerate(group)}
    return built["ranks"]  # type: ignore[no-any-return]


def _corpus_combos(
    wordnet: WordNet,
    index: ExpressionIndex,
    keys: list[str],
    followers: Followers | None,
    plural: bool,
    s: SpinSettings,
) -> list[tuple[str, ...]]:
    """Combinations of the relatives of the two words of ``keys`` that
    :func:`_corpus_back_translations` tries, in the order the patterns take them (the
    second word swapped, the first, both): at most ``s.pool`` relatives of each word, the
    closest first (``s.pool_pair`` of each when both are swapped). With the corpus's
    ``followers`` known, only the combinations that are a phrase of the corpus
    (``plural``: with its last word in the plural, or not)."""
    k0, k1 = keys
    one, two = (pool(index, wordnet, k, s.pool, s.relations) for k in keys)
    if followers is None:  # a plain mapping: every combination is looked up
        return [*((k0, w) for w in two[: s.pool]), *((w, k1) for w in one[: s.pool]),
                *itertools.product(one[: s.pool_pair], two[: s.pool_pair])]
    # No phrase of the corpus opens with the first word or one of its relatives, or
    # none goes on with the second word or one of its relatives: nothing to try.
    by_first, seconds = followers.after, followers.seconds
    if k0 not in by_first and by_first.keys().isdisjoint(one):
        return []
    if k1 not in seconds and seconds.isdisjoint(two) and not (
        plural and any(plural_of(index, w) in seconds for w in (k1, *two))
    ):
        return []

    def follows(after: AbstractSet[str], w: str) -> bool:
        """``w`` is in the phrase's second place, or (``plural``) its plural is."""
        return w in after or (plural and plural_of(index, w) in after)

    out: list[tuple[str, ...]] = []
    after = by_first.get(k0)
    if after is not None:
        out.extend((k0, w) for w in two[: s.pool] if follows(after, w))
    for w in one[: s.pool]:
        after = by_first.get(w)
        if after is not None and follows(after, k1):
            out.append((w, k1))
    pair_two = two[: s.pool_pair]
    for w0 in one[: s.pool_pair]:
        after = by_first.get(w0)
        if after is not None:
            out.extend((w0, w1) for w1 in pair_two if follows(after, w1))
    return out


def _corpus_back_translations(
    wordnet: WordNet,
    index: ExpressionIndex,
    keys: list[str],
    options: list[dict[str, Link]],
    corpus: Mapping[str, int],
    combos: list[tuple[str, ...]],
    seen: set[tuple[str, ...]],
    observed: int,
    plural: bool,
    s: SpinSettings,
) -> Iterator[tuple[tuple[str, ...], tuple[Link, ...], str]]:
    """Phrases used by more documents of the corpus than ``keys`` that ``keys`` may stand
    for, among the ``combos`` of :func:`_corpus_combos`."""
    needed = max(s.min_corpus_docs, observed + 1)
    for combo in combos:
        if combo in seen:
            continue
        # The corpus count (a lookup) rules out nearly every combination before the
        # WordNet test does.
        if _corpus_count(corpus, index, combo, plural) < needed:
            continue
        if _odd_substitutes(wordnet, combo, keys, s.rarer):
            seen.add(combo)
            yield combo, tuple(options[i].get(w, KEEP) for i, w in enumerate(combo)), "corpus"


def _odd_substitutes(
    wordnet: WordNet, expression: tuple[str, ...], keys: list[str], rarer: float
) -> bool:
    """The words of ``keys`` look like substitutes for those of ``expression``, not the reverse.

    A substitute is clearly rarer in general English than the word it would replace
    (spinners reach for unusual synonyms), or is a bare verb or adverb where the
    expression has a noun or adjective ("provide chain" for "supply chain"). Two
    documents that merely word something differently are not evidence either way.
    """
    pairs = [(e, k) for e, k in zip(expression, keys, strict=True) if e != k]
    if any(zipf(k) < zipf(e) - rarer for e, k in pairs):
        return True
    return any(
        nominal(wordnet, e) and not nominal(wordnet, k) and wordnet.lemmas(k) for e, k in pairs
    )


def _corpus_count(
    corpus: Mapping[str, int], index: ExpressionIndex, expression: tuple[str, ...], plural: bool
) -> int:
    """Documents of the corpus using the expression, as it is or (``plural``: the phrase is
    in the plural) with its last word in the plural."""
    count = corpus.get(" ".join(expression), 0)
    if plural:
        written = " ".join((*expression[:-1], plural_of(index, expression[-1])))
        count = max(count, corpus.get(written, 0))
    return count

