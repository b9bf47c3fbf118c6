"""Role phrases: the titles and offices written next to a person's name.

A role phrase is, in the order the language data allows
(``[grammar]`` of ``lang/roles_*.toml``)::

    MODIFIER* TITLE MODIFIER* HONORIFIC?  [separator]  NAME
    NAME [، ,]  MODIFIER* TITLE MODIFIER* HONORIFIC?

where a MODIFIER is a nationality adjective ("المصري", "турецкий",
"Turkish"), a country ("Турции", "Jordan" + "'s", "مصر"), an organization
("الكرملين", "Кремля", "Kremlin"), or a link word and one of those ("باسم
الكرملين", "of Egypt").  Modifiers before the title are English and Russian
("Jordan's Foreign Minister", "российский министр"); after it, Arabic and
Russian ("وزير الخارجية المصري", "министр иностранных дел Турции").  A
national institution ("وزارة الخارجية", "МИД") takes the country beside it
into its name ("وزارة الخارجية الروسية", "МИД России").

This module finds the phrases on tokens; the stage links them to names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .lexicon import COUNTRY, HONORIFIC, LINK, NATIONALITY, ORG, ORG_HEAD, PLACE, QUALIFIER, ROLE_START, TITLE, Lexicon, Phrase
from ..segment import arabic_stem_start
from .tokens import Tok, token_key, tokenize

__all__ = ["Place", "RoleMatch", "find_roles", "is_name_word", "place_at", "rule_name", "tokens_text"]

# Arabic case endings (tanwin) written on a word: names do not take them.
_TANWIN = ("\u064b", "\u064c", "\u064d")
# Arabic proclitic chains of a preposition and the article: never in a name.
_PREPOSITION_ARTICLE = frozenset({"بال", "وبال", "فبال", "كال", "وكال", "فكال", "لل", "ولل", "فلل"})


@dataclass(slots=True, frozen=True)
class Place:
    """A country or organization a role phrase names (char offsets)."""

    start: int
    end: int
    type: str  # "LOC" or "ORG"
    name: str  # the entity name: canonical, or as written for a national institution
    key_name: str  # what the entity key is made of ("وزارة الخارجية روسيا")


@dataclass(slots=True)
class RoleMatch:
    title: str
    first: int  # token indexes of the phrase [first, last)
    last: int
    start: int  # char offsets of the phrase (after an Arabic proclitic)
    end: int
    title_first: int  # token indexes of the title words
    title_last: int
    honorific: bool = False  # the "title" is an honorific ("الأمير"): a name follows, never an office
    country: str | None = None
    org: str | None = None
    places: list[Place] = field(default_factory=list)
    in_city: bool = False  # the phrase ends in a city ("السفير الروسي في القاهرة"): only a tagged name follows
    status: str | None = None  # "former", "acting", "elect"… when a qualifier says so ("السابق", "бывший")
    place: str | None = None  # the city or region the office belongs to or sits in ("في القاهرة", "Астраханской области")


@dataclass(slots=True)
class _Mod:
    end: int  # token index after the modifier
    clitic: int
    places: list[Place]
    country: str | None
    org: str | None
    city: bool = False  # a place of the data's [places] table (city, region, sea) after a seat link
    status: str | None = None  # a qualifier's: "former", "acting"… (``[grammar].statuses``)
    place: str | None = None  # a city or region of the data's [places]


def place_at(lex: Lexicon, toks: list[Tok], j: int, kinds: frozenset[str], clitics: bool) -> _Mod | None:
    """A country, nationality, organization or (with ``PLACE`` in ``kinds``)
    a place of the data's ``[places]`` at token ``j``."""
    n = len(toks)
    k = j
    head = lex.match(toks, k, (ORG_HEAD,), clitics) if ORG in kinds else None
    clitic = head[2] if head else 0
    if head:
        k = head[1]
    apart = clitics and not head and k + 1 < n and toks[k].key in ("ل", "ب") and toks[k].text != toks[k].key and (
        toks[k + 1].text in lex.quotes)
    if apart:
        k += 1  # a proclitic written apart before a quoted name: لـ"لوك أويل"
    if k < n and toks[k].text in lex.quotes:
        k += 1
    wanted = [kind for kind in (ORG, COUNTRY, NATIONALITY, PLACE) if kind in kinds]
    if head:
        wanted = [ORG]
    m = lex.match(toks, k, wanted, clitics and k == j)
    if m is None or apart and (m[1] >= n or toks[m[1]].text not in lex.quotes):
        return None  # (all the quoted name: not the country in «السعودية للكهرباء»)
    phrase, end, cl = m
    if k == j:
        clitic = cl
    start_char = toks[k].start + (cl if k == j else 0)
    end_char = toks[end - 1].end
    if end < n and toks[end].text in lex.quotes and (k > j and toks[k - 1].text in lex.quotes):
        end += 1
    if phrase.kind == PLACE:  # "السفير الروسي في القاهرة": where the office is, not its country
        return _Mod(end, clitic, [Place(start_char, end_char, "LOC", phrase.value, phrase.value)], None, None, True,
                    place=phrase.value)
    if phrase.kind in (COUNTRY, NATIONALITY):
        country = _Mod(end, clitic, [Place(start_char, end_char, "LOC", phrase.value, phrase.value)],
                       phrase.value, None)
        # "российского МИД", "Russian Foreign Ministry": the institution of that country
        org = lex.match(toks, end, (ORG,))
        if org is not None and org[0].national:
            o_end = org[1]
            name_text = tokens_text(toks, k, o_end)
            country.places.append(
                Place(start_char, toks[o_end - 1].end, "ORG", name_text, f"{org[0].value} {phrase.value}")
            )
            country.end, country.org = o_end, name_text
        return country
    # an organization; a national one takes the country after it
    if phrase.national:
        after = lex.match(toks, end, (NATIONALITY, COUNTRY))
        if after is not None:
            c_phrase, c_end, _ = after
            c_start, c_stop = toks[end].start, toks[c_end - 1].end
            name_text = _article_restored(tokens_text(toks, k, c_end, start_char), phrase.words[0])
            return _Mod(c_end, clitic, [
                Place(start_char, c_stop, "ORG", name_text, f"{phrase.value} {c_phrase.value}"),
                Place(c_start, c_stop, "LOC", c_phrase.value, c_phrase.value),
            ], c_phrase.value, name_text)
    return _Mod(end, clitic, [Place(start_char, end_char, "ORG", phrase.value, phrase.value)], None, phrase.value)


