"""Stage ``marsad.decode.v1``: raw bytes to text, and what kind of text."""

from __future__ import annotations

import re

from ..decode import UndecodableError, decode_bytes, looks_binary
from ..doc import Document
from ..pipeline import stage

_HTML_START = re.compile(r"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|div|p|article)\b", re.I | re.S)
_TAG = re.compile(r"</?(p|div|br|span|a|article|section|h[1-6]|li|table|td)\b[^>]*>", re.I)


@stage("marsad.decode.v1", requires=("raw",), assigns=("content", "kind"))
def decode(doc: Document) -> Document:
    """Decode the input bytes (UTF-8, windows-1256, windows-1251, KOI8-R…)
    and tell HTML from a plain-text page dump.  JSON records skip this."""
    if doc.kind == "record":
        return doc
    data = doc.raw
    if data is None:
        return doc.reject("decode", "empty", "no input bytes")
    if not data.strip():
        return doc.reject("decode", "empty", "the input is empty")
    if looks_binary(data):
        return doc.reject("decode", "binary", "binary data, not a text or HTML page")
    try:
        decoded = decode_bytes(data, doc.source.declared_encoding)
    except UndecodableError as exc:
        return doc.reject("decode", "undecodable", str(exc))
    text = decoded.text
    if text.count("\ufffd") > max(10, len(text) // 200):
        return doc.reject("decode", "undecodable", "too many undecodable characters (mis-declared encoding?)")
    doc.content = text
    doc.encoding = decoded.encoding
    if not doc.kind:
        doc.kind = "html" if _looks_html(text) else "text"
    return doc


def _looks_html(text: str) -> bool:
    head = text[:2048]
    if _HTML_START.match(head):
        return True
    return len(_TAG.findall(text[:20000])) >= 5
