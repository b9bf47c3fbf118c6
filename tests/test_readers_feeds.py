"""RSS and Atom feeds (marsad.readers.feeds): one document per item, from the
item's page, or from the feed's own text when the page cannot be fetched.
Pages are served by httpx.MockTransport; nothing touches the network."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import httpx
import pytest

from marsad.cli import main
from marsad.doc import Document
from marsad.errors import InputError
from marsad.readers import read_bytes, read_feed, read_inputs, read_url
from marsad.readers.feeds import FeedItem, feed_items, looks_like_feed, plain_text

pytest.importorskip("feedparser")

FEED_URL = "https://feeds.example/ar/rss.xml"
PLUS3 = dt.timezone(dt.timedelta(hours=3))

PORT_PARAGRAPHS = [
    "افتتحت هيئة الموانئ صباح اليوم الأحد رصيفاً جديداً للحاويات في ميناء العقبة بطاقة استيعابية تبلغ مليون حاوية سنوياً.",
    "وقال مدير الهيئة في مؤتمر صحفي إن المشروع استغرق ثلاث سنوات من العمل المتواصل وشارك فيه أكثر من ألف عامل.",
    "وأضاف أن الرصيف الجديد سيخفف الازدحام على الأرصفة القديمة ويقلص زمن انتظار السفن إلى النصف.",
]
TREES_PARAGRAPHS = [
    "أعلنت وزارة الزراعة عن خطة لزراعة خمسة ملايين شجرة في المحافظات الجنوبية خلال الأعوام الثلاثة المقبلة.",
    "وأوضح وكيل الوزارة أن الخطة تعتمد على مياه الصرف المعالجة وتستهدف الحد من التصحر وتحسين جودة الهواء في المدن.",
]

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<!-- a regional news site's main feed -->
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>أخبار الجنوب</title>
  <link>https://news.example/</link>
  <language>ar</language>
  <item>
    <title>افتتاح رصيف جديد للحاويات في ميناء العقبة</title>
    <link>/ar/ports/101</link>
    <guid isPermaLink="false">port-101</guid>
    <pubDate>Sun, 03 Mar 2024 00:30:00 +0300</pubDate>
    <description>رصيف جديد بطاقة مليون حاوية</description>
  </item>
  <item>
    <title>خطة لزراعة خمسة ملايين شجرة</title>
    <link>https://news.example/ar/green/102</link>
    <guid>green-102</guid>
    <pubDate>Mon, 04 Mar 2024 09:15:00 +0300</pubDate>
    <description>&lt;p&gt;خطة &lt;b&gt;لزراعة&lt;/b&gt; الأشجار&lt;/p&gt;</description>
    <content:encoded><![CDATA[{"".join(f"<p>{p}</p>" for p in TREES_PARAGRAPHS)}<script>track()</script>]]></content:encoded>
  </item>
  <item>
    <title>افتتاح رصيف جديد (محدث)</title>
    <link>/ar/ports/101#updated</link>
    <guid>port-101-b</guid>
  </item>
  <item>
    <title>عنوان بلا نص</title>
    <link>https://slow.example/ar/103</link>
  </item>
  <item>
    <title>خبر بلا رابط ولا نص</title>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ru">
  <title>Городская лента</title>
  <id>urn:example:lenta</id>
  <updated>2024-03-05T12:00:00+03:00</updated>
  <entry>
    <title>Совет утвердил план реконструкции набережной</title>
    <link rel="alternate" type="text/html" href="item/7"/>
    <id>urn:example:lenta:7</id>
    <published>2024-03-05T08:30:00+03:00</published>
    <updated>2024-03-05T09:00:00+03:00</updated>
    <summary>Работы начнутся весной.</summary>
  </entry>
  <entry>
    <title>Выставка старинных карт</title>
    <link href="item/8"/>
    <id>urn:example:lenta:8</id>
    <updated>2024-03-04T18:00:00Z</updated>
    <summary type="html">&lt;p&gt;В областном центре открылась выставка старинных карт.&lt;/p&gt;&lt;p&gt;Экспозиция включает более двухсот экспонатов из частных коллекций, многие из которых показываются впервые. Выставка продлится до конца месяца.&lt;/p&gt;</summary>
  </entry>
</feed>
"""
ATOM_URL = "https://ru.example/lenta/atom.xml"

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://news.example/ar/ports/101</loc></url>
</urlset>
"""


def page(title: str, paragraphs: list[str], lang: str = "ar") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html lang='{lang}'><head><title>{title}</title></head>"
        f"<body><nav><a href='/'>الرئيسية</a></nav><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode("utf-8")


PAGES = {  # by path, on any host
    "/ar/ports/101": page("افتتاح رصيف جديد للحاويات في ميناء العقبة", PORT_PARAGRAPHS),
    "/lenta/item/7": page(
        "Совет утвердил план реконструкции набережной",
        [
            "Городской совет утвердил план реконструкции набережной, работы начнутся весной и продлятся два года.",
            "Проект предусматривает новые пешеходные дорожки, освещение и причал для прогулочных судов.",
        ],
        "ru",
    ),
}


class Server:
    """Serves the feeds and pages above; records every URL asked for."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        self.seen.append(url)
        if url == FEED_URL:
            return httpx.Response(200, headers={"content-type": "text/xml; charset=utf-8"}, content=RSS.encode())
        if url == ATOM_URL:
            return httpx.Response(200, headers={"content-type": "application/xml"}, content=ATOM.encode())
        if request.url.host == "slow.example":
            raise httpx.ConnectTimeout("timed out", request=request)
        if request.url.path in PAGES:
            body = PAGES[request.url.path]
            return httpx.Response(200, headers={"content-type": "text/html; charset=utf-8"}, content=body)
        return httpx.Response(404, text="not here")

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))


