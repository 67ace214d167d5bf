"""Check processes: the heavy requests of a server with ``--workers N`` (N > 1), run by
N processes that take them from one queue.

The server process keeps the event loop, the light requests and the writes; each check
or story is sent, as a :class:`Call` (plain data), to whichever check process is free.
One queue for all (not one per server process, as when each process accepts its own
connections) means no request waits behind a slow one while another process is idle:
the slowest answers under load come sooner, and throughput follows the number of
processes. Python runs one thread at a time in a process, so each process runs one
check at a time.

Each check process opens the archive for itself and keeps its own memos (the partners'
weights, the lexicon's look-ups); it loads the lexicon when it starts, by checking a
short text of its own, so that its first real request does not pay for that. It
ignores Ctrl+C (the server stops it) and exits by itself when the server process is
gone, even killed. A process that dies (killed, out of memory) takes the requests
running in the other processes with it (the pool of processes breaks as a whole): they
are answered 503 with ``Retry-After``, and new processes are started.

The time limit travels as the seconds left (a clock reading means nothing in another
process); the server stops waiting for an answer shortly after the limit, even when the
work has not yet reached a point where it looks at the clock (preparing a very long
article), and answers 503.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import CancelledError, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from wiretrace.records import Document
from wiretrace.service.admission import Deadline
from wiretrace.service.archive_ops import ArchiveService
from wiretrace.service.errors import ApiError

log = logging.getLogger("wiretrace.service")

WARM_UP = Document("wiretrace-warm-up", "The harbour board met on Monday to discuss the "
                                        "new cranes, officials said in a statement.")
"""What a check process checks when it starts (our own text), to load the lexicon."""


@dataclass(frozen=True, slots=True)
class Call:
    """A heavy request as data: the :class:`ArchiveService` method to run and its
    arguments; the deadline's tick is added as the last one. It runs the same in a
    worker thread of the server process and in a check process."""

    method: Literal["check", "story"]
    args: tuple[Any, ...]

    def __call__(self, service: ArchiveService, deadline: Deadline) -> Any:
        return getattr(service, self.method)(*self.args, deadline.tick)


_service: ArchiveService | None = None
"""The archive of this check process (set when it starts; one per process)."""

GRACE = 2.0
"""Seconds past a request's time limit that the server still waits for its answer."""

ORPHAN_POLL = 1.0
"""How often a check process looks whether the server process is still there."""


def _start(db_path: str, server: int) -> None:
    global _service
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the server, which stops us
    threading.Thread(target=_exit_when_orphaned, args=(server,), daemon=True).start()
    _service = ArchiveService(db_path)
    try:
        _service.check([WARM_UP], [])
    except Exception:  # a failed warm-up only makes the first check slower
        log.warning("check process: warming up failed", exc_info=True)


def _exit_when_orphaned(server: int) -> None:
    while os.getppid() == server:
        time.sleep(ORPHAN_POLL)
    os._exit(0)  # the server is gone (killed): nobody will read our answers


def _run(call: Call, seconds_left: float, limit: float) -> Any:
    deadline = Deadline(time.monotonic() + seconds_left, limit)
    deadline.tick()  # waited past the limit: do not start
    assert _service is not None, "the check process did not start"
    return call(_service, deadline)


def _ready() -> bool:
    return _service is not None


class CheckProcesses:
    """``count`` check processes over the archive at ``db_path``, started by
    :meth:`start` (or by the first call) and stopped by :meth:`close`."""

    def __init__(self, db_path: str | Path, count: int) -> None:
        if count < 1:
            raise ValueError("at least one check process")
        self.db_path, self.count = str(db_path), count
        self._pool: ProcessPoolExecutor | None = None
        self._closed = False
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._closed:
                raise ApiError(503, "the server is shutting down", {"Retry-After": "5"})
            if self._pool is None:
                # Started afresh rather than forked: the server process has threads.
                self._pool = ProcessPoolExecutor(
                    self.count, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start, initargs=(self.db_path, os.getpid()))
                for _ in range(self.count):  # each starts when a task finds none idle
                    self._pool.submit(_ready)
            return self._pool

    def start(self) -> None:
        """Start every process now (otherwise the first call starts them)."""
        self._executor()

    def run(self, call: Call, deadline: Deadline) -> Any:
        """Run ``call`` in a free check process and wait for its answer (blocking: the
        server calls it from a worker thread)."""
        pool = self._executor()
        left = deadline.at - time.monotonic()
        try:
            future = pool.submit(_run, call, left, deadline.seconds)
            return future.result(timeout=max(0.0, left) + GRACE)
        except FutureTimeout:
            future.cancel()
            raise deadline.passed() from None
        except BrokenProcessPool:
            self._replace(pool)
            raise ApiError(503, "a check process stopped unexpectedly; the check processes "
                                "have been restarted — try again", {"Retry-After": "5"}
                           ) from None
        except (RuntimeError, CancelledError):  # submitted while the server shuts down
            raise ApiError(503, "the server is shutting down", {"Retry-After": "5"}
                           ) from None

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """New processes for a broken pool (once, whichever request notices first)."""
        with self._lock:
            if self._pool is not broken:
                return
            self._pool = None
        broken.shutdown(wait=False, cancel_futures=True)
        log.warning("a check process stopped unexpectedly; starting new ones")
        with contextlib.suppress(ApiError):  # closed meanwhile
            self.start()

    def pids(self) -> list[int]:
        """The process ids of the running check processes."""
        pool = self._pool
        processes = getattr(pool, "_processes", None) or {}
        return sorted(p.pid for p in processes.values() if p.pid is not None)

    def close(self) -> None:
        """Stop the processes (for good: later calls are answered 503)."""
        with self._lock:
            pool, self._pool, self._closed = self._pool, None, True
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
