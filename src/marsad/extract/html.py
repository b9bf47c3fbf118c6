"""Main text and metadata out of an HTML news page.

Two extractors read the same parsed tree and a block-level vote combines them:

* **trafilatura** in fast recall mode (``fast=True, favor_recall=True``): rich
  rules for what belongs to an article, but on many pages (most often old
  Russian sites) it picks a wrong region or appends the neighbouring
  headline lists;
* a **density** extractor (below): readability's idea — score the containers
  of text-heavy paragraphs, take the best with its like siblings — cheap, and
  wrong in other places than trafilatura.

The density extractor runs first.  When its text is clean prose (long
sentence paragraphs, hardly a short line: see :func:`is_clean_prose`) it is
the answer and trafilatura, two thirds of the cost, does not run: a third of
the English benchmark pages and nearly half the Russian ones.  Otherwise the
vote keeps trafilatura's blocks that the density text supports (plus
the few unsupported blocks sandwiched between supported ones, and prose
paragraphs running on from either end); when the two disagree on the region
altogether, the one with more prose wins.
Measured with ``scripts/eval_extraction.py`` (scrapinghub English, DAnIEL
Russian) the vote beats either extractor alone and trafilatura's own
``favor_precision`` and default modes, and it costs less: the fast mode skips
trafilatura's internal readability/justext fallbacks, which the density
extractor replaces.

Metadata comes from the page head (OpenGraph, ``<meta>``, JSON-LD, ``<title>``)
and the date from htmldate, first in its fast mode and, when that finds
nothing, in its extensive mode (its dateparser fallback is the slowest part
of extraction, so it only runs when needed).

The page is parsed once.  htmldate and trafilatura copy the tree they are
given; the density extractor prunes the tree it reads, so it gets a copy.
"""

from __future__ import annotations

import json
import re
from copy import deepcopy
from functools import lru_cache
import threading
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

Block = tuple[str, str]  # (kind, text): kind is "heading" or "paragraph"

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
    tree = parse_html(html)
    if tree is None:
        return HtmlArticle([], None, None, None, None, "none")
    if mode != "density":  # the tree stays as parsed: see extensive_page_date
        _LOCAL.last_page = (html, tree)
    title, author, sitename = page_metadata(tree)
    date = page_date(tree, url, extensive=extensive_date)
    if mode == "trafilatura":
        blocks, how = trafilatura_blocks(tree, url), mode
    elif mode == "density":
        blocks, how = density_blocks(tree), mode
    else:
        # The density extractor first, on a copy (it prunes the tree it reads);
        # trafilatura, the slow half, only when the density text needs a vote.
        secondary = density_blocks(deepcopy(tree))
        if is_clean_prose(drop_boilerplate(secondary)):
            blocks, how = secondary, "density"
        else:
            blocks, how = vote(trafilatura_blocks(tree, url), secondary)
    blocks = drop_boilerplate(blocks)
    return HtmlArticle(blocks, title, author, sitename, date, how if blocks else "none")


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
        parser = _LOCAL.parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
        # Every element as a plain HtmlElement, chosen in C.  lxml.html's own
        # lookup (FormElement, InputElement...) is a Python call each time an
        # element is touched: 10-15% of trafilatura's time here, and nothing
        # here or in trafilatura/htmldate uses the form classes.
        parser.set_element_class_lookup(etree.ElementDefaultClassLookup(element=HtmlElement))
    return parser


_NEVER_TEXT = ("script", "style", "noscript", "svg", "template", "iframe", "object", "embed", "canvas")


def parse_html(html: str) -> HtmlElement | None:
    """The page's tree, or None when there is no markup to speak of."""
    # lxml refuses str input that declares an encoding; the text is decoded.
    declaration = _XML_DECLARATION.match(html)
    if declaration:
        html = html[declaration.end() :]
    if any(c in html for c in _CONTROL_CHARS):
        html = _CONTROL.sub("", html)
    if not html or html.isspace():
        return None
    try:
        tree = lxml.html.document_fromstring(html, parser=_parser())
    except (etree.ParserError, ValueError):  # "Document is empty": only comments or blanks
        return None
    # Never article text, and every later pass (htmldate, trafilatura's
    # copies and XPaths, the density scan) would walk them again.
    etree.strip_elements(tree, *_NEVER_TEXT, with_tail=False)
    return tree


