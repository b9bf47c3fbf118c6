"""Does a word look like a name by its letters?

A name the tagger has never seen — in training or in the unlabelled news its
clusters and profiles come from — still has the letters of a transliterated
name ("دانابالا", "نيستلروي") or of an Arabic verb or noun ("يتقمص",
"متضامنا").  :func:`train_nameiness` fits a logistic model (crfsuite on
one-item sequences) on the letter 2-, 3- and 4-grams of words: names are the
one-word keys of the gazetteer's people and places that the corpus rarely
writes with the article; other words are frequent corpus words with no
name-announcing neighbour in their profile (:mod:`marsad.ner.profiles`).  The
tagger reads :func:`name_level` of each stem, 0 to 4, as a feature (stored
with the stem's profile when the corpus has one).
Committed as ``models/ar_nameiness.tsv``: ``gram<TAB>weight``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from itertools import repeat
from pathlib import Path

_BOUNDS = (-4.0, -1.0, 1.0, 4.0)
_NAME_TRIGGERS = ("LT", "LB", "RB")  # profile features that announce a person


def letter_grams(word: str) -> list[str]:
    s = "<" + word + ">"
    return [s[i : i + n] for n in (2, 3, 4) for i in range(len(s) - n + 1)]


def name_level(word: str, weights: dict[str, float]) -> str:
    """``"0"`` (not like a name at all) to ``"4"`` (very much like one)."""
    score = sum(map(weights.get, letter_grams(word), repeat(0.0)))
    return str(sum(score > b for b in _BOUNDS))


def training_words(
    names: dict[str, set[str]], profiles: dict[str, str], min_log_count: int = 4
) -> tuple[set[str], set[str]]:
    """``(names, others)``: gazetteer words of people and places rarely seen
    with the article, and frequent corpus words no title or "بن" announces
    (``profiles``: :func:`marsad.ner.profiles.load_profiles`)."""
    pos = set()
    for word, kinds in names.items():
        article = {"AL2", "AL3"} & set(profiles.get(word, "").split())
        if len(word) >= 3 and ("PER" in kinds or "LOC" in kinds) and not article:
            pos.add(word)
    neg = set()
    for word, line in profiles.items():
        feats = [f for f in line.split() if not f.startswith("nm")]
        if word in names or len(word) < 3 or not feats:
            continue
        fq = feats[0][2:]
        if not fq.isdigit() or int(fq) < min_log_count:
            continue
        if any(f[:2] in _NAME_TRIGGERS or f in ("LS2", "LS3") for f in feats[1:]):
            continue
        neg.add(word)
    return pos, neg


def train_nameiness(pos: Iterable[str], neg: Iterable[str], out: str | Path, seed: int = 0) -> float:
    """Fit the letter model and write its weights; returns the accuracy on
    a held-out tenth of the words."""
    try:
        import pycrfsuite
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ImportError("training needs python-crfsuite: pip install python-crfsuite") from exc
    items = [(w, "N") for w in sorted(pos)] + [(w, "O") for w in sorted(neg)]
    random.Random(seed).shuffle(items)
    cut = max(1, len(items) // 10)
    trainer = pycrfsuite.Trainer(verbose=False)
    for word, label in items[cut:]:
        trainer.append([letter_grams(word)], [label])
    trainer.set_params({"c1": 0.1, "c2": 0.01, "max_iterations": 200, "feature.possible_transitions": False})
    model = Path(str(out) + ".crfsuite")
    trainer.train(str(model))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    weights: dict[str, float] = {}
    for (attr, label), value in tagger.info().state_features.items():
        weights[attr] = weights.get(attr, 0.0) + (value if label == "N" else -value)
    right = 0
    for word, label in items[:cut]:
        tagger.set([letter_grams(word)])
        right += tagger.tag()[0] == label
    tagger.close()
    model.unlink()
    with open(out, "w", encoding="utf-8") as handle:
        handle.write("# letter n-gram weights of 'looks like a name'; built by scripts/train_ner.py\n")
        for gram, value in sorted(weights.items()):
            if abs(value) >= 0.01 and "\t" not in gram and "\n" not in gram:
                handle.write(f"{gram}\t{value:.3f}\n")
    return right / cut


def load_nameiness(path: str | Path) -> dict[str, float]:
    """``gram -> weight``; a malformed line is a ``ValueError`` naming the file and line."""
    table: dict[str, float] = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.startswith("#") or not line.strip():
                continue
            gram, _, value = line.rstrip("\n").partition("\t")
            try:
                table[gram] = float(value)
            except ValueError:
                raise ValueError(f"{path}:{number}: expected gram<TAB>weight, got {line[:60]!r}") from None
    return table
