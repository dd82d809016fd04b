"""The /api Starlette app (health, photos; features add theirs), and the middlewares in front of Reflex."""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlmodel import select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse
from starlette.routing import Route

from quanyi_app.core import strings
from quanyi_app.core.accounts import services as accounts
from quanyi_app.core.accounts.session import SESSION_COOKIE
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.photos import services as photos
from quanyi_app.core.photos.models import Photo
from quanyi_app.core.settings import get_settings

PHOTO_NAME = re.compile(r"^(?P<sha>[0-9a-f]{64})(?P<thumb>_t)?\.jpg$")


async def health(request: Request) -> JSONResponse:
    try:
        with session_scope() as session:
            session.exec(text("SELECT 1"))
    except Exception:
        return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"}, headers={"Cache-Control": "no-store"})


def _not_found() -> PlainTextResponse:
    return text_response(strings.PHOTO_NOT_FOUND, 404)


async def photo(request: Request):
    """A stored photo, for those who may see it (core.photos.services.may_view). 404 for
    everyone else, so the existence of a private photo is never revealed."""
    match = PHOTO_NAME.match(request.path_params["name"])
    if not match:
        return _not_found()
    sha, thumb = match["sha"], bool(match["thumb"])
    with session_scope() as session:
        row = session.exec(select(Photo).where(Photo.sha256 == sha)).first()
        if row is None:
            return _not_found()
        viewer_id = None
        if not row.is_public and request.cookies.get(SESSION_COOKIE):
            try:
                viewer_id = accounts.authenticate(session=session, token=request.cookies.get(SESSION_COOKIE)).user_id
            except UserError:
                viewer_id = None
        allowed = photos.may_view(
            row, token=request.query_params.get("t", ""), viewer_id=viewer_id, secret=get_settings().secret_key
        )
    if not allowed:
        return _not_found()
    path = photos.photo_path(get_settings().upload_dir, sha, thumb=thumb)
    if not path.exists():
        return _not_found()
    cache = "public, max-age=31536000, immutable" if row.is_public else "private, max-age=3600"
    return FileResponse(
        path, media_type="image/jpeg", headers={"Cache-Control": cache, "X-Content-Type-Options": "nosniff"}
    )


def text_response(message: str, status: int) -> PlainTextResponse:
    """A refusal a person may read: Chinese text, never a trace."""
    return PlainTextResponse(message, status_code=status, media_type="text/plain; charset=utf-8")


api = Starlette(
    routes=[
        Route("/api/health", health, methods=["GET"]),
        Route("/api/photos/{name}", photo, methods=["GET"]),
    ]
)


def add_routes(routes: list[Route]) -> None:
    """Mount a feature's routes under /api (called from the feature's ``register``)."""
    known = {getattr(r, "path", None) for r in api.router.routes}
    api.router.routes.extend(r for r in routes if r.path not in known)


# ---- cache headers ------------------------------------------------------------------------

IMMUTABLE = b"public, max-age=31536000, immutable"
REVALIDATE = b"no-cache"
WEEK = b"public, max-age=604800"


def cache_policy(path: str) -> bytes | None:
    """Cache-Control for a static path; None leaves the response alone."""
    if path.startswith(("/_event", "/_upload", "/api/", "/ping", "/_health")):
        return None
    if path.startswith("/assets/"):  # Vite output: file names carry a content hash
        return IMMUTABLE
    if path.startswith("/icons/") or path.endswith((".woff2", ".woff", ".png", ".svg", ".ico")):
        return WEEK
    # HTML, the manifest, sw.js and the stylesheet: always revalidate (cheap with ETags).
    return REVALIDATE


def with_cache_headers(app):
    """ASGI middleware adding Cache-Control to static responses that have none."""

    async def middleware(scope, receive, send):
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await app(scope, receive, send)
            return
        policy = cache_policy(scope.get("path", ""))
        if policy is None:
            await app(scope, receive, send)
            return

        async def send_with_cache(message):
            if message["type"] == "http.response.start" and 200 <= message["status"] < 400:
                headers = list(message.get("headers", []))
                if not any(k.lower() == b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", policy))
                    message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, send_with_cache)

    return middleware


# ---- first paint before scripts ---------------------------------------------------------------

_PRELOAD = b'rel="modulepreload"'
_PRELOAD_LOW = b'rel="modulepreload" fetchpriority="low"'


def lower_preload_priority(html: bytes) -> bytes:
    """React Router preloads every module of a page at high priority; on a slow phone those
    ~250 KB compete with the stylesheet the prerendered page needs to paint. Fetched at low
    priority they still arrive in parallel, after what the first paint needs."""
    return html.replace(_PRELOAD, _PRELOAD_LOW) if _PRELOAD_LOW not in html else html


def with_low_priority_preloads(app):
    """ASGI middleware rewriting HTML pages' module preloads (plain or gzip-encoded bodies)."""
    import gzip

    async def middleware(scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "GET" or cache_policy(scope.get("path", "")) != REVALIDATE:
            await app(scope, receive, send)
            return
        start: dict | None = None
        chunks: list[bytes] = []

        async def buffered(message):
            nonlocal start
            if message["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in message.get("headers", [])}
                if message["status"] == 200 and headers.get(b"content-type", b"").startswith(b"text/html"):
                    start = message
                    return
                await send(message)
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            headers = list(start.get("headers", []))
            gzipped = any(k.lower() == b"content-encoding" and v.lower() == b"gzip" for k, v in headers)
            try:
                body = (
                    gzip.compress(lower_preload_priority(gzip.decompress(body)), 6)
                    if gzipped
                    else lower_preload_priority(body)
                )
            except (OSError, EOFError):  # not what it claimed to be: pass it on untouched
                pass
            headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        # File responses may hand the server a path to send (granian's pathsend): ask for the bytes.
        extensions = {k: v for k, v in (scope.get("extensions") or {}).items() if k != "http.response.pathsend"}
        await app({**scope, "extensions": extensions}, receive, buffered)

    return middleware
