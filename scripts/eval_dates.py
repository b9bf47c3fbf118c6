#!/usr/bin/env python3
"""How often the publication date of a DAnIEL page is near its crawl date.

DAnIEL (../shared/data/extraction/ru/daniel) names each page after the day it
was crawled, and its pages are news of that day or the day before, so a date
within three days of the crawl is taken as right and anything else as wrong:
a proxy, not a gold standard.  Prints counts by the evidence that gave the
date (``published_how``).

    python scripts/eval_dates.py
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared" / "data" / "extraction" / "ru" / "daniel" / "html"


def main() -> None:
    if not PAGES.is_dir():
        sys.exit(f"DAnIEL not found at {PAGES} (this script needs ../shared)")
    from marsad.api import analyze_bytes

    totals: Counter[str] = Counter()
    by_how: Counter[tuple[str, str]] = Counter()
    for path in sorted(PAGES.iterdir()):
        crawl = dt.date(int(path.name[:4]), int(path.name[4:6]), int(path.name[6:8]))
        doc = analyze_bytes(path.read_bytes(), path.name + ".html")
        if doc.published is None:
            verdict, how = "none", "-"
        else:
            day = doc.published.date() if isinstance(doc.published, dt.datetime) else doc.published
            verdict = "right" if abs((day - crawl).days) <= 3 else "wrong"
            how = (doc.published_how or "-").split("+")[0]
        totals[verdict] += 1
        by_how[(how, verdict)] += 1
    n = sum(totals.values())
    print(f"DAnIEL pages: {n}; within 3 days of the crawl: {totals['right']} ({totals['right'] / n:.0%}), "
          f"further: {totals['wrong']}, no date: {totals['none']}")
    for how in sorted({h for h, _ in by_how}):
        print(f"  {how:16} right {by_how[(how, 'right')]:4}  wrong {by_how[(how, 'wrong')]:4}")


if __name__ == "__main__":
    main()
