"""WARC crawl files (``.warc``, ``.warc.gz``): one document per HTML page.

Read with FastWARC, streaming, one record at a time.  Every ``response``
record whose HTTP status is 200 and whose content type is HTML or XHTML
becomes a document: ``source.url`` is the ``WARC-Target-URI``, ``raw`` the
HTTP body (de-chunked and decompressed when the crawler kept the server's
encodings), the HTTP charset the declared encoding and ``WARC-Date`` the
fetch date.  A document's path is ``crawl.warc.gz@OFFSET``, the record's
byte offset in the file (as in CDX indexes).

A crawl holds far more than pages (requests, metadata, images, redirects,
revisits), so other records are skipped and *counted* — by kind, in the
``skipped`` counter a caller passes, and in a log line — not rejected.  Only
a file that yields no page at all says so, as an ``empty`` rejection.  A file
cut short yields its complete records, then a ``truncated`` rejection naming
the file; one that is not a WARC file, or whose compression is broken, a
``corrupt-archive`` rejection.
"""

from __future__ import annotations

import logging
import zlib
from collections import Counter
from typing import IO, Any, Iterator

from ..doc import Document, Source

log = logging.getLogger(__name__)

WARC_MAGIC = b"WARC/"
INSTALL_HINT = "reading WARC files needs FastWARC: pip install fastwarc"

# Skip counter keys besides record types ("request", "metadata", "revisit"…).
NOT_HTML = "not-html"
NOT_200 = "not-200"


def read_warc(
    stream: IO[bytes],
    name: str,
    *,
    max_bytes: int,
    skipped: Counter[str] | None = None,
) -> Iterator[Document]:
    """Documents for the HTML responses of the WARC file ``stream`` (plain
    or gzip-compressed, record by record or whole) called ``name``."""
    try:
        from fastwarc.warc import ArchiveIterator
    except ImportError:
        yield Document(source=Source(path=name)).reject("read", "unsupported", INSTALL_HINT)
        return
    skipped = Counter() if skipped is None else skipped
    found = 0  # documents yielded, rejected or not
    records = ArchiveIterator(stream, parse_http=True, auto_decode="none", fsspec_args=False)
    try:
        for record in records:
            if not record.headers.get("WARC-Type") or not record.headers.get("Content-Length"):
                yield _broken(name, record.stream_pos, found, skipped)
                return
            skip = _skip_reason(record)
            if skip:
                skipped[skip] += 1
                if not _consume(record):
                    yield _truncated(name, record.stream_pos)
                    return
                continue
            where = f"{name}@{record.stream_pos}"
            doc = Document(source=Source(path=where, url=_target_uri(record.headers.get("WARC-Target-URI"))))
            if record.content_length > max_bytes:
                size = record.content_length
                if not _consume(record):
                    yield _truncated(name, record.stream_pos)
                    return
                found += 1
                yield doc.reject("read", "too-large", f"{size:,} bytes is over the {max_bytes:,}-byte limit")
                continue
            expected = record.content_length
            body = record.reader.read()
            if len(body) < expected:
                yield _truncated(name, record.stream_pos)
                return
            found += 1
            yield _page(doc, record, body, max_bytes)
    except OSError as exc:  # broken compression, unreadable stream
        yield Document(source=Source(path=name)).reject("read", "corrupt-archive", f"not a readable WARC file: {exc}")
        return
    finally:
        _log_skipped(name, found, skipped)
    if not found:
        yield Document(source=Source(path=name)).reject(
            "read", "empty", f"the WARC file holds no HTML responses{_skip_note(skipped)}"
        )


def _skip_reason(record: Any) -> str | None:
    """Why a record is not a page to read (the key it is counted under), or None."""
    kind = record.headers.get("WARC-Type", "").strip().lower()
    if kind != "response":
        return kind if kind.isalpha() else "unknown"
    http = record.http_headers
    if http is None or http.status_code != 200:
        return NOT_200
    if "html" not in (record.http_content_type or "").lower():
        return NOT_HTML
    return None