def _text(value: str | None) -> str:
    return " ".join(value.split()) if value else ""


# --- metadata ------------------------------------------------------------------

_ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                  "opinionnewsarticle", "webpage", "report", "liveblogposting"}
# "Headline | Site", "Headline - Site", "Site :: Headline"
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||::|[-–—•»«/:])\s+")
_BYLINE_PREFIX = re.compile(r"^(?:by|from|автор|от|بقلم|كتب|كتبت)\s*:?\s+", re.I)
_AUTHOR_XPATH = etree.XPath(
    '//*[@rel="author" or @itemprop="author"][not(self::link) and not(self::meta)]'
)


def page_metadata(tree: HtmlElement) -> tuple[str | None, str | None, str | None]:
    """Title, author and site name from the head (reads only)."""
    meta = _meta_tags(tree)
    ld = _json_ld_article(tree)
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
    return title or None, author or None, sitename or None


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for elem in tree.iter("meta"):
        key = (elem.get("property") or elem.get("name") or elem.get("itemprop") or "").strip().lower()
        value = _text(elem.get("content"))
        if key and value and key not in found:  # the first one wins, as browsers show it
            found[key] = value
    return found


def _json_ld_article(tree: HtmlElement) -> dict[str, Any]:
    """The first JSON-LD object typed as an article (or page)."""
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
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


# Languages htmldate's dateparser fallback tries: ours, and the languages
# whose month names news pages in ours often carry.  Left to itself it tries
# every language dateparser knows (seconds to load, ~35 ms a page).
DATEPARSER_LANGUAGES = ["ar", "ru", "en", "uk", "fr", "de", "es", "tr", "fa"]


@lru_cache(maxsize=1)
def _limit_htmldate_languages() -> None:
    from htmldate import extractors

    if not hasattr(extractors, "get_external_parser"):  # another htmldate: leave it be
        return
    from dateparser import DateDataParser

    parser = DateDataParser(
        languages=DATEPARSER_LANGUAGES,
        settings={
            "NORMALIZE": True,
            "PARSERS": ["custom-formats", "absolute-time"],
            "PREFER_DATES_FROM": "past",
            "PREFER_LOCALE_DATE_ORDER": True,
            "RETURN_AS_TIMEZONE_AWARE": False,
            "STRICT_PARSING": True,
        },
    )
    extractors.get_external_parser = lambda: parser


def extensive_page_date(html: str, url: str | None = None) -> str | None:
    """htmldate's extensive search alone, on the page's markup: for when
    nothing cheaper dated the article (see ``marsad.stages.dates``).

    The page is usually the one :func:`extract_html` just read: its tree,
    left as parsed (every reader there but the density extractor copies,
    and that one gets a copy), is taken again instead of parsing anew.
    """
    last = getattr(_LOCAL, "last_page", None)
    tree = last[1] if last is not None and last[0] is html else parse_html(html)
    return None if tree is None else page_date(tree, url, fast=False)


def page_date(tree: HtmlElement, url: str | None, *, extensive: bool = True, fast: bool = True) -> str | None:
    """The publication date by htmldate: fast mode, then extensive search.

    htmldate copies the tree it is given.  Both modes look at the URL and the
    page's metadata first; the extensive search (free-text date expressions,
    parsed with dateparser over all its languages: a few seconds to load once,
    then ~25 ms a page on this project's Russian benchmark) only runs when
    the fast mode found nothing.  An extensive answer of January 1st is how
    htmldate fills in a bare year ("© 2011"), so it is not taken for a date.
    """
    from htmldate import find_date

    if fast:
        found = find_date(tree, extensive_search=False, original_date=True, url=url)
        if found or not extensive:
            return found
    _limit_htmldate_languages()
    found = find_date(tree, extensive_search=True, original_date=True, url=url)
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


