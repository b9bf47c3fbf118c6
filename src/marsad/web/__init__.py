"""The web app and HTTP API over the archive (``marsad serve``): see docs/web.md."""

from __future__ import annotations

__all__ = ["create_app"]


def create_app(db_path: str, *, token: str | None = None, **options):  # type: ignore[no-untyped-def]
    """The ASGI app over the archive at ``db_path`` (imported on use: the
    web dependencies are needed only to serve)."""
    from .app import create_app as _create

    return _create(db_path, token=token, **options)
