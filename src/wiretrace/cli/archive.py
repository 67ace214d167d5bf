"""``wiretrace index add|stats|remove`` and ``wiretrace check``: thin commands over
:class:`wiretrace.archive.Archive`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from wiretrace.archive.schema import ArchiveError
from wiretrace.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    CliError,
    add_common,
    add_input_options,
    add_report_options,
    emit,
    info_stream,
    number,
    read_inputs,
    settings_from,
)
from wiretrace.cli.progress import Stages, progress_bar
from wiretrace.ingest.discover import INPUTS_HELP
from wiretrace.settings import Settings

if TYPE_CHECKING:
    from wiretrace.archive.store import Archive


def _size(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n:,.1f} GiB"


def _open(db: str, settings: Settings, *, create: bool, readonly_ok: bool = False) -> Archive:
    from wiretrace.archive.store import Archive  # the pipeline, for archive commands only

    try:
        return Archive.open(db, create=create, settings=settings)
    except ArchiveError as exc:
        if readonly_ok and "read-only" in str(exc):
            try:
                return Archive.open(db, readonly=True)
            except ArchiveError as exc2:
                raise CliError(str(exc2)) from None
        raise CliError(str(exc)) from None


def _archive_settings(archive: Archive, args: argparse.Namespace) -> Settings:
    settings = settings_from(args)
    if not settings.lexicon.wordnet and archive.features.synonyms:
        raise CliError(
            f"archive {archive.path} was built with WordNet synonyms; "
            "--no-synonyms cannot be used with it"
        )
    try:
        return archive.settings_for(settings)
    except ArchiveError as exc:
        raise CliError(str(exc)) from None


def _read(args: argparse.Namespace, paths: list[str]) -> tuple[list[Any], list[Any]]:
    documents, problems = read_inputs(args, paths)
    if not documents:
        for p in problems:
            print(f"wiretrace: {p}", file=sys.stderr)
        raise CliError("no documents could be read")
    return documents, problems


def _add(archive: Archive, documents: list[Any], args: argparse.Namespace, verb: str) -> None:
    bar = progress_bar(len(documents), "indexing", not args.quiet, "article")
    try:
        result = archive.add(documents, jobs=args.jobs, batch_size=args.batch,
                             on_progress=bar.update)
    except ArchiveError as exc:
        raise CliError(str(exc)) from None
    finally:
        bar.close()
    if not args.quiet:
        extra = (f" (re-indexed {result.refeaturized} archived for repeated lines)"
                 if result.refeaturized else "")
        print(f"{verb}: added {len(result.added):,}, replaced {len(result.replaced):,}, "
              f"unchanged {len(result.unchanged):,}{extra}; archive {archive.path} holds "
              f"{archive.count():,} articles", file=info_stream(args))


def cmd_index_add(args: argparse.Namespace) -> int:
    documents, problems = _read(args, args.paths)
    for p in problems:
        print(f"wiretrace: {p}", file=sys.stderr)
    settings = settings_from(args)
    with _open(args.db, settings, create=True) as archive:
        _archive_settings(archive, args)
        _add(archive, documents, args, "index add")
    return EXIT_PROBLEMS if problems and args.strict else EXIT_OK


def cmd_index_stats(args: argparse.Namespace) -> int:
    with _open(args.db, Settings(), create=False, readonly_ok=True) as archive:
        try:
            stats = archive.stats()
            problems = archive.verify() if args.verify else []
        except ArchiveError as exc:
            raise CliError(str(exc)) from None
    if args.verify:
        stats["verify"] = problems or "ok"
    if args.json:
        print(json.dumps(stats, indent=1, ensure_ascii=False))
    else:
        per = stats["bytes_per_document"]
        dates = stats["date_range"]
        fs = stats["feature_settings"]
        lines = [
            f"archive         {stats['path']}",
            f"schema version  {stats['schema_version']} ({stats['created_by']}, "
            f"created {stats['created_at']})",
            f"documents       {stats['documents']:,} ({stats['characters']:,} characters)",
            f"features        {stats['features']:,}",
            f"postings        {stats['postings']:,}",
            f"repeated lines  {stats['repeated_lines']:,} (short lines in ≥ "
            f"{fs['corpus_boilerplate_min_docs']} articles)",
            f"size on disk    {_size(stats['bytes_on_disk'])}"
            + (f" ({_size(per)} per article)" if per is not None else ""),
            "date range      " + (f"{dates[0]} … {dates[1]} ({stats['dated_documents']:,} "
                                  "dated articles)" if dates else "no dated articles"),
            "added           " + (" … ".join(stats["added_range"]) if stats["added_range"]
                                  else "-"),
            f"synonyms        {'WordNet' if fs['synonyms'] else 'off'}",
        ]
        if args.verify:
            lines.append("verify          " + ("ok" if not problems else
                                               f"{len(problems)} problem(s)"))
            lines += [f"  ! {p}" for p in problems[:20]]
        print("\n".join(lines))
    return EXIT_PROBLEMS if problems else EXIT_OK


def cmd_index_remove(args: argparse.Namespace) -> int:
    with _open(args.db, Settings(), create=False) as archive:
        try:
            removed, unknown = archive.remove(args.ids)
        except ArchiveError as exc:
            raise CliError(str(exc)) from None
        for doc_id in unknown:
            print(f"wiretrace: no article {doc_id!r} in archive {args.db}", file=sys.stderr)
        if not args.quiet:
            print(f"index remove: removed {len(removed):,}; archive {args.db} holds "
                  f"{archive.count():,} articles")
    return EXIT_PROBLEMS if unknown else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    documents, problems = _read(args, args.files)
    archive = _open(args.db, Settings(), create=False, readonly_ok=not args.add)
    with archive:
        settings = _archive_settings(archive, args)
        stages = Stages(not args.quiet)
        aligning: list[Any] = []
        try:
            from wiretrace.archive.check import check_documents, check_report

            result = check_documents(
                archive, documents, settings, jobs=args.jobs,
                on_candidates=lambda n: aligning.append(stages("aligning", n, "pair")),
                on_pair=lambda k: aligning[-1](k),
            )
        except ArchiveError as exc:
            raise CliError(str(exc)) from None
        finally:
            stages.close()
        status = emit(check_report(result, settings, str(args.db), problems), args)
        if args.add:
            if not args.quiet:
                print(file=info_stream(args))
            _add(archive, result.checked, args, "check --add")
    return status


def add_archive_commands(sub: Any) -> None:
    """Register ``index`` (add, stats, remove) and ``check`` on the ``wiretrace`` parser."""
    def batch_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--batch", type=number(int, 1), default=500, metavar="N",
                       help="articles per transaction (default 500)")

    p = sub.add_parser("index", help="a persistent archive of articles to check new ones against")
    index = p.add_subparsers(dest="index_command", required=True, metavar="ACTION")

    q = index.add_parser("add", help="add articles to an archive (created when missing)")
    q.add_argument("db", metavar="DB", help="the archive file (SQLite)")
    q.add_argument("paths", nargs="+", metavar="PATH",
                   help=INPUTS_HELP)
    q.add_argument("--strict", action="store_true",
                   help="exit with status 1 when any input could not be read")
    batch_option(q)
    add_common(q)
    add_input_options(q)
    q.set_defaults(func=cmd_index_add)

    q = index.add_parser("stats", help="size and contents of an archive")
    q.add_argument("db", metavar="DB")
    q.add_argument("--json", action="store_true", help="print the figures as JSON")
    q.add_argument("--verify", action="store_true",
                   help="also check the file's integrity and that every article has all "
                        "its postings")
    q.set_defaults(func=cmd_index_stats)

    q = index.add_parser("remove", help="remove articles from an archive by id")
    q.add_argument("db", metavar="DB")
    q.add_argument("ids", nargs="+", metavar="ID")
    q.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    q.set_defaults(func=cmd_index_remove)

    p = sub.add_parser("check", help="check new articles against an archive")
    p.add_argument("db", metavar="DB", help="the archive file (see 'wiretrace index')")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help=INPUTS_HELP)
    p.add_argument("--add", action="store_true",
                   help="add the checked articles to the archive afterwards")
    batch_option(p)
    add_report_options(p)
    p.set_defaults(func=cmd_check)
