"""Whole web pages in the shape Arabic and Russian news sites publish them.

The pages under tests/fixtures/pages/ were written for the project: a wire
story republished with the site's navigation, a date element outside the
article body in the page's own language, an agency lead and credit line, a
"most read" box and a footer.
"""

from pathlib import Path

import pytest

from marsad.api import analyze

PAGES = Path(__file__).parent / "fixtures" / "pages"


@pytest.mark.parametrize(
    "name, lang, title, published, source, agency, body_start",
    [
        ("ar_wire.html", "ar", "شويغو يبحث في الجزائر التعاون العسكري والتقني", "2024-11-20T14:30:00",
         "بوابة المشرق", "tass", "الجزائر - (تاس)"),
        ("ru_wire.html", "ru", "Лавров обсудил с главой МИД Иордании ситуацию в регионе", "2024-11-14T16:20:00",
         "Вестник Поволжья", "tass", "МОСКВА, 14 ноября. /ТАСС/."),
    ],
)
def test_wire_page(name, lang, title, published, source, agency, body_start):
    (doc,) = analyze([str(PAGES / name)])
    assert doc.rejection is None
    assert doc.language == lang
    assert doc.title == title
    assert doc.published.isoformat() == published
    assert doc.publisher == source
    assert [a.id for a in doc.agencies if a.how != "cited"] == [agency]
    assert doc.text.startswith(body_start)  # the headline is metadata, not the body's first block
    for junk in ("الأكثر قراءة", "جميع الحقوق", "المصدر:", "Поделиться", "Читайте также", "Все права"):
        assert junk not in doc.text
