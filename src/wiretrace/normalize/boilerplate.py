"""Recognise text that is not the story: copyright lines, bylines, credits, navigation.

Boilerplate is found line by line. A boilerplate line is reported as a
character span into the original text; its words never count as evidence of
reuse and its characters are left out of coverage, but the text itself is
untouched, so every offset still points into the document as read.

Two sources of evidence:

* the shape of a single line (:func:`find_boilerplate`): copyright and licence
  notices, bylines, photo credits, comment and sharing widgets, date headers,
  navigation menus left over from HTML;
* repetition across a corpus (:func:`repeated_lines`): a short line that many
  documents carry (a site's footer, a newsletter plug) is boilerplate even when
  no rule knows its wording.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from wiretrace.records import Span

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?"
_DATE = (
    rf"(?:{_DAY}\s+)?(?:\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|"
    r"\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2})?)?|\d{1,2}/\d{1,2}/\d{2,4})"
)
_TIME = r"(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[a-z]{2,4})?)"

# Each rule: (label, pattern searched case-insensitively in one stripped line, max line length).
_RULES: tuple[tuple[str, re.Pattern[str], int], ...] = tuple(
    (label, re.compile(pattern, re.IGNORECASE), max_len)
    for label, pattern, max_len in (
        ("copyright", r"^(?:©|\(c\)|copyright\b)|(?:©|\(c\)|\bcopyright)\s*(?:©\s*)?\d{4}"
                      r"|\ball rights reserved\b", 400),
        ("copyright", r"\bmay not be (?:published|reproduced|redistributed|rewritten)", 400),
        ("byline", r"^(?:by|posted by|written by|story by|reporting by|words by)\s+"
                   r"(?:[A-Z][\w.'’-]*\s*){1,4}(?:(?:,|and|&)\s*(?:[A-Z][\w.'’-]*\s*){1,5})*"
                   r"(?:\s*[|/–—-]\s*.{0,40})?$", 90),
        ("byline", r"^(?:posted by|written by)\s+\w+", 60),
        ("byline", r"^(?:editing|additional reporting|reporting) by\b", 200),
        ("photo-credit",
         r"^(?:photo|photograph|image|picture|credit|caption|video)s?\s*[:/|]", 200),
        ("photo-credit", r"\((?:AP|AFP|Reuters|EPA|Getty)[\w ]*photo\b", 300),
        ("photo-credit", r"\b(?:photo|image)\s*(?:credit)?\s*[:/]\s*[A-Z]", 160),
        ("photo-credit", r"/\s*(?:getty images|afp|reuters|ap|epa|shutterstock)\s*\)?\s*$", 160),
        ("comments", r"^(?:comments are closed|leave a (?:comment|reply)|\d+\s+comments?|"
                     r"be the first to comment|add a comment|comments?\s*\(\d+\))\b", 80),
        ("sharing", r"^(?:share(?: this(?: article| story)?)?|tweet|follow us|email|print)\s*:?"
                    r"(?:\s*(?:facebook|twitter|x|linkedin|whatsapp|email|print|reddit|"
                    r"pinterest|telegram)\b\s*[,|·•]?)*\s*$", 120),
        ("promotion", r"^(?:subscribe|sign up|click here|read more|related(?: articles| stories)?"
                      r"|advertisement|recommended|most read|trending|tags?)\b\s*:?", 120),
        ("date-header", rf"^(?:(?:published|updated|posted|last updated|modified|date)\s*:?\s*)?"
                        rf"(?:on\s+)?(?:{_DATE}|{_TIME})(?:\s*(?:,|at|\||-|–)?\s*"
                        rf"(?:{_DATE}|{_TIME}))*\s*$", 90),
        ("navigation", r"^(?:skip to (?:main )?content|menu|search|home|log ?in|sign in)\s*$", 40),
    )
)

_NAV_SEPARATORS = re.compile(r"\s[|›»>/•·]\s")


def _line_spans(text: str) -> Iterable[tuple[int, int]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line)
        pos += len(line) + 1


def _blank(ch: str) -> bool:
    return ch.isspace() or ch == "\ufeff"  # a byte-order mark starts some files


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and _blank(text[start]):
        start += 1
    while end > start and _blank(text[end - 1]):
        end -= 1
    return start, end


def classify_line(line: str) -> str | None:
    """The kind of boilerplate a single stripped line is, or ``None`` for story text."""
    if not line:
        return None
    for label, pattern, max_len in _RULES:
        if len(line) <= max_len and pattern.search(line):
            return label
    parts = _NAV_SEPARATORS.split(line)
    if len(parts) >= 3 and all(0 < len(p.split()) <= 3 for p in parts):
        return "navigation"
    return None


def find_boilerplate(text: str) -> list[tuple[Span, str]]:
    """Boilerplate lines of one document: ``((start, end), label)`` sorted by offset."""
    found: list[tuple[Span, str]] = []
    for start, end in _line_spans(text):
        s, e = _strip_span(text, start, end)
        if e <= s:
            continue
        label = classify_line(text[s:e])
        if label:
            found.append(((s, e), label))
    return found


def line_key(line: str) -> str:
    """The form under which lines are compared across documents."""
    return " ".join(re.findall(r"\w+", line.casefold()))


def repeated_lines(
    texts: Iterable[str], min_docs: int = 3, max_words: int = 8
) -> frozenset[str]:
    """Keys of short lines that occur in at least ``min_docs`` different documents."""
    counts: Counter[str] = Counter()
    for text in texts:
        keys = set()
        for start, end in _line_spans(text):
            key = line_key(text[start:end])
            if key and len(key.split()) <= max_words:
                keys.add(key)
        counts.update(keys)
    return frozenset(k for k, n in counts.items() if n >= min_docs)


def find_repeated(text: str, repeated: frozenset[str]) -> list[tuple[Span, str]]:
    """Spans of the lines of ``text`` that the corpus marks as repeated boilerplate."""
    if not repeated:
        return []
    found: list[tuple[Span, str]] = []
    for start, end in _line_spans(text):
        if line_key(text[start:end]) in repeated:
            s, e = _strip_span(text, start, end)
            if e > s:
                found.append(((s, e), "repeated"))
    return found
