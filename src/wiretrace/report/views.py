"""What the HTML templates show of a report: documents, pairs and the whole report as
view records (built by :mod:`.html_view`, drawn by the templates and :mod:`.lineage_svg`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup


@dataclass(slots=True)
class DocView:
    index: int
    data: dict[str, Any]
    anchor: str
    checked: bool = False
    pairs: int = 0
    text_html: Markup | None = None
    evidence: list[dict[str, Any]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def text(self) -> str | None:
        text = self.data.get("text")
        return text if isinstance(text, str) else None

    @property
    def spin_score(self) -> float | None:
        spin = self.data.get("spin")
        return spin.get("score") if isinstance(spin, dict) else None

    @property
    def translation_score(self) -> float | None:
        tr = self.data.get("translation")
        return tr.get("score") if isinstance(tr, dict) else None


@dataclass(slots=True)
class PairView:
    index: int
    data: dict[str, Any]
    a: DocView
    b: DocView
    anchor: str
    source: str | None
    derived: str | None
    basis: str
    html_a: Markup | None = None
    html_b: Markup | None = None
    href: str = ""
    """Where the pair's side-by-side view is: ``#pair-K`` on the report page, or a page
    of its own in the report's pair folder."""

    @property
    def relation(self) -> str:
        return str(self.data.get("relation", ""))

    @property
    def passages(self) -> list[dict[str, Any]]:
        return list(self.data.get("passages") or [])

    @property
    def max_coverage(self) -> float:
        cov = self.data.get("coverage") or {}
        return max(float(cov.get("a", 0)), float(cov.get("b", 0)))


@dataclass(slots=True)
class ReportView:
    report: dict[str, Any]
    docs: list[DocView]
    pairs: list[PairView]
    stories: list[dict[str, Any]]
    relations: list[tuple[str, int]]
    counts: list[tuple[str, Any]]
    archive: dict[str, Any] | None
    shown_pairs: int
    """How many pairs have their side-by-side view on the report page (the first ones)."""
    pair_pages: str | None = None
    """The folder, relative to the report page, holding the other pairs' views."""
    findings: list[dict[str, Any]] = field(default_factory=list)
    """For a check: per checked document, the pairs it is in (its partners first by
    coverage of the checked document)."""
