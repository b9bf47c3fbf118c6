"""Stage ``marsad.dates.v1``: when the article was published.

The evidence, most trusted first (``doc.published_how`` names the one used):

1. ``html_date`` — htmldate's answer from the page's metadata (ISO);
2. ``record_date`` — a JSON record's date field, in any format;
3. ``date_line`` — a text dump's date line ("١٥ مارس", often without a year);
4. ``page_date_text`` — for web pages, the text of an element marked as the
   page's date (``<time>``, ``class="date"``…), read with Marsad's own
   parser, which knows Arabic and Russian months that htmldate does not;
5. ``text_dateline`` — the dateline of one of the first paragraphs
   ("موسكو، 15 مارس/آذار (رويترز) -", "МОСКВА, 15 марта. /ТАСС/."), or a
   short paragraph that is a date line (see :func:`marsad.dates.find_dateline`);
   a date the first sentences speak of is not taken for the publication date;
6. ``html_text_date`` — for web pages, htmldate's extensive free-text search
   of the whole page, the slowest and least sure evidence, tried last.

A date without a year takes it from the first full date in the body (the
year that puts it nearest that date; ``+body_year``), else from the fetch
date (the latest such day not after it; ``+fetch_year``).  A date after the
fetch date (beyond a day of clock skew) is not believed.  When nothing is
found, ``published`` stays None: an undated article is not a rejection.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable, Iterator

from ..dates import (
    CLOCK_SKEW,
    LANGS,
    ParsedDate,
    Prefer,
    find_dateline,
    find_dates,
    first_full_date,
    main_date,
    parse_date,
)
from ..doc import Document, Span
from ..pipeline import stage

HINTS = ("html_date", "record_date", "date_line")  # in order of trust
HINT_CHARS = 200  # of a hint, searched
LEAD_PARAGRAPHS = 3
LEAD_CHARS = 240  # of each paragraph, searched for a dateline
MIN_YEAR = 1900

_BLOCK = re.compile(r"[^\n]+")


@stage("marsad.dates.v1", requires=("text", "paragraphs", "language", "hints"), assigns=("published",))
def find_published(doc: Document) -> Document:
    """The publication date (``published``) and its evidence (``published_how``)."""
    if doc.published is not None:  # set upstream from something firmer
        return doc
    finder = _Finder(doc)
    for name in HINTS:
        hint = doc.hints.get(name)
        if isinstance(hint, str) and hint.strip():
            found = finder.field(hint[:HINT_CHARS])
            if found is not None:
                doc.published, doc.published_how = found[0], name + found[1]
                return doc
    for text in doc.hints.get("page_date_text") or ():
        found = finder.field(text[:HINT_CHARS]) if isinstance(text, str) else None
        if found is not None:
            doc.published, doc.published_how = found[0], "page_date_text" + found[1]
            return doc
    for head in _lead(doc):
        found = finder.dateline(head)
        if found is not None:
            doc.published, doc.published_how = found[0], "text_dateline" + found[1]
            return doc
    if doc.kind == "html" and doc.content:
        # Last and slowest: htmldate's free-text search over the whole page.
        from ..extract.html import extensive_page_date

        guess = extensive_page_date(doc.content, doc.source.url, doc.language)
        found = finder.field(guess) if guess else None
        if found is not None:
            doc.published, doc.published_how = found[0], "html_text_date" + found[1]
    return doc


class _Finder:
    """Reads dates for one document; finds the body's year only if needed."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.lang = doc.language if doc.language in LANGS else None
        fetched = doc.source.fetched
        self.fetched = fetched.date() if isinstance(fetched, dt.datetime) else fetched
        self._body_date: dt.date | None | bool = False  # False: not looked for yet

    def field(self, text: str) -> tuple[dt.date | dt.datetime, str] | None:
        """The date in a date field (a hint)."""
        return self._dated(text, self._field, loose=True)

    def dateline(self, text: str) -> tuple[dt.date | dt.datetime, str] | None:
        """The date of the dateline ``text`` (a paragraph) begins with."""
        return self._dated(text, self._dateline)

    def _field(self, text: str, ref: dt.date | None, prefer: Prefer) -> ParsedDate | None:
        dates = find_dates(text, self.lang, ref=ref, prefer=prefer)
        if dates:
            return main_date(text, dates, self.lang)
        if self.lang is not None:  # written in another language
            return main_date(text, find_dates(text, None, ref=ref, prefer=prefer))
        return None

    def _dateline(self, text: str, ref: dt.date | None, prefer: Prefer) -> ParsedDate | None:
        return find_dateline(text, self.lang, ref=ref, prefer=prefer)

    def _dated(
        self, text: str, read: Callable[[str, dt.date | None, Prefer], ParsedDate | None], loose: bool = False
    ) -> tuple[dt.date | dt.datetime, str] | None:
        """What ``read`` finds in ``text``, and how its year was found ("" when written)."""
        found = read(text, self.fetched, "past")
        if found is None and loose:
            found = parse_date(text, None)  # dateparser, for odd metadata
        if found is None:
            return None
        if found.has_year:
            return (found.value, "") if self._plausible(found.date) else None
        body = self.body_date()
        if body is not None:
            nearest = read(text, body, "nearest")
            if nearest is not None and self._plausible(nearest.date):
                return nearest.value, "+body_year"
        if self.fetched is not None:  # ``found`` took its year from the fetch date
            return found.value, "+fetch_year"
        return None

    def body_date(self) -> dt.date | None:
        if self._body_date is False:
            limit = self.fetched + CLOCK_SKEW if self.fetched else None
            self._body_date = first_full_date(self.doc.text, self.lang, not_after=limit)
        return self._body_date  # type: ignore[return-value]

    def _plausible(self, day: dt.date) -> bool:
        return day.year >= MIN_YEAR and (self.fetched is None or day <= self.fetched + CLOCK_SKEW)


def _lead(doc: Document) -> Iterator[str]:
    """The heads of the first paragraphs."""
    spans = doc.paragraphs[:LEAD_PARAGRAPHS]
    if not spans:  # no segmentation: lines of the text's beginning
        head = doc.text[: LEAD_PARAGRAPHS * LEAD_CHARS * 4]
        spans = [Span(m.start(), m.end()) for m in _BLOCK.finditer(head) if m.group().strip()]
        spans = spans[:LEAD_PARAGRAPHS]
    for span in spans:
        yield doc.text[span.start : min(span.end, span.start + LEAD_CHARS)]
