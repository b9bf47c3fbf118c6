"""Stage ``marsad.entities.v1``: people, organizations and places, resolved.

For each sentence, in its paragraph's language:

1. **Tagging.**  Arabic and English sentences are split into CoNLL-like
   tokens (:mod:`marsad.entities.tokens`) and tagged by the CRF models of
   :mod:`marsad.ner.tagger` (IOB2, PER/ORG/LOC/MISC); the tags are mapped
   back to character spans.  Russian goes through natasha once per
   document (:func:`marsad.ner.ru_natasha.find_entities`), which also gives
   each mention its nominative form.  A missing model is logged and the
   rules below still run.
2. **Names the data knows.**  A person the tagger ran into a function
   word or a pronoun loses it, and one that starts with "قوات"… is an
   organization (:func:`_trim_tagged_people`); a name after "صحيفة",
   "نادي"… is an organization's, a person after "مستشفى"… the
   institution named after them; countries, cities and regions,
   international organizations and national institutions with their
   country are found wherever they stand and correct the tagger's spans
   and types (:func:`_apply_names`).
3. **Roles.**  Role phrases from the language data
   (:mod:`marsad.entities.roles`) attach titles to the person named right
   after them ("وزير الخارجية المصري - سامح شكري") or right before them
   after a comma ("سامح شكري، وزير الخارجية المصري"); the country or
   organization a phrase names becomes a LOC or ORG mention.  A title
   followed by name-like words the tagger left untagged makes a person.
   Dual offices give each holder the office ("الرئيسان الروسي …
   والكازاخستاني …"); a counterpart ("نظيره") takes the last office named.
   A royal title after "مطار", "جامعة"… names the place or institution
   instead (:func:`_named_after`).
4. **The headline** (``Document.title``) is read after the body, as its
   own text to the tagger and without the untagged-name title rule; its
   mentions join the body's entities as ``title_mentions`` and a name only
   the headline gives is kept when the data knows it or (Arabic) it has
   two name words (:func:`_headline_kept`).
5. **Later mentions.**  The last name of every full person name is looked
   for in the rest of the article ("وشكري", "Фидана", "Safadi"), clitics
   and Russian case endings allowed; in Arabic only a last name that may
   stand alone (:func:`_surname_alone`).  Currencies and "الله" alone are
   left out of the entities.
6. **Resolution** (:mod:`marsad.entities.resolve`) joins mentions into
   entities with a name, a stable key and the roles.

The taggers are injectable (``find_entities(doc, tagger=..., ru_finder=...)``)
so the rules and the resolution are tested without the trained models
(:func:`_surname_alone` alone reads the Arabic tagger's resources, when
they are there: word profiles and gazetteer).
"""

from __future__ import annotations

import bisect
import dataclasses
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count, pairwise
from typing import Any, Callable, Sequence

from ..doc import Document, Span
from ..entities.lexicon import (
    COUNTRY, DUAL, HONORIFIC, LANGS, LINK, NAMES, NATIONALITY, ORG, ORG_HEAD, PLACE, QUALIFIER, TITLE, Lexicon, surface_len, lexicon,
)
from ..entities.model import TAGGER_TYPES, Entity, Role
from ..entities.resolve import PERSON, Candidate, resolve
from ..entities.roles import Place, RoleMatch, find_roles, is_name_word, place_at, rule_name, tokens_text
from ..entities.tokens import TOK_KEY, TOK_TEXT, Tok, token_key, tokenize
from ..normalize import without_marks
from ..pipeline import stage
from ..segment import arabic_stem_start

__all__ = ["find_entities", "find_entities_many", "model_tagger", "natasha_entities", "Tagger", "RuFinder"]

log = logging.getLogger(__name__)

# tagger(lang, sentences of tokens) -> one IOB2 tag per token
Tagger = Callable[[str, list[list[str]]], list[list[str]]]
# ru_finder(text) -> objects with start, end, type, normal (RuEntity)
RuFinder = Callable[[str], Sequence[Any]]

TAGGED_LANGS = ("ar", "en")


# --------------------------------------------------------------------------
# The default taggers


@lru_cache(maxsize=None)
def _crf(lang: str) -> Any:
    try:
        from ..ner.tagger import load_tagger

        return load_tagger(lang)
    except Exception as exc:  # a missing or unreadable model: the rules still run
        log.warning("marsad.entities.v1: no %s tagger (%s); only the title rules run", lang, exc)
        return None


def model_tagger(lang: str, sentences: list[list[str]]) -> list[list[str]]:
    """Tags from the committed CRF model of ``lang`` (all ``O`` without one)."""
    tagger = _crf(lang)
    if tagger is None:
        return [["O"] * len(tokens) for tokens in sentences]
    return tagger.tag_sentences(sentences)


def model_tagger_many(lang: str, texts: list[list[list[str]]]) -> list[list[list[str]]]:
    """Tags for several texts' sentences, decoded together."""
    tagger = _crf(lang)
    if tagger is None:
        return [[["O"] * len(tokens) for tokens in sentences] for sentences in texts]
    return tagger.tag_documents(texts)


_natasha_missing: list[str] = []


def natasha_entities(text: str) -> Sequence[Any]:
    """natasha's entities of a Russian text (none, logged once, without natasha)."""
    if _natasha_missing:
        return []
    try:
        from ..ner.ru_natasha import find_entities as natasha_find

        return natasha_find(text)
    except ImportError as exc:
        _natasha_missing.append(str(exc))
        log.warning("marsad.entities.v1: no Russian tagger (%s); only the title rules run", exc)
        return []


# --------------------------------------------------------------------------
# Mentions inside a sentence


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    type: str  # PERSON, ORG, LOC, MISC
    first: int  # token indexes [first, last) in the sentence
    last: int
    source: str = "tagger"  # tagger, rule (title rule), role (the data)
    normal: str | None = None  # natasha's nominative
    place: Place | None = None
    roles: list[Role] = field(default_factory=list)


@dataclass(slots=True)
class _Sentence:
    lang: str
    toks: list[Tok]
    mentions: list[_Mention] = field(default_factory=list)
    headline: bool = False  # the headline, read after the body
    starts: list[int] | None = None  # the tokens' start offsets, built on first use (toks never change)

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        starts = self.starts
        if starts is None:
            starts = self.starts = [t.start for t in self.toks]
        first = bisect.bisect_right(starts, start) - 1
        if first < 0 or self.toks[first].end <= start:
            first += 1
        last = bisect.bisect_left(starts, end)
        return max(first, 0), max(last, first + 1)


# The headline is read after the body, as the text's last sentence (so the
# body's offsets, entity order and roles come first and stay as they were).
_TITLE_SEP = "\n\n"


def _with_title(doc: Document) -> tuple[str, int | None]:
    """The text the stage reads: the body, then the headline when it has a
    word and the document a language the stage reads; and where the
    headline starts in it (None without one)."""
    title = doc.title
    if not title or doc.language not in LANGS or not any(ch.isalnum() for ch in title):
        return doc.text, None
    return doc.text + _TITLE_SEP + title, len(doc.text) + len(_TITLE_SEP)


def _sentences(doc: Document, text: str, title_at: int | None) -> list[_Sentence]:
    paragraphs = sorted(doc.paragraphs + doc.headings, key=lambda s: s.start)
    starts = [p.start for p in paragraphs]
    spans = doc.sentences or ([Span(0, len(doc.text), "sentence")] if doc.text else [])
    out = []
    whole: dict[str, tuple[list[Tok], list[int]]] = {}  # lang -> the text's tokens and their starts
    for s in spans:
        lang = doc.language
        i = bisect.bisect_right(starts, s.start) - 1
        if i >= 0 and s.start < paragraphs[i].end:
            lang = paragraphs[i].attr("language") or lang
        if lang in LANGS:
            toks = _sentence_tokens(text, s, lang, whole)
            if toks:
                out.append(_Sentence(lang, toks))
    if title_at is not None:
        toks = _sentence_tokens(text, Span(title_at, len(text), "sentence"), doc.language, whole)
        if toks:
            out.append(_Sentence(doc.language, toks, headline=True))
    return out


def _sentence_tokens(text: str, s: Span, lang: str, whole: dict[str, tuple[list[Tok], list[int]]]) -> list[Tok]:
    """The tokens of sentence ``s``: a slice of the whole text's tokens,
    tokenized once per language (one regex pass an article, not one a
    sentence), or the sentence on its own where a token of the whole text
    runs over its edge."""
    if lang not in whole:
        toks = tokenize(text, 0, len(text), lang)
        whole[lang] = (toks, [t.start for t in toks])
    toks, starts = whole[lang]
    lo = bisect.bisect_left(starts, s.start)
    hi = bisect.bisect_left(starts, s.end, lo)
    if (lo and toks[lo - 1].end > s.start) or (hi > lo and toks[hi - 1].end > s.end):
        return tokenize(text, s.start, s.end, lang)
    return toks[lo:hi]


def _from_tags(toks: list[Tok], tags: list[str]) -> list[_Mention]:
    """Mentions from IOB2 tags (an ``I-`` without its ``B-`` starts one)."""
    if tags.count("O") == len(tags):
        return []
    # Only the tagged tokens are looked at: most tags are "O".
    tagged = list(compress(count(), map("O".__ne__, tags[: len(toks)])))
    out: list[_Mention] = []
    open_: _Mention | None = None
    for i in tagged:
        tok, tag = toks[i], tags[i]
        if open_ is not None and open_.last != i:
            open_ = None  # an "O" came between
        label = tag[2:] if len(tag) > 2 and tag[1] == "-" else ""
        type_ = TAGGER_TYPES.get(label)
        if open_ is not None and tag.startswith("I-") and type_ == open_.type:
            open_.last, open_.end = i + 1, tok.end
            continue
        open_ = None
        if type_ is not None and tag[:1] in ("B", "I"):
            open_ = _Mention(tok.start, tok.end, type_, i, i + 1)
            out.append(open_)
    return [m for m in (_trim_punct(toks, m) for m in out) if m is not None]


def _trim_punct(toks: list[Tok], m: _Mention) -> _Mention | None:
    while m.first < m.last and not toks[m.first].word:
        m.first += 1
    while m.last > m.first and not toks[m.last - 1].word:
        m.last -= 1
    if m.first == m.last:
        return None
    m.start, m.end = max(m.start, toks[m.first].start), min(m.end, toks[m.last - 1].end)
    return m


def _place_russian(sentences: list[_Sentence], found: Sequence[Any], offset: int) -> None:
    starts = [s.toks[0].start for s in sentences]
    for e in found:
        type_ = TAGGER_TYPES.get(str(e.type))
        start, end = e.start + offset, e.end + offset
        i = bisect.bisect_right(starts, start) - 1
        if type_ is None or i < 0 or start >= sentences[i].toks[-1].end:
            continue
        s = sentences[i]
        first, last = s.token_range(start, end)
        s.mentions.append(_Mention(start, end, type_, first, last, normal=e.normal or None))


