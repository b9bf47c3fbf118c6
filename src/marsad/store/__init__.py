"""The archive: where ``marsad ingest`` keeps articles and ``search``,
``entity``, ``export`` and the web app read them.

Storage sits behind this narrow interface (:class:`Store`); SQLite
(:class:`~marsad.store.sqlite.SQLiteStore`) is the default, one file on one
machine.  Which file: ``--db PATH``, else the ``MARSAD_DB`` environment
variable, else ``marsad.db`` in the current folder.
"""

from __future__ import annotations

import os
from typing import Any, Iterator, Protocol

from .prepare import Prepared, input_hash, prepare
from .sqlite import Filters, SearchResult, SQLiteStore

__all__ = ["Store", "open_store", "db_path", "Filters", "SearchResult", "Prepared", "prepare", "input_hash", "DEFAULT_DB"]

DEFAULT_DB = "marsad.db"


class Store(Protocol):
    def seen(self, key: bytes | None) -> bool: ...
    def has_url(self, url: str) -> bool: ...
    def add(self, p: Prepared) -> tuple[str, int | None]: ...
    def commit(self) -> None: ...
    def maybe_commit(self, every: int = 200, seconds: float = 2.0) -> None: ...
    def close(self) -> None: ...
    def counts(self) -> dict[str, int]: ...
    def search(self, query: str, filters: Filters | None = None, *, limit: int = 20, offset: int = 0) -> SearchResult: ...
    def article(self, article_id: int) -> dict[str, Any] | None: ...
    def find_entities(self, name: str) -> list[dict[str, Any]]: ...
    def entity(self, entity_id: int, *, related: int = 10, quotes: int = 5) -> dict[str, Any] | None: ...
    def export(self, query: str | None = None, filters: Filters | None = None, *, limit: int | None = None) -> Iterator[dict[str, Any]]: ...


def db_path(path: str | os.PathLike[str] | None = None) -> str:
    """The archive file: ``path``, else $MARSAD_DB, else ./marsad.db."""
    return os.fspath(path) if path else os.environ.get("MARSAD_DB") or DEFAULT_DB


def open_store(path: str | os.PathLike[str] | None = None, *, readonly: bool = False) -> SQLiteStore:
    return SQLiteStore(db_path(path), readonly=readonly)
