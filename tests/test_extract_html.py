"""Main text and metadata out of HTML news pages (marsad.extract.html)."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.doc import build_text
from marsad.extract import html as H
from marsad.extract.html import HtmlArticle, drop_boilerplate, extract_html, is_clean_prose, vote

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def page(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def text_of(article: HtmlArticle) -> str:
    return build_text(article.blocks)[0]


@pytest.fixture(scope="module")
def en() -> HtmlArticle:
    return extract_html(page("en_article.html"), url="https://ledger.example/harbour/cranes")


@pytest.fixture(scope="module")
def ru() -> HtmlArticle:
    return extract_html(page("ru_article.html"))


@pytest.fixture(scope="module")
def ar() -> HtmlArticle:
    return extract_html(page("ar_article.html"))


# --- English -------------------------------------------------------------------


def test_english_body_paragraphs_in_reading_order(en: HtmlArticle) -> None:
    text = text_of(en)
    first = text.index("The two blue gantry cranes")
    quote = text.index('"We spent January painting railings')
    last = text.index("Local cafes near the quay")
    assert first < quote < last
    assert en.extractor in ("vote", "density")  # "density": clean prose, no vote needed


def test_english_sub_heading_is_a_heading_block_between_its_paragraphs(en: HtmlArticle) -> None:
    kinds = [kind for kind, _ in en.blocks]
    texts = [text for _, text in en.blocks]
    i = texts.index("A busier spring ahead")
    assert kinds[i] == "heading"
    assert texts[i - 1].startswith('"We spent January') and texts[i + 1].startswith("The harbour board")


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Harbour desk",  # navigation
        "Lighthouse keeper retires",  # sidebar list
        "weekend tide tables",  # promo box
        "my grandfather used to drive",  # reader comment
        "potholes",  # reader comment
        "All rights reserved",  # footer
        "Privacy policy",  # footer
    ],
)
def test_english_boilerplate_is_left_out(en: HtmlArticle, boilerplate: str) -> None:
    assert boilerplate not in text_of(en)


def test_english_metadata(en: HtmlArticle) -> None:
    assert en.title == "Harbour cranes return to Port Merrow after a long winter"
    assert en.sitename == "The Coastal Ledger"
    assert en.author == "Nadia Fenwick"
    assert en.date == "2024-03-14"


def test_blocks_are_stripped_and_one_per_paragraph(en: HtmlArticle) -> None:
    assert all(kind in ("heading", "paragraph") for kind, _ in en.blocks)
    assert all(text == " ".join(text.split()) and text for _, text in en.blocks)
    assert sum(1 for kind, _ in en.blocks if kind == "paragraph") == 6


# --- Russian: an old table layout, loose text split by <br> -------------------------


def test_russian_loose_text_becomes_paragraphs(ru: HtmlArticle) -> None:
    paragraphs = [text for kind, text in ru.blocks if kind == "paragraph"]
    assert any(p.startswith("Вчера днём в Заречье") and p.endswith("почти два года.") for p in paragraphs)
    assert any(p.startswith("По словам главы района") for p in paragraphs)
    assert any(p.startswith("Жители уже назвали") for p in paragraphs)


def test_russian_sub_heading_kept(ru: HtmlArticle) -> None:
    assert ("heading", "Что будет дальше") in ru.blocks


@pytest.mark.parametrize(
    "boilerplate",
    ["Главная", "Происшествия", "Реклама на сайте", "ждали этот мост", "парковку", "Все права защищены", "Читайте также"],
)
def test_russian_boilerplate_is_left_out(ru: HtmlArticle, boilerplate: str) -> None:
    assert boilerplate not in text_of(ru)


def test_russian_metadata_from_title_and_visible_date(ru: HtmlArticle) -> None:
    # no OpenGraph here: the headline and site come from "Site :: Headline"
    assert ru.title == "В Заречье открыли новый мост через реку Светлую"
    assert ru.sitename == "Новости Заречья"
    assert ru.date == "2024-03-14"
    assert ru.author is None


# --- Arabic --------------------------------------------------------------------


def test_arabic_body_and_sub_heading(ar: HtmlArticle) -> None:
    text = text_of(ar)
    assert text.count("\n\n") >= 5
    assert "افتتح محافظ مدينة الواحة" in text and "ويستمر السوق حتى نهاية الأسبوع" in text
    assert ("heading", "برنامج ثقافي مرافق") in ar.blocks


@pytest.mark.parametrize("boilerplate", ["الرئيسية", "الأكثر قراءة", "أمطار غزيرة", "مبادرة رائعة", "جميع الحقوق", "اقرأ أيضاً"])
def test_arabic_boilerplate_is_left_out(ar: HtmlArticle, boilerplate: str) -> None:
    assert boilerplate not in text_of(ar)


def test_arabic_metadata(ar: HtmlArticle) -> None:
    assert ar.title == "افتتاح سوق الكتاب السنوي في مدينة الواحة"
    assert ar.sitename == "صحيفة النخيل"
    assert ar.author == "سلمى الخطيب"
    assert ar.date == "2024-02-05"


# --- broken input ----------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n ",
        "<!-- only a comment -->",
        "<html><head><title>Nothing here</title></head><body></body></html>",
        "<html><body>   </body></html>",
        "<?xml version='1.0' encoding='utf-8'?><html><body></body></html>",
    ],
)
def test_empty_or_bodiless_pages_give_no_blocks(html: str) -> None:
    article = extract_html(html)
    assert article.blocks == [] and article.extractor == "none"


def test_empty_body_still_has_its_title() -> None:
    article = extract_html("<html><head><title>Nothing here</title></head><body></body></html>")
    assert article.title == "Nothing here" and article.blocks == []


@pytest.mark.parametrize("name", ["en_article.html", "ru_article.html", "ar_article.html"])
def test_truncated_page_keeps_what_arrived(name: str) -> None:
    html = page(name)
    cut = html[: html.index("</p>", len(html) // 2)]  # mid-article, tags left open
    article = extract_html(cut)
    assert article.blocks, "the paragraphs before the cut are still an article"
    assert all(kind in ("heading", "paragraph") for kind, _ in article.blocks)


def test_control_characters_and_xml_declaration_are_tolerated() -> None:
    body = "".join(f"<p>Sentence number {i} about the harbour, the cranes and the barges.\x00</p>" for i in range(8))
    html = f"<?xml version='1.0' encoding='windows-1251'?><html><body><article>{body}</article></body></html>"
    article = extract_html(html)
    assert "Sentence number 3 about the harbour" in text_of(article)
    assert "\x00" not in text_of(article) and "\ufffd" not in text_of(article)


@pytest.mark.parametrize("charset", ["windows-1251", "koi8-r", "utf-8"])
def test_a_declared_charset_does_not_change_decoded_text(charset: str) -> None:
    # The markup arrives decoded: the page's own charset speaks of its bytes,
    # and reading the text through it again would garble every Cyrillic letter.
    body = "".join(f"<p>Абзац номер {i}: краны, баржи и причалы порта работают.</p>" for i in range(8))
    html = f'<html><head><meta charset="{charset}"><title>Порт</title></head><body><article>{body}</article></body></html>'
    article = extract_html(html)
    assert article.title == "Порт"
    assert "Абзац номер 3: краны, баржи и причалы порта работают." in text_of(article)


def test_a_lone_surrogate_is_tolerated() -> None:
    body = "".join(f"<p>Sentence number {i} about the harbour, the cranes and the barges.\ud800</p>" for i in range(8))
    article = extract_html(f"<html><body><article>{body}</article></body></html>")
    assert "Sentence number 3 about the harbour" in text_of(article)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(["<p>", "</p>", "<div class='x'>", "</div>", "<br>", "<h2>", "<a href=", ">", "&amp;", "<", "\n"])
        | st.text(alphabet="abc Слово كلمة,.", max_size=30),
        max_size=60,
    ).map("".join)
)
def test_arbitrary_markup_never_crashes(html: str) -> None:
    article = extract_html(html)
    assert isinstance(article.blocks, list)
    assert all(kind in ("heading", "paragraph") and text.strip() == text and text for kind, text in article.blocks)


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown mode"):
        extract_html("<p>x</p>", mode="magic")


# --- the parts -------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["trafilatura", "density"])
def test_each_extractor_alone_finds_the_english_article(mode: str) -> None:
    article = extract_html(page("en_article.html"), mode=mode)
    assert article.extractor == mode
    assert "The harbour board expects about forty barges" in text_of(article)


def test_trafilatura_alone_keeps_the_layout_table_rows_the_vote_drops() -> None:
    alone = text_of(extract_html(page("ru_article.html"), mode="trafilatura"))
    voted = text_of(extract_html(page("ru_article.html")))
    assert "Главная" in alone and "Главная" not in voted


def test_no_reader_changes_the_shared_tree() -> None:
    tree = H.parse_html(page("en_article.html"))
    assert tree is not None
    before = lxml.html.tostring(tree)
    H.page_metadata(tree)
    H.page_date(tree, None)
    H.trafilatura_blocks(tree, None)
    assert H.density_blocks(tree)
    assert lxml.html.tostring(tree) == before


def test_density_text_skips_menus_hidden_parts_and_controls_but_keeps_their_tails() -> None:
    html = (
        "<html><body><div class='story'>"
        f"<p>{LONG} One.</p><div class='share-row'>Share on Facebook</div>"
        f"<p>{LONG} Two.<span style='display: none'>hidden words</span> Still two.</p>"
        f"<p><button>Click</button>{LONG} Three.<br>Line after a break.</p><nav>Sections</nav>"
        "</div></body></html>"
    )
    tree = H.parse_html(html)
    assert tree is not None
    texts = [text for _, text in H.density_blocks(tree)]
    assert texts == [f"{LONG} One.", f"{LONG} Two. Still two.", f"{LONG} Three.", "Line after a break."]


LONG = "This sentence is long enough to look like a real paragraph of an article, with a full stop."


def test_clean_prose_is_long_sentence_paragraphs_with_few_short_lines() -> None:
    prose = [("paragraph", f"{LONG} Part {i}.") for i in range(6)]
    assert is_clean_prose(prose)
    assert is_clean_prose([("heading", "A sub-heading"), *prose, ("paragraph", "Photo: the quay")])
    assert not is_clean_prose(prose[:2])  # too short to judge
    teasers = [("paragraph", f"Teaser number {i}") for i in range(3)]
    assert is_clean_prose(prose + teasers)  # a few short lines
    assert not is_clean_prose(prose + teasers * 2)  # a headline list inside the container
    legal = ("paragraph", f"{LONG} Copyright 2024, all rights reserved by the publisher of this page.")
    assert not is_clean_prose(prose[:3] + [legal] * 3)


def _page(paragraphs: list[str], extra: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><body><div class='story'>{body}{extra}</div><div><a href='/'>Home</a></div></body></html>"


def test_clean_prose_page_skips_trafilatura_and_the_vote(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_trafilatura(tree: object, url: object) -> list[H.Block]:
        raise AssertionError("trafilatura should not run on a clean page")

    monkeypatch.setattr(H, "trafilatura_blocks", no_trafilatura)
    article = extract_html(_page([f"{LONG} Paragraph {i}." for i in range(6)]))
    assert article.extractor == "density" and len(article.blocks) == 6


def test_a_container_with_short_lines_goes_to_the_vote() -> None:
    teasers = "".join(f"<p><a href='/{i}'>Other story {i}</a></p><p>Caption {i}</p>" for i in range(6))
    article = extract_html(_page([f"{LONG} Paragraph {i}." for i in range(6)], teasers))
    assert article.extractor != "density"
    assert "Paragraph 5" in text_of(article)


def test_vote_mode_leaves_the_tree_for_trafilatura_unpruned(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bytes] = []
    real = H.trafilatura_blocks

    def spy(tree: lxml.html.HtmlElement, url: str | None) -> list[H.Block]:
        seen.append(lxml.html.tostring(tree))
        return real(tree, url)

    monkeypatch.setattr(H, "trafilatura_blocks", spy)
    html = _page([f"{LONG} Paragraph {i}." for i in range(2)], "<nav class='menu'>Sections</nav>")
    extract_html(html)
    assert seen and b"menu" in seen[0]  # the density extractor pruned a copy


def test_extensive_date_reuses_the_tree_extract_html_just_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    html = DATE_IN_TEXT.replace("</body>", f"<p>{LONG}</p></body>")
    extract_html(html, extensive_date=False)
    parsed = lxml.html.tostring(H._LOCAL.last_page[1])
    assert parsed == lxml.html.tostring(H.parse_html(html))  # left as parsed

    def no_parse(markup: str) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(H, "parse_html", no_parse)
    assert H.extensive_page_date(html) == "2024-03-14"
    with pytest.raises(AssertionError, match="parsed again"):
        H.extensive_page_date(html + " ")  # another page


def test_vote_drops_blocks_the_density_text_does_not_support() -> None:
    article = [("paragraph", f"{LONG} Part {i} of the story told here.") for i in range(4)]
    extra = [("paragraph", "Five other headlines from elsewhere on the site today")]
    blocks, how = vote(article + extra, article)
    assert how == "vote" and blocks == article


def test_vote_keeps_an_unsupported_block_between_supported_ones() -> None:
    a, b = ("paragraph", f"{LONG} First."), ("paragraph", f"{LONG} Third and last.")
    caption = ("paragraph", "Photo caption only one extractor kept")
    blocks, _ = vote([a, caption, b], [a, b])
    assert blocks == [a, caption, b]


def test_vote_on_disagreement_takes_the_output_with_more_sentences() -> None:
    prose = [("paragraph", f"{LONG} Number {i}.") for i in range(3)]
    links = [("paragraph", "Short teaser one"), ("paragraph", "Short teaser two")]
    assert vote(links, prose) == (prose, "density")
    assert vote(prose, links) == (prose, "trafilatura")


def test_vote_with_one_side_empty_takes_the_other() -> None:
    blocks = [("paragraph", LONG)]
    assert vote(blocks, []) == (blocks, "trafilatura")
    assert vote([], blocks) == (blocks, "density")


@pytest.mark.parametrize(
    "line",
    [
        "Read more",
        "Share this article",
        "© 2024 The Coastal Ledger",
        "Подписывайтесь на наш канал в Telegram",
        "Читайте также: новости города",
        "اقرأ أيضاً",
        "جميع الحقوق محفوظة 2024",
    ],
)
def test_boilerplate_lines_are_dropped(line: str) -> None:
    assert drop_boilerplate([("paragraph", line)]) == []


def test_boilerplate_words_inside_prose_are_kept() -> None:
    prose = ("paragraph", "The court said copyright law did not cover the recipe, and readers were told to read more closely.")
    assert drop_boilerplate([prose]) == [prose]


def test_vote_runs_on_into_prose_but_stops_at_a_headline_list() -> None:
    a = ("paragraph", "Ships queued outside the harbour for most of the morning, waiting for the fog to lift.")
    b = ("paragraph", "Pilots said visibility at the entrance dropped to a few metres before ten o'clock.")
    more = ("paragraph", "By noon the first vessels were moving again, and the queue had cleared by the evening.")
    headlines = [
        ("paragraph", "Another story from today"),
        ("paragraph", "A separate report about the council budget, with its own long and complete sentence."),
    ]
    blocks, how = vote([a, b, more, *headlines], [a, b])
    assert how == "vote" and blocks == [a, b, more]


def test_a_long_legal_notice_does_not_outscore_a_short_article() -> None:
    legal = (
        "Все права на материалы сайта защищены, перепечатка, копирование, воспроизведение, распространение, "
        "а также иное использование материалов, в том числе частичное, допускается только с письменного "
        "разрешения редакции, правообладателя, при этом ссылка на сайт, автора, источник обязательна. "
    )
    story = ["Город открыл новый мост, и жители, по словам мэра, довольны.", "Строительство, начатое весной, закончилось, как и обещали, в срок."]
    html = (
        "<html><body><div class='news'>" + "".join(f"<p>{p} {p}</p>" for p in story) + "</div>"
        f"<div class='legal'><p>{legal}</p><p>{legal}</p><p>{legal}</p></div></body></html>"
    )
    tree = H.parse_html(html)
    assert tree is not None
    text = build_text(H.density_blocks(tree))[0]
    assert "Город открыл новый мост" in text and "Все права" not in text


DATE_IN_TEXT = "<html><body><p>Опубликовано: 14.03.2024</p><p>Короткая заметка о погоде.</p></body></html>"


def test_extensive_date_search_reads_visible_text_and_can_be_turned_off() -> None:
    assert extract_html(DATE_IN_TEXT).date == "2024-03-14"
    assert extract_html(DATE_IN_TEXT, extensive_date=False).date is None


def test_a_bare_copyright_year_is_not_a_publication_date() -> None:
    tree = H.parse_html("<html><body><p>Story text without any date.</p><div>Copyright © 2011 Example News</div></body></html>")
    assert tree is not None
    assert H.page_date(tree, None) is None


def test_line_breaks_split_paragraphs_instead_of_gluing_words() -> None:
    lines = [f"Line {word} of a long paragraph, with commas, and plenty of other words." for word in ("one", "two", "three")]
    html = "<html><body><article><p>" + "<br>".join(lines) + "</p>" + "<p>" + " ".join(lines) + "</p></article></body></html>"
    blocks = extract_html(html, mode="density").blocks
    assert [text for _, text in blocks[:3]] == lines


def test_site_name_is_taken_off_the_headline() -> None:
    html = (
        "<html><head><meta property='og:title' content='Bridge opens downtown | City Weekly'>"
        "<meta property='og:site_name' content='City Weekly'></head><body><p>Text.</p></body></html>"
    )
    article = extract_html(html)
    assert article.title == "Bridge opens downtown" and article.sitename == "City Weekly"


# --- the date from the page's metadata ---------------------------------------------


def _dated_page(head: str) -> str:
    return f"<html><head>{head}</head><body><p>{LONG}</p><p>Posted 2020-01-02</p></body></html>"


def _no_htmldate(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("htmldate should not run")

    monkeypatch.setattr(H, "page_date", fail)


def test_an_iso_publication_time_in_meta_is_the_date_without_htmldate(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_htmldate(monkeypatch)
    html = _dated_page("<meta property='article:published_time' content='2024-03-14T23:30:00-05:00'>")
    assert extract_html(html).date == "2024-03-14"


def test_json_ld_date_published_is_read_though_scripts_are_stripped(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_htmldate(monkeypatch)
    ld = '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Bridge opens", "datePublished": "2023-11-05T08:00:00Z"}'
    article = extract_html(_dated_page(f"<script type='application/ld+json'>{ld}</script>"))
    assert article.date == "2023-11-05" and article.title == "Bridge opens"


def test_htmldate_decides_when_the_url_has_a_date_or_the_field_is_not_iso() -> None:
    meta = "<meta name='pubdate' content='2024-03-15T01:00:00Z'>"
    assert extract_html(_dated_page(meta), "https://example.com/2024/03/14/bridge").date == "2024-03-14"
    rfc = _dated_page("<meta name='date' content='Thu, 14 Mar 2024 10:00:00 GMT'>")
    assert H.page_metadata(H.parse_html(rfc)).published is None  # type: ignore[arg-type]
    future = _dated_page("<meta name='date' content='2999-01-01'>")
    assert H.page_metadata(H.parse_html(future)).published is None  # type: ignore[arg-type]


def test_trafilatura_reads_only_the_region_around_the_density_container(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bytes] = []
    real = H.trafilatura_blocks

    def spy(tree: lxml.html.HtmlElement, url: str | None) -> list[H.Block]:
        seen.append(lxml.html.tostring(tree))
        return real(tree, url)

    monkeypatch.setattr(H, "trafilatura_blocks", spy)
    story = "".join(f"<p>{LONG} Paragraph {i}.</p>" for i in range(4))
    story += "".join(f"<p>Caption {i}</p>" for i in range(6))  # short lines: not clean prose
    html = (
        "<html><body><div class='site'><div class='far'><p>A far corner of the site, its own region.</p></div>"
        "<div class='page'><div>Section</div><div class='col'><div>Related</div>"
        f"<div class='inner'><div>Byline</div><div class='story'>{story}</div></div></div></div>"
        "</div></body></html>"
    )
    article = extract_html(html)
    assert seen and b"Paragraph 3" in seen[0] and b"far corner" not in seen[0]
    assert article.extractor == "vote" and "Paragraph 3" in text_of(article)
    assert lxml.html.tostring(H._LOCAL.last_page[1]).count(b"far corner") == 1  # the page itself is whole


def test_an_archived_pages_wayback_toolbar_is_not_read() -> None:
    body = "<p>" + "The ministers met in Doha on Monday to discuss grain deliveries and prices. " * 4 + "</p>"
    page = (
        "<html><head><title>Ministers meet in Doha</title></head><body>"
        '<div id="wm-ipp-base"><div id="wm-ipp">Wayback Machine toolbar: 123 captures, go back, share</div></div>'
        f"<article><h1>Ministers meet in Doha</h1>{body}{body}</article></body></html>"
    )
    article = extract_html(page)
    text = build_text(article.blocks)[0]
    assert "Doha on Monday" in text
    assert "Wayback" not in text and "captures" not in text
    # gone from the parsed tree itself, which the page-date readers share
    tree = H.parse_html(page)
    assert tree is not None and tree.xpath('//*[starts-with(@id, "wm-ipp")]') == []
    assert tree.xpath("//article")
