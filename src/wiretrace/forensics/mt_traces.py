"""Traces that an English article passed through machine translation, with evidence spans.

Each trace is a character span of the document and a readable reason. The kinds:

* ``untranslated`` — a word left in another language: rare or unknown in English
  (wordfreq) but common in one of :data:`LANGUAGES`, standing alone among English
  words (two such words close together are a phrase quoted or borrowed, "joie de
  vivre"). Capitalised words inside a sentence (names), name particles ("van der
  Mée") and numbers are skipped.
* ``broken-sentence`` — a full stop in an impossible place: a sentence that ends with
  an article, a preposition that cannot end a clause or a possessive ("… met the.
  committee"), a lowercase word right after a full stop, or a very short verbless
  fragment in the middle of a paragraph. Headlines, datelines and bylines are
  separate lines or boilerplate and are never examined as fragments.
* ``fused-word`` — a token unknown to English and to the other languages that splits
  into a function word and a common English word ("theministry", "saidon"); two
  content words written together are a closed compound ("boxships").
* ``dropped-word`` — only one reliable pattern: a doubled function word ("the the",
  "of of"), where a word was dropped or duplicated in assembly. Missing articles are
  not detected: the rules were not reliable enough on ordinary English.
* ``respelled-name`` — (with ``others``, the other articles of the story) a name in
  this document that is one or two letters away from a name in the others but never
  written like it here ("Halink" for "Hallink", "Demirtas" for "Demirtaş").

:func:`translation_score` turns the traces of a document into a 0–1 score
normalised by its length.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from wordfreq import zipf_frequency

from wiretrace.forensics.respelled import respelled_names
from wiretrace.forensics.settings import TranslationSettings
from wiretrace.forensics.trace import (
    BROKEN_SENTENCE,
    DROPPED_WORD,
    FUSED_WORD,
    RESPELLED_NAME,
    UNTRANSLATED,
    Trace,
)
from wiretrace.lexicon.foreign import foreign_frequencies
from wiretrace.lexicon.stopwords import STOPWORDS
from wiretrace.lexicon.wordnet import WordNet, lemma_prefixes
from wiretrace.normalize.prepare import PreparedDoc

# Words a sentence cannot end with: articles, possessives, "of", coordinators.
_NO_SENTENCE_END = frozenset(
    [
        "the", "a", "an", "of", "and", "or", "nor", "their", "its", "our", "my", "your", "whose",
        "than"
    ]
)
# Function words whose doubling is never grammatical ("that that", "had had" can be).
_NEVER_DOUBLED = frozenset(
    [
        "the", "a", "an", "of", "to", "in", "on", "at", "for", "with", "by", "from", "and", "or",
        "into", "onto", "than"
    ]
)
# Abbreviations of four or more letters that end with a full stop mid-sentence.
_LONG_ABBREVIATIONS = frozenset(
    [
        "approx", "incl", "excl", "corp", "dept", "govt", "resp", "assn", "intl", "univ", "nos",
        "vols", "eds", "figs", "tues", "thurs", "sept"
    ]
)
# Verb-like function words (auxiliaries and modals) for the fragment rule.
_AUXILIARIES = frozenset(
    [
        "is", "was", "are", "were", "be", "been", "being", "am", "has", "have", "had", "do", "does",
        "did", "will", "would", "can", "could", "should", "may", "might", "must", "shall", "cannot"
    ]
)


def kind_weights(s: TranslationSettings) -> dict[str, float]:
    """Weight of each kind of trace in the document score."""
    return {
        UNTRANSLATED: s.untranslated_weight,
        BROKEN_SENTENCE: s.broken_sentence_weight,
        FUSED_WORD: s.fused_word_weight,
        DROPPED_WORD: s.dropped_word_weight,
        RESPELLED_NAME: s.respelled_name_weight,
    }

_STOP = re.compile(r"(?<=[^\W\d_])\.(?=\s)")
_LOWERCASE_NEXT = re.compile(r"[ \t]+([a-z]+)\b")
_QUOTES = '"“”«»„'


@lru_cache(maxsize=200_000)
def _zipf(word: str, language: str) -> float:
    return zipf_frequency(word, language)




_LANGUAGE_NAMES = {
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
    "pt": "Portuguese",
    "sv": "Swedish",
    "pl": "Polish",
    "tr": "Turkish",
    "id": "Indonesian",
}


def find_mt_traces(
    doc: PreparedDoc,
    wordnet: WordNet | None,
    others: Sequence[PreparedDoc] = (),
    settings: TranslationSettings | None = None,
) -> list[Trace]:
    """Every machine-translation trace of ``doc``, in text order.

    ``wordnet`` tells English words from others (without it, fused words and verbless
    fragments are not looked for); ``others`` are the other articles of the same story,
    only used to find respelled names.
    """
    s = settings or TranslationSettings()
    traces = [
        *_untranslated_and_fused(doc, wordnet, s),
        *_broken_sentences(doc),
        *_fragments(doc, wordnet, s.max_fragment_tokens),
        *_doubled_words(doc),
    ]
    if others:
        traces.extend(respelled_names(doc, others))
    return sorted(traces, key=lambda t: (t.span, t.kind))


def translation_score(
    doc: PreparedDoc, traces: list[Trace], settings: TranslationSettings | None = None
) -> float:
    """How machine-translated ``doc`` reads, 0–1: weighted traces per 1,000 words.

    With the default weights, one word left in another language per 1,000 words gives
    about 0.2, three give about 0.5; garbled sentences count a quarter as much. The
    same trace written again (kind and text) counts once.
    """
    s = settings or TranslationSettings()
    words = sum(1 for b in doc.boiler if not b)
    if not words or not traces:
        return 0.0
    weight = kind_weights(s)
    # A trace repeated word for word ("tomado" five times) is one piece of evidence.
    distinct = {(t.kind, t.text.casefold()) for t in traces}
    rate = sum(weight.get(kind, 0.5) for kind, _text in distinct) * 1000.0 / max(
        words, s.min_words)
    return 1.0 - math.exp(-rate / s.score_scale)


# ------------------------------------------------------------------------- words


def _in_address(doc: PreparedDoc, i: int) -> bool:
    """Part of a web or mail address ("www.example.com", "name@host")."""
    before = doc.text[doc.starts[i] - 1 : doc.starts[i]]
    after = doc.text[doc.ends[i] : doc.ends[i] + 1]
    return (
        before in (".", "/", "@")
        or after in ("/", "@")
        or (after == "." and doc.text[doc.ends[i] + 1 : doc.ends[i] + 2].isalnum())
    )


def _is_name_particle(doc: PreparedDoc, i: int) -> bool:
    """Part of a name: a short lowercase word in a run before a capitalised one ("van
    der Mée"), or a word hyphenated to a capitalised one ("Ming-chien")."""
    hyphen = i > 0 and doc.text[doc.ends[i - 1] : doc.starts[i]] == "-"
    if hyphen and doc.text[doc.starts[i - 1]].isupper():
        return True
    j = i
    while j < len(doc.keys) and len(doc.keys[j]) <= 3 and doc.text[doc.starts[j]].islower():
        j += 1
    return j > i and j < len(doc.keys) and doc.text[doc.starts[j]].isupper()


def _untranslated_and_fused(
    doc: PreparedDoc, wordnet: WordNet | None, s: TranslationSettings
) -> Iterator[Trace]:
    foreign_words: list[tuple[int, Trace]] = []
    for i, key in enumerate(doc.keys):
        if doc.boiler[i] or not key.isalpha() or len(key) < 3:
            continue
        english = _zipf(key, "en")
        if english >= s.max_english_zipf:
            continue  # an English word (most words: tested first, it is the cheapest)
        surface = doc.text[doc.starts[i] : doc.ends[i]]
        if not surface.islower() or _is_name_particle(doc, i) or _in_address(doc, i):
            continue  # names, acronyms, camelCase, web addresses, sentence starts
        if wordnet is not None and wordnet.lemmas(key):
            continue  # an English word, if a rare one
        foreign, language = foreign_frequencies(s.languages).best(key)
        span = (doc.starts[i], doc.ends[i])
        if foreign >= s.min_foreign_zipf and foreign - english >= s.min_foreign_margin:
            name = _LANGUAGE_NAMES.get(language, language)
            detail = f"{name} word {surface!r} (zipf {language} {foreign:.1f}, en {english:.1f})"
            foreign_words.append((i, Trace(UNTRANSLATED, span, surface, detail)))
        elif english == 0.0 and foreign < 1.0 and wordnet is not None:
            split = _fused_split(key, _prefixes(str(wordnet.root), s.prefix_min_lemmas), s)
            if split is not None:
                a, b = split
                yield Trace(FUSED_WORD, span, surface, f"{surface!r} reads as '{a} {b}'")
    # Two foreign words close together are a phrase quoted or borrowed ("joie de vivre"),
    # not words a translation left behind: those stand alone in English text.
    at = [i for i, _t in foreign_words]
    for k, (i, trace) in enumerate(foreign_words):
        near = (k > 0 and i - at[k - 1] <= 2) or (k + 1 < len(at) and at[k + 1] - i <= 2)
        if not near:
            yield trace


def _fused_split(
    key: str, prefixes: frozenset[str], s: TranslationSettings
) -> tuple[str, str] | None:
    """The best split of an unknown word into a function word and a common English word
    (or the reverse), if any.

    A first part that English uses as a prefix ("non", "inter", "multi") makes a
    legitimate coinage ("nonmanufacturing"), not a fused pair; and two content words
    written as one are a closed compound, which English forms freely ("boxships",
    "ridgetops", "financeable"), not a lost space.
    """
    if len(key) < 6:
        return None
    best: tuple[float, str, str] | None = None
    for cut in range(2, len(key) - 1):
        a, b = key[:cut], key[cut:]
        if a in prefixes or (a not in STOPWORDS and b not in STOPWORDS):
            continue
        za, zb = _zipf(a, "en"), _zipf(b, "en")
        if not _common_part(a, za, s) or not _common_part(b, zb, s):
            continue
        if best is None or min(za, zb) > best[0]:
            best = (min(za, zb), a, b)
    return None if best is None else (best[1], best[2])


@lru_cache(maxsize=2)
def _prefixes(root: str, min_lemmas: int) -> frozenset[str]:
    """Word beginnings that the lemmas of the WordNet in ``root`` use as prefixes.

    A beginning counts when at least ``min_lemmas`` lemmas are it plus another lemma
    ("non" + "alcoholic", "inter" + "national").
    """
    return lemma_prefixes(root, min_lemmas)


def _common_part(part: str, zipf: float, s: TranslationSettings) -> bool:
    if len(part) <= 3:
        return zipf >= s.min_short_part_zipf
    return zipf >= s.min_part_zipf


# --------------------------------------------------------------------- sentences


def _in_boilerplate(doc: PreparedDoc, offset: int) -> bool:
    return any(s <= offset < e for (s, e), _label in doc.boilerplate)


def _word_before(text: str, end: int) -> tuple[int, str]:
    start = end
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] in "'’"):
        start -= 1
    return start, text[start:end]


