"""Dates (marsad.dates) and the publication-date stage (marsad.dates.v1)."""

from __future__ import annotations

import datetime as dt

import pytest
from hijridate import Hijri
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.dates import find_dateline, find_dates, first_full_date, main_date, parse_date, resolve_relative
from marsad.doc import Document, Source, Span
from marsad.lang import load
from marsad.pipeline import Pipeline, get_stage
from marsad.stages.dates import find_published

D = dt.date


def value_of(text: str, lang: str | None = None, **kw: object) -> dt.date | dt.datetime | None:
    found = parse_date(text, lang, **kw)  # type: ignore[arg-type]
    return None if found is None else found.value


def covered(text: str, lang: str | None = None) -> str | None:
    found = parse_date(text, lang)
    return None if found is None else text[found.start : found.end]


# -- Arabic month series --------------------------------------------------------

EGYPTIAN_GULF = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
LEVANTINE = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]
ALGERIAN = ["جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
MOROCCAN = ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"]


@pytest.mark.parametrize(
    "month, name",
    [(m, n) for series in (EGYPTIAN_GULF, LEVANTINE, ALGERIAN, MOROCCAN) for m, n in enumerate(series, 1)],
)
def test_arabic_month_series(month: int, name: str) -> None:
    assert value_of(f"نشر في 17 {name} 2023 في الصحيفة", "ar") == D(2023, month, 17)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("9 ابريل 2022", D(2022, 4, 9)),
        ("9 إبريل 2022", D(2022, 4, 9)),
        ("9 اغسطس 2022", D(2022, 8, 9)),
        ("9 يونيه 2022", D(2022, 6, 9)),
        ("9 يوليه 2022", D(2022, 7, 9)),
        ("9 تشرين الاول 2022", D(2022, 10, 9)),
        ("9 تشرين ثاني 2022", D(2022, 11, 9)),
        ("9 كانون الأوّل 2022", D(2022, 12, 9)),  # shadda
        ("9 مـــارس 2022", D(2022, 3, 9)),  # tatweel
        ("9 مَارِس 2022", D(2022, 3, 9)),  # harakat
        ("9 من مارس 2022", D(2022, 3, 9)),
        ("9 مارس، 2022", D(2022, 3, 9)),
        ("9 مارس 2022م", D(2022, 3, 9)),
        ("و9 مارس 2022", D(2022, 3, 9)),  # a proclitic glued to the day
    ],
)
def test_arabic_spelling_variants(text: str, expected: dt.date) -> None:
    assert value_of(text, "ar") == expected


def test_marseille_is_not_march() -> None:
    assert parse_date("وصل 15 مارسيليا", "ar") is None


# -- dual month forms ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "15 مارس/آذار 2024",
        "15 آذار/مارس 2024",
        "15 مارس / آذار 2024",
        "15 مارس (آذار) 2024",
        "15 مارس آذار 2024",
        "15 مارس - آذار 2024",
    ],
)
def test_dual_month_forms(text: str) -> None:
    found = parse_date(f"بيروت {text} (أ ف ب)", "ar")
    assert found is not None
    assert found.value == D(2024, 3, 15) and found.has_year
    assert found.how == "day-month"
    assert f"بيروت {text} (أ ف ب)"[found.start : found.end] == text


def test_dual_two_word_month_without_year() -> None:
    found = parse_date("دمشق، 3 يناير/كانون الثاني (سانا) -", "ar")
    assert found is not None
    assert not found.has_year
    assert (found.value.month, found.value.day) == (1, 3)
    assert covered("دمشق، 3 يناير/كانون الثاني (سانا) -", "ar") == "3 يناير/كانون الثاني"


def test_dual_month_first_form() -> None:
    assert value_of("كانون الثاني/يناير 3، 2024", "ar") == D(2024, 1, 3)
    assert covered("تاريخ: يناير/كانون الثاني 3، 2024", "ar") == "يناير/كانون الثاني 3، 2024"


def test_arabic_month_first_needs_a_year() -> None:
    # "في مارس 15 شخصا": fifteen people in March, not 15 March.
    assert parse_date("قتل في مارس 15 شخصا", "ar") is None


