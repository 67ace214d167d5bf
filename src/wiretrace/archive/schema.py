"""The archive's SQLite schema: tables, version, connection settings and the migrations guard.

One SQLite file holds the whole archive (stdlib :mod:`sqlite3`):

* ``documents`` — one row per article: its text and metadata, a content hash (text +
  metadata) and its number of candidate features.
* ``features`` — every candidate feature (``wiretrace.candidates.document_features``,
  hashed to a signed 64-bit integer) with its document frequency ``df``.
* ``postings`` — ``(feature, doc)``: the inverted index, keyed by feature (the index a
  check reads) and indexed by document (removal, exact total weights).
* ``df_histogram`` — how many features have each document frequency: the check's
  lower bound on an article's total weight (the *n* largest dfs of the archive).
* ``line_keys`` / ``line_docs`` — short lines (``normalize.boilerplate.line_key``, hashed)
  with the number of articles carrying them, and which articles do: the corpus-level
  "repeated line" boilerplate rule over the whole archive.
* ``meta`` — the settings the features depend on, who created the archive and when, and
  ``generation``: how many write transactions committed (:meth:`Archive.state`).

The file is opened in WAL mode with foreign keys on; every write happens inside one
transaction that covers whole articles, so an interrupted run leaves each article
either fully in the archive (text, postings, line keys) or not at all.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

SCHEMA_VERSION = 2
"""Stored in ``PRAGMA user_version``; bump it (and add a migration) when the schema changes."""
APPLICATION_ID = 0x57545243  # "WTRC", stored in PRAGMA application_id
BUSY_TIMEOUT_S = 10.0
"""How long to wait for another process's write lock before giving up."""

PREPARED_DDL = """
CREATE TABLE prepared (
    doc           INTEGER PRIMARY KEY REFERENCES documents(doc) ON DELETE CASCADE,
    content_chars INTEGER NOT NULL,
    boilerplate   TEXT NOT NULL,         -- JSON [[start, end, label], ...]
    max_senses    INTEGER NOT NULL,
    blob          BLOB NOT NULL          -- normalize.packed: tokens, keys, stems, flags ...
);
"""
"""Each article as prepared (schema 2): a check reads it instead of preparing it again."""

DDL = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE documents (
    doc        INTEGER PRIMARY KEY,      -- internal number: order of (re)insertion
    id         TEXT NOT NULL UNIQUE,     -- the article id (JSONL id or relative path)
    hash       BLOB NOT NULL,            -- blake2b of text + metadata
    text       TEXT NOT NULL,
    path       TEXT,
    title      TEXT,
    date       TEXT,
    author     TEXT,
    outlet     TEXT,
    url        TEXT,
    chars      INTEGER NOT NULL,
    n_features INTEGER NOT NULL,         -- number of postings of this article
    added_at   TEXT NOT NULL
);

CREATE TABLE features (
    id INTEGER PRIMARY KEY,              -- blake2b-64 of the feature string, signed
    df INTEGER NOT NULL CHECK (df > 0)
);

CREATE TABLE postings (
    feature INTEGER NOT NULL,            -- features.id (kept consistent by the writer)
    doc     INTEGER NOT NULL REFERENCES documents(doc) ON DELETE CASCADE,
    PRIMARY KEY (feature, doc)
) WITHOUT ROWID;
CREATE INDEX postings_by_doc ON postings(doc);

CREATE TABLE df_histogram (
    df       INTEGER PRIMARY KEY,
    features INTEGER NOT NULL           -- (no CHECK: upserts insert negative deltas)
);

CREATE TABLE line_keys (
    key  INTEGER PRIMARY KEY,            -- blake2b-64 of a short line's line_key
    docs INTEGER NOT NULL CHECK (docs >= 0)
);

