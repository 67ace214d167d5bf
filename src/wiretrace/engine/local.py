"""Run a stage function over many tasks: in-process or in a process pool.

The stage functions know nothing of how they are run. ``map_tasks`` calls
``fn(task, shared)`` for every task; ``shared`` (the settings, the corpus's phrase
counts) reaches each worker process once, when it starts, instead of with every
task; the tasks carry the documents they read. A :data:`Mapper` is anything with
that contract; the pipeline takes one, so the same stages run in-process, in this
module's process pool, or on Apache Spark (:mod:`wiretrace.engine.spark`, where
``shared`` travels as a broadcast variable).

A stage may keep, per worker, what it computed for one task and the next one reuses
(a document's alignment index): a :class:`WorkerMemo` inside ``shared`` is that place —
it starts empty in every process and is never sent between them.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

Mapper = Callable[[Callable[[Any, Any], Any], Sequence[Any], Any], Iterator[Any]]
"""``mapper(fn, tasks, shared)`` yields ``fn(task, shared)`` for every task, in order."""

_worker: dict[str, Any] = {}


def _init_worker(fn: Callable[[Any, Any], Any], shared: Any) -> None:
    _worker["fn"], _worker["shared"] = fn, shared


def _run_chunk(chunk: list[Any]) -> list[Any]:
    fn, shared = _worker["fn"], _worker["shared"]
    return [fn(task, shared) for task in chunk]


def default_jobs() -> int:
    """One worker per core, at most 8."""
    return max(1, min(os.cpu_count() or 1, 8))


MIN_CHUNK, MAX_CHUNK = 16, 256


def chunk_size_for(n_tasks: int, jobs: int) -> int:
    """Tasks sent to a worker at once: about four chunks per worker, 16 to 256 tasks.

    Large chunks matter: the tasks of one chunk are pickled together, so a document that
    several of them carry (a candidate pair's documents recur in neighbouring pairs)
    crosses to the worker once and keeps, for the chunk's other tasks, what alignment
    computed on it. Aligning 2,984 PAN pairs took 49 s in chunks of 16 and 17 s in
    chunks of 256.
    """
    return max(MIN_CHUNK, min(MAX_CHUNK, n_tasks // max(1, 4 * jobs)))


def map_tasks(
    fn: Callable[[T, Any], R],
    tasks: Sequence[T],
    shared: Any,
    jobs: int = 1,
    chunk_size: int | None = None,
) -> Iterator[R]:
    """Yield ``fn(task, shared)`` for each task, in order, using ``jobs`` processes
    (``chunk_size`` tasks at a time; by default :func:`chunk_size_for`)."""
    chunk_size = chunk_size or chunk_size_for(len(tasks), jobs)
    if jobs <= 1 or len(tasks) < 2 * chunk_size:
        for task in tasks:
            yield fn(task, shared)
        return
    chunks = [list(tasks[k : k + chunk_size]) for k in range(0, len(tasks), chunk_size)]
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_init_worker, initargs=(fn, shared)
    ) as pool:
        for results in pool.map(_run_chunk, chunks):
            yield from results


def process_pool(jobs: int) -> Mapper:
    """The mapper that runs tasks in ``jobs`` local processes (in-process when 1)."""
    return partial(map_tasks, jobs=jobs)


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
