"""The language data of marsad.facts, compiled once per language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, NamedTuple

from ..lang import load
from ..normalize import match_key

LANGS = ("ar", "ru", "en")
EVENT_TYPES = ("agreement", "visit", "meeting", "attack", "election", "statement")  # first found wins, in this order
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_AR_ARTICLE = ("وال", "فال", "بال", "كال", "لل", "ال")


class Word(NamedTuple):
    start: int
    end: int
    key: str  # matching key, proclitics stripped for Arabic


@lru_cache(maxsize=100_000)
def key_of(word: str) -> str:
    return match_key(word)


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


@dataclass(frozen=True)
class Lexicon:
    lang: str
    verbs: dict[str, tuple[tuple[str, ...], ...]]  # first word key -> phrases (as key tuples)
    indirect: dict[str, tuple[tuple[str, ...], ...]]
    any_trigger: dict[str, tuple[tuple[int, str, tuple[str, ...]], ...]]  # first key -> (type rank, type, phrase)
    place_before: frozenset[str]
    place_nouns: frozenset[str]
    pairs: tuple[tuple[str, str], ...]


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
    return Lexicon(
        lang=lang,
        verbs=_phrases(speech["verbs"], lang),
        indirect=_phrases(speech["indirect"], lang),
        any_trigger=_all_triggers(events, lang),
        place_before=frozenset(match_key(w) for w in events["place_before"]),
        place_nouns=frozenset(match_key(w) for w in events.get("place_nouns", [])),
        pairs=tuple((a, b) for a, b in data["quotes"]["pairs"]),
    )


def match_at(table: dict[str, tuple[tuple[str, ...], ...]], toks: list[tuple[int, int, str]], i: int, lang: str) -> int:
    """How many words of a phrase in ``table`` start at word ``i`` (0: none)."""
    for key in keys_of(toks[i][2], lang):
        for phrase in table.get(key, ()):
            n = len(phrase)
            if i + n <= len(toks) and all(key_of(toks[i + k][2]) == phrase[k] for k in range(1, n)):
                return n
    return 0
