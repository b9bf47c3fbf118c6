"""Russian named entities with natasha (slovnet NER + pymorphy2 morphology).

natasha's models ship inside its PyPI packages (``navec`` embeddings,
``slovnet`` taggers, ``pymorphy2`` dictionaries), so nothing is downloaded at
run time.  The models are loaded once, on first use, and cached for the life
of the process (about 2 s of CPU; the process then holds ~320 MB; see
``docs/ner_ru.md``).

Entry points:

- :func:`find_entities` — PER/ORG/LOC spans of a text with character offsets,
  the normalized (nominative) form and, for people, the name parts;
- :func:`find_spans` — the spans alone (the NER tagger, no morphology);
- :func:`tag_tokens` — IOB2 tags for one pre-tokenized sentence, one tag per
  input token (for ``marsad ner --conll`` and evaluation).

What this adds to natasha, for resolving mentions inside an article:

- "Name (ABBR)" spans are split in two and stray edge quotes and brackets
  dropped (:func:`_tidy`);
- ORG spans are normalized along their syntax tree (only the head and its
  agreeing adjectives are put in the nominative), so "Министерства
  иностранных дел" becomes "Министерство иностранных дел", not natasha's
  default "Министерство иностранные дела".  The syntax parser runs only on
  sentences that hold an ORG span;
- the words of a PER span share one case, and a failed strict pymorphy2
  match is retried on case and number, so foreign surnames ("Хаканом
  Фиданом") still reach their nominative ("Хакан Фидан"); ё is kept;
- name parts are checked against pymorphy2's first-name and surname marks.
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass
from typing import Any, NamedTuple

__all__ = ["RuEntity", "find_entities", "find_spans", "tag_tokens", "load_models"]

TYPES = ("PER", "ORG", "LOC")

_INSTALL_HINT = "Russian entities need natasha: pip install 'natasha>=1.6,<2'"


class RuEntity(NamedTuple):
    """One entity mention: ``text == source[start:end]``.

    ``normal`` is the nominative form ("Сергея Лаврова" -> "Сергей Лавров");
    ``parts`` holds the name parts natasha's NamesExtractor found for a
    person (keys among ``first``, ``last``, ``middle``), else ``None``.
    """

    start: int
    end: int
    type: str
    text: str
    normal: str
    parts: dict[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Models:
    """The loaded natasha components (one instance per process)."""

    segmenter: Any
    ner: Any
    morph: Any
    syntax: Any
    vocab: Any
    names: Any


@functools.lru_cache(maxsize=1)
def load_models() -> Models:
    """Load natasha's news models once; later calls return the same object."""
    try:
        from natasha import (
            MorphVocab,
            NamesExtractor,
            NewsEmbedding,
            NewsMorphTagger,
            NewsNERTagger,
            NewsSyntaxParser,
            Segmenter,
        )
    except ImportError as exc:  # optional heavy dependency
        raise ImportError(_INSTALL_HINT) from exc
    emb = NewsEmbedding()
    with warnings.catch_warnings():
        # pymorphy2 (under MorphVocab) finds its dictionaries through
        # pkg_resources, which warns that it is deprecated: not the user's concern
        warnings.filterwarnings("ignore", message="pkg_resources is deprecated")
        vocab = MorphVocab()
    return Models(
        segmenter=Segmenter(),
        ner=NewsNERTagger(emb),
        morph=NewsMorphTagger(emb),
        syntax=NewsSyntaxParser(emb),
        vocab=vocab,
        names=NamesExtractor(vocab),
    )


# ---------------------------------------------------------------- spans only


def find_spans(text: str, *, split_parens: bool = True) -> list[tuple[int, int, str]]:
    """``(start, end, type)`` of every PER/ORG/LOC span: the NER tagger alone.

    This is the fast path (no morphology); :func:`find_entities` adds the
    normal forms.  ``split_parens`` makes "Name (ABBR)" two spans (see
    :func:`_tidy`); pass ``False`` to keep natasha's single span.
    """
    if not text.strip():
        return []
    markup = load_models().ner(text)
    spans = []
    for span in markup.spans:
        if span.type in TYPES:
            spans.extend(_tidy(text, span.start, span.stop, span.type, split_parens))
    return spans


