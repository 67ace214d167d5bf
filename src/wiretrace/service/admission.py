"""Admission of the heavy requests (``POST /check``, ``/check.html``, ``GET /stories``).

At most ``workers`` of them run at once, each in a worker thread (the event loop stays
free for ``/health``, ``/documents`` and the pages); at most ``queue`` more wait for a
turn. A request beyond that is refused at once with 429 and ``Retry-After``. Every
admitted request has a time limit counted from its arrival (waiting included): the
work looks at the clock between candidate pairs and documents (:meth:`Deadline.tick`)
and stops past it, answering 503 — so a sender cannot keep the server busy for longer
than the limit with one request, nor for longer than ``workers`` × the limit with many.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import anyio
import anyio.to_thread

from wiretrace.service.errors import ApiError

T = TypeVar("T")

DEFAULT_WORKERS = 2
DEFAULT_QUEUE = 16
DEFAULT_TIME_LIMIT = 30.0


@dataclass(frozen=True, slots=True)
class Deadline:
    """When an admitted request must be done (``time.monotonic()``)."""

    at: float
    seconds: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(time.monotonic() + seconds, seconds)

    def tick(self, _done: int = 1) -> None:
        """Raise the 503 answer when the time is up (a progress callback's signature)."""
        if time.monotonic() > self.at:
            raise self.passed()

    def passed(self) -> ApiError:
        """The answer to a request that ran past its time limit."""
        return ApiError(
            503, f"the request ran past the server's time limit of {self.seconds:g} s "
                 f"and was stopped (send a shorter article, or try again later)",
            {"Retry-After": "5"})


class Admission:
    """The gate in front of the heavy requests (one per application)."""

    def __init__(self, workers: int = DEFAULT_WORKERS, queue: int = DEFAULT_QUEUE,
                 time_limit: float = DEFAULT_TIME_LIMIT) -> None:
        if workers < 1 or queue < 0 or time_limit <= 0:
            raise ValueError("workers ≥ 1, queue ≥ 0 and a positive time limit")
        self.workers, self.queue, self.time_limit = workers, queue, time_limit
        self._limiter = anyio.CapacityLimiter(workers)
        self._admitted = 0

    @property
    def admitted(self) -> int:
        """Requests running or waiting now."""
        return self._admitted

    async def run(self, work: Callable[[Deadline], T]) -> T:
        """Run ``work(deadline)`` in a worker thread once a turn is free; 429 when
        ``workers + queue`` requests are already running or waiting."""
        if self._admitted >= self.workers + self.queue:
            raise ApiError(429, f"busy: {self._admitted} requests are running or waiting "
                                f"(at most {self.workers} at once and {self.queue} waiting); "
                                f"try again shortly", {"Retry-After": "1"})
        deadline = Deadline.after(self.time_limit)
        self._admitted += 1
        try:
            return await anyio.to_thread.run_sync(_started, work, deadline,
                                                  limiter=self._limiter)
        finally:
            self._admitted -= 1


def _started(work: Callable[[Deadline], T], deadline: Deadline) -> T:
    deadline.tick()  # waited for a turn past the limit: do not start
    return work(deadline)
