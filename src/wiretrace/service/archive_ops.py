"""What the service does with the archive (blocking calls, run in a worker thread):
check articles, add, remove and read archived ones, and follow a story.

Each call opens the archive file for itself (SQLite connections stay in one thread)
and closes it afterwards; writes are serialised by a lock (and by SQLite).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from wiretrace import __version__
from wiretrace.archive import Archive, ArchiveError, WeightMemo, check_documents
from wiretrace.archive.check import check_report
from wiretrace.collate import collate_stories
from wiretrace.forensics import DocumentEvidence, Forensics, ReusePair, RoundTrip, SameStoryLink
from wiretrace.forensics.spin import SubstitutionSpin
from wiretrace.lexicon.resources import describe
from wiretrace.normalize import PreparedDoc
from wiretrace.records import Document, InputProblem
from wiretrace.report.model import Report
from wiretrace.service.errors import ApiError
from wiretrace.settings import Settings
from wiretrace.stories import stories_of

T = TypeVar("T")
Tick = Callable[[int], None]


class ArchiveService:
    """The archive file behind the service."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.write_lock = threading.Lock()
        self.weights = WeightMemo()
        """The archived partners' total weights, read once while the archive is unchanged."""

    @contextmanager
    def _open(self, write: bool = False) -> Iterator[Archive]:
        try:
            archive = Archive.open(self.path, create=write)
        except ArchiveError as exc:
            raise ApiError(503, self._public(str(exc))) from None
        try:
            yield archive
        except ArchiveError as exc:
            raise ApiError(503, self._public(str(exc))) from None
        finally:
            archive.close()

    def _public(self, message: str) -> str:
        """An archive error without the server's folder names."""
        return message.replace(str(self.path), self.path.name)

    def create(self) -> int:
        """Open (creating when missing) the archive; its number of articles."""
        with self.write_lock, self._open(write=True) as archive:
            return archive.count()

    def read(self, fn: Callable[[Archive], T]) -> T:
        with self._open() as archive:
            return fn(archive)

    # --- reads ---------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        return self.read(lambda a: {"status": "ok", "version": __version__,
                                    "archive": self.path.name, "documents": a.count()})

    def get(self, doc_id: str) -> dict[str, Any]:
        doc = self.read(lambda a: a.get(doc_id))
        if doc is None:
            raise ApiError(404, f"no article {doc_id!r} in the archive")
        return doc.to_dict(include_text=True)

    def check(self, documents: Sequence[Document], problems: Sequence[InputProblem],
              tick: Tick | None = None) -> dict[str, Any]:
        """The report of ``wiretrace check`` for these articles (texts included);
        ``tick`` is called between candidate pairs and documents (it raises to stop the
        work: :class:`~wiretrace.service.admission.Deadline`)."""
        with self._open() as archive:
            settings = archive.settings_for(Settings())
            result = check_documents(archive, documents, settings, on_candidates=tick,
                                     on_pair=tick, on_document=tick, weights=self.weights)
            return check_report(result, settings, self.path.name, problems).to_dict(True)

    def story(self, doc_id: str, limit: int, tick: Tick | None = None) -> dict[str, Any]:
        """The story of an archived article (see :func:`follow_story`)."""
        with self._open() as archive, archive.snapshot():  # every check of the walk
            return follow_story(archive, doc_id, limit, self.path.name, tick)

    # --- writes --------------------------------------------------------------------

    def add(self, documents: Sequence[Document]) -> dict[str, Any]:
        with self.write_lock, self._open(write=True) as archive:
            result = archive.add(list(documents))
            return {"added": result.added, "replaced": result.replaced,
                    "unchanged": result.unchanged, "documents": archive.count()}

    def remove(self, doc_id: str) -> dict[str, Any]:
        with self.write_lock, self._open(write=True) as archive:
            removed, _unknown = archive.remove([doc_id])
            if not removed:
                raise ApiError(404, f"no article {doc_id!r} in the archive")
            return {"removed": doc_id, "documents": archive.count()}


def follow_story(archive: Archive, doc_id: str, limit: int, name: str,
                 tick: Tick | None = None) -> dict[str, Any]:
    """The story of archived article ``doc_id``: the article and every archived article
    connected to it by reuse or same-story links, directly or through others, found by
    checking it against the rest of the archive, then each newly found article in turn
    (breadth-first), up to ``limit`` articles. Pairs, directions and evidence are those
    the checks find (each article's evidence from the check of that article). Answered
    in the report format (command ``story``); ``generator.archive.complete`` is false
    when ``limit`` cut the search short."""
    root = archive.get(doc_id)
    if root is None:
        raise ApiError(404, f"no article {doc_id!r} in the archive")
    settings = archive.settings_for(Settings())
    docs: dict[str, Document] = {root.id: root}
    prepared: dict[str, PreparedDoc] = {}
    evidence: dict[str, DocumentEvidence] = {}
    substituted: dict[str, SubstitutionSpin] = {}
    translated: dict[str, RoundTrip] = {}
    pairs: dict[frozenset[str], ReusePair | SameStoryLink] = {}
    frontier = [root]
    complete = True
    while frontier:
        result = check_documents(archive, frontier, settings, on_candidates=tick,
                                 on_pair=tick, on_document=tick)
        for d in frontier:
            if d.id in result.forensics.documents:
                evidence[d.id] = result.forensics.documents[d.id]
            if d.id in result.forensics.substituted:
                substituted[d.id] = result.forensics.substituted[d.id]
            if d.id in result.forensics.round_trips:
                translated[d.id] = result.forensics.round_trips[d.id]
        for i, p in result.prepared.items():
            prepared.setdefault(i, p)
        found: list[Document] = []
        for d in result.partners:
            if d.id not in docs:
                if len(docs) >= limit:
                    complete = False
                    continue
                docs[d.id] = d
                found.append(d)
        for pair in result.pairs:
            key = frozenset((pair.a, pair.b))
            if key not in pairs and pair.a in docs and pair.b in docs:
                pairs[key] = pair
        frontier = found
    numbers = archive.numbers(docs)
    members = sorted(docs.values(), key=lambda d: numbers.get(d.id, 0))
    order = {d.id: k for k, d in enumerate(members)}
    story_pairs = sorted(pairs.values(), key=lambda p: (order[p.a], order[p.b]))
    story_docs = [prepared[d.id] for d in members if d.id in prepared]
    stories = stories_of(story_docs, story_pairs, settings.stories)
    collations = collate_stories(story_docs, stories, story_pairs, settings.collate,
                                 settings.forensics.quotes)
    report = Report.of(
        "story", settings, members, story_pairs, stories,
        Forensics(evidence, substituted, round_trips=translated),
        boilerplate={i: p.boilerplate for i, p in prepared.items()}, collations=collations,
        stats={"documents": len(members), "reuse_pairs": sum(
            1 for p in story_pairs if p.relation != "same-story")},
        lexicon=describe(settings.lexicon.wordnet),
        archive={"path": name, "documents": archive.count(), "story_of": doc_id,
                 "complete": complete},
    ).to_dict(include_text=True)
    return report
