"""The web app in-process: the JSON API, the pages in three languages, one
error shape, the security headers, and hostile article content made inert."""

from __future__ import annotations

import json
import shutil
import time
import warnings
from html.parser import HTMLParser

import pytest

pytest.importorskip("starlette", reason="the web app needs starlette (pip install starlette uvicorn jinja2 babel)")
pytest.importorskip("jinja2")
pytest.importorskip("babel")

with warnings.catch_warnings():  # starlette 1.x suggests httpx2 for its TestClient; httpx works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from marsad.store import Filters, open_store  # noqa: E402
from marsad.web import create_app  # noqa: E402
from marsad.web.app import SECURITY_HEADERS  # noqa: E402
from marsad.web.archive import Archive, QueryTimeout  # noqa: E402
from marsad.web.i18n import messages, translations  # noqa: E402
from web_archive import HOSTILE_TITLE, RLO, shared  # noqa: E402


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return shared(tmp_path_factory)


@pytest.fixture(scope="module")
def client(archive):
    path, _ = archive
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return TestClient(create_app(str(path)))


def _error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"]
    return body["error"]


# --- the API ------------------------------------------------------------------------


def test_articles_are_paged_and_filtered(client, archive) -> None:
    _, ids = archive
    first = client.get("/api/articles?limit=5").json()
    assert first["total"] == ids["counts"]["originals"] and len(first["articles"]) == 5
    second = client.get("/api/articles?limit=5&offset=5").json()
    assert not {a["id"] for a in first["articles"]} & {a["id"] for a in second["articles"]}
    days = [a["day"] for a in first["articles"] + second["articles"]]
    assert days == sorted(days, reverse=True)
    ru = client.get("/api/articles?lang=ru&limit=100").json()
    assert ru["total"] >= 5 and {a["language"] for a in ru["articles"]} == {"ru"}
    tass = client.get("/api/articles?agency=TASS").json()
    assert tass["total"] >= 3 and all("tass" in a["agencies"] for a in tass["articles"])
    march = client.get("/api/articles?from=2026-03-01&to=2026-03-31&limit=100").json()
    assert all("2026-03-01" <= a["day"] <= "2026-03-31" for a in march["articles"])


def test_one_article_carries_text_entities_mentions_and_facts(client, archive) -> None:
    _, ids = archive
    art = client.get(f"/api/articles/{ids['ar']}").json()
    assert art["language"] == "ar" and art["title"].startswith("لافروف")
    lavrov = [m for m in art["mentions"] if m["entity"] == ids["lavrov"]]
    assert lavrov and all(art["text"][m["start"]:m["end"]] == m["text"] for m in lavrov)
    assert art["quotes"][0]["text"] in art["text"] and art["quantities"][0]["text"] == "خمسة مليارات دولار"


def test_search_matches_the_store_and_has_facets(client, archive) -> None:
    path, _ = archive
    with open_store(path, readonly=True) as store:
        for q in ("لافروف", "Лавров OR Lavrov", "الرياض -النفط", '"foreign minister"'):
            got = client.get("/api/search", params={"q": q}).json()
            want = dict(store.search(q, Filters()))
            assert {k: v for k, v in got.items() if k != "filters"} | {"facets": {k: v for k, v in got["facets"].items() if k != "entity"}} == want, q
    got = client.get("/api/search", params={"q": "Лавров OR Lavrov OR لافروف", "limit": 2}).json()
    assert got["total"] >= 4 and len(got["hits"]) == 2
    assert {"language", "source", "agency", "day", "entity"} <= set(got["facets"])
    assert any(e["name"] == "Сергей Лавров" for e in got["facets"]["entity"])
    hit = got["hits"][0]
    for s, e in hit["snippet"]["highlights"]:
        assert hit["snippet"]["text"][s:e]
    narrowed = client.get("/api/search", params={"q": "Лавров OR Lavrov OR لافروف", "lang": "en"}).json()
    assert narrowed["total"] >= 1 and {h["language"] for h in narrowed["hits"]} == {"en"}


