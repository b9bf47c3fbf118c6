#!/usr/bin/env python3
"""Score main-text extraction on the English and Russian benchmark pages.

A benchmark to run, not a test.  Corpora (read from ``../shared``, never
copied into the repository):

* ``en``: scrapinghub article-extraction-benchmark, 181 pages
  (``html/<id>.html.gz``, gold ``ground-truth.json`` → ``articleBody``);
* ``ru``: DAnIEL, Russian part, 266 pages (``html/<id>``, gold
  ``reference/<id>`` with one ``<p>`` per paragraph).

Metric: the scrapinghub shingle metric — multisets of 4-grams of ``\\w+``
tokens (lowercased here), precision and recall per page, each averaged over
pages, F1 from the averaged P and R.  One deliberate difference from
scrapinghub's ``evaluate.py``: a page with an empty prediction counts as
P=0 (they leave it out of the precision average), so an extractor cannot
raise its precision by giving up on hard pages.

Known gold faults, scored as they are: one DAnIEL reference
(``20120106_newsru.co.il_3ad1…``) is a whole HTML page, and a few hold the
site's menus or comment rules instead of the article.

The text scored is what the analysis path produces: ``marsad.api.analyze_bytes``
(the whole default pipeline, ``doc.text``) when that module exists, else
``decode_bytes`` + ``extract_html`` + ``build_text``.  ``--extract-only`` or
``--mode`` (``vote``, ``trafilatura``, ``density``: see
:mod:`marsad.extract.html`) forces the latter.  Pages/s is CPU time of this
one process over the analysis calls only (file reading and gunzip excluded),
after a warm-up on the project's own sample pages (``samples/``) that pays
the imports and model loading; ``--cold`` skips it, and pages/s then
includes those one-time costs.  The warm-up also loads dateparser's data
for ar/ru/en (``marsad.extract.html.warm_date_parsers``), otherwise paid on
the first page whose date dateparser must read.

    python3 scripts/eval_extraction.py                 # both corpora
    python3 scripts/eval_extraction.py --corpus ru --extract-only --worst 10
"""

from __future__ import annotations

import argparse
import gzip
import html as htmllib
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
EXTRACTION = SHARED / "data" / "extraction"
CORPORA = {"en": EXTRACTION / "en" / "scrapinghub", "ru": EXTRACTION / "ru" / "daniel"}

Runner = Callable[["Page"], str]
REJECTED: Counter[str] = Counter()  # rejection reasons of the full pipeline, per corpus


@dataclass(slots=True)
class Page:
    id: str
    data: bytes
    gold: str
    url: str | None = None


# --- corpora -----------------------------------------------------------------


def load_en(root: Path) -> list[Page]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for pid, item in sorted(truth.items()):
        data = gzip.decompress((root / "html" / f"{pid}.html.gz").read_bytes())
        pages.append(Page(pid, data, item.get("articleBody") or "", item.get("url")))
    return pages


_TAG = re.compile(r"<[^>]+>")
_PARA_END = re.compile(r"</p\s*>", re.IGNORECASE)


def gold_from_reference(markup: str) -> str:
    """One paragraph per ``<p>``; any other stray tag is dropped too."""
    paragraphs = (_TAG.sub(" ", p) for p in _PARA_END.split(markup))
    return "\n\n".join(t for p in paragraphs if (t := " ".join(htmllib.unescape(p).split())))


def load_ru(root: Path) -> list[Page]:
    pages = []
    for path in sorted((root / "html").iterdir()):
        ref = (root / "reference" / path.name).read_text(encoding="utf-8", errors="replace")
        pages.append(Page(path.name, path.read_bytes(), gold_from_reference(ref)))
    return pages


LOADERS = {"en": load_en, "ru": load_ru}


# --- metric ------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams; a text shorter than n is one short shingle."""
    toks = _WORD.findall(text.lower())
    if not toks:
        return Counter()
    return Counter(tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)))


def page_pr(gold: str, pred: str) -> tuple[float, float]:
    g, p = shingles(gold), shingles(pred)
    if not g and not p:
        return 1.0, 1.0
    if not g or not p:
        return 0.0, 0.0
    tp = sum((g & p).values())
    return tp / sum(p.values()), tp / sum(g.values())


def summarize(scores: list[tuple[float, float]]) -> tuple[float, float, float]:
    if not scores:
        return 0.0, 0.0, 0.0
    prec = sum(s[0] for s in scores) / len(scores)
    rec = sum(s[1] for s in scores) / len(scores)
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


# --- the analysis path -------------------------------------------------------


# The core issue's stages: extraction and metadata, before entities and facts.
CORE_STAGES = (
    "marsad.decode.v1", "marsad.extract.v1", "marsad.quality.v1", "marsad.language.v1",
    "marsad.segment.v1", "marsad.agencies.v1", "marsad.dates.v1",
)