def _article_restored(text: str, first_key: str) -> str:
    """"للجيش التركي" -> "الجيش التركي": the name of a form read as ل + ال
    (the span keeps the preposition: the article's alef is not written)."""
    if first_key.startswith("ال"):
        for lead in ("ولل", "فلل", "لل"):
            if text.startswith(lead):
                return "ال" + text[len(lead):]
    return text


def tokens_text(toks: list[Tok], first: int, last: int, start: int | None = None) -> str:
    """The source text of tokens ``[first, last)`` rebuilt from the tokens
    (single spaces between words; the caller never needs more)."""
    parts = []
    for i in range(first, last):
        t = toks[i]
        s = t.text[start - t.start :] if (i == first and start is not None) else t.text
        if parts and toks[i - 1].end < t.start:
            parts.append(" ")
        parts.append(s)
    return "".join(parts)


def _unknown_adjective(lex: Lexicon, toks: list[Tok], j: int, names: frozenset[int] = frozenset()) -> bool:
    if not lex.adjective_prefix or j >= len(toks) or j in names:
        return False
    key = toks[j].key
    return (
        len(key) >= 5
        and key.startswith(lex.adjective_prefix)
        and key.endswith(lex.adjective_suffixes)
        # as written: the article never carries a hamza ("أليكسي" is a name)
        and toks[j].text.startswith(lex.adjective_prefix)
        and lex.match(toks, j, (TITLE, HONORIFIC, ORG, COUNTRY, NATIONALITY)) is None
    )


