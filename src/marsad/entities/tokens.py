"""Tokens for the taggers and the role rules, as offsets into the text.

Split like the CoNLL training data: words and punctuation marks apart,
Arabic clitics kept on their word (ANERcorp writes "وقال", "للاتحاد" as one
token), hyphenated words whole ("пресс-секретарь", "Secretary-General").
English also splits a possessive off its word ("Jordan" "'s", as CoNLL-2003
does) and keeps dotted abbreviations whole ("U.S.").
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..normalize import match_key

__all__ = ["Tok", "tokenize", "token_key"]

# Letters plus the marks that sit on them (harakat, tatweel, stress marks).
_LETTERS = r"(?:[^\W\d_]|[\u0610-\u061a\u064b-\u065f\u0670\u0640\u0300-\u036f])+"
_NUMBER = r"\d+(?:[.,٫٬]\d+)*"
_TOKEN = re.compile(rf"{_NUMBER}|{_LETTERS}(?:['’\-]{_LETTERS})*|[^\w\s]|_")
_TOKEN_EN = re.compile(
    rf"(?:[A-Za-z]\.){{2,}}|{_NUMBER}|{_LETTERS}(?:(?:-|['’](?!s\b)){_LETTERS})*|['’]s\b|[^\w\s]|_"
)


class Tok(NamedTuple):
    """A token: ``text`` is ``source[start:end]``; ``key`` its matching key."""

    start: int
    end: int
    text: str
    key: str
    word: bool  # a word or number, not punctuation


_KEYS: dict[str, str] = {}


def token_key(surface: str) -> str:
    """The matching key of a token (cached: news vocabulary repeats)."""
    key = _KEYS.get(surface)
    if key is None:
        if len(_KEYS) > 500_000:
            _KEYS.clear()
        key = _KEYS[surface] = match_key(surface)
    return key


def tokenize(text: str, start: int = 0, end: int | None = None, lang: str | None = None) -> list[Tok]:
    """Tokens of ``text[start:end]``, offsets into ``text``."""
    end = len(text) if end is None else end
    pattern = _TOKEN_EN if lang == "en" else _TOKEN
    keys = _KEYS
    out = []
    append = out.append
    for m in pattern.finditer(text, start, end):
        s = m.group()
        a, b = m.span()
        key = keys.get(s)
        if key is None:
            key = token_key(s)
        append(Tok(a, b, s, key, s[0].isalnum()))
    return out
