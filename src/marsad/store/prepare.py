"""What the analysis of one input hands the store: the article record plus
what indexing needs (terms, content hash, MinHash), computed where the
analysis ran — in a worker process during ``marsad ingest`` — so the single
writer only writes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from ..doc import Document
from .dedup import content_hash, folded_words, signature
from .terms import index_text

__all__ = ["Prepared", "input_hash", "prepare"]


@dataclass(slots=True)
class Prepared:
    input_hash: bytes | None  # None: nothing was read (a fetch that failed): never remembered
    name: str  # the input, for messages and the rejections table
    record: dict[str, Any] | None = None  # marsad.article/1 record of an analyzed article
    rejection: dict[str, str] | None = None  # {stage, reason, message}
    title_terms: str = ""
    body_terms: str = ""
    content_hash: bytes | None = None
    minhash: bytes | None = None


def input_hash(doc: Document) -> bytes | None:
    """What identifies an input across runs: its URL and its bytes (or its
    record's fields).  None when nothing was read."""
    h = hashlib.blake2b(digest_size=16)
    h.update((doc.source.url or "").encode("utf-8", "surrogatepass") + b"\0")
    if doc.raw is not None:
        h.update(doc.raw)
    elif doc.record is not None:
        h.update(json.dumps(doc.record, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass"))
    elif doc.content is not None:
        h.update(doc.content.encode("utf-8", "surrogatepass"))
    else:
        return None
    return h.digest()


def prepare(doc: Document, key: bytes | None = None) -> Prepared:
    """``doc`` after analysis, ready for :meth:`Store.add`."""
    from ..record import to_record

    key = input_hash(doc) if key is None else key
    if doc.rejection is not None:
        return Prepared(key, doc.name, rejection=doc.rejection.as_dict())
    record = to_record(doc)
    words = folded_words(doc.text)
    return Prepared(
        key,
        doc.name,
        record=record,
        title_terms=index_text(doc.title),
        body_terms=index_text(doc.text),
        content_hash=content_hash(words=words),
        minhash=signature(words=words),
    )
