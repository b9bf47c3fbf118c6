"""Dates in Arabic, Russian and English news text.

Pure functions over strings:

- :func:`parse_date` — the first date expression in a text ("١٥ مارس/آذار
  ٢٠٢٤", "15 марта 2024 года", "March 15, 2024", "2024-03-15T10:30:00Z",
  "15 رمضان 1445 هـ"), with its offsets;
- :func:`find_dates` — all of them;
- :func:`find_dateline` — the date of a dateline at the head of a paragraph
  ("موسكو، 15 مارس/آذار (رويترز) -", "МОСКВА, 15 марта. /ТАСС/."), and not
  a date the paragraph's first sentence speaks of;
- :func:`resolve_relative` — "أمس", "اليوم الخميس", "в прошлую пятницу",
  "last Friday" as a date, given the publication date;
- :func:`main_date` — the first of the dates found, or the Gregorian date a
  Hijri one names ("... هـ الموافق 15 مارس 2024 م");
- :func:`first_full_date` — the first date with a year in a long text, found
  cheaply (for giving a year to a year-less date line).

Month, weekday and relative words live per language in
``marsad/lang/dates_<lang>.toml``; each language's regular expressions are
compiled from them on first use.  Only the places where a number begins are
tried, so text without dates costs next to nothing.  Texts are matched
through a folded key (Eastern Arabic and Persian digits to ASCII, Arabic
letter variants, diacritics, tatweel and direction marks removed, ё to е)
whose offsets are mapped back, so spans point at the original characters.

A date written without a year ("١٥ مارس") takes its year from ``ref`` when
one is given: ``prefer="past"`` (the default, right when ``ref`` is a fetch
date) picks the latest such day on or before ``ref``, allowing a day of
clock skew; ``prefer="nearest"`` (right when ``ref`` is the publication date
and the text may speak of coming events) the closest; ``prefer="future"``
the first on or after it.  Words after the date override ``prefer``: "29
مايو الماضي" (past), "12 أغسطس المقبل" (future), "15 марта прошлого года"
(the year before ``ref``'s).  Without ``ref`` a year-less Gregorian date
carries the placeholder year 2000 (a leap year, so 29 February survives)
and ``has_year=False``; a year-less Hijri date cannot be converted and is
skipped.

Hijri dates (Umm al-Qura calendar, 1343–1500 AH) are converted with
``hijridate``.  ``dateparser`` is the last resort for short strings only
(metadata fields), imported on first need because it is slow to load.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator, Literal

from .lang import load
from .normalize import arabic_key, strip_bidi, western_digits

__all__ = [
    "ParsedDate",
    "find_dateline",
    "find_dates",
    "first_full_date",
    "main_date",
    "parse_date",
    "resolve_relative",
]

log = logging.getLogger(__name__)

Prefer = Literal["past", "nearest", "future"]

LANGS = ("ar", "ru", "en")
MONTHS = ("january", "february", "march", "april", "may", "june", "july",
          "august", "september", "october", "november", "december")  # fmt: skip
HIJRI_MONTHS = ("muharram", "safar", "rabi_al_awwal", "rabi_al_thani", "jumada_al_ula",
                "jumada_al_akhira", "rajab", "shaban", "ramadan", "shawwal",
                "dhu_al_qadah", "dhu_al_hijjah")  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

PLACEHOLDER_YEAR = 2000
CLOCK_SKEW = dt.timedelta(days=1)  # a page dated "tomorrow" in its own time zone
GREGORIAN_YEARS = range(1800, 2200)
HIJRI_YEARS = range(1343, 1501)  # what the Umm al-Qura tables cover
DATEPARSER_MAX_CHARS = 64
# When no language is given; never all of dateparser's (a first call would
# load every locale, seconds).  French for Maghrebi metadata.
DATEPARSER_LANGS = ("ar", "ru", "en", "fr")


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A date expression found in a text.

    ``value`` is a ``date``, or a ``datetime`` when a time was written next to
    the date (aware when a zone or offset was given).  ``start``/``end`` are
    offsets into the text searched; ``how`` names the form: "day-month",
    "month-day", "iso", "numeric", "timestamp" or "dateparser".
    """

    value: dt.date | dt.datetime
    has_year: bool
    calendar: str  # "gregorian" or "hijri"
    start: int
    end: int
    how: str

    @property
    def date(self) -> dt.date:
        return self.value.date() if isinstance(self.value, dt.datetime) else self.value


