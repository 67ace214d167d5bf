"""Turn a :class:`~wiretrace.records.Document` into the record every later stage reads."""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from wiretrace.lexicon.frequency import word_weight
from wiretrace.lexicon.stopwords import STOPWORDS
from wiretrace.lexicon.wordnet import WordNet
from wiretrace.normalize.boilerplate import find_boilerplate, find_repeated
from wiretrace.normalize.sentences import split_sentences
from wiretrace.normalize.tokens import stem_all, tokenize
from wiretrace.records import Document, Span


@dataclass(slots=True)
class PreparedDoc:
    """A document as the matching stages see it. Parallel lists are indexed by token."""

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
    sentence_vectors: Any = field(default=None)
    """Optional (sentences × dims) unit vectors from the embeddings extra, else ``None``."""
    derived: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)
    """Values computed from the fields above and kept for the next pair this document is
    aligned in (its sentences' bags of words and feature matrix). Never pickled: a copy
    sent to another process computes them again."""

    def __getstate__(self) -> dict[str, Any]:
        state = {f.name: getattr(self, f.name) for f in fields(self)}
        state["derived"] = {}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

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


def _sentence_tokens(
    text: str, starts: list[int], boiler: list[bool]
) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in split_sentences(text):
        first = bisect_left(starts, s)
        last = bisect_left(starts, e)
        # Boilerplate lines never form part of a sentence.
        while first < last and boiler[first]:
            first += 1
        while last > first and boiler[last - 1]:
            last -= 1
        if last > first:
            out.extend(_chunks(first, last))
    return out


MAX_SENTENCE_TOKENS = 40


def _chunks(first: int, last: int) -> list[tuple[int, int]]:
    """Split an over-long "sentence" (text without punctuation, lists) into even pieces."""
    n = last - first
    if n <= MAX_SENTENCE_TOKENS:
        return [(first, last)]
    pieces = -(-n // (MAX_SENTENCE_TOKENS * 3 // 4))
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
    piece = text[start:end]
    return len(piece) - sum(ch.isspace() for ch in piece)


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


def prepare_document(
    doc: Document,
    wordnet: WordNet | None = None,
    repeated_lines: frozenset[str] = frozenset(),
) -> PreparedDoc:
    """Tokenize, find sentences and boilerplate, and compute match keys for one document."""
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
    if wordnet is not None:
        senses = [
            tuple(wordnet.synsets(k)) if c and not k[:1].isdigit() else ()
            for k, c in zip(keys, content, strict=True)
        ]
    else:
        senses = [()] * len(keys)
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
        sentences=_sentence_tokens(text, starts, boiler),
        boilerplate=boilerplate,
        content_chars=count_content_chars(text, boilerplate),
    )
