"""``wiretrace pan PAIRS SRC_DIR SUSP_DIR OUT_DIR``: the PAN text-alignment protocol."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from wiretrace.cli.common import EXIT_OK, EXIT_PROBLEMS, CliError, add_common, settings_from
from wiretrace.cli.progress import progress_bar


def cmd_pan(args: argparse.Namespace) -> int:
    from wiretrace.pan import PanLayoutError, run_pan

    settings = settings_from(args)
    bar = progress_bar(0, "pan", not args.quiet)
    try:
        outcomes, problems = run_pan(
            Path(args.pairs), Path(args.src_dir), Path(args.susp_dir), Path(args.out_dir),
            settings, args.jobs, on_pair=lambda _o: bar.update(1),
        )
    except PanLayoutError as exc:
        raise CliError(str(exc)) from None
    finally:
        bar.close()
    for p in problems:
        print(f"wiretrace: {p}", file=sys.stderr)
    if not args.quiet:
        found = sum(1 for o in outcomes if o.passages)
        n_passages = sum(o.passages for o in outcomes)
        print(f"{len(outcomes)} pairs aligned, {found} with reuse, {n_passages} passages; "
              f"XML written to {args.out_dir}")
    return EXIT_PROBLEMS if problems else EXIT_OK


def add_pan_command(sub: Any) -> None:
    p = sub.add_parser(
        "pan", help="PAN text-alignment protocol: write one XML file per pair",
        description="For each line 'susp src' of PAIRS, align SUSP_DIR/susp with SRC_DIR/src "
                    "and write OUT_DIR/<susp-stem>-<src-stem>.xml (PAN's detected-plagiarism "
                    "features), for the standard PAN evaluator.")
    p.add_argument("pairs", metavar="PAIRS",
                   help="file of 'susp src' lines: a suspicious and a source document's names")
    p.add_argument("src_dir", metavar="SRC_DIR", help="folder of the source documents")
    p.add_argument("susp_dir", metavar="SUSP_DIR", help="folder of the suspicious documents")
    p.add_argument("out_dir", metavar="OUT_DIR",
                   help="folder to write the XML files into (created when missing)")
    add_common(p)
    p.set_defaults(func=cmd_pan)
