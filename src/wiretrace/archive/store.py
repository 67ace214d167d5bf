"""The :class:`Archive`: a persistent store of articles and their candidate index.

The archive keeps, for every article, exactly what a scan over the archive would
compute for it: its candidate features (:func:`wiretrace.candidates.document_features`,
hashed) in an inverted index with document frequencies, and the short lines that
the corpus-level boilerplate rule counts. The invariant, true after every commit:

    every stored article's features are those of ``prepare_document(article, wordnet,
    repeated)``, where ``repeated`` holds the short lines found in at least
    ``corpus_boilerplate_min_docs`` archived articles.

When an add or remove makes a short line cross that threshold, the articles carrying
the line are re-indexed in the same transaction ("refeaturised"). Writes go in
transactions of whole articles (``batch_size`` per transaction), so an interrupted
add leaves every article fully in or not at all.

One writer at a time: SQLite serialises writes (a second writer waits up to
:data:`~wiretrace.archive.schema.BUSY_TIMEOUT_S` for the lock of each batch).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from wiretrace import __version__
from wiretrace.archive.inspect import disk_size, stats, verify
from wiretrace.archive.schema import (
    ArchiveError,
    connect,
    describe_sqlite_error,
    ensure_schema,
)
from wiretrace.archive.writes import AddResult, add_documents, remove_documents
from wiretrace.lexicon.wordnet import WordNet, load_wordnet
from wiretrace.normalize.packed import Packed
from wiretrace.records import Document
from wiretrace.settings import Settings

if TYPE_CHECKING:
    from wiretrace.archive.candidates import WeightMemo

_CHUNK = 500
"""Parameters per ``IN (…)`` query (well below SQLite's limit)."""

_DOC_COLUMNS = "doc, id, text, path, title, date, author, outlet, url"


@dataclass(frozen=True, slots=True)
class FeatureSettings:
    """The settings an archive's features depend on, fixed when it is created."""

    synonyms: bool
    """WordNet senses are part of the features (``s:`` features)."""
    corpus_boilerplate_min_docs: int
    """A short line in this many archived articles is boilerplate (0: rule off)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> FeatureSettings:
        synonyms = settings.lexicon.wordnet and load_wordnet() is not None
        return cls(synonyms, settings.normalize.corpus_boilerplate_min_docs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "synonyms": self.synonyms,
            "corpus_boilerplate_min_docs": self.corpus_boilerplate_min_docs,
        }


def _columns(rows: list[Any], width: int) -> Any:
    """The columns of integer query ``rows`` as int64 arrays (empty arrays for no rows)."""
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64,
                       count=len(rows) * width)
    table = flat.reshape(-1, width)
    return tuple(table[:, k].copy() for k in range(width))


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for k in range(0, len(items), size):
        yield items[k : k + size]


class Archive:
    """An open archive file: ``Archive(path, create=True)`` (or :meth:`open`); close with
    :meth:`close`, or use it in a ``with`` block.

    A new archive records the feature settings of ``settings`` (WordNet synonyms on when
    available and not turned off, the repeated-line threshold). Raises
    :class:`ArchiveError` with a one-line message for every problem with the file (a
    missing archive without ``create``, another program's file, a newer schema …).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        create: bool = False,
        readonly: bool = False,
        settings: Settings | None = None,
    ) -> None:
        self.conn, self.path, self.features = _open(path, create, readonly, settings)
        self._wordnet: WordNet | None = None
        self._weights: WeightMemo | None = None  # made by the first check

    # --- opening -------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        create: bool = False,
        readonly: bool = False,
        settings: Settings | None = None,
    ) -> Archive:
        """Open the archive at ``path``; with ``create``, make it when it does not exist."""
        return cls(path, create=create, readonly=readonly, settings=settings)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    def __enter__(self) -> Archive:
        return self

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside the block see the archive as one committed state (a read
        transaction: in WAL mode, writers go on and readers are never blocked). Inside a
        transaction already, the block joins it."""
        if self.conn.in_transaction:
            yield
            return
        try:
            self.conn.execute("BEGIN")
        except sqlite3.Error as e:
            raise ArchiveError(describe_sqlite_error(self.path, e)) from None
        ok = False
        try:
            yield
            ok = True
        finally:
            if self.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("COMMIT" if ok else "ROLLBACK")

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- checking --------------------------------------------------------------------

    def check(
        self,
        documents: Sequence[Document],
        settings: Settings | None = None,
        *,
        jobs: int = 1,
        problems: Sequence[Any] = (),
    ) -> Any:
        """Check ``documents`` against the archive: a
        :class:`~wiretrace.report.model.Report` of the archived articles they reuse (see
        :func:`wiretrace.archive.check.check_documents`). The archive remembers its
        partners' total weights between checks while the file is unchanged
        (:class:`~wiretrace.archive.candidates.WeightMemo`), so checking articles one by
        one on one open archive reads each partner's postings once."""
        from wiretrace.archive.candidates import WeightMemo
        from wiretrace.archive.check import check_documents, check_report

        if self._weights is None:
            self._weights = WeightMemo()
        settings = self.settings_for(settings or Settings())
        result = check_documents(self, documents, settings, jobs=jobs, weights=self._weights)
        return check_report(result, settings, str(self.path), problems)

    # --- settings --------------------------------------------------------------------

    def settings_for(self, settings: Settings) -> Settings:
        """``settings`` with the archive's feature settings, so that new articles are
        prepared exactly like the archived ones."""
        if self.features.synonyms and load_wordnet() is None:
            raise ArchiveError(
                f"archive {self.path} was built with WordNet synonyms, but WordNet is not "
                "installed here (Debian package wordnet-base)"
            )
        return settings.replace(**{
            "lexicon.wordnet": self.features.synonyms,
            "normalize.corpus_boilerplate_min_docs": self.features.corpus_boilerplate_min_docs,
        })

    @property
    def wordnet(self) -> WordNet | None:
        if self.features.synonyms and self._wordnet is None:
            self._wordnet = load_wordnet()
            if self._wordnet is None:
                raise ArchiveError(
                    f"archive {self.path} was built with WordNet synonyms, but WordNet is not "
                    "installed here"
                )
        return self._wordnet

    def is_repeated(self, count: int) -> bool:
        """Whether a short line held by ``count`` archived articles is repeated-line
        boilerplate under the archive's feature settings."""
        min_docs = self.features.corpus_boilerplate_min_docs
        return min_docs > 0 and count >= min_docs

    # --- reading ---------------------------------------------------------------------

    def count(self) -> int:
        """Number of archived articles."""
        return int(self.conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    def state(self) -> tuple[int, ...]:
        """What identifies the archive's content as this connection reads it now: the
        writers' generation count (``meta.generation``, one a write transaction), and
        the number of articles, the largest article number, the number of postings and
        of features (so that a writer that keeps no count still changes it). Values
        derived from the archive (:class:`~wiretrace.archive.candidates.WeightMemo`)
        hold while it is unchanged."""
        generation = self.conn.execute(
            "SELECT value FROM meta WHERE key = 'generation'").fetchone()
        docs, last = self.conn.execute("SELECT count(*), max(doc) FROM documents").fetchone()
        postings, features = self.conn.execute(
            "SELECT sum(df * features), sum(features) FROM df_histogram").fetchone()
        return (int(generation[0]) if generation else 0, int(docs), int(last or 0),
                int(postings or 0), int(features or 0))

    def ids(self) -> list[str]:
        """Archived article ids, in archive order."""
        return [r[0] for r in self.conn.execute("SELECT id FROM documents ORDER BY doc")]

    @staticmethod
    def _document(row: Sequence[Any]) -> Document:
        _num, doc_id, text, path, title, date, author, outlet, url = row
        return Document(doc_id, text, path, title, date, author, outlet, url)

    def get(self, doc_id: str) -> Document | None:
        """The archived article with this id, or ``None``."""
        row = self.conn.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return self._document(row) if row else None

    def documents(self) -> Iterator[Document]:
        """Every archived article, in archive order."""
        for row in self.conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents ORDER BY doc"):
            yield self._document(row)

    def load(self, nums: Iterable[int]) -> dict[int, Document]:
        """Articles by internal number."""
        wanted = sorted(set(nums))
        out: dict[int, Document] = {}
        for part in _chunks(wanted):
            marks = ",".join("?" * len(part))
            for row in self.conn.execute(
                f"SELECT {_DOC_COLUMNS} FROM documents WHERE doc IN ({marks})", part
            ):
                out[row[0]] = self._document(row)
        return out

    def prepared_of(self, docs: Mapping[int, Document]) -> dict[int, Packed]:
        """The articles (by internal number) as kept prepared, for those that have it
        (articles archived by a wiretrace before schema 2 do not: prepare them)."""
        out: dict[int, Packed] = {}
        for part in _chunks(sorted(docs)):
            marks = ",".join("?" * len(part))
            for num, chars, boiler, senses, blob in self.conn.execute(
                "SELECT doc, content_chars, boilerplate, max_senses, blob FROM prepared "
                f"WHERE doc IN ({marks})", part
            ):
                doc = docs[num]
                lines = tuple(((s, e), label) for s, e, label in json.loads(boiler))
                out[num] = Packed(doc.id, doc.text, lines, chars, senses, bytes(blob))
        return out

    def numbers(self, ids: Iterable[str]) -> dict[str, int]:
        """Internal numbers of the archived articles among ``ids``."""
        wanted = list(dict.fromkeys(ids))
        out: dict[str, int] = {}
        for part in _chunks(wanted):
            marks = ",".join("?" * len(part))
            for num, doc_id in self.conn.execute(
                f"SELECT doc, id FROM documents WHERE id IN ({marks})", part
            ):
                out[doc_id] = num
        return out

    def content_hashes(self, ids: Sequence[str]) -> dict[str, tuple[int, bytes]]:
        """``id → (internal number, content hash)`` of the archived ones among ``ids``."""
        out: dict[str, tuple[int, bytes]] = {}
        for part in _chunks(list(dict.fromkeys(ids))):
            marks = ",".join("?" * len(part))
            for num, doc_id, h in self.conn.execute(
                f"SELECT doc, id, hash FROM documents WHERE id IN ({marks})", part
            ):
                out[doc_id] = (num, bytes(h))
        return out

    def features_of(self, num: int) -> list[int]:
        """Hashed features of one archived article."""
        rows = self.conn.execute("SELECT feature FROM postings WHERE doc = ?", (num,))
        return [r[0] for r in rows]

    def feature_df(self, hashes: Iterable[int]) -> dict[int, int]:
        """Document frequency of the given features (absent features are left out)."""
        wanted = sorted(set(hashes))
        out: dict[int, int] = {}
        for part in _chunks(wanted):
            marks = ",".join("?" * len(part))
            out.update(
                self.conn.execute(f"SELECT id, df FROM features WHERE id IN ({marks})", part)
            )
        return out

    def feature_counts(self, nums: Iterable[int]) -> dict[int, int]:
        """Number of features (postings) of each archived article, by internal number."""
        wanted = sorted(set(nums))
        out: dict[int, int] = {}
        for part in _chunks(wanted):
            marks = ",".join("?" * len(part))
            out.update(self.conn.execute(
                f"SELECT doc, n_features FROM documents WHERE doc IN ({marks})", part
            ))
        return out

    def df_histogram(self) -> list[tuple[int, int]]:
        """``(df, number of features with that df)``, largest df first."""
        return self.conn.execute(
            "SELECT df, features FROM df_histogram ORDER BY df DESC"
        ).fetchall()

    def postings_of(self, features: Iterable[int]) -> tuple[np.ndarray, np.ndarray]:
        """Every posting of ``features``: ``(feature, doc)`` as two int64 arrays, ordered by
        feature then document (one query per few hundred features)."""
        wanted = sorted(set(features))
        rows: list[tuple[int, int]] = []
        for part in _chunks(wanted):
            marks = ",".join("?" * len(part))
            rows += self.conn.execute(
                f"SELECT feature, doc FROM postings WHERE feature IN ({marks})"
                " ORDER BY feature, doc", part
            ).fetchall()
        return _columns(rows, 2)

    def postings_among(self, features: Iterable[int], nums: Iterable[int]
                       ) -> tuple[np.ndarray, np.ndarray]:
        """The postings of ``features`` held by the articles ``nums``: ``(feature, doc)``
        as two int64 arrays (one query per few hundred articles, per feature)."""
        wanted, docs = sorted(set(features)), sorted(set(nums))
        rows: list[tuple[int, int]] = []
        for part in _chunks(docs):
            marks = ",".join("?" * len(part))
            for f in wanted:
                rows += self.conn.execute(
                    f"SELECT feature, doc FROM postings WHERE feature = ? AND doc IN ({marks})",
                    (f, *part)).fetchall()
        return _columns(rows, 2)

    def posting_dfs(self, nums: Iterable[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every posting of the archived articles ``nums`` with its feature's document
        frequency: ``(doc, feature, df)`` as three int64 arrays, ordered by document then
        feature (one query per few hundred articles; the exact total weights)."""
        wanted = sorted(set(nums))
        rows: list[tuple[int, int, int]] = []
        for part in _chunks(wanted):
            marks = ",".join("?" * len(part))
            rows += self.conn.execute(
                "SELECT p.doc, p.feature, f.df FROM postings p JOIN features f"
                f" ON f.id = p.feature WHERE p.doc IN ({marks}) ORDER BY p.doc, p.feature",
                part,
            ).fetchall()
        return _columns(rows, 3)

    def line_counts(self, keys: Iterable[int]) -> dict[int, int]:
        """How many archived articles carry each short-line key (absent keys left out)."""
        wanted = sorted(set(keys))
        out: dict[int, int] = {}
        for part in _chunks(wanted):
            marks = ",".join("?" * len(part))
            out.update(
                self.conn.execute(f"SELECT key, docs FROM line_keys WHERE key IN ({marks})", part)
            )
        return out

    def line_keys_of(self, num: int) -> list[int]:
        rows = self.conn.execute("SELECT key FROM line_docs WHERE doc = ?", (num,))
        return [r[0] for r in rows]

    def docs_with_lines(self, keys: Iterable[int]) -> set[int]:
        """Internal numbers of the archived articles carrying any of these short-line keys."""
        wanted = sorted(set(keys))
        out: set[int] = set()
        for part in _chunks(wanted):
            marks = ",".join("?" * len(part))
            out.update(
                r[0]
                for r in self.conn.execute(
                    f"SELECT doc FROM line_docs WHERE key IN ({marks})", part
                )
            )
        return out

    def repeated_keys(self, keys: dict[int, str]) -> frozenset[str]:
        """The line keys among ``keys`` that the archive counts as repeated boilerplate."""
        counts = self.line_counts(keys)
        return frozenset(s for k, s in keys.items() if self.is_repeated(counts.get(k, 0)))

    # --- writing and inspecting ---------------------------------------------------

    def run(self, fn: Callable[[], Any]) -> Any:
        """``fn()``, with an SQLite error turned into one clear :class:`ArchiveError`."""
        try:
            return fn()
        except sqlite3.Error as exc:
            raise ArchiveError(describe_sqlite_error(self.path, exc)) from None

    def add(
        self,
        documents: Sequence[Document],
        *,
        jobs: int = 1,
        batch_size: int = 500,
        on_progress: Callable[[int], None] | None = None,
    ) -> AddResult:
        """Add (or replace) articles; one transaction per ``batch_size`` whole articles.

        An article whose id is archived with the same content hash is left alone; one
        whose content changed replaces the archived version (postings updated).
        Articles are prepared in ``jobs`` worker processes, written in this one.
        ``on_progress(k)`` is called as articles are prepared (``k`` at a time); each
        batch is committed once all its articles are prepared.
        """
        return add_documents(self, documents, jobs=jobs, batch_size=batch_size,
                             on_progress=on_progress)

    def remove(self, ids: Sequence[str]) -> tuple[list[str], list[str]]:
        """Remove articles by id, in one transaction: ``(removed, unknown)``."""
        return remove_documents(self, ids)

    def disk_size(self) -> int:
        """Bytes on disk: the database file plus its write-ahead log."""
        return disk_size(self)

    def stats(self) -> dict[str, Any]:
        """Counts and sizes (documents, features, postings, bytes on disk, dates, version)."""
        return stats(self)

    def verify(self) -> list[str]:
        """Consistency problems of the archive file (an empty list when it is sound)."""
        return verify(self)


def _open(
    path: str | os.PathLike[str], create: bool, readonly: bool, settings: Settings | None
) -> tuple[sqlite3.Connection, Path, FeatureSettings]:
    where = Path(path)
    conn: sqlite3.Connection | None = None
    try:
        conn = connect(where, create=create, readonly=readonly)

        def initial_meta() -> dict[str, str]:
            features = FeatureSettings.from_settings(settings or Settings())
            return {
                "feature_settings": json.dumps(features.to_dict()),
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "created_by": f"wiretrace {__version__}",
            }

        ensure_schema(conn, where, create=create and not readonly, initial_meta=initial_meta)
        row = conn.execute("SELECT value FROM meta WHERE key = 'feature_settings'").fetchone()
        if row is None:
            raise ArchiveError(f"archive {where} is incomplete (no feature settings)")
        stored = json.loads(row[0])
        features = FeatureSettings(
            bool(stored["synonyms"]), int(stored["corpus_boilerplate_min_docs"])
        )
        return conn, where, features
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise ArchiveError(describe_sqlite_error(where, exc)) from None
    except ArchiveError:
        if conn is not None:
            conn.close()
        raise
