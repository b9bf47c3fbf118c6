#!/usr/bin/env python3
"""Throughput and memory of the whole `marsad analyze` pipeline, one core.

Runs the default pipeline (decode, extract, quality, language, segment,
agencies, dates) in this one process over a corpus from ../shared and prints
documents/s (with and without the one-time start-up) and peak memory.

    python scripts/bench_analyze.py --corpus saudinewsnet --limit 3000
    python scripts/bench_analyze.py --corpus scrapinghub
    python scripts/bench_analyze.py --corpus daniel

A benchmark to run, not a test.  Corpora: saudinewsnet (31,030 Arabic
articles as JSON records), scrapinghub (181 English HTML pages), daniel
(266 Russian HTML pages).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
CORPORA = {
    "saudinewsnet": SHARED / "news" / "ar" / "saudinewsnet" / "dataset",
    "scrapinghub": SHARED / "extraction" / "en" / "scrapinghub" / "html",
    "daniel": SHARED / "extraction" / "ru" / "daniel" / "html",
}


def documents(corpus: str, limit: int | None) -> Iterator:
    from marsad.readers import read_path

    folder = CORPORA[corpus]
    files = sorted(p for p in folder.iterdir() if p.is_file())
    n = 0
    for path in files:
        for doc in read_path(path):
            if corpus == "daniel":
                doc.kind = "html"  # DAnIEL pages have no file suffix
            yield doc
            n += 1
            if limit and n >= limit:
                return


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", choices=sorted(CORPORA), default="saudinewsnet")
    ap.add_argument("--limit", type=int, default=None, help="at most this many documents")
    args = ap.parse_args()
    folder = CORPORA[args.corpus]
    if not folder.is_dir():
        sys.exit(f"corpus not found: {folder} (this benchmark needs ../shared)")
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    t0 = time.perf_counter()
    from marsad.api import default_pipeline
    from marsad.pipeline import RunStats

    pipeline = default_pipeline()
    docs = list(documents(args.corpus, args.limit))
    t_read = time.perf_counter()
    # Warm the lazy loads (each language's models and word lists, loaded when
    # a first paragraph in that language comes) on the project's own sample
    # articles in ar/ru/en, so steady state is measured apart from start-up.
    from marsad.extract.html import warm_date_parsers
    from marsad.readers import read_path

    warm_date_parsers()
    for doc in read_path(ROOT / "samples"):
        pipeline(doc)
    pipeline(next(iter(documents(args.corpus, 1))))
    t_warm = time.perf_counter()
    stats = RunStats()
    cpu0 = time.process_time()
    chars = 0
    how: Counter[str] = Counter()
    for doc in pipeline.run(docs, stats):
        chars += len(doc.text)
        how[doc.hints.get("extractor") or "-"] += 1
    t_end = time.perf_counter()
    cpu = time.process_time() - cpu0

    n = stats.ok + stats.rejected
    steady = t_end - t_warm
    total = (t_end - t0) - (t_read - t0 - 0)  # reading the corpus into memory is not analysis
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus:      {args.corpus} ({n} documents, {chars / max(stats.ok, 1):,.0f} chars of text on average)")
    print(f"result:      {stats.summary()}")
    print(f"extractors:  {dict(how)}")
    print(f"start-up:    {t_warm - t_read:.2f} s (model and word-list loading, on samples/ and the first document)")
    print(f"throughput:  {n / steady:,.1f} docs/s steady, {n / total:,.1f} docs/s including start-up (one core)")
    # Wall time on a shared machine moves with other tenants' load; the CPU
    # time this process used is the steadier measure of work per core.
    print(f"cpu time:    {n / cpu:,.1f} docs per CPU-second steady ({1000 * cpu / n:.1f} ms a document)")
    print(f"peak memory: {peak_mb:,.0f} MB (including the corpus held in memory)")


if __name__ == "__main__":
    main()
