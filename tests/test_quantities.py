"""Quantities (marsad.quantities) and the stage marsad.quantities.v1."""

import json
import time
from pathlib import Path

import pytest

from marsad.doc import Document, Span
from marsad.pipeline import DEFAULT_STAGES, Pipeline, get_stage
from marsad.quantities import Quantity, find_quantities
from marsad.record import to_record

FIXTURES = Path(__file__).parent / "fixtures" / "facts"


def one(text, lang):
    found = find_quantities(text, lang)
    assert len(found) == 1, [(q.kind, q.value, text[q.start : q.end]) for q in found]
    q = found[0]
    return q.kind, q.value, q.unit, text[q.start : q.end]


def spans(text, lang):
    return [(q.kind, q.value, q.unit, text[q.start : q.end]) for q in find_quantities(text, lang)]


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        # money, with scale words and currencies
        ("ar", "بلغ التبادل 3.5 مليار دولار", ("money", 3500000000, "USD", "3.5 مليار دولار")),
        ("ar", "ضخ ٣٫٥ مليار ريال سعودي في المشاريع", ("money", 3500000000, "SAR", "٣٫٥ مليار ريال سعودي")),
        ("ar", "بقيمة ۱۲۰ مليون جنيه مصري", ("money", 120000000, "EGP", "۱۲۰ مليون جنيه مصري")),
        ("ar", "استثمار 750 مليون دينار كويتي", ("money", 750000000, "KWD", "750 مليون دينار كويتي")),
        ("ar", "عقد بقيمة 450 مليون درهم إماراتي", ("money", 450000000, "AED", "450 مليون درهم إماراتي")),
        ("ar", "عجز قدره 8 مليارات ليرة تركية", ("money", 8000000000, "TRY", "8 مليارات ليرة تركية")),
        ("ar", "تبلغ الميزانية ملياري دولار", ("money", 2000000000, "USD", "ملياري دولار")),
        ("ar", "وقدمت مليار دولار", ("money", 1000000000, "USD", "مليار دولار")),
        ("ar", "بلغ سعر البرميل 85 دولاراً", ("money", 85, "USD", "85 دولاراً")),
        ("ar", "نحو ثلاثمائة وخمسين مليون دولار", ("money", 350000000, "USD", "ثلاثمائة وخمسين مليون دولار")),
        ("ar", "قرض بقيمة 100 مليون يورو", ("money", 100000000, "EUR", "100 مليون يورو")),
        ("ar", "صفقة بـ 5 مليارات روبل", ("money", 5000000000, "RUB", "5 مليارات روبل")),
        ("ru", "составил 3,5 млрд долларов", ("money", 3500000000, "USD", "3,5 млрд долларов")),
        ("ru", "выделят пять миллиардов рублей", ("money", 5000000000, "RUB", "пять миллиардов рублей")),
        ("ru", "стоимость 2 млрд долл. США", ("money", 2000000000, "USD", "2 млрд долл. США")),
        ("ru", "инвестиции 1 500 000 руб. на проект", ("money", 1500000, "RUB", "1 500 000 руб.")),
        ("ru", "оценивается в $1,2 млрд", ("money", 1200000000, "USD", "$1,2 млрд")),
        ("ru", "курс 92,5 рубля", ("money", 92.5, "RUB", "92,5 рубля")),
        ("en", "trade reached $7.5 billion", ("money", 7500000000, "USD", "$7.5 billion")),
        ("en", "valued at $1.2bn", ("money", 1200000000, "USD", "$1.2bn")),
        ("en", "invest €2 billion", ("money", 2000000000, "EUR", "€2 billion")),
        ("en", "allocated EGP 20 billion", ("money", 20000000000, "EGP", "EGP 20 billion")),
        ("en", "pledged 3.5 billion Saudi riyals", ("money", 3500000000, "SAR", "3.5 billion Saudi riyals")),
        ("en", "committed two billion dollars", ("money", 2000000000, "USD", "two billion dollars")),
        ("en", "cost £300 million", ("money", 300000000, "GBP", "£300 million")),
        ("en", "a price of ₽500", ("money", 500, "RUB", "₽500")),
        # percentages
        ("ar", "بزيادة 12 بالمئة", ("percent", 12, "%", "12 بالمئة")),
        ("ar", "بنسبة 4,4 في المئة", ("percent", 4.4, "%", "4,4 في المئة")),
        ("ar", "بنسبة ٢٥٪ خلال العام", ("percent", 25, "%", "٢٥٪")),
        ("ar", "بنسبة 7 بالمائة", ("percent", 7, "%", "7 بالمائة")),
        ("ru", "рост на 7,5%", ("percent", 7.5, "%", "7,5%")),
        ("ru", "до 47,1 процента", ("percent", 47.1, "%", "47,1 процента")),
        ("ru", "превысила 90 процентов", ("percent", 90, "%", "90 процентов")),
        ("en", "rose 12 percent", ("percent", 12, "%", "12 percent")),
        ("en", "to 50 per cent", ("percent", 50, "%", "50 per cent")),
        # counts
        ("ar", "وقعت 12 مشروعاً مشتركاً", ("count", 12, "مشروع", "12 مشروعاً")),
        ("ar", "عبرت 40 سفينة المضيق", ("count", 40, "سفينة", "40 سفينة")),
        ("ar", "أكثر من ثلاثة آلاف مشارك", ("count", 3000, "مشارك", "ثلاثة آلاف مشارك")),
        ("ar", "سيوفر 1,500 فرصة عمل", ("count", 1500, "فرصة عمل", "1,500 فرصة عمل")),
        ("ar", "خمسة مشاريع جديدة", ("count", 5, "مشروع", "خمسة مشاريع")),
        ("ru", "реализуются 15 проектов", ("count", 15, "проект", "15 проектов")),
        ("ru", "представители двух тысяч компаний", ("count", 2000, "компания", "двух тысяч компаний")),
        ("ru", "открыть 12 новых школ", ("count", 12, "школа", "12 новых школ")),
        ("en", "more than 40 ships crossed", ("count", 40, "ship", "40 ships")),
        ("en", "signed 12 agreements", ("count", 12, "agreement", "12 agreements")),
        ("en", "home to 1.2 million people", ("count", 1200000, "person", "1.2 million people")),
        ("en", "plans 15 new projects", ("count", 15, "project", "15 new projects")),
        # amounts in units of measure
        ("ar", "صدرت خمسة ملايين طن من القمح", ("other", 5000000, "t", "خمسة ملايين طن")),
        ("ar", "إلى ١٫٩ مليون برميل يومياً", ("other", 1900000, "barrel", "١٫٩ مليون برميل")),
        ("ru", "закупил 3,2 млн тонн зерна", ("other", 3200000, "t", "3,2 млн тонн")),
        ("ru", "пять миллиардов кубометров газа", ("other", 5000000000, "m3", "пять миллиардов кубометров")),
        ("en", "exported 5 million tonnes of wheat", ("other", 5000000, "t", "5 million tonnes")),
        ("en", "a capacity of 4,800 MW", ("other", 4800, "MW", "4,800 MW")),
        # ordinals of anniversaries
        ("ar", "بالذكرى السبعين لإقامة العلاقات", ("ordinal", 70, None, "الذكرى السبعين")),
        ("ar", "في الذكرى الـ70 لتأسيس", ("ordinal", 70, None, "الذكرى الـ70")),
        ("ar", "الذكرى الخامسة والسبعين", ("ordinal", 75, None, "الذكرى الخامسة والسبعين")),
        ("ar", "الذكرى الحادية عشرة للثورة", ("ordinal", 11, None, "الذكرى الحادية عشرة")),
        ("ru", "отмечают 70-летие отношений", ("ordinal", 70, None, "70-летие")),
        ("ru", "семидесятилетие отношений", ("ordinal", 70, None, "семидесятилетие")),
        ("ru", "отметила 75-ю годовщину Победы", ("ordinal", 75, None, "75-ю годовщину")),
        ("en", "the 70th anniversary of relations", ("ordinal", 70, None, "70th anniversary")),
        ("en", "the seventy-fifth anniversary", ("ordinal", 75, None, "seventy-fifth anniversary")),
    ],
)
def test_quantities(lang, text, expected):
    assert one(text, lang) == expected