def test_entities_entity_and_timeline(client, archive) -> None:
    _, ids = archive
    found = client.get("/api/entities", params={"q": "Лавров"}).json()
    assert ids["lavrov"] in [e["id"] for e in found["entities"]]
    listed = client.get("/api/entities?limit=3").json()
    assert len(listed["entities"]) == 3 and listed["total"] >= 3
    e = client.get(f"/api/entities/{ids['lavrov']}").json()
    assert e["type"] == "PER" and e["articles"] == 3
    assert {"سيرغي لافروف", "Sergei Lavrov", "Сергей Лавров"} <= {n["name"] for n in e["names"]}
    assert {r["name"] for r in e["related"]} >= {"Эр-Рияда"} and len(e["latest"]) == 3 and e["quotes"]
    t = client.get(f"/api/entities/{ids['lavrov']}/timeline").json()
    assert [d["day"] for d in t["days"]] == ["2026-03-06", "2026-03-07", "2026-03-08"]
    assert all(d["articles"] == 1 and d["mentions"] >= 1 for d in t["days"])


def test_the_web_entity_view_matches_the_store(archive) -> None:
    path, ids = archive
    arch = Archive(str(path), pool_size=1)
    with arch.store() as store:
        for eid in (ids["lavrov"], ids["hostile_entity"], 1, 7):
            mine = arch.entity(store, eid, related=10, quotes=5)
            assert {k: v for k, v in mine.items() if k not in ("timeline", "latest", "co_mentions")} == store.entity(eid), eid
    arch.close()


def test_source_and_agency(client) -> None:
    tass = client.get("/api/agencies/tass").json()
    assert tass["id"] == "tass" and tass["total"] >= 3 and tass["timeline"]
    sources = client.get("/api/stats").json()["stats"]["source"]
    one = client.get(f"/api/sources/{sources[0]['id']}").json()
    assert one["name"] == sources[0]["name"] and one["total"] == sources[0]["articles"]


@pytest.mark.parametrize(
    "method, url, status, code",
    [
        ("get", "/api/articles/999999", 404, "not-found"),
        ("get", "/api/entities/999999", 404, "not-found"),
        ("get", "/api/entities/999999/timeline", 404, "not-found"),
        ("get", "/api/articles/abc", 404, "not-found"),
        ("get", "/api/sources/999999", 404, "not-found"),
        ("get", "/api/agencies/nobody", 404, "not-found"),
        ("get", "/api/no-such-thing", 404, "not-found"),
        ("get", "/api/search", 400, "bad-query"),
        ("get", "/api/search?q=-نفط", 400, "bad-query"),
        ("get", "/api/search?q=...", 400, "bad-query"),
        ("get", "/api/search?q=x&limit=0", 400, "bad-parameter"),
        ("get", "/api/articles?limit=100000", 400, "bad-parameter"),
        ("get", "/api/articles?offset=-1", 400, "bad-parameter"),
        ("get", "/api/articles?limit=ten", 400, "bad-parameter"),
        ("get", "/api/articles?from=yesterday", 400, "bad-parameter"),
        ("post", "/api/articles", 405, "method-not-allowed"),
        ("post", "/api/ingest", 403, "forbidden"),
    ],
)
def test_every_error_has_one_shape(client, method, url, status, code) -> None:
    r = getattr(client, method)(url)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert _error_of(r)["code"] == code


def test_openapi_documents_every_api_route(client) -> None:
    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    for path in ("/api/articles", "/api/articles/{id}", "/api/search", "/api/entities", "/api/entities/{id}", "/api/entities/{id}/timeline"):
        assert "get" in doc["paths"][path], path
    routes = {r.path for r in client.app.routes if getattr(r, "path", "").startswith("/api/")}
    assert routes <= set(doc["paths"]) | {"/api/openapi.json"}
    assert "error" in doc["components"]["schemas"]["Error"]["properties"]


