"""Matching keys (marsad.normalize): digits, Arabic folding with offset maps,
script-aware match keys."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.normalize import (
    TATWEEL,
    arabic_key,
    arabic_key_with_map,
    arabic_key_zero_digits,
    match_key,
    strip_bidi,
    western_digits,
)

# -- digits ----------------------------------------------------------------------


def test_eastern_arabic_digits() -> None:
    assert western_digits("٠١٢٣٤٥٦٧٨٩") == "0123456789"


def test_persian_digits() -> None:
    assert western_digits("۰۱۲۳۴۵۶۷۸۹") == "0123456789"


def test_arabic_decimal_and_thousands_separators() -> None:
    assert western_digits("ارتفع المؤشر ١٢٫٥ نقطة إلى ١٬٢٣٤") == "ارتفع المؤشر 12.5 نقطة إلى 1,234"


def test_western_digits_leaves_other_text_alone() -> None:
    text = "Курс 92,5 руб. — Rate 3.5% — السعر 7"
    assert western_digits(text) == text


# -- Arabic key --------------------------------------------------------------------


def test_tatweel_removed() -> None:
    assert arabic_key("مصـــر") == "مصر"
    assert arabic_key("الـمـمـلـكـة") == arabic_key("المملكة")


@pytest.mark.parametrize(
    ("marked", "bare"),
    [
        ("مُحَمَّد", "محمد"),  # damma, fatha, shadda
        ("كِتَابٌ", "كتاب"),  # kasra, fatha, tanwin damm
        ("شُكْراً", "شكرا"),  # sukun, tanwin fath
        ("بِكُتُبٍ", "بكتب"),  # tanwin kasr
        ("هٰذا", "هذا"),  # dagger alef
    ],
)
def test_harakat_tanwin_shadda_removed(marked: str, bare: str) -> None:
    assert arabic_key(marked) == bare


@pytest.mark.parametrize("alef", ["أ", "إ", "آ", "ٱ"])
def test_alef_forms_fold_to_bare_alef(alef: str) -> None:
    assert arabic_key(alef + "حمد") == "احمد"


def test_alef_maqsura_and_teh_marbuta() -> None:
    assert arabic_key("مستشفى") == "مستشفي"
    assert arabic_key("مدرسة") == "مدرسه"
    assert arabic_key("إسرائيل") == arabic_key("اسرائيل")
    assert arabic_key("مصـر") == arabic_key("مصر")


def test_arabic_key_leaves_latin_and_cyrillic_alone() -> None:
    assert arabic_key("Москва and Moscow") == "Москва and Moscow"


# -- offset map ----------------------------------------------------------------------


def test_with_map_points_at_original_letters() -> None:
    word = "وَالْمَمْلَكَةُ"
    key, offsets = arabic_key_with_map(word)
    assert key == "والمملكه"
    assert len(offsets) == len(key)
    for k, i in zip(key, offsets):
        assert arabic_key(word[i]) == k  # each key letter comes from that original letter
    assert "".join(word[i] for i in offsets) == "والمملكة"


def test_with_map_skips_tatweel() -> None:
    key, offsets = arabic_key_with_map("مصـــر")
    assert key == "مصر"
    assert offsets == [0, 1, 5]


# -- match key -------------------------------------------------------------------------


def test_match_key_case_folds() -> None:
    assert match_key("Moscow") == match_key("MOSCOW") == "moscow"
    assert match_key("МОСКВА") == match_key("москва")


def test_match_key_yo_to_ye() -> None:
    assert match_key("Ёлка и всё") == "елка и все"
    assert match_key("Пётр") == match_key("Петр")


def test_match_key_decomposed_yo() -> None:
    assert match_key("Пе\u0308тр") == "петр"  # е + combining diaeresis


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u202b", "\u202c", "\u2067", "\u2069", "\u200b", "\ufeff"])
def test_match_key_removes_bidi_marks(mark: str) -> None:
    assert match_key(f"{mark}رويترز{mark}") == "رويترز"
    assert strip_bidi(f"a{mark}b") == "ab"


def test_match_key_folds_arabic_and_digits() -> None:
    assert match_key("إسرائيل") == match_key("اسرائيل")
    assert match_key("عام ٢٠٢٤") == "عام 2024"
    assert match_key("ﻻ") == "لا"  # presentation form, via NFKC


# -- properties ------------------------------------------------------------------------

ARABIC_ISH = st.text(
    st.sampled_from(list("اأإآٱبتثةىيوهلمنسع" + TATWEEL + "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670") + ["a", " ", "Ж", "٣"]),
    max_size=40,
)
ANY_TEXT = ARABIC_ISH | st.text(max_size=40)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_arabic_key_never_longer(text: str) -> None:
    assert len(arabic_key(text)) <= len(text)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_with_map_agrees_with_arabic_key(text: str) -> None:
    key, offsets = arabic_key_with_map(text)
    assert key == arabic_key(text)
    assert len(offsets) == len(key)
    assert all(0 <= i < len(text) for i in offsets)
    assert all(a < b for a, b in zip(offsets, offsets[1:]))
    # Characters that are not mapped are exactly the tatweel and diacritics.
    dropped = set(range(len(text))) - set(offsets)
    assert all(arabic_key(text[i]) == "" for i in dropped)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_keys_are_idempotent(text: str) -> None:
    assert arabic_key(arabic_key(text)) == arabic_key(text)
    assert western_digits(western_digits(text)) == western_digits(text)


def test_match_key_folds_compatibility_forms() -> None:
    # NFKC and case folding may lengthen a key: documented, keys only.
    assert match_key("ﷲ") == "الله"
    assert match_key("Straße") == "strasse"
    assert match_key("ﬁnal") == "final"


@given(st.text(alphabet=st.sampled_from(
    [chr(c) for c in range(0x0600, 0x0700)] + list("0123456789AbCİΣ ٫٬") + ["\u0966", "\uff11", "\u0640", "\u200f"]
), max_size=12))
def test_one_pass_zero_digit_key_equals_the_steps(text):
    steps = re.sub(r"\d", "0", western_digits(arabic_key(text))).lower()
    assert arabic_key_zero_digits(text) == steps


def test_zero_digit_key_examples():
    assert arabic_key_zero_digits("الأُمَمُ ٢٠٢٤ ١٢٫٥ Ⅻ १२") == "الامم 0000 00.0 ⅻ 00"


@given(st.text(alphabet=st.sampled_from(
    [chr(c) for c in range(0x0600, 0x0700)]
    + [chr(c) for c in range(0xFB50, 0xFB60)] + [chr(c) for c in range(0xFE70, 0xFE80)]
    + [chr(c) for c in range(0x0400, 0x0460)]
    + list("05AaßİΣςeﬀ①ẞ\u0301\u0308\u0345\u200d\u200f\ufeff\u2066")
), max_size=10))
def test_one_pass_match_key_equals_the_steps(text):
    steps = unicodedata.normalize("NFKC", strip_bidi(text))
    steps = western_digits(arabic_key(steps)).casefold().replace("ё", "е")
    assert match_key(text) == steps
