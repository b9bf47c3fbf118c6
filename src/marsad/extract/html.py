"""Main text and metadata out of an HTML news page.

Two extractors read the same parsed tree and a block-level vote combines them:

* **trafilatura** in fast recall mode (``fast=True, favor_recall=True``): rich
  rules for what belongs to an article, but on many pages (most often old
  Russian sites) it picks a wrong region or appends the neighbouring
  headline lists;
* a **density** extractor (:mod:`marsad.extract.density`): readability's
  idea — score the containers of text-heavy paragraphs, take the best with
  its like siblings — cheap, and wrong in other places than trafilatura.

The density extractor runs first.  When its text is clean prose (mostly
long sentence paragraphs, a few short lines: see :func:`is_clean_prose`) it
is the answer and trafilatura, most of the cost, does not run: on about half
the English benchmark pages and three quarters of the Russian ones.
Otherwise trafilatura reads the region around the density containers (a
few levels up: see :func:`_region_page`) and the vote keeps its blocks that
the density text supports (plus the few unsupported blocks sandwiched
between supported ones, and prose paragraphs running on from either end);
when the two disagree on the region altogether, the one with more prose
wins.
Measured with ``scripts/eval_extraction.py`` (scrapinghub English, DAnIEL
Russian) the vote beats either extractor alone and trafilatura's own
``favor_precision`` and default modes, and it costs less: the fast mode skips
trafilatura's internal readability/justext fallbacks, which the density
extractor replaces.

Metadata comes from the page head (OpenGraph, ``<meta>``, JSON-LD, ``<title>``),
the date too when a publication-date field holds an ISO date; otherwise from
htmldate, first in its fast mode and, when that finds nothing, in its
extensive mode (its dateparser fallback is the slowest part of extraction,
so it only runs when needed).

The page is parsed once and no reader changes the tree: htmldate's steps
read it in place (:mod:`marsad.extract.pagedate`; a pruned copy only where
needed), trafilatura copies what it reads, the density extractor skips what
it leaves out.
"""

from __future__ import annotations

import json
import re
from copy import deepcopy
from functools import lru_cache
import threading
from dataclasses import dataclass
import datetime as dt
from typing import Any, Iterable, Iterator, NamedTuple

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from .density import LEGAL_NOTICE, SENTENCE_END, Block, density_blocks, density_extract
from .density import LEGAL_NOTICE_WORDS as LEGAL_NOTICE_WORDS  # data, kept importable from here
from .pagedate import markup_date


MODES = ("vote", "trafilatura", "density")


@dataclass(slots=True)
class HtmlArticle:
    blocks: list[Block]  # reading order; one block per paragraph or heading
    title: str | None
    author: str | None
    sitename: str | None
    date: str | None  # ISO 8601 'YYYY-MM-DD'; None if unknown
    extractor: str  # "vote", "trafilatura", "density" or "none": what gave the blocks


