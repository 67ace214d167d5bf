"""Words with their character offsets, and the keys used to compare them.

Every token keeps ``(start, end)`` into the original text, so anything found
on normalized keys maps straight back to the document: the token list *is* the
offset map of the normalization.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

# Numbers keep their inner separators ("4.2", "1,500", "3:45"); words keep inner
# apostrophes ("didn't", "O'Neill") and combining accents (decomposed "Mée").
# Everything else separates tokens.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD = rf"[^\W\d_][^\W\d_{_MARKS}]*(?:[{_MARKS}]+[^\W\d_]*)*"
TOKEN_RE = re.compile(
    rf"\d+(?:[.,:]\d+)*|{_WORD}(?:['’]{_WORD})*|[^\W_]+", re.UNICODE
)


@lru_cache(maxsize=300_000)
def fold(word: str) -> str:
    """Case- and accent-insensitive key: ``"Mée"`` → ``"mee"``, ``"don’t"`` → ``"don't"``."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().replace("’", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=4)
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(language)


def stem_all(keys: list[str], language: str = "english") -> list[str]:
    """Snowball stems of folded keys (numbers and non-Latin words stay as they are)."""
    return list(_stemmer(language).stemWords(keys))


def tokenize(text: str) -> tuple[list[int], list[int], list[str]]:
    """Split ``text`` into tokens; returns parallel lists of starts, ends and folded keys."""
    starts: list[int] = []
    ends: list[int] = []
    keys: list[str] = []
    for m in TOKEN_RE.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
        keys.append(fold(m.group()))
    return starts, ends, keys


def is_number(key: str) -> bool:
    return key[:1].isdigit()