@pytest.mark.parametrize(
    "lang, text, value",
    [
        ("ru", "3,5 млрд долларов", 3500000000),
        ("ru", "1,500 тонн", 1.5),  # a Russian comma is always decimal
        ("ru", "1\u00a0500\u00a0000 рублей", 1500000),  # no-break spaces
        ("ru", "1\u202f500 рублей", 1500),  # narrow no-break space
        ("ru", "1 500,5 рубля", 1500.5),
        ("en", "1,500 dollars", 1500),
        ("en", "1,234,567.5 dollars", 1234567.5),
        ("en", "3,5 billion dollars", 3500000000),  # not a thousands group: a decimal comma
        ("en", "1.500.000 dollars", 1500000),
        ("ar", "1,500 دولار", 1500),
        ("ar", "١٬٥٠٠ دولار", 1500),
        ("ar", "١٫٥ مليون دولار", 1500000),
        ("ar", "3,5 مليار دولار", 3500000000),
        ("ar", "۳۵ مليون دولار", 35000000),
    ],
)
def test_separators_by_language(lang, text, value):
    assert one(text, lang)[1] == value


@pytest.mark.parametrize(
    "lang, text",
    [
        ("ar", "انعقد الاجتماع في 15 مارس 2024 بحضور الوفود."),
        ("ar", "ونصت المادة 5 من الاتفاقية على إنشاء لجنة."),
        ("ar", "وتستهدف رؤية 2030 تنويع الاقتصاد."),
        ("ar", "وصدر القرار 2254 عن مجلس الأمن."),
        ("ar", "اتصل على الرقم 920001234 من الساعة 9:00 صباحا."),
        ("ar", "في عام ٢٠٢٣م كان الوضع مختلفا."),
        ("ar", "وصلت طائرات سو-35 إلى القاعدة."),
        ("ar", "منذ عام 1859 والقناة تعمل."),
        ("ar", "ملايين اللاجئين ينتظرون المساعدات."),
        ("ru", "Саммит пройдет 22 октября 2024 года в Казани."),
        ("ru", "Согласно статье 5 договора стороны консультируются."),
        ("ru", "Справки по телефону +7 (495) 123-45-67."),
        ("ru", "Истребители Су-57 показали в Дубае."),
        ("ru", "Встреча началась в 10:30 по местному времени."),
        ("ru", "Дата подписания 15.03.2024 указана в документе."),
        ("ru", "тысячи людей вышли на улицы"),
        ("en", "The summit will be held on March 15, 2024 in Riyadh."),
        ("en", "Under Article 5 of the treaty, the parties consult."),
        ("en", "Security Council Resolution 2254 calls for a settlement."),
        ("en", "Call +1 202 555 0143 for details."),
        ("en", "The F-35 and 5G networks were discussed in 2023."),
        ("en", "One of the ministers spoke at 10:30 on 15/03/2024."),
        ("en", "The road is 5m wide."),
    ],
)
def test_not_quantities(lang, text):
    assert spans(text, lang) == []


