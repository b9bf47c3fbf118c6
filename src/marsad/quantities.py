"""Quantities in Arabic, Russian and English news text.

:func:`find_quantities` finds the figures of a text — money ("3.5 مليار
دولار", "5 млрд руб.", "$2.4bn"), percentages ("12 بالمئة", "7,5%"),
counts of things ("12 مشروعاً", "15 проектов", "40 ships"), amounts in units
of measure ("5 ملايين طن", "2 млн баррелей") and the ordinals of
anniversaries ("الذكرى السبعين", "70-летие", "70th anniversary") — as
:class:`Quantity` objects with character offsets into the text, a numeric
value, a unit (ISO 4217 for money, "%" for percentages, the counted noun's
base form for counts, a unit symbol for measures) and the year or period
the sentence applies the figure to ("في عام 2023", "за 2024 год", "for
2024-2026").

How it works.  The text is folded once into a key of (nearly) the same
length — Eastern Arabic and Persian digits to ASCII, ٫ to "." and ٬ to
",", Arabic letter variants, ё to е, no-break and thin spaces to spaces,
diacritics and tatweel removed — whose offsets map back to the text.  Two
quick scans find the *anchors* (see :class:`_Anchors`): digits, and the
number, scale and ordinal words of the language data
(``marsad/lang/quantities_<lang>.toml``, compiled into tries, so matching is
linear) after a non-letter.  Each anchor is read forward
with small anchored expressions: a number (digits with separators, or
number words joined by "و"/"-"/spaces), scale words, then a percent word,
a currency (with a country adjective: "ريال سعودي" → SAR), a unit of
measure or a counted noun; a currency symbol or code may also come before
the number.  Nothing backtracks over more than one word, so the time is
linear in the text.

Not quantities: years (1900–2100) standing alone or after "عام"/"в"/"in"
(they give periods instead), dates (a month name next to the number),
clock times and numeric dates ("10:30", "15/03/2024", "15.03.2024"), phone
numbers, model names ("Су-57", "F-35", "5G"), section and resolution
numbers ("المادة 5", "статья 5", "Resolution 2254"), and bare numbers that
count nothing.  Numbers of more than 24 digits are ignored.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Iterable, Sequence

from .doc import Span
from .lang import load

__all__ = ["KINDS", "LANGS", "Quantity", "find_quantities"]

LANGS = ("ar", "ru", "en")
KINDS = ("money", "percent", "count", "ordinal", "other")
YEARS = range(1900, 2101)
MAX_DIGITS = 24  # longer digit runs are not figures (and would overflow)
MAX_VALUE = Decimal(10) ** 27

# ---------------------------------------------------------------------------
# The folded key


# The key maps characters one to one: digits and separators, spaces, dashes.
_CHAR_MAP = {
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
    "\u066b": ".",  # Arabic decimal separator
    "\u066c": ",",  # Arabic thousands separator
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\u2002": " ", "\u2003": " ",
    "\t": " ", "\u2212": "-", "\u2010": "-", "\u2011": "-",
}  # fmt: skip
_NEEDS_MAP = re.compile("[" + "".join(_CHAR_MAP) + "]")
# Letter variants are folded in data words and looked-up matches, and
# matched in the text by character classes (see _ATOMS): str.translate of a
# whole Arabic article costs more than the rest of the scan.
_LETTER_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "ی": "ي", "ک": "ك", "ھ": "ه", "ё": "е", "Ё": "Е",
}  # fmt: skip
_FOLD_TABLE = str.maketrans({**_CHAR_MAP, **_LETTER_FOLD})
_ATOMS: dict[str, str] = {}
for _src, _dst in _LETTER_FOLD.items():
    _ATOMS[_dst] = _ATOMS.get(_dst, _dst) + _src
_ATOMS = {k: "[" + v + "]" for k, v in _ATOMS.items()}
# Removed from the key: Arabic diacritics (tanwin included), tatweel,
# direction marks and zero-width characters.
_REMOVE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_LETTER = re.compile(r"[^\W\d_]")
_ARABIC_CLITICS = "وفبل"


def fold(text: str) -> str:
    """The matching key of a data word or a text (may be shorter)."""
    return _REMOVE.sub("", text.translate(_FOLD_TABLE))


def _map_char(m: re.Match[str]) -> str:
    return _CHAR_MAP[m.group()]


class _Key:
    """The folded text and the way back to original offsets."""

    __slots__ = ("text", "key", "cuts")

    def __init__(self, text: str) -> None:
        self.text = text
        folded = _NEEDS_MAP.sub(_map_char, text) if _NEEDS_MAP.search(text) else text
        kept = _REMOVE.split(folded)  # one pass over the text finds and drops them
        if len(kept) > 1:
            # key position at which each removed character was dropped
            self.cuts: list[int] | None = list(itertools.accumulate(map(len, kept[:-1])))
            self.key = "".join(kept)
        else:
            self.cuts = None
            self.key = folded

    def start(self, k: int) -> int:
        return k + bisect.bisect_right(self.cuts, k) if self.cuts else k

    def end(self, k: int) -> int:
        return self.start(k - 1) + 1 if k > 0 else 0


# ---------------------------------------------------------------------------
# The result


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure in the text.

    ``span`` covers the whole expression ("3.5 مليار دولار", "$5 billion",
    "الذكرى السبعين"); ``value`` is an int when whole, else a float;
    ``period`` is ``(start_year, end_year)`` when the sentence says the year
    or period the figure applies to.
    """

    span: Span
    kind: str
    value: int | float
    unit: str | None = None
    period: tuple[int, int] | None = None

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    def as_dict(self, text: str) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": self.value,
            "unit": self.unit,
            "text": text[self.span.start : self.span.end],
            "start": self.span.start,
            "end": self.span.end,
            "period": {"start": self.period[0], "end": self.period[1]} if self.period else None,
        }


