"""Read-side queries the web app needs beyond :class:`marsad.store.Store`.

SQL over the documented tables (docs/store.md), on read-only connections
from a small pool.  Everything here is a candidate to move behind the store
interface: ``latest``, ``stats``, ``top_entities``, ``timeline``,
``entity_articles``, ``list_entities``, ``source``/``agency`` lookups and
``search`` — the store's search with facets counted from an in-memory table
of each article's short columns (language, source, day, agencies), which
saves reading thousands of article rows per query.

Query cost is bounded: every connection carries a progress handler that
aborts a statement running past the request's time budget
(:class:`QueryTimeout`), and every list has a capped limit.
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections import Counter
from contextlib import contextmanager
from itertools import chain
from operator import itemgetter
from typing import Any, Iterator, NamedTuple

from ..store import Filters, open_store
from ..store.query import parse_query
from ..store.sqlite import SQLiteStore

__all__ = ["Archive", "QueryTimeout", "ArticleRow"]


ENTITY_FACET_OVER = 1000
MATCH_CACHE = 64  # full-text matches kept for paging and facet clicks
ENTITY_SETS = 2000  # entities whose article sets are kept in memory (for co-mention graphs)  # the entity facet counts over the best this many matches


class QueryTimeout(Exception):
    """A query ran past the request's time budget and was aborted."""


class ArticleRow(NamedTuple):  # the short columns, kept in memory for facets and filters
    language: str | None
    source_id: int | None
    day: str | None
    agencies: tuple[str, ...]
    duplicate_of: int | None
    # as the facets count them ("?" for none)
    language_key: str
    source_key: str
    day_key: str


def _all(article_id: int, r: ArticleRow) -> bool:
    return True


def _original(article_id: int, r: ArticleRow) -> bool:
    return r.duplicate_of is None


class _Conn:
    """One read-only store with a time budget on its statements."""

    def __init__(self, path: str) -> None:
        self.store: SQLiteStore = open_store(path, readonly=True)
        self.deadline = float("inf")
        self.data_version: int | None = None
        self.store.db.set_progress_handler(self._check, 2000)

    def _check(self) -> int:
        return 1 if time.monotonic() > self.deadline else 0


