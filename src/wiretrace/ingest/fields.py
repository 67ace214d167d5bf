"""Records (CSV rows, JSON objects) → documents: which field holds the text, the id, the title…

Each document field is taken from the field named in
:class:`~wiretrace.ingest.options.IngestOptions`, or else guessed once per file from
the field names it has (:data:`GUESSES`, first match wins). Names are matched
ignoring case, spaces, ``_`` and ``-`` (``Published At`` = ``published_at`` =
``publishedAt``).

* A text field is required: a file where none can be found (or where the named
  one is missing) gives one problem for the whole file and no documents.
* A named id/title/date/url/outlet/author field that no record has is one problem
  for the file; the documents are still read without it.
* A record without an id (field absent, null or blank) gets ``<file id>#<n>``, with
  ``n`` its line number (CSV, JSONL) or position (JSON array, from 1).
* The text is the field's value exactly (nothing stripped), so offsets point into it.
  Ids may be strings or integers; the other fields are strings (an author may be a
  list of strings, an outlet an object with a ``name``, as in NewsAPI's ``source``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wiretrace.ingest.decode import is_blank
from wiretrace.ingest.options import FIELD_ROLES, IngestOptions
from wiretrace.records import Document, InputProblem

GUESSES: dict[str, tuple[str, ...]] = {
    "id": ("id", "guid", "uuid", "doc_id", "article_id", "_id", "url", "link"),
    "text": (
        "text", "body", "content", "article", "story", "full_text", "article_text",
        "body_text", "maintext",
    ),
    "title": ("title", "headline", "heading"),
    "date": (
        "date", "published", "published_at", "pubdate", "pub_date", "datetime",
        "date_published", "publish_date", "date_publish", "publication_date",
    ),
    "url": ("url", "link", "uri", "permalink"),
    "outlet": ("outlet", "source", "publisher", "site", "site_name", "source_domain"),
    "author": ("author", "byline", "authors", "creator"),
}
"""Field names tried for each document field, in order."""

_OPTION = {role: f"--{role}-field" for role in FIELD_ROLES}


class BadRecord(Exception):
    """One record that cannot become a document; the message says why."""


def normalize_name(name: str) -> str:
    """A field name for matching: lower case, without spaces, ``_`` and ``-``."""
    return re.sub(r"[\s_\-]+", "", name).lower()


def type_name(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )


def _find(name: str, keys: list[str]) -> str | None:
    """The key matching ``name``: exactly, else ignoring case and separators."""
    if name in keys:
        return name
    wanted = normalize_name(name)
    return next((key for key in keys if normalize_name(key) == wanted), None)


@dataclass(frozen=True, slots=True)
class FieldMap:
    """The field (key or column name) holding each document field, ``None`` when absent."""

    fields: dict[str, str | None]

    def __getitem__(self, role: str) -> str | None:
        return self.fields[role]


def _usable(role: str, value: Any) -> bool:
    """Whether ``value`` can fill ``role`` (a guess is only taken where some record's can)."""
    if role == "id":
        return isinstance(value, str | int) and not isinstance(value, bool)
    if role == "author" and isinstance(value, list):
        return all(isinstance(v, str) for v in value)
    if role == "outlet" and isinstance(value, dict):
        return isinstance(value.get("name"), str)
    return isinstance(value, str)


def resolve_fields(
    records: Sequence[Mapping[str, Any]], options: IngestOptions
) -> tuple[FieldMap | None, list[str]]:
    """The :class:`FieldMap` for a file's ``records``, and its file-level problems.

    A guessed field is one whose name is in :data:`GUESSES` and that holds a usable
    value (a string…) in at least one record. The map is ``None`` when there is no
    text field (a problem says why).
    """
    names = list(dict.fromkeys(k for r in records for k in r if isinstance(k, str)))
    found: dict[str, str | None] = {}
    problems: list[str] = []
    listed = ", ".join(repr(k) for k in names[:20]) + (", …" if len(names) > 20 else "")
    listed = listed or "none"

    def guess(role: str, taken: set[str]) -> str | None:
        for name in GUESSES[role]:
            key = _find(name, names)
            if key is not None and key not in taken and any(
                _usable(role, r.get(key)) for r in records
            ):
                return key
        return None

    for role in FIELD_ROLES:
        named = options.field_for(role)
        if named is not None:
            found[role] = _find(named, names)
            if found[role] is None:
                problems.append(
                    f"{role} field {named!r} ({_OPTION[role]}) not found; fields found: {listed}"
                )
            continue
        taken = {v for r, v in found.items() if v is not None and {r, role} != {"id", "url"}}
        found[role] = guess(role, taken)
    if found["text"] is None and options.text_field is None:
        tried = ", ".join(GUESSES["text"])
        problems.append(
            f"no text field found (tried {tried}; name it with {_OPTION['text']});"
            f" fields found: {listed}"
        )
    return (FieldMap(found) if found["text"] is not None else None), problems


def _string(record: Mapping[str, Any], key: str | None, role: str, where: str) -> str | None:
    """A metadata value: a stripped string or ``None`` (raises :class:`BadRecord`)."""
    if key is None:
        return None
    value = record.get(key)
    if role == "author" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = ", ".join(v.strip() for v in value if v.strip())
    if role == "outlet" and isinstance(value, dict) and isinstance(value.get("name"), str):
        value = value["name"]
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRecord(f"field {key!r} must be a string, got {type_name(value)}{where}")
    return " ".join(value.split()) or None


def record_document(
    record: Any,
    fields: FieldMap,
    default_id: str,
    path: str | None,
    encoding: str | None,
) -> Document:
    """The :class:`Document` for one record (raises :class:`BadRecord`).

    ``default_id`` is used when the record has no id.
    """
    if not isinstance(record, dict):
        raise BadRecord(f"expected a JSON object, got {type_name(record)}")
    id_key = fields["id"]
    raw_id = record.get(id_key) if id_key is not None else None
    if raw_id is None or (isinstance(raw_id, str) and not raw_id.strip()):
        doc_id = default_id
    elif isinstance(raw_id, bool) or not isinstance(raw_id, str | int):
        raise BadRecord(f"field {id_key!r} must be a string or integer, got {type_name(raw_id)}")
    else:
        doc_id = str(raw_id).strip()
    where = f" (id {doc_id!r})"
    text_key = fields["text"]
    assert text_key is not None
    if text_key not in record or record[text_key] is None:
        raise BadRecord(f"missing field {text_key!r}{where}")
    text = record[text_key]
    if not isinstance(text, str):
        raise BadRecord(f"field {text_key!r} must be a string, got {type_name(text)}{where}")
    if is_blank(text):
        raise BadRecord(f"field {text_key!r} is empty{where}")
    meta = {role: _string(record, fields[role], role, where)
            for role in ("title", "date", "url", "outlet", "author")}
    return Document(id=doc_id, text=text, path=path, encoding=encoding, **meta)


@dataclass(frozen=True, slots=True)
class Located:
    """A document and where in its file it was read: a ``line`` or a ``record`` label."""

    document: Document
    line: int | None = None
    record: str | None = None
    """e.g. ``"record 3"`` (JSON arrays) or ``"record at byte offset 1234"`` (WARC)."""

    def problem(self, where: str, message: str) -> InputProblem:
        """A problem with this document of file ``where``: at its line, or with its
        record named in the message."""
        if self.line is None and self.record:
            message = f"{self.record}: {message}"
        return InputProblem(where, message, line=self.line)

    def source(self, where: str) -> str:
        """``where`` (the file) with this document's place in it, for messages."""
        if self.line is not None:
            return f"{where}:{self.line}"
        return f"{where} ({self.record})" if self.record else where


def records_to_documents(
    items: Sequence[tuple[int, Any]],
    *,
    by_line: bool,
    path: str,
    file_id: str,
    options: IngestOptions,
    encoding: str | None,
) -> tuple[list[Located], list[InputProblem]]:
    """Documents from numbered records (``(line or position, record)``), with problems.

    ``by_line``: the numbers are line numbers (CSV, JSONL: problems carry them as
    ``line``) rather than positions in a JSON array (problems say ``record n:``).
    """
    objects = [record for _, record in items if isinstance(record, dict)]
    problems: list[InputProblem] = []
    if not objects:
        fields = None
    else:
        fields, file_problems = resolve_fields(objects, options)
        problems.extend(InputProblem(path, message) for message in file_problems)
    located: list[Located] = []
    for number, record in items:
        if fields is None and isinstance(record, dict):
            continue  # the file-level problem says why
        try:
            if fields is None:
                raise BadRecord(f"expected a JSON object, got {type_name(record)}")
            doc = record_document(record, fields, f"{file_id}#{number}", path, encoding)
        except BadRecord as exc:
            if by_line:
                problems.append(InputProblem(path, str(exc), line=number))
            else:
                problems.append(InputProblem(path, f"record {number}: {exc}"))
            continue
        located.append(Located(doc, line=number) if by_line else
                       Located(doc, record=f"record {number}"))
    return located, problems
