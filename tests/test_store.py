"""The archive: terms, queries, the SQLite store's writes, dedup and reads."""

from __future__ import annotations

import json
import sqlite3

import pytest

from marsad.api import analyze_text
from marsad.errors import StoreError
from marsad.store import Filters, open_store, prepare
from marsad.store.dedup import content_hash, signature
from marsad.store.migrations import MIGRATIONS
from marsad.store.query import QueryError, parse_query
from marsad.store.terms import index_text, word_term

# --- terms and queries -----------------------------------------------------------


@pytest.mark.parametrize(
    "forms",
    [
        ["المملكة", "والمملكة", "بالمملكة", "للمملكة", "فالمملكة", "وبالمملكة"],
        ["الرياض", "بالرياض", "والرياض", "للرياض"],
        ["Лавров", "Лаврова", "Лаврову", "Лавровым"],
        ["Москва", "Москвы", "Москве"],
        ["minister", "ministers"],
    ],
)
def test_forms_of_a_word_share_a_term(forms: list[str]) -> None:
    assert len({word_term(f) for f in forms}) == 1, {f: word_term(f) for f in forms}


def test_words_that_start_with_a_clitic_letter_keep_it() -> None:
    # و of وزير and ب of بيان are part of the word, not a conjunction or preposition
    assert word_term("وزير") != word_term("زير")
    assert word_term("وزير") == word_term("الوزير")
    assert word_term("بيان") == word_term("البيان")


def test_digits_of_every_script_are_one_term() -> None:
    assert index_text("٢٠٢٤ 2024 ۲۰۲۴") == "2024 2024 2024"


def test_query_syntax() -> None:
    q = parse_query('"وزير الخارجية" OR Лавров -نفط')
    assert q.match == f'("{word_term("وزير")} {word_term("الخارجية")}" OR "{word_term("Лавров")}") NOT "{word_term("نفط")}"'
    assert word_term("نفط") not in q.terms
    assert parse_query("«الأمم المتحدة»").match.count('"') == 2


@pytest.mark.parametrize("bad", ["", "   ", "-نفط", "... !!!", 'OR "" -x'])
def test_queries_that_look_for_nothing_are_refused(bad: str) -> None:
    with pytest.raises(QueryError, match="give at least one word"):
        parse_query(bad)


def test_overlong_queries_are_refused_with_a_reason() -> None:
    with pytest.raises(QueryError, match="too long"):
        parse_query("وزير " * 1000)
    with pytest.raises(QueryError, match="at most 100"):
        parse_query(" OR ".join(f"w{i}" for i in range(150)))
    assert parse_query(" OR ".join(f"w{i}" for i in range(100))).terms


def test_fts_syntax_in_a_query_is_only_words() -> None:
    # Characters FTS5 would read as syntax are just part of the words here.
    q = parse_query('a* NEAR(b c) title:x "unclosed')
    assert "NEAR(" not in q.match and "*" not in q.match and ":" not in q.match


# --- writing ----------------------------------------------------------------------

RIYADH = """وزير الخارجية السعودي يستقبل نظيره الروسي في الرياض
١٥ مارس ٢٠٢٦

استقبل وزير الخارجية السعودي الأمير فيصل بن فرحان في الرياض اليوم الأحد وزير الخارجية الروسي سيرغي لافروف، وبحث الجانبان العلاقات الثنائية وسبل تطويرها في مجالات الطاقة والتجارة والاستثمار.

وقال الوزير السعودي إن المملكة حريصة على تعزيز الشراكة مع روسيا، مشيرا إلى أن حجم التبادل التجاري بين البلدين ارتفع خلال العام الماضي، وأن اللجنة الحكومية المشتركة ستعقد اجتماعها المقبل في موسكو.

من جهته، أكد لافروف أن بلاده تقدر دور المملكة في استقرار أسواق النفط، وأن التنسيق بين البلدين في إطار أوبك بلس أثبت فعاليته، مضيفا أن الجانبين اتفقا على مواصلة المشاورات حول الأزمات الإقليمية.

المصدر: وكالة الأنباء السعودية (واس)
"""

