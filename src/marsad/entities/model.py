"""The entity annotations of an article: people, organizations and places.

An :class:`Entity` is one real-world referent inside one article, with every
place the article names it (``mentions``, spans into ``Document.text``) and
the offices it holds there (``roles``).  ``key`` is the stable, normalized
name that later work uses to merge the same entity across articles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..doc import Span

__all__ = ["TYPES", "Entity", "Role"]

# Entity types, and the tagger labels that map to them.
TYPES = ("PERSON", "ORG", "LOC", "MISC")
TAGGER_TYPES = {"PER": "PERSON", "PERS": "PERSON", "PERSON": "PERSON", "ORG": "ORG", "LOC": "LOC",
                "GPE": "LOC", "MISC": "MISC", "MIS": "MISC"}


@dataclass(slots=True, frozen=True)
class Role:
    """An office a person holds, from a role phrase next to the name.

    ``title`` is the office as listed in the language data ("وزير
    الخارجية", "министр иностранных дел", "foreign minister"); ``country``
    and ``org`` are the canonical names of the country and organization the
    phrase names, when it names one; ``place`` the city or region it names
    (as the data names it, or as written); ``span`` covers the whole role
    phrase.
    """

    title: str
    span: Span
    country: str | None = None
    org: str | None = None
    in_title: bool = False  # the phrase is in the headline: ``span`` indexes ``Document.title``
    honorific: bool = False  # "الدكتور", "الأمير", "Dr.": a form of address, not an office
    status: str | None = None  # "former", "acting", "elect", "outgoing", "current", "new", when the phrase says so
    # the city or region the office belongs to or sits in ("أمير المنطقة الشرقية", "губернатор
    # Астраханской области", "ambassador in Moscow"): a place, never the country
    place: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "country": self.country,
            "org": self.org,
            "start": self.span.start,
            "end": self.span.end,
            "in_title": self.in_title,
            "honorific": self.honorific,
            "status": self.status,
            "place": self.place,
        }


@dataclass(slots=True)
class Entity:
    """One person, organization, place or other name in an article."""

    id: str  # "e1", "e2"… in order of first mention
    type: str  # one of TYPES
    name: str  # the fullest form seen (Russian: nominative)
    key: str  # "PERSON:سامح شكري": type + matching key of the full name
    mentions: list[Span] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    title_mentions: list[Span] = field(default_factory=list)  # spans into ``Document.title``

    def as_dict(self, text: str, title: str | None = None) -> dict[str, Any]:
        title = title or ""
        return {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "key": self.key,
            "roles": [r.as_dict() for r in self.roles],
            "mentions": [{"start": m.start, "end": m.end, "text": text[m.start : m.end]} for m in self.mentions],
            "title_mentions": [{"start": m.start, "end": m.end, "text": title[m.start : m.end]} for m in self.title_mentions],
        }