# ---------------------------------------------------------------------------
# Folding: a matching key of the text with a map back to original offsets.

def _fold_tables() -> tuple[re.Pattern[str], re.Pattern[str], tuple[tuple[str, str], ...]]:
    """What :func:`marsad.normalize.arabic_key`, ``western_digits`` and
    ``strip_bidi`` do, character by character: the characters they drop (and
    among them the marks that belong to a letter: diacritics, tatweel) and
    the ones they map one to one (plus ё→е, so Russian words fold too)."""
    drop: list[str] = []
    marks: list[str] = []
    pairs: list[tuple[str, str]] = [("ё", "е"), ("Ё", "Е"), ("\u2212", "-"), ("\uff1a", ":")]
    for cp in [*range(0x0600, 0x0800), *range(0x08A0, 0x0900), *range(0x2000, 0x2070), 0xFEFF]:
        ch = chr(cp)
        folded = western_digits(arabic_key(strip_bidi(ch)))
        if folded == "":
            drop.append(ch)
            if strip_bidi(ch):
                marks.append(ch)
        elif folded != ch and len(folded) == 1:
            pairs.append((ch, folded))
    def charset(chars: list[str]) -> re.Pattern[str]:
        return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")

    return charset(drop), charset(marks), tuple(pairs)


_DROP, _MARKS, _FOLD_PAIRS = _fold_tables()


def _fold(text: str) -> str:
    if _DROP.search(text):
        text = _DROP.sub("", text)
    # A replace per pair present: far faster than str.translate on non-ASCII text.
    for src, dst in _FOLD_PAIRS:
        if src in text:
            text = text.replace(src, dst)
    return text


class _Folded:
    """``key`` is ``text`` folded; :meth:`span` maps key offsets back."""

    __slots__ = ("text", "key", "_shift")

    def __init__(self, text: str) -> None:
        self.text = text
        # Where each removed character would sit in the key, ascending.
        self._shift = [m.start() - i for i, m in enumerate(_DROP.finditer(text))]
        self.key = _fold(text)

    def _orig(self, k: int) -> int:
        return k + bisect.bisect_right(self._shift, k) if self._shift else k

    def span(self, start: int, end: int) -> tuple[int, int]:
        if not self._shift:
            return start, end
        o_start = self._orig(start)
        o_end = self._orig(end - 1) + 1 if end > start else o_start
        while o_end < len(self.text) and _MARKS.match(self.text, o_end):
            o_end += 1  # keep "هـ" and a final tanwin whole
        return o_start, o_end


def _key(word: str) -> str:
    """How a (folded) word is looked up: case-folded, single spaces, no
    final dot.  ``casefold`` agrees with what ``re.IGNORECASE`` matches."""
    return " ".join(word.casefold().rstrip(".").split())


def _alt(words: Any) -> str:
    """A regex matching any of ``words``, as a trie ("мар(?:та)?") so that a
    failing position costs one character test, not one per word.  Longer
    words win; a space matches any run of spaces.  Never empty."""
    trie: dict[str, Any] = {}
    for word in {" ".join(w.split()) for w in words if w.strip()}:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return "(?!)"

    def emit(node: dict[str, Any]) -> str:
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return "(?:" + body + ")?" if len(branches) == 1 else body + "?"
        return body

    return emit(trie)


# ---------------------------------------------------------------------------
# The per-language lexicon: words from TOML, compiled expressions.

_LB = r"(?<![0-9A-Za-zА-Яа-яЁё.:/])"  # a number starts here (Arabic proclitics may be glued)
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])"
_YEAR = r"(?:1[89][0-9][0-9]|2[01][0-9][0-9]|13[4-9][0-9]|14[0-9][0-9]|1500)"


