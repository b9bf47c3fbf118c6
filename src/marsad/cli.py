"""The ``marsad`` command line.  Thin: parse arguments, call the library.

Exit codes: 0 success (for a batch: at least one article analyzed);
1 the only input, or every input, was rejected; 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Iterator, Sequence, TextIO

from . import __version__
from .doc import Document
from .errors import MarsadError
from .pipeline import RunStats

EXAMPLES = """\
examples:
  marsad analyze samples/                      every file in a folder, as JSON
  marsad analyze page.html --format text       one page, human-readable
  marsad analyze export.jsonl --format jsonl   one JSON record per article
  marsad analyze https://example.org/news/1    fetch and analyze a URL
"""


def _analyze_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "analyze",
        help="extract clean, dated, attributed articles from pages, dumps and exports",
        description=(
            "Read files, folders, archives (.zip, .gz), JSON / JSON Lines exports and "
            "http(s) URLs; extract each article's text, headline, sub-headings, publisher, "
            "agency credits, publication date and language; print one JSON record per "
            "article (the contract in docs/record.md)."
        ),
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="PATH|URL", help="files, folders or http(s) URLs")
    p.add_argument(
        "--format",
        choices=("json", "jsonl", "text"),
        default="json",
        help="json: one object (one input) or an array; jsonl: one record per line; text: for reading",
    )
    p.add_argument("--tokens", action="store_true", help="include word tokens (with Arabic stems) in JSON")
    p.add_argument(
        "--max-bytes",
        type=int,
        default=None,
        metavar="N",
        help="skip pages larger than N bytes (default 20 MB)",
    )
    p.set_defaults(func=cmd_analyze)


def _stages_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stages", help="list the pipeline stages, what they need and what they produce")
    p.set_defaults(func=cmd_stages)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marsad",
        description="Marsad (مرصد): news intelligence for Arabic, Russian and English news.",
    )
    parser.add_argument("--version", action="version", version=f"marsad {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _analyze_parser(sub)
    _stages_parser(sub)
    return parser


def _progress(docs: Iterator[Document], stats: RunStats, enabled: bool) -> Iterator[Document]:
    if not enabled:
        yield from docs
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.completed} documents"),
        TextColumn("[green]{task.fields[ok]} ok[/] [red]{task.fields[bad]} rejected[/]"),
        TimeElapsedColumn(),
        transient=True,
        console=__import__("rich.console").console.Console(stderr=True),
    ) as progress:
        task = progress.add_task("analyze", total=None, ok=0, bad=0)
        for doc in docs:
            progress.update(task, advance=1, ok=stats.ok, bad=stats.rejected)
            yield doc


def cmd_analyze(args: argparse.Namespace, out: TextIO) -> int:
    from .api import analyze
    from .readers import DEFAULT_MAX_BYTES
    from .record import to_record, to_text

    from .pipeline import DEFAULT_STAGES, Pipeline

    stats = RunStats()
    max_bytes = args.max_bytes or DEFAULT_MAX_BYTES
    pipeline = Pipeline(DEFAULT_STAGES + ("marsad.tokens.v1",)) if args.tokens else None
    docs = analyze(args.inputs, stats=stats, max_bytes=max_bytes, pipeline=pipeline)
    batch = len(args.inputs) > 1
    records: list[dict] = []
    rejected: list[Document] = []
    for doc in _progress(docs, stats, sys.stderr.isatty() and (batch or args.format != "json")):
        if doc.rejected:
            rejected.append(doc)
        if args.format == "jsonl":
            out.write(json.dumps(to_record(doc, tokens=args.tokens), ensure_ascii=False) + "\n")
        elif args.format == "text":
            out.write(to_text(doc) + "\n")
        else:
            records.append(to_record(doc, tokens=args.tokens))
    total = stats.ok + stats.rejected
    if args.format == "json":
        value = records[0] if total == 1 and not batch else records
        json.dump(value, out, ensure_ascii=False, indent=2)
        out.write("\n")
    for doc in rejected:
        r = doc.rejection
        print(f"marsad: {doc.name}: {r.reason}: {r.message}", file=sys.stderr)
    if total > 1:
        print(f"marsad: {stats.summary()}", file=sys.stderr)
    if stats.ok == 0:
        return 1
    return 0


def cmd_stages(args: argparse.Namespace, out: TextIO) -> int:
    from .pipeline import DEFAULT_STAGES, registered

    for name, st in sorted(registered().items(), key=lambda kv: (kv[0] not in DEFAULT_STAGES, kv[0])):
        default = "*" if name in DEFAULT_STAGES else " "
        out.write(f"{default} {name}\n    requires: {', '.join(st.requires) or '-'}\n")
        out.write(f"    assigns:  {', '.join(st.assigns) or '-'}\n    {st.doc.splitlines()[0] if st.doc else ''}\n")
    return 0


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args, out or sys.stdout)
    except MarsadError as exc:
        print(f"marsad: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("marsad: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
