"""What is in the archive and whether the file is sound: ``index stats`` and
``index stats --verify``."""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, Any

from wiretrace.normalize.packed import readable

if TYPE_CHECKING:
    from wiretrace.archive.store import Archive


def disk_size(archive: Archive) -> int:
    """Bytes on disk: the database file plus its write-ahead log."""
    total = 0
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            total += os.path.getsize(str(archive.path) + suffix)
    return total

def stats(archive: Archive) -> dict[str, Any]:
    """Counts and sizes (documents, features, postings, bytes on disk, dates, version)."""
    def run() -> dict[str, Any]:
        c = archive.conn
        docs, postings, chars = c.execute(
            "SELECT count(*), coalesce(sum(n_features), 0), coalesce(sum(chars), 0) "
            "FROM documents"
        ).fetchone()
        features = c.execute("SELECT count(*) FROM features").fetchone()[0]
        min_docs = archive.features.corpus_boilerplate_min_docs
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
        size = archive.disk_size()
        return {
            "path": str(archive.path),
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
            "feature_settings": archive.features.to_dict(),
            "created_by": meta.get("created_by"),
            "created_at": meta.get("created_at"),
        }

    return archive.run(run)

def verify(archive: Archive) -> list[str]:
    """Consistency problems of the archive file (an empty list when it is sound)."""
    def run() -> list[str]:
        c = archive.conn
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
        for doc_id, blob in c.execute(
            "SELECT d.id, p.blob FROM prepared p JOIN documents d ON d.doc = p.doc"
        ):
            if not readable(bytes(blob)):
                problems.append(f"document {doc_id!r}: its kept prepared form is unreadable "
                                "(a check prepares it again)")
        return problems

    return archive.run(run)


