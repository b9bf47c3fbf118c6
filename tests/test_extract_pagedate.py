"""htmldate's date search run on Marsad's tree without a copy (marsad.extract.pagedate)."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from htmldate import find_date

from marsad.extract import pagedate
from marsad.extract.html import parse_html
from marsad.extract.pagedate import markup_date

FIXTURES = Path(__file__).parent / "fixtures" / "html"

# One page per place htmldate finds a date in, in the project's own words.
PAGES = {
    "meta": '<html><head><meta name="pubdate" content="14 March 2024"></head><body><p>Текст заметки.</p></body></html>',
    "canonical url": '<html><head><link rel="canonical" href="https://ledger.example/2024/03/14/cranes"></head>'
    "<body><p>The harbour cranes arrived.</p></body></html>",
    "time element": '<html><body><h1>Мост открыт</h1><time datetime="2023-11-28T10:15:00+03:00">28 ноября</time>'
    "<p>Город открыл новый мост.</p></body></html>",
    "date class": '<html><body><div class="post-date">Posted 14.03.2024</div><p>The harbour cranes arrived.</p>'
    "</body></html>",
    "label inside the date element": '<html><body><div class="post-date"><label>2019-01-01 00:00</label>'
    "Posted 14.03.2024</div><p>The harbour cranes arrived.</p></body></html>",
    "date element inside a label": '<html><body><label><span class="date">01.02.2020</span></label>'
    '<span class="date">14.03.2024</span><p>Text.</p></body></html>',
    "timestamp in an attribute": '<html><body><div data-x="2022-05-06T07:08:09">Город открыл новый мост.</div>'
    "</body></html>",
    "free text": "<html><body><p>Опубликовано: 14.03.2024</p><p>Короткая заметка о погоде.</p></body></html>",
    "bare copyright year": "<html><body><p>Story text without any date.</p><div>Copyright © 2011 Example News</div>"
    "</body></html>",
    "nothing": "<html><body><p>Story text without any date.</p></body></html>",
}


def trees() -> list[tuple[str, str]]:
    fixtures = [(path.name, path.read_text(encoding="utf-8")) for path in sorted(FIXTURES.glob("*.html"))]
    return fixtures + list(PAGES.items())


@pytest.mark.parametrize("extensive", [False, True], ids=["fast", "extensive"])
@pytest.mark.parametrize("name, html", trees(), ids=[name for name, _ in trees()])
def test_the_answer_is_htmldates_and_the_tree_is_left_as_it_is(name: str, html: str, extensive: bool) -> None:
    tree = parse_html(html)
    assert tree is not None
    before = lxml.html.tostring(tree)
    expected = find_date(parse_html(html), extensive_search=extensive, original_date=True)
    assert markup_date(tree, None, extensive=extensive) == expected
    assert lxml.html.tostring(tree) == before


def test_each_place_is_read() -> None:
    found = {name: markup_date(parse_html(html), None) for name, html in PAGES.items()}  # type: ignore[arg-type]
    assert found["meta"] == found["canonical url"] == found["date class"] == "2024-03-14"
    assert found["label inside the date element"] == "2024-03-14"  # the label is pruned, as htmldate does
    assert found["date element inside a label"] == "2024-03-14"
    assert found["time element"] == "2023-11-28"
    assert found["timestamp in an attribute"] == "2022-05-06"
    assert found["free text"] is None  # only the extensive search reads free text
    assert markup_date(parse_html(PAGES["free text"]), None, extensive=True) == "2024-03-14"  # type: ignore[arg-type]


def test_a_url_given_is_read_first() -> None:
    tree = parse_html(PAGES["date class"])
    assert tree is not None
    assert markup_date(tree, "https://ledger.example/2023/12/01/cranes") == "2023-12-01"


def test_the_extensive_search_after_the_fast_one_serializes_the_page_once(monkeypatch: pytest.MonkeyPatch) -> None:
    steps = pagedate._htmldate()
    assert steps is not None
    calls = []
    serialize = steps.serialize
    monkeypatch.setattr(steps, "serialize", lambda tree: calls.append(tree) or serialize(tree))
    tree = parse_html(PAGES["free text"])
    assert tree is not None
    assert markup_date(tree, None) is None
    assert markup_date(tree, None, extensive=True) == "2024-03-14"
    assert len(calls) == 1
    other = parse_html(PAGES["free text"])  # another tree: its own markup
    assert markup_date(other, None, extensive=True) == "2024-03-14"
    assert len(calls) == 2


def test_without_htmldates_steps_find_date_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagedate, "_htmldate", lambda: None)
    tree = parse_html(PAGES["date class"])
    assert tree is not None
    assert markup_date(tree, None) == "2024-03-14"


def test_candidate_cues_cover_htmldates_test() -> None:
    """Every element htmldate's own test takes has one of the cue words."""
    steps = pagedate._htmldate()
    assert steps is not None
    names = ["post-date", "pubDate", "datum", "Meta", "time", "publishing", "footer-x", "byline", "fa-calendar",
             "subline", "field-content", "fecha", "parution", "created-post", "info", "autor", "nothing", "DATE"]
    for name in names:
        for attribute in ("class", "id", "itemprop"):
            elem = lxml.html.fragment_fromstring(f'<span {attribute}="{name}">x</span>')
            if steps.is_candidate(elem):
                assert pagedate._CUES.search(name), (attribute, name)
