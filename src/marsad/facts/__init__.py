"""Facts: who said what (quotes) and who met whom where and when (events).

Both read the article's sentences and its entities (``marsad.entities.v1``)
and give spans into the text, linked to entity ids.  The words — speech
verbs, indirect-speech openers, quote marks, event triggers, the words that
come before a place — are language data (``lang/facts_{ar,ru,en}.toml``).
See docs/facts.md for the rules.
"""

from .model import Event, Quote
from .events import find_events
from .quotes import find_quotes

__all__ = ["Quote", "Event", "find_quotes", "find_events"]
