"""Quotes and events over sentences whose entities are given (the seam: the
facts stages read ``doc.entities``, whatever filled it)."""

from __future__ import annotations

import datetime as dt

from marsad.doc import Document, Span
from marsad.entities.model import Entity, Role
from marsad.facts import find_events, find_quotes
from marsad.segment import split_sentences


def _doc(text: str, lang: str, entities: list[tuple[str, str, str, list[str]]], title: str | None = None,
         published: dt.date | None = dt.date(2026, 3, 19), roles: dict[str, str] | None = None) -> Document:
    """``entities``: (id, type, name, surface forms to mark in the text)."""
    doc = Document()
    doc.text, doc.language, doc.title, doc.published = text, lang, title, published
    doc.sentences = split_sentences(text, lang=lang)
    for eid, etype, name, forms in entities:
        mentions = []
        for form in forms:
            start = 0
            while (at := text.find(form, start)) >= 0:
                mentions.append(Span(at, at + len(form)))
                start = at + len(form)
        e = Entity(eid, etype, name, f"{etype}:{name}", sorted(mentions, key=lambda s: s.start))
        if roles and eid in roles:
            e.roles.append(Role(roles[eid], Span(0, 1)))
        doc.entities.append(e)
    return doc


AR = (
    "قال المتحدث باسم الكرملين دميتري بيسكوف للصحفيين اليوم الخميس إن موسكو مستعدة للحوار. "
    "وقال بيسكوف: «لن نقبل بأي شروط مسبقة في هذه المفاوضات». "
    "وأضاف: «الاتصالات مستمرة على مستوى الخبراء». "
    "من جهته أكد وزير الخارجية سامح شكري على أهمية التنسيق بين البلدين في المرحلة المقبلة. "
    "وأضاف الوزير أن «القاهرة ترحب بكل مبادرة جادة للسلام»."
)


def _ar_doc() -> Document:
    return _doc(AR, "ar", [("e1", "PERSON", "دميتري بيسكوف", ["دميتري بيسكوف", "بيسكوف"]),
                           ("e2", "PERSON", "سامح شكري", ["سامح شكري"]),
                           ("e3", "LOC", "موسكو", ["موسكو"])], roles={"e2": "وزير الخارجية"})


def test_arabic_direct_quotes_with_named_continued_and_titled_speakers() -> None:
    doc = _ar_doc()
    quotes = find_quotes(doc)
    direct = [q for q in quotes if q.kind == "direct"]
    texts = [doc.text[q.span.start : q.span.end] for q in direct]
    assert texts == ["لن نقبل بأي شروط مسبقة في هذه المفاوضات", "الاتصالات مستمرة على مستوى الخبراء",
                     "القاهرة ترحب بكل مبادرة جادة للسلام"]
    assert [q.speaker for q in direct] == ["e1", "e1", "e2"]  # named; "وأضاف:" goes on; "وأضاف الوزير" by title
    assert direct[2].speaker_name == "الوزير"


def test_arabic_indirect_speech() -> None:
    doc = _ar_doc()
    indirect = [q for q in find_quotes(doc) if q.kind == "indirect"]
    assert [q.speaker for q in indirect] == ["e1", "e2"]
    assert doc.text[indirect[0].span.start : indirect[0].span.end].startswith("موسكو مستعدة للحوار")
    assert doc.text[indirect[1].span.start : indirect[1].span.end].startswith("التنسيق بين البلدين")


def test_russian_and_english_quotes_before_and_after_the_verb() -> None:
    ru = _doc("«Мы не ведем переговоров под давлением», — заявил Дмитрий Песков. "
              "Сергей Лавров сказал: «Диалог с партнерами продолжается».",
              "ru", [("p", "PERSON", "Дмитрий Песков", ["Дмитрий Песков"]), ("l", "PERSON", "Сергей Лавров", ["Сергей Лавров"])])
    assert [(q.kind, q.speaker) for q in find_quotes(ru)] == [("direct", "p"), ("direct", "l")]
    en = _doc('"We will keep the corridor open," said Ayman Safadi. A senior Gulf official said that the talks would resume next week.',
              "en", [("s", "PERSON", "Ayman Safadi", ["Ayman Safadi"])])
    quotes = find_quotes(en)
    assert (quotes[0].kind, quotes[0].speaker) == ("direct", "s")
    assert (quotes[1].kind, quotes[1].speaker, quotes[1].speaker_name) == ("indirect", None, "A senior Gulf official")


def test_words_in_quote_marks_without_a_speech_verb_are_not_quotes() -> None:
    doc = _doc("وتناولت المحادثات ما يسمى «صفقة القرن الجديدة في المنطقة» وملفات أخرى.", "ar", [])
    assert find_quotes(doc) == []


def test_unbalanced_marks_and_a_huge_article_stay_bounded() -> None:
    import time

    text = ("قال المسؤول: «هذا نص بلا علامة إغلاق وكلام كثير. " * 3) + "\n"
    big = (("وقال الوزير إن «الوضع مستقر تماما في المنطقة». ") * 10_000)
    assert find_quotes(_doc(text, "ar", [])) == []
    doc = _doc(big, "ar", [])
    t = time.perf_counter()
    quotes = find_quotes(doc)
    assert len(quotes) == 10_000
    assert time.perf_counter() - t < 30


