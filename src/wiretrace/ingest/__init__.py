"""Ingest stage: files, folders, URLs and stdin → :class:`~wiretrace.records.Document` records.

Reads plain text (``.txt``), HTML pages (``.html``/``.htm``), record files —
``.jsonl``/``.ndjson``, ``.json`` arrays, ``.csv``/``.tsv`` exports, with the field
mapping of :mod:`wiretrace.ingest.fields` — and web archives (``.warc``, e.g.
CC-NEWS), each optionally gzip-compressed (``.txt.gz``, ``.warc.gz`` …); pages at
``http(s)://`` URLs; and ``-``, standard input. Text in encodings other than UTF-8
is detected and decoded (:mod:`wiretrace.ingest.decode`); each document records the
encoding it came in.

Bad input never raises: every unreadable, binary, empty, undecodable or corrupt
file (and every bad record or line, every failed download) becomes an
:class:`~wiretrace.records.InputProblem` naming the file (and line or record) and
what is wrong, and all other inputs are still read. Offsets point into
``Document.text`` exactly as decoded. All functions are pure (no global state), so
they can run in a process pool or a Spark executor.
"""

from __future__ import annotations

import io
import os
import sys
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from wiretrace.ingest.csv_format import parse_csv_located
from wiretrace.ingest.decode import (
    GZIP_MAGIC,
    InputError,
    decode_text,
    gunzip,
    html_declared_charset,
    is_blank,
    load_decoded,
    open_binary,
)
from wiretrace.ingest.discover import (
    STDIN_ARG,
    STDIN_ID,
    STDIN_PATH,
    PathArg,
    Source,
    discover,
    is_url,
    split_name,
    unknown_type_message,
)
from wiretrace.ingest.fields import Located
from wiretrace.ingest.html_format import parse_html
from wiretrace.ingest.json_format import parse_json_located
from wiretrace.ingest.jsonl_format import parse_jsonl_located
from wiretrace.ingest.options import IngestOptions
from wiretrace.ingest.text_format import parse_text
from wiretrace.ingest.url_input import read_url
from wiretrace.ingest.warc_format import looks_like_html, read_warc
from wiretrace.records import Document, InputProblem

__all__ = [
    "IngestOptions",
    "IngestResult",
    "discover",
    "read_file",
    "read_paths",
]

ReadStdin = Callable[[], bytes]


@dataclass(slots=True)
class IngestResult:
    """Everything read from the inputs: the documents, and what could not be read."""

    documents: list[Document] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)


Read = tuple[list[Located], list[InputProblem]]


def _read_file_located(file: Path, doc_id: str | None, options: IngestOptions) -> Read:
    """The documents and problems of one file (raises InputError for a file that gives none)."""
    where = os.fspath(file)
    split = split_name(file.name)
    if split is None:
        raise InputError(unknown_type_message(file.name))
    stem, fmt, gzipped = split
    doc_id = stem if doc_id is None else doc_id
    if fmt == "warc":
        return read_warc(lambda: open_binary(file), where, doc_id, options)
    text, encoding = load_decoded(file, gzipped, options.encoding, html=fmt == "html")
    if fmt == "text":
        return [Located(replace(parse_text(text, doc_id, where), encoding=encoding))], []
    if fmt == "html":
        return [Located(replace(parse_html(text, doc_id, where), encoding=encoding))], []
    if fmt == "jsonl":
        return parse_jsonl_located(text, where, options, doc_id, encoding)
    if fmt == "json":
        return parse_json_located(text, where, options, doc_id, encoding)
    return parse_csv_located(text, where, options, doc_id, encoding, tsv=fmt == "tsv")


def _read_unknown_bytes(
    data: bytes, where: str = STDIN_PATH, doc_id: str = STDIN_ID,
    options: IngestOptions | None = None,
) -> Read:
    """The documents in ``data`` of unknown format (standard input), and problems.

    A WARC (gzipped or not) is read as one; other gzip data is decompressed first.
    Text whose first non-space character is ``{`` or ``[`` is JSON (an array, an
    object holding one, or one article), or JSON Lines when it is not one JSON
    value; text starting like an HTML page is HTML; anything else is plain text.
    """
    options = options or IngestOptions()
    try:
        if not data:
            raise InputError("empty input")
        if data.startswith(GZIP_MAGIC):
            head = zlib.decompressobj(wbits=31).decompress(data[:4096], 16)
            if not head.startswith(b"WARC/"):
                data = gunzip(data)
        if data.startswith((b"WARC/", GZIP_MAGIC)):
            return read_warc(lambda: io.BytesIO(data), where, doc_id, options)
        html = looks_like_html(data)
        declared = [html_declared_charset(data)] if html else []
        text, encoding = decode_text(data, options.encoding, declared)
        if is_blank(text):
            raise InputError("empty input (only whitespace)")
        first = text.lstrip("\ufeff \t\r\n")[:1]
        if first in ("{", "["):
            try:
                return parse_json_located(text, where, options, doc_id, encoding)
            except InputError:
                if first != "{" or sum(1 for ln in text.split("\n") if ln.strip()) < 2:
                    raise
            return parse_jsonl_located(text, where, options, doc_id, encoding)
        if html:
            return [Located(replace(parse_html(text, doc_id, where), encoding=encoding))], []
        return [Located(replace(parse_text(text, doc_id, where), encoding=encoding))], []
    except InputError as exc:
        return [], [InputProblem(where, exc.message, line=exc.line)]
    except zlib.error as exc:
        return [], [InputProblem(where, f"corrupt gzip data: {exc}")]


