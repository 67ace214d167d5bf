"""``wiretrace serve DB``: the web service over an archive (FastAPI on uvicorn).

FastAPI and uvicorn are only imported when the command runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from wiretrace.cli.common import EXIT_OK, CliError

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
"""


def cmd_serve(args: argparse.Namespace) -> int:
    token = args.token if args.token is not None else os.environ.get("WIRETRACE_TOKEN")
    token = token or None
    if args.max_bytes < 1024:
        raise CliError("--max-bytes must be at least 1024")
    if not 0 < args.port < 65536:
        raise CliError("--port must be between 1 and 65535")
    import uvicorn

    from wiretrace.service.app import create_app
    from wiretrace.service.errors import ApiError

    try:
        app = create_app(args.db, token, args.max_bytes)
    except ApiError as exc:
        raise CliError(exc.message) from None
    count = app.state.service.health()["documents"]
    writes = "writes need the token" if token else "writes disabled (no token)"
    if not args.quiet:
        print(f"wiretrace serve: archive {args.db} ({count:,} articles) on "
              f"http://{args.host}:{args.port}/ — {writes}; requests up to "
              f"{args.max_bytes:,} bytes", file=sys.stderr)
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
    p.add_argument("db", metavar="DB", help="the archive file (created when missing)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--token", default=None,
                   help="the secret that writes (POST /documents, DELETE /documents/ID) need; "
                        "default: $WIRETRACE_TOKEN. Without one, writes are refused (403)")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
                   help=f"refuse request bodies larger than N bytes with 413 "
                        f"(default {DEFAULT_MAX_BYTES:,})")
    p.add_argument("--quiet", "-q", action="store_true", help="log only warnings and errors")
    p.set_defaults(func=cmd_serve)
