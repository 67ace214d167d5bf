"""Per-pair forensics: a reuse pair with its direction and its altered quotations.

:class:`ReusePair` is what the report, the stories and the terminal summary read of a
pair that shares text: the classified match (:class:`~wiretrace.classify.PairMatch`),
the direction the votes decided (:class:`~wiretrace.forensics.direction.Direction`)
and the quotations that read differently in the two articles.
"""

from __future__ import annotations

from dataclasses import dataclass

from wiretrace.classify import PairMatch, Passage
from wiretrace.classify.substitutions import SubstitutionEntry
from wiretrace.forensics.direction import Direction
from wiretrace.forensics.quotes import AlteredQuote
from wiretrace.records import Span


@dataclass(frozen=True, slots=True)
class OrientedSubstitution:
    """One row of a pair's substitution table, read derived ← source (``b`` ← ``a``
    while the direction is undecided)."""

    derived: str
    source: str
    count: int
    wordnet_synonyms: bool
    occurrences: tuple[tuple[Span, Span], ...]
    """``(span in the derived article, span in the source article)``."""
    support: str = "recurring"
    """Why the row is shown (:data:`wiretrace.classify.substitutions.SUPPORTS`;
    ``hypernym``: the derived word is the broader one)."""


@dataclass(frozen=True, slots=True)
class ReusePair:
    match: PairMatch
    direction: Direction
    altered_quotes: tuple[AlteredQuote, ...] | None = None
    """``None`` when no forensics looked for them."""

    @property
    def a(self) -> str:
        return self.match.a

    @property
    def b(self) -> str:
        return self.match.b

    @property
    def relation(self) -> str:
        return self.match.relation

    @property
    def similarity(self) -> float:
        return self.match.similarity

    @property
    def coverage_a(self) -> float:
        return self.match.coverage_a

    @property
    def coverage_b(self) -> float:
        return self.match.coverage_b

    @property
    def passages(self) -> tuple[Passage, ...]:
        return self.match.passages

    @property
    def source(self) -> str | None:
        return self.direction.source

    def derived(self) -> str | None:
        """Id of the derived document, when the source is known."""
        if self.source is None:
            return None
        return self.b if self.source == self.a else self.a

    def coverage_of(self, doc: str) -> float:
        return self.match.coverage_of(doc)

    def spans_in(self, doc: str) -> list[Span]:
        return self.match.spans_in(doc)

    def substitutions(self) -> list[OrientedSubstitution]:
        """The substitution table, oriented derived ← source."""
        b_is_derived = self.source != self.b
        return [_oriented(e, b_is_derived) for e in self.match.substitutions]


def _oriented(entry: SubstitutionEntry, b_is_derived: bool) -> OrientedSubstitution:
    derived, source = (entry.b, entry.a) if b_is_derived else (entry.a, entry.b)
    places = tuple((sb, sa) if b_is_derived else (sa, sb) for sa, sb in entry.occurrences)
    support = entry.support
    if b_is_derived:
        support = {"hypernym": "hyponym", "hyponym": "hypernym"}.get(support, support)
    return OrientedSubstitution(derived, source, entry.count, entry.synonyms, places, support)