class _Lexicon:
    """Date words of one language (or of all, merged) and their expressions."""

    def __init__(self, langs: tuple[str, ...]) -> None:
        data = [load(f"dates_{lang}") for lang in langs]
        self.months: dict[str, tuple[str, int]] = {}
        self.month_first_yearless: set[str] = set()
        self.needs_year: set[str] = set()
        self.weekdays: dict[str, int] = {}
        self.relative: dict[str, int] = {}
        self.modifiers: dict[str, str] = {}
        self.zones: dict[str, int] = {}
        self.year_offsets: dict[str, int] = {}  # "прошлого года": -1
        self.year_sides: dict[str, Prefer] = {}  # "الماضي": "past"
        self.dateline_stop: set[str] = set()  # "في 15 مارس" starts a sentence
        self.according: set[str] = {""}  # between a Hijri date and its Gregorian one
        self.am: set[str] = set()
        self.pm: set[str] = set()
        self.slash_month_first = len(langs) == 1 and _opt(data[0], "slash_month_first")
        ci_months: list[str] = []  # matched in any case
        cs_months: list[str] = []  # matched as written, Title or UPPER
        words: dict[str, list[str]] = {}

        def add(kind: str, items: Any) -> list[str]:
            folded = [" ".join(_fold(w).split()) for w in items]
            words.setdefault(kind, []).extend(folded)
            return folded

        for d in data:
            cs = _opt(d, "case_sensitive_months")
            for calendar, table, keys in (
                ("gregorian", d.get("months", {}), MONTHS),
                ("hijri", d.get("hijri_months", {}), HIJRI_MONTHS),
            ):
                for number, name in enumerate(keys, 1):
                    for w in add("month", table.get(name, ())):
                        self.months[_key(w)] = (calendar, number)
                        if _opt(d, "month_first"):
                            self.month_first_yearless.add(_key(w))
                        if cs:
                            cs_months += [w, w.upper()]
                        else:
                            ci_months.append(w.lower())
            hijri = d.get("hijri", {})
            add("epithet", hijri.get("epithets", ()))
            self.according.update(_key(w) for w in add("_", hijri.get("according", ())))
            self.needs_year.update(_key(w) for w in add("_", hijri.get("needs_year", ())))
            years = d.get("years", {})
            add("marker", years.get("markers", ()))
            add("year_lead", years.get("leads", ()))
            for offset, items in years.get("relative", {}).items():
                for w in add("year_offset", items):
                    self.year_offsets[_key(w)] = int(offset)
            for side, items in years.get("direction", {}).items():
                for w in add("year_side", items):
                    self.year_sides[_key(w)] = side
            add("joiner", d.get("days", {}).get("joiners", ()))
            add("suffix", d.get("days", {}).get("suffixes", ()))
            for number, name in enumerate(WEEKDAYS):
                for w in add("weekday", d.get("weekdays", {}).get(name, ())):
                    self.weekdays[_key(w)] = number
            rel = d.get("relative", {})
            for offset, items in rel.get("days", {}).items():
                for w in add("relative", items):
                    self.relative[_key(w)] = int(offset)
            for kind in ("last_before", "next_before", "this_before", "last_after", "next_after"):
                for w in add(kind.split("_")[1], rel.get(kind, ())):
                    self.modifiers[_key(w)] = kind.split("_")[0]
            self.dateline_stop.update(_key(w) for w in add("_", d.get("dateline", {}).get("not_after", ())))
            add("proclitic", rel.get("proclitics", ()))
            add("lead", rel.get("weekday_lead", ()))
            time = d.get("time", {})
            add("connector", time.get("connectors", ()))
            self.am.update(_key(w) for w in add("ampm", time.get("am", ())))
            self.pm.update(_key(w) for w in add("ampm", time.get("pm", ())))
            for w, minutes in zip(add("zone", time.get("zones", {})), time.get("zones", {}).values()):
                self.zones[_key(w)] = int(minutes)

        self.month_ends = {w.split()[-1] for w in self.months}  # casefolded already
        # A name that begins another name of its month is an abbreviation.
        self.abbreviations = {
            w for w, cm in self.months.items()
            if any(o != w and o.startswith(w) and self.months[o] == cm for o in self.months)
        }

        def alt(kind: str) -> str:
            return _alt(words.get(kind, ()))

        months = f"(?:(?i:{_alt(ci_months)})|{_alt(cs_months)})"
        marker = rf"(?:\s*(?i:{alt('marker')})(?!\w))?"
        suffix = rf"(?:(?i:{alt('suffix')})(?!\w))?"

        def year(g: str) -> str:
            return rf"(?P<{g}>{_YEAR})(?![0-9]){marker}"

        def second_month(g: str) -> str:  # "مارس/آذار", "مارس (آذار)", "مارس آذار"
            return rf"(?:(?:\s*[/\\|(\-–—]\s*|\s+)(?P<{g}>{months})(?!\w)\.?\)?)?"

        def year_part(n: int) -> str:  # the year, or words that place a year-less date
            return (
                rf"(?:\s*[,،\-/.]?\s*(?:(?i:{alt('year_lead')})\s+)?{year(f'y{n}')}"
                rf"|\s+(?P<yo{n}>(?i:{alt('year_offset')}))(?!\w)"
                rf"|\s+(?P<ys{n}>(?i:{alt('year_side')}))(?!\w))?"
            )

        # Forms that begin with a number, tried where a number begins.
        self.day_first = re.compile(
            rf"""{_LB}(?:
            (?P<dm>(?P<d1>{_DAY})(?![0-9]){suffix}
                (?:\s*[-/.]\s*|\s*(?i:{alt('joiner')})\s+|\s*)
                (?P<m1>{months})(?!\w)\.?{second_month('m1b')}
                (?:\s+(?:{alt('epithet')})(?!\w))?{year_part(1)})
            |(?P<iso>(?P<iy>{_YEAR})-(?P<im>[0-9]{{1,2}})-(?P<id>[0-9]{{1,2}})(?![0-9])
                (?:(?:T|\s+)(?P<ih>[01]?[0-9]|2[0-3]):(?P<imi>[0-5][0-9])
                    (?::(?P<is>[0-5][0-9])(?:[.,][0-9]+)?)?
                    (?:\s*(?P<iz>Z|[+-](?:[01][0-9]|2[0-3])(?::?[0-5][0-9])?))?)?)
            |(?P<ymd>(?P<ny>{_YEAR})(?P<ns>[/.])(?P<nm>[0-9]{{1,2}})(?P=ns)(?P<nd>[0-9]{{1,2}})(?![0-9]){marker})
            |(?P<dmy>(?P<xd>[0-9]{{1,2}})(?P<xs>[/.\-])(?P<xm>[0-9]{{1,2}})(?P=xs){year('xy')}))""",
            re.VERBOSE,
        )
        # "March 15, 2024", "يناير/كانون الثاني 3، 2024": tried just before a number.
        self.month_first = re.compile(
            rf"""(?<!\w)(?P<m2>{months})(?!\w)\.?{second_month('m2b')}
            \s*(?P<d2>{_DAY})(?![0-9]){suffix}(?!\w){year_part(2)}""",
            re.VERBOSE,
        )
        zone = rf"(?P<z>{alt('zone')})(?!\w)\s*(?P<off>[+-]\s*(?:[01]?[0-9]|2[0-3])(?::?[0-5][0-9])?)?"
        self.time_re = re.compile(
            rf"""\s*(?:[,،\-–—|/•·]\s*)?(?:(?i:{alt('connector')})\s*)?
            (?P<h>[01]?[0-9]|2[0-3]):(?P<mi>[0-5][0-9])(?::(?P<s>[0-5][0-9]))?(?![0-9])
            (?:\s*(?P<ap>(?i:{alt('ampm')}))(?!\w))?
            (?:\s*\(?\s*(?i:{zone})\)?)?""",
            re.VERBOSE,
        )
        wd = alt("weekday")
        self.relative_re = re.compile(
            rf"""(?<!\w)(?:{alt('proclitic')})?(?:
            (?P<rel>{alt('relative')})(?!\w)
                (?:[\s,،(]*(?:(?:{alt('lead')})\s+)?(?P<wd1>{wd})(?!\w))?
            |(?:(?P<mb>{alt('before')})\s+)?(?P<wd2>{wd})(?!\w)
                (?:\s+(?P<ma>{alt('after')})(?!\w))?)""",
            re.VERBOSE | re.IGNORECASE,
        )

    # -- turning a match into a date ---------------------------------------

    def date_from(self, m: re.Match[str], ref: dt.date | None, prefer: Prefer) -> tuple[Any, ...] | None:
        """``(value, has_year, calendar, how)`` for a match of ``day_first``
        or ``month_first``, or None when it names no real day."""
        g = m.groupdict()
        if g.get("dm") is not None or m.re is self.month_first:
            day_first = m.re is self.day_first
            n = "1" if day_first else "2"
            word, day, year = g["m" + n], g["d" + n], g["y" + n]
            key = _key(word)
            if key not in self.months:
                return None
            calendar, month = self.months[key]
            if year is None and (key in self.needs_year or not (day_first or key in self.month_first_yearless)):
                return None
            offset = self.year_offsets.get(_key(g["yo" + n])) if g["yo" + n] else None
            side = self.year_sides.get(_key(g["ys" + n]), prefer) if g["ys" + n] else prefer
            value = _make_date(calendar, int(year) if year else None, month, int(day), ref, side, offset)
            return (value, year is not None, calendar, "day-month" if day_first else "month-day") if value else None
        if g["iso"] is not None:
            value = _make_date("gregorian", int(g["iy"]), int(g["im"]), int(g["id"]), None, prefer)
            if value is None:
                return None
            if g["ih"] is not None:
                tz = _offset(g["iz"], 0) if g["iz"] else None
                value = dt.datetime.combine(value, dt.time(int(g["ih"]), int(g["imi"]), int(g["is"] or 0), tzinfo=tz))
            return value, True, "gregorian", "iso"
        if g["ymd"] is not None:
            y, first, second = int(g["ny"]), int(g["nm"]), int(g["nd"])
        else:
            y, first, second = int(g["xy"]), int(g["xm"]), int(g["xd"])
            if g["xs"] == "/" and self.slash_month_first:
                first, second = second, first  # US order: month/day/year
        calendar = "hijri" if y in HIJRI_YEARS else "gregorian"
        value = _make_date(calendar, y, first, second, None, prefer)
        if value is None and g["dmy"] is not None:  # "25/12/2024" in US order: read it the other way
            value = _make_date(calendar, y, second, first, None, prefer)
        return (value, True, calendar, "numeric") if value else None

    def trim(self, m: re.Match[str]) -> int:
        """The end of the date: without a final "." that ends the sentence
        rather than an abbreviation ("15 марта." but "15 сент.")."""
        end = m.end()
        if m.string[end - 1] == ".":
            g = m.groupdict()
            word = g.get("m1b") or g.get("m1") or g.get("m2b") or g.get("m2")
            if word and g.get("y1") is None and g.get("y2") is None:
                if _key(word) not in self.abbreviations:
                    return end - 1
        return end

    def time_after(self, key: str, pos: int) -> tuple[dt.time, int] | None:
        m = self.time_re.match(key, pos)
        if m is None:
            return None
        hour = int(m.group("h"))
        ampm = _key(m.group("ap") or "")
        if ampm in self.pm and hour < 12:
            hour += 12
        elif ampm in self.am and hour == 12:
            hour = 0
        tz = None
        if m.group("z"):
            base = self.zones.get(_key(m.group("z")), 0)
            tz = _offset(m.group("off"), base)
        return dt.time(hour, int(m.group("mi")), int(m.group("s") or 0), tzinfo=tz), m.end()


