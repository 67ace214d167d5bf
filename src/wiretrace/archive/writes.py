"""Writing to the archive: whole articles per transaction, postings and document
frequencies kept in step, short lines that become (or stop being) repeated re-indexed in
the same transaction. Called through :meth:`Archive.add` and :meth:`Archive.remove`."""

from __future__ import annotations

import contextlib
import itertools
import json
import sqlite3
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from wiretrace.archive.keys import content_hash, short_line_keys
from wiretrace.archive.schema import ArchiveError
from wiretrace.candidates import doc_features
from wiretrace.engine import map_tasks
from wiretrace.lexicon.wordnet import WordNet
from wiretrace.normalize import Packed, PreparedDoc, pack, prepare_document
from wiretrace.normalize.prepare import senses_per_word
from wiretrace.normalize.settings import NormalizeSettings
from wiretrace.records import Document

if TYPE_CHECKING:
    from wiretrace.archive.store import Archive


@dataclass(slots=True)
class AddResult:
    """What an add did, by article id."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refeaturized: int = 0
    """Archived articles re-indexed because a short line became (or stopped being) repeated."""


def featurize(
    doc: Document, wordnet: WordNet | None, repeated: frozenset[str]
) -> tuple[PreparedDoc, list[int]]:
    """Prepare one article and compute its hashed candidate features."""
    prepared = prepare_document(doc, wordnet, repeated)
    return prepared, doc_features(prepared).hashes.tolist()


def packed_of(prepared: PreparedDoc, wordnet: WordNet | None) -> Packed:
    """The form an article is kept in as prepared (without its text, stored beside)."""
    return replace(pack(prepared, senses_per_word(wordnet, NormalizeSettings())), text="")


def _featurize_task(
    task: tuple[Document, frozenset[str]], shared: tuple[WordNet | None]
) -> tuple[array[int], Packed]:
    doc, repeated = task
    prepared, features = featurize(doc, shared[0], repeated)
    # An int64 array: 8 bytes a feature while results wait for the writer (not ~40).
    return array("q", features), packed_of(prepared, shared[0])


def add_documents(
    archive: Archive,
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
    existing = archive.run(lambda: archive.content_hashes([d.id for d in unique]))
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
    archive.run(lambda: _predict_repeated(archive, work, batch_size))
    wordnet = archive.wordnet
    tasks = [(w.doc, w.predicted) for w in work]
    features = map_tasks(_featurize_task, tasks, (wordnet,), jobs)
    for k in range(0, len(work), batch_size):
        batch = work[k : k + batch_size]
        for w in batch:
            w.features, w.packed = next(features)
            if on_progress:
                on_progress(1)
        archive.run(lambda batch=batch: _commit_batch(archive, batch, result))
    return result


def _predict_repeated(archive: Archive, work: list[_Work], batch_size: int) -> None:
    """Which short lines will be repeated when each batch commits (so that worker
    processes can prepare articles before the archive sees them). A wrong guess
    (another writer in between) is caught and redone at commit time."""
    old_keys = {w.old: archive.line_keys_of(w.old) for w in work if w.old is not None}
    keys = set(itertools.chain.from_iterable(w.keys for w in work))
    keys.update(itertools.chain.from_iterable(old_keys.values()))
    counts = archive.line_counts(keys)
    for k in range(0, len(work), batch_size):
        batch = work[k : k + batch_size]
        for w in batch:
            for key in old_keys.get(w.old, []) if w.old is not None else []:
                counts[key] = counts.get(key, 0) - 1
            for key in w.keys:
                counts[key] = counts.get(key, 0) + 1
        for w in batch:
            w.predicted = frozenset(
                s for key, s in w.keys.items() if archive.is_repeated(counts.get(key, 0))
            )


def _commit_batch(archive: Archive, batch: list[_Work], result: AddResult) -> None:
    with _Transaction(archive) as tx:
        inserted: list[tuple[int, _Work]] = []
        for w in batch:
            row = archive.conn.execute(
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
            repeated = archive.repeated_keys(w.keys)
            features, packed = w.features, w.packed
            if features is None or packed is None or repeated != w.predicted:
                prepared, features = featurize(w.doc, archive.wordnet, repeated)
                packed = packed_of(prepared, archive.wordnet)
            postings.append((num, features))
            tx.store_prepared(num, packed)
        tx.add_postings(postings)
        result.refeaturized += tx.refeaturize_flipped({num for num, _w in inserted})


def remove_documents(archive: Archive, ids: Sequence[str]) -> tuple[list[str], list[str]]:
    """Remove articles by id, in one transaction: ``(removed, unknown)``."""
    def run() -> tuple[list[str], list[str]]:
        removed: list[str] = []
        unknown: list[str] = []
        with _Transaction(archive) as tx:
            for doc_id in dict.fromkeys(ids):
                row = archive.conn.execute(
                    "SELECT doc FROM documents WHERE id = ?", (doc_id,)
                ).fetchone()
                if row is None:
                    unknown.append(doc_id)
                    continue
                tx.delete_document(row[0])
                removed.append(doc_id)
            tx.refeaturize_flipped(set())
        return removed, unknown

    return archive.run(run)


@dataclass(slots=True)
class _Work:
    doc: Document
    hash: bytes
    keys: dict[int, str]
    old: int | None
    predicted: frozenset[str] = frozenset()
    features: Sequence[int] | None = None
    packed: Packed | None = None


_NEXT_GENERATION = (
    "INSERT INTO meta (key, value) VALUES ('generation', '1') ON CONFLICT (key)"
    " DO UPDATE SET value = CAST(value AS INTEGER) + 1"
)
"""Every write transaction counts itself in ``meta.generation`` (:meth:`Archive.state`)."""


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
                self.conn.execute(_NEXT_GENERATION)
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
            self.initial[k] = self.archive.is_repeated(counts.get(k, 0))

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

    def store_prepared(self, num: int, packed: Packed) -> None:
        """Keep the article as prepared (replacing what was kept)."""
        boilerplate = json.dumps([[s, e, label] for (s, e), label in packed.boilerplate])
        self.conn.execute(
            "INSERT OR REPLACE INTO prepared(doc, content_chars, boilerplate, max_senses, blob)"
            " VALUES (?, ?, ?, ?, ?)",
            (num, packed.content_chars, boilerplate, packed.max_senses, packed.blob),
        )

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
            if self.archive.is_repeated(counts.get(k, 0)) != was
        ]
        if not flipped:
            return 0
        nums = sorted(self.archive.docs_with_lines(flipped) - skip)
        docs = self.archive.load(nums)
        for num in nums:
            doc = docs[num]
            repeated = self.archive.repeated_keys(short_line_keys(doc.text))
            prepared, features = featurize(doc, self.archive.wordnet, repeated)
            self.replace_features(num, features)
            self.store_prepared(num, packed_of(prepared, self.archive.wordnet))
        return len(nums)
