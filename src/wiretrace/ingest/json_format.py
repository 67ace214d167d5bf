"""JSON files (``.json``): an array of article objects, or an object holding one.

The array may be the whole file, or sit under a key such as ``articles``,
``items``, ``data`` or ``results`` (also one level down, as in
``{"response": {"results": [...]}}``), or be the only array of objects in the
top-level object. A top-level object that is itself an article (it has a text
field) is one document. A file that is really JSON Lines (one object per line)
is read as such. Fields are mapped as for JSONL (:mod:`wiretrace.ingest.fields`);
a document without an id gets ``<file id>#<n>``, ``n`` its position in the array
from 1, and problems name the record by that position.
"""

from __future__ import annotations

import json
from typing import Any

from wiretrace.ingest.decode import InputError
from wiretrace.ingest.fields import GUESSES, Located, normalize_name, records_to_documents
from wiretrace.ingest.jsonl_format import parse_jsonl_located
from wiretrace.ingest.options import DEFAULT_OPTIONS, IngestOptions
from wiretrace.records import InputProblem

WRAPPER_KEYS = (
    "articles", "items", "data", "results", "documents", "docs", "records", "entries",
    "posts", "stories", "news", "hits", "response",
)
"""Keys of an object that may hold the array of articles, in order of preference."""

_MAX_DEPTH = 3


def _is_records(value: Any) -> bool:
    return isinstance(value, list) and any(isinstance(v, dict) for v in value)


def find_records(value: Any, depth: int = _MAX_DEPTH) -> list[Any] | None:
    """The array of articles in a decoded JSON ``value`` (see the module docstring)."""
    if isinstance(value, list):
        return value
    if not isinstance(value, dict) or depth == 0:
        return None
    by_name = {normalize_name(k): v for k, v in value.items() if isinstance(k, str)}
    for key in WRAPPER_KEYS:
        inner = by_name.get(key)
        if _is_records(inner):
            return list(inner)
        if isinstance(inner, dict) and (found := find_records(inner, depth - 1)) is not None:
            return found
    arrays = [v for v in value.values() if _is_records(v)]
    if len(arrays) == 1:
        return list(arrays[0])
    text_names = {normalize_name(n) for n in GUESSES["text"]}
    if any(name in text_names and isinstance(v, str) for name, v in by_name.items()):
        return [value]
    return None


def parse_json_located(
    content: str,
    path: str,
    options: IngestOptions = DEFAULT_OPTIONS,
    file_id: str = "records",
    encoding: str | None = None,
) -> tuple[list[Located], list[InputProblem]]:
    """The articles of a ``.json`` file's ``content``, and problems (raises InputError)."""
    body = content.removeprefix("\ufeff")
    try:
        value = json.loads(body)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and body.lstrip().startswith("{"):
            return parse_jsonl_located(content, path, options, file_id, encoding)
        raise InputError(
            f"invalid JSON: {exc.msg} (line {exc.lineno} column {exc.colno})", line=exc.lineno
        ) from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply") from None
    records = find_records(value)
    if records is None:
        raise InputError(
            "expected a JSON array of articles, or an object holding one"
            f" (under a key such as {WRAPPER_KEYS[0]!r} or {WRAPPER_KEYS[1]!r})"
        )
    if not records:
        raise InputError("no articles: the array is empty")
    return records_to_documents(
        list(enumerate(records, start=1)),
        by_line=False,
        path=path,
        file_id=file_id,
        options=options,
        encoding=encoding,
    )
