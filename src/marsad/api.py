"""The library's front door: analyze inputs into documents.

    from marsad.api import analyze
    for doc in analyze(["samples/"]):
        print(doc.title, doc.published, doc.language)
"""

from __future__ import annotations

from typing import Iterable, Iterator

import httpx

from .doc import Document, Source
from .pipeline import DEFAULT_STAGES, Pipeline, RunStats
from .readers import DEFAULT_MAX_BYTES, kind_from_type, read_bytes, read_inputs

_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline(DEFAULT_STAGES)
    return _DEFAULT


def analyze(
    inputs: Iterable[str],
    *,
    pipeline: Pipeline | None = None,
    client: httpx.Client | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stats: RunStats | None = None,
) -> Iterator[Document]:
    """Documents for files, folders and URLs, analyzed (or rejected)."""
    pipeline = pipeline or default_pipeline()
    yield from pipeline.run(read_inputs(inputs, client=client, max_bytes=max_bytes), stats)


def analyze_bytes(
    data: bytes, name: str, content_type: str | None = None, *, pipeline: Pipeline | None = None
) -> Document:
    """One page or dump given as bytes (the first document, for archives)."""
    pipeline = pipeline or default_pipeline()
    for doc in read_bytes(data, name):
        if content_type and not doc.kind:
            doc.kind = kind_from_type(content_type)
        return pipeline(doc)
    return Document(source=Source(path=name)).reject("read", "empty", "no document in the input")


def analyze_text(text: str, *, name: str = "<text>", kind: str = "", pipeline: Pipeline | None = None) -> Document:
    """A page or dump already in memory as text (``kind``: "html", "text" or "" to sniff)."""
    content_type = {"html": "text/html", "text": "text/plain"}.get(kind)
    return analyze_bytes(text.encode("utf-8"), name, content_type, pipeline=pipeline)
