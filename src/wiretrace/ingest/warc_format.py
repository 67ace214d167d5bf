"""Web archives (``.warc``, ``.warc.gz``, e.g. Common Crawl's CC-NEWS files), read with warcio.

Each ``response`` record of an HTML page (``text/html`` or XHTML content type, or
none and an HTML-looking payload) with HTTP status 200 is one article: its main
text and metadata come from the HTML path (:mod:`wiretrace.ingest.html_format`);
the id and ``url`` are the record's ``WARC-Target-URI``; the date is the page's
own publication date when trafilatura finds one, else the day of ``WARC-Date``
(when it was crawled). All other records (requests, metadata, redirects, images…)
are skipped silently.

The file is streamed record by record (gzip members are decompressed one at a
time), so a CC-NEWS file of a gigabyte is never held in memory. A record that
cannot be read — corrupt, truncated, a gzip member cut short — is a problem naming
the file and the record's byte offset in it (compressed, as in Common Crawl's
indexes); the records before it are kept. A whole-file-gzipped WARC (one gzip
member holding every record, which warcio refuses) is read again through a gzip
stream, and its offsets are then into the decompressed data.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Callable
from dataclasses import replace
from typing import IO, TYPE_CHECKING

from wiretrace.ingest.decode import InputError, decode_text, html_declared_charset, is_blank
from wiretrace.ingest.discover import is_url
from wiretrace.ingest.fields import Located
from wiretrace.ingest.html_format import parse_html
from wiretrace.ingest.options import DEFAULT_OPTIONS, IngestOptions
from wiretrace.records import InputProblem

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord

HTML_TYPES = frozenset(("text/html", "application/xhtml+xml"))
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_MAX_REASON = 160
_CHUNK = 65536


def content_type_charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of an HTTP ``Content-Type`` header, if any."""
    m = _CHARSET.search(content_type or "")
    return m.group(1) if m else None


def looks_like_html(data: bytes) -> bool:
    """Whether a payload without a content type is an HTML page."""
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def _reason(exc: BaseException) -> str:
    from warcio.exceptions import ArchiveLoadFailed

    if isinstance(exc, ArchiveLoadFailed):
        text = " ".join(str(exc).split())
    elif isinstance(exc, EOFError | zlib.error | gzip.BadGzipFile):
        text = f"truncated or corrupt gzip data ({exc})" if str(exc) else "truncated gzip data"
    else:  # e.g. an AttributeError from inside warcio: its text would not help
        text = "the data is truncated or corrupt"
    return text if len(text) <= _MAX_REASON else text[: _MAX_REASON - 1] + "…"


class _WholeFileGzip(Exception):
    """warcio's refusal of a WARC gzipped as one member: read it again decompressed."""


def read_warc_stream(
    stream: IO[bytes],
    where: str,
    file_id: str,
    options: IngestOptions = DEFAULT_OPTIONS,
    decompressed: bool = False,
) -> tuple[list[Located], list[InputProblem]]:
    """The articles of the WARC data in ``stream`` (see the module docstring).

    Raises :class:`_WholeFileGzip` when warcio refuses a single-member gzip file.
    """
    # warcio is imported here, when a WARC file is read (it brings fsspec: ~0.1 s).
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    located: list[Located] = []
    problems: list[InputProblem] = []
    of = " of the decompressed data" if decompressed else ""
    iterator = ArchiveIterator(stream)
    records = iter(iterator)
    count = 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception as exc:  # warcio on damaged input raises many kinds of error
            if isinstance(exc, ArchiveLoadFailed) and "non-chunked gzip" in str(exc):
                raise _WholeFileGzip from None
            if count == 0 and isinstance(exc, ArchiveLoadFailed):
                raise InputError(f"not a WARC file: {_reason(exc)}") from None
            problems.append(
                InputProblem(where, f"corrupt record at byte offset {iterator.offset}{of}:"
                                    f" {_reason(exc)}; the records after it are not read")
            )
            return located, problems
        if count == 0 and record.format != "warc":  # warcio also parses ARC-like lines
            raise InputError("not a WARC file: it does not start with a WARC record")
        count += 1
        offset = iterator.offset  # where this record starts (warcio sets it on reaching it)
        label = f"record at byte offset {offset}{of}"
        uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip()
        try:
            item = _read_record(record, uri or f"{file_id}#{offset}", where, options)
            _check_complete(record)
        except InputError as exc:
            name = f" ({uri})" if uri else ""
            problems.append(InputProblem(where, f"{label}{name}: {exc.message}"))
            continue
        except Exception as exc:  # a damaged record must not cost the records after it
            problems.append(InputProblem(where, f"{label}: {_reason(exc)}"))
            continue
        if item is not None:
            located.append(replace(item, record=label))
    if count == 0 and not problems:
        raise InputError("empty file" if iterator.offset == 0 else "no WARC records")
    if not decompressed and (size := _size(stream)) is not None and iterator.offset < size:
        problems.append(
            InputProblem(where, f"corrupt record at byte offset {iterator.offset}: the file ends"
                                " inside it (truncated)")
        )
    return located, problems


def _size(stream: IO[bytes]) -> int | None:
    try:
        return stream.seek(0, io.SEEK_END)
    except (OSError, ValueError, AttributeError):
        return None


def _check_complete(record: ArcWarcRecord) -> None:
    """Read what is left of ``record``; raise InputError if the data ends before it does."""
    while record.raw_stream.read(_CHUNK):
        pass
    missing = getattr(record.raw_stream, "limit", 0)
    if missing > 0:
        raise InputError(f"truncated: the data ends {missing:,} bytes before the end of the record")


def _read_record(
    record: ArcWarcRecord, doc_id: str, where: str, options: IngestOptions
) -> Located | None:
    """The article of an HTML response record, ``None`` for any other record."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    content_type = record.http_headers.get_header("Content-Type")
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime and mime not in HTML_TYPES:
        return None
    payload = record.content_stream().read(options.max_page_bytes + 1)
    if len(payload) > options.max_page_bytes:
        raise InputError(f"page larger than {options.max_page_bytes:,} bytes; skipped")
    _check_complete(record)
    if not mime and not looks_like_html(payload):
        return None
    declared = [content_type_charset(content_type), html_declared_charset(payload)]
    html, encoding = decode_text(payload, options.encoding, declared)
    if is_blank(html):
        raise InputError("empty page")
    doc = parse_html(html, doc_id, where, url=doc_id)
    warc_date = record.rec_headers.get_header("WARC-Date")
    crawled = m.group(0) if warc_date and (m := _DATE.match(warc_date)) else None
    url = doc_id if is_url(doc_id) else doc.url
    return Located(replace(doc, url=url, date=doc.date or crawled, encoding=encoding))


def read_warc(
    open_stream: Callable[[], IO[bytes]],
    where: str,
    file_id: str,
    options: IngestOptions = DEFAULT_OPTIONS,
) -> tuple[list[Located], list[InputProblem]]:
    """The articles of a WARC file; ``open_stream`` opens its (possibly gzipped) bytes.

    Raises :class:`InputError` for a file that cannot be opened or is not a WARC.
    """
    try:
        with open_stream() as stream:
            return read_warc_stream(stream, where, file_id, options)
    except _WholeFileGzip:
        pass
    with open_stream() as raw, gzip.GzipFile(fileobj=raw) as stream:
        return read_warc_stream(stream, where, file_id, options, decompressed=True)