# -- digits ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["١٥ مارس ٢٠٢٤", "۱۵ مارس ۲۰۲۴", "٢٠٢٤/٣/١٥", "١٥/٠٣/٢٠٢٤", "١٥-٣-٢٠٢٤", "15 مارس ٢٠٢٤"],
)
def test_eastern_arabic_and_persian_digits(text: str) -> None:
    assert value_of(f"التاريخ: {text}", "ar") == D(2024, 3, 15)


def test_offsets_point_at_the_original_characters() -> None:
    text = "قَالَ المُتَحَدِّثُ فِي ١٥ مَارِس ٢٠٢٤ هذا"
    found = parse_date(text, "ar")
    assert found is not None
    assert text[found.start : found.end] == "١٥ مَارِس ٢٠٢٤"


# -- Hijri -----------------------------------------------------------------------


def test_hijri_date_converted_with_umm_al_qura() -> None:
    expected = Hijri(1445, 9, 15).to_gregorian()
    assert (expected.year, expected.month, expected.day) == (2024, 3, 25)
    found = parse_date("15 رمضان 1445 هـ", "ar")
    assert found is not None
    assert found.value == D(2024, 3, 25)
    assert found.calendar == "hijri" and found.has_year
    assert (found.start, found.end) == (0, len("15 رمضان 1445 هـ"))


@pytest.mark.parametrize(
    "text, hijri",
    [
        ("1 شوال 1445هـ", (1445, 10, 1)),
        ("10 ذي الحجة 1444 هـ", (1444, 12, 10)),
        ("10 ذو الحجة 1444 هجرية", (1444, 12, 10)),
        ("١٢ ربيع الأول ١٤٤٦ هـ", (1446, 3, 12)),
        ("5 ربيع الآخر 1446", (1446, 4, 5)),
        ("5 ربيع الثاني 1446", (1446, 4, 5)),
        ("7 جمادى الأولى 1446", (1446, 5, 7)),
        ("7 جمادى الآخرة 1446", (1446, 6, 7)),
        ("7 جمادي الثانية 1446", (1446, 6, 7)),
        ("1 محرم 1446", (1446, 1, 1)),
        ("20 رجب 1445", (1445, 7, 20)),
        ("15 شعبان 1445", (1445, 8, 15)),
        ("27 رمضان المبارك 1445 هـ", (1445, 9, 27)),
        ("9 صفر 1446", (1446, 2, 9)),
        ("1445/09/15 هـ", (1445, 9, 15)),
        ("15/9/1445هـ", (1445, 9, 15)),
    ],
)
def test_hijri_months(text: str, hijri: tuple[int, int, int]) -> None:
    g = Hijri(*hijri).to_gregorian()
    found = parse_date(text, "ar")
    assert found is not None and found.calendar == "hijri"
    assert found.value == D(g.year, g.month, g.day)


def test_safar_alone_is_zero_not_a_month() -> None:
    assert parse_date("فاز الفريق 3 صفر على ضيفه", "ar", ref=D(2024, 3, 15)) is None
    assert parse_date("موعد المباراة 3 رجب", "ar", ref=D(2024, 3, 15)) is not None  # other months may


def test_hijri_without_year_needs_a_reference() -> None:
    assert parse_date("الرياض 15 رمضان", "ar") is None
    found = parse_date("الرياض 15 رمضان", "ar", ref=D(2024, 6, 1))
    assert found is not None and not found.has_year and found.calendar == "hijri"
    assert found.value == D(2024, 3, 25)  # Ramadan 1445, the last one before June 2024


# -- Russian ---------------------------------------------------------------------

RU_GENITIVE = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"]


@pytest.mark.parametrize("month, name", list(enumerate(RU_GENITIVE, 1)))
def test_russian_genitive_months(month: int, name: str) -> None:
    assert value_of(f"Заседание прошло 7 {name} 2021 года в Кремле.", "ru") == D(2021, month, 7)


RU_NOMINATIVE = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"]