def _opt(data: dict[str, Any], name: str) -> bool:
    return bool(data.get("options", {}).get(name, False))


_TIME_BEFORE = re.compile(r"(?<![0-9:])(?P<h>[01]?[0-9]|2[0-3]):(?P<mi>[0-5][0-9])\s*[,|\-–—]?\s*$")


@lru_cache(maxsize=None)
def _lexicon(lang: str | None) -> _Lexicon:
    return _Lexicon((lang,) if lang in LANGS else LANGS)


def _lang(lang: str | None) -> str | None:
    return lang if lang in LANGS else None


def _offset(text: str | None, base_minutes: int) -> dt.timezone:
    """``"+3"``, ``"+03:00"``, ``"-0430"``, ``"Z"`` added to a zone's offset."""
    minutes = base_minutes
    if text and text != "Z":
        sign = -1 if text.strip()[0] == "-" else 1
        digits = re.sub(r"[^0-9]", "", text)
        hours, mins = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
        minutes += sign * (int(hours) * 60 + int(mins))
    return dt.timezone(dt.timedelta(minutes=minutes)) if -1440 < minutes < 1440 else dt.timezone.utc


# ---------------------------------------------------------------------------
# Calendar arithmetic.


def _gregorian(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _hijri(year: int, month: int, day: int) -> dt.date | None:
    from hijridate import Hijri

    try:
        g = Hijri(year, month, day).to_gregorian()
        return dt.date(g.year, g.month, g.day)
    except (ValueError, OverflowError):
        return None


def _hijri_year(day: dt.date) -> int | None:
    from hijridate import Gregorian

    try:
        return Gregorian(day.year, day.month, day.day).to_hijri().year
    except (ValueError, OverflowError):
        return None


def _make_date(
    calendar: str,
    year: int | None,
    month: int,
    day: int,
    ref: dt.date | None,
    prefer: Prefer,
    year_offset: int | None = None,
) -> dt.date | None:
    """The Gregorian day of ``day month year``; a missing year comes from
    ``ref`` (see the module docstring) or is ``year_offset`` from its year
    ("прошлого года"), or is the placeholder year."""
    convert = _hijri if calendar == "hijri" else _gregorian
    if year is not None:
        valid = HIJRI_YEARS if calendar == "hijri" else GREGORIAN_YEARS
        return convert(year, month, day) if year in valid else None
    if ref is None:
        return _gregorian(PLACEHOLDER_YEAR, month, day) if calendar == "gregorian" else None
    around = ref.year if calendar == "gregorian" else _hijri_year(ref)
    if around is None:
        return None
    if year_offset is not None:
        return convert(around + year_offset, month, day)
    candidates = [c for y in range(around + 1, around - 5, -1) if (c := convert(y, month, day))]
    if prefer == "past":
        return next((c for c in candidates if c <= ref + CLOCK_SKEW), None)
    if prefer == "future":
        return next((c for c in reversed(candidates) if c >= ref - CLOCK_SKEW), None)
    return min(candidates, key=lambda c: abs(c - ref), default=None)


def _as_date(day: dt.date | dt.datetime) -> dt.date:
    return day.date() if isinstance(day, dt.datetime) else day


# ---------------------------------------------------------------------------
# The public functions.


_DIGITS = re.compile(r"[0-9]+")
_ANY_DIGIT = re.compile(r"\d")  # any script's digits: every date has one
WINDOW_BEFORE, WINDOW_AFTER = 40, 40  # how far a month name reaches around the day


def _matches(
    lex: _Lexicon, key: str, ref: dt.date | None, prefer: Prefer, pos: int = 0, stop: int | None = None
) -> Iterator[tuple[int, int, tuple[Any, ...]]]:
    """``(start, end, (value, has_year, calendar, how))`` for each date in
    the folded ``key`` that starts with a number in ``key[pos:stop]``, or
    whose month-first form ends with one there."""
    for run in _DIGITS.finditer(key, pos, len(key) if stop is None else stop):
        if run.start() < pos:
            continue
        m = lex.day_first.match(key, run.start())
        if m is None:
            m = _month_first(lex, key, max(pos, run.start() - WINDOW_BEFORE), run)
        if m is None:
            continue
        found = lex.date_from(m, ref, prefer)
        if found is None:
            continue
        start, end = m.start(), lex.trim(m)
        value = found[0]
        if not isinstance(value, dt.datetime):
            timed = lex.time_after(key, end)
            if timed is None and start and key[start - 1] in " ,|-–—\t\n":
                before = _TIME_BEFORE.search(key, max(0, start - 14), start)
                if before is not None:
                    timed, start = (dt.time(int(before["h"]), int(before["mi"])), end), before.start()
            if timed is not None:
                found = (dt.datetime.combine(value, timed[0]), *found[1:])
                end = timed[1]
        pos = end
        yield start, end, found


def _month_first(lex: _Lexicon, key: str, lo: int, run: re.Match[str]) -> re.Match[str] | None:
    """A month-first date whose day is the number ``run``."""
    end = run.start()
    while end > lo and key[end - 1] in " .)\u00a0\t\n":
        end -= 1
    start = end
    while start > lo and key[start - 1].isalpha():
        start -= 1
    if key[start:end].casefold() not in lex.month_ends:
        return None  # the word before the number ends no month name
    hi = min(len(key), run.end() + WINDOW_AFTER)
    for m in lex.month_first.finditer(key, lo, hi):
        if m.start("d2") == run.start():
            return lex.month_first.match(key, m.start()) if m.end() == hi else m
        if m.start("d2") > run.start():
            break
    return None


def _scan(text: str, lang: str | None, ref: dt.date | None, prefer: Prefer) -> Iterator[ParsedDate]:
    if not _ANY_DIGIT.search(text):
        return
    folded = _Folded(text)
    ref = _as_date(ref) if ref is not None else None
    for start, end, (value, has_year, calendar, how) in _matches(_lexicon(_lang(lang)), folded.key, ref, prefer):
        o_start, o_end = folded.span(start, end)
        yield ParsedDate(value, has_year, calendar, o_start, o_end, how)


def find_dates(
    text: str, lang: str | None = None, *, ref: dt.date | None = None, prefer: Prefer = "past"
) -> list[ParsedDate]:
    """Every date expression in ``text``, in order, with its offsets.

    ``lang`` ("ar", "ru", "en") picks that language's words; anything else
    uses all of them.  ``ref`` and ``prefer`` give year-less dates a year.
    """
    return list(_scan(text, lang, ref, prefer))


def parse_date(
    text: str, lang: str | None = None, *, ref: dt.date | None = None, prefer: Prefer = "past"
) -> ParsedDate | None:
    """The first full or year-less date expression in ``text``, or None.

    A short text (a metadata field) in which no known form is found may be a
    Unix timestamp (seconds or milliseconds), or else is handed to
    ``dateparser``, which must find a day, a month and a year in it.
    """
    for found in _scan(text, lang, ref, prefer):
        return found
    stripped = text.strip()
    if stripped.isascii() and stripped.isdigit() and len(stripped) in (10, 13):  # Unix time, s or ms
        moment = dt.datetime.fromtimestamp(int(stripped[:10]), dt.timezone.utc)
        if moment.year in GREGORIAN_YEARS:
            start = text.index(stripped)
            return ParsedDate(moment, True, "gregorian", start, start + len(stripped), "timestamp")
    if len(stripped) <= DATEPARSER_MAX_CHARS and _DIGIT.search(_CLOCK_TIME.sub("", stripped)):
        value = _dateparser(stripped, _lang(lang))
        if value is not None:
            start = text.index(stripped)
            return ParsedDate(value, True, "gregorian", start, start + len(stripped), "dateparser")
    return None


# A clock time ("10:24", "23:54:07"): dateparser must find a year, and a
# field that has no digits besides a time ("Сегодня в 14:57") has none; such
# fields are common on Russian pages and each costs dateparser ~2 ms to refuse.
_CLOCK_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=8)
def _dateparser_for(languages: tuple[str, ...]) -> Any:
    """One parser per language list: ``dateparser.parse`` builds a new one
    (a millisecond or two) on every call that names languages."""
    from dateparser import DateDataParser

    settings = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    return DateDataParser(languages=list(languages), settings=settings)


