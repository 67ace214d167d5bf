"""A persistent archive of articles to check new ones against (SQLite, one file).

* :mod:`~wiretrace.archive.schema` — tables, schema version, connection settings;
* :mod:`~wiretrace.archive.keys` — feature, short-line and content hashes;
* :mod:`~wiretrace.archive.store` — :class:`Archive`: open/create, read, and the entry
  points add, remove, check, stats;
* :mod:`~wiretrace.archive.writes` — whole-article transactions (add, remove, re-index);
* :mod:`~wiretrace.archive.inspect` — stats and the consistency check;
* :mod:`~wiretrace.archive.candidates` — a check's candidate stage: the combined
  corpus's counts and the scan's candidate rule over the archive's postings;
* :mod:`~wiretrace.archive.check` — :func:`check_documents`: new articles against the
  archive, reading only candidate partners, with the result a scan would give.

The command line (``wiretrace index …``, ``wiretrace check``) is :mod:`wiretrace.cli.archive`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wiretrace.archive.candidates import WeightMemo
    from wiretrace.archive.check import CheckResult, check_documents
    from wiretrace.archive.schema import SCHEMA_VERSION, ArchiveError
    from wiretrace.archive.store import Archive, FeatureSettings
    from wiretrace.archive.writes import AddResult

__all__ = [
    "SCHEMA_VERSION",
    "AddResult",
    "Archive",
    "ArchiveError",
    "CheckResult",
    "FeatureSettings",
    "WeightMemo",
    "check_documents",
]

_WHERE = {
    "CheckResult": "check", "check_documents": "check", "SCHEMA_VERSION": "schema",
    "ArchiveError": "schema", "Archive": "store", "FeatureSettings": "store",
    "AddResult": "writes", "WeightMemo": "candidates",
}


def __getattr__(name: str) -> Any:
    """The public names, imported on first use (``wiretrace.archive.schema`` alone, for
    its error type, does not bring in the whole pipeline)."""
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f"wiretrace.archive.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'wiretrace.archive' has no attribute {name!r}")