def extract_html(
    html: str, url: str | None = None, *, mode: str = "vote", extensive_date: bool = True
) -> HtmlArticle:
    """The article of ``html``: text blocks, headline, byline, site and date.

    ``mode`` is for measuring the parts: "trafilatura" or "density" alone
    instead of the vote.  ``extensive_date=False`` skips htmldate's slow
    free-text search (see :func:`page_date`).  A page without a body gives
    empty blocks, not an error.
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; known: {', '.join(MODES)}")
    tree, json_ld = _parse(html)
    if tree is None:
        return HtmlArticle([], None, None, None, None, "none")
    _LOCAL.last_page = (html, tree)  # every reader leaves it as parsed: see extensive_page_date
    title, author, sitename, published = page_metadata(tree, json_ld)
    # A publication-date field in ISO is the date, unless the URL has one
    # (htmldate reads that first: the local day, where a UTC timestamp may
    # say the next); htmldate's search (2-5 ms) is for pages without either.
    if published is None or (url and _URL_DATE.search(url)):
        published = page_date(tree, url, extensive=extensive_date) or published
    if mode == "trafilatura":
        blocks, how = trafilatura_blocks(tree, url), mode
    elif mode == "density":
        blocks, how = density_blocks(tree), mode
    else:
        # The density extractor first; trafilatura, most of the cost, only
        # when the density text needs a vote, and only on its region.
        secondary, containers = density_extract(tree)
        if is_clean_prose(drop_boilerplate(secondary)):
            blocks, how = secondary, "density"
        else:
            blocks, how = vote(trafilatura_blocks(_region_page(tree, containers), url), secondary)
    blocks = drop_boilerplate(blocks)
    return HtmlArticle(blocks, title, author, sitename, published, how if blocks else "none")


# --- parsing -------------------------------------------------------------------

_XML_DECLARATION = re.compile(r"\s*<\?xml[^>]*\?>")  # matched at the start only
# NUL and other C0 controls: libxml2 refuses some and turns NUL into U+FFFD;
# no page needs them.  Looked for one character at a time (``in`` is a
# memchr-like scan): a character-class regex search walks a 170 kB page in
# ~1.5 ms, these in a third of that.
_CONTROL_CHARS = tuple(chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # the same characters
# lxml parsers keep state while parsing: one per thread.  Also per thread:
# the last page extract_html read, as (markup, tree), for extensive_page_date.
_LOCAL = threading.local()


def _parser() -> lxml.html.HTMLParser:
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        # Fed UTF-8 bytes (see _parse), so the encoding is ours to name: a
        # <meta charset> in the page speaks of bytes that were decoded already.
        parser = _LOCAL.parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, encoding="utf-8")
        # Every element as a plain HtmlElement, chosen in C.  lxml.html's own
        # lookup (FormElement, InputElement...) is a Python call each time an
        # element is touched: 10-15% of trafilatura's time here, and nothing
        # here or in trafilatura/htmldate uses the form classes.
        parser.set_element_class_lookup(etree.ElementDefaultClassLookup(element=HtmlElement))
    return parser


_NEVER_TEXT = ("script", "style", "noscript", "svg", "template", "iframe", "object", "embed", "canvas")
# The Wayback Machine's toolbar on archived pages: never article text, and
# htmldate would take it off its copy of the page (see marsad.extract.pagedate).
_ARCHIVE_BANNER_ID = "wm-ipp"
_ARCHIVE_BANNER = etree.XPath('//div[@id="wm-ipp-base" or @id="wm-ipp"]')


def parse_html(html: str) -> HtmlElement | None:
    """The page's tree, or None when there is no markup to speak of."""
    return _parse(html)[0]


def _parse(html: str) -> tuple[HtmlElement | None, list[str]]:
    """The page's tree and the text of its JSON-LD scripts (which the tree
    loses with every other script)."""
    # An XML declaration names the encoding of bytes decoded already.
    declaration = _XML_DECLARATION.match(html)
    if declaration:
        html = html[declaration.end() :]
    if any(c in html for c in _CONTROL_CHARS):
        html = _CONTROL.sub("", html)
    if not html or html.isspace():
        return None, []
    try:
        # As UTF-8 bytes: libxml2 reads them in two thirds of the time it takes
        # over a Python str (DAnIEL pages: 2.1 ms against 2.7), to the same
        # tree.  A lone surrogate (no text of any page) cannot be encoded.
        tree = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=_parser())
    except (etree.ParserError, ValueError):  # "Document is empty": only comments or blanks
        return None, []
    json_ld = [s.text for s in tree.iter("script") if s.text and s.get("type") == "application/ld+json"]
    # Never article text, and every later pass (htmldate, trafilatura's
    # copies and XPaths, the density scan) would walk them again.
    etree.strip_elements(tree, *_NEVER_TEXT, with_tail=False)
    if _ARCHIVE_BANNER_ID in html:  # a substring search costs less than the XPath
        for banner in _ARCHIVE_BANNER(tree):
            banner.getparent().remove(banner)  # with its tail, as htmldate does
    return tree, json_ld


def _text(value: str | None) -> str:
    return " ".join(value.split()) if value else ""


# --- metadata ------------------------------------------------------------------

_ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                  "opinionnewsarticle", "webpage", "report", "liveblogposting"}
# "Headline | Site", "Headline - Site", "Site :: Headline"
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||::|[-–—•»«/:])\s+")
_BYLINE_PREFIX = re.compile(r"^(?:by|from|автор|от|بقلم|كتب|كتبت)\s*:?\s+", re.I)
# From the attributes up, not from every element down: libxml2 tests the
# predicate of ``//*[...]`` on each element (~1.3 ms a page on the benchmark
# pages), and finds the same elements, in the same order, from the few
# rel/itemprop attributes in a third of that.
_AUTHOR_XPATH = etree.XPath(
    '(//@rel[.="author"] | //@itemprop[.="author"])/parent::*[not(self::link) and not(self::meta)]'
)


class PageMetadata(NamedTuple):
    title: str | None
    author: str | None
    sitename: str | None
    published: str | None  # 'YYYY-MM-DD' from a publication-date field; None if none


def page_metadata(tree: HtmlElement, json_ld: Iterable[str] = ()) -> PageMetadata:
    """Title, author, site name and publication date from the head (reads
    only).  ``json_ld``: the page's JSON-LD scripts, which :func:`parse_html`
    strips from the tree (see :func:`_parse`)."""
    meta = _meta_tags(tree)
    ld = _json_ld_article(json_ld)
    page_title = _text(tree.findtext(".//title"))
    title = meta.get("og:title") or meta.get("twitter:title") or _ld_str(ld.get("headline"))
    if not title:
        h1 = tree.find(".//h1")
        title = _text(h1.text_content()) if h1 is not None else ""
        if not title or len(title) > 300:
            title = _headline_part(page_title)
    sitename = (
        meta.get("og:site_name")
        or _ld_name(ld.get("publisher"))
        or meta.get("application-name")
        or _site_part(page_title, title)
    )
    if title and sitename:
        title = _without_site(title, sitename)
    author = _ld_name(ld.get("author")) or meta.get("author") or meta.get("article:author")
    if author and author.startswith(("http://", "https://")):
        author = None  # a profile link (article:author on Facebook pages)
    if not author:
        for elem in _AUTHOR_XPATH(tree):
            candidate = _text(elem.text_content())
            if 2 < len(candidate) < 80:
                author = candidate
                break
    if author:
        author = _BYLINE_PREFIX.sub("", author).strip() or None
    return PageMetadata(title or None, author or None, sitename or None, _published(meta, ld))


# Fields that hold the publication date, most trusted first: JSON-LD's
# ``datePublished`` (in ``_published``), then these <meta> names/properties
# (OpenGraph, schema.org itemprop, Dublin Core, publishers' own; htmldate
# reads the same ones, among others).
PUBLISHED_META = (
    "article:published_time", "og:published_time", "og:article:published_time", "datepublished",
    "article:published", "article.published", "pubdate", "publishdate", "publish_date", "publish-date",
    "published_time", "published_date", "date_published", "parsely-pub-date", "sailthru.date",
    "citation_publication_date", "citation_date", "dc.date.issued", "dcterms.issued", "dc.date",
    "dcterms.date", "dc.date.created", "dcterms.created", "date",
)
# An ISO 8601 date at the start of the field ("2024-03-14", "2024-03-14T09:30:00+03:00");
# anything else ("Thu, 14 Mar 2024") is left to htmldate.
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?![\d])")
_URL_DATE = re.compile(r"\D\d{4}[/_-]\d{1,2}[/_-]\d{1,2}(?:\D|$)")  # htmldate's "/2024/03/14/"
_EARLIEST = dt.date(1995, 1, 1)  # htmldate's bounds: no news site before, none from the future


def _published(meta: dict[str, str], ld: dict[str, Any]) -> str | None:
    for value in (_ld_str(ld.get("datePublished")), *(meta.get(key) for key in PUBLISHED_META)):
        found = _ISO_DATE.match(value) if value else None
        if found is None:
            continue
        try:
            day = dt.date(*map(int, found.groups()))
        except ValueError:
            continue
        if _EARLIEST <= day <= dt.date.today():
            return day.isoformat()
    return None


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for elem in tree.iter("meta"):
        key = (elem.get("property") or elem.get("name") or elem.get("itemprop") or "").strip().lower()
        value = _text(elem.get("content"))
        if key and value and key not in found:  # the first one wins, as browsers show it
            found[key] = value
    return found