# --------------------------------------------------------------------------
# Names the data knows


def _apply_names(sent: _Sentence, at: list[int]) -> None:
    """Countries, cities and international organizations of the language data,
    wherever they stand, and a national institution with its country
    ("لوزارة الدفاع الروسية").  A known name takes the place of tagger
    mentions inside it (a truncated "منظمة معاهدة الأمن", a capital typed
    as a person) and of a person the tagger ran from an organization, or
    from a city with a proclitic, into the next word ("وبيشكيك تسعيان";
    "باريس هيلتون" stays a person); a name run over "و" into the next is cut
    ("مينسك ودوشنبه").  A tagger mention that contains the name ("جامعة
    موسكو") or crosses it stays, and so does an organization the tagger
    found where the data has a city after a word that introduces one ("نادي
    روما", صحيفة "الرياض").  Countries do not cut people short: "إسرائيل
    كاتس" is a name.  Capitalized languages need the capital ("turkey")."""
    lex = lexicon(sent.lang)
    toks = sent.toks
    clitics = bool(lex.clitics)
    i_next = 0
    changed = False
    for i in at:
        if i < i_next:
            continue
        found = lex.match(toks, i, NAMES, clitics)
        if found is None:
            continue
        phrase, last, clitic = found
        if lex.capitalized and (not any(t.text[:1].isupper() for t in toks[i:last]) or toks[i].key in lex.articles):
            continue  # "turkey", "china plates": not the countries ("сектор Газа" is a place; "the Netherlands" without "the")
        start = toks[i].start + clitic  # Lexicon.variants gives it in surface characters
        if phrase.national:  # only with the country it belongs to
            mod = place_at(lex, toks, i, frozenset((ORG,)), clitics)
            if mod is None or len(mod.places) < 2:
                continue
            places, last = mod.places, mod.end
        else:
            type_, name = lex.places[phrase.words]
            more = lex.org_extensions.get(toks[last].key) if phrase.kind == ORG and last < len(toks) else None
            if more is not None and all(t.word for t in toks[last : last + 1 + more]) and last + more < len(toks):
                # another organization: "الاتحاد الأوروبي لكرة القدم" (UEFA), "… للسباحة";
                # named from the known one's canonical name ("للاتحاد الاوروبي …" too)
                name = name + " " + tokens_text(toks, last, last + 1 + more)
                last += 1 + more
            places = [Place(start, toks[last - 1].end, type_, name, name)]
        i_next = last
        overlapping = [m for m in sent.mentions if m.first < last and m.last > i]
        if (
            len(overlapping) == 1 and len(places) == 1 and toks[i].key == phrase.words[0]
            and (m := overlapping[0]).first == i and m.last == last and m.type == places[0].type
        ):
            continue  # the tagger found just this name: its mention stays (the same entity)
        # a run-on: a person the tagger ran from a city or an organization into
        # the next word, or any name it ran over "و" into the next ("مينسك ودوشنبه")
        and_next = last < len(toks) and toks[last].key.startswith("و")
        # a person run on from a city only when the city carries a proclitic
        # ("وبيشكيك تسعيان"; "باريس هيلتون" is a name), from an organization always
        person_run = phrase.kind == ORG or phrase.kind == PLACE and clitic > 0
        if any(
            m.source == "role"
            or m.type == "ORG" and places[0].type == "LOC" and m.first == i and _after_org_word(lex, toks, i)  # "نادي روما"
            or not (m.first >= i and m.last <= last)  # inside the name
            and not (m.first == i and (m.type == PERSON and person_run or and_next))
            for m in overlapping
        ):
            continue
        for m in overlapping:  # what a run-on over "و" holds after the name stays, "و" off
            if m.last > last and and_next and not (m.type == PERSON and person_run):
                rest = last + 1 if toks[last].key == "و" else last  # "موسكو و دوشنبه"
                if rest < m.last:  # its "و" comes off with the other proclitics (_strip_clitic)
                    m.first, m.start = rest, toks[rest].start
                    overlapping.remove(m)
                break
        gone = {id(m) for m in overlapping}
        sent.mentions = [m for m in sent.mentions if id(m) not in gone]
        _add_places(sent, places, "data")
        changed = True
    if changed:
        sent.mentions.sort(key=lambda m: m.first)


# --------------------------------------------------------------------------
# Roles


def _apply_roles(sent: _Sentence, starts: list[int]) -> None:
    lex = lexicon(sent.lang)
    names = frozenset(m.first for m in sent.mentions if m.type == PERSON and m.last - m.first == 1)
    people = frozenset(
        m.first
        for m in sent.mentions
        if m.type == PERSON and m.last - m.first > 1 and sent.toks[m.first].key in lex.given_names
    )
    named = False
    taken = frozenset(m.first for m in sent.mentions if m.type != PERSON)
    stacked: list[tuple[RoleMatch, Span]] = []  # offices with no name of their own before another office
    apposed: tuple[_Mention, RoleMatch] | None = None  # the last office written after its holder's name and a comma
    for role in find_roles(lex, sent.toks, names, people, starts, taken):
        _end_before_longer_name(sent, role)
        if stacked and (_past_separator(lex, sent.toks, stacked[-1][0].last) != role.first
                        and not _joined_by_and(lex, sent.toks, stacked[-1][0].last, role.first)
                        or role.start > sent.toks[role.first].start):
            stacked = []  # (an office after "و" is another person's: "رئيس الوزراء المصري ووزير الدفاع …")
        if lex.named_after_titles and _named_after(lex, sent, role):
            named = True
            continue
        _clear_phrase(sent, role)
        _add_places(sent, role.places, "role")
        before = _name_before(lex, sent, role)
        listed = role.start > sent.toks[role.first].start  # "، ووزير الدولة ...": the next of a list, not an apposition
        appositive = before is not None and not listed and not _tagged_person_after(lex, sent, role) and not (
            any(not r.honorific for r in before.roles) and _tagged_person_after(lex, sent, role, comma=True))
        # ("وزير الطاقة الروسي ألكسندر نوفاك، الأمين العام لـ«أوبك»، عبد الله البدري": the one told)
        if appositive:
            person = before  # "أوفرتشوك، نائب رئيس الوزراء الروسي المكلف بملف ...": not "بملف التكامل"
            k = _past_head(lex, sent.toks, role.last)  # "أمجد الوكيل، رئيس هيئة المحطات النووية المصرية"
            k = _past_link(lex, sent, role, k, ("ORG",))  # "Phil Levy, chief economist at [Flexport],"
            org = next((m for m in sent.mentions if m.first == k and m.type in ("ORG", "LOC") and m.source != "role"), None)
            if org is not None:
                _extend_role(lex, sent, role, org)
        else:
            person = _name_after(lex, sent, role) or before
        if person is None and apposed is not None and apposed[1].last == role.first and not listed and (
                lex.match(sent.toks, role.first, (TITLE, HONORIFIC)) is not None  # (no proclitic: "للأمين العام")
                and (not lex.portfolio or _without_article(sent, role))):  # ("مبعوث الأمين العام": the envoy of the SG)
            # "عبدالله بن زايد، نائب رئيس مجلس الوزراء وزير الخارجية الإماراتي،": the second office right
            # after the first is the same person's, and the country it names is the first's too
            person = apposed[0]
            if role.country and not apposed[1].country:
                person.roles = [dataclasses.replace(r, country=role.country) if r.span.start == apposed[1].start
                                and r.country is None else r for r in person.roles]
        apposed = None
        if person is None:
            # "رئيس مجلس الوزراء وزير الخارجية الشيخ محمد …": the next office's holder's (an office with
            # the article or in a city is a sentence's other party: "استقبل الرئيس في طشقند رئيس شركة …")
            if (not role.honorific and not role.in_city and lex.portfolio and _without_article(sent, role)
                    and role.start == sent.toks[role.first].start  # ("لرئيس مجلس الوزراء": of someone's office)
                    and not _after_meeting_verb(lex, sent.toks, role.first)):  # "استقبل ولي العهد … رئيس الوزراء …"
                stacked.append((role, Span(role.start, role.end, "role")))
            elif not role.honorific and _joined_by_and(lex, sent.toks, role.last, role.last + 1):
                # "Pakistan's Deputy Prime Minister and Foreign Minister Ishaq Dar": two offices, one holder
                stacked.append((role, Span(role.start, role.end, "role")))
            continue
        span = Span(role.start, role.end, "role")
        if stacked and (role.honorific or _without_article(sent, role)):  # ("… السعودي الرئيس عبد الفتاح السيسي")
            if any(e.country and role.country and e.country != role.country for e, _ in stacked):
                stacked = []  # two countries' offices: two people
            for earlier, earlier_span in stacked:  # one person, one state: the country the last office names
                person.roles.append(Role(earlier.title, earlier_span, earlier.country or role.country, earlier.org,
                                     status=earlier.status, place=earlier.place))
            if role.country is None and not lex.portfolio:  # "Pakistan's Deputy Prime Minister and Foreign Minister"
                role.country = next((e.country for e, _ in stacked if e.country), None)
        stacked = []
        holder = lex.of_holder.get(role.title)
        if holder and _holder_named(lex, sent, role, person):
            # "пресс-секретарь президента России Владимира Путина Дмитрий Песков"
            inner = Span(sent.toks[role.title_last - 1].start, role.end, "role")  # "президента России"
            person.roles.append(Role(holder, inner, role.country, role.org))
            nxt = next((m for m in sent.mentions if m.type == PERSON and m.first == person.last), None)
            if nxt is not None:
                nxt.roles.append(Role(role.title, span, role.country, role.org, status=role.status, place=role.place))
            continue
        person.roles.append(Role(role.title, span, role.country, role.org, honorific=role.honorific, status=role.status,
                                 place=role.place))
        if appositive and person is before:
            apposed = (person, role)
    if named:
        sent.mentions.sort(key=lambda m: m.first)


def _holder_named(lex: Lexicon, sent: _Sentence, role: RoleMatch, person: _Mention) -> bool:
    """Whether the name after an office held for someone ("советник
    президента") is that someone's: the office's head word in the
    nominative, the name inflected (natasha's nominative differs)."""
    head = sent.toks[role.title_first].key
    if lex.lemma(head) != head or person.first != role.last or not person.normal:
        return False
    return person.normal.casefold() != tokens_text(sent.toks, person.first, person.last).casefold()


