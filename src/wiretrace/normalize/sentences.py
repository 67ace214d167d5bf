"""Sentence boundaries as character offsets.

Rules, not a model: a sentence ends at ``.``, ``!`` or ``?`` (with closing
quotes or brackets) followed by space and a capital, digit or quote; at a blank
line; and at the end of a short line with no final punctuation (headlines,
bylines, datelines). Common abbreviations and initials do not end sentences.
Hard-wrapped text (a newline inside a sentence) stays one sentence.
"""

from __future__ import annotations

import re

from wiretrace.records import Span

_ABBREVIATIONS = frozenset(
    [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "gov", "sen",
        "rep", "col", "lt", "sgt", "capt", "cmdr", "adm", "rev", "hon", "pres", "inc",
        "ltd", "co", "corp", "bros", "dept", "est", "vs", "etc", "fig", "al", "jan",
        "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "no", "nos", "vol", "pp", "ed", "eds", "approx", "ca", "cf", "e.g", "i.e", "u.s",
        "u.k", "u.n", "a.m", "p.m"
    ]
)

_END_RE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
_NEXT_START_RE = re.compile(r"\s+[\"'“‘(\[]?[\w€$£]")
_BLANK_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_SHORT_LINE = 70


def _is_abbreviation(text: str, dot: int) -> bool:
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    if not word:
        return False
    if len(word) == 1 and word.isalpha():  # an initial: "J. Smith"
        return True
    return word in _ABBREVIATIONS


def _cut_points(text: str) -> list[int]:
    cuts: set[int] = set()
    for m in _END_RE.finditer(text):
        end = m.end()
        nxt = _NEXT_START_RE.match(text, end)
        if not nxt:
            continue
        first = text[nxt.end() - 1]
        if first.isalpha() and first.islower():
            continue
        single_dot = text[m.start()] == "." and m.end() - m.start() == 1
        if single_dot and _is_abbreviation(text, m.start()):
            continue
        cuts.add(end)
    for m in _BLANK_RE.finditer(text):
        cuts.add(m.start())
    # Short lines without final punctuation: headlines, bylines, captions.
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        line_end = pos + len(line)
        if stripped and len(stripped) <= _SHORT_LINE and stripped[-1] not in ".,;:!?\"'”’-–—":
            cuts.add(line_end)
        pos = line_end + 1
    return sorted(c for c in cuts if 0 < c < len(text))


def split_sentences(text: str) -> list[Span]:
    """Sentence spans, trimmed of surrounding whitespace; whitespace-only pieces dropped."""
    spans: list[Span] = []
    prev = 0
    for cut in [*_cut_points(text), len(text)]:
        start, end = prev, cut
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
        prev = cut
    return spans
