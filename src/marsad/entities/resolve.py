"""Joining the mentions of one article into entities.

People (see docs/entities.md for the reasons):

- a name of two or more words (particles like "بن", "bin" aside) joins an
  earlier person whose name has the same first and last word and of which
  it is a shortening or an extension ("رجب أردوغان" / "رجب طيب أردوغان");
  two full names that share only the last word are two people;
- a single word joins the person mentioned most recently before it whose
  last name word it is (else whose name holds it: "الأمير فيصل");
- a single word met before any full name that holds it joins that full name
  later, when exactly one person has it; with several it stays apart.

Other entities join when their keys are equal (countries and organizations
from the language data under their canonical names).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..doc import Span
from .keys import entity_key
from .model import Entity, Role

__all__ = ["Candidate", "resolve"]

PERSON = "PERSON"


@dataclass(slots=True)
class Candidate:
    """One mention on its way to an entity."""

    start: int
    end: int
    type: str
    words: tuple[str, ...]  # matching keys of the name words (Russian: lemmas)
    core: tuple[str, ...]  # the words without particles
    name: str  # the name as this mention gives it (Russian: nominative)
    key_name: str  # what the key is made of (canonical for data names)
    canonical: bool = False  # named by the language data
    roles: list[Role] = field(default_factory=list)
    lang: str = ""


@dataclass(slots=True)
class _Group:
    type: str
    members: list[Candidate]
    variants: set[tuple[str, ...]]
    last: int  # start of the latest mention
    key: str = ""


def _subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    it = iter(long)
    return all(word in it for word in short)


def _same_person(core: tuple[str, ...], variant: tuple[str, ...]) -> bool:
    if len(variant) < 2 or core[0] != variant[0] or core[-1] != variant[-1]:
        return False
    return _subsequence(core, variant) or _subsequence(variant, core)


def _person_group(people: list[_Group], c: Candidate) -> _Group | None:
    if len(c.core) >= 2:
        found = [g for g in people if any(_same_person(c.core, v) for v in g.variants)]
    else:
        word = c.core[0]
        found = [g for g in people if any(v[-1] == word for v in g.variants)]
        if not found:
            found = [g for g in people if any(word in v for v in g.variants)]
    return max(found, key=lambda g: g.last) if found else None


def resolve(candidates: list[Candidate]) -> list[Entity]:
    """Entities from the candidates of one article, in order of first mention."""
    groups: list[_Group] = []
    people: list[_Group] = []  # the groups of people, kept apart: each person is matched against them
    by_key: dict[str, _Group] = {}
    for c in sorted(candidates, key=lambda c: (c.start, -c.end)):
        if not c.core:
            continue
        if c.type == PERSON:
            group = _person_group(people, c)
        else:
            key = entity_key("", c.key_name)
            group = by_key.get(key)
        if group is None:
            group = _Group(c.type, [], set(), c.start)
            groups.append(group)
            if c.type == PERSON:
                people.append(group)
            else:
                by_key[key] = group
        group.members.append(c)
        group.variants.add(c.core)
        group.last = c.start
    groups = _merge_early_surnames(groups)
    return [_entity(n, g) for n, g in enumerate(sorted(groups, key=lambda g: min(c.start for c in g.members)), 1)]


def _merge_early_surnames(groups: list[_Group]) -> list[_Group]:
    """A bare name met before the full name joins it when only one fits."""
    people = [g for g in groups if g.type == PERSON]
    merged: set[int] = set()
    for g in people:
        if any(len(v) > 1 for v in g.variants):
            continue
        word = next(iter(g.variants))[0]
        fits = [h for h in people if h is not g and id(h) not in merged and any(len(v) > 1 and v[-1] == word for v in h.variants)]
        if not fits:
            fits = [h for h in people if h is not g and id(h) not in merged and any(len(v) > 1 and word in v for v in h.variants)]
        if len(fits) == 1:
            fits[0].members.extend(g.members)
            fits[0].variants |= g.variants
            merged.add(id(g))
    return [g for g in groups if id(g) not in merged]


def _entity(n: int, g: _Group) -> Entity:
    members = sorted(g.members, key=lambda c: c.start)
    if g.type == PERSON:
        type_ = PERSON
        best = max(members, key=lambda c: (len(c.core), -c.start))
    else:
        data = [c for c in members if c.canonical]
        if data:
            type_, best = data[0].type, data[0]
        else:
            type_ = Counter(c.type for c in members).most_common(1)[0][0]
            best = max(members, key=lambda c: (len(c.words), -c.start))
    spans: dict[tuple[int, int], Span] = {}
    roles: dict[tuple[str, str | None, str | None, str | None], Role] = {}
    for c in members:
        if (c.start, c.end) not in spans:
            spans[c.start, c.end] = Span(c.start, c.end, type_)
        for role in c.roles:
            roles.setdefault((role.title, role.country, role.org, role.place), role)
    return Entity(
        id=f"e{n}",
        type=type_,
        name=best.name,
        key=entity_key(type_, best.key_name),
        mentions=list(spans.values()),  # in order of start: so are the members
        roles=sorted(roles.values(), key=lambda r: (r.honorific, r.span.start)),  # offices first, then honorifics
    )
