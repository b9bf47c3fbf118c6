"""Bytes to text (marsad.decode): BOMs, UTF-8, legacy Arabic/Russian/English
encodings (undeclared, declared, mis-declared), binary sniffing, truncation."""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

import pytest

from marsad.decode import Decoded, UndecodableError, decode_bytes, looks_binary, sniff_declared

FIXTURES = Path(__file__).parent / "fixtures" / "core"
AR = (FIXTURES / "news_ar.txt").read_text("utf-8")
RU = (FIXTURES / "news_ru.txt").read_text("utf-8")
EN = (FIXTURES / "news_en.txt").read_text("utf-8")
# English with the Latin-1 letters and punctuation windows-1252 exists for.
EN_1252 = (
    "The mayor of São Paulo met Spain’s envoy, Señor Peña, on Tuesday.\n"
    "Officials said the “historic” deal — worth €2 million — was signed at a café.\n"
    "Critics called the forecasts naïve and asked for a fuller résumé of the costs.\n"
)


def same_codec(a: str, b: str) -> bool:
    return codecs.lookup(a).name == codecs.lookup(b).name


def page(body: str, charset: str | None = None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<!doctype html><html><head>{meta}<title>news</title></head><body><p>{body}</p></body></html>"


# -- byte-order marks and UTF-8 ------------------------------------------------


@pytest.mark.parametrize("text", [AR, RU, EN], ids=["ar", "ru", "en"])
def test_plain_utf8(text: str) -> None:
    d = decode_bytes(text.encode("utf-8"))
    assert d == Decoded(text, "utf-8", "utf-8")


@pytest.mark.parametrize("text", [AR, RU, EN], ids=["ar", "ru", "en"])
def test_utf8_with_bom_drops_the_bom(text: str) -> None:
    d = decode_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    assert d.text == text  # no U+FEFF left at the start
    assert d.how == "bom"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [AR, RU, EN], ids=["ar", "ru", "en"])
def test_utf16_with_bom(text: str, codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    d = decode_bytes(bom + text.encode(codec))
    assert d.text == text
    assert d.how == "bom"
    assert d.encoding.startswith("utf-16")


def test_utf8_wins_over_a_wrong_declaration() -> None:
    data = page(RU, "windows-1251").encode("utf-8")
    d = decode_bytes(data, declared="koi8-r")
    assert RU in d.text
    assert d.encoding == "utf-8"


# -- legacy single-byte encodings ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "codec"),
    [(AR, "windows-1256"), (RU, "windows-1251"), (RU, "koi8-r")],
    ids=["ar-1256", "ru-1251", "ru-koi8r"],
)
def test_undeclared_legacy_encoding_is_guessed(text: str, codec: str) -> None:
    d = decode_bytes(text.encode(codec))
    assert d.text == text
    assert same_codec(d.encoding, codec)
    assert d.how == "guessed"


@pytest.mark.parametrize(
    ("text", "codec"),
    [(AR, "windows-1256"), (RU, "windows-1251"), (RU, "koi8-r"), (EN_1252, "windows-1252")],
    ids=["ar-1256", "ru-1251", "ru-koi8r", "en-1252"],
)
def test_correct_meta_charset_is_used(text: str, codec: str) -> None:
    data = page(text, codec).encode(codec)
    assert same_codec(sniff_declared(data) or "", codec)
    d = decode_bytes(data)
    assert text in d.text
    assert same_codec(d.encoding, codec)
    assert d.how == "declared"


@pytest.mark.parametrize(
    ("text", "codec"),
    [(AR, "windows-1256"), (RU, "windows-1251"), (RU, "koi8-r"), (EN_1252, "windows-1252")],
    ids=["ar-1256", "ru-1251", "ru-koi8r", "en-1252"],
)
def test_correct_http_charset_is_used(text: str, codec: str) -> None:
    d = decode_bytes(text.encode(codec), declared=codec)
    assert d.text == text
    assert d.how == "declared"


@pytest.mark.parametrize("wrong", ["koi8-r", "utf-8"])
def test_windows_1251_misdeclared_in_meta(wrong: str) -> None:
    data = page(RU, wrong).encode("windows-1251")
    d = decode_bytes(data)
    assert RU in d.text
    assert same_codec(d.encoding, "windows-1251")