def _named_after_word(lex: Lexicon, tok: Tok, types: tuple[str, ...] = ("ORG", "LOC", "MISC")) -> tuple[str, int, str] | None:
    """``(type, proclitic length, key)`` when ``tok`` is a word of
    ``[grammar].named_after`` ("مطار", "لمستشفى") of one of ``types``."""
    for key, clitic in lex.variants(tok, True):
        type_ = lex.named_after.get(key)
        if type_ in types:
            return type_, clitic, key
    return None


def _add_named_place(sent: _Sentence, j: int, clitic: int, end: int, type_: str) -> None:
    """Tokens ``[j, end)`` (the first without its proclitic) as one mention
    of ``type_``, named as written: "مطار الملك فهد الدولي"."""
    toks = sent.toks
    start = toks[j].start + clitic
    name = tokens_text(toks, j, end, start)
    _add_places(sent, [Place(start, toks[end - 1].end, type_, name, name)], "rule")


def _named_after(lex: Lexicon, sent: _Sentence, role: RoleMatch) -> bool:
    """A royal or religious title (``[grammar].named_after_titles``) right
    after a word like "مطار" or "جامعة" names, with the name after it, a
    place or institution ("مطار الملك فهد الدولي", "جامعة الملك
    سعود"): that becomes one mention, of the word's type, in place of what
    the tagger found there, and no one holds the role."""
    toks = sent.toks
    j = role.first - 1
    if j < 0 or role.title not in lex.named_after_titles:
        return False
    found = _named_after_word(lex, toks[j])
    if found is None or j and f"{toks[j - 1].key} {found[2]}" in lex.named_after_not_after:
        return False  # "عن طريق الأمير خالد": "via", no road
    type_, clitic, _ = found
    end = _named_after_end(lex, sent, role.last)
    if end is None:
        return False
    sent.mentions = [m for m in sent.mentions if m.last <= j or m.first >= end]
    _add_named_place(sent, j, clitic, end, type_)  # (the roles pass sorts the mentions once, after)
    return True


def _named_after_end(lex: Lexicon, sent: _Sentence, k: int) -> int | None:
    """Where the name in "مطار الملك [فهد الدولي]" ends: a name word (one
    the tagger or the title rule takes for a name), the word after each
    particle ("محمد بن عبدالعزيز", "عبد العزيز"), then adjectives
    ("الدولي", "الطبية"); not what follows ("حديقة الملك فهد فعاليات")."""
    toks = sent.toks
    if k >= len(toks) or not is_name_word(lex, toks[k], toks[k].key not in lex.particles):
        return None
    if not any(m.first == k for m in sent.mentions) and rule_name(lex, toks, k) is None:
        return None
    end, need = k, True
    while end < len(toks) and toks[end].word:
        key = toks[end].key
        if key in lex.particles:
            need = True
        elif need:
            need = False
        elif key in lex.stopwords or not (
            lex.adjective_prefix and key.startswith(lex.adjective_prefix) and key.endswith(lex.adjective_suffixes)
        ):
            break
        end += 1
    while end > k + 1 and toks[end - 1].key in lex.particles:
        end -= 1
    return end


def _add_places(sent: _Sentence, places: list[Place], source: str) -> None:
    """Mentions of the countries, places and organizations a phrase names."""
    for place in places:
        first, last = sent.token_range(place.start, place.end)
        sent.mentions.append(_Mention(place.start, place.end, place.type, first, last, source, place=place))


def _described_orgs(sent: _Sentence) -> None:
    """Institutions named by description (``[grammar].org_descriptions``):
    "المعهد الوطني للأبحاث النووية" — the word, one to three words with the
    article, "لل" and what it is for, and up to three adjectives (-ي, -ية)
    after it.  Only where no other name overlaps it but the tagger's pieces
    of it (it replaces those)."""
    lex = lexicon(sent.lang)
    if not lex.org_descriptions:
        return
    toks = sent.toks
    heads = _description_heads(lex)
    at = [i for i, clitic in enumerate(map(heads.__getitem__, map(TOK_KEY, toks))) if clitic is not None]
    if not at:
        return  # (one dict lookup a token: most sentences name no institution so)
    n = len(toks)
    ordered = sorted(sent.mentions, key=lambda m: m.first)  # the mentions before this pass, once
    firsts = [m.first for m in ordered]
    longest = max((m.last - m.first for m in ordered), default=0)
    gone: set[int] = set()
    found_end = 0  # the end of the last organization found here: a head inside it starts nothing
    before = len(sent.mentions)
    for i in at:
        if i < found_end:
            continue
        clitic = heads[toks[i].key]
        if len(toks[i].key) != len(toks[i].text):  # diacritics: the proclitic's length as written
            clitic = next((cl for k, cl in lex.variants(toks[i], True) if k in lex.org_descriptions), 0)
        if not toks[i].text[clitic:].startswith("ال"):
            continue
        j = i + 1
        while j < n and j - i <= 3 and _article_word(lex, toks[j], "ال"):
            j += 1
        if j == i + 1 or j >= n or not _article_word(lex, toks[j], "لل"):
            continue  # (the head alone before "لل" is a clause: "الاتحاد للموسم", "البنك للسنوات")
        j += 1
        end = j
        while end < n and end - j < 3 and _article_word(lex, toks[end], "ال") and toks[end].key.endswith(("ي", "يه")):
            end += 1  # adjectives of what it is for ("للطاقة النووية"), not the verb's object ("النتائج")
        lo = bisect.bisect_left(firsts, i - longest)
        hi = bisect.bisect_left(firsts, end)
        inside = [m for m in ordered[lo:hi] if m.last > i and id(m) not in gone]
        if all(m.first >= i and m.last <= end and m.type != PERSON and m.place is None for m in inside):
            gone.update(id(m) for m in inside)
            _add_named_place(sent, i, clitic, end, "ORG")  # (appended: removals and order once, below)
            found_end = end
    if len(sent.mentions) > before:
        sent.mentions = sorted((m for m in sent.mentions if id(m) not in gone), key=lambda m: m.first)


class _Heads(dict[str, "int | None"]):
    """Token key -> the proclitic length before an institution's word of
    ``[grammar].org_descriptions`` ("للمعهد" -> 1), or None; filled on use."""

    def __init__(self, lex: Lexicon) -> None:
        super().__init__()
        self.lex = lex

    def __missing__(self, key: str) -> int | None:
        found = next((cl for k, cl in self.lex.key_variants(key) if k in self.lex.org_descriptions), None)
        self[key] = found
        return found


@lru_cache(maxsize=None)
def _description_heads(lex: Lexicon) -> _Heads:
    return _Heads(lex)


def _article_word(lex: Lexicon, tok: Tok, lead: str) -> bool:
    """A word written with ``lead`` ("ال", or "لل" for ل + ال) that is no
    function word, title or name of the data: a word of a described name."""
    return (tok.word and tok.text.startswith(lead) and len(tok.key) > len(lead) + 1 and tok.key not in lex.stopwords
            and lex.match([tok], 0, (TITLE, HONORIFIC, QUALIFIER, ORG, COUNTRY, PLACE)) is None)


def _after_org_word(lex: Lexicon, toks: list[Tok], i: int) -> bool:
    """Whether token ``i`` follows a word after which a name is an
    organization's ("صحيفة", "نادي"), a quotation mark between allowed."""
    j = i - 1
    if j >= 0 and toks[j].text in lex.quotes:
        j -= 1
    return j >= 0 and any(v in lex.org_words for v, _ in lex.variants(toks[j], True))


def _join_across_particles(sent: _Sentence) -> None:
    """Two people the tagger found with only particles between them are one
    ("Faisal" "bin" "Farhan", "Abdullah" "bin" "Zayed Al Nahyan": an English
    tagger stops at "bin")."""
    # (a one-word name the tagger typed otherwise before "bin" is the person's too: "Thani bin Ahmed Al Zeyoudi")
    people = sorted((m for m in sent.mentions if _joinable(m)), key=lambda m: m.first)
    gone: set[int] = set()
    for a, b in pairwise(people):
        if id(a) not in gone and _joined(sent, a, b):
            gone.add(id(a))
    if gone:
        sent.mentions = [m for m in sent.mentions if id(m) not in gone]


def _joinable(m: _Mention) -> bool:
    """A mention :func:`_joined` may take as the first part of a name."""
    return m.source == "tagger" and (m.type == PERSON or m.type in ("ORG", "MISC") and m.last - m.first == 1)


def _joined(sent: _Sentence, a: _Mention, b: _Mention) -> bool:
    """Whether ``b``, a tagger's person, is the rest of the name ``a``
    starts; if so ``b`` now starts where ``a`` did (``a`` is to go)."""
    lex = lexicon(sent.lang)
    toks = sent.toks
    if b.type != PERSON or b.source != "tagger":
        return False
    if (b.first == a.last and a.type == PERSON and lex.clitics and a.last - a.first == 1 and b.last - b.first == 1
            and not toks[b.first].key.startswith("و") and _person_word(sent.lang, toks[a.first].text)):
        # Arabic: the tagger's "B-PER B-PER" after a given name ("الرئيس [فلاديمير] [بوتين]") is one
        # name (two longer names side by side are a list: "جوزيف بلاتر ميشيل بلاتيني")
        b.first, b.start = a.first, a.start
        return True
    if not 0 < b.first - a.last <= 2 or not all(t.key in lex.particles for t in toks[a.last : b.first]):
        return False
    between = " ".join(t.text for t in toks[a.last : b.first])
    if a.normal is not None or b.normal is not None:
        b.normal = f"{a.normal or _mention_text(toks, a)} {between} {b.normal or _mention_text(toks, b)}"
    b.first, b.start = a.first, a.start
    return True


def _mention_text(toks: list[Tok], m: _Mention) -> str:
    return " ".join(t.text for t in toks[m.first : m.last])


def _trim_tagged_people(sent: _Sentence) -> None:
    """A person the tagger found that starts with "قوات", "شرطة"…
    (``[names].org_first_words``) is an organization.  A person the tagger
    ran from a function word or a speech verb into a name loses that word
    ("فإن أوباما", "زيارة فابيوس": ``[names].stopwords`` as written, save
    ``also_names``), and one it ran into "صلى" or a pronoun loses the end
    (``never_last``)."""
    lex = lexicon(sent.lang)
    if not lex.written_stopwords:
        return
    toks = sent.toks
    for m in sent.mentions:
        if m.source != "tagger" or m.type != PERSON or m.last - m.first < 2 or m.normal:
            continue  # (natasha's mentions carry their nominative, which a cut would leave stale)
        words = [k for k in range(m.first, m.last) if toks[k].word]
        if words and any(v in lex.org_first_words for v, _ in lex.variants(toks[words[0]], True)):
            m.type = "ORG"  # "قوات البيشمركة"
            continue
        if words and any(v in lex.named_facilities for v, _ in lex.variants(toks[words[0]], True)):
            m.type = "LOC"  # "منشأتي فوردو": a facility
            continue
        while len(words) > 1 and _function_word(lex, toks[words[0]].text):
            words.pop(0)
        while len(words) > 1 and _last_word_never(lex, toks[words[-1]].text):
            words.pop()
        if len(words) > 2 and not any(toks[w].key in lex.particles for w in words):  # "علي بن محمد الحداد" stays
            del words[_common_tail(sent.lang, [toks[w] for w in words]):]
        if words and (words[0] != m.first or words[-1] != m.last - 1):
            m.first, m.last = words[0], words[-1] + 1
            m.start, m.end = toks[m.first].start, toks[m.last - 1].end


