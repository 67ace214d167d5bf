"""The Spark engine runs the same stages as the local pool and gives the same report.

These tests skip when PySpark or Java is missing, unless WIRETRACE_REQUIRE_SPARK is
set (CI sets it), in which case they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reuse_texts import LIBRARY, OWN, SAME_TOPIC, WIRE, article, write_good_files
from test_disguise import ORIGINAL, OWN_AFTER, OWN_BEFORE, SPUN
from wiretrace.normalize import Packed, PreparedDoc
from wiretrace.pipeline import prepare_corpus, prepare_with_features, scan_prepared
from wiretrace.records import Document
from wiretrace.report.json_report import pair_entry
from wiretrace.settings import Settings


def _missing() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "PySpark is not installed (pip install 'wiretrace[spark]')"
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        return "no Java runtime (Debian: openjdk-17-jre-headless)"
    return None


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    reason = _missing()
    if reason:
        if os.environ.get("WIRETRACE_REQUIRE_SPARK") == "1":
            pytest.fail(f"the Spark engine is required but unavailable: {reason}", pytrace=False)
        pytest.skip(reason)
    from wiretrace.engine.spark import start_spark

    context = start_spark("local[2]", "wiretrace-tests")
    try:
        yield context
    finally:
        context.stop()


def _corpus() -> list[Document]:
    return [
        Document("wire", article(["Sørvik bridge shut after cable corrosion found", *WIRE]),
                 date="2026-04-14"),
        Document("reprint", article(["Island cut off", *WIRE[:3], OWN[0]])),
        Document("host", article(["Oskarsberg opens its new library", *LIBRARY[:2], WIRE[3],
                                  *LIBRARY[2:]])),
        Document("granfjord", article(["Granfjord bridge shut", *SAME_TOPIC])),
        Document("dock-wire", ORIGINAL, date="2026-05-03"),
        Document("farm", "Harbour district counts the cost\n\n" + OWN_BEFORE + SPUN + OWN_AFTER),
    ]


def test_spark_scan_equals_the_local_scan(spark: Any) -> None:
    from wiretrace.engine.spark import spark_mapper

    docs, settings = _corpus(), Settings()
    local = scan_prepared(prepare_corpus(docs, settings), settings, jobs=1)
    mapper = spark_mapper(spark, partitions=3)
    remote = scan_prepared(prepare_corpus(docs, settings, mapper), settings, mapper=mapper)

    assert [pair_entry(p) for p in remote.pairs] == [pair_entry(p) for p in local.pairs]
    assert remote.forensics.documents == local.forensics.documents
    assert remote.stories == local.stories
    found = {(p.a, p.b): p for p in remote.pairs if p.relation != "same-story"}
    # The scan found real reuse, with the original called from the text alone where no
    # date decides (the pasted paragraph) and from the dates elsewhere.
    assert found[("wire", "reprint")].source == "wire"
    assert found[("wire", "host")].source == "wire"
    assert found[("dock-wire", "farm")].relation == "spun"


def test_cli_scan_on_spark_writes_the_same_report(tmp_path: Path, spark: Any) -> None:
    folder = write_good_files(tmp_path / "in")
    out_local, out_spark = tmp_path / "local.json", tmp_path / "spark.json"
    base = [sys.executable, "-m", "wiretrace.cli", "scan", str(folder), "-q", "--json"]
    subprocess.run([*base, str(out_local), "--jobs", "1"], check=True, timeout=300)
    run = subprocess.run([*base, str(out_spark), "--spark", "local[2]"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    local, remote = json.loads(out_local.read_text()), json.loads(out_spark.read_text())
    assert remote["pairs"] == local["pairs"] and remote["pairs"]
    assert remote["stories"] == local["stories"]


def test_unusable_master_is_one_clear_error(tmp_path: Path, spark: Any) -> None:
    folder = write_good_files(tmp_path / "in")
    run = subprocess.run(
        [sys.executable, "-m", "wiretrace.cli", "scan", str(folder), "-q",
         "--spark", "nosuchscheme://nowhere"],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 1
    assert "wiretrace: error: cannot start Spark at nosuchscheme://nowhere" in run.stderr
    assert "local[N]" in run.stderr
    # Refused before any JVM starts: no Python traceback, no Java stack trace.
    assert "Traceback" not in run.stderr and "Exception" not in run.stderr


def _documents_in(value: Any) -> list[PreparedDoc | Packed]:
    if isinstance(value, PreparedDoc | Packed):
        return [value]
    if isinstance(value, list | tuple):
        return [d for item in value for d in _documents_in(item)]
    return []


def test_no_stage_ships_the_whole_corpus_to_every_worker() -> None:
    # What a mapper broadcasts (``shared``) reaches every executor; it must hold no
    # document. Each task carries only the documents its function reads: one to
    # normalize, a candidate pair's two, an article and its reuse partners.
    calls: list[tuple[str, list[Any], Any]] = []

    def recording(fn: Any, tasks: Any, shared: Any) -> Iterator[Any]:
        calls.append((fn.__name__, list(tasks), shared))
        return (fn(task, shared) for task in tasks)

    docs, settings = _corpus(), Settings()
    prepared, features = prepare_with_features(docs, settings, recording)
    assert all(isinstance(p, Packed) for p in prepared)  # what the scan keeps and ships
    result = scan_prepared(prepared, settings, mapper=recording, features=features)
    assert [name for name, _, _ in calls] == [
        "_prepare_features_task", "_align_task", "_document_task", "_collate_task"]
    for _, _, shared in calls:
        assert _documents_in(shared) == []
    _, pair_tasks, _ = calls[1]
    assert all(len(_documents_in(task)) == 2 for task in pair_tasks)
    _, doc_tasks, _ = calls[2]
    partners = {d.id: 0 for d in prepared}
    for pair in result.pairs:
        if pair.relation != "same-story":
            partners[pair.a] += 1
            partners[pair.b] += 1
    assert {task[0].id: len(task[1]) for task in doc_tasks} == partners
    assert sum(partners.values()) > 0
    # A collation task carries the documents of its own story, no others.
    _, story_tasks, _ = calls[3]
    for story, story_docs, _pairs in story_tasks:
        assert [d.id for d in story_docs] == list(story.documents)
