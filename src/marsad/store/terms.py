"""Search terms: what the full-text index holds for a text, and what a
query word looks for.

One term per word, so phrase queries keep working: the word's proclitics
stripped (``marsad.segment.arabic_stem_start``: و ف ب ك ل ال لل and their
chains), then its Snowball stem (PyStemmer) in the language its script says
— Arabic, Russian or English — so "والمملكة", "بالمملكة", "للمملكة" and
"المملكة" are one term, as are "Лавров", "Лаврова", "Лаврову".  Digits stay
as written (Eastern Arabic and Persian digits become ASCII).

Snowball's Arabic stemmer strips و/ف/ب/ل again where Marsad's clitic
lexicon said the letter is part of the word ("وزير" → "زير"); such a prefix
is put back.  It is given ة, not Marsad's folded ه, so "مملكة" keeps its
stem.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, NamedTuple

from ..normalize import strip_bidi, western_digits
from ..segment import arabic_stem_start

__all__ = ["ANALYZER", "Term", "terms", "index_text", "word_term"]

# Bumped whenever terms change: an index built by another analyzer must be rebuilt.
ANALYZER = "marsad.terms/2"

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_ARABIC = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[a-zA-Z\u00c0-\u024f]")
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640]")
# A capitalized Russian word in -ов/-ев/-ин/-ын and a case ending is a
# surname or a place ("Лаврову", "Путиным", "Берлине"); Snowball would cut
# the nominative "Лавров" to "лавр" as if it were a genitive plural.
_RU_SURNAME = re.compile(r"(\w{2,}(?:ов|ев|ин|ын))(?:а|у|ым|ом|е|ой|ы|ых|ыми)?")
_AR_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ؤ": "و", "ئ": "ي", "ی": "ي", "ک": "ك", "ھ": "ه"}
)


class Term(NamedTuple):
    start: int
    end: int
    term: str


@lru_cache(maxsize=3)
def _stemmer(language: str):  # type: ignore[no-untyped-def]
    try:
        import Stemmer
    except ImportError as exc:  # a declared dependency
        raise ImportError("search needs PyStemmer: pip install PyStemmer") from exc
    return Stemmer.Stemmer(language)


@lru_cache(maxsize=300_000)
def word_term(word: str) -> str:
    """The index term of one word (cached: news vocabulary repeats)."""
    if _ARABIC.match(word):
        word = _MARKS.sub("", word)
        if not word:
            return ""
        bare = word[arabic_stem_start(word) :].translate(_AR_FOLD)
        stem = _stemmer("arabic").stemWord(bare) or bare
        at = bare.find(stem)
        if at > 0:  # Snowball took a letter that is part of the word
            stem = bare[:at] + stem
        return stem.replace("ة", "ه")
    key = western_digits(word).casefold().replace("ё", "е")
    if _CYRILLIC.match(key):
        if word[0].isupper():
            name = _RU_SURNAME.fullmatch(key)
            if name:  # "Лавров", "Лаврова", "Лавровым": one surname
                return name.group(1)
        return _stemmer("russian").stemWord(key)
    if _LATIN.match(key):
        return _stemmer("english").stemWord(key)
    return key


def terms(text: str) -> Iterator[Term]:
    """Every word of ``text`` with its term and offsets."""
    for m in _WORD.finditer(text):
        term = word_term(m.group())
        if term:
            yield Term(m.start(), m.end(), term)


def index_text(text: str | None) -> str:
    """The terms of ``text`` joined by spaces: what the index is given."""
    if not text:
        return ""
    return " ".join(word_term(w) for w in _WORD.findall(strip_bidi(text)) if w)
