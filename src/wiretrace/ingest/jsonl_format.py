"""JSON Lines corpora: one article object per line.

Each line needs ``id`` (string or integer) and ``text`` (string); ``title``,
``date``, ``url``, ``outlet`` and ``author`` are optional strings (or null).
Other fields are ignored. A bad line is reported with its line number and the
remaining lines are still read; blank lines are skipped.
"""

from __future__ import annotations

import json
from typing import Any

from wiretrace.ingest.decode import is_blank
from wiretrace.records import Document, InputProblem

OPTIONAL_FIELDS = ("title", "date", "url", "outlet", "author")


class _BadLine(Exception):
    pass


def _type_name(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )


def _parse_record(record: Any, path: str | None = None) -> Document:
    """Validate one decoded JSON value and build its :class:`Document` (raises ``_BadLine``)."""
    if not isinstance(record, dict):
        raise _BadLine(f"expected a JSON object, got {_type_name(record)}")
    if "id" not in record:
        raise _BadLine("missing required field 'id'")
    raw_id = record["id"]
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int):
        raise _BadLine(f"field 'id' must be a string or integer, got {_type_name(raw_id)}")
    doc_id = str(raw_id)
    if not doc_id.strip():
        raise _BadLine("field 'id' is empty")
    if "text" not in record:
        raise _BadLine(f"missing required field 'text' (id {doc_id!r})")
    text = record["text"]
    if not isinstance(text, str):
        raise _BadLine(f"field 'text' must be a string, got {_type_name(text)} (id {doc_id!r})")
    if is_blank(text):
        raise _BadLine(f"field 'text' is empty (id {doc_id!r})")
    meta: dict[str, str | None] = {}
    for name in OPTIONAL_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise _BadLine(
                f"field {name!r} must be a string, got {_type_name(value)} (id {doc_id!r})"
            )
        meta[name] = (value.strip() or None) if isinstance(value, str) else None
    return Document(id=doc_id, text=text, path=path, **meta)


def parse_jsonl_lines(
    content: str, path: str
) -> tuple[list[tuple[int, Document]], list[InputProblem]]:
    """Like :func:`parse_jsonl`, with each document's 1-based line number."""
    documents: list[tuple[int, Document]] = []
    problems: list[InputProblem] = []
    content = content.removeprefix("\ufeff")
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise _BadLine(f"invalid JSON: {exc.msg} (column {exc.colno})") from None
            except RecursionError:
                raise _BadLine("invalid JSON: nested too deeply") from None
            documents.append((number, _parse_record(record, path)))
        except _BadLine as exc:
            problems.append(InputProblem(path, str(exc), line=number))
    return documents, problems


def parse_jsonl(content: str, path: str) -> tuple[list[Document], list[InputProblem]]:
    """All good articles in a JSONL file's ``content``, and one problem per bad line.

    A byte-order mark at the very start is skipped. Lines are split on ``\\n``
    only (a raw U+2028 inside a JSON string is not a line break).
    """
    numbered, problems = parse_jsonl_lines(content, path)
    return [document for _, document in numbered], problems
