"""Russian entities with natasha: spans, normal forms, name parts, IOB2 tags.

The sentences are our own news-style writing.  Model load is ~2-4 s, shared
by the whole module through natasha's cached loader.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("natasha", reason="natasha is not installed")

from marsad.ner.ru_natasha import RuEntity, find_entities, tag_tokens  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FACTRU = ROOT / ".." / "shared" / "data" / "ner" / "ru" / "factrueval-2016" / "testset"
NE5 = ROOT / ".." / "shared" / "data" / "ner" / "ru" / "collection5" / "collection5_gold.jsonl"


def by_text(entities: list[RuEntity]) -> dict[str, RuEntity]:
    return {e.text: e for e in entities}


def test_person_in_oblique_case_is_normalized() -> None:
    text = "Журналисты ждали Сергея Лаврова у входа в здание министерства."
    person = by_text(find_entities(text))["Сергея Лаврова"]
    assert person.type == "PER"
    assert person.normal == "Сергей Лавров"
    assert person.parts == {"first": "Сергей", "last": "Лавров"}


def test_foreign_names_reach_the_nominative() -> None:
    text = (
        "Президент Узбекистана Шавкат Мирзиёев провёл переговоры с главой МИД "
        "Турции Хаканом Фиданом и с Эммануэлем Макроном."
    )
    found = by_text(find_entities(text))
    assert found["Хаканом Фиданом"].normal == "Хакан Фидан"
    assert found["Хаканом Фиданом"].parts == {"first": "Хакан", "last": "Фидан"}
    assert found["Эммануэлем Макроном"].normal == "Эммануэль Макрон"
    assert found["Шавкат Мирзиёев"].normal == "Шавкат Мирзиёев"  # ё kept


def test_a_foreign_mans_name_in_the_instrumental_is_not_a_neuter_noun() -> None:
    text = "Лавров встретился с принцем Фейсалом бен Фарханом Аль Саудом и с Мухаммедом бен Сальманом."
    found = by_text(find_entities(text))
    assert found["Фейсалом бен Фарханом Аль Саудом"].normal == "Фейсал бен Фархан Аль Сауд"  # not "Фейсало"
    assert found["Мухаммедом бен Сальманом"].normal == "Мухаммед бен Сальман"


def test_lone_surname_is_a_last_name() -> None:
    text = "Позднее визит Лаврова прокомментировали в Кремле."
    person = by_text(find_entities(text))["Лаврова"]
    assert (person.type, person.normal, person.parts) == ("PER", "Лавров", {"last": "Лавров"})


def test_org_keeps_its_genitive_tail_and_loc_is_found() -> None:
    text = "Делегация Министерства иностранных дел Казахстана прибыла в Ташкент во вторник."
    found = by_text(find_entities(text))
    org = found["Министерства иностранных дел"]
    assert (org.type, org.normal) == ("ORG", "Министерство иностранных дел")
    assert (found["Казахстана"].type, found["Казахстана"].normal) == ("LOC", "Казахстан")
    assert found["Ташкент"].type == "LOC"
    assert found["Ташкент"].parts is None


def test_offsets_slice_the_text_exactly() -> None:
    text = (
        "  «Газпром» и Сбербанк\r\nподписали соглашение в Санкт-Петербурге, "
        "сообщила Валентина Матвиенко.\n\nВ Москве 😀 прошла встреча с Артёмом Шейниным."
    )
    entities = find_entities(text)
    assert {e.type for e in entities} == {"PER", "ORG", "LOC"}
    for entity in entities:
        assert text[entity.start : entity.end] == entity.text
    assert [e.start for e in entities] == sorted(e.start for e in entities)
    assert "Газпром" in by_text(entities)


def test_name_and_abbreviation_are_two_mentions_without_quotes() -> None:
    text = (
        "Организация Договора о коллективной безопасности (ОДКБ) провела учения, "
        "сообщило агентство «Вести Приморья»."
    )
    found = [(e.text, e.type) for e in find_entities(text)]
    assert found == [
        ("Организация Договора о коллективной безопасности", "ORG"),
        ("ОДКБ", "ORG"),
        ("Вести Приморья", "ORG"),
    ]
    whole = [e.text for e in find_entities(text, split_parens=False)]
    assert whole[0] == "Организация Договора о коллективной безопасности (ОДКБ)"


def test_empty_and_blank_text() -> None:
    assert find_entities("") == []
    assert find_entities(" \n\t") == []
    assert tag_tokens([]) == []


def test_tag_tokens_aligned_one_for_one() -> None:
    tokens = "Глава МИД России Сергей Лавров прилетел в Душанбе .".split()
    tags = tag_tokens(tokens)
    assert tags == ["O", "B-ORG", "B-LOC", "B-PER", "I-PER", "O", "O", "B-LOC", "O"]


def test_tag_tokens_keeps_alignment_with_odd_tokens() -> None:
    # A token natasha would split ("Нью-Йорке," here glued to a comma) and an
    # empty token still get exactly one tag each, in valid IOB2.
    tokens = ["Совет", "Безопасности", "собрался", "в", "Нью-Йорке,", "", "заявил", "Небензя"]
    tags = tag_tokens(tokens)
    assert len(tags) == len(tokens)
    assert tags[4] == "B-LOC" and tags[5] == "O"
    previous = "O"
    for tag in tags:
        assert tag == "O" or tag[:2] in ("B-", "I-")
        if tag.startswith("I-"):
            assert previous[2:] == tag[2:]
        previous = tag


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_ner_ru", ROOT / "scripts" / "eval_ner_ru.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.shared
@pytest.mark.skipif(not FACTRU.exists(), reason="../shared factRuEval-2016 is absent")
def test_factru_gold_and_a_small_score() -> None:
    ev = _eval_module()
    docs = sorted(ev.load_factru(FACTRU.resolve()), key=lambda d: len(d[1]))[:8]  # the short ones
    scores = ev.Scores()
    for _, text, gold in docs:
        assert gold and all(text[s:e].strip() == text[s:e] for s, e, _ in gold)
        pred = [(e.start, e.end, e.type) for e in find_entities(text)]
        ev.score_exact(scores, pred, gold)
    assert scores.row(ev.TYPES)[2] > 0.6  # micro F1, exact spans; ~0.8 on the full set


@pytest.mark.shared
@pytest.mark.skipif(not NE5.exists(), reason="../shared Collection5 is absent")
def test_collection5_gold_spans_are_trimmed_and_typed() -> None:
    ev = _eval_module()
    docs = ev.load_collection5(NE5.resolve())[:50]
    types = {t for _, _, gold in docs for _, _, t in gold}
    assert types == {"PER", "ORG", "LOC"}
    for _, text, gold in docs:
        for start, end, _ in gold:
            assert text[start] not in ev.TRIM and text[end - 1] not in ev.TRIM
