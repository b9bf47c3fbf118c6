"""Plain-text page dumps: the article out of what a scraper saved.

Scrapers that save a page's visible text produce files shaped like this::

    Ru En                           <- language switch (navigation)
    لافروف يلتقي نظيره السعودي      <- the headline
    ١٥ مارس                          <- the date line
    \u00a0                           <- separators: lines of non-breaking spaces
    الفقرة الأولى ...
    عنوان فرعي                       <- a sub-heading (short, no final period)
    الفقرة الثانية ...
    موقع روسيا اليوم                 <- the site line
    المصدر: رويترز                   <- the credit line
    شارك / اقرأ أيضا / ...           <- navigation rows and link titles

:func:`parse_dump` turns that into body blocks in reading order plus
metadata.  The navigation rows, the site line and the credit never stay in
the body: the headline, the publisher, the date line and the credits become
fields, sub-headings stay in the body as ``("heading", text)`` blocks.  What
a line *is* is decided by data (``marsad/lang/textdump.toml``, plus the
agency names of ``agencies.toml``) and by its shape and position; the words
themselves are never in this module.

Text without that shape still parses: blocks are the paragraphs between
blank (or NBSP-only) lines and the title is the first line when it looks
like a headline.  :func:`looks_like_dump` tells the two apart cheaply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..lang import load
from ..normalize import match_key, strip_bidi

__all__ = ["DumpArticle", "looks_like_dump", "parse_dump"]


@dataclass(slots=True)
class DumpArticle:
    """A dump, parsed: body blocks plus the metadata lines taken out of it."""

    blocks: list[tuple[str, str]]  # body in reading order: ("heading"|"paragraph", text)
    title: str | None  # the headline
    publisher: str | None  # the site line, cleaned ("روسيا اليوم")
    date_line: str | None  # the raw date line, e.g. "١٥ مارس"
    credit_lines: list[str] = field(default_factory=list)  # "المصدر: رويترز", removed from the body
    dropped: list[str] = field(default_factory=list)  # navigation and other removed lines
    byline: str | None = None  # "بقلم: ...", "Автор: ...", "By ..." when the dump has one


# Shape limits.  A heading or a link title is short and has no sentence end;
# a headline may be longer but still has no final period.
HEADING_MAX_WORDS = 12
HEADING_MAX_CHARS = 100
HEADLINE_MAX_WORDS = 30
HEADLINE_MAX_CHARS = 250
META_MAX_WORDS = 12  # credit, site, byline and caption lines are short
DATE_MAX_CHARS = 100
BREADCRUMB_MAX_WORDS = 3
WRAP_MAX_CHARS = 120  # hard-wrapped plain text has shorter lines than this

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# Invisible characters strip_bidi does not cover: soft hyphen, word joiner,
# Mongolian vowel separator.
_INVISIBLE = re.compile("[\u00ad\u2060\u180e]")
_CLOSERS = "»\"”’')]›"
_SENTENCE_END = ".!?؟…:;؛"
_HEADLINE_BAD_END = ".:;؛"
_TRAILING_PUNCT = re.compile(r"[\s:：.|\-–—»«,،]+$")
_LEADING_PUNCT = re.compile(r"^[\s|\-–—•·«»]+")
_NAV_SPLIT = re.compile(r"[\s|·•/,،]+")
_DATE_SPLIT = re.compile(r"[\s,،|/\-–—:()]+")
_DATE_NUMBER = re.compile(r"\d{1,4}(?:[:.]\d{1,4}){0,2}(?:г|م|ه)?\.?")
_DOMAIN = re.compile(
    r"(?:https?://)?(?:www\.)?((?:[\w-]+\.)+(?:[a-z]{2,}|рф))/?", re.IGNORECASE
)
_BRACKETS = re.compile(r"^[(\[]\s*(.*?)\s*[)\]]$")
_CREDIT_SPLIT = re.compile(r"\s*(?:[+/،,&]|\s(?:and|и)\s)\s*")
_COMPACT = re.compile(r"[\s.\-‐'\"«»()]+")


# --------------------------------------------------------------------------
# Line cleaning and keys


def _clean_line(line: str) -> str:
    """Visible text of a line: invisible marks removed, spaces collapsed."""
    return " ".join(_INVISIBLE.sub("", strip_bidi(line)).split())


def _key(text: str) -> str:
    """Matching key of a whole line, without trailing punctuation."""
    return _TRAILING_PUNCT.sub("", " ".join(match_key(text).split()))


def _prefix_key(text: str) -> str:
    """Matching key of a prefix entry: trailing punctuation kept ("Фото:")."""
    return " ".join(match_key(text).split())


def _compact(text: str) -> str:
    """Key without spaces, dots and quotes: "أ.ف.ب" and "أ ف ب" meet."""
    return _COMPACT.sub("", match_key(text))


def _starts_with(key: str, prefixes: tuple[str, ...]) -> bool:
    """``key`` begins with one of ``prefixes`` as a whole word."""
    return _prefix_of(key, prefixes) is not None


@lru_cache(maxsize=None)
def _longest_first(prefixes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(prefixes, key=len, reverse=True))


def _prefix_of(key: str, prefixes: tuple[str, ...]) -> str | None:
    """The longest of ``prefixes`` that begins ``key`` as a whole word."""
    for prefix in _longest_first(prefixes):
        if key.startswith(prefix):
            rest = key[len(prefix) :]
            if not rest or not prefix[-1].isalnum() or not rest[0].isalnum():
                return prefix
    return None


def _strip_closers(text: str) -> str:
    return text.rstrip(_CLOSERS + " ")


def _ends_sentence(text: str) -> bool:
    text = _strip_closers(text)
    return bool(text) and text[-1] in _SENTENCE_END


# --------------------------------------------------------------------------
# The data


@dataclass(frozen=True, slots=True)
class _Lexicon:
    nav_words: frozenset[str]
    nav_lines: frozenset[str]
    nav_prefixes: tuple[str, ...]
    related: frozenset[str]
    tail: frozenset[str]
    credit_label: re.Pattern[str]
    credit_prefixes: tuple[str, ...]
    credit_names: frozenset[str]
    agency_words: frozenset[str]
    site_prefixes: tuple[str, ...]
    site_names: frozenset[str]
    copyright: tuple[str, ...]
    byline_prefixes: tuple[str, ...]
    date_tokens: frozenset[str]
    date_core: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = load("textdump")
    nav, credit, site = data["nav"], data["credit"], data["site"]
    date = data["date"]

    agencies = load("agencies")
    names: set[str] = {_compact(w) for w in credit["words"]}
    for entry in agencies["agency"].values():
        for lang in ("ar", "ru", "en"):
            names.update(_compact(f) for f in entry.get(lang, ()))
    names.discard("")

    labels = _alternation([_prefix_key(w) for w in credit["labels"]])
    credit_label = re.compile(rf"^(?:{labels})\s*[:：\-–—]\s*\S")

    months = [_prefix_key(m) for m in date["months"]]
    date_tokens: set[str] = set()
    for group in ("labels", "months", "weekdays", "words", "relative"):
        for entry in date[group]:
            date_tokens.update(t.rstrip(".") for t in _DATE_SPLIT.split(_prefix_key(entry)) if t)
    month_alt = _alternation(months)
    date_core = re.compile(
        rf"(?<!\d)\d{{1,2}}\s*(?:{month_alt})(?!\w)"
        rf"|(?<!\w)(?:{month_alt})\.?\s*\d{{1,2}}(?!\d)"
        r"|(?<!\d)\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(?!\d)"
        r"|(?<!\d)\d{4}-\d{1,2}-\d{1,2}(?!\d)"
        rf"|(?:{_alternation([_prefix_key(w) for w in date['relative']])})\W+\d{{1,2}}:\d{{2}}"
    )
    return _Lexicon(
        nav_words=frozenset(_prefix_key(w) for w in nav["words"]),
        nav_lines=frozenset(_key(w) for w in nav["lines"]),
        nav_prefixes=tuple(_prefix_key(w) for w in nav["prefixes"]),
        related=frozenset(_key(w) for w in nav["related"]),
        tail=frozenset(_key(w) for w in nav["tail"]),
        credit_label=credit_label,
        credit_prefixes=tuple(_prefix_key(w) for w in credit["prefixes"]),
        credit_names=frozenset(names),
        agency_words=frozenset(_key(w) for w in agencies["context"]["words"]),
        site_prefixes=tuple(_prefix_key(w) for w in site["prefixes"]),
        site_names=frozenset(_key(w) for w in site["names"]),
        copyright=tuple(_prefix_key(w) for w in site["copyright"]),
        byline_prefixes=tuple(_prefix_key(w) for w in data["byline"]["prefixes"]),
        date_tokens=frozenset(date_tokens),
        date_core=date_core,
    )


# --------------------------------------------------------------------------
# What one line is


@dataclass(slots=True)
class _Unit:
    text: str
    group: int  # units between the same separators share a group
    lines: int = 1
    key: str = ""
    words: int = 0
    kind: str = "text"
    value: str | None = None  # the cleaned publisher or byline for site/byline units

    @property
    def paragraph_like(self) -> bool:
        """Reads as running text: a sentence end, or too long for a heading."""
        return (
            _ends_sentence(self.text)
            or self.words > HEADING_MAX_WORDS
            or len(self.text) > HEADING_MAX_CHARS
        )

    @property
    def headline_like(self) -> bool:
        text = _strip_closers(self.text)
        return (
            bool(text)
            and self.words <= HEADLINE_MAX_WORDS
            and len(self.text) <= HEADLINE_MAX_CHARS
            and text[-1] not in _HEADLINE_BAD_END
        )


def _is_nav_row(key: str, lex: _Lexicon) -> bool:
    tokens = [t for t in _NAV_SPLIT.split(key) if t]
    return bool(tokens) and all(t in lex.nav_words for t in tokens)


def _is_date_line(key: str, lex: _Lexicon) -> bool:
    if len(key) > DATE_MAX_CHARS or not lex.date_core.search(key):
        return False
    for token in _DATE_SPLIT.split(key):
        if token and token.rstrip(".") not in lex.date_tokens and not _DATE_NUMBER.fullmatch(token):
            return False
    return True


def _is_credit_name(part: str, lex: _Lexicon) -> bool:
    words = part.split()
    # "وكالة رويترز", "агентство Рейтер": the word "agency" is not the name.
    while words and _key(words[0]) in lex.agency_words:
        words = words[1:]
    if not words:
        return False
    compact = _compact(" ".join(words))
    return compact in lex.credit_names or (
        compact[:1] == "و" and compact[1:] in lex.credit_names  # "وأ ف ب"
    )


def _is_bare_credit(text: str, lex: _Lexicon) -> bool:
    """A line that is only agency names: "(د ب أ)", "رويترز", "RT + وكالات"."""
    text = _TRAILING_PUNCT.sub("", _LEADING_PUNCT.sub("", text))
    inner = _BRACKETS.match(text)
    if inner:
        text = inner.group(1)
    parts = [p for p in _CREDIT_SPLIT.split(text) if p.strip()]
    return bool(parts) and all(_is_credit_name(p, lex) for p in parts)


def _site_value(unit: _Unit, lex: _Lexicon) -> tuple[str, str] | None:
    """("site", name) for a certain site line, ("site?", name) for a prefixed one."""
    text = _TRAILING_PUNCT.sub("", unit.text)
    domain = _DOMAIN.fullmatch(text)
    if domain and not domain.group(1).replace(".", "").isdigit():
        return "site", domain.group(1).lower()
    if _starts_with(unit.key, lex.site_prefixes):
        # Drop the prefix words: "موقع روسيا اليوم" -> "روسيا اليوم".
        prefix = _prefix_of(unit.key, lex.site_prefixes) or ""
        n = len(prefix.split())
        name = " ".join(text.split()[n:]).strip(" :-–—\"'«»“”„")
        if name:
            return "site?", name
    return None


def _byline_value(unit: _Unit, lex: _Lexicon) -> str | None:
    if not _starts_with(unit.key, lex.byline_prefixes) or unit.words > 8:
        return None
    prefix = _prefix_of(unit.key, lex.byline_prefixes) or ""
    n = len(prefix.split())
    name = " ".join(unit.text.split()[n:]).strip(" :-–—")
    return name or None


def _classify(unit: _Unit, lex: _Lexicon) -> None:
    key = unit.key
    short = unit.words <= META_MAX_WORDS
    if key in lex.tail:
        unit.kind = "tail"
    elif key in lex.related:
        unit.kind = "related"
    elif key in lex.nav_lines or _is_nav_row(key, lex):
        unit.kind = "nav"
    elif short and (lex.credit_label.match(key) or _starts_with(key, lex.credit_prefixes)):
        unit.kind = "credit"
    elif key in lex.site_names:  # before bare credits: "روسيا اليوم" is a site here
        unit.kind, unit.value = "site", _TRAILING_PUNCT.sub("", unit.text)
    elif short and _is_bare_credit(unit.text, lex):
        unit.kind = "credit"
    elif short and any(c in key for c in lex.copyright):
        unit.kind = "nav"  # "© 2024 ...", "... جميع الحقوق محفوظة"
    elif _is_date_line(key, lex):
        unit.kind = "date"
    elif short and _starts_with(key, lex.nav_prefixes):
        unit.kind = "nav"
    elif short and (site := _site_value(unit, lex)):
        unit.kind, unit.value = site
    elif short and (byline := _byline_value(unit, lex)):
        unit.kind, unit.value = "byline", byline


# --------------------------------------------------------------------------
# Splitting into units


def _split_groups(text: str) -> list[list[str]]:
    """Lines grouped between blank lines (NBSP-only lines are blank)."""
    groups: list[list[str]] = [[]]
    for raw in _NEWLINES.sub("\n", text).split("\n"):
        line = _clean_line(raw)
        if line:
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


def _units(text: str, dump: bool) -> list[_Unit]:
    """Lines in a dump; paragraphs (blank-line groups) in plain text.

    Plain text whose lines are longer than any fixed-width wrap holds one
    paragraph per line even without blank lines between, so it is split
    into lines as well (wrapped lines are joined again in :func:`_blocks`).
    """
    units: list[_Unit] = []
    for n, group in enumerate(_split_groups(text)):
        if dump or max(len(line) for line in group) > WRAP_MAX_CHARS:
            units.extend(_Unit(line, n) for line in group)
        else:
            units.append(_Unit(" ".join(group), n, lines=len(group)))
    for unit in units:
        unit.key = _key(unit.text)
        unit.words = len(unit.text.split())
    return units


# --------------------------------------------------------------------------
# The public functions


def looks_like_dump(text: str) -> bool:
    """Whether ``text`` has a scraper dump's shape, cheaply.

    NBSP-only separator lines or a language-switch row at the top are enough;
    otherwise it takes two of: a date line near the top, a navigation, site
    or credit line near the end.
    """
    head = text[:20000]
    if re.search(r"^[ \t]*\u00a0[\u00a0 \t\u200b-\u200f]*$", head, re.MULTILINE):
        return True
    lex = _lexicon()
    lines = [ln for ln in (_clean_line(x) for x in _NEWLINES.sub("\n", head).split("\n")) if ln]
    if not lines:
        return False
    if _is_nav_row(_key(lines[0]), lex):
        return True
    signals = 0
    if any(_is_date_line(_key(ln), lex) for ln in lines[:6]):
        signals += 1
    for line in lines[-12:]:
        unit = _Unit(line, 0, key=_key(line), words=len(line.split()))
        _classify(unit, lex)
        if unit.kind in ("nav", "tail", "related", "credit", "site"):
            signals += 1
            break
    return signals >= 2


def parse_dump(text: str, lang_hint: str | None = None) -> DumpArticle:
    """Split a text dump into body blocks and metadata.

    ``lang_hint`` is accepted for symmetry with the other extractors; the
    data of every language is used regardless, because dumps mix them (an
    Arabic page's "Ru En" switch, a Russian page's "Источник: Reuters").
    """
    del lang_hint
    lex = _lexicon()
    dump = looks_like_dump(text)
    units = _units(text, dump)
    for unit in units:
        _classify(unit, lex)
    return _assemble(units)


def _assemble(units: list[_Unit]) -> DumpArticle:
    out = DumpArticle(blocks=[], title=None, publisher=None, date_line=None)
    body: list[_Unit] = []
    title: _Unit | None = None
    in_tail = False
    links: _LinkSkip | None = None  # set after a "related" marker

    for unit in units:
        kind = unit.kind
        if kind == "credit":
            out.credit_lines.append(unit.text)
            continue
        if kind == "site" and out.publisher is None:
            out.publisher = unit.value
            continue
        if in_tail:
            out.dropped.append(unit.text)
            continue
        if kind in ("tail", "related"):
            out.dropped.append(unit.text)
            in_tail = kind == "tail"
            links = _LinkSkip(unit.group) if kind == "related" else None
            continue
        if links is not None:
            if links.takes(unit):
                out.dropped.append(unit.text)  # a related-link title
                continue
            links = None
        if kind == "date" and out.date_line is None:
            out.date_line = unit.text
        elif kind == "byline" and out.byline is None:
            out.byline = unit.value
        elif kind == "site?" and not body:
            # A prefixed site line above the text: outside the body.
            if out.publisher is None:
                out.publisher = unit.value
            else:
                out.dropped.append(unit.text)
        elif kind in ("text", "site?"):
            if not body and kind == "text" and _is_title(unit, title):
                if title is not None:
                    out.dropped.append(title.text)  # a section label above the headline
                title = unit
            elif title is not None and unit.key == title.key:
                out.dropped.append(unit.text)  # the headline repeated
            else:
                body.append(unit)
        else:
            out.dropped.append(unit.text)

    body = _take_site_lines(body, out)
    body = _drop_trailing(body, out)
    if not body and title is not None:
        body, title = [title], None  # a lone short line is the text, not a headline
    out.title = title.text if title is not None else None
    out.blocks = _blocks(body)
    return out


@dataclass(slots=True)
class _LinkSkip:
    """The link titles after a "related" marker ("اقرأ أيضا", "Читайте также").

    They are the headline-like lines in the marker's own group or, when the
    marker stands alone, in the next group; the article goes on after them,
    so a sub-heading further down is not mistaken for a link.
    """

    group: int
    took: bool = False

    def takes(self, unit: _Unit) -> bool:
        link_like = (
            unit.kind == "text"
            and not _ends_sentence(unit.text)
            and unit.words <= HEADLINE_MAX_WORDS
        )
        if not link_like:
            return False
        if unit.group != self.group:
            if self.took:
                return False
            self.group = unit.group  # the marker stood alone: its links follow
        self.took = True
        return True


def _is_title(unit: _Unit, current: _Unit | None) -> bool:
    """The first text line is the headline if it looks like one.

    A very short line followed, with no separator between, by a longer
    headline-like line was a section label ("سياسة", "Политика"), and the
    longer line is the headline.
    """
    if not unit.headline_like or unit.lines > 1:
        return False
    if current is None:
        return True
    return (
        current.words <= BREADCRUMB_MAX_WORDS
        and unit.group == current.group
        and unit.words > current.words
    )


def _take_site_lines(body: list[_Unit], out: DumpArticle) -> list[_Unit]:
    """A prefixed site line ("موقع ...") counts only outside the body text."""
    paragraphs = [i for i, u in enumerate(body) if u.kind == "text" and u.paragraph_like]
    first = paragraphs[0] if paragraphs else len(body)
    last = paragraphs[-1] if paragraphs else -1
    kept: list[_Unit] = []
    for i, unit in enumerate(body):
        if unit.kind == "site?" and (i < first or i > last):
            if out.publisher is None:
                out.publisher = unit.value
            else:
                out.dropped.append(unit.text)
        else:
            kept.append(unit)
    return kept


def _drop_trailing(body: list[_Unit], out: DumpArticle) -> list[_Unit]:
    """Short lines after the last paragraph are leftovers (tags, link rows)."""
    last = max((i for i, u in enumerate(body) if u.paragraph_like), default=None)
    if last is None:
        return body
    out.dropped.extend(u.text for u in body[last + 1 :])
    return body[: last + 1]


def _blocks(body: list[_Unit]) -> list[tuple[str, str]]:
    """Body units as blocks: headings marked, wrapped lines joined."""
    blocks: list[tuple[str, str]] = []
    prev: _Unit | None = None
    for i, unit in enumerate(body):
        nxt = body[i + 1] if i + 1 < len(body) else None
        if not unit.paragraph_like and nxt is not None and nxt.paragraph_like:
            blocks.append(("heading", unit.text))
        elif (
            prev is not None
            and blocks
            and blocks[-1][0] == "paragraph"
            and prev.group == unit.group
            and prev.lines == unit.lines == 1
            and not _ends_sentence(prev.text)
            and (prev.words > HEADING_MAX_WORDS or len(prev.text) > HEADING_MAX_CHARS)
        ):
            # A paragraph wrapped over two lines.
            blocks[-1] = ("paragraph", blocks[-1][1] + " " + unit.text)
        else:
            blocks.append(("paragraph", unit.text))
        prev = unit
    return blocks


def split_trailing_credits(
    blocks: list[tuple[str, str]], look_back: int = 3
) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """Take credit lines and navigation rows off the end of extracted blocks.

    HTML extractors keep a closing "المصدر: رويترز" or "Источник: ТАСС" as
    a paragraph; the same rules as for dumps move it to metadata.  Returns
    the kept blocks, the credit lines, and the dropped navigation rows.
    """
    lex = _lexicon()
    credits: list[str] = []
    dropped: list[str] = []
    kept = list(blocks)
    while kept and look_back > 0:
        text = kept[-1][1]
        unit = _Unit(text, 0, key=_key(text), words=len(text.split()))
        _classify(unit, lex)
        if unit.kind == "credit":
            credits.insert(0, text)
        elif unit.kind in ("nav", "tail", "related"):
            dropped.insert(0, text)
        else:
            break
        kept.pop()
        look_back -= 1
    return kept, credits, dropped
