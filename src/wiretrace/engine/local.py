"""Run a stage function over many tasks: in-process or in a local pool of processes.

The stage functions know nothing of how they are run. A :data:`Mapper` calls
``fn(task, shared)`` for every task and yields the results in task order; the tasks
carry the documents they read, ``shared`` what every task reads (the settings, the
user's lexicon). The pipeline takes a mapper, so the same stages run in-process, in
this module's :class:`LocalPool`, or on Apache Spark (:mod:`wiretrace.engine.spark`,
where ``shared`` travels as a broadcast variable).

A :class:`LocalPool` keeps its worker processes for every stage of a run: a worker
loads the language resources once, not once per stage, and what it keeps between tasks
(:class:`WorkerMemo`) lasts the whole run. ``shared`` is pickled once per stage and
reaches a worker with its first chunk of that stage; later chunks reuse it.

A stage may keep, per worker, what it computed for one task and the next one reuses
(a document's alignment index): a :class:`WorkerMemo` inside ``shared`` is that place —
it starts empty in every process and is never sent between them.
"""

from __future__ import annotations

import itertools
import os
import pickle
import weakref
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

Mapper = Callable[[Callable[[Any, Any], Any], Sequence[Any], Any], Iterator[Any]]
"""``mapper(fn, tasks, shared)`` yields ``fn(task, shared)`` for every task, in order."""


def default_jobs() -> int:
    """One worker per core, at most 8."""
    return max(1, min(os.cpu_count() or 1, 8))


MIN_CHUNK, MAX_CHUNK = 16, 256
IN_FLIGHT = 3
"""Chunks submitted per worker ahead of the results read back."""


def chunk_size_for(n_tasks: int, jobs: int) -> int:
    """Tasks sent to a worker at once: about four chunks per worker, 16 to 256 tasks.

    Large chunks matter: the tasks of one chunk are pickled together, so a document that
    several of them carry (a candidate pair's documents recur in neighbouring pairs)
    crosses to the worker once and keeps, for the chunk's other tasks, what alignment
    computed on it. Aligning 2,984 PAN pairs took 49 s in chunks of 16 and 17 s in
    chunks of 256.
    """
    return max(MIN_CHUNK, min(MAX_CHUNK, n_tasks // max(1, 4 * jobs)))


# --- in a worker process -------------------------------------------------------------

_stages: OrderedDict[int, tuple[Callable[[Any, Any], Any], Any]] = OrderedDict()
"""This worker's stages of the run so far: token → (fn, shared), the last few kept."""


def _run_chunk(token: int, payload: bytes, chunk: list[Any]) -> list[Any]:
    stage = _stages.get(token)
    if stage is None:
        stage = _stages[token] = pickle.loads(payload)
        while len(_stages) > 4:
            _stages.popitem(last=False)
    fn, shared = stage
    return [fn(task, shared) for task in chunk]


# --- in the main process -------------------------------------------------------------

_tokens = itertools.count(1)


class LocalPool:
    """A :data:`Mapper` over ``jobs`` local processes (in-process when ``jobs`` is 1 or a
    stage has few tasks). The processes start at the first stage that needs them and
    stay until :meth:`close` (or the end of a ``with`` block, or the pool's last
    reference)."""

    def __init__(self, jobs: int = 1, chunk_size: int | None = None) -> None:
        self.jobs = max(1, jobs)
        self.chunk_size = chunk_size
        self._executor: ProcessPoolExecutor | None = None
        self._finalizer: weakref.finalize | None = None

    def __call__(self, fn: Callable[[T, Any], R], tasks: Sequence[T], shared: Any
                 ) -> Iterator[R]:
        size = self.chunk_size or chunk_size_for(len(tasks), self.jobs)
        if self.jobs <= 1 or len(tasks) < 2 * size:
            return (fn(task, shared) for task in tasks)
        return self._parallel(fn, tasks, shared, size)

    def _parallel(self, fn: Callable[[T, Any], R], tasks: Sequence[T], shared: Any,
                  size: int) -> Iterator[R]:
        executor = self._start()
        token = next(_tokens)
        payload = pickle.dumps((fn, shared), protocol=pickle.HIGHEST_PROTOCOL)
        # A few chunks in flight per worker, not all of them: every submitted chunk is
        # pickled and queued at once (all the align tasks of 10,000 articles carry
        # ~200 MB of documents), so submitting as results come back bounds the memory.
        starts = iter(range(0, len(tasks), size))
        pending: deque[Future[list[R]]] = deque()

        def submit() -> None:
            k = next(starts, None)
            if k is not None:
                pending.append(executor.submit(_run_chunk, token, payload,
                                               list(tasks[k : k + size])))

        for _ in range(IN_FLIGHT * self.jobs):
            submit()
        try:
            while pending:
                results = pending.popleft().result()
                submit()
                yield from results
        finally:  # the reader stopped early: drop the chunks not yet run
            for future in pending:
                future.cancel()

    def _start(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(max_workers=self.jobs)
            self._finalizer = weakref.finalize(self, self._executor.shutdown, wait=False,
                                               cancel_futures=True)
        return self._executor

    def close(self) -> None:
        """Stop the worker processes (a later stage starts new ones)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
            if self._finalizer is not None:
                self._finalizer.detach()

    def __enter__(self) -> LocalPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def process_pool(jobs: int) -> LocalPool:
    """The mapper that runs tasks in ``jobs`` local processes (in-process when 1)."""
    return LocalPool(jobs)


def map_tasks(
    fn: Callable[[T, Any], R],
    tasks: Sequence[T],
    shared: Any,
    jobs: int = 1,
    chunk_size: int | None = None,
) -> Iterator[R]:
    """Yield ``fn(task, shared)`` for each task, in order, using ``jobs`` processes
    (``chunk_size`` tasks at a time; by default :func:`chunk_size_for`) that end with it."""
    pool = LocalPool(jobs, chunk_size)
    try:
        yield from pool(fn, tasks, shared)
    finally:
        pool.close()


class WorkerMemo:
    """A bounded least-recently-used map of values one worker computed for a task and the
    next task may reuse. Pickles empty, so each process starts with its own."""

    def __init__(self, limit: int = 256) -> None:
        self.limit = limit
        self._items: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value kept under ``key``, made (and kept) when there is none."""
        items = self._items
        if key in items:
            items.move_to_end(key)
            return items[key]  # type: ignore[no-any-return]
        value = make()
        items[key] = value
        if len(items) > self.limit:
            items.popitem(last=False)
        return value

    def __getstate__(self) -> dict[str, Any]:
        return {"limit": self.limit}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.limit = state["limit"]
        self._items = OrderedDict()
