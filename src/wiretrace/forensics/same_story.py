"""Articles that report the same event without sharing a passage.

Two outlets covering one event independently share no text, but they name the
same people and places, often quote the same words, and appear within days of
each other. A pair of articles (already a candidate pair, so sharing rare
features) with no reused passage is linked as ``same-story`` when

* they share a quotation of the same words, or at least ``min_names`` distinctive
  names — multi-word capitalised names that are neither common in general English nor
  held by many documents of the corpus ("Pieter Hallink", "Delta terminal") — making
  up at least ``min_name_share`` of the distinctive names of the article that has
  fewer, and
* their dates, when both are known, lie within ``max_days`` of each other.

A name is common in general English (:func:`common_name`) when the dictionary lists it
(WordNet's names "United States", "White House", "Baltic Sea", "Suez Canal", "Vladimir
Putin") or it is made up of very common English words ("eastern europe", "european
commission", "prime minister": every word at least ``common_word_zipf`` on wordfreq's
scale), or of both ("baltic sea region"). That rule reads nothing of the
corpus, so it holds alike in a scan of five articles, where every name is held by few
of them, and in a check against an archive of millions. Word frequencies alone cannot
tell a famous place from a person: "baltic" is no commoner a word than "hartley", yet
"Baltic Sea" ties two articles to one event far less than "Dean Hartley" does; the
dictionary knows the one and not the other.

Names are counted as people and places, not strings: "The United States" is read as
"United States", initials alone ("U S", "D C") and runs of function words ("If I")
are not names, and names that share a word ("New York", "New York City"; "President
Clinton", "Bill Clinton") count once. The share matters for long pages: two web pages
naming thirty people and places each share two of them by chance.

A same-topic article about another event (a strike at another port, weeks
earlier) shares the topic's vocabulary but not its people, so it is not linked.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from wiretrace.candidates.features import DocFeatures
from wiretrace.forensics.quotes import Quote
from wiretrace.forensics.settings import SameStorySettings
from wiretrace.lexicon.expressions import expression_index
from wiretrace.lexicon.frequency import zipf
from wiretrace.lexicon.stopwords import STOPWORDS
from wiretrace.lexicon.wordnet import WordNet
from wiretrace.records import Span


@dataclass(frozen=True, slots=True)
class SameStoryLink:
    """Two articles that report the same event without sharing a passage."""

    a: str
    b: str
    shared_names: tuple[str, ...]
    shared_quotes: tuple[str, ...]
    days_apart: int | None

    relation = "same-story"
    source = None
    similarity = 0.0
    passages = ()

    def derived(self) -> str | None:
        return None

    def coverage_of(self, doc: str) -> float:
        return 0.0

    def spans_in(self, doc: str) -> list[Span]:
        return []


Features = DocFeatures | set[str]
"""A document's candidate features: hashed (a scan, a check) or as strings."""


def names_of(features: Features) -> set[str]:
    """The multi-word names among a document's candidate features."""
    if isinstance(features, DocFeatures):
        return set(features.names)
    return {f[2:] for f in features if f.startswith("e:")}


def clean_name(name: str) -> str | None:
    """A name without the function words at its ends ("the united states" → "united
    states") and without possessive endings ("nordmaas petroleum's" → "nordmaas
    petroleum"), or ``None`` when less than two words are left or none has three letters
    ("u s", "if i")."""
    words = [_POSSESSIVE.sub("", w) for w in name.split()]
    while words and words[0] in STOPWORDS:
        words.pop(0)
    while words and words[-1] in STOPWORDS:
        words.pop()
    if len(words) < 2 or not any(len(w) >= 3 for w in words):
        return None
    return " ".join(words)


_POSSESSIVE = re.compile(r"['’]s$|(?<=s)['’]$")


def count_entities(names: Iterable[str]) -> int:
    """How many people and places ``names`` (cleaned) stand for: names sharing a word
    other than a function word are taken for one."""
    groups: list[set[str]] = []
    for name in names:
        words = {w for w in name.split() if w not in STOPWORDS}
        touching = [g for g in groups if g & words]
        for g in touching:
            groups.remove(g)
            words |= g
        groups.append(words)
    return len(groups)


def common_name(
    name: str, wordnet: WordNet | None, settings: SameStorySettings | None = None
) -> bool:
    """Whether a (cleaned) name is common in general English: each of its words is part
    of a name the dictionary lists, of two words or more, within it ("Baltic Sea", when
    ``wordnet`` is given; not a common noun such as "steering committee"), or a very
    common English word ("eastern europe")."""
    s = settings or SameStorySettings()
    words = name.split()
    known = [w in STOPWORDS or zipf(w) >= s.common_word_zipf for w in words]
    if wordnet is not None and not all(known):
        entries = expression_index(wordnet).expressions
        for i in range(len(words) - 1):
            for j in range(len(words), i + 1, -1):  # the longest entry first
                entry = entries.get(tuple(words[i:j]))
                if entry is not None and entry.proper:
                    known[i:j] = [True] * (j - i)
                    break
    return all(known)


@dataclass(frozen=True, slots=True)
class StoryNames:
    """A document's distinctive names (cleaned) and how many entities they stand for."""

    names: frozenset[str]
    entities: int


def story_names(
    features: Features, name_df: Mapping[str, int], n_docs: int,
    settings: SameStorySettings | None = None, wordnet: WordNet | None = None,
) -> StoryNames:
    """The names of a document that can tie it to another article of the same event:
    cleaned, held by few documents of the corpus, and not common in general English
    (:func:`common_name`, with ``wordnet`` as the dictionary)."""
    s = settings or SameStorySettings()
    limit = max(s.min_name_df_limit, int(s.max_name_df * n_docs))
    names = frozenset(
        c for n in names_of(features)
        if name_df.get(n, 0) <= limit and (c := clean_name(n))
        and not common_name(c, wordnet, s)
    )
    return StoryNames(names, count_entities(names))


def name_frequencies(all_features: Sequence[Features]) -> Counter[str]:
    return Counter(n for feats in all_features for n in names_of(feats))


def _shared_quotes(qa: Sequence[Quote], qb: Sequence[Quote]) -> tuple[str, ...]:
    keys_b = {q.words for q in qb}
    return tuple(q.text for q in qa if q.words in keys_b)


def same_story_pair(
    a: str,
    b: str,
    features_a: Features | StoryNames,
    features_b: Features | StoryNames,
    quotes_a: Sequence[Quote],
    quotes_b: Sequence[Quote],
    name_df: Mapping[str, int],
    n_docs: int,
    dates: tuple[date | None, date | None],
    settings: SameStorySettings | None = None,
    wordnet: WordNet | None = None,
) -> SameStoryLink | None:
    """The ``same-story`` link of documents ``a`` and ``b`` (ids), or ``None``.

    Each side is given by its candidate features or, when a document meets many others,
    by its :func:`story_names` computed once (with ``wordnet`` as the dictionary of
    common names).
    """
    s = settings or SameStorySettings()
    side_a, side_b = (f if isinstance(f, StoryNames)
                      else story_names(f, name_df, n_docs, s, wordnet)
                      for f in (features_a, features_b))
    names = sorted(side_a.names & side_b.names)
    quotes = _shared_quotes(quotes_a, quotes_b)
    shared = count_entities(names)
    fewer = min(side_a.entities, side_b.entities)
    if (shared < s.min_names or shared < s.min_name_share * fewer) and not quotes:
        return None
    days: int | None = None
    if dates[0] and dates[1]:
        days = abs((dates[0] - dates[1]).days)
        if days > s.max_days:
            return None
    return SameStoryLink(a, b, tuple(names), quotes, days)