def _modifier(
    lex: Lexicon, toks: list[Tok], j: int, kinds: frozenset[str], clitics: bool, names: frozenset[int] = frozenset(),
    taken: frozenset[int] = frozenset(),
) -> _Mod | None:
    qualifier = lex.match(toks, j, (QUALIFIER,), clitics)
    if qualifier is not None:  # "السابق", "former": part of the phrase, names nothing
        return _Mod(qualifier[1], qualifier[2], [], None, None, status=lex.statuses.get(qualifier[0].value))
    if LINK in kinds:
        link = lex.match(toks, j, (LINK,), clitics)
        if link is not None:
            inner = place_at(lex, toks, link[1], kinds | {ORG, COUNTRY, PLACE}, False)
            if inner is not None:
                inner.clitic = link[2]
                # "في صنعاء" says where the office sits; "إلى الشرق الأوسط" whom an envoy goes to
                inner.city = inner.city and link[0].value in lex.seat_links
                return inner
    found = place_at(lex, toks, j, kinds, clitics)
    if found is None and ORG in kinds and lex.portfolio and j not in taken:  # (the tagger's organization stays)
        found = _headed_org(lex, toks, j, clitics, names | taken)
    if found is None and _unknown_adjective(lex, toks, j, names):
        return _Mod(j + 1, 0, [], None, None)  # "الكيني": an adjective of a country the data lacks
    return found


def _headed_org(lex: Lexicon, toks: list[Tok], j: int, clitics: bool, names: frozenset[int]) -> _Mod | None:
    """An organization the data does not know, named by its kind and what it
    is of, after an office: "رئيس هيئة المحطات النووية المصرية" (the word
    without the article, one to four words with it, a nationality adjective
    that gives its country; two words at least without one)."""
    head = lex.match(toks, j, (ORG_HEAD,), clitics)
    if head is None or not _free(lex, toks, head[1], names) or toks[j].text[head[2]:].startswith(("ال", "لل")):
        return None  # (with the article it is "the company" of the sentence: "للشركة المدرجة")
    n = len(toks)
    e = head[1]
    while e < n and e - head[1] < 4 and _free(lex, toks, e, names) and not _starts_honorific(lex, toks[e]):
        e += 1  # (not into a rank before the name: "هيئة القناة الفريق مهاب مميش")
    nat = lex.match(toks, e, (NATIONALITY,))
    if nat is None and e - head[1] < 2:
        return None  # "هيئة القناة", "مؤسسة الترخيص": too little to be a name
    end = nat[1] if nat is not None else e
    start = toks[j].start + head[2]
    name = tokens_text(toks, j, end, start)
    places = [Place(start, toks[end - 1].end, "ORG", name, name)]
    country = None
    if nat is not None:
        country = nat[0].value
        places.append(Place(toks[e].start, toks[end - 1].end, "LOC", country, country))
    return _Mod(end, head[2], places, country, name)


def _org_in_title(lex: Lexicon, toks: list[Tok], first: int, last: int, nationality: _Mod) -> Place | None:
    """An organization of the data that ends an office's title, with the
    nationality after the title: "رئيس البرلمان الإيراني" names "البرلمان
    الإيراني" (key: the organization and its country), "أمين مجلس الأمن
    الروسي" Russia's Security Council, not the United Nations'."""
    for x in range(first + 1, last):
        found = lex.match(toks, x, (ORG,))
        # written in full ("البرلمان"), not a short form ("الخارجية" of "وزير الخارجية" is the ministry's)
        if found is not None and found[1] == last and found[0].words == lex.lemmatize(_words_of(found[0].value, lex.lang)):
            end = nationality.end
            text = tokens_text(toks, x, end)
            return Place(toks[x].start, toks[end - 1].end, "ORG", text, f"{found[0].value} {nationality.country}")
    return None


@lru_cache(maxsize=4096)
def _words_of(text: str, lang: str) -> tuple[str, ...]:
    return tuple(t.key for t in tokenize(text, lang=lang) if t.word)


def _starts_honorific(lex: Lexicon, tok: Tok) -> bool:
    return any(p.kind == HONORIFIC for p in lex.phrases.get(tok.key, ()))


