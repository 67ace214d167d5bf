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

Features are strings; the index hashes them.
"""

from __future__ import annotations

from wiretrace.candidates.settings import CandidateSettings
from wiretrace.lexicon.frequency import zipf
from wiretrace.normalize.prepare import PreparedDoc


def _capitalised(text: str, start: int) -> bool:
    ch = text[start]
    return ch.isupper()


def document_features(doc: PreparedDoc, settings: CandidateSettings | None = None) -> set[str]:
    """The candidate-generation features of one document."""
    s = settings or CandidateSettings()
    common, sense = s.common_zipf, s.sense_zipf
    feats: set[str] = set()
    text = doc.text
    prev_content: str | None = None
    name: list[str] = []
    for t, key in enumerate(doc.keys):
        if doc.boiler[t]:
            prev_content = None
            name = []
            continue
        if _capitalised(text, doc.starts[t]) and not key[:1].isdigit():
            name.append(key)
        else:
            if len(name) >= 2:
                feats.add("e:" + " ".join(name))
            name = []
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
    if len(name) >= 2:
        feats.add("e:" + " ".join(name))
    return feats