@pytest.mark.parametrize(
    "lang, text, period",
    [
        ("ar", "بلغ التبادل 3.5 مليار دولار في عام 2023.", (2023, 2023)),
        ("ar", "وسجل 3.5 مليار دولار خلال عام 2024.", (2024, 2024)),
        ("ar", "وتبلغ الميزانية ملياري دولار للفترة 2024-2026.", (2024, 2026)),
        ("ar", "وخصصت 5 مليارات دولار للفترة من 2024 إلى 2026.", (2024, 2026)),
        ("ar", "ومساعدات بقيمة 500 مليون دولار خلال عامي 2022 و2023.", (2022, 2023)),
        ("ar", "وبلغ الدعم ٥ مليارات دولار في عام ٢٠٢٣.", (2023, 2023)),
        ("ru", "В 2023 году товарооборот составил 7,5 млрд долларов.", (2023, 2023)),
        ("ru", "Экспорт вырос на 12% за 2024 год.", (2024, 2024)),
        ("ru", "Бюджет на 2024–2026 годы составляет 300 млрд руб.", (2024, 2026)),
        ("ru", "С 2024 по 2026 год выделят 10 млрд руб.", (2024, 2026)),
        ("en", "Trade reached $7.5 billion in 2023.", (2023, 2023)),
        ("en", "For 2024-2026 the ministry plans $3 billion.", (2024, 2026)),
        ("en", "It will spend $3 billion between 2024 and 2026.", (2024, 2026)),
        ("en", "The fund spent $3 billion in 2024-26.", (2024, 2026)),
    ],
)
def test_periods(lang, text, period):
    (q,) = find_quantities(text, lang)
    assert q.period == period


def test_period_is_the_nearest_in_the_sentence_and_stays_in_it():
    text = "Exports rose to 2.5 million tons in 2022, up from 1.8 million tons in 2021. They hit 3 million tons."
    found = find_quantities(text, "en")
    assert [q.period for q in found] == [(2022, 2022), (2021, 2021), None]


