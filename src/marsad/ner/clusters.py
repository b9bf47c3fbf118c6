"""Word clusters: a word's place among words used alike, learned offline from
unlabelled news so the tagger generalizes to names it never saw labelled.

Built by :func:`build_clusters` (word2vec over the corpus, then k-means on the
vectors at a fine level and the fine centroids again at coarser levels, so
the levels nest); committed as a small TSV ``word<TAB>c1<TAB>c2<TAB>c3``
(coarse to fine) of the most frequent words, read by :func:`load_clusters`.
Building needs ``gensim`` and ``numpy`` (training-time only).
"""

from __future__ import annotations

import json
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from ..normalize import arabic_key_zero_digits

_WORD = re.compile(r"\w+|[^\w\s]", re.U)


@lru_cache(maxsize=500_000)
def cluster_key(token: str) -> str:
    """The key words are clustered under: Arabic-folded, ASCII digits
    collapsed to 0, lower-cased."""
    return arabic_key_zero_digits(token)


def load_clusters(path: str | Path) -> dict[str, tuple[str, ...]]:
    """``key -> (coarse, middle, fine)`` cluster ids as strings."""
    table: dict[str, tuple[str, ...]] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            word, *ids = line.rstrip("\n").split("\t")
            table[word] = tuple(ids)
    return table


def saudinewsnet_sentences(folder: str | Path) -> Iterator[list[str]]:
    """Token keys of every line of every SaudiNewsNet article (title and content)."""
    for archive in sorted(Path(folder).glob("*.zip")):
        with zipfile.ZipFile(archive) as zf:
            for name in sorted(zf.namelist()):
                for article in json.loads(zf.read(name).decode("utf-8")):
                    for text in (article.get("title") or "", article.get("content") or ""):
                        for line in re.split(r"[\n.!?؟]+", text):
                            words = [cluster_key(w) for w in _WORD.findall(line)]
                            if len(words) > 2:
                                yield words


def english_news_sentences(shared: str | Path) -> Iterator[list[str]]:
    """Unlabelled English news in ../shared: NTREX-128 and the article bodies
    of the scrapinghub extraction benchmark."""
    shared = Path(shared)
    ntrex = shared / "data/news/multi/ntrex128/newstest2019-src.eng.txt"
    texts: list[str] = ntrex.read_text(encoding="utf-8").splitlines() if ntrex.exists() else []
    truth = shared / "data/extraction/en/scrapinghub/ground-truth.json"
    if truth.exists():
        for page in json.loads(truth.read_text(encoding="utf-8")).values():
            texts.extend(re.split(r"(?<=[.!?])\s+|\n+", page.get("articleBody") or ""))
    for text in texts:
        words = [cluster_key(w) for w in _WORD.findall(text)]
        if len(words) > 2:
            yield words


def conll_sentences(paths: Iterable[str | Path]) -> Iterator[list[str]]:
    from .conll import read_conll

    for path in paths:
        for sent in read_conll(path, require_tags=False):
            yield [cluster_key(tok) for tok, _ in sent]


def _stable_hash(text: str) -> int:
    """word2vec seeds each vector from a hash of the word: Python's own hash
    changes between runs, this one does not."""
    return zlib.crc32(text.encode("utf-8"))


def _kmeans(x, k: int, iters: int, seed: int):  # type: ignore[no-untyped-def]
    """Plain Lloyd k-means on rows of ``x`` (cosine: rows are unit length)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    centers = x[rng.choice(len(x), size=k, replace=False)].copy()
    labels = np.zeros(len(x), dtype=np.int64)
    for _ in range(iters):
        labels = np.concatenate([np.argmax(x[i : i + 8192] @ centers.T, axis=1) for i in range(0, len(x), 8192)])
        sums = np.zeros_like(centers)
        np.add.at(sums, labels, x)
        norms = np.linalg.norm(sums, axis=1)
        empty = norms == 0
        centers = sums / np.where(empty, 1.0, norms)[:, None]
        if empty.any():  # restart empty clusters on random words
            centers[empty] = x[rng.integers(len(x), size=int(empty.sum()))]
    return labels, centers


def build_clusters(
    sentences: Iterable[list[str]],
    out: str | Path,
    *,
    top: int = 60_000,
    levels: tuple[int, ...] = (64, 256, 1024),
    dim: int = 100,
    window: int = 3,
    epochs: int = 5,
    min_count: int = 3,
    seed: int = 7,
    vectors: str | Path | None = None,
) -> int:
    """Train word2vec on ``sentences``, cluster the ``top`` most frequent words
    and write the TSV; returns the number of words written.  With ``vectors``,
    the trained word vectors are kept there (and reused when present), so
    re-clustering skips the slow part."""
    import numpy as np
    from gensim.models import KeyedVectors, Word2Vec

    if vectors and Path(vectors).exists():
        wv = KeyedVectors.load(str(vectors))
    else:
        corpus = list(sentences)
        wv = Word2Vec(
            corpus, vector_size=dim, window=window, min_count=min_count, sg=1, negative=5, epochs=epochs,
            workers=1, seed=seed, hashfxn=_stable_hash,
        ).wv
        if vectors:
            wv.save(str(vectors))
    words = [w for w in wv.index_to_key if not re.fullmatch(r"[^\w]+", w)][:top]
    x = np.stack([wv[w] for w in words]).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-9
    fine, centers = _kmeans(x, levels[-1], iters=15, seed=seed)
    assignments = [fine]
    for k in reversed(levels[:-1]):
        coarse_of_center, _ = _kmeans(centers, k, iters=25, seed=seed)
        assignments.insert(0, coarse_of_center[fine])
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(f"# word2vec d={dim} w={window} k-means {levels}; {len(words)} words\n")
        for i, w in enumerate(words):
            handle.write(w + "\t" + "\t".join(str(int(a[i])) for a in assignments) + "\n")
    return len(words)
