"""``wiretrace scan``, ``compare`` and ``demo``: thin commands over :func:`wiretrace.scan`."""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from wiretrace.api import read, scan_documents_report
from wiretrace.cli.common import (
    CliError,
    add_report_options,
    add_spark_option,
    emit,
    engine,
    info_stream,
    read_inputs,
    settings_from,
)
from wiretrace.cli.progress import Stages
from wiretrace.ingest.discover import INPUTS_HELP
from wiretrace.records import Document, InputProblem


def _run(documents: list[Document], problems: list[InputProblem], args: argparse.Namespace,
         command: str, align_all: bool = False) -> int:
    settings = settings_from(args)
    if not documents:
        for p in problems:
            print(f"wiretrace: {p}", file=sys.stderr)
        raise CliError("no documents could be read")
    stages = Stages(not args.quiet)
    try:
        with engine(args) as mapper:
            report = scan_documents_report(documents, problems, settings, jobs=args.jobs,
                                           mapper=mapper, progress=stages, command=command,
                                           align_all=align_all)
    finally:
        stages.close()
    return emit(report, args)


def cmd_scan(args: argparse.Namespace) -> int:
    documents, problems = read_inputs(args, args.paths)
    return _run(documents, problems, args, "scan")


def cmd_compare(args: argparse.Namespace) -> int:
    documents, problems = read_inputs(args, [args.a, args.b])
    if len(documents) != 2 and not problems:
        raise CliError(f"compare needs two documents, found {len(documents)}")
    return _run(documents, problems, args, "compare", align_all=True)


def cmd_demo(args: argparse.Namespace) -> int:
    corpus = resources.files("wiretrace.demo").joinpath("corpus")
    with resources.as_file(corpus) as folder:
        files = sorted(p for p in Path(folder).glob("*.txt"))
        documents, problems = read(files)
    if not args.quiet:
        print(f"wiretrace demo: scanning the built-in example corpus ({len(files)} articles)\n",
              file=info_stream(args))
    return _run(documents, problems, args, "demo")


def cmd_settings(args: argparse.Namespace) -> int:
    from wiretrace.settings import settings_toml

    sys.stdout.write(settings_toml(settings_from(args)))
    return 0


def add_scan_commands(sub: Any) -> None:
    p = sub.add_parser("scan", help="find reuse among files and folders of articles")
    p.add_argument("paths", nargs="+", metavar="PATH", help=INPUTS_HELP)
    add_report_options(p)
    add_spark_option(p)
    p.set_defaults(func=cmd_scan)

    p = sub.add_parser("compare", help="compare two articles")
    p.add_argument("a", metavar="A", help=INPUTS_HELP)
    p.add_argument("b", metavar="B", help=INPUTS_HELP)
    add_report_options(p)
    add_spark_option(p)
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("demo", help="scan the built-in example corpus")
    add_report_options(p)
    add_spark_option(p)
    p.set_defaults(func=cmd_demo, json="wiretrace-demo-report.json")

    p = sub.add_parser("settings", help="print every setting as TOML (the defaults, or those "
                                        "of --config and the flags): a start for --config")
    p.add_argument("--config", metavar="FILE", help="settings from a TOML file")
    p.add_argument("--no-synonyms", action="store_true", help="as for scan")
    p.set_defaults(func=cmd_settings)