# ---------------------------------------------------------------------------
# Language data compiled into tries


def _is_atom(s: str) -> bool:
    return len(s) <= 2 or (s.startswith("[") and s.endswith("]") and "]" not in s[1:-1])


def _trie(forms: Iterable[str]) -> str:
    """A regex matching any of ``forms`` (folded), longest first, no backtracking
    beyond the shared prefixes.  A space in a form matches a run of spaces."""
    root: dict[str, Any] = {}
    for form in forms:
        if not form:
            continue
        node = root
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [(" +" if ch == " " else _ATOMS.get(ch) or re.escape(ch)) + emit(node[ch]) for ch in sorted(node) if ch]
        if not alts:
            return ""
        if "" in node:  # a form ends here, a longer one may go on: try it first
            if len(alts) == 1 and (len(alts[0]) == 1 or (alts[0].startswith("[") and _is_atom(alts[0]))):
                return f"{alts[0]}?"  # one character
            # Not "(?:...)?": the engine's repeat of a group costs more than a branch.
            return "(?:" + "|".join(alts) + "|)"
        return alts[0] if len(alts) == 1 and _is_atom(alts[0]) else "(?:" + "|".join(alts) + ")"

    return emit(root) or "(?!)"


_END = r"(?![^\W\d_])"  # the next character is not a letter
# The character before a word: not a letter.  Words are found from the
# character before them so that the regex engine can skip the letters of the
# text with a quick set lookup (Arabic, Cyrillic and Latin letters, all
# letters, are left out explicitly); the lookbehind then rules out the
# letters of other scripts.  Word starts at offset 0 get a space put before.
_BEFORE_WORD = "[^\u0621-\u064a\u0410-\u044fa-zA-Z](?<=[\\W\\d_])"


def _forms(words: Iterable[str]) -> set[str]:
    """Folded forms, lowercased; "млрд." also as "млрд"."""
    out: set[str] = set()
    for w in words:
        f = fold(w).lower()
        out.add(f)
        if f.endswith(".") and len(f) > 1:
            out.add(f[:-1])
    return out


@lru_cache(maxsize=8192)  # the same few number, scale and unit words again and again
def _norm(s: str) -> str:
    """The lookup key of a matched form: folded, lowercase, single spaces."""
    return " ".join(fold(s).lower().split())


@dataclass(slots=True)
class _Lang:
    code: str
    decimal_comma: str
    space_groups: bool
    tamyiz: tuple[int, int] | None
    scale_articles: frozenset[str]
    words: dict[str, tuple[str, int, str]]  # form -> (role, value, sub-kind)
    word_anchor: re.Pattern[str]  # the character before a word, then the word (see _Anchors)
    number: re.Pattern[str]
    next_word: re.Pattern[str]  # a number or scale word after a joiner
    scale: re.Pattern[str]
    money_only: frozenset[str]
    currency: re.Pattern[str]
    currency_forms: dict[str, tuple[str, str]]  # form -> (family, code)
    adjective: re.Pattern[str]
    adjectives: dict[str, tuple[str, str]]  # form -> (family, code)
    prefix: re.Pattern[str]
    percent: re.Pattern[str]
    measure: re.Pattern[str]
    measures: dict[str, str]
    noun: re.Pattern[str]
    nouns: dict[str, str]
    stopwords: frozenset[str]
    lemma: tuple[tuple[str, str], ...]
    verb_endings: tuple[str, ...]
    not_before: frozenset[str]
    months: re.Pattern[str]
    month_words: frozenset[str]  # a month's (last) word: "مارس", "марта", "march"
    ordinal_after_digits: re.Pattern[str] | None
    ordinal_words: dict[str, tuple[str, int]]  # form -> ("trigger"|"ones"|"tens"|"prefix", value)
    ordinal_phrase: re.Pattern[str] | None
    anniversary: re.Pattern[str] | None
    ord_teens: frozenset[str]
    year_before: frozenset[str]
    year_after: re.Pattern[str] | None
    range_joiner: re.Pattern[str]
    range_from: frozenset[str]
    not_period: frozenset[str]
    range_after: re.Pattern[str] | None


_PREFIX_LAST = frozenset("$€£₽¥")  # how a currency written before a number ends (or a code)
_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB", "C$": "CAD", "A$": "AUD"}
_CODES = ("USD", "EUR", "RUB", "GBP", "CNY", "SAR", "AED", "EGP", "KWD", "QAR", "TRY", "JOD",
          "IQD", "BHD", "OMR", "IRR", "MAD", "DZD", "TND", "LYD", "SYP", "LBP", "JPY", "CHF",
          "INR", "KZT", "BYN", "UAH", "CAD", "AUD")  # fmt: skip


def _data(lang: str) -> dict[str, Any]:
    if lang in LANGS:
        return load(f"quantities_{lang}")
    # Unknown language: every language's words together, English rules.
    merged: dict[str, Any] = {"options": dict(load("quantities_en")["options"])}
    merged["options"]["space_groups"] = False
    for code in LANGS:
        for section, table in load(f"quantities_{code}").items():
            if section == "options":
                continue
            _merge(merged.setdefault(section, {}), table)
    return merged


def _merge(into: dict[str, Any], table: dict[str, Any]) -> None:
    for key, value in table.items():
        if isinstance(value, dict):
            _merge(into.setdefault(key, {}), value)
        elif isinstance(value, list):
            into[key] = list(into.get(key, [])) + value
        else:
            into.setdefault(key, value)


