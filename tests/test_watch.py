"""``marsad watch``: conditional polling, robots.txt, politeness, backoff — all
against httpx.MockTransport, never the network."""

from __future__ import annotations

import datetime as dt
import io

import httpx
import pytest

from marsad.cli import main
from marsad.store import open_store
from marsad.watch import Watcher, parse_duration

PAGE = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>أعلنت وزارة الطاقة اليوم عن توقيع اتفاقية جديدة مع شركة روسية لبناء محطة لتوليد الكهرباء في شمال البلاد، على أن يبدأ العمل فيها خلال الربع الأول من العام المقبل بكلفة تقارب مليار دولار.</p>
<p>وقال الوزير في مؤتمر صحفي إن المشروع {n} سيوفر آلاف فرص العمل للشباب، وإن الحكومة تعمل مع الجانب الروسي على نقل الخبرات وتدريب المهندسين المحليين في مراكز متخصصة داخل البلاد وخارجها.</p>
<p>وأضاف أن المحطة ستعمل بالغاز الطبيعي في مرحلتها الأولى قبل التحول التدريجي إلى مصادر الطاقة المتجددة، مشيرا إلى أن الدراسات الفنية اكتملت وأن التمويل مضمون من مصارف محلية ودولية.</p>
</article></body></html>"""

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>أخبار</title><link>https://news.example/</link>
<item><title>اتفاقية الطاقة</title><link>https://news.example/a/1</link></item>
<item><title>محطة الكهرباء</title><link>https://news.example/a/2</link></item>
<item><title>ممنوع</title><link>https://news.example/private/3</link></item>
</channel></rss>"""


class Server:
    def __init__(self, robots: str = "User-agent: *\nDisallow: /private/\n", feed_status: int = 200) -> None:
        self.robots, self.feed_status = robots, feed_status
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if path == "/robots.txt":
            return httpx.Response(200, text=self.robots, headers={"content-type": "text/plain"})
        if path == "/":
            return httpx.Response(200, text='<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body>x</body></html>',
                                  headers={"content-type": "text/html"})
        if path == "/rss.xml":
            if self.feed_status != 200:
                return httpx.Response(self.feed_status)
            if request.headers.get("if-none-match") == '"v1"':
                return httpx.Response(304, headers={"etag": '"v1"'})
            return httpx.Response(200, text=FEED, headers={"content-type": "application/rss+xml", "etag": '"v1"'})
        if path.startswith("/a/"):
            n = path.rsplit("/", 1)[1]
            return httpx.Response(200, text=PAGE.format(title=f"خبر الطاقة رقم {n}", n=n), headers={"content-type": "text/html; charset=utf-8"})
        return httpx.Response(404)

    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]


class Clock:
    def __init__(self) -> None:
        self.t = dt.datetime(2026, 3, 15, 12, 0, tzinfo=dt.timezone.utc)
        self.mono = 0.0
        self.slept: list[float] = []

    def now(self) -> dt.datetime:
        return self.t

    def monotonic(self) -> float:
        return self.mono

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.mono += seconds
        self.t += dt.timedelta(seconds=seconds)


def _watcher(store, server: Server, clock: Clock, sources=("https://news.example/rss.xml",), **kw) -> Watcher:
    client = httpx.Client(transport=httpx.MockTransport(server))
    return Watcher(sources, store, client=client, every=900, delay=5, now=clock.now, monotonic=clock.monotonic,
                   sleep=clock.sleep, log=io.StringIO(), **kw)


def test_poll_stores_new_items_obeys_robots_and_then_asks_conditionally(tmp_path) -> None:
    server, clock = Server(), Clock()
    with open_store(tmp_path / "w.db") as store:
        w = _watcher(store, server, clock)
        stats = w.poll_once()
        assert (stats.items, stats.stored, stats.disallowed) == (3, 2, 1)
        assert "/private/3" not in server.paths()  # robots.txt said no
        assert store.counts()["articles"] == 2
        # Politeness: one host, so every request after the first waited 5 s.
        assert clock.slept and all(s == pytest.approx(5) for s in clock.slept)
        # Not due yet: nothing is polled.
        assert w.poll_once().polled == 0
        clock.t += dt.timedelta(minutes=16)
        before = len(server.requests)
        stats = w.poll_once()
        assert stats.not_modified == 1 and stats.items == 0
        assert server.requests[before:][-1].headers["if-none-match"] == '"v1"'
        assert store.counts()["articles"] == 2