# --- density extractor ---------------------------------------------------------

# Never article text.
_STRIP_TAGS = ("head", "script", "style", "noscript", "iframe", "svg", "template", "select", "button",
               "textarea", "input", "object", "embed", "canvas", "video", "audio", "map")
_BOILERPLATE_TAGS = ("nav", "aside", "footer")
# Class/id words, matched at the start of a word so "pageRow" is not "pager".
# From readability, plus share/social/cookie/breadcrumb.
_UNLIKELY = re.compile(
    r"(?:^| )(?:combx|comment|community|disqus|extra|foot|header|menu|remark|rss|shoutbox|sidebar|sponsor"
    r"|agegate|pagination|pager|popup|tweet|twitter|breadcrumb|cookie|share|social)"
)
# The same words anywhere in the lowercased name: a cheap first test that
# most names fail (case-insensitive patterns are several times slower).
_UNLIKELY_ANYWHERE = re.compile(_UNLIKELY.pattern.replace("(?:^| )", ""))
_MAYBE = re.compile(r"(?:^| )(?:and|article|body|column|main|shadow)")
_POSITIVE = re.compile(r"(?:^| )(?:article|body|content|entry|hentry|main|page|pagination|post|text|blog|story)")
_NEGATIVE = re.compile(
    r"(?:^| )(?:combx|comment|contact|foot|footer|footnote|masthead|media|meta|outbrain|promo|related"
    r"|scroll|shoutbox|sidebar|sponsor|shopping|tags|tool|widget)"
)
_WORDS_OF_NAME = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_ATTRIBUTED_XPATH = etree.XPath('.//*[@class or @id or @style or @hidden or @aria-hidden="true"]')

_BLOCK_TAGS = frozenset(
    "address article aside blockquote center dd details dialog dir div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre section table tbody td tfoot th thead tr ul"
    .split()
)
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_LEAF_BLOCKS = frozenset("p li dd dt pre figcaption blockquote td th address".split()) | _HEADINGS
# Elements whose own loose text (old sites: text and <br> straight in a div
# or a table cell) makes them paragraph holders themselves.
_LOOSE_TEXT_HOLDERS = ("div", "td", "section", "article", "font", "span", "center", "main", "blockquote")
_TAG_WEIGHT = {"div": 5, "article": 5, "main": 5, "section": 3, "pre": 3, "td": 3, "blockquote": 3,
               "ul": -3, "ol": -3, "dl": -3, "li": -3, "form": -3, "th": -5,
               "h1": -5, "h2": -5, "h3": -5, "h4": -5, "h5": -5, "h6": -5}
_ANCESTOR_SHARE = (1.0, 0.5, 1 / 6)  # a paragraph's score for its parent, grandparent, great-grandparent
_MIN_PARAGRAPH = 25  # characters; shorter text does not vote for its container
# Copyright and legal notices: prose that never belongs to the article.
LEGAL_NOTICE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("copyright", "all rights reserved"),
    "ru": ("все права", "авторские права", "правообладател"),
    "ar": ("جميع الحقوق", "حقوق النشر"),
}
_LEGAL_NOTICE = re.compile(  # searched in lowercased text
    "|".join(["©", *(re.escape(w) for ws in LEGAL_NOTICE_WORDS.values() for w in ws)])
)
_SENTENCE_END = re.compile(r"[.!?؟…»\"”]\s*$")


def density_blocks(tree: HtmlElement) -> list[Block]:
    """The best-scoring text container and its like siblings, as blocks.

    Prunes ``tree`` in place: call it after everything else that reads it.
    """
    body = tree.find("body")
    if body is None:
        return []
    _prune(tree, body)
    return _emit_blocks(_select(body))


def _name_words(elem: HtmlElement) -> str:
    """class and id split into lowercase words ("articleBody-x" -> "article body x")."""
    name = f"{elem.get('class') or ''} {elem.get('id') or ''}"
    return " ".join(_WORDS_OF_NAME.findall(name)).lower()


