#!/usr/bin/env python3
"""Time of the entities stage per Arabic article, tagger excluded, one core.

Runs the pipeline up to segmentation on SaudiNewsNet articles, then times
``marsad.entities.v1`` with a tagger that tags nothing (the rules, later
mentions and resolution alone) and, when the CRF model is there, with it.

    taskset -c 0 python scripts/bench_entities.py --limit 1000 --crf
    taskset -c 0 python scripts/bench_entities.py --min-chars 1800 --max-chars 2600

A benchmark to run, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "news" / "ar" / "saudinewsnet" / "dataset"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--crf", action="store_true", help="also time with the CRF tagger")
    ap.add_argument("--min-chars", type=int, default=0, help="only articles at least this long")
    ap.add_argument("--max-chars", type=int, default=10**9, help="only articles at most this long")
    args = ap.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found: {CORPUS} (this benchmark needs ../shared)")
    from marsad.pipeline import DEFAULT_STAGES, Pipeline
    from marsad.readers import read_path
    from marsad.stages.entities import find_entities, model_tagger

    upto = Pipeline([s for s in DEFAULT_STAGES[: DEFAULT_STAGES.index("marsad.segment.v1") + 1]])
    docs = []
    for path in sorted(CORPUS.iterdir()):
        for doc in read_path(path):
            doc = upto(doc)
            if not doc.rejected and doc.language == "ar" and args.min_chars <= len(doc.text) <= args.max_chars:
                docs.append(doc)
            if len(docs) >= args.limit:
                break
        if len(docs) >= args.limit:
            break
    chars = statistics.mean(len(d.text) for d in docs)

    def nothing(lang: str, sentences: list[list[str]]) -> list[list[str]]:
        return [["O"] * len(s) for s in sentences]

    runs = [("rules, no tagger", nothing)] + ([("with the CRF tagger", model_tagger)] if args.crf else [])
    for label, tagger in runs:
        find_entities(docs[0], tagger=tagger)  # load data and models
        start = time.process_time()
        n_ent = n_roles = 0
        for doc in docs:
            ents = find_entities(doc, tagger=tagger)
            n_ent += len(ents)
            n_roles += sum(len(e.roles) for e in ents)
        secs = time.process_time() - start
        print(f"{label}: {len(docs)} articles, mean {chars:.0f} chars: "
              f"{1000 * secs / len(docs):.2f} ms/article ({len(docs) / secs:.0f} articles/s); "
              f"{n_ent / len(docs):.1f} entities and {n_roles / len(docs):.2f} roles per article")


if __name__ == "__main__":
    main()