def reasons(docs: list[Document]) -> list[str | None]:
    return [d.rejection.reason if d.rejection else None for d in docs]


# -- feed_items ---------------------------------------------------------------------------


def test_rss_items() -> None:
    items = feed_items(RSS.encode(), FEED_URL)
    # the third item links to the first again (with a fragment): dropped
    assert [i.link for i in items] == [
        "https://feeds.example/ar/ports/101",  # relative link, resolved against the feed's URL
        "https://news.example/ar/green/102",
        "https://slow.example/ar/103",
        None,
    ]
    first, second = items[0], items[1]
    assert isinstance(first, FeedItem)
    assert first.title == "افتتاح رصيف جديد للحاويات في ميناء العقبة"
    assert first.published == dt.datetime(2024, 3, 3, 0, 30, tzinfo=PLUS3)  # its own day, not UTC's 2 March
    assert first.published.utcoffset() == dt.timedelta(hours=3)
    assert first.summary == "رصيف جديد بطاقة مليون حاوية" and first.content is None
    assert second.content is not None and TREES_PARAGRAPHS[0] in second.content
    assert "track()" not in second.content  # feedparser sanitizes
    assert second.guid is not None and second.guid.endswith("green-102")
    assert items[2].published is None and items[3].title == "خبر بلا رابط ولا نص"


def test_atom_items() -> None:
    items = feed_items(ATOM.encode(), ATOM_URL)
    assert [i.link for i in items] == ["https://ru.example/lenta/item/7", "https://ru.example/lenta/item/8"]
    assert items[0].published == dt.datetime(2024, 3, 5, 8, 30, tzinfo=PLUS3)
    assert items[1].published == dt.datetime(2024, 3, 4, 18, 0, tzinfo=dt.timezone.utc)  # updated, no published
    assert items[0].guid == "urn:example:lenta:7" and items[0].summary == "Работы начнутся весной."


def test_links_without_a_feed_url_resolve_against_the_channel_link() -> None:
    items = feed_items(RSS.encode(), None)
    assert items[0].link == "https://news.example/ar/ports/101"


@pytest.mark.parametrize("data", [SITEMAP, b"<html><body><p>a page</p></body></html>", b"", b"<rss>not closed"])
def test_not_a_feed(data: bytes) -> None:
    with pytest.raises(InputError):
        feed_items(data, FEED_URL)


