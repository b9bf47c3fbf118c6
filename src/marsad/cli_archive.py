"""The archive commands of the ``marsad`` command line: ingest, search,
entity, export.  Thin: parse arguments, call :mod:`marsad.ingest` and
:mod:`marsad.store`, print."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any, TextIO

from .cli import _positive_int
from .errors import MarsadError

DB_HELP = "the archive file (default: $MARSAD_DB, else ./marsad.db)"


def _filter_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", metavar="LANG", help="only articles in this language (ar, ru, en, ...)")
    p.add_argument("--source", metavar="NAME", help="only articles of this publisher / website")
    p.add_argument("--agency", metavar="ID|NAME", help="only articles crediting this news agency (tass, reuters, ...)")
    p.add_argument("--entity", metavar="NAME", help="only articles naming this person, organization or place")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="published (else fetched) on or after")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="published (else fetched) on or before")
    p.add_argument("--duplicates", action="store_true", help="include near-duplicates (left out by default)")


def _filters(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from .store import Filters

    return Filters(args.lang, args.source, args.agency, args.entity, args.date_from, args.date_to, args.duplicates)


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ingest",
        help="analyze pages, dumps, exports, WARC files, feeds and URLs into the archive",
        description=(
            "Read files, folders, .zip/.gz archives, JSON / JSON Lines exports, WARC files, "
            "RSS/Atom feeds (each item's page is fetched) and http(s) URLs; analyze them in "
            "parallel and store the articles in the archive.  Reruns skip what is stored; the "
            "same content at another URL is recorded as an alias, near-copies are linked to "
            "their original; bad inputs are counted by reason and the run goes on."
        ),
        epilog=(
            "examples:\n"
            "  marsad ingest samples/\n"
            "  marsad ingest ../shared/data/news/ar/saudinewsnet --db saudi.db\n"
            "  marsad ingest https://example.org/feed.xml --workers 2"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="PATH|URL|FEED")
    p.add_argument("--db", metavar="PATH", help=DB_HELP)
    p.add_argument("--workers", type=_positive_int, metavar="N", help="analysis processes (default: all cores)")
    p.add_argument("--reanalyze", action="store_true", help="analyze inputs an earlier run stored again")
    p.add_argument("--quiet", action="store_true", help="no progress bar and no per-input messages")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser(
        "search",
        help="full-text search of the archive, Arabic and Russian forms included",
        description=(
            "Search the archive.  Words match every form with the same stem and proclitics "
            "(المملكة finds والمملكة, بالمملكة, للمملكة; Лавров finds Лаврова).  Syntax: "
            'all words must appear; "a phrase" or «a phrase»; a OR b; -word leaves out.  '
            "Ranked by bm25 (headline words weigh more), with highlighted snippets and "
            "counts by language, source, agency and day."
        ),
        epilog=(
            "examples:\n"
            '  marsad search "وزير الخارجية" --lang ar\n'
            "  marsad search Лавров --from 2024-01-01 --format json\n"
            "  marsad search -- -word other    a query that starts with - comes after --"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("query", help="the words to look for (quote the whole query in the shell)")
    p.add_argument("--db", metavar="PATH", help=DB_HELP)
    _filter_args(p)
    p.add_argument("--limit", type=_positive_int, default=20, metavar="N", help="results to show (default 20)")
    p.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N results")
    p.add_argument("--format", choices=("text", "json", "jsonl"), default="text",
                   help="text: for reading; json: hits and counts; jsonl: one hit per line")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser(
        "entity",
        help="what the archive knows of a person, organization or place",
        description=(
            "Show an entity of the archive: the names seen, roles, type, how many articles name "
            "it, first and last seen, the entities most often named with it, and its latest quotes."
        ),
    )
    p.add_argument("name", help="a name as written in articles (full name or a part of it)")
    p.add_argument("--db", metavar="PATH", help=DB_HELP)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_entity)

    p = sub.add_parser(
        "export",
        help="write archive articles as JSON Lines, CSV or Parquet",
        description="Write stored articles, optionally narrowed by a search query and the search filters.",
        epilog="examples:\n  marsad export --format csv -o articles.csv --lang ar\n  marsad export --query Лавров --format parquet -o lavrov.parquet",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--db", metavar="PATH", help=DB_HELP)
    p.add_argument("--query", metavar="QUERY", help="only articles matching this search query")
    _filter_args(p)
    p.add_argument("--format", choices=("jsonl", "csv", "parquet"), default="jsonl")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output; required for parquet)")
    p.add_argument("--limit", type=_positive_int, metavar="N", help="at most N articles")
    p.set_defaults(func=cmd_export)

    add_watch_parser(sub)

    p = sub.add_parser(
        "reindex",
        help="rebuild the archive's search index (after an upgrade changed the analyzer)",
        description="Rebuild the full-text index from the stored texts with this Marsad's search analyzer.",
    )
    p.add_argument("--db", metavar="PATH", help=DB_HELP)
    p.set_defaults(func=cmd_reindex)


def _duration(value: str) -> float:
    from .watch import parse_duration

    try:
        return parse_duration(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_watch_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "watch",
        help="poll feeds or sites and store each new article, until stopped",
        description=(
            "Poll RSS/Atom feeds (or sites, through the feed their pages advertise) every "
            "--every, with ETag/Last-Modified, robots.txt obeyed and a politeness delay per "
            "host; fetch, analyze and store each new item's page.  A failing source is logged "
            "and retried with backoff; the others go on.  Stop with Ctrl-C."
        ),
        epilog="examples:\n  marsad watch https://example.org/rss.xml --every 15m\n  marsad watch https://example.org/ --once",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("sources", nargs="+", metavar="FEED|SITE", help="http(s) URLs of feeds or of sites that advertise one")
    p.add_argument("--db", metavar="PATH", help=DB_HELP)
    p.add_argument("--every", type=_duration, default=900.0, metavar="DURATION", help="how often to poll each source (default 15m)")
    p.add_argument("--delay", type=_duration, default=5.0, metavar="DURATION", help="at least this long between requests to one host (default 5s)")
    p.add_argument("--max-items", type=_positive_int, default=100, metavar="N", help="items read per feed per poll (default 100)")
    p.add_argument("--once", action="store_true", help="poll every source once and exit")
    p.set_defaults(func=cmd_watch)


def cmd_watch(args: argparse.Namespace, out: TextIO) -> int:
    from .store import open_store
    from .watch import Watcher

    with open_store(args.db) as store:
        watcher = Watcher(args.sources, store, every=args.every, delay=args.delay, max_items=args.max_items)
        try:
            watcher.run(cycles=1 if args.once else None)
        except KeyboardInterrupt:
            print("marsad: watch stopped", file=sys.stderr)
    return 0


def cmd_reindex(args: argparse.Namespace, out: TextIO) -> int:
    from .store import open_store

    with open_store(args.db) as store:  # a writer rebuilds a stale index on open
        n = store.reindex()
    print(f"marsad: search index rebuilt for {n} articles", file=sys.stderr)
    return 0


# --- ingest --------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace, out: TextIO) -> int:
    from .ingest import default_workers, ingest
    from .store import db_path, open_store

    path = db_path(args.db)
    store = open_store(path)
    quiet = args.quiet
    show_bar = sys.stderr.isatty() and not quiet
    progress = task = None

    def on_result(prepared, outcome, stats) -> None:  # type: ignore[no-untyped-def]
        if outcome == "rejected" and not quiet and prepared.rejection is not None:
            r = prepared.rejection
            line = f"marsad: {prepared.name}: {r['reason']}: {r.get('message', '')}"
            if progress is not None:
                progress.console.print(line, markup=False, highlight=False)
            else:
                print(line, file=sys.stderr)
        if progress is not None:
            o = stats.outcomes
            progress.update(
                task, completed=stats.inputs, rate=stats.inputs / max(stats.elapsed, 1e-9),
                ok=o["added"] + o["updated"], dup=o["near-duplicate"] + o["alias"] + o["unchanged"],
                bad=o["rejected"], skipped=stats.skipped,
            )

    try:
        if show_bar:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            with Progress(
                SpinnerColumn(),
                TextColumn("{task.completed} inputs · {task.fields[rate]:.0f}/s"),
                TextColumn("[green]{task.fields[ok]} stored[/] · {task.fields[dup]} duplicates · "
                           "[red]{task.fields[bad]} rejected[/] · {task.fields[skipped]} skipped"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            ) as progress:
                task = progress.add_task("ingest", total=None, rate=0.0, ok=0, dup=0, bad=0, skipped=0)
                stats = ingest(args.inputs, store, workers=args.workers or default_workers(),
                               reanalyze=args.reanalyze, on_result=on_result)
        else:
            stats = ingest(args.inputs, store, workers=args.workers or default_workers(),
                           reanalyze=args.reanalyze, on_result=on_result)
        counts = store.counts()
    finally:
        store.close()
    print(f"marsad: {stats.summary()}", file=sys.stderr)
    print(f"marsad: {path}: {counts['articles']} articles ({counts['near_duplicates']} near-duplicates), "
          f"{counts['sources']} sources, {counts['entities']} entities", file=sys.stderr)
    if stats.inputs and stats.outcomes["rejected"] == stats.inputs:
        return 1
    return 0


# --- search --------------------------------------------------------------------


def cmd_search(args: argparse.Namespace, out: TextIO) -> int:
    from .store import open_store

    with open_store(args.db, readonly=True) as store:
        result = store.search(args.query, _filters(args), limit=args.limit, offset=max(args.offset, 0))
    if args.format == "json":
        json.dump(result, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif args.format == "jsonl":
        for hit in result["hits"]:
            out.write(json.dumps(hit, ensure_ascii=False) + "\n")
    else:
        _print_search(result, out)
    return 0 if result["total"] else 1


def _marked(text: str, spans: list[list[int]], on: str, off: str) -> str:
    parts, pos = [], 0
    for s, e in spans:
        parts += [text[pos:s], on, text[s:e], off]
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


def _print_search(result: dict[str, Any], out: TextIO) -> None:
    color = out.isatty() if hasattr(out, "isatty") else False
    on, off = ("\x1b[1;33m", "\x1b[0m") if color else ("[", "]")
    total = result["total"]
    shown = len(result["hits"])
    out.write(f"{total} articles match {result['query']!r}" + (f"; {result['offset'] + 1}-{result['offset'] + shown} shown" if shown else "") + "\n")
    for name in ("language", "source", "agency"):
        counts = result["facets"][name]
        if counts:
            out.write(f"  by {name}: " + ", ".join(f"{k} {v}" for k, v in list(counts.items())[:8]) + "\n")
    days = result["facets"]["day"]
    if days:
        out.write(f"  days: {min(days)} .. {max(days)} ({len(days)} days)\n")
    for hit in result["hits"]:
        title = _marked(hit["title"] or "(no headline)", hit["title_highlights"], on, off)
        meta = " · ".join(x for x in (hit["day"], hit["source"], hit["language"], ", ".join(hit["agencies"])) if x)
        out.write(f"\n#{hit['id']}  {title}\n    {meta}\n")
        snip = hit["snippet"]
        text = " ".join(_marked(snip["text"], snip["highlights"], on, off).split())
        out.write(f"    {'… ' if snip['start'] else ''}{text}{' …' if snip['text'] and snip['end'] and not text.endswith(('.', '。')) else ''}\n")
        if hit["url"] or hit["path"]:
            out.write(f"    {hit['url'] or hit['path']}\n")


# --- entity --------------------------------------------------------------------


def cmd_entity(args: argparse.Namespace, out: TextIO) -> int:
    from .store import open_store

    with open_store(args.db, readonly=True) as store:
        found = store.find_entities(args.name)
        if not found:
            print(f"marsad: no entity named {args.name!r} in the archive", file=sys.stderr)
            return 1
        details = [store.entity(e["id"]) for e in found[:5]]
    if args.format == "json":
        json.dump({"query": args.name, "entities": details, "more": max(0, len(found) - 5)}, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    for e in details:
        assert e is not None
        out.write(f"{e['name']}  ({e['type']}, #{e['id']}, key {e['key']})\n")
        out.write(f"  {e['articles']} articles, first seen {e['first_seen'] or '?'}, last seen {e['last_seen'] or '?'}\n")
        if len(e["names"]) > 1:
            out.write("  names: " + "; ".join(f"{n['name']} ({n['count']})" for n in e["names"]) + "\n")
        if e["roles"]:
            out.write("  roles: " + "; ".join(f"{r['role']} ({r['count']})" for r in e["roles"]) + "\n")
        if e["related"]:
            out.write("  named with: " + "; ".join(f"{r['name']} ({r['type']}, {r['articles']})" for r in e["related"]) + "\n")
        for q in e["quotes"]:
            out.write(f"  {q['day'] or ''} #{q['article']}: «{q['text']}»\n")
        out.write("\n")
    if len(found) > 5:
        out.write(f"... and {len(found) - 5} more entities with that name\n")
    return 0


# --- export --------------------------------------------------------------------

EXPORT_COLUMNS = (
    "id", "url", "path", "title", "source", "author", "language", "published", "published_how", "day",
    "fetched", "agencies", "duplicate_of", "similarity", "text",
)


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from .store import open_store

    if args.format == "parquet" and not args.output:
        raise MarsadError("--format parquet needs --output FILE (Parquet is not written to a terminal)")
    with open_store(args.db, readonly=True) as store:
        records = store.export(args.query, _filters(args), limit=args.limit)
        if args.format == "parquet":
            n = _write_parquet(records, args.output)
        else:
            stream = open(args.output, "w", encoding="utf-8", newline="") if args.output else out
            try:
                n = _write_text(records, stream, args.format)
            finally:
                if args.output:
                    stream.close()
    print(f"marsad: exported {n} articles" + (f" to {args.output}" if args.output else ""), file=sys.stderr)
    return 0


def _write_text(records, stream: TextIO, fmt: str) -> int:  # type: ignore[no-untyped-def]
    n = 0
    if fmt == "csv":
        writer = csv.writer(stream)
        writer.writerow(EXPORT_COLUMNS)
        for rec in records:
            rec["agencies"] = " ".join(rec["agencies"])
            writer.writerow([rec[c] for c in EXPORT_COLUMNS])
            n += 1
    else:
        for rec in records:
            stream.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n


def _write_parquet(records, path: str) -> int:  # type: ignore[no-untyped-def]
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MarsadError("Parquet export needs pyarrow: pip install 'marsad[parquet]'") from None
    schema = pa.schema(
        [("id", pa.int64()), ("url", pa.string()), ("path", pa.string()), ("title", pa.string()),
         ("source", pa.string()), ("author", pa.string()), ("language", pa.string()), ("published", pa.string()),
         ("published_how", pa.string()), ("day", pa.string()), ("fetched", pa.string()),
         ("agencies", pa.list_(pa.string())), ("duplicate_of", pa.int64()), ("similarity", pa.float64()),
         ("text", pa.string())]
    )
    n = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for rec in records:
            batch.append(rec)
            if len(batch) >= 2000:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n
