"""Context profiles: how a word is used across unlabelled news.

A name the tagger never saw labelled has often been seen elsewhere right
after a title ("اللاعب فينغر"), a speech verb ("وقال فينغر"), a word that
introduces an organization ("نادي الوكرة") or a place ("مدينة نابلس"), or
beside "بن" ("محمد بن راشد").  :func:`build_profiles` counts, for each word
stem of a large unlabelled corpus (SaudiNewsNet for Arabic), how often its
neighbour is such a trigger word, and keeps the share as a coarse level;
the tagger reads those levels as features of the stem (``pf…``), and the
word's frequency in the corpus as a bucket (rare words are more often
names) and, once the letter model is trained, how much its letters look
like a name (``nm0``–``nm4``, :mod:`marsad.ner.nameiness`).  The trigger
lists are language data (``models/ar_triggers.tsv``):
``CLASS<TAB>side<TAB>words``.  Committed as ``models/ar_profiles.tsv``:
``stem<TAB>features``.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from .features import arabic_parts

MIN_COUNT = 3
_LEVELS = ((0.25, "3"), (0.08, "2"), (0.02, "1"))


def load_triggers(path: str | Path) -> dict[str, dict[str, str]]:
    """``{"left": {stem: class}, "right": {stem: class}}`` from a trigger file
    (words folded as the tagger folds them); a malformed line is a
    ``ValueError`` naming the file and line."""
    out: dict[str, dict[str, str]] = {"left": {}, "right": {}}
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or fields[1] not in out or not fields[0]:
            raise ValueError(f"{path}:{number}: expected CLASS<TAB>left|right<TAB>words, got {line[:60]!r}")
        cls, side, words = fields
        for w in words.split():
            out[side][arabic_parts(w)[1]] = cls
    return out


def build_profiles(sentences: Iterable[list[str]], triggers: dict[str, dict[str, str]], out: str | Path) -> int:
    """Count trigger neighbours per stem over ``sentences`` (token keys) and
    write the profile file; returns the number of stems written."""
    left, right = triggers["left"], triggers["right"]
    total: Counter[str] = Counter()
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for words in sentences:
        parts = [arabic_parts(w) for w in words]
        stems = [p[1] for p in parts]
        n = len(stems)
        for i, s in enumerate(stems):
            total[s] += 1
            if parts[i][2].endswith("ال") or parts[i][2].endswith("لل"):
                seen[s]["AL"] += 1
            if i and stems[i - 1] in left:
                seen[s]["L" + left[stems[i - 1]]] += 1
            if i + 1 < n and stems[i + 1] in right:
                seen[s]["R" + right[stems[i + 1]]] += 1
    lines = []
    for stem, c in total.items():
        if c < MIN_COUNT or not stem.isprintable():  # no tabs, no invisible marks as stems
            continue
        feats = ["fq" + str(min(int(math.log2(c)), 14))]
        for cls, k in sorted(seen.get(stem, {}).items()):
            if k < 2:
                continue
            share = k / c
            level = next((lv for bound, lv in _LEVELS if share >= bound), None)
            if level:
                feats.append(cls + level)
        lines.append(stem + "\t" + " ".join(feats))
    lines.sort()
    with open(out, "w", encoding="utf-8") as handle:
        handle.write("# word-stem context profiles; built by scripts/train_ner.py from unlabelled news\n")
        handle.write("\n".join(lines) + "\n")
    return len(lines)


def add_name_levels(path: str | Path, weights: dict[str, float]) -> None:
    """Append each stem's letter-model level (:func:`marsad.ner.nameiness.name_level`,
    ``nm0``–``nm4``) to its profile, so the tagger computes it only for
    stems the corpus never showed."""
    from .nameiness import name_level

    out = ["# word-stem context profiles; built by scripts/train_ner.py from unlabelled news"]
    for stem, feats in load_profiles(path).items():
        feats = " ".join(f for f in feats.split() if not f.startswith("nm"))
        out.append(f"{stem}\t{feats} nm{name_level(stem, weights)}")
    Path(path).write_text("\n".join(out) + "\n", encoding="utf-8")


def load_profiles(path: str | Path) -> dict[str, str]:
    """``stem -> "fq7 LT2 …"``: each stem's features as one string (split
    by the caller, for the few stems it meets); a line without its tab is a
    ``ValueError`` naming the file and line."""
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    try:
        return dict(line.split("\t", 1) for line in lines if line and not line.startswith("#"))
    except ValueError:
        pass
    for number, line in enumerate(lines, 1):
        if line and not line.startswith("#") and "\t" not in line:
            raise ValueError(f"{path}:{number}: expected stem<TAB>features, got {line[:60]!r}") from None
    raise ValueError(f"{path}: not a profile file")  # pragma: no cover - every other line splits