def test_looks_like_feed() -> None:
    assert looks_like_feed(RSS.encode()) and looks_like_feed(ATOM.encode())
    assert looks_like_feed(b'\xef\xbb\xbf<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="x"></rdf:RDF>')
    assert not looks_like_feed(SITEMAP) and not looks_like_feed(b"<feedback/>")


def test_plain_text_of_feed_html() -> None:
    assert plain_text("<p>الفقرة <b>الأولى</b></p><p>الثانية<br>سطر</p>") == "الفقرة الأولى\nالثانية\nسطر"
    assert plain_text("  نص   عادي \n\n سطر ") == "نص عادي\nسطر"
    assert plain_text("") == ""


# -- documents --------------------------------------------------------------------------------


def test_feed_file_yields_one_document_per_item(tmp_path: Path) -> None:
    path = tmp_path / "south.xml"
    path.write_text(RSS, encoding="utf-8")
    server = Server()
    docs = list(read_inputs([str(path)], client=server.client()))
    assert reasons(docs) == [None, None, "timeout", "no-article-text"]
    assert [d.name for d in docs] == [f"{path}#{i}" for i in range(4)]

    fetched_page, fallback, timed_out, nothing = docs
    # a page fetched: the feed's title, summary and date ride along as hints
    assert fetched_page.source.url == "https://news.example/ar/ports/101"
    assert fetched_page.kind == "html" and fetched_page.raw == PAGES["/ar/ports/101"]
    assert fetched_page.hints["feed_title"] == "افتتاح رصيف جديد للحاويات في ميناء العقبة"
    assert fetched_page.hints["feed_summary"] == "رصيف جديد بطاقة مليون حاوية"
    assert fetched_page.hints["record_date"] == "2024-03-03T00:30:00+03:00"
    # a page that 404s: the feed's own content:encoded instead
    assert fallback.kind == "record" and fallback.record is not None
    assert fallback.record["text"] == "\n".join(TREES_PARAGRAPHS)
    assert fallback.record["title"] == "خطة لزراعة خمسة ملايين شجرة"
    assert fallback.record["date"] == "2024-03-04T09:15:00+03:00"
    assert "404" in fallback.record["page_error"]
    assert fallback.source.url == "https://news.example/ar/green/102"
    assert fallback.source.fetched is not None  # the feed file's time
    # no page and no text: rejected with the fetch's reason, naming the URL
    assert timed_out.rejection is not None and "https://slow.example/ar/103" in timed_out.rejection.message
    assert timed_out.source.url == "https://slow.example/ar/103"
    assert nothing.rejection is not None and "no link" in nothing.rejection.message
    # no feed URL for a file: links resolve against the channel's link; the
    # duplicate link was never fetched
    assert server.seen == [
        "https://news.example/ar/ports/101",
        "https://news.example/ar/green/102",
        "https://slow.example/ar/103",
    ]


def test_feed_at_a_url_resolves_links_against_it() -> None:
    server = Server()
    docs = list(read_url(FEED_URL, client=server.client()))
    assert reasons(docs) == [None, None, "timeout", "no-article-text"]
    assert server.seen[:2] == [FEED_URL, "https://feeds.example/ar/ports/101"]
    assert server.seen.count("https://feeds.example/ar/ports/101") == 1  # de-duplicated
    page_doc = docs[0]
    assert page_doc.source.path is None and page_doc.name == "https://feeds.example/ar/ports/101"
    assert docs[2].name == "https://slow.example/ar/103"  # the rejection names the item


def test_atom_feed_with_russian_items() -> None:
    server = Server()
    docs = list(read_feed(ATOM_URL, client=server.client()))
    assert reasons(docs) == [None, None]
    assert docs[0].kind == "html" and docs[0].hints["record_date"] == "2024-03-05T08:30:00+03:00"
    fallback = docs[1]
    assert fallback.kind == "record" and fallback.record is not None
    assert fallback.record["text"].startswith("В областном центре открылась выставка старинных карт.\nЭкспозиция")


