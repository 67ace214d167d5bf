"""The FastAPI application: :func:`create_app`.

Reads need nothing; writes (``POST /documents``, ``DELETE /documents/{id}``) need the
token the server was started with, as ``Authorization: Bearer TOKEN`` or
``X-Token: TOKEN`` (missing: 401, wrong: 403; no token configured: every write 403).
Errors are JSON ``{"error": "..."}``.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi_offline import FastAPIOffline
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape

from wiretrace import __version__
from wiretrace.report.html_report import render_html, without_text
from wiretrace.service.admission import (
    DEFAULT_QUEUE,
    DEFAULT_TIME_LIMIT,
    DEFAULT_WORKERS,
    Admission,
)
from wiretrace.service.archive_ops import ArchiveService
from wiretrace.service.errors import ApiError, CatchAll, ErrorBody, install_error_handlers
from wiretrace.service.inputs import FILE_TYPES, read_submission
from wiretrace.service.limits import BodySizeLimit
from wiretrace.service.processes import Call, CheckProcesses

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_CHECK_ID = "submitted"

DESCRIPTION = f"""
Check news articles against a wiretrace archive (SQLite, built with `wiretrace index add`)
and manage the archive.

* **Reads** (`POST /check`, `GET /documents/{{id}}`, `GET /stories/{{id}}`, `GET /health`)
  need no token.
* **Writes** (`POST /documents`, `DELETE /documents/{{id}}`) need the token the server was
  started with: `Authorization: Bearer TOKEN` or `X-Token: TOKEN`. Missing token → 401,
  wrong token → 403; a server started without a token refuses every write with 403.
* Articles are sent as JSON (`{{"text": …, "title": …}}`), as a form with a `text` field,
  as `text/plain`, or as an uploaded `file` ({FILE_TYPES}).
* Answers of `/check` and `/stories` follow the report format `wiretrace.report/1`
  (docs/report-format.md); `/check.html` answers the same report as an HTML page.
* Errors are JSON `{{"error": "…"}}`: 400 malformed JSON, missing field or not UTF-8;
  401/403 token; 404 unknown id; 413 body over the size limit; 415 unsupported content or
  file type; 422 invalid field or unreadable article; 429 busy (too many checks running
  or waiting; `Retry-After`); 503 archive unavailable, a check or story that ran past
  the server's time limit (it is stopped), or one whose check process died.