_OPEN_QUOTES = "«„“"
_CLOSE_QUOTES = "»“”"


def _tidy(text: str, start: int, end: int, type_: str, split_parens: bool = True) -> list[tuple[int, int, str]]:
    """Split "Name (ABBR)" in two and drop stray quotes and brackets at the edges.

    The tagger often runs one span over a parenthesized abbreviation or
    alias ("Общество научных работников (ОНР)") and over a closing quote
    whose opening one it left out ("новости»").  Two mentions are what
    resolution inside an article wants (a later "ОНР" joins the full name).
    The benchmarks disagree: factRuEval annotates name and abbreviation as
    two entities, Collection5 as one (see ``docs/ner_ru.md``).
    """
    piece = text[start:end]
    paren = piece.find("(")
    if split_parens and paren > 0 and ")" not in piece[paren:-1]:
        inner_end = end - 1 if piece.endswith(")") else end
        return _tidy(text, start, start + paren, type_) + _tidy(text, start + paren + 1, inner_end, type_)
    # strip white space, stray brackets and unmatched quotes, edge by edge
    while start < end:
        piece = text[start:end]
        first, last = piece[0], piece[-1]
        if first.isspace() or first in ")]" or (first in "([" and not _balanced(piece)):
            start += 1
        elif last.isspace() or last in "([" or (last in ")]" and not _balanced(piece)):
            end -= 1
        elif first == "(" and last == ")" and "(" not in piece[1:-1] and ")" not in piece[1:-1]:
            start, end = start + 1, end - 1
        elif first in _OPEN_QUOTES + '"' and last in _CLOSE_QUOTES + '"' and _quoted_whole(piece):
            start, end = start + 1, end - 1
        elif last in _CLOSE_QUOTES and not any(q in piece for q in _OPEN_QUOTES):
            end -= 1
        elif last == '"' and piece.count('"') % 2:
            end -= 1
        elif first in _OPEN_QUOTES and not any(q in piece[1:] for q in _CLOSE_QUOTES):
            start += 1
        elif first == '"' and piece.count('"') % 2:
            start += 1
        else:
            break
    return [(start, end, type_)] if start < end else []


def _balanced(piece: str) -> bool:
    return piece.count("(") == piece.count(")") and piece.count("[") == piece.count("]")


def _quoted_whole(piece: str) -> bool:
    """True when the first and last characters are one pair of quotes."""
    inner = piece[1:-1]
    return len(piece) > 2 and not any(q in inner for q in _OPEN_QUOTES + _CLOSE_QUOTES + '"')


def tag_tokens(tokens: list[str]) -> list[str]:
    """IOB2 tags (``B-PER``, ``I-ORG``, ``O``…) for one tokenized sentence.

    The tokens are joined with single spaces and tagged as text; each tag
    span is mapped back to the tokens it overlaps, so the output has exactly
    one tag per input token whatever natasha's own tokenizer does.
    """
    starts: list[int] = []
    offset = 0
    for token in tokens:
        starts.append(offset)
        offset += len(token) + 1
    text = " ".join(tokens)
    tags = ["O"] * len(tokens)
    for start, end, type_ in find_spans(text):
        inside = [
            i
            for i, token in enumerate(tokens)
            if token and starts[i] < end and start < starts[i] + len(token)
        ]
        for n, i in enumerate(inside):
            if tags[i] != "O":  # first span wins on a shared token
                continue
            tags[i] = ("B-" if n == 0 else "I-") + type_
    return _repair_iob2(tags)


def _repair_iob2(tags: list[str]) -> list[str]:
    """Make ``I-X`` that does not continue an ``X`` entity a ``B-X``."""
    fixed = []
    previous = "O"
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        fixed.append(tag)
        previous = tag
    return fixed


# ---------------------------------------------------------------- entities