def _json_ld_article(scripts: Iterable[str]) -> dict[str, Any]:
    """The first JSON-LD object typed as an article (or page)."""
    for script in scripts:
        try:
            data = json.loads(script)
        except ValueError:
            continue  # broken JSON-LD is common; the page is still fine
        for obj in _json_objects(data):
            kinds = obj.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
                return obj
    return {}


def _json_objects(data: Any) -> Iterator[dict[str, Any]]:
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            yield item
            if "@graph" in item:
                stack.append(item["@graph"])


def _ld_str(value: Any) -> str:
    return _text(value) if isinstance(value, str) else ""


def _ld_name(value: Any) -> str:
    """A JSON-LD person or organization: a string, {"name": ...} or a list."""
    if isinstance(value, list):
        names = [n for n in (_ld_name(v) for v in value) if n]
        return ", ".join(names)
    if isinstance(value, dict):
        return _ld_str(value.get("name"))
    return _ld_str(value)


def _headline_part(page_title: str) -> str:
    parts = _TITLE_SEPARATOR.split(page_title)
    return max(parts, key=len) if parts else ""


def _site_part(page_title: str, title: str) -> str:
    """The site's name in "Headline | Site" — the shorter end that is not the headline."""
    parts = _TITLE_SEPARATOR.split(page_title)
    if len(parts) < 2:
        return ""
    ends = [p for p in (parts[-1], parts[0]) if p and p != title and title not in p]
    ends = [p for p in ends if len(p) <= 40]
    return min(ends, key=len) if ends else ""


def _without_site(title: str, sitename: str) -> str:
    """"Headline | Site" -> "Headline" (OpenGraph titles often keep the site)."""
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) > 1:
        site = sitename.casefold()
        if parts[-1].casefold() == site:
            return title[: title.rfind(parts[-1])].rstrip(" |:-–—•»«/")
        if parts[0].casefold() == site:
            return title[len(parts[0]) :].lstrip(" |:-–—•»«/")
    return title


# Languages htmldate's dateparser fallback tries: the page's own language and
# English (news pages carry English dates in their markup), or, when the
# language is unknown, ours and the languages whose month names news pages in
# ours often carry.  Left to itself it tries every language dateparser knows
# (seconds to load, ~35 ms a page); each language dateparser checks costs.
DATEPARSER_LANGUAGES = ["ar", "ru", "en", "uk", "fr", "de", "es", "tr", "fa"]


@lru_cache(maxsize=16)
def _dateparser_for(languages: tuple[str, ...]) -> Any:
    from dateparser import DateDataParser

    return DateDataParser(
        languages=list(languages),
        settings={
            "NORMALIZE": True,
            "PARSERS": ["custom-formats", "absolute-time"],
            "PREFER_DATES_FROM": "past",
            "PREFER_LOCALE_DATE_ORDER": True,
            "RETURN_AS_TIMEZONE_AWARE": False,
            "STRICT_PARSING": True,
        },
    )


def warm_date_parsers(languages: Iterable[str] = ("ar", "ru", "en")) -> None:
    """Load dateparser's data for the languages htmldate's fallback asks it
    about (a third of a second for Russian), which it otherwise loads on the
    first page that needs it.  For long runs and benchmarks: start-up paid
    up front, so the pages that follow are timed for their own work."""
    for lang in languages:
        _dateparser_for(_languages_for(lang)).get_date_data("1 x 2")  # no date: every language tried, so loaded


def _languages_for(lang: str | None) -> tuple[str, ...]:
    """The languages dateparser tries on a page in ``lang``."""
    if lang in DATEPARSER_LANGUAGES:
        return tuple(dict.fromkeys([lang, "en"]))
    return tuple(DATEPARSER_LANGUAGES)