@pytest.mark.parametrize("wrong", ["koi8-r", "utf-8", "windows-1256"])
def test_windows_1251_misdeclared_in_http_header(wrong: str) -> None:
    d = decode_bytes(RU.encode("windows-1251"), declared=wrong)
    assert d.text == RU
    assert same_codec(d.encoding, "windows-1251")


def test_koi8r_misdeclared_as_windows_1251() -> None:
    d = decode_bytes(page(RU, "windows-1251").encode("koi8-r"))
    assert RU in d.text
    assert same_codec(d.encoding, "koi8-r")


def test_arabic_1256_misdeclared_as_1251() -> None:
    d = decode_bytes(page(AR, "windows-1251").encode("windows-1256"))
    assert AR in d.text
    assert same_codec(d.encoding, "windows-1256")


def test_undeclared_windows_1252_english() -> None:
    d = decode_bytes(EN_1252.encode("windows-1252"))
    assert d.text == EN_1252


def test_encoding_name_does_not_depend_on_how() -> None:
    declared = decode_bytes(RU.encode("windows-1251"), declared="windows-1251")
    guessed = decode_bytes(RU.encode("windows-1251"))
    assert declared.encoding == guessed.encoding


def test_sniff_declared_forms() -> None:
    assert sniff_declared(b'<meta http-equiv="Content-Type" content="text/html; charset=KOI8-R">') == "koi8-r"
    assert sniff_declared(b"<?xml version='1.0' encoding='windows-1256'?><rss/>") == "windows-1256"
    assert sniff_declared(b"<meta charset='no-such-charset'>") is None
    assert sniff_declared(b"<html><body>no declaration</body></html>") is None


# -- truncated downloads -----------------------------------------------------------


@pytest.mark.parametrize("text", [AR, RU], ids=["ar", "ru"])
def test_truncated_utf8_between_characters(text: str) -> None:
    data = text.rstrip("\n").encode("utf-8")
    d = decode_bytes(data)
    assert d.text == text.rstrip("\n")


@pytest.mark.parametrize("text", [AR, RU], ids=["ar", "ru"])
def test_truncated_utf8_mid_character(text: str) -> None:
    good = text[: text.rindex(" ") + 1] + text[text.rindex(" ") + 1 :][:2]  # ends in a letter
    data = (good + text[len(good)]).encode("utf-8")[:-1]  # the next letter's lead byte only
    d = decode_bytes(data)
    assert d.text.startswith(good)
    assert len(d.text) <= len(good) + 1  # at most one replacement character


# -- binary data ---------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + bytes(range(256))


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("news.txt", EN * 20)
    return buf.getvalue()


@pytest.mark.parametrize("data", [PNG, _zip_bytes(), bytes(range(32)) * 10], ids=["png", "zip", "controls"])
def test_looks_binary_on_binary(data: bytes) -> None:
    assert looks_binary(data)


@pytest.mark.parametrize("codec", ["utf-8", "windows-1256", "windows-1251", "koi8-r"])
def test_looks_binary_on_text(codec: str) -> None:
    text = {"windows-1256": AR, "windows-1251": RU, "koi8-r": RU}.get(codec, AR + RU + EN)
    assert not looks_binary(page(text).encode(codec))
    assert not looks_binary(b"")


def test_looks_binary_draws_the_line_at_five_percent_control_bytes() -> None:
    # Tab, newlines, form feed and ESC are text; the other C0 bytes are not.
    text = b"a" * 95 + b"\t\n\r\x0c\x1b"
    assert not looks_binary(text)
    assert not looks_binary(b"a" * 95 + b"\x01\x02\x03\x04\x05")  # 5%: not over
    assert looks_binary(b"a" * 94 + b"\x01\x02\x03\x04\x05\x06")  # 6%


@pytest.mark.parametrize("text", [AR, EN], ids=["ar", "en"])
def test_looks_binary_on_utf16_text(text: str) -> None:
    assert not looks_binary(text.encode("utf-16"))


def test_binary_never_raises() -> None:
    # Whatever the bytes, decode_bytes returns text or raises its own error.
    for data in (PNG, _zip_bytes(), bytes(range(256))):
        try:
            d = decode_bytes(data)
        except UndecodableError:
            continue
        assert isinstance(d.text, str)
