"""Which article of a reuse pair is the original.

Several independent signals each vote for one side, with a weight; the votes are
added up and the side ahead by at least ``margin`` is the source. Otherwise the
pair's ``source`` stays ``None``: wiretrace does not guess. Every vote is kept as
``direction_evidence`` so a reader can check the reasoning:

* ``date`` — an earlier publication date (metadata or a dateline) — the strongest;
* ``credit`` — one article names the other's outlet (its copyright holder or
  metadata outlet, a host name read as the outlet's name) while being published by
  someone else: "(Meridian Wire)" in the dateline of a reprint, "according to the
  Reuters news agency" (see :mod:`wiretrace.forensics.attribution`);
* ``disguise-traces`` — tortured phrases or machine-translation traces inside the
  reused passages of one side only: the disguised side is the copy. Against a credit
  this vote weighs at most the credit less the margin, so that it does not overrule
  one on its own;
* ``usual-phrasing`` — in spun passages, the side whose replaced words are the more
  usual English (spinners reach for rarer synonyms) is the original;
* ``context-fit`` — the reused passages' words recur in the surrounding text of one
  side much more than of the other (see :mod:`wiretrace.forensics.context_fit`): the
  passage was written as part of that article and folded into the other. The lead is
  read relative to the better fit, since both fits are low when little context was
  read (7% against 4% is as clear a lead as 35% against 20%);
* ``containment`` — one article almost wholly inside the other, which holds much
  more. Recorded for the reader but given no weight by default: a trimmed reprint
  lies inside its original, yet a short wire story also lies inside the long article
  that quotes it whole (on PAN 2013 the contained side was the original in all five
  pairs where this fired).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from wiretrace.classify import PairMatch
from wiretrace.forensics.context_fit import ContextFit
from wiretrace.forensics.settings import DirectionSettings
from wiretrace.records import Span

SIGNAL_LABELS = {
    "date": "earlier date",
    "credit": "credited by the other",
    "disguise-traces": "disguise traces",
    "usual-phrasing": "usual phrasing",
    "context-fit": "fits the text around it",
    "containment": "containment",
}
"""How the report's readers see each signal's name."""


@dataclass(frozen=True, slots=True)
class Vote:
    """One signal's vote for one side of a pair as the original."""

    signal: str
    """A key of :data:`SIGNAL_LABELS`."""
    favours: str
    """The id of the document it votes for."""
    weight: float
    detail: str
    """A sentence a person can read."""


@dataclass(frozen=True, slots=True)
class Direction:
    """Which document of a reuse pair is the likely original, and the votes behind it."""

    source: str | None
    """The likely original's id, or ``None`` when the evidence does not decide."""
    votes: tuple[Vote, ...] = ()
    note: str | None = None
    """Why the pair is undecided (``None`` once decided)."""


UNDECIDED = Direction(None)
"""The direction of a pair no forensics looked at."""


@dataclass(frozen=True, slots=True)
class SideEvidence:
    """What the direction vote reads about one side of a pair."""

    date: date | None = None
    disguise_spans: tuple[Span, ...] = ()
    """Tortured phrases and machine-translation traces, as character spans."""
    outlets: frozenset[str] = frozenset()
    """Names of the article's own outlet (metadata, copyright line)."""
    credited: frozenset[str] = frozenset()
    """The *other* article's outlet as this article names it, when that outlet is not
    this article's own (:func:`wiretrace.forensics.attribution.credits`)."""


