"""Training the CRF taggers from CoNLL corpora (needs ``python-crfsuite``).

:func:`load_corpus` reads sentences with their tags (and, for English, the
document each sits in); :func:`train_crf` writes a crfsuite model.  The whole
reproduction — gazetteers, word clusters, models — is ``scripts/train_ner.py``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .conll import read_documents
from .features import DocContext, Resources, sentence_features


@dataclass(slots=True)
class Example:
    tokens: list[str]
    tags: list[str]
    doc: DocContext | None = None


def load_corpus(paths: Iterable[str | Path], lang: str, lenient: bool = False) -> list[Example]:
    """Tagged sentences of ``paths``; English ones carry their document's context.
    ``lenient`` reads junk tags as ``O``."""
    out: list[Example] = []
    for path in paths:
        for doc in read_documents(path, lenient=lenient):
            ctx = DocContext.of([s.tokens for s in doc]) if lang == "en" else None
            for s in doc:
                out.append(Example(s.tokens, [t or "O" for t in s.tags], ctx))
    return out


def train_crf(
    lang: str,
    examples: Sequence[Example],
    model_path: str | Path,
    resources: Resources,
    *,
    c1: float = 0.05,
    c2: float = 0.01,
    max_iterations: int = 150,
    min_freq: int = 1,
    verbose: bool = False,
) -> float:
    """Train an L-BFGS CRF with L1+L2 regularization; returns seconds taken."""
    try:
        import pycrfsuite
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ImportError("training the NER tagger needs python-crfsuite: pip install python-crfsuite") from exc
    start = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=verbose)
    for ex in examples:
        trainer.append(pycrfsuite.ItemSequence(sentence_features(lang, ex.tokens, resources, ex.doc)), ex.tags)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "feature.minfreq": min_freq,
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(model_path))
    return time.perf_counter() - start


# What scripts/train_ner.py trains each model on (paths under ../shared), and how.
TRAINING: dict[str, dict] = {
    "ar": {
        "train": ["data/ner/ar/anercorp/train.txt"],
        "clusters": {"top": 150_000, "levels": (64, 256, 1024), "window": 3, "epochs": 5, "min_count": 3},
        "crf": {"c1": 0.05, "c2": 0.01, "max_iterations": 100},
    },
    "en": {
        "train": ["data/ner/en/conll2003/train.iob2.txt", "data/ner/en/conll2003/valid.iob2.txt"],
        "unlabelled": ["data/ner/en/conll2003/train.iob2.txt", "data/ner/en/conll2003/valid.iob2.txt"],
        "clusters": {"top": 20_000, "levels": (32, 128, 512), "window": 2, "epochs": 15, "min_count": 3},
        "crf": {"c1": 0.05, "c2": 0.01, "max_iterations": 100},
    },
}
