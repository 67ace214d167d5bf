"""How to read the inputs: field mapping for record files, encoding, download limits."""

from __future__ import annotations

from dataclasses import dataclass, fields

FIELD_ROLES = ("id", "text", "title", "date", "url", "outlet", "author")
"""The document fields a CSV/JSON/JSONL record can fill, in the order they are resolved."""


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Options for :func:`wiretrace.ingest.read_paths`; the defaults read every format as is.

    The ``*_field`` options name the column (CSV/TSV) or key (JSON/JSONL) holding each
    document field; ``None`` means guess it from the usual names (``text``, ``body``,
    ``content``… see :mod:`wiretrace.ingest.fields`). ``encoding`` forces one text
    encoding for every input; ``None`` means UTF-8, else detect it. ``timeout`` (seconds,
    whole download) and ``max_page_bytes`` limit URL downloads; ``max_page_bytes`` also
    caps one WARC record's HTML page. ``max_chars`` cuts longer document texts.

    Invalid values raise :class:`ValueError` here, once, rather than a problem per file.
    """

    id_field: str | None = None
    text_field: str | None = None
    title_field: str | None = None
    date_field: str | None = None
    url_field: str | None = None
    outlet_field: str | None = None
    author_field: str | None = None
    encoding: str | None = None
    timeout: float = 30.0
    max_page_bytes: int = 20_000_000
    max_chars: int = 2_000_000
    """A document's text longer than this is cut (at the last paragraph or word break
    before it) and the cut reported as a problem: a 2,000,000-character document (a
    book) takes about a minute; longer ones are seldom news."""

    def __post_init__(self) -> None:
        for f in fields(self):
            if f.name.endswith("_field"):
                value = getattr(self, f.name)
                if value is not None and (not isinstance(value, str) or not value.strip()):
                    raise ValueError(f"{f.name} must be a non-empty field name")
        if self.encoding is not None:
            try:
                b"x".decode(self.encoding, "replace")  # also refuses non-text codecs (rot13)
            except LookupError:
                raise ValueError(f"unknown encoding {self.encoding!r}") from None
        if not self.timeout > 0:
            raise ValueError("timeout must be a positive number of seconds")
        if self.max_page_bytes < 1:
            raise ValueError("max_page_bytes must be at least 1")
        if self.max_chars < 1000:
            raise ValueError("max_chars must be at least 1000")

    def field_for(self, role: str) -> str | None:
        """The field named explicitly for ``role`` (one of :data:`FIELD_ROLES`), or ``None``."""
        value: str | None = getattr(self, f"{role}_field")
        return value


DEFAULT_OPTIONS = IngestOptions()
