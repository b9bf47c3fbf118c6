"""Readers: turn what users collect into documents.

``read_inputs`` takes paths (files or folders) and URLs and yields one
:class:`~marsad.doc.Document` per article.  Inputs that cannot be read are
*rejected documents* naming the input and the reason, so a batch counts them
and goes on, and a single-input run can report them.

Supported: HTML pages (``.html``/``.htm``, or sniffed), plain-text page dumps
(``.txt`` or anything that is text), JSON arrays and objects (``.json``,
including SaudiNewsNet's one-array-per-day layout), JSON Lines (``.jsonl``,
``.ndjson``), WARC crawl files (``.warc``, ``.warc.gz``; see :mod:`.warc`),
RSS and Atom feeds (``.rss``, ``.atom``, or ``.xml`` that parses as a feed;
each item's page is fetched, see :mod:`.feeds`), gzip-compressed files
(``.gz``), ``.zip`` archives of any of these, and ``http(s)://`` URLs
(fetched with :mod:`marsad.fetch`; a feed there is read as one).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
import zlib
from pathlib import Path
from typing import Iterable, Iterator

import httpx

from ..doc import Document, Source
from ..errors import FetchError
from ..fetch import DEFAULT_MAX_BYTES, fetch
from .feeds import FEED_TYPES, XML_TYPES, looks_like_feed, read_feed, read_feed_bytes
from .records import read_json, read_jsonl
from .warc import WARC_MAGIC, read_warc

__all__ = [
    "read_inputs",
    "read_path",
    "read_url",
    "read_bytes",
    "read_feed",
    "kind_from_type",
    "printable",
    "DEFAULT_MAX_BYTES",
]

# JSON exports hold many articles, so they may be bigger than one page.
MAX_EXPORT_BYTES = 1024 * 1024 * 1024

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIX = ".warc"
# Read as a feed when they parse as one (an .xml file may be anything).
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
# Many articles in one file: a higher size cap, and `analyze` prints an array.
EXPORT_SUFFIXES = {".json", ".zip", WARC_SUFFIX} | JSONL_SUFFIXES | FEED_SUFFIXES
SKIP_NAMES = {".DS_Store", "Thumbs.db"}
# Skipped inside folders (a file named on the command line is still read).
SKIP_SUFFIXES = {".md", ".rst"}


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://")) or "://" in value[:12]


def read_inputs(
    inputs: Iterable[str],
    *,
    client: httpx.Client | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document]:
    for item in inputs:
        try:
            if is_url(item):
                yield from read_url(item, client=client, max_bytes=max_bytes)
            else:
                yield from read_path(Path(item), client=client, max_bytes=max_bytes)
        except Exception as exc:  # a bug in a reader must not end the batch
            yield Document(source=Source(path=printable(item))).reject(
                "read", "internal-error", f"{type(exc).__name__}: {exc}"
            )


def printable(name: str) -> str:
    """A file name that is valid UTF-8 (undecodable bytes shown escaped)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def read_url(
    url: str, *, client: httpx.Client | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document]:
    """The page at ``url``; a JSON or JSON Lines export or a feed there is read as one."""
    try:
        page = fetch(url, client, max_bytes=max_bytes)
    except FetchError as exc:
        yield Document(source=Source(url=url)).reject("read", exc.reason, exc.message)
        return
    if page.content_type in ("application/json", "application/x-ndjson"):
        suffix = ".json" if page.content_type == "application/json" else ".jsonl"
        for doc in read_bytes(page.body, page.final_url + "#export" + suffix, max_bytes=max_bytes):
            doc.source.path, doc.source.url = None, doc.source.url or page.final_url
            doc.source.fetched = doc.source.fetched or page.fetched
            yield doc
        return
    if page.content_type in FEED_TYPES or (page.content_type in XML_TYPES and looks_like_feed(page.body)):
        yield from read_feed_bytes(
            page.body,
            None,
            base_url=page.final_url,
            content_type=page.content_type,
            client=client,
            max_bytes=max_bytes,
            fetched=page.fetched,
            url=page.final_url,
        )
        return
    doc = Document(source=Source(url=page.final_url, fetched=page.fetched))
    doc.raw = page.body
    doc.source.content_type = page.content_type
    doc.source.declared_encoding = page.charset
    doc.kind = kind_from_type(page.content_type)
    yield doc


def read_path(
    path: Path, *, client: httpx.Client | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document]:
    name = printable(str(path))
    if not path.exists():
        yield Document(source=Source(path=name)).reject("read", "not-found", "no such file or folder")
        return
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
        if not files:
            yield Document(source=Source(path=name)).reject("read", "empty", "the folder holds no files")
        for p in files:
            yield from read_path(p, client=client, max_bytes=max_bytes)
        return
    try:
        size = path.stat().st_size
        mtime = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc)
        suffix = _suffix(path.name)
        if suffix == WARC_SUFFIX:  # streamed record by record: no cap on the file
            with path.open("rb") as fh:
                yield from _stamp(read_warc(fh, name, max_bytes=max_bytes), mtime)
            return
        limit = MAX_EXPORT_BYTES if suffix in EXPORT_SUFFIXES else max_bytes
        if size > limit:
            yield Document(source=Source(path=name)).reject(
                "read", "too-large", f"{size:,} bytes is over the {limit:,}-byte limit"
            )
            return
        if suffix in JSONL_SUFFIXES and not path.name.endswith(".gz"):
            with path.open("rb") as fh:
                yield from _stamp(read_jsonl(fh, name), mtime)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Document(source=Source(path=name)).reject("read", "unreadable", exc.strerror or str(exc))
        return
    yield from _stamp(read_bytes(data, name, client=client, max_bytes=max_bytes), mtime)