MOSCOW = """Лавров провел переговоры с министром иностранных дел Египта в Москве

Министр иностранных дел России Сергей Лавров провел в Москве переговоры с египетским коллегой. Стороны обсудили поставки зерна, строительство атомной электростанции и положение на Ближнем Востоке.

По словам Лаврова, товарооборот между странами в прошлом году вырос, а совместная комиссия соберется в Каире в следующем месяце. Египетский министр поблагодарил российскую сторону за поддержку.

Источник: ТАСС
"""


def _prepared(text: str, url: str | None = None, name: str = "page.txt"):
    doc = analyze_text(text, name=name, kind="text")
    doc.source.url = url
    assert doc.rejection is None, doc.rejection
    return prepare(doc)


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "archive.db")
    yield s
    s.close()


def test_new_archive_has_its_migrations_and_wal(store, tmp_path) -> None:
    assert [n for n, _ in store.migrations()] == [n for n, _ in MIGRATIONS]
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for table in ("articles", "sources", "agencies", "entities", "mentions", "quantities", "quotes", "events", "rejections"):
        assert table in tables


def test_add_then_search_finds_clitic_forms(store) -> None:
    outcome, article_id = store.add(_prepared(RIYADH, "https://example.org/riyadh"))
    store.commit()
    assert outcome == "added"
    for query in ("المملكة", "بالمملكة", "للمملكة", "والمملكة", "الرياض"):
        result = store.search(query)
        assert result["total"] == 1, query
        assert result["hits"][0]["id"] == article_id
    assert store.search("Лавров")["total"] == 0


def test_same_content_same_url_is_unchanged_and_other_url_is_an_alias(store) -> None:
    store.add(_prepared(RIYADH, "https://example.org/riyadh"))
    assert store.add(_prepared(RIYADH, "https://example.org/riyadh"))[0] == "unchanged"
    # Spacing and punctuation differences are the same content.
    outcome, article_id = store.add(_prepared(RIYADH.replace("،", ",").replace("  ", " "), "https://mirror.example/r"))
    assert outcome == "alias"
    store.commit()
    assert store.counts()["articles"] == 1
    assert store.article(article_id)["urls"] == ["https://example.org/riyadh", "https://mirror.example/r"]


def test_changed_content_at_a_url_updates_in_place(store) -> None:
    _, first = store.add(_prepared(RIYADH, "https://example.org/story"))
    outcome, second = store.add(_prepared(MOSCOW, "https://example.org/story"))
    store.commit()
    assert (outcome, second) == ("updated", first)
    assert store.counts()["articles"] == 1
    assert store.search("الرياض")["total"] == 0  # the old terms left the index
    assert store.search("Лаврову")["total"] == 1
    assert store.db.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')") is not None


def test_near_duplicate_is_linked_to_its_original(store) -> None:
    _, original = store.add(_prepared(RIYADH, "https://a.example/1"))
    copy = RIYADH.replace("من جهته، أكد لافروف", "وفي السياق نفسه أكد لافروف")
    outcome, dup = store.add(_prepared(copy, "https://b.example/2"))
    store.commit()
    assert outcome == "near-duplicate"
    row = store.article(dup)
    assert row["duplicate_of"] == original and row["similarity"] >= 0.7
    assert [d["id"] for d in store.article(original)["near_duplicates"]] == [dup]
    # Search shows the original only, unless asked.
    assert [h["id"] for h in store.search("لافروف")["hits"]] == [original]
    assert {h["id"] for h in store.search("لافروف", Filters(duplicates=True))["hits"]} == {original, dup}


def test_different_articles_are_not_near_duplicates() -> None:
    a, b = signature(RIYADH), signature(MOSCOW)
    assert a is not None and b is not None and a != b
    assert signature("قصير جدا") is None
    assert content_hash("Один  текст.") == content_hash("один текст")


