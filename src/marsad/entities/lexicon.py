"""The language data of the entities stage, compiled once per language.

``lang/roles_{ar,ru,en}.toml`` list titles, honorifics, countries (with
their nationality adjectives), organizations and the words that end a name.
:func:`lexicon` turns a file into phrase tables keyed by the matching key of
a phrase's first token, so the rules do one dict lookup per token and
compare the following tokens only where a phrase can start.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count
from typing import Iterable

from ..lang import load
from .tokens import TOK_KEY, Tok, token_key, tokenize

__all__ = ["Lexicon", "Phrase", "lexicon", "LANGS", "NAMES", "DUAL", "ROLE_START", "NAME_START", "DUAL_START"]

LANGS = ("ar", "ru", "en")

# Kinds of phrases.
TITLE, HONORIFIC, COUNTRY, NATIONALITY, ORG, LINK, ORG_HEAD, QUALIFIER, PLACE, DUAL = (
    "title", "honorific", "country", "nationality", "org", "link", "org_head", "qualifier", "place", "dual",
)
# The kinds of names the data knows wherever they stand (not only in a role
# phrase): countries, places (cities, regions) and the organizations no
# country has its own of.
NAMES = frozenset((COUNTRY, PLACE, ORG))
ROLE_START, NAME_START, DUAL_START = 1, 2, 4  # what may start at a token (``Lexicon.starts``)


@dataclass(frozen=True, slots=True)
class Phrase:
    """One form of the data: its token keys (lemmatized) and what it means."""

    words: tuple[str, ...]  # matching keys (Russian title words: lemmas)
    kind: str
    value: str  # canonical: the title, the country or the organization name
    national: bool = False  # an institution every country has ("وزارة الخارجية")
    cased: tuple[str, ...] | None = None  # exact surfaces for capitals-only forms ("US", "МИД")


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: one per language
class Lexicon:
    lang: str
    phrases: dict[str, tuple[Phrase, ...]]  # first key -> phrases, longest first
    lemmas: dict[str, str]  # inflected key -> lemma key (Russian titles)
    clitics: tuple[str, ...]  # Arabic proclitics, longest first
    before: frozenset[str]  # modifier kinds before a title
    after: frozenset[str]  # modifier kinds after a title
    max_modifiers: int
    separators: frozenset[str]
    after_name: frozenset[str]
    possessives: frozenset[str]
    quotes: frozenset[str]
    org_words: frozenset[str]  # keys after which a name is an organization's ("صحيفة", "نادي")
    seat_links: frozenset[str]  # links that say where an office sits ("في": "السفير في القاهرة")
    stopwords: frozenset[str]
    particles: frozenset[str]
    written_names: frozenset[str]  # names as written whose key is a stopword's ("علي")
    given_names: frozenset[str]  # keys of country names that are also given names ("إسرائيل")
    name_ends: frozenset[str]  # keys that end a compound name ("الله" of "سميع الله")
    surname_endings: tuple[str, ...]  # key endings of family names ("وف": "محمدوف")
    counterparts: frozenset[str]  # titles that stand for the last office named ("نظيره")
    met_words: frozenset[str]  # keys before an office whose holder is the one met ("مع")
    meeting_verbs: frozenset[str]  # keys of verbs after which the office is the subject's ("استقبل")
    case_endings: tuple[str, ...]
    name_min: int
    name_not_starting: tuple[str, ...]
    name_not_starting_written: tuple[str, ...]  # the same as written (no letter folding)
    adjective_prefix: str
    adjective_suffixes: tuple[str, ...]
    name_max: int
    capitalized: bool
    places: dict[tuple[str, ...], tuple[str, str]]  # words -> (type, canonical) of countries/cities/orgs
    demonyms: frozenset[tuple[str, ...]]  # nationality adjectives ("qatari")
    towns: frozenset[tuple[str, ...]]  # the places of ``places`` from [places] (cities, regions, seas)
    # keys of words that name a place or institution after a person ("مطار الملك فهد") -> its type
    named_after: dict[str, str] = field(default_factory=dict)
    named_after_titles: frozenset[str] = frozenset()  # the titles such names take ("الملك", "الأمير")
    named_facilities: frozenset[str] = frozenset()  # keys: a tagger's person right after one is the facility ("محطة")
    org_descriptions: frozenset[str] = frozenset()  # keys of the words an institution named by description starts with
    # titles also used alone for their holder ("خادم الحرمين الشريفين"): only a tagged name follows
    tagged_only: frozenset[str] = frozenset()
    # offices held for someone -> that someone's office ("советник президента" -> "президент")
    of_holder: dict[str, str] = field(default_factory=dict)
    # keys of words after a known organization that make it another ("الاتحاد الأوروبي لكرة القدم")
    org_extensions: dict[str, int] = field(default_factory=dict)  # key -> how many words after it belong too
    named_after_not_after: frozenset[str] = frozenset()  # "key key" pairs that make the word another ("عن طريق")
    # keys of words the tagger takes for a name alone that are none: currencies, "الله"
    not_entities: frozenset[str] = frozenset()
    # stopwords as written (no diacritics), that never start a tagger's person
    # ("فإن أوباما"), and the words that never end one ("محمد صلى")
    written_stopwords: frozenset[str] = frozenset()
    never_last: frozenset[str] = frozenset()
    org_first_words: frozenset[str] = frozenset()  # keys: a tagger's person starting so is an organization
    # A portfolio written out after (or, in English, before) an office the data
    # lists without it: "министр дорог и градостроительства", "Minister of
    # Supply and Internal Trade", "Energy and Natural Resources Minister".
    portfolio_titles: frozenset[str] = frozenset()  # first words of the offices that take one ("министр", "minister")
    portfolio_links: frozenset[str] = frozenset()  # English: "of", "for" before it
    portfolio_words: frozenset[str] = frozenset()  # English: the words a portfolio is made of ("supply", "trade")
    not_portfolio_endings: tuple[str, ...] = ()  # Russian: endings of words that are no portfolio's (verbs)
    portfolio_adjective_endings: tuple[str, ...] = ()  # Russian: endings of adjectives a portfolio does not end in
    org_last_words: frozenset[str] = frozenset()  # English: words organizations' names end in ("Zone", "Authority")
    capitalized_names: frozenset[str] = frozenset()  # keys (lemmas) of offices that are given names when capitalized
    articles: frozenset[str] = frozenset()  # keys of articles between a name's comma and its role ("the")
    deputy_words: frozenset[str] = frozenset()  # keys that make any office a deputy's ("نائب", "مساعد")
    statuses: dict[str, str] = field(default_factory=dict)  # qualifier (as listed) -> "former", "acting"…
    delegations: frozenset[str] = frozenset()  # keys of "الوفد": a country's delegation
    sides: frozenset[str] = frozenset()  # keys of "الجانب": a country's side
    side_openers: frozenset[str] = frozenset()  # keys before a side that make it one ("من", "قاد")
    delegation_adjectives: frozenset[str] = frozenset()  # between a delegation and its nationality ("عسكريا")
    delegation_links: frozenset[str] = frozenset()  # between the nationality and the offices ("برئاسة")
    portfolio: bool = False  # Arabic: an office takes the words of its portfolio ("وزير الموارد الطبيعية")
    portfolio_last: frozenset[str] = frozenset()  # Arabic adjectives that may end a portfolio before the name
    open_titles: frozenset[str] = frozenset()  # keys of title words a "ل" portfolio follows ("الدولة")
    cache: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)  # key -> variants
    starts: dict[str, int] = field(init=False)  # key -> what may start here (ROLE_START, NAME_START, DUAL_START)

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", _Starts(self))

    def lemma(self, key: str) -> str:
        return self.lemmas.get(key, key)

    def lemmatize(self, keys: Iterable[str]) -> tuple[str, ...]:
        """The lemmas of ``keys`` (``map`` with a default: no Python call per key)."""
        keys = tuple(keys)
        return tuple(map(self.lemmas.get, keys, keys))

    def variants(self, tok: Tok, clitics: bool) -> tuple[tuple[str, int], ...]:
        """``(key, clitic length)`` readings of a token: as written, and
        (Arabic) with a proclitic taken off; "لل" before a form with the
        article reads as ل + ال ("للأمم" -> "الامم")."""
        if not clitics or not self.clitics:
            return ((self.lemma(tok.key), 0),)
        found = self.key_variants(tok.key)
        if len(found) > 1 and len(tok.key) != len(tok.text):  # diacritics: map to the surface
            return tuple((key, surface_len(tok.text, n)) for key, n in found)
        return found

    def key_variants(self, key: str) -> tuple[tuple[str, int], ...]:
        """:meth:`variants` of a key (clitic lengths in key characters)."""
        if not self.clitics:
            return ((self.lemma(key), 0),)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self._clitic_variants(key)
        return found

    def _clitic_variants(self, key: str) -> tuple[tuple[str, int], ...]:
        out = [(self.lemma(key), 0)]
        for clitic in self.clitics:
            if key.startswith(clitic) and len(key) - len(clitic) >= 2:
                out.append((key[len(clitic):], len(clitic)))
        for lead in ("", "و", "ف"):
            if key.startswith(lead + "لل") and len(key) - len(lead) >= 4:
                out.append(("ال" + key[len(lead) + 2 :], len(lead)))
        return tuple(out)

    def positions(self, toks: list[Tok]) -> tuple[list[int], list[int], list[int]]:
        """Indexes of the tokens where a role phrase may start, of those
        where a country, place or organization of the data may, and of those
        where a dual office may (one dict lookup per token, in bulk: most
        tokens start nothing; no phrase starts with a punctuation mark)."""
        flags = list(map(self.starts.__getitem__, map(TOK_KEY, toks)))
        at = list(compress(count(), flags))  # no phrase starts with a punctuation mark
        if not at:
            return at, at, at
        return (
            [i for i in at if flags[i] & ROLE_START],
            [i for i in at if flags[i] & NAME_START],
            [i for i in at if flags[i] & DUAL_START],
        )

    def start_positions(self, toks: list[Tok]) -> list[int]:
        """Indexes of the word tokens where a role phrase may start."""
        return self.positions(toks)[0]

    def phrase(self, words: tuple[str, ...], kind: str) -> Phrase | None:
        """The phrase of ``kind`` with exactly these (lemmatized) words."""
        return next((p for p in self.phrases.get(words[0], ()) if p.words == words and p.kind == kind), None) if words else None

    def match(
        self, toks: list[Tok], i: int, kinds: Iterable[str], clitics: bool = False
    ) -> tuple[Phrase, int, int] | None:
        """The longest phrase of ``kinds`` starting at token ``i``:
        ``(phrase, index after it, clitic length)``."""
        if i >= len(toks):
            return None
        best: tuple[Phrase, int, int] | None = None
        for key, clitic in self.variants(toks[i], clitics):
            for phrase in self.phrases.get(key, ()):
                if phrase.kind not in kinds:
                    continue
                n = len(phrase.words)
                if best is not None and n <= best[1] - i:
                    break  # longest first: nothing longer follows
                if i + n > len(toks):
                    continue
                if all(self.lemma(toks[i + k].key) == phrase.words[k] for k in range(1, n)) and (
                    phrase.cased is None or all(toks[i + k].text == phrase.cased[k] for k in range(n))
                ):
                    best = (phrase, i + n, clitic)
                    break
        return best


class _Starts(dict[str, int]):
    """Key -> what may start at a token with that key (read or with a
    proclitic off), filled on first use: ``ROLE_START`` a role phrase
    (without modifiers before the title, as in Arabic, one starts with a
    title, an honorific or a dual office; with them, with a phrase of any
    kind), ``NAME_START`` a country, place or organization of the data."""

    def __init__(self, lex: Lexicon) -> None:
        super().__init__()
        self.lex = lex
        self.role_kinds = None if lex.before else frozenset((TITLE, HONORIFIC, DUAL))

    def __missing__(self, key: str) -> int:
        phrases, kinds = self.lex.phrases, self.role_kinds
        flags = 0
        for variant, _ in self.lex.key_variants(key):
            for p in phrases.get(variant, ()):
                if kinds is None or p.kind in kinds:
                    flags |= ROLE_START
                if p.kind in NAMES:
                    flags |= NAME_START
                if p.kind == DUAL:
                    flags |= DUAL_START
        self[key] = flags
        return flags


def surface_len(surface: str, key_len: int) -> int:
    """Characters of ``surface`` that make the first ``key_len`` key characters
    (differs when the clitic carries a diacritic), with the marks on the last
    of them ("وَبِ" of "وَبِموسكو")."""
    if key_len == 0:
        return 0
    n = 0
    for i, ch in enumerate(surface):
        if token_key(ch):
            n += 1
        if n == key_len:
            j = i + 1
            while j < len(surface) and not token_key(surface[j]):
                j += 1
            return j
    return len(surface)


def _phrase_tokens(form: str, lang: str) -> list[Tok]:
    return tokenize(form, lang=lang)


def _definite_offices(offices: list[str]) -> dict[str, str]:
    """Arabic offices written in the construct state before a country's
    name ("وزير خارجية مصر", "رئيس وزراء العراق") -> the same office as the
    data lists it with the article ("وزير الخارجية", "رئيس الوزراء"): one
    office, one title, however the phrase names the country."""
    listed = set(offices)
    out = {}
    for form in offices:
        words = form.split()
        if len(words) >= 2 and not words[-1].startswith("ال") and words[-1] not in listed:  # "نائب رئيس" is not "نائب الرئيس"
            definite = " ".join([*words[:-1], "ال" + words[-1]])
            if definite in listed:
                out[form] = definite
    return out


def _is_caps(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@lru_cache(maxsize=None)
def lexicon(lang: str) -> Lexicon:
    """The compiled data of ``lang`` ("ar", "ru", "en")."""
    data = load(f"roles_{lang}")
    grammar = data["grammar"]
    lemmas: dict[str, str] = {}
    for lemma, forms in data.get("inflection", {}).items():
        for form in forms:
            lemmas[token_key(form)] = token_key(lemma)
    table: dict[str, list[Phrase]] = {}
    places: dict[tuple[str, ...], tuple[str, str]] = {}
    demonyms: set[tuple[str, ...]] = set()

    def add(form: str, kind: str, value: str, national: bool = False) -> tuple[str, ...]:
        toks = _phrase_tokens(form, lang)
        if not toks:
            return ()
        words = tuple(lemmas.get(t.key, t.key) for t in toks)
        cased = tuple(t.text for t in toks) if lang != "ar" and _is_caps(form) else None
        table.setdefault(words[0], []).append(Phrase(words, kind, value, national, cased))
        return words

    titles = data["titles"]
    offices = titles.get("offices", [])
    canonical = _definite_offices(offices) if grammar.get("portfolio") else {}
    contractions = titles.get("contractions", {})
    for form in offices:
        add(form, TITLE, canonical.get(form, form))
        for short, office in contractions.items():  # "замминистра энергетики" for "министр энергетики"
            if form.startswith(office + " "):
                add(short + form[len(office):], TITLE, short + form[len(office):])
    for form in titles.get("honorifics", []):
        add(form, HONORIFIC, form.rstrip("."))
    for form, office in titles.get("duals", {}).items():
        add(form, DUAL, canonical.get(office, office))
    for form, office in titles.get("pronoun_forms", {}).items():  # "رئيسها" is "الرئيس"
        add(form, TITLE, office)
    patterns = grammar.get("adjective_patterns", ["{}"])
    for country in data.get("country", []):
        name = country["name"]
        for form in country.get("forms", []):
            places.setdefault(add(form, COUNTRY, name), ("LOC", name))
        for adjective in country.get("adjectives", []):
            for pattern in patterns:
                demonyms.add(add(pattern.format(adjective), NATIONALITY, name))
    towns: set[tuple[str, ...]] = set()
    for name, forms in data.get("places", {}).items():
        for form in [name, *forms]:
            words = add(form, PLACE, name)
            if words not in places:
                places[words] = ("LOC", name)
                towns.add(words)
    for org in data.get("org", []):
        name = org["name"]
        for form in org.get("forms", []):
            places.setdefault(add(form, ORG, name, bool(org.get("national"))), (org.get("type", "ORG"), name))
    for form in grammar.get("links", []):
        add(form, LINK, form)
    for form in grammar.get("org_heads", []):
        add(form, ORG_HEAD, form)
    for form in grammar.get("qualifiers", []):
        add(form, QUALIFIER, form)

    phrases = {
        key: tuple(sorted(dict.fromkeys(group), key=lambda p: -len(p.words)))
        for key, group in table.items()
    }
    names = data.get("names", {})
    places.pop((), None)
    return Lexicon(
        lang=lang,
        phrases=phrases,
        lemmas=lemmas,
        clitics=tuple(sorted((token_key(c) for c in grammar.get("clitics", [])), key=len, reverse=True)),
        before=frozenset(grammar.get("modifiers_before", [])),
        after=frozenset(grammar.get("modifiers_after", [])),
        max_modifiers=int(grammar.get("max_modifiers", 3)),
        separators=frozenset(grammar.get("separators", [])),
        after_name=frozenset(grammar.get("after_name", [])),
        possessives=frozenset(token_key(p) for p in grammar.get("possessives", [])),
        quotes=frozenset(grammar.get("quotes", [])),
        org_words=frozenset(token_key(w) for w in grammar.get("org_words", [])),
        seat_links=frozenset(grammar.get("seat_links", [])),
        stopwords=frozenset(token_key(w) for w in names.get("stopwords", [])),
        particles=frozenset(token_key(w) for w in names.get("particles", [])),
        written_names=frozenset(names.get("written_names", [])),
        given_names=frozenset(token_key(w) for w in names.get("given_names", [])),
        name_ends=frozenset(token_key(w) for w in names.get("name_ends", [])),
        surname_endings=tuple(token_key(w) for w in names.get("surname_endings", [])),
        counterparts=frozenset(titles.get("counterparts", [])),
        met_words=frozenset(token_key(w) for w in titles.get("met_words", [])),
        meeting_verbs=frozenset(token_key(w) for w in titles.get("meeting_verbs", [])),
        case_endings=tuple(sorted(set(names.get("case_endings", [])), key=len, reverse=True)),
        name_min=int(grammar.get("name_words_min", 2)),
        name_not_starting=tuple(token_key(p) for p in grammar.get("name_not_starting", [])),
        name_not_starting_written=tuple(grammar.get("name_not_starting", [])),
        adjective_prefix=token_key(grammar.get("adjective_prefix", "")),
        adjective_suffixes=tuple(token_key(x) for x in grammar.get("adjective_suffixes", [])),
        name_max=int(grammar.get("name_words_max", 4)),
        capitalized=bool(grammar.get("names_capitalized", False)),
        places=places,
        demonyms=frozenset(demonyms),
        towns=frozenset(towns),
        named_after=_named_after_table(
            lang, {**{w: "LOC" for w in grammar.get("named_facilities", [])}, **grammar.get("named_after", {})}),
        named_facilities=frozenset(token_key(w) for w in grammar.get("named_facilities", [])),
        org_descriptions=frozenset(token_key(w) for w in grammar.get("org_descriptions", [])),
        named_after_titles=frozenset(grammar.get("named_after_titles", [])),
        tagged_only=frozenset(titles.get("tagged_only", [])),
        deputy_words=frozenset(token_key(w) for w in titles.get("deputy_words", [])),
        articles=frozenset(token_key(w) for w in grammar.get("articles", [])),
        capitalized_names=frozenset(token_key(w) for w in grammar.get("capitalized_names", [])),
        org_last_words=frozenset(token_key(w) for w in data.get("names", {}).get("org_last_words", [])),
        portfolio_titles=frozenset(token_key(w) for w in grammar.get("portfolio_titles", [])),
        portfolio_links=frozenset(token_key(w) for w in grammar.get("portfolio_links", [])),
        portfolio_words=frozenset(token_key(w) for w in grammar.get("portfolio_words", [])),
        not_portfolio_endings=tuple(grammar.get("not_portfolio_endings", [])),
        portfolio_adjective_endings=tuple(grammar.get("portfolio_adjective_endings", [])),
        statuses={form: status for status, forms in grammar.get("statuses", {}).items() for form in forms},
        delegations=frozenset(token_key(w) for w in grammar.get("delegations", [])),
        sides=frozenset(token_key(w) for w in grammar.get("sides", [])),
        side_openers=frozenset(token_key(w) for w in grammar.get("side_openers", [])),
        delegation_adjectives=frozenset(token_key(w) for w in grammar.get("delegation_adjectives", [])),
        delegation_links=frozenset(token_key(w) for w in grammar.get("delegation_links", [])),
        portfolio=bool(grammar.get("portfolio", False)),
        open_titles=frozenset(token_key(w) for w in grammar.get("portfolio_with_li", [])),
        portfolio_last=frozenset(token_key(w) for w in grammar.get("portfolio_last_adjectives", [])),
        of_holder=dict(titles.get("of_holder", {})),
        org_extensions=_extension_table(lang, grammar.get("org_extensions", {})),
        named_after_not_after=frozenset(" ".join(map(token_key, w.split())) for w in grammar.get("named_after_not_after", [])),
        not_entities=frozenset(token_key(w) for w in names.get("not_entities", [])),
        written_stopwords=frozenset(names.get("stopwords", [])) - frozenset(names.get("also_names", [])),
        never_last=frozenset(names.get("never_last", [])),
        org_first_words=frozenset(token_key(w) for w in names.get("org_first_words", [])),
    )


def _named_after_table(lang: str, table: dict[str, str]) -> dict[str, str]:
    """``[grammar].named_after``: word -> ORG, LOC or MISC."""
    for word, type_ in table.items():
        if type_ not in ("ORG", "LOC", "MISC"):
            raise ValueError(f"roles_{lang}.toml: [grammar].named_after: {word!r} has type {type_!r}, not ORG, LOC or MISC")
    return {token_key(w): t for w, t in table.items()}


def _extension_table(lang: str, table: dict[str, int]) -> dict[str, int]:
    """``[grammar].org_extensions``: word -> how many words after it (0 or more)."""
    for word, more in table.items():
        if not isinstance(more, int) or isinstance(more, bool) or more < 0:
            raise ValueError(f"roles_{lang}.toml: [grammar].org_extensions: {word!r} has {more!r}, not a count of words")
    return {token_key(w): n for w, n in table.items()}
