"""The /api Starlette app (health, photos; features add theirs), and the middlewares in front of Reflex."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import text
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from quanyi_app.core import strings
from quanyi_app.core.accounts import services as accounts
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.accounts.session import SESSION_COOKIE
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import OUTAGE_RETRY_AFTER, NotAuthenticated, PermissionDenied, UserError, is_outage
from quanyi_app.core.photos import services as photos
from quanyi_app.core.photos.limits import MAX_BYTES as MAX_PHOTO_BYTES
from quanyi_app.core.photos.limits import MAX_FILES_PER_UPLOAD
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
    # The request thread pool (as the file response used), not the event loop's small default one.
    data = await run_in_threadpool(photos.read_photo, sha, thumb=thumb)
    if data is None:
        return _not_found()
    cache = "public, max-age=31536000, immutable" if row.is_public else "private, max-age=3600"
    return Response(
        data, media_type="image/jpeg", headers={"Cache-Control": cache, "X-Content-Type-Options": "nosniff"}
    )


def text_response(message: str, status: int) -> PlainTextResponse:
    """A refusal a person may read: Chinese text, never a trace."""
    return PlainTextResponse(message, status_code=status, media_type="text/plain; charset=utf-8")


@dataclass(frozen=True)
class File:
    """What a staff document route answers: the bytes, their type, and a file name when it is to
    be saved rather than shown."""

    body: bytes
    media_type: str = "application/pdf"
    filename: str = ""


def staff_file(build: Callable[[Session, Principal, Request], File]):
    """A route serving a document made for the logged-in caller (a PDF, an image, an export):
    ``build(session, who, request)`` runs off the event loop in one unit of work and checks the
    caller's permission itself. Refusals are Chinese text: 401 without a login, 403 without the
    permission, 404 for anything else it refuses (an unknown record)."""

    async def endpoint(request: Request):
        def run() -> File:
            with session_scope() as session:
                who = accounts.authenticate(session=session, token=request.cookies.get(SESSION_COOKIE))
                return build(session, who, request)

        try:
            out = await asyncio.to_thread(run)
        except NotAuthenticated as err:
            return text_response(err.message, 401)
        except PermissionDenied as err:
            return text_response(err.message, 403)
        except UserError as err:
            return text_response(err.message, 404)
        headers = {"Cache-Control": "private, no-store"}
        if out.filename:
            headers["Content-Disposition"] = f'attachment; filename="{out.filename}"'
        return Response(out.body, media_type=out.media_type, headers=headers)

    return endpoint


async def failed(request: Request, exc: Exception) -> PlainTextResponse:
    """Any route's unexpected failure: Chinese text, never Starlette's English "Internal Server
    Error"; while PostgreSQL or Redis is out of reach, 503 and when to try again."""
    if is_outage(exc):
        response = text_response(strings.SERVICE_RECOVERING, 503)
        response.headers["Retry-After"] = OUTAGE_RETRY_AFTER
        return response
    return text_response(strings.GENERIC_ERROR, 500)


api = Starlette(
    routes=[
        Route("/api/health", health, methods=["GET"]),
        Route("/api/photos/{name}", photo, methods=["GET"]),
    ],
    exception_handlers={Exception: failed},
)


def add_routes(routes: list[Route]) -> None:
    """Mount a feature's routes under /api (called from the feature's ``register``)."""
    known = {getattr(r, "path", None) for r in api.router.routes}
    api.router.routes.extend(r for r in routes if r.path not in known)


# ---- request size ------------------------------------------------------------------------------

# The largest request anyone needs: a full batch of photos at their size limit, plus the form around it.
MAX_REQUEST_BYTES = MAX_FILES_PER_UPLOAD * MAX_PHOTO_BYTES + 256 * 1024


def _plain(status: int, message: str) -> list[dict]:
    body = message.encode("utf-8")
    return [
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
                (b"connection", b"close"),
            ],
        },
        {"type": "http.response.body", "body": body},
    ]