def test_rejections_are_stored_once_per_input_and_reason(store) -> None:
    doc = analyze_text("", name="empty.txt", kind="text")
    assert doc.rejection is not None
    for _ in range(2):
        assert store.add(prepare(doc))[0] == "rejected"
    store.commit()
    rows = store.db.execute("SELECT input, reason FROM rejections").fetchall()
    assert rows == [("empty.txt", doc.rejection.reason)]


# --- reading ----------------------------------------------------------------------


def test_search_ranks_headline_matches_first_and_counts_facets(store) -> None:
    _, riyadh = store.add(_prepared(RIYADH, "https://a.example/1"))
    _, moscow = store.add(_prepared(MOSCOW, "https://b.example/2"))
    store.commit()
    result = store.search("موسكو OR Москве")
    assert result["total"] == 2
    assert result["facets"]["language"] == {"ar": 1, "ru": 1}
    # Москве is in the Russian headline; موسكو only in the Arabic body.
    assert result["hits"][0]["id"] == moscow
    assert result["hits"][0]["title_highlights"]
    assert store.search("موسكو OR Москве", Filters(lang="ar"))["total"] == 1
    assert store.search("موسكو OR Москве", Filters(agency="tass"))["hits"][0]["id"] == moscow


def test_snippet_highlights_are_the_query_words(store) -> None:
    _, article_id = store.add(_prepared(RIYADH))
    store.commit()
    hit = store.search("بالمملكة")["hits"][0]
    snip = hit["snippet"]
    marked = [snip["text"][s:e] for s, e in snip["highlights"]]
    assert marked and all(word_term(w) == word_term("المملكة") for w in marked)
    text = store.article(article_id)["text"]
    assert text[snip["start"] : snip["end"]] == snip["text"]


def test_date_filters(store) -> None:
    store.add(_prepared(RIYADH))
    store.commit()
    day = store.db.execute("SELECT day FROM articles").fetchone()[0]
    assert day == "2026-03-15"
    assert store.search("الرياض", Filters(date_from=day, date_to=day))["total"] == 1
    assert store.search("الرياض", Filters(date_from="2999-01-01"))["total"] == 0
    with pytest.raises(StoreError, match="YYYY-MM-DD"):
        Filters(date_from="yesterday")


def _record_with_entities(text: str, entities: list[dict], quotes: list[dict] | None = None) -> dict:
    doc = analyze_text(text, name="x.txt", kind="text")
    p = prepare(doc)
    p.record["entities"] = entities
    p.record["quotes"] = quotes or []
    return p


def test_entities_merge_across_articles_by_key_and_namesakes_stay_apart(store) -> None:
    lavrov = {"id": 1, "type": "PER", "name": "سيرغي لافروف", "key": "PER:سيرغي لافروف", "roles": ["وزير الخارجية الروسي"],
              "mentions": [{"start": 0, "end": 5, "text": "لافروف"}]}
    faisal = {"id": 2, "type": "PER", "name": "فيصل بن فرحان", "key": "PER:فيصل بن فرحان", "roles": [], "mentions": []}
    p1 = _record_with_entities(RIYADH, [lavrov, faisal])
    at = p1.record["text"].index("تقدر دور المملكة")
    p1.record["quotes"] = [{"speaker": 1, "speaker_name": "لافروف", "kind": "direct", "start": at, "end": at + 16}]
    store.add(p1)
    other_lavrov = {"id": 1, "type": "PER", "name": "لافروف", "key": "PER:سيرغي لافروف", "roles": ["الوزير"], "mentions": []}
    namesake = {"id": 2, "type": "PER", "name": "ألكسندر لافروف", "key": "PER:ألكسندر لافروف", "roles": [], "mentions": []}
    store.add(_record_with_entities(MOSCOW, [other_lavrov, namesake]))
    store.commit()
    found = store.find_entities("لافروف")
    assert [e["name"] for e in found] == ["سيرغي لافروف", "ألكسندر لافروف"]
    assert found[0]["articles"] == 2 and found[1]["articles"] == 1
    e = store.entity(found[0]["id"])
    assert {n["name"] for n in e["names"]} == {"سيرغي لافروف", "لافروف"}
    assert {r["role"] for r in e["roles"]} == {"وزير الخارجية الروسي", "الوزير"}
    assert {r["name"] for r in e["related"]} == {"فيصل بن فرحان", "ألكسندر لافروف"}
    assert e["quotes"][0]["text"] == "تقدر دور المملكة"  # sliced from the article text: offsets, not copies
    assert store.search("الرياض", Filters(entity="فيصل بن فرحان"))["total"] == 1
    assert store.search("الرياض", Filters(entity="لا أحد"))["total"] == 0


