"""Tagging tokens with the committed CRF models (``models/{lang}.crf.npz``).

:func:`load_tagger` returns one cached :class:`CrfTagger` per language;
``.tag(tokens)`` gives IOB2 tags with types PER, ORG, LOC and MISC.
:func:`run_ner_command` is what ``marsad ner --conll FILE --lang L`` prints.
Russian goes to natasha (:mod:`marsad.ner.ru_natasha`), imported only then.
"""

from __future__ import annotations

import sys
import time
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO, Protocol, Sequence

import numpy as np

from .conll import ConllError, read_documents, repair_iob2
from .consistency import propagate
from .crf import LinearChainCrf
from .features import DocContext, Resources, arabic_pieces
from .scoring import Scorer

__all__ = ["CrfTagger", "SUPPORTED", "load_tagger", "run_ner_command", "tag_sentences"]

SUPPORTED = ("ar", "en", "ru")
CRF_LANGS = ("ar", "en")
# Sentences either side searched for a name's other mentions (0: off); see docs/ner.md.
PROPAGATE_WINDOW = {"ar": 25, "en": 1000}


class Tagger(Protocol):
    def tag(self, tokens: list[str]) -> list[str]: ...

    def tag_sentences(self, sentences: list[list[str]]) -> list[list[str]]: ...


def models_dir() -> Path:
    return Path(str(resources.files("marsad.ner").joinpath("models")))


def load_resources(lang: str, folder: Path | None = None) -> Resources:
    """Clusters and gazetteer for ``lang`` from ``folder`` (the packaged models by default)."""
    from .clusters import load_clusters
    from .gazetteer import Gazetteer

    folder = folder or models_dir()
    res = Resources()
    if (folder / f"{lang}_clusters.tsv").exists():
        res.clusters = load_clusters(folder / f"{lang}_clusters.tsv")
    if (folder / f"{lang}_gazetteer.tsv").exists():
        res.gazetteer = Gazetteer.load(folder / f"{lang}_gazetteer.tsv")
    if (folder / f"{lang}_profiles.tsv").exists():
        from .profiles import load_profiles

        res.profiles = load_profiles(folder / f"{lang}_profiles.tsv")
    if (folder / f"{lang}_nameiness.tsv").exists():
        from .nameiness import load_nameiness

        res.nameiness = load_nameiness(folder / f"{lang}_nameiness.tsv")
    return res


class CrfTagger:
    """A CRF model — the weights exported from crfsuite (``.crf.npz``) or a
    crfsuite model file itself — decoded in numpy (:mod:`marsad.ner.crf`),
    plus the resources its features consult."""

    def __init__(self, lang: str, model_path: str | Path, res: Resources) -> None:
        self.lang = lang
        self.resources = res
        self.propagate_window = PROPAGATE_WINDOW.get(lang, 0)
        path = Path(model_path)
        self._crf = LinearChainCrf.load(path) if path.suffix == ".npz" else LinearChainCrf.from_crfsuite(path)
        self._scorer = Scorer(self._crf, lang, res)

    def tag(self, tokens: list[str], doc: DocContext | None = None) -> list[str]:
        """IOB2 tags for one sentence of tokens."""
        return self._tag_batch([tokens], doc)[0]

    def tag_sentences(self, sentences: list[list[str]]) -> list[list[str]]:
        """Tags for consecutive sentences of one text: English reads them as
        one document, and a name found in one sentence is also tagged where
        it recurs untagged in nearby ones (:mod:`marsad.ner.consistency`)."""
        return self.tag_documents([sentences])[0]

    def tag_documents(self, texts: Sequence[list[list[str]]]) -> list[list[list[str]]]:
        """:meth:`tag_sentences` for each of several texts, their sentences
        decoded together (one Viterbi pass costs about as much for a few
        articles as for one)."""
        if not texts:
            return []
        scores, stems, lengths = [], [], []
        for sentences in texts:
            doc = DocContext.of(sentences) if self.lang == "en" else None
            scores.append(self._scorer.emissions(sentences, doc))
            stems.append(self._scorer.stems)
            lengths += [len(tokens) for tokens in sentences]
        emissions = np.concatenate(scores) if len(scores) > 1 else scores[0]
        decoded = self._crf.decode(emissions, lengths)
        out = []
        at = 0
        for sentences, text_stems in zip(texts, stems):
            tags = [repair_iob2(t) for t in decoded[at : at + len(sentences)]]
            at += len(sentences)
            if self.propagate_window:
                if self.lang == "ar":  # the stems the scorer used (an empty sentence has none)
                    found = iter(text_stems)
                    keys = [next(found) if tokens else [] for tokens in sentences]
                else:
                    keys = sentences
                tags = propagate(sentences, tags, self.stem_key, window=self.propagate_window, keys=keys)
            out.append(tags)
        return out

    def _tag_batch(self, sentences: list[list[str]], doc: DocContext | None) -> list[list[str]]:
        """Each sentence tagged on its own, all decoded together."""
        emissions = self._scorer.emissions(sentences, doc)
        lengths = [len(tokens) for tokens in sentences]
        return [repair_iob2(tags) for tags in self._crf.decode(emissions, lengths)]

    def stem_key(self, token: str) -> str:
        """The form names are matched by: the clitic-stripped key in Arabic
        (the stem the features use, as :func:`features.arabic_pieces` gives it)."""
        return arabic_pieces(token, self.resources)[1] if self.lang == "ar" else token


