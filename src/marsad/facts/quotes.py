"""Quotes and their speakers.

Direct speech is the text between a pair of quote marks of the language
(«», “”, "", „“) inside one paragraph; an opening mark without its closing
one is left alone.  Its speaker is found around a speech verb in the same
sentence:

- before the quote: the verb, then the speaker ("وقال بيسكوف: «...»",
  "заявил Песков: «...»") or the speaker, then the verb ("Peskov said:
  "..."", "Песков заявил: «...»");
- after the quote: ""...", said Peskov", «...», — заявил Песков;
- a title after the verb ("وأضاف الوزير") is the person whose role has that
  title, most recently named;
- a verb with no subject ("وأضاف: «...»") continues the previous speaker.

Words in quote marks with no speech verb near them are a name or a term
("صفقة القرن"), not a quote.  Indirect speech is a speech verb followed by
an opener ("أكد أن", "أكد على أهمية", "заявил, что", "said that"): the
clause after the opener, to the end of the sentence.
"""

from __future__ import annotations

import re

from ..doc import Document, Span
from .words import key_of as match_key  # cached
from .mentions import Mentions
from .model import Quote
from .words import Lexicon, SentenceWords, article_words, count_words, has_word, lexicon, match_at, words

MAX_QUOTE = 2000  # characters: a longer "quote" is unbalanced marks
CUE_WINDOW = 160  # characters before/after a quote searched for its speech verb
MIN_WORDS = 3
SUBJECT_WORDS = 6
INDIRECT_REACH = 14  # words after the verb in which an indirect opener is looked for  # an unnamed speaker ("a senior Saudi diplomatic source") is at most this long


def _lang(doc: Document, span: Span) -> str:
    lang = span.attr("language") or doc.language
    return lang if lang in ("ar", "ru", "en") else "en"


def _pairs(text: str, start: int, end: int, pairs: tuple[tuple[str, str], ...]) -> list[tuple[int, int]]:
    """Balanced quote spans (inner start, inner end) in text[start:end]; linear."""
    found: list[tuple[int, int]] = []
    taken: list[tuple[int, int]] = []
    for open_, close in pairs:
        i = start
        while True:
            a = text.find(open_, i, end)
            if a < 0:
                break
            b = text.find(close, a + 1, min(end, a + 1 + MAX_QUOTE))
            if b < 0:
                i = a + 1
                if open_ == close:
                    break  # an odd mark out: the rest cannot pair reliably
                continue
            if not any(s <= a < e for s, e in taken):
                found.append((a + 1, b))
                taken.append((a, b + 1))
            i = b + 1
    found.sort()
    return found


class _Speakers:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.mentions = Mentions(doc.entities)
        self.last: tuple[str | None, str | None] = (None, None)

    def around(
        self, lang: str, start: int, end: int, verb_end: int, verb_start: int, inverted: bool = False
    ) -> tuple[str | None, str | None]:
        """The speaker of a speech verb at [verb_start, verb_end) in the clause
        [start, end).  Arabic puts the subject after the verb ("وقال بيسكوف"),
        as Russian and English do after a quote ("«...», — заявил Песков",
        ""...", said Peskov": ``inverted``)."""
        text = self.doc.text
        after_first = lang == "ar" or inverted
        after = [m for m in self.mentions.within(verb_end, end) if m.start - verb_end <= 60]
        before = [m for m in self.mentions.within(start, verb_start) if verb_start - m.end <= 60]
        # A person beats an organization in the same window: "المتحدث باسم الكرملين دميتري بيسكوف".
        after = [m for m in after if m.type == "PERSON"][:1] or after
        before = [m for m in before if m.type == "PERSON"][-1:] or before
        order = (after[:1] + before[-1:]) if after_first else (before[-1:] + after[:1])
        if order:
            m = order[0]
            return m.entity, text[m.start : m.end]
        # A title after the verb: "وأضاف الوزير", "добавил министр", "the minister added".
        toks = list(words(text, verb_end, min(end, verb_end + 40)))[:2] + list(words(text, max(start, verb_start - 40), verb_start))[-2:]
        for s, e, w in toks:
            key = match_key(w)
            # the word as written first, then without the article (a tuple: the order decides)
            for k in dict.fromkeys((key, key[2:] if key.startswith("ال") else key)):
                entity = self.mentions.by_title(k, verb_start) if len(k) >= 3 else None
                if entity:
                    return entity, text[s:e]
        # No entity: the words that name the speaker ("مصدر دبلوماسي سعودي",
        # "a spokesman"), kept as the name, unlinked.
        if after_first:
            phrase = re.split(r"[,;:.!?،؛«»\"“”—–]|\s(?:إن|أن|بأن|على|في|что|that|who|который|которая)\s", " " + text[verb_end:end] + " ")[0]
        else:
            phrase = re.split(r"[,;:.!?«»\"“”—–]", text[start:verb_start])[-1]
        name_words = phrase.split()
        if 1 <= len(name_words) <= SUBJECT_WORDS:
            return None, " ".join(name_words)
        return None, None