def make_runner(extract_only: bool, mode: str | None, core: bool = False) -> tuple[str, Runner]:
    if not extract_only and mode is None:
        try:
            from marsad.api import analyze_bytes
            from marsad.pipeline import Pipeline
        except ImportError:
            pass
        else:
            pipeline = Pipeline(CORE_STAGES) if core else None

            def run_api(page: Page) -> str:
                name = page.id if page.id.endswith((".html", ".txt")) else f"{page.id}.html"
                kind = "text/plain" if name.endswith(".txt") else "text/html"  # .txt: the warm-up's dumps
                doc = analyze_bytes(page.data, name, kind, pipeline=pipeline)
                if doc.rejection is not None:  # scored all the same: the text is what was found
                    REJECTED[doc.rejection.reason] += 1
                return doc.text

            what = "extraction + metadata stages only" if core else "full default pipeline"
            return f"marsad.api.analyze_bytes ({what})", run_api

    from marsad.decode import decode_bytes
    from marsad.doc import build_text
    from marsad.extract.html import extract_html

    kwargs = {"mode": mode} if mode else {}

    def run_extract(page: Page) -> str:
        article = extract_html(decode_bytes(page.data).text, page.url, **kwargs)
        return build_text(article.blocks)[0]

    return f"decode_bytes + extract_html(mode={mode or 'default'})", run_extract


def evaluate(name: str, pages: list[Page], runner: Runner, worst: int) -> tuple[float, float, float]:
    scores: list[tuple[float, float]] = []
    per_page: list[tuple[float, str, float, float]] = []
    elapsed = 0.0
    for page in pages:
        start = time.process_time()  # CPU time of this one process: one core
        try:
            pred = runner(page)
        except Exception as exc:  # a crash scores zero, and is reported
            print(f"  {page.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
            pred = ""
        elapsed += time.process_time() - start
        pr = page_pr(page.gold, pred)
        scores.append(pr)
        f = 2 * pr[0] * pr[1] / (pr[0] + pr[1]) if sum(pr) else 0.0
        per_page.append((f, page.id, *pr))
    prec, rec, f1 = summarize(scores)
    rate = len(pages) / elapsed if elapsed else float("inf")
    print(
        f"{name}: {len(pages)} pages  P={prec:.3f} R={rec:.3f} F1={f1:.3f}  "
        f"{rate:.1f} pages/s ({1000 * elapsed / max(1, len(pages)):.1f} ms/page)"
    )
    if REJECTED:
        print("    rejected by the pipeline: " + ", ".join(f"{r} {n}" for r, n in REJECTED.most_common()))
        REJECTED.clear()
    for f, pid, p, r in sorted(per_page)[:worst]:
        print(f"    F1={f:.3f} P={p:.3f} R={r:.3f}  {pid}")
    return prec, rec, f1


def warm_up(runner: Runner) -> float:
    """Load dateparser's ar/ru/en data and run the project's own sample pages
    (samples/: ar/ru/en dumps and HTML) through ``runner``, so the imports
    and lazy loads are paid before the clock; returns the CPU seconds."""
    samples = Path(__file__).resolve().parents[1] / "samples"
    start = time.process_time()
    from marsad.extract.html import warm_date_parsers

    warm_date_parsers()
    for path in sorted(samples.rglob("*")):
        if path.suffix in (".html", ".txt") and path.name != "README.md":
            runner(Page(path.name, path.read_bytes(), ""))
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", choices=["en", "ru", "all"], default="all")
    ap.add_argument("--limit", type=int, default=0, help="first N pages of each corpus")
    ap.add_argument("--mode", help="extract_html mode: vote, trafilatura or density (implies --extract-only)")
    ap.add_argument("--extract-only", action="store_true", help="decode + extract_html only")
    ap.add_argument("--worst", type=int, default=0, help="list the N worst pages")
    ap.add_argument("--core", action="store_true",
                    help="only the extraction and metadata stages (decode ... dates), not entities and facts")
    ap.add_argument("--cold", action="store_true",
                    help="no warm-up: pages/s then includes the one-time start-up (imports, model loading)")
    args = ap.parse_args(argv)

    if not EXTRACTION.is_dir():
        print(
            f"benchmark data not found at {EXTRACTION.resolve()}: this script needs the "
            "shared data checked out next to the repository (../shared)",
            file=sys.stderr,
        )
        return 2
    path, runner = make_runner(args.extract_only, args.mode, args.core)
    print(f"path: {path}")
    if not args.cold:
        print(f"start-up: {warm_up(runner):.2f} s CPU (imports, models and word lists, on samples/; not in pages/s)")
    for corpus in ("en", "ru") if args.corpus == "all" else (args.corpus,):
        pages = LOADERS[corpus](CORPORA[corpus])
        if args.limit:
            pages = pages[: args.limit]
        evaluate(corpus, pages, runner, args.worst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
