#!/usr/bin/env python3
"""Quotes and events against the project's own annotated articles.

    python3 scripts/eval_facts.py            # all languages
    python3 scripts/eval_facts.py --lang ar  # one
    python3 scripts/eval_facts.py --show     # every miss and false alarm

The articles (tests/fixtures/facts/articles_{ar,ru,en}.jsonl) were written
for the project; each carries its gold quotes (kind, speaker, first words)
and events (type, participants, place, date).  Articles marked
``"split": "test"`` were written after the rules were tuned on the others
and never looked at while tuning: ``--split test`` scores those alone.  The whole pipeline runs on
each (as a text dump), so the figures include the entity stage's errors.

Prints, per language and overall: quotes precision/recall/F1 (a predicted
quote is right when its kind matches and its text begins with the gold
words), the share of found quotes whose speaker is right (the speaker
entity's name or mentions, or the speaker_name, hold the gold speaker);
events precision/recall/F1 by type, participant precision/recall over the
matched events, and place and date accuracy over the matched events.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "facts"


def _k(text: str | None) -> str:
    from marsad.normalize import match_key

    return " ".join(match_key(text or "").split())


def _holds(forms: list[str], gold: str) -> bool:
    g = _k(gold)
    return any(g and (g in _k(f) or (_k(f) and _k(f) in g)) for f in forms)


def evaluate(lang: str, show: bool, split: str | None = None) -> Counter:
    from marsad.api import analyze_text
    from marsad.record import to_record

    c: Counter = Counter()
    for line in (FIXTURES / f"articles_{lang}.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        if split is not None and gold.get("split", "dev") != split:
            continue
        rec = to_record(analyze_text(gold["text"], name=gold["id"] + ".txt", kind="text"))
        forms = {e["id"]: [e["name"]] + [m["text"] for m in e["mentions"]] for e in rec.get("entities") or []}
        # Quotes.
        predicted = list(rec.get("quotes") or [])
        used: set[int] = set()
        for g in gold["quotes"]:
            hit = next((i for i, q in enumerate(predicted) if i not in used and q["kind"] == g["kind"]
                        and _k(q["text"]).startswith(_k(g["starts"]))), None)
            if hit is None:
                c["quote_fn"] += 1
                if show:
                    print(f"  {gold['id']}: missed {g['kind']} quote «{g['starts']}…» ({g['speaker']})")
                continue
            used.add(hit)
            c["quote_tp"] += 1
            q = predicted[hit]
            names = forms.get(q["speaker"], []) + ([q["speaker_name"]] if q["speaker_name"] else [])
            if _holds(names, g["speaker"]):
                c["speaker_ok"] += 1
            elif show:
                print(f"  {gold['id']}: quote «{g['starts']}…» speaker {names or None}, gold {g['speaker']}")
        for i, q in enumerate(predicted):
            if i not in used:
                c["quote_fp"] += 1
                if show:
                    print(f"  {gold['id']}: extra {q['kind']} quote «{q['text'][:40]}…»")
        # Events.
        events = list(rec.get("events") or [])
        taken: set[int] = set()
        for g in gold["events"]:
            hit = next((i for i, e in enumerate(events) if i not in taken and e["type"] == g["type"]), None)
            if hit is None:
                c["event_fn"] += 1
                if show:
                    print(f"  {gold['id']}: missed {g['type']} event")
                continue
            taken.add(hit)
            c["event_tp"] += 1
            e = events[hit]
            names = [forms.get(p, [p]) for p in e["participants"]]
            for gp in g["participants"]:
                found = any(_holds(n, gp) for n in names)
                c["part_tp" if found else "part_fn"] += 1
            for n in names:
                if not any(_holds(n, gp) for gp in g["participants"]):
                    c["part_fp"] += 1
            place_ok = (e["place"] is None and g["place"] is None) or (
                e["place"] is not None and g["place"] is not None and _holds(forms.get(e["place"], []), g["place"]))
            c["place_ok"] += place_ok
            c["date_ok"] += e["date"] == g["date"]
            if show and (not place_ok or e["date"] != g["date"]):
                print(f"  {gold['id']}: {g['type']} place {forms.get(e['place'])} (gold {g['place']}), date {e['date']} (gold {g['date']})")
        for i, e in enumerate(events):
            if i not in taken:
                c["event_fp"] += 1
                if show:
                    print(f"  {gold['id']}: extra {e['type']} event «{(e['text'] or '')[:40]}…»")
    return c


def prf(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.2f} R {r:.2f} F1 {f:.2f}"


def report(name: str, c: Counter) -> None:
    q = c["quote_tp"]
    e = c["event_tp"]
    print(f"{name}: quotes {prf(q, c['quote_fp'], c['quote_fn'])} (n={q + c['quote_fn']}); "
          f"speaker right {c['speaker_ok']}/{q}")
    print(f"{' ' * len(name)}  events {prf(e, c['event_fp'], c['event_fn'])} (n={e + c['event_fn']}); "
          f"participants {prf(c['part_tp'], c['part_fp'], c['part_fn'])}; place right {c['place_ok']}/{e}; date right {c['date_ok']}/{e}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", choices=("ar", "ru", "en"))
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--split", choices=("dev", "test"), help="only the articles the rules were tuned on (dev) or the held-out ones (test)")
    args = ap.parse_args()
    total: Counter = Counter()
    for lang in [args.lang] if args.lang else ["ar", "ru", "en"]:
        c = evaluate(lang, args.show, args.split)
        report(lang, c)
        total += c
    if not args.lang:
        report("all", total)


if __name__ == "__main__":
    main()