def _as_written(lex: Lexicon, text: str) -> str:
    """A token as the written word lists hold it: no marks, lower-cased
    where names are capitalized."""
    bare = without_marks(text)
    return bare.lower() if lex.capitalized else bare


def _last_word_never(lex: Lexicon, text: str) -> bool:
    return _as_written(lex, text) in lex.never_last


def _function_word(lex: Lexicon, text: str) -> bool:
    bare = _as_written(lex, text)
    return bare in lex.written_stopwords and bare not in lex.written_names


def _organizations_by_word_before(sent: _Sentence) -> None:
    """A tagger's name right after "صحيفة", "قناة", "نادي"… (quoted or not)
    is the paper's, channel's or club's: قناة "آر تي" is no person.  A
    person right after an institution's word of ``[grammar].named_after``
    ("مستشفى", "جامعة", "مركز") is the institution named after them, the
    word included: "مستشفى عسير المركزي"; after a facility's word
    (``[grammar].named_facilities``: "محطة", "منشأة") it is that place."""
    lex = lexicon(sent.lang)
    if not lex.org_words:
        return
    toks = sent.toks
    named: list[_Mention] = []
    for m in sent.mentions:
        if m.type != "ORG" and m.source == "tagger" and _after_org_word(lex, toks, m.first):
            m.type = "ORG"
        elif m.type == PERSON and m.source == "tagger" and m.first and lex.named_after:
            # "مستشفى سعد التخصصي": the hospital named after someone, the word included
            found = _named_after_word(lex, toks[m.first - 1], ("ORG", "LOC"))
            if found is not None and (found[0] == "ORG" or found[2] in lex.named_facilities):
                named.append(m)  # ("محطة روغون الكهرومائية": a facility, a place)
                _add_named_place(sent, m.first - 1, found[1], m.last, found[0])
    if named:
        gone = {id(m) for m in named}
        sent.mentions = sorted((m for m in sent.mentions if id(m) not in gone), key=lambda m: m.first)


def _apply_duals(sent: _Sentence, at: list[int]) -> None:
    """Two or more holders of one office (up to six), each with a country and
    a name: "الرئيسان الروسي فلاديمير بوتين والكازاخستاني قاسم جومارت
    توكاييف", "وزيرا خارجية روسيا سيرغي لافروف وكازاخستان مراد نورتليو",
    "وزراء خارجية كازاخستان …، وقرغيزستان …، وطاجيكستان …" (commas
    between them).  Each person takes the office in the singular and the
    country before their name."""
    lex = lexicon(sent.lang)
    toks = sent.toks
    clitics = bool(lex.clitics)
    after = 0
    for i in at:
        if i < after:
            continue
        found = lex.match(toks, i, (DUAL,), clitics)
        if found is None:
            continue
        phrase, j, clitic = found
        start = toks[i].start + clitic
        first = i
        for n in range(6):
            if n and j < len(toks) and toks[j].text in lex.after_name:
                j += 1  # "... مراد نورتليو، وقرغيزستان جينبيك كولوبايف، وطاجيكستان ..."
            mod = place_at(lex, toks, j, frozenset((COUNTRY, NATIONALITY)), clitics)
            if mod is None and n == 0:  # "وزراء خارجية الدول الخمس: الكازاخي …": the list after a colon
                colon = next((c for c in range(j, min(j + 5, len(toks))) if toks[c].text == ":"), None)
                if colon is not None:
                    j = colon + 1
                    mod = place_at(lex, toks, j, frozenset((COUNTRY, NATIONALITY)), clitics)
            if mod is None or mod.country is None or not mod.places:
                break
            _cut_at_next_holder(lex, sent, mod.end)  # "تالايبيك إبراييف والكازاخي ألماسادام …" as one name
            role_start = start if first == i else mod.places[0].start
            role = RoleMatch(phrase.value, first, mod.end, role_start, toks[mod.end - 1].end, i, i + 1,
                             country=mod.country, places=mod.places)
            saved = list(sent.mentions), [(m, m.first, m.start) for m in sent.mentions]
            _clear_phrase(sent, role)
            person = _name_after(lex, sent, role)
            if person is None:  # no one holds this office here: the mentions stay as they were
                sent.mentions = saved[0]
                for m, m_first, m_start in saved[1]:
                    m.first, m.start = m_first, m_start
                break
            _add_places(sent, mod.places, "role")
            person.roles.append(Role(role.title, Span(role.start, role.end, "role"), role.country, role.org))
            first = j = after = person.last


@lru_cache(maxsize=None)
def _honorific_titles(lex: Lexicon) -> frozenset[str]:
    """The honorifics of the data as role titles ("الشيخ" is also an office)."""
    return frozenset(p.value for group in lex.phrases.values() for p in group if p.kind == HONORIFIC)


def _cut_at_next_holder(lex: Lexicon, sent: _Sentence, k: int) -> None:
    """A tagger's name starting at ``k`` that runs over "و" + a nationality
    or country into the next holder of a listed office ends before it, and
    is a person's."""
    toks = sent.toks
    for m in sent.mentions:
        if m.first != k or m.source != "tagger":
            continue
        for x in range(m.first + 1, m.last):
            if toks[x].key.startswith("و") and (
                    found := lex.match(toks, x, (NATIONALITY, COUNTRY), clitics=True)) is not None and found[2]:
                m.last, m.end, m.type = x, toks[x - 1].end, PERSON
                break


def _resolve_counterparts(sentences: list[_Sentence]) -> None:
    """"نظيره الروسي", "his Russian counterpart": the office is the last one
    named before in the article, when that one names another country (the
    country stays the phrase's own), or names none and its holder is not
    the one met: in "الرئيس فلاديمير بوتين ونظيره التركي" the counterpart is
    Putin's, but in "لقاءات مع رئيس الوزراء حيدر العبادي ونظيره العراقي"
    it is the visitor's, not the prime minister's."""
    last: Role | None = None
    last_sent = 0  # the sentence of ``last``: an office without a country is taken only in its own sentence
    met = False  # the last office's holder is the one met ("مع رئيس الوزراء ...")
    for sent in sentences:
        lex = lexicon(sent.lang)
        counterparts = lex.counterparts
        for m in sorted((m for m in sent.mentions if m.roles), key=lambda m: m.start):
            for k, role in enumerate(m.roles):
                if role.honorific or role.title in _honorific_titles(lex):
                    continue  # "الشيخ", "Dr.": a form of address is no office to take
                if role.title not in counterparts:
                    last, last_sent = role, id(sent)
                    i = sent.token_range(role.span.start, role.span.end)[0]
                    met = i > 0 and bool(lex.met_words) and any(
                        v in lex.met_words for v, _ in lex.variants(sent.toks[i - 1], True))
                elif last is not None and last.country != role.country and (
                        last.country is not None or not met and last_sent == id(sent) and last.org is None):
                    # (an office of an organization is no one's counterpart: "Kremlin spokesman … his Turkish counterpart")
                    # the office, not its holder's second portfolio: "وزير الخارجية والهجرة المصري … نظيره الروسي"
                    m.roles[k] = dataclasses.replace(role, title=last.title.split(" وال")[0],
                                                     org=role.org or _national_org(lex, last.org))


def _past_link(lex: Lexicon, sent: _Sentence, role: RoleMatch, k: int, types: tuple[str, ...]) -> int:
    """Russian and English: past a link at ``k`` ("of the", "at", "при")
    when the tagger's organization or place of ``types`` follows it, the
    link joining the role phrase (the mention is then what the office
    heads); a country with a possessive may stand between ("head of
    Russia's [Chechen Republic]", it gives the country). ``k`` otherwise.
    After an office in an oblique case a seat link is where, not what it
    heads ("представителя [президента РФ] в ПФО" is not the president's)."""
    toks = sent.toks
    if not lex.capitalized or role.honorific or k >= len(toks):
        return k
    link = lex.match(toks, k, (LINK,))
    head = toks[role.title_first].key
    if link is None or link[0].value in lex.seat_links and lex.lemma(head) != head:
        return k
    at, whose = link[1], None
    if lex.possessives and (c := place_at(lex, toks, at, frozenset((COUNTRY,)), False)) is not None and (
            c.end < len(toks) and toks[c.end].key in lex.possessives):
        at, whose = c.end + 1, c
    if not any(m.first == at and m.type in types and m.source == "tagger" for m in sent.mentions):
        return k
    role.last = at
    if whose is not None:
        _add_places(sent, whose.places, "role")
        role.country = role.country or whose.country
    return at


def _national_org(lex: Lexicon, org: str | None) -> str | None:
    """The institution every country has that ``org`` names ("МИД" of "МИД
    Ирана"), for a counterpart: "глава МИД Ирана … со своим российским
    коллегой" heads Russia's, so the counterpart takes "МИД", not Iran's."""
    if not org:
        return None
    toks = tokenize(org, lang=lex.lang)
    found = lex.match(toks, 0, (ORG,))
    return found[0].value if found is not None and found[0].national else None


def _clear_phrase(sent: _Sentence, role: RoleMatch) -> None:
    """Tagger mentions inside a role phrase give way to the phrase's own
    places; one that runs past the phrase is the name, cut to start after it."""
    keep = []
    cut: list[_Mention] = []
    for m in sent.mentions:
        if m.last <= role.first or m.first >= role.last or m.source == "role" or m.place is not None and m.last > role.last:
            keep.append(m)  # a name of the data that runs past the phrase stays whole ("… لكرة القدم")
        elif m.last > role.last:
            k = role.last
            while k < m.last and not sent.toks[k].word:
                k += 1
            cut.append(m)
            in_title = role.first < m.first < role.title_last  # the tagger's name began in the office's words
            if m.normal is not None:  # natasha's nominative loses the words cut off ("Востоковед Елена Супонина")
                dropped = sum(1 for t in sent.toks[m.first : k] if t.word)
                words = m.normal.split()
                if dropped and len(words) == sum(1 for t in sent.toks[m.first : m.last] if t.word):
                    m.normal = " ".join(words[dropped:])
            m.first, m.start = k, max(m.start, sent.toks[k].start)
            if m.type in ("ORG", "MISC") and m.source == "tagger" and in_title and _person_rest(sent, m):
                m.type = PERSON  # "Minister of Supply and [Internal Trade Sherif Farouk]": the office's holder
            keep.append(m)
    sent.mentions = keep
    # "… Foreign Trade [Thani] bin [Ahmed Al Zeyoudi]": what is left of a cut mention may start a name
    gone = {id(a) for a in cut if _joinable(a) and any(
        a.last <= b.first <= a.last + 2 and _joined(sent, a, b) for b in keep if b is not a)}
    if gone:
        sent.mentions = [m for m in keep if id(m) not in gone]


