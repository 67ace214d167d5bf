"""Respelled names: a name in this document written one or two letters differently
from a name in the articles it is linked with ("Halink" for "Hallink", "Demirtas" for
"Demirtaş") — a trace of a round trip through machine translation, or of retyping."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

from wiretrace.forensics.trace import RESPELLED_NAME, Trace
from wiretrace.lexicon.frequency import zipf
from wiretrace.lexicon.spelling import respelled
from wiretrace.normalize.prepare import PreparedDoc


def _names(doc: PreparedDoc) -> dict[str, list[tuple[int, int]]]:
    """Capitalised words that are not common English words → their spans in ``doc``."""
    firsts = {first for first, _last in doc.sentences}
    inside: set[str] = set()
    out: dict[str, list[tuple[int, int]]] = {}
    text = doc.text
    for i, (start, end, boiler) in enumerate(zip(doc.starts, doc.ends, doc.boiler,
                                                 strict=True)):
        # Most tokens are not capitalised: left before anything else (the possessive
        # stripped below does not change a word's first letter).
        if boiler or not text[start].isupper():
            continue
        surface = _strip_possessive(text[start:end])
        if len(surface) < 4 or not surface[0].isupper() or not surface.replace("'", "").isalpha():
            continue
        if surface.isupper() or zipf(surface.lower()) >= 3.0:
            continue
        if i not in firsts:
            inside.add(surface)
        out.setdefault(surface, []).append((start, start + len(surface)))
    # A capitalised word seen only at the start of sentences may be an ordinary word.
    return {name: spans for name, spans in out.items() if name in inside}


def _strip_possessive(word: str) -> str:
    for suffix in ("'s", "’s"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def respelled_names(doc: PreparedDoc, others: Iterable[PreparedDoc]) -> list[Trace]:
    """Names in ``doc`` written one or two letters differently from a name in ``others``.

    A name counts only when ``doc`` never writes it the other way and the others never
    write it this way. Each occurrence in ``doc`` is one trace.
    """
    mine = _names(doc)
    theirs: dict[str, str] = {}
    for other in others:
        for name in _names(other):
            theirs.setdefault(name, other.id)
    folded_mine = {name.casefold() for name in mine}
    folded_theirs = {name.casefold() for name in theirs}
    traces = []
    for name, spans in mine.items():
        if name.casefold() in folded_theirs:
            continue
        matches = [
            (Levenshtein.distance(name.casefold(), other.casefold()), other)
            for other in theirs
            if other.casefold() not in folded_mine and respelled(name, other)
        ]
        if not matches:
            continue
        _distance, other = min(matches)
        detail = f"{name!r} vs {other!r} in {theirs[other]}"
        traces.extend(Trace(RESPELLED_NAME, span, name, detail) for span in spans)
    return traces
