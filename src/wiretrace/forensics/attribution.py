"""Who published an article, and whom it credits.

An article's own outlet is named in its metadata or in its copyright line
("Copyright 2026 Meridian Wire. All rights reserved.", "© 2026 The Rotterdam
Ledger"). Scraped metadata often gives the outlet as a host name or an address
("www.reuters.com", "https://apnews.com/article/…"): the outlet is then the host's
registered name ("reuters", "apnews"), which text writes as one or more capitalised
words ("Reuters", "AP News", "Cairnmoor Energy" for ``cairnmoorenergy.example``).
A reprint or a rewrite usually keeps the agency's name in its dateline or credits
("ROTTERDAM (Meridian Wire) —", "Photo: Meridian Wire", "according to the Reuters
news agency"). An article that names the other article's outlet, being of another
outlet itself, points at that article as its source.

A name is found in text as a whole run of capitalised words, compared letters only
(case, spaces, "the" in front and a trailing word such as "Photo" or "News" aside):
"Meridian Wire" is in "(Meridian Wire)" and in "MERIDIAN WIRE", "Guardian" is not in
"Guardian Council", and a name written in lower case ("the fortune") is not the
outlet. Because a false credit decides a pair's direction as surely as a true one:

* a name of one word that is an ordinary English word ("Time", "Fortune", "Energy")
  is not read at the start of a sentence, where every word is capitalised;
* a name of three letters or fewer ("FT" for ``ft.com``, "BBC") is read only in
  capitals, and not when it is a very common word ("US", "UK");
* a short name that is only part of the host name ("AP" of ``apnews.com``) is read
  only as a dateline credit, "WASHINGTON (AP) —";
* a host name whose registered part is generic ("news", "online", ``gov.uk``) names
  no outlet;
* two names are taken for one outlet when one is the other's initials ("Associated
  Press" and ``apnews.com``): an article crediting its own outlet credits no one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from wiretrace.forensics.settings import DirectionSettings
from wiretrace.lexicon.frequency import zipf
from wiretrace.lexicon.stopwords import STOPWORDS
from wiretrace.records import Span

_COPYRIGHT_NAME = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}\s*[-–]?\s*(?:\d{4})?)?\s*"
    r"(?P<name>[A-Z][\w&'’.-]*(?:\s+(?:of\s+|and\s+|&\s+)?[A-Z][\w&'’.-]*){0,5})",
    re.IGNORECASE,
)

_HOST = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?(?:/\S*)?$", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "go",
                           "gv", "nic", "ltd", "plc", "info", "biz"})
"""Second-level labels of country domains: ``bbc.co.uk`` is registered as ``bbc``."""
_GENERIC = frozenset({"www", "news", "online", "web", "home", "site", "blog", "blogs", "media",
                      "press", "info", "com", "net", "org", "live", "today", "daily", "wire"})
"""Words that name no outlet on their own: a host whose registered part is one of them
(``news.com.au``, ``www.gov.uk``) gives no name."""
_HOST_SUFFIXES = ("news", "online")
"""A host name ending in one of these (``apnews``, ``skynews``) is also read without it."""
_TRAILING = frozenset({"news", "photo", "photos", "staff", "television", "tv", "video",
                       "agency", "service", "newswire", "online", "reporter", "reporters",
                       "correspondent", "correspondents", "report", "reports"})
"""Capitalised words that may follow an outlet's name in a credit ("AP Photo",
"Reuters Television", "Meridian Wire Service") without making it another name."""
_CONNECTORS = frozenset({"of", "and", "&", "for"})
_TOKEN = re.compile(r"[^\W_][\w'’-]*|&")
_POSSESSIVE = re.compile(r"(?:['’]s?|-)+$")


def _clean(name: str) -> str:
    name = re.sub(r"^the\s+", "", name.strip(" .,;:"), flags=re.IGNORECASE)
    return name.strip()


def _key(words: Iterable[str]) -> str:
    return re.sub(r"[^0-9a-z]", "", "".join(words).lower())


def host_of(outlet: str) -> str | None:
    """The host name of an outlet given as an address or a host name
    ("https://www.reuters.com/world/…", "www.reuters.com"), else ``None`` (a name)."""
    value = outlet.strip()
    if _SCHEME.match(value):
        return urlsplit(value).hostname or None
    if _HOST.match(value):
        return re.split(r"[/:]", value, maxsplit=1)[0].lower()
    return None


def registered_name(host: str) -> str | None:
    """The part of a host name its owner registered ("reuters" of ``www.reuters.com``,
    "bbc" of ``news.bbc.co.uk``), or ``None`` when that part is generic."""
    labels = [x for x in host.lower().strip(".").split(".") if x]
    if len(labels) < 2:
        return None
    tld = labels.pop()
    if len(tld) == 2 and len(labels) >= 2 and labels[-1] in _SECOND_LEVEL:
        labels.pop()
    name = labels[-1]
    return None if name in _GENERIC or not re.search(r"[a-z]", name) else name


@dataclass(frozen=True, slots=True)
class _Forms:
    """How a name of an outlet may be written in other text."""

    keys: frozenset[str]
    """Letters-only forms of a run of capitalised words ("meridianwire")."""
    dateline: frozenset[str]
    """Short forms read only as a dateline credit ("ap" of ``apnews.com``)."""
    identity: frozenset[str]
    """Forms by which two names are taken for one outlet (the keys, the short forms and
    the initials of a name of several words)."""


@lru_cache(maxsize=4096)
def _forms(name: str) -> _Forms:
    host = host_of(name)
    if host is not None:
        label = registered_name(host)
        if label is None:
            return _Forms(frozenset(), frozenset(), frozenset())
        key = _key(label.split("-"))
        keys = {key}
        dateline = set()
        if key.startswith("the") and len(key) > 6:
            keys.add(key[3:])
        for generic in _HOST_SUFFIXES:
            if key.endswith(generic) and len(key) > len(generic) + 1:
                rest = key[: -len(generic)]
                (keys if len(rest) > 3 else dateline).add(rest)
        return _Forms(frozenset(keys), frozenset(dateline), frozenset(keys | dateline))
    words = [w for w in _TOKEN.findall(name) if w.lower() not in _CONNECTORS]
    if not words:
        return _Forms(frozenset(), frozenset(), frozenset())
    keys = {_key(words)}
    if words[0].lower() == "the" and len(words) > 1:
        keys.add(_key(words[1:]))
    capitals = [w for w in words if w[:1].isupper() and w.lower() != "the"]
    initials = {_key(w[0] for w in capitals)} if len(capitals) >= 2 else set()
    return _Forms(frozenset(keys), frozenset(), frozenset(keys | initials))


def own_outlets(
    text: str, boilerplate: Iterable[tuple[Span, str]], outlet: str | None = None
) -> frozenset[str]:
    """Names of the outlet that published an article (its ``text`` and ``boilerplate``
    lines): its metadata (a name, a host name or an address) and its copyright lines."""
    names = set()
    if outlet and outlet.strip():
        names.add(outlet.strip() if host_of(outlet) else _clean(outlet))
    for (start, end), label in boilerplate:
        if label != "copyright":
            continue
        m = _COPYRIGHT_NAME.search(text[start:end])
        if m and not m.group("name").lower().startswith("all rights"):
            name = _clean(re.split(r"\.\s|\.$", m.group("name"))[0])
            if len(name) >= 3:
                names.add(name)
    return frozenset(names)


@dataclass(frozen=True, slots=True)
class CapitalisedRun:
    """A run of capitalised words in a text, in the ways it may be read."""

    forms: tuple[tuple[str, str, int, bool], ...]
    """(key, the words as written, how many words, whether they open a sentence) for
    each way of reading the run."""


def _runs(text: str) -> list[CapitalisedRun]:
    tokens = []
    for m in _TOKEN.finditer(text):
        word = _POSSESSIVE.sub("", m.group())
        if word:
            tokens.append((m.start(), m.start() + len(word), word))
    runs: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    for tok in tokens:
        start, _end, word = tok
        # "Rolls-Royce" is capitalised, "Edinburgh-based" (before a name) is not
        capital = word[:1].isupper() and not word.rsplit("-", 1)[-1][:1].islower()
        joined = bool(current) and re.fullmatch(r"[ \t]+", text[current[-1][1]:start]) is not None
        if joined and (capital or word.lower() in _CONNECTORS):
            current.append(tok)
        else:
            if current:
                runs.append(current)
            current = [tok] if capital else []
    if current:
        runs.append(current)
    out = []
    for run in runs:
        while run and run[-1][2].lower() in _CONNECTORS:
            run = run[:-1]
        if not run:
            continue
        k = run[0][0]
        while k > 0 and text[k - 1] in " \t\"'“‘(":
            k -= 1
        initial = k == 0 or text[k - 1] in ".!?\n—"
        words = [t[2] for t in run]
        readings = []
        # "The Guardian", and a sentence's capitalised first word ("An AP report").
        opener = words[0].lower() == "the" or (initial and words[0].lower() in STOPWORDS)
        for lead in (0, 1) if opener and len(words) > 1 else (0,):
            body = words[lead:]
            while body:
                readings.append((_key(body), " ".join(body), len(body), initial and not lead))
                if len(body) > 1 and body[-1].lower() in _TRAILING:
                    body = body[:-1]
                else:
                    break
        out.append(CapitalisedRun(tuple(readings)))
    return out


def _dateline_credit(text: str, short: str) -> str | None:
    """The short form as a dateline credit: a paragraph opening with a place in
    capitals, then the form in brackets ("WASHINGTON (AP) —")."""
    pattern = rf"(?m)^[A-Z][A-Z .,'’-]*\(({re.escape(short.upper())})\)"
    m = re.search(pattern, text)
    return m.group(1) if m else None


def _found(
    forms: _Forms, runs: list[CapitalisedRun], text: str, s: DirectionSettings
) -> str | None:
    for run in runs:
        for key, written, n_words, initial in run.forms:
            if key not in forms.keys:
                continue
            if len(key) <= 3:
                if written != written.upper() or zipf(key) >= s.credit_short_max_zipf:
                    continue
            elif n_words == 1 and initial and zipf(key) >= s.credit_ordinary_zipf:
                continue
            return written
    for short in sorted(forms.dateline):
        if zipf(short) < s.credit_short_max_zipf and (hit := _dateline_credit(text, short)):
            return hit
    return None


def capitalised_runs(text: str) -> list[CapitalisedRun]:
    """The runs of capitalised words of ``text`` that :func:`credits` reads (the same for
    every pair the article is in: compute them once per article)."""
    return _runs(text)


def credits(
    text: str,
    names: Iterable[str],
    own: Iterable[str] = (),
    settings: DirectionSettings | None = None,
    runs_of: Callable[[], list[CapitalisedRun]] | None = None,
) -> list[str]:
    """Which of ``names`` (the other article's outlet) ``text`` mentions, as written
    there ("Reuters" for ``www.reuters.com``), leaving out the names that are also of
    the article's ``own`` outlet. ``runs_of`` gives the text's
    :func:`capitalised_runs` when the caller keeps them (they are read only when
    there is a name to look for)."""
    names = sorted(names)
    if not names:
        return []
    s = settings or DirectionSettings()
    own_forms = set().union(*(_forms(n).identity for n in own))
    runs = runs_of() if runs_of is not None else _runs(text)
    found = []
    for name in names:
        forms = _forms(name)
        if forms.identity & own_forms:
            continue
        hit = _found(forms, runs, text, s)
        if hit is not None and hit not in found:
            found.append(hit)
    return found
