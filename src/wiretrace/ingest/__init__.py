"""Ingest stage: files and folders on disk → :class:`~wiretrace.records.Document` records.

Reads ``.txt``, ``.html``/``.htm`` and ``.jsonl`` files, each optionally
gzip-compressed (``.txt.gz`` …). Bad input never raises: every unreadable,
binary, empty, non-UTF-8 or corrupt file (and every bad JSONL line) becomes an
:class:`~wiretrace.records.InputProblem` naming the file, and the other files
are still read. All functions are pure (no global state), so they can run in a
process pool or a Spark executor.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wiretrace.ingest.decode import InputError, load_text
from wiretrace.ingest.discover import PathArg, discover, split_name, unknown_type_message
from wiretrace.ingest.html_format import parse_html
from wiretrace.ingest.jsonl_format import parse_jsonl_lines
from wiretrace.ingest.text_format import parse_text
from wiretrace.records import Document, InputProblem

__all__ = ["IngestResult", "discover", "read_file", "read_paths"]


@dataclass(slots=True)
class IngestResult:
    """Everything read from the inputs: the documents, and what could not be read."""

    documents: list[Document] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)


def _read_numbered(
    path: PathArg, id_base: str | None
) -> tuple[list[tuple[int | None, Document]], list[InputProblem]]:
    """:func:`read_file`, with the JSONL line number of each document (else ``None``)."""
    where = os.fspath(path)
    file = Path(where)
    split = split_name(file.name)
    if split is None:
        return [], [InputProblem(where, unknown_type_message(file.name))]
    stem, fmt, gzipped = split
    doc_id = stem if id_base is None else id_base
    try:
        text = load_text(file, gzipped)
        if fmt == "jsonl":
            numbered, problems = parse_jsonl_lines(text, where)
            return list(numbered), problems
        if fmt == "html":
            return [(None, parse_html(text, doc_id, where))], []
        return [(None, parse_text(text, doc_id, where))], []
    except InputError as exc:
        return [], [InputProblem(where, exc.message, line=exc.line)]
    except Exception as exc:  # last resort: one odd file must never stop the others
        return [], [InputProblem(where, f"unexpected error: {type(exc).__name__}: {exc}")]


def read_file(
    path: PathArg, id_base: str | None = None
) -> tuple[list[Document], list[InputProblem]]:
    """Read one file into documents (one, or one per good JSONL line) and problems.

    The format comes from the file name. ``id_base`` is the id for a
    single-document file (``.txt``/``.html``); by default the file name without
    its extension(s). JSONL documents take their ids from their ``id`` fields.
    Never raises for bad input: every failure is returned as an InputProblem.
    """
    numbered, problems = _read_numbered(path, id_base)
    return [document for _, document in numbered], problems


def read_paths(
    paths: Sequence[PathArg] | PathArg, on_file: Callable[[str], None] | None = None
) -> IngestResult:
    """Read every document under ``paths`` (files and folders), in argument order.

    Folders are walked recursively (see :func:`discover`). ``on_file`` is called
    with each file's path after it has been read, e.g. to advance a progress bar.
    Ids must be unique across all inputs: a later document with an id already
    seen is skipped and reported as ``duplicate id 'x': already read from <source>``
    (``<source>`` is ``path`` or, for JSONL, ``path:line``).
    """
    files, problems = discover(paths)
    result = IngestResult(problems=problems)
    sources: dict[str, str] = {}
    for file, doc_id in files:
        where = os.fspath(file)
        numbered, file_problems = _read_numbered(file, doc_id)
        for line, document in numbered:
            if document.id in sources:
                message = f"duplicate id {document.id!r}: already read from {sources[document.id]}"
                file_problems.append(InputProblem(where, message, line=line))
                continue
            sources[document.id] = where if line is None else f"{where}:{line}"
            result.documents.append(document)
        result.problems.extend(sorted(file_problems, key=lambda p: p.line or 0))
        if on_file is not None:
            on_file(where)
    return result
