"""Articles out of a request: JSON ``{"text": …}``, a form (pasted text or an uploaded
file), or a plain-text body. Every problem becomes an :class:`ApiError` with a status
code: 400 (malformed JSON, missing field, not UTF-8), 415 (unsupported content or file
type), 422 (a field of the wrong type, an empty text, a file with no readable article)."""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

from wiretrace.ingest import read_file
from wiretrace.ingest.discover import split_name
from wiretrace.ingest.text_format import parse_text
from wiretrace.records import Document, InputProblem
from wiretrace.service.errors import ApiError

FILE_TYPES = ".txt, .html, .htm or .jsonl, optionally gzip-compressed (.gz)"
METADATA = ("title", "date", "url", "outlet", "author")
MAX_ID = 300


@dataclass(slots=True)
class Submission:
    """The articles of one request, and what could not be read (JSONL lines)."""

    documents: list[Document] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)


def _string(obj: dict[str, Any], name: str, *, required: bool) -> str | None:
    value = obj.get(name)
    if value is None:
        if required:
            raise ApiError(400, f"missing field {name!r}")
        return None
    if not isinstance(value, str):
        raise ApiError(422, f"field {name!r} must be a string")
    return value


def document_from_fields(obj: Any, default_id: str | None) -> Document:
    """One article from a JSON object or form fields: ``text`` (required), ``id``
    (required when ``default_id`` is ``None``), ``title``, ``date``, ``url``, ``outlet``,
    ``author``. A missing title or date is guessed from the text, as for a ``.txt`` file."""
    if not isinstance(obj, dict):
        raise ApiError(400, "expected a JSON object with a 'text' field")
    text = _string(obj, "text", required=True)
    doc_id = _string(obj, "id", required=default_id is None)
    assert text is not None
    if not text.replace("\ufeff", "").strip():
        raise ApiError(422, "field 'text' is empty")
    doc_id = (doc_id or "").strip() or default_id
    if not doc_id:
        raise ApiError(422, "field 'id' is empty")
    if len(doc_id) > MAX_ID or any(ord(c) < 32 for c in doc_id):
        raise ApiError(422, f"field 'id' must be at most {MAX_ID} printable characters")
    meta = {name: _string(obj, name, required=False) for name in METADATA}
    given = {k: v.strip() for k, v in meta.items() if v is not None and v.strip()}
    return replace(parse_text(text, doc_id), path=None, **given)


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"request body is not UTF-8 (invalid byte at offset {exc.start})"
                       ) from None


def parse_json(body: bytes) -> Any:
    if not body.strip():
        raise ApiError(400, "empty request body: expected JSON")
    try:
        return json.loads(_decode(body))
    except json.JSONDecodeError as exc:
        raise ApiError(400, f"malformed JSON: {exc.msg} at line {exc.lineno} column "
                            f"{exc.colno}") from None


def _safe_name(filename: str) -> str:
    name = os.path.basename(filename.replace("\\", "/")).strip()
    return re.sub(r"[^\w.\- ]", "_", name)[-200:] or "upload"


def documents_from_file(filename: str, data: bytes, id_base: str | None) -> Submission:
    """The articles of an uploaded file, read as ``wiretrace check`` reads files."""
    name = _safe_name(filename)
    if split_name(name) is None:
        suffix = "".join(Path(name).suffixes[-2:]) or "no extension"
        raise ApiError(415, f"unsupported file type ({suffix}); expected {FILE_TYPES}")
    with tempfile.TemporaryDirectory(prefix="wiretrace-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        docs, problems = read_file(path, id_base)
    docs = [replace(d, path=name) for d in docs]
    problems = [replace(p, path=name) for p in problems]
    if not docs:
        message = "; ".join(p.message for p in problems) or "no article found"
        status = 400 if "UTF-8" in message or "UTF-16" in message else 422
        raise ApiError(status, f"could not read {name}: {message}")
    return Submission(docs, problems)


async def read_submission(request: Request, max_bytes: int, default_id: str | None
                          ) -> Submission:
    """The articles a request carries (see the module docstring)."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json" or ctype.endswith("+json"):
        return Submission([document_from_fields(parse_json(await request.body()), default_id)])
    if ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        form = await request.form(max_files=1, max_fields=20, max_part_size=max_bytes)
        upload = form.get("file")
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        given_id = (fields.get("id") or "").strip() or None
        if isinstance(upload, UploadFile) and upload.filename:
            data = await upload.read()
            await upload.close()
            return documents_from_file(upload.filename, data, given_id or None)
        fields.pop("file", None)
        if "text" not in fields:
            raise ApiError(400, "missing field 'text' (or a 'file' to upload)")
        # Browsers send a textarea's line ends as CRLF; the pasted text had LF.
        fields["text"] = fields["text"].replace("\r\n", "\n")
        return Submission([document_from_fields(fields, default_id)])
    if ctype == "text/plain":
        text = _decode(await request.body())
        return Submission([document_from_fields({"text": text}, default_id)])
    if not ctype:
        raise ApiError(415, "missing Content-Type: send application/json, "
                            "multipart/form-data or text/plain")
    raise ApiError(415, f"unsupported Content-Type {ctype!r}: send application/json, "
                        "multipart/form-data or text/plain")
