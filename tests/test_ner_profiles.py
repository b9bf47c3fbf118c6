"""Word evidence from unlabelled news for the Arabic tagger: context
profiles (marsad.ner.profiles), the letter model of names
(marsad.ner.nameiness), and the quotation features of quoted titles."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.ner.features import quote_extras
from marsad.ner.nameiness import (
    letter_grams,
    load_nameiness,
    name_level,
    train_nameiness,
    training_words,
)
from marsad.ner.profiles import build_profiles, load_profiles, load_triggers

TRIGGERS = "# test\nT\tleft\tاللاعب الرئيس\nS\tleft\tقال\nB\tright\tبن\nO\tleft\tنادي\n"

# Our own sentences: a made-up player is announced by a title and a speech
# verb, a made-up club by "نادي"; "الملعب" is a common noun with the article.
CORPUS = [
    "وقال اللاعب زيدوفار إن الملعب كان صعبا".split(),
    "وأضاف اللاعب زيدوفار أن الملعب جديد".split(),
    "قال زيدوفار بعد المباراة في الملعب".split(),
    "وقال زيدوفار إن الفريق جاهز".split(),
    "فاز نادي الرمالي على ضيفه في الملعب".split(),
    "وتعادل نادي الرمالي مع الوحدة".split(),
    "وأعلن نادي الرمالي عن مدربه الجديد".split(),
    "استقبل الرئيس خالد بن زيدوفار الوفد".split(),
]


@pytest.fixture()
def triggers(tmp_path: Path) -> dict[str, dict[str, str]]:
    path = tmp_path / "triggers.tsv"
    path.write_text(TRIGGERS, encoding="utf-8")
    return load_triggers(path)


def test_triggers_are_read_as_stems(triggers: dict[str, dict[str, str]]) -> None:
    # "اللاعب" is matched by its stem, so "واللاعب" counts as well
    assert triggers["left"]["لاعب"] == "T"
    assert triggers["right"]["بن"] == "B"


def test_profiles_count_what_announces_a_word(tmp_path: Path, triggers: dict[str, dict[str, str]]) -> None:
    out = tmp_path / "profiles.tsv"
    n = build_profiles(CORPUS, triggers, out)
    prof = load_profiles(out)
    assert n == len(prof)
    player = set(prof["زيدوفار"].split())
    assert {"fq2", "LT3", "LS3"} <= player  # 6 times: after a title twice, after "قال" twice
    assert "LO3" in prof["رمالي"].split()  # the club, after "نادي" each time
    assert "AL3" in prof["رمالي"].split() and "AL3" in prof["ملعب"].split()
    assert not {"LT3", "LS3"} & set(prof["ملعب"].split())
    # "خالد" comes before "بن" once only: below the two sightings a level needs
    assert "خالد" not in prof  # and it is seen once, under MIN_COUNT


def test_quotes_mark_the_quoted_words_and_what_came_before() -> None:
    toks = "وقدم برنامج « حوار من القلب » على القناة".split()
    extras = quote_extras(toks, toks)
    assert extras[0] == extras[2] == extras[7] == []
    assert extras[3] == ["inq", "qb=برنامج", "qfirst"]
    assert extras[5] == ["inq", "qb=برنامج", "qlast"]
    # '' written as two tokens, and a quote that never closes
    toks = "قائد ' ' يونيفل ' ' الجنرال".split()
    assert quote_extras(toks, toks)[3] == ["inq", "qb=قائد", "qfirst", "qlast"]
    toks = 'وقال " نعم لكل شيء'.split()
    assert quote_extras(toks, toks) == [[] for _ in toks]


def test_letter_grams_and_levels() -> None:
    assert letter_grams("ab") == ["<a", "ab", "b>", "<ab", "ab>", "<ab>"]
    weights = {"<ab": 5.0, "xy": -3.0}
    assert name_level("abc", weights) == "4"
    assert name_level("xyz", weights) == "1"
    assert name_level("qqq", weights) == "2"


def test_the_letter_model_learns_names_from_words(tmp_path: Path) -> None:
    # Made-up words: "names" end in -ovar/-ino, "others" begin with yat-/mut-.
    names = {w + end: {"PER"} for w in ("zid", "kar", "lum", "ped", "sor", "tam", "vel", "gor") for end in ("ovar", "ino")}
    others = {p + w: "fq6" for p in ("yat", "mut") for w in ("kalam", "dafir", "sabuq", "nahil", "tawid", "rasub")}
    pos, neg = training_words(names, others)
    assert pos == set(names) and neg == set(others)
    out = tmp_path / "nm.tsv"
    train_nameiness(pos, neg, out)
    weights = load_nameiness(out)
    assert int(name_level("bexovar", weights)) > int(name_level("yatbexul", weights))