def _holder_after_nationality(lex: Lexicon, sent: _Sentence, m: _Mention) -> str | None:
    """An organization the tagger ran from an office's words past the
    nationality that ends its name into two name words: those are the
    holder ("رئيس [وكالة الطاقة الذرية الكازاخستانية] ألماسادام ساتكالييف");
    the nationality's country, when so."""
    toks = sent.toks
    for x in range(m.first + 1, m.last - 2):
        found = lex.match(toks, x, (NATIONALITY,))
        if found is None or m.last - found[1] < 2:
            continue
        rest = toks[found[1] : m.last]
        if all(t.word for t in rest) and len(rest) <= lex.name_max and _name_words(sent.lang, rest):
            sent.mentions.append(_Mention(rest[0].start, rest[-1].end, PERSON, found[1], m.last, "tagger"))
            m.last, m.end = found[1], toks[found[1] - 1].end
            return found[0].value
        return None
    return None


def _place_before_holder(lex: Lexicon, sent: _Sentence, role: RoleMatch, m: _Mention) -> None:
    """A tagger's person after an office that starts with a city or region of
    the data and goes on for two name words: the place is the office's, the
    rest the holder ("رئيس جمهورية [تتارستان] رستم مينيخانوف")."""
    if role.honorific or m.source != "tagger":
        return
    found = lex.match(sent.toks, m.first, (PLACE,), bool(lex.clitics))
    if found is None or found[2] or m.last - found[1] < 2 or not all(t.word for t in sent.toks[found[1] : m.last]):
        return
    phrase, end, _ = found
    start, stop = sent.toks[m.first].start, sent.toks[end - 1].end
    place = Place(start, stop, "LOC", phrase.value, phrase.value)
    sent.mentions.append(_Mention(start, stop, "LOC", m.first, end, "role", place=place))
    m.first, m.start = end, sent.toks[end].start
    role.last, role.end = end, stop
    role.place = role.place or phrase.value


def _end_before_longer_name(sent: _Sentence, role: RoleMatch) -> None:
    """A role phrase whose last words are a place or organization of the data
    that the tagger's organization runs past ends before it: "chairman of
    the [Suez Canal Economic Zone]" heads the zone, not the canal (the
    tagger's organization is then what the office heads).  Russian and
    English only: the Arabic tagger runs an organization into the next words
    too often ("الاتحاد الأوروبي كايا كالاس فاعتبرت")."""
    lex = lexicon(sent.lang)
    if not lex.capitalized:
        return
    for m in sent.mentions:
        if (m.source == "tagger" and m.type in ("ORG", "MISC") and role.title_last <= m.first < role.last < m.last
                and (not lex.org_last_words or sent.toks[m.last - 1].key in lex.org_last_words)  # not "… Gordon Sondland"
                and any(sent.token_range(p.start, p.end)[0] == m.first for p in role.places)):
            start = sent.toks[m.first].start
            gone = [p for p in role.places if p.start >= start]
            role.places = [p for p in role.places if p.start < start]
            if any(p.type == "LOC" and p.name == role.country for p in gone):
                role.country = None
            if any(p.type == "ORG" and p.name == role.org for p in gone):
                role.org = None
            if any(p.type == "LOC" and p.name == role.place for p in gone):
                role.place = None
            role.last, role.end, role.in_city = m.first, sent.toks[m.first - 1].end, False
            return


def _person_rest(sent: _Sentence, m: _Mention) -> bool:
    """What is left of an English organization or name the tagger ran from
    an office's portfolio into the next words: two to four capitalized words
    the data does not know, a person's name."""
    lex = lexicon(sent.lang)
    words = [t for t in sent.toks[m.first : m.last] if t.word]
    return (lex.capitalized and m.normal is None and 2 <= len(words) <= 4 and all(t.text[:1].isupper() for t in words)
            and lex.match(sent.toks, m.first, (ORG, COUNTRY, PLACE, NATIONALITY, TITLE)) is None)


def _is_place(lex: Lexicon, sent: _Sentence, m: _Mention) -> bool:
    words = lex.lemmatize(t.key for t in sent.toks[m.first : m.last] if t.word)
    return words in lex.places


def _name_after(lex: Lexicon, sent: _Sentence, role: RoleMatch) -> _Mention | None:
    toks = sent.toks
    k = role.last
    after_comma = False
    if k < len(toks) and toks[k].text in lex.separators:
        after_comma = toks[k].text in lex.after_name
        k += 1
    if k < len(toks) and toks[k].text in lex.quotes and any(
        m.last == k and m.type == "ORG" and m.first and toks[m.first - 1].text in lex.quotes for m in sent.mentions
    ):
        k += 1  # past the quote that closes the organization the office heads (رئيس شركة "روس آتوم")
    if k >= len(toks):
        return None
    if role.last > role.title_last and not role.honorific:  # "رئيس اللجنة العلمية للمؤتمر الدكتور توفيق خوجة"
        honorific = lex.match(toks, k, (HONORIFIC,))
        if honorific is not None and honorific[1] < len(toks):
            k = honorific[1]
    if toks[k].key in lex.given_names and lex.match(toks, k, (TITLE,)) is not None:
        # "... أمير سعيد إيرواني": a title that is also a given name starts the tagger's name after it
        m = next((m for m in sent.mentions if m.first == k + 1 and m.type == PERSON), None)
        if m is not None:
            m.first, m.start = k, toks[k].start
            return m
    if toks[k].text == "(" and k + 3 < len(toks) and toks[k + 2].text == ")" and toks[k + 1].text.isupper():
        k += 3  # "… Персидского залива (ССАГПЗ) Джасем …": the organization's short form, then the name
    if (lex.possessives and toks[k].key in lex.possessives and k + 1 < len(toks) and role.country and not role.org
            and any(m.first == k + 1 and m.type in ("ORG", "LOC") and m.source == "tagger" for m in sent.mentions)):
        role.last = k = k + 1  # "head of Russia's [Chechen Republic], Ramzan Kadyrov": what the office heads
    k = _past_link(lex, sent, role, k, ("ORG", "LOC"))  # "head of the [Atomic Energy Organization] of Iran, …"
    quoted = _past_head(lex, toks, k)  # a tagged organization may stand in quotes, after "لشركة"
    for m in sent.mentions:
        if m.first in (k, quoted) and m.source != "role":
            if lex.match(toks, k, (TITLE,), bool(lex.clitics)) is not None and not (
                toks[k].key in lex.given_names and m.last - m.first > 1
            ):
                return None  # the tagger's "name" is an office ("ولي" of "ولي العهد"; "أمير عبد اللهيان" is a name)
            if m.type == "MISC" and m.first != k:
                m.type = "ORG"  # رئيس "نينتندو": what is quoted after an office is what it heads
            elif m.type == PERSON:  # (a quoted name after an honorific is a person: «ياسر القحطاني»)
                _place_before_holder(lex, sent, role, m)
                return m
            if m.last - m.first == 1 and toks[m.first].key in lex.given_names:
                person = _given_name(lex, sent, m)
                if person is not None:
                    return person
            if m.type == "MISC" and not _is_place(lex, sent, m):
                m.type = PERSON
                return m
            # "رئيس [اللجنة الأهلية] فلان": the office's organization or place
            country = _holder_after_nationality(lex, sent, m) if m.type == "ORG" and lex.portfolio else None
            _extend_role(lex, sent, role, m)
            role.country = role.country or (country if role.org is not None else None)  # as _headed_org gives it
            return _name_after(lex, sent, role) if role.last > k else None
    # a headline puts its verb after the subject ("أمير الرياض يعايد المرضى"): only tagged names there
    # nor after a comma when a name stands right before the role: "الأمير متعب ... وزير الحرس الوطني، تعازيه
    # ومواساته" (but "رئيس الوزراء الإثيوبي، هايلي مريم ديسيلين،")
    apposition = after_comma and any(m.type == PERSON and m.last == role.first for m in sent.mentions)
    end = None if role.in_city or sent.headline or apposition or role.title in lex.tagged_only else rule_name(lex, toks, k)
    if end is None:
        return None
    # a place the tagger found ends the name; a person it found before
    # that is part of it, and so is the end of a compound name ("سميع الله")
    inside = [m for m in sent.mentions if k < m.first < end and m.source != "role"]
    ends = [m for m in inside if m.type != PERSON and (
        all(t.key in lex.name_ends for t in toks[m.first : m.last])
        or m.place is None and m.last - m.first == 1 and lex.surname_endings
        and toks[m.first].key.endswith(lex.surname_endings))]  # "سردار بردي محمدوف": a family name, not a place
    end = min([m.first for m in inside if m.type != PERSON and m not in ends], default=end)
    merged = [m for m in inside if m.first < end and (m.type == PERSON or m in ends)]
    if merged and merged[0].type == PERSON and merged[0].source == "tagger" and not lex.capitalized and (
            merged[0].first - k >= 2 and not _name_words(sent.lang, toks[k : merged[0].first])):
        # "مدير الإعلام والعلاقات العامة [بصحة الشرقية] الأستاذ محمد الحوت": two words or more before
        # the tagger's person that look like no name are the office's (where it is), not the name's
        # (one such word may be a given name that is also a common word: "ولي الله سيف", "جيل بارينو")
        return merged[0]
    end = max([end, *(m.last for m in merged)])
    if not merged and end - k < lex.name_min:
        return None
    if not merged:
        if not any(t.key in lex.particles for t in toks[k:end]):
            end = k + _common_tail(sent.lang, toks[k:end])  # "شوكت ميرضيائيف الوزراء المشاركين"
        if _person_word(sent.lang, toks[k].text):  # "الأمير عبدالعزيز دعوة لديغتياريف": a given name, then words
            cut = next((x for x in range(k + 1, end) if _common_word(sent.lang, toks[x].text)), end)
            if cut < end and cut - k < lex.name_min:
                return None
            end = cut
        while end - k > lex.name_min and _common_word(sent.lang, toks[end - 1].text):
            end -= 1  # "جوتيريز سيعقد اجتماعا": a common word ends no name
        if not _name_words(sent.lang, toks[k:end]):
            return None  # "مذكرة تفاهم", "وتم رفض العرض": words, not a name
    sent.mentions = [m for m in sent.mentions if m not in merged]
    person = _Mention(toks[k].start, toks[end - 1].end, PERSON, k, end, "rule")
    sent.mentions.append(person)
    return person