def parse_role(
    lex: Lexicon, toks: list[Tok], i: int, names: frozenset[int] = frozenset(), people: frozenset[int] = frozenset(),
    taken: frozenset[int] = frozenset(),
) -> RoleMatch | None:
    """The role phrase starting at token ``i``, if one does (``names``,
    ``people``, ``taken``: see :func:`find_roles`)."""
    n = len(toks)
    j, mods, clitic = i, 0, 0
    country: str | None = None
    org: str | None = None
    places: list[Place] = []
    arabic = bool(lex.clitics)
    status: str | None = None
    place: str | None = None
    while lex.before and mods < lex.max_modifiers:
        m = _modifier(lex, toks, j, lex.before, clitics=j == i and arabic)
        if m is None:
            break
        if j == i:
            clitic = m.clitic
        places += m.places
        country, org = country or m.country, org or m.org
        status = status or m.status
        j, mods = m.end, mods + 1
        if j < n and toks[j].key in lex.possessives:
            j += 1
    before_title = _portfolio_before(lex, toks, j) if lex.portfolio_words else j
    title = lex.match(toks, before_title, (TITLE, HONORIFIC), clitics=j == i and arabic)
    if title is not None and before_title > j and (title[0].kind != TITLE or title[0].words[0] not in lex.portfolio_titles):
        # (words of a portfolio before anything but a minister: the title at ``j`` as it stands)
        title, before_title = lex.match(toks, j, (TITLE, HONORIFIC), clitics=j == i and arabic), j
    deputy = _deputy(lex, toks, j, j == i and arabic) if lex.deputy_words else None
    if deputy is not None and (title is None or deputy[1] > title[1]):  # "نائبة رئيس مجلس الدوما"
        title = (deputy[0], deputy[1], deputy[3])
    if title is None:
        return None
    phrase, title_last, cl = title
    if j == i:
        clitic = cl
    title_first, j = j, title_last
    if before_title > title_first:  # "Energy and Natural Resources Minister"
        title_value_before = " ".join(t.key for t in toks[title_first:before_title])
    in_city = False
    if phrase.kind == HONORIFIC:  # "سمو ولي العهد", "فخامة الرئيس": the office after the honorific
        office = lex.match(toks, j, (TITLE,))
        if office is not None:
            phrase, title_first, title_last = office[0], j, office[1]
            j = title_last
    title_value = deputy[2] if deputy is not None and title[0] is deputy[0] and title_last == deputy[1] else phrase.value
    if before_title > title_first:
        title_value = f"{title_value_before} {title_value}"
    headed = None
    if phrase.kind == TITLE and lex.portfolio and title_last - title_first > 1:
        # "رئيس شركة النفط الوطنية الليبية": the company the office names is an organization
        headed = _headed_org(lex, toks, title_last - 1, False, names | taken)
        if headed is not None:
            places += headed.places
            country, org = country or headed.country, org or headed.org
            j, mods = headed.end, mods + 1
    if phrase.kind == TITLE and lex.portfolio and headed is None:
        written = [toks[x].text[clitic:] if x == i else toks[x].text for x in range(title_first, title_last)]
        end = _portfolio(lex, toks, written, title_last, names, taken)
        if end > title_last:
            # as written: a construct form keeps its own words ("رئيس مجلس إدارة المعهد", "رئيس حكومة الإقليم")
            title_value = tokens_text(toks, title_first, end, toks[i].start + clitic if title_first == i else None)
            title_last = j = end
    if phrase.kind == TITLE and lex.portfolio and headed is None and toks[title_last - 1].key in lex.open_titles:
        end = _of_portfolio(lex, toks, title_last, names | taken)  # "وزير الدولة لشؤون الطاقة"
        if end > title_last:
            title_value = tokens_text(toks, title_first, end, toks[i].start + clitic if title_first == i else None)
            title_last = j = end
    if phrase.kind == TITLE and lex.portfolio_titles and phrase.words[0] in lex.portfolio_titles:
        end = _written_portfolio(lex, toks, j, names | taken)
        if end > j:  # "министр дорог и градостроительства", "minister of supply and internal trade"
            title_value = f"{title_value} {' '.join(t.key for t in toks[j:end])}"
            title_last = j = end
    # "الأمير" is an office and an honorific: after either, "تركي" is a name
    after_honorific = (
        phrase.kind == HONORIFIC or lex.match(toks, title_first, (HONORIFIC,), clitics=title_first == i and arabic) is not None
    )
    complement = False  # one "لل" word an office heads that the data does not know ("المدير العام للوكالة")
    while mods < lex.max_modifiers:
        given = j < n and toks[j].key in lex.given_names
        if given and (j in people or country is not None or after_honorific):
            # "وزير الخارجية إسرائيل كاتس", "رئيسة الوزراء الإيطالية جورجيا
            # ميلوني": the country's name is a given name (a country right
            # after a nationality is no modifier); so is "تركي" after "الأمير"
            break
        m = _modifier(lex, toks, j, lex.after, clitics=arabic, names=names, taken=taken)
        if m is None and lex.portfolio and not complement and (width := _of_unknown(lex, toks, j, names | taken)):
            m, complement = _Mod(j + width, 0, [], None, None), True
        if m is None:
            break
        if lex.portfolio and phrase.kind == TITLE and j == title_last and m.country and not m.org:
            # "رئيس البرلمان الإيراني", "رئيسة مجلس الشيوخ الأوزبكي": the body the office heads, of that country
            inner = _org_in_title(lex, toks, title_first, title_last, m)
            if inner is not None:
                places.append(inner)
                org = org or inner.name
        places += m.places
        country, org = country or m.country, org or m.org
        status, place = status or m.status, place or m.place
        j, mods, in_city = m.end, mods + 1, m.city
        if lex.portfolio and phrase.kind == TITLE and j < n and title_value.endswith(phrase.value):
            # "المندوب الروسي الدائم": the title goes on after the adjective ("نائب المندوب … الدائم" too)
            more = lex.phrase((*phrase.words, toks[j].key), TITLE)
            if more is not None:
                title_value = title_value[: len(title_value) - len(phrase.value)] + more.value
                phrase, j = more, j + 1
    if phrase.kind == TITLE:
        honorific = lex.match(toks, j, (HONORIFIC,))
        if honorific is not None:
            j = honorific[1]
    # "الشيخ", "Prince" alone before a name: a form of address, though the data also lists the office
    # ("أمير الرياض", "Crown Prince" name what they are of)
    addressed = phrase.kind == HONORIFIC or j == title_last and not places and title_value == phrase.value and any(
        p.kind == HONORIFIC and p.words == phrase.words for p in lex.phrases.get(phrase.words[0], ()))
    return RoleMatch(
        title=title_value, first=i, last=j, start=toks[i].start + clitic, end=toks[j - 1].end,
        title_first=title_first, title_last=title_last, country=country, org=org, places=places,
        honorific=addressed, in_city=in_city, status=status, place=place,
    )