def find_entities(text: str, *, split_parens: bool = True) -> list[RuEntity]:
    """PER/ORG/LOC mentions of ``text``, normalized, in text order.

    ``split_parens`` as for :func:`find_spans`.
    """
    if not text.strip():
        return []
    from natasha import Doc
    from natasha.doc import DocSpan

    models = load_models()
    doc = Doc(text)
    doc.segment(models.segmenter)
    doc.spans = [DocSpan(s, e, t, text[s:e]) for s, e, t in find_spans(text, split_parens=split_parens)]
    doc.envelop_span_tokens()
    doc.envelop_sent_spans()
    _tag_entity_sentences(doc, models)

    entities = []
    for span in doc.spans:
        if not span.tokens:  # a span not on token boundaries: keep it as written
            entities.append(RuEntity(span.start, span.stop, span.type, span.text, span.text))
            continue
        if span.type == "ORG":
            normal = _syntax_normal(models.vocab, span.tokens)
        else:
            normal = _plain_normal(models.vocab, span.tokens, loose=span.type == "PER")
        parts = _name_parts(models, normal) if span.type == "PER" else None
        entities.append(RuEntity(span.start, span.stop, span.type, span.text, normal, parts))
    return entities


def _tag_entity_sentences(doc: Any, models: Models) -> None:
    """Morphology for sentences holding a span; syntax for those with an ORG.

    Normalization needs the tags of span tokens only, and tagging whole
    sentences keeps their context; sentences without entities are skipped.
    """
    sents = [s for s in doc.sents if s.spans]
    for sent, markup in zip(sents, models.morph.map([_words(s) for s in sents])):
        for target, source in zip(sent.tokens, markup.tokens):
            target.pos = source.pos
            target.feats = source.feats
    sents = [s for s in sents if any(sp.type == "ORG" for sp in s.spans)]
    for number, (sent, markup) in enumerate(zip(sents, models.syntax.map([_words(s) for s in sents]))):
        for target, source in zip(sent.tokens, markup.tokens):
            target.id = f"{number}_{source.id}"
            target.head_id = f"{number}_{source.head_id}"
            target.rel = source.rel


def _words(sent: Any) -> list[str]:
    return [token.text for token in sent.tokens]


def _plain_normal(vocab: Any, tokens: list[Any], loose: bool) -> str:
    """Each token in the nominative; ``loose`` (people) also unifies the case.

    The words of a name agree in case, but the tagger sometimes calls an
    unknown surname nominative next to an instrumental first name ("Хаканом
    Фиданом"); with ``loose`` every token takes the case of the first one.
    """
    from natasha.norm import recover_shapes, recover_spaces

    case = next((t.feats.get("Case") for t in tokens if t.feats and t.feats.get("Case")), None)
    words = [_inflect(vocab, t, loose, case if loose else None) for t in tokens]
    if loose and words:
        words = _agree_particle_names(tokens, words)
    return recover_spaces(list(recover_shapes(words, tokens)), tokens)


_ENDINGS = ("ом", "ем", "ой", "а", "у", "е")
_PARTICLES = ("аль-", "ал-", "ас-", "ад-", "ар-", "ан-", "аз-", "ат-", "эль-", "ибн-", "абу-")


def _agree_particle_names(tokens: list[Any], words: list[str]) -> list[str]:
    """A name part joined to an Arabic particle by a hyphen ("аль-Баура")
    that the dictionary cannot inflect takes the ending the first name lost
    ("Тахера" -> "Тахер": "аль-Баура" -> "аль-Баур"): the words of a name
    agree in case."""
    first = tokens[0].text.lower()
    lost = next((e for e in _ENDINGS if first.endswith(e) and words[0] == first[: -len(e)]), None)
    if lost is None:
        return words
    out = list(words)
    for k, (token, word) in enumerate(zip(tokens, words)):
        text = token.text.lower()
        if k and word == text and text.startswith(_PARTICLES) and text.endswith(lost) and len(text) - len(lost) > 5:
            out[k] = text[: -len(lost)]
    return out


def _syntax_normal(vocab: Any, tokens: list[Any]) -> str:
    from natasha.norm import recover_shapes, recover_spaces, select_inflectable

    if any(getattr(t, "head_id", None) is None for t in tokens):
        return _plain_normal(vocab, tokens, loose=False)
    ids = set(select_inflectable(tokens))
    words = [_inflect(vocab, t, False) if t.id in ids else t.text for t in tokens]
    return recover_spaces(list(recover_shapes(words, tokens)), tokens)


