"""Sentences and tokens, as spans into the text.

Sentences end at ``. ! ? ؟ …`` (with any closing quotes or brackets), never
at Arabic commas, semicolons or colons, never inside a paragraph-crossing
span, and not after known abbreviations ("г.", "Dr.") or initials
("В. Путин", "J. Smith").  Arabic has no capital letters, so every Arabic
terminator followed by a space ends a sentence; Latin and Cyrillic ones do
so only when the next word does not start in lowercase.

Tokens are words, numbers and punctuation marks.  Arabic words carry the
offset where the stem starts after proclitics (و ف ب ك ل ال لل), see
:func:`arabic_stem_start`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from .doc import Span, Token
from .lang import load
from .normalize import arabic_key, word_key

_TERMINATOR = re.compile(r"(?:[.!?؟…]+|\.{3})[\"'»”’)\]]*(?=\s|$)")
_WORD_BEFORE = re.compile(r"([\w.\-]+)$")
# Letters plus the combining marks that sit on them (harakat, tanwin, tatweel,
# Cyrillic stress marks), so "أيضاً" and "вы́боры" stay one word.
_LETTERS = r"(?:[^\W\d_]|[\u0610-\u061a\u064b-\u065f\u0670\u0640\u0300-\u036f])+"
_TOKEN = re.compile(rf"\d+(?:[.,٫٬]\d+)*|{_LETTERS}(?:['’\-]{_LETTERS})*|[^\w\s]|_", re.U)
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
# Era marks after a year: "2024 م." (AD), "1446 هـ." (Hijri).
_YEAR_MARKS = frozenset({"م", "هـ", "ه"})
_YEAR_BEFORE = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]{3,4}\s*$")


@lru_cache(maxsize=None)
def _abbreviations(lang: str) -> frozenset[str]:
    data = load("segment")
    names = data.get(lang, {}).get("abbreviations", [])
    return frozenset(a.lower() for a in names)


def _all_abbreviations() -> frozenset[str]:
    return _abbreviations("ar") | _abbreviations("ru") | _abbreviations("en")


def split_sentences(text: str, start: int = 0, end: int | None = None, lang: str | None = None) -> list[Span]:
    """Sentence spans of ``text[start:end]`` (offsets into ``text``)."""
    end = len(text) if end is None else end
    abbreviations = _abbreviations(lang) if lang in ("ar", "ru", "en") else _all_abbreviations()
    spans: list[Span] = []
    sent_start = start
    for m in _TERMINATOR.finditer(text, start, end):
        stop = m.end()
        if m.group().startswith(".") and not m.group().startswith(".."):
            before = _WORD_BEFORE.search(text, sent_start, m.start())
            word = before.group(1).lower() if before else ""
            if word in _YEAR_MARKS and _YEAR_BEFORE.search(text, sent_start, before.start() if before else m.start()):
                pass  # "في عام 2024 م." ends a sentence: a year, not an abbreviation
            elif word in abbreviations or (len(word) == 1 and word.isalpha() and not _ARABIC_LETTER.match(word)):
                continue  # "г.", "Dr.", an initial
        nxt = _next_visible(text, stop, end)
        if nxt is not None and nxt.islower():
            continue  # "e.g. the", "т.е. в" — a lowercase word goes on
        if nxt is not None and nxt.isdigit() and m.group() == ".":
            continue  # "No. 5", "ст. 12"
        spans.append(_trimmed(text, sent_start, stop))
        sent_start = stop
    if text[sent_start:end].strip():
        spans.append(_trimmed(text, sent_start, end))
    return [s for s in spans if s.end > s.start]


def _next_visible(text: str, pos: int, end: int) -> str | None:
    while pos < end and (text[pos].isspace() or text[pos] in "\"'«“„(["):
        pos += 1
    return text[pos] if pos < end else None


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, "sentence")


# -- tokens -----------------------------------------------------------------

# Proclitic chains, longest first, on the normalized key; "ال" must be a bare
# alef in the original (أ/إ/آ start words like "ألف", "إلى").
_ARTICLE_CHAINS = ("وبال", "فبال", "وكال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال")
_SINGLE = ("و", "ف", "ب", "ك", "ل")


@lru_cache(maxsize=1)
def _arabic_data() -> tuple[frozenset[str], frozenset[str]]:
    from importlib import resources

    data = load("ar_clitics")
    exceptions = frozenset(data["article_exceptions"]) | frozenset(data["no_split"])
    folder = resources.files("marsad.lang")

    def lines(name: str) -> frozenset[str]:
        text = folder.joinpath(name).read_text("utf-8")
        return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))

    # Whole words seen in the corpus that merely start like a clitic before a
    # listed rest ("وزارة" beside "لزارة"): never split.
    return exceptions | lines("ar_clitic_whole.txt"), lines("ar_clitic_stems.txt")


@lru_cache(maxsize=300_000)  # words: tokens, the tagger, roles and the index all ask
def arabic_stem_start(word: str) -> int:
    """How many leading characters of an Arabic ``word`` are proclitics.

    The definite article and its combinations are split when a stem of at
    least two letters remains.  A bare conjunction or preposition (و ف ب ك ل)
    is split only when the rest is a known word of the clitic lexicon
    (``lang/ar_clitics.toml``) — "وقال" splits, "وزير" and "لبنان" do not.
    """
    key = arabic_key(word)
    if len(key) != len(word):
        return _stem_start_with_marks(word)
    exceptions, lexicon = _arabic_data()
    if key in exceptions:
        return 0
    if key[0] in "وف" and key[1:] in exceptions:
        return 1  # "والذي", "فالله": the conjunction only
    for chain in _ARTICLE_CHAINS:
        if key.startswith(chain) and len(key) - len(chain) >= 2:
            alef = word.find("ا", 0, len(chain) + 1) if "ال" in chain else 0
            if "ال" in chain and (alef < 0 or word[alef] != "ا"):
                continue
            return len(chain)
    # A bare conjunction or preposition, then whatever the rest carries.
    if len(key) >= 4 and key[0] in _SINGLE and key[1:] in lexicon:
        return 1 + arabic_stem_start(word[1:])
    return 0


def _stem_start_with_marks(word: str) -> int:
    """Same as :func:`arabic_stem_start` for words with diacritics or tatweel,
    mapping the answer back to original offsets."""
    from .normalize import arabic_key_with_map

    key, offsets = arabic_key_with_map(word)
    if not key:
        return 0
    # Keep hamza-alef forms as written ("أَلْوان" is not article + "وان").
    bare = "".join(word[i] if word[i] in "أإآٱ" else c for c, i in zip(key, offsets))
    n = arabic_stem_start(bare)
    return offsets[n] if n < len(offsets) else len(word)


@lru_cache(maxsize=200_000)
def analyze_word(surface: str) -> tuple[int, str]:
    """``(proclitic length, matching key of the stem)`` for a word; cached,
    since news vocabulary repeats."""
    n = arabic_stem_start(surface) if _ARABIC_LETTER.match(surface) else 0
    return n, word_key(surface[n:])


def tokenize(text: str, start: int = 0, end: int | None = None) -> Iterator[Token]:
    end = len(text) if end is None else end
    for m in _TOKEN.finditer(text, start, end):
        s, e = m.span()
        surface = m.group()
        if not surface[0].isalnum():
            yield Token(s, e, s, surface, is_word=False)
            continue
        n, norm = analyze_word(surface)
        yield Token(s, e, s + n, norm)
