"""Entity-level scores of the NER tagger on a CoNLL file, conlleval-style
(an entity counts only with its exact span and type), plus the speed of the
whole tagging command on this core, model load included.

    taskset -c 0 python3 scripts/eval_ner.py --lang ar ../shared/data/ner/ar/anercorp/test.txt
    taskset -c 0 python3 scripts/eval_ner.py --lang en ../shared/data/ner/en/conll2003/test.iob2.txt
    python3 scripts/eval_ner.py --lang ar GOLD --pred OUTPUT_OF_marsad_ner
    nice -n 15 python3 scripts/eval_ner.py --lang en ../shared/data/ner/en/conll2003/valid.iob2.txt --models /tmp/en_exp

Without --pred the file is tagged by ``python -m marsad.ner`` (the same code as
``marsad ner``) in a subprocess, timed from start to exit.  With --models DIR
it is tagged in this process by the model and resources in DIR instead
(``{lang}.crf.npz``, clusters, gazetteer: what ``train_ner.py --out DIR`` wrote).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.ner.conll import read_conll, read_documents  # noqa: E402
from marsad.ner.evaluate import format_scores, score_entities  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", type=Path)
    ap.add_argument("--lang", required=True)
    ap.add_argument("--pred", type=Path, help="tagger output to score instead of tagging here")
    ap.add_argument("--models", type=Path, help="tag with the model and resources in this folder instead")
    args = ap.parse_args(argv)
    gold = list(read_conll(args.gold))
    n_tokens = sum(map(len, gold))
    if args.models is not None:
        pred_path = _tag_with(args.models, args.gold, args.lang)
    elif args.pred is None:
        with tempfile.NamedTemporaryFile("w+", suffix=".conll", delete=False) as out:
            env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
            start = time.perf_counter()
            run = subprocess.run(
                [sys.executable, "-m", "marsad.ner", "--conll", str(args.gold), "--lang", args.lang],
                stdout=out,
                env=env,
            )
            seconds = time.perf_counter() - start
        if run.returncode:
            return run.returncode
        pred_path = Path(out.name)
        print(f"{n_tokens} tokens in {seconds:.2f}s = {n_tokens / seconds:.0f} tokens/s (whole command, model load included)")
    else:
        pred_path = args.pred
    pred = list(read_conll(pred_path))
    if args.pred is None:
        pred_path.unlink()
    if [len(s) for s in pred] != [len(s) for s in gold]:
        print("prediction is not aligned with the gold file", file=sys.stderr)
        return 1
    pairs = [([g for _, g in gs], [p for _, p in ps]) for gs, ps in zip(gold, pred)]
    print(f"{args.gold} ({len(gold)} sentences)")
    print(format_scores(score_entities(pairs)))
    return 0


def _tag_with(folder: Path, gold: Path, lang: str) -> Path:
    """Tag ``gold`` with the model in ``folder``; the path of the output written."""
    from marsad.ner.tagger import CrfTagger, load_resources

    tagger = CrfTagger(lang, folder / f"{lang}.crf.npz", load_resources(lang, folder))
    with tempfile.NamedTemporaryFile("w", suffix=".conll", delete=False) as out:
        for sentences in (list(s.tokens for s in doc) for doc in read_documents(gold, require_tags=False)):
            for tokens, tags in zip(sentences, tagger.tag_sentences(sentences)):
                out.write("".join(f"{tok} {tag}\n" for tok, tag in zip(tokens, tags)) + "\n")
    return Path(out.name)


if __name__ == "__main__":
    raise SystemExit(main())