@pytest.mark.parametrize("month, name", list(enumerate(RU_NOMINATIVE, 1)))
def test_russian_nominative_months_of_date_widgets(month: int, name: str) -> None:
    assert value_of(f"7 {name.title()} 2021", "ru") == D(2021, month, 7)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("15 марта 2024 г.", D(2024, 3, 15)),
        ("15 марта 2024 года", D(2024, 3, 15)),
        ("15 МАРТА 2024", D(2024, 3, 15)),
        ("15.03.2024", D(2024, 3, 15)),
        ("1-го сентября 2023 г.", D(2023, 9, 1)),
        ("5 сент. 2023", D(2023, 9, 5)),
        ("12 дек 2022", D(2022, 12, 12)),
        ("3 февр. 2020", D(2020, 2, 3)),
        ("в субботу, 7 октября 2023 года", D(2023, 10, 7)),
    ],
)
def test_russian_forms(text: str, expected: dt.date) -> None:
    assert value_of(text, "ru") == expected


def test_russian_agency_dateline_without_year() -> None:
    text = "МОСКВА, 15 марта. /ТАСС/. Председатель правительства провел совещание."
    found = parse_date(text, "ru")
    assert found is not None and not found.has_year
    assert (found.value.month, found.value.day) == (3, 15)
    assert text[found.start : found.end] == "15 марта"  # the full stop ends the sentence
    assert covered("МОСКВА, 15 мар — РИА Новости.", "ru") == "15 мар"


def test_russian_year_alone_is_no_date() -> None:
    assert parse_date("В 2024 г. бюджет вырос", "ru") is None


# -- English ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("March 15, 2024", D(2024, 3, 15)),
        ("15 March 2024", D(2024, 3, 15)),
        ("2024-03-15", D(2024, 3, 15)),
        ("Friday, March 15, 2024", D(2024, 3, 15)),
        ("Sept. 5, 2023", D(2023, 9, 5)),
        ("the 15th of March, 2024", D(2024, 3, 15)),
        ("MARCH 15, 2024", D(2024, 3, 15)),
        ("Dec 1 2021", D(2021, 12, 1)),
    ],
)
def test_english_forms(text: str, expected: dt.date) -> None:
    assert value_of(text, "en") == expected


def test_english_dateline_without_year() -> None:
    found = parse_date("PARIS, March 15 (AFP) - Talks resumed", "en")
    assert found is not None and not found.has_year and found.how == "month-day"
    assert (found.value.month, found.value.day) == (3, 15)


def test_may_and_march_the_words_are_not_months() -> None:
    assert parse_date("they may march 15 miles today", "en") is None


def test_slash_order_depends_on_language() -> None:
    assert value_of("03/04/2024", "en") == D(2024, 3, 4)
    assert value_of("03/04/2024", "ru") == D(2024, 4, 3)
    assert value_of("25/12/2024", "en") == D(2024, 12, 25)  # no 25th month


def test_impossible_days_are_not_dates() -> None:
    assert parse_date("31 فبراير 2024", "ar") is None
    assert parse_date("2024-02-30", "en") is None
    assert value_of("29 February 2024", "en") == D(2024, 2, 29)


# -- times -----------------------------------------------------------------------


def test_time_after_the_date_in_eastern_digits() -> None:
    found = parse_date("نُشر الخميس ١٤ مارس ٢٠٢٤ - ١٤:٣٠", "ar")
    assert found is not None
    assert found.value == dt.datetime(2024, 3, 14, 14, 30)


def test_time_with_zone() -> None:
    tz3 = dt.timezone(dt.timedelta(hours=3))
    assert value_of("15 مارس 2024 الساعة 10:05 بتوقيت غرينتش +3", "ar") == dt.datetime(2024, 3, 15, 10, 5, tzinfo=tz3)
    assert value_of("15 марта 2024 года в 14:30 мск", "ru") == dt.datetime(2024, 3, 15, 14, 30, tzinfo=tz3)
    assert value_of("March 15, 2024 at 2:30 p.m. GMT", "en") == dt.datetime(2024, 3, 15, 14, 30, tzinfo=dt.timezone.utc)


def test_iso_datetime_with_offset() -> None:
    tz = dt.timezone(dt.timedelta(hours=3))
    assert value_of("2024-03-15T10:30:00+03:00") == dt.datetime(2024, 3, 15, 10, 30, tzinfo=tz)
    assert value_of("2015-07-21 10:30:00") == dt.datetime(2015, 7, 21, 10, 30)
    assert value_of("2024-03-15T10:30:00Z") == dt.datetime(2024, 3, 15, 10, 30, tzinfo=dt.timezone.utc)