def parse_date(value: str | None) -> date | None:
    """The calendar date of an ISO-8601 date or date-time string, else ``None``."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _inside(spans: tuple[Span, ...], regions: list[Span]) -> int:
    return sum(1 for s, e in spans if any(rs <= s and e <= re for rs, re in regions))


def _trace_counts(pair: PairMatch, doc_a: SideEvidence, doc_b: SideEvidence) -> tuple[int, int]:
    return (_inside(doc_a.disguise_spans, [p.a for p in pair.passages]),
            _inside(doc_b.disguise_spans, [p.b for p in pair.passages]))


def _scores(evidence: Sequence[Vote], a: str, b: str) -> dict[str, float]:
    """The weight of the votes for each side."""
    score = {a: 0.0, b: 0.0}
    for e in evidence:
        score[e.favours] += e.weight
    return score


def _vote(evidence: list[Vote], signal: str, favours: str, weight: float, detail: str) -> None:
    evidence.append(Vote(signal, favours, round(weight, 3), detail))


def _context_fit_vote(
    evidence: list[Vote], a: str, b: str, fit: ContextFit, s: DirectionSettings
) -> None:
    (tight, high), (loose, low) = sorted(((a, fit.fit_a), (b, fit.fit_b)), key=lambda x: -x[1])
    relative = (high - low) / high if high > 0 else 0.0
    if high - low < s.fit_min_difference or relative < s.fit_min_relative:
        return
    weight = min(s.fit_max, relative / s.fit_step) * min(
        1.0, fit.context_tokens / s.fit_full_context
    )
    _vote(evidence, "context-fit", tight, weight,
          f"{high:.0%} of the reused words recur in the {fit.context_tokens} nearest "
          f"words around the passages in {tight}, {low:.0%} in {loose}")


def decide_direction(
    pair: PairMatch,
    doc_a: SideEvidence,
    doc_b: SideEvidence,
    settings: DirectionSettings | None = None,
    fit: ContextFit | None = None,
) -> Direction:
    """The likely original's id (or ``None``, with the reason) and the votes behind it.

    ``fit`` is the pair's :func:`~wiretrace.forensics.context_fit.context_fit`, when
    the documents' tokens were at hand.
    """
    s = settings or DirectionSettings()
    evidence: list[Vote] = []
    a, b = pair.a, pair.b

    if doc_a.date and doc_b.date and doc_a.date != doc_b.date:
        earlier, later = (a, b) if doc_a.date < doc_b.date else (b, a)
        first, second = sorted((doc_a.date, doc_b.date))
        _vote(evidence, "date", earlier, s.date_weight,
              f"{earlier} is dated {first.isoformat()}, {later} {second.isoformat()}")

    credit_a, credit_b = sorted(doc_a.credited), sorted(doc_b.credited)
    if credit_a and not credit_b:
        _vote(evidence, "credit", b, s.credit_weight,
              f"{a} credits {', '.join(credit_a)}, the outlet of {b}")
    elif credit_b and not credit_a:
        _vote(evidence, "credit", a, s.credit_weight,
              f"{b} credits {', '.join(credit_b)}, the outlet of {a}")

    traces_a, traces_b = _trace_counts(pair, doc_a, doc_b)
    if traces_a != traces_b:
        clean, marked, n_marked, n_clean = (
            (b, a, traces_a, traces_b) if traces_a > traces_b else (a, b, traces_b, traces_a)
        )
        weight = s.trace_weight * min(3, n_marked - n_clean)
        if any(v.signal == "credit" and v.favours != clean for v in evidence):
            # An article that names the other's outlet says which came first; traces
            # (tortured phrases, translation traces, which ordinary news also shows) do
            # not overrule it on their own.
            weight = min(weight, s.credit_weight - s.margin)
        _vote(evidence, "disguise-traces", clean, weight,
              f"the reused passages of {marked} carry {n_marked} tortured-phrase or "
              f"translation traces, those of {clean} {n_clean}")

    spun = [p for p in pair.passages if p.kind == "spun"]
    if spun and pair.substitutions:
        more_usual = {a: 0, b: 0}
        for entry in pair.substitutions:
            za, zb = entry.usualness()
            if abs(za - zb) >= s.usual_min_difference:
                more_usual[a if za > zb else b] += entry.count
        lead = more_usual[a] - more_usual[b]
        if lead:
            usual, odd = (a, b) if lead > 0 else (b, a)
            _vote(evidence, "usual-phrasing", usual,
                  s.usual_weight * min(3.0, abs(lead) / 2),
                  f"of the replaced words, {more_usual[usual]} read as more usual English in "
                  f"{usual} and {more_usual[odd]} in {odd}")

    if fit is not None:
        _context_fit_vote(evidence, a, b, fit, s)

    ca, cb = pair.coverage_a, pair.coverage_b
    if ca >= s.contained and cb < s.container:
        _vote(evidence, "containment", b, s.containment_weight,
              f"{a} lies almost wholly inside {b} ({ca:.0%} of {a} reused, {cb:.0%} of {b})")
    elif cb >= s.contained and ca < s.container:
        _vote(evidence, "containment", a, s.containment_weight,
              f"{b} lies almost wholly inside {a} ({cb:.0%} of {b} reused, {ca:.0%} of {a})")

    score = _scores(evidence, a, b)
    if abs(score[a] - score[b]) < s.margin:
        votes = tuple(evidence)
        return Direction(None, votes, why_undecided(pair, doc_a, doc_b, votes, fit, s))
    return Direction(a if score[a] > score[b] else b, tuple(evidence))


def why_undecided(
    pair: PairMatch,
    doc_a: SideEvidence,
    doc_b: SideEvidence,
    evidence: Sequence[Vote],
    fit: ContextFit | None,
    settings: DirectionSettings | None = None,
) -> str:
    """Why :func:`decide_direction` left ``source`` open, in words a reader can check:
    which signal was silent and why, or how close the votes came."""
    s = settings or DirectionSettings()
    a, b = pair.a, pair.b
    notes = []
    if doc_a.date and doc_b.date and doc_a.date == doc_b.date:
        notes.append(f"both are dated {doc_a.date.isoformat()}")
    elif not (doc_a.date and doc_b.date):
        undated = [d for d, ev in ((a, doc_a), (b, doc_b)) if ev.date is None]
        notes.append(f"no publication date for {' or '.join(undated)}")
    traces_a, traces_b = _trace_counts(pair, doc_a, doc_b)
    if traces_a == traces_b == 0:
        notes.append("no tortured phrases or translation traces in the reused passages")
    elif traces_a == traces_b:
        notes.append(f"the reused passages of both carry {traces_a} disguise traces")
    if fit is None:
        notes.append("too little text outside the reused passages on one side to tell "
                     "which article they were written for")
    elif not any(e.signal == "context-fit" for e in evidence):
        notes.append(f"the reused words recur about as often around the passages in both "
                     f"({fit.fit_a:.0%} in {a}, {fit.fit_b:.0%} in {b})")
    score = _scores(evidence, a, b)
    if score[a] or score[b]:
        notes.append(f"the votes ({a} {score[a]:.2g}, {b} {score[b]:.2g}) differ by less "
                     f"than {s.margin:g}")
    text = "; ".join(notes)
    return text[:1].upper() + text[1:] + "."
