"""Plain-text articles: the whole file is the text; title and date are guessed from the top.

Nothing is stripped from the text, so offsets always point into the file as
decoded. The title, when found, is a copy of the first line; it stays in the text.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from wiretrace.records import Document

MAX_TITLE_CHARS = 200
SENTENCE_END = ".!?:;…"
_CLOSERS = "\"'”’»)]"
DATE_LOOKAHEAD_LINES = 6
"""How many non-empty lines at the top of a file may hold a date line."""
MAX_DATE_LINE_CHARS = 80
MAX_DATE_LINE_WORDS = 4

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_DATE_WORDS = frozenset(
    (  # noqa: SIM905 -- words that may surround a date on a date line
        "published updated posted modified last date dateline on at am pm gmt utc cet cest est"
        " edt monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun"
    ).split()
)
_WORD_RE = re.compile(r"[^\W\d_]+")
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ISO_RE = re.compile(
    r"(?<!\d)(\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)(?![\d-])"
)
_RFC2822_RE = re.compile(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun),\s+\d{1,2}\s+(?:" + _MONTH_RE + r")\s+\d{4}"
    r"\s+\d{2}:\d{2}(?::\d{2})?(?:\s+(?:[+-]\d{4}|[a-z]{1,5}))?",
    re.IGNORECASE,
)
_MONTH_FIRST_RE = re.compile(
    r"\b(" + _MONTH_RE + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.IGNORECASE
)
_DAY_FIRST_RE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + _MONTH_RE + r")\.?,?\s+(\d{4})\b", re.IGNORECASE
)


def _nonempty_lines(text: str, limit: int) -> list[str]:
    lines: list[str] = []
    for raw in text.split("\n"):
        line = raw.replace("\ufeff", "").strip()
        if line:
            lines.append(line)
            if len(lines) >= limit:
                break
    return lines


def find_date(line: str) -> tuple[str, int, int] | None:
    """The first date written in ``line``: ``(iso, start, end)``, ISO-8601 date or datetime."""
    if m := _ISO_RE.search(line):
        token = m.group(1)
        try:
            if len(token) == 10:
                return date.fromisoformat(token).isoformat(), m.start(1), m.end(1)
            parsed = datetime.fromisoformat(token.replace(" ", "T", 1))
            return parsed.isoformat(), m.start(1), m.end(1)
        except ValueError:
            pass
    if m := _RFC2822_RE.search(line):
        try:
            return parsedate_to_datetime(m.group(0)).isoformat(), m.start(), m.end()
        except (TypeError, ValueError):
            pass
    for regex, order in ((_MONTH_FIRST_RE, (1, 0, 2)), (_DAY_FIRST_RE, (0, 1, 2))):
        if m := regex.search(line):
            day_s, month_s, year_s = (m.group(i + 1) for i in order)
            try:
                found = date(int(year_s), _MONTHS[month_s.lower()], int(day_s))
            except ValueError:
                continue
            return found.isoformat(), m.start(), m.end()
    return None


def _other_words(line: str, start: int, end: int) -> int:
    """Words around a date that are not date-line furniture (``Published``, ``Monday``…)."""
    rest = line[:start] + " " + line[end:]
    return sum(1 for w in _WORD_RE.findall(rest) if w.lower() not in _DATE_WORDS)


def guess_title(text: str) -> str | None:
    """The first non-empty line, if it reads like a headline and more text follows it.

    A headline is at most :data:`MAX_TITLE_CHARS` long, contains a letter, is not
    just a date line, and does not end in sentence punctuation (``. ! ? : ;``),
    even before closing quotes or brackets.
    """
    lines = _nonempty_lines(text, 2)
    if len(lines) < 2:
        return None
    first = lines[0]
    if len(first) > MAX_TITLE_CHARS or not any(ch.isalpha() for ch in first):
        return None
    if first.rstrip(_CLOSERS)[-1:] in SENTENCE_END:
        return None
    found = find_date(first)
    if found is not None and _other_words(first, found[1], found[2]) == 0:
        return None
    return first


def guess_date(text: str, title: str | None = None) -> str | None:
    """The date on a short date line among the first few non-empty lines, else ``None``.

    A date line is at most :data:`MAX_DATE_LINE_CHARS` long and has at most
    :data:`MAX_DATE_LINE_WORDS` other words (``"By Anna Müller | March 3, 2024"``).
    A first line taken as the ``title`` is not searched: dates in headlines are
    about events, not publication.
    """
    lines = _nonempty_lines(text, DATE_LOOKAHEAD_LINES)
    if title is not None and lines and lines[0] == title:
        lines = lines[1:]
    for line in lines:
        if len(line) > MAX_DATE_LINE_CHARS:
            continue
        found = find_date(line)
        if found is not None and _other_words(line, found[1], found[2]) <= MAX_DATE_LINE_WORDS:
            return found[0]
    return None


def parse_text(text: str, doc_id: str, path: str | None = None) -> Document:
    """A :class:`Document` for a plain-text article (``text`` is kept exactly as given)."""
    title = guess_title(text)
    return Document(id=doc_id, text=text, path=path, title=title, date=guess_date(text, title))