def _consume(record: Any) -> bool:
    """Skip the rest of the record; False when the stream ends before it does."""
    expected = record.content_length
    return record.consume() >= expected


def _page(doc: Document, record: Any, body: bytes, max_bytes: int) -> Document:
    doc.kind = "html"
    doc.source.fetched = record.record_date
    doc.source.content_type = (record.http_content_type or "").lower() or None
    doc.source.declared_encoding = record.http_charset
    try:
        doc.raw = _decode_body(body, record.http_headers, max_bytes)
    except ValueError as exc:
        return doc.reject("read", "too-large", str(exc))
    except (EOFError, OSError, zlib.error) as exc:
        return doc.reject("read", "truncated", f"broken HTTP body: {exc}")
    return doc


def _decode_body(body: bytes, http: Any, max_bytes: int) -> bytes:
    """The body as the page was meant: crawlers such as warcprox keep the
    server's chunking and compression (Common Crawl stores it decoded)."""
    if "chunked" in (http.get("Transfer-Encoding") or "").lower():
        body = _dechunk(body)
    encoding = (http.get("Content-Encoding") or "").strip().lower()
    if encoding in ("gzip", "x-gzip") and body[:2] == b"\x1f\x8b":
        from . import _gunzip

        return _gunzip(body, max_bytes)
    if encoding == "deflate":
        try:
            inflater = zlib.decompressobj()
            out = inflater.decompress(body, max_bytes + 1)
        except zlib.error:  # raw deflate, without the zlib header
            inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            out = inflater.decompress(body, max_bytes + 1)
    elif encoding == "br":
        out = _unbrotli(body, max_bytes)
    else:
        return body
    if len(out) > max_bytes:
        raise ValueError(f"decompresses to over the {max_bytes:,}-byte limit")
    return out


def _unbrotli(body: bytes, max_bytes: int) -> bytes:
    try:
        import brotli  # installed with FastWARC
    except ImportError:
        raise OSError("the body is brotli-compressed and brotli is not installed") from None
    try:
        return brotli.Decompressor().process(body, output_buffer_limit=max_bytes + 1)
    except brotli.error as exc:
        raise OSError(f"broken brotli data: {exc}") from None


def _dechunk(body: bytes) -> bytes:
    """HTTP/1.1 chunked transfer coding, undone; data that is not chunked
    (a crawler that decoded the body but kept the header) is left as it is."""
    out = bytearray()
    pos = 0
    while pos < len(body):
        end = body.find(b"\r\n", pos)
        size_field = body[pos:end].split(b";", 1)[0].strip() if end >= 0 else b""
        try:
            size = int(size_field, 16)
        except ValueError:
            return body if not out else bytes(out)
        if size == 0:
            break
        out.extend(body[end + 2 : end + 2 + size])
        pos = end + 2 + size + 2
    return bytes(out)


def _target_uri(value: str | None) -> str | None:
    """WARC/1.0 wrote the URI in angle brackets; 1.1 does not."""
    if not value:
        return None
    return value.strip().removeprefix("<").removesuffix(">") or None


def _truncated(name: str, offset: int) -> Document:
    return Document(source=Source(path=name)).reject(
        "read", "truncated", f"the WARC file ends inside the record at byte {offset:,}"
    )


def _broken(name: str, offset: int, found: int, skipped: Counter[str]) -> Document:
    if found or sum(skipped.values()):
        return _truncated(name, offset)  # a header cut short after good records
    return Document(source=Source(path=name)).reject(
        "read", "corrupt-archive", "not a WARC file (no WARC-Type or Content-Length header)"
    )


def _skip_note(skipped: Counter[str]) -> str:
    if not skipped:
        return ""
    return " (skipped: " + ", ".join(f"{n} {kind}" for kind, n in skipped.most_common()) + ")"


def _log_skipped(name: str, found: int, skipped: Counter[str]) -> None:
    if skipped:
        total = sum(skipped.values())
        log.info("%s: %d HTML responses read, %d records skipped%s", name, found, total, _skip_note(skipped))
