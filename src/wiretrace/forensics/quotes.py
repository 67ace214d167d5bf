"""Quotations, and quotations that read differently in two articles of one story.

Honest outlets reproduce a quotation word for word; a spinner rewrites it like any
other sentence. A quotation that appears in two articles with the same speaker
and mostly the same words, but not all of them, is therefore strong evidence of
spinning (or of careless editing) — reported as an *altered quotation*, with both
versions and every stretch of words that changed, by offsets in both articles. The
same words spelt another way ("organised" / "organized") or a quotation cut at its start
or end (quoting part of a sentence) is not an alteration.

The **speaker** is the person the quotation is attributed to: the name next to a
verb of speech in the attribution (``," said Marta Kowalczyk``, ``," Kowalczyk told
reporters``, ``according to the minister Jan Nowak``, ``Nowak said: "…"``), in the
same sentence as the quotation — not every capitalised word nearby. An attribution to
a pronoun ("he said") or none leaves the speaker unknown; two quotations are
compared when their speakers share a name or either is unknown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from wiretrace.align.sentence_match import bag_of, bag_similarity
from wiretrace.forensics.settings import QuoteSettings
from wiretrace.lexicon.spelling import spelling_variant
from wiretrace.normalize.prepare import PreparedDoc
from wiretrace.records import Span

# Straight, curly and guillemet quotation marks; a quote holds no paragraph break.
_QUOTE_RE = re.compile(r"[\"“«]([^\"“”«»\n]{10,800}?)[\"”»]")


@dataclass(frozen=True, slots=True)
class Quote:
    span: Span
    """The words inside the quotation marks."""
    first: int
    last: int
    """Token range ``[first, last)`` of the quoted words."""
    speakers: frozenset[str]
    """The speaker's name as folded words (empty: unknown)."""
    words: tuple[str, ...] = ()
    """The quoted words as match keys (two quotes with the same words are the same)."""
    text: str = ""
    """The quoted text as written."""
    speaker: str | None = None
    """The speaker's name as written in the attribution."""


SPEECH_VERBS = frozenset({
    "said", "says", "say", "told", "tells", "added", "adds", "stated", "states", "asked", "asks",
    "warned", "warns", "explained", "explains", "insisted", "insists", "wrote", "writes",
    "declared", "declares", "noted", "notes", "argued", "argues", "replied", "replies",
    "continued", "continues", "acknowledged", "acknowledges", "admitted", "admits", "announced",
    "announces", "remarked", "remarks", "mentioned", "mentions", "commented", "comments",
    "claimed", "claims", "asserted", "asserts", "urged", "urges", "recalled", "recalls",
    "conceded", "concedes", "confirmed", "confirms", "complained", "complains", "cautioned",
    "cautions", "expressed", "expresses",
})
"""Verbs that attribute a quotation (with those a synonym spinner puts for "said")."""

_PRONOUNS = frozenset(["he", "she", "they", "it", "we", "i", "you", "who", "one", "the",
                       "a", "an", "this", "that"])
_SENTENCE_END = re.compile(r"[.!?]\s|\n")
_LOOK_AHEAD = 5
"""Words after the verb in which the name may start ("said the union leader Marta …")."""


def _capital(doc: PreparedDoc, k: int) -> bool:
    return (not doc.boiler[k] and doc.text[doc.starts[k]].isupper()
            and doc.keys[k] not in _PRONOUNS and doc.keys[k] not in SPEECH_VERBS)


def _adjacent(doc: PreparedDoc, k: int) -> bool:
    """Tokens ``k`` and ``k + 1`` are separated by spaces only (one name)."""
    return not doc.text[doc.ends[k] : doc.starts[k + 1]].strip()


def _name_run(doc: PreparedDoc, t: int, step: int, lo: int, hi: int) -> tuple[int, int] | None:
    """The run of capitalised words that starts at token ``t`` and goes ``step`` (+1 or
    −1) within tokens ``lo..hi-1``: ``(first, last)``, or ``None``."""
    if not (lo <= t < hi) or not _capital(doc, t):
        return None
    end = t
    while lo <= end + step < hi and _capital(doc, end + step) \
            and _adjacent(doc, min(end, end + step)):
        end += step
    return min(t, end), max(t, end)


