"""Stage ``marsad.extract.v1``: the clean article out of a page, dump or record.

Dispatches on ``doc.kind``: HTML pages go through :mod:`marsad.extract.html`
(trafilatura and a readability-style density extractor, voting), plain-text dumps through
:mod:`marsad.extract.textdump`, JSON records are mapped field by field.
Evidence for later stages (date lines, credit lines, page dates) goes into
``doc.hints``.
"""

from __future__ import annotations

import re

from ..doc import Document, build_text
from ..normalize import match_key, strip_bidi
from ..pipeline import stage
from ..readers.records import pick

_LINES = re.compile(r"\s*\n\s*")
_TAGS = re.compile(r"<(p|div|br|span|a|h[1-6]|li|strong|em|b|i)\b[^>]*>", re.I)


@stage(
    "marsad.extract.v1",
    requires=("content", "kind"),
    assigns=("text", "title", "paragraphs", "headings", "publisher", "author", "hints"),
)
def extract(doc: Document) -> Document:
    """Main text, headline, sub-headings, publisher and byline."""
    if doc.kind == "record":
        return _from_record(doc)
    if doc.content is None:
        return doc.reject("extract", "empty", "nothing to extract from")
    if doc.kind == "html":
        return _from_html(doc, doc.content)
    return _from_dump(doc, doc.content)


def _from_html(doc: Document, html: str) -> Document:
    from ..extract.html import extract_html

    from ..extract.textdump import split_trailing_credits

    # The slow free-text date search waits until the dates stage needs it.
    page = extract_html(html, url=doc.source.url, extensive_date=False)
    dated = page_date_texts(html)
    # The headline and the page's date line are metadata, not body.
    meta_keys = {match_key(t) for t in dated}
    if page.title:
        meta_keys.add(match_key(page.title))
    blocks = _clean_blocks(page.blocks)
    while blocks and match_key(blocks[0][1]) in meta_keys:
        blocks = blocks[1:]
    blocks, credits, _nav = split_trailing_credits(blocks)
    doc.text, doc.paragraphs, doc.headings = build_text(blocks)
    if credits:
        doc.hints["credit_lines"] = credits
    doc.title = _clean(page.title)
    doc.author = _clean(page.author)
    doc.publisher = _clean(page.sitename)
    if page.date:
        doc.hints["html_date"] = page.date
    if dated:
        doc.hints["page_date_text"] = dated
    doc.hints["extractor"] = page.extractor
    return doc


# Elements whose class, id or itemprop says they hold the page's date
# ("<span class="date">الأربعاء ٢٠ نوفمبر ٢٠٢٤</span>", "<time>14 ноября</time>"):
# htmldate reads Latin-script dates; these texts go to the dates stage, which
# reads Arabic and Russian ones too.
_DATE_ELEMENT = re.compile(
    r"<(time|span|div|p|li|small|em|b)\b([^>]*)>([^<]{6,120})</\1>", re.I
)
_DATE_ATTR = re.compile(r"(date|time|publish|posted|created|تاريخ|дата)", re.I)
_DIGIT = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")
PAGE_DATE_SCAN = 300_000  # characters of markup scanned for date elements
PAGE_DATE_TEXTS = 3


_HEADLINE_START = re.compile(r"<h1\b|<article\b", re.I)


def page_date_texts(html: str) -> list[str]:
    """Short texts of elements marked as dates, those after the headline (or
    the ``<article>``) first: dates before it are mostly other stories'."""
    end = min(len(html), PAGE_DATE_SCAN)
    head = _HEADLINE_START.search(html, 0, end)
    start = head.start() if head else 0
    after: list[str] = []
    before: list[str] = []
    for m in _DATE_ELEMENT.finditer(html, 0, end):
        tag, attrs, text = m.groups()
        if (tag.lower() == "time" or _DATE_ATTR.search(attrs)) and _DIGIT.search(text):
            text = " ".join(text.split())
            bucket = after if m.start() >= start else before
            if text not in bucket:
                bucket.append(text)
            if len(after) == PAGE_DATE_TEXTS:
                break
    return (after + before)[:PAGE_DATE_TEXTS]


def _from_dump(doc: Document, text: str) -> Document:
    from ..extract.textdump import parse_dump

    dump = parse_dump(text)
    doc.text, doc.paragraphs, doc.headings = build_text(_clean_blocks(dump.blocks))
    doc.title = _clean(dump.title)
    doc.publisher = _clean(dump.publisher)
    doc.author = _clean(dump.byline)
    if dump.date_line:
        doc.hints["date_line"] = dump.date_line
    if dump.credit_lines:
        doc.hints["credit_lines"] = list(dump.credit_lines)
    doc.hints["extractor"] = "textdump"
    return doc


def _from_body(doc: Document, text: str) -> Document:
    """An export's article body: the title is elsewhere, so every line is
    body; only credit lines and navigation rows at the end are taken off."""
    from ..extract.textdump import split_trailing_credits

    lines = [("paragraph", line) for line in _LINES.split(text)]
    blocks, credits, _nav = split_trailing_credits(_clean_blocks(lines))
    doc.text, doc.paragraphs, doc.headings = build_text(blocks)
    if credits:
        doc.hints["credit_lines"] = credits
    return doc


def _from_record(doc: Document) -> Document:
    record = doc.record or {}
    text = pick(record, "text")
    html = pick(record, "html")
    if not isinstance(text, str) and isinstance(html, str):
        _from_html(doc, html)
    elif isinstance(text, str) and len(_TAGS.findall(text[:5000])) >= 3:
        _from_html(doc, text)  # an export that kept the markup
    elif isinstance(text, str):
        _from_body(doc, text)
    else:
        return doc.reject("extract", "no-article-text", "the record's text is not a string")
    title = pick(record, "title")
    if isinstance(title, str) and title.strip():
        doc.title = _clean(title)
    publisher = pick(record, "publisher")
    if isinstance(publisher, str) and publisher.strip():
        doc.publisher = _clean(publisher)
    author = pick(record, "author")
    if isinstance(author, list):
        author = ", ".join(a for a in author if isinstance(a, str))
    if isinstance(author, str) and author.strip():
        doc.author = _clean(author)
    date = pick(record, "date")
    if date is not None:
        doc.hints["record_date"] = str(date)
    doc.hints["extractor"] = "record"
    return doc


def _clean_blocks(blocks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(kind, " ".join(strip_bidi(text).split())) for kind, text in blocks]


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = " ".join(strip_bidi(value).split())
    return value or None