def _given_name(lex: Lexicon, sent: _Sentence, m: _Mention) -> _Mention | None:
    """A country's name that is a given name, after an office: with the
    person the tagger found right after it, or the name-like words there,
    it is one person ("جورجيا ميلوني")."""
    toks = sent.toks
    after = next((p for p in sent.mentions if p.first == m.last and p.type == PERSON), None)
    if after is not None:
        sent.mentions.remove(after)
        last = after.last
    else:
        starts = {p.first for p in sent.mentions}
        last = m.last
        while (
            last < len(toks) and last - m.last < lex.name_max - 1 and last not in starts
            and is_name_word(lex, toks[last], False)
            and lex.match(toks, last, (TITLE, HONORIFIC, ORG, COUNTRY, NATIONALITY), bool(lex.clitics)) is None
        ):
            last += 1
        if last == m.last:
            return None
    sent.mentions.remove(m)
    person = _Mention(m.start, toks[last - 1].end, PERSON, m.first, last, "rule")
    sent.mentions.append(person)
    return person


def _extend_role(lex: Lexicon, sent: _Sentence, role: RoleMatch, m: _Mention) -> None:
    """The tagger's organization or place right after a title belongs to the
    role phrase (once: a role takes one such complement)."""
    if _past_head(lex, sent.toks, role.last) != m.first or role.honorific:
        return
    first = sent.toks[m.first]
    if m.start > first.start and token_key(first.text[: m.start - first.start]) != "ل":
        return  # behind a proclitic other than "of" ("مدن رئيسة كالموصل"): not what the office heads
    if m.place is None and any(cl and token_key(first.text[:cl]) != "ل" and (v,) in lex.places
                               for v, cl in lex.variants(first, True)[1:]):
        return  # the tagger's "بجدة" ("in Jeddah"): where, not what the office heads
    words = lex.lemmatize(t.key for t in sent.toks[m.first : m.last] if t.word)
    found = lex.places.get(words)
    if m.place is not None:  # a name of the data, proclitic off
        name = m.place.name
    elif found:
        name = found[1]
    elif m.normal:  # natasha's nominative: "Астраханская область"
        name = m.normal
    else:
        first = sent.toks[m.first]
        name = tokens_text(sent.toks, m.first, m.last, first.start + _strip_clitic(lex, first, frozenset()))
    if m.type == "ORG" and role.org is None:
        role.org = name
    elif m.type == "LOC" and role.country is None:
        # a city or region is where the office is, not a country ("губернатор Астраханской
        # области", "глава Чечни"); so is a place the data does not know, save in Arabic
        if words not in lex.towns and (found or m.place is not None or lex.clitics):
            role.country = name
        elif role.place is None:
            role.place = name
    elif m.type == "LOC" and role.place is None and lex.capitalized and (found is None or words in lex.towns):
        role.place = name  # "head of Russia's [Chechen Republic]": the country's region
    else:
        return
    role.last, role.end = m.last, m.end


def _past_head(lex: Lexicon, toks: list[Tok], k: int) -> int:
    """Past quotation marks, and past a word that introduces an organization
    before them ("المديرة العامة لشركة "أكويو نووي"": the company follows)."""
    head = lex.match(toks, k, (ORG_HEAD,), bool(lex.clitics))
    if head is not None and head[1] < len(toks) and toks[head[1]].text in lex.quotes:
        return _past_quotes(lex, toks, head[1])
    return _past_quotes(lex, toks, k)


def _past_quotes(lex: Lexicon, toks: list[Tok], k: int) -> int:
    """The first token from ``k`` on that is not a quotation mark (a title
    before a quoted organization: رئيس شركة "روس آتوم")."""
    while k < len(toks) and toks[k].text in lex.quotes:
        k += 1
    return k


def _after_meeting_verb(lex: Lexicon, toks: list[Tok], i: int) -> bool:
    """Token ``i`` follows a verb of meeting ("استقبل", "التقى"): the office
    there is the subject's, and the next one the other party's."""
    return i > 0 and bool(lex.meeting_verbs) and any(v in lex.meeting_verbs for v, _ in lex.variants(toks[i - 1], True))


def _joined_by_and(lex: Lexicon, toks: list[Tok], last: int, first: int) -> bool:
    """Russian and English: the office ending at ``last`` and the one starting
    at ``first`` are joined by "and" ("Deputy Prime Minister and Foreign
    Minister", "вице-премьер и министр иностранных дел")."""
    return not lex.portfolio and first == last + 1 and last < len(toks) and toks[last].key in ("and", "и")


def _without_article(sent: _Sentence, role: RoleMatch) -> bool:
    """The office is written without the article ("وزير الخارجية", "رئيس
    مجلس الوزراء"), as the offices of one person stacked before the name are."""
    tok = sent.toks[role.title_first]
    written = tok.text[max(role.start - tok.start, 0):] if role.title_first == role.first else tok.text
    return not written.startswith(("ال", "لل"))


def _has_delegations(lang: str) -> bool:
    lex = lexicon(lang)
    return bool(lex.delegations or lex.sides)


def _delegation_countries(sent: _Sentence) -> None:
    """Offices named with no country right after a delegation or side of a
    country ("ويضم الوفد القطري المرافق رئيس مجلس الوزراء …، ووزير الدولة
    …", "وفدا عسكريا روسيا برئاسة نائب وزير الدفاع …", "من الجانب الروسي
    وزير الطاقة …") are that country's: the first when only the data's
    connecting words stand between (``[grammar].delegations``), the next
    ones while the list goes on (a comma or "و" between a holder and the
    next office)."""
    lex = lexicon(sent.lang)
    toks = sent.toks
    held = []  # (the first token of the person's first office, the person), in text order
    for m in sent.mentions:
        role = next((r for r in m.roles if not r.honorific), None) if m.type == PERSON else None
        if role is not None:
            held.append((sent.token_range(role.span.start, role.span.end)[0], m))
    if not held:
        return
    held.sort(key=lambda h: h[0])
    firsts = [h[0] for h in held]
    for i, tok in enumerate(toks):
        keys = [v for v, _ in lex.variants(tok, True)]
        side = any(v in lex.sides for v in keys) and i > 0 and any(
            v in lex.side_openers for v, _ in lex.variants(toks[i - 1], True))
        if not side and not any(v in lex.delegations for v in keys):
            continue
        k = i + 1
        while k < len(toks) and toks[k].key in lex.delegation_adjectives:
            k += 1  # "وفدا عسكريا روسيا"
        found = lex.match(toks, k, (NATIONALITY, COUNTRY))
        if found is None:
            continue
        country, k = found[0].value, found[1]
        linked = side
        for first, m in held[bisect.bisect_left(firsts, k):]:
            between = toks[k:first]
            if any(t.key not in lex.delegation_links and t.text not in lex.after_name and t.key != "و" for t in between):
                break  # something else stands between: not the delegation's
            linked = linked or any(t.key in lex.delegation_links for t in between)
            if not linked:
                break  # "التقى الوفد الروسي وزير الخارجية سامح شكري": the one met
            m.roles = [dataclasses.replace(r, country=country) if r.country is None and not r.honorific else r for r in m.roles]
            k = m.last


def _past_separator(lex: Lexicon, toks: list[Tok], k: int) -> int:
    return k + 1 if k < len(toks) and toks[k].text in lex.separators else k


def _tagged_person_after(lex: Lexicon, sent: _Sentence, role: RoleMatch, comma: bool = False) -> bool:
    """The tagger found a person right after the role phrase (past a dash or
    quotes, or with ``comma`` a comma): "السيسي، رئيس الوزراء الإثيوبي آبي
    أحمد" names two people."""
    k = role.last
    if k < len(sent.toks) and sent.toks[k].text in lex.separators and (comma or sent.toks[k].text not in lex.after_name):
        k += 1
        if comma and k < len(sent.toks) and lex.clitics and sent.toks[k].key.startswith("و"):
            return False  # "…، وإسماعيل ولد الشيخ أحمد، …": the next of a list
    k = _past_quotes(lex, sent.toks, k)
    return any(m.first == k and m.type == PERSON and m.source == "tagger" for m in sent.mentions)


def _name_before(lex: Lexicon, sent: _Sentence, role: RoleMatch) -> _Mention | None:
    j = role.first - 1
    if j > 1 and sent.toks[j].key in lex.articles:
        j -= 1  # "Maria Zakharova, the Russian foreign ministry's spokeswoman"
    if j < 1 or sent.toks[j].text not in lex.after_name:
        return None
    return next((m for m in sent.mentions if m.last == j and m.type == PERSON), None)


# --------------------------------------------------------------------------
# Candidates for resolution


def _name_tokens(lex: Lexicon, toks: list[Tok], m: _Mention) -> list[Tok]:
    """The tokens of a mention, titles and honorifics in front taken off
    (a tagger may tag "الرئيس بوتين" as one name)."""
    span = [t for t in toks[m.first : m.last] if t.start >= m.start and t.end <= m.end]
    i = 0
    while m.type == PERSON and i < len(span) - 1:
        found = lex.match(span, i, (TITLE, HONORIFIC, QUALIFIER), clitics=bool(lex.clitics))
        if found is None or found[1] >= len(span) or found[1] == i + 1 and span[i].key in lex.given_names:
            break  # ("أمير سعيد إيرواني": a one-word title that is also a given name stays)
        i = found[1]
    return [t for t in span[i:] if t.word]


def _not_entity(lex: Lexicon, tok: Tok) -> bool:
    """Whether a word alone is no entity whatever the tagger says
    (``[names].not_entities``: currencies, "الله"), with or without a proclitic."""
    return bool(lex.not_entities) and any(v in lex.not_entities for v, _ in lex.variants(tok, True))


def _strip_clitic(lex: Lexicon, tok: Tok, known: set[str] | frozenset[str]) -> int:
    """How many leading characters of an Arabic name word are a proclitic:
    only when the rest is a word known from this article or the data
    ("وشكري" when "سامح شكري" was named), or for "و" before a word of the
    clitic lexicon; never the article ("السوداني" keeps it)."""
    if not lex.clitics:
        return 0
    for variant, clitic in lex.variants(tok, True)[1:]:
        if variant in known and clitic:
            return clitic
    if tok.key in known:
        return 0
    if tok.key.startswith("و"):
        if tok.key.startswith("وال") and len(tok.key) >= 6:
            return surface_len(tok.text, 1)  # "والشيشان": the conjunction before the article
        n = arabic_stem_start(tok.text)
        if n and token_key(tok.text[:n]) == "و":
            return n
    return 0


