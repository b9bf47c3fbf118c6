"""Precision and recall of marsad.quantities on the project's own sentences.

    python scripts/eval_quantities.py              # P/R per kind per language
    python scripts/eval_quantities.py --errors     # and every miss and false hit
    python scripts/eval_quantities.py --bench      # and ms per 2,200-character Arabic article

The sentences are in ``tests/fixtures/facts/quantities_{ar,ru,en}.jsonl``
(written for the project: trade, investment, grain, energy news about Russia
and the Arab and Islamic world), one JSON object a line: ``text`` and the
expected ``quantities`` (``kind``, ``value``, ``unit``, ``text``, ``period``).
A found quantity is right when an expected one of the sentence has the same
kind, value and unit; the table also gives, over the right ones, how many
have exactly the expected span text and the expected period.

``--bench`` times :func:`find_quantities` on SaudiNewsNet articles when
``../shared`` has them (per 2,200 characters of text), else on an article
made of the Arabic fixture sentences.  Pin it to one core:
``taskset -c 1 python scripts/eval_quantities.py --bench``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "facts"
SAUDINEWSNET = ROOT.parent / "shared" / "data" / "news" / "ar" / "saudinewsnet" / "dataset"
KINDS = ("money", "percent", "count", "ordinal", "other")
ARTICLE_CHARS = 2200

sys.path.insert(0, str(ROOT / "src"))
from marsad.quantities import find_quantities  # noqa: E402


def load(lang: str) -> list[dict]:
    path = FIXTURES / f"quantities_{lang}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _same(found: dict, expected: dict) -> bool:
    if found["kind"] != expected["kind"] or found["unit"] != expected["unit"]:
        return False
    a, b = float(found["value"]), float(expected["value"])
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def evaluate(lang: str, show_errors: bool) -> dict[str, list[int]]:
    """kind -> [true positives, found, expected, span right, period right]."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for row in load(lang):
        text = row["text"]
        found = [q.as_dict(text) for q in find_quantities(text, lang)]
        expected = list(row["quantities"])
        for e in expected:
            counts[e["kind"]][2] += 1
        unmatched = list(expected)
        for f in found:
            counts[f["kind"]][1] += 1
            match = next((e for e in unmatched if _same(f, e)), None)
            if match is None:
                if show_errors:
                    print(f"  [{lang}] FALSE {f['kind']} {f['value']} {f['unit']} «{f['text']}» in: {text}")
                continue
            unmatched.remove(match)
            c = counts[f["kind"]]
            c[0] += 1
            c[3] += f["text"] == match["text"]
            c[4] += f["period"] == match["period"]
            if show_errors and (f["text"] != match["text"] or f["period"] != match["period"]):
                print(f"  [{lang}] PARTIAL «{f['text']}» {f['period']} expected «{match['text']}» {match['period']}")
        if show_errors:
            for e in unmatched:
                print(f"  [{lang}] MISSED {e['kind']} {e['value']} {e['unit']} «{e['text']}» in: {text}")
    return counts


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}" if b else "    -"


def table(results: dict[str, dict[str, list[int]]]) -> None:
    print(f"{'lang':4} {'kind':8} {'P':>6} {'R':>6} {'found':>6} {'gold':>5} {'span':>6} {'period':>6}")
    for lang, counts in results.items():
        total = [0, 0, 0, 0, 0]
        for kind in KINDS:
            tp, found, gold, span, period = counts.get(kind, [0, 0, 0, 0, 0])
            total = [t + x for t, x in zip(total, (tp, found, gold, span, period))]
            if found or gold:
                print(f"{lang:4} {kind:8} {_pct(tp, found):>6} {_pct(tp, gold):>6} {found:6} {gold:5} "
                      f"{_pct(span, tp):>6} {_pct(period, tp):>6}")
        tp, found, gold, span, period = total
        print(f"{lang:4} {'all':8} {_pct(tp, found):>6} {_pct(tp, gold):>6} {found:6} {gold:5} "
              f"{_pct(span, tp):>6} {_pct(period, tp):>6}")
    print("P, R: kind, value and unit right; span, period: of those, share with the exact text / period")


def _saudinewsnet(limit: int) -> list[str]:
    texts: list[str] = []
    for path in sorted(SAUDINEWSNET.glob("*.zip")):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                for article in json.loads(zf.read(name)):
                    if isinstance(article, dict) and article.get("content"):
                        texts.append(article["content"])
        if len(texts) >= limit:
            break
    return texts[:limit]


def bench(limit: int) -> None:
    if SAUDINEWSNET.is_dir():
        texts, what = _saudinewsnet(limit), "SaudiNewsNet articles"
    else:
        sentences = [row["text"] for row in load("ar")]
        article = ""
        while len(article) < ARTICLE_CHARS:
            article += " ".join(sentences) + "\n\n"
        texts, what = [article[:ARTICLE_CHARS]] * 500, "fixture articles"
    find_quantities("تحميل 5 مليارات دولار", "ar")  # compile the language data first
    chars = sum(len(t) for t in texts)
    found = 0
    start = time.process_time()  # CPU time: the figure holds on a busy machine
    for text in texts:
        found += len(find_quantities(text, "ar"))
    elapsed = time.process_time() - start
    print(
        f"{len(texts)} {what}, {chars / len(texts):.0f} characters on average, {found} quantities: "
        f"{1000 * elapsed / len(texts):.3f} ms/article, "
        f"{1000 * elapsed * ARTICLE_CHARS / chars:.3f} ms per {ARTICLE_CHARS:,} characters (CPU time)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", choices=("ar", "ru", "en"), action="append", help="only these languages")
    ap.add_argument("--errors", action="store_true", help="print every miss and false hit")
    ap.add_argument("--bench", action="store_true", help="also time Arabic articles")
    ap.add_argument("--limit", type=int, default=5000, help="articles to time (default 5000)")
    args = ap.parse_args()
    results = {lang: evaluate(lang, args.errors) for lang in (args.lang or ["ar", "ru", "en"])}
    table(results)
    if args.bench:
        bench(args.limit)


if __name__ == "__main__":
    main()
