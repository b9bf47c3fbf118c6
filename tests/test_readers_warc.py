"""WARC crawl files (marsad.readers.warc): HTML responses become documents,
other records are skipped and counted, a cut or broken file says so.

The WARC files are written by hand here (WARC/1.1 is a simple format: a
header block, a blank line, Content-Length bytes of content, two CRLFs;
``.warc.gz`` is one gzip member per record)."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import logging
import os
import zipfile
import zlib
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.cli import main
from marsad.doc import Document
from marsad.readers import read_bytes, read_inputs
from marsad.readers.warc import read_warc

pytest.importorskip("fastwarc")

FIXTURES = Path(__file__).parent / "fixtures" / "core"
AR = (FIXTURES / "news_ar.txt").read_text("utf-8")
RU = (FIXTURES / "news_ru.txt").read_text("utf-8")

WARC_DATE = "2024-05-01T10:20:30Z"
FETCHED = dt.datetime(2024, 5, 1, 10, 20, 30, tzinfo=dt.timezone.utc)

AR_PAGE = (
    "<!doctype html><html lang='ar' dir='rtl'><head><meta charset='windows-1256'>"
    "<title>وفد حكومي إلى عمّان</title></head><body><nav><a href='/'>الرئيسية</a></nav>"
    "<article><h1>وفد حكومي إلى عمّان</h1>"
    + "".join(f"<p>{line}</p>" for line in AR.splitlines() if line.strip())
    + "</article></body></html>"
)
RU_PAGE = (
    "<?xml version='1.0' encoding='utf-8'?><html xmlns='http://www.w3.org/1999/xhtml'><head>"
    "<title>Меры поддержки бизнеса</title></head><body><article>"
    + "".join(f"<p>{line}</p>" for line in RU.splitlines() if line.strip())
    + "</article></body></html>"
)


def http(body: bytes, status: str = "200 OK", ctype: str | None = "text/html; charset=utf-8", *extra: str) -> bytes:
    lines = [f"HTTP/1.1 {status}"]
    if ctype:
        lines.append(f"Content-Type: {ctype}")
    lines += extra
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + body


def record(kind: str, uri: str | None, block: bytes, ctype: str = "application/http; msgtype=response") -> bytes:
    headers = [("WARC-Type", kind), ("WARC-Record-ID", f"<urn:uuid:{zlib.crc32(block):08x}-0000-4000-8000-000000000000>")]
    headers.append(("WARC-Date", WARC_DATE))
    if uri:
        headers.append(("WARC-Target-URI", uri))
    headers += [("Content-Type", ctype), ("Content-Length", str(len(block)))]
    head = "WARC/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode("utf-8") + block + b"\r\n\r\n"


def crawl() -> list[bytes]:
    """A small crawl: two pages among the records a crawler writes around them."""
    return [
        record("warcinfo", None, b"software: hand-written\r\nformat: WARC File Format 1.1\r\n", "application/warc-fields"),
        record("request", "https://ar.example/news/1", b"GET /news/1 HTTP/1.1\r\nHost: ar.example\r\n\r\n",
               "application/http; msgtype=request"),
        record("response", "https://ar.example/news/1",
               http(AR_PAGE.encode("windows-1256"), "200 OK", "text/html; charset=windows-1256")),
        record("metadata", "https://ar.example/news/1", b"fetchTimeMs: 120\r\n", "application/warc-fields"),
        record("response", "https://ar.example/logo.png", http(b"\x89PNG\r\n\x1a\n", "200 OK", "image/png")),
        record("response", "https://ar.example/old", http(b"", "301 Moved Permanently", "text/html", "Location: /news/1")),
        record("response", "https://ar.example/gone", http(b"<p>not found</p>", "404 Not Found")),
        record("revisit", "https://ar.example/news/1", http(b"", "200 OK")),
        record("response", "https://ru.example/lenta/2", http(RU_PAGE.encode("utf-8"), "200 OK", "application/xhtml+xml")),
    ]


SKIPPED = {"warcinfo": 1, "request": 1, "metadata": 1, "not-html": 1, "not-200": 2, "revisit": 1}


def warc_gz(records: list[bytes]) -> bytes:
    return b"".join(gzip.compress(r) for r in records)


def reasons(docs: list[Document]) -> list[str | None]:
    return [d.rejection.reason if d.rejection else None for d in docs]


def test_html_responses_become_documents_the_rest_is_counted() -> None:
    records = crawl()
    skipped: Counter[str] = Counter()
    docs = list(read_warc(io.BytesIO(b"".join(records)), "crawl.warc", max_bytes=1 << 20, skipped=skipped))
    assert skipped == SKIPPED
    assert reasons(docs) == [None, None]
    ar, ru = docs
    offset = sum(len(r) for r in records[:2])
    assert ar.name == f"crawl.warc@{offset}"  # the record's byte offset
    assert ar.source.url == "https://ar.example/news/1"
    assert ar.raw == AR_PAGE.encode("windows-1256")  # the HTTP body, untouched
    assert ar.source.declared_encoding == "windows-1256"
    assert ar.source.content_type == "text/html"
    assert ar.kind == "html"
    assert ar.source.fetched == FETCHED  # WARC-Date
    assert ru.source.url == "https://ru.example/lenta/2" and ru.raw == RU_PAGE.encode()
    assert ru.source.content_type == "application/xhtml+xml" and ru.source.declared_encoding is None


def test_skipped_records_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="marsad.readers.warc"):
        list(read_bytes(b"".join(crawl()), "crawl.warc"))
    (message,) = [r.getMessage() for r in caplog.records]
    assert "2 HTML responses read, 7 records skipped" in message and "2 not-200" in message


def test_gzip_per_record_file(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_gz(crawl()))
    os.utime(path, (0, 0))
    docs = list(read_inputs([str(path)]))
    assert reasons(docs) == [None, None]
    assert [d.source.url for d in docs] == ["https://ar.example/news/1", "https://ru.example/lenta/2"]
    assert all(d.name.startswith(f"{path}@") for d in docs)
    assert docs[0].raw == AR_PAGE.encode("windows-1256")
    assert docs[0].source.fetched == FETCHED  # not the file's time


def test_whole_file_gzip_and_sniffed_warc() -> None:
    data = b"".join(crawl())
    assert reasons(list(read_bytes(gzip.compress(data), "crawl.warc.gz"))) == [None, None]
    assert reasons(list(read_bytes(data, "download.bin"))) == [None, None]  # "WARC/" says what it is


def test_warc_inside_zip() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("crawls/a.warc.gz", warc_gz(crawl()))
    docs = list(read_bytes(buf.getvalue(), "batch.zip"))
    assert reasons(docs) == [None, None]
    assert docs[0].name.startswith("batch.zip!crawls/a.warc.gz@")
    assert docs[0].source.fetched == FETCHED  # the record's date, not the member's


@pytest.mark.parametrize("compress", [False, True])
def test_truncated_warc_keeps_complete_records(compress: bool) -> None:
    records = crawl()
    data = warc_gz(records) if compress else b"".join(records)
    cut = data[: len(data) - 200]  # inside the last response
    docs = list(read_bytes(cut, "crawl.warc.gz" if compress else "crawl.warc"))
    assert reasons(docs) == [None, "truncated"]
    assert docs[0].source.url == "https://ar.example/news/1" and docs[0].raw == AR_PAGE.encode("windows-1256")
    bad = docs[1]
    assert bad.name == ("crawl.warc.gz" if compress else "crawl.warc")  # names the file
    assert bad.rejection is not None and "ends inside the record" in bad.rejection.message


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(min_value=1, max_value=10_000), compress=st.booleans())
def test_a_cut_anywhere_keeps_a_prefix_and_never_raises(cut: int, compress: bool) -> None:
    records = crawl()
    data = warc_gz(records) if compress else b"".join(records)
    whole = list(read_bytes(data, "c.warc"))
    docs = list(read_bytes(data[: max(1, len(data) - cut)], "c.warc"))
    pages = [d for d in docs if d.rejection is None]
    assert [d.raw for d in pages] == [d.raw for d in whole[: len(pages)]]
    assert all(d.rejection.reason in ("truncated", "corrupt-archive", "empty") for d in docs if d.rejection)
    assert len(docs) - len(pages) <= 1


def test_cut_inside_a_skipped_record_is_truncated_too() -> None:
    records = crawl()[:5]  # ends with the PNG response
    data = b"".join(records)[:-6]
    docs = list(read_bytes(data, "crawl.warc"))
    assert reasons(docs) == [None, "truncated"]


def test_cut_inside_a_record_header() -> None:
    records = crawl()
    data = b"".join(records[:3]) + records[3][:40]
    assert reasons(list(read_bytes(data, "crawl.warc"))) == [None, "truncated"]


@pytest.mark.parametrize(
    "data", [b"this is not a crawl file at all\n", b"WARC/1.1\r\nnonsense", gzip.compress(b"<html>no</html>")]
)
def test_not_a_warc_file(data: bytes) -> None:
    (doc,) = read_bytes(data, "crawl.warc")
    assert doc.rejection is not None and doc.rejection.reason == "corrupt-archive" and doc.name == "crawl.warc"


def test_broken_compression_after_good_records() -> None:
    members = [gzip.compress(r) for r in crawl()]
    broken = members[8][:20] + b"\x00" * 40 + members[8][60:]
    docs = list(read_bytes(b"".join(members[:8]) + broken, "crawl.warc.gz"))
    assert reasons(docs) == [None, "corrupt-archive"]
    assert docs[1].name == "crawl.warc.gz"


def test_a_crawl_without_pages_is_empty_and_says_what_it_held() -> None:
    records = [r for i, r in enumerate(crawl()) if i not in (2, 8)]
    (doc,) = read_bytes(b"".join(records), "crawl.warc")
    assert doc.rejection is not None and doc.rejection.reason == "empty"
    assert "1 request" in doc.rejection.message and "2 not-200" in doc.rejection.message
    (doc,) = read_bytes(b"", "crawl.warc")
    assert doc.rejection is not None and doc.rejection.reason == "empty"


def test_page_over_max_bytes_is_rejected_the_rest_read() -> None:
    big = record("response", "https://ar.example/big", http(b"<p>" + b"x" * 5000 + b"</p>"))
    small = record("response", "https://ar.example/small", http(b"<p>short page</p>"))
    docs = list(read_bytes(big + small, "crawl.warc", max_bytes=1000))
    assert reasons(docs) == ["too-large", None]
    assert docs[0].source.url == "https://ar.example/big" and docs[1].raw == b"<p>short page</p>"


def test_chunked_and_compressed_bodies_are_decoded() -> None:
    page = AR_PAGE.encode("utf-8")
    packed = gzip.compress(page)
    pieces = [packed[i : i + 100] for i in range(0, len(packed), 100)]
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"
    body = http(chunked, "200 OK", "text/html; charset=utf-8", "Content-Encoding: gzip", "Transfer-Encoding: chunked")
    deflated = http(zlib.compress(page), "200 OK", "text/html", "Content-Encoding: deflate")
    data = record("response", "https://a.example/1", body) + record("response", "https://a.example/2", deflated)
    docs = list(read_bytes(data, "c.warc"))
    assert [d.raw for d in docs] == [page, page]


def test_warc_1_0_target_uri_in_angle_brackets() -> None:
    data = record("response", "<https://ar.example/news/1>", http(b"<p>x</p>")).replace(b"WARC/1.1", b"WARC/1.0", 1)
    (doc,) = read_bytes(data, "old.warc")
    assert doc.source.url == "https://ar.example/news/1"


def test_analyze_a_crawl_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_gz(crawl()))
    out = io.StringIO()
    assert main(["analyze", str(path)], out=out) == 0
    records = json.loads(out.getvalue())
    assert isinstance(records, list) and [r["url"] for r in records] == [
        "https://ar.example/news/1",
        "https://ru.example/lenta/2",
    ]
    ar, ru = records
    assert ar["language"] == "ar" and "عمّان" in ar["text"] and "الرئيسية" not in ar["text"]
    assert ar["encoding"] == "windows-1256" and ar["fetched"].startswith("2024-05-01T10:20:30")
    assert ru["language"] == "ru" and ru["rejected"] is None


def test_without_fastwarc_a_warc_is_unsupported(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "fastwarc.warc", None)  # import fails
    (doc,) = read_bytes(b"".join(crawl()), "crawl.warc")
    assert doc.rejection is not None and doc.rejection.reason == "unsupported"
    assert "pip install fastwarc" in doc.rejection.message
