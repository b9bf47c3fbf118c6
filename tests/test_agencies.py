"""News agency credits: names in ar/ru/en, credit versus citation, evidence."""

from __future__ import annotations

import time
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.doc import Document, Source, build_text
from marsad.extract.textdump import parse_dump
from marsad.pipeline import get_stage
from marsad.stages import agencies
from marsad.stages.agencies import credited, find_agencies, match_agencies

DATA = tomllib.loads(
    (Path(agencies.__file__).parent.parent / "lang" / "agencies.toml").read_text(encoding="utf-8")
)
FIXTURES = Path(__file__).parent / "fixtures" / "dumps"


def article(*paragraphs: str, **fields) -> Document:
    text, paras, heads = build_text([("paragraph", p) for p in paragraphs])
    return Document(text=text, paragraphs=paras, headings=heads, **fields)


def found(doc: Document) -> dict[str, str]:
    """{id: how} after the stage."""
    return {a.id: a.how for a in find_agencies(doc).agencies}


def ids(text: str) -> list[str]:
    return [m.id for m in match_agencies(text)]


FILLER = "وقال المسؤول إن المحادثات تناولت التعاون الاقتصادي بين البلدين وسبل تطويره في المرحلة المقبلة."


# --------------------------------------------------------------------------
# Names in running text


@pytest.mark.parametrize(
    "text, agency",
    [
        ("(رويترز)", "reuters"),
        ("وقال لرويترز إن", "reuters"),
        ("وكالة رويترز", "reuters"),
        ("رويترز –", "reuters"),
        ("أ.ف.ب", "afp"),
        ("ا ف ب", "afp"),
        ("(أ ف ب)", "afp"),
        ("وكالة فرانس برس", "afp"),
        ("د.ب.أ", "dpa"),
        ("(د ب أ)", "dpa"),
        ("وكالة الأنباء السعودية (واس)", "spa"),
        ("وللأناضول", "anadolu"),
        ("نقلت وكالة تاس", "tass"),
        ("ريا نوفوستي", "ria"),
        ("شينخوا", "xinhua"),
        ("وكالة أنباء الإمارات", "wam"),
        ("أ ش أ", "mena"),
        ("وكالة الأنباء القطرية", "qna"),
        ("الوكالة الوطنية للإعلام", "nna"),
        ("ТАСС", "tass"),
        ("ИТАР-ТАСС", "tass"),
        ("РИА Новости", "ria"),
        ("агентство Рейтер", "reuters"),
        ("агентства Рейтерс", "reuters"),
        ("Франс Пресс", "afp"),
        ("Франс-Пресс", "afp"),
        ("сообщил Интерфаксу", "interfax"),
        ("ИНТЕРФАКС", "interfax"),
        ("Синьхуа", "xinhua"),
        ("Ёнхап", "yonhap"),
        ("(Reuters) -", "reuters"),
        ("AFP", "afp"),
        ("Agence France-Presse", "afp"),
        ("Agence France Presse", "afp"),
        ("the Associated Press", "ap"),
        ("Bloomberg News", "bloomberg"),
        ("Xinhua", "xinhua"),
        ("dpa", "dpa"),
    ],
)
def test_names(text, agency):
    assert set(ids(text)) == {agency}


@pytest.mark.parametrize(
    "text",
    [
        "spa resort and wellness",  # SPA only in capitals
        "قناة الجزيرة",  # قنا inside قناة
        "زرنا البتراء الأثرية",  # بترا inside البتراء
        "مكان واسع جدا",  # واس inside واسع
        "الفصل التاسع",  # تاس inside التاسع
        "APPLE MAPS TAPE SPAIN",  # abbreviations inside words
        "Reutersville is a town",
        "Тассо и Интерфаксовский",
        "يكونان",  # كونا inside a word
        "",
    ],
)
def test_no_names_in_ordinary_words(text):
    assert ids(text) == []


def test_match_offsets_point_at_the_name_without_the_proclitic():
    text = "وقال لرويترز إن"
    (m,) = match_agencies(text)
    assert text[m.start : m.end] == m.name == "رويترز"
    assert m.clitic == "ل"


