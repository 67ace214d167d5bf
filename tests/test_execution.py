"""The local mapper: order, chunking, and documents shared between tasks of a chunk."""

from __future__ import annotations

import os
from typing import Any

from wiretrace.engine.local import MAX_CHUNK, MIN_CHUNK, chunk_size_for, map_tasks


def _square(task: int, shared: int) -> int:
    return task * task + shared


def _where(task: tuple[list[str], int], shared: None) -> tuple[int, int, int]:
    doc, _ = task
    return os.getpid(), id(doc), len(doc)


def test_chunk_size_grows_with_the_work() -> None:
    assert chunk_size_for(20_387, 2) == MAX_CHUNK == 256
    assert chunk_size_for(1_027, 2) == 128
    assert chunk_size_for(40, 2) == MIN_CHUNK == 16
    assert chunk_size_for(1_027, 1) == 256


def test_pool_returns_every_result_in_order() -> None:
    tasks = list(range(1_000))
    assert list(map_tasks(_square, tasks, 1, jobs=2)) == [t * t + 1 for t in tasks]
    assert list(map_tasks(_square, tasks, 1, jobs=2, chunk_size=7)) == [t * t + 1 for t in tasks]


def test_a_document_carried_by_many_tasks_of_a_chunk_crosses_once() -> None:
    """Tasks of one chunk are pickled together: in the worker they share one copy of a
    document they all carry, so what a task computes on it serves the next one."""
    doc = ["word"] * 1_000
    tasks: list[Any] = [(doc, k) for k in range(64)]
    seen = list(map_tasks(_where, tasks, None, jobs=2, chunk_size=16))
    assert all(pid != os.getpid() for pid, _, _ in seen)
    for start in range(0, 64, 16):
        chunk = seen[start : start + 16]
        assert len({(pid, ident) for pid, ident, _ in chunk}) == 1


def _count_calls(task: int, shared: Any) -> tuple[int, int]:
    shared["calls"] = shared.get("calls", 0) + 1
    return os.getpid(), shared["calls"]


def test_a_pool_keeps_its_workers_and_each_stage_shared_across_chunks() -> None:
    """One pool serves every stage of a run: the same worker processes, and a stage's
    ``shared`` unpickled once per worker, so what a worker keeps in it (a memo) lasts
    from one chunk to the next."""
    from wiretrace.engine.local import LocalPool

    with LocalPool(2, chunk_size=8) as pool:
        first = list(pool(_count_calls, list(range(64)), {}))
        second = list(pool(_count_calls, list(range(64)), {}))
    pids = {pid for pid, _ in first}
    # The same processes: never more than the pool's two in all (a pool per stage would
    # show up to four); a loaded machine may start the second worker late.
    assert len(pids | {pid for pid, _ in second}) <= 2 and os.getpid() not in pids
    # Within a stage a worker's count keeps growing past one chunk (8 tasks): its shared
    # dict survived between chunks; a new stage starts from a fresh one.
    assert max(n for _, n in first) > 8
    per_worker = {pid: [n for p, n in second if p == pid] for pid, _ in second}
    assert all(min(ns) == 1 for ns in per_worker.values())
