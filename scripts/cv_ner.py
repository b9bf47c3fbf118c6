"""Cross-validated entity scores of the Arabic CRF recipe on ANERcorp train.

    python3 scripts/cv_ner.py                       # the committed resources
    python3 scripts/cv_ner.py --models /tmp/ar_exp  # what train_ner.py --out wrote

Splits ``anercorp/train.txt`` into contiguous fifths; for each, trains the
CRF (``marsad.ner.train.train_crf``, the recipe of ``scripts/train_ner.py``)
on the other four with the clusters, gazetteer, profiles and letter model
in ``--models``, tags the fifth with document consistency, and scores all
of train's entities at once (exact span and type).  Folds run two at a time,
one per core.  Test stays untouched: this is what features are tuned on.
A script to run (about 4 minutes on two cores), not a test.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.ner.evaluate import format_scores, score_entities  # noqa: E402
from marsad.ner.tagger import CrfTagger, load_resources, models_dir  # noqa: E402
from marsad.ner.train import TRAINING, load_corpus, train_crf  # noqa: E402


def _fold(job: tuple[int, argparse.Namespace]) -> tuple[list[list[str]], list[list[str]]]:
    k, a = job
    if hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) > 1:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[k % 2]})
    examples = load_corpus([a.shared / "data/ner/ar/anercorp/train.txt"], "ar")
    n = len(examples)
    lo, hi = n * k // a.folds, n * (k + 1) // a.folds
    model = Path(a.work) / f"fold{k}.crfsuite"
    crf = dict(TRAINING["ar"]["crf"], **{k2: v for k2, v in (("c1", a.c1), ("c2", a.c2)) if v is not None})
    train_crf("ar", examples[:lo] + examples[hi:], model, load_resources("ar", a.models), **crf)
    tagger = CrfTagger("ar", model, load_resources("ar", a.models))
    pred = tagger.tag_sentences([e.tokens for e in examples[lo:hi]])
    model.unlink()
    return [e.tags for e in examples[lo:hi]], pred


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--models", type=Path, default=models_dir())
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c1", type=float)
    ap.add_argument("--c2", type=float)
    ap.add_argument("--work", default="/tmp", help="where fold models are written (and removed)")
    args = ap.parse_args(argv)
    if not (args.shared / "data/ner/ar/anercorp/train.txt").exists():
        print(f"no ANERcorp under {args.shared}/data/ner/ar", file=sys.stderr)
        return 2
    start = time.perf_counter()
    with Pool(2) as pool:
        folds = pool.map(_fold, [(k, args) for k in range(args.folds)], chunksize=1)
    gold = [g for f in folds for g in f[0]]
    pred = [p for f in folds for p in f[1]]
    print(f"{args.folds}-fold cross-validation on ANERcorp train, {time.perf_counter() - start:.0f}s")
    print(format_scores(score_entities(zip(gold, pred))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
