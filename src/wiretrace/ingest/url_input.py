"""Web pages given as ``http://`` or ``https://`` arguments: downloaded, then read as HTML.

The page is fetched with the standard library (``urllib``): redirects are
followed, the whole download must finish within ``IngestOptions.timeout`` seconds
and stay within ``IngestOptions.max_page_bytes``, and the response must be an
HTML page (``text/html`` or XHTML; with no content type, HTML-looking bytes). The
article is extracted as from an ``.html`` file; its id is the URL as given, its
``url`` where the page was finally read from (after redirects). Any failure —
an HTTP error status, a timeout, a refused connection, a page that is not HTML —
is an :class:`~wiretrace.ingest.decode.InputError` saying why. Proxies from the
environment are used, except for loopback addresses.
"""

from __future__ import annotations

import gzip
import http.client
import ipaddress
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from dataclasses import replace

from wiretrace import __version__
from wiretrace.ingest.decode import InputError, decode_text, html_declared_charset, is_blank
from wiretrace.ingest.fields import Located
from wiretrace.ingest.html_format import parse_html
from wiretrace.ingest.options import DEFAULT_OPTIONS, IngestOptions
from wiretrace.ingest.warc_format import HTML_TYPES, content_type_charset, looks_like_html

USER_AGENT = f"wiretrace/{__version__} (text-reuse forensics)"
_CHUNK = 65536


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _opener(url: str) -> urllib.request.OpenerDirector:
    host = urllib.parse.urlsplit(url).hostname or ""
    if _is_loopback(host):
        return urllib.request.build_opener(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener()


def _timed_out(timeout: float) -> InputError:
    return InputError(f"download failed: timed out after {timeout:g} s")


def download(url: str, options: IngestOptions = DEFAULT_OPTIONS) -> tuple[bytes, str | None, str]:
    """``(body, content type, final url)`` of an HTML page; failures are InputErrors."""
    request = urllib.request.Request(
        url,
        headers={"User-Agent": USER_AGENT,
                 "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"},
    )
    limit = options.max_page_bytes
    deadline = time.monotonic() + options.timeout
    try:
        with _opener(url).open(request, timeout=options.timeout) as response:
            content_type = response.headers.get("Content-Type")
            mime = (content_type or "").split(";")[0].strip().lower()
            if mime and mime not in HTML_TYPES:
                raise InputError(f"not an HTML page (content type {mime!r})")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise InputError(f"page larger than {limit:,} bytes (Content-Length {declared})")
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read(_CHUNK):
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    raise InputError(f"page larger than {limit:,} bytes")
                if time.monotonic() > deadline:
                    raise _timed_out(options.timeout)
            body = b"".join(chunks)
            if (response.headers.get("Content-Encoding") or "").lower() == "gzip":
                body = gzip.decompress(body)
            final = response.geturl() or url
    except InputError:
        raise
    except urllib.error.HTTPError as exc:
        raise InputError(f"download failed: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise _timed_out(options.timeout) from None
        reason = exc.reason
        if isinstance(reason, OSError) and reason.strerror:
            reason = reason.strerror.lower()
        raise InputError(f"download failed: {reason}") from None
    except TimeoutError:
        raise _timed_out(options.timeout) from None
    except (http.client.HTTPException, OSError, ValueError, EOFError, zlib.error) as exc:
        raise InputError(f"download failed: {type(exc).__name__}: {exc}") from None
    if not mime and not looks_like_html(body):
        raise InputError("not an HTML page (no content type, and the data is not HTML)")
    return body, content_type, final


def read_url(url: str, options: IngestOptions = DEFAULT_OPTIONS) -> Located:
    """The article at ``url`` (raises :class:`InputError`, see the module docstring)."""
    body, content_type, final = download(url, options)
    if not body:
        raise InputError("empty page")
    declared = [content_type_charset(content_type), html_declared_charset(body)]
    html, encoding = decode_text(body, options.encoding, declared)
    if is_blank(html):
        raise InputError("empty page")
    doc = parse_html(html, url, url, url=final)
    return Located(replace(doc, url=final, encoding=encoding))