def _portfolio_before(lex: Lexicon, toks: list[Tok], j: int) -> int:
    """English: where an office starts after the portfolio written before it
    ("Energy and Natural Resources Minister"): ``j`` when none is."""
    k = j
    while k < len(toks) and (toks[k].key in lex.portfolio_words or k > j and toks[k].key in ("and", "&")):
        k += 1
    if k > j and toks[k - 1].key in ("and", "&"):
        return j
    return k


def _written_portfolio(lex: Lexicon, toks: list[Tok], j: int, names: frozenset[int]) -> int:
    """Where the portfolio written after an office ends (``j`` when none is):
    in English "of" or "for" and the data's portfolio words ("Minister of
    Electricity and Renewable Energy"); in Russian the lower-case words in
    the genitive up to the capitalized country or name that follows
    ("министр дорог и градостроительства Ирана")."""
    n = len(toks)
    if lex.portfolio_words:
        if j >= n or toks[j].key not in lex.portfolio_links:
            return j
        k = j + 1
        while k < n and (toks[k].key in lex.portfolio_words or toks[k].key in ("and", "&") and k + 1 < n
                         and toks[k + 1].key in lex.portfolio_words):
            k += 1
        return k if k > j + 1 else j
    if not lex.not_portfolio_endings:
        return j
    k = j
    while k < n and k - j < 6 and k not in names:
        tok = toks[k]
        if not (tok.word and tok.text[:1].islower() and tok.text.isalpha()) or tok.key in lex.stopwords and tok.key != "и":
            break
        if tok.key.endswith(lex.not_portfolio_endings) or lex.match(toks, k, _KNOWN) is not None:
            break
        k += 1
    while k > j and (toks[k - 1].key == "и" or toks[k - 1].key.endswith(lex.portfolio_adjective_endings or ("\0",))):
        k -= 1  # ("директор государственного Эрмитажа": the adjective is the name's)
    after = k + 1 if k < n and toks[k].text in lex.quotes else k  # "директор агентства «Узатом»"
    if k == j or after >= n or not toks[after].text[:1].isupper():
        return j  # ("министр заявил", "министр, который"): a portfolio runs into a country, an organization or a name
    return k