def _prune(tree: HtmlElement, body: HtmlElement) -> None:
    etree.strip_elements(tree, *_STRIP_TAGS, with_tail=False)
    doomed = list(body.iter(*_BOILERPLATE_TAGS))
    unlikely: dict[str, bool] = {}  # by class and id: pages repeat them ("menu-item" x 100)
    for elem in _ATTRIBUTED_XPATH(body):  # one pass over the elements worth judging
        name = f"{elem.get('class') or ''} {elem.get('id') or ''}"
        found = unlikely.get(name)
        if found is None:
            found = unlikely[name] = _is_unlikely_name(name)
        if found and elem.tag not in ("article", "main"):
            doomed.append(elem)
            continue
        style = elem.get("style")
        if elem.get("hidden") is not None or elem.get("aria-hidden") == "true" or (
            style and _HIDDEN_STYLE.search(style)
        ):
            doomed.append(elem)
    for elem in doomed:
        if elem.getparent() is not None:
            elem.drop_tree()


def _is_unlikely_name(name: str) -> bool:
    """Whether "class id" names a part that is never the article (menu, share...)."""
    if not _UNLIKELY_ANYWHERE.search(name.lower()):
        return False
    words = " ".join(_WORDS_OF_NAME.findall(name)).lower()
    return bool(_UNLIKELY.search(words)) and not _MAYBE.search(words)


def _loose_text(elem: HtmlElement) -> str:
    """Text of ``elem`` outside its block children."""
    parts = [elem.text or ""]
    for child in elem:
        if child.tag not in _BLOCK_TAGS:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return "".join(parts)


