"""Decoding a trained crfsuite model with numpy, scores cached per word.

python-crfsuite tags a sentence from feature *strings*: every token's few
dozen strings are built, hashed and looked up again for every sentence.  But
most of a token's features belong to a word (its form, stem, affixes,
cluster, gazetteer entries — and what it shows its neighbours), and news
repeats its words.  :class:`LinearChainCrf` holds the model's weights as a
matrix; :meth:`LinearChainCrf.word_scores` sums a word's features once into
one row of label scores for each position it can take (itself, the next,
previous, second next, second previous word), and :meth:`LinearChainCrf.tag`
adds the rows of a sentence's words and its per-token extras, then runs
Viterbi.  The result is crfsuite's own (first-order CRF: state and
transition weights, no start or end weights); the weights come from the
model's dump, printed with six decimals, so a near tie may rarely fall the
other way.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

__all__ = ["GROUP", "LinearChainCrf"]

GROUP = 256  # sentences decoded side by side at most

# The positions a word's features are seen from (slots 2-6 of a cached word
# in :mod:`marsad.ner.features`): itself, then as the next, previous, second
# next and second previous word of the token being scored.
OWN, NEXT, PREV, NEXT2, PREV2 = range(5)


class LinearChainCrf:
    """A first-order linear-chain CRF: ``weights[attr, label]`` and
    ``transitions[from, to]``."""

    def __init__(self, labels: Sequence[str], attrs: dict[str, int], weights: np.ndarray, transitions: np.ndarray):
        self.labels = list(labels)
        self.attrs = attrs
        # one zero row past the last attribute: every sum below has a row to start from
        self.weights = np.vstack([weights, np.zeros((1, len(self.labels)))])
        self.zero = len(attrs)
        self.weights_by_label = np.ascontiguousarray(self.weights.T)  # (labels, attributes + 1)
        self.transitions = transitions

    @classmethod
    def from_crfsuite(cls, path: str | Path) -> LinearChainCrf:
        """Read a crfsuite model (through its text dump)."""
        try:
            import pycrfsuite
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ImportError("the NER tagger needs python-crfsuite: pip install python-crfsuite") from exc
        tagger = pycrfsuite.Tagger()
        try:
            tagger.open(str(path))
        except (OSError, ValueError) as exc:
            raise ValueError(f"{path}: not a crfsuite model ({exc})") from exc
        fd, dump = tempfile.mkstemp(suffix=".txt")
        os.close(fd)
        try:
            tagger.dump(dump)
            with open(dump, encoding="utf-8") as handle:
                return cls.from_dump(handle)
        finally:
            os.unlink(dump)

    @classmethod
    def from_dump(cls, lines: Iterable[str]) -> LinearChainCrf:
        """Parse crfsuite's dump: ``LABELS``, ``ATTRIBUTES``, ``TRANSITIONS``
        (``(1) FROM --> TO: w``) and ``STATE_FEATURES`` (``(0) ATTR --> LABEL: w``)."""
        section = ""
        labels: dict[str, int] = {}
        attrs: dict[str, int] = {}
        trans: list[tuple[str, str, float]] = []
        state: list[tuple[str, str, float]] = []
        for raw in lines:
            line = raw.strip()
            if line.endswith("= {"):
                section = line.split(" ", 1)[0]
                continue
            if line == "}" or not line:
                continue
            if section == "LABELS" or section == "ATTRIBUTES":
                num, _, name = line.partition(": ")
                (labels if section == "LABELS" else attrs)[name] = int(num)
            elif section == "TRANSITIONS" or section == "STATE_FEATURES":
                body, _, weight = line.partition(") ")[2].rpartition(": ")
                left, _, right = body.partition(" --> ")
                (trans if section == "TRANSITIONS" else state).append((left, right, float(weight)))
        if not labels:
            raise ValueError("not a crfsuite model dump: no LABELS section")
        names = sorted(labels, key=labels.__getitem__)
        index = {name: i for i, name in enumerate(names)}
        attr_index = {name: i for i, name in enumerate(sorted(attrs, key=attrs.__getitem__))}
        weights = np.zeros((len(attr_index), len(names)))
        for attr, label, w in state:
            weights[attr_index[attr], index[label]] = w
        transitions = np.zeros((len(names), len(names)))
        for a, b, w in trans:
            transitions[index[a], index[b]] = w
        return cls(names, attr_index, weights, transitions)

    def save(self, path: str | Path) -> None:
        """Write the weights as a compressed ``.npz`` (what the tagger loads)."""
        attrs = sorted(self.attrs, key=self.attrs.__getitem__)
        np.savez_compressed(
            path,
            labels=np.array(self.labels),
            attrs=np.array(attrs, dtype=str),
            weights=self.weights[: self.zero],
            transitions=self.transitions,
        )

    @classmethod
    def load(cls, path: str | Path) -> LinearChainCrf:
        """Read what :meth:`save` wrote; anything else is a ``ValueError``
        naming the file (a missing file stays ``FileNotFoundError``)."""
        try:
            with np.load(path, allow_pickle=False) as data:
                attrs = {a: i for i, a in enumerate(data["attrs"].tolist())}
                crf = cls(data["labels"].tolist(), attrs, data["weights"], data["transitions"])
        except FileNotFoundError:
            raise
        except Exception as exc:  # a truncated zip, a missing array, wrong shapes
            raise ValueError(f"{path}: not a CRF model file ({type(exc).__name__}: {exc})") from exc
        n = len(crf.labels)
        if crf.weights.shape != (len(attrs) + 1, n) or crf.transitions.shape != (n, n):
            raise ValueError(f"{path}: not a CRF model file (weights and labels do not agree)")
        return crf

    def word_scores(self, slots: Sequence[Sequence[str]]) -> np.ndarray:
        """One row of label scores per slot: the summed weights of its
        features (features the model does not know weigh nothing).  One
        flat pass over all the features, then one weighted count per label."""
        n = len(slots)
        get = self.attrs.get
        zero = self.zero
        rows = [get(f, zero) for slot in slots for f in slot]
        where = np.repeat(np.arange(n), [len(slot) for slot in slots])
        weights = self.weights_by_label[:, rows]
        out = np.empty((n, len(self.labels)))
        for k in range(len(self.labels)):
            out[:, k] = np.bincount(where, weights=weights[k], minlength=n)
        return out

    def emissions(
        self,
        word_rows: np.ndarray | Sequence[np.ndarray],
        extras: Sequence[Sequence[str]] | None = None,
        starts: Sequence[int] = (0,),
    ) -> np.ndarray:
        """Label scores of each token of consecutive sentences (``starts``:
        where each begins): its word's own row (``word_rows``: one
        :meth:`word_scores` of 5 rows per token), what its neighbours in the
        same sentence show at ±1 and ±2, and its ``extras`` features."""
        v = word_rows if isinstance(word_rows, np.ndarray) else np.stack(word_rows)  # (tokens, 5, labels)
        e = v[:, OWN].copy()
        sent = np.zeros(len(v), dtype=np.intp)  # each token's sentence
        sent[list(starts[1:])] = 1
        sent = np.cumsum(sent)
        same1 = (sent[1:] == sent[:-1])[:, None]
        same2 = (sent[2:] == sent[:-2])[:, None]
        e[:-1] += v[1:, NEXT] * same1
        e[1:] += v[:-1, PREV] * same1
        e[:-2] += v[2:, NEXT2] * same2
        e[2:] += v[:-2, PREV2] * same2
        if not extras:
            return e
        # each token's run of rows starts with the zero row, so no run is empty
        zero = self.zero
        get = self.attrs.get
        rows: list[int] = []
        for feats in extras:
            rows.append(zero)
            rows += [get(f, zero) for f in feats]
        bounds = np.cumsum([0] + [len(feats) + 1 for feats in extras[:-1]])
        e += np.add.reduceat(self.weights[rows], bounds, axis=0)
        return e

    def decode(self, emissions: np.ndarray, lengths: Sequence[int] | None = None) -> list[list[str]]:
        """The best label sequence (Viterbi) of each sentence: ``emissions``
        holds consecutive sentences of ``lengths`` tokens (one sentence by
        default).  Sentences are decoded side by side, longest first, in
        groups of at most :data:`GROUP` (so memory stays bounded on an
        article of thousands of sentences)."""
        lengths = [len(emissions)] if lengths is None else [int(n) for n in lengths]
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.intp)
        order = [s for s in sorted(range(len(lengths)), key=lambda s: -lengths[s]) if lengths[s]]
        out: list[list[str]] = [[] for _ in lengths]
        labels = self.labels
        for g in range(0, len(order), GROUP):
            group = order[g : g + GROUP]
            paths = self._viterbi(emissions, offsets[group], [lengths[s] for s in group])
            for s, path in zip(group, paths):
                out[s] = [labels[i] for i in path]
        return out

    def _viterbi(self, emissions: np.ndarray, offsets: np.ndarray, lens: list[int]) -> list[list[int]]:
        """Label indexes of sentences starting at ``offsets``, ``lens`` long
        (longest first, none empty): one step a token, the sentences still
        running being always the first ``live`` columns; sentences are the
        last axis, where numpy's loops are cheapest."""
        n_labels, m, longest = len(self.labels), len(lens), lens[0]
        # emissions as (step, label, sentence); past a sentence's end: its last row (never read)
        at = offsets[None, :] + np.minimum(np.arange(longest)[:, None], np.array(lens) - 1)
        steps = np.ascontiguousarray(emissions[at].transpose(0, 2, 1))
        trans = self.transitions[:, :, None]  # (from, to, 1)
        back = np.zeros((longest, n_labels, m), dtype=np.intp)
        final = np.zeros((n_labels, m))
        cand = np.empty((n_labels, n_labels, m))  # (from, to, sentence), reused every step
        best = np.empty((n_labels, m))
        score = steps[0].copy()
        live = m
        for t in range(1, longest + 1):
            while live and lens[live - 1] <= t:  # sentences that ended at t - 1
                live -= 1
                final[:, live] = score[:, live]
            if not live:
                break
            c, b = cand[:, :, :live], best[:, :live]
            np.add(score[:, None, :live], trans, out=c)
            c.argmax(axis=0, out=back[t, :, :live])
            c.max(axis=0, out=b)
            np.add(b, steps[t, :, :live], out=score[:, :live])
        # Follow the back pointers of all sentences together, each from its own end.
        path = np.zeros((m, longest), dtype=np.intp)
        cur = final.argmax(axis=0)
        cols = np.arange(m)
        ends = np.array(lens)
        for t in range(longest - 1, -1, -1):
            running = ends > t
            path[running, t] = cur[running]
            if t:
                cur = np.where(running, back[t, cur, cols], cur)
        return [row[:n] for row, n in zip(path.tolist(), lens)]