def _read_stdin() -> bytes:
    return sys.stdin.buffer.read()


def _read_source(
    source: Source, doc_id: str | None, options: IngestOptions, read_stdin: ReadStdin | None
) -> tuple[str, list[Located], list[InputProblem]]:
    """``(where, documents, problems)`` for one discovered input, texts longer than
    ``options.max_chars`` cut and the cut reported; never raises."""
    where, located, problems = _read_located(source, doc_id, options, read_stdin)
    kept = []
    for item in located:
        document, cut = limit_length(item.document, options.max_chars)
        if cut:
            problems.append(item.problem(where, cut))
            item = replace(item, document=document)
        kept.append(item)
    return where, kept, problems


def _read_located(
    source: Source, doc_id: str | None, options: IngestOptions, read_stdin: ReadStdin | None
) -> tuple[str, list[Located], list[InputProblem]]:
    """``(where, documents, problems)`` for one discovered input, as read; never raises."""
    where = STDIN_PATH if source == STDIN_ARG else os.fspath(source)
    try:
        if source == STDIN_ARG:
            try:
                data = (read_stdin or _read_stdin)()
            except (OSError, ValueError, AttributeError) as exc:
                raise InputError(f"cannot read standard input: {exc}") from None
            return where, *_read_unknown_bytes(data, where, doc_id or STDIN_ID, options)
        if isinstance(source, str) and is_url(source):
            return where, [read_url(source, options)], []
        return where, *_read_file_located(Path(source), doc_id, options)
    except InputError as exc:
        return where, [], [InputProblem(where, exc.message, line=exc.line)]
    except Exception as exc:  # last resort: one odd input must never stop the others
        return where, [], [InputProblem(where, f"unexpected error: {type(exc).__name__}: {exc}")]


def read_file(
    path: PathArg,
    id_base: str | None = None,
    options: IngestOptions | None = None,
) -> tuple[list[Document], list[InputProblem]]:
    """Read one input into documents (one, or one per good record) and problems.

    The format comes from the file name (a ``str`` URL is downloaded). ``id_base`` is
    the id for a single-document file (``.txt``/``.html``) and the prefix of ids
    generated for records without one; by default the file name without its
    extension(s). Never raises for bad input: every failure is an InputProblem.
    """
    source: Source = path if isinstance(path, str) and is_url(path) else Path(os.fspath(path))
    options = options or IngestOptions()
    _, located, problems = _read_source(source, id_base, options, None)
    return [item.document for item in located], sorted(problems, key=lambda p: p.line or 0)


def limit_length(document: Document, max_chars: int) -> tuple[Document, str | None]:
    """``document`` with its text cut to at most ``max_chars`` characters — at the last
    paragraph break before the limit, else the last line or word break in its second
    half — and the message saying so (``None`` when it was short enough)."""
    text = document.text
    if len(text) <= max_chars:
        return document, None
    cut = -1
    for sep in ("\n\n", "\n", " "):
        cut = text.rfind(sep, max_chars // 2, max_chars)
        if cut > 0:
            break
    if cut <= 0:
        cut = max_chars
    kept = text[:cut].rstrip()
    message = (f"text cut to its first {len(kept):,} characters of {len(text):,} "
               f"(the limit is {max_chars:,}: --max-chars)")
    return replace(document, text=kept), message


def read_paths(
    paths: Sequence[PathArg] | PathArg,
    options: IngestOptions | None = None,
    on_file: Callable[[str], None] | None = None,
    *,
    read_stdin: ReadStdin | None = None,
) -> IngestResult:
    """Read every document under ``paths`` (files, folders, URLs, ``-``), in argument order.

    Folders are walked recursively (see :func:`discover`). ``on_file`` is called
    with each input's path (or URL, or ``<stdin>``) after it has been read, e.g. to
    advance a progress bar. ``read_stdin`` returns standard input's bytes (by
    default ``sys.stdin.buffer.read()``); it is called once, and only for a ``-``.
    Ids must be unique across all inputs: a later document with an id already seen
    is skipped and reported as ``duplicate id 'x': already read from <source>``
    (``<source>`` is ``path``, ``path:line`` for CSV/JSONL, ``path (record …)`` for
    JSON and WARC records).
    """
    options = options or IngestOptions()
    sources, problems = discover(paths)
    result = IngestResult(problems=problems)
    seen: dict[str, str] = {}
    for source, doc_id in sources:
        where, located, file_problems = _read_source(source, doc_id, options, read_stdin)
        for item in located:
            document = item.document
            if document.id in seen:
                file_problems.append(item.problem(
                    where, f"duplicate id {document.id!r}: already read from {seen[document.id]}"))
                continue
            seen[document.id] = item.source(where)
            result.documents.append(document)
        result.problems.extend(sorted(file_problems, key=lambda p: p.line or 0))
        if on_file is not None:
            on_file(where)
    return result
