"""The bundled samples, end to end, against what a reader of each sees.

The expectations were written by reading each sample (they are the
project's own articles): headline, date, language, publisher and credited
agencies.  Dates whose year is not on the page take it from the file's
time, so only month and day are checked for them.
"""

import json
from pathlib import Path

import pytest

from marsad.api import analyze
from marsad.record import to_record

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

# path: (language, title starts with, published month-day or full date, source, agencies)
EXPECTED = {
    "ar/algeria-russian-wheat.txt": ("ar", "الجزائر تتسلم شحنة", "10-03", None, ["afp"]),
    "ar/egypt-dabaa-rosatom.txt": ("ar", "مصر وروسيا تراجعان", "2024-11-14", "nabd-alyawm.example", ["dpa"]),
    "ar/kazan-islamic-finance.txt": ("ar", "منتدى قازان يناقش", "05-16", "روسيا اليوم", ["tass"]),
    "ar/lavrov-faisal-riyadh.txt": ("ar", "لافروف وابن فرحان", "03-15", "روسيا اليوم", ["rt"]),
    "ar/uae-russia-trade.txt": ("ar", "الإمارات وروسيا تبحثان", "2024-11-09", None, ["wam"]),
    "en/caspian-summit.txt": ("en", "Caspian summit talks", "2024-03-15", None, ["interfax"]),
    "en/qatar-russia-grain.html": ("en", "Qatar and Russia discuss", "2024-11-20", "Meridian Daily", ["ap"]),
    "en/russia-saudi-opec.html": ("en", "Russia and Saudi Arabia signal", "2024-03-15", "The Gulf Ledger", ["reuters"]),
    "mixed/wire.jsonl:1": ("ar", "السعودية وروسيا تبحثان", "2024-10-22", "وكالة الأنباء السعودية", ["spa"]),
    "mixed/wire.jsonl:2": ("ru", "Россия и Иран согласовали", "2024-09-05", "ТАСС", ["tass"]),
    "mixed/wire.jsonl:3": ("en", "Russian-Arab cooperation forum", "2023-12-20", "Xinhua", ["xinhua"]),
    "ru/akkuyu-turbine.cp1251.txt": ("ru", '"Росатом" сообщил', "2024-11-12T14:05:00", None, ["ria"]),
    "ru/kazanforum.koi8-r.txt": ("ru", "В Казани открылся форум", "05-15", "Волжский вестник", ["interfax"]),
    "ru/lavrov-cairo.txt": ("ru", "Лавров и глава МИД Египта", "03-15", None, ["tass"]),
}


@pytest.fixture(scope="module")
def records():
    out = {}
    for doc in analyze([str(SAMPLES)]):
        rec = to_record(doc)
        out[str(Path(rec["path"]).relative_to(SAMPLES))] = rec
    return out


def test_every_sample_is_analyzed(records):
    assert sorted(records) == sorted(EXPECTED)
    assert all(r["rejected"] is None for r in records.values())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_metadata(records, name):
    lang, title, published, source, agencies = EXPECTED[name]
    rec = records[name]
    assert rec["language"] == lang
    assert rec["title"].startswith(title)
    if len(published) == 5:
        assert rec["published"][5:10] == published and "fetch_year" in rec["published_how"]
    else:
        assert rec["published"] == published
    assert rec["source"] == source
    assert rec["agencies"] == agencies


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_body_is_clean(records, name):
    rec = records[name]
    text = rec["text"]
    # headline, credit lines, site lines and navigation are metadata, not body
    assert rec["title"] not in text
    for junk in ("المصدر:", "Источник:", "Поделиться", "شارك\n", "Ru En", "Ар En", "Copyright", "Read more"):
        assert junk not in text, junk
    for span in rec["paragraphs"] + rec["headings"] + rec["sentences"]:
        piece = text[span["start"] : span["end"]]
        assert piece and piece == piece.strip()
    json.dumps(rec, ensure_ascii=False)  # the record is JSON-ready