def test_feed_content_types_are_read_as_feeds() -> None:
    for ctype in ("application/rss+xml", "application/atom+xml"):
        handler = lambda request: httpx.Response(200, headers={"content-type": ctype}, content=ATOM.encode())  # noqa: E731
        docs = list(read_url(ATOM_URL, client=httpx.Client(transport=httpx.MockTransport(handler))))
        assert [d.source.url for d in docs] == ["https://ru.example/lenta/item/7", "https://ru.example/lenta/item/8"]


def test_xml_served_page_that_is_not_a_feed_stays_a_page() -> None:
    handler = lambda request: httpx.Response(200, headers={"content-type": "application/xml"}, content=SITEMAP)  # noqa: E731
    (doc,) = read_url("https://news.example/sitemap.xml", client=httpx.Client(transport=httpx.MockTransport(handler)))
    assert doc.rejection is None and doc.raw == SITEMAP


def test_non_feed_xml_file_is_not_mistaken_for_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_bytes(SITEMAP)
    server = Server()
    (doc,) = read_inputs([str(path)], client=server.client())
    assert doc.rejection is None and doc.raw == SITEMAP and doc.kind == "" and doc.name == str(path)
    assert server.seen == []


def test_rss_file_that_is_not_a_feed_is_rejected() -> None:
    (doc,) = read_bytes(SITEMAP, "news.rss")
    assert doc.rejection is not None and doc.rejection.reason == "invalid-feed" and doc.name == "news.rss"


def test_feed_without_items_is_empty() -> None:
    data = b'<rss version="2.0"><channel><title>t</title><link>https://news.example/</link></channel></rss>'
    (doc,) = read_bytes(data, "quiet.rss")
    assert doc.rejection is not None and doc.rejection.reason == "empty"
    assert feed_items(data, "https://news.example/quiet.rss") == []  # a feed, with nothing new


def test_read_feed_rejects_what_is_not_a_feed(tmp_path: Path) -> None:
    handler = lambda request: httpx.Response(200, headers={"content-type": "text/html"}, content=b"<p>a page</p>")  # noqa: E731
    (doc,) = read_feed("https://news.example/", client=httpx.Client(transport=httpx.MockTransport(handler)))
    assert doc.rejection is not None and doc.rejection.reason == "invalid-feed"
    (missing,) = read_feed(tmp_path / "nowhere.rss")
    assert missing.rejection is not None and missing.rejection.reason == "not-found"
    path = tmp_path / "sitemap.xml"
    path.write_bytes(SITEMAP)
    (not_feed,) = read_feed(str(path))
    assert not_feed.rejection is not None and not_feed.rejection.reason == "invalid-feed"


def test_feed_timeout_is_a_rejection() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    (doc,) = read_feed("https://slow.example/rss", client=httpx.Client(transport=httpx.MockTransport(handler)))
    assert doc.rejection is not None and doc.rejection.reason == "timeout"


def test_analyze_a_feed_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server = Server()
    monkeypatch.setattr("marsad.readers.feeds.make_client", server.client)  # the CLI's own client
    path = tmp_path / "feed.xml"
    path.write_text(RSS, encoding="utf-8")
    out = io.StringIO()
    assert main(["analyze", str(path)], out=out) == 0
    records = json.loads(out.getvalue())
    assert [r["rejected"]["reason"] if r["rejected"] else None for r in records] == [
        None,
        None,
        "timeout",
        "no-article-text",
    ]
    port, trees = records[0], records[1]
    assert port["language"] == "ar" and "ميناء العقبة" in port["text"] and "الرئيسية" not in port["text"]
    assert port["published"].startswith("2024-03-03") and port["published_how"] == "record_date"
    assert trees["url"] == "https://news.example/ar/green/102" and trees["extractor"] == "record"
    assert trees["text"] == "\n\n".join(TREES_PARAGRAPHS) and trees["title"] == "خطة لزراعة خمسة ملايين شجرة"
    assert trees["published"].startswith("2024-03-04")


def test_without_feedparser_a_feed_is_unsupported(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "feedparser", None)  # import fails
    (doc,) = read_bytes(RSS.encode(), "south.rss")
    assert doc.rejection is not None and doc.rejection.reason == "unsupported"
    assert "pip install feedparser" in doc.rejection.message
    with pytest.raises(InputError):
        feed_items(RSS.encode(), FEED_URL)
