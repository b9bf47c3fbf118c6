"""Decoding crfsuite models in numpy (marsad.ner.crf, marsad.ner.scoring):
the dump parser, Viterbi against brute force, and the scores summed without
strings against the scores of the training-time feature strings."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from marsad.ner.crf import LinearChainCrf
from marsad.ner.features import DocContext, sentence_features
from marsad.ner.scoring import Scorer
from marsad.ner.tagger import load_tagger

# A hand-written dump in crfsuite's layout: two labels, three attributes.
DUMP = """FILEHEADER = {
  magic: lCRF
  num_labels: 2
}

LABELS = {
      0: O
      1: B-PER
}

ATTRIBUTES = {
      0: w=haddad
      1: bn=a|b
      2: 1pad
}

TRANSITIONS = {
  (1) O --> B-PER: 0.250000
  (1) B-PER --> O: -0.500000
}

STATE_FEATURES = {
  (0) w=haddad --> B-PER: 2.000000
  (0) w=haddad --> O: -1.000000
  (0) bn=a|b --> O: 0.125000
  (0) 1pad --> O: 0.300000
}
"""


def test_dump_parser_reads_labels_attributes_and_weights() -> None:
    crf = LinearChainCrf.from_dump(DUMP.splitlines())
    assert crf.labels == ["O", "B-PER"]
    assert crf.attrs == {"w=haddad": 0, "bn=a|b": 1, "1pad": 2}
    assert crf.weights[0].tolist() == [-1.0, 2.0]
    assert crf.weights[1].tolist() == [0.125, 0.0]
    assert crf.weights[crf.zero].tolist() == [0.0, 0.0]  # unknown attributes weigh nothing
    assert crf.transitions.tolist() == [[0.0, 0.25], [-0.5, 0.0]]
    # a word's rows: own slot knows "w=haddad", another slot nothing
    rows = crf.word_scores([["w=haddad", "w=unknown"], ["1pad"], []])
    assert rows.tolist() == [[-1.0, 2.0], [0.3, 0.0], [0.0, 0.0]]


def test_not_a_dump_is_an_error() -> None:
    with pytest.raises(ValueError, match="LABELS"):
        LinearChainCrf.from_dump(["hello"])


def _brute_force(crf: LinearChainCrf, e: np.ndarray) -> list[str]:
    best, best_path = -np.inf, ()
    for path in itertools.product(range(len(crf.labels)), repeat=len(e)):
        score = sum(e[t, k] for t, k in enumerate(path))
        score += sum(crf.transitions[a, b] for a, b in zip(path, path[1:]))
        if score > best:
            best, best_path = score, path
    return [crf.labels[k] for k in best_path]


def test_viterbi_matches_brute_force_on_sentences_side_by_side() -> None:
    rng = np.random.default_rng(7)
    labels = ["O", "B-PER", "I-PER"]
    crf = LinearChainCrf(labels, {}, np.zeros((0, 3)), rng.normal(size=(3, 3)))
    lengths = [4, 1, 0, 3, 5, 2]
    e = rng.normal(size=(sum(lengths), 3))
    got = crf.decode(e, lengths)
    start = 0
    for n, tags in zip(lengths, got):
        assert tags == _brute_force(crf, e[start : start + n])
        start += n
    assert crf.decode(e[:5]) == [_brute_force(crf, e[:5])]


AR_SENTENCES = [
    "وقال وزير الخارجية الأردني أيمن الصفدي في عمان إن الأمم المتحدة ستعقد اجتماعا في جنيف".split(),
    "والتقى الصفدي نظيره الروسي سيرغي لافروف في موسكو".split(),
    ["الصفدي"],
    "وأكدت وكالة الأنباء السعودية ( واس ) أن الرياض استضافت 12 مشروعا".split(),
    "وتقدم القناة برنامج « حوار من القلب » وبعده ' ' ليالي الشرق ' ' كل جمعة".split(),
]
EN_SENTENCES = [
    "Jordan 's Foreign Minister Ayman Safadi told reporters in Geneva on Monday .".split(),
    "SAFADI MEETS LAVROV IN MOSCOW".split(),
    "Safadi said the talks with Sergei Lavrov were useful .".split(),
    ["Safadi"],
]


@pytest.mark.parametrize(("lang", "sentences"), [("ar", AR_SENTENCES), ("en", EN_SENTENCES)])
def test_scores_without_strings_equal_the_feature_strings(lang: str, sentences: list[list[str]]) -> None:
    tagger = load_tagger(lang)
    crf = tagger._crf
    scorer = Scorer(crf, lang, tagger.resources)
    doc = DocContext.of(sentences) if lang == "en" else None
    got = scorer.emissions([*sentences, []], doc)  # an empty sentence gives no rows
    want = []
    for tokens in sentences:
        for feats in sentence_features(lang, tokens, tagger.resources, doc):
            want.append(crf.word_scores([feats])[0])
    assert got.shape == (sum(map(len, sentences)), len(crf.labels))
    np.testing.assert_allclose(got, np.array(want), atol=1e-9)
    # and again, with every word now cached
    np.testing.assert_allclose(scorer.emissions(sentences, doc), np.array(want), atol=1e-9)


@pytest.mark.parametrize(("lang", "sentences"), [("ar", AR_SENTENCES), ("en", EN_SENTENCES)])
def test_tags_and_export_equal_crfsuite(tmp_path: Path, lang: str, sentences: list[list[str]]) -> None:
    """A model trained here tags as crfsuite tags, read from crfsuite's file
    or from the exported weights."""
    pycrfsuite = pytest.importorskip("pycrfsuite")
    from marsad.ner.conll import repair_iob2
    from marsad.ner.tagger import CrfTagger, load_resources
    from marsad.ner.train import Example, train_crf

    res = load_resources(lang)
    gold = {"ar": ["O", "O", "O", "O", "B-PER", "I-PER", "O", "B-LOC"], "en": ["B-LOC", "O", "O", "O", "B-PER", "I-PER"]}
    examples = [Example(sentences[0][: len(gold[lang])], gold[lang]), Example(next(s for s in sentences if len(s) == 1), ["B-PER"])]
    train_crf(lang, examples, tmp_path / "m.crfsuite", res, c1=0.0, c2=0.01, max_iterations=40)
    LinearChainCrf.from_crfsuite(tmp_path / "m.crfsuite").save(tmp_path / "m.crf.npz")
    ref = pycrfsuite.Tagger()
    ref.open(str(tmp_path / "m.crfsuite"))
    doc = DocContext.of(sentences) if lang == "en" else None
    taggers = [CrfTagger(lang, tmp_path / "m.crfsuite", res), CrfTagger(lang, tmp_path / "m.crf.npz", res)]
    seen = set()
    for tokens in sentences:
        want = repair_iob2(ref.tag(pycrfsuite.ItemSequence(sentence_features(lang, tokens, res, doc))))
        seen.update(want)
        for tagger in taggers:
            assert tagger.tag(tokens, doc) == want
    assert seen - {"O"}  # the model tags something


def test_viterbi_in_groups_equals_one_sentence_at_a_time() -> None:
    """An article of more sentences than are decoded side by side (GROUP)."""
    from marsad.ner.crf import GROUP

    rng = np.random.default_rng(3)
    crf = LinearChainCrf(["O", "B-LOC", "I-LOC", "B-PER"], {}, np.zeros((0, 4)), rng.normal(size=(4, 4)))
    lengths = [int(n) for n in rng.integers(0, 12, size=GROUP + 40)]
    e = rng.normal(size=(sum(lengths), 4))
    got = crf.decode(e, lengths)
    start = 0
    for n, tags in zip(lengths, got):
        assert tags == (crf.decode(e[start : start + n])[0] if n else [])
        start += n


def test_a_broken_model_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "ar.crf.npz"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ValueError, match="ar.crf.npz: not a CRF model file"):
        LinearChainCrf.load(bad)
    np.savez(tmp_path / "half.npz", labels=np.array(["O"]))
    with pytest.raises(ValueError, match="half.npz: not a CRF model file"):
        LinearChainCrf.load(tmp_path / "half.npz")
    with pytest.raises(FileNotFoundError):
        LinearChainCrf.load(tmp_path / "missing.npz")
    pytest.importorskip("pycrfsuite")
    with pytest.raises(ValueError, match="not a crfsuite model"):
        LinearChainCrf.from_crfsuite(bad)
