"""Score the Russian entity stage (natasha) on factRuEval-2016 and Collection5.

    taskset -c 1 python3 scripts/eval_ner_ru.py                 # both corpora
    taskset -c 1 python3 scripts/eval_ner_ru.py --corpus factru --limit 20
    taskset -c 1 python3 scripts/eval_ner_ru.py --keep-parens   # natasha's "Name (ABBR)" spans

Prints, per corpus, precision/recall/F1 per type (PER, ORG, LOC) and micro:

- ``exact``   an entity counts when its start, end and type all match;
- ``overlap`` (lenient) a predicted entity is correct when it overlaps a gold
  entity of the same type, and a gold entity is found when a predicted one of
  its type overlaps it;
- ``token``   every razdel token inside an entity is one decision per type —
  the measure behind natasha's published figures (naeval), for comparison.

Gold entities, following the conventions of natasha's naeval evaluation:

- factRuEval-2016 (``testset``: ``.txt``, ``.tokens``, ``.spans``,
  ``.objects``): a ``Person`` object is one PER entity from the start of its
  first span to the end of its last; ``Org`` yields each of its ``org_name``
  spans as ORG (descriptors such as "компания" are not part of the name);
  ``Location`` and ``LocOrg`` yield each ``loc_name`` span as LOC;
  ``Project`` and ``Facility`` are dropped.
- Collection5 (``collection5_gold.jsonl``: ``text`` and character-offset
  ``spans``): PER -> PER, ORG and MEDIA -> ORG, LOC and GEOPOLIT -> LOC;
  quotes and white space at span edges are trimmed ("\\"Союзкалий\\"").
- Both: of overlapping gold entities the earlier (then longer, then first
  annotated) one is kept.
  That drops 109 of factRuEval's (mostly a LOC, PER or shorter ORG name
  nested inside an organization's name) and 1 of Collection5's.

Throughput is measured after the models are loaded, on the full path
(:func:`find_entities`: segmenting, NER, morphology, syntax for ORG sentences,
normalization) and on the NER tagger alone (:func:`find_spans`).  Pin to one
core; both wall-clock and CPU-time rates are printed, and on a busy shared
machine the CPU-time rate is the one to quote.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import Counter
from pathlib import Path

from marsad.ner.ru_natasha import TYPES, find_entities, find_spans, load_models

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ner" / "ru"
FACTRU_DIR = SHARED / "factrueval-2016" / "testset"
NE5_FILE = SHARED / "collection5" / "collection5_gold.jsonl"

Entity = tuple[int, int, str]

FACTRU_TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
FACTRU_NAME_SPAN = {"ORG": "org_name", "LOC": "loc_name"}
NE5_TYPES = {"PER": "PER", "ORG": "ORG", "MEDIA": "ORG", "LOC": "LOC", "GEOPOLIT": "LOC"}
TRIM = " \t\r\n\"'«»„“”"


# ------------------------------------------------------------------ corpora


def load_factru(directory: Path) -> list[tuple[str, str, list[Entity]]]:
    docs = []
    for tokens_path in sorted(directory.glob("*.tokens")):
        base = tokens_path.with_suffix("")
        text = base.with_suffix(".txt").read_text(encoding="utf-8")
        spans = {}  # span id -> (type, start, end)
        for line in base.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
            fields = line.split("#", 1)[0].split()
            if len(fields) >= 4:
                start, length = int(fields[2]), int(fields[3])
                spans[fields[0]] = (fields[1], start, start + length)
        gold: list[Entity] = []
        for line in base.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
            fields = line.split("#", 1)[0].split()
            if len(fields) < 3 or fields[1] not in FACTRU_TYPES:
                continue
            type_ = FACTRU_TYPES[fields[1]]
            parts = [spans[i] for i in fields[2:] if i in spans]
            if type_ == "PER":
                if parts:
                    gold.append((min(p[1] for p in parts), max(p[2] for p in parts), type_))
            else:
                gold.extend((s, e, type_) for kind, s, e in parts if kind == FACTRU_NAME_SPAN[type_])
        docs.append((base.name, text, drop_overlapping(gold)))
    return docs


def load_collection5(path: Path) -> list[tuple[str, str, list[Entity]]]:
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = record["text"]
        gold = []
        for span in record["spans"]:
            if span["type"] in NE5_TYPES:
                start, end = trim(text, span["start"], span["stop"])
                if start < end:
                    gold.append((start, end, NE5_TYPES[span["type"]]))
        docs.append((record["id"], text, drop_overlapping(gold)))
    return docs


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    end = min(end, len(text))
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def drop_overlapping(entities: list[Entity]) -> list[Entity]:
    kept: list[Entity] = []
    # dict.fromkeys keeps file order, so of two spans with the same offsets
    # and different types the one annotated first wins (deterministically)
    for entity in sorted(dict.fromkeys(entities), key=lambda e: (e[0], -e[1])):
        if not kept or entity[0] >= kept[-1][1]:
            kept.append(entity)
    return kept


# ------------------------------------------------------------------ scoring


class Scores:
    """True positives and the two totals per type, for one way of matching."""

    def __init__(self) -> None:
        self.tp_pred: Counter[str] = Counter()  # predictions judged correct
        self.tp_gold: Counter[str] = Counter()  # gold entities judged found
        self.pred: Counter[str] = Counter()
        self.gold: Counter[str] = Counter()

    def row(self, types: tuple[str, ...]) -> tuple[float, float, float, int, int]:
        tp_p = sum(self.tp_pred[t] for t in types)
        tp_g = sum(self.tp_gold[t] for t in types)
        pred = sum(self.pred[t] for t in types)
        gold = sum(self.gold[t] for t in types)
        p = tp_p / pred if pred else 0.0
        r = tp_g / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f, gold, pred


def score_exact(scores: Scores, pred: list[Entity], gold: list[Entity]) -> None:
    hits = set(pred) & set(gold)
    for s, e, t in pred:
        scores.pred[t] += 1
    for s, e, t in gold:
        scores.gold[t] += 1
    for s, e, t in hits:
        scores.tp_pred[t] += 1
        scores.tp_gold[t] += 1


def score_overlap(scores: Scores, pred: list[Entity], gold: list[Entity]) -> None:
    def overlaps(a: Entity, others: list[Entity]) -> bool:
        return any(o[2] == a[2] and o[0] < a[1] and a[0] < o[1] for o in others)

    for entity in pred:
        scores.pred[entity[2]] += 1
        scores.tp_pred[entity[2]] += overlaps(entity, gold)
    for entity in gold:
        scores.gold[entity[2]] += 1
        scores.tp_gold[entity[2]] += overlaps(entity, pred)


def score_tokens(scores: Scores, tokens: list[tuple[int, int]], pred: list[Entity], gold: list[Entity]) -> None:
    def labels(entities: list[Entity]) -> list[str | None]:
        out: list[str | None] = [None] * len(tokens)
        for s, e, t in entities:
            for i, (ts, te) in enumerate(tokens):
                if s <= ts and te <= e:
                    out[i] = t
        return out

    for p, g in zip(labels(pred), labels(gold)):
        if p:
            scores.pred[p] += 1
        if g:
            scores.gold[g] += 1
        if p and p == g:
            scores.tp_pred[p] += 1
            scores.tp_gold[p] += 1


# ------------------------------------------------------------------ running


def evaluate(name: str, docs: list[tuple[str, str, list[Entity]]], split_parens: bool = True) -> dict:
    from razdel import tokenize

    exact, overlap, token = Scores(), Scores(), Scores()
    chars = sum(len(text) for _, text, _ in docs)
    n_tokens = 0
    full_s = full_cpu = 0.0
    for _, text, gold in docs:
        started, cpu = time.perf_counter(), time.process_time()
        pred = [(e.start, e.end, e.type) for e in find_entities(text, split_parens=split_parens)]
        full_s += time.perf_counter() - started
        full_cpu += time.process_time() - cpu
        tokens = [(t.start, t.stop) for t in tokenize(text)]
        n_tokens += len(tokens)
        score_exact(exact, pred, gold)
        score_overlap(overlap, pred, gold)
        score_tokens(token, tokens, pred, gold)
    started, cpu = time.perf_counter(), time.process_time()
    for _, text, _ in docs:
        find_spans(text, split_parens=split_parens)
    ner_s = time.perf_counter() - started
    ner_cpu = time.process_time() - cpu

    print(f"\n== {name}: {len(docs)} docs, {chars:,} chars, {n_tokens:,} tokens")
    print(f"{'':8}{'type':6}{'P':>7}{'R':>7}{'F1':>7}{'gold':>8}{'pred':>8}")
    for label, scores in (("exact", exact), ("overlap", overlap), ("token", token)):
        for type_ in (*TYPES, "micro"):
            types = TYPES if type_ == "micro" else (type_,)
            p, r, f, g, pr = scores.row(types)
            print(f"{label:8}{type_:6}{p:7.3f}{r:7.3f}{f:7.3f}{g:8}{pr:8}")
    for label, wall, cpu in (("full find_entities", full_s, full_cpu), ("NER only find_spans", ner_s, ner_cpu)):
        print(
            f"throughput {label:20} wall: {chars / wall:9,.0f} chars/s {n_tokens / wall:8,.0f} tokens/s"
            f" | CPU time: {chars / cpu:9,.0f} chars/s {n_tokens / cpu:8,.0f} tokens/s"
        )
    return {"exact": exact, "overlap": overlap, "token": token}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=("factru", "collection5", "all"), default="all")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N documents")
    parser.add_argument(
        "--keep-parens",
        action="store_true",
        help='keep "Name (ABBR)" as one span, as natasha gives it (the Collection5 convention)',
    )
    args = parser.parse_args(argv)

    corpora = []
    if args.corpus in ("factru", "all"):
        corpora.append(("factRuEval-2016 testset", FACTRU_DIR, load_factru))
    if args.corpus in ("collection5", "all"):
        corpora.append(("Collection5", NE5_FILE, load_collection5))
    missing = [str(path) for _, path, _ in corpora if not path.exists()]
    if missing:
        print(f"missing benchmark data: {', '.join(missing)}", file=sys.stderr)
        return 2

    started = time.perf_counter()
    load_models()
    load_s = time.perf_counter() - started
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.keep_parens:
        print('"Name (ABBR)" kept as one span (--keep-parens)')
    print(f"models loaded in {load_s:.2f} s; peak RSS after load {rss_mb:.0f} MB")

    for name, path, loader in corpora:
        docs = loader(path.resolve())
        if args.limit:
            docs = docs[: args.limit]
        evaluate(name, docs, split_parens=not args.keep_parens)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS {rss_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
