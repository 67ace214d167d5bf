"""The PAN text-alignment protocol: ``wiretrace pan PAIRS SRC_DIR SUSP_DIR OUT_DIR``.

For each line ``susp src`` of PAIRS, the pair is aligned and
``OUT_DIR/<susp-stem>-<src-stem>.xml`` is written with one
``detected-plagiarism`` feature per passage, so wiretrace can be scored with
the standard PAN evaluator. Offsets are characters of the files decoded as UTF-8.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from wiretrace.engine import WorkerMemo, map_tasks
from wiretrace.ingest.decode import InputError, load_text
from wiretrace.lexicon.resources import wordnet_for
from wiretrace.normalize import PreparedDoc, prepare_document
from wiretrace.pipeline import add_embeddings, compare_prepared
from wiretrace.records import Document, InputProblem
from wiretrace.report.pan_xml import write_pan_xml
from wiretrace.settings import Settings


@dataclass(frozen=True, slots=True)
class PanTask:
    susp: Path
    src: Path
    out: Path


@dataclass(slots=True)
class PanOutcome:
    task: PanTask
    passages: int
    relation: str | None = None
    """The pair's relation (``None`` when no reuse was found)."""
    problem: InputProblem | None = None


def read_pairs(pairs_file: Path) -> tuple[list[tuple[str, str]], list[InputProblem]]:
    """The ``susp src`` lines of a PAN pairs file."""
    pairs: list[tuple[str, str]] = []
    problems: list[InputProblem] = []
    try:
        text = load_text(pairs_file, pairs_file.suffix == ".gz")
    except InputError as exc:
        return [], [InputProblem(str(pairs_file), exc.message)]
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 2:
            problems.append(
                InputProblem(str(pairs_file), "expected two file names: 'susp src'", number)
            )
            continue
        pairs.append((parts[0], parts[1]))
    return pairs, problems


@dataclass(frozen=True, slots=True)
class PanShared:
    """What every pair task reads: the settings, and this worker's memo of prepared
    documents and their alignment indexes (a source document recurs in many pairs)."""

    settings: Settings
    documents: WorkerMemo = field(default_factory=lambda: WorkerMemo(64))
    indexes: WorkerMemo = field(default_factory=WorkerMemo)


def _prepare(path: Path, settings: Settings) -> PreparedDoc:
    text = load_text(path, False)
    doc = prepare_document(Document(path.name, text), wordnet_for(settings.lexicon.wordnet),
                           settings=settings.normalize)
    if settings.embeddings:
        doc = add_embeddings([doc])[0]
    return doc


def run_task(task: PanTask, shared: PanShared) -> PanOutcome:
    """Align one PAN pair and write its XML file; a bad input file becomes a problem."""
    settings = shared.settings
    prepared: list[PreparedDoc] = []
    for path in (task.susp, task.src):
        try:
            prepared.append(shared.documents.get(str(path), lambda p=path: _prepare(p, settings)))
        except InputError as exc:
            return PanOutcome(task, 0, problem=InputProblem(str(path), exc.message))
    susp, src = prepared
    result = compare_prepared(susp, src, settings, shared.indexes)
    passages = [(p.a, p.b) for p in result.passages] if result else []
    write_pan_xml(task.out, task.susp.name, task.src.name, passages)
    return PanOutcome(task, len(passages), result.relation if result else None)


def run_pan(
    pairs_file: Path,
    src_dir: Path,
    susp_dir: Path,
    out_dir: Path,
    settings: Settings | None = None,
    jobs: int = 1,
    on_pair: Callable[[PanOutcome], None] | None = None,
) -> tuple[list[PanOutcome], list[InputProblem]]:
    """Run the protocol over every pair; returns the outcomes and the problems met."""
    settings = settings or Settings()
    pairs, problems = read_pairs(pairs_file)
    out_dir.mkdir(parents=True, exist_ok=True)
    tasks = [
        PanTask(susp_dir / s, src_dir / r, out_dir / f"{Path(s).stem}-{Path(r).stem}.xml")
        for s, r in pairs
    ]
    outcomes: list[PanOutcome] = []
    for outcome in map_tasks(run_task, tasks, PanShared(settings), jobs):
        outcomes.append(outcome)
        if outcome.problem:
            problems.append(outcome.problem)
        if on_pair:
            on_pair(outcome)
    return outcomes, problems
