"""JSON Lines corpora (``.jsonl``, ``.ndjson``): one article object per line.

Fields are mapped as described in :mod:`wiretrace.ingest.fields`: by default the
text comes from ``text`` (or ``body``, ``content``…), the id from ``id`` (or
``guid``, ``url``…; ``<file id>#<line>`` when a line has none), and ``title``,
``date``, ``url``, ``outlet`` and ``author`` from their usual names. Other fields
are ignored. A bad line is reported with its line number and the remaining lines
are still read; blank lines are skipped.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any

from wiretrace.ingest.fields import Located, records_to_documents
from wiretrace.ingest.options import DEFAULT_OPTIONS, IngestOptions
from wiretrace.records import Document, InputProblem


def _default_file_id(path: str) -> str:
    name = PurePath(path).name
    for suffix in (".gz", ".jsonl", ".ndjson", ".json"):
        name = name.removesuffix(suffix)
    return name or "records"


def parse_jsonl_located(
    content: str,
    path: str,
    options: IngestOptions = DEFAULT_OPTIONS,
    file_id: str | None = None,
    encoding: str | None = None,
) -> tuple[list[Located], list[InputProblem]]:
    """All good articles in a JSONL file's ``content`` with their line numbers, and problems."""
    items: list[tuple[int, Any]] = []
    problems: list[InputProblem] = []
    content = content.removeprefix("\ufeff")
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            items.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            problems.append(
                InputProblem(path, f"invalid JSON: {exc.msg} (column {exc.colno})", line=number)
            )
        except RecursionError:
            problems.append(InputProblem(path, "invalid JSON: nested too deeply", line=number))
    located, record_problems = records_to_documents(
        items,
        by_line=True,
        path=path,
        file_id=file_id or _default_file_id(path),
        options=options,
        encoding=encoding,
    )
    return located, problems + record_problems


def parse_jsonl_lines(
    content: str, path: str, options: IngestOptions = DEFAULT_OPTIONS
) -> tuple[list[tuple[int, Document]], list[InputProblem]]:
    """Like :func:`parse_jsonl`, with each document's 1-based line number."""
    located, problems = parse_jsonl_located(content, path, options)
    return [(item.line or 0, item.document) for item in located], problems


def parse_jsonl(
    content: str, path: str, options: IngestOptions = DEFAULT_OPTIONS
) -> tuple[list[Document], list[InputProblem]]:
    """All good articles in a JSONL file's ``content``, and one problem per bad line.

    A byte-order mark at the very start is skipped. Lines are split on ``\\n``
    only (a raw U+2028 inside a JSON string is not a line break).
    """
    located, problems = parse_jsonl_located(content, path, options)
    return [item.document for item in located], problems
