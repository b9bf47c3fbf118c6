"""The interface languages: message catalogs, digits, numbers and dates.

The catalogs are gettext ``.po`` files under ``locale/<lang>/LC_MESSAGES/``,
compiled with Babel when the app starts (no build step, nothing generated
to keep in sync).  Message ids are the English texts, so English needs no
catalog.  Arabic is written right to left and uses Arabic-Indic digits.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

__all__ = ["TYPE_NAMES", "messages", "LANGUAGES", "DEFAULT", "translations", "digits", "number", "date", "direction", "language_name", "best_language"]

LANGUAGES = ("ar", "ru", "en")
DEFAULT = "en"
LOCALE_DIR = Path(__file__).with_name("locale")
SWITCH_LABELS = {"ar": "عربي", "ru": "Ru", "en": "En"}  # the switch on every page: "عربي · Ru · En"
TYPE_NAMES = {"PER": "Person", "ORG": "Organization", "LOC": "Place", "GPE": "Place", "MISC": "Other"}  # message ids
_ARABIC_DIGITS = str.maketrans("0123456789,.", "٠١٢٣٤٥٦٧٨٩٬٫")


@lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` (English: the message ids themselves)."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "marsad.po"
    if lang == DEFAULT or not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def direction(lang: str) -> str:
    return "rtl" if lang == "ar" else "ltr"


def digits(text: str, lang: str) -> str:
    """``text`` with Western digits (and separators) as the locale writes them."""
    return text.translate(_ARABIC_DIGITS) if lang == "ar" else text


@lru_cache(maxsize=8192)
def number(value: int | float | None, lang: str) -> str:
    if value is None:
        return ""
    return digits(format_decimal(value, locale=lang), lang)


@lru_cache(maxsize=8192)
def date(value: str | None, lang: str, fmt: str = "long") -> str:
    """An ISO date or timestamp in the reader's language ("20 июля 2015 г.")."""
    if not value:
        return ""
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return value
    return digits(format_date(day, fmt, locale=lang), lang)


@lru_cache(maxsize=64)
def language_name(code: str | None, lang: str) -> str:
    """The name of an article language (ar, ru, en, …) in the interface language."""
    if not code or code == "?":
        return "?"
    try:
        return Locale.parse(lang).languages.get(code.split("-")[0], code)
    except (ValueError, TypeError):
        return code


def best_language(accept: str | None) -> str:
    """The interface language an Accept-Language header asks for first."""
    for part in (accept or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT


def messages() -> set[str]:
    """Every message id the interface uses: the templates' and TYPE_NAMES
    (tests check that each catalog translates them all)."""
    from jinja2 import Environment
    from jinja2.ext import babel_extract

    found = set(TYPE_NAMES.values())
    for path in sorted((Path(__file__).with_name("templates")).glob("*.html")):
        with path.open("rb") as f:
            for _line, _func, message, _comments in babel_extract(f, ("_", "gettext", "ngettext"), [], {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}):
                found.update(m for m in (message if isinstance(message, tuple) else (message,)) if m)
    return found