def test_a_year_after_since_is_not_a_period():
    (q,) = find_quantities("АЭС мощностью 4800 МВт строится с 2017 года.", "ru")
    assert q.period is None


def test_bare_currency_takes_the_country_named_earlier():
    text = "خصصت قطر 30 مليون ريال قطري للمشروع، ثم أضافت 5 ملايين ريال."
    assert [q.unit for q in find_quantities(text, "ar")] == ["QAR", "QAR"]
    assert [q.unit for q in find_quantities("أضافت 5 ملايين ريال.", "ar")] == ["SAR"]


def test_offsets_slice_the_text_with_marks_and_tatweel():
    text = "\u200fوقعت الشركتان ١٢ مشـروعاً و بقيمة ٣٫٥ مليـار دولارٍ في عام ٢٠٢٣."
    found = find_quantities(text, "ar")
    assert [(q.kind, q.value, q.unit) for q in found] == [("count", 12, "مشروع"), ("money", 3500000000, "USD")]
    assert [text[q.start : q.end] for q in found] == ["١٢ مشـروعاً", "٣٫٥ مليـار دولارٍ"]
    assert all(q.period == (2023, 2023) for q in found)
    record = found[1].as_dict(text)
    assert record["text"] == text[record["start"] : record["end"]]
    assert record["period"] == {"start": 2023, "end": 2023}


def test_unknown_language_uses_every_language():
    assert spans("بلغ 5 مليارات دولار و 3 млрд рублей and $2 billion", None) == [
        ("money", 5000000000, "USD", "5 مليارات دولار"),
        ("money", 3000000000, "RUB", "3 млрд рублей"),
        ("money", 2000000000, "USD", "$2 billion"),
    ]


def test_values_are_ints_when_whole():
    (q,) = find_quantities("3,5 млрд долларов", "ru")
    assert q.value == 3500000000 and isinstance(q.value, int)
    (q,) = find_quantities("7,5%", "ru")
    assert q.value == 7.5 and isinstance(q.value, float)


# -- bad input ----------------------------------------------------------------


PATHOLOGICAL = {
    "400 digits": "1" * 400 + " دولار",
    "10^5000": "10^" + "9" * 5000 + " dollars",
    "commas": "1," * 10000 + "5 dollars",
    "dots": "1." * 10000 + "5 млрд",
    "spaced digits": "1 " * 5000 + "000 рублей",
    "arabic separators": "٫٬" * 10000 + "٥",
    "30 digits and a scale": "9" * 30 + ".5 billion dollars",
    "tatweel and tanwin": "ـ" * 10000 + "5 مليارات" + "ً" * 5000,
    "dollar signs": "$" * 5000 + "5",
    "number words": "خمسة " * 5000 + "مليارات دولار",
    "number words ru": "пять " * 5000 + "миллиардов рублей",
    "hyphens": "1-" * 10000 + "2",
    "clitics": "و" * 10000,
    "empty": "",
}


@pytest.mark.parametrize("text", list(PATHOLOGICAL.values()), ids=list(PATHOLOGICAL))
def test_pathological_input_does_not_crash_and_is_fast(text):
    for lang in ("ar", "ru", "en", None):
        start = time.process_time()
        found = find_quantities(text, lang)
        assert time.process_time() - start < 5.0  # well under a second on one core
        for q in found:
            assert 0 <= q.start <= q.end <= len(text)
            assert abs(q.value) < 1e30


def test_a_ten_thousand_sentence_article_takes_bounded_time():
    sentence = (
        "وبلغ حجم التبادل التجاري 3.5 مليار دولار في عام 2023 بزيادة 12 بالمئة، "
        "وتم توقيع 12 مشروعاً في الذكرى السبعين. "
    )
    text = sentence * 10000
    start = time.process_time()
    found = find_quantities(text, "ar")
    elapsed = time.process_time() - start
    assert len(found) == 40000
    assert elapsed < 20.0  # about a second on one core; generous for shared CI


# -- the stage and the record ---------------------------------------------------


def _doc(text, language, paragraphs=None):
    doc = Document(text=text, language=language)
    doc.paragraphs = paragraphs or [Span(0, len(text), "paragraph", (("language", language),))]
    doc.sentences = [Span(0, len(text), "sentence")]
    return doc


