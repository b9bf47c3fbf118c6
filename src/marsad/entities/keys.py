"""Stable entity keys, for merging the same entity across articles.

A key is the entity type and the matching key of its full name:
``PERSON:سامح شكري``, ``PERSON:хакан фидан``, ``LOC:مصر``.  Matching keys
(:func:`marsad.normalize.match_key`) fold Arabic letter variants and
diacritics, case and ё; names come without Arabic proclitics, Russian names
in the nominative (natasha's normal form), countries and organizations
named by the language data under their canonical name.  Two namesakes with
different first names get different keys.
"""

from __future__ import annotations

from functools import lru_cache

from ..normalize import match_key

__all__ = ["entity_key"]


def entity_key(type_: str, name: str) -> str:
    return f"{type_}:{_name_key(name)}"


@lru_cache(maxsize=1 << 16)
def _name_key(name: str) -> str:
    """The matching key of a name, spaces single (cached: names repeat)."""
    return " ".join(match_key(name).split())
