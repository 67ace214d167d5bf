"""Errors of the web service: every failure answers JSON ``{"error": "..."}`` with a
proper status code, never a traceback."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("wiretrace.service")


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: str


class ApiError(Exception):
    """An error to answer with ``status`` and ``{"error": message}``."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers

    def __reduce__(self) -> tuple[Any, ...]:  # sent back from a check process whole
        return ApiError, (self.status, self.message, self.headers)


class BodyTooLarge(Exception):
    """The request body is larger than the server accepts."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"request body larger than {limit:,} bytes")
        self.limit = limit


def error_response(status: int, message: str, headers: dict[str, str] | None = None,
                   **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else err.get("msg", ""))
    return "invalid request: " + ("; ".join(parts) or "see the API documentation")


def install_error_handlers(app: FastAPI) -> None:
    """JSON errors for API errors, HTTP errors (404, 405 …) and validation errors.
    (Bodies over the limit are answered by :class:`~wiretrace.service.limits.BodySizeLimit`.)"""

    async def api_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ApiError)
        return error_response(exc.status, exc.message, exc.headers)

    async def http_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = "not found"
        return error_response(exc.status_code, message, getattr(exc, "headers", None))

    async def validation_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return error_response(422, _validation_message(exc))

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)


class TrackedSend:
    """An ASGI ``send`` that remembers whether the response has started: once it has,
    no error answer can be sent in its place."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self.started = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)


class CatchAll:
    """ASGI middleware: any unexpected exception becomes a 500 JSON answer without
    internals (the traceback goes to the server log only)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tracked = TrackedSend(send)
        try:
            await self.app(scope, receive, tracked)
        except BodyTooLarge as exc:
            if not tracked.started:
                await error_response(413, str(exc), {"Connection": "close"})(scope, receive, send)
        except Exception:
            log.exception("unexpected error answering %s %s", scope.get("method"),
                          scope.get("path"))
            if not tracked.started:
                await error_response(500, "internal server error")(scope, receive, send)
