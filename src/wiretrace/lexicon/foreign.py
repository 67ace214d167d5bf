"""How common a word is in other languages: for words left untranslated.

The translation traces ask, for a rare English word, whether it is common in one of ten
other languages (wordfreq's word lists). Loading those ten lists costs about a second
in every process; :func:`foreign_frequencies` builds, once into the user's cache
(:mod:`wiretrace.lexicon.cache`), one table of every word any of the lists holds with
its highest Zipf frequency and that language, and loads it in milliseconds.

Values are wordfreq's: a word's frequency in a list, rounded as wordfreq rounds it
(three significant digits), on the Zipf scale to two decimals; of several languages the
highest wins, and of equal values the language code that sorts last (as
``max((zipf, code))`` picks it). Words are found by a 64-bit hash of their text.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from wiretrace.lexicon.cache import cached_arrays, digest


def _hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "little", signed=True)


def _zipf_of(freq: float) -> float:
    if freq <= 0.0:
        return 0.0
    leading = math.floor(-math.log(freq, 10))
    return round(math.log(round(freq, leading + 3), 10) + 9, 2)


class ForeignFrequencies:
    """The highest Zipf frequency of a word in any of ``languages``, and which one."""

    def __init__(self, languages: tuple[str, ...], arrays: dict[str, np.ndarray]) -> None:
        self.languages = languages
        self._hashes = arrays["hashes"]
        self._zipf = arrays["zipf"]
        self._language = arrays["language"]

    def best(self, word: str) -> tuple[float, str]:
        """``(zipf, language)`` of ``word``'s highest frequency; ``(0.0, last code)`` when
        no list holds it (as ``max`` over all-zero values gives)."""
        h = _hash(word)
        i = int(np.searchsorted(self._hashes, h))
        if i < len(self._hashes) and int(self._hashes[i]) == h:
            return int(self._zipf[i]) / 100, self.languages[int(self._language[i])]
        return 0.0, max(self.languages)


@lru_cache(maxsize=4)
def foreign_frequencies(languages: tuple[str, ...]) -> ForeignFrequencies:
    """The table for ``languages`` (wordfreq codes), built once into the user's cache."""
    key = digest("foreign-frequencies", 1, _wordfreq_version(), sorted(languages))
    arrays = cached_arrays("foreign", key, lambda: _build(languages))
    return ForeignFrequencies(languages, arrays)


def _wordfreq_version() -> str:
    from importlib.metadata import version

    return version("wordfreq")


def _build(languages: Sequence[str]) -> dict[str, np.ndarray]:
    from wordfreq import get_frequency_dict

    best: dict[str, tuple[float, str]] = {}
    zipf_of: dict[float, float] = {}  # wordfreq's frequencies are quantised: few values
    for lang in languages:
        for word, freq in get_frequency_dict(lang, "best").items():
            zipf = zipf_of.get(freq)
            if zipf is None:
                zipf = zipf_of[freq] = _zipf_of(freq)
            value = (zipf, lang)
            old = best.get(word)
            if old is None or value > old:
                best[word] = value
    index = {lang: k for k, lang in enumerate(languages)}
    by_hash: dict[int, tuple[int, int]] = {}
    for word, (zipf, lang) in best.items():
        h = _hash(word)
        if h not in by_hash:  # a 64-bit collision: keep the first
            by_hash[h] = (round(zipf * 100), index[lang])
    hashes = np.array(sorted(by_hash), dtype=np.int64)
    values = [by_hash[h] for h in hashes.tolist()]
    return {
        "hashes": hashes,
        "zipf": np.array([v[0] for v in values], dtype=np.int16),
        "language": np.array([v[1] for v in values], dtype=np.uint8),
    }
