"""Turn a :class:`~wiretrace.records.Document` into the record every later stage reads."""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from wiretrace.lexicon.frequency import word_weight
from wiretrace.lexicon.stopwords import STOPWORDS
from wiretrace.lexicon.wordnet import WordNet
from wiretrace.normalize.boilerplate import find_boilerplate, find_repeated
from wiretrace.normalize.sentences import split_sentences
from wiretrace.normalize.settings import NormalizeSettings
from wiretrace.normalize.tokens import stem_all, tokenize
from wiretrace.records import Document, Span


@dataclass(frozen=True, slots=True)
class PreparedDoc:
    """A document as the matching stages see it. Parallel lists are indexed by token.

    Built once by :func:`prepare_document` and never changed afterwards; what later
    stages compute from it (an alignment index, evidence) are records of their own."""

    id: str
    text: str
    starts: list[int]
    ends: list[int]
    keys: list[str]
    """Case- and accent-folded surface form of each token."""
    stems: list[str]
    content: list[bool]
    """True for tokens that carry content: not a function word, not boilerplate."""
    boiler: list[bool]
    weights: list[float]
    """Information weight of each token (0 for function words and boilerplate)."""
    senses: list[tuple[str, ...]]
    """WordNet synset ids of content tokens (empty when WordNet is absent)."""
    sentences: list[tuple[int, int]]
    """Sentences as token index ranges ``[first, last)``; boilerplate lines excluded."""
    boilerplate: list[tuple[Span, str]]
    content_chars: int
    """Non-space characters outside boilerplate: the denominator of coverage."""
    sentence_vectors: Any = field(default=None, compare=False)
    """Optional (sentences × dims) unit vectors from the embeddings extra, else ``None``."""

    def char_span(self, first: int, last: int) -> Span:
        """Character range covering tokens ``first..last`` inclusive."""
        return self.starts[first], self.ends[last]

    def token_at(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        return bisect_left(self.starts, offset)

    def content_chars_in(self, spans: list[Span]) -> int:
        """Non-space, non-boilerplate characters inside the union of ``spans``."""
        return count_content_chars(self.text, self.boilerplate, merge_spans(spans))


def token_mask(starts: list[int], spans: Iterable[Span]) -> list[bool]:
    """For each token (by its start offset), whether it starts inside one of ``spans``."""
    mask = [False] * len(starts)
    for s, e in spans:
        i = bisect_left(starts, s)
        while i < len(starts) and starts[i] < e:
            mask[i] = True
            i += 1
    return mask


def sentence_tokens(text: str, starts: list[int], boiler: list[bool]) -> list[tuple[int, int]]:
    """The text's sentences as token ranges ``[first, last)``, whole (as written) and
    with boilerplate left out: boilerplate lines never form part of a sentence."""
    out: list[tuple[int, int]] = []
    for s, e in split_sentences(text):
        first = bisect_left(starts, s)
        last = bisect_left(starts, e)
        while first < last and boiler[first]:
            first += 1
        while last > first and boiler[last - 1]:
            last -= 1
        if last > first:
            out.append((first, last))
    return out


def _sentence_tokens(
    text: str, starts: list[int], boiler: list[bool], max_tokens: int
) -> list[tuple[int, int]]:
    """:func:`sentence_tokens`, over-long ones cut into even pieces (the matching unit)."""
    return [piece for first, last in sentence_tokens(text, starts, boiler)
            for piece in _chunks(first, last, max_tokens)]


def _chunks(first: int, last: int, max_tokens: int) -> list[tuple[int, int]]:
    """Split an over-long "sentence" (text without punctuation, lists) into even pieces."""
    n = last - first
    if n <= max_tokens:
        return [(first, last)]
    pieces = -(-n // (max_tokens * 3 // 4))
    bounds = [first + round(k * n / pieces) for k in range(pieces + 1)]
    return list(itertools.pairwise(bounds))


def merge_spans(spans: list[Span]) -> list[Span]:
    """Sorted, non-overlapping union of character spans."""
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        elif e > s:
            out.append((s, e))
    return out


def _nonspace(text: str, start: int, end: int) -> int:
    """Characters of ``text[start:end]`` that are not white space (as ``str.isspace``)."""
    return sum(map(len, text[start:end].split()))


def count_content_chars(
    text: str, boilerplate: list[tuple[Span, str]], within: list[Span] | None = None
) -> int:
    """Non-space characters outside boilerplate, in the whole text or inside ``within``."""
    regions = within if within is not None else [(0, len(text))]
    boiler = merge_spans([span for span, _label in boilerplate])
    total = 0
    for s, e in regions:
        total += _nonspace(text, s, e)
        for bs, be in boiler:
            if be <= s or bs >= e:
                continue
            total -= _nonspace(text, max(s, bs), min(e, be))
    return max(total, 0)


def senses_per_word(wordnet: WordNet | None, settings: NormalizeSettings) -> int:
    """The WordNet senses a word prepared with ``settings`` holds (0 without WordNet):
    what :func:`~wiretrace.normalize.packed.pack` records to look them up again."""
    return settings.max_senses if wordnet is not None else 0


def word_senses(
    keys: list[str], content: list[bool], wordnet: WordNet | None, max_senses: int
) -> list[tuple[str, ...]]:
    """Each token's WordNet senses (at most ``max_senses``): content words that are not
    numbers have them, looked up once per distinct word."""
    if wordnet is None:
        return [()] * len(keys)
    looked_up = {k: () if k[:1].isdigit() else tuple(wordnet.synsets(k, max_senses))
                 for k in set(itertools.compress(keys, content))}
    return [looked_up[k] if c else () for k, c in zip(keys, content, strict=True)]


def prepare_document(
    doc: Document,
    wordnet: WordNet | None = None,
    repeated_lines: frozenset[str] = frozenset(),
    settings: NormalizeSettings | None = None,
) -> PreparedDoc:
    """Tokenize, find sentences and boilerplate, and compute match keys for one document.

    ``wordnet`` gives the WordNet senses of content words (none without it);
    ``repeated_lines`` are the keys of the corpus's repeated short lines."""
    s = settings or NormalizeSettings()
    text = doc.text
    starts, ends, keys = tokenize(text)
    boilerplate = sorted(
        find_boilerplate(text) + find_repeated(text, repeated_lines), key=lambda x: x[0]
    )
    boiler = token_mask(starts, (span for span, _label in boilerplate))
    stems = stem_all(keys)
    content = [
        not b and k not in STOPWORDS and (len(k) > 1 or k.isdigit())
        for k, b in zip(keys, boiler, strict=True)
    ]
    weights = [word_weight(k) if c else 0.0 for k, c in zip(keys, content, strict=True)]
    senses = word_senses(keys, content, wordnet, s.max_senses)
    return PreparedDoc(
        id=doc.id,
        text=text,
        starts=starts,
        ends=ends,
        keys=keys,
        stems=stems,
        content=content,
        boiler=boiler,
        weights=weights,
        senses=senses,
        sentences=_sentence_tokens(text, starts, boiler, s.max_sentence_tokens),
        boilerplate=boilerplate,
        content_chars=count_content_chars(text, boilerplate),
    )