class _ScannerFirst:
    """What htmldate asks of its dateparser (``get_date_data``), answered by
    Marsad's own date scanner when it finds a date, and by dateparser when it
    finds none.  The scanner knows the ar/ru/en forms and costs a tenth of
    dateparser's ~4 ms a string; a date it finds without a year is no answer,
    as in dateparser's strict mode."""

    __slots__ = ("lang", "fallback")

    def __init__(self, lang: str | None, fallback: Any) -> None:
        self.lang, self.fallback = lang, fallback

    def get_date_data(self, text: str) -> dict[str, Any]:
        from ..dates import find_dates

        found = find_dates(text, self.lang)
        if found and found[0].has_year and found[0].calendar == "gregorian":
            value = found[0].value
            if not isinstance(value, dt.datetime):
                value = dt.datetime(value.year, value.month, value.day)
            return {"date_obj": value.replace(tzinfo=None)}
        if found:  # a day and month without a year (or a Hijri date): dateparser's strict mode refuses those too
            return {"date_obj": None}
        return self.fallback.get_date_data(text)


def _limit_htmldate_languages(lang: str | None) -> None:
    """Point htmldate's (module-level) dateparser at ``lang`` and English.

    htmldate builds one all-languages parser behind ``get_external_parser``;
    replacing that function is the only hook it offers.  Another htmldate
    without it is left as it is."""
    from htmldate import extractors

    if not hasattr(extractors, "get_external_parser"):
        return
    known = lang in DATEPARSER_LANGUAGES
    parser = _ScannerFirst(lang if known else None, _dateparser_for(_languages_for(lang)))
    extractors.get_external_parser = lambda: parser


def extensive_page_date(html: str, url: str | None = None, lang: str | None = None) -> str | None:
    """htmldate's extensive search alone, on the page's markup: for when
    nothing cheaper dated the article (see ``marsad.stages.dates``).
    ``lang`` (the article's language) narrows the month names tried.

    The page is usually the one :func:`extract_html` just read: its tree,
    left as parsed (no reader there changes it), is taken again instead of
    parsing anew.
    """
    last = getattr(_LOCAL, "last_page", None)
    tree = last[1] if last is not None and last[0] is html else parse_html(html)
    return None if tree is None else page_date(tree, url, fast=False, lang=lang)


def page_date(
    tree: HtmlElement, url: str | None, *, extensive: bool = True, fast: bool = True, lang: str | None = None
) -> str | None:
    """The publication date by htmldate: fast mode, then extensive search.

    htmldate's steps run on the tree itself, which they leave as it is (see
    :mod:`marsad.extract.pagedate`).  Both modes look at the URL and the
    page's metadata first; the extensive search (free-text date expressions,
    parsed with dateparser) only runs when the fast mode found nothing.  An
    extensive answer of January 1st is how htmldate fills in a bare year
    ("© 2011"), so it is not taken for a date.
    """
    if fast:
        found = markup_date(tree, url)
        if found or not extensive:
            return found
    _limit_htmldate_languages(lang)
    found = markup_date(tree, url, extensive=True)
    if found and found.endswith("-01-01"):
        return None
    return found


# --- trafilatura ---------------------------------------------------------------


def trafilatura_blocks(tree: HtmlElement, url: str | None) -> list[Block]:
    """trafilatura's main text as blocks (trafilatura copies the tree)."""
    from trafilatura import bare_extraction

    result = bare_extraction(
        tree,
        url=url,
        fast=True,  # no internal readability/justext: the vote plays that part
        favor_recall=True,  # the vote removes what does not belong
        include_comments=False,
        include_tables=True,
        with_metadata=False,  # page_metadata does it cheaper
    )
    body = getattr(result, "body", None)
    if body is None:
        return []
    blocks: list[Block] = []
    for elem in body:
        blocks.extend(_xml_blocks(elem))
    return blocks


# Levels above the density containers' parent that trafilatura reads when
# it votes.  Measured with the whole pipeline on both benchmarks, one or two
# levels give the same F1 as the whole page (ru precision +0.002: fewer
# headline lists to append) for a smaller tree to copy and search; two keep
# a margin for containers picked a level too deep.
_REGION_LEVELS = 2


