"""The API's OpenAPI 3.1 document, written by hand (served at /api/openapi.json)."""

from __future__ import annotations

from typing import Any

from .views import MAX_LIMIT, MAX_OFFSET


def _param(name: str, description: str, schema: dict[str, Any] | None = None, where: str = "query", required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": where, "required": required, "description": description, "schema": schema or {"type": "string"}}


PAGE = [
    _param("limit", f"results per page (1-{MAX_LIMIT}, default 20)", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}),
    _param("offset", f"skip this many results (0-{MAX_OFFSET})", {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET}),
]
FILTERS = [
    _param("lang", "only articles in this language (ar, ru, en, ...)"),
    _param("source", "only articles of this publisher / website (its name)"),
    _param("agency", "only articles crediting this news agency (id or name: tass, reuters, ...)"),
    _param("entity", "only articles naming this entity (a name or a part of it)"),
    _param("from", "published (else fetched) on or after (YYYY-MM-DD)", {"type": "string", "format": "date"}),
    _param("to", "published (else fetched) on or before (YYYY-MM-DD)", {"type": "string", "format": "date"}),
    _param("duplicates", "include near-duplicates (left out by default)", {"type": "boolean"}),
]
ID = _param("id", "the numeric id", {"type": "integer"}, where="path", required=True)
ERRORS = {
    "400": {"$ref": "#/components/responses/Error"},
    "404": {"$ref": "#/components/responses/Error"},
    "503": {"$ref": "#/components/responses/Error"},
}


def _get(summary: str, params: list[dict[str, Any]], schema: str) -> dict[str, Any]:
    return {"get": {
        "summary": summary,
        "parameters": params,
        "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}, **ERRORS},
    }}


OBJECT = {"type": "object", "additionalProperties": True}
SNIPPET = {"type": "object", "properties": {
    "start": {"type": "integer"}, "end": {"type": "integer"}, "text": {"type": "string"},
    "highlights": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
                   "description": "[start, end) offsets into snippet.text"},
}}
SUMMARY = {"type": "object", "properties": {k: {} for k in (
    "id", "title", "language", "published", "day", "source", "agencies", "url", "duplicate_of", "lead")}}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Marsad archive API", "version": "1",
             "description": "Read-only JSON over a Marsad archive (docs/web.md). Every error is {\"error\": {\"code\", \"message\"}}."},
    "paths": {
        "/api/articles": _get("Articles, newest first, filtered like search", PAGE + FILTERS, "ArticleList"),
        "/api/articles/{id}": _get("One article: text, spans, entities, mentions, figures, quotes, near-duplicates", [ID], "Article"),
        "/api/search": _get("Full-text search (syntax: words, \"phrases\", a OR b, -word) with facets and highlighted snippets",
                            [_param("q", "the query", required=True), *PAGE, *FILTERS], "SearchResult"),
        "/api/entities": _get("Entities, most articles first; q narrows to a name",
                              [_param("q", "a name or a part of it"), _param("type", "PER, ORG, LOC, ..."), *PAGE], "EntityList"),
        "/api/entities/{id}": _get("One entity: names, roles, type, related entities, quotes, timeline, latest articles", [ID], "Entity"),
        "/api/entities/{id}/timeline": _get("Articles and mentions of an entity per day", [ID], "Timeline"),
        "/api/sources/{id}": _get("A publisher: its articles, newest first, and articles per day", [ID, *PAGE], "Collection"),
        "/api/agencies/{id}": _get("A news agency: the articles crediting it and articles per day",
                                   [_param("id", "the agency id (tass, spa, ...)", where="path", required=True), *PAGE], "Collection"),
        "/api/stats": _get("The home page's data: counts by language, agency and source, latest articles, top entities", [], "Home"),
        "/api/ingest": {"post": {
            "summary": "Analyze and store records (only when the server has a token; send it as a Bearer token)",
            "security": [{"token": []}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["records"],
                "properties": {"records": {"type": "array", "maxItems": 100, "items": {"type": "object", "properties": {
                    "url": {"type": "string"}, "title": {"type": "string"}, "text": {"type": "string"},
                    "date": {"type": "string"}, "source": {"type": "string"}}}}}}}}},
            "responses": {"200": {"description": "outcomes per record", "content": {"application/json": {"schema": OBJECT}}},
                          "403": {"$ref": "#/components/responses/Error"}, "400": {"$ref": "#/components/responses/Error"}},
        }},
    },
    "components": {
        "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        "responses": {"Error": {"description": "an error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
        "schemas": {
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                "type": "object", "required": ["code", "message"],
                "properties": {"code": {"type": "string", "description": "stable: not-found, bad-query, bad-parameter, forbidden, "
                                        "method-not-allowed, query-timeout, unavailable, internal-error"},
                               "message": {"type": "string"}}}}},
            "ArticleList": {"type": "object", "properties": {
                "total": {"type": "integer"}, "offset": {"type": "integer"}, "limit": {"type": "integer"},
                "filters": OBJECT, "articles": {"type": "array", "items": SUMMARY}}},
            "Article": OBJECT,
            "SearchResult": {"type": "object", "properties": {
                "query": {"type": "string"}, "total": {"type": "integer"}, "offset": {"type": "integer"}, "limit": {"type": "integer"},
                "filters": OBJECT, "facets": OBJECT,
                "hits": {"type": "array", "items": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "title": {"type": "string"},
                    "title_highlights": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
                    "snippet": SNIPPET}}}}},
            "EntityList": {"type": "object", "properties": {
                "total": {"type": "integer"}, "entities": {"type": "array", "items": OBJECT}}},
            "Entity": OBJECT,
            "Timeline": {"type": "object", "properties": {
                "id": {"type": "integer"}, "name": {"type": "string"},
                "days": {"type": "array", "items": {"type": "object", "properties": {
                    "day": {"type": "string"}, "articles": {"type": "integer"}, "mentions": {"type": "integer"}}}}}},
            "Collection": OBJECT,
            "Home": OBJECT,
        },
    },
}
