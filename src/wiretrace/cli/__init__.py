"""The ``wiretrace`` command line: each command a thin function over the library
(:mod:`wiretrace.api`, :class:`wiretrace.archive.Archive`), in a module of its own —
:mod:`.scan` (scan, compare, demo), :mod:`.pan`, :mod:`.archive` (index, check),
:mod:`.serve`; :mod:`.common` holds the options and the report output they share."""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence
from contextlib import suppress
from typing import Any, TextIO

from wiretrace import __version__
from wiretrace.cli.archive import add_archive_commands
from wiretrace.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_PIPE_CLOSED,
    EXIT_PROBLEMS,
    EXIT_STATUS_HELP,
    CliError,
    check_outputs,
)
from wiretrace.cli.pan import add_pan_command
from wiretrace.cli.scan import add_scan_commands
from wiretrace.cli.serve import add_serve_command

__all__ = ["build_parser", "main"]

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wiretrace",
        description="Find which news articles reuse which, the exact passages, and how.",
        epilog=EXIT_STATUS_HELP + "\n'wiretrace COMMAND --help' tells each command's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"wiretrace {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_scan_commands(sub)
    add_pan_command(sub)
    add_archive_commands(sub)
    add_serve_command(sub)
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
    stdout = sys.stdout
    sys.stdout = _ReaderMayLeave(stdout)
    try:
        check_outputs(args)
        return int(args.func(args))
    except CliError as exc:
        print(f"wiretrace: error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("wiretrace: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away: stop quietly, as a shell tool killed by SIGPIPE would.
        _silence_stdout()
        return EXIT_PIPE_CLOSED
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
