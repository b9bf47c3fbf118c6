#!/usr/bin/env python3
"""Load the web app on loopback and print latency per page kind.

Starts ``marsad serve`` on ``--db`` (optionally pinned to a core with
taskset), then fires a bounded number of requests, one at a time, at search
pages, article pages and entity pages (HTML, Arabic interface) and at the
matching API routes, and prints p50 / p95 / max per kind.

    taskset -c 0 python3 scripts/load_web.py --db /tmp/web/saudi2.db --server-cpu 1

Queries are words drawn (seeded) from the archive's own headlines, plus a
few frequent ones; articles and entities are drawn at random.

``--add-entities`` first writes stand-in entities into the archive (a fixed
list of names found in the texts, with their mentions) so entity pages can be
measured on an archive the entities stage has not filled: use it on a COPY.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time

import httpx

FREQUENT = ["السعودية", "وزير الخارجية", "اليمن OR سوريا", '"ولي العهد"', "النفط -إيران", "الرياض", "مجلس الأمن", "Лавров", "oil"]
STAND_INS = [  # (type, name, forms found in the texts)
    ("PER", "الملك سلمان بن عبدالعزيز", ["الملك سلمان بن عبدالعزيز", "خادم الحرمين الشريفين", "الملك سلمان"]),
    ("PER", "الأمير محمد بن نايف", ["الأمير محمد بن نايف", "ولي العهد"]),
    ("PER", "الأمير محمد بن سلمان", ["الأمير محمد بن سلمان", "ولي ولي العهد"]),
    ("PER", "عادل الجبير", ["عادل الجبير", "الجبير"]),
    ("PER", "عبدربه منصور هادي", ["عبدربه منصور هادي", "الرئيس هادي"]),
    ("PER", "باراك أوباما", ["باراك أوباما", "أوباما"]),
    ("PER", "بشار الأسد", ["بشار الأسد", "الأسد"]),
    ("ORG", "الأمم المتحدة", ["الأمم المتحدة"]),
    ("ORG", "مجلس التعاون الخليجي", ["مجلس التعاون"]),
    ("ORG", "داعش", ["داعش"]),
    ("ORG", "الحوثيون", ["الحوثي", "الحوثيين"]),
    ("ORG", "وزارة الصحة", ["وزارة الصحة"]),
    ("ORG", "أوبك", ["أوبك"]),
    ("LOC", "اليمن", ["اليمن"]),
    ("LOC", "سوريا", ["سوريا"]),
    ("LOC", "إيران", ["إيران"]),
    ("LOC", "مصر", ["مصر"]),
    ("LOC", "الرياض", ["الرياض"]),
    ("LOC", "جدة", ["جدة"]),
    ("LOC", "مكة المكرمة", ["مكة المكرمة"]),
    ("LOC", "الولايات المتحدة", ["الولايات المتحدة", "واشنطن"]),
    ("LOC", "روسيا", ["روسيا", "موسكو"]),
    ("LOC", "عدن", ["عدن"]),
    ("LOC", "العراق", ["العراق"]),
]


def add_entities(path: str) -> None:
    """Stand-in entities with mentions, written straight into the tables
    (docs/store.md) for measuring; the entities stage does this for real."""
    db = sqlite3.connect(path)
    if db.execute("SELECT count(*) FROM article_entities").fetchone()[0]:
        print("load_web: the archive already has entities; none added", file=sys.stderr)
        return
    started = time.monotonic()
    ids = {}
    for etype, name, forms in STAND_INS:
        ids[name] = db.execute("INSERT INTO entities(key, type, name) VALUES (?, ?, ?) RETURNING id", (f"{etype}:stand-in:{name}", etype, name)).fetchone()[0]
    patterns = [(name, re.compile("|".join(sorted(map(re.escape, forms), key=len, reverse=True)))) for _, name, forms in STAND_INS]
    names: dict[tuple[int, str], int] = {}
    for article_id, text in db.execute("SELECT id, text FROM articles").fetchall():
        for name, pattern in patterns:
            found = list(pattern.finditer(text))
            if not found:
                continue
            eid = ids[name]
            db.execute("INSERT INTO article_entities(article_id, entity_id, local_id, name, roles) VALUES (?, ?, NULL, ?, '[]')",
                       (article_id, eid, found[0].group()))
            names[(eid, found[0].group())] = names.get((eid, found[0].group()), 0) + 1
            db.executemany('INSERT INTO mentions(article_id, entity_id, start, "end", text) VALUES (?, ?, ?, ?, ?)',
                           [(article_id, eid, m.start(), m.end(), m.group()) for m in found[:50]])
    db.executemany("INSERT INTO entity_names(entity_id, name, count) VALUES (?, ?, ?)", [(e, n, c) for (e, n), c in names.items()])
    db.commit()
    n = db.execute("SELECT count(*) FROM article_entities").fetchone()[0]
    print(f"load_web: added {len(STAND_INS)} stand-in entities in {n} article links ({time.monotonic() - started:.0f} s)", file=sys.stderr)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values)) - 1))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True, help="the archive (opened read-only by the server)")
    ap.add_argument("--requests", type=int, default=100, help="requests per page kind (default 100)")
    ap.add_argument("--server-cpu", metavar="N", help="pin the server to this core (taskset -c N)")
    ap.add_argument("--ui", default="ar", choices=("ar", "ru", "en"), help="interface language of the pages")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cold", action="store_true", help="distinct queries only (no repeats the server could have cached)")
    ap.add_argument("--add-entities", action="store_true", help="first write stand-in entities into --db (use a copy)")
    args = ap.parse_args()
    if args.add_entities:
        add_entities(args.db)
    rnd = random.Random(args.seed)
    db = sqlite3.connect(f"file:{os.path.abspath(args.db)}?mode=ro", uri=True)
    ids = [r[0] for r in db.execute("SELECT id FROM articles WHERE duplicate_of IS NULL")]
    entities = [r[0] for r in db.execute("SELECT id FROM entities")]
    titles = [r[0] or "" for r in db.execute("SELECT title FROM articles WHERE id IN (%s)" % ",".join(map(str, rnd.sample(ids, min(len(ids), 400)))))]
    db.close()
    words = [w for t in titles for w in re.findall(r"\w{4,}", t)]
    n = args.requests
    if args.cold:  # every query distinct: nothing comes from the server's cache of recent matches
        distinct = list(dict.fromkeys(words))
        rnd.shuffle(distinct)
        queries = (FREQUENT + distinct)[:n]
    else:  # a quarter of the searches repeat frequent queries, as analysts do
        queries = [FREQUENT[i % len(FREQUENT)] if i % 4 == 0 else rnd.choice(words) for i in range(n)]
    plan: dict[str, list[str]] = {
        "search page": [f"/{args.ui}/search?q={q}" for q in queries],
        "article page": [f"/{args.ui}/articles/{i}" for i in rnd.choices(ids, k=n)],
        "api search": [f"/api/search?q={q}" for q in (queries if not args.cold else [w for w in distinct[n:2 * n]])],
        "api article": [f"/api/articles/{i}" for i in rnd.choices(ids, k=n)],
        "home page": [f"/{args.ui}/"] * max(5, n // 10),
    }
    if entities:
        plan["entity page"] = [f"/{args.ui}/entities/{i}" for i in rnd.choices(entities, k=n)]
        plan["api entity"] = [f"/api/entities/{i}" for i in rnd.choices(entities, k=n)]
    port = _free_port()
    cmd = [sys.executable, "-m", "marsad", "serve", "--db", args.db, "--port", str(port)]
    if args.server_cpu is not None:
        cmd = ["taskset", "-c", str(args.server_cpu), *cmd]
    server = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=30) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    client.get("/api/openapi.json")
                    break
                except httpx.TransportError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        print(server.stderr.read() if server.stderr else "", file=sys.stderr)
                        raise SystemExit("load_web: the server did not start")
                    time.sleep(0.2)
            for url in (f"/{args.ui}/", f"/{args.ui}/search?q=x", f"/{args.ui}/articles/{ids[0]}"):  # compile the templates
                client.get(url)
            print(f"{args.db}: {len(ids)} articles, {len(entities)} entities; {n} requests per kind, one at a time"
                  + (f"; server on core {args.server_cpu}" if args.server_cpu is not None else ""))
            print(f"{'kind':<14} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'errors':>7}")
            for kind, urls in plan.items():
                times, errors = [], 0
                for url in urls:
                    t = time.perf_counter()
                    r = client.get(url)
                    times.append((time.perf_counter() - t) * 1000)
                    errors += r.status_code >= 500 or (r.status_code >= 400 and "search" not in kind)
                print(f"{kind:<14} {len(times):>5} {statistics.median(times):>8.1f} {_pct(times, 95):>8.1f} {max(times):>8.1f} {errors:>7}")
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
