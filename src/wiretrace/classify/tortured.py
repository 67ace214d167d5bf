"""Tortured phrases: fixed expressions spun word by word into synonyms, found in one document.

A spinner replaces the words of a fixed expression one at a time ("Cold War" →
"Chilly Battle", "press conference" → "squeeze meeting"). The result is made of
ordinary words, but as a combination it is not English: a reader recognises the
expression only by translating each word back. This module does the same, with no
list of known tortured phrases or of known expressions:

1. **Expressions.** WordNet's multi-word lemmas (``cold_war``, ``press_conference``
   … about 60,000 nouns and adjectives) are a lexicon of fixed expressions; phrases
   that other documents of the scan use (``corpus_phrases``) are a second one.
2. **Back-translation.** Every short phrase of the document (2–3 tokens inside one
   sentence, content words at both ends, words joined by spaces or hyphens) is
   mapped back word by word: each word may stay, or become a WordNet relative — a
   synonym (same synset), a similar adjective, a direct hypernym or hyponym. A phrase
   whose back-translation is a known expression differing in at least one word is a
   candidate.
3. **Oddness.** A candidate is scored (a logistic model with hand-set weights, see
   :func:`score_candidate`) by how close the substitutes are to the expression's
   words (relation, sense rank, part of speech of the head), how many words were
   replaced, how many expressions the phrase could stand for, and how unusual the
   phrase as written is. WordNet's definitions and examples (≈1.5 million words of
   ordinary English) stand in for bigram counts, which wordfreq does not have: a
   phrase that occurs in them is ordinary English and is never flagged, and two
   words that never meet in any definition make an odd pair. Evidence from the
   corpus (other articles of the story say "press conference") raises the score.

An optional user lexicon (``{"tortured": "correct"}``, see
:mod:`wiretrace.classify.user_lexicon`) is matched as well; its hits are certain
(score 1, source ``"lexicon"``).

The expensive index (expressions by first word, WordNet relations, gloss n-grams
and gloss postings, :mod:`wiretrace.lexicon.expressions`) is built once per process
(a few seconds); detection then costs a few milliseconds per document.
"""


from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from wiretrace.classify.user_lexicon import lexicon_hits
from wiretrace.lexicon.expressions import (
    HYPERNYM,
    HYPONYM,
    MAX_N,
    MEMO_LIMIT,
    SAME,
    SIMILAR,
    SYNONYM,
    ExpressionIndex,
    expression_index,
)
from wiretrace.lexicon.frequency import zipf
from wiretrace.lexicon.stopwords import STOPWORDS
from wiretrace.lexicon.wordnet import WordNet
from wiretrace.normalize.prepare import PreparedDoc
from wiretrace.records import TorturedPhrase

MIN_CORPUS_DOCS = 1
"""Other documents that must use a phrase before it counts as an expression of the corpus."""

_POOL = 40
"""Relatives per word tried against the corpus (the closest first) when one word is replaced."""

_POOL_PAIR = 15
"""The same when two words are replaced."""

_RARER = 0.3
"""Zipf margin by which a substitute must be rarer than the word it replaced."""

_RELATION_ORDER = {SAME: -1, SYNONYM: 0, SIMILAR: 1, HYPERNYM: 2, HYPONYM: 3}

# Only whitespace or a single hyphen may separate the words of a phrase.
_JOINER = re.compile(r"[ \t]*|[ \t]*-[ \t]*|\s")


# ------------------------------------------------------------------ back-translation


@dataclass(frozen=True, slots=True)
class Link:
    """How a written word relates to a word it may stand for."""

    relation: str
    rank: int
    """Sense number (0 = most frequent) of the written word through which the link runs."""
    pos: str
    """Part of speech of that sense (``""`` for the word itself)."""
    target_rank: int = 0
    """Sense number of the replaced word through which the link runs."""


_KEEP = Link(SAME, 0, "")


def _links(index: ExpressionIndex, wordnet: WordNet, key: str) -> dict[str, Link]:
    """Words a spinner may have replaced by ``key`` (and ``key``'s own base forms).

    The same for every document, so kept in the index's memo for the next one (read
    only: callers never change the dict).
    """
    memo_key = ("links", key)
    found = index.memo.get(memo_key)
    if found is None:
        if len(index.memo) >= MEMO_LIMIT:
            index.memo.clear()
        found = index.memo[memo_key] = _word_links(index, wordnet, key)
    return found