def test_time_before_the_date() -> None:
    text = "Обновлено 14:30 15.03.2024"
    found = parse_date(text, "ru")
    assert found is not None and found.value == dt.datetime(2024, 3, 15, 14, 30)
    assert text[found.start : found.end] == "14:30 15.03.2024"


# -- several dates, year-less dates ----------------------------------------------


def test_find_dates_returns_all_in_order() -> None:
    text = "الرياض 05 رمضان 1445 هـ الموافق 15 مارس 2024 م واس - وكان الاجتماع السابق في 2 يناير 2024."
    found = find_dates(text, "ar")
    assert [(f.calendar, f.date) for f in found] == [
        ("hijri", D(2024, 3, 15)),
        ("gregorian", D(2024, 3, 15)),
        ("gregorian", D(2024, 1, 2)),
    ]
    assert [text[f.start : f.end] for f in found] == ["05 رمضان 1445 هـ", "15 مارس 2024 م", "2 يناير 2024"]


def test_main_date_prefers_the_gregorian_a_hijri_date_names() -> None:
    text = "الرياض 05 رمضان 1445 هـ الموافق 15 مارس 2024 م واس"
    main = main_date(text, find_dates(text, "ar"), "ar")
    assert main is not None and main.calendar == "gregorian" and main.value == D(2024, 3, 15)
    slash = "15/9/1445هـ (25/3/2024م)"
    assert main_date(slash, find_dates(slash, "ar"), "ar").calendar == "gregorian"  # type: ignore[union-attr]
    other = "في 15 رمضان 1445 هـ وبعد أيام في 2 يناير 2024"
    alone = main_date(other, find_dates(other, "ar"), "ar")
    assert alone is not None and alone.calendar == "hijri"
    assert main_date("", []) is None


def test_relative_year_words() -> None:
    ref = D(2024, 3, 15)
    assert value_of("15 марта прошлого года", "ru", ref=ref) == D(2023, 3, 15)
    assert value_of("15 مارس من العام الماضي", "ar", ref=ref) == D(2023, 3, 15)
    assert value_of("29 مايو الماضي", "ar", ref=ref) == D(2023, 5, 29)
    assert value_of("12 أغسطس المقبل", "ar", ref=ref) == D(2024, 8, 12)
    assert value_of("2 يناير المقبل", "ar", ref=ref) == D(2025, 1, 2)
    assert value_of("5 أكتوبر من عام 1976", "ar") == D(1976, 10, 5)


def test_year_less_date_without_reference_is_flagged() -> None:
    found = parse_date("١٥ مارس", "ar")
    assert found is not None and found.has_year is False
    assert (found.value.month, found.value.day) == (3, 15)


def test_year_from_reference_is_never_after_it() -> None:
    assert value_of("١٥ مارس", "ar", ref=D(2024, 1, 5)) == D(2023, 3, 15)
    assert value_of("١٥ مارس", "ar", ref=D(2024, 6, 1)) == D(2024, 3, 15)
    assert value_of("١٥ مارس", "ar", ref=D(2024, 3, 14)) == D(2024, 3, 15)  # a day of clock skew
    assert value_of("١٥ مارس", "ar", ref=D(2024, 3, 13)) == D(2023, 3, 15)
    assert value_of("29 февраля", "ru", ref=D(2023, 5, 1)) == D(2020, 2, 29)


def test_nearest_year_for_coming_events() -> None:
    assert value_of("٢٠ مارس", "ar", ref=D(2024, 1, 5), prefer="nearest") == D(2024, 3, 20)
    assert value_of("20 декабря", "ru", ref=D(2024, 1, 5), prefer="nearest") == D(2023, 12, 20)


def test_first_full_date_in_a_long_body() -> None:
    body = "وقال المتحدث في بيان إن اللقاء كان مثمرا. " * 200 + "وكانت الجولة السابقة في 20 ديسمبر/كانون الأول 2023."
    assert first_full_date(body, "ar") == D(2023, 12, 20)
    assert first_full_date(body, "ar", not_after=D(2023, 12, 1)) is None
    assert first_full_date("нет дат, только 2023 год", "ru") is None


# -- relative words --------------------------------------------------------------