_INFLECTED_POS = {"PROPN", "NOUN", "ADJ", "VERB"}


def _inflect(vocab: Any, token: Any, loose: bool, case: str | None = None) -> str:
    """The nominative of one token with the ё of the original kept.

    natasha looks words up with ё folded to е; "Мирзиёевым" should still
    give "Мирзиёев", not "Мирзиеев".
    """
    word = _inflect_folded(vocab, token, loose, case)
    original = token.text.lower()
    if loose and word.endswith("о") and original.endswith(("ом", "ем")) and word == original[:-1]:
        # a foreign man's name in the instrumental read as a neuter noun ("Фейсалом" -> "Фейсало"):
        # a person's name is masculine here, and its nominative drops the ending ("Фейсал")
        word = original[:-2]
    if "ё" not in original:
        return word
    return "".join(
        "ё" if ch == "е" and i < len(original) and original[i] == "ё" else ch
        for i, ch in enumerate(word)
    )


def _inflect_folded(vocab: Any, token: Any, loose: bool, case: str | None) -> str:
    """The nominative of one token, lower-cased (the shape is restored later).

    natasha's rule: look up the pymorphy2 form with the tagger's POS, gender,
    number and case (``case``, when given, overrides the tagger's), and
    inflect it to the nominative.  With ``loose`` a miss
    is retried on case and number alone (foreign surnames whose guessed
    paradigm has no gender or another animacy), taking the lemma when the
    form will not inflect.
    """
    from natasha.norm import form_match, normal_word, pos_match

    word = normal_word(token.text)
    pos, feats = token.pos, token.feats or {}
    if case and feats.get("Case"):
        feats = {**feats, "Case": case}
    if pos not in _INFLECTED_POS or feats.get("Case") in (None, "Nom"):
        return word
    forms = vocab(word)
    form = next((f for f in forms if form_match(f, pos, feats)), None)
    if form is not None:
        inflected = form.inflect({"Nom"})
        if inflected is not None:
            return normal_word(inflected.word)
    if not loose:
        return word
    for form in forms:
        if not pos_match(form.pos, pos):
            continue
        if form.feats.get("Case") != feats.get("Case"):
            continue
        if form.feats.get("Number") != feats.get("Number"):
            continue
        inflected = form.inflect({"Nom"})
        return normal_word(inflected.word if inflected is not None else form.normal)
    return word


def _name_parts(models: Models, normal: str) -> dict[str, str] | None:
    """first/last/middle from natasha's NamesExtractor, with two repairs.

    The extractor calls any lone word a first name ("Лавров") and reads an
    unknown first name before a known one as a surname ("Хакан Фидан" ->
    last "Хакан").  pymorphy2's Name/Surn marks settle both: a lone word
    known only as a surname is ``last``; a "last first" order whose first
    word is not a known surname is turned round to the usual "first last".
    """
    parts = dict(_cached_name_parts(models.names, normal))
    words = normal.split()
    if parts == {"first": normal} and _is_only_surname(models.vocab, normal):
        return {"last": normal}
    if (
        len(words) == 2
        and parts.get("last") == words[0]
        and parts.get("first") == words[1]
        and not _has_mark(models.vocab, words[0], "Surn")
    ):
        return {"first": words[0], "last": words[1]}
    return parts or None


def _has_mark(vocab: Any, word: str, mark: str) -> bool:
    return any(mark in p.tag and "nomn" in p.tag for p in vocab.parse(word.lower()))


def _is_only_surname(vocab: Any, word: str) -> bool:
    return _has_mark(vocab, word, "Surn") and not _has_mark(vocab, word, "Name")


@functools.lru_cache(maxsize=4096)
def _cached_name_parts(extractor: Any, normal: str) -> tuple[tuple[str, str], ...]:
    """yargy parsing is slow and names repeat: cache by normal form."""
    match = extractor.find(normal)
    if not match:
        return ()
    fact = match.fact
    return tuple((key, getattr(fact, key)) for key in ("first", "last", "middle") if getattr(fact, key, None))