def _word_links(index: ExpressionIndex, wordnet: WordNet, key: str) -> dict[str, Link]:
    out: dict[str, Link] = {key: _KEEP}
    if key in STOPWORDS or key in index.number_words:
        return out

    def add(word: str, link: Link) -> None:
        old = out.get(word)
        if old is None or _link_order(link) < _link_order(old):
            out[word] = link

    def target_rank(word: str, sid: str) -> int:
        senses = wordnet.senses[sid[0]].get(word, ())
        return senses.index(sid) if sid in senses else len(senses)

    for pos, lemma in _base_forms(wordnet, key):
        add(lemma, Link(SAME, 0, pos))
        for rank, sid in enumerate(wordnet.senses[pos][lemma]):
            for word in index.members.get(sid, ()):
                add(word, Link(SYNONYM, rank, pos, target_rank(word, sid)))
            for relation, target in index.pointers.get(sid, ()):
                for word in index.members.get(target, ()):
                    add(word, Link(relation, rank, pos, target_rank(word, target)))
    # Spelling variants ("labour" for "labor") are the same word, not a substitute.
    for word, link in list(out.items()):
        if link.relation != SAME and _spelling_variant(key, word):
            out[word] = Link(SAME, 0, link.pos)
    return out


def _base_forms(wordnet: WordNet, key: str) -> list[tuple[str, str]]:
    """WordNet base forms of ``key``, without comparatives made up by the suffix rules.

    Morphy reads "offer" as the comparative of "off"; a word that is itself a noun or a
    verb is not taken for the comparative of a different adjective.
    """
    found = wordnet.lemmas(key)
    own = any(lemma == key for pos, lemma in found if pos in "nv")
    return [(pos, lemma) for pos, lemma in found if not (own and pos == "a" and lemma != key)]


def _link_order(link: Link) -> tuple[int, int]:
    return _RELATION_ORDER[link.relation], link.rank + link.target_rank


def _spelling_variant(a: str, b: str) -> bool:
    """British and American spellings and the like: "labour"/"labor", "centre"/"center",
    "organise"/"organize", "defence"/"defense", "travelled"/"traveled".

    One letter added or dropped, two neighbours swapped, or ``s``/``z``/``c`` exchanged;
    any other substitution makes a different word ("charge"/"change").
    """
    if min(len(a), len(b)) < 4 or a[:2] != b[:2] or a == b:
        return False
    if len(a) != len(b):
        return OSA.distance(a, b) == 1
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diffs) == 2 and diffs[1] == diffs[0] + 1:
        i = diffs[0]
        return a[i] == b[i + 1] and a[i + 1] == b[i]
    return len(diffs) == 1 and {a[diffs[0]], b[diffs[0]]} <= {"s", "z", "c"}


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


def _usable_edge(doc: PreparedDoc, i: int) -> bool:
    key = doc.keys[i]
    return doc.content[i] and key.isalpha() and len(key) > 2


def _phrases(doc: PreparedDoc) -> Iterator[tuple[int, int, bool]]:
    """Token ranges ``[first, last]`` of 2–3 tokens inside a sentence, content at both ends.

    The flag tells whether the words are joined by hyphens.
    """
    for s_first, s_last in doc.sentences:
        for first in range(s_first, s_last):
            if not _usable_edge(doc, first):
                continue
            hyphen = False
            for last in range(first + 1, min(first + MAX_N, s_last)):
                gap = doc.text[doc.ends[last - 1] : doc.starts[last]]
                if not _JOINER.fullmatch(gap) or doc.boiler[last]:
                    break
                hyphen = hyphen or "-" in gap
                if _usable_edge(doc, last):
                    yield first, last, hyphen


def _capitalised(doc: PreparedDoc, i: int, sentence_start: int) -> bool:
    """A capitalised token that does not open its sentence: a name, not a spun word."""
    return i != sentence_start and doc.text[doc.starts[i]].isupper()


