"""The web app: one Starlette application serving the JSON API (``/api/…``)
and the pages (``/ar/…``, ``/ru/…``, ``/en/…``) from the same view data.

Thin: every route calls one function of :mod:`marsad.web.views` and either
sends its dict as JSON or renders it with a template.  Read-only unless the
server was given a token; every error has one shape.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import threading
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import MarsadError, StoreError
from ..store.query import QueryError
from . import i18n, render, views
from .archive import Archive, QueryTimeout
from .openapi import DOCUMENT

__all__ = ["create_app", "SECURITY_HEADERS"]

HERE = Path(__file__).parent
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
MAX_INGEST_BYTES = 5_000_000
MAX_INGEST_RECORDS = 100


class SecurityHeaders:
    """Adds the security headers to every response (pure ASGI: no buffering)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.raw = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self.raw
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _json(data: Any, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return Response(body, status_code=status, media_type="application/json")


def _error(status: int, code: str, message: str) -> Response:
    return _json({"error": {"code": code, "message": message}}, status)


def _templates() -> dict[str, Environment]:
    envs = {}
    for lang in i18n.LANGUAGES:
        env = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.install_gettext_translations(i18n.translations(lang), newstyle=True)  # type: ignore[attr-defined]
        env.globals.update(
            ui=lang,
            dir=i18n.direction(lang),
            switch=i18n.SWITCH_LABELS,
            inert=render.inert,
            marked=render.marked,
            safe_url=render.safe_url,
            text_dir=render.text_dir,
            timeline_svg=render.timeline_svg,
            bars_svg=render.bars_svg,
            graph_svg=render.graph_svg,
            article_body=render.article_body,
        )
        env.filters.update(
            num=lambda v, _l=lang: i18n.number(v, _l),
            date=lambda v, fmt="long", _l=lang: i18n.date(v, _l, fmt),
            language_name=lambda code, _l=lang: i18n.language_name(code, _l),
            digits=lambda v, _l=lang: i18n.digits(str(v), _l),
            plain=render.plain,
        )
        env.globals.update(
            type_name=lambda t, _tr=i18n.translations(lang): _tr.gettext(i18n.TYPE_NAMES.get(t, t or "?")),
            lang_rows=lambda items, _l=lang: [
                (i18n.language_name(x["language"], _l), x["articles"], f"/{_l}/articles?" + urlencode({"lang": x["language"]})) for x in items],
            agency_rows=lambda items, _l=lang: [(x["name"], x["articles"], f"/{_l}/agencies/{quote(x['id'])}") for x in items],
            day_points=lambda days: [{"day": k, "articles": n} for k, n in days.items() if k[:1].isdigit()],
            source_rows=lambda items, _l=lang: [(x["name"], x["articles"], f"/{_l}/sources/{int(x['id'])}") for x in items],
        )
        envs[lang] = env
    return envs


def create_app(db_path: str, *, token: str | None = None, budget_s: float = 2.0, pool_size: int = 4) -> Starlette:
    """The ASGI app over the archive at ``db_path``, opened read-only.
    ``token``: enables the write endpoint (POST /api/ingest) for requests
    that send it as ``Authorization: Bearer TOKEN``; without it, 403."""
    archive = Archive(str(db_path), pool_size=pool_size, budget_s=budget_s)
    with archive.store():  # load the article table now, not on the first request
        pass
    envs = _templates()
    write_lock = threading.Lock()

    def page_lang(request: Request) -> str:
        first = request.url.path.strip("/").split("/")[0]
        return first if first in i18n.LANGUAGES else i18n.best_language(request.headers.get("accept-language"))

    def render_page(request: Request, ui: str, template: str, data: dict[str, Any], status: int = 200, **extra: Any) -> HTMLResponse:
        rest = request.url.path[len(ui) + 1:] if request.url.path.startswith(f"/{ui}") else "/"
        query = ("?" + request.url.query) if request.url.query else ""
        params = dict(request.query_params)

        def with_params(**changes: Any) -> str:
            merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
            return "?" + urlencode(merged) if merged else "?"

        html = envs[ui].get_template(template).render(
            data=data,
            params=params,
            with_params=with_params,
            switch_links={lang: f"/{lang}{rest or '/'}{query}" for lang in i18n.LANGUAGES},
            **extra,
        )
        return HTMLResponse(html, status_code=status)

    # --- JSON API -----------------------------------------------------------------

    def api(view: Callable[..., dict[str, Any]], *path_args: str, with_params: bool = True) -> Callable[[Request], Response]:
        def endpoint(request: Request) -> Response:
            args = [request.path_params[a] for a in path_args]
            if with_params:
                args.append(request.query_params)
            return _json(view(archive, *args))

        return endpoint

    def openapi(request: Request) -> Response:
        return _json(DOCUMENT)

    async def ingest(request: Request) -> Response:
        if not token:
            raise views.ApiError(403, "forbidden", "this server is read-only: start it with --token (or MARSAD_TOKEN) to allow writes")
        if request.headers.get("authorization", "") != f"Bearer {token}":
            raise views.ApiError(403, "forbidden", "a write needs the server's token as 'Authorization: Bearer TOKEN'")
        if int(request.headers.get("content-length") or 0) > MAX_INGEST_BYTES:
            raise views.ApiError(400, "bad-request", f"the body is larger than {MAX_INGEST_BYTES} bytes")
        body = await request.body()
        try:
            records = json.loads(body)["records"]
            assert isinstance(records, list) and all(isinstance(r, dict) for r in records)
        except (ValueError, KeyError, TypeError, AssertionError):
            raise views.ApiError(400, "bad-request", 'the body must be JSON: {"records": [{"url", "title", "text", "date", "source"}, ...]}') from None
        if len(records) > MAX_INGEST_RECORDS:
            raise views.ApiError(400, "bad-request", f"at most {MAX_INGEST_RECORDS} records per request")
        from starlette.concurrency import run_in_threadpool

        return _json(await run_in_threadpool(_ingest_records, str(db_path), records, write_lock))

    # --- pages ------------------------------------------------------------------------

    def page(template: str, view: Callable[..., dict[str, Any]], *path_args: str, with_params: bool = True, **extra: Any):  # type: ignore[no-untyped-def]
        def endpoint_for(ui: str) -> Callable[[Request], Response]:
            def endpoint(request: Request) -> Response:
                args = [request.path_params[a] for a in path_args]
                if with_params:
                    args.append(request.query_params)
                return render_page(request, ui, template, view(archive, *args), **extra)

            return endpoint

        return endpoint_for

    def search_page(ui: str) -> Callable[[Request], Response]:
        def endpoint(request: Request) -> Response:
            if not (request.query_params.get("q") or "").strip():  # the empty search form
                return render_page(request, ui, "search.html", {"query": "", "total": None, "hits": [], "facets": {}, "offset": 0, "limit": 20})
            try:
                data = views.search(archive, request.query_params)
            except views.ApiError as exc:
                if exc.code != "bad-query":
                    raise
                return render_page(request, ui, "search.html", {"query": request.query_params.get("q"), "total": None, "hits": [],
                                                                "facets": {}, "offset": 0, "limit": 20, "problem": exc.message}, status=400)
            return render_page(request, ui, "search.html", data)

        return endpoint

    pages = {
        "/": page("home.html", views.home),
        "/search": search_page,
        "/articles": page("articles.html", views.articles),
        "/articles/{id:int}": page("article.html", views.article, "id", with_params=False),
        "/entities": page("entities.html", views.entities),
        "/entities/{id:int}": page("entity.html", views.entity, "id", with_params=False),
        "/sources/{id:int}": page("collection.html", views.source, "id", kind="source"),
        "/agencies/{id}": page("collection.html", views.agency, "id", kind="agency"),
    }
    routes: list[Any] = [
        Route("/", lambda request: RedirectResponse(f"/{page_lang(request)}/", status_code=302)),
        Route("/favicon.ico", lambda request: RedirectResponse("/static/favicon.svg", status_code=301)),
        Route("/api/openapi.json", openapi),
        Route("/api/stats", api(views.home)),
        Route("/api/articles", api(views.articles)),
        Route("/api/articles/{id}", api(views.article, "id", with_params=False)),
        Route("/api/search", api(views.search)),
        Route("/api/entities", api(views.entities)),
        Route("/api/entities/{id}", api(views.entity, "id", with_params=False)),
        Route("/api/entities/{id}/timeline", api(views.timeline, "id", with_params=False)),
        Route("/api/sources/{id}", api(views.source, "id")),
        Route("/api/agencies/{id}", api(views.agency, "id")),
        Route("/api/ingest", ingest, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    for ui in i18n.LANGUAGES:
        routes.append(Route(f"/{ui}", lambda request, _ui=ui: RedirectResponse(f"/{_ui}/", status_code=302)))
        for path, endpoint_for in pages.items():
            routes.append(Route(f"/{ui}{path}", endpoint_for(ui)))

    # --- errors: one shape ---------------------------------------------------------------

    def respond_error(request: Request, status: int, code: str, message: str) -> Response:
        if request.url.path.startswith("/api/") or request.url.path == "/api":
            return _error(status, code, message)
        ui = page_lang(request)
        return render_page(request, ui, "error.html", {"status": status, "code": code, "message": message}, status=status)

    def on_api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, views.ApiError)
        return respond_error(request, exc.status, exc.code, exc.message)

    def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        codes = {404: "not-found", 405: "method-not-allowed"}
        message = {404: f"nothing at {request.url.path}", 405: f"{request.method} is not allowed here"}.get(exc.status_code, str(exc.detail))
        return respond_error(request, exc.status_code, codes.get(exc.status_code, "http-error"), message)

    def on_query(request: Request, exc: Exception) -> Response:
        return respond_error(request, 400, "bad-query", str(exc))

    def on_timeout(request: Request, exc: Exception) -> Response:
        return respond_error(request, 503, "query-timeout", str(exc))

    def on_store(request: Request, exc: Exception) -> Response:
        return respond_error(request, 503, "unavailable", str(exc))

    def on_crash(request: Request, exc: Exception) -> Response:
        # sent by Starlette's outermost middleware, outside SecurityHeaders: set them here
        if request.url.path.startswith("/api/"):
            response = _error(500, "internal-error", "the server failed on this request")
        else:
            response = HTMLResponse("<!doctype html><title>500</title><p>internal error</p>", status_code=500)
        response.headers.update(SECURITY_HEADERS)
        return response

    app = Starlette(
        routes=routes,
        exception_handlers={
            views.ApiError: on_api_error,
            HTTPException: on_http,
            QueryError: on_query,
            QueryTimeout: on_timeout,
            StoreError: on_store,
            sqlite3.Error: on_store,
            Exception: on_crash,
        },
    )
    app.state.archive = archive
    app.add_middleware(SecurityHeaders)
    return app


def _ingest_records(db_path: str, records: list[dict[str, Any]], lock: threading.Lock) -> dict[str, Any]:
    """Analyze and store JSON records (the write endpoint), one writer at a time."""
    from ..ingest import ingest
    from ..store import open_store

    with lock, tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "posted.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        try:
            with open_store(db_path) as store:
                stats = ingest([str(path)], store, workers=1)
        except MarsadError as exc:
            raise views.ApiError(503, "unavailable", str(exc)) from None
    return {"inputs": stats.inputs, "outcomes": dict(stats.outcomes), "rejected": dict(stats.reasons)}