def _dateparser(text: str, lang: str | None) -> dt.date | dt.datetime | None:
    try:
        parser = _dateparser_for((lang,) if lang else DATEPARSER_LANGS)
    except ImportError:  # a declared dependency; without it there is no last resort
        log.debug("dateparser is not installed (pip install dateparser)")
        return None
    try:
        value = parser.get_date_data(text)["date_obj"]
    except Exception:  # dateparser has many internal failure modes on junk input
        log.debug("dateparser failed on %r", text, exc_info=True)
        return None
    if value is None or value.year not in GREGORIAN_YEARS:
        return None
    return value.date() if value.time() == dt.time() else value


def main_date(text: str, dates: list[ParsedDate], lang: str | None = None) -> ParsedDate | None:
    """The first of ``dates`` (found in ``text``), except that a Hijri date
    followed by the Gregorian date it names ("05 رمضان 1445 هـ الموافق 15
    مارس 2024 م") gives way to it: the Umm al-Qura conversion may be a day
    off the calendar the writer used."""
    if not dates:
        return None
    first = dates[0]
    if first.calendar == "hijri" and len(dates) > 1:
        second = dates[1]
        between = _key(_GAP_PUNCT.sub(" ", _fold(text[first.end : second.start])))
        if second.calendar == "gregorian" and second.has_year and between in _lexicon(_lang(lang)).according:
            return second
    return first


