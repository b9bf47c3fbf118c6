"""Plain-text page dumps: body blocks, headline, date line, site and credit lines."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.extract import textdump
from marsad.extract.textdump import DumpArticle, looks_like_dump, parse_dump

FIXTURES = Path(__file__).parent / "fixtures" / "dumps"
NBSP = "\u00a0"


def fixture(name: str) -> str:
    # newline="" keeps the fixture's own line endings (one of them is CRLF).
    with open(FIXTURES / name, encoding="utf-8", newline="") as fh:
        return fh.read()


def body_text(article: DumpArticle) -> str:
    return "\n".join(text for _, text in article.blocks)


def kinds(article: DumpArticle) -> list[str]:
    return [kind[0] for kind, _ in article.blocks]


def dump(*lines: str) -> str:
    """A dump in the scraper shape: ``None`` stands for an NBSP separator."""
    return "\n".join(NBSP if line is None else line for line in lines) + "\n"


# --------------------------------------------------------------------------
# Whole dumps in the three languages


def test_arabic_dump_metadata_leaves_the_body():
    art = parse_dump(fixture("ar_full.txt"))
    assert art.title == "بوتين يستقبل أمير قطر في الكرملين لبحث الاستثمارات والوساطة الإنسانية"
    assert art.date_line == "٢٢ أبريل"
    assert art.publisher == "روسيا اليوم"
    assert art.credit_lines == ["المصدر: رويترز"]
    body = body_text(art)
    for furniture in ("Ru En", "روسيا اليوم", "المصدر", "شارك", "فيسبوك", "اقرأ أيضا", "الأكثر قراءة",
                      "قطر تعلن عن مبادرة", "روسيا تختبر صاروخا", art.title, art.date_line):
        assert furniture not in body, furniture


def test_arabic_dump_keeps_subheadings_in_reading_order():
    art = parse_dump(fixture("ar_full.txt"))
    assert kinds(art) == ["p", "p", "h", "p", "p", "h", "p"]
    assert art.blocks[2] == ("heading", "الطاقة والغاز")
    assert art.blocks[5] == ("heading", "ملفات إقليمية")
    assert art.blocks[0][1].startswith("استقبل الرئيس الروسي")
    assert art.blocks[-1][1].endswith("وأفغانستان.")


def test_arabic_dump_related_link_inside_the_article_is_dropped_and_the_text_goes_on():
    art = parse_dump(fixture("ar_full.txt"))
    assert "قطر تعلن عن مبادرة جديدة للتعاون الإنساني" in art.dropped
    assert any(text.startswith("وقال مسؤول قطري") for _, text in art.blocks)


def test_arabic_dump_navigation_is_kept_for_debugging():
    art = parse_dump(fixture("ar_full.txt"))
    for row in ("Ru En", "شارك", "فيسبوك تويتر واتساب", "الأكثر قراءة", "روسيا تختبر صاروخا جديدا"):
        assert row in art.dropped


def test_russian_dump():
    art = parse_dump(fixture("ru_full.txt"))
    assert art.title == "Россия и Алжир договорились расширить сотрудничество в энергетике"
    assert art.date_line == "3 октября 2024, 11:20"
    assert art.credit_lines == ["Источник: ТАСС"]
    assert art.publisher is None
    assert kinds(art) == ["p", "p", "h", "p"]
    # The sub-heading after a "Читайте также" link is not taken for a link.
    assert art.blocks[2] == ("heading", "Поставки зерна")
    assert "Алжир увеличит закупки российской пшеницы" in art.dropped
    body = body_text(art)
    for furniture in ("Ар En", "Источник", "Поделиться", "Читайте также", "Самое читаемое", "Курс евро"):
        assert furniture not in body


def test_english_dump():
    art = parse_dump(fixture("en_full.txt"))
    assert art.title == "Oman and Russia discuss new shipping line to Novorossiysk"
    assert art.date_line == "Published: October 3, 2024"
    assert art.credit_lines == ["Source: Reuters"]
    assert kinds(art) == ["p", "h", "p"]
    assert art.blocks[0][1].startswith("MUSCAT, Oct 3 (Reuters) -")
    assert "Oman's Sohar port reports record throughput" not in body_text(art)


def test_crlf_bidi_marks_and_missing_parts():
    text = fixture("ar_marks.txt")
    assert "\r\n" in text and "\u200f" in text and "\u200b" in text  # the fixture is what we test
    art = parse_dump(text)
    assert art.title == "الكويت وروسيا توقعان مذكرة تفاهم في مجال التعليم العالي"
    assert art.date_line is None
    assert art.credit_lines == []
    assert art.publisher is None
    assert len(art.blocks) == 2
    for _, block in art.blocks:
        assert not any(ch in block for ch in "\r\u200f\u200b")
    assert "وزارة التعليم العالي الكويتية" in art.blocks[0][1]


def test_dump_of_one_paragraph():
    art = parse_dump(fixture("one_paragraph.txt"))
    assert art.title is None
    assert len(art.blocks) == 1
    assert art.blocks[0][0] == "paragraph"
    assert art.blocks[0][1].startswith("أعلنت وزارة الخارجية الأردنية")


def test_plain_text_paragraphs_and_headline():
    text = fixture("plain.txt")
    assert not looks_like_dump(text)
    art = parse_dump(text)
    assert art.title == "Russia and Egypt hold talks on grain and nuclear power"
    assert art.blocks == [
        (
            "paragraph",
            "Delegations from Russia and Egypt met in Cairo on Monday to discuss wheat deliveries "
            "and the construction of the El Dabaa nuclear power plant, officials said.",
        ),
        ("paragraph", "The two sides agreed to meet again before the end of the year."),
    ]


def test_plain_text_with_one_paragraph_per_long_line():
    first = "The first paragraph is one long line of text, as editors and exports save it. " * 2
    second = "The second paragraph is another long line that no fixed-width wrap would produce. " * 2
    art = parse_dump(f"A headline without a blank line after it\n{first.strip()}\n{second.strip()}\n")
    assert art.title == "A headline without a blank line after it"
    assert art.blocks == [("paragraph", first.strip()), ("paragraph", second.strip())]


def test_plain_text_without_a_headline():
    art = parse_dump("The first paragraph has a full sentence.\n\nSo does the second one.\n")
    assert art.title is None
    assert [k for k, _ in art.blocks] == ["paragraph", "paragraph"]


@pytest.mark.parametrize("text", ["", "\n\n", f"{NBSP}\n \n\u200f\n", "\r\n\r\n"])
def test_empty_inputs(text):
    art = parse_dump(text)
    assert art.blocks == [] and art.title is None and art.dropped == []


def test_a_lone_short_line_is_text_not_a_headline():
    art = parse_dump("Hello world")
    assert art.title is None
    assert art.blocks == [("paragraph", "Hello world")]


# --------------------------------------------------------------------------
# looks_like_dump


@pytest.mark.parametrize("name", ["ar_full.txt", "ar_marks.txt", "ru_full.txt", "en_full.txt", "one_paragraph.txt"])
def test_fixture_dumps_look_like_dumps(name):
    assert looks_like_dump(fixture(name))


@pytest.mark.parametrize(
    "text",
    [
        "A title\n\nOne paragraph of prose.\n\nAnother paragraph of prose.\n",
        "Просто текст без признаков выгрузки.\nВторая строка.\n",
        "نص عادي من دون أي علامات.\n\nفقرة ثانية.\n",
        "",
    ],
)
def test_plain_text_does_not_look_like_a_dump(text):
    assert not looks_like_dump(text)


def test_language_links_on_the_first_line_make_a_dump():
    assert looks_like_dump("Ru En\nعنوان\nفقرة.\n")
    assert not looks_like_dump("Ruins and empires\nA paragraph.\n")


# --------------------------------------------------------------------------
# Lines of each kind


@pytest.mark.parametrize(
    "line",
    [
        "١٥ مارس",
        "الخميس ١٤ نوفمبر ٢٠٢٤",
        "السبت ٩ نوفمبر ٢٠٢٤ - ٧ جمادى الأولى ١٤٤٦ هـ",
        "الأحد، 3 تشرين الأول 2021",
        "تاريخ النشر: 15/03/2024 10:30",
        "15 марта",
        "15 марта 2024 г., 10:30 мск",
        "Опубликовано: 15.03.2024",
        "сегодня, 10:30",
        "March 15, 2024",
        "Mar 15, 2024 | 10:30 GMT",
        "Updated 2024-03-15",
    ],
)
def test_date_lines(line):
    art = parse_dump(dump("Ru En", "Headline of the story", line, None, "A paragraph of the story."))
    assert art.date_line == line
    assert line not in body_text(art)


@pytest.mark.parametrize(
    "line",
    [
        "قمة مارس المقبلة تبحث ملف الطاقة",  # a month name in a headline-like line
        "15 марта в Москве открылась выставка",  # a date inside a sentence
        "In March 15 ministers met.",
        "Май",
    ],
)
def test_not_date_lines(line):
    art = parse_dump(dump("Ru En", "Headline of the story", None, line, None, "A paragraph of the story."))
    assert art.date_line is None


@pytest.mark.parametrize(
    "line",
    [
        "المصدر: رويترز",
        "المصدر : وكالة تاس",
        "المصدر: RT + وكالات",
        "(د ب أ)",
        "(أ.ف.ب)",
        "أ ف ب",
        "رويترز",
        "وكالات",
        "Источник: ТАСС",
        "(РИА Новости)",
        "По материалам Интерфакса",
        "Source: Reuters",
        "AFP",
    ],
)
def test_credit_lines(line):
    art = parse_dump(dump("Ru En", "Headline of the story", None, "A paragraph of the story.", None, line, "Share"))
    assert art.credit_lines == [line]
    assert line not in body_text(art)


@pytest.mark.parametrize(
    "line, publisher",
    [
        ("موقع روسيا اليوم", "روسيا اليوم"),
        ("روسيا اليوم", "روسيا اليوم"),
        ("arabic.rt.com", "arabic.rt.com"),
        ("https://www.example.org/", "example.org"),
        ("Сетевое издание «Волжский вестник»", "Волжский вестник"),
        ("RT Arabic", "RT Arabic"),
    ],
)
def test_site_lines(line, publisher):
    art = parse_dump(dump("Ru En", "Headline of the story", None, "A paragraph of the story.", None, line))
    assert art.publisher == publisher
    assert line not in body_text(art)


def test_site_prefix_inside_the_body_is_a_subheading():
    # "موقع الحادث" (the scene of the incident) begins like "موقع روسيا اليوم".
    art = parse_dump(
        dump("Ru En", "عنوان الخبر", None, "الفقرة الأولى من الخبر.", None, "موقع الحادث", None, "الفقرة الثانية.")
    )
    assert art.publisher is None
    assert ("heading", "موقع الحادث") in art.blocks


def test_navigation_rows_and_copyright():
    art = parse_dump(
        dump(
            "English Русский",
            "عنوان الخبر الرئيسي",
            None,
            "الفقرة الأولى من الخبر.",
            None,
            "تابعونا على تلغرام",
            "فيسبوك | تويتر | واتساب",
            "© 2024 جميع الحقوق محفوظة",
            "Facebook Twitter Telegram",
        )
    )
    assert art.blocks == [("paragraph", "الفقرة الأولى من الخبر.")]
    assert len(art.dropped) == 5


def test_byline_and_section_label():
    art = parse_dump(dump("Ru En", "سياسة", "عنوان الخبر الرئيسي هنا", "بقلم: سامر الخطيب", None, "الفقرة الأولى."))
    assert art.title == "عنوان الخبر الرئيسي هنا"
    assert art.byline == "سامر الخطيب"
    assert "سياسة" in art.dropped
    assert art.blocks == [("paragraph", "الفقرة الأولى.")]


def test_wrapped_dump_lines_are_joined_but_sentences_are_not():
    art = parse_dump(
        dump(
            "Ru En",
            "Headline",
            None,
            "This paragraph was saved over two lines because the scraper wrapped it at a fixed",
            "width, so the two lines are one paragraph.",
            "This one stands on its own line.",
        )
    )
    assert [t for _, t in art.blocks] == [
        "This paragraph was saved over two lines because the scraper wrapped it at a fixed "
        "width, so the two lines are one paragraph.",
        "This one stands on its own line.",
    ]


def test_trailing_short_lines_are_dropped():
    art = parse_dump(dump("Ru En", "Headline", None, "The only paragraph.", None, "Russia", "Egypt", "Energy"))
    assert art.blocks == [("paragraph", "The only paragraph.")]
    assert art.dropped[-3:] == ["Russia", "Egypt", "Energy"]


# --------------------------------------------------------------------------
# The words are data


def _code_strings(path: Path) -> list[str]:
    """String constants of a module, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_navigation_words_live_in_data_not_in_code():
    module = Path(textdump.__file__)
    data = tomllib.loads((module.parent.parent / "lang" / "textdump.toml").read_text(encoding="utf-8"))
    words = [
        w
        for group in ("lines", "related", "tail", "prefixes")
        for w in data["nav"][group]
    ] + data["credit"]["labels"] + data["site"]["prefixes"] + data["date"]["months"]
    # Arabic and Cyrillic words only: English ones ("related", "credit") are
    # also the names the code gives to kinds of lines.
    words = [w for w in words if not w.isascii() and len(w) > 3]
    strings = _code_strings(module)
    in_code = [w for w in words if any(w.casefold() in s.casefold() for s in strings)]
    assert in_code == []
    assert len(words) > 50  # the check has something to check


# --------------------------------------------------------------------------
# Properties

_ALPHABET = st.sampled_from(
    list("abc XYZ.,:()-") + ["\n", "\r\n", NBSP, "\u200f", "\u200b", "ب", "ت", "ر", " ", "Т", "А", "С", "١", "5"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=200).map("".join))
def test_parse_never_fails_and_blocks_are_clean(text):
    art = parse_dump(text)
    for kind, block in art.blocks:
        assert kind in ("heading", "paragraph")
        assert block and block == block.strip()
        assert not any(ch in block for ch in "\n\r\u200f\u200b")
    for line in art.credit_lines + art.dropped:
        assert line.strip()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Ru En", "Заголовок", "15 марта", "Абзац текста.", "Источник: ТАСС", "Поделиться", NBSP, "Читайте также", "Ссылка"]), max_size=12))
def test_metadata_lines_never_reach_the_body(lines):
    art = parse_dump("\n".join(lines))
    body = [text for _, text in art.blocks]
    for furniture in ("Ru En", "Источник: ТАСС", "Поделиться", "Читайте также", "15 марта"):
        assert furniture not in body