FRIDAY = D(2024, 3, 15)  # a Friday


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("قال اليوم الخميس إن", "ar", D(2024, 3, 14)),  # nearest Thursday: time zones
        ("أعلن اليوم أن", "ar", D(2024, 3, 15)),
        ("وأمس أعلنت الوزارة", "ar", D(2024, 3, 14)),
        ("بالأمس", "ar", D(2024, 3, 14)),
        ("أمس الأربعاء", "ar", D(2024, 3, 13)),
        ("أول أمس", "ar", D(2024, 3, 13)),
        ("الخميس الماضي", "ar", D(2024, 3, 14)),
        ("الجمعة الماضية", "ar", D(2024, 3, 8)),
        ("يوم الجمعة المقبل", "ar", D(2024, 3, 22)),
        ("في يوم الإثنين", "ar", D(2024, 3, 11)),
        ("يوم الجمعة", "ar", D(2024, 3, 15)),
        ("غداً", "ar", D(2024, 3, 16)),
        ("вчера", "ru", D(2024, 3, 14)),
        ("Сегодня", "ru", D(2024, 3, 15)),
        ("позавчера", "ru", D(2024, 3, 13)),
        ("в четверг", "ru", D(2024, 3, 14)),
        ("в прошлую пятницу", "ru", D(2024, 3, 8)),
        ("в следующий вторник", "ru", D(2024, 3, 19)),
        ("on Thursday", "en", D(2024, 3, 14)),
        ("Yesterday", "en", D(2024, 3, 14)),
        ("last Friday", "en", D(2024, 3, 8)),
        ("next Monday", "en", D(2024, 3, 18)),
        ("on Saturday", "en", D(2024, 3, 9)),
    ],
)
def test_resolve_relative(text: str, lang: str, expected: dt.date) -> None:
    assert resolve_relative(text, lang, FRIDAY) == expected


def test_resolve_relative_without_relative_words() -> None:
    assert resolve_relative("أعلنت الحكومة خطة جديدة", "ar", FRIDAY) is None
    assert resolve_relative("окружающая среда", "ru", FRIDAY) is None  # "среда" is environment
    assert resolve_relative("", None, FRIDAY) is None


def test_resolve_relative_accepts_a_datetime_anchor() -> None:
    assert resolve_relative("вчера", "ru", dt.datetime(2024, 3, 15, 23, 0)) == D(2024, 3, 14)


# -- dateparser, the last resort -------------------------------------------------


def test_unix_timestamps_in_records() -> None:
    found = parse_date("1437465000")
    assert found is not None and found.how == "timestamp"
    assert found.value == dt.datetime(2015, 7, 21, 7, 50, tzinfo=dt.timezone.utc)
    assert value_of("1437465000123") == found.value  # milliseconds
    assert run_stage(record_date="1437465000").published == found.value


def test_dateparser_for_short_metadata_only() -> None:
    found = parse_date("21 juillet 2015")
    assert found is not None and found.how == "dateparser" and found.value == D(2015, 7, 21)
    long_text = "Une phrase longue en français qui parle du 21 juillet 2015 et de bien d'autres choses."
    assert parse_date(long_text) is None


def test_a_clock_time_alone_is_not_handed_to_dateparser(monkeypatch) -> None:
    import marsad.dates as dates

    def no_dateparser(languages: tuple[str, ...]) -> None:
        raise AssertionError("dateparser called")

    monkeypatch.setattr(dates, "_dateparser_for", no_dateparser)
    for field in ("10:24:", "23:54", "Сегодня в 14:57", "20:59:54"):
        assert parse_date(field) is None


# -- the data --------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ar", "ru", "en"])
def test_date_words_are_packaged_data(lang: str) -> None:
    data = load(f"dates_{lang}")
    assert len(data["months"]) == 12 and all(data["months"].values())
    assert len(data["weekdays"]) == 7 and all(data["weekdays"].values())
    assert {"-1", "0"} <= set(data["relative"]["days"])


# -- properties ------------------------------------------------------------------