def _verbs(lex: Lexicon, sent_words: SentenceWords, lang: str) -> list[tuple[int, int]]:
    """The speech verbs of a sentence: (word index, words), left to right, not overlapping."""
    verbs: list[tuple[int, int]] = []
    after = 0  # the first word not taken by a verb found
    for i in sent_words.hits:
        n = match_at(lex.verbs, sent_words.strs, i, lang) if i >= after else 0
        if n:
            verbs.append((i, n))
            after = i + n
    return verbs


def find_quotes(doc: Document) -> list[Quote]:
    text = doc.text
    speakers: _Speakers | None = None  # built at the first quote: most sentences hold none
    quotes: list[Quote] = []
    article = article_words(text)
    for sent in doc.sentences:
        lang = _lang(doc, sent)
        lex = lexicon(lang)
        sent_words = article.sentence(sent.start, sent.end, lex.starts, "verbs")
        verbs = _verbs(lex, sent_words, lang) if sent_words is not None else []
        if not verbs:
            continue  # no speech verb: no quote, direct or indirect
        ws = sent_words.strs
        inner = _pairs(text, sent.start, sent.end, lex.pairs)
        openers = sent_words.among("indirect")
        if not inner and not openers:
            continue  # no quote marks and no "أن", "что", "that": neither kind of quote
        toks = sent_words.toks
        if speakers is None:
            speakers = _Speakers(doc)
        direct_here = False
        for qs, qe in inner:
            if count_words(text, qs, qe) < MIN_WORDS:
                continue
            # The nearest verb before the quote (same sentence), else after it.
            cue = None
            for vi, n in reversed(verbs):
                if toks[vi][1] <= qs and qs - toks[vi][1] <= CUE_WINDOW:
                    cue = (vi, n, sent.start, qs)
                    break
            if cue is None:
                for vi, n in verbs:
                    if toks[vi][0] >= qe and toks[vi][0] - qe <= CUE_WINDOW:
                        cue = (vi, n, qe, sent.end)
                        break
            if cue is None:
                continue  # quote marks around a name or a term
            vi, n, cs, ce = cue
            v_start, v_end = toks[vi][0], toks[vi + n - 1][1]
            inverted = cs == qe
            speaker, name = speakers.around(lang, cs, ce, v_end, v_start, inverted=inverted)
            if speaker is None and name is None and not inverted and not has_word(text, v_end, qs):
                speaker, name = speakers.last  # "وأضاف: «...»": the same speaker goes on
            speakers.last = (speaker, name)
            quotes.append(Quote("direct", Span(qs, qe), speaker, name, Span(v_start, v_end)))
            direct_here = True
        if direct_here:
            continue
        # Indirect speech: verb … opener … clause.
        for vi, n in verbs:
            j = vi + n
            limit = min(len(toks), j + INDIRECT_REACH)
            while j < limit:
                m = match_at(lex.indirect, ws, j, lang) if ws[j] in openers else 0
                if m:
                    clause_start = toks[j + m - 1][1]
                    clause = text[clause_start : sent.end].strip(" ،,:—-")
                    if len(clause.split()) >= MIN_WORDS:
                        cs = text.index(clause, clause_start) if clause else clause_start
                        v_start, v_end = toks[vi][0], toks[vi + n - 1][1]
                        speaker, name = speakers.around(lang, sent.start, toks[j][0], v_end, v_start)
                        if speaker is None and name is None:
                            speaker, name = speakers.last
                        speakers.last = (speaker, name)
                        quotes.append(Quote("indirect", Span(cs, cs + len(clause)), speaker, name, Span(v_start, v_end)))
                    break
                j += 1
            else:
                continue
            break
    return quotes
