"""A persistent archive of articles to check new ones against (SQLite, one file).

* :mod:`~wiretrace.archive.schema` — tables, schema version, connection settings;
* :mod:`~wiretrace.archive.keys` — feature, short-line and content hashes;
* :mod:`~wiretrace.archive.store` — :class:`Archive`: open/create, add, remove, get, stats;
* :mod:`~wiretrace.archive.check` — :func:`check_documents`: new articles against the
  archive, reading only candidate partners, with the result a scan would give;
* :mod:`~wiretrace.archive.commands` — ``wiretrace index …`` and ``wiretrace check``.
"""

from wiretrace.archive.check import CheckResult, check_documents
from wiretrace.archive.schema import SCHEMA_VERSION, ArchiveError
from wiretrace.archive.store import AddResult, Archive, FeatureSettings

__all__ = [
    "SCHEMA_VERSION",
    "AddResult",
    "Archive",
    "ArchiveError",
    "CheckResult",
    "FeatureSettings",
    "check_documents",
]
