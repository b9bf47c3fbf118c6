"""The web app in a real browser: Debian's headless Chromium driven by
Playwright (``executable_path=/usr/bin/chromium``; ``playwright install``
is not needed).  Skipped with the reason when either is missing.

Set MARSAD_WEB_SCREENSHOTS=DIR to also save the Arabic and Russian home,
article and entity pages there (docs/screenshots/ is made this way)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import warnings
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium")

pytest.importorskip("starlette", reason="the web app needs starlette (pip install starlette uvicorn jinja2 babel)")
pytest.importorskip("uvicorn", reason="the browser tests serve with uvicorn (pip install uvicorn)")
sync_api = pytest.importorskip("playwright.sync_api", reason="the browser tests need Playwright's Python package (pip install playwright)")
if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
    pytest.skip(f"the browser tests need Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)

import uvicorn  # noqa: E402

from marsad.web import create_app  # noqa: E402
from web_archive import shared  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path, ids = shared(tmp_path_factory)
    port = _free_port()
    config = uvicorn.Config(create_app(str(path)), host="127.0.0.1", port=port, log_level="warning", access_log=False)
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", ids
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pw = sync_api.sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
    except Exception as exc:  # a Chromium that cannot start here is a skip with its reason, not a failure
        pw.stop()
        pytest.skip(f"Chromium at {CHROMIUM} does not start: {str(exc).splitlines()[0]}")
    yield b
    b.close()
    pw.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    pg.problems = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda exc: pg.problems.append(f"pageerror: {exc}"))  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))  # type: ignore[attr-defined]
    pg.on("console", lambda m: pg.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)  # type: ignore[attr-defined]
    yield pg
    context.close()


def _shot(pg, name: str) -> None:
    folder = os.environ.get("MARSAD_WEB_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_three_languages_rtl_and_the_switch(server, page) -> None:
    base, _ = server
    page.goto(base + "/ar/")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    brand, langs = page.locator(".brand").bounding_box(), page.locator(".langs").bounding_box()
    assert brand["x"] > langs["x"]  # mirrored: the name on the right, the switch on the left
    assert any(d in page.locator(".counts").inner_text() for d in "٠١٢٣٤٥٦٧٨٩")  # Arabic-Indic digits
    _shot(page, "home-ar")
    page.click(".langs a[hreflang=ru]")
    page.wait_for_url(base + "/ru/")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ru", "ltr"]
    assert "Последние статьи" in page.inner_text("main")
    brand, langs = page.locator(".brand").bounding_box(), page.locator(".langs").bounding_box()
    assert brand["x"] < langs["x"]
    _shot(page, "home-ru")
    page.click(".langs a[hreflang=en]")
    page.wait_for_url(base + "/en/")
    assert "Latest articles" in page.inner_text("main")
    assert not page.problems  # type: ignore[attr-defined]


def test_search_with_highlights_and_facets(server, page) -> None:
    base, _ = server
    page.goto(base + "/ru/")
    page.keyboard.press("/")  # our script (a static file under the CSP) focuses the search box
    assert page.evaluate("document.activeElement.name") == "q"
    page.keyboard.type("Лавров OR Lavrov")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ru/search?q=*")
    hits = page.locator("ol.hits > li")
    assert hits.count() >= 3
    assert page.locator("ol.hits mark").count() >= 3
    page.click(".facets a[href*='lang=en']")
    page.wait_for_url("**lang=en**")
    assert page.locator("ol.hits > li").count() >= 1
    assert all(t == "en" for t in page.locator("ol.hits .title").evaluate_all("els => els.map(e => e.lang)"))
    assert not page.problems  # type: ignore[attr-defined]


def test_article_and_entity_pages(server, page) -> None:
    base, ids = server
    page.goto(f"{base}/ar/articles/{ids['ar']}")
    assert page.evaluate("getComputedStyle(document.querySelector('.reader')).direction") == "rtl"
    links = page.locator(f".reader a.ent[href='/ar/entities/{ids['lavrov']}']")
    assert links.count() >= 2
    assert page.locator(".reader .quote").count() == 1 and page.locator(".reader .fig").count() == 1
    _shot(page, "article-ar")
    links.first.click()
    page.wait_for_url(f"{base}/ar/entities/{ids['lavrov']}")
    assert page.locator("svg.chart rect.bar").count() == 3  # one bar per day
    assert page.locator("svg.graph circle").count() >= 3  # the entity and those named with it
    _shot(page, "entity-ar")
    page.goto(f"{base}/ru/articles/{ids['ru']}")
    _shot(page, "article-ru")
    page.goto(f"{base}/ru/entities/{ids['lavrov']}")
    assert "Упоминания во времени" in page.inner_text("main")
    _shot(page, "entity-ru")
    assert not page.problems  # type: ignore[attr-defined]


def test_injected_script_does_not_run(server, page) -> None:
    base, ids = server
    for url in (f"/ar/articles/{ids['hostile']}", f"/en/entities/{ids['hostile_entity']}", "/ar/", "/en/search?q=عاجل"):
        page.goto(base + url)
        page.wait_for_load_state("load")
        page.evaluate("""() => {  // what a reader's pointer and focus would fire, on every element
            for (const el of document.querySelectorAll('main *'))
                for (const type of ['mouseover', 'mouseenter', 'focus', 'click'])
                    if (!(type === 'click' && el.closest('a'))) el.dispatchEvent(new Event(type, {bubbles: true}));
        }""")
        assert page.evaluate("window.__pwned") is None, url
        assert page.evaluate("document.querySelectorAll('main img, main iframe, main [onerror], main [onload], main [onmouseover]').length") == 0, url
        assert page.evaluate("[...document.querySelectorAll('a')].filter(a => (a.getAttribute('href') || '').trim().toLowerCase().startsWith('javascript:')).length") == 0, url
        assert page.evaluate("document.scripts.length") == 1, url
    page.goto(f"{base}/ar/articles/{ids['hostile']}")
    text = page.inner_text(".reader")
    assert "<script>document.body.innerHTML='PWNED'" in text and "PWNED" != page.inner_text("body").strip()
    assert "U+202E" in text  # the override is shown, not applied
    assert not page.problems, page.problems  # type: ignore[attr-defined]