@lru_cache(maxsize=None)
def _lang(lang: str | None) -> _Lang:
    code = lang if lang in LANGS else "xx"
    data = _data(code)
    opts = data.get("options", {})
    words: dict[str, tuple[str, int, str]] = {}
    for value, forms in data.get("numbers", {}).items():
        for f in _forms(forms):
            words[f] = ("num", int(value), "")
    compound = data.get("numbers_compound", {})
    for f in _forms(compound.get("teens", [])):
        words.setdefault(f, ("teen", 10, ""))
    for f in _forms(compound.get("hundreds", [])):
        if f not in words:
            words[f] = ("hundred", 100, "")
    scale_forms: dict[str, tuple[int, str]] = {}
    for kind, section in (("single", "scales"), ("dual", "scales_dual"), ("plural", "scales_plural")):
        for value, forms in data.get(section, {}).items():
            for f in _forms(forms):
                scale_forms.setdefault(f, (int(value), kind))
    for f, (value, kind) in scale_forms.items():
        words.setdefault(f, ("scale", value, kind))
    money_only = frozenset(_forms(data.get("scale_money_only", {}).get("forms", [])))

    # Currencies: family words, adjectives, prefixed phrases, symbols, codes.
    currency_forms: dict[str, tuple[str, str]] = {}
    adjectives: dict[str, tuple[str, str]] = {}
    for family, spec in data.get("currency", {}).items():
        default = spec.get("default")
        for f in _forms(spec.get("words", [])):
            currency_forms.setdefault(f, (family, default))
        for iso, forms in spec.get("adjectives", {}).items():
            for f in _forms(forms):
                adjectives.setdefault(f, (family, iso))
    for iso, forms in data.get("currency_prefixed", {}).items():
        for f in _forms(forms):
            currency_forms[f] = (iso, iso)
    for sym, iso in _SYMBOLS.items():
        currency_forms.setdefault(fold(sym).lower(), (iso, iso))
    for iso in _CODES:
        currency_forms[iso.lower()] = (iso, iso)
    prefix_forms = [f for f in currency_forms if not _LETTER.search(f) or f.upper() in _CODES or "$" in f]
    prefix_forms = [f for f in prefix_forms if f]

    measures = {f: unit for unit, forms in data.get("measures", {}).items() for f in _forms(forms)}
    nouns = {f: base for base, forms in data.get("nouns", {}).items() for f in _forms([base, *forms])}
    filters = data.get("filters", {})

    months_data = {}
    for c in ([code] if code in LANGS else list(LANGS)):
        dates = load(f"dates_{c}")
        for section in ("months", "hijri_months"):
            months_data.update({f"{c}{section}{k}": v for k, v in dates.get(section, {}).items()})
    month_forms = _forms(f for forms in months_data.values() for f in forms)

    # Ordinals of anniversaries.
    ordd = data.get("ordinals", {})
    ordinal_words: dict[str, tuple[str, int]] = {}
    for f in _forms(ordd.get("triggers", [])):
        ordinal_words[f] = ("trigger", 0)
    for part in ("ones", "tens"):
        for value, forms in ordd.get(part, {}).items():
            for f in _forms(forms):
                ordinal_words.setdefault(f, (part, int(value)))
    prefixes = {f: int(v) for v, forms in ordd.get("word_prefixes", {}).items() for f in _forms(forms)}
    suffixes = _forms(ordd.get("digit_suffixes", []))
    anniv = _forms(ordd.get("digit_anniversary", []))
    endings = _forms(ordd.get("digit_endings", []) + ordd.get("digit_ordinal_endings", []))
    digit_prefix = _forms(ordd.get("digit_prefix", []))
    after_digits = []
    if suffixes:
        after_digits.append(f"(?P<suffix> ?- ?(?:{_trie(suffixes)}){_END})")
    if anniv:
        ending = f"(?: ?-? ?(?:{_trie(endings)}))?" if endings else ""
        after_digits.append(f"(?P<anniv>{ending} +(?:{_trie(anniv)}){_END})")
    ordinal_after_digits = re.compile("|".join(after_digits), re.I) if after_digits else None
    phrase = []
    if digit_prefix:
        phrase.append(f"(?:{_trie(digit_prefix)}) ?(?P<digits>\\d{{1,3}})(?!\\d)")
    ord_word_forms = [f for f, (role, _) in ordinal_words.items() if role in ("ones", "tens")]
    if ord_word_forms:
        phrase.append(f"(?P<word>{_trie(ord_word_forms)}){_END}")
    ordinal_phrase = re.compile("|".join(phrase), re.I) if phrase else None
    for f, v in prefixes.items():
        ordinal_words[f + "|prefix"] = ("prefix", v)
    anniversary = re.compile(f" +(?:{_trie(anniv)}){_END}", re.I) if anniv else None

    anchor_words = set(words) | {f for f in ordinal_words if "|" not in f}
    anchor_words -= {f for f, (role, _, kind) in words.items() if role == "scale" and kind == "plural"}
    anchor_words -= {f for f, (role, _, _) in words.items() if role in ("teen", "hundred")}
    anchor_words -= {f for f, (role, _) in ordinal_words.items() if role == "tens" and code == "ar"}
    prefix_alt = ""
    if prefixes:
        prefix_alt = f"|(?P<pre>{_trie(prefixes)})(?:{_trie(suffixes)}){_END}"
    # Proclitics, longest first: "وب", "ول", then "ب", "ل", "و", "ف", then none.
    # A branch with an empty alternative, not an optional group: the engine's
    # repeat machinery was a third of the cost of the scan.
    clitic = "(?:[وف][بل]|[وفبل]|)" if code in ("ar", "xx") else ""
    word_anchor = re.compile(f"{_BEFORE_WORD}(?i:{clitic}(?P<w>{_trie(anchor_words)}){_END}{prefix_alt})")

    if opts.get("space_groups"):
        number = re.compile(r"[0-9]{1,3}(?: [0-9]{3})+(?![0-9])(?:,[0-9]+)?|[0-9]+(?:[.,][0-9]+)*")
    else:
        number = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
    joiners = {"ar": r"(?: +و ?| +)", "ru": r"(?: +)", "en": r"(?: +and +|-| +)"}.get(code, r"(?: +و ?| +and +|-| +)")
    next_word = re.compile(f"{joiners}(?P<w>{_trie(words)}){_END}", re.I)

    period = data.get("period", {})
    year_after = _forms(period.get("year_after", []))
    range_after = _forms(period.get("range_after", []))
    tamyiz = opts.get("tamyiz_alef")
    return _Lang(
        code=code,
        decimal_comma=opts.get("decimal_comma", "by-group"),
        space_groups=bool(opts.get("space_groups")),
        tamyiz=(int(tamyiz[0]), int(tamyiz[1])) if tamyiz else None,
        scale_articles=frozenset(_forms(opts.get("scale_articles", []))),
        words=words,
        word_anchor=word_anchor,
        number=number,
        next_word=next_word,
        scale=re.compile(f" ?(?P<w>{_trie(scale_forms)})(?:{_END}|(?<=\\.))", re.I),
        money_only=money_only,
        currency=re.compile(f" ?(?P<w>{_trie(currency_forms)})(?:{_END}|(?<=[^\\w ]))", re.I),
        currency_forms=currency_forms,
        adjective=re.compile(f" +(?P<w>{_trie(adjectives)}){_END}", re.I),
        adjectives=adjectives,
        prefix=re.compile(f"(?:^|(?<![^\\W\\d_]))(?P<w>{_trie(prefix_forms)}) ?$", re.I),
        percent=re.compile(f" ?(?:{_trie(_forms(data.get('percent', {}).get('forms', [])))})(?:{_END}|(?<=[%٪.]))", re.I),
        measure=re.compile(f" ?(?P<w>{_trie(measures)}){_END}", re.I),
        measures=measures,
        noun=re.compile(f" ?(?P<w>{_trie(nouns)}){_END}", re.I),
        nouns=nouns,
        stopwords=frozenset(_forms(filters.get("stopwords", []))),
        verb_endings=tuple(data.get("lemma", {}).get("verb_endings", [])),
        lemma=tuple(
            sorted(((a, b) for a, b in data.get("lemma", {}).get("genitive_plural", [])), key=lambda r: -len(r[0]))
        ),
        not_before=frozenset(_forms(filters.get("not_before", []))),
        months=re.compile(f" *(?:/ *)?(?:{_trie(month_forms)})(?:{_END}|\\.)", re.I),
        month_words=frozenset(f.rsplit(" ", 1)[-1].rstrip(".") for f in month_forms),
        ordinal_after_digits=ordinal_after_digits,
        ordinal_words=ordinal_words,
        ordinal_phrase=ordinal_phrase,
        anniversary=anniversary,
        ord_teens=frozenset(_forms(ordd.get("teens", []))),
        year_before=frozenset(_forms(period.get("year_before", []))),
        year_after=re.compile(f" +(?:{_trie(year_after)})(?:{_END}|(?<=\\.))", re.I) if year_after else None,
        range_joiner=re.compile(
            f" *(?:{_trie(_forms(period.get('range_joiners', [])))}) *(?=[0-9])", re.I
        ),
        range_from=frozenset(_forms(period.get("range_from", []))),
        not_period=frozenset(_forms(period.get("not_before", []))),
        range_after=re.compile(f" +(?:{_trie(range_after)})(?:{_END}|(?<=\\.))", re.I) if range_after else None,
    )


