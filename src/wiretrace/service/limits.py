"""The request-size limit: refuse bodies over ``max_bytes`` with 413, both from the
``Content-Length`` header (before the application reads anything) and while reading the
body (for chunked requests, or a header that lies).

Before answering, the middleware reads and discards what the client is still sending,
up to a bound (:data:`DRAIN_FACTOR` times the limit, :data:`DRAIN_SECONDS`): a server
that closes a connection with unread data makes the kernel reset it, and a client still
writing its body would then lose the 413 answer.
"""

from __future__ import annotations

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wiretrace.service.errors import BodyTooLarge, TrackedSend, error_response

DRAIN_FACTOR = 4
DRAIN_CAP = 64 * 1024 * 1024
DRAIN_SECONDS = 5.0


class BodySizeLimit:
    """ASGI middleware enforcing a maximum request body size."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, finished: bool,
                      declared: int | None) -> None:
        budget = min(DRAIN_CAP, DRAIN_FACTOR * self.max_bytes)
        if not finished and (declared is None or declared <= budget):
            with anyio.move_on_after(DRAIN_SECONDS):
                while budget > 0:
                    message = await receive()
                    if message["type"] != "http.request":
                        break
                    budget -= len(message.get("body", b""))
                    if not message.get("more_body", False):
                        break
        response = error_response(413, str(BodyTooLarge(self.max_bytes)), {"Connection": "close"})
        await response(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await error_response(400, "invalid Content-Length header")(
                        scope, receive, send)
                    return
                if declared > limit:
                    await self._refuse(scope, receive, send, False, declared)
                    return
        seen = 0
        finished = False

        async def counted() -> Message:
            nonlocal seen, finished
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                finished = not message.get("more_body", False)
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        tracked = TrackedSend(send)
        try:
            await self.app(scope, counted, tracked)
        except BodyTooLarge:
            if tracked.started:
                raise
            await self._refuse(scope, receive, send, finished, None)
