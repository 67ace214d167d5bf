"""Hashes the archive stores: features and short-line keys as signed 64-bit integers,
articles by content."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from wiretrace.candidates.features import hash64
from wiretrace.normalize.boilerplate import repeated_lines
from wiretrace.records import Document


def hash_features(features: Iterable[str]) -> list[int]:
    """The hashed candidate features of one article, sorted, without repeats."""
    return sorted({hash64(f) for f in features})


def content_hash(doc: Document) -> bytes:
    """What makes two versions of an article "the same": its text and metadata.

    The id is the key the hash is stored under and the path only says where the
    file was read from, so neither is part of the hash: re-adding the same articles
    from a copy of the folder is a no-op.
    """
    payload = json.dumps(
        [doc.text, doc.title, doc.date, doc.author, doc.outlet, doc.url], ensure_ascii=False
    )
    return hashlib.blake2b(payload.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def short_line_keys(text: str) -> dict[int, str]:
    """``{hash: line_key}`` of the short lines of ``text``, exactly the lines that
    :func:`wiretrace.normalize.boilerplate.repeated_lines` counts across a corpus."""
    return {hash64(k): k for k in repeated_lines([text], min_docs=1)}