CREATE TABLE line_docs (
    key INTEGER NOT NULL REFERENCES line_keys(key),
    doc INTEGER NOT NULL REFERENCES documents(doc) ON DELETE CASCADE,
    PRIMARY KEY (key, doc)
) WITHOUT ROWID;
CREATE INDEX line_docs_by_doc ON line_docs(doc);
""" + PREPARED_DDL

MIGRATIONS: dict[int, str] = {
    # 1 → 2: each article kept as prepared (a check reads it instead of preparing it
    # again); articles archived before have no row and are prepared when read.
    1: PREPARED_DDL,
}
"""``{from_version: sql}`` upgrading an archive from ``from_version`` to the next version."""


class ArchiveError(Exception):
    """A problem with the archive file, worded for the user (one line, no traceback)."""


def describe_sqlite_error(path: str | os.PathLike[str], exc: sqlite3.Error) -> str:
    """A one-line message for an SQLite error raised while using the archive at ``path``."""
    text = str(exc)
    low = text.lower()
    if "file is not a database" in low or "malformed" in low:
        return f"{path} is not a wiretrace archive (not an SQLite database, or damaged): {text}"
    if "locked" in low or "busy" in low:
        return f"archive {path} is locked by another process ({text}); try again when it is done"
    if "readonly" in low or "read-only" in low:
        return f"archive {path} is read-only ({text})"
    if "unable to open" in low:
        return f"cannot open archive {path}: {text}"
    if "disk" in low and ("full" in low or "i/o" in low):
        return f"cannot write archive {path}: {text}"
    return f"archive {path}: {text}"


def connect(path: Path, *, create: bool, readonly: bool = False) -> sqlite3.Connection:
    """Open (or create) the SQLite file with the archive's connection settings.

    Transactions are explicit (``isolation_level=None``); callers use
    ``BEGIN IMMEDIATE`` … ``COMMIT`` around each batch of whole articles.
    """
    if not create and not path.exists():
        raise ArchiveError(f"no archive at {path} (create one with 'wiretrace index add')")
    if path.exists() and path.is_dir():
        raise ArchiveError(f"{path} is a folder, not an archive file")
    if create and not path.parent.exists():
        raise ArchiveError(f"cannot create archive {path}: folder {path.parent} does not exist")
    if readonly:
        uri = path.resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_S)
    else:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        # Page cache and memory-mapped reads: the inverted index is read and written at
        # random places (features are hashes), so the fewer pages go through read()
        # calls the better. Both are upper limits, used only as the file grows.
        conn.execute("PRAGMA cache_size = -1048576")  # 1 GiB
        conn.execute("PRAGMA mmap_size = 4294967296")  # 4 GiB
        conn.execute("PRAGMA temp_store = MEMORY")
        _ensure_ln(conn)
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def _ensure_ln(conn: sqlite3.Connection) -> None:
    """SQLite builds without the math functions get ``ln`` from Python."""
    try:
        conn.execute("SELECT ln(2.0)").fetchone()
    except sqlite3.OperationalError:
        import math

        conn.create_function("ln", 1, math.log, deterministic=True)


def _tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {r[0] for r in rows}


def ensure_schema(
    conn: sqlite3.Connection,
    path: Path,
    *,
    create: bool,
    initial_meta: Callable[[], dict[str, str]] | None = None,
) -> bool:
    """Check (or lay down) the schema; ``True`` when the archive was just created.

    A new archive gets the rows of ``initial_meta()`` in its ``meta`` table, in the
    same transaction as the tables. Raises :class:`ArchiveError` for a database that
    is not a wiretrace archive or whose schema version is newer than this code knows;
    runs :data:`MIGRATIONS` for older ones.
    """
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = _tables(conn)
    if app_id != APPLICATION_ID:
        if tables or app_id != 0:
            raise ArchiveError(f"{path} is an SQLite database but not a wiretrace archive")
        if not create:
            raise ArchiveError(f"{path} is an empty database, not a wiretrace archive")
        meta = initial_meta() if initial_meta else {}
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
                conn.execute("COMMIT")  # another process created it meanwhile
                return ensure_schema(conn, path, create=False)
            for statement in _statements(DDL):
                conn.execute(statement)
            conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", sorted(meta.items()))
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return True
    if version > SCHEMA_VERSION:
        raise ArchiveError(
            f"archive {path} has schema version {version}, newer than this wiretrace "
            f"understands ({SCHEMA_VERSION}); upgrade wiretrace to use it"
        )
    while version < SCHEMA_VERSION:
        if version not in MIGRATIONS:
            raise ArchiveError(
                f"archive {path} has schema version {version}, which this wiretrace cannot "
                f"upgrade to {SCHEMA_VERSION}"
            )
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            version += 1
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return False


def _statements(script: str) -> list[str]:
    """Split a DDL script into statements (comments dropped; no ``;`` inside statements)."""
    lines = [line.split("--", 1)[0].rstrip() for line in script.splitlines()]
    code = "\n".join(line for line in lines if line.strip())
    return [sql.strip() for sql in code.split(";") if sql.strip()]