def _deputy(lex: Lexicon, toks: list[Tok], k: int, clitics: bool) -> tuple[Phrase, int, str, int] | None:
    """A deputy's word ("نائب", "مساعد") and the office after it: the
    office's phrase, the index after it, the title as written ("نائب رئيس
    مجلس الاتحاد") and the deputy word's proclitic length."""
    if k >= len(toks):
        return None
    if not lex.portfolio:
        # the deputy's words (one or two: "первый заместитель"), then the office
        # as written, in the case they govern: "заместитель министра энергетики"
        for n in (2, 1):
            words = " ".join(lex.lemmatize(t.key for t in toks[k : k + n]))
            if k + n < len(toks) and words in lex.deputy_words:
                office = lex.match(toks, k + n, (TITLE,))
                if office is not None:
                    return office[0], office[1], f"{words} {' '.join(t.key for t in toks[k + n : office[1]])}", 0
        return None
    for key, cl in lex.variants(toks[k], clitics):
        if key in lex.deputy_words and not toks[k].text[:cl].endswith(("ب", "ل")):  # "بمساعدة": with the help of
            office = lex.match(toks, k + 1, (TITLE,))
            if office is not None:
                return office[0], office[1], toks[k].text[cl:] + " " + office[0].value, cl
    return None


_KNOWN = (NATIONALITY, COUNTRY, ORG, PLACE, QUALIFIER, TITLE, HONORIFIC, LINK, ORG_HEAD)
_GENERAL = frozenset(("العام", "العامه"))  # stop words ("the year") that are also "general" after an office


def _free(lex: Lexicon, toks: list[Tok], k: int, names: frozenset[int], lead: str = "ال") -> bool:
    """Token ``k`` is a word with the article (``lead``: "وال" for a second
    portfolio) that the data reads as nothing else: a portfolio's word."""
    if k >= len(toks) or k in names or not toks[k].word:
        return False
    text = toks[k].text
    key = toks[k].key
    if not text.startswith(lead) or len(key) < len(lead) + 2 or key in lex.stopwords and key not in _GENERAL:
        return False  # ("اليوم", "الذي": function words, not a portfolio's; "العام" of "الأمن العام" is one)
    return lex.match(toks, k, _KNOWN, clitics=lead != "ال") is None


def _portfolio(lex: Lexicon, toks: list[Tok], written: list[str], last: int, names: frozenset[int], taken: frozenset[int]) -> int:
    """Where the portfolio written after an office ends (``last`` when it
    has none): after an office without the article, a word with it or a
    noun and a word with it ("وزير الموارد", "رئيس دائرة الاتصال"); after
    any office, a second portfolio joined by "و" ("والموارد"); then words
    with the article while the phrase goes on after them (a last adjective
    before the name is left to the modifiers: "الجنوبي" may be a country's).
    A word where the tagger starts another name is no portfolio's, but a
    second portfolio is ("والري" of "وزير الموارد المائية والري").
    ``written``: the title's words as written, proclitic off; one ending
    in a pronoun ("ولي عهده", "نظيره") takes no portfolio."""
    n = len(toks)
    k = last
    both = names | taken
    if written[-1].endswith(("ه", "ها", "هم", "هما")):
        return last  # "ولي عهده", "رئيسها": the pronoun says whose
    if not written[-1].startswith(("ال", "لل")):  # "وزير", "رئيس مجلس إدارة": what it is of follows ("للملك" is ل + ال)
        if _free(lex, toks, k, both):
            k += 1
        elif k + 1 < n and toks[k].word and toks[k].text[:1].isalpha() and k not in both and _free(lex, toks, k + 1, both) \
                and lex.match(toks, k, _KNOWN, clitics=True) is None and not (toks[k].key in lex.stopwords and len(toks[k].key) <= 4):
            k += 2
        else:
            return last
    elif not _free(lex, toks, k, names, "وال"):
        return last  # "وزير الطاقة" goes on only with a second portfolio ("والموارد الطبيعية")
    def goes_on(x: int) -> bool:
        return x >= n or _free(lex, toks, x, both) or _free(lex, toks, x, names, "وال") or toks[x].text in lex.separators \
            or lex.match(toks, x, (NATIONALITY, COUNTRY, QUALIFIER, ORG, LINK), clitics=True) is not None
    while k < n and k - last < 5:
        if _free(lex, toks, k, names, "وال"):
            k += 1
        elif k > last and _and_construct(lex, toks, k, both):
            k += 2  # "وزيرة الطرق وبناء المدن"
        elif _free(lex, toks, k, both) and goes_on(k + 1) or k > last and toks[k].key in lex.portfolio_last and k not in both:
            k += 1  # ("… والتجارة الداخلية شريف فاروق", "… والجالية الوطنية بالخارج": the portfolio's)
        else:
            break
    return k


