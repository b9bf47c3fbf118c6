"""Arabic tokens as word pieces, for the encoder experiment (prepare.py).

A token is folded (``cluster_key``: letters folded, digits 0), its
proclitics are split off (``features.arabic_parts``: "وبالقاهرة" →
"وبال" + "قاهره") and become one piece of their own ("+وبال"), and the stem
is cut into WordPiece pieces by greedy longest match against the vocabulary
("لوكاشنكو" → "لوك", "##اش", "##نكو"). The tagger reads a token at the
first piece of its stem, its *head*.

The vocabulary (one piece per line, ids in line order) is trained once by
``scripts/trf_ar/prepare.py``; the first five lines are the special pieces.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from marsad.ner.features import arabic_parts

PAD, UNK, CLS, SEP, MASK = "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"
SPECIALS = (PAD, UNK, CLS, SEP, MASK)
MAX_PIECE_CHARS = 24  # a longer stem is one [UNK]


class WordPieces:
    """Greedy longest-match WordPiece over folded Arabic stems."""

    def __init__(self, vocab: Sequence[str]) -> None:
        if tuple(vocab[: len(SPECIALS)]) != SPECIALS:
            raise ValueError(f"a word-piece vocabulary starts with {', '.join(SPECIALS)}")
        self.vocab = list(vocab)
        self.ids = {piece: i for i, piece in enumerate(self.vocab)}
        if len(self.ids) != len(self.vocab):
            raise ValueError("the word-piece vocabulary repeats a piece")
        self.unk = self.ids[UNK]
        self.cls = self.ids[CLS]
        self.sep = self.ids[SEP]
        self.mask = self.ids[MASK]
        self.pad = self.ids[PAD]
        self.longest = max(len(p.removeprefix("##")) for p in self.vocab)
        self._stem = lru_cache(maxsize=200_000)(self._stem_ids)
        self._token = lru_cache(maxsize=200_000)(self._token_ids)

    @classmethod
    def load(cls, path: str | Path) -> WordPieces:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"{path}: cannot read the word-piece vocabulary ({exc})") from exc
        try:
            return cls(lines)
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from exc

    def _stem_ids(self, stem: str) -> tuple[int, ...]:
        if not stem or len(stem) > MAX_PIECE_CHARS * 4:
            return (self.unk,)
        out: list[int] = []
        start = 0
        while start < len(stem):
            end = min(len(stem), start + self.longest)
            found = None
            while end > start:
                piece = stem[start:end] if start == 0 else "##" + stem[start:end]
                found = self.ids.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return (self.unk,)
            out.append(found)
            start = end
        return tuple(out)

    def _token_ids(self, token: str) -> tuple[tuple[int, ...], int]:
        _key, stem, clitic = arabic_parts(token)
        ids = self._stem(stem)
        if clitic:
            cid = self.ids.get("+" + clitic)
            if cid is not None:
                return (cid, *ids), 1
        return ids, 0

    def token(self, token: str) -> tuple[tuple[int, ...], int]:
        """The piece ids of ``token`` and the index of its head among them."""
        return self._token(token)

    def sentence(self, tokens: Sequence[str], limit: int) -> tuple[list[int], list[int]]:
        """``[CLS] pieces… [SEP]`` for ``tokens`` and each token's head
        position in it; pieces beyond ``limit`` are cut (their tokens' heads
        point at the last kept piece, so every token still gets a place)."""
        ids = [self.cls]
        heads: list[int] = []
        for tok in tokens:
            pieces, head = self._token(tok)
            heads.append(min(len(ids) + head, limit - 2))
            ids.extend(pieces)
        ids = ids[: limit - 1]
        ids.append(self.sep)
        return ids, heads
