"""How the stages run: in this process, in a local process pool (:mod:`.local`) or on
Apache Spark (:mod:`.spark`). Stages take a :data:`Mapper` and know nothing else of it."""

from wiretrace.engine.local import Mapper, WorkerMemo, default_jobs, map_tasks, process_pool

__all__ = ["Mapper", "WorkerMemo", "default_jobs", "map_tasks", "process_pool"]