def _candidates(text: str, sentences: list[_Sentence]) -> list[Candidate]:
    raw: list[tuple[_Sentence, _Mention, list[Tok]]] = []
    known: set[str] = set()
    firsts: set[str] = set()  # first words of the other names: "بالفيفا" where "الفيفا" is named
    for sent in sentences:
        lex = lexicon(sent.lang)
        for m in sent.mentions:
            if m.place is not None:
                raw.append((sent, m, []))
                continue
            words = _name_tokens(lex, sent.toks, m)
            if len(words) == 1 and m.type in (PERSON, "MISC") and _not_entity(lex, words[0]):
                continue  # a currency, "الله"
            if words:
                raw.append((sent, m, words))
                if m.type == PERSON and len(words) > 1:
                    known.update(t.key for t in words)
                elif m.type != PERSON:
                    firsts.add(words[0].key)
    out = []
    known_here: dict[str, frozenset[str]] = {}
    for sent, m, words in raw:
        lex = lexicon(sent.lang)
        if m.place is not None:
            keys = _word_keys(m.place.name, sent.lang)
            out.append(Candidate(m.start, m.end, m.type, keys, keys, m.place.name, m.place.key_name, True, [], sent.lang))
            continue
        start, end = words[0].start, words[-1].end
        if sent.lang == "ar":
            if "ar" not in known_here:
                known_here["ar"] = frozenset(known) | _place_words(lex)
            clitic = _strip_clitic(lex, words[0], known_here["ar"])
            if not clitic and m.type != PERSON:  # "بالفيفا" where "الفيفا" is named too
                clitic = next((n for v, n in lex.variants(words[0], True)[1:] if n and v in firsts), 0)
            start += clitic
        if m.normal and sent.lang == "ru":
            name = m.normal
            keys = _word_keys(name, "ru")
        else:
            name = text[start:end]
            if sent.lang == "ar" and m.type != PERSON and name.startswith("لل") and len(words[0].key) >= 5:
                # "للخطوط الجوية …": ل + ال, whose alif the span cannot give back; the name can
                name = "ال" + name[2:]
            keys = _word_keys(name, sent.lang)
        core = tuple(k for k in keys if k not in lex.particles) or keys
        canonical = _canonical(lex, keys, words, m.type)
        if m.type == PERSON and lex.capitalized and keys in lex.demonyms:
            m.type = "MISC"  # "Qatari" is no one's name (an Arabic nisba like "السوداني" may be)
        if canonical is not None:
            type_, value = canonical
            out.append(Candidate(start, end, type_, keys, keys, value, value, True, m.roles, sent.lang))
        else:
            out.append(Candidate(start, end, m.type, keys, core, name, name, False, m.roles, sent.lang))
    return out


@lru_cache(maxsize=1 << 16)
def _word_keys(name: str, lang: str) -> tuple[str, ...]:
    """The matching keys of the words of a name (cached: names repeat)."""
    return tuple(t.key for t in tokenize(name, lang=lang) if t.word)


@lru_cache(maxsize=None)
def _place_words(lex: Lexicon) -> frozenset[str]:
    return frozenset(words[0] for words in lex.places)


def _canonical(lex: Lexicon, keys: tuple[str, ...], words: list[Tok], type_: str) -> tuple[str, str] | None:
    """The data's (type, name) for a tagged country, city or organization;
    none for a city the tagger typed as an organization (the club "روما")."""
    found_words = lex.lemmatize(keys)
    found = lex.places.get(found_words)
    if found is None:
        found_words = lex.lemmatize(map(TOK_KEY, words))
        found = lex.places.get(found_words)
    if found is not None and type_ == "ORG" and found_words in lex.towns:
        return None
    return found


# --------------------------------------------------------------------------
# Later mentions of a person by last name


def _surname_forms(lex: Lexicon, surname: str) -> list[str]:
    forms = [surname]
    if lex.case_endings:
        bases = [surname]
        if surname[-1:] in ("а", "я", "й", "ь"):
            bases.append(surname[:-1])
        if surname[-2:] in ("ий", "ый", "ая"):
            bases.append(surname[:-2])
        forms += [b + e for b in bases for e in lex.case_endings]
    return forms


def _surname_table(langs: set[str], candidates: list[Candidate]) -> dict[str, dict[str, str]]:
    """Per language, the forms of the last names of people named in full
    (Russian case forms included) -> the last name."""
    by_lang: dict[str, dict[str, str]] = {}
    for lang in langs:
        lex = lexicon(lang)
        forms: dict[str, str] = {}
        for c in candidates:
            if c.type != PERSON or len(c.core) < 2 or c.lang != lang:
                continue
            surname = c.core[-1]
            if len(surname) < 3 or surname in lex.stopwords or surname in lex.phrases:
                continue
            if not _surname_alone(lang, c.core[0], surname):
                continue
            for form in _surname_forms(lex, surname):
                forms.setdefault(form, surname)
        by_lang[lang] = forms
    return by_lang


# Profile markers of a word in person context: after a speech verb, after
# "بن", before "بن", and after a title at the 8 % level or more.
_PERSON_CONTEXT = ("LS", "LB", "RB", "LT2", "LT3")
_SPOKEN_OF = ("LS", "LB", "RB")  # the same without titles ("وزير الخارجية" puts one before "الخارجية")
_RARE_FREQUENCY = 7  # the profile's log2 frequency bucket up to which a word is rare


@lru_cache(maxsize=1 << 14)
def _surname_alone(lang: str, first: str, surname: str) -> bool:
    """Whether the last word of a person's name may stand for them alone
    later in the article. With the tagger's resources (Arabic): yes when the
    first word is a given name of the gazetteer, or the last word is rare in
    SaudiNewsNet or seen there after speech verbs, titles or "بن"
    (``ner.profiles``); no for a common word at the end of something taken
    for a name ("خدمات استشارات الضرائب": every later "الضرائب" would join it)."""
    _, marks, known = _word_evidence(lang, surname)
    if not known:
        return True
    if marks and surname.startswith("ال") and surname.endswith("يه") and not any(m.startswith(_SPOKEN_OF) for m in marks):
        return False  # a feminine adjective ("آنا بيت أستاذة المالية"), not a family name ("العطية" is spoken of)
    if _word_evidence(lang, first)[0] or marks is None:
        return True  # a given name first, or a word SaudiNewsNet does not know
    return _frequency(marks) <= _RARE_FREQUENCY or any(m.startswith(_PERSON_CONTEXT) for m in marks)


def _lemmatize_surnames(candidates: list[Candidate], table: dict[str, dict[str, str]]) -> None:
    """A one-word Russian mention natasha left inflected ("Фидана") takes
    the last name it is a case form of."""
    for c in candidates:
        forms = table.get(c.lang)
        if c.type == PERSON and c.lang == "ru" and len(c.core) == 1 and forms:
            surname = forms.get(c.core[0])
            if surname and surname != c.core[0]:
                c.words = c.core = (surname,)
                c.name = c.key_name = c.name if token_key(c.name) == surname else surname.capitalize()


def _later_mentions(
    sentences: list[_Sentence], candidates: list[Candidate], by_lang: dict[str, dict[str, str]]
) -> list[Candidate]:
    """Untagged repetitions of a person's full name (not for Russian, whose
    names inflect), and untagged words that are the last name of a person
    named in full."""
    full: dict[str, dict[str, list[tuple[str, ...]]]] = {}
    for c in candidates:
        if c.type == PERSON and len(c.core) >= 2 and c.lang != "ru":
            full.setdefault(c.lang, {}).setdefault(c.words[0], []).append(c.words)
    out = []
    wanted_by_lang: dict[str, set[str]] = {}
    for sent in sentences:
        forms = by_lang.get(sent.lang)
        if not forms:
            continue
        names = full.get(sent.lang, {})
        lex = lexicon(sent.lang)
        if sent.lang not in wanted_by_lang:
            wanted_by_lang[sent.lang] = _wanted_keys(lex, forms, names)
        wanted = wanted_by_lang[sent.lang]
        out += _later_in_sentence(lex, sent, wanted, names, forms)
    for c in out:
        c.key_name = c.key_name or c.name
    return out


def _later_in_sentence(
    lex: Lexicon, sent: _Sentence, wanted: set[str], names: dict[str, list[tuple[str, ...]]], forms: dict[str, str]
) -> list[Candidate]:
    """The later mentions in one sentence, left to right."""
    toks = sent.toks
    # Only tokens whose key may start a later mention are looked at: most sentences have none.
    hits = list(compress(count(), map(wanted.__contains__, map(TOK_KEY, toks))))
    if not hits:
        return []
    out = []
    taken = {i for m in sent.mentions for i in range(m.first, m.last)}
    after = 0  # the end of the last full name found
    for i in hits:
        if i < after or i in taken:
            continue
        tok = toks[i]
        if lex.capitalized and not tok.text[0].isupper():
            continue
        found = _full_name_at(lex, sent, i, taken, names)
        if found is not None:
            out.append(found[0])
            after = found[1]
            continue
        surname, clitic = None, 0
        for variant, cl in lex.variants(tok, True):
            if variant in forms:
                surname, clitic = forms[variant], cl
                break
        if surname is None:
            continue
        name = surname if sent.lang == "ru" else tok.text[clitic:]
        out.append(Candidate(tok.start + clitic, tok.end, PERSON, (surname,), (surname,), name, name, lang=sent.lang))
    return out


def _full_name_at(
    lex: Lexicon, sent: _Sentence, i: int, taken: set[int], names: dict[str, list[tuple[str, ...]]]
) -> tuple[Candidate, int] | None:
    """A repetition of a full name at token ``i`` (the longest), and the index after it."""
    toks = sent.toks
    tok = toks[i]
    for variant, cl in lex.variants(tok, True):
        for words in sorted(names.get(variant, ()), key=len, reverse=True):
            n = len(words)
            if all(i + k < len(toks) and i + k not in taken and toks[i + k].key == words[k] for k in range(1, n)):
                start, end = tok.start + cl, toks[i + n - 1].end
                core = tuple(w for w in words if w not in lex.particles)
                text = _tokens_text(toks, i, n, cl)
                return Candidate(start, end, PERSON, words, core, text, "", lang=sent.lang), i + n
    return None


