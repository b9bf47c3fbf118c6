"""Label scores of a document's tokens without building feature strings.

Training reads every token's features as strings (:mod:`marsad.ner.features`).
Tagging needs only their summed weights, and most of them belong to words
that recur, so :class:`Scorer` keeps, for each word seen, one row of label
scores for each position it can take (itself, the next, previous, second
next, second previous word of a token), computed once; the context templates
(gazetteer labels around a token, padding, word bigrams — see
``features.context_features``) are scored from small tables, and only the
English extras and the features of quoted Arabic words (``features.quoted``)
are still looked up as strings.  An Arabic word new to the
scorer costs less still: its features come in groups, each a function of one
piece of the word (stem, clitic and token class, clusters — see
``features.arabic_pieces``), and each distinct piece is scored once.  The sum equals the one over
the feature strings (a test checks it on real sentences).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat

import numpy as np

from .crf import LinearChainCrf
from .features import (
    END,
    GAZ_AT,
    NEXT_PAIR,
    PREV_PAIR,
    START,
    DocContext,
    Resources,
    arabic_pieces,
    cluster_slots,
    form_slots,
    key_slots,
    quoted,
    sentence_parts,
    stem_slots,
)

__all__ = ["Scorer"]

_pair = "{}|{}".format

_VOCAB_LIMIT = 300_000  # words kept; a long-running process sees an open vocabulary


def _fit(rows: np.ndarray, need: int) -> np.ndarray:
    """``rows`` with room for ``need`` rows (doubling, so growth is amortized)."""
    if need <= len(rows):
        return rows
    grown = np.zeros((max(need, 2 * len(rows)), *rows.shape[1:]))
    grown[: len(rows)] = rows
    return grown


class Scorer:
    """Emission scores for consecutive sentences of one language."""

    def __init__(self, crf: LinearChainCrf, lang: str, res: Resources) -> None:
        self.crf = crf
        self.lang = lang
        self.res = res
        n_labels = len(crf.labels)
        self.ids: dict[str, int] = {}
        self.table = np.zeros((1024, 5, n_labels))
        self.key_of: list[str] = []  # by word id (Arabic)
        self.stem_of: list[str] = []
        self.gaz_first: list[bool] = []  # may the word begin a gazetteer phrase
        self.stems: list[list[str]] = []  # each sentence's stems, from the last call
        self.pieces: dict[tuple, int] = {}  # (group, piece) -> row of piece_rows
        self.piece_rows = np.zeros((1024, 5, n_labels))  # the first len(pieces) are used
        # new Arabic words waiting for their rows: ids, key features, piece rows, pieces to score
        self._new: list[int] = []
        self._key_feats: list[tuple[str, ...]] = []
        self._parts: list[list[int]] = []
        self._missing: list[tuple[str, ...]] = []
        # gazetteer label (or padding) seen at each offset: label -> id, rows per offset
        self.gaz_ids: dict[str, int] = {}
        self.gaz_rows = np.zeros((len(GAZ_AT), 0, n_labels))
        self._gaz_label(None)  # id 0: beyond the sentence (the padding features)
        attrs = crf.attrs
        self.next_pair = {a[len(NEXT_PAIR) :]: i for a, i in attrs.items() if a.startswith(NEXT_PAIR)}
        self.prev_pair = {a[len(PREV_PAIR) :]: i for a, i in attrs.items() if a.startswith(PREV_PAIR)}

    def _gaz_label(self, label: str | None) -> int:
        """The id of a gazetteer label (``None``: past the sentence's end),
        with its row at each offset."""
        i = self.gaz_ids.get(label)  # type: ignore[arg-type]
        if i is None:
            slots = [[pad] if label is None else [prefix + label] for prefix, _, pad in GAZ_AT]
            rows = self.crf.word_scores(slots)[:, None, :]
            self.gaz_rows = np.concatenate([self.gaz_rows, rows], axis=1)
            i = self.gaz_ids[label] = len(self.gaz_ids)  # type: ignore[index]
        return i

    def _word_ids(self, tokens: Sequence[str], words: Sequence[tuple]) -> list[int]:
        """Word ids of a sentence whose feature strings are built (English)."""
        ids = self.ids
        out = []
        new: list[tuple[int, tuple]] = []
        for tok, word in zip(tokens, words):
            i = ids.get(tok)
            if i is None:
                i = ids[tok] = len(ids)
                new.append((i, word))
            out.append(i)
        if new:
            self.table = _fit(self.table, len(ids))
            slots = [slot for _, word in new for slot in word[2:7]]
            scores = self.crf.word_scores(slots).reshape(len(new), 5, -1)
            self.table[[i for i, _ in new]] = scores
        return out

    def _arabic_ids(self, tokens: Sequence[str]) -> list[int]:
        """Word ids of an Arabic sentence.  A new word's rows will be its
        key's plus those of its pieces, each piece scored the first time it
        is seen; the new words of a whole text are scored together
        (:meth:`_score_new`), numpy's calls being the cost of a few words."""
        ids, res, pieces = self.ids, self.res, self.pieces
        out = list(map(ids.get, tokens))  # most words are known: one C loop
        if None not in out:
            return out
        new, key_feats, parts, missing = self._new, self._key_feats, self._parts, self._missing
        for k, tok in enumerate(tokens):
            if out[k] is not None:
                continue
            i = ids.get(tok)  # the same new word twice in a sentence
            if i is None:
                i = ids[tok] = len(ids)
                key, stem, form, clusters = arabic_pieces(tok, res)
                self.key_of.append(key)
                self.stem_of.append(stem)
                self.gaz_first.append(bool(res.gazetteer) and res.gazetteer.may_begin(key, stem))
                new.append(i)
                key_feats += key_slots(key)
                row = []
                for group, piece in (("s", stem), ("f", form), ("c", clusters)):
                    j = pieces.get((group, piece))
                    if j is None:
                        j = pieces[(group, piece)] = len(pieces)
                        if group == "s":
                            missing += stem_slots(stem, res)
                        else:
                            missing += form_slots(form) if group == "f" else cluster_slots(clusters)
                    row.append(j)
                parts.append(row)
            out[k] = i
        return out

    def _score_new(self) -> None:
        """Rows for the Arabic words :meth:`_arabic_ids` met for the first time."""
        if not self._new:
            return
        if self._missing:
            more = self.crf.word_scores(self._missing).reshape(len(self._missing) // 5, 5, -1)
            n = len(self.pieces)
            self.piece_rows = _fit(self.piece_rows, n)
            self.piece_rows[n - len(more) : n] = more
        self.table = _fit(self.table, len(self.ids))
        rows = self.crf.word_scores(self._key_feats).reshape(len(self._new), 5, -1)
        rows += self.piece_rows[self._parts].sum(axis=1)
        self.table[self._new] = rows
        for pending in (self._new, self._key_feats, self._parts, self._missing):
            pending.clear()

    def _sentence(self, tokens: Sequence[str], doc: DocContext | None) -> tuple[list[int], list[str], list[str], list]:
        """Word ids, stems, gazetteer labels and extra features of a sentence
        (Arabic: only its quoted words, as ``(offset, features)``)."""
        if self.lang == "ar":
            ids = self._arabic_ids(tokens)
            keys = list(map(self.key_of.__getitem__, ids))
            stems = list(map(self.stem_of.__getitem__, ids))
            if self.res.gazetteer:
                first = self.gaz_first
                begins = [k for k, i in enumerate(ids) if first[i]]
                gaz = self.res.gazetteer.match(keys, stems, begins)
            else:
                gaz = [""] * len(ids)
            return ids, stems, gaz, quoted(tokens, stems)
        words, gaz, extras = sentence_parts(self.lang, tokens, self.res, doc)
        return self._word_ids(tokens, words), [w[1] for w in words], gaz, extras

    def emissions(self, sentences: Sequence[Sequence[str]], doc: DocContext | None = None) -> np.ndarray:
        """``(tokens, labels)`` scores of the non-empty ``sentences``, in order."""
        if len(self.ids) > _VOCAB_LIMIT:
            self.ids.clear()
            self.key_of.clear()
            self.stem_of.clear()
            self.gaz_first.clear()
            self.pieces.clear()
        self.stems: list[list[str]] = []  # of the non-empty sentences, for the caller
        ids: list[int] = []
        gaz: list[int] = []
        next_rows: list[int] = []
        prev_rows: list[int] = []
        extras: list[list[str]] = []
        quotes: list[tuple[int, list[str]]] = []
        starts: list[int] = []
        zero = self.crf.zero
        gaz_id = self.gaz_ids.get
        get_next, get_prev = self.next_pair.get, self.prev_pair.get
        for tokens in sentences:
            if not tokens:
                continue
            starts.append(len(ids))
            word_ids, stems, labels, more = self._sentence(tokens, doc)
            self.stems.append(stems)
            ids += word_ids
            found = list(map(gaz_id, labels))
            if None in found:  # a label not seen before
                found = [self._gaz_label(g) if i is None else i for g, i in zip(labels, found)]
            gaz += found
            if self.lang == "ar":  # (offset in the sentence, features) of quoted words
                quotes += [(starts[-1] + k, feats) for k, feats in more]
            else:
                extras += more
            # each bigram is a feature of both its words: "bn=" of the first, "bp=" of the second
            # (the loops in map, over the sentence's words: a Python call per word costs)
            joined = list(map(_pair, [START, *stems], [*stems, END]))
            next_rows += map(get_next, joined[1:], repeat(zero))
            prev_rows += map(get_prev, joined[:-1], repeat(zero))
        self._score_new()
        if not ids:
            return np.zeros((0, len(self.crf.labels)))
        e = self.crf.emissions(self.table[ids], extras, starts)
        e += self.crf.weights[next_rows] + self.crf.weights[prev_rows]
        if quotes:  # the features of quoted words, each word's rows added to it
            get, zero = self.crf.attrs.get, self.crf.zero
            at = [k for k, feats in quotes for _ in feats]
            rows = [get(f, zero) for _, feats in quotes for f in feats]
            np.add.at(e, at, self.crf.weights[rows])
        # gazetteer labels at each offset, padding where the offset leaves the sentence
        g = np.asarray(gaz, dtype=np.intp)
        sent = np.zeros(len(g), dtype=np.intp)
        sent[starts[1:]] = 1
        sent = np.cumsum(sent)
        n = len(g)
        for k, (_, d, _) in enumerate(GAZ_AT):
            at = np.arange(n) + d
            inside = (at >= 0) & (at < n)
            at = np.clip(at, 0, n - 1)
            inside &= sent[at] == sent
            e += self.gaz_rows[k][np.where(inside, g[at], 0)]
        return e
