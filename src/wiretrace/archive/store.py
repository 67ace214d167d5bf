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
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wiretrace import __version__
from wiretrace.archive.keys import content_hash, hash_features, short_line_keys
from wiretrace.archive.schema import (
    ArchiveError,
    connect,
    describe_sqlite_error,
    ensure_schema,
)
from wiretrace.candidates import document_features
from wiretrace.engine import map_tasks
from wiretrace.lexicon.wordnet import WordNet, load_wordnet
from wiretrace.normalize import PreparedDoc, prepare_document
from wiretrace.records import Document
from wiretrace.settings import Settings

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


@dataclass(slots=True)
class AddResult:
    """What an add did, by article id."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refeaturized: int = 0
    """Archived articles re-indexed because a short line became (or stopped being) repeated."""


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for k in range(0, len(items), size):
        yield items[k : k + size]


def featurize(
    doc: Document, wordnet: WordNet | None, repeated: frozenset[str]
) -> tuple[PreparedDoc, list[int]]:
    """Prepare one article and compute its hashed candidate features."""
    prepared = prepare_document(doc, wordnet, repeated)
    return prepared, hash_features(document_features(prepared))


def _featurize_task(
    task: tuple[Document, frozenset[str]], shared: tuple[WordNet | None]
) -> array[int]:
    doc, repeated = task
    # An int64 array: 8 bytes a feature while results wait for the writer (not ~40).
    return array("q", featurize(doc, shared[0], repeated)[1])


class Archive:
    """An open archive file. Use :meth:`open`; close with :meth:`close` (or ``with``)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, features: FeatureSettings) -> None:
        self.conn = conn
        self.path = path
        self.features = features
        self._wordnet: WordNet | None = None

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
        """Open the archive at ``path``; with ``create``, make it when it does not exist.

        A new archive records the feature settings of ``settings`` (WordNet synonyms on
        when installed and not turned off, the repeated-line threshold). Raises
        :class:`ArchiveError` with a one-line message for every problem with the file.
        """
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
            return cls(conn, where, features)
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            raise ArchiveError(describe_sqlite_error(where, exc)) from None
        except ArchiveError:
            if conn is not None:
                conn.close()
            raise

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    def __enter__(self) -> Archive:
        return self

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
        :func:`wiretrace.archive.check.check_documents`)."""
        from wiretrace.archive.check import check_documents, check_report

        settings = self.settings_for(settings or Settings())
        result = check_documents(self, documents, settings, jobs=jobs)
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

    def _repeated(self, count: int) -> bool:
        min_docs = self.features.corpus_boilerplate_min_docs
        return min_docs > 0 and count >= min_docs

    # --- reading ---------------------------------------------------------------------

    def count(self) -> int:
        """Number of archived articles."""
        return int(self.conn.execute("SELECT count(*) FROM documents").fetchone()[0])

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

    def _hashes(self, ids: Sequence[str]) -> dict[str, tuple[int, bytes]]:
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

    def postings(self, feature: int) -> list[int]:
        """Internal numbers of the archived articles that have ``feature``."""
        rows = self.conn.execute("SELECT doc FROM postings WHERE feature = ?", (feature,))
        return [r[0] for r in rows]

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

    def total_weights(
        self, nums: Iterable[int], n_docs: int, df_delta: Mapping[int, int] | None = None
    ) -> dict[int, float]:
        """Exact total feature weight ``Σ log((n_docs + 1) / df)`` of archived articles, with
        each feature's df shifted by ``df_delta`` (a corpus that differs from the archive)."""
        wanted = sorted(set(nums))
        if not wanted:
            return {}
        c = self.conn
        c.execute("CREATE TEMP TABLE IF NOT EXISTS wt_df_delta "
                  "(feature INTEGER PRIMARY KEY, delta INTEGER NOT NULL)")
        c.execute("DELETE FROM temp.wt_df_delta")
        if df_delta:
            c.executemany("INSERT INTO temp.wt_df_delta(feature, delta) VALUES (?, ?)",
                          sorted((f, d) for f, d in df_delta.items() if d))
        out: dict[int, float] = {}
        for part in _chunks(wanted):
            marks = ",".join("?" * len(part))
            out.update(c.execute(
                "SELECT p.doc, sum(ln((? + 1.0) / (f.df + coalesce(t.delta, 0)))) "
                "FROM postings p JOIN features f ON f.id = p.feature "
                "LEFT JOIN temp.wt_df_delta t ON t.feature = p.feature "
                f"WHERE p.doc IN ({marks}) GROUP BY p.doc",
                [n_docs, *part],
            ))
        c.execute("DELETE FROM temp.wt_df_delta")
        return out

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
        return frozenset(s for k, s in keys.items() if self._repeated(counts.get(k, 0)))

    # --- writing ---------------------------------------------------------------------

    def _transaction(self) -> _Transaction:
        return _Transaction(self)

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
        result = AddResult()
        unique = list({d.id: d for d in documents}.values())  # an id given twice: last wins
        existing = self._wrap(lambda: self._hashes([d.id for d in unique]))
        work: list[_Work] = []
        for d in unique:
            h = content_hash(d)
            old = existing.get(d.id)
            if old is not None and old[1] == h:
                result.unchanged.append(d.id)
                continue
            work.append(_Work(d, h, short_line_keys(d.text), old[0] if old else None))
        if on_progress and result.unchanged:
            on_progress(len(result.unchanged))
        if not work:
            return result
        batch_size = max(1, batch_size)
        self._wrap(lambda: self._predict_repeated(work, batch_size))
        wordnet = self.wordnet
        tasks = [(w.doc, w.predicted) for w in work]
        features = map_tasks(_featurize_task, tasks, (wordnet,), jobs)
        for k in range(0, len(work), batch_size):
            batch = work[k : k + batch_size]
            for w in batch:
                w.features = next(features)
                if on_progress:
                    on_progress(1)
            self._wrap(lambda batch=batch: self._commit_batch(batch, result))
        return result

    def _wrap(self, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except sqlite3.Error as exc:
            raise ArchiveError(describe_sqlite_error(self.path, exc)) from None

    def _predict_repeated(self, work: list[_Work], batch_size: int) -> None:
        """Which short lines will be repeated when each batch commits (so that worker
        processes can prepare articles before the archive sees them). A wrong guess
        (another writer in between) is caught and redone at commit time."""
        old_keys = {w.old: self.line_keys_of(w.old) for w in work if w.old is not None}
        keys = set(itertools.chain.from_iterable(w.keys for w in work))
        keys.update(itertools.chain.from_iterable(old_keys.values()))
        counts = self.line_counts(keys)
        for k in range(0, len(work), batch_size):
            batch = work[k : k + batch_size]
            for w in batch:
                for key in old_keys.get(w.old, []) if w.old is not None else []:
                    counts[key] = counts.get(key, 0) - 1
                for key in w.keys:
                    counts[key] = counts.get(key, 0) + 1
            for w in batch:
                w.predicted = frozenset(
                    s for key, s in w.keys.items() if self._repeated(counts.get(key, 0))
                )

    def _commit_batch(self, batch: list[_Work], result: AddResult) -> None:
        with self._transaction() as tx:
            inserted: list[tuple[int, _Work]] = []
            for w in batch:
                row = self.conn.execute(
                    "SELECT doc, hash FROM documents WHERE id = ?", (w.doc.id,)
                ).fetchone()
                if row is not None and bytes(row[1]) == w.hash:
                    result.unchanged.append(w.doc.id)
                    continue
                if row is not None:
                    tx.delete_document(row[0])
                    result.replaced.append(w.doc.id)
                else:
                    result.added.append(w.doc.id)
                num = tx.insert_document(w.doc, w.hash, w.keys)
                inserted.append((num, w))
            postings: list[tuple[int, Sequence[int]]] = []
            for num, w in inserted:
                repeated = self.repeated_keys(w.keys)
                features = w.features
                if features is None or repeated != w.predicted:
                    features = featurize(w.doc, self.wordnet, repeated)[1]
                postings.append((num, features))
            tx.add_postings(postings)
            result.refeaturized += tx.refeaturize_flipped({num for num, _w in inserted})

    def remove(self, ids: Sequence[str]) -> tuple[list[str], list[str]]:
        """Remove articles by id, in one transaction: ``(removed, unknown)``."""
        def run() -> tuple[list[str], list[str]]:
            removed: list[str] = []
            unknown: list[str] = []
            with self._transaction() as tx:
                for doc_id in dict.fromkeys(ids):
                    row = self.conn.execute(
                        "SELECT doc FROM documents WHERE id = ?", (doc_id,)
                    ).fetchone()
                    if row is None:
                        unknown.append(doc_id)
                        continue
                    tx.delete_document(row[0])
                    removed.append(doc_id)
                tx.refeaturize_flipped(set())
            return removed, unknown

        return self._wrap(run)

    # --- stats and checks ------------------------------------------------------------

    def disk_size(self) -> int:
        """Bytes on disk: the database file plus its write-ahead log."""
        total = 0
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                total += os.path.getsize(str(self.path) + suffix)
        return total

    def stats(self) -> dict[str, Any]:
        """Counts and sizes (documents, features, postings, bytes on disk, dates, version)."""
        def run() -> dict[str, Any]:
            c = self.conn
            docs, postings, chars = c.execute(
                "SELECT count(*), coalesce(sum(n_features), 0), coalesce(sum(chars), 0) "
                "FROM documents"
            ).fetchone()
            features = c.execute("SELECT count(*) FROM features").fetchone()[0]
            min_docs = self.features.corpus_boilerplate_min_docs
            repeated = (
                c.execute("SELECT count(*) FROM line_keys WHERE docs >= ?", (min_docs,))
                .fetchone()[0] if min_docs > 0 else 0
            )
            first, last, dated = c.execute(
                "SELECT min(date), max(date), count(date) FROM documents"
            ).fetchone()
            added_first, added_last = c.execute(
                "SELECT min(added_at), max(added_at) FROM documents"
            ).fetchone()
            meta = dict(c.execute("SELECT key, value FROM meta"))
            size = self.disk_size()
            return {
                "path": str(self.path),
                "schema_version": int(c.execute("PRAGMA user_version").fetchone()[0]),
                "documents": docs,
                "features": features,
                "postings": postings,
                "characters": chars,
                "repeated_lines": repeated,
                "bytes_on_disk": size,
                "bytes_per_document": round(size / docs) if docs else None,
                "date_range": [first, last] if dated else None,
                "dated_documents": dated,
                "added_range": [added_first, added_last] if docs else None,
                "feature_settings": self.features.to_dict(),
                "created_by": meta.get("created_by"),
                "created_at": meta.get("created_at"),
            }

        return self._wrap(run)

    def verify(self) -> list[str]:
        """Consistency problems of the archive file (an empty list when it is sound)."""
        def run() -> list[str]:
            c = self.conn
            problems = [
                f"integrity_check: {r[0]}"
                for r in c.execute("PRAGMA integrity_check")
                if r[0] != "ok"
            ]
            problems += [
                f"foreign key: {r[0]} row {r[1]} → {r[2]}"
                for r in c.execute("PRAGMA foreign_key_check")
            ]
            for doc_id, n, found in c.execute(
                "SELECT d.id, d.n_features, coalesce(p.n, 0) FROM documents d "
                "LEFT JOIN (SELECT doc, count(*) AS n FROM postings GROUP BY doc) p "
                "ON p.doc = d.doc WHERE coalesce(p.n, 0) != d.n_features"
            ):
                problems.append(f"document {doc_id!r}: {found} postings, expected {n}")
            for feature, df, found in c.execute(
                "SELECT f.id, f.df, coalesce(p.n, 0) FROM features f "
                "LEFT JOIN (SELECT feature, count(*) AS n FROM postings GROUP BY feature) p "
                "ON p.feature = f.id WHERE coalesce(p.n, 0) != f.df"
            ):
                problems.append(f"feature {feature}: df {df} but {found} postings")
            hist = dict(c.execute("SELECT df, features FROM df_histogram"))
            actual = dict(c.execute("SELECT df, count(*) FROM features GROUP BY df"))
            if hist != actual:
                problems.append("df histogram does not match the features' document frequencies")
            for key, docs, found in c.execute(
                "SELECT k.key, k.docs, coalesce(l.n, 0) FROM line_keys k "
                "LEFT JOIN (SELECT key, count(*) AS n FROM line_docs GROUP BY key) l "
                "ON l.key = k.key WHERE coalesce(l.n, 0) != k.docs"
            ):
                problems.append(f"line key {key}: count {docs} but {found} articles")
            orphans = c.execute(
                "SELECT count(*) FROM (SELECT DISTINCT feature FROM postings) p "
                "LEFT JOIN features f ON f.id = p.feature WHERE f.id IS NULL"
            ).fetchone()[0]
            if orphans:
                problems.append(f"{orphans} features in postings but not in the features table")
            empty = c.execute("SELECT count(*) FROM documents WHERE text = ''").fetchone()[0]
            if empty:
                problems.append(f"{empty} documents without text")
            return problems

        return self._wrap(run)


@dataclass(slots=True)
class _Work:
    doc: Document
    hash: bytes
    keys: dict[int, str]
    old: int | None
    predicted: frozenset[str] = frozenset()
    features: Sequence[int] | None = None


class _Transaction:
    """One write transaction of whole articles; tracks short lines whose status flips."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.conn = archive.conn
        self.initial: dict[int, bool] = {}

    def __enter__(self) -> _Transaction:
        self.conn.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
                return
            except BaseException:
                self._rollback()
                raise
        self._rollback()

    def _rollback(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("ROLLBACK")

    def _touch(self, keys: Iterable[int]) -> None:
        fresh = [k for k in keys if k not in self.initial]
        if not fresh:
            return
        counts = self.archive.line_counts(fresh)
        for k in fresh:
            self.initial[k] = self.archive._repeated(counts.get(k, 0))

    def insert_document(self, doc: Document, h: bytes, keys: dict[int, str]) -> int:
        """The article's row and short lines (its postings come in :meth:`add_postings`)."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        cur = self.conn.execute(
            "INSERT INTO documents(id, hash, text, path, title, date, author, outlet, url, chars,"
            " n_features, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,0,?)",
            (doc.id, h, doc.text, doc.path, doc.title, doc.date, doc.author, doc.outlet,
             doc.url, len(doc.text), now),
        )
        num = int(cur.lastrowid or 0)
        self._touch(keys)
        ordered = sorted(keys)
        self.conn.executemany(
            "INSERT INTO line_keys(key, docs) VALUES (?, 1) "
            "ON CONFLICT(key) DO UPDATE SET docs = docs + 1",
            ((k,) for k in ordered),
        )
        self.conn.executemany(
            "INSERT INTO line_docs(key, doc) VALUES (?, ?)", ((k, num) for k in ordered)
        )
        return num

    def _apply_df(self, deltas: Mapping[int, int]) -> None:
        """Shift document frequencies (and the df histogram) by ``deltas``."""
        keys = sorted(f for f, d in deltas.items() if d)
        if not keys:
            return
        old = self.archive.feature_df(keys)
        hist: Counter[int] = Counter()
        upserts: list[tuple[int, int]] = []
        gone: list[tuple[int]] = []
        for f in keys:
            before = old.get(f, 0)
            after = before + deltas[f]
            if after < 0:
                raise ArchiveError(f"archive {self.archive.path} is inconsistent: feature {f} "
                                   f"would get df {after} (run 'wiretrace index stats --verify')")
            if before:
                hist[before] -= 1
            if after:
                hist[after] += 1
                upserts.append((f, after))
            else:
                gone.append((f,))
        self.conn.executemany(
            "INSERT INTO features(id, df) VALUES (?, ?) "
            "ON CONFLICT(id) DO UPDATE SET df = excluded.df",
            upserts,
        )
        self.conn.executemany("DELETE FROM features WHERE id = ?", gone)
        changes = sorted((df, n) for df, n in hist.items() if n)
        self.conn.executemany(
            "INSERT INTO df_histogram(df, features) VALUES (?, ?) "
            "ON CONFLICT(df) DO UPDATE SET features = features + excluded.features",
            changes,
        )
        self.conn.executemany(
            "DELETE FROM df_histogram WHERE df = ? AND features = 0",
            ((df,) for df, _n in changes),
        )

    def add_postings(self, items: Sequence[tuple[int, Sequence[int]]]) -> None:
        """Postings of articles that have none yet: ``[(doc, features)]``, written in
        feature order (one sweep through the index instead of random inserts)."""
        deltas: Counter[int] = Counter()
        rows: list[tuple[int, int]] = []
        for num, features in items:
            deltas.update(features)
            rows.extend((f, num) for f in features)
        rows.sort()
        self._apply_df(deltas)
        self.conn.executemany("INSERT INTO postings(feature, doc) VALUES (?, ?)", rows)
        self.conn.executemany(
            "UPDATE documents SET n_features = ? WHERE doc = ?",
            ((len(features), num) for num, features in items),
        )

    def replace_features(self, num: int, features: Sequence[int]) -> None:
        """Bring an archived article's postings to ``features``."""
        old = set(self.archive.features_of(num))
        new = set(features)
        dropped, added = sorted(old - new), sorted(new - old)
        deltas: Counter[int] = Counter(added)
        deltas.subtract(dropped)
        self._apply_df(deltas)
        self.conn.executemany(
            "DELETE FROM postings WHERE feature = ? AND doc = ?", ((f, num) for f in dropped)
        )
        self.conn.executemany(
            "INSERT INTO postings(feature, doc) VALUES (?, ?)", ((f, num) for f in added)
        )
        self.conn.execute("UPDATE documents SET n_features = ? WHERE doc = ?", (len(new), num))

    def delete_document(self, num: int) -> None:
        """Remove an article with its postings and short lines."""
        deltas: Counter[int] = Counter()
        deltas.subtract(self.archive.features_of(num))
        self._apply_df(deltas)
        self.conn.execute("DELETE FROM postings WHERE doc = ?", (num,))
        keys = self.archive.line_keys_of(num)
        self._touch(keys)
        self.conn.execute("DELETE FROM line_docs WHERE doc = ?", (num,))
        self.conn.executemany(
            "UPDATE line_keys SET docs = docs - 1 WHERE key = ?", ((k,) for k in keys)
        )
        self.conn.executemany(
            "DELETE FROM line_keys WHERE key = ? AND docs = 0", ((k,) for k in keys)
        )
        self.conn.execute("DELETE FROM documents WHERE doc = ?", (num,))

    def refeaturize_flipped(self, skip: set[int]) -> int:
        """Re-index the archived articles carrying a short line whose repeated status changed
        in this transaction (except ``skip``, indexed with the final status already)."""
        counts = self.archive.line_counts(self.initial)
        flipped = [
            k for k, was in self.initial.items()
            if self.archive._repeated(counts.get(k, 0)) != was
        ]
        if not flipped:
            return 0
        nums = sorted(self.archive.docs_with_lines(flipped) - skip)
        docs = self.archive.load(nums)
        for num in nums:
            doc = docs[num]
            repeated = self.archive.repeated_keys(short_line_keys(doc.text))
            features = featurize(doc, self.archive.wordnet, repeated)[1]
            self.replace_features(num, features)
        return len(nums)