def test_ambiguous_forms_are_marked():
    assert [m.ambiguous for m in match_agencies("قنا رويترز SPA AFP")] == [True, False, True, False]


def test_every_listed_form_matches_itself():
    for agency_id, entry in DATA["agency"].items():
        for lang in ("ar", "ru", "en"):
            for form in entry.get(lang, ()):
                matches = list(match_agencies(form))
                assert [(m.id, m.name) for m in matches] == [(agency_id, form)], form


def test_data_is_consistent():
    seen: dict[str, str] = {}
    for agency_id, entry in DATA["agency"].items():
        assert agency_id.replace("_", "").isalpha() and agency_id.islower()
        forms = [f for lang in ("ar", "ru", "en") for f in entry.get(lang, ())]
        assert forms and entry["name"]
        assert set(entry.get("ambiguous", ())) <= set(forms), agency_id
        assert entry.get("kind", "agency") in ("agency", "media")
        for form in forms:
            assert seen.setdefault(form, agency_id) == agency_id, f"{form} is claimed twice"


def test_short_arabic_forms_that_are_common_words_are_ambiguous():
    ambiguous = {f for e in DATA["agency"].values() for f in e.get("ambiguous", ())}
    for word in ("بترا", "قنا", "بنا", "وام", "واس", "وفا", "ومع", "كونا", "سانا", "العمانية"):
        assert word in ambiguous, word


# --------------------------------------------------------------------------
# The stage: evidence


def test_stage_is_registered():
    st_ = get_stage("marsad.agencies.v1")
    assert "text" in st_.requires and "hints" in st_.requires and st_.assigns == ("agencies",)


@pytest.mark.parametrize(
    "line, agency",
    [
        ("المصدر: رويترز", "reuters"),
        ("المصدر: وكالة تاس", "tass"),
        ("(د ب أ)", "dpa"),
        ("Источник: ТАСС", "tass"),
        ("По материалам Интерфакса", "interfax"),
        ("Source: Reuters", "reuters"),
        ("المصدر: وكالة قنا", "qna"),  # an ambiguous form on a credit line counts
    ],
)
def test_credit_line_hints(line, agency):
    doc = article(FILLER, hints={"credit_lines": [line]})
    credits = find_agencies(doc).agencies
    assert [(a.id, a.how, a.span) for a in credits] == [(agency, "credit-line", None)]


def test_credit_line_with_several_sources():
    doc = article(FILLER, hints={"credit_lines": ["المصدر: RT + وكالات"]})
    assert found(doc) == {"rt": "credit-line"}


@pytest.mark.parametrize(
    "lead, agency, name",
    [
        ("موسكو (رويترز) - قال الكرملين إن المحادثات ستستمر.", "reuters", "رويترز"),
        ("القاهرة (د ب أ) - أعلنت وزارة الخارجية المصرية عن زيارة مرتقبة.", "dpa", "د ب أ"),
        ("القاهرة - أ ش أ: استقبل وزير الخارجية نظيره الروسي.", "mena", "أ ش أ"),
        ("الرياض - واس: عقد مجلس الوزراء جلسته الأسبوعية.", "spa", "واس"),
        ("الدوحة-قنا: بحث الجانبان سبل التعاون.", "qna", "قنا"),
        ("МОСКВА, 15 марта. /ТАСС/. Президент России провел переговоры.", "tass", "ТАСС"),
        ("МОСКВА, 12 ноя — РИА Новости. Специалисты завершили монтаж.", "ria", "РИА Новости"),
        ("Казань. 15 мая. ИНТЕРФАКС - Форум открылся в среду.", "interfax", "ИНТЕРФАКС"),
        ("MOSCOW, March 15 (Reuters) - Russia said on Friday it would keep talking.", "reuters", "Reuters"),
        ("DOHA, Qatar (AP) — Officials met on Wednesday.", "ap", "AP"),
        ("BEIJING, Oct. 8 (Xinhua) -- China and Russia signed an accord.", "xinhua", "Xinhua"),
    ],
)
def test_leads(lead, agency, name):
    doc = find_agencies(article(lead, FILLER))
    (credit,) = doc.agencies
    assert (credit.id, credit.how, credit.name) == (agency, "lead", name)
    assert doc.text[credit.span.start : credit.span.end] == name
    assert credited(doc) == [agency]


