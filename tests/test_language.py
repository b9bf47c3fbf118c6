"""Language per article and per paragraph, from the bundled lite model."""

from marsad.doc import Document, build_text
from marsad.stages.language import detect_language, dominant_script, find_language

AR = "أعلنت وزارة الخارجية أن الوزير سيزور موسكو الأسبوع المقبل لبحث العلاقات الثنائية وملفات المنطقة."
RU = "Министр иностранных дел заявил, что переговоры продолжатся на следующей неделе в Москве."
EN = "The foreign minister said that the talks would continue in Moscow next week, officials added."


def doc_of(*paragraphs: str) -> Document:
    doc = Document()
    doc.text, doc.paragraphs, doc.headings = build_text([("paragraph", p) for p in paragraphs])
    return doc


def test_detects_each_language():
    assert detect_language(AR)[0] == "ar"
    assert detect_language(RU)[0] == "ru"
    assert detect_language(EN)[0] == "en"
    assert detect_language("12345 -- !!")[0] is None


def test_paragraph_languages_in_a_mixed_article():
    doc = find_language(doc_of(AR, AR, EN, RU))
    assert doc.language == "ar"
    assert [p.attr("language") for p in doc.paragraphs] == ["ar", "ar", "en", "ru"]
    assert 0 < doc.language_score <= 1


def test_short_paragraph_takes_the_article_language():
    doc = find_language(doc_of(RU, "Фото: ТАСС", RU))
    assert [p.attr("language") for p in doc.paragraphs] == ["ru", "ru", "ru"]


def test_dominant_script():
    assert dominant_script(AR) == "arabic"
    assert dominant_script(RU) == "cyrillic"
    assert dominant_script(EN) == "latin"
    assert dominant_script("123") is None


def test_curly_quotes_do_not_send_an_english_paragraph_to_the_model(monkeypatch):
    import marsad.stages.language as language

    calls = []
    detect = language._detector()
    monkeypatch.setattr(language, "_detector", lambda: lambda text, **kw: calls.append(text) or detect(text, **kw))
    quoted = "“The talks will continue,” the minister said — officials added that Moscow agreed."
    doc = find_language(doc_of(EN, quoted, EN))
    assert [p.attr("language") for p in doc.paragraphs] == ["en", "en", "en"]
    assert len(calls) == 1  # the article's language only