class _NatashaTagger:
    def tag(self, tokens: list[str]) -> list[str]:
        from . import ru_natasha  # type: ignore[attr-defined]

        return list(ru_natasha.tag_tokens(tokens))

    def tag_sentences(self, sentences: list[list[str]]) -> list[list[str]]:
        return [self.tag(tokens) for tokens in sentences]


@lru_cache(maxsize=None)
def load_tagger(lang: str) -> Tagger:
    """The tagger for ``lang`` (``ar``, ``en``, ``ru``), loaded once per process."""
    if lang not in SUPPORTED:
        raise ValueError(f"NER does not support language {lang!r} (supported: {', '.join(SUPPORTED)})")
    if lang == "ru":
        try:
            from . import ru_natasha  # type: ignore[attr-defined]  # noqa: F401
        except ImportError as exc:
            raise ValueError("NER for language 'ru' needs marsad.ner.ru_natasha and natasha") from exc
        return _NatashaTagger()
    model = models_dir() / f"{lang}.crf.npz"
    if not model.exists():
        raise ValueError(f"no NER model for language {lang!r} at {model}")
    return CrfTagger(lang, model, load_resources(lang))


def tag_sentences(sentences: list[list[str]], lang: str) -> list[list[str]]:
    """Tags for a batch of tokenized sentences in ``lang``."""
    return load_tagger(lang).tag_sentences(sentences)


def run_ner_command(path: str | Path, lang: str, out: IO[str], err: IO[str] | None = None) -> int:
    """``marsad ner --conll FILE --lang L``: one ``token TAG`` line per input
    token, a blank line after each sentence (``-DOCSTART-`` lines are echoed
    as ``-DOCSTART- O``).  Returns the exit status: 0, or 2 with a message on
    ``err`` for a malformed file or an unsupported language."""
    err = err or sys.stderr
    try:
        tagger = load_tagger(lang)
        docs = read_documents(path, require_tags=False)
    except (ConllError, ValueError, OSError) as exc:
        err.write(f"marsad ner: {exc}\n")
        return 2
    write = out.write
    for d, doc in enumerate(docs):
        if d or _starts_with_docstart(path):
            write("-DOCSTART- O\n\n")
        sentences = [s.tokens for s in doc]
        for tokens, tags in zip(sentences, tagger.tag_sentences(sentences)):
            write("".join(f"{tok} {tag}\n" for tok, tag in zip(tokens, tags, strict=True)))
            write("\n")
    return 0


def _starts_with_docstart(path: str | Path) -> bool:
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.strip():
                return line.split()[0] == "-DOCSTART-"
    return False


def throughput(path: str | Path, lang: str) -> tuple[int, float]:
    """``(tokens, seconds)`` to tag ``path`` in this process (model load excluded)."""
    docs = read_documents(path, require_tags=False)
    tagger = load_tagger(lang)
    start = time.perf_counter()
    n = 0
    for doc in docs:
        sentences: list[list[str]] = [s.tokens for s in doc]
        n += sum(map(len, sentences))
        tagger.tag_sentences(sentences)
    return n, time.perf_counter() - start