def _broken_sentences(doc: PreparedDoc) -> Iterator[Trace]:
    """Full stops after a word that cannot end a sentence, or before a lowercase word."""
    text = doc.text
    for m in _STOP.finditer(text):
        dot = m.start()
        if _in_boilerplate(doc, dot):
            continue
        start, before = _word_before(text, dot)
        if start > 0 and text[start - 1] == ".":
            continue  # "U.S.", "a.m."
        # Only on the same line: lists and wrapped text may start a line in lowercase.
        after = _LOWERCASE_NEXT.match(text, dot + 1)
        reasons = []
        if before in _NO_SENTENCE_END:
            reasons.append(f"sentence ends with {before!r}")
        if after is not None and before.islower() and _real_word(before):
            reasons.append(f"next sentence starts with lowercase {after.group(1)!r}")
        if not reasons:
            continue
        end = after.end() if after is not None else dot + 1
        yield Trace(BROKEN_SENTENCE, (start, end), text[start:end], "; ".join(reasons))


def _real_word(word: str) -> bool:
    """A full word (not an abbreviation such as "approx." or "Mass.") before a full stop."""
    lower = word.lower()
    if lower in _NO_SENTENCE_END:
        return True
    return (
        len(word) >= 4
        and word.isalpha()
        and lower not in _LONG_ABBREVIATIONS
        and _zipf(lower, "en") >= 3.0
    )


