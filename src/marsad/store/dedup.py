"""Duplicates: the same article stored once, near-copies linked to it.

- *Exact*: the content hash is over the article's words in their matching
  keys (``marsad.normalize.match_key``), so spacing, punctuation, diacritics,
  tatweel and letter variants do not make a new article.
- *Near*: a MinHash (datasketch) of the word 5-grams; an article whose
  estimated Jaccard similarity to a stored original is at least
  ``NEAR_THRESHOLD`` is stored linked to it (``duplicate_of``), as a wire
  story republished with a new headline or a trimmed paragraph is.  Texts
  under ``MIN_WORDS`` words are never called near-duplicates: a few shared
  sentences are not a story.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from functools import lru_cache
from typing import Iterable, Sequence

from ..normalize import match_key

__all__ = ["content_hash", "signature", "folded_words", "NearDuplicates", "NEAR_THRESHOLD", "NUM_PERM"]

NUM_PERM = 64
SCHEME = "affine32"  # datasketch 2's default; stored signatures are 32-bit
NEAR_THRESHOLD = 0.7
SHINGLE = 5
MIN_WORDS = 40
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=200_000)
def _key(word: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(match_key(word)))  # folding may split a word (NFKC ligatures)


def folded_words(text: str) -> list[str]:
    """The words of ``text`` in matching form (one pass; folding cached per word)."""
    out: list[str] = []
    for word in _WORD.findall(text):
        out.extend(_key(word))
    return out


def content_hash(text: str | None = None, *, words: Sequence[str] | None = None) -> bytes:
    """A 16-byte digest of the words of ``text`` in matching form."""
    words = folded_words(text or "") if words is None else words
    return hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=16).digest()


@lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


def _identity(value: int) -> int:
    return value


@lru_cache(maxsize=1)
def _template():  # type: ignore[no-untyped-def]
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashfunc=_identity)


def shingle_hashes(words: Sequence[str]) -> list[int]:
    """32-bit hashes of the word 5-grams: CRC-32 of each word, combined as a
    polynomial over the window (stable across runs and machines)."""
    import numpy as np

    h = np.fromiter((_word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    n = len(words) - SHINGLE + 1
    acc = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE):
        acc = (acc * np.uint64(1_000_003) + h[k : k + n]) & np.uint64(0xFFFFFFFF)
    return np.unique(acc).tolist()


def signature(text: str | None = None, *, words: Sequence[str] | None = None) -> bytes | None:
    """The MinHash of ``text``'s word 5-grams as bytes, or None for a short text."""
    words = folded_words(text or "") if words is None else words
    if len(words) < MIN_WORDS:
        return None
    mh = _template().copy()
    mh.update_batch(shingle_hashes(words))
    return mh.hashvalues.astype("<u4").tobytes()


class NearDuplicates:
    """An in-memory LSH index of the stored originals' signatures."""

    def __init__(self, threshold: float = NEAR_THRESHOLD) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._sigs: dict[int, object] = {}

    @staticmethod
    def _minhash(sig: bytes):  # type: ignore[no-untyped-def]
        import numpy as np
        from datasketch import MinHash

        return MinHash(
            num_perm=NUM_PERM, hashvalues=np.frombuffer(sig, dtype="<u4").astype(np.uint32), scheme=SCHEME, hashfunc=_identity
        )

    def add(self, article_id: int, sig: bytes) -> None:
        if article_id in self._sigs:
            return
        mh = self._minhash(sig)
        self._lsh.insert(article_id, mh)
        self._sigs[article_id] = mh

    def add_many(self, rows: Iterable[tuple[int, bytes]]) -> None:
        for article_id, sig in rows:
            self.add(article_id, sig)

    def remove(self, article_id: int) -> None:
        if self._sigs.pop(article_id, None) is not None:
            self._lsh.remove(article_id)

    def original_of(self, sig: bytes, exclude: int | None = None) -> tuple[int, float] | None:
        """The most similar stored original at or above the threshold, with its similarity."""
        mh = self._minhash(sig)
        best: tuple[int, float] | None = None
        for key in self._lsh.query(mh):
            if key == exclude:
                continue
            similarity = mh.jaccard(self._sigs[key])
            if similarity >= self.threshold and (best is None or similarity > best[1] or (similarity == best[1] and key < best[0])):
                best = (key, similarity)
        return best

    def __len__(self) -> int:
        return len(self._sigs)
