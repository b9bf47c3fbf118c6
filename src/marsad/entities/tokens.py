"""Tokens for the taggers and the role rules, as offsets into the text.

Split like the CoNLL training data: words and punctuation marks apart,
Arabic clitics kept on their word (ANERcorp writes "وقال", "للاتحاد" as one
token), hyphenated words whole ("пресс-секретарь", "Secretary-General").
English also splits a possessive off its word ("Jordan" "'s", as CoNLL-2003
does) and keeps dotted abbreviations whole ("U.S.").
"""

from __future__ import annotations

import re
from itertools import accumulate, chain, repeat
from operator import itemgetter
from typing import NamedTuple

from ..normalize import word_key

__all__ = ["Tok", "tokenize", "token_key"]

# Letters plus the marks that sit on them (harakat, tatweel, stress marks),
# as runs of each: one regex loop per run, not an alternation per character.
_MARKS = r"[\u0610-\u061a\u064b-\u065f\u0670\u0640\u0300-\u036f]"
_LETTERS = rf"(?:[^\W\d_]+|{_MARKS}+)+"
_NUMBER = r"\d+(?:[.,٫٬]\d+)*"
_WORD = rf"{_NUMBER}|{_LETTERS}(?:['’\-]{_LETTERS})*|[^\w\s]|_"
_WORD_EN = rf"(?:[A-Za-z]\.){{2,}}|{_NUMBER}|{_LETTERS}(?:(?:-|['’](?!s\b)){_LETTERS})*|['’]s\b|[^\w\s]|_"
# Every character that is not white space starts a token (letters, digits
# and "_" make up \w; the rest is [^\w\s]), so a token's offset is the sum of
# the lengths before it when each match also takes the spaces in front.
_TOKEN = re.compile(rf"(\s*)({_WORD})")
_TOKEN_EN = re.compile(rf"(\s*)({_WORD_EN})")


class Tok(NamedTuple):
    """A token: ``text`` is ``source[start:end]``; ``key`` its matching key."""

    start: int
    end: int
    text: str
    key: str
    word: bool  # a word or number, not punctuation


# Fields by position, for a pass over every token (faster than by name).
TOK_TEXT = itemgetter(2)
TOK_KEY = itemgetter(3)
TOK_WORD = itemgetter(4)


class _Keys(dict[str, str]):
    """Surface -> matching key, filled on first use (news vocabulary repeats)."""

    def __missing__(self, surface: str) -> str:
        if len(self) > 500_000:
            self.clear()
        key = self[surface] = word_key(surface)
        return key


class _Words(dict[str, bool]):
    """Surface -> whether it is a word or number (not punctuation)."""

    def __missing__(self, surface: str) -> bool:
        if len(self) > 500_000:
            self.clear()
        word = self[surface] = surface[0].isalnum()
        return word


_KEYS = _Keys()
_WORDS = _Words()
_SECOND = itemgetter(1)
_new_tok = tuple.__new__


def token_key(surface: str) -> str:
    """The matching key of a token (cached: news vocabulary repeats)."""
    return _KEYS[surface]


def tokenize(text: str, start: int = 0, end: int | None = None, lang: str | None = None) -> list[Tok]:
    """Tokens of ``text[start:end]``, offsets into ``text``."""
    end = len(text) if end is None else end
    pattern = _TOKEN_EN if lang == "en" else _TOKEN
    pairs = pattern.findall(text, start, end)  # (spaces before, token)
    if not pairs:
        return []
    # Built in bulk, no Python code per token: articles have a thousand tokens.
    offsets = list(accumulate(map(len, chain.from_iterable(pairs)), initial=start))
    surfaces = list(map(_SECOND, pairs))
    keys = map(_KEYS.__getitem__, surfaces)
    words = map(_WORDS.__getitem__, surfaces)
    return list(map(_new_tok, repeat(Tok), zip(offsets[1::2], offsets[2::2], surfaces, keys, words)))
