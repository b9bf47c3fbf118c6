"""The language data of marsad.facts, compiled once per language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Collection, Iterator, NamedTuple

from ..lang import load
from ..normalize import match_key, word_key

LANGS = ("ar", "ru", "en")
EVENT_TYPES = ("agreement", "visit", "meeting", "attack", "election", "statement")  # first found wins, in this order
# A word, with its parts joined by "-" or an apostrophe: \w+(?:[-'’]\w+)*,
# written so that the usual word with no joiner never enters the engine's
# (slow) group repetition.
_WORD = re.compile(r"\w+(?:[-'’]\w+(?:[-'’]\w+)*|)")
_AR_ARTICLE = ("وال", "فال", "بال", "كال", "لل", "ال")


class Word(NamedTuple):
    start: int
    end: int
    key: str  # matching key, proclitics stripped for Arabic


key_of = word_key  # one word's matching key, cached


@lru_cache(maxsize=200_000)
def keys_of(word: str, lang: str) -> tuple[str, ...]:
    """The forms a word may be listed under: Arabic with و/ف and the article peeled off (cached)."""
    key = key_of(word)
    if lang != "ar":
        return (key,)
    out = [key]
    for chain in _AR_ARTICLE:
        if key.startswith(chain) and len(key) - len(chain) >= 2:
            out.append(key[len(chain) :])
            break
    if key[:1] in ("و", "ف") and len(key) >= 4:
        out.append(key[1:])
    return tuple(out)


def words(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str]]:
    end = len(text) if end is None else end
    for m in _WORD.finditer(text, start, end):
        yield m.start(), m.end(), m.group()


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """The words of text[start:end] with their offsets (as :func:`words`)."""
    end = len(text) if end is None else end
    return [m.span() + (m.group(),) for m in _WORD.finditer(text, start, end)]


def has_word(text: str, start: int, end: int) -> bool:
    return _WORD.search(text, start, end) is not None


def count_words(text: str, start: int, end: int) -> int:
    return len(_WORD.findall(text, start, end))


class Starts:
    """For each table of a lexicon, the surface words that may begin one of
    its entries (any of their :func:`keys_of` is a first word there),
    decided once per word: most words of an article begin none, and a set
    says so for a whole sentence at once."""

    __slots__ = ("tables", "lang", "yes", "seen", "index")
    LIMIT = 300_000  # words remembered; past it start over (a long batch meets many names)

    def __init__(self, tables: dict[str, Collection[str]], lang: str) -> None:
        self.tables = tables
        self.lang = lang
        # Only ever grows (a few thousand words), so a sentence learned once stays learned.
        self.yes: dict[str, set[str]] = {name: set() for name in tables}
        self.seen: set[str] = set()
        # first-word key -> the tables it begins an entry of: one lookup a key
        index: dict[str, list[str]] = {}
        for name, table in tables.items():
            for key in table:
                index.setdefault(key, []).append(name)
        self.index = index

    def learn(self, ws: list[str]) -> None:
        """Decide the words of ``ws`` not seen yet."""
        if self.seen.issuperset(ws):
            return
        if len(self.seen) > self.LIMIT:
            self.seen.clear()
        new = set(ws).difference(self.seen)
        index, yes, lang = self.index, self.yes, self.lang
        for w in new:
            for k in keys_of(w, lang):
                names = index.get(k)
                if names:
                    for name in names:
                        yes[name].add(w)
        self.seen.update(new)

    def among(self, name: str, ws: list[str]) -> set[str]:
        """Those of ``ws`` that may begin an entry of table ``name``."""
        self.learn(ws)
        return self.yes[name].intersection(ws)


class SentenceWords:
    """A sentence's words that may begin an entry of a table, with all its words."""

    __slots__ = ("article", "span", "strs", "hits", "starts")

    def __init__(self, article: ArticleWords, span: tuple[int, int], strs: list[str], hits: list[int], starts: Starts) -> None:
        self.article = article
        self.span = span
        self.strs = strs  # the words alone
        self.hits = hits  # indices of the words that may begin an entry (see Starts)
        self.starts = starts  # which has learned every word here

    def among(self, table: str) -> set[str]:
        """The words that may begin an entry of another table of the same lexicon."""
        return self.starts.yes[table].intersection(self.strs)

    @property
    def toks(self) -> list[tuple[int, int, str]]:
        """The words with their offsets (as :func:`tokens`), found when first asked for."""
        return self.article.tokens(self.span)