def _attributed(doc: PreparedDoc, lo: int, hi: int) -> tuple[int, int] | None:
    """The speaker's name in the attribution tokens ``lo..hi-1`` (same sentence as the
    quotation): the capitalised run right before a verb of speech ("Kowalczyk said"),
    else one starting within a few words after it ("said the union leader Marta
    Kowalczyk"), or after "according to"."""
    for v in range(lo, hi):
        key = doc.keys[v]
        according = key == "according" and v + 1 < hi and doc.keys[v + 1] == "to"
        if key not in SPEECH_VERBS and not according:
            continue
        if not according and v > lo and _adjacent(doc, v - 1):
            before = _name_run(doc, v - 1, -1, lo, hi)
            if before:
                return before
        first = v + 2 if according else v + 1
        for t in range(first, min(hi, first + _LOOK_AHEAD)):
            if doc.keys[t] in SPEECH_VERBS:
                break
            run = _name_run(doc, t, 1, lo, hi)
            if run:
                return run
        return None  # "he said", "the union said": a verb without a name
    return None


def _speaker(doc: PreparedDoc, start: int, end: int, window: int
             ) -> tuple[str | None, frozenset[str]]:
    """Who a quotation at characters ``start..end`` (marks included) is attributed to."""
    text = doc.text
    after_end = min(len(text), end + window)
    stop = _SENTENCE_END.search(text, end, after_end)
    after_end = stop.start() + 1 if stop else after_end
    # A quotation that ends its own sentence ("… no choice." Port managers said …) is not
    # attributed by the next sentence.
    following = text[end:after_end].lstrip(" \t")
    if text[start:end].rstrip(" \"”»'’").endswith((".", "!", "?")) and following[:1].isupper():
        after_end = end
    before_start = max(0, start - window)
    cuts = list(_SENTENCE_END.finditer(text, before_start, start))
    before_start = cuts[-1].end() if cuts else before_start
    for lo_char, hi_char in ((end, after_end), (before_start, start)):
        lo, hi = doc.token_at(lo_char), doc.token_at(hi_char)
        run = _attributed(doc, lo, hi)
        if run:
            first, last = run
            name = text[doc.starts[first] : doc.ends[last]]
            return name, frozenset(doc.keys[first : last + 1])
    return None, frozenset()


@dataclass(frozen=True, slots=True)
class QuoteVersion:
    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class QuoteChange:
    """One stretch of words that differs between the two versions of a quotation: its
    character range in each article (empty where words were only added on the other
    side) and the words."""

    a: Span
    b: Span
    a_text: str
    b_text: str


@dataclass(frozen=True, slots=True)
class AlteredQuote:
    """A quotation by one speaker that reads differently in the two articles of a pair."""

    a: QuoteVersion
    b: QuoteVersion
    speaker: str | None
    similarity: float
    changes: tuple[QuoteChange, ...] = ()
    """Every stretch that differs, in order."""

    @property
    def changed_words(self) -> tuple[tuple[str, str], ...]:
        """``(words in a, words in b)`` for every stretch that differs."""
        return tuple((c.a_text, c.b_text) for c in self.changes)


def find_quotes(doc: PreparedDoc, settings: QuoteSettings | None = None) -> list[Quote]:
    """Quotations of at least ``min_words`` words, with the names in their attribution."""
    s = settings or QuoteSettings()
    out: list[Quote] = []
    previous: tuple[int, str | None, frozenset[str]] = (-1, None, frozenset())
    for m in _QUOTE_RE.finditer(doc.text):
        start, end = m.start(1), m.end(1)
        first, last = doc.token_at(start), doc.token_at(end)
        if last - first < s.min_words or any(doc.boiler[first:last]):
            continue
        name, keys = _speaker(doc, m.start(), m.end(), s.attribution_chars)
        if name is None and previous[0] >= 0 and "\n" not in doc.text[previous[0] : m.start()]:
            # A quotation without an attribution of its own, later in the paragraph of an
            # attributed one, goes on with the same speaker.
            _end, name, keys = previous
        previous = (m.end(), name, keys) if name is not None else (-1, None, frozenset())
        out.append(Quote((start, end), first, last, keys, tuple(doc.keys[first:last]),
                         doc.text[start:end], name))
    return out