def candidates(
    doc: PreparedDoc,
    wordnet: WordNet,
    corpus_phrases: Mapping[str, int] | None = None,
) -> Iterator[Candidate]:
    """Every (phrase, expression) pair of ``doc`` worth scoring."""
    index = expression_index(wordnet)
    corpus = {} if corpus_phrases is None else corpus_phrases
    links: dict[str, dict[str, Link]] = {}
    starts = _sentence_starts(doc)
    ends = _sentence_ends(doc)
    for first, last, hyphen in _phrases(doc):
        keys = doc.keys[first : last + 1]
        for k in keys:
            if k not in links:
                links[k] = _links(index, wordnet, k)
        if _is_ordinary(index, doc, first, last, links):
            continue
        if not _noun_phrase_shape(wordnet, index, keys):
            continue
        caps = [_capitalised(doc, i, starts[first]) for i in range(first, last + 1)]
        plural = bool(corpus) and _is_plural(wordnet, keys[-1])
        found = [
            (expression, link, source)
            for expression, link, source in _back_translations(
                wordnet, index, keys, hyphen, links, corpus, plural
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
        if _nominal(wordnet, k) or (position < len(keys) - 1 and wordnet.lemmas(k, "r")):
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
) -> bool:
    """The phrase as written is itself an expression or occurs in WordNet's glosses."""
    keys = doc.keys[first : last + 1]
    if _is_expression(index, keys, links):
        return True
    return index.glosses.has_ngram(doc.stems[first : last + 1])


def _modifies_expression(
    index: ExpressionIndex, keys: list[str], kept: list[int], links: dict[str, dict[str, Link]]
) -> bool:
    """The kept words of a 3-word phrase are an expression as written ("old *high school*"):
    the other word is an ordinary modifier, not a spun word of a longer expression."""
    if len(keys) != 3 or kept not in ([0, 1], [1, 2]):
        return False
    return _is_expression(index, keys[kept[0] : kept[1] + 1], links)


def _is_expression(
    index: ExpressionIndex, keys: list[str], links: dict[str, dict[str, Link]]
) -> bool:
    """``keys`` (the last word in any base form) is a WordNet multi-word lemma."""
    return any(
        link.relation == SAME and (*keys[:-1], tail) in index.expressions
        for tail, link in links[keys[-1]].items()
    )


def _back_translations(
    wordnet: WordNet,
    index: ExpressionIndex,
    keys: list[str],
    hyphen: bool,
    links: dict[str, dict[str, Link]],
    corpus: Mapping[str, int],
    plural: bool,
) -> Iterator[tuple[tuple[str, ...], tuple[Link, ...], str]]:
    """Known expressions that ``keys`` may stand for, with the link at each position
    (``plural``: the phrase is in the plural, for counting the corpus's uses)."""
    n = len(keys)
    options = [links[k] for k in keys]
    seen: set[tuple[str, ...]] = set()
    for expression, chain in _wordnet_back_translations(index, keys, hyphen, links, options):
        seen.add(expression)
        yield expression, chain, "wordnet"
    if corpus and n == 2:
        observed = corpus.get(" ".join(keys), 0)
        yield from _corpus_back_translations(
            wordnet, index, keys, options, corpus, seen, observed, plural
        )


def _wordnet_back_translations(
    index: ExpressionIndex,
    keys: list[str],
    hyphen: bool,
    links: dict[str, dict[str, Link]],
    options: list[dict[str, Link]],
) -> list[tuple[tuple[str, ...], tuple[Link, ...]]]:
    """WordNet's expressions that ``keys`` may stand for (the same in every document)."""
    n = len(keys)
    out: list[tuple[tuple[str, ...], tuple[Link, ...]]] = []
    seen: set[tuple[str, ...]] = set()
    for first_word in options[0]:
        for expression in index.by_first_length.get((first_word, n), ()):
            if expression in seen:
                continue
            if index.expressions[expression].hyphenated != hyphen:
                continue
            found = [options[i].get(expression[i]) for i in range(n)]
            chain = tuple(link for link in found if link is not None)
            if len(chain) != n or all(link.relation == SAME for link in chain):
                continue
            kept = [i for i, link in enumerate(chain) if link.relation == SAME]
            if _modifies_expression(index, keys, kept, links):
                continue
            seen.add(expression)
            out.append((expression, chain))
    return out


def _corpus_back_translations(
    wordnet: WordNet,
    index: ExpressionIndex,
    keys: list[str],
    options: list[dict[str, Link]],
    corpus: Mapping[str, int],
    seen: set[tuple[str, ...]],
    observed: int,
    plural: bool,
) -> Iterator[tuple[tuple[str, ...], tuple[Link, ...], str]]:
    """Phrases used by more documents of the corpus than ``keys`` that ``keys`` may stand for.

    At most ``_POOL`` relatives of each word are tried, the closest first.
    """
    pools = []
    for opts in options:
        close = [(w, link) for w, link in opts.items() if link.relation != SAME]
        close.sort(key=lambda item: _link_order(item[1]))
        pools.append([w for w, _ in close[:_POOL]])
    followers = _followers(corpus)
    plural_of: dict[str, str] = {}
    for pattern in itertools.product((False, True), repeat=len(keys)):
        if not any(pattern) or sum(pattern) > 2:
            continue
        size = _POOL if sum(pattern) == 1 else _POOL_PAIR
        choices = [pools[i][:size] if swap else [keys[i]] for i, swap in enumerate(pattern)]
        for combo in itertools.product(*choices):
            if combo in seen:
                continue
            if followers is not None:  # no corpus phrase starts so: skip the lookups
                after = followers.get(combo[0])
                if after is None:
                    continue
                last = combo[-1]
                if last not in after:
                    if not plural:
                        continue
                    if last not in plural_of:
                        plural_of[last] = _plural(index, last)
                    if plural_of[last] not in after:
                        continue
            # The corpus count (a lookup) rules out nearly every combination before the
            # WordNet test does.
            if _corpus_count(corpus, index, combo, plural) < max(MIN_CORPUS_DOCS, observed + 1):
                continue
            if _odd_substitutes(wordnet, combo, keys):
                seen.add(combo)
                yield combo, tuple(options[i].get(w, _KEEP) for i, w in enumerate(combo)), "corpus"


def _odd_substitutes(wordnet: WordNet, expression: tuple[str, ...], keys: list[str]) -> bool:
    """The words of ``keys`` look like substitutes for those of ``expression``, not the reverse.

    A substitute is clearly rarer in general English than the word it would replace
    (spinners reach for unusual synonyms), or is a bare verb or adverb where the
    expression has a noun or adjective ("provide chain" for "supply chain"). Two
    documents that merely word something differently are not evidence either way.
    """
    pairs = [(e, k) for e, k in zip(expression, keys, strict=True) if e != k]
    if any(zipf(k) < zipf(e) - _RARER for e, k in pairs):
        return True
    return any(
        _nominal(wordnet, e) and not _nominal(wordnet, k) and wordnet.lemmas(k) for e, k in pairs
    )


def _nominal(wordnet: WordNet, key: str) -> bool:
    return bool(wordnet.lemmas(key, "n") or wordnet.lemmas(key, "a"))


def _corpus_count(
    corpus: Mapping[str, int], index: ExpressionIndex, expression: tuple[str, ...], plural: bool
) -> int:
    """Documents of the corpus using the expression, as it is or (``plural``: the phrase is
    in the plural) with its last word in the plural."""
    count = corpus.get(" ".join(expression), 0)
    if plural:
        plural_form = " ".join((*expression[:-1], _plural(index, expression[-1])))
        count = max(count, corpus.get(plural_form, 0))
    return count


def _pluralise(word: str) -> str:
    """Regular English plural ("conference" → "conferences", "box" → "boxes")."""
    if word.endswith("s"):
        return word
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("x", "z", "ch", "sh")) else "s")


