"""The article's entity mentions, sorted, for finding who is named where."""

from __future__ import annotations

import bisect
from typing import Any, NamedTuple

from ..normalize import match_key


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
        while i >= 0:
            m = self.items[i]
            if m.type == "PERSON" and any(title_key in t.split() or title_key == t for t in self.roles.get(m.entity, [])):
                return m.entity
            i -= 1
        for entity, titles in self.roles.items():  # a role phrase after the quote (rare)
            if self.types.get(entity) == "PERSON" and any(title_key in t.split() for t in titles):
                return entity
        return None
