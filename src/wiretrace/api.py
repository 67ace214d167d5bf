"""The library's front door: :func:`scan` and :func:`compare` return a
:class:`~wiretrace.report.model.Report`; the command line and the web service call
these same functions. Examples: docs/python-api.md (they run as tests).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from wiretrace.engine import Mapper, process_pool
from wiretrace.ingest import IngestOptions, read_paths
from wiretrace.ingest.discover import STDIN_ARG, is_url
from wiretrace.lexicon.resources import describe
from wiretrace.pipeline import prepare_with_features, scan_prepared
from wiretrace.records import Document, InputProblem
from wiretrace.report.model import Report
from wiretrace.settings import Settings

Input = str | os.PathLike[str] | Document | Mapping[str, Any]
"""A file or folder path, a :class:`~wiretrace.records.Document`, or a mapping with at
least ``text`` (and optionally ``id``, ``title``, ``date``, ``url``, ``outlet``,
``author``)."""

StageProgress = Callable[[str, int, str], Callable[[int], None]]
"""``progress(stage, total, unit)`` opens a stage (``reading``, ``aligning``,
``forensics``) and returns the callback that advances it."""


def read(
    inputs: Iterable[Input], options: IngestOptions | None = None
) -> tuple[list[Document], list[InputProblem]]:
    """Documents from paths (files, folders, URLs, ``-`` for stdin), :class:`Document`
    records and mappings, in the given order; what could not be read is returned as
    problems (never raised). ``options`` map the fields of CSV/JSON records, force an
    encoding, and limit downloads (:class:`~wiretrace.ingest.IngestOptions`)."""
    documents: list[Document] = []
    problems: list[InputProblem] = []
    paths: list[str | os.PathLike[str]] = []

    def flush() -> None:
        if paths:
            got = read_paths(list(paths), options)
            documents.extend(got.documents)
            problems.extend(got.problems)
            paths.clear()

    for n, item in enumerate(inputs, start=1):
        if isinstance(item, Document):
            flush()
            documents.append(item)
        elif isinstance(item, Mapping):
            flush()
            text = item.get("text")
            if not isinstance(text, str):
                problems.append(InputProblem(f"<input {n}>", "no 'text' string"))
                continue
            fields = {k: item.get(k) for k in ("title", "date", "author", "outlet", "url")}
            documents.append(Document(str(item.get("id") or f"doc{n}"), text, **fields))
        else:
            paths.append(item)
    flush()
    return documents, problems


def scan(
    inputs: Input | Iterable[Input],
    settings: Settings | None = None,
    *,
    jobs: int = 1,
    mapper: Mapper | None = None,
    progress: StageProgress | None = None,
    command: str = "scan",
    options: IngestOptions | None = None,
) -> Report:
    """Find reuse among documents: every pair that shares text, its passages, how it
    was disguised, which side is the original, and the stories they form.

    ``inputs``: paths (files or folders), documents or mappings (see :data:`Input`).
    ``jobs`` worker processes (or a ``mapper`` such as the Spark one) run the work.
    """
    settings = settings or Settings()
    items = [inputs] if isinstance(inputs, str | os.PathLike | Document | Mapping) else inputs
    documents, problems = read(items, options)
    return scan_documents_report(documents, problems, settings, jobs=jobs, mapper=mapper,
                                 progress=progress, command=command)


def scan_documents_report(
    documents: Sequence[Document],
    problems: Sequence[InputProblem] = (),
    settings: Settings | None = None,
    *,
    jobs: int = 1,
    mapper: Mapper | None = None,
    progress: StageProgress | None = None,
    command: str = "scan",
    align_all: bool = False,
) -> Report:
    """:func:`scan` over documents already read (``align_all``: align every pair, as a
    compare of two articles does, without the candidate stage)."""
    settings = settings or Settings()
    if mapper is None:
        with process_pool(jobs) as pool:
            return scan_documents_report(documents, problems, settings, jobs=jobs, mapper=pool,
                                         progress=progress, command=command,
                                         align_all=align_all)
    run = mapper
    stage = progress or _no_progress
    prepared, features = prepare_with_features(documents, settings, run,
                                               stage("reading", len(documents), "doc"))
    forensics = _lazy(stage, "forensics", len(documents), "doc")
    aligning: dict[str, Callable[[int], None]] = {}
    left = [0]

    def on_candidates(total: int) -> None:
        aligning["step"] = stage("aligning", total, "pair")
        left[0] = total
        if not total and settings.forensics.enabled:
            forensics(0)  # shown as it starts, not when its first documents are done

    def on_pair(k: int) -> None:
        aligning["step"](k)
        left[0] -= k
        if left[0] <= 0 and settings.forensics.enabled:
            forensics(0)

    result = scan_prepared(
        prepared, settings, jobs,
        dates={d.id: d.date for d in documents}, outlets={d.id: d.outlet for d in documents},
        mapper=run, on_candidates=on_candidates, on_pair=on_pair, on_document=forensics,
        align_all=align_all, features=features,
    )
    return Report.of(
        command, settings, documents, result.pairs, result.stories, result.forensics,
        problems=tuple(problems), stats=result.stats, collations=result.collations,
        boilerplate={p.id: p.boilerplate for p in result.prepared},
        lexicon=describe(settings.lexicon.wordnet),
    )


def compare(
    a: Input, b: Input, settings: Settings | None = None, *, jobs: int = 1,
    options: IngestOptions | None = None,
) -> Report:
    """Compare two articles (texts, paths, URLs or documents): the pair's passages,
    relation, direction and disguise evidence."""
    items: list[Input] = []
    for k, item in enumerate((a, b)):
        if isinstance(item, str) and not _looks_like_path(item):
            items.append(Document("ab"[k], item))
        else:
            items.append(item)
    documents, problems = read(items, options)
    return scan_documents_report(documents, problems, settings, jobs=jobs, command="compare",
                                 align_all=True)


def _looks_like_path(text: str) -> bool:
    if text == STDIN_ARG or is_url(text):
        return True
    if "\n" in text or len(text) >= 4096:
        return False
    try:
        return Path(text).exists()
    except (OSError, ValueError):  # too long a name for the file system, a NUL byte
        return False


def _no_progress(stage: str, total: int, unit: str) -> Callable[[int], None]:
    return lambda k: None


def _lazy(stage: StageProgress, name: str, total: int, unit: str) -> Callable[[int], None]:
    """A callback that opens its stage on the first call (a stage that may never run)."""
    opened: list[Callable[[int], None]] = []

    def step(k: int) -> None:
        if not opened:
            opened.append(stage(name, total, unit))
        if k:
            opened[0](k)

    return step
