#!/usr/bin/env python3
"""What a change to the entities stage changes on real news.

Writes the mentions and roles the stage finds in SaudiNewsNet articles (or,
with ``--texts``, in Collection5's Russian or the scrapinghub benchmark's
English texts) to a TSV file, and compares two such files: mentions and roles that appear or
disappear, grouped by type and text, most frequent first (the headline's
mentions and roles as ``PERSON@title``, ``ROLE@title``…).

    python3 scripts/diff_entities.py dump /tmp/after.tsv --limit 1000 --skip 9000
    PYTHONPATH=/tmp/old/src python3 /tmp/old/scripts/diff_entities.py dump /tmp/before.tsv ...
    python3 scripts/diff_entities.py compare /tmp/before.tsv /tmp/after.tsv
    python3 scripts/diff_entities.py dump /tmp/en.tsv --texts ../shared/data/extraction/en/scrapinghub/ground-truth.json --lang en
    python3 scripts/diff_entities.py dump /tmp/ru.tsv --texts ../shared/data/ner/ru/collection5/collection5_gold.jsonl --lang ru --limit 400

(an older commit checked out with ``git worktree add /tmp/old COMMIT``).
A script for reading changes by eye, not a test.
"""

from __future__ import annotations

import argparse
import collections
import csv
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
CORPUS = ROOT.parent / "shared" / "data" / "news" / "ar" / "saudinewsnet" / "dataset"


def _texts(path: Path, lang: str, limit: int, skip: int) -> list:
    """Documents of one language from a JSON file of texts: Collection5's
    JSON lines (``text``) or the scrapinghub benchmark's ``ground-truth.json``
    (``articleBody``), one paragraph each, split into sentences."""
    import json

    from marsad.doc import Document, Span
    from marsad.segment import split_sentences

    raw = path.read_text(encoding="utf-8")
    try:
        records = list(json.loads(raw).values()) if path.suffix == ".json" else [json.loads(x) for x in raw.splitlines() if x.strip()]
    except (json.JSONDecodeError, AttributeError) as exc:
        raise SystemExit(f"{path}: not a JSON object of articles or JSON lines ({exc})") from exc
    docs = []
    for record in records[skip : skip + limit]:
        text = (record.get("text") or record.get("articleBody") or "") if isinstance(record, dict) else ""
        if text.strip():
            doc = Document(text=text, language=lang)
            doc.paragraphs = [Span(0, len(text), "paragraph", (("language", lang),))]
            doc.sentences = split_sentences(text, lang=lang)
            docs.append(doc)
    return docs


def dump(out: Path, limit: int, skip: int, corpus: Path, texts: Path | None = None, lang: str = "ar") -> None:
    from marsad.pipeline import DEFAULT_STAGES, Pipeline
    from marsad.readers import read_path
    from marsad.stages.entities import find_entities_many

    upto = Pipeline(list(DEFAULT_STAGES[: DEFAULT_STAGES.index("marsad.segment.v1") + 1]))
    docs, seen = [], 0
    for path in sorted(corpus.iterdir()) if texts is None else []:
        for doc in read_path(path):
            seen += 1
            if seen <= skip:
                continue
            doc = upto(doc)
            if not doc.rejected and doc.language == "ar":
                docs.append(doc)
            if len(docs) >= limit:
                break
        if len(docs) >= limit:
            break
    if texts is not None:
        docs = _texts(texts, lang, limit, skip)
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        for n, (doc, found) in enumerate(zip(docs, find_entities_many(docs))):
            for e in found:
                for m in e.mentions:
                    w.writerow([n, m.start, m.end, e.type, doc.text[m.start : m.end], e.name])
                for m in getattr(e, "title_mentions", ()):  # headline mentions: "PERSON@title"
                    w.writerow([n, m.start, m.end, f"{e.type}@title", (doc.title or "")[m.start : m.end], e.name])
                for r in e.roles:
                    role = f"{e.name} :: {r.title} / {r.country or '-'} / {r.org or '-'}"
                    kind, text = ("ROLE@title", doc.title or "") if getattr(r, "in_title", False) else ("ROLE", doc.text)
                    w.writerow([n, r.span.start, r.span.end, kind, text[r.span.start : r.span.end], role])
    print(f"{len(docs)} articles -> {out}")


def _read(path: Path) -> dict[tuple[str, ...], tuple[str, str]]:
    rows = {}
    with open(path, encoding="utf-8") as f:
        for number, row in enumerate(csv.reader(f, delimiter="\t"), 1):
            if len(row) != 6:
                raise SystemExit(f"{path}:{number}: expected 6 tab-separated fields (a dump of this script), got {len(row)}")
            doc, start, end, type_, text, name = row
            rows[(doc, start, end, type_, name if type_.startswith("ROLE") else "")] = (text, name)
    return rows


def compare(before: Path, after: Path, top: int) -> None:
    old, new = _read(before), _read(after)
    counts: collections.Counter[tuple[str, str, str, str]] = collections.Counter()
    for key in new.keys() - old.keys():
        counts[("+", key[3], *new[key])] += 1
    for key in old.keys() - new.keys():
        counts[("-", key[3], *old[key])] += 1
    added = sum(n for k, n in counts.items() if k[0] == "+")
    print(f"added {added}, removed {sum(counts.values()) - added}")
    for (sign, type_, text, name), n in counts.most_common(top):
        print(f"{sign} {n:4d} {type_:7s} {text} | {name}")


def main(argv: list[str] | None = None) -> int:
    if hasattr(signal, "SIGPIPE"):  # "| head" ends the listing quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump", help="write the stage's mentions and roles to a TSV file")
    d.add_argument("out", type=Path)
    d.add_argument("--limit", type=int, default=1000, help="articles (default 1000)")
    d.add_argument("--skip", type=int, default=0, help="corpus records to skip first")
    d.add_argument("--corpus", type=Path, default=CORPUS)
    d.add_argument("--texts", type=Path, help="instead: a JSON file of texts (Collection5's .jsonl, scrapinghub's ground-truth.json)")
    d.add_argument("--lang", default="ar", choices=("ar", "ru", "en"), help="the language of --texts")
    c = sub.add_parser("compare", help="what appears and disappears between two dumps")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--top", type=int, default=200, help="lines to print (default 200)")
    a = ap.parse_args(argv)
    if a.cmd == "dump":
        if a.texts is not None and not a.texts.is_file():
            print(f"{a.texts}: no such file of texts", file=sys.stderr)
            return 2
        if a.texts is None and not a.corpus.is_dir():
            print(f"corpus not found: {a.corpus} (this script needs ../shared)", file=sys.stderr)
            return 2
        dump(a.out, a.limit, a.skip, a.corpus, a.texts, a.lang)
    else:
        for path in (a.before, a.after):
            if not path.is_file():
                print(f"{path}: no such dump (write one with: diff_entities.py dump {path})", file=sys.stderr)
                return 2
        compare(a.before, a.after, a.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
