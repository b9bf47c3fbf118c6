"""Stage ``marsad.agencies.v1``: which news agencies an article credits.

Evidence, strongest first (a credited agency keeps only its strongest):

``credit-line``
    a credit line the extractor took out of the body (``doc.hints
    ["credit_lines"]``: "المصدر: رويترز", "Источник: ТАСС"), or a closing
    credit at the end of the last paragraph ("... الاتفاقية. (د ب أ)");
``lead``
    the dateline of the first paragraph: "MOSCOW (Reuters) -",
    "موسكو (رويترز) -", "القاهرة - أ ش أ:", "МОСКВА, 15 марта. /ТАСС/.",
    "МОСКВА, 15 мар — РИА Новости.";
``byline``
    the byline (``doc.author``): "Reuters Staff", "Jon Gambrell, AP";
``metadata``
    the publisher or a record's source field naming an agency and nothing
    else ("TASS", "وكالة الأنباء السعودية"), or a URL on the agency's own
    site.

A name anywhere else in the text is a *citation*, not a credit: "قالت
وكالة تاس إن...", "told Reuters", "сообщает ТАСС".  Citations are kept as
``how="cited"`` entries (for agencies not also credited), so consumers take
credits with ``how != "cited"`` (see :func:`credited`).  Credit and citation
are told apart by position and punctuation alone: a credit is bracketed or
set off by a dash, colon or sentence end, at the start of the first
paragraph or the end of the last one; a citation sits inside a sentence
(after a verb, a preposition, an Arabic proclitic: "لرويترز").

Names are data (``marsad/lang/agencies.toml``), compiled into one
alternation.  Forms that are also ordinary words ("بترا", "قنا", "SPA")
are marked ambiguous there and count only in a credit position or right
after a word for "agency".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Iterator, NamedTuple
from urllib.parse import urlsplit

from ..doc import AgencyCredit, Document, Span
from ..lang import load
from ..normalize import arabic_key, strip_bidi
from ..pipeline import stage

__all__ = ["AgencyMatch", "credited", "find_agencies", "match_agencies"]

LEAD_CHARS = 200  # how far into the first paragraph a dateline credit may sit
CONTEXT_CHARS = 40  # how far back to look for a word for "agency"

STRENGTH = {"credit-line": 0, "lead": 1, "byline": 2, "metadata": 3, "cited": 4}

_DASHES = "-–—‒―−"
_OPEN = "([/"
_CLOSE = ")]/"
_SENTENCE_END = ".!?؟…»\"”"
_ENDING = re.compile(r"[\s.,،:;؛!?؟…\-–—)\]/»\"”']*")

_ARABIC = re.compile("[\u0600-\u06ff]")
# One regex atom per character of a form: Arabic letters with their other
# spellings, Latin and Cyrillic letters in both cases (capitals-only forms
# are enforced at lookup, see _lookup), ё with е.
_ARABIC_CLASSES = {c: "اأإآ" for c in "اأإآ"} | {"ى": "ىي", "ي": "يى", "ة": "ةه"}
_GAP = r"[\s\-\u2010]+"  # between the words of a name
_SPELLED_GAP = r"[\s.]+"  # between the letters of "أ ف ب"
_FINAL_DOT = r"\.?"  # "أ.ف.ب."
_CONTEXT_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "ё": "е", "Ё": "Е"})
_CLITICS = "(?P<cl>[وف]?[بلك]?)"
_CLITIC_PREFIXES = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
_KEY_DROP = re.compile(r"[\s.\-\u2010'\"«»]+")

# Punctuation that may cling to a name in running text ("(رويترز)", "/ТАСС/."),
# made spaces before the text is split into words.  The prefilter works on
# UTF-8 bytes because bytes.translate is a table lookup while str.translate
# of Arabic text goes through a dict per character.
_ASCII_PUNCT = b"()[]{}<>/\\|.,:;!?\"'*+=_~#@&%-"
_PUNCT_TABLE = bytes.maketrans(_ASCII_PUNCT, b" " * len(_ASCII_PUNCT))
_WIDE_PUNCT = tuple(
    c.encode() for c in "،؛؟«»“”„‘’–—…\u00a0\u2009\u202f\u200b\u200c\u200d\u200e\u200f"
)


class AgencyMatch(NamedTuple):
    """One agency name found in a string (a tuple: cheap to make in bulk)."""

    id: str
    name: str  # the form as written, without an Arabic proclitic
    start: int  # offsets of ``name``
    end: int
    clitic: str  # "ل" in "لرويترز"
    ambiguous: bool


@dataclass(frozen=True, slots=True)
class _Lexicon:
    pattern: re.Pattern[str]  # every form, anchored at a word start
    first_words: frozenset[bytes]  # first words as written, all spellings, UTF-8
    forms: dict[str, tuple[str, bool]]  # key -> (id, ambiguous)
    folded: dict[str, tuple[str, bool]]  # case-folded key -> (id, ambiguous)
    names: dict[str, str]  # id -> display name
    media: frozenset[str]  # ids of publishers credited like agencies (RT)
    domains: tuple[tuple[str, str], ...]  # (domain, id)
    context_endings: tuple[str, ...]  # words for "agency", folded (see _fold)
    context_words: frozenset[str]


def _key(text: str, fold_case: bool = False) -> str:
    key = _KEY_DROP.sub("", arabic_key(strip_bidi(text))).replace("ё", "е").replace("Ё", "Е")
    return key.casefold() if fold_case else key


Atom = frozenset[str] | str  # the characters one position accepts, or a raw regex


def _atom(ch: str) -> frozenset[str]:
    if ch in _ARABIC_CLASSES:
        return frozenset(_ARABIC_CLASSES[ch])
    if ch in "еёЕЁ":
        return frozenset("еёЕЁ")
    return frozenset({ch, ch.lower(), ch.upper()})


def _form_atoms(form: str) -> list[Atom]:
    """The regex atoms of one form (see the notes in agencies.toml)."""
    words = form.split()
    if len(words) > 1 and all(len(w) == 1 for w in words):  # "أ ف ب"
        atoms: list[Atom] = []
        for i, letter in enumerate(words):
            atoms.extend(([_SPELLED_GAP] if i else []) + [_atom(letter)])
        return atoms + [_FINAL_DOT]
    atoms = []
    for i, part in enumerate(re.split(r"[\s\-\u2010]+", form.strip())):
        atoms.extend(([_GAP] if i else []) + [_atom(ch) for ch in part])
    return atoms


class _Trie(dict[Atom, "_Trie"]):
    """Forms sharing a beginning share a branch, so the regex tries each
    character once instead of once per form."""

    end = False

    def add(self, atoms: list[Atom]) -> None:
        node = self
        for atom in atoms:
            node = node.setdefault(atom, _Trie())
        node.end = True

    def regex(self) -> str:
        alternatives = [
            _atom_regex(atom) + child.regex()
            for atom, child in sorted(self.items(), key=lambda kv: _atom_regex(kv[0]))
        ]
        if not alternatives:
            return ""
        group = "(?:" + "|".join(alternatives) + ")" if len(alternatives) > 1 else alternatives[0]
        if self.end:  # a form ends here, a longer one may go on: longest first
            return group + "?" if len(alternatives) > 1 else f"(?:{group})?"
        return group


def _atom_regex(atom: Atom) -> str:
    if isinstance(atom, str):
        return atom
    if len(atom) == 1:
        return re.escape(next(iter(atom)))
    return "[" + "".join(sorted(re.escape(c) for c in atom)) + "]"


def _spellings(word: str) -> set[str]:
    """``word`` with every alef, yeh and teh marbuta spelling, or every case."""
    if not _ARABIC.search(word):
        if word.isupper():  # case-sensitive forms
            return {word}
        return {word, word.lower(), word.upper(), word[:1].upper() + word[1:].lower()}
    out = {""}
    for ch in word:
        out = {prefix + v for prefix in out for v in _ARABIC_CLASSES.get(ch, ch)}
    return out


def _first_words(form: str) -> set[str]:
    """How the first word of ``form`` may stand in whitespace-split text."""
    words = form.split()
    if len(words) > 1 and all(len(w) == 1 for w in words):  # "أ ف ب", also "أ.ف.ب"
        return _spellings(words[0]) | _spellings(".".join(words))
    first = re.split(r"[\s\-\u2010]+", form.strip())[0]
    spellings = _spellings(first)
    if not _ARABIC.search(form):
        return spellings
    out = {clitic + s for clitic in _CLITIC_PREFIXES for s in spellings}
    if first.startswith("ال"):  # "للأناضول", "وللأناضول"
        out.update(c + "ل" + s[2:] for c in ("ل", "ول", "فل") for s in spellings)
    return out


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = load("agencies")
    forms: dict[str, tuple[str, bool]] = {}
    folded: dict[str, tuple[str, bool]] = {}
    names: dict[str, str] = {}
    media: set[str] = set()
    domains: list[tuple[str, str]] = []
    arabic, other = _Trie(), _Trie()
    first_words: set[str] = set()
    for agency_id, entry in data["agency"].items():
        names[agency_id] = entry["name"]
        if entry.get("kind", "agency") == "media":
            media.add(agency_id)
        ambiguous = set(entry.get("ambiguous", ()))
        for lang in ("ar", "ru", "en"):
            for form in entry.get(lang, ()):
                is_ambiguous = form in ambiguous
                forms.setdefault(_key(form), (agency_id, is_ambiguous))
                if not form.isupper():
                    folded.setdefault(_key(form, True), (agency_id, is_ambiguous))
                if _ARABIC.search(form):
                    arabic.add(_form_atoms(form))
                    if form.startswith("ال"):  # "للأناضول": the proclitic ل took the alef
                        arabic.add(_form_atoms(form[1:]))
                else:
                    other.add(_form_atoms(form))
                first_words.update(_first_words(form))
        domains.extend((d.lower(), agency_id) for d in entry.get("domains", ()))
    pattern = re.compile(
        rf"(?<!\w)(?:{_CLITICS}(?P<ar>{arabic.regex()})|(?P<lat>{other.regex()}))(?!\w)"
    )
    words = data["context"]["words"]
    endings = {_fold(w) for w in words}
    return _Lexicon(
        pattern=pattern,
        first_words=frozenset(w.encode() for w in first_words),
        forms=forms,
        folded=folded,
        names=names,
        media=frozenset(media),
        domains=tuple(domains),
        context_endings=tuple(sorted(endings, key=len, reverse=True)),
        context_words=frozenset(_key(w, True) for w in words),
    )


@lru_cache(maxsize=4096)
def _lookup(name: str, clitic_swallowed_alef: bool) -> tuple[str, bool] | None:
    """(id, ambiguous) of the form written ``name``."""
    lex = _lexicon()
    for candidate in (name, "ا" + name) if clitic_swallowed_alef else (name,):
        found = lex.forms.get(_key(candidate)) or lex.folded.get(_key(candidate, True))
        if found:
            return found
    return None


def match_agencies(text: str) -> Iterator[AgencyMatch]:
    """Every agency name in ``text``, ambiguous forms included, in order.

    Running a few hundred alternatives at every position of an article
    costs milliseconds, so the words of the text are first intersected with
    the first words of the forms, in all their spellings (a set operation
    at C speed), and the alternation runs only where one of those starts.
    """
    lex = _lexicon()
    data = text.encode("utf-8", "surrogatepass").translate(_PUNCT_TABLE)
    for punct in _WIDE_PUNCT:
        if punct in data:
            data = data.replace(punct, b" ")
    hits = lex.first_words.intersection(data.split())
    if not hits:
        return
    starts = sorted(
        {
            m.start()
            for word in hits
            for m in _word_finder(word.decode()).finditer(text)
            if m.start() == 0 or not _is_word_char(text[m.start() - 1])
        }
    )
    end = 0
    for pos in starts:
        if pos < end:
            continue
        m = lex.pattern.match(text, pos)
        if m is None:
            continue
        clitic, arabic, other = m.group("cl", "ar", "lat")
        group = "ar" if arabic is not None else "lat"
        name = arabic if arabic is not None else other
        found = _lookup(name, (clitic or "").endswith("ل"))
        if found is None:  # cannot happen: every regex form is in the table
            continue
        end = m.end()
        yield AgencyMatch(found[0], name, m.start(group), m.end(group), clitic or "", found[1])


@lru_cache(maxsize=4096)
def _word_finder(word: str) -> re.Pattern[str]:
    # A literal first, so the search runs at C speed; the left boundary is
    # checked by the caller (a leading look-behind would defeat that).
    return re.compile(rf"{re.escape(word)}(?!\w)")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


# --------------------------------------------------------------------------
# Positions


def _prev(text: str, i: int, lo: int) -> tuple[str | None, int]:
    """The last non-space character before ``i`` (not before ``lo``)."""
    j = i - 1
    while j >= lo and text[j].isspace():
        j -= 1
    return (text[j], j) if j >= lo else (None, lo - 1)


def _next(text: str, i: int, hi: int) -> tuple[str | None, int]:
    """The first non-space character at or after ``i`` (before ``hi``)."""
    j = i
    while j < hi and text[j].isspace():
        j += 1
    return (text[j], j) if j < hi else (None, hi)


def _fold(text: str) -> str:
    """Alef, yeh and teh marbuta spellings and case folded, length kept."""
    folded = text.translate(_CONTEXT_FOLD).lower()
    return folded if len(folded) == len(text) else text


def _has_agency_word_before(text: str, m: AgencyMatch) -> bool:
    """A word for "agency" right before the name: "وكالة قنا", "агентство Синьхуа"."""
    start = m.start - len(m.clitic)
    before = _fold(text[max(0, start - CONTEXT_CHARS) : start].rstrip(" \t\u00a0\"«("))
    endings = _lexicon().context_endings
    if not before.endswith(endings):  # most candidates stop here
        return False
    word = next(e for e in endings if before.endswith(e))
    # A whole word, perhaps behind Arabic proclitics: "لوكالة قنا", "ووكالة".
    i = len(before) - len(word)
    while i > 0 and len(before) - len(word) - i < 2 and before[i - 1] in "وفبلك":
        i -= 1
    return i == 0 or not _is_word_char(before[i - 1])


def _is_lead(text: str, m: AgencyMatch, lo: int, hi: int) -> bool:
    """A dateline credit: "(Reuters) -", "/ТАСС/.", "- رويترز:", "— РИА Новости."."""
    if m.clitic or m.start >= lo + LEAD_CHARS:
        return False
    left, li = _prev(text, m.start, lo)
    right, ri = _next(text, m.end, hi)
    if left is not None and right is not None and left in _OPEN and right in _CLOSE:
        before, _ = _prev(text, li, lo)
        after, _ = _next(text, ri + 1, hi)
        return (
            before is None
            or before in _DASHES
            or after is None
            or after in _DASHES + ":.,،"
        )
    right_ends = right is None or right in _DASHES + ":.,،"
    if left is None:
        return right is not None and right in _DASHES + ":"
    if left in _DASHES:
        return right_ends or not m.ambiguous
    if left in ".,،":  # "Москва. 15 марта. ИНТЕРФАКС - ..."
        return right is not None and right in _DASHES
    return False


def _is_closing(text: str, m: AgencyMatch, lo: int, hi: int) -> bool:
    """A closing credit: nothing but punctuation after it in the last paragraph."""
    if m.clitic or not _ENDING.fullmatch(text, m.end, hi):
        return False
    left, _ = _prev(text, m.start, lo)
    return left is None or left in _OPEN + _DASHES + _SENTENCE_END


def _is_standalone(text: str, m: AgencyMatch) -> bool:
    """Set off by punctuation on both sides: "Jon Gambrell, AP", "الرياض - واس",
    "جدة: واس", "واس (جدة)"."""
    if m.clitic:
        return False
    left, _ = _prev(text, m.start, 0)
    right, _ = _next(text, m.end, len(text))
    return (left is None or left in ",;:|/(·" + _DASHES) and (
        right is None or right in ",;:|/().·" + _DASHES
    )


def _is_whole_value(text: str, matches: list[AgencyMatch]) -> bool:
    """``text`` names agencies and nothing else (words for "agency" aside)."""
    rest = text
    for m in sorted(matches, key=lambda m: -m.start):
        rest = rest[: m.start - len(m.clitic)] + " " + rest[m.end :]
    words = [w for w in re.split(r"[\s,;|/()+\-–—:.]+", rest) if w]
    ctx = _lexicon().context_words
    return all(_key(w, True) in ctx for w in words) or _key(" ".join(words), True) in ctx


# --------------------------------------------------------------------------
# The stage


def _credit(m: AgencyMatch, how: str, offset: int | None, label: str = "credit") -> AgencyCredit:
    span = None if offset is None else Span(offset + m.start, offset + m.end, label, (("id", m.id),))
    return AgencyCredit(m.id, m.name, how, span)


def _from_text(doc: Document) -> Iterator[AgencyCredit]:
    text = doc.text
    paragraphs = sorted(doc.paragraphs, key=lambda s: s.start) or [Span(0, len(text), "paragraph")]
    first, last = paragraphs[0], paragraphs[-1]
    cited: set[str] = set()  # only the first citation of an agency is kept
    for m in match_agencies(text):
        if first.start <= m.start < first.end and _is_lead(text, m, first.start, first.end):
            yield _credit(m, "lead", 0)
        elif last.start <= m.start < last.end and _is_closing(text, m, last.start, last.end):
            yield _credit(m, "credit-line", 0)
        elif m.id not in cited and (not m.ambiguous or _has_agency_word_before(text, m)):
            cited.add(m.id)
            yield _credit(m, "cited", 0, label="agency")


def _from_strings(values: Iterable[Any], how: str) -> Iterator[AgencyCredit]:
    for value in values:
        if not isinstance(value, str) or not value.strip():
            continue
        value = strip_bidi(value)
        matches = list(match_agencies(value))
        if how == "credit-line":
            yield from (_credit(m, how, None) for m in matches)
        elif how == "byline":
            yield from (
                _credit(m, how, None) for m in matches if not m.ambiguous or _is_standalone(value, m)
            )
        elif matches and _is_whole_value(value, matches):
            # A publisher named like a broadcaster is the outlet, not a credit.
            media = _lexicon().media
            yield from (_credit(m, how, None) for m in matches if m.id not in media)


def _from_urls(urls: Iterable[Any]) -> Iterator[AgencyCredit]:
    lex = _lexicon()
    for url in urls:
        if not isinstance(url, str) or "." not in url:
            continue
        try:
            host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
        except ValueError:
            continue
        for domain, agency_id in lex.domains:
            if host == domain or host.endswith("." + domain):
                yield AgencyCredit(agency_id, lex.names[agency_id], "metadata", None)


def _best(credits: Iterable[AgencyCredit]) -> list[AgencyCredit]:
    """One entry per agency, the strongest evidence, in order of strength."""
    best: dict[str, tuple[tuple[int, int], AgencyCredit]] = {}
    for n, credit in enumerate(credits):
        rank = (STRENGTH[credit.how], n)
        if credit.id not in best or rank < best[credit.id][0]:
            best[credit.id] = (rank, credit)
    return [c for _, c in sorted(best.values(), key=lambda rc: rc[0])]


def credited(doc: Document) -> list[str]:
    """Ids of the agencies ``doc`` credits (citations left out)."""
    return [a.id for a in doc.agencies if a.how != "cited"]


@stage(
    "marsad.agencies.v1",
    requires=("text", "paragraphs", "hints", "author", "publisher"),
    assigns=("agencies",),
)
def find_agencies(doc: Document) -> Document:
    """News agencies credited by credit lines, the lead, the byline or metadata."""
    record = doc.record or {}
    credit_lines = doc.hints.get("credit_lines") or []
    if isinstance(credit_lines, str):
        credit_lines = [credit_lines]
    found = [
        *_from_strings(credit_lines, "credit-line"),
        *_from_text(doc),
        *_from_strings([doc.author], "byline"),
        *_from_strings(
            [doc.publisher, doc.hints.get("record_source")]
            + [record.get(k) for k in ("source", "agency", "credit")],
            "metadata",
        ),
        *_from_urls([doc.source.url, record.get("url")]),
    ]
    doc.agencies = _best(found)
    return doc