# -------------------------------------------------------------------------- scoring

# Weights of the logistic model of :func:`score_candidate`, set by hand from the
# tortured-phrases development set (positives) and news sentences (negatives).
_BIAS = -1.6
_ONE_WORD_REPLACED = 1.2
_RELATION_BONUS = {SYNONYM: 0.8, SIMILAR: 0.4, HYPERNYM: -0.4, HYPONYM: -0.7}
_RANK_PENALTY = 0.4
_TARGET_RANK_PENALTY = 0.25
_RARITY = 0.3
_HEAD_NOT_NOUN = -2.5
_AMBIGUITY = -0.5
_NEVER_TOGETHER = 0.8
_COOCCURRENCE = -0.3
_THREE_TOKENS = 1.5
_CORPUS_MARGIN = 1.0
_CORPUS_ONLY = -0.5
_CONTINUED = -0.8


def score_candidate(cand: Candidate) -> float:
    """Confidence (0–1) that the phrase of ``cand`` is a spun copy of its expression."""
    replaced = [link for link in cand.links if link.relation != SAME]
    z = _BIAS
    if len(replaced) == 1:
        z += _ONE_WORD_REPLACED
    z += sum(_RELATION_BONUS[link.relation] for link in replaced) / len(replaced)
    z -= _RANK_PENALTY * sum(min(link.rank, 4) for link in replaced) / len(replaced)
    z -= _TARGET_RANK_PENALTY * sum(min(link.target_rank, 4) for link in replaced) / len(replaced)
    z += _RARITY * max(-2.0, min(2.0, cand.rarity))
    head = cand.links[-1]
    if head.relation != SAME and head.pos != "n":
        z += _HEAD_NOT_NOUN
    z += _AMBIGUITY * math.log(cand.alternatives)
    if cand.cooccurrence == 0:
        z += _NEVER_TOGETHER
    else:
        z += _COOCCURRENCE * math.log1p(cand.cooccurrence)
    if len(cand.links) == 3:
        z += _THREE_TOKENS
    margin = cand.corpus_expected - cand.corpus_observed
    z += _CORPUS_MARGIN * max(-3, min(margin, 3))
    if cand.source == "corpus":
        z += _CORPUS_ONLY
    if cand.continued:
        z += _CONTINUED
    return 1.0 / (1.0 + math.exp(-z))