# --- writes need the token -------------------------------------------------------------


def test_ingest_needs_the_token_and_then_stores(archive, tmp_path) -> None:
    path, _ = archive
    copy = tmp_path / "copy.db"
    shutil.copy(path, copy)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = TestClient(create_app(str(copy), token="s3cret"))
    record = {"url": "https://web-fixture.example/en/posted", "title": "A harbour crane for the new container terminal",
              "text": "A giant harbour crane arrived by sea on Friday for the new container terminal, port officials said. " * 4,
              "date": "2026-03-10", "source": "Energy Desk"}
    assert _error_of(client.post("/api/ingest", json={"records": [record]}))["code"] == "forbidden"
    wrong = client.post("/api/ingest", json={"records": [record]}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    bad = client.post("/api/ingest", content=b"not json", headers={"Authorization": "Bearer s3cret"})
    assert bad.status_code == 400 and _error_of(bad)["code"] == "bad-request"
    ok = client.post("/api/ingest", json={"records": [record]}, headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200 and ok.json()["outcomes"].get("added") == 1, ok.text
    assert client.get("/api/search?q=crane").json()["total"] == 1  # the readers see the new article


# --- bounded cost -----------------------------------------------------------------------


def test_a_runaway_query_is_stopped_by_the_time_budget(archive) -> None:
    path, _ = archive
    arch = Archive(str(path), pool_size=1, budget_s=0.2)
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        with arch.store() as store:
            store.db.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c").fetchone()
    assert time.monotonic() - started < 5
    with arch.store() as store:  # the connection is usable again
        assert store.db.execute("SELECT count(*) FROM articles").fetchone()[0] > 0
    arch.close()


def test_a_timeout_is_a_503_in_the_error_shape(client, monkeypatch) -> None:
    from marsad.web import views

    def slow(*args, **kwargs):
        raise QueryTimeout("the query took longer than 2 s and was stopped")

    monkeypatch.setattr(views, "search", slow)
    # the route holds the function it was built with; go through a fresh app
    path = client.app.state.archive.path
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fresh = TestClient(create_app(path))
    r = fresh.get("/api/search?q=x")
    assert r.status_code == 503 and _error_of(r)["code"] == "query-timeout"


# --- pages --------------------------------------------------------------------------------


def _pages(ids: dict, ui: str) -> list[str]:
    return [f"/{ui}/", f"/{ui}/search?q=لافروف", f"/{ui}/search", f"/{ui}/articles", f"/{ui}/articles/{ids['ar']}",
            f"/{ui}/entities", f"/{ui}/entities/{ids['lavrov']}", f"/{ui}/agencies/tass", f"/{ui}/sources/1"]


@pytest.mark.parametrize("ui, direction", [("ar", "rtl"), ("ru", "ltr"), ("en", "ltr")])
def test_every_page_in_three_languages_with_the_switch(client, archive, ui, direction) -> None:
    _, ids = archive
    for url in _pages(ids, ui):
        r = client.get(url)
        assert r.status_code == 200, url
        html = r.text
        assert f'<html lang="{ui}" dir="{direction}">' in html, url
        for label in ("عربي", "Ru", "En"):
            assert f">{label}</a>" in html, (url, label)
        assert 'href="/static/marsad.css"' in html


def test_language_words_digits_and_dates_follow_the_interface(client, archive) -> None:
    _, ids = archive
    ar = client.get("/ar/").text
    assert "أحدث المقالات" in ar and "٢٠٢٦" in ar  # Arabic words, Arabic-Indic digits
    ru = client.get(f"/ru/articles/{ids['ar']}").text
    assert "марта 2026" in ru and "О статье" in ru  # a Russian date, Russian words
    en = client.get(f"/en/articles/{ids['ru']}").text
    assert "March 7, 2026" in en and "About this article" in en
    assert client.get("/", headers={"accept-language": "ru-RU,ru;q=0.9"}, follow_redirects=False).headers["location"] == "/ru/"


def test_the_catalogs_translate_every_message() -> None:
    for lang in ("ar", "ru"):
        t = translations(lang)
        missing = sorted(m for m in messages() if "%(num)s" not in m and t.gettext(m) == m)
        assert not missing, (lang, missing)


def test_search_page_highlights_by_offsets(client) -> None:
    html = client.get("/en/search", params={"q": "Lavrov"}).text
    assert "<mark>Lavrov</mark>" in html
    bad = client.get("/en/search", params={"q": "-x"})
    assert bad.status_code == 400 and "at least one word" in bad.text


def test_article_page_links_mentions_and_marks_quotes_and_figures(client, archive) -> None:
    _, ids = archive
    html = client.get(f"/ar/articles/{ids['ar']}").text
    art = client.get(f"/api/articles/{ids['ar']}").json()
    n = sum(1 for m in art["mentions"] if m["entity"] == ids["lavrov"])
    assert html.count(f'class="ent ent-PER" href="/ar/entities/{ids["lavrov"]}"') >= n
    assert '<span class="quote"' in html and '<span class="fig"' in html


def test_a_crash_is_a_500_in_the_error_shape(archive, monkeypatch) -> None:
    from marsad.web import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "article", broken)
    path, _ = archive
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        crashing = TestClient(create_app(str(path)), raise_server_exceptions=False)
    r = crashing.get("/api/articles/1")
    assert r.status_code == 500 and _error_of(r)["code"] == "internal-error"
    assert r.headers["content-security-policy"] == SECURITY_HEADERS["content-security-policy"]


def test_errors_are_pages_for_pages(client) -> None:
    r = client.get("/ru/articles/999999")
    assert r.status_code == 404 and '<html lang="ru"' in r.text and "Не найдено" in r.text


@pytest.mark.parametrize("url", ["/ar/", "/api/articles", "/api/nothing", "/static/marsad.css", "/en/nothing"])
def test_security_headers_on_every_response(client, url) -> None:
    r = client.get(url)
    for name, value in SECURITY_HEADERS.items():
        assert r.headers.get(name) == value, (url, name)
    assert "default-src 'self'" in r.headers["content-security-policy"] and "unsafe-inline" not in r.headers["content-security-policy"]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))


