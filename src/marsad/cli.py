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
        help="json: one object for one page or URL, else an array; jsonl: one record per line; text: for reading",
    )
    p.add_argument("--tokens", action="store_true", help="include word tokens (with Arabic stems) in JSON")
    p.add_argument(
        "--max-bytes",
        type=_positive_int,
        default=None,
        metavar="N",
        help="skip pages larger than N bytes (default 20 MB)",
    )
    p.set_defaults(func=cmd_analyze)


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {value}")
    return number


def _single_page(inputs: list[str]) -> bool:
    """One page file or URL: printed as one JSON object, not an array.
    Folders, archives and exports always print an array, however many
    articles they hold, so scripts can rely on the shape."""
    from pathlib import Path

    from .readers import EXPORT_SUFFIXES, is_url

    if len(inputs) != 1:
        return False
    if is_url(inputs[0]):
        return True
    path = Path(inputs[0])
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    return path.is_file() and Path(name).suffix.lower() not in EXPORT_SUFFIXES


def _ner_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ner",
        help="tag a CoNLL file with entity tags (IOB2: PER, ORG, LOC, MISC)",
        description=(
            "Tag a CoNLL file (one token per line, blank line between sentences; a gold tag in the "
            "last column is ignored) with Marsad's entity tagger: the project's CRF models for "
            "Arabic and English, natasha for Russian.  Prints `token TAG` lines aligned one for one "
            "with the input.  Evaluate with scripts/eval_ner.py (docs/ner.md)."
        ),
        epilog="example:\n  marsad ner --conll ../shared/data/ner/ar/anercorp/test.txt --lang ar > tagged.txt",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--conll", required=True, metavar="FILE", help="the CoNLL file to tag")
    p.add_argument("--lang", required=True, metavar="ar|ru|en", help="the language of the file")
    p.set_defaults(func=cmd_ner)


def cmd_ner(args: argparse.Namespace, out: TextIO) -> int:
    from .ner.tagger import run_ner_command

    return run_ner_command(args.conll, args.lang, out)


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
    from .cli_archive import add_parsers

    add_parsers(sub)
    from .cli_web import add_parsers as add_web_parsers; add_web_parsers(sub)  # noqa: E702
    _ner_parser(sub)
    _stages_parser(sub)
    return parser


def _progress(docs: Iterator[Document], stats: RunStats, enabled: bool) -> Iterator[Document]:
    if not enabled:
        yield from docs
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.completed} documents"),
        TextColumn("[green]{task.fields[ok]} ok[/] [red]{task.fields[bad]} rejected[/]"),
        TimeElapsedColumn(),
        transient=True,
        console=Console(stderr=True),
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
    max_bytes = args.max_bytes if args.max_bytes is not None else DEFAULT_MAX_BYTES
    pipeline = Pipeline(DEFAULT_STAGES + ("marsad.tokens.v1",)) if args.tokens else None
    docs = analyze(args.inputs, stats=stats, max_bytes=max_bytes, pipeline=pipeline)
    single = _single_page(args.inputs)
    records: list[dict] = []
    for doc in _progress(docs, stats, sys.stderr.isatty() and not single):
        if doc.rejection is not None:
            r = doc.rejection
            print(f"marsad: {doc.name}: {r.reason}: {r.message}", file=sys.stderr)
        if args.format == "jsonl":
            out.write(json.dumps(to_record(doc, tokens=args.tokens), ensure_ascii=False) + "\n")
        elif args.format == "text":
            out.write(to_text(doc) + "\n")
        else:
            records.append(to_record(doc, tokens=args.tokens))
    total = stats.ok + stats.rejected
    if args.format == "json":
        value = records[0] if single and len(records) == 1 else records
        json.dump(value, out, ensure_ascii=False, indent=2)
        out.write("\n")
    if total > 1:
        print(f"marsad: {stats.summary()}", file=sys.stderr)
    if stats.ok == 0:
        return 1
    return 0


def cmd_stages(args: argparse.Namespace, out: TextIO) -> int:
    from .pipeline import DEFAULT_STAGES, registered

    stages = registered()
    order = list(DEFAULT_STAGES) + sorted(n for n in stages if n not in DEFAULT_STAGES)
    out.write("The default pipeline, in order (* marks its stages):\n\n")
    for name in order:
        st = stages[name]
        summary = " ".join(st.doc.split("\n\n")[0].split())
        out.write(f"{'*' if name in DEFAULT_STAGES else ' '} {name}\n")
        out.write(f"    requires: {', '.join(st.requires) or '-'}\n    assigns:  {', '.join(st.assigns) or '-'}\n")
        out.write(f"    {summary}\n\n")
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