def test_items_already_stored_are_not_fetched_again(tmp_path) -> None:
    server, clock = Server(), Clock()
    with open_store(tmp_path / "w.db") as store:
        _watcher(store, server, clock).poll_once()
        store.db.execute("UPDATE watched SET etag = NULL, next_poll = NULL")  # force a full fetch
        n_pages = server.paths().count("/a/1")
        stats = _watcher(store, server, clock).poll_once()
        assert stats.known == 2 and stats.stored == 0
        assert server.paths().count("/a/1") == n_pages


def test_a_site_is_watched_through_the_feed_it_advertises(tmp_path) -> None:
    server, clock = Server(), Clock()
    with open_store(tmp_path / "w.db") as store:
        stats = _watcher(store, server, clock, sources=["https://news.example/"]).poll_once()
        assert stats.stored == 2
        assert store.db.execute("SELECT feed_url FROM watched").fetchone()[0] == "https://news.example/rss.xml"


def test_a_failing_source_backs_off_and_the_others_go_on(tmp_path) -> None:
    bad, clock = Server(feed_status=503), Clock()
    good = Server()

    def route(request: httpx.Request) -> httpx.Response:
        return (bad if request.url.host == "down.example" else good)(request)

    with open_store(tmp_path / "w.db") as store:
        client = httpx.Client(transport=httpx.MockTransport(route))
        w = Watcher(["https://down.example/rss.xml", "https://news.example/rss.xml"], store, client=client, delay=0,
                    now=clock.now, monotonic=clock.monotonic, sleep=clock.sleep, log=io.StringIO())
        stats = w.poll_once()
        assert stats.stored == 2 and len(stats.errors) == 1 and "HTTP 503" in stats.errors[0]
        failures, next_poll = store.db.execute("SELECT failures, next_poll FROM watched WHERE url LIKE '%down%'").fetchone()
        assert failures == 1 and dt.datetime.fromisoformat(next_poll) == clock.t + dt.timedelta(minutes=1)
        clock.t += dt.timedelta(minutes=1)
        w.poll_once()
        failures, next_poll = store.db.execute("SELECT failures, next_poll FROM watched WHERE url LIKE '%down%'").fetchone()
        assert failures == 2 and dt.datetime.fromisoformat(next_poll) == clock.t + dt.timedelta(minutes=2)


def test_unreadable_robots_txt_disallows_the_host(tmp_path) -> None:
    class NoRobots(Server):
        def __call__(self, request: httpx.Request) -> httpx.Response:
            if request.url.path == "/robots.txt":
                self.requests.append(request)
                return httpx.Response(500)
            return super().__call__(request)

    server, clock = NoRobots(), Clock()
    with open_store(tmp_path / "w.db") as store:
        stats = _watcher(store, server, clock).poll_once()
        assert stats.errors and "robots.txt" in stats.errors[0]
        assert "/rss.xml" not in server.paths()


def test_crawl_delay_in_robots_txt_slows_us_down(tmp_path) -> None:
    server, clock = Server(robots="User-agent: *\nCrawl-delay: 12\n"), Clock()
    with open_store(tmp_path / "w.db") as store:
        _watcher(store, server, clock).poll_once()
    assert clock.slept and all(s == pytest.approx(12) for s in clock.slept)


@pytest.mark.parametrize("text,seconds", [("15m", 900), ("1h", 3600), ("30s", 30), ("2h30m", 9000), ("90", 90)])
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


def test_watch_command_refuses_bad_arguments(tmp_path, capsys) -> None:
    assert main(["watch", "ftp://x.example/feed", "--db", str(tmp_path / "w.db"), "--once"]) == 1
    assert "http(s)" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["watch", "https://x.example/feed", "--every", "soon"])
