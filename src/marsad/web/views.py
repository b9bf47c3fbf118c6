"""One data function per view.  Each takes the archive and the request's
parameters and returns a JSON-ready dict; the API sends it as JSON and the
pages render it with a template — the same data either way.

Errors are :class:`ApiError` (an HTTP status, a stable code, a message);
the app turns every one into ``{"error": {"code", "message"}}`` or an
error page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from ..errors import StoreError
from ..store import Filters
from .archive import Archive

__all__ = ["ApiError", "MAX_LIMIT", "MAX_OFFSET", "home", "articles", "article", "search", "entities", "entity", "timeline", "source", "agency"]

MAX_LIMIT = 100
MAX_OFFSET = 10_000
HOME_DAYS = (7, 30, 365, 36500)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _int(params: Mapping[str, str], name: str, default: int, lo: int, hi: int) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)  # type: ignore[arg-type]
    except ValueError:
        raise ApiError(400, "bad-parameter", f"{name} wants a whole number, not {raw!r}") from None
    if not lo <= value <= hi:
        raise ApiError(400, "bad-parameter", f"{name} must be between {lo} and {hi}, not {value}")
    return value


def page_args(params: Mapping[str, str], default_limit: int = 20) -> tuple[int, int]:
    return _int(params, "limit", default_limit, 1, MAX_LIMIT), _int(params, "offset", 0, 0, MAX_OFFSET)


def filters(params: Mapping[str, str]) -> Filters:
    """The search filters from query parameters (the CLI's names: lang,
    source, agency, entity, from, to, duplicates)."""
    get = lambda k: (params.get(k) or "").strip() or None  # noqa: E731
    for name in ("from", "to"):
        value = get(name)
        if value is not None:
            try:
                dt.date.fromisoformat(value[:10])
            except ValueError:
                raise ApiError(400, "bad-parameter", f"{name} wants a date as YYYY-MM-DD, not {value!r}") from None
    try:
        return Filters(get("lang"), get("source"), get("agency"), get("entity"), get("from"), get("to"),
                       (params.get("duplicates") or "").lower() in ("1", "true", "yes", "on"))
    except StoreError as exc:
        raise ApiError(400, "bad-parameter", str(exc)) from None


def _filters_dict(f: Filters) -> dict[str, Any]:
    return {"lang": f.lang, "source": f.source, "agency": f.agency, "entity": f.entity,
            "from": f.date_from, "to": f.date_to, "duplicates": f.duplicates}


def _id(value: str | int, what: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(404, "not-found", f"no {what} {value!r}") from None


# --- views -----------------------------------------------------------------------


def home(archive: Archive, params: Mapping[str, str]) -> dict[str, Any]:
    with archive.store() as store:
        stats = archive.stats(store)
        latest = archive.latest(store, Filters(), limit=12, offset=0)["articles"]
        for days in HOME_DAYS:  # the last week of the archive, else a wider window
            top = archive.top_entities(store, days=days, limit=15)
            if len(top) >= 5:
                break
    return {"stats": stats, "latest": latest, "top_entities": top, "top_days": days}


def articles(archive: Archive, params: Mapping[str, str]) -> dict[str, Any]:
    limit, offset = page_args(params)
    f = filters(params)
    with archive.store() as store:
        out = archive.latest(store, f, limit=limit, offset=offset)
    out["filters"] = _filters_dict(f)
    return out


def search(archive: Archive, params: Mapping[str, str]) -> dict[str, Any]:
    query = (params.get("q") or "").strip()
    if not query:
        raise ApiError(400, "bad-query", "q is missing: give the words to look for")
    if len(query) > 500:
        raise ApiError(400, "bad-query", "q is longer than 500 characters")
    limit, offset = page_args(params)
    f = filters(params)
    with archive.store() as store:
        out = archive.search(store, query, f, limit=limit, offset=offset)
    out["filters"] = _filters_dict(f)
    return out


def article(archive: Archive, article_id: str | int) -> dict[str, Any]:
    aid = _id(article_id, "article")
    with archive.store() as store:
        art = store.article(aid)
        if art is None:
            raise ApiError(404, "not-found", f"no article {article_id}")
        art["source_id"] = archive.source_id(store, art["source"]) if art.get("source") else None
        names = dict(store.db.execute(
            f"SELECT id, name FROM agencies WHERE id IN ({','.join('?' * len(art['agencies']))})", art["agencies"]
        ).fetchall()) if art["agencies"] else {}
        art["agency_names"] = {a: names.get(a, a) for a in art["agencies"]}
        art["original"] = None
        if art.get("duplicate_of"):
            row = store.db.execute("SELECT id, title FROM articles WHERE id = ?", (art["duplicate_of"],)).fetchone()
            art["original"] = {"id": row[0], "title": row[1]} if row else None
    return art


def entities(archive: Archive, params: Mapping[str, str]) -> dict[str, Any]:
    limit, offset = page_args(params, 50)
    name = (params.get("q") or params.get("name") or "").strip() or None
    with archive.store() as store:
        out = archive.list_entities(store, name, type_=(params.get("type") or None), limit=limit, offset=offset)
    out["query"] = name
    return out


def entity(archive: Archive, entity_id: str | int) -> dict[str, Any]:
    eid = _id(entity_id, "entity")
    with archive.store() as store:
        e = archive.entity(store, eid, related=12, quotes=8)
        if e is None:
            raise ApiError(404, "not-found", f"no entity {entity_id}")
        titles = dict(store.db.execute(
            f"SELECT id, title FROM articles WHERE id IN ({','.join('?' * len(e['quotes']))})", [q["article"] for q in e["quotes"]]
        ).fetchall()) if e["quotes"] else {}
        for q in e["quotes"]:
            q["title"] = titles.get(q["article"])
    return e


def timeline(archive: Archive, entity_id: str | int) -> dict[str, Any]:
    eid = _id(entity_id, "entity")
    with archive.store() as store:
        row = store.db.execute("SELECT id, name FROM entities WHERE id = ?", (eid,)).fetchone()
        if row is None:
            raise ApiError(404, "not-found", f"no entity {entity_id}")
        return {"id": row[0], "name": row[1], "days": archive.timeline(store, eid)}


def _collection(archive: Archive, store, f: Filters, params: Mapping[str, str]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    limit, offset = page_args(params)
    out = archive.latest(store, f, limit=limit, offset=offset)
    out["timeline"] = archive.days(store, f)
    return out


def source(archive: Archive, source_id: str | int, params: Mapping[str, str]) -> dict[str, Any]:
    sid = _id(source_id, "source")
    with archive.store() as store:
        s = archive.source(store, sid)
        if s is None:
            raise ApiError(404, "not-found", f"no source {source_id}")
        s.update(_collection(archive, store, Filters(source=s["name"]), params))
    return s


def agency(archive: Archive, agency_id: str, params: Mapping[str, str]) -> dict[str, Any]:
    with archive.store() as store:
        a = archive.agency(store, agency_id)
        if a is None:
            raise ApiError(404, "not-found", f"no agency {agency_id!r}")
        a.update(_collection(archive, store, Filters(agency=a["id"]), params))
    return a
