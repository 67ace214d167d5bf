"""WordNet's multi-word expressions and its glosses, indexed for tortured-phrase detection.

:func:`expression_index` keeps, once per process: every noun and adjective multi-word
lemma (``cold_war``, ``press_conference`` — about 60,000) by its first word; each
synset's single-word lemmas and its similar / hypernym / hyponym pointers; and the
n-grams of WordNet's definitions and examples (about 1.5 million words of ordinary
English), with the glosses each stem occurs in.
:mod:`wiretrace.forensics.tortured` maps phrases back onto these expressions.

:func:`build_expression_index` computes it from the WordNet text files (a few seconds);
the compiled lexicon (:mod:`wiretrace.lexicon.tables`) stores the result, so that a
process normally only decodes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from wiretrace.lexicon.wordnet import POS_FILES, WordNet
from wiretrace.normalize.tokens import fold, stem_all, tokenize

MAX_N = 3
"""Longest phrase examined, in tokens."""
MEMO_LIMIT = 50_000
"""Entries each kind of :attr:`ExpressionIndex.memo` holds before it starts afresh: a
long-running service's memory levels off after a few hundred checks (at 200,000 it was
still growing after 5,000)."""

SAME, SYNONYM, SIMILAR, HYPERNYM, HYPONYM = "same", "synonym", "similar", "hypernym", "hyponym"
_POINTERS = {"&": SIMILAR, "@": HYPERNYM, "~": HYPONYM}


class Expression(NamedTuple):
    """A multi-word WordNet lemma.

    A named tuple, so that the compiled lexicon can make its ~63,000 of them in C
    (:mod:`wiretrace.lexicon.tables`); read it by field name.
    """

    written: str
    """As WordNet writes it, words joined by spaces (``"Cold War"``, ``"press conference"``)."""
    pos: str
    """Parts of speech it is listed under (``"n"``, ``"a"``, ``"nv"`` …)."""

    @property
    def proper(self) -> bool:
        """A name (``"Dodge City"``) rather than a common expression."""
        return any(ch.isupper() for ch in self.written)

    @property
    def hyphenated(self) -> bool:
        return "-" in self.written


@dataclass(frozen=True, eq=False)
class GlossCorpus:
    """WordNet's definitions and examples as a small corpus of ordinary English.

    Words are Snowball stems with integer ids; the n-grams of each gloss (not across
    punctuation) are kept as sorted integer codes, and each stem's glosses as a
    compressed posting list, so lookups are binary searches.
    """

    stem_ids: dict[str, int]
    """Stem → id (from 1)."""
    ngrams: np.ndarray
    """Sorted codes of the stemmed 2- and 3-grams that occur in some gloss."""
    offsets: np.ndarray
    """``glosses[offsets[i]:offsets[i + 1]]`` are the glosses containing stem id ``i``."""
    glosses: np.ndarray

    def has_ngram(self, stems: Iterable[str]) -> bool:
        """True when the stemmed phrase (2 or 3 words) occurs in some gloss."""
        code = 0
        for stem in stems:
            sid = self.stem_ids.get(stem)
            if sid is None:
                return False
            code = code * _CODE_BASE + sid
        i = int(np.searchsorted(self.ngrams, code))
        return i < len(self.ngrams) and int(self.ngrams[i]) == code

    def cooccurrence(self, stem_a: str, stem_b: str) -> int:
        """Number of glosses that contain both stems."""
        a, b = self.stem_ids.get(stem_a), self.stem_ids.get(stem_b)
        if a is None or b is None:
            return 0
        return len(
            np.intersect1d(
                self.glosses[self.offsets[a] : self.offsets[a + 1]],
                self.glosses[self.offsets[b] : self.offsets[b + 1]],
                assume_unique=True,
            )
        )


_CODE_BASE = 1 << 20
"""Stem ids stay below this, so a 3-gram code fits in 60 bits."""


@dataclass(frozen=True, eq=False)
class ExpressionIndex:
    """Read-only lookup tables built once from the WordNet database files."""

    expressions: dict[tuple[str, ...], Expression]
    """Noun and adjective multi-word lemmas as folded tokens (``("cold", "war")``)."""
    by_first_length: dict[tuple[str, int], tuple[tuple[str, ...], ...]]
    """(first token, number of tokens) → the expressions starting with that token."""
    members: dict[str, tuple[str, ...]]
    """Synset id → its single-token lemmas (folded)."""
    pointers: dict[str, tuple[tuple[str, str], ...]]
    """Synset id → ``(relation, synset id)`` for similar-to, hypernym and hyponym links."""
    number_words: frozenset[str]
    """Words with a numeric sense (``five``, ``hundred``, ``first``): never spun."""
    glosses: GlossCorpus
    plurals: dict[str, str]
    """Singular noun → its irregular plural, from WordNet's exception list (``man`` →
    ``men``, ``tooth`` → ``teeth``); regular plurals are not listed."""
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)
    """Results of pure lookups over this index kept for the next document in this
    process (the tortured-phrase detector's word relations); cleared when it grows past
    ``MEMO_LIMIT`` entries."""


def expression_index(wordnet: WordNet) -> ExpressionIndex:
    """The :class:`ExpressionIndex` of ``wordnet``'s database, built once per process.

    From the compiled lexicon tables when ``wordnet`` was loaded from them (decoded part
    by part as the detector first reads them, in milliseconds); otherwise read from the
    WordNet text files in ``wordnet.root`` (a few seconds).
    """
    tables = getattr(wordnet, "_tables", None)
    if tables is not None:
        return tables.expression_index
    return _index_at(str(wordnet.root))


@lru_cache(maxsize=2)
def _index_at(root: str) -> ExpressionIndex:
    return build_expression_index(Path(root))


def build_expression_index(root: Path) -> ExpressionIndex:
    """Read the WordNet data files in ``root`` into an :class:`ExpressionIndex`."""
    written: dict[tuple[str, ...], str] = {}
    pos_of: dict[tuple[str, ...], str] = {}
    members: dict[str, tuple[str, ...]] = {}
    pointers: dict[str, tuple[tuple[str, str], ...]] = {}
    numbers: set[str] = set()
    glosses: list[str] = []
    for pos, name in POS_FILES.items():
        for line in _read_lines(root / f"data.{name}"):
            parsed = _parse_data_line(line)
            if parsed is None:
                continue
            offset, words, ptrs, gloss = parsed
            sid = pos + offset
            singles = []
            for word in words:
                keys = _lemma_keys(word)
                if len(keys) == 1:
                    singles.append(keys[0])
                elif 2 <= len(keys) <= MAX_N and pos in "na":
                    written.setdefault(keys, word.replace("_", " "))
                    pos_of[keys] = pos_of.get(keys, "") + pos
            members[sid] = tuple(dict.fromkeys(singles))
            if pos == "a" and any(ch.isdigit() for w in words for ch in w):
                numbers.update(k for k in singles if k.isalpha())
            kept = tuple((_POINTERS[s], t) for s, t in ptrs if s in _POINTERS)
            if kept:
                pointers[sid] = kept
            glosses.append(gloss)
    expressions = {k: Expression(w, pos_of[k]) for k, w in written.items()}
    by_first_length: dict[tuple[str, int], list[tuple[str, ...]]] = {}
    for keys in expressions:
        by_first_length.setdefault((keys[0], len(keys)), []).append(keys)
    return ExpressionIndex(
        expressions=expressions,
        by_first_length={k: tuple(v) for k, v in by_first_length.items()},
        members=members,
        pointers=pointers,
        number_words=frozenset(numbers),
        glosses=build_gloss_corpus(glosses),
        plurals=_irregular_plurals(root / "noun.exc"),
    )


def _irregular_plurals(path: Path) -> dict[str, str]:
    """Singular → plural from a WordNet ``noun.exc`` file ("men man" lines); the shortest
    plural when there are several ("indices", "indexes" → "indices")."""
    plurals: dict[str, str] = {}
    if not path.exists():
        return plurals
    for line in _read_lines(path):
        form, *bases = line.split()
        for base in bases:
            best = plurals.get(base)
            if base != form and (best is None or (len(form), form) < (len(best), best)):
                plurals[base] = form
    return plurals


_GLOSS_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_GLOSS_BREAK = re.compile(r'[;"().,:!?]')


def build_gloss_corpus(glosses: list[str]) -> GlossCorpus:
    """Index the stemmed words, 2-grams and 3-grams of ``glosses``."""
    words: list[str] = []
    owner: list[int] = []
    for gid, gloss in enumerate(glosses):
        for piece in _GLOSS_BREAK.split(gloss.lower()):
            found = _GLOSS_WORD.findall(piece)
            if found:
                words.extend(found)
                words.append("")  # n-grams never cross punctuation
                owner.extend([gid] * (len(found) + 1))
    vocabulary = sorted(set(words) - {""})
    stems = stem_all(vocabulary)
    stem_ids = {stem: i + 1 for i, stem in enumerate(sorted(set(stems)))}
    word_ids = dict(zip(vocabulary, (stem_ids[s] for s in stems), strict=True))
    word_ids[""] = 0
    ids = np.fromiter((word_ids[w] for w in words), dtype=np.int64, count=len(words))
    a, b, c = ids[:-2], ids[1:-1], ids[2:]
    bigrams = (a * _CODE_BASE + b)[(a > 0) & (b > 0)]
    trigrams = ((a * _CODE_BASE + b) * _CODE_BASE + c)[(a > 0) & (b > 0) & (c > 0)]
    ngrams = _sorted_unique(np.concatenate([bigrams, trigrams]))
    gloss_of = np.array(owner, dtype=np.int64)
    pairs = _sorted_unique((ids * len(glosses) + gloss_of)[ids > 0])
    pair_stems = pairs // len(glosses)
    offsets = np.searchsorted(pair_stems, np.arange(len(stem_ids) + 2))
    return GlossCorpus(
        stem_ids=stem_ids,
        ngrams=ngrams,
        offsets=offsets,
        glosses=(pairs % len(glosses)).astype(np.int32),
    )


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    values = np.sort(values)
    if len(values) == 0:
        return values
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


def _read_lines(path: Path) -> Iterator[str]:
    with path.open("rb") as fh:
        for raw in fh:
            if not raw.startswith(b"  "):  # licence header
                yield raw.decode("utf-8", "replace")


def _parse_data_line(line: str) -> tuple[str, list[str], list[tuple[str, str]], str] | None:
    """``(offset, lemmas as written, [(pointer symbol, target id)], gloss)`` of a data line."""
    head, _, gloss = line.partition("|")
    parts = head.split()
    if len(parts) < 5 or not parts[0].isdigit():
        return None
    w_cnt = int(parts[3], 16)
    words = [w.split("(")[0] for w in parts[4 : 4 + 2 * w_cnt : 2]]
    i = 4 + 2 * w_cnt
    pointers = []
    for k in range(int(parts[i])):
        sym, offset, pos = parts[i + 1 + 4 * k : i + 4 + 4 * k]
        pointers.append((sym, ("a" if pos == "s" else pos) + offset))
    return parts[0], words, pointers, gloss


def _lemma_keys(word: str) -> tuple[str, ...]:
    parts = word.split("_")
    if all(p.isalpha() for p in parts):
        return tuple(fold(p) for p in parts)
    return tuple(tokenize(word.replace("_", " "))[2])

