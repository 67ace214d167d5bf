"""How informative a word is, from its frequency in general English (wordfreq).

A rare word shared by two articles says much more about reuse than a common one.
The weight is an inverse-document-frequency stand-in computed from wordfreq's
Zipf scale, so it needs no training corpus and is the same in every process.
"""

from __future__ import annotations

from functools import lru_cache

from wordfreq import zipf_frequency

# Zipf 8 is "the"; words wordfreq has never seen get 0. A word at Zipf z is
# about 10**(z-9) of all tokens, so -log10 of that is 9 - z.
_MAX_ZIPF = 8.0
_UNSEEN_WEIGHT = 9.0


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """Zipf frequency of a casefolded word in English (0 when unknown)."""
    return zipf_frequency(word, "en")


def word_weight(word: str) -> float:
    """Information weight of a casefolded word: 1 for the commonest, 9 for unseen words."""
    z = zipf(word)
    if z <= 0.0:
        return _UNSEEN_WEIGHT
    return max(1.0, 9.0 - min(z, _MAX_ZIPF))


def is_rare(word: str, max_zipf: float = 3.5) -> bool:
    """True when the word is rare in general English (or unknown to wordfreq)."""
    return zipf(word) < max_zipf