DATELINE_CHARS = 240  # of a paragraph, searched for its dateline
DATELINE_PARAGRAPH = 100  # a paragraph this short may be a date line as a whole
DATELINE_WORDS = 5  # of other words in such a paragraph
_GAP_PUNCT = re.compile(r"[/()\[\]\-–—،,:]")
_SENTENCE_END = re.compile(r"[.!?؟;؛]\s")
# After a dateline's date: a dash, bracket, colon or full stop ("(رويترز) -",
# ". /ТАСС/"), at most after one short word ("م واس -"), or the paragraph's end.
_DATELINE_AFTER = re.compile(r"\s*(?:\w{1,6}\s*)?(?:[-–—:|/(.]|$)")
_AGENCY_AFTER = re.compile(r"\s*[(/]")  # "15 مارس (رويترز) -", "5 августа /Новости/"


def find_dateline(
    text: str, lang: str | None = None, *, ref: dt.date | None = None, prefer: Prefer = "past"
) -> ParsedDate | None:
    """The date of the dateline that ``text`` (one paragraph) begins with.

    The paragraph's first date counts when it is written where a dateline
    puts it: nothing before it but a place, a label or a weekday ("موسكو،",
    "Опубликовано:", "الخميس") and a dash, bracket, colon or full stop after
    it; or when the paragraph is a short line holding little but the date.
    A date a sentence speaks of ("في 15 مارس قال...") does not count.
    """
    dates = find_dates(text[:DATELINE_CHARS], lang, ref=ref, prefer=prefer)
    found = main_date(text, dates, lang)
    if found is None:
        return None
    before, after = text[: dates[0].start], text[found.end :]
    words = [w for w in before.split() if any(c.isalnum() for c in w)]  # not bullets
    if len(text) <= DATELINE_PARAGRAPH and len(words) + len(after.split()) <= DATELINE_WORDS:
        return found
    if not words:  # a paragraph that opens with a date: an agency must follow,
        # else it is a diary or a timeline ("28 مايو 1990: عقدت القمة...")
        return found if _AGENCY_AFTER.match(after) else None
    if _SENTENCE_END.search(before) or not _DATELINE_AFTER.match(after):
        return None
    if len(words) <= 4 and before.rstrip()[-1] in ",،:-–—|":
        return found  # "МОСКВА,", "تاريخ النشر:", "Friday,"
    if len(words) == 1 and _key(_fold(words[0])) not in _lexicon(_lang(lang)).dateline_stop:
        return found  # "القاهرة 15 مارس آذار (رويترز) -", "الخميس 14 مارس 2024"
    return None


