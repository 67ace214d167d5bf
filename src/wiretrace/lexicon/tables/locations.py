"""Where compiled lexicon folders live: the package's own, and the user's cache.

* the package itself (:data:`PACKAGED_DIR`, built by ``scripts/build_lexicon.py`` from
  Debian's WordNet 3.0): :func:`packaged_tables`;
* the user's cache (``$WIRETRACE_CACHE_DIR``, else ``$XDG_CACHE_HOME/wiretrace``, else
  ``~/.cache/wiretrace``), for a WordNet folder the user names: :func:`cached_tables`
  compiles it there once, under a lock, and rebuilds a stale or damaged copy.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from pathlib import Path

from wiretrace.lexicon.cache import cache_root, locked
from wiretrace.lexicon.tables.compiler import compile_lexicon, source_key
from wiretrace.lexicon.tables.format import MANIFEST, LexiconError
from wiretrace.lexicon.tables.reader import LexiconTables

log = logging.getLogger("wiretrace.lexicon")

PACKAGED_DIR = Path(__file__).parent.parent / "data"
"""The compiled lexicon shipped with the package."""


def cache_folder(source: Path) -> Path:
    """Where the compiled lexicon of the WordNet folder ``source`` is cached."""
    name = hashlib.sha256(str(Path(source).resolve()).encode()).hexdigest()[:16]
    return cache_root() / "lexicon" / f"wordnet-{name}"


def packaged_tables() -> LexiconTables:
    """The compiled lexicon shipped with the package (:class:`LexiconError` when it is
    missing or damaged)."""
    return LexiconTables.open(PACKAGED_DIR)


def cached_tables(source: Path) -> LexiconTables | None:
    """The compiled lexicon of the WordNet folder ``source`` from the user's cache,
    compiled first when it is missing, stale or damaged; ``None`` (after a one-line
    warning) when it cannot be compiled there, for the caller to read ``source``
    directly. Processes that need the same folder at once compile it once: the others
    wait for it."""
    source = Path(source)
    key = source_key(source)
    folder = cache_folder(source)
    found = _open_cached(folder, key, source)
    if found is not None:
        return found
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        with locked(folder.parent / f".{folder.name}.lock"):
            found = _open_cached(folder, key, source)  # another process may have built it
            if found is not None:
                return found
            work = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
            try:
                compile_lexicon(source, work, description=f"compiled from {source}", key=key)
                _replace_folder(work, folder)
            finally:
                shutil.rmtree(work, ignore_errors=True)
        return LexiconTables.open(folder, key=key, root=source)
    except (OSError, LexiconError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        log.warning("wiretrace: cannot use the lexicon cache in %s (%s); reading WordNet "
                    "from %s in memory instead", folder.parent, reason, source)
        return None


def _open_cached(folder: Path, key: str, source: Path) -> LexiconTables | None:
    if not (folder / MANIFEST).exists():
        return None
    try:
        return LexiconTables.open(folder, key=key, root=source)
    except LexiconError as exc:
        log.info("wiretrace: rebuilding the lexicon cache: %s", exc)
        return None


def _replace_folder(new: Path, folder: Path) -> None:
    """Put the folder ``new`` in ``folder``'s place (a reader sees the old or the new one)."""
    old = None
    if folder.exists():
        old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        try:
            folder.rename(old)
        except FileNotFoundError:
            old = None  # another process moved it first
    try:
        new.rename(folder)
    except OSError:
        if not (folder / MANIFEST).exists():
            raise
        # Another process put its fresh copy there first: that one is as good.
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
