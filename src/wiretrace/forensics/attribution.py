"""Who published an article, and whom it credits.

An article's own outlet is named in its metadata or in its copyright line
("Copyright 2026 Meridian Wire. All rights reserved.", "© 2026 The Rotterdam
Ledger"). A reprint or a rewrite usually keeps the agency's name in its
dateline or credits ("ROTTERDAM (Meridian Wire) —", "Photo: Meridian Wire").
An article that names the other article's outlet, being of another outlet
itself, points at that article as its source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from wiretrace.records import Span

_COPYRIGHT_NAME = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}\s*[-–]?\s*(?:\d{4})?)?\s*"
    r"(?P<name>[A-Z][\w&'’.-]*(?:\s+(?:of\s+|and\s+|&\s+)?[A-Z][\w&'’.-]*){0,5})",
    re.IGNORECASE,
)


def _clean(name: str) -> str:
    name = re.sub(r"^the\s+", "", name.strip(" .,;:"), flags=re.IGNORECASE)
    return name.strip()


def own_outlets(
    text: str, boilerplate: Iterable[tuple[Span, str]], outlet: str | None = None
) -> frozenset[str]:
    """Names of the outlet that published an article (its ``text`` and ``boilerplate``
    lines): its metadata and its copyright lines."""
    names = set()
    if outlet and outlet.strip():
        names.add(_clean(outlet))
    for (start, end), label in boilerplate:
        if label != "copyright":
            continue
        m = _COPYRIGHT_NAME.search(text[start:end])
        if m and not m.group("name").lower().startswith("all rights"):
            name = _clean(re.split(r"\.\s|\.$", m.group("name"))[0])
            if len(name) >= 3:
                names.add(name)
    return frozenset(names)


def credits(text: str, names: frozenset[str]) -> list[str]:
    """Which of ``names`` ``text`` mentions (whole words, any case)."""
    found = []
    for name in sorted(names):
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=re.IGNORECASE):
            found.append(name)
    return found
