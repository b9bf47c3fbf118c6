"""The CRF's tags as an input for the encoder tagger: cross-validated on
ANERcorp train (each fifth tagged by a CRF trained on the other four, as
``scripts/cv_ner.py``), the committed model's on test. Writes
``.trf/crf_train.npy`` and ``.trf/crf_test.npy`` (label ids, token order).

    python3 scripts/trf_ar/crf_tags.py
"""

from __future__ import annotations

import argparse
import sys
from multiprocessing import Pool
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from cv_ner import _fold

from marsad.ner import load_tagger
from marsad.ner.conll import read_conll
from marsad.ner.tagger import models_dir

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / ".trf")
    args = ap.parse_args()
    for need in ("train.txt", "test.txt"):
        if not (args.shared / "data/ner/ar/anercorp" / need).exists():
            sys.exit(f"{args.shared / 'data/ner/ar/anercorp' / need}: not found (this script reads ../shared)")
    args.out.mkdir(parents=True, exist_ok=True)
    job = argparse.Namespace(shared=args.shared, models=models_dir(), folds=5, c1=None, c2=None, work="/tmp")
    with Pool(2) as pool:
        folds = pool.map(_fold, [(k, job) for k in range(5)])
    train = [LABELS.index(t) for _gold, pred in folds for sent in pred for t in sent]
    np.save(args.out / "crf_train.npy", np.array(train, dtype=np.int8))
    test_sents = [[tok for tok, _ in s] for s in read_conll(args.shared / "data/ner/ar/anercorp/test.txt")]
    test = [LABELS.index(t) for sent in load_tagger("ar").tag_sentences(test_sents) for t in sent]
    np.save(args.out / "crf_test.npy", np.array(test, dtype=np.int8))
    print(f"{len(train)} train tokens, {len(test)} test tokens")


if __name__ == "__main__":
    main()
