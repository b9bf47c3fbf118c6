"""RSS and Atom feeds: one document per item, read from the item's page.

:func:`feed_items` parses a feed (with feedparser) into :class:`FeedItem`\\ s:
links resolved against the feed's URL (or its ``xml:base``, or the channel's
own link), duplicates of a link dropped, dates kept with their UTC offset.
``marsad watch`` reuses it on what it polls.

:func:`feed_documents` fetches each item's page through :mod:`marsad.fetch`
(same limits, same injectable client) and yields it as a page document; the
item's title, summary and date ride along as hints (``feed_title``,
``feed_summary``, and ``record_date``, which the dates stage reads after the
page's own metadata).  When the page cannot be fetched, the item becomes a
record document built from the feed's own content (``content:encoded`` when
there is one, else the summary); an item with no text either is rejected
with the fetch's reason, naming the item's URL.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import re
import time
import xml.sax
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator
from urllib.parse import urldefrag, urljoin

import httpx

from ..doc import Document, Source
from ..errors import FetchError, InputError
from ..fetch import DEFAULT_MAX_BYTES, fetch, make_client

__all__ = ["FeedItem", "FEED_TYPES", "feed_items", "feed_documents", "looks_like_feed", "read_feed"]

INSTALL_HINT = "reading feeds needs feedparser: pip install feedparser"
# Media types that say "feed"; text/xml and application/xml may be one too.
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
XML_TYPES = ("text/xml", "application/xml")
SNIFF_BYTES = 4096

# The root element of RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom, after any
# XML declaration, comments, doctype or processing instructions.
_ROOT = re.compile(rb"<(?:[\w.-]+:)?(rss|feed|RDF)\b")
_PROLOG = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*", re.S)
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article", "pre")


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One item of a feed, as the feed tells it.

    ``summary`` and ``content`` are as the feed gives them (HTML, sanitized
    by feedparser, or plain text); ``content`` is ``content:encoded`` or
    Atom's ``<content>``.  ``published`` is aware (UTC when the feed gives
    no offset); the item's updated date when it has no published date.
    """

    link: str | None
    title: str | None
    published: dt.datetime | None
    summary: str | None
    content: str | None
    guid: str | None


def looks_like_feed(data: bytes) -> bool:
    """Whether ``data`` begins like an RSS, RDF or Atom document (a cheap
    look at the root element, before parsing; UTF-8 or ASCII-compatible)."""
    head = data[:SNIFF_BYTES]
    prolog = _PROLOG.match(head)
    match = _ROOT.match(head, prolog.end() if prolog else 0)
    return match is not None


def feed_items(data: bytes, base_url: str | None) -> list[FeedItem]:
    """The items of the feed ``data`` (fetched from ``base_url``, when known),
    one per link; raises :class:`~marsad.errors.InputError` when ``data`` is
    not an RSS or Atom feed or feedparser is not installed."""
    items = _parse(data, base_url)
    if items is None:
        raise InputError("not an RSS or Atom feed")
    return items


def _parse(data: bytes, base_url: str | None, content_type: str | None = None) -> list[FeedItem] | None:
    """The feed's items, or None when ``data`` is not a feed."""
    if not looks_like_feed(data):
        return None
    try:
        import feedparser
    except ImportError:
        raise InputError(INSTALL_HINT) from None
    headers = {"content-location": base_url} if base_url else {}
    if content_type:
        headers["content-type"] = content_type
    # A stream, never bytes or str: feedparser opens a str that names a URL
    # or a file.
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    broken = isinstance(parsed.get("bozo_exception"), xml.sax.SAXException)
    if not parsed.get("version") or (broken and not parsed.entries):
        return None  # not a feed, or markup too broken to hold any item
    base = base_url or parsed.feed.get("link") or None
    items: list[FeedItem] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        item = _item(entry, base)
        key = item.link or item.guid
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        items.append(item)
    return items


def _item(entry: Any, base: str | None) -> FeedItem:
    link = entry.get("link") or None
    if link:
        link = urldefrag(urljoin(base, link) if base else link).url or None
    content = None
    for part in entry.get("content") or ():
        if (part.get("value") or "").strip():
            content = part["value"]
            break
    return FeedItem(
        link=link,
        title=_text_or_none(entry.get("title")),
        published=_date(entry, "published") or _date(entry, "updated"),
        summary=entry.get("summary") or None,
        content=content,
        guid=entry.get("id") or None,
    )


def _date(entry: Any, field: str) -> dt.datetime | None:
    """The entry's date with its own UTC offset (feedparser's parsed form
    is in UTC, which can move an evening story to the next day)."""
    raw = entry.get(field)
    if isinstance(raw, str) and raw.strip():
        value: dt.datetime | None = None
        try:
            value = dt.datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
        except ValueError:
            try:
                value = email.utils.parsedate_to_datetime(raw.strip())
            except (TypeError, ValueError, IndexError):
                value = None
        if value is not None:
            return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    parsed = entry.get(f"{field}_parsed")
    if isinstance(parsed, time.struct_time):
        return dt.datetime(*parsed[:6], tzinfo=dt.timezone.utc)
    return None


