"""Fetching pages over HTTP(S) with httpx, defensively.

Only ``http`` and ``https``; bounded redirects (each hop re-checked);
timeouts; a size cap enforced while streaming (a lying or missing
Content-Length cannot blow memory); only text-like content types.  The
client is injectable: tests pass ``httpx.Client(transport=httpx.MockTransport
(...))`` and never touch the network.

Every failure raises :class:`marsad.errors.FetchError` with a short stable
``reason`` ("bad-scheme", "timeout", "http-status", "too-large",
"bad-content-type", "too-many-redirects", "network") that batch runs count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from . import __version__
from .errors import FetchError

USER_AGENT = f"Marsad/{__version__} (+news-intelligence; self-hosted)"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=10.0)
MAX_REDIRECTS = 5
ACCEPTED_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/xml",
    "text/xml",
    "application/json",
    "application/x-ndjson",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
)


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content_type: str | None  # media type without parameters
    charset: str | None  # declared in Content-Type
    body: bytes
    fetched: dt.datetime
    etag: str | None = None  # validators, for conditional requests (marsad watch)
    last_modified: str | None = None


def check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(url, "bad-scheme", f"only http and https URLs are fetched, not {parts.scheme or 'no scheme'!r}")
    if not parts.netloc:
        raise FetchError(url, "bad-url", "the URL has no host")
    return url


def make_client(transport: httpx.BaseTransport | None = None) -> httpx.Client:
    return httpx.Client(
        transport=transport,
        timeout=DEFAULT_TIMEOUT,
        follow_redirects=False,  # we follow them ourselves, checking each hop
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.5"},
    )


def fetch(
    url: str,
    client: httpx.Client | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
    headers: dict[str, str] | None = None,
) -> Fetched:
    """GET ``url`` and return its body, or raise :class:`FetchError`.

    ``headers`` go with every hop (``If-None-Match``/``If-Modified-Since``
    for a conditional request); an answer of 304 Not Modified is returned
    with status 304 and an empty body."""
    own_client = client is None
    client = client or make_client()
    try:
        current = check_url(url)
        for _hop in range(max_redirects + 1):
            try:
                with client.stream("GET", current, follow_redirects=False, headers=headers) as response:
                    if response.status_code == 304:
                        return Fetched(url, str(response.url), 304, None, None, b"", dt.datetime.now(dt.timezone.utc),
                                       response.headers.get("etag"), response.headers.get("last-modified"))
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(url, "http-status", f"redirect {response.status_code} without a Location")
                        current = check_url(urljoin(current, location))
                        continue
                    if response.status_code >= 400:
                        raise FetchError(url, "http-status", f"the server answered HTTP {response.status_code}")
                    ctype, charset = _content_type(response.headers.get("content-type"))
                    if ctype and not ctype.startswith(ACCEPTED_TYPES):
                        raise FetchError(url, "bad-content-type", f"content type {ctype} is not a web page, feed or JSON export")
                    length = response.headers.get("content-length")
                    if length and length.isdigit() and int(length) > max_bytes:
                        raise FetchError(url, "too-large", f"{int(length):,} bytes is over the {max_bytes:,}-byte cap")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body.extend(chunk)
                        if len(body) > max_bytes:
                            raise FetchError(url, "too-large", f"over the {max_bytes:,}-byte cap")
                    return Fetched(
                        url=url,
                        final_url=str(response.url),
                        status=response.status_code,
                        content_type=ctype,
                        charset=charset,
                        body=bytes(body),
                        fetched=dt.datetime.now(dt.timezone.utc),
                        etag=response.headers.get("etag"),
                        last_modified=response.headers.get("last-modified"),
                    )
            except httpx.TimeoutException:
                raise FetchError(url, "timeout", "the server did not answer in time") from None
            except httpx.HTTPError as exc:
                raise FetchError(url, "network", f"{type(exc).__name__}: {exc}") from None
        raise FetchError(url, "too-many-redirects", f"more than {max_redirects} redirects")
    finally:
        if own_client:
            client.close()


def _content_type(header: str | None) -> tuple[str | None, str | None]:
    if not header:
        return None, None
    parts = [p.strip() for p in header.split(";")]
    ctype = parts[0].lower() or None
    charset = None
    for p in parts[1:]:
        if p.lower().startswith("charset="):
            charset = p.split("=", 1)[1].strip("\"' ") or None
    return ctype, charset