def test_export_is_filtered_like_search(store) -> None:
    store.add(_prepared(RIYADH, "https://a.example/1"))
    store.add(_prepared(MOSCOW, "https://b.example/2"))
    store.commit()
    assert [r["language"] for r in store.export()] == ["ar", "ru"]
    assert [r["url"] for r in store.export("Лаврова")] == ["https://b.example/2"]
    assert [r["url"] for r in store.export(None, Filters(lang="ar"))] == ["https://a.example/1"]


def test_readonly_open_of_a_missing_archive_names_it(tmp_path) -> None:
    with pytest.raises(StoreError, match="no archive here"):
        open_store(tmp_path / "nothing.db", readonly=True)


def test_an_archive_from_a_newer_marsad_is_refused(tmp_path) -> None:
    path = tmp_path / "a.db"
    open_store(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO migrations VALUES ('9999_future', 'x')")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer Marsad"):
        open_store(path)


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path) -> None:
    path = tmp_path / "a.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a Marsad archive or damaged"):
        open_store(path)


def test_article_spans_are_offsets_into_the_stored_text(store) -> None:
    _, article_id = store.add(_prepared(MOSCOW))
    store.commit()
    art = store.article(article_id)
    for start, end, _lang in art["spans"]["paragraphs"]:
        assert art["text"][start:end].strip() == art["text"][start:end]
    credit = art["spans"]["credits"][0]
    assert credit["id"] == "tass"
    json.dumps(art, ensure_ascii=False)


def test_an_index_built_by_another_analyzer_is_rebuilt_by_a_writer(tmp_path) -> None:
    path = tmp_path / "a.db"
    with open_store(path) as store:
        store.add(_prepared(RIYADH))
        store.commit()
        # Simulate an archive indexed by an older analyzer: wrong terms, old version.
        store.db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')")
        store.db.execute("INSERT INTO articles_fts(rowid, title, body) VALUES (1, 'x', 'y')")
        store.db.execute("UPDATE settings SET value = 'marsad.terms/0' WHERE name = 'analyzer'")
    with pytest.raises(StoreError, match="marsad reindex"):
        open_store(path, readonly=True)
    with open_store(path) as store:
        assert store.search("بالمملكة")["total"] == 1
    with open_store(path, readonly=True) as store:
        assert store.search("الرياض")["total"] == 1


def test_a_record_the_store_cannot_write_is_rejected_alone(store) -> None:
    good = _prepared(RIYADH, "https://a.example/1")
    bad = _prepared(MOSCOW, "https://b.example/2")
    bad.record["quantities"] = [{"kind": "money", "value": 5}]  # no offsets
    assert store.add(good)[0] == "added"
    outcome, article_id = store.add(bad)
    assert (outcome, article_id) == ("rejected", None)
    assert bad.rejection["reason"] == "internal-error" and "KeyError" in bad.rejection["message"]
    store.commit()
    assert store.counts()["articles"] == 1  # the good one of the same batch is kept
    assert store.search("Лаврову")["total"] == 0  # nothing of the bad one stays (no index terms)
    assert store.db.execute("SELECT stage, reason FROM rejections").fetchall() == [("store", "internal-error")]