def _paragraph_score(text: str) -> float:
    if _LEGAL_NOTICE.search(text.lower()):
        return 0.0  # site footers are long, comma-rich prose: keep them from winning
    return 1 + text.count(",") + text.count("،") + min(len(text) // 100, 3)


def _raw_scores(body: HtmlElement) -> dict[HtmlElement, float]:
    scores: dict[HtmlElement, float] = {}
    for elem in body.iter("p", "pre", *_LOOSE_TEXT_HOLDERS):
        if elem.tag in ("p", "pre"):
            text, node = elem.text_content().strip(), elem.getparent()
        else:
            text, node = _loose_text(elem).strip(), elem
        if len(text) < _MIN_PARAGRAPH:
            continue
        points = _paragraph_score(text)
        for share in _ANCESTOR_SHARE:
            if node is None:
                break
            scores[node] = scores.get(node, 0.0) + points * share
            node = node.getparent()
    return scores


def _link_density(elem: HtmlElement, text_len: int | None = None) -> float:
    total = len(elem.text_content()) if text_len is None else text_len
    if not total:
        return 0.0
    return sum(len(a.text_content()) for a in elem.iter("a")) / total


def _final_score(elem: HtmlElement, raw: float) -> float:
    # class/id words may at most double what the text earned: a "content"
    # title box must not beat the article.
    words = _name_words(elem) if (elem.get("class") or elem.get("id")) else ""
    weight = (25 if _POSITIVE.search(words) else 0) - (25 if _NEGATIVE.search(words) else 0)
    score = raw + min(weight, raw) + _TAG_WEIGHT.get(elem.tag, 0)
    return score * (1 - _link_density(elem))


def _select(body: HtmlElement) -> list[HtmlElement]:
    raw = _raw_scores(body)
    if not raw:
        return []
    # Only the strongest raw scores can win (link density only lowers them).
    top = sorted(raw.items(), key=lambda kv: -kv[1])[:15]
    ranked = sorted(((_final_score(e, s), e) for e, s in top), key=lambda x: -x[0])
    best_score, best = ranked[0]
    best = _common_ancestor_of_peers(best, best_score, ranked[1:6])
    best = _widen_only_child(best)
    return _with_siblings(best, best_score, raw)


def _common_ancestor_of_peers(best: HtmlElement, score: float, others: list[tuple[float, HtmlElement]]) -> HtmlElement:
    """Articles split into several like-scored columns: take their ancestor."""
    peers = [e for s, e in others if s >= 0.75 * score]
    if len(peers) < 3:
        return best
    node = best.getparent()
    while node is not None and node.tag != "body":
        inside = sum(1 for p in peers if p is not node and any(a is node for a in p.iterancestors()))
        if inside >= 3:
            return node
        node = node.getparent()
    return best


def _widen_only_child(best: HtmlElement) -> HtmlElement:
    while True:
        parent = best.getparent()
        if parent is None or parent.tag in ("body", "html"):
            return best
        if sum(1 for c in parent if isinstance(c.tag, str)) != 1:
            return best
        best = parent


def _with_siblings(best: HtmlElement, best_score: float, raw: dict[HtmlElement, float]) -> list[HtmlElement]:
    parent = best.getparent()
    if parent is None:
        return [best]
    threshold = max(10.0, best_score * 0.2)
    chosen = []
    for sib in parent:
        if sib is best:
            chosen.append(sib)
        elif not isinstance(sib.tag, str):
            continue
        elif sib in raw and _final_score(sib, raw[sib]) >= threshold:
            chosen.append(sib)
        elif sib.tag == "p":
            text = sib.text_content().strip()
            density = _link_density(sib, len(text))
            if (len(text) > 80 and density < 0.25) or (
                0 < len(text) <= 80 and density == 0 and _SENTENCE_END.search(text)
            ):
                chosen.append(sib)
    return chosen


# Marks a <br> in the text of the chosen containers (U+2028, LINE SEPARATOR:
# a line break by definition, and whitespace to str.split).
_BREAK = "\u2028"


def _emit_blocks(containers: Iterable[HtmlElement]) -> list[Block]:
    found: list[tuple[HtmlElement, str, str]] = []
    for elem in containers:
        for br in elem.iter("br"):
            br.tail = _BREAK + (br.tail or "")
        _emit(elem, found)
    blocks = []
    for elem, kind, text in found:
        if elem.tag in _LEAF_BLOCKS and _link_density(elem) > 0.5:
            continue  # a list of headlines, a row of tags
        blocks.append((kind, text))
    return blocks


def _emit(elem: HtmlElement, out: list[tuple[HtmlElement, str, str]]) -> None:
    """Blocks of ``elem`` in document order: leaf blocks whole, loose text
    between block children as paragraphs; both split at ``<br>``."""
    if elem.tag in _LEAF_BLOCKS and not any(d.tag in _BLOCK_TAGS for d in elem.iterdescendants()):
        kind = "heading" if elem.tag in _HEADINGS else "paragraph"
        out.extend((elem, kind, line) for line in _lines(elem.text_content()))
        return
    run = [elem.text or ""]

    def flush() -> None:
        out.extend((elem, "paragraph", line) for line in _lines("".join(run)))
        run.clear()

    for child in elem:
        if child.tag in _BLOCK_TAGS:
            flush()
            _emit(child, out)
        elif isinstance(child.tag, str):
            run.append(child.text_content())
        run.append(child.tail or "")
    flush()


def _lines(text: str) -> Iterator[str]:
    return (line for line in map(_text, text.split(_BREAK)) if line)


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


# When the density text is prose through and through, trafilatura has nothing
# to add: in the vote it removes the short lines (captions, share rows,
# headline lists) that a container holds besides its paragraphs, and here
# there are (almost) none.  Measured on both benchmarks, the vote changes
# F1 by less than 0.005 on the pages this lets through (a third of the
# English pages, nearly half the Russian ones).
_CLEAN_MIN_CHARS = 500  # shorter texts: too little to judge the container by
_CLEAN_MAX_OTHER_SHARE = 0.1  # of the characters, in headings and non-prose lines
_CLEAN_MAX_OTHER_LINES = 2  # non-prose paragraphs


def is_clean_prose(blocks: list[Block]) -> bool:
    """Whether ``blocks`` are long enough and (nearly) all prose paragraphs."""
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
        and bool(_SENTENCE_END.search(text))
        and not _LEGAL_NOTICE.search(text.lower())
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
