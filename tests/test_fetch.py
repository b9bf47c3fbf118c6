"""Fetching (marsad.fetch) over httpx.MockTransport — never the network."""

from __future__ import annotations

import datetime as dt
from typing import Callable, Iterator

import httpx
import pytest

from marsad.errors import FetchError
from marsad.fetch import USER_AGENT, fetch, make_client

Handler = Callable[[httpx.Request], httpx.Response]

ARABIC_PAGE = "<html><body><p>أعلنت الوزارة اليوم عن اتفاق جديد.</p></body></html>"


def client(handler: Handler) -> httpx.Client:
    return make_client(httpx.MockTransport(handler))


def reason_of(url: str, handler: Handler, *, same_url: bool = True, **kw: int) -> str:
    with pytest.raises(FetchError) as info:
        fetch(url, client(handler), **kw)
    if same_url:  # the error names the URL asked for
        assert info.value.url == url
    assert info.value.message
    return info.value.reason


def chain(hops: int, target: str = "/article") -> Handler:
    """/hop/N redirects to /hop/N-1 ... /hop/1 redirects to ``target``."""

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.startswith("/hop/"):
            n = int(path.rsplit("/", 1)[1])
            return httpx.Response(302, headers={"location": f"/hop/{n - 1}" if n > 1 else target})
        return httpx.Response(200, headers={"content-type": "text/html; charset=utf-8"}, text="<p>done</p>")

    return handler


def test_success_with_charset_from_content_type() -> None:
    body = ARABIC_PAGE.encode("windows-1256")
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, headers={"Content-Type": 'text/html; charset="windows-1256"'}, content=body)

    before = dt.datetime.now(dt.timezone.utc)
    page = fetch("https://news.example/a/1", client(handler))
    assert page.body == body
    assert page.status == 200
    assert page.content_type == "text/html"
    assert page.charset == "windows-1256"
    assert page.url == page.final_url == "https://news.example/a/1"
    assert before <= page.fetched <= dt.datetime.now(dt.timezone.utc)
    assert seen[0].headers["user-agent"] == USER_AGENT


def test_no_content_type_is_accepted() -> None:
    page = fetch("http://news.example/", client(lambda r: httpx.Response(200, content=b"plain")))
    assert page.body == b"plain"
    assert page.content_type is None and page.charset is None


@pytest.mark.parametrize("ctype", ["application/xhtml+xml; charset=koi8-r", "TEXT/PLAIN", "application/json"])
def test_feed_and_text_types_are_accepted(ctype: str) -> None:
    page = fetch("http://news.example/", client(lambda r: httpx.Response(200, headers={"content-type": ctype}, content=b"x")))
    assert page.content_type == ctype.split(";")[0].lower()


def test_redirect_is_followed_and_final_url_set() -> None:
    page = fetch("https://news.example/hop/3", client(chain(3)))
    assert page.url == "https://news.example/hop/3"
    assert page.final_url == "https://news.example/article"
    assert page.body == b"<p>done</p>"


def test_redirect_to_another_host() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "short.example":
            return httpx.Response(301, headers={"location": "https://news.example/story"})
        return httpx.Response(200, headers={"content-type": "text/html"}, content=b"story")

    page = fetch("http://short.example/x", client(handler))
    assert page.final_url == "https://news.example/story"


def test_exactly_max_redirects_is_fine_one_more_is_not() -> None:
    assert fetch("http://news.example/hop/5", client(chain(5)), max_redirects=5).final_url.endswith("/article")
    assert reason_of("http://news.example/hop/6", chain(6), max_redirects=5) == "too-many-redirects"


def test_redirect_loop() -> None:
    handler = lambda r: httpx.Response(302, headers={"location": r.url.path})  # noqa: E731
    assert reason_of("http://news.example/loop", handler) == "too-many-redirects"


def test_redirect_to_ftp_is_refused() -> None:
    requested: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        return httpx.Response(302, headers={"location": "ftp://files.example/article.html"})

    # (this one error names the redirect target, not the URL asked for)
    assert reason_of("http://news.example/a", handler, same_url=False) == "bad-scheme"
    assert requested == ["http://news.example/a"]  # the ftp hop was never attempted


def test_redirect_without_location() -> None:
    assert reason_of("http://news.example/a", lambda r: httpx.Response(302)) == "http-status"


@pytest.mark.parametrize("url", ["ftp://news.example/a", "file:///etc/hosts", "news.example/a", "javascript:alert(1)"])
def test_non_http_scheme_refused(url: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no request may be sent")

    assert reason_of(url, handler) == "bad-scheme"


def test_url_without_host() -> None:
    assert reason_of("http:///path", lambda r: httpx.Response(200)) == "bad-url"


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_error_status(status: int) -> None:
    assert reason_of("http://news.example/a", lambda r: httpx.Response(status, text="error")) == "http-status"


@pytest.mark.parametrize("ctype", ["image/png", "application/pdf", "video/mp4", "application/octet-stream"])
def test_bad_content_type(ctype: str) -> None:
    handler = lambda r: httpx.Response(200, headers={"content-type": ctype}, content=b"\x89PNG\r\n")  # noqa: E731
    assert reason_of("http://news.example/a", handler) == "bad-content-type"


def test_too_large_with_content_length() -> None:
    handler = lambda r: httpx.Response(200, headers={"content-type": "text/html"}, content=b"x" * 1000)  # noqa: E731
    assert reason_of("http://news.example/a", handler, max_bytes=999) == "too-large"
    assert len(fetch("http://news.example/a", client(handler), max_bytes=1000).body) == 1000


def test_too_large_without_content_length() -> None:
    pulled: list[int] = []

    def chunks() -> Iterator[bytes]:
        for i in range(1000):
            pulled.append(i)
            yield b"x" * 100

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "text/html"}, content=chunks())

    assert reason_of("http://news.example/a", handler, max_bytes=450) == "too-large"
    assert len(pulled) < 10  # stopped while streaming, not after reading everything


@pytest.mark.parametrize("exc", [httpx.ReadTimeout, httpx.ConnectTimeout, httpx.PoolTimeout])
def test_timeout(exc: type[httpx.TimeoutException]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc("too slow", request=request)

    assert reason_of("http://news.example/a", handler) == "timeout"


def test_network_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    assert reason_of("http://news.example/a", handler) == "network"


def test_plain_injected_client_does_not_follow_redirects_itself() -> None:
    plain = httpx.Client(transport=httpx.MockTransport(chain(2)))
    assert fetch("http://news.example/hop/2", plain).final_url == "http://news.example/article"


def test_injected_client_that_follows_redirects_is_still_bounded() -> None:
    eager = httpx.Client(transport=httpx.MockTransport(chain(8)), follow_redirects=True)
    with pytest.raises(FetchError) as info:
        fetch("http://news.example/hop/8", eager, max_redirects=5)
    assert info.value.reason == "too-many-redirects"