def test_stage_assigns_quantities_and_the_record_has_them():
    st = get_stage("marsad.quantities.v1")
    assert st.requires == ("text", "sentences", "language") and st.assigns == ("quantities",)
    text = "وبلغ حجم التبادل التجاري 3.5 مليار دولار في عام 2023."
    doc = st(_doc(text, "ar"))
    assert [type(q) for q in doc.quantities] == [Quantity]
    record = to_record(doc)
    assert record["quantities"] == [
        {
            "kind": "money",
            "value": 3500000000,
            "unit": "USD",
            "text": "3.5 مليار دولار",
            "start": text.index("3.5"),
            "end": text.index("3.5") + len("3.5 مليار دولار"),
            "period": {"start": 2023, "end": 2023},
        }
    ]
    json.dumps(record, ensure_ascii=False)


def test_stage_reads_each_paragraph_in_its_language():
    ar = "وبلغ الدعم 3,5 مليار دولار."
    ru = "Составил 3,5 млрд долларов."
    text = ar + "\n\n" + ru
    paragraphs = [
        Span(0, len(ar), "paragraph", (("language", "ar"),)),
        Span(len(ar) + 2, len(text), "paragraph", (("language", "ru"),)),
    ]
    doc = _doc(text, "ar", paragraphs)
    doc.sentences = [Span(p.start, p.end, "sentence") for p in paragraphs]
    doc = get_stage("marsad.quantities.v1")(doc)
    assert [(q.value, text[q.start : q.end]) for q in doc.quantities] == [
        (3500000000, "3,5 مليار دولار"),
        (3500000000, "3,5 млрд долларов"),
    ]


def test_stage_is_in_the_default_pipeline_after_dates():
    names = list(DEFAULT_STAGES)
    assert names.index("marsad.quantities.v1") == names.index("marsad.dates.v1") + 1
    Pipeline(DEFAULT_STAGES)


# -- the evaluation sentences ---------------------------------------------------


def _rows(lang):
    path = FIXTURES / f"quantities_{lang}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("lang", ["ar", "ru", "en"])
def test_evaluation_sentences_are_well_formed(lang):
    rows = _rows(lang)
    assert len(rows) >= 25
    for row in rows:
        for q in row["quantities"]:
            assert q["text"] in row["text"]
            assert q["kind"] in ("money", "percent", "count", "ordinal", "other")


@pytest.mark.parametrize("lang", ["ar", "ru", "en"])
def test_evaluation_floor(lang):
    """A gate: precision and recall over the project's sentences stay >= 0.9."""
    tp = found_n = gold_n = 0
    for row in _rows(lang):
        found = [q.as_dict(row["text"]) for q in find_quantities(row["text"], lang)]
        gold = list(row["quantities"])
        found_n += len(found)
        gold_n += len(gold)
        for f in found:
            match = next(
                (g for g in gold if (g["kind"], g["unit"]) == (f["kind"], f["unit"]) and float(g["value"]) == float(f["value"])),
                None,
            )
            if match is not None:
                gold.remove(match)
                tp += 1
    assert tp / found_n >= 0.9 and tp / gold_n >= 0.9, (tp, found_n, gold_n)


def test_anchor_scan_finds_what_one_lookbehind_expression_finds():
    """_Anchors splits the old single expression (a digit, or a word after a
    non-letter) into two quick scans; both must give the same anchors."""
    import random
    import re

    from marsad.quantities import _BEFORE_WORD, _Anchors, _lang

    for code in ("ar", "ru", "en", None):
        lang = _lang(code)
        inner = lang.word_anchor.pattern[len(_BEFORE_WORD):]
        reference = re.compile(r"(?P<d>[0-9])|(?<![^\W\d_])" + inner)
        rng = random.Random(5)
        pieces = ["خمسة", "وبثلاثة", "مليار", "five", "Million", "пять", "тысяч", "семидесятилетие", "5", "12",
                  " ", " ", "-", "(", "\n", "x", "ж", "ـ", "_", "،", "1,5"]
        for _ in range(300):
            key = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
            anchors, pos, got, want = _Anchors(key, lang), 0, [], []
            while (found := anchors.next(pos)) is not None:
                got.append(found[1:3])
                pos = found[2]
            pos = 0
            while (m := reference.search(key, pos)) is not None:
                want.append((m.start("w") if m.group("w") else m.start(), m.end()))
                pos = m.end()
            assert got == want, (code, key)


def test_letters_skipped_by_the_word_scan_are_letters():
    import re

    for lo, hi in ((0x0621, 0x064A), (0x0410, 0x044F), (0x61, 0x7A), (0x41, 0x5A)):
        assert all(re.match(r"[^\W\d_]", chr(c)) for c in range(lo, hi + 1))