def _fragments(doc: PreparedDoc, wordnet: WordNet | None, max_tokens: int) -> Iterator[Trace]:
    """Very short sentences without any verb-like word, in the middle of a paragraph."""
    if wordnet is None:
        return
    text = doc.text
    for first, last in doc.sentences:
        if last - first > max_tokens + 1:
            continue
        start, end = doc.starts[first], doc.ends[last - 1]
        if end >= len(text) or text[end] != ".":
            continue
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        before, after = text[line_start:start].strip(), text[end + 1 : line_end].strip()
        if not before or not after:
            continue  # a line of its own: headline, dateline, byline, signature
        piece = text[start : end + 1]
        if any(q in piece or q in before[-1:] for q in _QUOTES):
            continue
        keys = doc.keys[first:last]
        if any(k[:1].isdigit() for k in keys) or all(
            text[doc.starts[i]].isupper() for i in range(first, last)
        ):
            continue
        if any(_verb_like(wordnet, k) for k in keys):
            continue
        if sum(1 for k in keys if k not in STOPWORDS) == 0:
            continue
        yield Trace(BROKEN_SENTENCE, (start, end + 1), piece, "verbless fragment mid-paragraph")


def _verb_like(wordnet: WordNet, key: str) -> bool:
    """An auxiliary, a contraction ("that's", "won't") or a word with a verb reading."""
    return key in _AUXILIARIES or "'" in key or bool(wordnet.lemmas(key, "v"))


def _doubled_words(doc: PreparedDoc) -> Iterator[Trace]:
    for i in range(1, len(doc.keys)):
        key = doc.keys[i]
        if key != doc.keys[i - 1] or key not in _NEVER_DOUBLED or doc.boiler[i]:
            continue
        gap = doc.text[doc.ends[i - 1] : doc.starts[i]]
        if gap.strip():
            continue
        span = (doc.starts[i - 1], doc.ends[i])
        yield Trace(DROPPED_WORD, span, doc.text[span[0] : span[1]], f"doubled {key!r}")
