"""The SQLite archive: Marsad's default store, one file on one machine.

WAL journal: one writer at a time, readers in parallel with it.  Each
article — its row, its URLs, agencies, entities, facts and index terms — is
written inside one transaction with the rest of its batch, so a crash (even
``kill -9``) leaves whole articles or none; the next run skips the inputs
already stored and does the rest.  Tables: docs/store.md.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import os
import sqlite3
import time
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

from ..errors import StoreError
from ..normalize import match_key
from .dedup import NearDuplicates
from .migrations import MIGRATIONS
from .prepare import Prepared
from .query import parse_query
from .terms import ANALYZER, index_text, terms

__all__ = ["SQLiteStore", "Filters", "SearchResult"]

OUTCOMES = ("added", "updated", "unchanged", "alias", "near-duplicate", "rejected")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Filters:
    """What ``search``/``export`` narrow to; every field optional."""

    __slots__ = ("lang", "source", "agency", "entity", "date_from", "date_to", "duplicates")

    def __init__(
        self,
        lang: str | None = None,
        source: str | None = None,
        agency: str | None = None,
        entity: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        duplicates: bool = False,
    ) -> None:
        self.lang, self.source, self.agency, self.entity = lang, source, agency, entity
        self.date_from, self.date_to, self.duplicates = date_from, date_to, duplicates
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value is not None:
                try:
                    dt.date.fromisoformat(value[:10])
                except ValueError:
                    raise StoreError(f"--{name.replace('date_', '')} wants a date as YYYY-MM-DD, not {value!r}") from None


class SearchResult(dict):  # a plain JSON-ready dict with attribute access for the CLI
    __getattr__ = dict.__getitem__


class SQLiteStore:
    """The archive in one SQLite file (created with its schema when missing)."""

    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = False, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.readonly = readonly
        if readonly and not self.path.exists():
            raise StoreError(f"{self.path}: no archive here (run `marsad ingest` first, or pass --db)")
        try:
            if readonly:
                uri = self.path.resolve().as_uri() + "?mode=ro"
                self.db = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False)
            else:
                self.db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA cache_size = -65536")
            self.db.execute("PRAGMA mmap_size = 1073741824")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a Marsad archive or damaged: {exc}") from None
        self._near: NearDuplicates | None = None
        self._in_batch = 0
        self._batch_started = 0.0

    # --- schema ----------------------------------------------------------------

    def _migrate(self) -> None:
        db = self.db
        have = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "migrations" not in have:
            if self.readonly:
                raise StoreError(f"{self.path}: not a Marsad archive")
            db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
        done = {r[0] for r in db.execute("SELECT name FROM migrations")}
        known = {name for name, _ in MIGRATIONS}
        unknown = done - known
        if unknown:
            raise StoreError(f"{self.path}: made by a newer Marsad (migrations {', '.join(sorted(unknown))}); upgrade marsad")
        todo = [(n, sql) for n, sql in MIGRATIONS if n not in done]
        if not todo:
            self._check_analyzer()
            return
        if self.readonly:
            raise StoreError(f"{self.path}: needs migrations {', '.join(n for n, _ in todo)}; open it once for writing (marsad ingest)")
        for name, sql in todo:
            db.execute("BEGIN IMMEDIATE")
            try:
                for statement in _statements(sql):
                    db.execute(statement)
                db.execute("INSERT INTO migrations(name, applied) VALUES (?, ?)", (name, _now()))
                if name == MIGRATIONS[0][0]:
                    db.execute("INSERT INTO settings(name, value) VALUES ('analyzer', ?)", (ANALYZER,))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        self._check_analyzer()

    def _check_analyzer(self) -> None:
        """An index built by another analyzer version is rebuilt by a writer;
        a reader is told how."""
        row = self.db.execute("SELECT value FROM settings WHERE name='analyzer'").fetchone()
        if row and row[0] != ANALYZER:
            if self.readonly:
                raise StoreError(
                    f"{self.path}: its search index was built by {row[0]}, this Marsad uses {ANALYZER}; "
                    "run `marsad reindex` (or any ingest) once to rebuild it"
                )
            self.reindex()

    def migrations(self) -> list[tuple[str, str]]:
        return [tuple(r) for r in self.db.execute("SELECT name, applied FROM migrations ORDER BY name")]

    # --- writing ---------------------------------------------------------------

    def __enter__(self) -> "SQLiteStore":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        if getattr(self, "db", None) is None:
            return
        if self._in_batch:
            self.commit()
        self.db.close()
        self.db = None  # type: ignore[assignment]

    def _begin(self) -> None:
        if not self._in_batch:
            self.db.execute("BEGIN IMMEDIATE")
            self._batch_started = time.monotonic()
        self._in_batch += 1

    def commit(self) -> None:
        """Make the articles added so far durable (one transaction per batch)."""
        if self._in_batch:
            self.db.execute("COMMIT")
            self._in_batch = 0

    def maybe_commit(self, every: int = 200, seconds: float = 2.0) -> None:
        if self._in_batch >= every or (self._in_batch and time.monotonic() - self._batch_started >= seconds):
            self.commit()

    def seen(self, key: bytes | None) -> bool:
        """Whether an input with this hash was stored by an earlier run."""
        return key is not None and self.db.execute("SELECT 1 FROM inputs WHERE hash = ?", (key,)).fetchone() is not None

    def add(self, p: Prepared) -> tuple[str, int | None]:
        """Store one analyzed input; returns (outcome, article id).

        Outcomes: "added"; "updated" (a stored URL whose content changed);
        "unchanged" (the same content at the same URL); "alias" (the same
        content at another URL: the URL is recorded, no new article);
        "near-duplicate" (stored, linked to its original); "rejected".

        A record the store cannot write (a bug upstream: a span without
        offsets…) is undone alone — the rest of the batch stays — and becomes
        an ``internal-error`` rejection of stage ``store`` (also set on ``p``)."""
        self._begin()
        self.db.execute("SAVEPOINT article")
        try:
            outcome, article_id = self._add(p)
            if p.input_hash is not None:
                self.db.execute(
                    "INSERT OR REPLACE INTO inputs(hash, name, article_id, outcome, seen) VALUES (?, ?, ?, ?, ?)",
                    (p.input_hash, p.name, article_id, outcome, _now()),
                )
            self.db.execute("RELEASE article")
        except Exception as exc:
            self.db.execute("ROLLBACK TO article")
            self.db.execute("RELEASE article")
            self._near = None  # it may hold the id of the row just undone
            if p.rejection is not None:
                raise  # storing the rejection itself failed: nothing sensible left to do
            p.rejection = {"stage": "store", "reason": "internal-error", "message": f"{type(exc).__name__}: {exc}"}
            p.record = None
            return self.add(p)
        except BaseException:
            self.db.execute("ROLLBACK")
            self._in_batch = 0
            self._near = None
            raise
        return outcome, article_id

    def _add(self, p: Prepared) -> tuple[str, int | None]:
        db = self.db
        if p.rejection is not None or p.record is None:
            r = p.rejection or {"stage": "store", "reason": "internal-error", "message": "nothing to store"}
            db.execute(
                "INSERT INTO rejections(input, stage, reason, message, at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(input, reason) DO UPDATE SET message=excluded.message, at=excluded.at, stage=excluded.stage",
                (p.name, r.get("stage"), r["reason"], r.get("message"), _now()),
            )
            return "rejected", None
        rec = p.record
        url = rec.get("url")
        by_url = self._article_of_url(url) if url else None
        row = db.execute("SELECT id FROM articles WHERE content_hash = ?", (p.content_hash,)).fetchone()
        by_hash = row[0] if row else None
        if by_hash is not None:
            if url and by_url != by_hash:
                db.execute("INSERT OR REPLACE INTO article_urls(url, article_id) VALUES (?, ?)", (url, by_hash))
                return "alias", by_hash
            return "unchanged", by_hash
        if by_url is not None:
            self._delete_derived(by_url)
            self._write_article(p, by_url)
            return "updated", by_url
        article_id = self._write_article(p, None)
        if url:
            db.execute("INSERT OR REPLACE INTO article_urls(url, article_id) VALUES (?, ?)", (url, article_id))
        dup = db.execute("SELECT duplicate_of FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
        return ("near-duplicate" if dup is not None else "added"), article_id

    def has_url(self, url: str) -> bool:
        """Whether an article was stored from ``url`` (its own URL or an alias)."""
        return self._article_of_url(url) is not None

    def _article_of_url(self, url: str) -> int | None:
        row = self.db.execute("SELECT article_id FROM article_urls WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

    def _near_index(self) -> NearDuplicates:
        if self._near is None:
            near = NearDuplicates()
            near.add_many(
                self.db.execute("SELECT id, minhash FROM articles WHERE minhash IS NOT NULL AND duplicate_of IS NULL")
            )
            self._near = near
        return self._near

    def _write_article(self, p: Prepared, article_id: int | None) -> int:
        db = self.db
        rec = p.record or {}
        source_id = self._source_id(rec.get("source"))
        agencies = [c for c in rec.get("credits") or [] if c.get("id")]
        for c in agencies:
            db.execute("INSERT OR IGNORE INTO agencies(id, name) VALUES (?, ?)", (c["id"], c.get("name") or c["id"]))
        credited = " ".join(rec.get("agencies") or [])
        published = rec.get("published")
        day = (published or rec.get("fetched") or "")[:10] or None
        spans = json.dumps(
            {
                "paragraphs": [[s["start"], s["end"], s.get("language")] for s in rec.get("paragraphs") or []],
                "headings": [[s["start"], s["end"]] for s in rec.get("headings") or []],
                "sentences": [[s["start"], s["end"]] for s in rec.get("sentences") or []],
                "credits": rec.get("credits") or [],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        duplicate_of = similarity = None
        if p.minhash is not None:
            near = self._near_index()
            found = near.original_of(p.minhash, exclude=article_id)
            if found is not None:
                duplicate_of, similarity = found
        values = (
            rec.get("url"), rec.get("path"), p.content_hash, duplicate_of, similarity, rec.get("title"),
            rec.get("text") or "", rec.get("language"), rec.get("language_score"), published,
            rec.get("published_how"), day, rec.get("fetched"), source_id, rec.get("author"), credited,
            rec.get("extractor"), rec.get("encoding"), spans, p.minhash,
        )
        now = _now()
        if article_id is None:
            cur = db.execute(
                "INSERT INTO articles(url, path, content_hash, duplicate_of, similarity, title, text, language, "
                "language_score, published, published_how, day, fetched, source_id, author, agencies, extractor, "
                "encoding, spans, minhash, added, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                values + (now, now),
            )
            article_id = int(cur.lastrowid)
        else:
            db.execute(
                "UPDATE articles SET url=?, path=?, content_hash=?, duplicate_of=?, similarity=?, title=?, text=?, "
                "language=?, language_score=?, published=?, published_how=?, day=?, fetched=?, source_id=?, "
                "author=?, agencies=?, extractor=?, encoding=?, spans=?, minhash=?, updated=? WHERE id=?",
                values + (now, article_id),
            )
        if p.minhash is not None and duplicate_of is None:
            self._near_index().add(article_id, p.minhash)
        for c in agencies:
            db.execute(
                'INSERT INTO article_agencies(article_id, agency_id, how, start, "end") VALUES (?, ?, ?, ?, ?)',
                (article_id, c["id"], c.get("how"), c.get("start"), c.get("end")),
            )
        db.execute(
            "INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)", (article_id, p.title_terms, p.body_terms)
        )
        self._write_facts(article_id, rec)
        return article_id

    def _source_id(self, name: str | None) -> int | None:
        if not name:
            return None
        row = self.db.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()
        if row:
            return int(row[0])
        return int(self.db.execute("INSERT INTO sources(name) VALUES (?)", (name,)).lastrowid)

    def _write_facts(self, article_id: int, rec: dict[str, Any]) -> None:
        """Entities (merged into archive entities by key), mentions, figures,
        quotes and events of an article record, when it has them."""
        db = self.db
        local: dict[Any, int] = {}
        for e in rec.get("entities") or []:
            name = (e.get("name") or "").strip()
            etype = e.get("type") or "MISC"
            if not name:
                continue
            key = e.get("key") or f"{etype}:{match_key(name)}"
            entity_id = db.execute(
                "INSERT INTO entities(key, type, name) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
                "name = CASE WHEN length(excluded.name) > length(entities.name) THEN excluded.name ELSE entities.name END "
                "RETURNING id",
                (key, etype, name),
            ).fetchone()[0]
            if entity_id in local.values():
                local[e.get("id")] = entity_id
                continue
            local[e.get("id")] = entity_id
            roles = [r if isinstance(r, str) else (r.get("title") or r.get("text") or "") for r in e.get("roles") or []]
            roles = [r for r in dict.fromkeys(roles) if r]
            db.execute(
                "INSERT OR IGNORE INTO article_entities(article_id, entity_id, local_id, name, roles) VALUES (?, ?, ?, ?, ?)",
                (article_id, entity_id, None if e.get("id") is None else str(e.get("id")), name, json.dumps(roles, ensure_ascii=False)),
            )
            db.execute(
                "INSERT INTO entity_names(entity_id, name, count) VALUES (?, ?, 1) "
                "ON CONFLICT(entity_id, name) DO UPDATE SET count = count + 1",
                (entity_id, name),
            )
            for role in roles:
                db.execute(
                    "INSERT INTO entity_roles(entity_id, role, count) VALUES (?, ?, 1) "
                    "ON CONFLICT(entity_id, role) DO UPDATE SET count = count + 1",
                    (entity_id, role),
                )
            for m in e.get("mentions") or []:
                db.execute(
                    'INSERT INTO mentions(article_id, entity_id, start, "end") VALUES (?, ?, ?, ?)',
                    (article_id, entity_id, m["start"], m["end"]),
                )
        for q in rec.get("quantities") or []:
            db.execute(
                'INSERT INTO quantities(article_id, kind, value, unit, start, "end", period) VALUES (?,?,?,?,?,?,?)',
                (article_id, q.get("kind") or "other", _number(q.get("value")), q.get("unit"),
                 q["start"], q["end"], None if q.get("period") is None else json.dumps(q.get("period"), ensure_ascii=False)),
            )
        for q in rec.get("quotes") or []:
            db.execute(
                'INSERT INTO quotes(article_id, speaker_id, speaker_name, kind, start, "end") VALUES (?,?,?,?,?,?)',
                (article_id, local.get(q.get("speaker")), q.get("speaker_name"), q.get("kind") or "direct",
                 q["start"], q["end"]),
            )
        for ev in rec.get("events") or []:
            participants = [local[x] for x in ev.get("participants") or [] if x in local]
            db.execute(
                'INSERT INTO events(article_id, type, participants, place_id, date, trigger, in_title, start, "end") '
                "VALUES (?,?,?,?,?,?,?,?,?)",
                (article_id, ev.get("type") or "other", json.dumps(participants), local.get(ev.get("place")),
                 ev.get("date"), ev.get("trigger"), int(bool(ev.get("in_title"))), ev.get("start"), ev.get("end")),
            )

    def _delete_derived(self, article_id: int) -> None:
        """Everything written for an article except its row (before an update)."""
        db = self.db
        row = db.execute("SELECT title, text FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is not None:
            db.execute(
                "INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
                (article_id, index_text(row[0]), index_text(row[1])),
            )
        for entity_id, name, roles in db.execute(
            "SELECT entity_id, name, roles FROM article_entities WHERE article_id = ?", (article_id,)
        ).fetchall():
            db.execute("UPDATE entity_names SET count = count - 1 WHERE entity_id = ? AND name = ?", (entity_id, name))
            for role in json.loads(roles):
                db.execute("UPDATE entity_roles SET count = count - 1 WHERE entity_id = ? AND role = ?", (entity_id, role))
        db.execute("DELETE FROM entity_names WHERE count <= 0")
        db.execute("DELETE FROM entity_roles WHERE count <= 0")
        for table in ("article_agencies", "article_entities", "mentions", "quantities", "quotes", "events"):
            db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        if self._near is not None:
            self._near.remove(article_id)

    def reindex(self) -> int:
        """Rebuild the full-text index with this Marsad's analyzer."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')")
            n = 0
            for article_id, title, text in db.execute("SELECT id, title, text FROM articles").fetchall():
                db.execute(
                    "INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)",
                    (article_id, index_text(title), index_text(text)),
                )
                n += 1
            db.execute("INSERT OR REPLACE INTO settings(name, value) VALUES ('analyzer', ?)", (ANALYZER,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return n

    # --- reading ---------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        db = self.db
        one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "originals": one("SELECT count(*) FROM articles WHERE duplicate_of IS NULL"),
            "near_duplicates": one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
            "urls": one("SELECT count(*) FROM article_urls"),
            "sources": one("SELECT count(*) FROM sources"),
            "entities": one("SELECT count(*) FROM entities"),
            "rejections": one("SELECT count(*) FROM rejections"),
        }

    def _where(self, f: Filters, alias: str = "a") -> tuple[list[str], list[Any]]:
        where: list[str] = []
        args: list[Any] = []
        if not f.duplicates:
            where.append(f"{alias}.duplicate_of IS NULL")
        if f.lang:
            where.append(f"{alias}.language = ?")
            args.append(f.lang)
        if f.source:
            where.append(f"{alias}.source_id IN (SELECT id FROM sources WHERE name = ? COLLATE NOCASE)")
            args.append(f.source)
        if f.agency:
            where.append(
                f"{alias}.id IN (SELECT article_id FROM article_agencies WHERE agency_id IN "
                "(SELECT id FROM agencies WHERE id = ? COLLATE NOCASE OR name = ? COLLATE NOCASE))"
            )
            args += [f.agency, f.agency]
        if f.entity:
            ids = [e["id"] for e in self.find_entities(f.entity)]
            where.append(
                f"{alias}.id IN (SELECT article_id FROM article_entities WHERE entity_id IN ({','.join('?' * len(ids)) or 'NULL'}))"
            )
            args += ids
        if f.date_from:
            where.append(f"{alias}.day >= ?")
            args.append(f.date_from[:10])
        if f.date_to:
            where.append(f"{alias}.day <= ?")
            args.append(f.date_to[:10])
        return where, args

    def search(self, query: str, filters: Filters | None = None, *, limit: int = 20, offset: int = 0) -> SearchResult:
        """Articles matching ``query`` (the syntax in :mod:`marsad.store.query`),
        best first (bm25, headline words weigh 4×), with highlighted snippets
        and counts by language, source, agency and day over all matches."""
        f = filters or Filters()
        q = parse_query(query)
        where, args = self._where(f)
        # CROSS JOIN: the full-text match first, then its articles; left to
        # itself the planner may walk a filter's index and run the match per row.
        sql = (
            "SELECT m.rowid, m.rank, a.language, a.source_id, a.day, a.agencies FROM "
            "(SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH ?) AS m "
            "CROSS JOIN articles a ON a.id = m.rowid"
            + (" WHERE " + " AND ".join(where) if where else "")
        )
        rows = self.db.execute(sql, [q.match, *args]).fetchall()
        sources = dict(self.db.execute("SELECT id, name FROM sources").fetchall())
        facets: dict[str, Counter[str]] = {k: Counter() for k in ("language", "source", "agency", "day")}
        for _, _, lang, source_id, day, agencies in rows:
            facets["language"][lang or "?"] += 1
            facets["source"][sources.get(source_id, "?")] += 1
            facets["day"][day or "?"] += 1
            for a in agencies.split():
                facets["agency"][a] += 1
        rows.sort(key=lambda r: (r[1], r[0]))
        page = rows[offset : offset + limit]
        hits = [self.hit(article_id, rank, q.terms) for article_id, rank, *_ in page]
        return SearchResult(
            query=query,
            total=len(rows),
            offset=offset,
            limit=limit,
            hits=hits,
            facets={
                "language": dict(facets["language"].most_common()),
                "source": dict(facets["source"].most_common()),
                "agency": dict(facets["agency"].most_common()),
                "day": dict(sorted(facets["day"].items())),
            },
        )

    def hit(self, article_id: int, rank: float, looked_for: set[str]) -> dict[str, Any]:
        """One search hit: the article's short fields, headline highlights and a
        snippet around the looked-for terms (also used by the web app)."""
        row = self.db.execute(
            "SELECT a.id, a.url, a.path, a.title, a.text, a.language, a.published, a.day, s.name, a.agencies, a.duplicate_of "
            "FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        aid, url, path, title, text, lang, published, day, source, agencies, duplicate_of = row
        return {
            "id": aid,
            "url": url,
            "path": path,
            "title": title,
            "title_highlights": [[t.start, t.end] for t in terms(title or "") if t.term in looked_for],
            "language": lang,
            "published": published,
            "day": day,
            "source": source,
            "agencies": agencies.split(),
            "duplicate_of": duplicate_of,
            "score": round(-rank, 4),
            "snippet": snippet(text, looked_for),
        }

    def article(self, article_id: int) -> dict[str, Any] | None:
        """One stored article with its spans, URLs, entities, facts and near-duplicates."""
        db = self.db
        cur = db.execute(
            "SELECT a.*, s.name AS source FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id = ?",
            (article_id,),
        )
        row = cur.fetchone()
        if row is None:
            return None
        out = dict(zip([d[0] for d in cur.description], row))
        for k in ("minhash", "content_hash", "source_id"):
            out.pop(k, None)
        out["agencies"] = out["agencies"].split()
        out["spans"] = json.loads(out["spans"])
        out["urls"] = [r[0] for r in db.execute("SELECT url FROM article_urls WHERE article_id = ? ORDER BY url", (article_id,))]
        out["near_duplicates"] = [
            {"id": r[0], "title": r[1], "similarity": r[2]}
            for r in db.execute("SELECT id, title, similarity FROM articles WHERE duplicate_of = ? ORDER BY id", (article_id,))
        ]
        out["entities"] = [
            {"id": r[0], "type": r[1], "name": r[2], "key": r[3], "roles": json.loads(r[4])}
            for r in db.execute(
                "SELECT e.id, e.type, ae.name, e.key, ae.roles FROM article_entities ae JOIN entities e ON e.id = ae.entity_id "
                "WHERE ae.article_id = ? ORDER BY e.id",
                (article_id,),
            )
        ]
        text = out["text"]
        out["mentions"] = [
            {"entity": r[0], "start": r[1], "end": r[2], "text": text[r[1] : r[2]]}
            for r in db.execute('SELECT entity_id, start, "end" FROM mentions WHERE article_id = ? ORDER BY start', (article_id,))
        ]
        out["quantities"] = [
            {"kind": r[0], "value": r[1], "unit": r[2], "text": text[r[3] : r[4]], "start": r[3], "end": r[4]}
            for r in db.execute('SELECT kind, value, unit, start, "end" FROM quantities WHERE article_id = ? ORDER BY start', (article_id,))
        ]
        out["quotes"] = [
            {"speaker": r[0], "speaker_name": r[1], "kind": r[2], "text": text[r[3] : r[4]], "start": r[3], "end": r[4]}
            for r in db.execute('SELECT speaker_id, speaker_name, kind, start, "end" FROM quotes WHERE article_id = ? ORDER BY start', (article_id,))
        ]
        out["events"] = [
            {"type": r[0], "participants": json.loads(r[1]), "place": r[2], "date": r[3],
             "text": text[r[4] : r[5]] if r[4] is not None else (out.get("title") or ""), "start": r[4], "end": r[5],
             "trigger": r[6], "in_title": bool(r[7])}
            for r in db.execute('SELECT type, participants, place_id, date, start, "end", trigger, in_title FROM events '
                                "WHERE article_id = ? ORDER BY in_title DESC, start", (article_id,))
        ]
        return out

    def find_entities(self, name: str) -> list[dict[str, Any]]:
        """Archive entities one of whose names is ``name`` or contains its
        words (in matching form); most-mentioned first."""
        key = match_key(name.strip())
        if not key:
            return []
        db = self.db
        ids = [r[0] for r in db.execute("SELECT DISTINCT entity_id FROM entity_names WHERE name = ?", (name.strip(),))]
        wanted = key.split()
        ids += [
            entity_id
            for entity_id, entity_name in db.execute("SELECT entity_id, name FROM entity_names")
            if _contains_words(match_key(entity_name).split(), wanted)
        ]
        ids = list(dict.fromkeys(ids))
        found = []
        for entity_id in ids:
            row = db.execute("SELECT id, key, type, name FROM entities WHERE id = ?", (entity_id,)).fetchone()
            n = db.execute("SELECT count(*) FROM article_entities WHERE entity_id = ?", (entity_id,)).fetchone()[0]
            found.append({"id": row[0], "key": row[1], "type": row[2], "name": row[3], "articles": n})
        found.sort(key=lambda e: (-e["articles"], e["id"]))
        return found

    def entity(self, entity_id: int, *, related: int = 10, quotes: int = 5) -> dict[str, Any] | None:
        """An archive entity: names, roles, type, article count, first and
        last seen, the entities most often in the same articles, latest quotes."""
        db = self.db
        row = db.execute("SELECT id, key, type, name FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            return None
        n, first, last = db.execute(
            "SELECT count(*), min(a.day), max(a.day) FROM article_entities ae JOIN articles a ON a.id = ae.article_id "
            "WHERE ae.entity_id = ?",
            (entity_id,),
        ).fetchone()
        return {
            "id": row[0],
            "key": row[1],
            "type": row[2],
            "name": row[3],
            "names": [{"name": r[0], "count": r[1]} for r in db.execute(
                "SELECT name, count FROM entity_names WHERE entity_id = ? ORDER BY count DESC, name", (entity_id,))],
            "roles": [{"role": r[0], "count": r[1]} for r in db.execute(
                "SELECT role, count FROM entity_roles WHERE entity_id = ? ORDER BY count DESC, role", (entity_id,))],
            "articles": n,
            "first_seen": first,
            "last_seen": last,
            "related": [
                {"id": r[0], "type": r[1], "name": r[2], "articles": r[3]}
                for r in db.execute(
                    "SELECT e.id, e.type, e.name, count(*) AS n FROM article_entities mine "
                    "JOIN article_entities other ON other.article_id = mine.article_id AND other.entity_id != mine.entity_id "
                    "JOIN entities e ON e.id = other.entity_id WHERE mine.entity_id = ? "
                    "GROUP BY e.id ORDER BY n DESC, e.id LIMIT ?",
                    (entity_id, related),
                )
            ],
            "quotes": [
                {"article": r[0], "day": r[1], "kind": r[2], "text": r[3], "start": r[4], "end": r[5]}
                for r in db.execute(
                    'SELECT q.article_id, a.day, q.kind, substr(a.text, q.start + 1, q."end" - q.start), q.start, q."end" '
                    "FROM quotes q JOIN articles a ON a.id = q.article_id "
                    "WHERE q.speaker_id = ? ORDER BY a.day DESC, q.article_id DESC, q.start LIMIT ?",
                    (entity_id, quotes),
                )
            ],
        }

    def export(self, query: str | None = None, filters: Filters | None = None, *, limit: int | None = None) -> Iterator[dict[str, Any]]:
        """Stored articles as flat records (search order when ``query`` is
        given, else by id), filtered like search."""
        f = filters or Filters()
        where, args = self._where(f)
        cols = (
            "a.id, a.url, a.path, a.title, s.name, a.author, a.language, a.published, a.published_how, a.day, "
            "a.fetched, a.agencies, a.duplicate_of, a.similarity, a.text"
        )
        if query:
            q = parse_query(query)
            sql = (
                f"SELECT {cols} FROM (SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH ?) AS m "
                "CROSS JOIN articles a ON a.id = m.rowid LEFT JOIN sources s ON s.id = a.source_id"
                + (" WHERE " + " AND ".join(where) if where else "")
                + " ORDER BY m.rank, a.id"
            )
            args = [q.match, *args]
        else:
            sql = (
                f"SELECT {cols} FROM articles a LEFT JOIN sources s ON s.id = a.source_id"
                + (" WHERE " + " AND ".join(where) if where else "")
                + " ORDER BY a.id"
            )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        names = (
            "id", "url", "path", "title", "source", "author", "language", "published", "published_how", "day",
            "fetched", "agencies", "duplicate_of", "similarity", "text",
        )
        for row in self.db.execute(sql, args):
            rec = dict(zip(names, row))
            rec["agencies"] = rec["agencies"].split()
            yield rec


def snippet(text: str, looked_for: set[str], width: int = 28) -> dict[str, Any]:
    """The stretch of ``text`` (about ``width`` words) with the most looked-for
    words, as offsets into the article text plus highlight spans."""
    words: list = []
    hits: list[int] = []
    for w in terms(text):  # read until the first hit's window is complete (most are near the top)
        if w.term in looked_for:
            hits.append(len(words))
        words.append(w)
        if hits and len(words) >= hits[0] + width + 3:
            break
    if not words:
        return {"start": 0, "end": 0, "text": "", "highlights": []}
    best, best_n = 0, -1
    for i in hits:  # a window starting a few words before a hit; the one holding the most hits
        start = max(0, i - 3)
        n = bisect.bisect_left(hits, start + width) - bisect.bisect_left(hits, start)
        if n > best_n:
            best, best_n = start, n
    first, last = words[best], words[min(best + width, len(words)) - 1]
    s = 0 if best == 0 else first.start
    e = last.end if best + width <= len(words) else len(text)
    return {
        "start": s,
        "end": e,
        "text": text[s:e],
        "highlights": [[w.start - s, w.end - s] for w in words[best : best + width] if w.term in looked_for],
    }


def _contains_words(words: list[str], wanted: list[str]) -> bool:
    n = len(wanted)
    return any(words[i : i + n] == wanted for i in range(len(words) - n + 1))


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) < 1e300 else None


def _statements(sql: str) -> Iterator[str]:
    """The statements of a migration (complete_statement keeps triggers whole)."""
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf.strip()
            buf = ""
    if buf.strip():
        yield buf.strip()