@pytest.mark.parametrize(
    "paragraphs",
    [
        # A citation in the first paragraph, after a proclitic or a verb.
        ("وقال وزير الخارجية لرويترز إن المحادثات كانت مثمرة.", FILLER),
        ("Officials told Reuters on Friday that talks would go on.", FILLER),
        ("Переговоры продолжатся, сообщает ТАСС со ссылкой на источник.", FILLER),
        # A citation further down the article.
        (FILLER, FILLER, "وقالت وكالة تاس إن الجانبين وقعا مذكرة تفاهم.", FILLER),
    ],
)
def test_citations_are_not_credits(paragraphs):
    doc = find_agencies(article(*paragraphs))
    assert credited(doc) == []
    assert [a.how for a in doc.agencies] == ["cited"]
    (cited,) = doc.agencies
    assert doc.text[cited.span.start : cited.span.end] == cited.name


@pytest.mark.parametrize(
    "paragraphs",
    [
        ("زار السياح مدينة بترا الأثرية في جنوب الأردن.", FILLER),
        ("وشهدت محافظة قنا في صعيد مصر أمطارا غزيرة.", FILLER),
        ("The Middle East and North Africa (MENA) region grew faster than expected.", "Growth was strong."),
        ("The hotel has a SPA and a pool.", "It opened in May."),
        ("ومع ذلك، قال بنا المسؤول إن الوضع مستقر.", FILLER),
        ("أعلنت روسيا اليوم الخميس عن خطة جديدة للتعاون مع مصر.", FILLER),
        ("Russia's Sputnik V vaccine was registered in several countries.", "Doses were shipped."),
    ],
)
def test_ambiguous_words_without_context_are_nothing(paragraphs):
    assert find_agencies(article(*paragraphs)).agencies == []


def test_ambiguous_name_after_a_word_for_agency_is_a_citation():
    doc = find_agencies(article(FILLER, "وذكرت وكالة بترا أن الوزير سيزور موسكو.", FILLER))
    assert [(a.id, a.how) for a in doc.agencies] == [("petra", "cited")]


@pytest.mark.parametrize(
    "closing, agency",
    [
        ("ووقع الجانبان على الاتفاقية في ختام الاجتماع. (د ب أ)", "dpa"),
        ("ومن المقرر أن تعقد الجولة المقبلة في الشهر المقبل. أ ف ب", "afp"),
        ("Talks will resume next month. (AP)", "ap"),
        ("(رويترز)", "reuters"),
    ],
)
def test_closing_credits(closing, agency):
    doc = find_agencies(article(FILLER, closing))
    (credit,) = doc.agencies
    assert (credit.id, credit.how) == (agency, "credit-line")
    assert credit.span is not None and credit.span.start >= doc.paragraphs[-1].start


def test_a_name_ending_a_sentence_is_not_a_closing_credit():
    doc = find_agencies(article(FILLER, "وأكد ذلك مسؤول في تصريح لرويترز."))
    assert [(a.id, a.how) for a in doc.agencies] == [("reuters", "cited")]


@pytest.mark.parametrize(
    "author, expected",
    [
        ("Jon Gambrell, AP", {"ap": "byline"}),
        ("Reuters Staff", {"reuters": "byline"}),
        ("الرياض - واس", {"spa": "byline"}),
        ("جدة: واس", {"spa": "byline"}),
        ("أبوظبي:رويترز", {"reuters": "byline"}),
        ("Petra Kovacs", {}),  # an ambiguous form inside a name
        ("Maria Sputnik Ivanova", {}),
    ],
)
def test_bylines(author, expected):
    assert found(article(FILLER, author=author)) == expected


