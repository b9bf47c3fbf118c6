"""Stage ``marsad.dates.v1``: when the article was published.

The evidence, most trusted first (``doc.published_how`` names the one used):

1. ``html_date`` — htmldate's answer from the page's metadata (ISO);
2. ``record_date`` — a JSON record's date field, in any format;
3. ``date_line`` — a text dump's date line ("١٥ مارس", often without a year);
4. ``text_dateline`` — a date at the head of one of the first paragraphs
   ("موسكو، 15 مارس/آذار (رويترز)", "МОСКВА, 15 марта. /ТАСС/"), or a
   short paragraph that is a date line.

A date without a year takes it from the first full date in the body (the
year that puts it nearest that date; ``+body_year``), else from the fetch
date (the latest such day not after it; ``+fetch_year``).  A date after the
fetch date (beyond a day of clock skew) is not believed.  When nothing is
found, ``published`` stays None: an undated article is not a rejection.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..dates import CLOCK_SKEW, LANGS, ParsedDate, find_dates, first_full_date, parse_date
from ..doc import Document, Span
from ..pipeline import stage

HINTS = ("html_date", "record_date", "date_line")  # in order of trust
HINT_CHARS = 200  # of a hint, searched
LEAD_PARAGRAPHS = 3
LEAD_CHARS = 240  # of each paragraph, searched for a dateline
DATELINE_START = 80  # a dateline's date starts this near the paragraph's start
SHORT_PARAGRAPH = 160  # a paragraph this short may hold its date anywhere
ACCORDING_GAP = 24  # "05 رمضان 1445 هـ الموافق 15 مارس 2024": Hijri, then Gregorian
MIN_YEAR = 1900

_BLOCK = re.compile(r"[^\n]+")


@stage("marsad.dates.v1", requires=("text", "language"), assigns=("published",))
def find_published(doc: Document) -> Document:
    """The publication date (``published``) and its evidence (``published_how``)."""
    if doc.published is not None:  # set upstream from something firmer
        return doc
    finder = _Finder(doc)
    for name in HINTS:
        hint = doc.hints.get(name)
        if isinstance(hint, str) and hint.strip():
            found = finder.date_in(hint[:HINT_CHARS], loose=True)
            if found is not None:
                doc.published, doc.published_how = found[0], name + found[1]
                return doc
    for head, window in _lead(doc):
        found = finder.date_in(head, window=window)
        if found is not None:
            doc.published, doc.published_how = found[0], "text_dateline" + found[1]
            return doc
    return doc


class _Finder:
    """Reads dates for one document; finds the body's year only if needed."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.lang = doc.language if doc.language in LANGS else None
        fetched = doc.source.fetched
        self.fetched = fetched.date() if isinstance(fetched, dt.datetime) else fetched
        self._body_date: dt.date | None | bool = False  # False: not looked for yet

    def date_in(
        self, text: str, *, loose: bool = False, window: int | None = None
    ) -> tuple[dt.date | dt.datetime, str] | None:
        """The date in ``text`` and how its year was found ("" when written)."""
        picked = self._pick(text, self.fetched, "past", window)
        if picked is None and loose:
            picked = parse_date(text, self.lang)  # dateparser, for odd metadata
        if picked is None:
            return None
        if picked.has_year:
            return (picked.value, "") if self._plausible(picked.date) else None
        body = self.body_date()
        if body is not None:
            nearest = self._pick(text, body, "nearest", window, at=picked.start)
            if nearest is not None and self._plausible(nearest.date):
                return nearest.value, "+body_year"
        if self.fetched is not None:  # ``picked`` took its year from the fetch date
            return picked.value, "+fetch_year"
        return None

    def body_date(self) -> dt.date | None:
        if self._body_date is False:
            limit = self.fetched + CLOCK_SKEW if self.fetched else None
            self._body_date = first_full_date(self.doc.text, self.lang, not_after=limit)
        return self._body_date  # type: ignore[return-value]

    def _pick(
        self, text: str, ref: dt.date | None, prefer: str, window: int | None, at: int | None = None
    ) -> ParsedDate | None:
        dates = find_dates(text, self.lang, ref=ref, prefer=prefer)  # type: ignore[arg-type]
        if not dates and self.lang is not None:  # a date written in another language
            dates = find_dates(text, None, ref=ref, prefer=prefer)  # type: ignore[arg-type]
        if window is not None:
            dates = [d for d in dates if d.start <= window]
        if at is not None:
            dates = [d for d in dates if d.start == at] or dates
        return _first(dates)

    def _plausible(self, day: dt.date) -> bool:
        return day.year >= MIN_YEAR and (self.fetched is None or day <= self.fetched + CLOCK_SKEW)


def _first(dates: list[ParsedDate]) -> ParsedDate | None:
    """The first date, except that a Hijri date closely followed by a
    Gregorian one with a year gives way to it (Umm al-Qura conversion may be
    a day off the local Hijri calendar)."""
    if not dates:
        return None
    first = dates[0]
    if first.calendar == "hijri" and len(dates) > 1:
        second = dates[1]
        if second.calendar == "gregorian" and second.has_year and second.start - first.end <= ACCORDING_GAP:
            return second
    return first


def _lead(doc: Document) -> Iterator[tuple[str, int | None]]:
    """The heads of the first paragraphs, each with how far into it a
    dateline may start (None: anywhere, the paragraph is short)."""
    spans = doc.paragraphs[:LEAD_PARAGRAPHS]
    if not spans:  # no segmentation: lines of the text's beginning
        head = doc.text[: LEAD_PARAGRAPHS * LEAD_CHARS * 4]
        spans = [Span(m.start(), m.end()) for m in _BLOCK.finditer(head) if m.group().strip()]
        spans = spans[:LEAD_PARAGRAPHS]
    for span in spans:
        head = doc.text[span.start : min(span.end, span.start + LEAD_CHARS)]
        yield head, None if len(span) <= SHORT_PARAGRAPH else DATELINE_START