# ---------------------------------------------------------------------------
# Numbers


def _digits_value(s: str, lang: _Lang) -> Decimal | None:
    """The value of a digit string with separators, or None when it is not a
    plain number (a date, a version, a section number)."""
    if " " in s:  # Russian groups: "1 500 000,5"
        whole, _, frac = s.partition(",")
        digits = whole.replace(" ", "")
        return _decimal(digits, frac)
    seps = [c for c in s if c in ".,"]
    if not seps:
        return _decimal(s, "")
    groups = re.split(r"[.,]", s)
    kinds = set(seps)
    if len(kinds) == 2:
        dec = seps[-1]
        if seps.count(dec) != 1:
            return None
        *ints, frac = groups
        return _decimal(*_thousands(ints), frac) if _thousands(ints) else None
    sep = seps[0]
    if len(seps) > 1:  # "1,500,000", "1.500.000"
        t = _thousands(groups)
        return _decimal(t[0], "") if t else None
    whole, frac = groups
    if sep == ".":
        return _decimal(whole, frac)
    # One comma.
    if lang.decimal_comma == "always" or len(frac) != 3 or whole == "0":
        return _decimal(whole, frac)
    return _decimal(whole + frac, "") if len(whole) <= 3 else None


def _thousands(groups: list[str]) -> tuple[str] | None:
    if not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:]):
        return None
    return ("".join(groups),)


def _decimal(whole: str, frac: str) -> Decimal | None:
    if not whole or len(whole) + len(frac) > MAX_DIGITS:
        return None
    try:
        return Decimal(f"{whole}.{frac}" if frac else whole)
    except InvalidOperation:
        return None


def _number_value(v: Decimal) -> int | float:
    if v == v.to_integral_value():
        return int(v)
    return float(v)


@dataclass(slots=True)
class _Found:
    kind: str
    value: Decimal
    unit: str | None
    start: int  # key offsets
    end: int
    year_only: bool = False


# ---------------------------------------------------------------------------
# The scanner