def test_headline_meeting_completed_by_the_body() -> None:
    title = "شكري والصفدي يبحثان في عمان الأوضاع الإقليمية"
    text = ("بحث وزير الخارجية المصري سامح شكري مع نظيره الأردني أيمن الصفدي اليوم الخميس في عمان "
            "تطورات الأوضاع في المنطقة. ووقعت مصر والأردن مذكرة تفاهم للتعاون في مجال الطاقة.")
    doc = _doc(text, "ar", [("e1", "PERSON", "سامح شكري", ["سامح شكري"]), ("e2", "PERSON", "أيمن الصفدي", ["أيمن الصفدي"]),
                            ("e3", "LOC", "عمان", ["عمان"]), ("e4", "LOC", "مصر", ["مصر"]), ("e5", "LOC", "الأردن", ["الأردن"])],
               title=title, published=dt.date(2026, 3, 19))
    events = find_events(doc)
    meeting = events[0]
    assert (meeting.type, meeting.in_title) == ("meeting", True)
    assert meeting.participants == ["e1", "e2"]
    assert meeting.place == "e3"
    assert meeting.date == "2026-03-19"  # اليوم الخميس: the Thursday of publication
    assert [(e.type, e.participants) for e in events[1:]] == [("agreement", ["e4", "e5"])]


def test_headline_participant_found_by_the_entities_stage() -> None:
    # the headline inflects the name ("Лаврова"), the body does not: the entities stage's headline mention says who it is
    title = "Визит Лаврова в Эр-Рияд: министры провели переговоры"
    text = "Сергей Лавров провел переговоры с министром иностранных дел Саудовской Аравии в Эр-Рияде."
    doc = _doc(text, "ru", [("e1", "PERSON", "Сергей Лавров", ["Сергей Лавров"])], title=title)
    assert find_events(doc)[0].participants == []  # no form of the name in the headline
    doc.entities[0].title_mentions = [Span(title.index("Лаврова"), title.index("Лаврова") + 7)]
    event = find_events(doc)[0]
    assert (event.in_title, event.participants) == (True, ["e1"])


def test_russian_and_english_events_with_relative_dates() -> None:
    ru = _doc("Сергей Лавров вчера провел переговоры с Бадром Абдель Аты в Каире.", "ru",
              [("l", "PERSON", "Сергей Лавров", ["Сергей Лавров"]), ("b", "PERSON", "Бадр Абдель Аты", ["Бадром Абдель Аты"]),
               ("c", "LOC", "Каир", ["Каире"])])
    (event,) = find_events(ru)
    assert (event.type, event.participants, event.place, event.date) == ("meeting", ["l", "b"], "c", "2026-03-18")
    en = _doc("Russia and Egypt signed a grain supply agreement in Cairo on Monday.", "en",
              [("r", "LOC", "Russia", ["Russia"]), ("g", "LOC", "Egypt", ["Egypt"]), ("c", "LOC", "Cairo", ["Cairo"])])
    (event,) = find_events(en)
    assert (event.type, event.participants, event.place, event.date) == ("agreement", ["r", "g"], "c", "2026-03-16")


def test_a_sentence_about_meetings_with_nobody_named_is_no_event() -> None:
    assert find_events(_doc("Meetings of this kind are usually held twice a year.", "en", [])) == []


# -- the word machinery (marsad.facts.words): faster, the same words ------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from marsad.facts import words as fw  # noqa: E402

_TEXTS = st.text(alphabet="ab قال-'’.,«» 1_\n", max_size=40)


@given(_TEXTS, st.integers(0, 40), st.integers(0, 40))
@settings(max_examples=300, deadline=None)
def test_words_of_a_sentence_are_those_of_the_plain_pattern(text: str, a: int, b: int) -> None:
    import re

    plain = re.compile(r"\w+(?:[-'’]\w+)*")
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    expected = [(m.start(), m.end(), m.group()) for m in plain.finditer(text, start, end)]
    assert fw.tokens(text, start, end) == expected
    # Offsets found by searching for each word's text, as ArticleWords does.
    assert fw._placed(text, fw._WORD.findall(text, start, end), start) == expected


def test_starts_decide_as_the_lexicon_lookup() -> None:
    lex = fw.lexicon("ar")
    ws = ["وقال", "قال", "الاتفاق", "في", "بيت", "وأكد"]
    for table, name in ((lex.verbs, "verbs"), (lex.any_trigger, "triggers"), (lex.place_before, "places")):
        expected = {w for w in ws if any(k in table for k in fw.keys_of(w, "ar"))}
        assert lex.starts.among(name, ws) == expected


def test_stages_share_an_article_words_and_a_new_text_gets_its_own() -> None:
    text = "وقال الوزير إن الاتفاق مهم."
    first = fw.article_words(text)
    assert fw.article_words(text) is first
    assert fw.article_words(text + " ") is not first
