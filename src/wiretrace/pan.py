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


class PanLayoutError(ValueError):
    """The protocol's arguments do not make a PAN layout: a missing or misplaced file or
    folder, swapped folders, or folders that hold none of the documents the pairs file
    names. Raised before anything is written."""


def read_layout(
    pairs_file: Path, src_dir: Path, susp_dir: Path, out_dir: Path
) -> tuple[list[tuple[str, str]], list[InputProblem]]:
    """The ``susp src`` pairs of a PAN layout and the problems of single lines, once the
    arguments are known to make a layout (else :class:`PanLayoutError`, naming the
    argument and what is wrong with it). A pair whose document alone is missing is left
    to the run, which reports it and aligns the others."""
    if not pairs_file.exists():
        raise PanLayoutError(f"pairs file {pairs_file} does not exist")
    if pairs_file.is_dir():
        raise PanLayoutError(f"pairs file {pairs_file} is a folder, not a file of "
                             "'susp src' lines (the arguments are PAIRS SRC_DIR SUSP_DIR "
                             "OUT_DIR)")
    folders = (("source folder", src_dir), ("suspicious folder", susp_dir))
    for label, folder in folders:
        if not folder.exists():
            raise PanLayoutError(f"{label} {folder} does not exist")
        if not folder.is_dir():
            raise PanLayoutError(f"{label} {folder} is a file, not a folder")
    if out_dir.exists() and not out_dir.is_dir():
        raise PanLayoutError(f"output folder {out_dir} is a file, not a folder")
    for label, folder in folders:
        if out_dir.resolve() == folder.resolve():
            raise PanLayoutError(f"output folder {out_dir} is the {label}: the XML files "
                                 "would be written among the documents")
    pairs, problems = read_pairs(pairs_file)
    if not pairs:
        if problems and problems[0].line is None:  # the file itself cannot be read
            raise PanLayoutError(f"pairs file {problems[0]}")
        why = f" (line {problems[0].line}: {problems[0].message})" if problems else ""
        raise PanLayoutError(f"pairs file {pairs_file} holds no 'susp src' line{why}")
    susp_names = sorted({s for s, _ in pairs})
    src_names = sorted({r for _, r in pairs})

    def holds(folder: Path, names: list[str]) -> bool:
        return any((folder / name).is_file() for name in names)

    has_susp, has_src = holds(susp_dir, susp_names), holds(src_dir, src_names)
    if not has_susp and not has_src and (
        holds(src_dir, susp_names) or holds(susp_dir, src_names)
    ):
        raise PanLayoutError(
            f"source folder {src_dir} and suspicious folder {susp_dir} are swapped: the "
            f"suspicious documents of {pairs_file} (its first column, e.g. {susp_names[0]}) "
            f"are in {src_dir}, not in {susp_dir}; give SRC_DIR before SUSP_DIR"
        )
    for label, folder, names, column, held in (
            ("suspicious", susp_dir, susp_names, "first", has_susp),
            ("source", src_dir, src_names, "second", has_src)):
        if not held:
            raise PanLayoutError(
                f"{label} folder {folder} holds none of the {label} documents named in "
                f"the {column} column of {pairs_file} (e.g. {names[0]})"
            )
    return pairs, problems


def run_pan(
    pairs_file: Path,
    src_dir: Path,
    susp_dir: Path,
    out_dir: Path,
    settings: Settings | None = None,
    jobs: int = 1,
    on_pair: Callable[[PanOutcome], None] | None = None,
) -> tuple[list[PanOutcome], list[InputProblem]]:
    """Run the protocol over every pair; returns the outcomes and the problems met.
    Arguments that make no PAN layout raise :class:`PanLayoutError` (see
    :func:`read_layout`) before anything is written."""
    settings = settings or Settings()
    pairs, problems = read_layout(pairs_file, src_dir, susp_dir, out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PanLayoutError(f"cannot create output folder {out_dir}: "
                             f"{exc.strerror or exc}") from None
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
