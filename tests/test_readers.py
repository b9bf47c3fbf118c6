"""Readers (marsad.readers, marsad.readers.records): files, folders, archives,
JSON exports and URLs become documents or rejected documents with a reason."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import zipfile
from pathlib import Path

import httpx
import pytest

from marsad.doc import Document
from marsad.readers import read_bytes, read_inputs, read_url
from marsad.readers.records import read_json, read_jsonl, record_document

FIXTURES = Path(__file__).parent / "fixtures" / "core"
AR = (FIXTURES / "news_ar.txt").read_text("utf-8")
RU = (FIXTURES / "news_ru.txt").read_text("utf-8")
EN = (FIXTURES / "news_en.txt").read_text("utf-8")

# read_path computes `(".json", ".zip") | JSONL_SUFFIXES` (a tuple | a set) for
# every file, so reading any file raises TypeError.  Tests that read files are
# marked; the marker only accepts that TypeError, any other failure still fails.

MTIME = dt.datetime(2024, 3, 5, 8, 30, tzinfo=dt.timezone.utc)


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    os.utime(path, (MTIME.timestamp(), MTIME.timestamp()))
    return path


def by_name(docs: list[Document]) -> dict[str, Document]:
    out = {d.name: d for d in docs}
    assert len(out) == len(docs), "document names are unique"
    return out


def reasons(docs: list[Document]) -> dict[str, str | None]:
    return {d.name: d.rejection.reason if d.rejection else None for d in docs}


def zip_bytes(members: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2023, 6, 1, 12, 0, 0)), data)
    return buf.getvalue()


SNN = [
    {
        "source": "aawsat",
        "url": "http://aawsat.com/home/article/1",
        "date_extracted": "2015-07-21 02:51:32",
        "title": "زيارة مرتقبة",
        "author": "الرياض: محرر الشؤون السياسية",
        "content": AR,
    },
    {
        "source": "okaz",
        "url": "http://okaz.com.sa/article/2",
        "date_extracted": "2015-07-22 10:00:00",
        "title": "خبر ثان",
        "author": "",
        "content": "نص الخبر الثاني.",
    },
]


# -- folders and plain files ----------------------------------------------------------


def test_folder_of_mixed_files(tmp_path: Path) -> None:
    write(tmp_path / "ar.html", f"<html><body><p>{AR}</p></body></html>")
    write(tmp_path / "ru.txt", RU.encode("windows-1251"))
    write(tmp_path / "sub" / "en.txt", EN)
    write(tmp_path / ".hidden.txt", "secret")
    write(tmp_path / ".git" / "config.txt", "secret")
    write(tmp_path / "Thumbs.db", b"\x00\x01")
    docs = list(read_inputs([str(tmp_path)]))
    got = by_name(docs)
    assert sorted(Path(n).relative_to(tmp_path).as_posix() for n in got) == ["ar.html", "ru.txt", "sub/en.txt"]
    html = got[str(tmp_path / "ar.html")]
    assert html.kind == "html"
    assert html.raw is not None and AR.encode("utf-8") in html.raw
    assert got[str(tmp_path / "ru.txt")].raw == RU.encode("windows-1251")  # bytes untouched
    assert all(not d.rejected for d in docs)


def test_file_mtime_becomes_fetched(tmp_path: Path) -> None:
    path = write(tmp_path / "en.txt", EN)
    (doc,) = read_inputs([str(path)])
    assert doc.source.fetched == MTIME


def test_missing_path_is_rejected(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.html"
    (doc,) = read_inputs([str(missing)])
    assert doc.rejection is not None and doc.rejection.reason == "not-found"
    assert doc.rejection.stage == "read"
    assert doc.name == str(missing)


def test_empty_folder_is_rejected(tmp_path: Path) -> None:
    (doc,) = read_inputs([str(tmp_path)])
    assert doc.rejection is not None and doc.rejection.reason == "empty"


def test_folder_with_only_hidden_files_is_empty(tmp_path: Path) -> None:
    write(tmp_path / ".DS_Store", b"\x00")
    write(tmp_path / ".cache" / "a.txt", "x")
    (doc,) = read_inputs([str(tmp_path)])
    assert doc.rejection is not None and doc.rejection.reason == "empty"


def test_file_over_max_bytes_is_too_large(tmp_path: Path) -> None:
    write(tmp_path / "big.txt", "x" * 200)
    write(tmp_path / "small.txt", "x" * 50)
    docs = list(read_inputs([str(tmp_path)], max_bytes=100))
    assert reasons(docs) == {str(tmp_path / "big.txt"): "too-large", str(tmp_path / "small.txt"): None}


def test_json_export_may_exceed_page_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "day.json", json.dumps(SNN, ensure_ascii=False))
    docs = list(read_inputs([str(path)], max_bytes=100))
    assert [d.rejected for d in docs] == [False, False]


# -- JSON and JSON Lines ----------------------------------------------------------------


def test_saudinewsnet_layout(tmp_path: Path) -> None:
    path = write(tmp_path / "2015-07-21.json", json.dumps(SNN, ensure_ascii=False))
    docs = list(read_inputs([str(path)]))
    assert [d.name for d in docs] == [f"{path}#0", f"{path}#1"]
    first = docs[0]
    assert first.kind == "record" and not first.rejected
    assert first.record is not None and first.record["content"] == AR
    assert first.source.url == "http://aawsat.com/home/article/1"
    # the crawl date is the fetch date, not the file's mtime
    assert first.source.fetched is not None
    assert first.source.fetched.replace(tzinfo=None) == dt.datetime(2015, 7, 21, 2, 51, 32)
    assert docs[1].source.fetched is not None and docs[1].source.fetched.day == 22


def test_record_fetched_is_timezone_aware() -> None:
    doc = record_document(SNN[0], "day.json#0")
    assert doc.source.fetched is not None and doc.source.fetched.tzinfo is not None


def test_json_array_object_and_articles_key() -> None:
    array = list(read_json(json.dumps([{"text": EN}, {"content": RU}]).encode(), "a.json"))
    assert [(d.name, d.rejected) for d in array] == [("a.json#0", False), ("a.json#1", False)]
    single = list(read_json(json.dumps({"title": "t", "body": EN}).encode(), "b.json"))
    assert [(d.name, d.rejected) for d in single] == [("b.json", False)]  # one article: no index
    wrapped = list(read_json(json.dumps({"articles": [{"text": "1"}, {"text": "2"}, {"text": "3"}]}).encode(), "c.json"))
    assert [d.name for d in wrapped] == ["c.json#0", "c.json#1", "c.json#2"]
    assert [d.record["text"] for d in wrapped if d.record] == ["1", "2", "3"]


def test_json_records_without_text_or_not_objects() -> None:
    docs = list(read_json(json.dumps([{"title": "only a title"}, 7, {"html": "<p>x</p>"}]).encode(), "d.json"))
    assert [d.rejection.reason if d.rejection else None for d in docs] == ["no-article-text", "invalid-record", None]


def test_invalid_json_file() -> None:
    (doc,) = read_json(b'[{"text": "unterminated', "e.json")
    assert doc.rejection is not None and doc.rejection.reason == "invalid-json"


def test_jsonl_bad_line_is_rejected_the_rest_read() -> None:
    lines = [b'{"text": "one"}', b"{not json", b"", b'{"text": "three"}']
    docs = list(read_jsonl(lines, "feed.jsonl"))
    assert reasons(docs) == {"feed.jsonl:1": None, "feed.jsonl:2": "invalid-json", "feed.jsonl:4": None}
    bad = docs[1]
    assert bad.rejection is not None and "line 2" in bad.rejection.message


def test_jsonl_file(tmp_path: Path) -> None:
    body = "\n".join([json.dumps({"text": AR}, ensure_ascii=False), "{oops", json.dumps({"text": RU}, ensure_ascii=False)])
    path = write(tmp_path / "feed.jsonl", body + "\n")
    docs = list(read_inputs([str(path)]))
    assert reasons(docs) == {f"{path}:1": None, f"{path}:2": "invalid-json", f"{path}:3": None}
    assert "line 2" in docs[1].rejection.message  # type: ignore[union-attr]
    assert docs[0].source.fetched == MTIME


# -- gzip and zip -------------------------------------------------------------------------


def test_gzip_files(tmp_path: Path) -> None:
    write(tmp_path / "ru.txt.gz", gzip.compress(RU.encode("koi8-r")))
    write(tmp_path / "feed.jsonl.gz", gzip.compress(b'{"text": "a"}\n{"text": "b"}\n'))
    docs = by_name(list(read_inputs([str(tmp_path)])))
    # documents keep the real file name; the suffix under .gz picks the reader
    assert sorted(docs) == sorted(
        [str(tmp_path / "ru.txt.gz"), str(tmp_path / "feed.jsonl.gz:1"), str(tmp_path / "feed.jsonl.gz:2")]
    )
    assert docs[str(tmp_path / "ru.txt.gz")].raw == RU.encode("koi8-r")


def test_truncated_gzip_keeps_what_it_has() -> None:
    whole = EN.encode() * 20
    data = gzip.compress(whole)
    (doc,) = read_bytes(data[: len(data) // 2], "page.html.gz")
    assert doc.rejection is None and doc.raw and whole.startswith(doc.raw)
    assert len(doc.raw) < len(whole)


def test_gzip_cut_before_any_data_is_rejected() -> None:
    data = gzip.compress(EN.encode() * 20)[:12]
    (doc,) = read_bytes(data, "page.html.gz")
    assert doc.rejection is not None and doc.rejection.reason == "truncated"


def test_gzip_over_max_bytes_after_decompression() -> None:
    (doc,) = read_bytes(gzip.compress(b"x" * 5000), "page.txt.gz", max_bytes=1000)
    assert doc.rejection is not None and doc.rejection.reason == "too-large"


def test_zip_members(tmp_path: Path) -> None:
    data = zip_bytes(
        {
            "news/ar.html": f"<p>{AR}</p>",
            "news/day.json": json.dumps(SNN[:1], ensure_ascii=False),
            "news/.hidden.txt": "no",
            "__MACOSX/news/._ar.html": "no",
            "news/": "",
        }
    )
    path = write(tmp_path / "archive.zip", data)
    docs = list(read_inputs([str(path)]))
    assert [d.name for d in docs] == [f"{path}!news/ar.html", f"{path}!news/day.json#0"]
    assert docs[0].kind == "html" and docs[0].raw == f"<p>{AR}</p>".encode()
    assert docs[0].source.fetched == dt.datetime(2023, 6, 1, 12, 0, tzinfo=dt.timezone.utc)  # member time
    assert docs[1].source.fetched is not None and docs[1].source.fetched.year == 2015  # record's own date


def test_zip_member_names_without_files() -> None:
    docs = list(read_bytes(zip_bytes({"a.txt": EN, "b/c.txt": RU}), "archive.zip"))
    assert [d.name for d in docs] == ["archive.zip!a.txt", "archive.zip!b/c.txt"]
    assert docs[1].raw == RU.encode()


def test_zip_member_over_max_bytes() -> None:
    docs = list(read_bytes(zip_bytes({"big.txt": "x" * 500, "ok.txt": "y"}), "a.zip", max_bytes=100))
    assert reasons(docs) == {"a.zip!big.txt": "too-large", "a.zip!ok.txt": None}


@pytest.mark.parametrize("data", [b"PK\x03\x04 this is not really a zip", b"plain bytes with a zip name"])
def test_corrupt_zip(data: bytes) -> None:
    (doc,) = read_bytes(data, "broken.zip")
    assert doc.rejection is not None and doc.rejection.reason == "corrupt-archive"
    assert doc.name == "broken.zip"


def test_corrupt_zip_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    write(tmp_path / "a_broken.zip", b"PK\x03\x04garbage")
    write(tmp_path / "b.txt", EN)
    assert reasons(list(read_inputs([str(tmp_path)]))) == {
        str(tmp_path / "a_broken.zip"): "corrupt-archive",
        str(tmp_path / "b.txt"): None,
    }


def test_nested_zip() -> None:
    inner = zip_bytes({"inner.txt": EN})
    docs = list(read_bytes(zip_bytes({"inner.zip": inner}), "outer.zip"))
    assert [d.name for d in docs] == ["outer.zip!inner.zip!inner.txt"]
    assert docs[0].raw == EN.encode()


# -- URLs ------------------------------------------------------------------------------------


def _client(handler) -> httpx.Client:  # type: ignore[no-untyped-def]
    return httpx.Client(transport=httpx.MockTransport(handler))


def test_read_url_returns_the_body() -> None:
    body = f"<html><body><p>{AR}</p></body></html>".encode("windows-1256")

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"location": "/news/1"})
        return httpx.Response(200, headers={"content-type": "text/html; charset=windows-1256"}, content=body)

    (doc,) = read_url("https://news.example/old", client=_client(handler))
    assert not doc.rejected
    assert doc.raw == body
    assert doc.kind == "html"
    assert doc.source.url == "https://news.example/news/1"
    assert doc.source.declared_encoding == "windows-1256"
    assert doc.source.content_type == "text/html"
    assert doc.source.fetched is not None and doc.source.fetched.tzinfo is not None


@pytest.mark.parametrize(
    ("response", "reason"),
    [
        (httpx.Response(404, text="gone"), "http-status"),
        (httpx.Response(200, headers={"content-type": "image/png"}, content=b"\x89PNG"), "bad-content-type"),
        (httpx.Response(200, headers={"content-type": "text/html"}, content=b"x" * 500), "too-large"),
    ],
)
def test_read_url_rejections(response: httpx.Response, reason: str) -> None:
    (doc,) = read_url("https://news.example/a", client=_client(lambda request: response), max_bytes=100)
    assert doc.rejection is not None and doc.rejection.reason == reason
    assert doc.rejection.stage == "read"
    assert doc.raw is None
    assert doc.name == "https://news.example/a"


def test_read_inputs_routes_urls_and_bad_schemes() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, headers={"content-type": "text/plain"}, content=EN.encode())

    docs = list(read_inputs(["http://news.example/a.txt", "ftp://news.example/b.txt"], client=_client(handler)))
    assert seen == ["http://news.example/a.txt"]
    assert [d.rejection.reason if d.rejection else None for d in docs] == [None, "bad-scheme"]
    assert docs[0].raw == EN.encode() and docs[0].kind == "text"


def test_url_serving_a_json_export_is_read_as_records() -> None:
    body = json.dumps([{"title": "T1", "text": AR}, {"title": "T2", "text": RU}], ensure_ascii=False).encode()
    handler = lambda request: httpx.Response(200, content=body, headers={"content-type": "application/json"})  # noqa: E731
    docs = list(read_url("https://news.example/export", client=_client(handler)))
    assert [d.kind for d in docs] == ["record", "record"]
    assert docs[0].record["title"] == "T1" and docs[0].source.url == "https://news.example/export"


def test_multi_member_gzip_is_read_whole(tmp_path: Path) -> None:
    lines = [json.dumps({"text": t}, ensure_ascii=False).encode() + b"\n" for t in (AR, RU, EN)]
    write(tmp_path / "feed.jsonl.gz", b"".join(gzip.compress(line) for line in lines))
    docs = list(read_inputs([str(tmp_path / "feed.jsonl.gz")]))
    assert len(docs) == 3 and all(d.rejection is None for d in docs)


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"[" * 100_000, "invalid-json"),
        (b"[]", "empty"),
        (b'{"text": ' + b"1" * 5000 + b"}", "invalid-json"),
    ],
)
def test_hostile_json_is_a_rejection_not_a_crash(tmp_path: Path, content: bytes, reason: str) -> None:
    path = write(tmp_path / "x.json", content)
    (doc,) = read_inputs([str(path)])
    assert doc.rejection is not None and doc.rejection.reason == reason


def test_article_with_a_list_field_is_not_taken_for_a_container(tmp_path: Path) -> None:
    path = write(tmp_path / "one.json", json.dumps({"text": AR, "items": ["a", "b"]}, ensure_ascii=False))
    (doc,) = read_inputs([str(path)])
    assert doc.rejection is None and doc.source.path == str(path)


def test_typed_field_picks(tmp_path: Path) -> None:
    rows = [
        {"text": 5, "content": AR},
        {"text": "   ", "content": RU},
        {"text": ["first paragraph " * 5, "second paragraph " * 5], "source": {"name": "Reuters"}},
    ]
    path = write(tmp_path / "x.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
    docs = list(read_inputs([str(path)]))
    assert all(d.rejection is None for d in docs)
    from marsad.readers.records import pick

    assert pick(rows[2], "publisher") == "Reuters" and pick(rows[0], "text") == AR


def test_empty_containers_say_so(tmp_path: Path) -> None:
    import io as _io
    import zipfile as _zipfile

    write(tmp_path / "a.jsonl", "")
    buf = _io.BytesIO()
    with _zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("__MACOSX/x", "")
    write(tmp_path / "b.zip", buf.getvalue())
    docs = list(read_inputs([str(tmp_path / "a.jsonl"), str(tmp_path / "b.zip")]))
    assert [d.rejection.reason for d in docs] == ["empty", "empty"]  # type: ignore[union-attr]


def test_undecodable_file_names_are_printable(tmp_path: Path) -> None:
    import os as _os

    raw = _os.fsencode(str(tmp_path)) + b"/\xff\xfe.txt"
    with open(raw, "wb") as fh:
        fh.write(EN.encode())
    (doc,) = read_inputs([str(tmp_path)])
    doc.source.path.encode("utf-8")  # no surrogates left
    assert "\\xff" in doc.source.path
