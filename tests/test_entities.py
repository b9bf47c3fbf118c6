"""Entities: titles and roles, resolution inside an article, the record.

The rules and the resolution are tested through the stage's tagger seam
(``find_entities(doc, tagger=..., ru_finder=...)``) with small fake taggers,
never the exact output of the trained models (they change as they are
retrained); one smoke test runs the real stage on a sample article.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import NamedTuple

import pytest

from marsad.doc import Document, Span
from marsad.entities.lexicon import NAME_START, ROLE_START, lexicon
from marsad.entities.tokens import tokenize
from marsad.pipeline import DEFAULT_STAGES, Pipeline
from marsad.record import to_record
from marsad.segment import split_sentences
from marsad.stages import entities as stage
from marsad.stages.entities import find_entities

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


# -- helpers -----------------------------------------------------------------


def article(text: str, lang: str) -> Document:
    doc = Document(text=text, language=lang)
    doc.paragraphs = [Span(0, len(text), "paragraph", (("language", lang),))]
    doc.sentences = split_sentences(text, lang=lang)
    return doc


def gazetteer(names: dict[str, str]):
    """A fake tagger: tags the given names (longest first) wherever their
    tokens occur, the way a CRF trained on CoNLL data would."""
    phrases = sorted(((n.split(), t) for n, t in names.items()), key=lambda p: -len(p[0]))

    def tag(lang: str, sentences: list[list[str]]) -> list[list[str]]:
        out = []
        for tokens in sentences:
            tags = ["O"] * len(tokens)
            for words, type_ in phrases:
                for i in range(len(tokens) - len(words) + 1):
                    if tokens[i : i + len(words)] == words and set(tags[i : i + len(words)]) == {"O"}:
                        tags[i : i + len(words)] = [f"B-{type_}"] + [f"I-{type_}"] * (len(words) - 1)
            out.append(tags)
        return out

    return tag


NO_TAGS = gazetteer({})


def _has_arabic_model() -> bool:
    from marsad.ner.tagger import models_dir

    return (models_dir() / "ar.crf.npz").exists() and (models_dir() / "ar_profiles.tsv").exists()


# Whether a last name may stand alone reads the Arabic tagger's resources
# (word profiles, gazetteer) even when the test's fake tagger tags.
needs_arabic_model = pytest.mark.skipif(not _has_arabic_model(), reason="needs the packaged Arabic NER model and profiles")


class FakeRu(NamedTuple):
    start: int
    end: int
    type: str
    text: str
    normal: str
    parts: dict | None = None


def natasha_like(found: list[tuple[str, str, str]]):
    """A fake ru_finder: (surface, type, normal) found at every occurrence."""

    def find(text: str) -> list[FakeRu]:
        out: list[FakeRu] = []
        for surface, type_, normal in sorted(found, key=lambda f: -len(f[0])):
            for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
                if not any(e.start < m.end() and m.start() < e.end for e in out):
                    out.append(FakeRu(m.start(), m.end(), type_, surface, normal))
        return sorted(out)

    return find


def run(text: str, lang: str, names: dict[str, str] | None = None, ru=None):
    doc = article(text, lang)
    doc.entities = find_entities(doc, tagger=gazetteer(names or {}), ru_finder=ru or natasha_like([]))
    return doc


def person(doc: Document, name: str):
    found = [e for e in doc.entities if e.type == "PERSON" and e.name == name]
    assert len(found) == 1, [(e.type, e.name) for e in doc.entities]
    return found[0]


def entity(doc: Document, type_: str, name: str):
    found = [e for e in doc.entities if e.type == type_ and e.name == name]
    assert len(found) == 1, [(e.type, e.name) for e in doc.entities]
    return found[0]


def texts(doc: Document, e) -> list[str]:
    return [doc.text[m.start : m.end] for m in e.mentions]


def role_text(doc: Document, role) -> str:
    return doc.text[role.span.start : role.span.end]


def assert_offsets(doc: Document) -> None:
    record = to_record(doc)
    for e in record["entities"]:
        for m in e["mentions"]:
            assert doc.text[m["start"] : m["end"]] == m["text"]
            assert m["text"] == m["text"].strip() and m["text"]
        for r in e["roles"]:
            assert 0 <= r["start"] < r["end"] <= len(doc.text)


# -- Arabic roles --------------------------------------------------------------


AR_SHOUKRY = "استقبل وزير الخارجية المصري - سامح شكري في القاهرة وفدا تجاريا من روسيا يوم الأحد."


@pytest.mark.parametrize("names", [{}, {"سامح شكري": "PER", "القاهرة": "LOC"}])
def test_arabic_minister_with_dash(names):
    doc = run(AR_SHOUKRY, "ar", names)
    shoukry = person(doc, "سامح شكري")
    assert texts(doc, shoukry) == ["سامح شكري"]
    (role,) = shoukry.roles
    assert (role.title, role.country, role.org) == ("وزير الخارجية", "مصر", None)
    assert role_text(doc, role) == "وزير الخارجية المصري"
    egypt = entity(doc, "LOC", "مصر")
    assert texts(doc, egypt) == ["المصري"] and egypt.key == "LOC:مصر"
    assert_offsets(doc)


def test_arabic_president_found_by_the_title_rule():
    doc = run("وصل الرئيس التركي رجب طيب أردوغان إلى الدوحة مساء الاثنين في زيارة رسمية.", "ar")
    erdogan = person(doc, "رجب طيب أردوغان")
    assert [(r.title, r.country) for r in erdogan.roles] == [("الرئيس", "تركيا")]
    assert erdogan.key == "PERSON:رجب طيب اردوغان"  # folded alef
    assert texts(doc, entity(doc, "LOC", "تركيا")) == ["التركي"]


def test_arabic_tagger_span_with_the_title_is_cut_to_the_name():
    # a tagger that runs the name over the title and the adjective
    doc = run("وصل الرئيس التركي رجب طيب أردوغان إلى الدوحة.", "ar", {"التركي رجب طيب أردوغان": "PER"})
    erdogan = person(doc, "رجب طيب أردوغان")
    assert texts(doc, erdogan) == ["رجب طيب أردوغان"] and erdogan.roles


def test_arabic_prime_minister_keeps_a_nisba_surname():
    doc = run("وقال رئيس الوزراء العراقي - محمد شياع السوداني بالمناسبة إن الحكومة ماضية في الإصلاح.", "ar")
    sudani = person(doc, "محمد شياع السوداني")
    (role,) = sudani.roles
    assert (role.title, role.country) == ("رئيس الوزراء", "العراق")
    assert not [e for e in doc.entities if e.name == "السودان"]  # the surname is not Sudan


def test_arabic_spokesman_of_an_organization():
    doc = run("وقال المتحدث الرسمي باسم الكرملين - دميتري بيسكوف للصحفيين إن الموعد لم يحدد بعد.", "ar")
    peskov = person(doc, "دميتري بيسكوف")
    (role,) = peskov.roles
    assert (role.title, role.country, role.org) == ("المتحدث الرسمي", None, "الكرملين")
    assert role_text(doc, role) == "المتحدث الرسمي باسم الكرملين"
    kremlin = entity(doc, "ORG", "الكرملين")
    assert texts(doc, kremlin) == ["الكرملين"] and kremlin.key == "ORG:الكرملين"


def test_arabic_role_after_the_name():
    text = "وأكد سامح شكري، وزير الخارجية المصري، أن بلاده تدعم الحل السياسي."
    doc = run(text, "ar", {"سامح شكري": "PER"})
    (role,) = person(doc, "سامح شكري").roles
    assert (role.title, role.country) == ("وزير الخارجية", "مصر")


def test_arabic_national_ministry_takes_its_country():
    text = "وقالت المتحدثة باسم وزارة الخارجية الروسية ماريا زاخاروفا إن موسكو سترد على القرار."
    doc = run(text, "ar", {"موسكو": "LOC"})
    (role,) = person(doc, "ماريا زاخاروفا").roles
    assert (role.title, role.country, role.org) == ("المتحدثة", "روسيا", "وزارة الخارجية الروسية")
    ministry = entity(doc, "ORG", "وزارة الخارجية الروسية")
    assert ministry.key == "ORG:وزاره الخارجيه روسيا"
    assert texts(doc, entity(doc, "LOC", "روسيا")) == ["الروسية"]


def test_arabic_honorific_and_counterpart():
    text = "بحث الوزير الروسي مع نظيره السعودي الأمير فيصل بن فرحان ملفات التعاون الثنائي."
    doc = run(text, "ar")
    faisal = person(doc, "فيصل بن فرحان")
    assert [(r.title, r.country) for r in faisal.roles] == [("نظيره", "السعودية")]


def test_title_alone_is_not_a_mention():
    doc = run("وأضاف الوزير أن المحادثات ستستأنف الأسبوع المقبل في العاصمة.", "ar")
    assert doc.entities == []
    doc = run("The minister said the talks would resume next week.", "en")
    assert doc.entities == []


# -- names the data knows -------------------------------------------------------


AR_CAPITALS = (
    "وأشار مراقبون إلى أن أستانا وبيشكيك تسعيان إلى تنويع شراكاتهما في إطار "
    "منظمة معاهدة الأمن الجماعي، بينما قال وزير الخارجية إسرائيل كاتس إن جامعة موسكو ترحب."
)


def test_known_places_override_the_tagger_where_it_is_wrong():
    # the tagger's typical mistakes: a capital typed as a person, a person
    # run from a city into the verb, a truncated alliance
    doc = run(
        AR_CAPITALS,
        "ar",
        {"أستانا": "PER", "وبيشكيك تسعيان": "PER", "منظمة معاهدة الأمن": "ORG", "جامعة موسكو": "ORG"},
    )
    astana = entity(doc, "LOC", "أستانا")
    assert texts(doc, astana) == ["أستانا"]
    bishkek = entity(doc, "LOC", "بيشكيك")
    assert texts(doc, bishkek) == ["بيشكيك"]  # the conjunction is not part of it
    csto = entity(doc, "ORG", "منظمة معاهدة الأمن الجماعي")
    assert texts(doc, csto) == ["منظمة معاهدة الأمن الجماعي"]
    assert not [e for e in doc.entities if e.type == "PERSON" and "تسعيان" in e.name]
    # a tagger mention containing a known place stays whole
    assert texts(doc, entity(doc, "ORG", "جامعة موسكو")) == ["جامعة موسكو"]
    assert not [e for e in doc.entities if e.name == "موسكو"]
    assert_offsets(doc)


def test_a_country_does_not_cut_a_person_short():
    doc = run(AR_CAPITALS, "ar", {"إسرائيل كاتس": "PER"})
    katz = person(doc, "إسرائيل كاتس")
    assert [r.title for r in katz.roles] == ["وزير الخارجية"]
    assert not [e for e in doc.entities if e.name == "إسرائيل"]
    # a country that is no one's given name stays the office's country
    text = "والتقى رئيس وزراء قيرغيزستان عادل بيك قاسم علييف أمس."
    doc = run(text, "ar", {"قيرغيزستان عادل بيك قاسم علييف": "PER"})
    kasymaliev = person(doc, "عادل بيك قاسم علييف")
    assert [(r.title, r.country) for r in kasymaliev.roles] == [("رئيس الوزراء", "قرغيزستان")]  # one title however written


@pytest.mark.parametrize("tagged", [{"جورجيا": "LOC", "ميلوني": "PER", "إسرائيل": "LOC"}, {}])
def test_a_country_that_is_a_given_name_after_a_nationality(tagged):
    text = (
        "بحثت رئيسة الوزراء الإيطالية جورجيا ميلوني في روما ملف الهجرة. وقال رئيس وزراء جورجيا إيراكلي "
        "كوباخيدزه إن بلاده مستعدة. وقال وزير الخارجية الإسرائيلي إسرائيل كاتس إن الاتفاق قريب."
    )
    doc = run(text, "ar", dict(tagged, **{"إيراكلي كوباخيدزه": "PER"}))
    meloni = person(doc, "جورجيا ميلوني")
    assert [(r.title, r.country) for r in meloni.roles] == [("رئيسة الوزراء", "إيطاليا")]
    kobakhidze = person(doc, "إيراكلي كوباخيدزه")
    assert [(r.title, r.country) for r in kobakhidze.roles] == [("رئيس الوزراء", "جورجيا")]
    katz = person(doc, "إسرائيل كاتس")
    assert [(r.title, r.country) for r in katz.roles] == [("وزير الخارجية", "إسرائيل")]


DUALS = (
    "وعقد الرئيسان الروسي فلاديمير بوتين والكازاخستاني قاسم جومارت توكاييف محادثات في موسكو. "
    "كما التقى وزيرا خارجية روسيا سيرغي لافروف وكازاخستان مراد نورتليو في المساء. "
    "وجرى لقاء بين الرئيسين الروسي والأمريكي."
)


@pytest.mark.parametrize(
    "tagged", [{"فلاديمير بوتين": "PER", "قاسم جومارت توكاييف": "PER", "وكازاخستان": "LOC"}, {}]
)
def test_two_holders_of_one_office_each_with_a_country(tagged):
    doc = run(DUALS, "ar", tagged)
    expected = {
        "فلاديمير بوتين": ("الرئيس", "روسيا"),
        "قاسم جومارت توكاييف": ("الرئيس", "كازاخستان"),
        "سيرغي لافروف": ("وزير الخارجية", "روسيا"),
        "مراد نورتليو": ("وزير الخارجية", "كازاخستان"),
    }
    for name, role in expected.items():
        assert [(r.title, r.country) for r in person(doc, name).roles] == [role]
    assert texts(doc, entity(doc, "LOC", "كازاخستان")) == ["الكازاخستاني", "كازاخستان"]
    assert len([e for e in doc.entities if e.type == "PERSON"]) == 4  # "بين الرئيسين" names no one
    assert_offsets(doc)


@pytest.mark.parametrize("tagged", [{"محمد بن عبد العزيز الخليفي": "PER", "جيورجي بوريسينكو": "PER"}, {}])
def test_offices_in_a_city_and_security_titles(tagged):
    text = (
        "وصرح السفير الروسي في القاهرة جيورجي بوريسينكو بأن التنسيق مستمر. "
        "وأشار وزير الدولة للشؤون الخارجية القطري محمد بن عبد العزيز الخليفي إلى أن الدوحة تدعم المبادرات. "
        "وبحث أمين مجلس الأمن الروسي سيرغي شويغو مع الوفد الأمر، وقالت نائبة رئيس الوزراء الطاجيكية "
        "ماتلوبا سعيد زاده إنه مهم."
    )
    doc = run(text, "ar", tagged)
    roles = {
        "سيرغي شويغو": ("أمين مجلس الأمن", "روسيا"),
        "ماتلوبا سعيد زاده": ("نائبة رئيس الوزراء", "طاجيكستان"),
    }
    if tagged:
        # the title rule alone ends a name after "بن X" ("محمد بن عبد العزيز"),
        # and after an office in a city takes only a name the tagger found
        roles["محمد بن عبد العزيز الخليفي"] = ("وزير الدولة للشؤون الخارجية", "قطر")
        roles["جيورجي بوريسينكو"] = ("السفير", "روسيا")
    else:
        assert not [e for e in doc.entities if "بوريسينكو" in e.name]
    for name, role in roles.items():
        assert [(r.title, r.country) for r in person(doc, name).roles] == [role]
    assert texts(doc, entity(doc, "LOC", "القاهرة")) == ["القاهرة"]


def test_review_cases_of_the_names_pass():
    # a proclitic with its marks: the span starts at the name's first letter
    doc = run("وصل الوفد وَبِموسكو أمس.", "ar")
    assert texts(doc, entity(doc, "LOC", "موسكو")) == ["موسكو"]
    # a run-on over "و" is cut: what follows the known name stays
    doc = run("تعول موسكو وفيلادلفيا على الاتفاق.", "ar", {"موسكو وفيلادلفيا": "LOC"})
    assert texts(doc, entity(doc, "LOC", "فيلادلفيا")) == ["فيلادلفيا"]
    entity(doc, "LOC", "موسكو")
    # a person that starts with a city is a name ("باريس هيلتون")
    doc = run("شاهدت باريس هيلتون الحفل.", "ar", {"باريس هيلتون": "PER"})
    person(doc, "باريس هيلتون")
    # a dual office no one holds here leaves the places as they were
    doc = run("التقى وزيرا خارجية روسيا وكازاخستان في موسكو.", "ar", {"روسيا": "LOC", "وكازاخستان": "LOC"})
    for place in ("روسيا", "كازاخستان", "موسكو"):
        entity(doc, "LOC", place)
    # an envoy to a region: the title rule still finds the name
    doc = run("التقى مبعوث الأمم المتحدة إلى الشرق الأوسط تور وينسلاند بالوزير.", "ar")
    assert [r.org for r in person(doc, "تور وينسلاند").roles] == ["الأمم المتحدة"]
    # after a quoted organization the name follows the closing quote; an opening
    # quote after an organization is speech, no name
    doc = run('وقال رئيس "نينتندو" شونتارو فوروكاوا إن الشركة ستطلق جهازا.', "ar", {"نينتندو": "MISC"})
    entity(doc, "ORG", "نينتندو")
    assert [(r.title, r.org) for r in person(doc, "شونتارو فوروكاوا").roles] == [("رئيس", "نينتندو")]
    doc = run("وقال نائب المتحدث باسم الخارجية الأمريكية «استغلال الأطفال جريمة» أمس.", "ar")
    assert not [e for e in doc.entities if e.type == "PERSON"]


AR_NAMED_AFTER = (
    "هبطت الطائرة في مطار الملك فهد الدولي بالدمام، ونقل المصابون لمستشفى الملك فيصل التخصصي "
    "ثم إلى حديقة الأمير عبدالعزيز بن محمد بن عياف فعاليات العيد. وقال الملك سلمان بن عبدالعزيز إن العمل مستمر."
)


@pytest.mark.parametrize("names", [{}, {"فهد الدولي": "PER", "فيصل": "PER", "سلمان بن عبدالعزيز": "PER"}])
def test_a_royal_title_after_an_airport_or_a_hospital_names_the_place(names):
    doc = run(AR_NAMED_AFTER, "ar", names)
    assert texts(doc, entity(doc, "LOC", "مطار الملك فهد الدولي")) == ["مطار الملك فهد الدولي"]
    assert texts(doc, entity(doc, "ORG", "مستشفى الملك فيصل التخصصي")) == ["مستشفى الملك فيصل التخصصي"]
    # particles carry the name on; the words after it are not part of it
    entity(doc, "LOC", "حديقة الأمير عبدالعزيز بن محمد بن عياف")
    people = {e.name: e for e in doc.entities if e.type == "PERSON"}
    assert set(people) == {"سلمان بن عبدالعزيز"}, people  # the king who speaks, not the airport's
    assert [r.title for r in people["سلمان بن عبدالعزيز"].roles] == ["الملك"]
    assert_offsets(doc)


def test_an_office_in_his_office_is_no_institution():
    doc = run("وقال في مكتبه العقيد عمر الزهراني إن العمل مستمر.", "ar")
    assert [r.title for r in person(doc, "عمر الزهراني").roles] == ["العقيد"]


def test_a_sports_body_is_not_the_union_its_name_starts_with():
    doc = run("صار الطريق ممهدا أمام ميشال بلاتيني رئيس الاتحاد الأوروبي لكرة القدم لخلافة بلاتر.", "ar", {"ميشال بلاتيني": "PER"})
    assert not [e for e in doc.entities if e.name == "الاتحاد الأوروبي"]
    entity(doc, "ORG", "الاتحاد الأوروبي لكرة القدم")
    assert not [e for e in doc.entities if e.type == "PERSON" and "القدم" in e.name]


def test_currencies_and_the_name_of_god_are_no_entities():
    text = "وبلغت قيمة الصفقة 8.7 مليار دولار و300 مليون ريال، والحمد لله على ذلك. وقال عبدالله الراشد إن الدولار ارتفع."
    doc = run(text, "ar", {"دولار": "MISC", "ريال": "MISC", "الدولار": "MISC", "لله": "MISC", "عبدالله الراشد": "PER"})
    assert {(e.type, e.name) for e in doc.entities} == {("PERSON", "عبدالله الراشد")}


def test_platforms_are_organizations_and_a_count_is_no_name():
    text = "وكتب على حسابه في تويتر وفيس بوك أن أحمد نظيف رئيس وزراء مصر الأسبق خمس سنوات في السجن."
    doc = run(text, "ar", {"تويتر": "LOC"})
    entity(doc, "ORG", "تويتر")
    entity(doc, "ORG", "فيسبوك")
    assert not [e for e in doc.entities if "سنوات" in e.name]


@needs_arabic_model
def test_a_common_word_ending_a_false_name_does_not_stand_for_it_later():
    text = (
        "وتقدم الشركة خدمات استشارات الضرائب للمستثمرين. وارتفعت الضرائب هذا العام. "
        "وقال عبدالرحمن الشهري إن العمل مستمر، وأضاف الشهري أن النتائج جيدة."
    )
    doc = run(text, "ar", {"خدمات استشارات الضرائب": "PER", "عبدالرحمن الشهري": "PER"})
    # the false name loses its common last word, which never stands for it later
    assert "الضرائب" not in {doc.text[m.start : m.end] for e in doc.entities for m in e.mentions}
    assert texts(doc, person(doc, "عبدالرحمن الشهري")) == ["عبدالرحمن الشهري", "الشهري"]


def test_a_tagged_person_sheds_a_function_word_in_front_and_a_blessing_behind():
    text = "فإن أوباما سيغادر غدا. وقال الأمير صباح الأحمد إن سنة نبيه محمد صلى الله عليه وسلم واضحة، وزارت أم فهد السوق."
    names = {"فإن أوباما": "PER", "صباح الأحمد": "PER", "محمد صلى": "PER", "أم فهد": "PER"}
    doc = run(text, "ar", names)
    assert {e.name for e in doc.entities if e.type == "PERSON"} == {"أوباما", "صباح الأحمد", "محمد", "أم فهد"}
    assert_offsets(doc)


def test_saudi_regions_and_the_suez_canal_are_places_and_governors_hold_them():
    text = "افتتح الرئيس المصري قناة السويس الجديدة. وقال أمير المنطقة الشرقية سعود بن نايف إن العمل مستمر في الأحساء. أمير عسير يدشن مهرجان أبها."
    doc = run(text, "ar", {"السويس الجديدة": "ORG", "سعود بن نايف": "PER"})
    entity(doc, "LOC", "قناة السويس الجديدة")
    saud = person(doc, "سعود بن نايف")
    assert [(r.title, r.country, r.place) for r in saud.roles] == [("أمير", None, "المنطقة الشرقية")]
    assert {"الأحساء", "عسير", "أبها"} <= {e.name for e in doc.entities if e.type == "LOC"}
    assert not [e for e in doc.entities if e.type == "PERSON" and "يدشن" in e.name]


def test_the_custodian_title_goes_to_the_king_and_prince_turki_is_no_turk():
    text = (
        "وبعث خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز برقية. وثمن خادم الحرمين الشريفين ودعمه الدائم للقطاع. "
        "واستقبل الأمير تركي الفيصل الوفد. وقال سفير خادم الحرمين الشريفين لدى الأردن الدكتور سامي الصالح إن العلاقات قوية."
    )
    names = {"سلمان بن عبدالعزيز": "PER", "خادم الحرمين الشريفين": "PER", "سامي الصالح": "PER", "تركي الفيصل": "PER"}
    doc = run(text, "ar", names)
    assert [r.title for r in person(doc, "سلمان بن عبدالعزيز").roles] == ["خادم الحرمين الشريفين"]
    assert [(r.title, r.country) for r in person(doc, "تركي الفيصل").roles] == [("الأمير", None)]
    assert ("سفير خادم الحرمين الشريفين", "الأردن") in [(r.title, r.country) for r in person(doc, "سامي الصالح").roles]
    assert {e.name for e in doc.entities if e.type == "PERSON"} == {"سلمان بن عبدالعزيز", "تركي الفيصل", "سامي الصالح"}
    assert "تركيا" not in {e.name for e in doc.entities}


@needs_arabic_model
def test_a_feminine_adjective_ending_a_false_name_does_not_stand_for_it_later():
    text = "وقالت آنا بيت أستاذة المالية إن الأسواق هادئة. وأعلن وزير المالية البريطاني خطة جديدة."
    doc = run(text, "ar", {"آنا بيت أستاذة المالية": "PER"})
    assert texts(doc, person(doc, "آنا بيت أستاذة")) == ["آنا بيت أستاذة"]  # a common word ends no name
    assert "المالية" not in {doc.text[m.start : m.end] for e in doc.entities for m in e.mentions}


def test_forces_and_police_are_organizations_not_people():
    text = "دعا 42 من قادة قوات البيشمركة الأطراف السياسية. وقال مدير شرطة المنطقة إن العمل مستمر. وقاتلت قوات الطوارئ الخاصة."
    doc = run(text, "ar", {"قوات الطوارئ الخاصة": "PER"})
    assert not [e for e in doc.entities if e.type == "PERSON"], [(e.type, e.name) for e in doc.entities]
    entity(doc, "ORG", "قوات الطوارئ الخاصة")


@pytest.mark.parametrize(
    ("lang", "text", "names", "ru", "person_name", "country"),
    [
        ("ar", "وقال رئيس الوزراء اليوناني أليكسيس تسيبراس إن الاتفاق قريب.", {"أليكسيس تسيبراس": "PER"}, None,
         "أليكسيس تسيبراس", "اليونان"),
        ("en", "Polish President Andrzej Duda met the press.", {"Andrzej Duda": "PER"}, None, "Andrzej Duda", "Poland"),
        ("ru", "Президент Польши Анджей Дуда прибыл в Варшаву.", {}, [("Анджей Дуда", "PER", "Анджей Дуда")],
         "Анджей Дуда", "Польша"),
    ],
)
def test_more_countries_give_offices_their_country(lang, text, names, ru, person_name, country):
    doc = run(text, lang, names, ru=natasha_like(ru) if ru else None)
    assert [r.country for r in person(doc, person_name).roles] == [country]


@pytest.mark.parametrize(
    ("lang", "text", "names", "ru", "person_name", "title", "place"),
    [
        ("ru", "Мэр Москвы Сергей Собянин открыл станцию.", {}, [("Сергей Собянин", "PER", "Сергей Собянин")],
         "Сергей Собянин", "мэр", "Москва"),
        ("ru", "Губернатор Астраханской области Игорь Бабушкин провел встречи.", {},
         [("Астраханской области", "LOC", "Астраханская область"), ("Игорь Бабушкин", "PER", "Игорь Бабушкин")],
         "Игорь Бабушкин", "губернатор", "Астраханская область"),
        ("ar", "وقال عمدة موسكو سيرغي سوبيانين إن المحطة جاهزة.", {"سيرغي سوبيانين": "PER"}, None,
         "سيرغي سوبيانين", "عمدة", "موسكو"),
        ("en", "The Egyptian ambassador in Moscow, Hamdi Shaaban, said tourism was recovering.",
         {"Hamdi Shaaban": "PER"}, None, "Hamdi Shaaban", "ambassador", "Moscow"),
    ],
)
def test_a_city_or_region_an_office_belongs_to_is_its_place_not_its_country(lang, text, names, ru, person_name, title, place):
    doc = run(text, lang, names, ru=natasha_like(ru) if ru else None)
    role = person(doc, person_name).roles[0]
    assert (role.title, role.place) == (title, place)
    assert role.country != place
    assert role.as_dict()["place"] == place


def test_and_before_an_office_starts_no_name():
    text = "والتقى نائب رئيس وزراء روسيا ونائب المستشارة الألمانية في برلين."
    doc = run(text, "ar")
    assert not [e for e in doc.entities if e.type == "PERSON"], [(e.type, e.name) for e in doc.entities]


def test_russian_spokesman_of_a_named_president():
    text = "Пресс-секретарь президента России Владимира Путина Дмитрий Песков заявил, что встреча состоится."
    ru = natasha_like([("Владимира Путина", "PER", "Владимир Путин"), ("Дмитрий Песков", "PER", "Дмитрий Песков")])
    doc = run(text, "ru", ru=ru)
    assert [(r.title, r.country) for r in person(doc, "Владимир Путин").roles] == [("президент", "Россия")]
    assert [(r.title, r.country) for r in person(doc, "Дмитрий Песков").roles] == [("пресс-секретарь президента", "Россия")]
    adviser = run("Советник президента России Юрий Ушаков сообщил о визите.", "ru",
                  ru=natasha_like([("Юрий Ушаков", "PER", "Юрий Ушаков")]))
    assert [r.title for r in person(adviser, "Юрий Ушаков").roles] == ["советник президента"]


def test_english_people_shed_a_sentence_opener_and_a_contraction_and_companies_are_organizations():
    text = "While Google announced the deal, Andrew doesn't agree. To LeBron James this was new."
    names = {"While Google": "PER", "Andrew doesn't": "PER", "To LeBron James": "PER"}
    doc = run(text, "en", names)
    assert {e.name for e in doc.entities if e.type == "PERSON"} == {"Andrew", "LeBron James"}
    entity(doc, "ORG", "Google")


def test_a_person_after_a_hospital_or_school_word_names_the_institution():
    text = "ونقل المصابون إلى مستشفى عسير المركزي، ودرس في مدرسة عمر بن الخطاب بجدة."
    doc = run(text, "ar", {"عسير المركزي": "PER", "عمر بن الخطاب": "PER"})
    assert texts(doc, entity(doc, "ORG", "مستشفى عسير المركزي")) == ["مستشفى عسير المركزي"]
    entity(doc, "ORG", "مدرسة عمر بن الخطاب")
    assert not [e for e in doc.entities if e.type == "PERSON"]
    assert_offsets(doc)


def test_review_cases_of_the_gulf_news_rules():
    # "عن طريق" is "via": no road, and the prince stays a person
    doc = run("وتم تسليم الجوائز عن طريق الأمير خالد الفيصل أمير منطقة مكة.", "ar", {"خالد الفيصل": "PER"})
    assert not [e for e in doc.entities if e.type == "LOC" and "طريق" in e.name]
    person(doc, "خالد الفيصل")
    # a one-word extension takes no more than itself; the name after stays a person
    doc = run("وقال رئيس الاتحاد الأوروبي للسباحة حسين المسلم إن البطولة ناجحة.", "ar", {"حسين المسلم": "PER"})
    assert texts(doc, entity(doc, "ORG", "الاتحاد الأوروبي للسباحة")) == ["الاتحاد الأوروبي للسباحة"]
    person(doc, "حسين المسلم")
    # the organization's mention covers its whole name inside a role phrase
    doc = run("صار الطريق ممهدا أمام ميشال بلاتيني رئيس الاتحاد الأوروبي لكرة القدم لخلافة بلاتر.", "ar", {"ميشال بلاتيني": "PER"})
    assert texts(doc, entity(doc, "ORG", "الاتحاد الأوروبي لكرة القدم")) == ["الاتحاد الأوروبي لكرة القدم"]
    assert_offsets(doc)
    # a given name after an honorific with a proclitic
    doc = run("وقدم الشكر للأمير تركي الفيصل على دعمه.", "ar", {"تركي الفيصل": "PER"})
    assert "تركيا" not in {e.name for e in doc.entities}
    # "كين" is no currency behind a proclitic
    doc = run("سجل هاري كين هدفين. وقال كين إن الفوز مهم.", "ar", {"هاري كين": "PER", "كين": "PER"})
    assert texts(doc, person(doc, "هاري كين")) == ["هاري كين", "كين"]


def test_review_cases_in_russian_and_english():
    ru = natasha_like([("Также Сергей Лавров", "PER", "Также Сергей Лавров"), ("МОСКВА", "LOC", "Москва")])
    doc = run("МОСКВА, 5 мая. Также Сергей Лавров заявил о переговорах.", "ru", ru=ru)
    assert {e.name for e in doc.entities if e.type == "LOC"} == {"Москва"}
    (lavrov,) = [e for e in doc.entities if e.type == "PERSON"]
    assert lavrov.name == "Также Сергей Лавров" and texts(doc, lavrov) == ["Также Сергей Лавров"]  # natasha's, whole
    doc = run("Edward Said wrote Orientalism.", "en", {"Edward Said": "PER"})
    person(doc, "Edward Said")


def test_ranks_with_rukn_and_a_preposition_before_a_stopword():
    doc = run("وقال اللواء الركن حمد بن علي العطية إن القوات جاهزة. وأوضح المدير التنفيذي لسوق عكاظ الدكتور راشد الغامدي أن العمل مستمر.", "ar",
              {"حمد بن علي العطية": "PER", "راشد الغامدي": "PER"})
    assert [r.title for r in person(doc, "حمد بن علي العطية").roles] == ["اللواء الركن"]
    assert not [e for e in doc.entities if e.type == "PERSON" and "عكاظ" in e.name]
    person(doc, "راشد الغامدي")


def test_an_organization_after_li_plus_article_joins_its_plain_form():
    text = "وقال متحدث للخطوط الجوية العربية السعودية إن الرحلات مستمرة، وأعلنت الخطوط الجوية العربية السعودية موعدا جديدا."
    names = {"للخطوط الجوية العربية السعودية": "ORG", "الخطوط الجوية العربية السعودية": "ORG"}
    doc = run(text, "ar", names)
    airline = entity(doc, "ORG", "الخطوط الجوية العربية السعودية")
    assert texts(doc, airline) == ["للخطوط الجوية العربية السعودية", "الخطوط الجوية العربية السعودية"]


def test_a_proclitic_comes_off_a_name_named_elsewhere_without_it():
    text = "وفاز الفريق بالفيفا، وقالت الفيفا إن البطولة ناجحة، وتقع كاليفورنيا غربا."
    doc = run(text, "ar", {"بالفيفا": "ORG", "الفيفا": "ORG", "كاليفورنيا": "LOC"})
    assert texts(doc, entity(doc, "ORG", "الفيفا")) == ["الفيفا", "الفيفا"]
    assert texts(doc, entity(doc, "LOC", "كاليفورنيا")) == ["كاليفورنيا"]  # no كـ + اليفورنيا


def test_known_names_of_a_capitalized_language_are_capitalized():
    doc = run("We had turkey and china plates in Turkey.", "en")
    assert texts(doc, entity(doc, "LOC", "Turkey")) == ["Turkey"]
    assert not [e for e in doc.entities if e.name == "China"]


def test_known_places_are_found_without_a_tagger_and_join_their_spellings():
    doc = run("زار الوفد أستانة ثم نور سلطان قبل أن يصل إلى طشقند وسمرقند.", "ar")
    astana = entity(doc, "LOC", "أستانا")
    assert texts(doc, astana) == ["أستانة", "نور سلطان"]
    assert texts(doc, entity(doc, "LOC", "سمرقند")) == ["سمرقند"]
    entity(doc, "LOC", "طشقند")


def test_words_that_are_also_common_nouns_are_not_places():
    doc = run("ولد في مسقط رأسه وقال لجدة أطفاله كيف حاله.", "ar")
    assert doc.entities == []


def test_a_title_before_a_quoted_organization_reaches_the_name():
    text = 'كما استقبل الرئيس في طشقند رئيس شركة "روس آتوم" أليكسي ليخاتشوف لمناقشة بناء محطة.'
    doc = run(text, "ar", {"روس آتوم": "ORG", "أليكسي ليخاتشوف": "PER"})
    likhachev = person(doc, "أليكسي ليخاتشوف")
    assert [(r.title, r.org) for r in likhachev.roles] == [("رئيس شركة", "روساتوم")]  # the data's name


def test_a_city_the_tagger_took_for_an_organization_is_a_place_unless_a_club_or_paper():
    doc = run("وفاز نادي روما على ضيفه، ونقلت صحيفة «الرياض» الخبر.", "ar", {"روما": "ORG", "الرياض": "LOC"})
    assert texts(doc, entity(doc, "ORG", "روما")) == ["روما"]  # the club
    assert texts(doc, entity(doc, "ORG", "الرياض")) == ["الرياض"]  # the paper
    # capitals standing for their governments are places, each its own
    doc = run("فيما تعول روما ومينسك ودوشنبه على الاتفاق.", "ar", {"روما ومينسك ودوشنبه": "ORG"})
    for city in ("روما", "مينسك", "دوشنبه"):
        assert texts(doc, entity(doc, "LOC", city)) == [city]


def test_a_name_quoted_after_channel_is_an_organization():
    doc = run('وقالت زاخاروفا في تصريح لقناة "آر تي" إن موسكو ترحب.', "ar", {"آر تي": "PER"})
    entity(doc, "ORG", "آر تي")
    assert not [e for e in doc.entities if e.type == "PERSON" and e.name == "آر تي"]


def test_a_national_institution_with_its_country_is_found_anywhere():
    doc = run("وقال بيان لوزارة الدفاع الروسية إن الحكومة ستدرس الأمر.", "ar")
    ministry = entity(doc, "ORG", "وزارة الدفاع الروسية")
    assert texts(doc, ministry) == ["وزارة الدفاع الروسية"]
    assert texts(doc, entity(doc, "LOC", "روسيا")) == ["الروسية"]
    # without its country an institution is every country's: not an entity
    assert not [e for e in doc.entities if "الحكومة" in e.name]


def test_the_article_of_a_national_institution_after_li_is_restored_in_its_name():
    doc = run("وقال مصدر للجيش التركي إن القوات تقدمت.", "ar")
    assert [e.name for e in doc.entities if e.type == "ORG"] == ["الجيش التركي"]


def test_ali_is_a_name_although_its_key_is_the_preposition():
    doc = run("وحضر اللقاء وزير الخارجية علي أصغر خاجي أمس.", "ar")
    assert [r.title for r in person(doc, "علي أصغر خاجي").roles] == ["وزير الخارجية"]


def test_a_compound_name_keeps_its_end_and_a_woman_her_office():
    text = "وأكد مفتي تتارستان كامل سميع الله، وقالت رئيسة مجلس الاتحاد الروسي فالنتينا ماتفيينكو إن المنتدى مهم."
    doc = run(text, "ar", {"الله": "MISC"})
    assert [r.title for r in person(doc, "كامل سميع الله").roles] == ["مفتي"]
    assert not [e for e in doc.entities if e.name == "الله"]
    matviyenko = person(doc, "فالنتينا ماتفيينكو")
    assert [(r.title, r.country) for r in matviyenko.roles] == [("رئيسة مجلس الاتحاد", "روسيا")]


def test_an_envoy_to_a_country_and_a_quoted_company_after_an_office():
    text = 'والتقى المبعوث الخاص للرئيس الروسي إلى سوريا ألكسندر لافرنتييف رئيس "نينتندو" أمس.'
    doc = run(text, "ar", {"ألكسندر لافرنتييف": "PER", "نينتندو": "MISC"})
    envoy = person(doc, "ألكسندر لافرنتييف")
    assert [(r.title, r.country) for r in envoy.roles] == [("المبعوث الخاص للرئيس", "روسيا")]
    entity(doc, "LOC", "سوريا")
    # a quoted name after an office is what the office heads, not a person
    entity(doc, "ORG", "نينتندو")


# -- Russian and English roles -------------------------------------------------


RU_FIDAN = (
    "Министр иностранных дел Турции Хакан Фидан прибыл в Москву на переговоры. "
    "В аэропорту Фидана встретили дипломаты. Позже Фидан заявил журналистам, что визит важен."
)


def test_russian_minister_with_genitive_country():
    ru = natasha_like([("Хакан Фидан", "PER", "Хакан Фидан"), ("Фидан", "PER", "Фидан"),
                       ("Фидана", "PER", "Фидан"), ("Турции", "LOC", "Турция")])
    doc = run(RU_FIDAN, "ru", ru=ru)
    fidan = person(doc, "Хакан Фидан")
    (role,) = fidan.roles
    assert (role.title, role.country, role.org) == ("министр иностранных дел", "Турция", None)
    assert role_text(doc, role) == "Министр иностранных дел Турции"
    assert texts(doc, fidan) == ["Хакан Фидан", "Фидана", "Фидан"]  # the lemma joins
    assert fidan.key == "PERSON:хакан фидан"
    turkey = entity(doc, "LOC", "Турция")
    assert texts(doc, turkey) == ["Турции"] and turkey.key == "LOC:турция"
    assert_offsets(doc)


def test_russian_untagged_case_forms_join_by_last_name():
    # natasha found only the full name: "Фидана" and "Фидан" are found by the
    # last name and its case endings, and resolved to the lemma
    doc = run(RU_FIDAN, "ru")  # no natasha at all: the title rule finds the name
    fidan = person(doc, "Хакан Фидан")
    assert texts(doc, fidan) == ["Хакан Фидан", "Фидана", "Фидан"]


def test_russian_inflected_title_and_kremlin():
    text = "Об этом сообщил пресс-секретарём Кремля Дмитрий Песков. Встреча с главой МИД России Сергеем Лавровым прошла в пятницу."
    ru = natasha_like([("Дмитрий Песков", "PER", "Дмитрий Песков"), ("Сергеем Лавровым", "PER", "Сергей Лавров")])
    doc = run(text, "ru", ru=ru)
    (role,) = person(doc, "Дмитрий Песков").roles
    assert (role.title, role.org) == ("пресс-секретарь", "Кремль")
    (role,) = person(doc, "Сергей Лавров").roles
    assert (role.title, role.country, role.org) == ("глава", "Россия", "МИД России")
    assert entity(doc, "ORG", "Кремль").key == "ORG:кремль"


EN_SAFADI = (
    "Jordan's Foreign Minister Ayman Safadi arrived in Moscow on Tuesday. "
    "Safadi told reporters the talks were useful. "
    "Ayman Safadi, Jordan's foreign minister, left the next day."
)


@pytest.mark.parametrize("names", [{}, {"Ayman Safadi": "PER", "Safadi": "PER", "Jordan": "LOC", "Moscow": "LOC"}])
def test_english_possessive_country(names):
    doc = run(EN_SAFADI, "en", names)
    safadi = person(doc, "Ayman Safadi")
    assert [(r.title, r.country) for r in safadi.roles] == [("foreign minister", "Jordan")]
    assert role_text(doc, safadi.roles[0]) == "Jordan's Foreign Minister"
    assert texts(doc, safadi) == ["Ayman Safadi", "Safadi", "Ayman Safadi"]
    jordan = entity(doc, "LOC", "Jordan")
    assert texts(doc, jordan) == ["Jordan", "Jordan"]  # without the "'s"
    assert safadi.key == "PERSON:ayman safadi" and jordan.key == "LOC:jordan"
    assert_offsets(doc)


def test_english_demonym_and_organization_before_the_title():
    text = "Turkish President Recep Tayyip Erdogan spoke to Kremlin spokesman Dmitry Peskov by phone."
    doc = run(text, "en")
    assert [(r.title, r.country) for r in person(doc, "Recep Tayyip Erdogan").roles] == [("president", "Turkey")]
    assert [(r.title, r.org) for r in person(doc, "Dmitry Peskov").roles] == [("spokesman", "Kremlin")]


def test_english_country_tagged_as_a_person_is_a_place():
    doc = run("Officials from Qatar met in Doha on Wednesday.", "en", {"Qatar": "PER", "Doha": "LOC"})
    assert entity(doc, "LOC", "Qatar").key == "LOC:qatar"


# -- resolution ----------------------------------------------------------------


AR_STORY = (
    "التقى وزير الخارجية المصري سامح شكري في موسكو نظيره الروسي سيرغي لافروف. "
    "وقال شكري إن البلدين متفقان على أولوية التهدئة. "
    "ورد لافروف بأن موسكو ترحب بالمبادرة، وشكري أكد بدوره استمرار التنسيق."
)


def test_arabic_later_mentions_with_clitics_join_the_full_name():
    names = {"سامح شكري": "PER", "سيرغي لافروف": "PER", "شكري": "PER", "موسكو": "LOC"}
    doc = run(AR_STORY, "ar", names)
    shoukry = person(doc, "سامح شكري")
    assert texts(doc, shoukry) == ["سامح شكري", "شكري", "شكري"]  # "وشكري" without its و
    last = shoukry.mentions[-1]
    assert doc.text[last.start - 1] == "و"
    lavrov = person(doc, "سيرغي لافروف")
    assert texts(doc, lavrov) == ["سيرغي لافروف", "لافروف"]
    # the counterpart of the foreign minister just named holds his office
    assert [(r.title, r.country) for r in lavrov.roles] == [("وزير الخارجية", "روسيا")]
    assert [role_text(doc, r) for r in lavrov.roles] == ["نظيره الروسي"]
    moscow = entity(doc, "LOC", "موسكو")
    assert len(moscow.mentions) == 2
    assert_offsets(doc)


def test_tagged_clitic_form_is_trimmed():
    doc = run(AR_STORY, "ar", {"سامح شكري": "PER", "وشكري": "PER"})
    assert texts(doc, person(doc, "سامح شكري"))[-1] == "شكري"


def test_namesakes_stay_apart():
    text = (
        "استقبل رئيس الوزراء الباكستاني شهباز شريف في إسلام آباد الوفد الزائر. "
        "وكان شقيقه نواز شريف قد ترأس الحكومة ثلاث مرات. "
        "وقال شريف إن الزيارة ناجحة."
    )
    doc = run(text, "ar", {"شهباز شريف": "PER", "نواز شريف": "PER", "شريف": "PER"})
    shehbaz, nawaz = person(doc, "شهباز شريف"), person(doc, "نواز شريف")
    assert shehbaz.key != nawaz.key
    assert [(r.title, r.country) for r in shehbaz.roles] == [("رئيس الوزراء", "باكستان")]
    assert nawaz.roles == []
    # the bare last name joins the one mentioned most recently before it
    assert texts(doc, nawaz) == ["نواز شريف", "شريف"] and texts(doc, shehbaz) == ["شهباز شريف"]


def test_bare_name_before_two_namesakes_stays_its_own():
    text = (
        "Aliyev opened the forum in Baku. President Ilham Aliyev spoke first. "
        "A portrait of Heydar Aliyev hung in the hall."
    )
    doc = run(text, "en", {"Aliyev": "PER", "Ilham Aliyev": "PER", "Heydar Aliyev": "PER"})
    assert person(doc, "Ilham Aliyev").key != person(doc, "Heydar Aliyev").key
    assert texts(doc, person(doc, "Aliyev")) == ["Aliyev"]


def test_bare_name_before_the_full_name_joins_it():
    text = "Lavrov arrived in Cairo on Sunday. Russian Foreign Minister Sergei Lavrov met Egyptian officials."
    doc = run(text, "en", {"Lavrov": "PER", "Sergei Lavrov": "PER"})
    lavrov = person(doc, "Sergei Lavrov")
    assert texts(doc, lavrov) == ["Lavrov", "Sergei Lavrov"] and lavrov.id == "e1"


def test_shortened_full_name_joins():
    text = "الرئيس التركي رجب طيب أردوغان يزور الدوحة. وقال رجب أردوغان في المطار إن العلاقات متينة."
    doc = run(text, "ar", {"رجب طيب أردوغان": "PER", "رجب أردوغان": "PER"})
    assert texts(doc, person(doc, "رجب طيب أردوغان")) == ["رجب طيب أردوغان", "رجب أردوغان"]


# -- record, stage, data ---------------------------------------------------------


def test_record_shape():
    doc = run(EN_SAFADI, "en", {"Moscow": "LOC"})
    record = to_record(doc)
    assert [e["id"] for e in record["entities"]] == [f"e{i}" for i in range(1, len(record["entities"]) + 1)]
    for e in record["entities"]:
        assert set(e) == {"id", "type", "name", "key", "roles", "mentions", "title_mentions"}
        assert e["type"] in ("PERSON", "ORG", "LOC", "MISC")
        assert e["key"].startswith(e["type"] + ":")
        for m in e["mentions"] + e["title_mentions"]:
            assert set(m) == {"start", "end", "text"}
        for r in e["roles"]:
            assert set(r) == {"title", "country", "org", "start", "end", "in_title", "honorific", "status", "place"}
    safadi = next(e for e in record["entities"] if e["name"] == "Ayman Safadi")
    assert safadi["roles"] == [
        {"title": "foreign minister", "country": "Jordan", "org": None, "start": 0, "end": 25, "in_title": False,
         "honorific": False, "status": None, "place": None}
    ]
    assert safadi["title_mentions"] == []


def titled(text: str, title: str, lang: str, names: dict[str, str], ru=None) -> Document:
    doc = article(text, lang)
    doc.title = title
    doc.entities = find_entities(doc, tagger=gazetteer(names), ru_finder=ru or natasha_like([]))
    return doc


def test_headline_mentions_join_the_body_entities():
    title = "شكري يبحث مع لافروف في موسكو الأزمة السودانية"
    text = "التقى وزير الخارجية المصري سامح شكري اليوم نظيره الروسي سيرغي لافروف. وقال شكري إن المحادثات كانت بناءة."
    doc = titled(text, title, "ar", {"سامح شكري": "PER", "سيرغي لافروف": "PER", "لافروف": "PER"})
    shoukry = person(doc, "سامح شكري")
    assert [title[m.start : m.end] for m in shoukry.title_mentions] == ["شكري"]  # the last name, not tagged there
    assert texts(doc, shoukry) == ["سامح شكري", "شكري"]  # the body's spans are untouched
    lavrov = person(doc, "سيرغي لافروف")
    assert [title[m.start : m.end] for m in lavrov.title_mentions] == ["لافروف"]
    moscow = entity(doc, "LOC", "موسكو")  # named in the headline only
    assert moscow.mentions == [] and [title[m.start : m.end] for m in moscow.title_mentions] == ["موسكو"]
    assert doc.entities[-1] is moscow  # headline-only entities come after the body's
    record = to_record(doc)
    assert next(e for e in record["entities"] if e["name"] == "موسكو")["title_mentions"] == [
        {"start": title.index("موسكو"), "end": title.index("موسكو") + 5, "text": "موسكو"}
    ]


def test_headline_role_is_marked_and_body_role_kept():
    title = "وزير الخارجية التركي هاكان فيدان يصل إلى الرياض"
    text = "وصل وزير الخارجية التركي هاكان فيدان إلى الرياض اليوم في زيارة رسمية."
    doc = titled(text, title, "ar", {"هاكان فيدان": "PER"})
    fidan = person(doc, "هاكان فيدان")
    assert [(r.title, r.country, r.in_title) for r in fidan.roles] == [("وزير الخارجية", "تركيا", False)]
    assert role_text(doc, fidan.roles[0]) == "وزير الخارجية التركي"
    only_title = titled("وصل الضيف إلى الرياض اليوم.", title, "ar", {"هاكان فيدان": "PER"})
    fidan = person(only_title, "هاكان فيدان")
    assert fidan.mentions == [] and [(r.title, r.in_title) for r in fidan.roles] == [("وزير الخارجية", True)]
    role = fidan.roles[0]
    assert title[role.span.start : role.span.end] == "وزير الخارجية التركي"


def test_no_headline_or_other_language_changes_nothing():
    text = "وقال وزير الخارجية الأردني أيمن الصفدي إن الاجتماع مهم."
    names = {"أيمن الصفدي": "PER"}
    plain = run(text, "ar", names)
    for title in (None, "", " - ", "123"):
        doc = titled(text, title, "ar", names)
        assert to_record(doc)["entities"] == to_record(plain)["entities"]
    doc = article(text, "fa")
    doc.title = "أيمن الصفدي"
    assert find_entities(doc, tagger=gazetteer(names), ru_finder=natasha_like([])) == []


def test_stage_is_in_the_default_pipeline_after_agencies():
    names = list(DEFAULT_STAGES)
    assert names.index("marsad.entities.v1") == names.index("marsad.agencies.v1") + 1
    Pipeline(DEFAULT_STAGES)  # requirements are met


def test_mixed_language_paragraphs():
    ar = "وقال الرئيس التركي رجب طيب أردوغان إن بلاده مستعدة للوساطة."
    en = "Jordan's Foreign Minister Ayman Safadi welcomed the offer."
    text = ar + "\n\n" + en
    doc = Document(text=text, language="ar")
    doc.paragraphs = [
        Span(0, len(ar), "paragraph", (("language", "ar"),)),
        Span(len(ar) + 2, len(text), "paragraph", (("language", "en"),)),
    ]
    doc.sentences = [Span(0, len(ar), "sentence"), Span(len(ar) + 2, len(text), "sentence")]
    entities = find_entities(doc, tagger=NO_TAGS, ru_finder=natasha_like([]))
    assert {e.name for e in entities if e.type == "PERSON"} == {"رجب طيب أردوغان", "Ayman Safadi"}


def test_missing_model_is_logged_and_the_rules_still_run(monkeypatch, caplog):
    import marsad.ner.tagger as ner_tagger

    def no_model(lang):
        raise ValueError(f"no NER model for language {lang!r}")

    monkeypatch.setattr(ner_tagger, "load_tagger", no_model)
    stage._crf.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="marsad.stages.entities"):
            doc = article(AR_SHOUKRY, "ar")
            found = find_entities(doc, ru_finder=natasha_like([]))
        assert "no ar tagger" in caplog.text
        assert [e.name for e in found if e.type == "PERSON"] == ["سامح شكري"]
    finally:
        stage._crf.cache_clear()


def test_tokens_split_like_conll():
    assert [t.text for t in tokenize("وقال (رويترز): إن وزير-الدولة", lang="ar")] == [
        "وقال", "(", "رويترز", ")", ":", "إن", "وزير-الدولة"
    ]
    assert [t.text for t in tokenize("Jordan's U.S.-made Secretary-General", lang="en")] == [
        "Jordan", "'s", "U.S.", "-", "made", "Secretary-General"
    ]


def test_language_data_compiles():
    for lang in ("ar", "ru", "en"):
        lex = lexicon(lang)
        assert lex.phrases and lex.places and lex.stopwords
        # Lexicon.positions skips no punctuation token: no phrase may start with one
        assert all(key[:1].isalnum() for key in lex.phrases), lang
    assert lexicon("ar").places[("مصر",)] == ("LOC", "مصر")
    assert lexicon("ru").lemma("министром") == "министр"


def test_malformed_tables_of_the_language_data_are_named():
    from marsad.entities.lexicon import _extension_table, _named_after_table

    with pytest.raises(ValueError, match=r"roles_ar\.toml: \[grammar\]\.named_after: 'مطار' has type 'PLACE'"):
        _named_after_table("ar", {"مطار": "PLACE"})
    with pytest.raises(ValueError, match=r"roles_ar\.toml: \[grammar\]\.org_extensions: 'لكرة' has 'one'"):
        _extension_table("ar", {"لكرة": "one"})
    with pytest.raises(ValueError, match="org_extensions"):
        _extension_table("ar", {"لكرة": -1})
    assert _extension_table("ar", {"لكرة": 1}) == {"لكره": 1}


def test_smoke_real_stage_on_a_sample_article():
    from marsad.api import analyze

    (doc,) = analyze([str(SAMPLES / "ar" / "lavrov-faisal-riyadh.txt")])
    assert not doc.rejected
    people = [e for e in doc.entities if e.type == "PERSON" and e.roles]
    assert people, [(e.type, e.name) for e in doc.entities]
    record = to_record(doc)
    for e in record["entities"]:
        for m in e["mentions"]:
            assert doc.text[m["start"] : m["end"]] == m["text"]


def test_real_stage_on_a_page_of_russian_and_central_asian_names():
    """The issue's check, on a page of our own: every person with the title
    the page gives, the alliances, the countries and the capitals that stand
    for their governments (the trained tagger, the rules and the data)."""
    from marsad.api import analyze

    (doc,) = analyze([str(Path(__file__).parent / "fixtures" / "pages" / "ar_roles" / "central-asia-borders.txt")])
    found = {(e.type, e.name): e for e in doc.entities}
    people = {
        "ماريا زاخاروفا": ("المتحدثة الرسمية", "روسيا"),
        "سيرغي لافروف": ("وزير الخارجية", "روسيا"),
        "مراد نورتليو": ("وزير الخارجية", "كازاخستان"),
        "سراج الدين مهر الدين": ("وزير الخارجية", "طاجيكستان"),
        "ميخائيل ميشوستين": ("رئيس الوزراء", "روسيا"),
        "عادل بيك قاسم علييف": ("رئيس الوزراء", "قرغيزستان"),
        "شوكت ميرضيائيف": ("الرئيس", "أوزبكستان"),
        "أليكسي ليخاتشوف": ("رئيس شركة", None),
        "دميتري بيسكوف": ("المتحدث", None),
        "فلاديمير بوتين": ("الرئيس", None),
    }
    for name, (title, country) in people.items():
        e = found.get(("PERSON", name))
        assert e is not None, (name, sorted(found))
        assert [(r.title, r.country) for r in e.roles][:1] == [(title, country)], name
    assert len(found[("PERSON", "ماريا زاخاروفا")].mentions) == 2  # "زاخاروفا" joins her
    for org in ("منظمة معاهدة الأمن الجماعي", "الاتحاد الاقتصادي الأوراسي", "رابطة الدول المستقلة", "الكرملين"):
        assert ("ORG", org) in found, (org, sorted(found))
    for place in ("موسكو", "أستانا", "بيشكيك", "طشقند", "دوشنبه", "عشق آباد", "مينسك", "كازاخستان", "أفغانستان"):
        assert ("LOC", place) in found, (place, sorted(found))
    assert [m.end - m.start for m in found[("LOC", "طشقند")].mentions] == [5, 5]  # "وطشقند" without its و
    assert not [e for e in doc.entities if e.type == "PERSON" and not e.roles and e.name != "أليكسي ليخاتشوف"]


def test_every_page_of_the_page_evaluation_has_its_expectations():
    import json

    folder = Path(__file__).parent / "fixtures" / "pages" / "ar_roles"
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    assert sorted(expected) == sorted(p.name for p in folder.glob("*.txt"))
    for want in expected.values():
        assert want["people"] and want["places"]
        assert all(set(v) == {"titles", "country"} for v in want["people"].values())


def _page_totals(folder_name: str) -> dict[str, int]:
    import importlib.util
    import json

    spec = importlib.util.spec_from_file_location("eval_pages", SAMPLES.parent / "scripts" / "eval_pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from marsad.api import analyze

    folder = Path(__file__).parent / "fixtures" / "pages" / folder_name
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    totals: dict[str, int] = {}
    for name, want in expected.items():
        (doc,) = analyze([str(folder / name)])
        for k, v in module.score_page(doc, want).items():
            totals[k] = totals.get(k, 0) + (len(v) if isinstance(v, list) else v)
    return totals


@pytest.mark.parametrize(
    ("folder", "floors", "extra", "extra_names"),
    [
        # the pages written with the rules (docs/entities.md, "On whole pages")
        ("ar_roles", (0.95, 0.93, 0.93, 0.95, 0.95), 4, 4),
        # held-out rounds 1-3 (Arabic HTML pages with their menus and footers)
        ("ar_roles_holdout", (0.93, 0.88, 0.89, 0.88, 0.94), 7, None),
        ("ar_roles_holdout2", (0.95, 0.90, 0.80, 0.65, 0.90), 4, None),
        ("ar_roles_holdout3", (0.88, 0.72, 0.66, 0.65, 0.90), 5, None),
        # fourth round, 2026-11-30: Arabic, Russian and English pages
        ("ar_roles_holdout4", (0.93, 0.90, 0.90, 0.78, 0.84), 7, None),
        ("ru_roles_holdout", (0.95, 0.90, 0.93, 0.80, 0.95), 3, None),
        ("en_roles_holdout", (0.93, 0.85, 0.88, 0.85, 0.95), 5, None),
        # fifth round: Russian and English after its fixes, Arabic as first scored
        ("ru_roles_holdout2", (0.93, 0.82, 0.88, 0.72, 0.93), 6, None),
        ("en_roles_holdout2", (0.93, 0.82, 0.90, 0.72, 0.87), 7, None),
        ("ar_roles_holdout5", (0.80, 0.60, 0.74, 0.60, 0.83), 13, None),
    ],
)
def test_page_evaluation_stays_where_it_was_measured(folder, floors, extra, extra_names):
    """scripts/eval_pages.py's figures with the trained tagger
    (docs/entities.md): people found, right titles and countries (of all
    people), organizations and places found; floors a little under the
    figures measured, so a change that loses them on these pages fails."""
    totals = _page_totals(folder)
    found, title, country, orgs, places = floors
    assert totals["found"] >= found * totals["people"], totals
    assert totals["title"] >= title * totals["people"] and totals["country"] >= country * totals["people"], totals
    assert totals["orgs_found"] >= orgs * totals["orgs"] and totals["places_found"] >= places * totals["places"], totals
    assert totals["extra_people"] <= extra, totals
    if extra_names is not None:
        assert totals["extra_names"] <= extra_names, totals


# -- robustness ------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = (
    "وزير الخارجية المصري", "الرئيس", "التركي", "سامح", "شكري", "وشكري", "باسم", "الكرملين", "،", "-",
    "بن", "للأمم المتحدة", "قال", "ـ", "َ", "министр", "иностранных", "дел", "Турции", "Хакан", "Фидана",
    "Jordan", "'s", "Foreign", "Minister", "Ayman", "Safadi", ",", ".", "«", "»", "U.S.", "bin", "2024",
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=30),
    st.sampled_from(["ar", "ru", "en"]),
    st.lists(st.sampled_from(["O", "B-PER", "I-PER", "B-LOC", "I-ORG", "B-MISC", "I-X", "", "B-"]), max_size=40),
)
def test_any_text_and_tags_give_clean_spans(pieces, lang, tags):
    text = " ".join(pieces)

    def tagger(lang: str, sentences: list[list[str]]) -> list[list[str]]:
        return [[tags[i % len(tags)] if tags else "O" for i in range(len(s))] for s in sentences]

    def ru_finder(sub: str) -> list[FakeRu]:
        words = [m for m in re.finditer(r"\w+", sub)]
        return [FakeRu(m.start(), m.end(), "PER", m.group(), m.group()) for m in words[::3]]

    doc = article(text, lang)
    for e in find_entities(doc, tagger=tagger, ru_finder=ru_finder):
        assert e.key.startswith(e.type + ":") and e.mentions
        for m in e.mentions:
            assert 0 <= m.start < m.end <= len(text)
        for r in e.roles:
            assert 0 <= r.span.start < r.span.end <= len(text)


_TOKEN_CHARS = list("abs'’-_.,٫٬ \t\n\u00a0\u2009\u200b\u3000وزيرأإال09٢²\u064b\u0651\u0640\u0301ёЁ«»!؟،") + [
    "ﷲ", "ß", "\U0001F600",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TOKEN_CHARS), max_size=16).map("".join), st.sampled_from(["ar", "en"]))
def test_token_offsets_are_the_matches_spans(text, lang):
    """tokenize adds up match lengths for the offsets: they must be the spans
    the token pattern itself finds, from any start."""
    from marsad.entities import tokens

    pattern = re.compile(tokens._WORD_EN if lang == "en" else tokens._WORD)
    for start in (0, len(text) // 2):
        found = tokenize(text, start, lang=lang)
        assert [(t.start, t.end, t.text) for t in found] == [
            (m.start(), m.end(), m.group()) for m in pattern.finditer(text, start)
        ]
        assert all(t.key == tokens.token_key(t.text) and t.word == t.text[0].isalnum() for t in found)


def test_role_pre_check_keeps_every_title():
    """find_roles only tries tokens the pre-check lets through: every title
    and honorific must pass it (Arabic passes nothing else)."""
    for lang in ("ar", "ru", "en"):
        lex = lexicon(lang)
        for key, phrases in lex.phrases.items():
            if lex.before or any(p.kind in ("title", "honorific") for p in phrases):
                assert lex.starts[key] & ROLE_START, (lang, key)
    assert not lexicon("ar").starts["مصر"] & ROLE_START  # a country starts no Arabic role phrase
    assert lexicon("ar").starts["مصر"] & NAME_START  # but it is a name of the data


# -- held-out pages round (2026-11-30): portfolios, deputies, counterparts -------


def roles_of(doc: Document, name: str) -> list[tuple[str, str | None, str | None]]:
    return [(r.title, r.country, r.org) for r in person(doc, name).roles]


def test_an_office_takes_its_portfolio():
    text = ("وأعلن وزير الطاقة والموارد الطبيعية التركي ألب أرسلان بيرقدار أن بلاده طلبت الإعفاء. "
            "وقالت وزيرة التضامن الاجتماعي المصرية نيفين القباج إن البرنامج مستمر. "
            "وقال رئيس دائرة الاتصال في الرئاسة التركية فخر الدين ألطون إن أنقرة لا ترى تعارضا.")
    names = {"ألب أرسلان بيرقدار": "PER", "نيفين القباج": "PER", "فخر الدين ألطون": "PER"}
    doc = run(text, "ar", names)
    assert roles_of(doc, "ألب أرسلان بيرقدار") == [("وزير الطاقة والموارد الطبيعية", "تركيا", None)]
    assert roles_of(doc, "نيفين القباج") == [("وزيرة التضامن الاجتماعي", "مصر", None)]
    assert roles_of(doc, "فخر الدين ألطون") == [("رئيس دائرة الاتصال", "تركيا", "الرئاسة التركية")]
    # a listed office with the article takes no second word unless it is joined by "و"
    doc = run("وقال وزير الخارجية الكيني موساليا مودافادي إن الاجتماع مهم.", "ar", {"موساليا مودافادي": "PER"})
    assert roles_of(doc, "موساليا مودافادي")[0][0] == "وزير الخارجية"


def test_a_portfolio_stops_at_another_name():
    text = "وقال متحدث للخطوط الجوية العربية السعودية إن الرحلات مستمرة."
    doc = run(text, "ar", {"للخطوط الجوية العربية السعودية": "ORG"})
    entity(doc, "ORG", "الخطوط الجوية العربية السعودية")


def test_deputies_and_titles_going_on_after_the_adjective():
    text = ("وقالت نائبة رئيس مجلس الدوما إيرينا ياروفايا إن القانون جاهز. "
            "وقال المندوب الروسي الدائم لدى الأمم المتحدة فاسيلي نيبينزيا إن موسكو ستطلب التصويت. "
            "وأعلن المدير العام للوكالة رافائيل غروسي أن المفتشين عادوا.")
    doc = run(text, "ar", {"إيرينا ياروفايا": "PER", "فاسيلي نيبينزيا": "PER", "رافائيل غروسي": "PER"})
    assert roles_of(doc, "إيرينا ياروفايا")[0][0] == "نائبة رئيس مجلس الدوما"
    assert roles_of(doc, "فاسيلي نيبينزيا") == [("المندوب الدائم", "روسيا", "الأمم المتحدة")]
    assert roles_of(doc, "رافائيل غروسي") == [("المدير العام", None, None)]
    # "مساعد" after "بن" is a name's word, not an assistant's office
    doc = run("وقال الأمير جلوي بن عبدالعزيز بن مساعد أمير المنطقة الشرقية إن العمل مستمر.", "ar",
              {"جلوي بن عبدالعزيز بن مساعد": "PER"})
    person(doc, "جلوي بن عبدالعزيز بن مساعد")


def test_a_counterpart_of_an_office_without_country():
    text = "وكان الرئيس فلاديمير بوتين ونظيره التركي رجب طيب أردوغان قد بحثا الملف في قازان."
    doc = run(text, "ar", {"فلاديمير بوتين": "PER", "رجب طيب أردوغان": "PER"})
    assert roles_of(doc, "رجب طيب أردوغان") == [("الرئيس", "تركيا", None)]
    # the one met: the counterpart is the visitor's
    text = "وعقد كارتر لقاءات مع رئيس الوزراء حيدر العبادي ونظيره العراقي خالد العبيدي."
    doc = run(text, "ar", {"حيدر العبادي": "PER", "خالد العبيدي": "PER"})
    assert roles_of(doc, "خالد العبيدي") == [("نظيره", "العراق", None)]


def test_amir_is_a_given_name_after_a_role_and_a_list_is_no_apposition():
    text = ("ووجه المندوب الإيراني لدى الأمم المتحدة أمير سعيد إيرواني رسالة إلى الأمين العام. "
            "وشارك وزير الخارجية الكويتي عبد الله اليحيا، ووزير الدولة الإماراتي خليفة شاهين المرر.")
    names = {"سعيد إيرواني": "PER", "عبد الله اليحيا": "PER", "شاهين المرر": "PER"}
    doc = run(text, "ar", names)
    assert roles_of(doc, "أمير سعيد إيرواني") == [("المندوب", "إيران", "الأمم المتحدة")]
    assert roles_of(doc, "عبد الله اليحيا") == [("وزير الخارجية", "الكويت", None)]
    assert roles_of(doc, "خليفة شاهين المرر") == [("وزير الدولة", "الإمارات", None)]


def test_a_role_after_a_name_and_a_comma_is_that_name_s():
    text = "وقال أوفرتشوك، نائب رئيس الوزراء الروسي المكلف بملف التكامل الأوراسي، للصحفيين إن العضوية لا تجتمع."
    doc = run(text, "ar", {"أوفرتشوك": "PER"})
    assert roles_of(doc, "أوفرتشوك") == [("نائب رئيس الوزراء", "روسيا", None)]
    assert [e.name for e in doc.entities if e.type == "PERSON"] == ["أوفرتشوك"]


@needs_arabic_model
def test_common_words_make_no_name_after_a_title_nor_end_one():
    text = ("وعلى هامش الاجتماع، وقع اليحيا ونظيره الطاجيكي مذكرة تفاهم لإعفاء حاملي الجوازات. "
            "واستقبل الرئيس الأوزبكي شوكت ميرضيائيف الوزراء المشاركين في قصر كوكسراي. "
            "والتقى الرئيس الطاجيكي إمام علي رحمن نظيره القرغيزي صدير جباروف.")
    names = {"اليحيا": "PER", "شوكت ميرضيائيف الوزراء المشاركين": "PER", "صدير جباروف": "PER"}
    doc = run(text, "ar", names)
    people = {e.name for e in doc.entities if e.type == "PERSON"}
    assert "مذكرة تفاهم" not in people  # common words, not a name
    assert "شوكت ميرضيائيف" in people  # the common words after the name come off
    assert roles_of(doc, "إمام علي رحمن") == [("الرئيس", "طاجيكستان", None)]  # "علي" is a given name


def test_a_list_after_one_plural_office_and_one_title_however_written():
    text = ("كما شارك وزراء خارجية كازاخستان مراد نورتليو، وقرغيزستان جينبيك كولوبايف، "
            "وطاجيكستان سراج الدين مهر الدين في الاجتماع. وقال رئيس وزراء العراق محمد شياع السوداني إن بغداد مستعدة.")
    names = {"مراد نورتليو": "PER", "جينبيك كولوبايف": "PER", "سراج الدين مهر الدين": "PER", "محمد شياع السوداني": "PER"}
    doc = run(text, "ar", names)
    assert roles_of(doc, "جينبيك كولوبايف") == [("وزير الخارجية", "قرغيزستان", None)]
    assert roles_of(doc, "سراج الدين مهر الدين") == [("وزير الخارجية", "طاجيكستان", None)]
    assert roles_of(doc, "محمد شياع السوداني") == [("رئيس الوزراء", "العراق", None)]


def test_facilities_and_institutions_named_by_description():
    text = ("وتناول اللقاء جدول ملء خزان محطة روغون الكهرومائية. ولم يدخل المفتشون منشأتي فوردو ونطنز. "
            "ويدرس الطلاب في المعهد الوطني للأبحاث النووية في موسكو، وأعلنت الهيئة العامة للإحصاء النتائج. "
            "وقال رئيس اللجنة العلمية للمؤتمر الدكتور توفيق خوجة إن المؤتمر ناجح. وأنهى الاتحاد للموسم استعداداته.")
    names = {"روغون الكهرومائية": "PER", "منشأتي فوردو": "PER", "توفيق خوجة": "PER"}
    doc = run(text, "ar", names)
    entity(doc, "LOC", "محطة روغون الكهرومائية")  # the plant, not a person
    entity(doc, "LOC", "منشأتي فوردو")
    entity(doc, "ORG", "المعهد الوطني للأبحاث النووية")
    entity(doc, "ORG", "الهيئة العامة للإحصاء")  # not "… النتائج", the verb's object
    assert roles_of(doc, "توفيق خوجة")[0] == ("رئيس", None, "اللجنة العلمية للمؤتمر")
    assert not [e for e in doc.entities if e.name.startswith("الاتحاد")]  # the word alone before "لل" is a clause
    assert not [e for e in doc.entities if e.type == "PERSON" and e.name != "توفيق خوجة"]


def test_a_title_reaches_the_name_past_a_quoted_company():
    text = 'وكانت المديرة العامة لشركة "أكويو نووي" أناستاسيا زوتيفا قد أعلنت أن الوحدة الأولى ستعمل.'
    doc = run(text, "ar", {"أكويو نووي": "ORG", "أناستاسيا زوتيفا": "PER"})
    assert roles_of(doc, "أناستاسيا زوتيفا") == [("المديرة العامة", None, "أكويو نووي")]


@needs_arabic_model
def test_an_untagged_name_after_a_title_ends_before_common_words():
    text = ("واستقبل الرئيس الأوزبكي شوكت ميرضيائيف الوزراء المشاركين في قصر كوكسراي. "
            "كما استقبل رئيس الوزراء الطاجيكي قاهر رسول زاده وفدا أوزبكيا.")
    doc = run(text, "ar", {})
    assert roles_of(doc, "شوكت ميرضيائيف") == [("الرئيس", "أوزبكستان", None)]
    assert roles_of(doc, "قاهر رسول زاده") == [("رئيس الوزراء", "طاجيكستان", None)]  # "وفدا" is "a delegation'


def test_lists_after_a_plural_office_and_family_names_the_tagger_took_for_places():
    text = ("وشارك في القمة الرئيس الصيني شي جين بينغ، ورؤساء كازاخستان قاسم جومارت توكاييف، "
            "وتركمانستان سردار بردي محمدوف. وسبق القمة اجتماع بمشاركة وزراء خارجية الدول الخمس: "
            "الكازاخي مراد نورتليو، والأوزبكي بختيار سعيدوف.")
    names = {"شي جين بينغ": "PER", "قاسم جومارت توكاييف": "PER", "محمدوف": "LOC", "مراد نورتليو": "PER", "سعيدوف": "LOC"}
    doc = run(text, "ar", names)
    assert roles_of(doc, "قاسم جومارت توكاييف") == [("الرئيس", "كازاخستان", None)]
    assert roles_of(doc, "سردار بردي محمدوف") == [("الرئيس", "تركمانستان", None)]
    assert roles_of(doc, "مراد نورتليو") == [("وزير الخارجية", "كازاخستان", None)]
    assert roles_of(doc, "بختيار سعيدوف") == [("وزير الخارجية", "أوزبكستان", None)]
    assert not [e for e in doc.entities if e.type == "LOC" and e.name in ("محمدوف", "سعيدوف")]


def test_two_counterparts_and_a_counterpart_of_a_minister_with_two_portfolios():
    text = ("وأبلغ الرئيس التركي رجب طيب أردوغان نظيريه الروسي فلاديمير بوتين والأوكراني فولوديمير زيلينسكي استعداده. "
            "وبحث وزير الخارجية والهجرة المصري بدر عبد العاطي مع نظيره الروسي سيرغي لافروف الأوضاع.")
    names = {"رجب طيب أردوغان": "PER", "فلاديمير بوتين": "PER", "فولوديمير زيلينسكي": "PER",
             "بدر عبد العاطي": "PER", "سيرغي لافروف": "PER"}
    doc = run(text, "ar", names)
    assert roles_of(doc, "فلاديمير بوتين") == [("الرئيس", "روسيا", None)]
    assert roles_of(doc, "فولوديمير زيلينسكي") == [("الرئيس", "أوكرانيا", None)]
    assert roles_of(doc, "بدر عبد العاطي") == [("وزير الخارجية والهجرة", "مصر", None)]
    assert roles_of(doc, "سيرغي لافروف") == [("وزير الخارجية", "روسيا", None)]  # Egypt's second portfolio stays Egypt's


def test_an_organization_named_by_its_kind_after_an_office_and_offices_before_honorifics():
    text = ("إلى جانب الدكتور أمجد الوكيل، رئيس هيئة المحطات النووية المصرية. "
            "وقال رئيس شركة النفط الوطنية الليبية فرحات بن قدارة إن الإنتاج ارتفع. "
            "وأعلنت وزيرة الطرق وبناء المدن الإيرانية فرزانه صادق أن العمل سيبدأ.")
    names = {"أمجد الوكيل": "PER", "فرحات بن قدارة": "PER", "فرزانه صادق": "PER"}
    doc = run(text, "ar", names)
    assert roles_of(doc, "أمجد الوكيل") == [("رئيس", "مصر", "هيئة المحطات النووية المصرية"), ("الدكتور", None, None)]
    assert [r.honorific for r in person(doc, "أمجد الوكيل").roles] == [False, True]
    assert roles_of(doc, "فرحات بن قدارة") == [("رئيس شركة", "ليبيا", "شركة النفط الوطنية الليبية")]
    entity(doc, "ORG", "شركة النفط الوطنية الليبية")
    assert roles_of(doc, "فرزانه صادق") == [("وزيرة الطرق وبناء المدن", "إيران", None)]


def test_the_body_an_office_heads_is_an_organization_of_its_country():
    text = ("وقال رئيس البرلمان الإيراني محمد باقر قاليباف إن الاتفاق مهم. "
            "والتقى أمين مجلس الأمن الروسي سيرغي شويغو نظيره. وقال وزير الخارجية الروسي سيرغي لافروف إن الحوار مستمر.")
    doc = run(text, "ar", {"محمد باقر قاليباف": "PER", "سيرغي شويغو": "PER", "سيرغي لافروف": "PER"})
    assert roles_of(doc, "محمد باقر قاليباف") == [("رئيس البرلمان", "إيران", "البرلمان الإيراني")]
    assert entity(doc, "ORG", "مجلس الأمن الروسي").key != "ORG:مجلس الامن"  # Russia's, not the United Nations'
    assert roles_of(doc, "سيرغي لافروف") == [("وزير الخارجية", "روسيا", None)]  # a short form makes no ministry


def test_an_office_with_a_pronoun():
    text = "وأكد الوزير أن بلاده، التي وقع رئيسها عبد المجيد تبون مع موسكو إعلان الشراكة، تواصل التعاون."
    doc = run(text, "ar", {"عبد المجيد تبون": "PER"})
    assert roles_of(doc, "عبد المجيد تبون") == [("الرئيس", None, None)]


def test_stacked_offices_of_one_person_and_ministers_of_state():
    text = ("ويضم الوفد القطري رئيس مجلس الوزراء وزير الخارجية الشيخ محمد بن عبدالرحمن آل ثاني، "
            "ووزير الدولة لشؤون الطاقة سعد بن شريده الكعبي. "
            "واستقبل الرئيس في طشقند رئيس شركة روساتوم أليكسي ليخاتشوف. "
            "وزار نائب رئيس الوزراء وزير الخارجية العراقي فؤاد حسين موسكو.")
    names = {"محمد بن عبدالرحمن آل ثاني": "PER", "سعد بن شريده الكعبي": "PER", "أليكسي ليخاتشوف": "PER", "فؤاد حسين": "PER"}
    doc = run(text, "ar", names)
    assert [r.title for r in person(doc, "محمد بن عبدالرحمن آل ثاني").roles] == ["رئيس مجلس الوزراء", "وزير الخارجية"]
    assert roles_of(doc, "سعد بن شريده الكعبي") == [("وزير الدولة لشؤون الطاقة", None, None)]
    assert [r.title for r in person(doc, "أليكسي ليخاتشوف").roles] == ["رئيس شركة"]  # the president in Tashkent is another
    assert roles_of(doc, "فؤاد حسين") == [("نائب رئيس الوزراء", "العراق", None), ("وزير الخارجية", "العراق", None)]


def test_a_listed_holder_the_tagger_ran_into_the_next_and_a_name_with_a_hamza():
    text = "اجتمع وزراء الطاقة القرغيزي تالايبيك إبراييف والكازاخي ألماسادام ساتكالييف، وبدأ أمير دولة قطر الشيخ تميم بن حمد زيارته."
    doc = run(text, "ar", {"تالايبيك إبراييف والكازاخي ألماسادام ساتكالييف": "ORG", "تميم بن حمد": "PER"})
    assert roles_of(doc, "تالايبيك إبراييف") == [("وزير الطاقة", "قرغيزستان", None)]
    assert roles_of(doc, "ألماسادام ساتكالييف") == [("وزير الطاقة", "كازاخستان", None)]  # "ألـ" with a hamza is no article
    assert roles_of(doc, "تميم بن حمد")[0] == ("أمير", "قطر", None)  # "دولة قطر" is Qatar


@pytest.mark.parametrize("lang, text, names, name, want", [
    ("ar", "ودعت الرئيسة الجورجية السابقة سالومي زورابيشفيلي إلى الاحتجاج.", {"سالومي زورابيشفيلي": "PER"},
     "سالومي زورابيشفيلي", ("الرئيسة", "جورجيا", "former")),
    ("ar", "وقال وزير الطاقة بالوكالة كمال محمد صالح إن التصدير مستمر.", {"كمال محمد صالح": "PER"},
     "كمال محمد صالح", ("وزير الطاقة", None, "acting")),
    ("en", "Former Foreign Minister Dmytro Kuleba said on Monday that talks failed.", {"Dmytro Kuleba": "PER"},
     "Dmytro Kuleba", ("foreign minister", None, "former")),
])
def test_a_qualifier_gives_the_role_its_status(lang, text, names, name, want):
    doc = run(text, lang, names)
    role = person(doc, name).roles[0]
    assert (role.title, role.country, role.status) == want
    plain = run(text.replace("السابقة ", "").replace("بالوكالة ", "").replace("Former ", ""), lang, names)
    assert person(plain, name).roles[0].status is None


@pytest.mark.parametrize("lang, text, plus, opec", [
    ("ar", "وقرر تحالف أوبك+ تمديد الخفض، فيما قالت منظمة أوبك إن الطلب قوي.", "أوبك+", "أوبك"),
    ("en", "The OPEC+ alliance extended the cuts, while OPEC said demand was strong.", "OPEC+", "OPEC"),
    ("ru", "Альянс ОПЕК+ продлил сокращение добычи, а ОПЕК заявила о высоком спросе.", "ОПЕК+", "ОПЕК"),
])
def test_opec_plus_is_not_opec(lang, text, plus, opec):
    doc = run(text, lang, {})
    assert entity(doc, "ORG", plus).key != entity(doc, "ORG", opec).key


def test_offices_after_a_delegation_are_its_country_s():
    text = ("ويضم الوفد القطري المرافق رئيس مجلس الوزراء الشيخ محمد بن عبدالرحمن آل ثاني، "
            "ووزير الدولة لشؤون الطاقة سعد بن شريده الكعبي. "
            "واستقبل حفتر وفدا عسكريا روسيا برئاسة نائب وزير الدفاع يونس بك يفكوروف. "
            "والتقى الوفد الروسي وزير الخارجية سامح شكري. وقاد الجانب السعودي وزير الاستثمار خالد الفالح.")
    names = {"محمد بن عبدالرحمن آل ثاني": "PER", "سعد بن شريده الكعبي": "PER", "يونس بك يفكوروف": "PER",
             "سامح شكري": "PER", "خالد الفالح": "PER"}
    doc = run(text, "ar", names)
    assert roles_of(doc, "محمد بن عبدالرحمن آل ثاني")[0] == ("رئيس مجلس الوزراء", "قطر", None)
    assert roles_of(doc, "سعد بن شريده الكعبي") == [("وزير الدولة لشؤون الطاقة", "قطر", None)]
    assert roles_of(doc, "يونس بك يفكوروف") == [("نائب وزير الدفاع", "روسيا", None)]
    assert roles_of(doc, "سامح شكري") == [("وزير الخارجية", None, None)]  # the one the delegation met
    assert roles_of(doc, "خالد الفالح") == [("وزير الاستثمار", "السعودية", None)]


def test_review_cases_of_the_held_out_rounds():
    cases = [  # (text, tagged names, person, first role's (title, country))
        ("استقبل ولي العهد السعودي رئيس الوزراء الباكستاني شهباز شريف في جدة.", {"شهباز شريف": "PER"},
         "شهباز شريف", [("رئيس الوزراء", "باكستان", None)]),  # the host's office stays the host's
        ("استقبل الشيخ تميم بن حمد نظيره الفرنسي إيمانويل ماكرون.", {"تميم بن حمد": "PER", "إيمانويل ماكرون": "PER"},
         "إيمانويل ماكرون", [("نظيره", "فرنسا", None)]),  # an honorific is no office to take
        ("التقى نائب وزير الخارجية الروسي ميخائيل بوغدانوف نظيره الإيراني علي باقري.",
         {"ميخائيل بوغدانوف": "PER", "علي باقري": "PER"}, "علي باقري", [("نائب وزير الخارجية", "إيران", None)]),
        ("وتم ذلك بمساعدة وزير الداخلية محمد العلي.", {"محمد العلي": "PER"}, "محمد العلي", [("وزير الداخلية", None, None)]),
        ("وقال نائب المندوب الروسي الدائم لدى الأمم المتحدة دميتري بوليانسكي إن.", {"دميتري بوليانسكي": "PER"},
         "دميتري بوليانسكي", [("نائب المندوب الدائم", "روسيا", "الأمم المتحدة")]),
    ]
    for text, names, name, want in cases:
        assert roles_of(run(text, "ar", names), name) == want, text
    doc = run("Kremlin spokesman Dmitry Peskov said Putin would meet his Turkish counterpart Recep Tayyip Erdogan.", "en",
              {"Dmitry Peskov": "PER", "Putin": "PER", "Recep Tayyip Erdogan": "PER"})
    assert roles_of(doc, "Recep Tayyip Erdogan") == [("counterpart", "Turkey", None)]


def test_a_document_without_sentences_reads_its_headline_apart():
    doc = Document(text="وصل الوزير محمد", language="ar")
    doc.title = "العلي إلى موسكو"
    found = find_entities(doc, tagger=gazetteer({"محمد العلي": "PER"}), ru_finder=natasha_like([]))
    for e in found:
        for m in e.mentions:
            assert m.end <= len(doc.text)
        assert "\n" not in e.name


def test_a_side_counts_after_from_or_led():
    doc = run("وأبلغ الجانب الإيراني وزير الخارجية بدر البوسعيدي بالقرار.", "ar", {"بدر البوسعيدي": "PER"})
    assert roles_of(doc, "بدر البوسعيدي") == [("وزير الخارجية", None, None)]  # the one told, not Iran's
    doc = run("التي يرأسها من الجانب الروسي وزير الطاقة سيرغي تسيفيليف.", "ar", {"سيرغي تسيفيليف": "PER"})
    assert roles_of(doc, "سيرغي تسيفيليف") == [("وزير الطاقة", "روسيا", None)]


def test_russian_and_gulf_companies_are_organizations_the_data_knows():
    # The tagger reads an unseen company's name as a person's; the data knows it,
    # and the bank's head takes it as the organization of his office.
    text = ("قال رئيس مصرف سبيربنك الروسي هيرمان غريف إن سبيربنك سيفتح مكتبا في دبي. "
            "ووقعت لوك أويل اتفاقا مع أدنوك.")
    doc = run(text, "ar", {"سبيربنك": "PER", "هيرمان غريف": "PER", "لوك": "PER"})
    assert texts(doc, entity(doc, "ORG", "سبيربنك")) == ["سبيربنك", "سبيربنك"]
    assert roles_of(doc, "هيرمان غريف") == [("رئيس", "روسيا", "سبيربنك")]
    assert {"لوك أويل", "أدنوك"} <= {e.name for e in doc.entities if e.type == "ORG"}
    assert not [e for e in doc.entities if e.type == "PERSON" and e.name != "هيرمان غريف"]


def test_english_prince_and_sheikh_after_an_office_and_names_joined_across_bin():
    text = ("Saudi Foreign Minister Prince Faisal bin Farhan met his Russian counterpart Sergei Lavrov in Moscow. "
            "Emirati Foreign Minister Sheikh Abdullah bin Zayed Al Nahyan arrived later.")
    names = {"Faisal": "PER", "Farhan": "PER", "Sergei Lavrov": "PER", "Abdullah": "PER", "Zayed Al Nahyan": "PER"}
    doc = run(text, "en", names)
    assert roles_of(doc, "Faisal bin Farhan") == [("foreign minister", "Saudi Arabia", None)]
    assert roles_of(doc, "Sergei Lavrov") == [("foreign minister", "Russia", None)]  # not "prince"
    assert roles_of(doc, "Abdullah bin Zayed Al Nahyan") == [("foreign minister", "United Arab Emirates", None)]
    assert not [e for e in doc.entities if e.name in ("Faisal", "Farhan", "Abdullah")]


def test_english_role_after_a_name_with_the_article_deputies_and_seats():
    text = ("Maria Zakharova, the Russian foreign ministry's spokeswoman, said the talks were useful. "
            "Deputy Energy Minister Pavel Sorokin spoke next. "
            "The Egyptian ambassador in Moscow, Hamdi Shaaban, said tourism was recovering. "
            "Lavrov, Russia's top diplomat, agreed.")
    names = {"Maria Zakharova": "PER", "Pavel Sorokin": "PER", "Hamdi Shaaban": "PER", "Lavrov": "PER"}
    doc = run(text, "en", names)
    assert roles_of(doc, "Maria Zakharova") == [("spokeswoman", "Russia", "Russian foreign ministry")]
    assert roles_of(doc, "Pavel Sorokin") == [("deputy energy minister", None, None)]
    assert roles_of(doc, "Hamdi Shaaban") == [("ambassador", "Egypt", None)]
    assert roles_of(doc, "Lavrov") == [("top diplomat", "Russia", None)]


def test_russian_deputies_contractions_seats_and_honorifics_after_an_office():
    text = ("Замминистра энергетики России Павел Сорокин заявил, что квоты сохранятся. "
            "Первый заместитель министра иностранных дел Турции Нух Йылмаз прибыл в Москву. "
            "Посол России в Египте Георгий Борисенко сообщил о запуске станции. "
            "Постпред России при ООН Василий Небензя выступил в Совбезе. "
            "Министр иностранных дел ОАЭ шейх Абдалла бен Заид Аль Нахайян прибыл позже.")
    ru = natasha_like([(n, "PER", n) for n in ("Павел Сорокин", "Нух Йылмаз", "Георгий Борисенко", "Василий Небензя",
                                                  "Абдалла бен Заид Аль Нахайян")])
    doc = run(text, "ru", ru=ru)
    assert roles_of(doc, "Павел Сорокин") == [("замминистра энергетики", "Россия", None)]
    assert roles_of(doc, "Нух Йылмаз") == [("первый заместитель министра иностранных дел", "Турция", None)]
    assert roles_of(doc, "Георгий Борисенко") == [("посол", "Россия", None)]
    assert roles_of(doc, "Василий Небензя") == [("постпред", "Россия", "ООН")]
    assert roles_of(doc, "Абдалла бен Заид Аль Нахайян") == [("министр иностранных дел", "ОАЭ", None)]


def test_english_portfolios_written_out_before_and_after_minister():
    text = ("Egypt's Minister of Supply and Internal Trade Sherif Farouk said reserves were sufficient. "
            "Turkish Energy and Natural Resources Minister Alparslan Bayraktar signed the deal. "
            "The head of the National Nuclear Authority of Iran, Mohammad Eslami, said work had begun.")
    # the tagger runs the portfolio's last words into the name, as an organization
    names = {"Internal Trade Sherif Farouk": "ORG", "Alparslan Bayraktar": "PER", "National Nuclear Authority": "ORG",
             "Iran": "LOC", "Mohammad Eslami": "PER"}
    doc = run(text, "en", names)
    assert roles_of(doc, "Sherif Farouk") == [("minister of supply and internal trade", "Egypt", None)]
    assert roles_of(doc, "Alparslan Bayraktar") == [("energy and natural resources minister", "Turkey", None)]
    assert roles_of(doc, "Mohammad Eslami") == [("head", "Iran", "National Nuclear Authority")]
    assert not [e for e in doc.entities if e.type == "ORG" and "Farouk" in e.name]


def test_russian_portfolios_written_out_up_to_the_country_or_name():
    text = ("Документ подписали министр дорог и градостроительства Ирана Фарзане Садег и другие. "
            "Министр энергетики и природных ресурсов Турции Алпарслан Байрактар встретился с председателем "
            "правления ПАО «Газпром» Алексеем Миллером. "
            "Директор агентства «Узатом» Азим Ахмедходжаев выступил. "
            "Генеральный секретарь Исламской организации по продовольственной безопасности (ИОПБ) "
            "Ерлан Байдаулет прибыл. Министр заявил Путину, что всё готово.")
    ru = natasha_like([("Фарзане Садег", "PER", "Фарзане Садег"), ("Алпарслан Байрактар", "PER", "Алпарслан Байрактар"),
                       ("Алексеем Миллером", "PER", "Алексей Миллер"), ("Азим Ахмедходжаев", "PER", "Азим Ахмедходжаев"),
                       ("Узатом", "ORG", "Узатом"),
                       ("Исламской организации по продовольственной безопасности", "ORG",
                        "Исламская организация по продовольственной безопасности"),
                       ("Ерлан Байдаулет", "PER", "Ерлан Байдаулет"), ("Путину", "PER", "Путин")])
    doc = run(text, "ru", ru=ru)
    assert roles_of(doc, "Фарзане Садег") == [("министр дорог и градостроительства", "Иран", None)]
    assert roles_of(doc, "Алпарслан Байрактар") == [("министр энергетики и природных ресурсов", "Турция", None)]
    assert roles_of(doc, "Алексей Миллер") == [("председатель правления", None, "Газпром")]
    assert roles_of(doc, "Азим Ахмедходжаев") == [("директор агентства", None, "Узатом")]
    assert roles_of(doc, "Ерлан Байдаулет") == [
        ("генеральный секретарь", None, "Исламская организация по продовольственной безопасности")]
    assert roles_of(doc, "Путин") == []  # "министр заявил": no portfolio, no office of his


def test_a_place_of_the_data_written_from_a_lower_case_word_and_russian_companies():
    text = "Стороны обсудили положение в секторе Газа, а «Аэрофлот» и Сбербанк расширят работу в Джидде."
    doc = run(text, "ru", ru=natasha_like([("Газа", "LOC", "Газа"), ("Джидде", "LOC", "Джидде")]))
    assert texts(doc, entity(doc, "LOC", "сектор Газа")) == ["секторе Газа"]
    entity(doc, "LOC", "Джидда")  # the data's nominative, not natasha's guess
    assert {"Аэрофлот", "Сбербанк"} <= {e.name for e in doc.entities if e.type == "ORG"}


def test_english_office_of_a_longer_organization_a_name_run_from_a_portfolio_and_an_article_before_a_role():
    text = ("Waleid Gamal El-Dien, chairman of the Suez Canal Economic Zone, said talks continued. "
            "Minister of State for Foreign Trade Thani bin Ahmed Al Zeyoudi said trade had grown. "
            "Hisham Abdel Rahman, a former Egyptian diplomat, disagreed.")
    names = {"Waleid Gamal El-Dien": "PER", "Suez Canal Economic Zone": "ORG", "Foreign Trade Thani": "ORG",
             "Ahmed Al Zeyoudi": "PER", "Hisham Abdel Rahman": "PER"}
    doc = run(text, "en", names)
    assert roles_of(doc, "Waleid Gamal El-Dien") == [("chairman", None, "Suez Canal Economic Zone")]
    assert roles_of(doc, "Thani bin Ahmed Al Zeyoudi") == [("minister of state for foreign trade", None, None)]
    assert [(r.title, r.country, r.status) for r in person(doc, "Hisham Abdel Rahman").roles] == [
        ("diplomat", "Egypt", "former")]
    assert not [e for e in doc.entities if e.name in ("Thani", "Ahmed Al Zeyoudi", "Economic Zone")]


def test_russian_portfolio_stops_at_pronouns_and_before_an_adjective_of_the_name():
    text = ("Музей, директор которого Михаил Пиотровский, открылся. "
            "Директор государственного Эрмитажа Михаил Пиотровский выступил.")
    ru = natasha_like([("Михаил Пиотровский", "PER", "Михаил Пиотровский"), ("Эрмитажа", "ORG", "Эрмитаж")])
    doc = run(text, "ru", ru=ru)
    titles = [r.title for r in person(doc, "Михаил Пиотровский").roles]
    assert "директор которого" not in titles and "директор государственного" not in titles


def test_two_offices_after_a_name_and_a_comma_are_the_same_persons_with_one_country():
    text = ("وشارك في الاجتماع الشيخ عبدالله بن زايد آل نهيان، نائب رئيس مجلس الوزراء وزير الخارجية الإماراتي، "
            "والشيخ محمد بن عبدالرحمن آل ثاني، رئيس مجلس الوزراء وزير الخارجية القطري. "
            "وقدم الرئيس هادي، لمبعوث الأمين العام للأمم المتحدة، شرحا عن الأوضاع. "
            "وقال بيتر ساذرلاند، مبعوث الأمين العام للأمم المتحدة، إن الهجرة مستمرة.")
    names = {"عبدالله بن زايد آل نهيان": "PER", "محمد بن عبدالرحمن آل ثاني": "PER", "هادي": "PER", "بيتر ساذرلاند": "PER"}
    doc = run(text, "ar", names)
    abdullah = person(doc, "عبدالله بن زايد آل نهيان")
    assert [(r.title, r.country) for r in abdullah.roles] == [
        ("نائب رئيس مجلس الوزراء", "الإمارات"), ("وزير الخارجية", "الإمارات"), ("الشيخ", None)]  # the form of address last
    assert abdullah.roles[-1].honorific
    assert [(r.title, r.country) for r in person(doc, "محمد بن عبدالرحمن آل ثاني").roles][:2] == [
        ("رئيس مجلس الوزراء", "قطر"), ("وزير الخارجية", "قطر")]
    assert "الأمين العام" not in [r.title for r in person(doc, "هادي").roles]  # the envoy of the SG, not the SG
    assert "الأمين العام" not in [r.title for r in person(doc, "بيتر ساذرلاند").roles]


def test_arabic_offices_of_gulf_and_eurasian_news():
    text = ("وقال الأمين العام لمجلس التعاون جاسم محمد البديوي إن الاجتماع ناجح. "
            "ويرأس المجموعة رئيس جمهورية تتارستان رستم مينيخانوف. "
            "وبحث وزير التموين والتجارة الداخلية شريف فاروق خطط التوريد. "
            "وقالت محافظة البنك المركزي الروسي إلفيرا نابيولينا إن الربط جاهز. "
            "وقال السكرتير الصحفي للرئيس الكازاخستاني رسلان جيلديباي إن أستانا مستعدة. "
            "وقال مدير الإعلام والعلاقات العامة بصحة الشرقية الأستاذ محمد الحوت إن العمل مستمر.")
    names = {"جاسم محمد البديوي": "PER", "تتارستان رستم مينيخانوف": "PER", "شريف فاروق": "PER",
             "إلفيرا نابيولينا": "PER", "رسلان جيلديباي": "PER", "محمد الحوت": "PER"}
    doc = run(text, "ar", names)
    assert [r.title for r in person(doc, "جاسم محمد البديوي").roles] == ["الأمين العام"]
    tatar = person(doc, "رستم مينيخانوف")
    assert [(r.title, r.country, r.place) for r in tatar.roles] == [("رئيس الجمهورية", None, "تتارستان")]
    entity(doc, "LOC", "تتارستان")
    assert roles_of(doc, "شريف فاروق") == [("وزير التموين والتجارة الداخلية", None, None)]
    assert roles_of(doc, "إلفيرا نابيولينا")[0][:2] == ("محافظة البنك المركزي", "روسيا")
    assert roles_of(doc, "رسلان جيلديباي") == [("السكرتير الصحفي للرئيس", "كازاخستان", None)]
    assert [r.title for r in person(doc, "محمد الحوت").roles] == ["مدير الإعلام والعلاقات العامة"]


def test_the_holder_after_an_organization_the_tagger_ran_past_its_nationality():
    text = "من جانبه، قال رئيس وكالة الطاقة الذرية الكازاخستانية ألماسادام ساتكالييف إن المسوحات اكتملت."
    doc = run(text, "ar", {"وكالة الطاقة الذرية الكازاخستانية ألماسادام ساتكالييف": "ORG"})
    assert roles_of(doc, "ألماسادام ساتكالييف") == [("رئيس", "كازاخستان", "وكالة الطاقة الذرية الكازاخستانية")]
    entity(doc, "ORG", "وكالة الطاقة الذرية الكازاخستانية")


def test_english_stacked_offices_joined_by_and_a_region_of_a_country_and_more_offices():
    text = ("Pakistan's Deputy Prime Minister and Foreign Minister Ishaq Dar said the railway would help. "
            "The head of Russia's Chechen Republic, Ramzan Kadyrov, wrote on Telegram. "
            "Saudi Minister of Hajj and Umrah Tawfiq Al-Rabiah met the pilgrims. "
            "Phil Levy, chief economist at Flexport, said rates mattered.")
    names = {"Ishaq Dar": "PER", "Chechen Republic": "LOC", "Ramzan Kadyrov": "PER",
             "Umrah Tawfiq Al-Rabiah": "PER", "Phil Levy": "PER", "Flexport": "ORG"}
    doc = run(text, "en", names)
    assert roles_of(doc, "Ishaq Dar") == [("deputy prime minister", "Pakistan", None), ("foreign minister", "Pakistan", None)]
    kadyrov = person(doc, "Ramzan Kadyrov").roles
    assert [(r.title, r.country, r.place) for r in kadyrov] == [("head", "Russia", "Chechen Republic")]
    assert roles_of(doc, "Tawfiq Al-Rabiah") == [("minister of hajj and umrah", "Saudi Arabia", None)]
    assert roles_of(doc, "Phil Levy") == [("chief economist", None, "Flexport")]


def test_russian_ranks_deputies_of_another_office_stacked_offices_and_names_with_particles():
    text = ("Начальник генштаба армии Алжира генерал армии Саид Шенгриха прибыл в Москву. "
            "Спецпредставитель генсека ООН по Ливии Ханна Тетте выступила в Совбезе. "
            "Вице-премьер и министр иностранных дел Пакистана Исхак Дар заявил о поддержке.")
    ru = natasha_like([("Саид Шенгриха", "PER", "Саид Шенгриха"), ("Ханна Тетте", "PER", "Ханна Тетте"),
                       ("Исхак Дар", "PER", "Исхак Дар")])
    doc = run(text, "ru", ru=ru)
    assert roles_of(doc, "Саид Шенгриха")[0] == ("начальник генштаба армии", "Алжир", None)  # past the rank
    assert roles_of(doc, "Ханна Тетте") == [("спецпредставитель генсека", "Ливия", "ООН")]
    assert roles_of(doc, "Исхак Дар") == [("вице-премьер", "Пакистан", None), ("министр иностранных дел", "Пакистан", None)]


def test_a_given_name_and_the_next_word_the_tagger_split_are_one_person_but_a_list_of_names_is_not():
    text = ("ولفت إلى أن الرئيس فلاديمير بوتين وجه بتقديم شحنات القمح. "
            "وحضر الحفل جوزيف بلاتر ميشيل بلاتيني ورؤساء الاتحادات.")
    doc = run(text, "ar", {"فلاديمير": "PER", "بوتين": "PER", "جوزيف بلاتر": "PER", "ميشيل بلاتيني": "PER"})
    assert [r.title for r in person(doc, "فلاديمير بوتين").roles] == ["الرئيس"]
    person(doc, "جوزيف بلاتر")
    person(doc, "ميشيل بلاتيني")


def test_an_office_between_two_names_and_commas_is_the_second_persons_when_the_first_has_one():
    text = ("من جهته، أبلغ وزير الطاقة الروسي ألكسندر نوفاك، الأمين العام لـ«أوبك»، عبد الله البدري، أن روسيا "
            "تسعى إلى استقرار السوق. ودعا عبد اللطيف الزياني، الأمين العام لمجلس التعاون، وإسماعيل ولد الشيخ أحمد، "
            "إلى احترام الهدنة.")
    names = {"ألكسندر نوفاك": "PER", "عبد الله البدري": "PER", "عبد اللطيف الزياني": "PER", "وإسماعيل ولد الشيخ أحمد": "PER"}
    doc = run(text, "ar", names)
    assert [r.title for r in person(doc, "ألكسندر نوفاك").roles] == ["وزير الطاقة"]
    assert roles_of(doc, "عبد الله البدري") == [("الأمين العام", None, "أوبك")]
    assert [r.title for r in person(doc, "عبد اللطيف الزياني").roles] == ["الأمين العام"]  # a list follows, not a name


def test_a_listed_holder_whose_name_starts_with_amir_keeps_it_and_the_next_counterpart_its_office():
    text = ("وترأس الاجتماع وزير الخارجية الأوزبكي بختيار سعيدوف، بمشاركة نظيريه الأفغاني أمير خان متقي "
            "والباكستاني إسحاق دار.")
    doc = run(text, "ar", {"بختيار سعيدوف": "PER", "خان متقي": "PER", "إسحاق دار": "PER"})
    assert roles_of(doc, "أمير خان متقي") == [("وزير الخارجية", "أفغانستان", None)]
    assert roles_of(doc, "إسحاق دار") == [("وزير الخارجية", "باكستان", None)]


def test_a_russian_counterpart_takes_the_national_institution_of_the_office():
    text = "В Москве находился глава МИД Ирана Аббас Аракчи, который провел переговоры со своим российским коллегой Сергеем Лавровым."
    ru = natasha_like([("Аббас Аракчи", "PER", "Аббас Аракчи"), ("Сергеем Лавровым", "PER", "Сергей Лавров")])
    doc = run(text, "ru", ru=ru)
    assert roles_of(doc, "Сергей Лавров") == [("глава", "Россия", "МИД")]  # Russia's, not Iran's ministry
