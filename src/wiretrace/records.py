"""The records a run starts from: documents as read, the problems met reading them,
and the character span every later record points into a document with.

Each stage defines the records it returns next to its code (``normalize.PreparedDoc``,
``classify.PairMatch``, ``forensics.ReusePair``, ``stories.Story`` …); all are frozen
dataclasses that pickle cleanly, so the same stage functions run in-process, in a
process pool or inside Spark.

Offsets are character offsets into ``Document.text`` (the text as decoded, nothing
stripped): ``text[start:end]`` is always the passage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Span = tuple[int, int]
"""A half-open character range ``(start, end)`` into a document's text."""


@dataclass(frozen=True, slots=True)
class Document:
    """One article as read from disk, with whatever metadata the format carries."""

    id: str
    text: str
    path: str | None = None
    title: str | None = None
    date: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    encoding: str | None = None
    """The text encoding the document was decoded from (``"utf-8"``, ``"cp1252"``…)."""

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "date": self.date,
            "author": self.author,
            "outlet": self.outlet,
            "url": self.url,
            "encoding": self.encoding,
            "chars": len(self.text),
        }
        if include_text:
            out["text"] = self.text
        return out


@dataclass(frozen=True, slots=True)
class InputProblem:
    """A file (or one line of a file) that could not be read, and why."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "message": self.message}