DATEISH = st.lists(
    st.sampled_from(
        list("0123456789٠١٢٣٤٥٦٧٨٩۱۵/.-:, ()هـم\u064e\u0651\u200f")
        + ["مارس", "آذار", "رمضان", "صفر", "марта", "March", "May", "2024", "1445", "T", "GMT", "+3", "мск", "اليوم", "в"]
    ),
    max_size=16,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(DATEISH | st.text(max_size=80), st.sampled_from(["ar", "ru", "en", None, "fr"]))
def test_parse_date_never_raises(text: str, lang: str | None) -> None:
    found = parse_date(text, lang)
    if found is not None:
        assert 0 <= found.start <= found.end <= len(text)
        assert isinstance(found.value, dt.date)


@settings(max_examples=200, deadline=None)
@given(DATEISH | st.text(max_size=80), st.sampled_from(["ar", "ru", "en", None]))
def test_find_dates_spans_are_ordered_and_inside(text: str, lang: str | None) -> None:
    found = find_dates(text, lang, ref=D(2024, 3, 15))
    ends = 0
    for f in found:
        assert ends <= f.start < f.end <= len(text)
        ends = f.end
    resolve_relative(text, lang, D(2024, 3, 15))  # never raises either
    find_dateline(text, lang)


@settings(max_examples=150, deadline=None)
@given(DATEISH | st.text(max_size=60), DATEISH, st.sampled_from(["ar", "ru", "en", None, "xx"]), st.booleans())
def test_stage_never_raises(text: str, hint: str, lang: str | None, fetched: bool) -> None:
    doc = run_stage(
        text, lang=lang, fetched=dt.datetime(2024, 3, 15) if fetched else None, date_line=hint, record_date=hint
    )
    assert doc.published is None or isinstance(doc.published, dt.date)
    assert (doc.published is None) == (doc.published_how is None)
    if doc.published is not None and fetched:
        day = doc.published.date() if isinstance(doc.published, dt.datetime) else doc.published
        assert day <= D(2024, 3, 16)  # never after the fetch date (plus a day)


EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FORMATS = {
    "ar": ["{d} {ar} {y}", "{d} {ar}/{lev} {y}", "{d}/{m}/{y}", "{y}-{m:02d}-{d:02d}"],
    "ru": ["{d} {ru} {y} года", "{d:02d}.{m:02d}.{y}"],
    "en": ["{en} {d}, {y}", "{d} {en} {y}"],
}


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=D(1950, 1, 1), max_value=D(2099, 12, 31)),
    st.sampled_from([(lang, f) for lang, fs in FORMATS.items() for f in fs]),
    st.booleans(),
)
def test_written_dates_read_back(day: dt.date, form: tuple[str, str], eastern: bool) -> None:
    lang, fmt = form
    text = fmt.format(
        d=day.day, m=day.month, y=day.year,
        ar=EGYPTIAN_GULF[day.month - 1], lev=LEVANTINE[day.month - 1],
        ru=RU_GENITIVE[day.month - 1], en=day.strftime("%B"),
    )  # fmt: skip
    if eastern and lang == "ar":
        text = text.translate(EASTERN)
    found = parse_date(f"— {text} —", lang)
    assert found is not None and found.value == day and found.has_year


# -- the stage -------------------------------------------------------------------


def run_stage(
    text: str = "",
    lang: str | None = "ar",
    fetched: dt.datetime | None = None,
    paragraphs: list[Span] | None = None,
    **hints: str,
) -> Document:
    doc = Document(text=text, language=lang, hints=dict(hints), source=Source(fetched=fetched))
    if paragraphs is not None:
        doc.paragraphs = paragraphs
    return find_published(doc)


def test_stage_is_registered_and_ordered() -> None:
    st_ = get_stage("marsad.dates.v1")
    assert st_.func is find_published
    assert {"text", "language", "hints"} <= set(st_.requires) and st_.assigns == ("published",)
    assert "marsad.dates.v1" in Pipeline().names


def test_html_date_is_trusted_first() -> None:
    doc = run_stage("موسكو، 16 مارس/آذار (رويترز)", html_date="2024-03-15", record_date="2024-03-17", date_line="١٨ مارس")
    assert (doc.published, doc.published_how) == (D(2024, 3, 15), "html_date")


def test_record_date_in_several_formats() -> None:
    assert run_stage(record_date="2015-07-21 10:30:00").published == dt.datetime(2015, 7, 21, 10, 30)
    assert run_stage(record_date="الثلاثاء، 21 يوليو 2015").published == D(2015, 7, 21)
    assert run_stage(record_date="21.07.2015", lang="ru").published == D(2015, 7, 21)
    doc = run_stage(record_date="21 juillet 2015")
    assert (doc.published, doc.published_how) == (D(2015, 7, 21), "record_date")