_DIGIT = re.compile("[0-9]")
_NONE = 1 << 62


class _Anchors:
    """Where the scan may start reading a figure, in order: a digit, or a
    number, scale or ordinal word of the language after a non-letter.

    One expression for both, with a lookbehind, cost more than all the rest
    of the scan: the engine tried it at every character.  So digits come
    from a plain character search and words from ``word_anchor``, which
    begins with the character before the word (see _BEFORE_WORD); the next
    of each is kept until the scan passes it.  At one position a digit comes
    before a word, as it did in the single expression."""

    __slots__ = ("key", "padded", "word_anchor", "digit", "word", "word_match")

    def __init__(self, key: str, lang: _Lang) -> None:
        self.key = key
        self.padded = " " + key  # a word at offset 0 has a character before it too
        self.word_anchor = lang.word_anchor
        self.digit = -1
        self.word = -1
        self.word_match: re.Match[str] | None = None

    def next(self, pos: int) -> tuple[str, int, int, str] | None:
        """The first anchor at or after ``pos``: (kind, start, end, form), kind
        "d" (a digit), "w" (a word, ``start`` after any proclitic) or "pre"
        (a word made of an ordinal prefix and a suffix)."""
        if self.digit < pos:
            m = _DIGIT.search(self.key, pos)
            self.digit = m.start() if m else _NONE
        if self.word < pos:
            # padded[p] is key[p - 1]: a match at p is a word at key offset p.
            self.word_match = m = self.word_anchor.search(self.padded, pos)
            self.word = m.start() if m else _NONE
        if self.digit <= self.word:
            return None if self.digit == _NONE else ("d", self.digit, self.digit + 1, "")
        m = self.word_match
        assert m is not None
        if m.group("w") is not None:
            return "w", m.start("w") - 1, m.end() - 1, m.group("w")
        return "pre", m.start("pre") - 1, m.end() - 1, m.group("pre")


