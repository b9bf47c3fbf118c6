"""The NER tagger: CoNLL reading, features, a tiny training run, the
committed models on our own sentences, and the `marsad ner` command."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from marsad.ner.conll import ConllError, entity_spans, read_conll, read_documents, repair_iob2, write_tags
from marsad.ner.evaluate import score_entities
from marsad.ner.features import DocContext, Resources, arabic_parts, sentence_features, word_shape
from marsad.ner.gazetteer import Gazetteer, phrase_key
from marsad.ner.tagger import load_tagger, run_ner_command

SHARED = Path(__file__).resolve().parents[2] / "shared"
ANERCORP_TEST = SHARED / "data/ner/ar/anercorp/test.txt"

# Our own sentences (not from any corpus).
AR_TRAIN = [
    ("استقبل الرئيس سامر حداد وفدا من تونس", "O O B-PER I-PER O O B-LOC"),
    ("وقال وزير الخارجية نبيل سالم إن بغداد تدعم الاتفاق", "O O O B-PER I-PER O B-LOC O O"),
    ("وأعلنت جامعة القاهرة عن منحة جديدة", "O B-ORG I-ORG O O O"),
    ("وصل حداد إلى عمان مساء أمس", "O B-PER O B-LOC O O"),
    ("قالت منظمة الصحة العالمية إن الوضع مستقر", "O B-ORG I-ORG I-ORG O O O"),
]
EN_TRAIN = [
    ("President Samir Haddad met a delegation from Tunisia", "O B-PER I-PER O O O O B-LOC"),
    ("Foreign Minister Nabil Salem said Baghdad backs the deal", "O O B-PER I-PER O B-LOC O O O"),
    ("Cairo University announced a new grant", "B-ORG I-ORG O O O O"),
    ("Haddad arrived in Amman on Tuesday", "B-PER O O B-LOC O O"),
    ("The World Health Organization said the situation is stable", "O B-ORG I-ORG I-ORG O O O O O"),
]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _conll(pairs: list[tuple[str, str]]) -> str:
    return "".join("".join(f"{w} {t}\n" for w, t in zip(s.split(), tags.split())) + "\n" for s, tags in pairs)


# --- CoNLL ---------------------------------------------------------------


def test_read_conll_maps_types_and_repairs_iob2(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", "-DOCSTART- -X- O O\n\nقال O\nسامر I-PERS\nحداد I-PERS\n\nفي O\nعمان B-LOC\n")
    sents = list(read_conll(path))
    assert sents == [[("قال", "O"), ("سامر", "B-PER"), ("حداد", "I-PER")], [("في", "O"), ("عمان", "B-LOC")]]


def test_read_conll_reads_last_column_of_wide_files(tmp_path: Path) -> None:
    path = _write(tmp_path, "en.txt", "Cairo NNP I-NP B-ORG\nUniversity NNP I-NP I-ORG\nMIS x B-MIS1\n")
    assert list(read_conll(path)) == [[("Cairo", "B-ORG"), ("University", "I-ORG"), ("MIS", "B-MISC")]]


def test_malformed_line_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.txt", "قال O\nسامر B-PER\n\nحداد\n")
    with pytest.raises(ConllError) as info:
        list(read_conll(path))
    assert info.value.line_no == 4
    assert "bad.txt:4" in str(info.value)
    bad_tag = _write(tmp_path, "bad2.txt", "a O\nb O\nc B-PER\nd PERSON\n")
    with pytest.raises(ConllError, match=r"bad2\.txt:4: bad tag 'PERSON'"):
        list(read_conll(bad_tag))


def test_undecodable_line_names_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"a O\nb O\n\xe9t\xe9 O\n")
    with pytest.raises(ConllError, match=r"latin1\.txt:3: not UTF-8"):
        list(read_conll(path))


def test_bare_tokens_allowed_without_tags(tmp_path: Path) -> None:
    path = _write(tmp_path, "bare.txt", "قال\nحداد\n\nنعم\n")
    docs = read_documents(path, require_tags=False)
    assert [s.tokens for s in docs[0]] == [["قال", "حداد"], ["نعم"]]
    assert docs[0][0].lines == [1, 2]


def test_documents_split_at_docstart(tmp_path: Path) -> None:
    path = _write(tmp_path, "d.txt", "-DOCSTART- O\n\na O\n\nb O\n-DOCSTART- O\n\nc O\n")
    assert [[s.tokens for s in d] for d in read_documents(path)] == [[["a"], ["b"]], [["c"]]]


def test_repair_iob2() -> None:
    assert repair_iob2(["I-PER", "I-PER", "O", "I-LOC", "I-ORG", "B-ORG", "I-ORG"]) == [
        "B-PER",
        "I-PER",
        "O",
        "B-LOC",
        "B-ORG",
        "B-ORG",
        "I-ORG",
    ]


def test_entity_spans_and_scores() -> None:
    assert entity_spans(["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-ORG"]) == [
        (0, 2, "PER"),
        (3, 4, "LOC"),
        (4, 5, "LOC"),
        (5, 6, "ORG"),
    ]
    scores = score_entities([(["B-PER", "I-PER", "O", "B-LOC"], ["B-PER", "O", "O", "B-LOC"])])
    assert (scores["ALL"].tp, scores["ALL"].fp, scores["ALL"].fn) == (1, 1, 1)
    assert scores["LOC"].f1 == 1.0 and scores["PER"].f1 == 0.0


def test_write_tags() -> None:
    out = io.StringIO()
    write_tags(out, [(["a", "b"], ["O", "B-PER"]), (["c"], ["O"])])
    assert out.getvalue() == "a O\nb B-PER\n\nc O\n\n"


# --- features --------------------------------------------------------------


def test_arabic_parts_strip_proclitics() -> None:
    assert arabic_parts("وبغداد")[1:] == ("بغداد", "و")
    assert arabic_parts("والرئيس")[1:] == ("رييس", "وال")  # folded: ئ → ي
    assert arabic_parts("وزير") == ("وزير", "وزير", "")  # و of the stem stays
    assert arabic_parts("إسرائيل")[0] == "اسراييل"  # folded key


def test_word_shape() -> None:
    assert word_shape("McDonald") == "XxXx"
    assert word_shape("1996-08-22") == "0-0-0"


def test_gazetteer_longest_match_and_stems() -> None:
    gaz = Gazetteer([("LOC", phrase_key("بغداد")), ("ORG", phrase_key("جامعة بغداد الأهلية")), ("PER", ("حداد",))])
    words = "زار حداد جامعة بغداد الأهلية وبغداد".split()
    keys = [arabic_parts(t)[0] for t in words]
    stems = [arabic_parts(t)[1] for t in words]
    assert gaz.match(keys, stems) == ["", "B-PER", "B-ORG", "I-ORG", "I-ORG", "B-LOC"]
    assert gaz.words["بغداد"] == {"LOC", "ORG"}


def test_features_use_stems_clusters_and_gazetteer() -> None:
    res = Resources(clusters={"بغداد": ("1", "12", "123")}, gazetteer=Gazetteer([("LOC", ("بغداد",))]))
    feats = sentence_features("ar", ["زار", "وبغداد"], res)
    assert {"s=بغداد", "cl=و", "c2=123", "g=B-LOC"} <= set(feats[1])
    assert "1s=بغداد" in feats[0] and "-1pad" in feats[0]
    en = sentence_features("en", ["Haddad", "visited", "Amman"], Resources(), DocContext.of([["the", "visited"]]))
    assert {"w=Haddad", "sh=Xx", "first"} <= set(en[0])
    with pytest.raises(ValueError, match="'xx'"):
        sentence_features("xx", ["a"], Resources())


def test_english_features_aggregate_contexts_of_other_mentions() -> None:
    doc = DocContext.of([["BLACKBURN", "WINS"], ["Peter", "Blackburn", "said", "on", "Monday"]])
    assert doc.contexts["blackburn"] == ("ag-1=^", "ag-1=peter", "ag-2=^", "ag1=said", "ag1=wins", "ag2=$", "ag2=on")
    assert "said" not in doc.contexts  # lower-case words gather none
    headline = sentence_features("en", ["BLACKBURN", "WINS"], Resources(), doc)
    assert {"ag1=said", "ag-1=peter"} <= set(headline[0])
    assert not any(f.startswith("ag") for f in sentence_features("en", ["Blackburn"], Resources())[0])


# --- training and tagging ------------------------------------------------------


@pytest.mark.parametrize(("lang", "data"), [("ar", AR_TRAIN), ("en", EN_TRAIN)])
def test_tiny_training_learns_its_sentences(tmp_path: Path, lang: str, data: list[tuple[str, str]]) -> None:
    pytest.importorskip("pycrfsuite")
    from marsad.ner.tagger import CrfTagger
    from marsad.ner.train import load_corpus, train_crf

    corpus = _write(tmp_path, "tiny.txt", _conll(data))
    examples = load_corpus([corpus], lang)
    train_crf(lang, examples, tmp_path / "tiny.crfsuite", Resources(), c1=0.0, c2=0.01, max_iterations=60)
    tagger = CrfTagger(lang, tmp_path / "tiny.crfsuite", Resources())
    assert tagger.tag(data[0][0].split()) == data[0][1].split()
    assert tagger.tag([]) == []


def test_committed_arabic_model_tags_our_sentence() -> None:
    tagger = load_tagger("ar")
    assert load_tagger("ar") is tagger  # cached
    tokens = "وقال وزير الخارجية الأردني أيمن الصفدي في عمان إن الأمم المتحدة ستعقد اجتماعا في جنيف".split()
    tags = tagger.tag(tokens)
    assert len(tags) == len(tokens)
    assert tags[4:6] == ["B-PER", "I-PER"]
    assert tags[7] == "B-LOC" and tags[14] == "B-LOC"


def test_committed_english_model_tags_our_sentence() -> None:
    tokens = "Jordan 's Foreign Minister Ayman Safadi told reporters in Geneva on Monday .".split()
    tags = load_tagger("en").tag(tokens)
    assert tags[4:6] == ["B-PER", "I-PER"]
    assert tags[9] == "B-LOC"
    batch = load_tagger("en").tag_sentences([tokens, ["Safadi", "left", "."]])
    assert batch[1][0] == "B-PER"


def test_unsupported_language_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="'fr'"):
        load_tagger("fr")


# --- the command ---------------------------------------------------------------


def test_ner_command_prints_aligned_iob2(tmp_path: Path) -> None:
    path = _write(tmp_path, "in.txt", "زار O\nالرئيس O\nسامر B-PERS\nحداد I-PERS\nعمان\n\nشكرا O\n")
    out, err = io.StringIO(), io.StringIO()
    assert run_ner_command(path, "ar", out, err) == 0
    lines = out.getvalue().split("\n")
    assert [ln.split(" ")[0] for ln in lines] == ["زار", "الرئيس", "سامر", "حداد", "عمان", "", "شكرا", "", ""]
    assert all(ln.split(" ")[1] in {"O", "B-PER", "I-PER", "B-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC", "I-LOC"}
               for ln in lines if ln)


def test_ner_command_bad_input(tmp_path: Path) -> None:
    bad = _write(tmp_path, "bad.txt", "a O\nb O\nc NOT_A_TAG\n")
    err = io.StringIO()
    assert run_ner_command(bad, "en", io.StringIO(), err) == 2
    assert "bad.txt:3" in err.getvalue()
    err = io.StringIO()
    assert run_ner_command(bad, "zz", io.StringIO(), err) == 2
    assert "'zz'" in err.getvalue()


@pytest.mark.shared
@pytest.mark.skipif(not ANERCORP_TEST.exists(), reason="needs ../shared/data/ner/ar/anercorp")
def test_arabic_model_on_anercorp_slice() -> None:
    sents = list(read_conll(ANERCORP_TEST))[:300]
    tagger = load_tagger("ar")
    pred = tagger.tag_sentences([[t for t, _ in s] for s in sents])
    scores = score_entities(([g for _, g in s], p) for s, p in zip(sents, pred))
    assert scores["ALL"].f1 > 0.6


# --- resources ---------------------------------------------------------------------


def test_propagate_tags_later_bare_mentions() -> None:
    from marsad.ner.consistency import propagate

    sents = [["قال", "فيم", "دويسنبرج", "أمس"], ["وأكد", "دويسنبرج", "ذلك"], ["ذلك", "مهم"]]
    tags = [["O", "B-PER", "I-PER", "O"], ["O", "O", "O"], ["O", "O"]]
    out = propagate(sents, tags, key=str, window=5)
    assert out[1] == ["O", "B-PER", "O"]
    assert out[2] == ["O", "O"]  # "ذلك" was never tagged
    assert tags[1] == ["O", "O", "O"]  # input left alone


def test_build_clusters_writes_nested_levels(tmp_path: Path) -> None:
    pytest.importorskip("gensim")
    from marsad.ner.clusters import build_clusters, load_clusters

    sents = [["زار", "حداد", "عمان", "أمس"]] * 30 + [["زار", "سالم", "بغداد", "اليوم"]] * 30
    n = build_clusters(sents, tmp_path / "c.tsv", top=10, levels=(2, 3, 4), epochs=1, min_count=1)
    table = load_clusters(tmp_path / "c.tsv")
    assert n == len(table) == 7
    assert all(len(ids) == 3 for ids in table.values())


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_texts_decoded_together_tag_as_each_alone(lang: str) -> None:
    texts = {
        "ar": [
            ["وقال وزير الخارجية الأردني أيمن الصفدي في عمان".split(), "وأضاف الصفدي أن المحادثات مستمرة".split()],
            [],
            ["التقى الرئيس الروسي فلاديمير بوتين في موسكو وفدا من قطر".split(), [], "وقال بوتين إن".split()],
        ],
        "en": [
            ["Jordan 's Foreign Minister Ayman Safadi arrived in Geneva .".split(), "Safadi said talks go on .".split()],
            [],
            ["Russian President Vladimir Putin met a Qatari delegation in Moscow .".split(), []],
        ],
    }[lang]
    tagger = load_tagger(lang)
    together = tagger.tag_documents(texts)
    assert together == [tagger.tag_sentences(sentences) for sentences in texts]
    assert [len(t) for t in together[0]] == [len(s) for s in texts[0]]
    assert any(tag != "O" for tags in together[2] for tag in tags)
    assert tagger.tag_documents([]) == []