def _region_page(tree: HtmlElement, containers: list[HtmlElement]) -> HtmlElement:
    """A page holding only the region around ``containers`` (a copy), or
    ``tree`` itself when that region is the whole body."""
    node = containers[0].getparent() if containers else None
    for _ in range(_REGION_LEVELS):
        if node is None or node.tag in ("body", "html"):
            return tree
        node = node.getparent()
    if node is None or node.tag in ("body", "html"):
        return tree
    page = _parser().makeelement("html")
    body = etree.SubElement(page, "body")
    region = deepcopy(node)
    region.tail = None
    body.append(region)
    return page


# Block-level tags of trafilatura's output XML; everything else (hi, ref,
# del, lb...) is inline.
_XML_BLOCK_TAGS = frozenset({"p", "head", "list", "item", "table", "row", "cell", "quote", "code", "div"})


def _xml_blocks(elem: etree._Element) -> Iterator[Block]:
    """Blocks of one element of trafilatura's output, in reading order.

    Layout tables come out of trafilatura as ``table/row/cell`` holding whole
    paragraphs: those cells are read as containers.  A data table's row with
    only inline text in its cells is one paragraph.
    """
    tag = elem.tag
    if tag == "graphic":
        return
    if tag == "head":
        text = _text("".join(elem.itertext()))
        if text:
            yield ("heading", text)
    elif tag == "row" and not any(c.tag in _XML_BLOCK_TAGS for cell in elem for c in cell):
        text = _text(" ".join("".join(cell.itertext()) for cell in elem))
        if text:
            yield ("paragraph", text)
    else:
        yield from _flow(elem)


def _flow(elem: etree._Element) -> Iterator[Block]:
    """Paragraphs of ``elem``: loose text split at ``<lb/>`` and around block
    children, which give their own blocks."""
    run: list[str] = []

    def flush() -> Iterator[Block]:
        text = _text("".join(run))
        run.clear()
        if text:
            yield ("paragraph", text)

    def walk(node: etree._Element) -> Iterator[Block]:
        run.append(node.text or "")
        for child in node:
            if child.tag == "lb":
                yield from flush()
            elif child.tag in _XML_BLOCK_TAGS:
                yield from flush()
                yield from _xml_blocks(child)
            elif child.tag != "graphic":
                yield from walk(child)
            run.append(child.tail or "")

    yield from walk(elem)
    yield from flush()


# --- the vote ------------------------------------------------------------------

_WORD = re.compile(r"\w+")
_SUPPORT = 0.5  # share of a block's word 4-grams found in the other text
_MAX_GAP = 3  # unsupported blocks kept between two supported ones
_AGREEMENT = 0.5  # kept text below this share of the shorter output: they disagree


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < 4:
        return {tuple(words)} if words else set()
    return set(zip(words, words[1:], words[2:], words[3:]))


def vote(primary: list[Block], secondary: list[Block]) -> tuple[list[Block], str]:
    """trafilatura's blocks that the density text supports.

    Kept: blocks whose word 4-grams are mostly in the density text, the few
    unsupported blocks between two kept ones (captions, quotes one side
    split differently), and prose paragraphs running on from the first and
    last kept block (the density container is sometimes too narrow; headline
    lists and link rows are not prose, so the run stops there).  When the two
    picked different regions of the page, the one with more prose wins.
    Returns the blocks and what produced them.
    """
    if not secondary:
        return primary, "trafilatura"
    if not primary:
        return secondary, "density"
    support_set = set().union(*(_shingles(text) for _, text in secondary))
    keep = []
    for _, text in primary:
        own = _shingles(text)
        keep.append(bool(own) and len(own & support_set) >= _SUPPORT * len(own))
    hits = [i for i, ok in enumerate(keep) if ok]
    for start, end in zip(hits, hits[1:]):
        if end - start - 1 <= _MAX_GAP:
            keep[start:end] = [True] * (end - start)
    if hits:
        for run in (range(hits[-1] + 1, len(primary)), range(hits[0] - 1, -1, -1)):
            for i in run:
                if not _is_prose(primary[i]):
                    break
                keep[i] = True
    kept = [b for b, ok in zip(primary, keep) if ok]
    if _chars(kept) >= _AGREEMENT * min(_chars(primary), _chars(secondary)):
        return kept, "vote"
    if _prose_chars(secondary) > _prose_chars(primary):
        return secondary, "density"
    return primary, "trafilatura"