@pytest.mark.parametrize(
    "fields, expected",
    [
        ({"publisher": "ТАСС"}, {"tass": "metadata"}),
        ({"publisher": "TASS news agency"}, {"tass": "metadata"}),
        ({"publisher": "وكالة الأنباء السعودية"}, {"spa": "metadata"}),
        ({"publisher": "RT Arabic"}, {}),
        ({"publisher": "روسيا اليوم"}, {}),  # RT is the outlet here, not a credit
        ({"publisher": "Reuters Institute blog"}, {}),
        ({"source": Source(url="https://tass.ru/politika/123")}, {"tass": "metadata"}),
        ({"source": Source(url="https://www.reuters.com/world/x")}, {"reuters": "metadata"}),
        ({"source": Source(url="https://notreuters.com/world/x")}, {}),
        ({"record": {"source": "Xinhua", "url": "https://wire.example/1"}}, {"xinhua": "metadata"}),
    ],
)
def test_metadata(fields, expected):
    assert found(article(FILLER, **fields)) == expected


def test_strongest_evidence_wins_and_credits_come_first():
    doc = article(
        "موسكو (رويترز) - قالت وكالة تاس إن الاجتماع انتهى.",
        FILLER,
        author="رويترز",
        hints={"credit_lines": ["المصدر: رويترز"]},
    )
    find_agencies(doc)
    assert [(a.id, a.how) for a in doc.agencies] == [("reuters", "credit-line"), ("tass", "cited")]
    assert credited(doc) == ["reuters"]


def test_document_without_paragraph_spans():
    doc = Document(text="BAKU, March 15 (Interfax) - Officials met in Baku on Friday.")
    assert found(doc) == {"interfax": "lead"}


def test_empty_document():
    assert find_agencies(Document()).agencies == []


# --------------------------------------------------------------------------
# From a dump to credits


def test_dump_to_credits():
    dump = parse_dump((FIXTURES / "ru_full.txt").read_text(encoding="utf-8"))
    text, paras, heads = build_text(dump.blocks)
    doc = Document(text=text, paragraphs=paras, headings=heads, hints={"credit_lines": dump.credit_lines})
    find_agencies(doc)
    assert [(a.id, a.how) for a in doc.agencies] == [("tass", "credit-line")]


# --------------------------------------------------------------------------
# Speed and robustness


def test_time_grows_linearly_with_the_text():
    paragraph = (
        "وقال وزير الخارجية إن البلدين يعملان على توسيع التعاون الاقتصادي والتجاري، ومع ذلك "
        "لا تزال هناك ملفات عالقة، بحسب ما نقلته وكالة تاس عن مصادر مطلعة. "
    ) * 3
    short = article("موسكو (رويترز) - " + paragraph, *[paragraph] * 7, hints={"credit_lines": ["المصدر: رويترز"]})
    long = article("موسكو (رويترز) - " + paragraph, *[paragraph] * 63, hints={"credit_lines": ["المصدر: رويترز"]})
    assert len(short.text) > 3000 and len(long.text) > 7 * len(short.text)
    find_agencies(short)
    find_agencies(long)
    # A ratio, not a time: both are measured on the same (maybe busy) machine.
    # Eight times the text may cost up to twice the linear share; work that
    # grows with the square of the text (matches re-scanned from every
    # match) would not fit.  Throughput is scripts/bench_analyze.py's to measure.
    t_short = min(_timed(short) for _ in range(3))
    t_long = min(_timed(long, n=10) for _ in range(3))
    assert t_long < 16 * t_short


def _timed(doc: Document, n: int = 50) -> float:
    start = time.perf_counter()
    for _ in range(n):
        find_agencies(doc)
    return (time.perf_counter() - start) / n


_PIECES = st.sampled_from(
    ["رويترز", "(", ")", " - ", "لرويترز", "وكالة", " قنا", "ТАСС", "/", ".", " ", "\n\n", "AP", "أ ف ب", "word", "كلمة"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.one_of(st.none(), _PIECES))
def test_spans_always_point_at_the_name(text, author):
    text, paras, heads = build_text([("paragraph", p) for p in text.split("\n\n")])
    doc = find_agencies(Document(text=text, paragraphs=paras, headings=heads, author=author))
    assert len({a.id for a in doc.agencies}) == len(doc.agencies)
    for credit in doc.agencies:
        if credit.span is not None:
            assert doc.text[credit.span.start : credit.span.end] == credit.name
