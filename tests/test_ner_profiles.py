"""Word evidence from unlabelled news for the Arabic tagger: context
profiles (marsad.ner.profiles), the letter model of names
(marsad.ner.nameiness), and the quotation features of quoted titles."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.ner.features import quote_extras
from marsad.ner.gazetteer import read_names
from marsad.ner.nameiness import (
    letter_grams,
    load_nameiness,
    name_level,
    train_nameiness,
    training_words,
)
from marsad.ner.profiles import (
    add_name_levels,
    build_profiles,
    load_profiles,
    load_triggers,
)

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


def test_profiles_keep_no_invisible_stems(tmp_path: Path, triggers: dict[str, dict[str, str]]) -> None:
    # a right-to-left mark or zero-width joiner standing alone is no word
    out = tmp_path / "profiles.tsv"
    build_profiles([["\u200f", "كلمة", "\u200d"]] * 3, triggers, out)
    assert set(load_profiles(out)) == {"كلمه"}


@pytest.mark.parametrize(
    ("name", "text", "line", "load"),
    [
        ("triggers.tsv", "T\tleft\tالرئيس\nT\tabove\tالسيد\n", 2, load_triggers),
        ("triggers.tsv", "T left الرئيس\n", 1, load_triggers),
        ("profiles.tsv", "# header\nملعب\tfq5\nملعب fq5\n", 3, load_profiles),
        ("nameiness.tsv", "<ab\t1.5\n<cd\tmany\n", 2, load_nameiness),
        ("names.tsv", "PER\tأحمد|محمود\nPERSON\tعلي\n", 2, read_names),
        ("names.tsv", "ORG\n", 1, read_names),
    ],
)
def test_a_malformed_line_names_its_file_and_line(tmp_path: Path, name: str, text: str, line: int, load) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{name}:{line}: expected"):
        load(path)


def test_the_hand_written_names_read_as_typed_names() -> None:
    names = read_names(Path(__file__).parents[1] / "src/marsad/ner/models/ar_names.tsv")
    assert ("PER", "أشرف") in names and ("ORG", "الليكود") in names
    assert {kind for kind, _ in names} <= {"PER", "ORG", "LOC", "MISC"}


def test_name_levels_join_the_profiles_once(tmp_path: Path, triggers: dict[str, dict[str, str]]) -> None:
    out = tmp_path / "profiles.tsv"
    build_profiles(CORPUS, triggers, out)
    weights = {"<زي": 5.0}
    add_name_levels(out, weights)
    add_name_levels(out, weights)  # again: the level is replaced, not added twice
    prof = load_profiles(out)
    assert prof["زيدوفار"].split().count("nm4") == 1
    assert all(sum(f.startswith("nm") for f in feats.split()) == 1 for feats in prof.values())
    assert "nm2" in prof["ملعب"].split()  # no gram of it weighs: a score of 0
