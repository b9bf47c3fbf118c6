"""The archive's schema, as named migrations applied in order.

Each migration runs once, inside a transaction, and is recorded in the
``migrations`` table with the time it was applied; a database opened by an
older Marsad gets the missing ones.  Never edit a released migration: add a
new one.  In ``articles`` the long columns come last: SQLite reads a row's
columns in order, so filters and facets on the short ones never touch the
text's overflow pages.  Mentions, figures, quotes and events keep offsets
into the article text, never copies of it (the text is sliced when read).  The tables are documented in docs/store.md.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_archive",
        """
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE sources (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE agencies (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE articles (
    id             INTEGER PRIMARY KEY,
    url            TEXT UNIQUE,
    path           TEXT,
    content_hash   BLOB NOT NULL UNIQUE,
    duplicate_of   INTEGER REFERENCES articles(id),
    similarity     REAL,
    language       TEXT,
    language_score REAL,
    published      TEXT,
    published_how  TEXT,
    day            TEXT,
    fetched        TEXT,
    source_id      INTEGER REFERENCES sources(id),
    author         TEXT,
    agencies       TEXT NOT NULL DEFAULT '',
    extractor      TEXT,
    encoding       TEXT,
    added          TEXT NOT NULL,
    updated        TEXT NOT NULL,
    title          TEXT,
    minhash        BLOB,
    spans          TEXT NOT NULL,
    text           TEXT NOT NULL
);
CREATE INDEX articles_day ON articles(day);
CREATE INDEX articles_source ON articles(source_id, day);
CREATE INDEX articles_language ON articles(language, day);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE TABLE article_urls (
    url        TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX article_urls_article ON article_urls(article_id);
CREATE TABLE inputs (
    hash       BLOB PRIMARY KEY,
    name       TEXT NOT NULL,
    article_id INTEGER,
    outcome    TEXT NOT NULL,
    seen       TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE article_agencies (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    agency_id  TEXT NOT NULL REFERENCES agencies(id),
    how        TEXT,
    start      INTEGER,
    "end"      INTEGER
);
CREATE INDEX article_agencies_article ON article_agencies(article_id);
CREATE INDEX article_agencies_agency ON article_agencies(agency_id, article_id);
CREATE TABLE entities (
    id   INTEGER PRIMARY KEY,
    key  TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    name TEXT NOT NULL
);
CREATE TABLE entity_names (
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    name      TEXT NOT NULL,
    count     INTEGER NOT NULL,
    PRIMARY KEY (entity_id, name)
) WITHOUT ROWID;
CREATE INDEX entity_names_name ON entity_names(name);
CREATE TABLE entity_roles (
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    role      TEXT NOT NULL,
    count     INTEGER NOT NULL,
    PRIMARY KEY (entity_id, role)
) WITHOUT ROWID;
CREATE TABLE article_entities (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id  INTEGER NOT NULL REFERENCES entities(id),
    local_id   TEXT,
    name       TEXT NOT NULL,
    roles      TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (article_id, entity_id)
) WITHOUT ROWID;
CREATE INDEX article_entities_entity ON article_entities(entity_id, article_id);
CREATE TABLE mentions (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id  INTEGER NOT NULL REFERENCES entities(id),
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL
);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE TABLE quantities (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    value      REAL,
    unit       TEXT,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    period     TEXT
);
CREATE INDEX quantities_article ON quantities(article_id);
CREATE TABLE quotes (
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    speaker_id   INTEGER REFERENCES entities(id),
    speaker_name TEXT,
    kind         TEXT NOT NULL,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker ON quotes(speaker_id);
CREATE TABLE events (
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    type         TEXT NOT NULL,
    participants TEXT NOT NULL DEFAULT '[]',
    place_id     INTEGER REFERENCES entities(id),
    date         TEXT,
    trigger      TEXT,
    in_title     INTEGER NOT NULL DEFAULT 0,
    start        INTEGER,
    "end"        INTEGER
);
CREATE INDEX events_article ON events(article_id);
CREATE TABLE rejections (
    id      INTEGER PRIMARY KEY,
    input   TEXT NOT NULL,
    stage   TEXT,
    reason  TEXT NOT NULL,
    message TEXT,
    at      TEXT NOT NULL,
    UNIQUE (input, reason)
);
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body, content='', columnsize=1, tokenize='unicode61 remove_diacritics 0'
);
INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)');
""",
    ),
    (
        "0002_watch",
        """
CREATE TABLE watched (
    url           TEXT PRIMARY KEY,
    feed_url      TEXT,
    etag          TEXT,
    last_modified TEXT,
    last_poll     TEXT,
    last_ok       TEXT,
    failures      INTEGER NOT NULL DEFAULT 0,
    next_poll     TEXT,
    last_error    TEXT,
    items         INTEGER NOT NULL DEFAULT 0,
    stored        INTEGER NOT NULL DEFAULT 0
);
""",
    ),
]