def _of_portfolio(lex: Lexicon, toks: list[Tok], k: int, names: frozenset[int]) -> int:
    """After a minister of state ("وزير الدولة"), what the office is for with
    "ل": "للتعاون الدولي", "لشؤون الطاقة", "للتعليم العام والتكنولوجيا
    المتقدمة"; where it ends (``k`` when there is none)."""
    n = len(toks)
    if k >= n or k in names or not toks[k].word or not toks[k].text.startswith("ل") or len(toks[k].key) < 4:
        return k
    if lex.match(toks, k, tuple(x for x in _KNOWN if x != ORG_HEAD), clitics=True) is not None:
        return k
    e = k + 1
    if not toks[k].text.startswith("لل"):
        if not _free(lex, toks, e, names):
            return k  # "ل" + a noun needs what it is of: "لشؤون الطاقة"
        e += 1
    while e < n and e - k < 6 and (_free(lex, toks, e, names) or _free(lex, toks, e, names, "وال")):
        e += 1
    return e


def _and_construct(lex: Lexicon, toks: list[Tok], k: int, names: frozenset[int]) -> bool:
    """Tokens ``k``, ``k + 1`` are "و" + a noun and a word with the article:
    a second portfolio in the construct state ("وبناء المدن")."""
    tok = toks[k]
    return (
        k + 1 < len(toks) and k not in names and tok.word and tok.text.startswith("و") and len(tok.key) >= 4
        and not tok.text.startswith("وال") and tok.key[1:] not in lex.stopwords
        and lex.match(toks, k, _KNOWN, clitics=True) is None and _free(lex, toks, k + 1, names)
    )


def _of_unknown(lex: Lexicon, toks: list[Tok], k: int, names: frozenset[int]) -> int:
    """How many tokens from ``k`` name what an office heads by its kind, in
    words the data does not know: "لل" + a word ("المدير العام للوكالة"), or
    "ل" + a noun and a word with the article ("الأمين العام لمجلس
    التعاون"); 0 when they do not."""
    if k >= len(toks) or k in names or not toks[k].word or not toks[k].text.startswith("ل") or len(toks[k].key) < 5:
        return 0
    if toks[k].key in lex.org_extensions:
        return 0  # "رئيس الاتحاد الأوروبي للسباحة": another organization's name goes on
    # ("للمنظمة", "للشركة": an organization's word alone is what it heads, named by its kind)
    if lex.match(toks, k, tuple(x for x in _KNOWN if x != ORG_HEAD), clitics=True) is not None:
        return 0
    if toks[k].text.startswith("لل"):
        return 1
    noun = toks[k].key[1:]  # a noun that starts an organization's name ("مجلس"), not a function word ("لها")
    if noun in lex.stopwords and noun not in lex.org_first_words or not _free(lex, toks, k + 1, names):
        return 0
    return 2