def test_a_hostile_article_is_inert_text(client, archive) -> None:
    _, ids = archive
    for url in (f"/ar/articles/{ids['hostile']}", f"/en/entities/{ids['hostile_entity']}", "/ar/", "/en/search?q=عاجل", "/ru/articles"):
        html = client.get(url).text
        tags = _Tags()
        tags.feed(html)
        scripts = [a for t, a in tags.tags if t == "script"]
        assert scripts == [{"src": "/static/marsad.js", "defer": None}], url
        assert not [t for t, _ in tags.tags if t in ("img", "iframe", "i")], url
        assert not [(t, a) for t, a in tags.tags if any(k.startswith("on") for k in a)], url
        assert not [(t, a) for t, a in tags.tags if any("javascript:" in (v or "").lower() for v in a.values())], url
        assert RLO not in html, url  # shown as a marker, never applied
    html = client.get(f"/ar/articles/{ids['hostile']}").text
    assert "&lt;script&gt;window.__pwned=1" in html and 'title="U+202E"' in html
    api = client.get(f"/api/articles/{ids['hostile']}").json()
    assert api["title"] == HOSTILE_TITLE  # the API gives the data as it is: JSON is not HTML


def test_json_is_utf8_not_escaped(client, archive) -> None:
    _, ids = archive
    r = client.get(f"/api/articles/{ids['ar']}")
    assert "لافروف" in r.text and json.loads(r.text)["id"] == ids["ar"]


def test_serve_is_a_command() -> None:
    from marsad.cli import build_parser

    args = build_parser().parse_args(["serve", "--db", "x.db", "--port", "9000", "--token", "t"])
    assert (args.db, args.host, args.port, args.token) == ("x.db", "127.0.0.1", 9000, "t")