class Archive:
    """The archive as the web app reads it: a pool of read-only connections
    and the in-memory article table, reloaded when another process commits."""

    def __init__(self, path: str, *, pool_size: int = 4, budget_s: float = 2.0) -> None:
        self.path = path
        self.budget_s = budget_s
        self._pool: queue.LifoQueue[_Conn] = queue.LifoQueue()
        for _ in range(pool_size):
            self._pool.put(_Conn(path))
        self._lock = threading.Lock()  # one reload of the article table at a time
        self._cache_lock = threading.Lock()
        self._version: tuple[int, int] | None = None  # (articles, last id) of the loaded table
        self._rows: dict[int, ArticleRow] = {}
        self._sources: dict[int, str] = {}
        self._cache: dict[str, Any] = {}

    def close(self) -> None:
        while not self._pool.empty():
            self._pool.get_nowait().store.close()

    @contextmanager
    def store(self) -> Iterator[SQLiteStore]:
        """A pooled read-only store; its statements abort after the budget."""
        try:
            conn = self._pool.get(timeout=self.budget_s)
        except queue.Empty:
            raise QueryTimeout("every archive connection is busy") from None
        conn.deadline = time.monotonic() + self.budget_s
        try:
            self._refresh(conn)
            yield conn.store
        except Exception as exc:
            if "interrupted" in str(exc):
                raise QueryTimeout(f"the query took longer than {self.budget_s:g} s and was stopped") from None
            raise
        finally:
            conn.deadline = float("inf")
            self._pool.put(conn)

    # --- the in-memory article table -----------------------------------------

    def _refresh(self, conn: _Conn) -> None:
        """Reload the article table when another process committed.  A
        connection's data_version changes with every commit made elsewhere;
        a connection's first use compares the row count and the last id."""
        db = conn.store.db
        version = db.execute("PRAGMA data_version").fetchone()[0]
        if conn.data_version is None:
            conn.data_version = version
            stale = self._version != db.execute("SELECT count(*), coalesce(max(rowid), 0) FROM articles").fetchone()
        else:
            stale = version != conn.data_version
            conn.data_version = version
        if not stale:
            return
        with self._lock:
            sources = dict(db.execute("SELECT id, name FROM sources").fetchall())
            rows = {
                r[0]: ArticleRow(r[1], r[2], r[3], tuple(r[4].split()), r[5], r[1] or "?", sources.get(r[2], "?"), r[3] or "?")
                for r in db.execute("SELECT id, language, source_id, day, agencies, duplicate_of FROM articles")
            }
            self._sources = sources
            self._rows = rows
            self._cache = {}
            self._version = (len(rows), max(rows, default=0))

    def _cached(self, name: str, compute):  # type: ignore[no-untyped-def]
        if name not in self._cache:
            self._cache[name] = compute()
        return self._cache[name]

    # --- filters ---------------------------------------------------------------

    def _keep(self, store: SQLiteStore, f: Filters):  # type: ignore[no-untyped-def]
        """A predicate over (id, ArticleRow) matching the store's filters."""
        db = store.db
        source_ids = agency_ids = entity_articles = None
        if f.source:
            source_ids = {r[0] for r in db.execute("SELECT id FROM sources WHERE name = ? COLLATE NOCASE", (f.source,))}
        if f.agency:
            agency_ids = {
                r[0] for r in db.execute("SELECT id FROM agencies WHERE id = ? COLLATE NOCASE OR name = ? COLLATE NOCASE", (f.agency, f.agency))
            }
        if f.entity:
            ids = [e["id"] for e in store.find_entities(f.entity)]
            entity_articles = {
                r[0] for r in db.execute(
                    f"SELECT article_id FROM article_entities WHERE entity_id IN ({','.join('?' * len(ids)) or 'NULL'})", ids
                )
            }
        lo, hi = (f.date_from or "")[:10] or None, (f.date_to or "")[:10] or None
        if not (f.lang or f.source or f.agency or f.entity or lo or hi):
            return _all if f.duplicates else _original

        def keep(article_id: int, r: ArticleRow) -> bool:
            if not f.duplicates and r.duplicate_of is not None:
                return False
            if f.lang and r.language != f.lang:
                return False
            if source_ids is not None and r.source_id not in source_ids:
                return False
            if agency_ids is not None and not agency_ids.intersection(r.agencies):
                return False
            if entity_articles is not None and article_id not in entity_articles:
                return False
            if lo and (r.day is None or r.day < lo):
                return False
            if hi and (r.day is None or r.day > hi):
                return False
            return True

        return keep

    # --- search ----------------------------------------------------------------

    def search(self, store: SQLiteStore, query: str, f: Filters, *, limit: int, offset: int) -> dict[str, Any]:
        """The same result as :meth:`SQLiteStore.search` (shape, order,
        facets, snippets), with facets counted from the in-memory table."""
        q = parse_query(query)
        keep = self._keep(store, f)
        rows = self._rows
        found = self._matches(store, q.match)
        matches = [(rank, i) for i, rank in found if i in rows and keep(i, rows[i])]
        matches.sort()
        chosen = [rows[i] for _, i in matches]
        facets = {
            "language": Counter(map(itemgetter(5), chosen)),
            "source": Counter(map(itemgetter(6), chosen)),
            "agency": Counter(chain.from_iterable(map(itemgetter(3), chosen))),
            "day": Counter(map(itemgetter(7), chosen)),
        }
        hits = [store.hit(article_id, rank, q.terms) for rank, article_id in matches[offset : offset + limit]]
        entity_facet = self._entity_facet(store, matches[:ENTITY_FACET_OVER])
        return {
            "query": query,
            "total": len(matches),
            "offset": offset,
            "limit": limit,
            "hits": hits,
            "facets": {
                "language": dict(facets["language"].most_common()),
                "source": dict(facets["source"].most_common()),
                "agency": dict(facets["agency"].most_common()),
                "day": dict(sorted(facets["day"].items())),
                "entity": entity_facet,
            },
        }

    def _entity_facet(self, store: SQLiteStore, matches: list[tuple[float, int]]) -> list[dict[str, Any]]:
        """The entities named most among the (best ``ENTITY_FACET_OVER``) matches."""
        if not matches or not self._cached("has_entities", lambda: store.db.execute("SELECT 1 FROM entities LIMIT 1").fetchone() is not None):
            return []
        ids = json.dumps([i for _, i in matches])
        return [
            {"id": r[0], "type": r[1], "name": r[2], "articles": r[3]}
            for r in store.db.execute(
                "SELECT e.id, e.type, e.name, count(*) AS n FROM json_each(?) j "
                "JOIN article_entities ae ON ae.article_id = j.value JOIN entities e ON e.id = ae.entity_id "
                "GROUP BY e.id ORDER BY n DESC, e.id LIMIT 12",
                (ids,),
            )
        ]

    def _matches(self, store: SQLiteStore, match: str) -> list[tuple[int, float]]:
        """(id, rank) of every article matching an FTS5 expression; the last
        MATCH_CACHE expressions are kept until the archive changes, so paging
        and narrowing a search by a facet do not run the match again."""
        cache = self._cached("matches", dict)
        with self._cache_lock:
            found = cache.pop(match, None)
        if found is None:
            found = store.db.execute("SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH ?", (match,)).fetchall()
        with self._cache_lock:
            cache[match] = found  # most recent last
            while len(cache) > MATCH_CACHE:
                del cache[next(iter(cache))]
        return found

    # --- lists -----------------------------------------------------------------

    def latest(self, store: SQLiteStore, f: Filters, *, limit: int, offset: int) -> dict[str, Any]:
        """Articles newest first (by day, then id), filtered like search."""
        keep = self._keep(store, f)
        rows = self._rows
        order = self._cached("order", lambda: sorted(rows, key=lambda i: (rows[i].day or "", i), reverse=True))
        ids = [i for i in order if keep(i, rows[i])]
        page = ids[offset : offset + limit]
        return {"total": len(ids), "offset": offset, "limit": limit, "articles": self.summaries(store, page)}

    def summaries(self, store: SQLiteStore, ids: list[int]) -> list[dict[str, Any]]:
        """Short article records (no text) in the order of ``ids``."""
        if not ids:
            return []
        got = {
            r[0]: {
                "id": r[0], "title": r[1], "language": r[2], "published": r[3], "day": r[4], "source": r[5],
                "agencies": r[6].split(), "url": r[7], "duplicate_of": r[8], "lead": r[9],
            }
            for r in store.db.execute(
                "SELECT a.id, a.title, a.language, a.published, a.day, s.name, a.agencies, a.url, a.duplicate_of, "
                f"substr(a.text, 1, 240) FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id IN ({','.join('?' * len(ids))})",
                ids,
            )
        }
        return [got[i] for i in ids if i in got]

    def stats(self, store: SQLiteStore) -> dict[str, Any]:
        """Counts by language, agency and source, and the archive's days."""

        def compute() -> dict[str, Any]:
            language: Counter[str] = Counter()
            agency: Counter[str] = Counter()
            source: Counter[int] = Counter()
            days = [r.day for r in self._rows.values() if r.day]
            for r in self._rows.values():
                if r.duplicate_of is not None:
                    continue
                language[r.language or "?"] += 1
                if r.source_id is not None:
                    source[r.source_id] += 1
                for a in r.agencies:
                    agency[a] += 1
            names = dict(store.db.execute("SELECT id, name FROM agencies").fetchall())
            return {
                "articles": len(self._rows),
                "originals": sum(language.values()),
                "first_day": min(days) if days else None,
                "last_day": max(days) if days else None,
                "language": [{"language": k, "articles": n} for k, n in language.most_common()],
                "agency": [{"id": k, "name": names.get(k, k), "articles": n} for k, n in agency.most_common()],
                "source": [{"id": k, "name": self._sources.get(k, "?"), "articles": n} for k, n in source.most_common()],
                "entities": store.db.execute("SELECT count(*) FROM entities").fetchone()[0],
            }

        return self._cached("stats", compute)

    def top_entities(self, store: SQLiteStore, *, days: int = 7, limit: int = 15) -> list[dict[str, Any]]:
        """The entities in the most articles over the archive's last ``days`` days."""

        def compute() -> list[dict[str, Any]]:
            last = self.stats(store)["last_day"]
            if last is None:
                return []
            import datetime as dt

            since = (dt.date.fromisoformat(last[:10]) - dt.timedelta(days=days - 1)).isoformat()
            return [
                {"id": r[0], "type": r[1], "name": r[2], "articles": r[3]}
                for r in store.db.execute(
                    "SELECT e.id, e.type, e.name, count(*) AS n FROM articles a "
                    "JOIN article_entities ae ON ae.article_id = a.id JOIN entities e ON e.id = ae.entity_id "
                    "WHERE a.day >= ? AND a.duplicate_of IS NULL GROUP BY e.id ORDER BY n DESC, e.id LIMIT ?",
                    (since, limit),
                )
            ]

        return self._cached(f"top:{days}:{limit}", compute)

    def list_entities(self, store: SQLiteStore, name: str | None, *, type_: str | None, limit: int, offset: int) -> dict[str, Any]:
        """Entities named ``name`` (the store's matching), else all, most articles first."""
        if name:
            found = store.find_entities(name)
            if type_:
                found = [e for e in found if e["type"] == type_]
            return {"total": len(found), "offset": offset, "limit": limit, "entities": found[offset : offset + limit]}
        where, args = ("WHERE e.type = ?", [type_]) if type_ else ("", [])
        total = store.db.execute(f"SELECT count(*) FROM entities e {where}", args).fetchone()[0]
        rows = store.db.execute(
            "SELECT e.id, e.key, e.type, e.name, (SELECT count(*) FROM article_entities ae WHERE ae.entity_id = e.id) AS n "
            f"FROM entities e {where} ORDER BY n DESC, e.id LIMIT ? OFFSET ?",
            [*args, limit, offset],
        )
        entities = [{"id": r[0], "key": r[1], "type": r[2], "name": r[3], "articles": r[4]} for r in rows]
        return {"total": total, "offset": offset, "limit": limit, "entities": entities}

    def _entity_articles(self, store: SQLiteStore, entity_id: int) -> list[int]:
        return [r[0] for r in store.db.execute("SELECT article_id FROM article_entities WHERE entity_id = ?", (entity_id,))]

    def entity(self, store: SQLiteStore, entity_id: int, *, related: int = 12, quotes: int = 8, latest: int = 12) -> dict[str, Any] | None:
        """:meth:`SQLiteStore.entity` (same keys and values) plus its
        articles per day, latest articles and co-mentions among the related
        entities; days come from the in-memory table, not from article rows."""
        db = store.db
        row = db.execute("SELECT id, key, type, name FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            return None
        ids = self._entity_articles(store, entity_id)
        rows = self._rows
        days = [rows[i].day for i in ids if i in rows and rows[i].day]
        per_day = Counter(days)
        order = sorted(((rows[i].day or "", i) for i in ids if i in rows), reverse=True)
        near = db.execute(
            "SELECT ae.entity_id, count(*) AS n FROM json_each(?) j JOIN article_entities ae ON ae.article_id = j.value "
            "WHERE ae.entity_id != ? GROUP BY ae.entity_id ORDER BY n DESC, ae.entity_id LIMIT ?",
            (json.dumps(ids), entity_id, related),
        ).fetchall()
        info = {r[0]: r[1:] for r in db.execute(
            f"SELECT id, type, name FROM entities WHERE id IN ({','.join('?' * len(near))})", [r[0] for r in near])} if near else {}
        return {
            "id": row[0], "key": row[1], "type": row[2], "name": row[3],
            "names": [{"name": r[0], "count": r[1]} for r in db.execute(
                "SELECT name, count FROM entity_names WHERE entity_id = ? ORDER BY count DESC, name", (entity_id,))],
            "roles": [{"role": r[0], "count": r[1]} for r in db.execute(
                "SELECT role, count FROM entity_roles WHERE entity_id = ? ORDER BY count DESC, role", (entity_id,))],
            "articles": len(ids),
            "first_seen": min(days) if days else None,
            "last_seen": max(days) if days else None,
            "related": [{"id": e, "type": info[e][0], "name": info[e][1], "articles": n} for e, n in near],
            "quotes": [
                {"article": r[0], "day": r[1], "kind": r[2], "text": r[3], "start": r[4], "end": r[5]}
                for r in db.execute(
                    'SELECT q.article_id, a.day, q.kind, substr(a.text, q.start + 1, q."end" - q.start), q.start, q."end" FROM quotes q JOIN articles a ON a.id = q.article_id '
                    "WHERE q.speaker_id = ? ORDER BY a.day DESC, q.article_id DESC, q.start LIMIT ?",
                    (entity_id, quotes),
                )
            ],
            "timeline": [{"day": d, "articles": n} for d, n in sorted(per_day.items())],
            "latest": self.summaries(store, [i for _, i in order[:latest]]),
            "co_mentions": self.co_mentions(store, [e for e, _ in near]),
        }

    def timeline(self, store: SQLiteStore, entity_id: int) -> list[dict[str, Any]]:
        """Articles and mentions of an entity per day."""
        ids = self._entity_articles(store, entity_id)
        rows = self._rows
        articles = Counter(rows[i].day for i in ids if i in rows and rows[i].day)
        mentions: Counter[str] = Counter()
        for article_id, n in store.db.execute(
            "SELECT m.article_id, count(*) FROM json_each(?) j JOIN mentions m ON m.article_id = j.value "
            "WHERE m.entity_id = ? GROUP BY m.article_id",
            (json.dumps(ids), entity_id),
        ):
            day = rows[article_id].day if article_id in rows else None
            if day:
                mentions[day] += n
        return [{"day": d, "articles": articles.get(d, 0), "mentions": mentions.get(d, 0)} for d in sorted(set(articles) | set(mentions))]

    def co_mentions(self, store: SQLiteStore, ids: list[int]) -> list[list[int]]:
        """Pairs of the given entities named in the same articles: [a, b, articles]."""
        sets = {e: self._article_set(store, e) for e in ids}
        return [[a, b, n] for x, a in enumerate(ids) for b in ids[x + 1:] if (n := len(sets[a] & sets[b]))]

    def _article_set(self, store: SQLiteStore, entity_id: int) -> frozenset[int]:
        """An entity's articles, kept (for the graph of the entities named
        with it) until the archive changes; at most ENTITY_SETS of them."""
        sets = self._cached("entity_sets", dict)
        found = sets.get(entity_id)
        if found is None:
            found = frozenset(self._entity_articles(store, entity_id))
            with self._cache_lock:
                if len(sets) >= ENTITY_SETS:
                    sets.clear()
                sets[entity_id] = found
        return found

    def source(self, store: SQLiteStore, source_id: int) -> dict[str, Any] | None:
        row = store.db.execute("SELECT id, name FROM sources WHERE id = ?", (source_id,)).fetchone()
        return None if row is None else {"id": row[0], "name": row[1]}

    def agency(self, store: SQLiteStore, agency_id: str) -> dict[str, Any] | None:
        row = store.db.execute("SELECT id, name FROM agencies WHERE id = ? COLLATE NOCASE", (agency_id,)).fetchone()
        return None if row is None else {"id": row[0], "name": row[1]}

    def source_id(self, store: SQLiteStore, name: str) -> int | None:
        row = store.db.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()
        return None if row is None else row[0]

    def days(self, store: SQLiteStore, f: Filters) -> list[dict[str, Any]]:
        """Articles per day under the filters (for source and agency pages)."""
        keep = self._keep(store, f)
        c = Counter(r.day for i, r in self._rows.items() if r.day and keep(i, r))
        return [{"day": d, "articles": n} for d, n in sorted(c.items())]