def _changes(a: PreparedDoc, qa: Quote, b: PreparedDoc, qb: Quote) -> tuple[QuoteChange, ...]:
    def span(doc: PreparedDoc, first: int, lo: int, hi: int) -> Span:
        if hi > lo:
            return doc.starts[first + lo], doc.ends[first + hi - 1]
        at = doc.starts[first + lo] if first + lo < len(doc.starts) else len(doc.text)
        return at, at

    out = []
    for op in Levenshtein.opcodes(a.keys[qa.first : qa.last], b.keys[qb.first : qb.last]):
        if op.tag == "equal":
            continue
        sa = span(a, qa.first, op.src_start, op.src_end)
        sb = span(b, qb.first, op.dest_start, op.dest_end)
        out.append(QuoteChange(sa, sb, a.text[sa[0] : sa[1]], b.text[sb[0] : sb[1]]))
    return tuple(out)


def _substantive(change: QuoteChange, qa: Quote, qb: Quote) -> bool:
    """Whether a changed stretch alters what was said: not a spelling variant of the same
    word ("organised" / "organized"), nor words cut at the start or end of one version
    (quoting part of a sentence is ordinary editing)."""
    wa, wb = change.a_text.casefold(), change.b_text.casefold()
    if wa and wb and " " not in wa and " " not in wb and spelling_variant(wa, wb):
        return False
    if not wa or not wb:
        edge_a = change.a[0] <= qa.span[0] or change.a[1] >= qa.span[1]
        edge_b = change.b[0] <= qb.span[0] or change.b[1] >= qb.span[1]
        if (not wa and edge_a) or (not wb and edge_b):
            return False
    return True


def altered_quotes(
    a: PreparedDoc,
    b: PreparedDoc,
    quotes_a: Sequence[Quote] | None = None,
    quotes_b: Sequence[Quote] | None = None,
    settings: QuoteSettings | None = None,
) -> tuple[AlteredQuote, ...]:
    """Quotations of ``a`` and ``b`` by the same speaker that say nearly, not exactly, the same."""
    s = settings or QuoteSettings()
    min_similarity, synonym_weight = s.min_similarity, s.synonym_weight
    quotes_a = find_quotes(a, s) if quotes_a is None else quotes_a
    quotes_b = find_quotes(b, s) if quotes_b is None else quotes_b
    found = []
    used_b: set[int] = set()
    for qa in quotes_a:
        bag_a = bag_of(a, qa.first, qa.last)
        best: tuple[float, int] | None = None
        for k, qb in enumerate(quotes_b):
            if k in used_b:
                continue
            same_speaker = (bool(qa.speakers & qb.speakers) or not qa.speakers
                            or not qb.speakers)
            if not same_speaker:
                continue
            dice = bag_similarity(bag_a, bag_of(b, qb.first, qb.last), synonym_weight)[0]
            if dice >= min_similarity and (best is None or dice > best[0]):
                best = (dice, k)
        if best is None:
            continue
        qb = quotes_b[best[1]]
        used_b.add(best[1])
        changes = _changes(a, qa, b, qb)
        if not any(_substantive(c, qa, qb) for c in changes):
            continue  # quoted faithfully: the same words, spelt or trimmed differently
        found.append(AlteredQuote(
            a=QuoteVersion(qa.span, a.text[qa.span[0] : qa.span[1]]),
            b=QuoteVersion(qb.span, b.text[qb.span[0] : qb.span[1]]),
            speaker=(qa.speaker if qa.speakers and (qa.speakers & qb.speakers or not qb.speakers)
                     else qb.speaker),
            similarity=best[0],
            changes=changes,
        ))
    return tuple(found)