def _is_year(number: int) -> bool:
    return number in GREGORIAN_YEARS or number in HIJRI_YEARS


def first_full_date(text: str, lang: str | None = None, *, not_after: dt.date | None = None) -> dt.date | None:
    """The first date with a year in ``text`` (at most ``not_after``).

    Meant for whole article bodies: only the few characters before each
    year-like number are tried, so a long text costs one cheap scan.
    """
    if not _ANY_DIGIT.search(text):
        return None
    lex = _lexicon(_lang(lang))
    key = _fold(text)
    years = (m for m in _DIGITS.finditer(key) if len(m.group()) == 4 and _is_year(int(m.group())))
    for n, year in enumerate(years):
        if n >= 40:
            break
        lo = max(0, year.start() - WINDOW_BEFORE)
        for _, _, (value, has_year, *_) in _matches(lex, key, None, "past", lo, year.end()):
            if has_year and (not_after is None or _as_date(value) <= not_after):
                return _as_date(value)
    return None


def resolve_relative(text: str, lang: str | None, anchor: dt.date) -> dt.date | None:
    """The day meant by the first relative expression in ``text``.

    ``anchor`` is the publication date.  "أمس"/"вчера"/"yesterday" is the day
    before; "اليوم الخميس" is the Thursday nearest the anchor (time zones);
    "الخميس الماضي"/"last Thursday" the last one strictly before it, "المقبل"/
    "next" the first strictly after; a weekday alone ("في يوم الخميس", "в
    четверг", "on Thursday") is the most recent such day on or before the
    anchor, as news reports the past.
    """
    anchor = _as_date(anchor)
    lex = _lexicon(_lang(lang))
    for m in lex.relative_re.finditer(_fold(text)):
        day = _relative_day(lex, m, anchor)
        if day is not None:
            return day
    return None


def _relative_day(lex: _Lexicon, m: re.Match[str], anchor: dt.date) -> dt.date | None:
    if m.group("rel") is not None:
        offset = lex.relative.get(_key(m.group("rel")))
        if offset is None:
            return None
        day = anchor + dt.timedelta(days=offset)
        if m.group("wd1") is None:
            return day
        weekday = lex.weekdays.get(_key(m.group("wd1")))
        return None if weekday is None else _nearest_weekday(day, weekday)
    weekday = lex.weekdays.get(_key(m.group("wd2")))
    if weekday is None:
        return None
    modifier = m.group("mb") or m.group("ma")
    kind = lex.modifiers.get(_key(modifier)) if modifier else None
    if kind == "last":
        return anchor - dt.timedelta(days=(anchor.weekday() - weekday - 1) % 7 + 1)
    if kind == "next":
        return anchor + dt.timedelta(days=(weekday - anchor.weekday() - 1) % 7 + 1)
    if kind == "this":
        return _nearest_weekday(anchor, weekday)
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)


def _nearest_weekday(day: dt.date, weekday: int) -> dt.date:
    delta = (weekday - day.weekday()) % 7
    return day + dt.timedelta(days=delta - 7 if delta > 3 else delta)
