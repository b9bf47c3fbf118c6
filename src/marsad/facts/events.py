"""Events: meetings, visits, agreements, statements, elections, attacks.

A sentence (or the headline) with a trigger word of the language data is an
event of that type (when it holds several, the first type in
``EVENT_TYPES`` order wins: an agreement signed at a meeting is the
agreement).  Its participants are the people and organizations the
sentence names (places too, when no person or organization is named:
"روسيا والسعودية توقعان" — capitals and countries stand for governments);
its place is a place named after a place word ("في الرياض", "в Каире", "in
Cairo") that is not a participant; its date is a relative day the sentence
names ("اليوم الخميس", "вчера", "on Thursday") resolved against the
publication date, else the publication date.

A headline event ("شكري ووزير خارجية الأردن يبحثان ...") is kept with
``in_title``; the first body sentence of the same type completes it with
its participants, place and date, and is not repeated.
"""

from __future__ import annotations

import datetime as dt

from ..dates import resolve_relative
from ..doc import Document, Span
from .mentions import Mentions
from .model import Event
from .words import key_of as match_key  # cached
from .words import article_words, keys_of, lexicon, tokens, words


def _trigger(lex, toks, lang: str, quoted: list[tuple[int, int]] = (), hits: list[int] | None = None) -> tuple[str, int] | None:  # type: ignore[no-untyped-def]
    """The event type of the sentence (the first type in EVENT_TYPES any of
    its words triggers) and where its trigger is; words inside quotes do not
    count.  ``hits``: the indices of the words that may begin a trigger."""
    best: tuple[int, int, str] | None = None  # (type rank, word index, type)
    table = lex.any_trigger
    if hits is None:
        found = lex.starts.among("triggers", [w for _, _, w in toks])
        hits = [i for i, t in enumerate(toks) if t[2] in found]
    n_toks = len(toks)
    for i in hits:
        for key in keys_of(toks[i][2], lang):
            for rank, etype, phrase in table.get(key, ()):
                if best is not None and rank >= best[0]:
                    break
                n = len(phrase)
                if i + n <= n_toks and all(match_key(toks[i + k][2]) == phrase[k] for k in range(1, n)):
                    if not any(s <= toks[i][0] < e for s, e in quoted):
                        best = (rank, i, etype)
                    break
    return (best[2], best[1]) if best else None


def _day(text: str, lang: str, published: dt.date | None) -> str | None:
    if published is None:
        return None
    day = resolve_relative(text, lang, published)
    return (day or published).isoformat()


def find_events(doc: Document) -> list[Event]:
    text = doc.text
    mentions: Mentions | None = None  # built at the first trigger: most sentences hold none
    published = doc.published.date() if isinstance(doc.published, dt.datetime) else doc.published
    lang_default = doc.language if doc.language in ("ar", "ru", "en") else "en"
    events: list[Event] = []
    title_event: Event | None = None
    article = article_words(text)
    if doc.title:
        title_event = _title_event(doc, lang_default)
    for sent in doc.sentences:
        lang = sent.attr("language") or lang_default
        if lang not in ("ar", "ru", "en"):
            lang = lang_default
        lex = lexicon(lang)
        sent_words = article.sentence(sent.start, sent.end, lex.starts, "triggers")
        if sent_words is None:
            continue  # no trigger word: no event
        toks = sent_words.toks
        quoted = [(q.span.start, q.span.end) for q in doc.quotes if q.span.start < sent.end and q.span.end > sent.start]
        found = _trigger(lex, toks, lang, quoted, sent_words.hits)
        if found is None:
            continue
        etype, at = found
        if etype == "statement" and any(q.span.start < sent.end and q.span.end > sent.start for q in doc.quotes):
            continue  # the quote is the fact; its press conference is no event of its own
        if mentions is None:
            mentions = Mentions(doc.entities)
        named = mentions.within(sent.start, sent.end, ("PERSON", "ORG", "LOC"))
        participants = list(dict.fromkeys(m.entity for m in named if m.type in ("PERSON", "ORG")))
        place = None
        place_words = sent_words.among("places")
        for i, (s, e, w) in enumerate(toks[:-1]):
            if w in place_words:  # a key of the word is a place word: "في", "в", "in"
                nxt = [toks[i + 1][0]]
                if i + 2 < len(toks) and any(k in lex.place_nouns for k in keys_of(toks[i + 1][2], lang)):
                    nxt.append(toks[i + 2][0])  # "في مدينة قازان", "в городе Казани", "in the city of"
                for m in named:
                    if m.type == "LOC" and m.start in nxt:
                        place = m.entity
                        break
            if place:
                break
        if place is None and lang == "ar":  # "بالرياض", "في موسكو" written as one word with the clitic
            for m in named:
                if m.type == "LOC" and m.start > sent.start and text[m.start - 1] in "بف" and text[m.start - 2 : m.start - 1].isspace():
                    place = m.entity
                    break
        if not participants:
            participants = list(dict.fromkeys(m.entity for m in named if m.type == "LOC" and m.entity != place))
        if not participants and etype in ("meeting", "visit"):
            continue  # a meeting of nobody named: an article about meetings in general
        event = Event(etype, Span(sent.start, sent.end), text[toks[at][0] : toks[at][1]], participants, place,
                      _day(text[sent.start : sent.end], lang, published))
        if title_event is not None and not title_event.span and etype == title_event.type:
            title_event.participants = list(dict.fromkeys(title_event.participants + participants))
            title_event.place = title_event.place or place
            title_event.date = event.date if event.date else title_event.date
            title_event.span = event.span  # the body sentence tells it
            continue
        earlier = next((x for x in ([title_event] if title_event else []) + events if x.type == etype), None)
        if earlier is not None and set(participants) <= set(earlier.participants) | _orgs(mentions, participants):
            earlier.place = earlier.place or place  # the same event told again
            continue
        events.append(event)
    if title_event is not None:
        events.insert(0, title_event)
    return events


def _orgs(mentions: Mentions, ids: list[str]) -> set[str]:
    """Organizations among ``ids``: a later sentence naming only a ministry or
    an office ("الخارجية الروسية", "Kremlin") tells the same event again."""
    return {i for i in ids if mentions.types.get(i) == "ORG"}


def _title_event(doc: Document, lang: str) -> Event | None:
    title = doc.title or ""
    lex = lexicon(lang)
    toks = tokens(title)
    found = _trigger(lex, toks, lang)
    if found is None:
        return None
    etype, at = found
    # Entities the headline names: any of their names or mention texts in it.
    key = " " + " ".join(match_key(w) for _, _, w in toks) + " "
    participants: list[str] = []
    for entity in doc.entities:
        if entity.type not in ("PERSON", "ORG"):
            continue
        if getattr(entity, "title_mentions", None):  # the entities stage found it in the headline
            participants.append(entity.id)
            continue
        forms = {entity.name} | {doc.text[m.start : m.end] for m in entity.mentions}
        if any(" " + " ".join(match_key(w) for _, _, w in words(f)) + " " in key for f in forms if f.strip()):
            participants.append(entity.id)
    published = doc.published.date() if isinstance(doc.published, dt.datetime) else doc.published
    return Event(etype, None, toks[at][2], participants, None, _day(title, lang, published), in_title=True)