def read_bytes(
    data: bytes,
    name: str,
    *,
    client: httpx.Client | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    depth: int = 0,
) -> Iterator[Document]:
    """Documents from the bytes of a file called ``name`` (a path or member);
    ``client`` fetches the pages of a feed's items."""
    suffix = _suffix(name)
    if suffix == WARC_SUFFIX or data[:5] == WARC_MAGIC:  # FastWARC reads .warc.gz itself
        yield from read_warc(io.BytesIO(data), name, max_bytes=max_bytes)
        return
    if data[:2] == b"\x1f\x8b":  # gzip, whatever the name says
        try:
            data = _gunzip(data, MAX_EXPORT_BYTES if suffix in EXPORT_SUFFIXES else max_bytes)
        except ValueError as exc:
            yield Document(source=Source(path=name)).reject("read", "too-large", str(exc))
            return
        except (EOFError, zlib.error) as exc:
            yield Document(source=Source(path=name)).reject("read", "truncated", f"broken gzip data: {exc}")
            return
        if data[:2] == b"\x1f\x8b":
            yield Document(source=Source(path=name)).reject("read", "unsupported", "gzip inside gzip")
            return
        yield from read_bytes(data, name, client=client, max_bytes=max_bytes, depth=depth)
        return
    if suffix == ".zip" or data[:4] == b"PK\x03\x04":
        yield from _read_zip(data, name, client=client, max_bytes=max_bytes, depth=depth)
        return
    if suffix == ".json":
        yield from read_json(data, name)
        return
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(data.splitlines(), name)
        return
    if suffix in FEED_SUFFIXES and (suffix != ".xml" or looks_like_feed(data)):
        yield from read_feed_bytes(data, name, client=client, max_bytes=max_bytes)
        return
    if len(data) > max_bytes:
        yield Document(source=Source(path=name)).reject(
            "read", "too-large", f"{len(data):,} bytes is over the {max_bytes:,}-byte limit"
        )
        return
    kind = "html" if suffix in HTML_SUFFIXES else ""
    yield Document(source=Source(path=name), raw=data, kind=kind)


def _read_zip(
    data: bytes, name: str, *, client: httpx.Client | None, max_bytes: int, depth: int
) -> Iterator[Document]:
    if depth > 2:
        yield Document(source=Source(path=name)).reject("read", "unsupported", "archives nested too deep")
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir() and not _hidden_name(m.filename)]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        yield Document(source=Source(path=name)).reject("read", "corrupt-archive", f"not a readable zip archive: {exc}")
        return
    if not members:
        yield Document(source=Source(path=name)).reject("read", "empty", "the archive holds no files")
    for member in sorted(members, key=lambda m: m.filename):
        where = f"{name}!{printable(member.filename)}"
        limit = MAX_EXPORT_BYTES if _suffix(member.filename) in EXPORT_SUFFIXES else max_bytes
        if member.file_size > limit:
            yield Document(source=Source(path=where)).reject(
                "read", "too-large", f"{member.file_size:,} bytes is over the {limit:,}-byte limit"
            )
            continue
        try:
            content = archive.read(member)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
            # RuntimeError: an encrypted member ("password required")
            yield Document(source=Source(path=where)).reject("read", "corrupt-archive", f"cannot extract: {exc}")
            continue
        # Zip times carry no zone; read as UTC (the date stage needs the day).
        mtime = dt.datetime(*member.date_time, tzinfo=dt.timezone.utc) if member.date_time[0] > 1980 else None
        yield from _stamp(read_bytes(content, where, client=client, max_bytes=max_bytes, depth=depth + 1), mtime)


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip data, every member of it (``cat a.gz b.gz``); a stream
    cut short keeps what it has (a truncated download is still mostly an
    article), an unusable one raises."""
    out = bytearray()
    rest = data
    while rest:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        for i in range(0, len(rest), 1 << 16):
            out.extend(inflater.decompress(rest[i : i + (1 << 16)], max_bytes + 1 - len(out)))
            if len(out) > max_bytes or inflater.unconsumed_tail:
                raise ValueError(f"decompresses to over the {max_bytes:,}-byte limit")
            if inflater.eof:
                break
        if not inflater.eof:
            break  # truncated: keep what came out
        rest = inflater.unused_data
        if rest[:2] != b"\x1f\x8b":
            break  # trailing garbage after the last member
    if not out:
        raise EOFError("the compressed stream ends before any data")
    return bytes(out)


def _stamp(docs: Iterable[Document], fetched: dt.datetime | None) -> Iterator[Document]:
    """Use the file's time as the fetch date where the input says nothing."""
    for doc in docs:
        if doc.source.fetched is None:
            doc.source.fetched = fetched
        yield doc


def _suffix(name: str) -> str:
    base = name.rsplit("!", 1)[-1]
    if base.endswith(".gz"):
        base = base[:-3]
    return os.path.splitext(base)[1].lower()


def _hidden(path: Path, root: Path) -> bool:
    """Hidden files, and a folder's own README / Markdown notes, are not articles."""
    if path.suffix.lower() in SKIP_SUFFIXES:
        return True
    return any(part.startswith(".") or part in SKIP_NAMES for part in path.relative_to(root).parts)


def _hidden_name(name: str) -> bool:
    return any(part.startswith(".") or part in SKIP_NAMES or part == "__MACOSX" for part in name.split("/"))


def kind_from_type(content_type: str | None) -> str:
    """How ``extract`` should read a body of this media type ("" = sniff)."""
    if not content_type:
        return ""
    if "html" in content_type:
        return "html"
    if content_type == "text/plain":
        return "text"
    return ""
