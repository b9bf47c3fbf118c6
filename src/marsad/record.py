"""The JSON record of an analyzed article: Marsad's versioned contract.

See docs/record.md.  ``SCHEMA`` names the version; fields are only ever
added under a version, and a change of meaning gets a new version.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .doc import Document, Span
from .stages.agencies import credited

SCHEMA = "marsad.article/1"


def _span(span: Span, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"start": span.start, "end": span.end}
    out.update(extra)
    return out


def _date(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def to_record(doc: Document, *, tokens: bool = False) -> dict[str, Any]:
    """The JSON-ready dict for ``doc`` (analyzed or rejected)."""
    record: dict[str, Any] = {
        "schema": SCHEMA,
        "path": doc.source.path,
        "url": doc.source.url,
    }
    if doc.rejection is not None:
        record["rejected"] = doc.rejection.as_dict()
        return record
    record.update(
        {
            "language": doc.language,
            "language_score": doc.language_score,
            "title": doc.title,
            "published": _date(doc.published),
            "published_how": doc.published_how,
            "source": doc.publisher,
            "author": doc.author,
            "agencies": list(dict.fromkeys(credited(doc))),
            "credits": [
                {
                    "id": a.id,
                    "name": a.name,
                    "how": a.how,
                    "start": a.span.start if a.span else None,
                    "end": a.span.end if a.span else None,
                }
                for a in doc.agencies
            ],
            "text": doc.text,
            "paragraphs": [_span(p, language=p.attr("language")) for p in doc.paragraphs],
            "headings": [_span(h) for h in doc.headings],
            "sentences": [_span(s) for s in doc.sentences],
            "entities": [e.as_dict(doc.text, doc.title) for e in doc.entities],
            "quantities": [q.as_dict(doc.text) for q in doc.quantities],
            "quotes": [q.as_dict(doc.text) for q in doc.quotes],
            "events": [e.as_dict(doc.text, doc.title) for e in doc.events],
            "fetched": _date(doc.source.fetched),
            "encoding": doc.encoding,
            "extractor": doc.hints.get("extractor"),
            "rejected": None,
        }
    )
    if tokens:
        record["tokens"] = [
            {"start": t.start, "end": t.end, "stem_start": t.stem_start, "norm": t.norm}
            for t in doc.tokens
            if t.is_word
        ]
    return record


def to_text(doc: Document) -> str:
    """A human-readable rendering for ``--format text``."""
    name = doc.name
    if doc.rejection is not None:
        r = doc.rejection
        return f"== {name}\nREJECTED ({r.reason}): {r.message}\n"
    agencies = ", ".join(dict.fromkeys(credited(doc))) or "-"
    lines = [
        f"== {name}",
        f"title:     {doc.title or '-'}",
        f"published: {_date(doc.published) or '-'}" + (f"  ({doc.published_how})" if doc.published_how else ""),
        f"language:  {doc.language or '-'}   source: {doc.publisher or '-'}   agencies: {agencies}",
        f"size:      {len(doc.paragraphs)} paragraphs, {len(doc.headings)} headings, "
        f"{len(doc.sentences)} sentences, {len(doc.text.split())} words",
        "",
    ]
    for block in doc.blocks():
        text = doc.text[block.start : block.end]
        lines.append(f"## {text}" if block.label == "heading" else text)
        lines.append("")
    return "\n".join(lines)
