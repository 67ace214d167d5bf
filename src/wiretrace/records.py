"""Plain records passed between the pipeline stages.

Every stage of wiretrace (ingest → normalize → candidates → align → classify →
provenance → report) takes and returns these records. They hold no references
to global state, pickle cleanly, and convert to JSON-ready dicts, so the same
stage functions run in-process, in a process pool or inside Spark.

Offsets are character offsets into ``Document.text`` (the text as decoded from
its encoding, nothing stripped): ``text[start:end]`` is always the passage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]
"""A half-open character range ``(start, end)`` into a document's text."""


@dataclass(frozen=True, slots=True)
class Document:
    """One article as read from disk, with whatever metadata the format carries."""

    id: str
    text: str
    path: str | None = None
    title: str | None = None
    date: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    encoding: str | None = None
    """The text encoding the document was decoded from (``"utf-8"``, ``"cp1252"``…)."""

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "date": self.date,
            "author": self.author,
            "outlet": self.outlet,
            "url": self.url,
            "encoding": self.encoding,
            "chars": len(self.text),
        }
        if include_text:
            out["text"] = self.text
        return out


@dataclass(frozen=True, slots=True)
class InputProblem:
    """A file (or one line of a file) that could not be read, and why."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "message": self.message}


@dataclass(slots=True)
class Passage:
    """One reused passage: a range in document ``a`` and the matching range in ``b``."""

    a: Span
    b: Span
    kind: str = "verbatim"
    score: float = 1.0
    """How closely the two ranges agree (0–1): share of aligned content words."""
    evidence: dict[str, Any] = field(default_factory=dict)
    signals: dict[str, float] = field(default_factory=dict)
    """Measurements the aligner took (exact share, weights…), read by the classify stage."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "a": [self.a[0], self.a[1]],
            "b": [self.b[0], self.b[1]],
            "kind": self.kind,
            "score": round(self.score, 4),
        }
        if self.evidence:
            out["evidence"] = self.evidence
        return out


@dataclass(slots=True)
class PairResult:
    """Everything wiretrace found about one pair of documents."""

    a: str
    b: str
    similarity: float
    coverage_a: float
    coverage_b: float
    relation: str
    passages: list[Passage]
    substitutions: list[Any] = field(default_factory=list)
    """Distinct replacements between the two sides (classify.substitutions.SubstitutionEntry)."""
    source: str | None = None
    """Id of the likely original, or ``None`` when the evidence does not decide."""
    direction_evidence: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def spans_in(self, doc: str) -> list[Span]:
        """The pair's passage ranges in document ``doc`` (one of ``a`` and ``b``)."""
        return [p.a if doc == self.a else p.b for p in self.passages]

    def derived(self) -> str | None:
        """Id of the derived document, when the source is known."""
        if self.source is None:
            return None
        return self.b if self.source == self.a else self.a

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "a": self.a,
            "b": self.b,
            "similarity": round(self.similarity, 4),
            "coverage": {"a": round(self.coverage_a, 4), "b": round(self.coverage_b, 4)},
            "relation": self.relation,
            "passages": [p.to_dict() for p in self.passages],
            "source": self.source,
            "direction_evidence": self.direction_evidence,
            "substitutions": [self._substitution(e) for e in self.substitutions],
        }
        out.update(self.extra)
        return out

    def _substitution(self, entry: Any) -> dict[str, Any]:
        """One table row, read derived ← source (``b`` ← ``a`` while undecided)."""
        b_is_derived = self.source != self.b
        derived, source = (entry.b, entry.a) if b_is_derived else (entry.a, entry.b)
        return {
            "derived": derived,
            "source": source,
            "count": entry.count,
            "wordnet_synonyms": entry.synonyms,
            "occurrences": [
                {"derived": list(sb if b_is_derived else sa),
                 "source": list(sa if b_is_derived else sb)}
                for sa, sb in entry.occurrences
            ],
        }


@dataclass(slots=True)
class Story:
    """Documents connected by reuse."""

    id: str
    documents: list[str]
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "documents": list(self.documents)}
        out.update(self.extra)
        return out


@dataclass(frozen=True, slots=True)
class TorturedPhrase:
    """A phrase that reads like a spun fixed expression."""

    span: tuple[int, int]
    """Character offsets into ``doc.text``; ``doc.text[span[0]:span[1]]`` is the phrase."""
    phrase: str
    """The phrase as written."""
    proposal: str | None
    """The likely original expression."""
    score: float
    """Confidence, 0–1."""
    source: str
    """Where the expression came from: ``"wordnet"``, ``"corpus"`` or ``"lexicon"``."""