def find_roles(
    lex: Lexicon,
    toks: list[Tok],
    names: frozenset[int] = frozenset(),
    people: frozenset[int] = frozenset(),
    starts: list[int] | None = None,
    taken: frozenset[int] = frozenset(),
) -> list[RoleMatch]:
    """Every role phrase of a sentence's tokens, left to right, not overlapping.
    ``names``: tokens that are a one-word person name of the tagger ("السيسي"
    after "الرئيس" is a name, not an adjective); ``people``: tokens where a
    longer one starts with a country name that is also a given name
    (``[names].given_names``: "إسرائيل كاتس"); ``starts``: where a role
    phrase may start, when the caller has them (``Lexicon.positions``);
    ``taken``: tokens where another name starts (never a portfolio's word:
    "متحدث للخطوط الجوية العربية السعودية")."""
    out = []
    after = 0  # the end of the last phrase: phrases do not overlap
    for i in lex.start_positions(toks) if starts is None else starts:
        if i < after or (i == after and out and toks[i].key in lex.given_names) or (
                i in people and (i + 1 >= len(toks) or lex.match(toks, i + 1, (COUNTRY, NATIONALITY, PLACE, ORG)) is None)):
            continue  # (a person the tagger or a dual's list starts with "أمير": "أمير خان متقي"; not "أمير قطر")  # "... لدى الأمم المتحدة أمير سعيد إيرواني": after a role, "أمير" starts the name
        if i and toks[i - 1].key in lex.particles:
            continue  # "جلوي بن عبدالعزيز بن مساعد": a name's word after "بن", not an office
        if i and lex.lemma(toks[i].key) in lex.capitalized_names and toks[i].text[:1].isupper() and toks[i - 1].word:
            continue  # an office that is also a given name, capitalized inside a sentence: "с Султаном аль-Джабером"
        role = parse_role(lex, toks, i, names, people, taken)
        if role is not None:
            out.append(role)
            after = role.last
    return out


def is_name_word(lex: Lexicon, tok: Tok, first: bool) -> bool:
    """Whether a token may be part of a name found by the title rule."""
    if not tok.word or not tok.text[0].isalpha():
        return False
    key = tok.key
    if tok.text in lex.written_names:
        return True
    if not key or key in lex.stopwords or key in lex.particles and first:
        return False
    if first and tok.text.startswith(lex.name_not_starting_written or ("\0",)):
        return False  # as written: the article never carries a hamza ("ألماسادام", "أليكسي" are names)
    if any(mark in tok.text for mark in _TANWIN):
        return False  # "تركيزًا": an adverb or object, never a name
    if lex.capitalized:
        if not tok.text[0].isupper():
            return key in lex.particles and not first
    elif lex.clitics:
        if key[0] in "وبلك" and key[1:] in lex.stopwords:
            return False  # "وقال", "لسوق" (not "ف": "فيصل" is not ف + "يصل")
        if key[0] == "و" and len(key) > 3 and lex.starts[key] & ROLE_START:
            return False  # "ونائب", "والدكتور": "و" and the next office
        n = arabic_stem_start(tok.text)
        if n and token_key(tok.text[:n]) in _PREPOSITION_ARTICLE:
            return False  # "بالاتفاق", "للصحفيين": a preposition and the article
        if n and token_key(tok.text[:1]) in "بلك" and len(key) - n >= 4:
            return False  # "لمتابعته": a preposition before a known word ("كمال" is too short to split)
        if n and token_key(tok.text[:n]) == "و" and (not first or len(key) - n >= 5):
            # "... وعدد", "المدعي العام ومطالبات": the conjunction starts something
            # else (a first word as short as "وجدي", "وسام" may be a name)
            return False
    return True


def rule_name(lex: Lexicon, toks: list[Tok], k: int) -> int | None:
    """Where a name found by the title rule ends (a token index), if the
    ``name_words_min``..``name_words_max`` tokens from ``k`` look like one."""
    n = len(toks)
    j = k
    while j < n and j - k < lex.name_max and is_name_word(lex, toks[j], j == k):
        if j > k and lex.match(toks, j, (TITLE, HONORIFIC, ORG, COUNTRY, LINK), clitics=bool(lex.clitics)):
            break  # "... سامح شكري وزير ..." : the next role starts
        if j > k and (nat := lex.match(toks, j, (NATIONALITY,), clitics=bool(lex.clitics))) and nat[2]:
            break  # "فلاديمير بوتين والكازاخستاني ...": the next holder of the office
        if j == k and lex.match(toks, j, (TITLE, HONORIFIC, ORG, COUNTRY, NATIONALITY, LINK)):
            return None
        j += 1
    particles = [i for i in range(k + 1, j) if toks[i].key in lex.particles]
    if particles and particles[-1] + 2 <= j:
        j = particles[-1] + 2  # "فيصل بن فرحان": the name ends after the last "بن X"
    while j > k and toks[j - 1].key in lex.particles:
        j -= 1  # a name does not end in "بن"
    return j if j - k >= lex.name_min else None
