"""The search query syntax, turned into an SQLite FTS5 expression over terms.

- words: every one must appear (in any form its stem covers);
- ``"two words"`` or ``«two words»``: a phrase, the words next to each other;
- ``a OR b``: either (``OR`` in capitals, between two words or phrases);
- ``-word`` or ``-"a phrase"``: articles with it are left out.

Each word goes through :func:`marsad.store.terms.word_term`, the analyzer
the index was built with, so a query never needs FTS5's own syntax and
cannot break it: every term is quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import MarsadError
from .terms import _WORD, word_term

__all__ = ["Query", "QueryError", "parse_query"]

MAX_QUERY_CHARS = 2000
MAX_QUERY_TERMS = 100  # a query is words to look for, not a document
_PIECE = re.compile(r'(-?)(?:"([^"]*)"?|«([^»]*)»?|(\S+))')


class QueryError(MarsadError, ValueError):
    """A query that looks for nothing."""


@dataclass(slots=True)
class Query:
    text: str
    match: str  # the FTS5 expression
    terms: set[str] = field(default_factory=set)  # looked-for terms, for highlighting


def _phrase(words: str) -> str | None:
    stems = [word_term(w) for w in _WORD.findall(words)]
    stems = [s for s in stems if s]
    if not stems:
        return None
    return '"' + " ".join(s.replace('"', '""') for s in stems) + '"'


def parse_query(text: str) -> Query:
    """``text`` in the search syntax as an FTS5 MATCH expression.

    Raises :class:`QueryError` when nothing is left to look for (an empty
    query, only punctuation, only exclusions) or when the query is too long
    to be a query (over ``MAX_QUERY_CHARS`` characters or ``MAX_QUERY_TERMS``
    words)."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"search query of {len(text):,} characters is too long (at most {MAX_QUERY_CHARS:,})")
    groups: list[list[str]] = []  # AND of ORs
    excluded: list[str] = []
    looked_for: set[str] = set()
    join_next = False
    for m in _PIECE.finditer(text):
        negated, quoted, guillemets, bare = m.groups()
        if bare == "OR" and not negated:
            join_next = bool(groups)
            continue
        words = quoted if quoted is not None else guillemets if guillemets is not None else bare
        phrase = _phrase(words or "")
        if phrase is None:
            continue
        if negated:
            excluded.append(phrase)
            continue
        looked_for.update(phrase.strip('"').split())
        if join_next:
            groups[-1].append(phrase)
        else:
            groups.append([phrase])
        join_next = False
    if not groups:
        why = "only exclusions" if excluded else "no words"
        raise QueryError(f"search query {text!r} has {why}: give at least one word to look for")
    n_terms = sum(p.count(" ") + 1 for g in groups for p in g) + sum(p.count(" ") + 1 for p in excluded)
    if n_terms > MAX_QUERY_TERMS:
        raise QueryError(f"search query has {n_terms} words; at most {MAX_QUERY_TERMS}")
    expr = " AND ".join(g[0] if len(g) == 1 else "(" + " OR ".join(g) + ")" for g in groups)
    for phrase in excluded:  # NOT binds tighter than AND in FTS5: "a AND b NOT c" is (a AND b) NOT c
        expr = f"{expr} NOT {phrase}"
    return Query(text, expr, looked_for)