# ------------------------------------------------------------------------ public API


def find_tortured_phrases(
    doc: PreparedDoc,
    wordnet: WordNet | None,
    *,
    corpus_phrases: Mapping[str, int] | None = None,
    lexicon: Mapping[str, str] | None = None,
    min_score: float = 0.5,
) -> list[TorturedPhrase]:
    """Phrases of ``doc`` that read like spun fixed expressions, in text order.

    ``wordnet`` supplies the expressions and the word relations; without it only the
    lexicon is used. ``corpus_phrases`` counts, for each phrase, how many *other*
    documents of the scan use it: :func:`phrase_counts` over the other documents, or
    ``excluding(phrase_counts(all_docs), doc)``. (Counts that include ``doc`` itself
    still work, but weaken the corpus evidence by one document.) ``lexicon`` maps
    tortured phrases to their correct form (see :mod:`wiretrace.classify.user_lexicon`;
    wrap it once in a ``Lexicon`` when scanning many documents). Finds never overlap: the highest
    score wins.
    """
    found: list[TorturedPhrase] = []
    if lexicon:
        found.extend(lexicon_hits(doc, lexicon))
    if wordnet is not None:
        found.extend(_spin_hits(doc, wordnet, {} if corpus_phrases is None else corpus_phrases))
    kept = _non_overlapping([f for f in found if f.score >= min_score])
    return sorted(kept, key=lambda f: f.span)


def _spin_hits(
    doc: PreparedDoc, wordnet: WordNet, corpus: Mapping[str, int]
) -> Iterator[TorturedPhrase]:
    index = expression_index(wordnet)
    best: dict[tuple[int, int], tuple[float, Candidate]] = {}
    for cand in candidates(doc, wordnet, corpus):
        score = score_candidate(cand)
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
    if last_key != cand.expression[-1] and _is_plural(wordnet, last_key):
        words[-1] = _plural(index, words[-1])
    return " ".join(words)


def _plural(index: ExpressionIndex, word: str) -> str:
    """The plural of noun ``word``: WordNet's irregular one ("man" → "men") or the regular."""
    form = index.plurals.get(word.lower())
    if form is None:
        return _pluralise(word)
    return form[:1].upper() + form[1:] if word[:1].isupper() else form


def _is_plural(wordnet: WordNet, key: str) -> bool:
    """A noun in the plural: WordNet knows a different singular base form."""
    return any(pos == "n" and lemma != key for pos, lemma in wordnet.lemmas(key, "n"))