def _wanted_keys(lex: Lexicon, forms: dict[str, str], names: dict[str, list[tuple[str, ...]]]) -> set[str]:
    """Token keys that may start a later mention: the forms, and (Arabic)
    the forms behind a proclitic."""
    keys = set(forms) | set(names)
    for key in list(keys):
        keys.update(c + key for c in lex.clitics)
        if key.startswith("ال"):
            keys.update(lead + "لل" + key[2:] for lead in ("", "و", "ف"))
    return keys


def _tokens_text(toks: list[Tok], i: int, n: int, clitic: int) -> str:
    """The text of tokens ``i..i+n`` (single spaces), without a proclitic."""
    return " ".join(t.text for t in toks[i : i + n])[clitic:]


# --------------------------------------------------------------------------
# The stage


def find_entities(
    doc: Document, tagger: Tagger | None = None, ru_finder: RuFinder | None = None
) -> list[Entity]:
    """The entities of ``doc``; ``tagger`` and ``ru_finder`` replace the
    trained models (tests, other taggers)."""
    return find_entities_many([doc], tagger, ru_finder)[0]


def find_entities_many(
    docs: Sequence[Document], tagger: Tagger | None = None, ru_finder: RuFinder | None = None
) -> list[list[Entity]]:
    """The entities of each of ``docs``, as :func:`find_entities` finds them;
    the default tagger decodes all their sentences together."""
    ru_finder = ru_finder or natasha_entities
    texts = [_with_title(doc) for doc in docs]
    per_doc = [_sentences(doc, text, title_at) for doc, (text, title_at) in zip(docs, texts)]
    _tag(per_doc, tagger)
    found = []
    for (text, title_at), sentences in zip(texts, per_doc):
        russian = [s for s in sentences if s.lang == "ru"]
        if russian:
            lo, hi = russian[0].toks[0].start, russian[-1].toks[-1].end
            _place_russian(russian, ru_finder(text[lo:hi]), lo)
        for sent in sentences:
            if sent.mentions:
                _join_across_particles(sent)
                _trim_tagged_people(sent)
                _organizations_by_word_before(sent)
            starts, known, duals = lexicon(sent.lang).positions(sent.toks)
            if known:
                _apply_names(sent, known)
            _described_orgs(sent)
            if duals:
                _apply_duals(sent, duals)
            if starts:
                _apply_roles(sent, starts)
                if _has_delegations(sent.lang):
                    _delegation_countries(sent)
        _resolve_counterparts(sentences)
        candidates = _candidates(text, sentences)
        if title_at is not None:
            candidates = _headline_kept(candidates, title_at)
        body = candidates if title_at is None else [c for c in candidates if c.start < title_at]
        table = _surname_table({s.lang for s in sentences}, body)  # the headline's names are not looked for in the body
        _lemmatize_surnames(candidates, table)
        candidates += _later_mentions(sentences, body, table)
        found.append(_split_title(resolve(candidates), title_at))
    return found


def _headline_kept(candidates: list[Candidate], title_at: int) -> list[Candidate]:
    """The headline's candidates that are worth an entity: names the data
    knows, names whose words the body names (a last name, a short form;
    the same name takes the body's type), and in Arabic people of two words
    or more whose words look like name words (an organization only the
    headline's tagger found was too often words run together: "الكرملين
    الغاز"). A headline's one-word names
    are otherwise too often its verbs and slogans ("السوبر", "يعايد"), and
    an English headline capitalizes every word ("Wild Story", "Jam Recipe")."""
    body_names = [frozenset(c.core) for c in candidates if c.start < title_at and c.type != "MISC"]
    body_types = {c.core: c.type for c in candidates if c.start < title_at}
    for c in candidates:
        if c.start >= title_at and c.core in body_types:
            c.type = body_types[c.core]  # "روسكوسموس" the body's organization, whatever the headline's tag
    return [
        c for c in candidates
        if c.start < title_at or c.canonical
        or (c.type != "MISC" and any(frozenset(c.core) <= name for name in body_names))  # ("شكري لافروف" is two)
        or (len(c.core) >= 2 and c.type == PERSON and not lexicon(c.lang).capitalized
            and all(_name_word(c.lang, w) for w in c.core))
    ]


def _common_tail(lang: str, words: list[Tok]) -> int:
    """How many of a name's words to keep: it ends before a common word
    with the article from the third word on ("شوكت ميرضيائيف الوزراء
    المشاركين"; "لوس" of "دان دي لوس" has no article and stays)."""
    return next((n for n in range(2, len(words))
                 if words[n].text.startswith("ال") and _common_word(lang, words[n].text)), len(words))


def _name_words(lang: str, toks: list[Tok]) -> bool:
    """Whether untagged words after a title may be a name: with a word that
    is a person's (:func:`_person_word`: "علي" of "إمام علي رحمن"), at most
    half of them common words (:func:`_common_word`); without one, no
    common word first and at most one among three or more ("مذكرة تفاهم",
    "وتم رفض العرض" are none)."""
    common = [_common_word(lang, t.text) for t in toks]
    if any(_person_word(lang, t.text) for t in toks):
        return 2 * common.count(True) <= len(common)
    return not common[0] and common.count(True) <= (1 if len(common) >= 3 else 0)


_NO_RESOURCES = (False, None, False)


@lru_cache(maxsize=1 << 15)
def _word_evidence(lang: str, word: str) -> tuple[bool, tuple[str, ...] | None, bool]:
    """What the Arabic tagger's resources know of a word: whether it is a
    given name of the gazetteer, its SaudiNewsNet profile marks (None for a
    word the profiles lack), and whether there are resources at all."""
    tagger = _crf(lang) if lang in TAGGED_LANGS else None
    res = getattr(tagger, "resources", None)
    if res is None or not res.profiles:
        return _NO_RESOURCES
    from ..ner.features import arabic_parts

    stem = arabic_parts(word)[1]
    gaz = res.gazetteer
    given = gaz is not None and any("PER" in gaz.words.get(w, ()) for w in (word, stem))
    profile = res.profiles.get(stem)
    return given, (tuple(profile.split()) if profile is not None else None), True


def _frequency(marks: tuple[str, ...]) -> int:
    return next((int(m[2:]) for m in marks if m.startswith("fq") and m[2:].isdigit()), 0)


def _person_word(lang: str, word: str) -> bool:
    """A given name of the gazetteer, or a word with a name's profile marks."""
    given, marks, _ = _word_evidence(lang, word)
    return given or (marks is not None and _person_marks(marks))


def _person_marks(marks: tuple[str, ...]) -> bool:
    """Profile marks of a name: seen before or after "بن", or often after
    speech verbs (level 2 and 3: a governed noun such as "حكومة" follows
    them sometimes; after titles "الوزراء" and "داخلية" are as frequent as
    names)."""
    return any(m.startswith(("LB", "RB")) or m in ("LS2", "LS3") for m in marks)


def _common_word(lang: str, word: str) -> bool:
    """A word SaudiNewsNet uses as a common word (``ner.profiles``): among
    its most frequent words (a log2 bucket of 10 or more), or frequent (7 or
    more) and seen after "في"/"إلى", with no name's marks (:func:`_person_marks`), and not a given
    name of the gazetteer ("مذكرة", "العرض", "الأزمة", "حكومة"; family
    names such as "الزبيدي" or "جال" are none of these)."""
    given, marks, _ = _word_evidence(lang, word)
    if given or _person_marks(marks or ()):
        return False
    if marks is None or not (_frequency(marks) >= 10 or _frequency(marks) >= 7 and any(m.startswith("LI") for m in marks)):
        # an indefinite accusative of a common noun: "وفدا", "اجتماعا" ("زاخاروفا" is no "زاخاروف")
        return len(word) >= 4 and word.endswith("ا") and _common_word(lang, word[:-1])
    return True


def _name_word(lang: str, word: str) -> bool:
    """Whether a word may be part of a person's name by what the Arabic
    tagger's resources know of it: a given name of the gazetteer, a word
    SaudiNewsNet does not know or rarely uses, or one it writes after
    speech verbs, titles or "بن"; a rare word only when the letter model
    finds it name-like ("يحتفلون", "تزيل" are none of these)."""
    given, marks, known = _word_evidence(lang, word)
    if not known or given or marks is None or any(m.startswith(_PERSON_CONTEXT) for m in marks):
        return True
    rare = _frequency(marks) <= _RARE_FREQUENCY
    return rare and any(m.startswith("nm") and m[2:].isdigit() and int(m[2:]) >= 2 for m in marks)


def _split_title(entities: list[Entity], title_at: int | None) -> list[Entity]:
    """Mentions and role phrases in the headline move to ``title_mentions``
    and ``in_title`` roles, with offsets into ``Document.title``."""
    if title_at is None:
        return entities
    for e in entities:
        if e.mentions[-1].start < title_at and all(r.span.start < title_at for r in e.roles):
            continue
        e.title_mentions = [Span(m.start - title_at, m.end - title_at, m.label) for m in e.mentions if m.start >= title_at]
        e.mentions = [m for m in e.mentions if m.start < title_at]
        e.roles = [
            r if r.span.start < title_at else dataclasses.replace(
                r, span=Span(r.span.start - title_at, r.span.end - title_at, r.span.label), in_title=True)
            for r in e.roles
        ]
    return entities


def _tag(per_doc: list[list[_Sentence]], tagger: Tagger | None) -> None:
    """Mentions from the tagger for the Arabic and English sentences of each
    document (one document's body is one text to the tagger, its headline another)."""
    for lang in TAGGED_LANGS:
        # the body and the headline are two texts to the tagger (its document
        # steps do not carry a headline's tags into the body)
        batches = [
            batch
            for sentences in per_doc
            for batch in ([s for s in sentences if s.lang == lang and not s.headline],
                          [s for s in sentences if s.lang == lang and s.headline])
        ]
        texts = [[list(map(TOK_TEXT, s.toks)) for s in batch] for batch in batches if batch]
        if not texts:
            continue
        if tagger is not None:
            tags = [tagger(lang, sentences) for sentences in texts]
        else:
            tags = model_tagger_many(lang, texts)
        tagged = iter(tags)
        for batch in batches:
            if batch:
                for sent, sent_tags in zip(batch, next(tagged)):
                    sent.mentions = _from_tags(sent.toks, sent_tags)


def _entities_batch(docs: list[Document]) -> None:
    for doc, found in zip(docs, find_entities_many(docs)):
        doc.entities = found


@stage(
    "marsad.entities.v1",
    requires=("text", "sentences", "language"),
    assigns=("entities",),
    batch=_entities_batch,
)
def entities(doc: Document) -> Document:
    """People with their titles, organizations and places, resolved in the article."""
    doc.entities = find_entities(doc)
    return doc
