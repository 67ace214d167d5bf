"""HTML articles: main text and metadata via trafilatura, with a plain lxml fallback.

The document text is the extracted main text (navigation, footers and other page
furniture removed), so offsets point into that text, not into the HTML source.
"""

from __future__ import annotations

from typing import Any

import lxml.etree
import lxml.html

from wiretrace.ingest.decode import InputError, is_blank
from wiretrace.records import Document

_DROP_TAGS = ("script", "style", "noscript", "template", "head", "svg")
_BLOCK_TAGS = frozenset(
    (  # noqa: SIM905 -- a word list reads better than 33 quoted strings
        "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3"
        " h4 h5 h6 header hr li main nav ol p pre section table td th tr ul"
    ).split()
)


def _clean(value: Any) -> str | None:
    """A stripped non-empty string, or ``None``."""
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _extract(html: str, url: str | None = None) -> Any:
    """trafilatura's extraction (``None`` when it finds nothing or fails)."""
    import trafilatura  # imported here: only HTML input needs it (~0.1 s)

    try:
        return trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, favor_precision=False
        )
    except Exception:  # a third-party parser on arbitrary input: fall back, never crash
        return None


def _metadata_only(html: str) -> Any:
    import trafilatura

    try:
        return trafilatura.extract_metadata(html)
    except Exception:  # see _extract
        return None


def _parse_tree(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.document_fromstring(html)
    except ValueError:  # a str with an XML encoding declaration: parse the bytes instead
        parser = lxml.html.HTMLParser(encoding="utf-8")
        try:
            return lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
        except (ValueError, lxml.etree.LxmlError):
            return None
    except lxml.etree.LxmlError:
        return None


def plain_text(html: str) -> str:
    """A plain rendering of the page body: scripts and styles dropped, one line per block."""
    tree = _parse_tree(html)
    if tree is None:
        return ""
    for element in list(tree.iter(*_DROP_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    pieces: list[str] = []
    for event, element in lxml.etree.iterwalk(tree, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCK_TAGS:
                pieces.append("\n")
            if element.text and tag:
                pieces.append(element.text)
        else:
            if tag in _BLOCK_TAGS:
                pieces.append("\n")
            if element.tail and element is not tree:
                pieces.append(element.tail)
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def parse_html(
    html: str, doc_id: str, path: str | None = None, url: str | None = None
) -> Document:
    """A :class:`Document` from an HTML page's main text and metadata.

    ``url``, when known (a download, a WARC record), is where the page came from:
    it helps trafilatura name the site and date the page. Raises
    :class:`InputError` ("no article text found") when neither trafilatura nor the
    plain fallback rendering yields any text.
    """
    result = _extract(html, url)
    text = getattr(result, "text", None)
    if not isinstance(text, str) or is_blank(text):
        text = plain_text(html)
        if is_blank(text):
            raise InputError("no article text found")
        if result is None:
            result = _metadata_only(html)
    meta = result  # trafilatura's Document (or None: getattr then gives None)
    return Document(
        id=doc_id,
        text=text,
        path=path,
        title=_clean(getattr(meta, "title", None)),
        date=_clean(getattr(meta, "date", None)),
        author=_clean(getattr(meta, "author", None)),
        outlet=_clean(getattr(meta, "sitename", None)) or _clean(getattr(meta, "hostname", None)),
        url=_clean(getattr(meta, "url", None)),
    )
