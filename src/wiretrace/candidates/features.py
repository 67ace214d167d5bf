"""Features that survive disguise, used to find candidate pairs.

A spinner replaces common words with synonyms and a translator rewrites the
syntax, but names, numbers and rare words ("immutables") come through both.
Candidate generation therefore does not rely on long exact n-grams: each
document is described by

* ``w:`` its content words of middling-to-low frequency (by stem),
* ``n:`` its numbers of two or more digits,
* ``e:`` its runs of capitalised words (names of people, places, bodies),
* ``b:`` pairs of neighbouring content words (stems, function words skipped),
  which make verbatim and lightly edited copies stand out,
* ``s:`` WordNet senses of its rarer content words, so a word and the synonym
  a spinner put in its place still meet.

Features are strings; :func:`doc_features` hashes them (:func:`hash64`, the same hash
the archive stores its postings under) into a compact :class:`DocFeatures` record.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from wiretrace.candidates.settings import CandidateSettings
from wiretrace.lexicon.frequency import zipf
from wiretrace.normalize.prepare import PreparedDoc


def _capitalised(text: str, start: int) -> bool:
    ch = text[start]
    return ch.isupper()


def name_features(doc: PreparedDoc) -> set[str]:
    """The multi-word-name features (``e:`` + the folded words) of one document: runs of
    two or more capitalised words that are not figures (a run that boilerplate
    interrupts is dropped)."""
    feats: set[str] = set()
    text, name = doc.text, []
    for t, key in enumerate(doc.keys):
        if doc.boiler[t]:
            name = []
        elif _capitalised(text, doc.starts[t]) and not key[:1].isdigit():
            name.append(key)
        else:
            if len(name) >= 2:
                feats.add("e:" + " ".join(name))
            name = []
    if len(name) >= 2:
        feats.add("e:" + " ".join(name))
    return feats


def document_features(doc: PreparedDoc, settings: CandidateSettings | None = None) -> set[str]:
    """The candidate-generation features of one document: its names
    (:func:`name_features`), figures, rarer content words and their WordNet senses, and
    pairs of neighbouring content words."""
    s = settings or CandidateSettings()
    common, sense = s.common_zipf, s.sense_zipf
    feats = name_features(doc)
    prev_content: str | None = None
    for t, key in enumerate(doc.keys):
        if doc.boiler[t]:
            prev_content = None
            continue
        if not doc.content[t]:
            continue
        stem = doc.stems[t]
        if key[:1].isdigit():
            if len(key) >= 2:
                feats.add("n:" + key)
        elif zipf(key) < common:
            feats.add("w:" + stem)
            if zipf(key) < sense:
                feats.update("s:" + sid for sid in doc.senses[t])
        if prev_content is not None:
            feats.add("b:" + prev_content + " " + stem)
        prev_content = stem
    return feats


def hash64(value: str) -> int:
    """blake2b of ``value`` (UTF-8), 8 bytes, as a signed 64-bit integer (an SQLite
    INTEGER): the same in every process, so features computed anywhere meet."""
    digest = hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


@dataclass(frozen=True, slots=True)
class DocFeatures:
    """One document's candidate features, hashed: what the candidate stage keeps of it."""

    hashes: np.ndarray
    """Sorted, distinct 64-bit feature hashes."""
    is_name: np.ndarray
    """Per hash, whether the feature is a multi-word name (an ``e:`` feature)."""
    names: tuple[str, ...]
    """The names themselves (folded words joined by spaces), for same-story links."""


def doc_features(doc: PreparedDoc, settings: CandidateSettings | None = None) -> DocFeatures:
    """The hashed candidate features of one document."""
    feats = document_features(doc, settings)
    by_hash = {hash64(f): f for f in feats}
    hashes = np.array(sorted(by_hash), dtype=np.int64)
    is_name = np.fromiter((by_hash[h].startswith("e:") for h in hashes.tolist()), dtype=bool,
                          count=len(hashes))
    names = tuple(sorted(f[2:] for f in feats if f.startswith("e:")))
    return DocFeatures(hashes, is_name, names)