class ArticleWords:
    """An article's words, sentence by sentence, found once for both stages.

    Quotes and events both read every sentence's words, and most sentences
    hold no speech verb and no trigger: finding the words and looking each
    one up was most of what the two stages cost.  So a sentence's words are
    found once (shared by the stages, see :func:`article_words`), looked up
    once (see :class:`Starts`), and given offsets only when needed."""

    __slots__ = ("text", "_strs", "_toks", "_learned")

    def __init__(self, text: str) -> None:
        self.text = text
        self._strs: dict[tuple[int, int], list[str]] = {}
        self._toks: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
        self._learned: dict[tuple[int, int], Starts] = {}

    def sentence(self, start: int, end: int, starts: Starts, table: str) -> SentenceWords | None:
        """The words of text[start:end], or None when none of them may
        begin an entry of ``starts``' table ``table``."""
        span = (start, end)
        strs = self._strs.get(span)
        if strs is None:
            strs = self._strs[span] = _WORD.findall(self.text, start, end)
        if self._learned.get(span) is not starts:
            starts.learn(strs)
            self._learned[span] = starts
        found = starts.yes[table].intersection(strs)
        if not found:
            return None
        return SentenceWords(self, span, strs, [k for k, w in enumerate(strs) if w in found], starts)

    def tokens(self, span: tuple[int, int]) -> list[tuple[int, int, str]]:
        toks = self._toks.get(span)
        if toks is None:
            toks = self._toks[span] = _placed(self.text, self._strs[span], span[0])
        return toks


def _placed(text: str, strs: list[str], start: int) -> list[tuple[int, int, str]]:
    """The offsets of the words ``strs`` found from ``start``, as :func:`tokens`
    gives them: a word begins at the first word character after the one
    before it, and what lies between holds none, so searching for the word's
    text finds the word itself (at a tenth of the cost of the regex)."""
    out = []
    pos = start
    find = text.find
    for w in strs:
        at = find(w, pos)
        pos = at + len(w)
        out.append((at, pos, w))
    return out


_last_article: ArticleWords | None = None


def article_words(text: str) -> ArticleWords:
    """The words of ``text``, kept for the last article asked about (it holds
    the text, so the same object is the same article)."""
    global _last_article
    found = _last_article
    if found is None or found.text is not text:
        found = _last_article = ArticleWords(text)
    return found


@dataclass(frozen=True)
class Lexicon:
    lang: str
    verbs: dict[str, tuple[tuple[str, ...], ...]]  # first word key -> phrases (as key tuples)
    indirect: dict[str, tuple[tuple[str, ...], ...]]
    any_trigger: dict[str, tuple[tuple[int, str, tuple[str, ...]], ...]]  # first key -> (type rank, type, phrase)
    place_before: frozenset[str]
    place_nouns: frozenset[str]
    pairs: tuple[tuple[str, str], ...]
    starts: Starts  # tables "verbs", "indirect", "triggers", "places"


def _phrases(items: list[str], lang: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    table: dict[str, list[tuple[str, ...]]] = {}
    for item in items:
        parts = tuple(match_key(w) for w in _WORD.findall(item))
        if parts:
            table.setdefault(parts[0], []).append(parts)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in table.items()}


def _all_triggers(events: dict, lang: str) -> dict[str, tuple[tuple[int, str, tuple[str, ...]], ...]]:  # type: ignore[type-arg]
    table: dict[str, list[tuple[int, str, tuple[str, ...]]]] = {}
    for rank, etype in enumerate(EVENT_TYPES):
        for first, phrases in _phrases(events[etype], lang).items():
            table.setdefault(first, []).extend((rank, etype, p) for p in phrases)
    return {k: tuple(sorted(v)) for k, v in table.items()}


@lru_cache(maxsize=4)
def lexicon(lang: str) -> Lexicon:
    data = load(f"facts_{lang}")
    speech = data["speech"]
    events = data["events"]
    verbs = _phrases(speech["verbs"], lang)
    indirect = _phrases(speech["indirect"], lang)
    any_trigger = _all_triggers(events, lang)
    place_before = frozenset(match_key(w) for w in events["place_before"])
    return Lexicon(
        lang=lang,
        verbs=verbs,
        indirect=indirect,
        any_trigger=any_trigger,
        place_before=place_before,
        place_nouns=frozenset(match_key(w) for w in events.get("place_nouns", [])),
        pairs=tuple((a, b) for a, b in data["quotes"]["pairs"]),
        starts=Starts({"verbs": verbs, "indirect": indirect, "triggers": any_trigger, "places": place_before}, lang),
    )


def match_at(table: dict[str, tuple[tuple[str, ...], ...]], ws: list[str], i: int, lang: str) -> int:
    """How many words of a phrase in ``table`` start at word ``i`` of ``ws`` (0: none)."""
    for key in keys_of(ws[i], lang):
        for phrase in table.get(key, ()):
            n = len(phrase)
            if i + n <= len(ws) and all(key_of(ws[i + k]) == phrase[k] for k in range(1, n)):
                return n
    return 0
