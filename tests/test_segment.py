"""Sentences and tokens (marsad.segment): spans into the text, Arabic proclitics."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.segment import arabic_stem_start, split_sentences, tokenize


def sentences(text: str, **kw: object) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text, **kw)]  # type: ignore[arg-type]


# -- sentence ends -------------------------------------------------------------------


def test_arabic_comma_semicolon_colon_do_not_end_a_sentence() -> None:
    text = "قال الوزير، في مؤتمر صحفي عقده أمس؛ إن الاتفاق: نهائي وملزم للطرفين."
    assert sentences(text) == [text]


def test_arabic_terminators() -> None:
    text = "وصل الوفد إلى الرياض. هل تنجح المفاوضات؟ الجميع ينتظر! ربما… لا أحد يعرف."
    assert sentences(text) == ["وصل الوفد إلى الرياض.", "هل تنجح المفاوضات؟", "الجميع ينتظر!", "ربما…", "لا أحد يعرف."]


def test_latin_and_cyrillic_terminators() -> None:
    assert sentences("Talks resumed. Will they succeed? Nobody knows! Wait... Later.") == [
        "Talks resumed.",
        "Will they succeed?",
        "Nobody knows!",
        "Wait...",
        "Later.",
    ]
    assert sentences("Переговоры продолжились. Будет ли итог? Никто не знает!") == [
        "Переговоры продолжились.",
        "Будет ли итог?",
        "Никто не знает!",
    ]


def test_closing_quotes_stay_with_the_sentence() -> None:
    assert sentences("«سنواصل العمل حتى النهاية». وقال المتحدث إن ذلك مهم.") == [
        "«سنواصل العمل حتى النهاية».",
        "وقال المتحدث إن ذلك مهم.",
    ]
    assert sentences("Он заявил: «Мы победим!» Потом он ушёл.") == ["Он заявил: «Мы победим!»", "Потом он ушёл."]
    assert sentences('He said: "We will win." Then he left.') == ['He said: "We will win."', "Then he left."]
    assert sentences("The vote (held on Monday.) Results follow.") == ["The vote (held on Monday.)", "Results follow."]


@pytest.mark.parametrize(
    "text",
    [
        "Встреча прошла в г. Москве в понедельник.",
        "Речь шла о главном, т.е. о бюджете на следующий год.",
        "Театр им. Пушкина открылся после ремонта.",
        "В 2023 г. Министерство изменило правила.",
    ],
)
def test_russian_abbreviations(text: str) -> None:
    assert sentences(text, lang="ru") == [text]
    assert sentences(text) == [text]  # without a language, too


def test_russian_initials() -> None:
    text = "Встречу провёл В. В. Путин. Она длилась два часа."
    assert sentences(text) == ["Встречу провёл В. В. Путин.", "Она длилась два часа."]


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith met Dr. Jones on Monday.",
        "The U.S. State Department said the talks would resume.",
        "Growth was 3.5 percent in the third quarter.",
        "Officials cited J. Smith and Prof. Brown.",
    ],
)
def test_english_abbreviations_initials_and_decimals(text: str) -> None:
    assert sentences(text, lang="en") == [text]


def test_arabic_doctor_abbreviation() -> None:
    text = "قال د. أحمد إن الوضع مستقر. وأضاف أن الأمر يتطلب وقتاً."
    assert sentences(text, lang="ar") == ["قال د. أحمد إن الوضع مستقر.", "وأضاف أن الأمر يتطلب وقتاً."]


def test_lowercase_after_period_goes_on() -> None:
    assert sentences("Prices rose, e.g. for bread and milk. Shops closed.") == [
        "Prices rose, e.g. for bread and milk.",
        "Shops closed.",
    ]


def test_the_word_no_ends_a_sentence() -> None:
    assert sentences("Asked if he would resign, he said no. The party backed him.", lang="en") == [
        "Asked if he would resign, he said no.",
        "The party backed him.",
    ]


def test_number_sign_abbreviation_before_digit() -> None:
    assert sentences("He lives at No. 5 Baker Street.", lang="en") == ["He lives at No. 5 Baker Street."]


def test_offsets_inside_range_and_trimmed() -> None:
    text = "HEADER. \n  First one here.   Second one here.  \n TRAILER."
    start = text.index("First") - 2
    end = text.index("TRAILER") - 1
    spans = split_sentences(text, start, end)
    assert [text[s.start : s.end] for s in spans] == ["First one here.", "Second one here."]
    for s in spans:
        assert start <= s.start < s.end <= end
        assert s.label == "sentence"


def test_last_sentence_without_terminator() -> None:
    assert sentences("  One sentence.  And a fragment without end  ") == [
        "One sentence.",
        "And a fragment without end",
    ]


def test_blank_and_empty() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \n\t ") == []


SENTENCE_ALPHABET = st.sampled_from(
    list("ab AB.!?؟…،؛:«»\"')(\n\t35٣ ") + ["г.", "т.е.", "Dr.", "U.S.", "В. ", "3.5", "والمملكة", "ـ", "َ", "..."]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(SENTENCE_ALPHABET, max_size=40).map("".join) | st.text(max_size=60), st.data())
def test_sentence_spans_property(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    spans = split_sentences(text, start, end)
    previous = start
    for s in spans:
        assert previous <= s.start < s.end <= end
        piece = text[s.start : s.end]
        assert piece == piece.strip()
        previous = s.end
    # Nothing visible is lost: the spans cover every non-space character.
    covered = "".join(text[s.start : s.end] for s in spans)
    assert "".join(covered.split()) == "".join(text[start:end].split())


# -- Arabic proclitics ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("والمملكة", "مملكة"),
        ("بالمملكة", "مملكة"),
        ("للمملكة", "مملكة"),
        ("وللمملكة", "مملكة"),
        ("فالمملكة", "مملكة"),
        ("المملكة", "مملكة"),
        ("وقال", "قال"),
        ("بموسكو", "موسكو"),
        ("وشكري", "شكري"),
        ("ولبنان", "لبنان"),
        ("بالإضافة", "إضافة"),
    ],
)
def test_proclitics_split(word: str, stem: str) -> None:
    assert word[arabic_stem_start(word) :] == stem


@pytest.mark.parametrize("word", ["وزير", "لبنان", "فلسطين", "كانت", "الذي", "الله", "ألف", "إلى", "ولكن", "بيان"])
def test_words_that_only_look_like_proclitics(word: str) -> None:
    assert arabic_stem_start(word) == 0


@pytest.mark.parametrize(
    ("word", "stem"),
    [("وَالمَملَكة", "مَملَكة"), ("والمـملكة", "مـملكة"), ("وَقالَ", "قالَ"), ("بِالمَملَكَةِ", "مَملَكَةِ")],
)
def test_diacritics_and_tatweel_keep_offsets(word: str, stem: str) -> None:
    assert word[arabic_stem_start(word) :] == stem


@pytest.mark.parametrize("word", ["والذي", "والتي", "فالذين"])
def test_conjunction_before_relative_pronoun(word: str) -> None:
    assert arabic_stem_start(word) == 1


@pytest.mark.parametrize("word", ["أَلْوان", "إِلْغاء"])
def test_hamza_alef_with_diacritics_is_not_an_article(word: str) -> None:
    assert arabic_stem_start(word) == 0


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("والمملكةبفكلأإآىيةذتن") + ["َ", "ُ", "ّ", "ْ", "ـ", "ً"]), min_size=1, max_size=12))
def test_stem_start_within_word(word: str) -> None:
    n = arabic_stem_start(word)
    assert 0 <= n <= len(word)
    if n:
        assert n < len(word)  # a stem always remains
        assert word[n] not in "َُّْـً"  # the stem starts on a letter, not a mark


# -- tokens ---------------------------------------------------------------------------


def test_token_norm_is_the_stem_key() -> None:
    text = "والمملكة المملكة للمملكة"
    a, b, c = tokenize(text)
    assert a.norm == b.norm == c.norm == "مملكه"
    assert (a.start, a.stem_start, a.end) == (0, 3, 8)
    assert a.prefix_len == 3 and b.prefix_len == 2 and c.prefix_len == 2
    assert text[a.stem_start : a.end] == "مملكة"


def test_token_with_tatweel() -> None:
    text = "في والمـملكة"
    tokens = list(tokenize(text))
    assert len(tokens) == 2
    tok = tokens[1]
    assert text[tok.start : tok.end] == "والمـملكة"
    assert text[tok.stem_start : tok.end] == "مـملكة"
    assert tok.norm == "مملكه"


@pytest.mark.parametrize(("text", "norm"), [("وَالمَملَكة", "مملكه"), ("أيضاً", "ايضا"), ("جِدّاً", "جدا")])
def test_token_with_diacritics_is_one_word(text: str, norm: str) -> None:
    tokens = list(tokenize(text))
    assert [(t.start, t.end) for t in tokens] == [(0, len(text))]
    assert tokens[0].norm == norm


def test_russian_and_english_tokens() -> None:
    text = "Пётр сказал: «Всё идёт по плану». Officials' state-run TV said O’Brien agreed."
    words = [(text[t.start : t.end], t.norm) for t in tokenize(text) if t.is_word]
    assert words == [
        ("Пётр", "петр"),
        ("сказал", "сказал"),
        ("Всё", "все"),
        ("идёт", "идет"),
        ("по", "по"),
        ("плану", "плану"),
        ("Officials", "officials"),
        ("state-run", "state-run"),
        ("TV", "tv"),
        ("said", "said"),
        ("O’Brien", "o’brien"),
        ("agreed", "agreed"),
    ]
    marks = [text[t.start : t.end] for t in tokenize(text) if not t.is_word]
    assert marks == [":", "«", "»", ".", "'", "."]


@pytest.mark.parametrize(("number", "norm"), [("1,234.5", "1,234.5"), ("١٢٣", "123"), ("١٢٫٥", "12.5"), ("3.5", "3.5")])
def test_numbers_are_one_token(number: str, norm: str) -> None:
    text = f"بلغ {number} طن"
    tokens = list(tokenize(text))
    assert len(tokens) == 3
    num = tokens[1]
    assert text[num.start : num.end] == number
    assert num.norm == norm
    assert num.stem_start == num.start


def test_tokenize_respects_range() -> None:
    text = "first. والمملكة second"
    start, end = text.index("و"), text.index(" second")
    tokens = list(tokenize(text, start, end))
    assert [(t.start, t.end) for t in tokens] == [(start, end)]


@settings(max_examples=300, deadline=None)
@given(st.lists(SENTENCE_ALPHABET, max_size=40).map("".join) | st.text(max_size=60))
def test_token_spans_property(text: str) -> None:
    previous = 0
    for t in tokenize(text):
        assert previous <= t.start <= t.stem_start < t.end <= len(text)
        assert not text[t.start : t.end].isspace()
        previous = t.end
