"""The phrases a document offers the tortured-phrase detector, and how many documents
of a corpus use each phrase (corpus evidence: other articles of the story say "press
conference" where this one says "squeeze meeting")."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

from wiretrace.lexicon.expressions import MAX_N
from wiretrace.normalize.prepare import PreparedDoc

_JOINER = re.compile(r"[ \t]*|[ \t]*-[ \t]*|\s")


def usable_edge(doc: PreparedDoc, i: int) -> bool:
    key = doc.keys[i]
    return doc.content[i] and key.isalpha() and len(key) > 2


def phrases(doc: PreparedDoc) -> Iterator[tuple[int, int, bool]]:
    """Token ranges ``[first, last]`` of 2–3 tokens inside a sentence, content at both ends.

    The flag tells whether the words are joined by hyphens.
    """
    keys, text, starts, ends = doc.keys, doc.text, doc.starts, doc.ends
    usable = [usable_edge(doc, i) for i in range(len(keys))]
    # joins[i]: how token i is joined to the one before it — None (it is not: punctuation
    # or a line of boilerplate between), False (by spaces), True (by a hyphen).
    joins: list[bool | None] = [None] * len(keys)
    for i in range(1, len(keys)):
        gap = text[ends[i - 1] : starts[i]]
        if not doc.boiler[i] and (gap == " " or _JOINER.fullmatch(gap)):
            joins[i] = "-" in gap
    for s_first, s_last in doc.sentences:
        for first in range(s_first, s_last):
            if not usable[first]:
                continue
            hyphen = False
            for last in range(first + 1, min(first + MAX_N, s_last)):
                joined = joins[last]
                if joined is None:
                    break
                hyphen = hyphen or joined
                if usable[last]:
                    yield first, last, hyphen


class Followers(NamedTuple):
    """The two-word phrases of a corpus by their first word: most pairs of relatives
    that corpus evidence tries are no phrase of the corpus, and this rules them out
    without a lookup each."""

    after: dict[str, set[str]]
    """First word → the words that follow it."""
    seconds: frozenset[str]
    """Every word that follows one."""


class PhraseCounts(Counter[str]):
    """Phrase → number of documents using it, and (built on first use, in each process)
    its :class:`Followers`."""

    def followers(self) -> Followers:
        built = self.__dict__.get("_followers")
        if built is not None and built[0] == len(self):
            return built[1]  # type: ignore[no-any-return]
        # Built again when phrases were added or removed since (counts of known phrases
        # changing does not matter: only which phrases exist does).
        after: dict[str, set[str]] = {}
        seconds: set[str] = set()
        for phrase in self:
            first, _, second = phrase.partition(" ")
            if second and " " not in second:
                after.setdefault(first, set()).add(second)
                seconds.add(second)
        found = Followers(after, frozenset(seconds))
        self.__dict__["_followers"] = (len(self), found)
        return found


def corpus_followers(corpus: Mapping[str, int]) -> Followers | None:
    """The :meth:`PhraseCounts.followers` behind ``corpus``, when it has them."""
    counts = corpus._counts if isinstance(corpus, _Without) else corpus
    return counts.followers() if isinstance(counts, PhraseCounts) else None


def phrase_counts(docs: Iterable[PreparedDoc]) -> PhraseCounts:
    """In how many of ``docs`` each phrase occurs (the ``corpus_phrases`` argument).

    Phrases are those the detector examines: 2–3 consecutive tokens
    in one sentence with content words at both ends, as folded words joined by one
    space (``"press conference"``, ``"region of interest"``).
    """
    return counts_of(doc_phrases(doc) for doc in docs)


def counts_of(phrase_sets: Iterable[set[str]]) -> PhraseCounts:
    """:func:`phrase_counts` of documents whose :func:`doc_phrases` are ``phrase_sets``."""
    counts = PhraseCounts()
    for found in phrase_sets:
        counts.update(found)
    return counts


def doc_phrases(doc: PreparedDoc) -> set[str]:
    return {" ".join(doc.keys[a : b + 1]) for a, b, _ in phrases(doc)}


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

    The detector wants the *other* documents' counts; this view gives them
    without copying the corpus counts for every document.
    """
    return _Without(corpus_phrases, doc_phrases(doc))