"""

_TEXT_FIELDS = {
    "text": {"type": "string", "description": "the article text"},
    "title": {"type": "string"},
    "date": {"type": "string", "description": "ISO date, e.g. 2026-03-14"},
    "url": {"type": "string"},
    "outlet": {"type": "string"},
    "author": {"type": "string"},
}


def _body(required_id: bool) -> dict[str, Any]:
    props = {"id": {"type": "string", "description": "article id" + (
        "" if required_id else f" (default {DEFAULT_CHECK_ID!r})")}, **_TEXT_FIELDS}
    required = ["id", "text"] if required_id else ["text"]
    example = {"text": "ROTTERDAM (Meridian Wire) — Thousands of dockworkers…",
               "title": "Port at a standstill"}
    if required_id:
        example = {"id": "ledger-2026-03-14-port", **example, "date": "2026-03-14"}
    form = {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary", "description": FILE_TYPES},
        **props}}
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": {"type": "object", "required": required,
                                        "properties": props}, "example": example},
        "multipart/form-data": {"schema": form},
        "text/plain": {"schema": {"type": "string"}},
    }}}


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    text = {400: "malformed request", 401: "missing token", 403: "wrong token or writes "
            "disabled", 404: "unknown id", 413: "request body too large", 415: "unsupported "
            "content or file type", 422: "invalid field or unreadable article",
            429: "busy: too many checks running or waiting (Retry-After)",
            503: "archive unavailable, the request ran past the time limit and was "
                 "stopped, or its check process died (Retry-After)"}
    # Always JSON, whatever the route answers on success (``/check.html``: HTML).
    body = {"application/json": {"schema": ErrorBody.model_json_schema()}}
    return {c: {"description": text[c], "content": body} for c in codes}


@lru_cache(maxsize=1)
def _pages() -> Environment:
    return Environment(
        loader=ChoiceLoader([PackageLoader("wiretrace.service", "templates"),
                             PackageLoader("wiretrace.report", "templates")]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True, lstrip_blocks=True,
    )


def create_app(db_path: str | os.PathLike[str], token: str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES, *, workers: int | None = None,
               queue: int = DEFAULT_QUEUE, time_limit: float = DEFAULT_TIME_LIMIT,
               processes: int = 1) -> FastAPI:
    """The service over the archive at ``db_path`` (created when missing).

    ``token``: the secret writes need (``None``: writes refused). ``max_bytes``: larger
    request bodies are refused with 413. Checks and stories: at most ``workers`` at
    once, ``queue`` more waiting (beyond: 429), each stopped after ``time_limit``
    seconds (503) — see :mod:`wiretrace.service.admission`. They run in worker threads
    of this process, or with ``processes`` > 1 in that many check processes fed from
    one queue (:mod:`wiretrace.service.processes`); ``workers`` is by default
    :data:`~wiretrace.service.admission.DEFAULT_WORKERS` in this process, and one per
    check process, at most, with several (each runs one at a time: more would only wait
    in the processes' queue, past the admission's).
    """
    if processes > 1:
        workers = processes if workers is None else min(workers, processes)
    elif workers is None:
        workers = DEFAULT_WORKERS
    admission = Admission(workers, queue, time_limit)
    service = ArchiveService(db_path)
    service.create()
    pool = CheckProcesses(db_path, processes) if processes > 1 else None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if pool is not None:
            pool.start()
        try:
            yield
        finally:
            if pool is not None:
                await run_in_threadpool(pool.close)

    # FastAPIOffline serves Swagger UI's script and stylesheet itself, so /docs works on
    # a machine with no internet access.
    app = FastAPIOffline(title="wiretrace", version=__version__, description=DESCRIPTION,
                         docs_url="/docs", redoc_url=None, static_url="/docs-assets",
                         lifespan=lifespan)
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=max_bytes)
    app.add_middleware(CatchAll)
    app.state.service = service
    app.state.admission = admission
    app.state.processes = pool

    async def run(call: Call) -> Any:
        if pool is None:
            return await admission.run(lambda deadline: call(service, deadline))
        return await admission.run(lambda deadline: pool.run(call, deadline))

    def authorize(request: Request) -> None:
        if not token:
            raise ApiError(403, "writes are disabled: the server was started without a token "
                                "(wiretrace serve --token, or WIRETRACE_TOKEN)")
        auth = request.headers.get("authorization", "")
        given = auth[7:].strip() if auth[:7].lower() == "bearer " else ""
        given = given or request.headers.get("x-token", "").strip()
        if not given:
            raise ApiError(401, "missing token: send 'Authorization: Bearer TOKEN' or "
                                "'X-Token: TOKEN'", {"WWW-Authenticate": "Bearer"})
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise ApiError(403, "wrong token")

    async def check_report(request: Request) -> dict[str, Any]:
        sub = await read_submission(request, max_bytes, DEFAULT_CHECK_ID)
        report: dict[str, Any] = await run(Call("check", (sub.documents, sub.problems)))
        return report

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index() -> HTMLResponse:
        count = (await run_in_threadpool(service.health))["documents"]
        page = _pages().get_template("index.html.j2").render(
            version=__version__, documents=count, archive=service.path.name,
            max_bytes=max_bytes, file_types=FILE_TYPES, writes=bool(token))
        return HTMLResponse(page)

    @app.get("/health", summary="Service and archive status")
    async def health() -> dict[str, Any]:
        return await run_in_threadpool(service.health)

    @app.post("/check", summary="Check an article against the archive (JSON report)",
              openapi_extra=_body(False), responses=_errors(400, 413, 415, 422, 429, 503))
    async def check(request: Request, include_text: bool = False) -> JSONResponse:
        """The report `wiretrace check` gives for the article(s): the archived articles
        it reuses, with the passages as character offsets. `include_text=true` adds the
        documents' texts."""
        report = await check_report(request)
        return JSONResponse(report if include_text else without_text(report))

    @app.post("/check.html", summary="Check an article against the archive (HTML report)",
              response_class=HTMLResponse, openapi_extra=_body(False),
              responses=_errors(400, 413, 415, 422, 429, 503))
    async def check_html(request: Request) -> HTMLResponse:
        """The same check, answered as the self-contained HTML report."""
        report = await check_report(request)
        return HTMLResponse(await run_in_threadpool(render_html, report, back_url="./"))

    @app.post("/documents", summary="Add an article to the archive (token)", status_code=201,
              openapi_extra=_body(True),
              responses={200: {"description": "the archive already held the same article"},
                         **_errors(400, 401, 403, 413, 415, 422, 503)})
    async def add_documents(request: Request) -> JSONResponse:
        """Add (or replace) an article: JSON with `id` and `text`, or an uploaded file
        (a JSONL file may hold many). 201 when something was added or replaced, 200 when
        the archive already held the same article."""
        authorize(request)
        sub = await read_submission(request, max_bytes, request.query_params.get("id"))
        result = await run_in_threadpool(service.add, sub.documents)
        result["problems"] = [p.to_dict() for p in sub.problems]
        status = 201 if result["added"] or result["replaced"] else 200
        return JSONResponse(result, status_code=status)

    @app.get("/documents/{doc_id:path}", summary="An archived article",
             responses=_errors(404, 503))
    async def get_document(doc_id: str) -> dict[str, Any]:
        """The archived article with this id: metadata and text."""
        return await run_in_threadpool(service.get, doc_id)

    @app.delete("/documents/{doc_id:path}", summary="Remove an archived article (token)",
                responses=_errors(401, 403, 404, 503))
    async def delete_document(doc_id: str, request: Request) -> dict[str, Any]:
        authorize(request)
        return await run_in_threadpool(service.remove, doc_id)

    @app.get("/stories/{doc_id:path}", summary="The story of an archived article",
             responses={200: {"description": "the story as a report (`format=json`) or as "
                              "the HTML report (`format=html`)",
                              "content": {"application/json": {},
                                          "text/html": {"schema": {"type": "string"}}}},
                        **_errors(404, 429, 503)})
    async def story(
        doc_id: str,
        limit: Annotated[int, Query(ge=1, le=500, description="most articles to follow")] = 50,
        format: Annotated[Literal["json", "html"], Query(description="answer format")] = "json",
    ) -> Any:
        """The archived article and every archived article connected to it by reuse,
        directly or through others (found by checking it against the archive, then each
        article found in turn, up to `limit`), as a report (`command` = `story`) whose
        `stories[0]` is that story. Pairs are oriented by dates when both are known.
        `generator.archive.complete` is false when `limit` cut the search short."""
        report = await run(Call("story", (doc_id, limit)))
        if format == "html":
            return HTMLResponse(await run_in_threadpool(render_html, report))
        return JSONResponse(report)

    return app


def app_from_env() -> FastAPI:
    """An app configured from the environment, for an ASGI server's factory mode:
    ``uvicorn --factory wiretrace.service.app:app_from_env`` with ``WIRETRACE_DB``,
    ``WIRETRACE_TOKEN``, ``WIRETRACE_MAX_BYTES``, ``WIRETRACE_CHECK_WORKERS`` (checks at
    once), ``WIRETRACE_PROCESSES`` (check processes), ``WIRETRACE_QUEUE`` and
    ``WIRETRACE_TIME_LIMIT``."""
    db = os.environ.get("WIRETRACE_DB")
    if not db:
        raise RuntimeError("set WIRETRACE_DB to the archive file")
    env = os.environ.get
    return create_app(db, env("WIRETRACE_TOKEN") or None,
                      int(env("WIRETRACE_MAX_BYTES", DEFAULT_MAX_BYTES)),
                      workers=int(env("WIRETRACE_CHECK_WORKERS", 0)) or None,
                      queue=int(env("WIRETRACE_QUEUE", DEFAULT_QUEUE)),
                      time_limit=float(env("WIRETRACE_TIME_LIMIT", DEFAULT_TIME_LIMIT)),
                      processes=int(env("WIRETRACE_PROCESSES", 1)))
