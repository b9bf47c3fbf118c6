"""JSON and JSON Lines exports: one article per object.

Accepted field names (first present wins) are data in :data:`FIELDS`, so
exports from scrapers, Media Cloud-like tools and SaudiNewsNet all map onto
the same document.  SaudiNewsNet's ``date_extracted`` is a crawl date, so it
becomes the fetch date, not the publication date.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Iterable, Iterator

from ..doc import Document, Source

FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "articleBody", "maintext", "full_text"),
    "html": ("html", "raw_html", "page"),
    "title": ("title", "headline", "name"),
    "url": ("url", "link", "href", "source_url"),
    "date": ("date", "published", "published_at", "publishedAt", "publish_date", "pubDate", "date_publish", "datetime"),
    "fetched": ("date_extracted", "fetched", "fetched_at", "crawled", "date_download", "collected"),
    "publisher": ("source", "publisher", "site", "site_name", "sitename", "outlet", "media", "domain"),
    "author": ("author", "authors", "byline", "creator"),
}


def pick(record: dict[str, Any], field: str) -> Any:
    """The first usable value among the field's names: a non-blank string,
    a list of strings (joined), or an object's "name" (NewsAPI's source)."""
    for name in FIELDS[field]:
        value = _usable(record.get(name), numbers=field in ("date", "fetched"))
        if value is not None:
            return value
    return None


def _usable(value: Any, numbers: bool) -> Any:
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return "\n".join(value) if any(v.strip() for v in value) else None
    if isinstance(value, dict) and isinstance(value.get("name"), str) and value["name"].strip():
        return value["name"]
    if numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
        return value  # a Unix timestamp for a date
    return None


def _parse_fetched(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        value_dt = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    # Exports rarely say their zone; read naive times as UTC so every
    # fetch time compares with every other.
    return value_dt if value_dt.tzinfo else value_dt.replace(tzinfo=dt.timezone.utc)


def record_document(record: Any, name: str) -> Document:
    """One JSON value as a document (rejected when it is not an article)."""
    doc = Document(source=Source(path=name), kind="record")
    if not isinstance(record, dict):
        return doc.reject("read", "invalid-record", f"expected a JSON object, got {type(record).__name__}")
    doc.record = record
    url = pick(record, "url")
    if isinstance(url, str):
        doc.source.url = url
    doc.source.fetched = _parse_fetched(pick(record, "fetched"))
    if not isinstance(pick(record, "text"), str) and not isinstance(pick(record, "html"), str):
        return doc.reject("read", "no-article-text", "the record has no text, content or html field")
    return doc


def read_json(data: bytes, name: str) -> Iterator[Document]:
    """A JSON file: an array of articles, one article, or {"articles": [...]}."""
    try:
        value = json.loads(data)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, bad UTF-8, huge ints, deep nesting
        yield Document(source=Source(path=name)).reject("read", "invalid-json", f"not valid JSON: {_short(exc)}")
        return
    if isinstance(value, dict) and not _is_article(value):
        for key in ("articles", "items", "data", "results"):
            if isinstance(value.get(key), list):
                value = value[key]
                break
    if not isinstance(value, list):
        yield record_document(value, name)
        return
    if not value:
        yield Document(source=Source(path=name)).reject("read", "empty", "the JSON array holds no articles")
    for i, item in enumerate(value):
        yield record_document(item, f"{name}#{i}")


def _is_article(value: dict[str, Any]) -> bool:
    return pick(value, "text") is not None or pick(value, "html") is not None


def _short(exc: BaseException) -> str:
    return str(exc).split("\n")[0][:200] or type(exc).__name__


def read_jsonl(lines: Iterable[bytes], name: str) -> Iterator[Document]:
    """JSON Lines: one article per line; a bad line is rejected, the rest read."""
    seen = False
    for lineno, line in enumerate(lines, 1):
        line = line.strip()
        if not line:
            continue
        seen = True
        where = f"{name}:{lineno}"
        try:
            value = json.loads(line)
        except (ValueError, RecursionError) as exc:
            yield Document(source=Source(path=where)).reject(
                "read", "invalid-json", f"line {lineno} is not valid JSON ({_short(exc)})"
            )
            continue
        yield record_document(value, where)
    if not seen:
        yield Document(source=Source(path=name)).reject("read", "empty", "the JSON Lines file holds no records")
