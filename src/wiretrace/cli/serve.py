"""``wiretrace serve DB``: the web service over an archive (FastAPI on uvicorn).

FastAPI and uvicorn are only imported when the command runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from wiretrace.cli.common import EXIT_OK, CliError, number

DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # wiretrace.service.app.DEFAULT_MAX_BYTES

EPILOG = """\
endpoints:
  GET  /                    a page to paste or upload an article and read the HTML report
  POST /check               check an article (JSON {"text": …, "title": …}, a form, or a file)
  POST /check.html          the same, answered as the HTML report
  POST /documents           add an article (JSON {"id": …, "text": …} or a file)   [token]
  DELETE /documents/ID      remove an archived article                             [token]
  GET  /documents/ID        an archived article
  GET  /stories/ID          the story of an archived article (report format)
  GET  /health              status; /docs and /openapi.json: the API reference

writes need the token given with --token or the WIRETRACE_TOKEN environment variable,
sent as 'Authorization: Bearer TOKEN' or 'X-Token: TOKEN' (missing: 401, wrong: 403).
Without a configured token, every write is refused with 403; reads never need it.
Prefer WIRETRACE_TOKEN to --token: command lines are visible to other local users.

load: checks (and stories) run in threads of the server process, or with --workers N in
N check processes that take them from one queue. At most --checks run at once and
--queue more wait; a request beyond that is refused with 429 (Retry-After), and one
that runs past --time-limit seconds is stopped and answered 503. Reads of /health and
/documents stay fast while checks run.
"""


def cmd_serve(args: argparse.Namespace) -> int:
    token = args.token if args.token is not None else os.environ.get("WIRETRACE_TOKEN")
    token = token or None
    if not args.create and not os.path.lexists(args.db):
        raise CliError(f"no archive at {args.db}: build one with 'wiretrace index add "
                       f"{args.db} PATH...', or start an empty one with 'wiretrace serve "
                       f"--create {args.db}'")
    import uvicorn

    from wiretrace.archive import Archive
    from wiretrace.archive.schema import ArchiveError
    from wiretrace.service.app import create_app
    from wiretrace.service.errors import ApiError

    try:  # what is wrong with the file, named in full (the service names no folders)
        Archive.open(args.db, create=args.create).close()
    except ArchiveError as exc:
        raise CliError(str(exc)) from None
    try:
        app = create_app(args.db, token, args.max_bytes, workers=args.checks,
                         queue=args.queue, time_limit=args.time_limit,
                         processes=args.workers)
    except ApiError as exc:
        raise CliError(exc.message) from None
    checks = app.state.admission.workers
    count = app.state.service.health()["documents"]
    writes = "writes need the token" if token else "writes disabled (no token)"
    where = ("in this process" if args.workers == 1
             else f"in {args.workers} check processes, one queue")
    if not args.quiet:
        print(f"wiretrace serve: archive {args.db} ({count:,} articles) on "
              f"http://{args.host}:{args.port}/ — {writes}; requests up to "
              f"{args.max_bytes:,} bytes; {checks} check(s) at once {where}, "
              f"{args.queue} waiting, {args.time_limit:g} s each at most", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, server_header=False,
                log_level="warning" if args.quiet else "info")
    return EXIT_OK


def add_serve_command(sub: Any) -> None:
    """Register ``serve`` on the ``wiretrace`` parser."""
    p = sub.add_parser(
        "serve", help="web service and page: check articles against an archive over HTTP",
        description="Serve an archive over HTTP: check articles against it (JSON or HTML "
                    "report), add and remove articles, and a web page to paste or upload "
                    "an article. Writes are refused (403) unless a token is configured.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("db", metavar="DB",
                   help="the archive file (see 'wiretrace index'); it must exist, unless "
                        "--create")
    p.add_argument("--create", action="store_true",
                   help="create an empty archive at DB when there is none")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=number(int, 1, 65535), default=8000,
                   help="port (default 8000)")
    p.add_argument("--token", default=None,
                   help="the secret that writes (POST /documents, DELETE /documents/ID) need; "
                        "default: $WIRETRACE_TOKEN. Without one, writes are refused (403)")
    p.add_argument("--max-bytes", type=number(int, 1024), default=DEFAULT_MAX_BYTES,
                   metavar="N",
                   help=f"refuse request bodies larger than N bytes with 413 "
                        f"(default {DEFAULT_MAX_BYTES:,})")
    p.add_argument("--workers", type=number(int, 1, 64), default=1, metavar="N",
                   help="check processes, fed from one queue (default 1: checks run in "
                        "threads of the server process); one per core makes the most of "
                        "a machine")
    p.add_argument("--checks", type=number(int, 1, 64), default=None, metavar="N",
                   help="checks and stories run at once (default 2; with --workers N, "
                        "N and at most N: a check process runs one at a time)")
    p.add_argument("--queue", type=number(int, 0, 10000), default=16, metavar="N",
                   help="checks that may wait for a turn (default 16); beyond, 429")
    p.add_argument("--time-limit", type=number(float, 0.1), default=30.0, metavar="S",
                   help="a check or story running (or waiting) longer than S seconds is "
                        "stopped and answered 503 (default 30)")
    p.add_argument("--quiet", "-q", action="store_true", help="log only warnings and errors")
    p.set_defaults(func=cmd_serve)
