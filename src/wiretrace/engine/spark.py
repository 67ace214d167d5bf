"""Run the scan's stages on Apache Spark (the optional ``spark`` extra).

Nothing in the stages changes: :func:`spark_mapper` is a
:data:`~wiretrace.engine.local.Mapper` like the local process pool. It ships the
stage's shared data (settings, corpus phrase counts) to the executors once, as a
broadcast variable, and the tasks as RDDs, a wave of Spark jobs one after the other;
results come back in task order as each job ends, so progress bars keep moving. The
tasks carry the documents they read (a document to normalize, a candidate pair's two
prepared documents, a document and its partners for the forensics), so an executor
holds only what its own tasks need, never the whole corpus.

What runs where: reading the input, the corpus-wide repeated lines, candidate
generation (a sparse product over feature sets) and the stories run on the driver;
normalization, alignment of every candidate pair and the per-document forensics —
nearly all of the time — run on the executors.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from wiretrace.engine.local import Mapper


class SparkUnavailable(RuntimeError):
    """PySpark or the Java runtime it needs is missing."""


def _pyspark() -> Any:
    try:
        import pyspark
    except ImportError:
        raise SparkUnavailable(
            "the Spark engine needs PySpark: pip install 'wiretrace[spark]' "
            "(scripts/bootstrap installs it) and a Java 17+ runtime"
        ) from None
    return pyspark


_MASTER = re.compile(r"local(\[(\d+|\*)(,\d+)?\])?|yarn|(spark|k8s)://\S+")


def start_spark(master: str = "local[*]", app_name: str = "wiretrace") -> Any:
    """A SparkContext for ``master`` (``local[2]``, ``spark://host:7077``, ``yarn``…).

    Executors run this interpreter's Python unless ``PYSPARK_PYTHON`` says otherwise.
    """
    if not _MASTER.fullmatch(master):
        raise SparkUnavailable(
            f"cannot start Spark at {master}: a master is local, local[N], local[*], yarn, "
            "spark://HOST:PORT or k8s://URL"
        )
    pyspark = _pyspark()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    log_config = Path(__file__).with_name("spark_log4j2.properties").as_uri()
    conf = (
        pyspark.SparkConf()
        .setMaster(master)
        .setAppName(app_name)
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        .set("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={log_config}")
        .set("spark.executor.extraJavaOptions", f"-Dlog4j2.configurationFile={log_config}")
    )
    try:
        context = pyspark.SparkContext(conf=conf)
    except Exception as exc:  # Java missing or the master unreachable: py4j/JVM errors
        raise SparkUnavailable(f"cannot start Spark at {master}: {exc}") from None
    context.setLogLevel("ERROR")
    return context


def spark_mapper(context: Any, partitions: int | None = None, waves: int = 5) -> Mapper:
    """A mapper that runs ``fn(task, shared)`` on the executors of ``context``.

    The tasks go out in up to ``waves`` Spark jobs, one after the other, so results
    (and progress) come back as each job ends; each job is cut into ``partitions``
    slices (default: four per core of the context) so every core has work.
    """

    def run(fn: Callable[[Any, Any], Any], tasks: Sequence[Any], shared: Any) -> Iterator[Any]:
        if not tasks:
            return
        slices = partitions or 4 * max(1, context.defaultParallelism)
        wave = max(slices, -(-len(tasks) // max(1, waves)))
        broadcast = context.broadcast(shared)
        try:
            for start in range(0, len(tasks), wave):
                chunk = list(tasks[start : start + wave])
                rdd = context.parallelize(chunk, min(len(chunk), slices))
                yield from rdd.map(lambda task: fn(task, broadcast.value)).collect()
        finally:
            broadcast.unpersist()

    return run
