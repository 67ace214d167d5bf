"""The compiled lexicon folder's format: its version, file names and manifest checksum.

What the compiler writes and the reader checks, in one place: a folder holds
:data:`TABLES` and :data:`MANIFEST`; the manifest names :data:`KIND` and
:data:`FORMAT_VERSION` and carries :func:`manifest_checksum` over its file list.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from wiretrace.lexicon.expressions import HYPERNYM, HYPONYM, SIMILAR
from wiretrace.lexicon.wordnet import POS_FILES

FORMAT_VERSION = 1
"""Bump when the tables' layout or meaning changes: older folders are then rebuilt."""

KIND = "wiretrace-lexicon"
MANIFEST = "manifest.json"
TABLES = "lexicon.npz"

SOURCE_FILES = tuple(
    f"{kind}.{name}" for name in POS_FILES.values() for kind in ("index", "data")
) + tuple(f"{name}.exc" for name in POS_FILES.values())
"""The files of a WordNet database folder that the tables are compiled from."""

RELATIONS = (SIMILAR, HYPERNYM, HYPONYM)
"""The pointer relations, numbered by their place here in ``pointers.pair_relation``."""


class LexiconError(Exception):
    """A compiled lexicon folder that is missing, stale, truncated or corrupt."""


def manifest_checksum(files: Mapping[str, Mapping[str, Any]]) -> str:
    """SHA-256 over the manifest's file list (each file's name, size and SHA-256)."""
    lines = "".join(f"{name} {files[name]['bytes']} {files[name]['sha256']}\n"
                    for name in sorted(files))
    return hashlib.sha256(lines.encode()).hexdigest()
