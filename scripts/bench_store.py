#!/usr/bin/env python3
"""The archive benchmark on SaudiNewsNet: ingest time, database size, search
latency, and the recall of proclitic forms.

    python3 scripts/bench_store.py --db /tmp/saudi.db            # ingest (if empty), then measure
    python3 scripts/bench_store.py --db /tmp/saudi.db --no-ingest  # measure an existing archive

Ingest runs ``marsad ingest`` on ../shared/data/news/ar/saudinewsnet with all
cores and prints articles/s.  Size: the database file (after a WAL
checkpoint) against the UTF-8 bytes of the stored article texts.  Latency:
50 fixed queries (single words, clitic forms, phrases, OR, exclusions,
filters), each run 3 times through ``SQLiteStore.search`` (20 hits with
snippets and all facet counts), p50/p95/max over all runs.  Recall: for 30
words, the articles whose text holds the word with any proclitic chain
(و ف ب ك ل ال لل and their combinations) against what search returns.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "news" / "ar" / "saudinewsnet"

QUERIES = [
    "المملكة", "والمملكة", "بالمملكة", "للمملكة", "السعودية", "الرياض", "جدة", "وزير", "الوزير", "وزير الخارجية",
    '"ولي العهد"', '"خادم الحرمين الشريفين"', "الملك سلمان", "أمير المنطقة", "النفط", "أسعار النفط", "أوبك",
    "روسيا", "موسكو", "بوتين", "لافروف", "إيران", "اليمن", "الحوثي", "سوريا", "داعش", "الإرهاب", "مجلس الأمن",
    "الأمم المتحدة", "الاقتصاد", "الاستثمار", "الميزانية", "التعليم", "الصحة", "كورونا", "المرور", "الأمطار",
    "الهلال OR النصر", "الاتحاد OR الأهلي", "كرة القدم -الهلال", "مليار ريال", "الأسهم", "سوق الأسهم", "البنك المركزي",
    "الحج", "العمرة", "رمضان", "مكة المكرمة", "المدينة المنورة", "جامعة الملك سعود",
]

WORDS = [
    "مملكة", "رياض", "وزير", "وزارة", "نفط", "أسعار", "حكومة", "شركة", "مشروع", "طلاب", "جامعة", "مستشفى",
    "أمن", "مجلس", "رئيس", "اقتصاد", "سوق", "أمير", "منطقة", "مدينة", "تعليم", "صحة", "إيران", "يمن",
    "حج", "مواطنين", "قطاع", "برنامج", "اجتماع", "محافظة",
]
PROCLITICS = "(?:و|ف)?(?:ب|ك|ل)?(?:ال)?|(?:و|ف)?لل"


def ingest(db: Path, workers: int | None) -> None:
    cmd = [sys.executable, "-m", "marsad", "ingest", str(CORPUS), "--db", str(db), "--quiet"]
    if workers:
        cmd += ["--workers", str(workers)]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    sys.stderr.write(done.stderr)
    if done.returncode != 0:
        sys.exit(f"ingest failed ({done.returncode})")
    print(f"ingest: {elapsed:.0f} s wall")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default="/tmp/marsad-saudinewsnet.db")
    ap.add_argument("--no-ingest", action="store_true")
    ap.add_argument("--workers", type=int)
    args = ap.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"SaudiNewsNet not found at {CORPUS} (this script needs ../shared)")
    db = Path(args.db)
    if not args.no_ingest:
        ingest(db, args.workers)

    from marsad.store import Filters, open_store

    store = open_store(db)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    n, text_bytes = store.db.execute("SELECT count(*), sum(length(CAST(text AS BLOB))) FROM articles").fetchone()
    size = db.stat().st_size
    print(f"archive: {n} articles, text {text_bytes / 1e6:.1f} MB, database {size / 1e6:.1f} MB = {size / text_bytes:.2f}x the text")

    times: list[float] = []
    totals = {}
    store.search("المملكة")  # warm the page cache once
    for _ in range(3):
        for q in QUERIES:
            f = Filters(lang="ar") if q == "الاقتصاد" else Filters(date_from="2015-08-01") if q == "الصحة" else None
            t = time.perf_counter()
            r = store.search(q, f, limit=20)
            times.append((time.perf_counter() - t) * 1000)
            totals[q] = r["total"]
    times.sort()
    p = lambda x: times[min(len(times) - 1, int(round(x * (len(times) - 1))))]  # noqa: E731
    print(f"search: {len(QUERIES)} queries x 3: p50 {p(0.5):.1f} ms, p95 {p(0.95):.1f} ms, max {times[-1]:.1f} ms "
          f"(mean hits {statistics.mean(totals.values()):.0f}, most {max(totals.values())})")

    # Recall of proclitic forms.
    texts = store.db.execute("SELECT id, title, text FROM articles").fetchall()
    recalls = []
    for word in WORDS:
        bare = word[2:] if word.startswith("ال") else word
        pattern = re.compile(rf"(?<!\w)(?:{PROCLITICS}){re.escape(bare)}(?!\w)")
        gold = {i for i, title, text in texts if pattern.search(text) or (title and pattern.search(title))}
        found = {h["id"] for h in _all_hits(store, word)}
        recalls.append((word, len(gold), len(gold & found) / len(gold) if gold else 1.0))
    worst = sorted(recalls, key=lambda x: x[2])[:5]
    total_gold = sum(g for _, g, _ in recalls)
    micro = sum(g * r for _, g, r in recalls) / total_gold
    print(f"proclitic recall over {len(WORDS)} words: micro {micro:.3f}, macro {statistics.mean(r for *_, r in recalls):.3f}; "
          "worst: " + ", ".join(f"{w} {r:.3f} of {g}" for w, g, r in worst))
    store.close()


def _all_hits(store, word):  # type: ignore[no-untyped-def]
    from marsad.store import Filters

    rows = store.db.execute(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", (store_match(word),)
    ).fetchall()
    return [{"id": r[0]} for r in rows]


def store_match(word: str) -> str:
    from marsad.store.query import parse_query

    return parse_query(word).match


if __name__ == "__main__":
    main()
