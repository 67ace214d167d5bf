"""What one version changed in a segment it shares with another: the stretches of words
that differ, each told apart as a change of fact or of wording.

The two versions' words in the segment are aligned word by word (a Levenshtein alignment
of their match keys, rapidfuzz); each run of differing words is one change, with its
range in both texts. A change is one of fact when it touches

* a **number** — the figures or number words differ ("40" → "50"; "both" and "the two"
  are the same), or a hedge next to a figure claims something else ("100,000" → "more
  than 100,000"; but "more than" → "in excess of" is wording);
* a **name** — the capitalised words inside a sentence differ (not a sentence's first
  word, not the first after a quotation mark or a colon, not a day or a month, not in a
  headline set in title case);
* a **negation** on one side only, in a short change ("did not say" → "said").

Everything else — a synonym swapped, a clause reworded — is a change of wording.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from wiretrace.collate.model import Change
from wiretrace.normalize.prepare import PreparedDoc
from wiretrace.records import Span


def _words(text: str) -> list[str]:
    return text.split()


_UNITS = _words("zero one two three four five six seven eight nine ten eleven twelve "
                "thirteen fourteen fifteen sixteen seventeen eighteen nineteen")
_TENS = _words("twenty thirty forty fifty sixty seventy eighty ninety")
NUMBER_WORDS: dict[str, str] = {w: str(k) for k, w in enumerate(_UNITS) if k > 1}
NUMBER_WORDS.update({w: str(10 * k) for k, w in enumerate(_TENS, start=2)})
NUMBER_WORDS.update({"both": "2", "pair": "2", "dozen": "12", "dozens": "dozens",
                     "hundred": "100", "hundreds": "hundreds", "thousand": "1000",
                     "thousands": "thousands", "million": "1e6", "millions": "millions",
                     "billion": "1e9", "billions": "billions", "trillion": "1e12",
                     "half": "0.5", "quarter": "0.25", "twice": "x2", "double": "x2",
                     "triple": "x3", "percent": "%"})
"""Number words and the value they stand for ("both" is two)."""
HEDGES = {
    **dict.fromkeys(_words("more over above upwards excess exceeding beyond least topping"),
                    "at least"),
    **dict.fromkeys(_words("less fewer under below most nearly almost barely short"),
                    "at most"),
    **dict.fromkeys(_words("about around roughly approximately some estimated close"),
                    "about"),
}
"""Words that qualify a number, by what they claim of it: a change between two of one
claim ("more than" → "in excess of") is wording, a claim added, dropped or turned
("more than" → "fewer than") is one of fact."""
NEGATIONS = frozenset(_words("not no never nor neither none nobody nothing without"))
CALENDAR = frozenset(_words(
    "monday tuesday wednesday thursday friday saturday sunday january february march "
    "april may june july august september october november december"))
"""Capitalised, but not names: a day or month added ("said on Friday") is wording."""
NEGATION_MAX_WORDS = 3
"""A negation counts only in a change this short on both sides (a cut clause that had a
"not" in it is a cut, not a negated claim)."""
_AFTER_OPENER = frozenset("\"'“‘«(:—–")


@dataclass(frozen=True, slots=True)
class WordFacts:
    """Per token of a version: whether it is a number, a name, a negation."""

    number: list[bool]
    name: list[bool]
    negation: list[bool]


def word_facts(doc: PreparedDoc) -> WordFacts:
    """:class:`WordFacts` of every token of ``doc``."""
    n = len(doc.keys)
    number = [k[:1].isdigit() or k in NUMBER_WORDS for k in doc.keys]
    negation = [k in NEGATIONS or k.endswith("n't") for k in doc.keys]
    name = [False] * n
    text = doc.text
    for first, last in doc.sentences:
        caps = [t for t in range(first, last) if text[doc.starts[t]].isupper()]
        if len(caps) * 2 > (last - first) and last - first > 2:
            continue  # a headline in title case
        for t in caps:
            if t == first or not doc.content[t] or number[t] or doc.keys[t] in CALENDAR:
                continue
            i = doc.starts[t] - 1
            while i >= 0 and text[i].isspace():
                i -= 1
            if i >= 0 and (text[i] in _AFTER_OPENER or text[i] in ".!?"):
                continue
            name[t] = True
    return WordFacts(number, name, negation)


def _value(key: str) -> str:
    return NUMBER_WORDS.get(key) or key.replace(",", "")


def _claims(doc: PreparedDoc, tokens: Sequence[int]) -> set[str]:
    """What the hedges among ``tokens`` claim of a number ("no less than" is "at least")."""
    out = set()
    for k, t in enumerate(tokens):
        claim = HEDGES.get(doc.keys[t])
        if claim is None:
            continue
        if k and doc.keys[tokens[k - 1]] in ("no", "not"):
            claim = "at most" if claim == "at least" else "at least"
        out.add(claim)
    return out


def _fact(
    da: PreparedDoc, fa: WordFacts, ta: Sequence[int], ia: range,
    db: PreparedDoc, fb: WordFacts, tb: Sequence[int], ib: range,
) -> str | None:
    """Whether the change of tokens ``ta[ia]`` into ``tb[ib]`` is one of fact."""
    changed_a = [ta[i] for i in ia]
    changed_b = [tb[i] for i in ib]
    numbers_a = sorted(_value(da.keys[t]) for t in changed_a if fa.number[t])
    numbers_b = sorted(_value(db.keys[t]) for t in changed_b if fb.number[t])
    if numbers_a != numbers_b:
        return "number"
    claims_a, claims_b = _claims(da, changed_a), _claims(db, changed_b)
    if claims_a != claims_b:
        near_a = [ta[i] for i in (ia.start - 1, ia.stop, ia.stop + 1) if 0 <= i < len(ta)]
        near_b = [tb[i] for i in (ib.start - 1, ib.stop, ib.stop + 1) if 0 <= i < len(tb)]
        if any(fa.number[t] for t in near_a) or any(fb.number[t] for t in near_b):
            return "number"
    names_a = {da.keys[t] for t in changed_a if fa.name[t]}
    names_b = {db.keys[t] for t in changed_b if fb.name[t]}
    if names_a != names_b:
        return "name"
    short = max(len(changed_a), len(changed_b)) <= NEGATION_MAX_WORDS
    if short and any(fa.negation[t] for t in changed_a) != any(
            fb.negation[t] for t in changed_b):
        return "negation"
    return None


def _span(doc: PreparedDoc, tokens: Sequence[int], r: range) -> Span:
    """Characters of tokens ``tokens[r]``; where ``r`` is empty, the empty range at the
    end of the token before it (or the start of the one after)."""
    if r.stop > r.start:
        return doc.starts[tokens[r.start]], doc.ends[tokens[r.stop - 1]]
    if r.start > 0:
        at = doc.ends[tokens[r.start - 1]]
    elif tokens:
        at = doc.starts[tokens[0]]
    else:
        at = 0
    return at, at


def segment_changes(
    segment: int,
    doc: PreparedDoc, facts: WordFacts, tokens: Sequence[int],
    source: PreparedDoc, source_facts: WordFacts, source_tokens: Sequence[int],
    quotes: Sequence[Span], source_quotes: Sequence[Span],
) -> list[Change]:
    """The changes between the words ``tokens`` of ``doc`` and ``source_tokens`` of
    ``source`` (token indices, in text order); ``quotes`` are the quotations' ranges
    in each."""
    keys = [doc.keys[t] for t in tokens]
    source_keys = [source.keys[t] for t in source_tokens]
    out: list[Change] = []
    pending: tuple[int, int, int, int] | None = None
    ops = [op for op in Levenshtein.opcodes(source_keys, keys) if op.tag != "equal"]
    runs: list[tuple[int, int, int, int]] = []
    for op in ops:  # join differing stretches that touch into one change
        if pending and pending[1] == op.src_start and pending[3] == op.dest_start:
            pending = (pending[0], op.src_end, pending[2], op.dest_end)
            continue
        if pending:
            runs.append(pending)
        pending = (op.src_start, op.src_end, op.dest_start, op.dest_end)
    if pending:
        runs.append(pending)
    for s0, s1, d0, d1 in runs:
        ir, sr = range(d0, d1), range(s0, s1)
        span, source_span = _span(doc, tokens, ir), _span(source, source_tokens, sr)
        fact = _fact(doc, facts, tokens, ir, source, source_facts, source_tokens, sr)
        quoted = _inside(span, quotes) or _inside(source_span, source_quotes)
        out.append(Change(segment, span, source_span, doc.text[span[0]:span[1]],
                          source.text[source_span[0]:source_span[1]], fact, quoted))
    return out


def _inside(span: Span, quotes: Sequence[Span]) -> bool:
    return any(q0 <= span[0] and span[1] <= q1 for q0, q1 in quotes)
