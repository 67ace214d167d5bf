"""The :class:`Report`: what a scan, a compare or a check found, as typed records, with
every way to write it out (JSON, HTML, tables, the terminal summary)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wiretrace.collate import Collation, NotCollated
from wiretrace.forensics import Forensics, ReusePair, RoundTrip, SameStoryLink
from wiretrace.forensics.document import DocumentEvidence
from wiretrace.forensics.spin import SubstitutionSpin
from wiretrace.records import Document, InputProblem, Span
from wiretrace.settings import Settings
from wiretrace.stories import Story

if TYPE_CHECKING:
    import pandas


@dataclass(frozen=True)
class Report:
    """Everything wiretrace found in one run.

    ``pairs`` are reuse pairs (:class:`~wiretrace.forensics.ReusePair`: the passages,
    relation, direction and its votes) and same-story links
    (:class:`~wiretrace.forensics.SameStoryLink`), in document order.
    """

    command: str
    settings: Settings
    documents: tuple[Document, ...]
    pairs: tuple[ReusePair | SameStoryLink, ...]
    stories: tuple[Story, ...]
    problems: tuple[InputProblem, ...] = ()
    stats: Mapping[str, Any] = field(default_factory=dict)
    boilerplate: Mapping[str, Sequence[tuple[Span, str]]] | None = None
    """Each document's boilerplate lines, by id."""
    evidence: Mapping[str, DocumentEvidence] = field(default_factory=dict)
    """Per-document disguise evidence (when the forensics stage ran)."""
    substituted: Mapping[str, SubstitutionSpin] = field(default_factory=dict)
    round_trips: Mapping[str, RoundTrip] = field(default_factory=dict)
    """Per derived document, the passages it translated (when the forensics stage ran)."""
    lexicon: Mapping[str, Any] = field(default_factory=dict)
    """What language resources the run used (WordNet or not, and from where)."""
    archive: Mapping[str, Any] | None = None
    """For a check: the archive checked against."""
    collations: Sequence[Collation | NotCollated] = ()
    """The collation of each story of three or more versions (or why there is none)."""

    @cached_property
    def _collation_by_story(self) -> dict[str, Collation | NotCollated]:
        return {c.story: c for c in self.collations}

    def collation_of(self, story: str) -> Collation | NotCollated | None:
        """The collation of story ``story`` (``None``: fewer than three documents)."""
        return self._collation_by_story.get(story)

    @classmethod
    def of(
        cls,
        command: str,
        settings: Settings,
        documents: Sequence[Document],
        pairs: Sequence[ReusePair | SameStoryLink],
        stories: Sequence[Story],
        forensics: Forensics | None = None,
        **rest: Any,
    ) -> Report:
        """A report from the stages' results (``forensics`` gives the evidence)."""
        return cls(
            command, settings, tuple(documents), tuple(pairs), tuple(stories),
            evidence=dict(forensics.documents) if forensics else {},
            substituted=dict(forensics.substituted) if forensics else {},
            round_trips=dict(forensics.round_trips) if forensics else {},
            **rest,
        )

    # ------------------------------------------------------------------ reading

    @property
    def texts(self) -> dict[str, str]:
        return {d.id: d.text for d in self.documents}

    def document(self, doc_id: str) -> Document:
        for d in self.documents:
            if d.id == doc_id:
                return d
        raise KeyError(doc_id)

    @property
    def reuse_pairs(self) -> list[ReusePair]:
        return [p for p in self.pairs if isinstance(p, ReusePair)]

    # ------------------------------------------------------------------ writing

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        """The ``wiretrace.report/1`` JSON object (``include_text``: with each text)."""
        from wiretrace.report.json_report import report_dict

        return report_dict(self, include_text)

    def to_json(self, include_text: bool = False, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(include_text), ensure_ascii=False, indent=indent)

    def validate(self) -> None:
        """Check the JSON form against the shipped schema (raises on a mismatch)."""
        from wiretrace.report.json_report import validate_report

        validate_report(self.to_dict(include_text=True))

    def to_html(self) -> str:
        """The HTML report as one page (every side-by-side view on it)."""
        from wiretrace.report.html_report import render_html

        return render_html(self.to_dict(include_text=True))

    def write_json(self, path: str | Path, include_text: bool = False) -> None:
        Path(path).write_text(self.to_json(include_text) + "\n", "utf-8")

    def write_html(self, path: str | Path) -> int:
        """Write the HTML report; past 500 pairs the further side-by-side views go to pages
        of their own beside it. Returns the number of such pages."""
        from wiretrace.report.html_report import write_html

        return write_html(self.to_dict(include_text=True), path)

    def to_dataframes(self) -> dict[str, pandas.DataFrame]:
        """The report as pandas tables: ``documents``, ``pairs``, ``passages`` (with the
        text on both sides), ``stories``, ``evidence``, ``collation`` and ``changes`` (see
        :mod:`wiretrace.report.tables`)."""
        from wiretrace.report.tables import to_dataframes

        return to_dataframes(self)

    def write_tables(self, folder: str | Path, fmt: str = "parquet") -> list[Path]:
        """Write the tables into ``folder`` as Parquet (``fmt="parquet"``) or CSV files."""
        from wiretrace.report.tables import write_tables

        return write_tables(self, folder, fmt)