def feed_documents(
    items: Iterable[FeedItem],
    name: str | None = None,
    *,
    client: httpx.Client | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetched: dt.datetime | None = None,
) -> Iterator[Document]:
    """A document per item: its page, or the feed's own text when the page
    cannot be fetched.  ``name`` is the feed file (documents are
    ``name#INDEX``), None for a feed fetched from a URL; ``fetched`` is when
    the feed was read, the fetch date of documents built from it."""
    own_client = client is None
    client = client or make_client()
    try:
        for index, item in enumerate(items):
            where = f"{name}#{index}" if name else None
            if not item.link:
                yield _from_feed(item, where, fetched, "the item has no link")
                continue
            try:
                page = fetch(item.link, client, max_bytes=max_bytes)
            except FetchError as exc:
                yield _from_feed(item, where, fetched, f"the page could not be fetched ({exc.message})", exc.reason)
                continue
            yield _page_document(page, item, where)
    finally:
        if own_client:
            client.close()


def _page_document(page: Any, item: FeedItem, where: str | None) -> Document:
    from . import kind_from_type  # the package imports this module lazily

    doc = Document(source=Source(path=where, url=page.final_url, fetched=page.fetched))
    doc.raw = page.body
    doc.source.content_type = page.content_type
    doc.source.declared_encoding = page.charset
    doc.kind = kind_from_type(page.content_type)
    if item.title:
        doc.hints["feed_title"] = item.title
    summary = plain_text(item.summary or "")
    if summary:
        doc.hints["feed_summary"] = summary
    if item.published is not None:
        doc.hints["record_date"] = item.published.isoformat()
    return doc


def _from_feed(
    item: FeedItem, where: str | None, fetched: dt.datetime | None, why: str, reason: str = "no-article-text"
) -> Document:
    """A record document from the feed's own text, or a rejection saying why
    there is none."""
    doc = Document(source=Source(path=where, url=item.link, fetched=fetched))
    text = plain_text(item.content or "") or plain_text(item.summary or "")
    if not text:
        named = f"{item.link}: " if where and item.link else ""  # else the document's name is the link
        return doc.reject("read", reason, f"{named}{why}, and the feed item has no text")
    doc.kind = "record"
    # Field names as records.FIELDS reads them; "page_error" says why the
    # page is missing (a later run may fetch it).
    doc.record = {"url": item.link, "title": item.title, "text": text, "guid": item.guid, "page_error": why}
    if item.published is not None:
        doc.record["date"] = item.published.isoformat()
    return doc


def plain_text(value: str) -> str:
    """A feed's HTML (or plain) text as lines of plain text, one per block."""
    if "<" not in value:
        return "\n".join(" ".join(line.split()) for line in value.splitlines() if line.strip())
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(value, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for element in root.iter("br", *_BLOCKS):
        element.tail = "\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
    return "\n".join(" ".join(line.split()) for line in root.text_content().splitlines() if line.strip())


def _text_or_none(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def read_feed(
    url_or_path: str | Path,
    client: httpx.Client | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document]:
    """The documents of one feed, given by URL or file; anything else (a
    page, a file that is not a feed) is one rejected document."""
    from . import MAX_EXPORT_BYTES, is_url, printable

    if isinstance(url_or_path, str) and is_url(url_or_path):
        try:
            feed = fetch(url_or_path, client, max_bytes=max_bytes)
        except FetchError as exc:
            yield Document(source=Source(url=url_or_path)).reject("read", exc.reason, exc.message)
            return
        yield from read_feed_bytes(
            feed.body, None, base_url=feed.final_url, content_type=feed.content_type,
            client=client, max_bytes=max_bytes, fetched=feed.fetched, url=feed.final_url,
        )
        return
    path = Path(url_or_path)
    name = printable(str(path))
    try:
        if path.stat().st_size > MAX_EXPORT_BYTES:
            yield Document(source=Source(path=name)).reject(
                "read", "too-large", f"{path.stat().st_size:,} bytes is over the {MAX_EXPORT_BYTES:,}-byte limit"
            )
            return
        data = path.read_bytes()
        mtime = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc)
    except FileNotFoundError:
        yield Document(source=Source(path=name)).reject("read", "not-found", "no such file or folder")
        return
    except OSError as exc:
        yield Document(source=Source(path=name)).reject("read", "unreadable", exc.strerror or str(exc))
        return
    yield from read_feed_bytes(data, name, client=client, max_bytes=max_bytes, fetched=mtime)


def read_feed_bytes(
    data: bytes,
    name: str | None,
    *,
    base_url: str | None = None,
    content_type: str | None = None,
    client: httpx.Client | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetched: dt.datetime | None = None,
    url: str | None = None,
) -> Iterator[Document]:
    """The documents of the feed ``data`` (a file ``name``, or fetched from
    ``url``), or one rejection when it is not a feed."""
    where = Source(path=name, url=url)
    try:
        items = _parse(data, base_url, content_type)
    except InputError as exc:  # feedparser missing
        yield Document(source=where).reject("read", "unsupported", str(exc))
        return
    if items is None:
        yield Document(source=where).reject("read", "invalid-feed", "not an RSS or Atom feed")
        return
    if not items:
        yield Document(source=where).reject("read", "empty", "the feed holds no items")
        return
    yield from feed_documents(items, name, client=client, max_bytes=max_bytes, fetched=fetched)


# For ``marsad watch``, which fetches item pages itself (robots.txt, politeness).
page_document = _page_document
feed_item_document = _from_feed