class _Scanner:
    def __init__(self, key: _Key, lang: _Lang) -> None:
        self.k = key
        self.key = key.key
        self.lang = lang
        self.found: list[_Found] = []
        self.periods: list[tuple[int, int, int]] = []  # (key position, start year, end year)
        self.last_code: dict[str, str] = {}  # currency family -> last qualified code

    # -- helpers --
    def prev_word(self, pos: int) -> str:
        key = self.key
        j = pos
        while j > 0 and key[j - 1] == " ":
            j -= 1
        i = j
        while i > 0 and j - i < 30 and not key[i - 1].isspace():
            i -= 1
        return _norm(key[i:j])

    def left_ok(self, pos: int, word: bool) -> int | None:
        """Where the expression starting at ``pos`` really starts (an Arabic
        proclitic before a word is left out), or None when ``pos`` is inside
        a word."""
        key = self.key
        if pos == 0 or not _LETTER.match(key[pos - 1]):
            if not word and pos > 0 and key[pos - 1] in "+/:":
                return None
            if not word and pos > 1 and key[pos - 1] == "-" and _LETTER.match(key[pos - 2]):
                return None  # "Су-57", "F-35"
            if not word and pos > 1 and key[pos - 1] in ".," and key[pos - 2].isdigit():
                return None
            return pos
        if self.lang.code in ("ar", "xx") and key[pos - 1] in _ARABIC_CLITICS:
            i = pos - 1
            if i > 0 and key[i - 1] in "وف" and pos - i < 2:
                i -= 1
            if i == 0 or not _LETTER.match(key[i - 1]):
                return pos
        return None

    # -- main loop --
    def run(self) -> None:
        key, lang = self.key, self.lang
        pos = 0
        n = len(key)
        anchors = _Anchors(key, lang)
        while pos < n:
            found = anchors.next(pos)
            if found is None:
                break
            kind, start, end, form = found
            if kind == "d":
                nxt = self.digits_at(start)
            elif kind == "w":
                nxt = self.word_at(start, end, _norm(form))
            else:
                nxt = self.prefix_ordinal(start, end, form)
            pos = max(nxt, end)

    # -- digits --
    def digits_at(self, pos: int) -> int:
        key, lang = self.key, self.lang
        m = lang.number.match(key, pos)
        assert m is not None
        end = m.end()
        s = m.group()
        if self.left_ok(pos, False) is None:
            return self.skip_run(end)
        nextc = key[end : end + 2]
        if nextc[:1] in (":", "/") and nextc[1:2].isdigit():
            return self.skip_run(end)  # a time, a numeric date, a ratio
        if nextc[:1] == "-" and nextc[1:2].isdigit() and self.is_phone(pos):
            return self.skip_run(end)
        if lang.ordinal_after_digits is not None:
            om = lang.ordinal_after_digits.match(key, end)
            if om and s.isdigit() and len(s) <= 3:
                self.found.append(_Found("ordinal", Decimal(s), None, pos, om.end()))
                return om.end()
        value = _digits_value(s, lang)
        if value is None:
            return self.skip_run(end)
        is_year = s.isdigit() and len(s) == 4 and int(s) in YEARS
        if s.isdigit() and len(s) == 4 and not is_year and self.prev_word(pos) in lang.year_before:
            return end  # "منذ عام 1859": a year outside the periods we keep
        if is_year:
            after = self.period_at(pos, end, int(s))
            if after is not None:
                return after
        prev = self.prev_word(pos)
        if prev in lang.not_before or (pos > 0 and key[pos - 1] in "№#"):
            return end
        if prev.rstrip(".") in lang.month_words or lang.months.match(key, end):
            return end  # a date
        return self.read_rest(pos, end, value, digits=True, is_year=is_year)

    def skip_run(self, end: int) -> int:
        """Past the rest of a run of digits and separators."""
        key = self.key
        n = len(key)
        while end < n and (key[end].isdigit() or (key[end] in "-/:.,+" and end + 1 < n and key[end + 1].isdigit())):
            end += 1
        return end

    def is_phone(self, pos: int) -> bool:
        """"123-45-67", "495 123-45-67": digits in hyphenated groups."""
        digits = hyphens = 0
        i = pos
        key = self.key
        while i < len(key) and i - pos < 24 and (key[i].isdigit() or key[i] in " -()"):
            digits += key[i].isdigit()
            hyphens += key[i] == "-"
            i += 1
        return digits >= 7 and (hyphens >= 2 or digits >= 9)

    def period_at(self, pos: int, end: int, year: int) -> int | None:
        """A year: record the period it states, return where to go on, or
        None when the year may be a figure ("2000 جندي")."""
        lang, key = self.lang, self.key
        prev = self.prev_word(pos)
        jm = lang.range_joiner.match(key, end)
        if jm:
            m2 = _YEAR2.match(key, jm.end())
            if m2:
                s2 = m2.group()
                y2 = int(s2) if len(s2) == 4 else (year // 100 * 100 + int(s2) if len(s2) == 2 else -1)
                joiner = jm.group().strip()
                if y2 in YEARS and year < y2 <= year + 50 and (joiner in "-–—" or prev in lang.range_from):
                    stop = m2.end()
                    if lang.range_after is not None:
                        ra = lang.range_after.match(key, stop)
                        stop = ra.end() if ra else stop
                    self.periods.append((pos, year, y2))
                    return stop
        stated = prev in lang.year_before
        stop = end
        if lang.year_after is not None:
            ya = lang.year_after.match(key, end)
            if ya:
                stated, stop = True, ya.end()
        if prev in lang.not_period:  # "منذ عام 2015", "с 2017 года", "by 2030"
            return stop if stop > end else None
        if stated:
            self.periods.append((pos, year, year))
            return stop
        return None

    # -- words --
    def word_at(self, pos: int, end: int, word: str) -> int:
        lang = self.lang
        start = self.left_ok(pos, True)
        if start is None:
            return end
        ow = lang.ordinal_words.get(word)
        if ow is not None and ow[0] == "trigger":
            return self.trigger_ordinal(start, end)
        if ow is not None and lang.anniversary is not None and word not in lang.words:
            return self.word_ordinal(start, end, ow[1])
        if ow is not None and lang.anniversary is not None:
            am = lang.anniversary.match(self.key, end)
            if am:
                return self.word_ordinal(start, end, ow[1])
        return self.word_number(start, end, word)

    def word_number(self, start: int, end: int, form: str) -> int:
        lang, key = self.lang, self.key
        item = lang.words.get(_norm(form))
        if item is None:
            return end
        items: list[tuple[str, int, str]] = [item]
        p = end
        while len(items) < 12:
            mm = lang.next_word.match(key, p)
            if mm is None:
                break
            it = lang.words.get(_norm(mm.group("w")))
            if it is None:
                break
            if it[0] == "num" and items[-1][0] == "num" and not (items[-1][1] >= 100 and it[1] < 100) and not (
                items[-1][1] >= 20 and it[1] < 10
            ) and not (items[-1][1] < 10 and it[1] >= 20 and "و" in mm.group()):
                break  # "пять семь": not one number
            items.append(it)
            p = mm.end()
        value = _words_value(items)
        if value is None:
            return p
        if items[0][0] == "scale" and lang.scale_articles and _LATIN.match(form):
            if self.prev_word(start) not in lang.scale_articles:
                return p
            start = start - 1
            while start > 0 and key[start - 1] != " ":
                start -= 1
            start = max(start, 0)
        has_scale = any(it[0] == "scale" for it in items)
        return self.read_rest(start, p, Decimal(value), digits=False, has_scale=has_scale)

    def trigger_ordinal(self, start: int, end: int) -> int:
        lang, key = self.lang, self.key
        p = end
        # "الذكرى السنوية ..." — the trie already took the longest trigger.
        if key[p : p + 1] != " " or lang.ordinal_phrase is None:
            return end
        q = p
        while q < len(key) and key[q] == " ":
            q += 1
        m = lang.ordinal_phrase.match(key, q)
        if m is None:
            return end
        if m.group("digits"):
            self.found.append(_Found("ordinal", Decimal(m.group("digits")), None, start, m.end()))
            return m.end()
        role, value = lang.ordinal_words.get(_norm(m.group("word")), ("", 0))
        stop = m.end()
        if role == "ones":
            tm = _NEXT_WORD.match(key, stop)
            if tm and _norm(tm.group("w")) in lang.ord_teens:
                value += 10
                stop = tm.end()
            else:
                tens = _AND_WORD.match(key, stop)
                if tens:
                    r2 = lang.ordinal_words.get(_norm(tens.group("w")))
                    if r2 and r2[0] == "tens":
                        value += r2[1]
                        stop = tens.end()
        self.found.append(_Found("ordinal", Decimal(value), None, start, stop))
        return stop

    def word_ordinal(self, start: int, end: int, value: int) -> int:
        """English "seventieth anniversary", "seventy-fifth anniversary"."""
        lang, key = self.lang, self.key
        assert lang.anniversary is not None
        am = lang.anniversary.match(key, end)
        if am is None:
            return end
        # "seventy-fifth": a tens cardinal and a hyphen before the ordinal.
        if start > 1 and key[start - 1] == "-":
            m = _TENS_HYPHEN.search(key, max(0, start - 12), start)
            if m:
                item = lang.words.get(_norm(m.group(1)))
                if item and item[0] == "num" and item[1] >= 20:
                    value += item[1]
                    start = m.start()
        self.found.append(_Found("ordinal", Decimal(value), None, start, am.end()))
        return am.end()

    def prefix_ordinal(self, pos: int, end: int, form: str) -> int:
        start = self.left_ok(pos, True)
        if start is None:
            return end
        value = self.lang.ordinal_words.get(_norm(form) + "|prefix", ("", 0))[1]
        self.found.append(_Found("ordinal", Decimal(value), None, start, end))
        return end

    # -- after the number: scales and units --
    def read_rest(
        self,
        start: int,
        end: int,
        value: Decimal,
        *,
        digits: bool,
        has_scale: bool = False,
        is_year: bool = False,
    ) -> int:
        lang, key = self.lang, self.key
        # A currency before the number: "$5", "US$ 2.4bn", "€3", "USD 5".
        prefix_code = None
        pm = None
        if digits and start > 0:
            c = key[start - 2] if key[start - 1] == " " and start > 1 else key[start - 1]
            if c in _PREFIX_LAST or ("A" <= c <= "Z"):
                pm = lang.prefix.search(key, max(0, start - 8), start)
        if pm:
            prefix_code = self.currency_code(pm.group("w"))
            start = pm.start("w")
        if digits and start > 0 and key[start - 1] in "%٪" and lang.code in ("ar", "xx"):
            self.found.append(_Found("percent", value, "%", start - 1, end))
            return end
        # A range: "10-15 млрд", the lower bound with the upper bound's scale.
        if digits and key[end : end + 1] in "-–" and key[end + 1 : end + 2].isdigit():
            m2 = lang.number.match(key, end + 1)
            if m2 and _digits_value(m2.group(), lang) is not None:
                end = m2.end()
        p = end
        scale = Decimal(1)
        for _ in range(2):
            sm = lang.scale.match(key, p)
            if sm is None:
                break
            form = _norm(sm.group("w"))
            if form.endswith(".") and form not in lang.words:
                form = form[:-1]
            item = lang.words.get(form) or lang.words.get(form.rstrip("."))
            if item is None or item[0] != "scale":
                break
            if form in lang.money_only and prefix_code is None:
                break
            if not digits and has_scale:
                break  # word numbers already took their scales
            scale *= item[1]
            has_scale = True
            p = sm.end()
        total = value * scale
        if total > MAX_VALUE:
            return p
        if digits and p == end and end < len(key) and _LETTER.match(key[end]):
            # letters glued to the digits: only a unit may follow ("5%", "5млн").
            if not (lang.percent.match(key, end) or lang.currency.match(key, end) or lang.measure.match(key, end)):
                return self.skip_run(end)
        # The unit.
        um = lang.percent.match(key, p)
        if um:
            self.found.append(_Found("percent", total, "%", start, um.end()))
            return um.end()
        cm = lang.currency.match(key, p)
        if cm:
            code, stop = self.currency_at(cm)
            if code is not None:
                self.found.append(_Found("money", total, code, start, stop))
                return stop
        if prefix_code is not None:
            self.found.append(_Found("money", total, prefix_code, start, p))
            return p
        if is_year and not has_scale:
            mm = lang.measure.match(key, p)
            if mm is None:
                return p  # a year standing alone
        mm = lang.measure.match(key, p)
        if mm:
            unit = lang.measures.get(_norm(mm.group("w")))
            self.found.append(_Found("other", total, unit, start, mm.end()))
            return mm.end()
        noun, stop = self.counted_noun(p, total, digits or has_scale)
        if noun is not None:
            if not (total == 1 and not has_scale and not digits):
                self.found.append(_Found("count", total, noun, start, stop))
            return stop
        if has_scale:
            self.found.append(_Found("count", total, None, start, p))
        return p

    def currency_code(self, form: str) -> str | None:
        got = self.lang.currency_forms.get(_norm(form)) or self.lang.currency_forms.get(_norm(form).rstrip("."))
        if got is None:
            return None
        family, code = got
        return self.last_code.get(family, code)

    def currency_at(self, cm: re.Match[str]) -> tuple[str | None, int]:
        lang = self.lang
        form = _norm(cm.group("w"))
        got = lang.currency_forms.get(form) or lang.currency_forms.get(form.rstrip("."))
        if got is None:
            return None, cm.end()
        family, code = got
        stop = cm.end()
        am = lang.adjective.match(self.key, stop)
        if am:
            adj = lang.adjectives.get(_norm(am.group("w")))
            if adj and adj[0] == family:
                self.last_code[family] = adj[1]
                return adj[1], am.end()
        return self.last_code.get(family, code), stop

    def counted_noun(self, p: int, total: Decimal, lenient: bool) -> tuple[str | None, int]:
        lang, key = self.lang, self.key
        nm = lang.noun.match(key, p)
        if nm:
            return lang.nouns[_norm(nm.group("w"))], nm.end()
        if not lenient:
            return None, p
        # Any noun-like word: Arabic, lowercase Cyrillic or Latin.
        q = p
        if key[q : q + 1] != " ":
            return None, p
        while q < len(key) and key[q] == " ":
            q += 1
        wm = _WORD.match(key, q)
        if wm is None:
            return None, p
        word = wm.group()
        low = _norm(word)
        if low in lang.stopwords or len(word) < 2:
            return None, p
        if lang.code == "ar" or (lang.code == "xx" and _ARABIC.match(word)):
            if not _ARABIC.match(word) or word.startswith(_AR_NOT_NOUN):
                return None, p
            base = self.k.text[self.k.start(wm.start()) : self.k.end(wm.end())]
            base = _REMOVE.sub("", base)
            if lang.tamyiz and lang.tamyiz[0] <= total <= lang.tamyiz[1] and base.endswith("ا") and len(base) > 3:
                base = base[:-1]
            return base, wm.end()
        if word[0].isupper():
            return None, p  # a name, not a counted noun
        if _CYRILLIC.match(word):
            stop = wm.end()
            # adjectives before the noun: "15 крупных проектов"
            for _ in range(2):
                if not low.endswith(("ых", "их")):
                    break
                nxt = _WORD.match(key, stop + 1) if key[stop : stop + 1] == " " else None
                if nxt is None or nxt.group()[0].isupper():
                    break
                nm = lang.noun.match(key, stop)
                if nm:
                    return lang.nouns[_norm(nm.group("w"))], nm.end()
                word, low, stop = nxt.group(), _norm(nxt.group()), nxt.end()
            if low in lang.stopwords or (lang.verb_endings and low.endswith(lang.verb_endings)):
                return None, p
            if total >= 5 and total == total.to_integral_value():
                for ending, base in lang.lemma:
                    if low.endswith(ending) and len(low) > len(ending) + 2:
                        return low[: len(low) - len(ending)] + base, stop
            return low, stop
        if _LATIN.match(word):
            stop = wm.end()
            if not low.endswith("s") and total != 1:
                nxt = _WORD.match(key, stop + 1) if key[stop : stop + 1] == " " else None
                if nxt is None or not nxt.group().endswith("s") or _norm(nxt.group()) in lang.stopwords:
                    return None, p
                nm = lang.noun.match(key, stop)
                if nm:
                    return lang.nouns[_norm(nm.group("w"))], nm.end()
                low, stop = _norm(nxt.group()), nxt.end()
            return _singular(low), stop
        return None, p


_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")
_YEAR2 = re.compile(r"[0-9]{2,4}(?![0-9])")
_NEXT_WORD = re.compile(r" +(?P<w>[^\W\d_]+)")
_AND_WORD = re.compile(r" +و ?(?P<w>[^\W\d_]+)")
_TENS_HYPHEN = re.compile(r"([^\W\d_]+)-$")
_ARABIC = re.compile("[\u0621-\u064a]")
_CYRILLIC = re.compile("[а-яА-ЯеЕ]")
_LATIN = re.compile("[a-zA-Z]")
# An Arabic word after a number starting like this is not its counted noun:
# the article, or a conjunction or preposition glued to the next phrase.
_AR_NOT_NOUN = ("ال", "و", "لل", "بال", "فال", "كال")


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _words_value(items: list[tuple[str, int, str]]) -> int | None:
    total = 0
    cur = 0
    for i, (role, value, kind) in enumerate(items):
        if role == "num":
            cur += value
        elif role == "teen":
            cur += 10
        elif role == "hundred":
            cur = max(cur, 1) * 100
        elif role == "scale":
            if cur == 0 and total == 0:
                if kind == "plural":
                    return None  # "ملايين اللاجئين", "тысячи людей": vague
                cur = 2 if kind == "dual" else 1
            if cur == 0:
                total *= value
            else:
                total += cur * value
                cur = 0
    value = total + cur
    return value or None


# ---------------------------------------------------------------------------
# The public function


def find_quantities(
    text: str,
    lang: str | None = None,
    *,
    sentences: Sequence[Span] | None = None,
) -> list[Quantity]:
    """The quantities of ``text`` in order, with offsets into ``text``.

    ``lang`` ("ar", "ru", "en"; anything else uses every language's words)
    decides the separators ("3,5" is 3.5 in Russian, "1,500" is 1500 in
    English and Arabic) and the words.  ``sentences`` (spans into ``text``)
    bound where a stated year or period applies; without them sentences end
    at ". ! ? ؟" followed by a space, and at line breaks.
    """
    if not text:
        return []
    key = _Key(text)
    scanner = _Scanner(key, _lang(lang))
    scanner.run()
    if not scanner.found:
        return []
    bounds = _sentence_bounds(text, sentences) if scanner.periods else []
    periods = sorted((key.start(p), y1, y2) for p, y1, y2 in scanner.periods)
    out: list[Quantity] = []
    for f in scanner.found:
        start, end = key.start(f.start), key.end(f.end)
        while end > start and text[end - 1].isspace():
            end -= 1
        while end < len(text) and _TRAILING_MARK.match(text, end):
            end += 1  # the tanwin after "مشروعا": "مشروعاً"
        period = _period_for(start, end, bounds, periods)
        value = _number_value(f.value)
        out.append(Quantity(Span(start, end, f.kind), f.kind, value, f.unit, period))
    return out


_TRAILING_MARK = re.compile("[\u064b-\u065f\u0670]")
_SENTENCE_END = re.compile(r"[.!?؟…]+[\"'»”)\]]*(?=\s)|\n")


def _sentence_bounds(text: str, sentences: Sequence[Span] | None) -> list[int]:
    """Sorted sentence start offsets (and the text's end)."""
    if sentences:
        starts = sorted({s.start for s in sentences})
    else:
        starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    return starts


def _period_for(
    start: int, end: int, starts: list[int], periods: list[tuple[int, int, int]]
) -> tuple[int, int] | None:
    """The period stated nearest to ``[start, end)`` in its sentence
    (``periods`` sorted by position)."""
    if not periods:
        return None
    i = bisect.bisect_right(starts, start) - 1
    lo = starts[i] if i >= 0 else 0
    hi = starts[i + 1] if i + 1 < len(starts) else 1 << 62
    j = bisect.bisect_left(periods, (start, 0, 0))
    best = None
    for p, y1, y2 in periods[max(0, j - 1) : j + 1]:
        if lo <= p < hi:
            d = p - end if p >= end else start - p
            if best is None or d < best[0]:
                best = (d, (y1, y2))
    return best[1] if best else None
