"""``marsad serve``: the web app and JSON API over the archive.  Thin:
parse arguments, build the app (:mod:`marsad.web`), run it with uvicorn."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TextIO

from .errors import MarsadError

DB_HELP = "the archive file (default: $MARSAD_DB, else ./marsad.db)"


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="the web app and JSON API over the archive (Arabic, Russian, English)",
        description=(
            "Serve the archive: pages to read, search and follow it in Arabic, Russian or English, "
            "and a JSON API (/api/..., OpenAPI at /api/openapi.json).  Read-only unless a token "
            "is set (--token or $MARSAD_TOKEN): then POST /api/ingest stores records sent with it."
        ),
        epilog="examples:\n  marsad serve --db saudi.db\n  marsad serve --host 0.0.0.0 --port 8080 --token \"$(openssl rand -hex 16)\"",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--db", metavar="PATH", help=DB_HELP)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--token", metavar="TOKEN", help="allow writes (POST /api/ingest) with this bearer token (default: $MARSAD_TOKEN; none: read-only)")
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    from .store import db_path

    try:
        import uvicorn

        from .web import create_app
    except ImportError as exc:
        raise MarsadError(f"marsad serve needs the web dependencies ({exc.name} is missing): pip install starlette uvicorn jinja2 babel") from None
    path = db_path(args.db)
    token = args.token or os.environ.get("MARSAD_TOKEN") or None
    app = create_app(path, token=token)
    print(f"marsad: serving {path} at http://{args.host}:{args.port}/ ({'writes allowed with the token' if token else 'read-only'}); Ctrl-C stops",
          file=sys.stderr, flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0