def with_request_limits(app, *, max_bytes: int | None = None):
    """ASGI middleware capping every request body (photo uploads are the largest).

    A ``Content-Length`` over the cap is answered 413 before a byte is read; a body that streams
    past it (no length, or a lying one) is cut off at the cap: the app sees the client go away and
    the caller gets the same 413. Nothing is buffered beyond the cap. On ``/_upload``, a request
    Reflex cannot take (e.g. naming a handler that takes no files) answers 400 in Chinese, never
    a 500 with a trace."""

    async def middleware(scope, receive, send):
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await app(scope, receive, send)
            return
        cap = MAX_REQUEST_BYTES if max_bytes is None else max_bytes
        length = next((v for k, v in scope.get("headers", []) if k.lower() == b"content-length"), None)
        if length is not None and (not length.isdigit() or int(length) > cap):
            for message in _plain(413, strings.REQUEST_TOO_LARGE):
                await send(message)
            return
        upload = scope.get("path", "").startswith("/_upload")
        seen = 0
        cut = False
        started = False
        replaced = False

        async def counted_receive():
            nonlocal seen, cut
            if cut:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    cut = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message):
            nonlocal started, replaced
            if cut or replaced:
                return
            if message["type"] == "http.response.start":
                if upload and message["status"] >= 500:
                    replaced = True
                    for plain in _plain(400, strings.UPLOAD_REFUSED):
                        await send(plain)
                    started = True
                    return
                started = True
            await send(message)

        try:
            await app(scope, counted_receive, guarded_send)
        except Exception:
            if not cut and not (upload and not started):
                raise
            if not cut:
                for plain in _plain(400, strings.UPLOAD_REFUSED):
                    await send(plain)
                return
        if cut and not started:
            for message in _plain(413, strings.REQUEST_TOO_LARGE):
                await send(message)

    return middleware


# ---- security headers ---------------------------------------------------------------------------

# Content-Security-Policy, as strict as a Reflex app allows. Why each source is there:
#   default-src 'self'            nothing from other sites unless listed below
#   script-src 'self'             the compiled bundle and /register-sw.js, /a11y.js, /inspect.js
#     'unsafe-inline'             React Router writes each page's hydration data as inline <script>s
#                                 whose content differs per page (no fixed hash is possible)
#     'unsafe-eval'               Reflex runs what a handler sends back (rx.toast, rx.call_script)
#                                 through eval() in .web/utils/state.js
#   style-src 'self' 'unsafe-inline'   Emotion and Radix set styles at run time
#   img-src 'self' data: blob:    our photos; data: for inline icons; blob: for the picked photo's preview
#   font-src 'self' data:         fonts shipped in the bundle
#   connect-src 'self' ws(s)://host    the event websocket, /_upload and /api
#   worker-src 'self', manifest-src 'self'   the service worker and the web app manifest
#   object-src 'none', base-uri 'self', form-action 'self'   no plugins, no <base> or form hijacking
#   frame-ancestors 'none'        no page of ours can be framed (clickjacking)
_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' {sockets}; worker-src 'self'; "
    "manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"geolocation=(), microphone=(), payment=()"),
)


@lru_cache(maxsize=64)
def content_security_policy(host: str) -> str:
    host = host if re.fullmatch(r"[A-Za-z0-9.\-]+(:\d+)?", host or "") else ""
    sockets = f"ws://{host} wss://{host}" if host else ""
    return _CSP.format(sockets=sockets).replace("'self' ;", "'self';")


def with_security_headers(app):
    """ASGI middleware adding the headers above to every HTTP response that lacks them."""

    async def middleware(scope, receive, send):
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        host = next((v for k, v in scope.get("headers", []) if k.lower() == b"host"), b"").decode("latin-1")
        policy = content_security_policy(host).encode()

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", policy))
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, send_with_headers)

    return middleware


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

    from quanyi_app.core.web import is_plain

    async def middleware(scope, receive, send):
        path = scope.get("path", "")
        # Plain pages (core/web) carry no module preloads: not buffered, not unzipped and zipped again.
        get = scope["type"] == "http" and scope.get("method") == "GET"
        if not get or cache_policy(path) != REVALIDATE or is_plain(path):
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

        # File responses may hand the server a path to send (pathsend, offered by Granian): ask for the bytes.
        extensions = {k: v for k, v in (scope.get("extensions") or {}).items() if k != "http.response.pathsend"}
        await app({**scope, "extensions": extensions}, receive, buffered)

    return middleware
