"""Stages ``marsad.quotes.v1`` and ``marsad.events.v1``: who said what, and
what happened — spans linked to the article's entities (see
:mod:`marsad.facts` and docs/facts.md)."""

from __future__ import annotations

from ..doc import Document
from ..facts import find_events, find_quotes
from ..pipeline import stage


@stage("marsad.quotes.v1", requires=("text", "sentences", "language", "entities"), assigns=("quotes",))
def quotes(doc: Document) -> Document:
    """Direct quotes (in quote marks) and indirect speech, each with its
    speaker: the entity named next to the speech verb, a person named by a
    title ("وأضاف الوزير"), or the previous speaker."""
    doc.quotes = find_quotes(doc)
    return doc


@stage("marsad.events.v1", requires=("text", "sentences", "language", "entities", "published"), assigns=("events",))
def events(doc: Document) -> Document:
    """Meetings, visits, agreements, statements, elections and attacks, with
    participants, place and date (relative days resolved against the
    publication date); a headline's event is completed by the body."""
    doc.events = find_events(doc)
    return doc
