"""Normalization for matching keys — never for display.

Arabic text is written with optional diacritics, decorative tatweel, several
alef/hamza forms, and alef maqsura or teh marbuta where a dotted letter is
also seen.  Matching keys fold these so "إسرائيل" and "اسرائيل" or "مصـر" and
"مصر" compare equal.  The original text is never changed: keys are computed
per token (see :mod:`marsad.segment`), whose spans still point into the
original characters.

:func:`arabic_key` and :func:`western_digits` map a string to one of the
same length or shorter without reordering, and :func:`arabic_key_with_map`
also returns, for each key character, the offset of the original character
it came from.  :func:`match_key` applies NFKC and case folding, which may
lengthen a string ("ﷲ", "ß"): use it for keys, never for offsets.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Eastern Arabic (U+0660..) and Persian/Urdu (U+06F0..) digits to ASCII.
_DIGITS = {**{0x0660 + i: str(i) for i in range(10)}, **{0x06F0 + i: str(i) for i in range(10)}}
_DIGIT_TABLE = str.maketrans(_DIGITS)

# Arabic decimal and thousands separators.
_SEPARATORS = str.maketrans({"\u066b": ".", "\u066c": ","})

TATWEEL = "\u0640"
# Harakat, tanwin, shadda, sukun, dagger alef, Quranic marks.
_DIACRITIC_RANGES = ((0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06DC), (0x06DF, 0x06E8), (0x06EA, 0x06ED))
_DIACRITICS = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _DIACRITIC_RANGES) + "]")

_LETTER_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        # Persian/Urdu forms that appear in Arabic-script web text.
        "ی": "ي",
        "ک": "ك",
        "ھ": "ه",
    }
)

_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u200b\u200c\u200d\ufeff]")


# arabic_key, western_digits and every digit to "0" in one pass: the key
# words are clustered and gazetteered under (marsad.ner.clusters.cluster_key).
_ZERO_DIGITS_TABLE = str.maketrans(
    {
        **{chr(c): None for a, b in _DIACRITIC_RANGES for c in range(a, b + 1)},
        TATWEEL: None,
        **{chr(k): v for k, v in _LETTER_FOLD.items()},
        **{chr(k): "0" for k in _DIGITS},
        **{str(i): "0" for i in range(10)},
        "\u066b": ".",
        "\u066c": ",",
    }
)
_ANY_DIGIT = re.compile(r"\d")


def arabic_key_zero_digits(text: str) -> str:
    """``arabic_key`` with western separators and every digit (any script's)
    written "0", lower-cased: one table pass where the steps took six."""
    key = text.translate(_ZERO_DIGITS_TABLE)
    if not key.isascii():  # digits of other scripts, which the table does not list
        key = _ANY_DIGIT.sub("0", key)
    return key.lower()


def western_digits(text: str) -> str:
    """Map Eastern Arabic and Persian digits and separators to ASCII."""
    return text.translate(_DIGIT_TABLE).translate(_SEPARATORS)


def strip_bidi(text: str) -> str:
    """Remove invisible direction marks and zero-width characters."""
    return _BIDI_CONTROLS.sub("", text)


@lru_cache(maxsize=1 << 16)
def without_marks(text: str) -> str:
    """``text`` without tatweel and Arabic diacritics, letters as written
    ("بأن" stays apart from "بان")."""
    return _DIACRITICS.sub("", text.replace(TATWEEL, ""))


def arabic_key(text: str) -> str:
    """The Arabic matching key: no tatweel or diacritics, folded letters."""
    text = text.replace(TATWEEL, "")
    text = _DIACRITICS.sub("", text)
    return text.translate(_LETTER_FOLD)


def arabic_key_with_map(text: str) -> tuple[str, list[int]]:
    """Like :func:`arabic_key`, plus each key character's original offset."""
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch == TATWEEL or _DIACRITICS.match(ch):
            continue
        out.append(ch.translate(_LETTER_FOLD))
        offsets.append(i)
    return "".join(out), offsets


# match_key's steps after NFKC and case folding, in one table: arabic_key,
# western_digits and ё → е (none of its outputs is changed by case folding,
# so folding first gives the same key).
_MATCH_TABLE = str.maketrans(
    {
        **{chr(c): None for a, b in _DIACRITIC_RANGES for c in range(a, b + 1)},
        TATWEEL: None,
        **{chr(k): v for k, v in _LETTER_FOLD.items()},
        **{chr(k): v for k, v in _DIGITS.items()},
        "\u066b": ".",
        "\u066c": ",",
        "ё": "е",
    }
)
_BIDI_DELETE = str.maketrans(dict.fromkeys("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\ufeff"))


def match_key(text: str) -> str:
    """A script-aware key for any language: case-folded, Arabic-folded,
    ASCII digits, ё→е, NFKC, invisible marks removed."""
    # the marks go first: NFKC may compose across a mark once it is gone
    text = unicodedata.normalize("NFKC", text.translate(_BIDI_DELETE))
    return text.casefold().translate(_MATCH_TABLE)


@lru_cache(maxsize=300_000)
def word_key(word: str) -> str:
    """:func:`match_key` of one word, cached: the tokenizers, the tagger and
    the facts stages all key the same news vocabulary."""
    return match_key(word)
