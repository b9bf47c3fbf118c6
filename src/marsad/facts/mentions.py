"""The article's entity mentions, sorted, for finding who is named where."""

from __future__ import annotations

import bisect
from typing import Any, NamedTuple

from .words import key_of as match_key  # cached


class Mention(NamedTuple):
    start: int
    end: int
    entity: str  # id
    type: str
    name: str


class Mentions:
    def __init__(self, entities: list[Any]) -> None:
        items: list[Mention] = []
        self.roles: dict[str, list[str]] = {}  # entity id -> role title keys
        self.names: dict[str, str] = {}
        self.types: dict[str, str] = {}
        self._title_words: dict[str, frozenset[str]] | None = None  # see _titled
        self._title_words_or_titles: dict[str, frozenset[str]] = {}
        for e in entities:
            self.names[e.id] = e.name
            self.types[e.id] = e.type
            self.roles[e.id] = [match_key(r.title) for r in getattr(e, "roles", [])]
            for m in e.mentions:
                items.append(Mention(m.start, m.end, e.id, e.type, e.name))
        items.sort()
        self.items = items
        self._starts = [m.start for m in items]

    def within(self, start: int, end: int, types: tuple[str, ...] = ("PERSON", "ORG")) -> list[Mention]:
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self.items) and self.items[i].start < end:
            m = self.items[i]
            if m.end <= end and m.type in types:
                out.append(m)
            i += 1
        return out

    def by_title(self, title_key: str, before: int) -> str | None:
        """The person most recently named before ``before`` whose role title holds ``title_key``."""
        i = bisect.bisect_left(self._starts, before) - 1
        self._titled()
        titled = self._title_words_or_titles
        while i >= 0:
            m = self.items[i]
            if m.type == "PERSON" and title_key in titled.get(m.entity, ()):
                return m.entity
            i -= 1
        for entity in self.roles:  # a role phrase after the quote (rare)
            if self.types.get(entity) == "PERSON" and title_key in self._title_words[entity]:  # type: ignore[index]
                return entity
        return None

    def _titled(self) -> None:
        """Each entity's title words, and its whole titles too: by_title asks
        about one word, for every mention back from the quote."""
        if self._title_words is not None:
            return
        self._title_words = {}
        for entity, titles in self.roles.items():
            split = frozenset(w for t in titles for w in t.split())
            self._title_words[entity] = split
            self._title_words_or_titles[entity] = split | frozenset(titles)