# When the density text is mostly prose, trafilatura has little to add: in
# the vote it removes the short lines (captions, share rows, headline lists)
# that a container holds besides its paragraphs, and here there are few.
# Measured with the whole pipeline on both benchmarks: at 10% / 2 lines the
# gate let through a third of the English pages and 45% of the Russian ones;
# at 25% / 5 lines half and three quarters, for F1 -0.001 (en) and -0.004
# (ru); at 50% / 12 lines English F1 fell by 0.008.
_CLEAN_MIN_CHARS = 500  # shorter texts: too little to judge the container by
_CLEAN_MAX_OTHER_SHARE = 0.25  # of the characters, in headings and non-prose lines
_CLEAN_MAX_OTHER_LINES = 5  # non-prose paragraphs


def is_clean_prose(blocks: list[Block]) -> bool:
    """Whether ``blocks`` are long enough and mostly prose paragraphs."""
    total = _chars(blocks)
    if total < _CLEAN_MIN_CHARS:
        return False
    other = [block for block in blocks if not _is_prose(block)]
    other_lines = sum(1 for kind, _ in other if kind == "paragraph")
    return other_lines <= _CLEAN_MAX_OTHER_LINES and _chars(other) <= _CLEAN_MAX_OTHER_SHARE * total


def _chars(blocks: list[Block]) -> int:
    return sum(len(text) for _, text in blocks)


def _is_prose(block: Block) -> bool:
    """A paragraph-sized block that ends like a sentence and is no legal notice."""
    kind, text = block
    return (
        kind == "paragraph"
        and len(text) >= 80
        and bool(SENTENCE_END.search(text))
        and not LEGAL_NOTICE.search(text.lower())
    )


def _prose_chars(blocks: list[Block]) -> int:
    return sum(len(block[1]) for block in blocks if _is_prose(block))


# --- boilerplate lines ---------------------------------------------------------

# Lines that are never article text, whichever extractor let them through.
# Whole-line patterns per language; kept as data so they are easy to review.
BOILERPLATE_LINES: dict[str, tuple[str, ...]] = {
    "en": (
        r"(?:read|see) (?:more|also)\b.{0,80}",
        r"share (?:this|on)\b.{0,40}",
        r"(?:follow|like) us on\b.{0,60}",
        r"sign up for\b.{0,80}newsletter.{0,40}",
        r"(?:all rights reserved|copyright)\b.{0,80}",
        r"(?:advertisement|advertising|sponsored)",
        r"click here\b.{0,60}",
    ),
    "ru": (
        r"(?:читайте|смотрите) (?:также|еще|ещё)\b.{0,80}",
        r"подписывайтесь\b.{0,80}",
        r"поделиться\b.{0,40}",
        r"(?:все права защищены|при (?:полном или частичном )?(?:копировании|использовании)\b).{0,120}",
        r"реклама",
    ),
    "ar": (
        r"(?:اقرأ|إقرأ) (?:أيضا|أيضاً|المزيد)\b.{0,80}",
        r"(?:شارك|مشاركة)(?: على| عبر)?\b.{0,40}",
        r"تابعونا\b.{0,60}",
        r"جميع الحقوق محفوظة\b.{0,80}",
        r"إعلان",
    ),
}
_COPYRIGHT_SIGN = r"©.{0,80}"
_BOILERPLATE = re.compile(
    r"^\W*(?:" + "|".join([_COPYRIGHT_SIGN, *(p for ps in BOILERPLATE_LINES.values() for p in ps)]) + r")\W*$",
    re.IGNORECASE,
)


def drop_boilerplate(blocks: list[Block]) -> list[Block]:
    """Blocks without share buttons, "read more" links, copyright lines."""
    return [b for b in blocks if len(b[1]) > 200 or not _BOILERPLATE.match(b[1])]