def test_date_line_year_from_the_body() -> None:
    text = "وقال المسؤول إن المحادثات مستمرة.\n\nوكانت الجولة الأولى قد عقدت في 2 مارس 2022 في جنيف."
    doc = run_stage(text, fetched=dt.datetime(2024, 5, 1), date_line="١٥ مارس")
    assert (doc.published, doc.published_how) == (D(2022, 3, 15), "date_line+body_year")


def test_body_year_across_new_year() -> None:
    text = "Переговоры продолжатся. Предыдущий раунд прошел 28 декабря 2023 года."
    doc = run_stage(text, lang="ru", date_line="3 января")
    assert (doc.published, doc.published_how) == (D(2024, 1, 3), "date_line+body_year")


def test_date_line_year_from_the_fetch_date() -> None:
    doc = run_stage("نص بلا تاريخ كامل", fetched=dt.datetime(2024, 5, 1, 9), date_line="١٥ مارس")
    assert (doc.published, doc.published_how) == (D(2024, 3, 15), "date_line+fetch_year")


def test_date_after_the_fetch_date_takes_the_previous_year() -> None:
    doc = run_stage("نص", fetched=dt.datetime(2024, 1, 5), date_line="١٥ مارس")
    assert doc.published == D(2023, 3, 15)


def test_body_year_that_would_put_the_date_after_fetch_is_not_used() -> None:
    text = "نص. وستعقد الجولة المقبلة في 1 فبراير 2024."
    doc = run_stage(text, fetched=dt.datetime(2024, 2, 10), date_line="١٥ مارس")
    assert (doc.published, doc.published_how) == (D(2023, 3, 15), "date_line+fetch_year")


def test_year_less_date_with_nothing_to_date_it() -> None:
    doc = run_stage("نص بلا تاريخ", date_line="١٥ مارس")
    assert doc.published is None and doc.published_how is None
    assert doc.rejection is None


def test_future_html_date_is_not_believed() -> None:
    doc = run_stage("", fetched=dt.datetime(2024, 3, 1), html_date="2031-01-01", record_date="2024-02-28")
    assert (doc.published, doc.published_how) == (D(2024, 2, 28), "record_date")


def test_dateline_in_the_text_arabic() -> None:
    text = "موسكو، 15 مارس/آذار (رويترز) - قال الكرملين إن الرئيس سيلتقي نظيره الأسبوع المقبل."
    doc = run_stage(text, fetched=dt.datetime(2024, 3, 16))
    assert (doc.published, doc.published_how) == (D(2024, 3, 15), "text_dateline+fetch_year")


def test_dateline_in_the_text_russian_and_english() -> None:
    ru = "МОСКВА, 15 марта. /ТАСС/. Совещание прошло в Кремле, сообщили журналистам. " * 3
    assert run_stage(ru, lang="ru", fetched=dt.datetime(2024, 4, 2)).published == D(2024, 3, 15)
    en = "PARIS, March 15 (AFP) - Ministers met again on Friday to discuss the budget. " * 3
    assert run_stage(en, lang="en", fetched=dt.datetime(2024, 4, 2)).published == D(2024, 3, 15)


def test_hijri_dateline_gives_way_to_the_gregorian_it_names() -> None:
    text = "الرياض 04 رمضان 1445 هـ الموافق 15 مارس 2024 م واس - أعلنت الهيئة اليوم نتائج المسابقة."
    doc = run_stage(text)
    assert (doc.published, doc.published_how) == (D(2024, 3, 15), "text_dateline")


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("موسكو، 15 مارس/آذار (رويترز) - قال الكرملين", "ar", (3, 15)),
        ("القاهرة 15 مارس آذار (رويترز) - قالت وزارة", "ar", (3, 15)),
        ("بيروت - ٢ أيار ٢٠٢٣: أعلن الجيش", "ar", (5, 2)),
        ("الخميس 14 مارس 2024", "ar", (3, 14)),
        ("الرياض 04 رمضان 1445 هـ الموافق 15 مارس 2024 م واس - أعلنت", "ar", (3, 15)),
        ("ПЕРМЬ, 15 мая - РИА Новости. Губернатор края", "ru", (5, 15)),
        ("МОСКВА, 15 марта. /ТАСС/. Президент", "ru", (3, 15)),
        ("Опубликовано: 15.03.2024 14:30", "ru", (3, 15)),
        ("WASHINGTON, March 15 (Reuters) - The Senate", "en", (3, 15)),
        ("Friday, March 15, 2024", "en", (3, 15)),
    ],
)
def test_datelines(text: str, lang: str, expected: tuple[int, int]) -> None:
    found = find_dateline(text, lang)
    assert found is not None and (found.date.month, found.date.day) == expected