class PhraseCounts(Counter[str]):
    """Phrase → number of documents using it, and (built on first use, in each process)
    the words that follow each first word in the two-word phrases: most pairs of
    relatives that corpus evidence tries are no phrase of the corpus, and this rules
    them out without a lookup each."""

    def followers(self) -> dict[str, frozenset[str]]:
        built = self.__dict__.get("_followers")
        if built is not None and built[0] == len(self):
            return built[1]
        # Built again when phrases were added or removed since (counts of known phrases
        # changing does not matter: only which phrases exist does).
        after: dict[str, set[str]] = {}
        for phrase in self:
            words = phrase.split(" ")
            if len(words) == 2:
                after.setdefault(words[0], set()).add(words[1])
        found = {w: frozenset(v) for w, v in after.items()}
        self.__dict__["_followers"] = (len(self), found)
        return found


def _followers(corpus: Mapping[str, int]) -> dict[str, frozenset[str]] | None:
    """The :meth:`PhraseCounts.followers` behind ``corpus``, when it has them."""
    counts = corpus._counts if isinstance(corpus, _Without) else corpus
    return counts.followers() if isinstance(counts, PhraseCounts) else None


def phrase_counts(docs: Iterable[PreparedDoc]) -> PhraseCounts:
    """In how many of ``docs`` each phrase occurs (the ``corpus_phrases`` argument).

    Phrases are those :func:`find_tortured_phrases` examines: 2–3 consecutive tokens
    in one sentence with content words at both ends, as folded words joined by one
    space (``"press conference"``, ``"region of interest"``).
    """
    counts = PhraseCounts()
    for doc in docs:
        counts.update(_doc_phrases(doc))
    return counts


def _doc_phrases(doc: PreparedDoc) -> set[str]:
    return {" ".join(doc.keys[a : b + 1]) for a, b, _ in _phrases(doc)}


class _Without(Mapping[str, int]):
    """``counts`` with one document's own phrases taken out, computed on lookup."""

    __slots__ = ("_counts", "_len", "_own")

    def __init__(self, counts: Mapping[str, int], own: set[str]) -> None:
        self._counts = counts
        self._own = own
        self._len: int | None = None

    def __getitem__(self, key: str) -> int:
        value = self._counts[key] - (key in self._own)
        if value <= 0:
            raise KeyError(key)
        return value

    def __iter__(self) -> Iterator[str]:
        return (key for key in self._counts if key in self)

    def __bool__(self) -> bool:
        # Stops at the first phrase another document has: no walk over the whole corpus.
        return any(True for _ in self)

    def __len__(self) -> int:
        # Counted once: a walk over the whole corpus' phrases.
        if self._len is None:
            self._len = sum(1 for _ in self)
        return self._len


def excluding(corpus_phrases: Mapping[str, int], doc: PreparedDoc) -> Mapping[str, int]:
    """Counts of :func:`phrase_counts` over a corpus that includes ``doc``, minus ``doc``.

    ``find_tortured_phrases`` wants the *other* documents' counts; this view gives them
    without copying the corpus counts for every document.
    """
    return _Without(corpus_phrases, _doc_phrases(doc))


def spin_score(doc: PreparedDoc, found: list[TorturedPhrase]) -> float:
    """How spun ``doc`` reads, 0–1: confidence-weighted tortured phrases per 1,000 words.

    The first find does not count: ordinary text yields about one false flag per
    2,000 words, so a single odd phrase in an article is no evidence of spinning.
    Beyond it, one sure find per 1,000 words gives about 0.4, three about 0.8.
    """
    words = sum(1 for b in doc.boiler if not b)
    if not words or not found:
        return 0.0
    rate = max(0.0, sum(f.score for f in found) - 1.0) * 1000.0 / max(words, 200)
    return 1.0 - math.exp(-rate / 2.0)




def _non_overlapping(found: list[TorturedPhrase]) -> list[TorturedPhrase]:
    kept: list[TorturedPhrase] = []
    order = sorted(found, key=lambda f: (-f.score, -(f.span[1] - f.span[0]), f.span))
    for f in order:
        if all(f.span[1] <= k.span[0] or f.span[0] >= k.span[1] for k in kept):
            kept.append(f)
    return kept
