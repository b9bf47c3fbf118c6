"""Build the word-piece vocabulary and the encoded corpora for the Arabic
encoder tagger.

Unlabelled text: SaudiNewsNet (titles and bodies), the text of ANERcorp's
train.txt (never test.txt), AQMAR and the Arabic side of NTREX-128, all
from ../shared. Writes to OUT (default .trf/, ignored by git):

- ``vocab.txt``: special pieces, one "+clitic" piece per proclitic group
  seen ≥ 50 times, then WordPiece pieces over the folded stems;
- ``corpus.npz``: ``ids`` (uint16, sentences one after another, [SEP]
  after each; the top bit set on the first piece of every token), for
  masked-language-model pretraining;
- ``ner_train.npz``, ``ner_test.npz``: ANERcorp sentences as ragged arrays
  (pieces, heads, labels, with offsets).

Needs ``tokenizers`` (pip install tokenizers) for the vocabulary only.
    python3 scripts/trf_ar/prepare.py --vocab-size 12000
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from pieces import SPECIALS, WordPieces

from marsad.ner.clusters import saudinewsnet_sentences
from marsad.ner.conll import read_conll
from marsad.ner.features import arabic_parts

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
_WORD = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def unlabelled(shared: Path):
    yield from saudinewsnet_sentences(shared / "data/news/ar/saudinewsnet/dataset")
    for sent in read_conll(shared / "data/ner/ar/anercorp/train.txt"):
        yield [tok for tok, _ in sent]
    for path in sorted((shared / "data/ner/ar/aqmar").glob("*.txt")):
        sent = []
        for line in path.read_text(encoding="utf-8").splitlines():  # first column; AQMAR has junk tags
            if line.strip():
                sent.append(line.split()[0])
            elif sent:
                yield sent
                sent = []
        if sent:
            yield sent
    ntrex = shared / "data/news/multi/ntrex128/newstest2019-ref.arb.txt"
    if ntrex.exists():
        for line in ntrex.read_text(encoding="utf-8").splitlines():
            words = _WORD.findall(line)
            if len(words) > 2:
                yield words


def ragged(rows: list[list[int]], dtype) -> tuple[np.ndarray, np.ndarray]:
    offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(r) for r in rows])
    flat = np.fromiter((x for r in rows for x in r), dtype=dtype, count=int(offsets[-1]))
    return flat, offsets


def encode_ner(path: Path, pieces: WordPieces, out: Path, limit: int) -> None:
    ids_rows, head_rows, label_rows = [], [], []
    for sent in read_conll(path):
        toks = [t for t, _ in sent]
        ids, heads = pieces.sentence(toks, limit)
        ids_rows.append(ids)
        head_rows.append(heads)
        label_rows.append([LABELS.index(tag) for _, tag in sent])
    ids, ids_off = ragged(ids_rows, np.uint16)
    heads, tok_off = ragged(head_rows, np.int16)
    labels, _ = ragged(label_rows, np.int8)
    np.savez(out, ids=ids, ids_off=ids_off, heads=heads, labels=labels, tok_off=tok_off)
    print(f"{out}: {len(ids_rows)} sentences, {len(heads)} tokens, {len(ids)} pieces")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / ".trf")
    ap.add_argument("--vocab-size", type=int, default=12000)
    ap.add_argument("--limit", type=int, default=256, help="most pieces in one NER sentence")
    args = ap.parse_args()
    for need in ("data/news/ar/saudinewsnet/dataset", "data/ner/ar/anercorp/train.txt", "data/ner/ar/anercorp/test.txt"):
        if not (args.shared / need).exists():
            sys.exit(f"{args.shared / need}: not found (this script reads ../shared; --shared names another copy)")
    try:
        from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    except ImportError:
        sys.exit("the word-piece vocabulary needs tokenizers: python3 -m pip install tokenizers")
    args.out.mkdir(parents=True, exist_ok=True)

    t0 = time.time()
    sentences = [s for s in unlabelled(args.shared)]
    print(f"{len(sentences)} sentences, {sum(map(len, sentences))} tokens ({time.time() - t0:.0f} s)")
    clitics: collections.Counter[str] = collections.Counter()
    stems_text: list[str] = []
    for sent in sentences:
        stems = []
        for tok in sent:
            _key, stem, clitic = arabic_parts(tok)
            if clitic:
                clitics[clitic] += 1
            stems.append(stem)
        stems_text.append(" ".join(stems))
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]", max_input_chars_per_word=100))
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    trainer = trainers.WordPieceTrainer(vocab_size=args.vocab_size, min_frequency=3, special_tokens=list(SPECIALS))
    tok.train_from_iterator(stems_text, trainer=trainer)
    learned = sorted(tok.get_vocab().items(), key=lambda kv: kv[1])
    vocab = list(SPECIALS) + ["+" + c for c, n in clitics.most_common() if n >= 50]
    vocab += [p for p, _ in learned if p not in SPECIALS]
    (args.out / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    print(f"vocabulary: {len(vocab)} pieces ({time.time() - t0:.0f} s)")

    pieces = WordPieces(vocab)
    ids: list[int] = []
    starts: list[int] = []
    unk = 0
    for sent in sentences:
        for tok_ in sent:
            p, _ = pieces.token(tok_)
            ids.extend(p)
            starts.append(1)
            starts.extend([0] * (len(p) - 1))
            unk += p.count(pieces.unk)
        ids.append(pieces.sep)
        starts.append(1)
    packed = np.array(ids, dtype=np.uint16) | (np.array(starts, dtype=np.uint16) << 15)
    np.savez_compressed(args.out / "corpus.npz", ids=packed)
    print(f"corpus: {len(ids)} pieces, {unk} unknown ({time.time() - t0:.0f} s)")
    anercorp = args.shared / "data/ner/ar/anercorp"
    encode_ner(anercorp / "train.txt", pieces, args.out / "ner_train.npz", args.limit)
    encode_ner(anercorp / "test.txt", pieces, args.out / "ner_test.npz", args.limit)


if __name__ == "__main__":
    main()
