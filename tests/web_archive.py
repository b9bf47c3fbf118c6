"""A small archive for the web tests: the bundled samples, our own records
(tests/fixtures/web/records.jsonl), three articles carrying entities, quotes
and figures (written through the store's record path, so the tests do not
depend on the entities stage), and one hostile article."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from marsad.api import analyze_text
from marsad.ingest import ingest
from marsad.store import open_store, prepare
from marsad.store.terms import index_text

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "tests" / "fixtures" / "web" / "records.jsonl"

AR = (
    "الرياض - بحث وزير الخارجية فيصل بن فرحان مع نظيره الروسي سيرغي لافروف في الرياض اليوم سبل تعزيز التعاون "
    "بين البلدين في مجالات الطاقة والنقل والتعليم.\n\n"
    "وقال لافروف في مؤتمر صحفي مشترك: «نقدر الدور الذي تقوم به المملكة في استقرار أسواق النفط».\n\n"
    "وأكد فيصل بن فرحان أن حجم التبادل التجاري بين البلدين بلغ خمسة مليارات دولار العام الماضي، وأن الجانبين "
    "يعملان على زيادته عبر مشروعات مشتركة في الموانئ والسكك الحديدية."
)
RU = (
    "МОСКВА, 6 марта. Министр иностранных дел России Сергей Лавров провёл в Москве переговоры с министром "
    "иностранных дел Саудовской Аравии Фейсалом бен Фарханом.\n\n"
    "«Мы ценим вклад Эр-Рияда в стабильность нефтяного рынка», — сказал Лавров журналистам после встречи.\n\n"
    "Стороны обсудили торговлю, которая в прошлом году достигла пяти миллиардов долларов, и новые совместные "
    "проекты в энергетике, портах и на железной дороге."
)
EN = (
    "Saudi Foreign Minister Faisal bin Farhan met his Russian counterpart Sergei Lavrov in Riyadh on Tuesday to "
    "discuss energy, transport and education links between the two countries.\n\n"
    "\"We value the kingdom's role in keeping oil markets stable,\" Lavrov told a joint news conference.\n\n"
    "Faisal bin Farhan said trade between the two countries reached five billion dollars last year and that "
    "both sides were working on joint port and railway projects to raise it."
)
# Hostile: markup, event handlers, a javascript: link and a right-to-left override in every field shown.
RLO = "\u202e"
HOSTILE_TITLE = f'<script>window.__pwned=1;alert("title")</script> عاجل <img src=x onerror="window.__pwned=2"> {RLO}gpj.exe'
HOSTILE_TEXT = (
    "<script>document.body.innerHTML='PWNED';window.__pwned=3</script> قال مسؤولون في الميناء إن حركة "
    "الشحن عادت إلى طبيعتها بعد يومين من التوقف بسبب الرياح الشديدة على الساحل.\n\n"
    '<img src=x onerror="window.__pwned=4"> <a href="javascript:window.__pwned=5">اضغط هنا</a> '
    '<svg onload="window.__pwned=6"></svg> وأضافوا أن السفن المنتظرة على الرصيف ستفرغ حمولتها خلال الأسبوع '
    f"الجاري، وأن الإدارة وضعت جدولا جديدا لساعات العمل في المحطات. {RLO}txt.exe ملف مرفق\n\n"
    "<iframe src=\"javascript:window.__pwned=7\"></iframe> The port authority said traffic returned to normal "
    "after two days of high winds on the coast, and that waiting ships would be unloaded this week."
)
HOSTILE_URL = "javascript:window.__pwned=8"


def _mentions(text: str, forms: list[str]) -> list[dict[str, Any]]:
    out = []
    for form in forms:
        start = text.find(form)
        while start >= 0:
            out.append({"start": start, "end": start + len(form), "text": form})
            start = text.find(form, start + len(form))
    return out


def _entity_article(text: str, title: str, day: str, people: dict[str, list[str]], quote: str, figure: str) -> Any:
    p = prepare(analyze_text(text, name=f"{title}.txt", kind="text"))
    rec = p.record
    body = rec["text"]
    rec.update(title=title, published=day, source="Marsad fixtures", url=f"https://web-fixture.example/entities/{day}/{len(body)}")
    p.title_terms = index_text(title)
    rec["entities"] = [
        {"id": 1, "type": "PER", "name": people["lavrov"][0], "key": "PER:sergei-lavrov", "roles": ["وزير الخارجية الروسي" if "ال" in title else "minister"],
         "mentions": _mentions(body, people["lavrov"])},
        {"id": 2, "type": "PER", "name": people["faisal"][0], "key": "PER:faisal-bin-farhan", "roles": [],
         "mentions": _mentions(body, people["faisal"])},
        {"id": 3, "type": "LOC", "name": people["riyadh"][0], "key": "LOC:riyadh", "roles": [],
         "mentions": _mentions(body, people["riyadh"])},
    ]
    qs = body.find(quote)
    rec["quotes"] = [{"speaker": 1, "speaker_name": people["lavrov"][-1], "kind": "direct", "text": quote, "start": qs, "end": qs + len(quote)}]
    fs = body.find(figure)
    rec["quantities"] = [{"kind": "money", "value": 5e9, "unit": "USD", "text": figure, "start": fs, "end": fs + len(figure)}]
    return p


def build(path: Path) -> dict[str, Any]:
    """Write the archive at ``path``; returns the ids the tests look for."""
    with open_store(path) as store:
        ingest([str(ROOT / "samples"), str(RECORDS)], store, workers=1)
        ids: dict[str, Any] = {}
        for key, text, title, day, people, quote, figure in (
            ("ar", AR, "لافروف وفيصل بن فرحان يبحثان في الرياض التعاون في الطاقة", "2026-03-06",
             {"lavrov": ["سيرغي لافروف", "لافروف"], "faisal": ["فيصل بن فرحان"], "riyadh": ["الرياض"]},
             "نقدر الدور الذي تقوم به المملكة في استقرار أسواق النفط", "خمسة مليارات دولار"),
            ("ru", RU, "Лавров провёл переговоры с главой МИД Саудовской Аравии", "2026-03-07",
             {"lavrov": ["Сергей Лавров", "Лавров"], "faisal": ["Фейсалом бен Фарханом"], "riyadh": ["Эр-Рияда"]},
             "Мы ценим вклад Эр-Рияда в стабильность нефтяного рынка", "пяти миллиардов долларов"),
            ("en", EN, "Lavrov and Faisal bin Farhan discuss energy links in Riyadh", "2026-03-08",
             {"lavrov": ["Sergei Lavrov", "Lavrov"], "faisal": ["Faisal bin Farhan"], "riyadh": ["Riyadh"]},
             "We value the kingdom's role in keeping oil markets stable", "five billion dollars"),
        ):
            _, ids[key] = store.add(_entity_article(text, title, day, people, quote, figure))
        p = prepare(analyze_text(HOSTILE_TEXT, name="hostile.txt", kind="text"))
        body = p.record["text"]
        p.record.update(title=HOSTILE_TITLE, url=HOSTILE_URL, published="2019-01-09", source='<b onmouseover="window.__pwned=9">Evil</b>')
        p.title_terms = index_text(HOSTILE_TITLE)
        p.record["entities"] = [{"id": 1, "type": "ORG", "name": '<img src=x onerror="window.__pwned=10">Port', "key": "ORG:hostile-port",
                                 "roles": ["<script>window.__pwned=11</script>"], "mentions": _mentions(body, ["الميناء"])}]
        p.record["quotes"] = [{"speaker": 1, "speaker_name": "<i>x</i>", "kind": "direct", "text": body[:60], "start": 0, "end": 60}]
        _, ids["hostile"] = store.add(p)
        store.commit()
        row = store.db.execute("SELECT id FROM entities WHERE key = 'PER:sergei-lavrov'").fetchone()
        ids["lavrov"] = row[0]
        ids["hostile_entity"] = store.db.execute("SELECT id FROM entities WHERE key = 'ORG:hostile-port'").fetchone()[0]
        ids["counts"] = store.counts()
    return ids


_BUILT: dict[str, Any] = {}


def shared(tmp_path_factory: Any) -> tuple[Path, dict[str, Any]]:
    """One archive for the whole test session (both web test modules)."""
    if "path" not in _BUILT:
        path = tmp_path_factory.mktemp("web") / "web.db"
        _BUILT["ids"] = build(path)
        _BUILT["path"] = path
    return _BUILT["path"], _BUILT["ids"]
