"""``marsad watch``: poll feeds (or sites, through the feed they advertise)
and store each new item's article.

- Conditional requests: the feed's ETag and Last-Modified are kept in the
  archive (table ``watched``) and sent back; 304 Not Modified costs nothing.
- robots.txt is read once a day per host (urllib.robotparser) and obeyed for
  the feed and every page; its Crawl-delay, when longer, replaces ours.
  Per RFC 9309, a robots.txt that answers 4xx allows everything and one that
  cannot be read (5xx, timeout) disallows the host until it can.
- Politeness: at least ``delay`` seconds between two requests to one host.
- A source that fails (network, HTTP error, not a feed) is logged and
  retried with exponential backoff (1, 2, 4 … minutes, at most 6 hours); the
  others go on.  Items already stored (by URL) are not fetched again.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import time
import urllib.robotparser
from dataclasses import dataclass, field
from typing import Callable, Iterable, TextIO
from urllib.parse import urljoin, urlsplit

import httpx

from .errors import FetchError, InputError, MarsadError
from .fetch import fetch, make_client

__all__ = ["Watcher", "CycleStats", "parse_duration", "Robots", "Politeness"]

ROBOTS_TTL = dt.timedelta(hours=24)
ROBOTS_RETRY = dt.timedelta(hours=1)
MAX_BACKOFF = dt.timedelta(hours=6)
AGENT = "Marsad"
_FEED_LINK = re.compile(
    r"<link\b[^>]*?\btype\s*=\s*[\"']application/(?:rss|atom)\+xml[\"'][^>]*>", re.IGNORECASE
)
_HREF = re.compile(r"\bhref\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)


def parse_duration(text: str) -> float:
    """Seconds in "15m", "1h", "30s", "2h30m" or a bare number of seconds."""
    value = text.strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", value):
        return float(value)
    parts = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", value)
    if not value or parts is None or not any(parts.groups()):
        raise ValueError(f"not a duration: {text!r} (use e.g. 30s, 15m, 1h)")
    h, m, s = (int(g or 0) for g in parts.groups())
    return float(h * 3600 + m * 60 + s)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


class Politeness:
    """At least ``delay`` seconds between two requests to the same host."""

    def __init__(self, delay: float, *, monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.delay = delay
        self.host_delay: dict[str, float] = {}
        self._last: dict[str, float] = {}
        self._monotonic, self._sleep = monotonic, sleep

    def wait(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        gap = max(self.delay, self.host_delay.get(host, 0.0))
        last = self._last.get(host)
        if last is not None:
            left = last + gap - self._monotonic()
            if left > 0:
                self._sleep(left)
        self._last[host] = self._monotonic()


class Robots:
    """robots.txt per host, cached; fetched through the same client and politeness."""

    def __init__(self, client: httpx.Client, politeness: Politeness, *, now: Callable[[], dt.datetime] = _utc_now) -> None:
        self.client, self.politeness, self.now = client, politeness, now
        self._cache: dict[str, tuple[dt.datetime, urllib.robotparser.RobotFileParser | None]] = {}

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}".lower()
        cached = self._cache.get(host)
        if cached is None or cached[0] <= self.now():
            cached = self._cache[host] = self._load(host)
        parser = cached[1]
        return False if parser is None else parser.can_fetch(AGENT, url)

    def readable(self, url: str) -> bool:
        """False when the host's robots.txt could not be read (so nothing there is fetched)."""
        parts = urlsplit(url)
        cached = self._cache.get(f"{parts.scheme}://{parts.netloc}".lower())
        return cached is None or cached[1] is not None

    def _load(self, host: str) -> tuple[dt.datetime, urllib.robotparser.RobotFileParser | None]:
        url = host + "/robots.txt"
        parser = urllib.robotparser.RobotFileParser(url)
        self.politeness.wait(url)
        try:
            page = fetch(url, self.client, max_bytes=512 * 1024)
        except FetchError as exc:
            if exc.reason == "http-status" and re.search(r"HTTP 4\d\d", exc.message):
                parser.parse([])  # no robots.txt: everything is allowed
                return self.now() + ROBOTS_TTL, parser
            if exc.reason in ("bad-content-type", "too-large"):
                parser.parse([])
                return self.now() + ROBOTS_TTL, parser
            return self.now() + ROBOTS_RETRY, None  # unreachable: disallowed until it can be read
        parser.parse(page.body.decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay(AGENT)
        if delay:
            self.politeness.host_delay[urlsplit(host).netloc] = float(delay)
        return self.now() + ROBOTS_TTL, parser


@dataclass
class CycleStats:
    polled: int = 0
    not_modified: int = 0
    items: int = 0
    stored: int = 0
    known: int = 0  # items whose URL the archive already has
    disallowed: int = 0  # by robots.txt
    rejected: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        line = (f"{self.polled} sources polled ({self.not_modified} not modified): {self.items} items, "
                f"{self.stored} stored, {self.known} already stored, {self.rejected} rejected, "
                f"{self.disallowed} disallowed by robots.txt")
        if self.errors:
            line += f"; {len(self.errors)} sources failed"
        return line


class Watcher:
    """Polls ``sources`` (feed or site URLs) into ``store``."""

    def __init__(
        self,
        sources: Iterable[str],
        store,  # marsad.store.SQLiteStore
        *,
        client: httpx.Client | None = None,
        every: float = 900.0,
        delay: float = 5.0,
        max_items: int = 100,
        now: Callable[[], dt.datetime] = _utc_now,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        log: TextIO | None = None,
    ) -> None:
        self.sources = list(dict.fromkeys(sources))
        for url in self.sources:
            if urlsplit(url).scheme not in ("http", "https"):
                raise InputError(f"{url}: marsad watch polls http(s) feeds or sites")
        self.store = store
        self.client = client or make_client()
        self.every = every
        self.max_items = max_items
        self.now, self.sleep = now, sleep
        self.politeness = Politeness(delay, monotonic=monotonic, sleep=sleep)
        self.robots = Robots(self.client, self.politeness, now=now)
        self.log = log or sys.stderr
        db = store.db
        for url in self.sources:
            db.execute("INSERT OR IGNORE INTO watched(url) VALUES (?)", (url,))

    def _say(self, message: str) -> None:
        self.log.write(f"{_iso(self.now())} {message}\n")
        self.log.flush()

    def _get(self, url: str, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        if not self.robots.allowed(url):
            if not self.robots.readable(url):
                raise FetchError(url, "robots", "the host's robots.txt could not be read; nothing there is fetched until it can")
            raise FetchError(url, "robots", "robots.txt disallows it")
        self.politeness.wait(url)
        return fetch(url, self.client, headers=headers)

    def poll_once(self) -> CycleStats:
        """One pass over the sources that are due."""
        stats = CycleStats()
        for url in self.sources:
            row = self.store.db.execute(
                "SELECT feed_url, etag, last_modified, failures, next_poll FROM watched WHERE url = ?", (url,)
            ).fetchone()
            feed_url, etag, last_modified, failures, next_poll = row
            if next_poll and dt.datetime.fromisoformat(next_poll) > self.now():
                continue
            stats.polled += 1
            try:
                self._poll(url, feed_url, etag, last_modified, stats)
            except (MarsadError, httpx.HTTPError, OSError, ValueError) as exc:
                failures += 1
                wait = min(dt.timedelta(minutes=2 ** (failures - 1)), MAX_BACKOFF)
                message = exc.message if isinstance(exc, FetchError) else str(exc)
                stats.errors.append(f"{url}: {message}")
                self._say(f"{url}: {message}; retry in {int(wait.total_seconds() // 60)} min (failure {failures})")
                self.store.db.execute(
                    "UPDATE watched SET failures = ?, last_error = ?, last_poll = ?, next_poll = ? WHERE url = ?",
                    (failures, message, _iso(self.now()), _iso(self.now() + wait), url),
                )
        return stats

    def _poll(self, url: str, feed_url: str | None, etag: str | None, last_modified: str | None, stats: CycleStats) -> None:
        from .readers.feeds import feed_items, looks_like_feed

        db = self.store.db
        if feed_url is None:
            feed_url = self._discover(url)
            db.execute("UPDATE watched SET feed_url = ? WHERE url = ?", (feed_url, url))
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        page = self._get(feed_url, headers)
        now = self.now()
        if page.status == 304:
            stats.not_modified += 1
            db.execute(
                "UPDATE watched SET failures = 0, last_error = NULL, last_poll = ?, last_ok = ?, next_poll = ? WHERE url = ?",
                (_iso(now), _iso(now), _iso(now + dt.timedelta(seconds=self.every)), url),
            )
            self._say(f"{url}: not modified")
            return
        if not looks_like_feed(page.body):
            raise InputError(f"{feed_url} is not an RSS or Atom feed")
        items = [i for i in feed_items(page.body, page.final_url) if i.link][: self.max_items]
        stored = 0
        for item in items:
            stats.items += 1
            if self.store.has_url(item.link):
                stats.known += 1
                continue
            outcome = self._store_item(item, page.fetched, stats)
            stored += outcome in ("added", "updated", "near-duplicate")
        self.store.commit()
        stats.stored += stored
        db.execute(
            "UPDATE watched SET etag = ?, last_modified = ?, failures = 0, last_error = NULL, last_poll = ?, last_ok = ?, "
            "next_poll = ?, items = items + ?, stored = stored + ? WHERE url = ?",
            (page.etag, page.last_modified, _iso(now), _iso(now), _iso(now + dt.timedelta(seconds=self.every)),
             len(items), stored, url),
        )
        self._say(f"{url}: {len(items)} items, {stored} new articles stored")

    def _store_item(self, item, fetched: dt.datetime, stats: CycleStats) -> str:  # type: ignore[no-untyped-def]
        from .ingest import _analyze_one
        from .readers.feeds import feed_item_document, page_document
        from .store import input_hash

        try:
            page = self._get(item.link)
            doc = page_document(page, item, None)
        except FetchError as exc:
            if exc.reason == "robots":
                stats.disallowed += 1
                return "disallowed"
            doc = feed_item_document(item, None, fetched, f"the page could not be fetched ({exc.message})", exc.reason)
        prepared = _analyze_one(input_hash(doc) if doc.rejection is None else None, doc)
        outcome, _ = self.store.add(prepared)
        if outcome == "rejected":
            stats.rejected += 1
            r = prepared.rejection or {}
            self._say(f"{item.link}: {r.get('reason')}: {r.get('message')}")
        return outcome

    def _discover(self, url: str) -> str:
        """The feed of a source: the URL itself when it is a feed, else the
        first RSS/Atom feed its page advertises."""
        from .readers.feeds import looks_like_feed

        page = self._get(url)
        if looks_like_feed(page.body):
            return url
        html = page.body[:512 * 1024].decode(page.charset or "utf-8", "replace")
        for tag in _FEED_LINK.findall(html):
            if re.search(r"\brel\s*=\s*[\"'][^\"']*alternate", tag, re.IGNORECASE):
                href = _HREF.search(tag)
                if href:
                    return urljoin(page.final_url, href.group(1).strip())
        raise InputError(f"{url}: no RSS or Atom feed found on the page; give the feed's URL")

    def run(self, cycles: int | None = None) -> None:
        """Poll until interrupted (or ``cycles`` passes), sleeping until the next source is due."""
        n = 0
        while cycles is None or n < cycles:
            stats = self.poll_once()
            n += 1
            if stats.polled:
                self._say(stats.summary())
            if cycles is not None and n >= cycles:
                break
            due = [r[0] for r in self.store.db.execute("SELECT next_poll FROM watched WHERE next_poll IS NOT NULL AND url IN (%s)"
                                                       % ",".join("?" * len(self.sources)), self.sources)]
            wake = min((dt.datetime.fromisoformat(d) for d in due), default=self.now() + dt.timedelta(seconds=self.every))
            self.sleep(max(1.0, (wake - self.now()).total_seconds()))
