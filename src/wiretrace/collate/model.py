"""The records of a collation: segments, each version's additions, cuts and changes, and
the story's common core. Every span is a character range into that version's text."""

from __future__ import annotations

from dataclasses import dataclass

from wiretrace.records import Span

SEGMENT_KINDS = ("shared", "partial", "changed", "added")
"""``shared``: every version has it, in the same words; ``partial``: two or more versions,
not all, in the same words; ``changed``: two or more versions, in different words;
``added``: one version only."""

FACTS = ("number", "name", "negation")
"""What makes a change one of fact rather than of wording."""


@dataclass(frozen=True, slots=True)
class SegmentText:
    """Where one version has a segment: ``text[span[0]:span[1]]`` of document ``id``."""

    id: str
    span: Span


@dataclass(frozen=True, slots=True)
class Segment:
    """One unit of the multiple alignment: the same sentence (or run of sentences) as
    each version carrying it has it."""

    number: int
    """Position in the collation's order (1-based)."""
    kind: str
    """One of :data:`SEGMENT_KINDS`."""
    versions: tuple[SegmentText, ...]
    """The versions carrying it, in the collation's version order: one entry each, two
    where a boilerplate line ("Advertisement") stands inside the version's text."""
    readings: tuple[tuple[str, ...], ...]
    """The versions grouped by identical words, the most common reading first."""
    moved_in: tuple[str, ...] = ()
    """Versions that carry it out of the collation's order (reordered material)."""

    @property
    def ids(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for v in self.versions:
            seen.setdefault(v.id)
        return tuple(seen)

    def span_in(self, doc: str) -> Span | None:
        """The first range of document ``doc`` in the segment, if it carries it."""
        return next((v.span for v in self.versions if v.id == doc), None)


@dataclass(frozen=True, slots=True)
class Change:
    """One stretch that reads differently in a version and in the version it is
    compared with: ``span`` in the version, ``source_span`` in the other (an empty
    range where words were only added on one side)."""

    segment: int
    span: Span
    source_span: Span
    text: str
    source_text: str
    fact: str | None
    """``number``, ``name`` or ``negation`` (a change of fact), or ``None`` (wording)."""
    in_quote: bool
    """Inside a quotation on either side: an altered quotation."""


@dataclass(frozen=True, slots=True)
class VersionCollation:
    """What one version added, cut and changed."""

    id: str
    compared_with: str | None
    """Its closest source in the story's lineage, else the version it shares most with."""
    relation: str | None
    segments: int
    """Segments it carries."""
    added: tuple[int, ...]
    """Segments no other version has (boilerplate is never a segment)."""
    cut: tuple[int, ...]
    """Segments of ``compared_with`` this version lacks."""
    changes: tuple[Change, ...]
    """Word-level differences in the segments it shares with ``compared_with``."""
    moved: tuple[int, ...] = ()
    """Segments it carries out of the collation's order."""

    @property
    def fact_changes(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.fact is not None)


@dataclass(frozen=True, slots=True)
class DigestLine:
    """One segment of the common digest: carried by ``carried`` versions, ``agree`` of
    them in the words of ``reading`` (a range of document ``reading.id``)."""

    segment: int
    reading: SegmentText
    carried: int
    agree: int


@dataclass(frozen=True, slots=True)
class Collation:
    """The collation of one story."""

    story: str
    pivot: str
    """The version whose order the segments follow: the story's origin, else the
    longest version."""
    pivot_is_origin: bool
    versions: tuple[VersionCollation, ...]
    """In the collation's version order (the pivot first)."""
    segments: tuple[Segment, ...]
    digest: tuple[DigestLine, ...]
    """Every segment two or more versions carry, in order."""
    unaligned: tuple[str, ...] = ()
    """Documents of the story that share no text with the others (joined by same-story
    links only): listed, not collated."""

    @property
    def core(self) -> tuple[int, ...]:
        """Segments every version carries: the story's common core."""
        n = len(self.versions)
        return tuple(line.segment for line in self.digest if line.carried == n)


@dataclass(frozen=True, slots=True)
class NotCollated:
    """A story left without a collation, and why."""

    story: str
    reason: str
    documents: tuple[str, ...] = ()
    """Its documents that share no text with another (same-story links only)."""