@pytest.mark.parametrize(
    "text, lang",
    [
        ("وفي 15 مارس أعلنت الحكومة عن خطة جديدة للتنمية الاقتصادية في المحافظات الجنوبية", "ar"),
        ("توفي الفنان في 10 يوليو 1932 في القاهرة بعد مسيرة فنية طويلة امتدت لعقود من الزمن", "ar"),
        ("ولد رئيس الجمهورية في 5 أكتوبر عام 1976، وهو نجل الزعيم السابق الذي اغتيل قبل سنوات", "ar"),
        ("В среду, 19 июня, первый заместитель министра провел совещание с руководителями регионов", "ru"),
        ("С 15 марта вступают в силу новые правила въезда для иностранных граждан и лиц без гражданства", "ru"),
        ("On March 15, the ministry announced that the new rules would apply to all regional offices", "en"),
        ("15 ноября на должность назначили бывшего заместителя главы администрации области", "ru"),
    ],
)
def test_dates_that_sentences_speak_of_are_not_datelines(text: str, lang: str) -> None:
    assert find_dates(text, lang)  # there is a date...
    assert find_dateline(text, lang) is None  # ...but not a dateline


def test_timeline_and_diary_entries_are_not_datelines() -> None:
    assert find_dateline("* 28 مايو (أيار) 1990: عقدت القمة العربية الطارئة في العاصمة برئاسة رئيس الجمهورية", "ar") is None
    assert find_dateline("15 أغسطس: صحا الجو قليلا فأخذنا القطار جميعا متجهين إلى الشاطئ وكان الجميع سعداء", "ar") is None
    assert find_dateline("15 مارس (رويترز) - قالت الشرطة إن محتجين تجمعوا في وسط المدينة منذ الصباح الباكر", "ar") is not None


def test_a_date_deep_in_a_long_first_paragraph_is_not_a_dateline() -> None:
    text = "قال وزير الخارجية في مؤتمر صحفي عقده في العاصمة إن المفاوضات ستستأنف قريبا وإن الجولة المقبلة من المحادثات ستعقد في 20 يونيو 2024 بحضور الوسطاء."
    assert run_stage(text, fetched=dt.datetime(2024, 3, 16)).published is None


def test_short_date_paragraph_is_a_date_line() -> None:
    text = "عنوان الخبر\n\nنشر بتاريخ: الخميس ١٤ مارس ٢٠٢٤ - ١٤:٣٠\n\nنص الخبر الطويل."
    paragraphs = [Span(0, 11), Span(13, text.index("\n\nنص")), Span(text.index("نص الخبر"), len(text))]
    doc = run_stage(text, paragraphs=paragraphs)
    assert doc.published == dt.datetime(2024, 3, 14, 14, 30)
    assert doc.published_how == "text_dateline"


def test_only_the_first_paragraphs_are_read() -> None:
    paragraphs = ["فقرة أولى بلا تاريخ."] * 3 + ["موسكو، 15 مارس/آذار 2024 (رويترز)"]
    text = "\n\n".join(paragraphs)
    assert run_stage(text).published is None


def test_published_set_upstream_is_kept() -> None:
    doc = Document(text="١٥ مارس ٢٠٢٤", language="ar", published=D(2020, 1, 1), published_how="reader")
    assert find_published(doc).published == D(2020, 1, 1)


def test_nothing_found_leaves_published_empty() -> None:
    doc = run_stage("Ничего датированного здесь нет.", lang="ru", fetched=dt.datetime(2024, 1, 1))
    assert doc.published is None and doc.rejection is None
