"""The extract and quality stages on records, dumps and pages."""

from marsad.api import analyze_bytes, analyze_text
from marsad.doc import Document, Source
from marsad.pipeline import Pipeline
from marsad.readers.records import record_document

BODY_AR = (
    "الرياض - بحث وزير الطاقة مع نظيره الروسي في الرياض اليوم تنسيق السياسات النفطية "
    "ضمن تحالف أوبك بلس، وتطورات أسواق الطاقة العالمية.\n"
    "وأكد الجانبان أهمية مواصلة التعاون بما يحقق استقرار الأسواق ويخدم مصالح المنتجين والمستهلكين.\n"
    "المصدر: رويترز"
)


def test_record_fields_map_onto_the_document():
    doc = record_document(
        {"title": "لقاء نفطي", "content": BODY_AR, "source": "صحيفة الرياض", "date": "2015-07-22", "author": "محرر"},
        "day.json#0",
    )
    doc = Pipeline()(doc)
    assert doc.rejection is None
    assert doc.title == "لقاء نفطي" and doc.publisher == "صحيفة الرياض" and doc.author == "محرر"
    assert doc.published.isoformat() == "2015-07-22"
    # every body line is kept, the closing credit is metadata
    assert len(doc.paragraphs) == 2 and "المصدر" not in doc.text
    assert [a.id for a in doc.agencies if a.how != "cited"] == ["reuters"]


def test_record_with_markup_goes_through_the_html_extractor():
    html = "<div><p>" + "</p><p>".join(["Talks in Cairo went on late into the night, aides said." * 2] * 3) + "</p></div>"
    doc = Pipeline()(record_document({"title": "Cairo talks", "html": html}, "x.jsonl:1"))
    assert doc.rejection is None and "<p>" not in doc.text and "Cairo" in doc.text


def test_short_text_is_rejected_as_not_an_article():
    doc = analyze_text("Home | News | Sport | Contact us")
    assert doc.rejection is not None and doc.rejection.reason == "no-article-text"


def test_numbers_only_is_not_prose():
    doc = analyze_text("\n".join(" ".join(str(i * j) for j in range(12)) for i in range(30)))
    assert doc.rejection is not None and doc.rejection.reason == "not-prose"


def test_windows_1256_dump_is_decoded_and_extracted():
    dump = "بحث وزير الخارجية مع نظيره في موسكو العلاقات الثنائية وسبل تطويرها في مختلف المجالات الاقتصادية والسياسية."
    doc = analyze_bytes((dump + "\n\n" + dump).encode("windows-1256"), "page.txt")
    assert doc.rejection is None and doc.encoding == "windows-1256" and doc.language == "ar"


def test_record_without_text_is_rejected_with_reason():
    doc = Pipeline()(Document(source=Source(path="r.json#1"), kind="record", record={"title": "only a title"}))
    assert doc.rejection is not None and doc.rejection.reason == "no-article-text"
