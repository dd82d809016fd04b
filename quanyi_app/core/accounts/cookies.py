"""The two cookies the server sets, and how state reads them without ever keeping them.

- ``quanyi_session``: a staff member's login token. Set by ``POST /api/login`` with
  ``HttpOnly; SameSite=Strict; Path=/`` (and ``Secure`` when QUANYI_PUBLIC_URL is https), so no
  page script can read it.
- ``quanyi_device``: a random id signed with the secret key, set on the first page a phone
  loads (``HttpOnly; SameSite=Lax``, one year). Anonymous rate limits count by it, so a client
  cannot pick its own value.

Reflex keeps each connection's request headers in its state, and persists state (``.states`` or
Redis). So the websocket handshake is rewritten before Reflex sees it
(:func:`scope_without_private_cookies`, at the socket's door, ``core/eventsocket.py``): both
cookies leave the ``Cookie`` header and wait in the connection's ASGI scope, which lives in memory
only as long as the socket. Handlers ask :func:`connection_cookie` for them.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from http.cookies import SimpleCookie

from quanyi_app.core.settings import get_settings

SESSION_COOKIE = "quanyi_session"
DEVICE_COOKIE = "quanyi_device"
PRIVATE_COOKIES = (SESSION_COOKIE, DEVICE_COOKIE)
DEVICE_MAX_AGE = 365 * 24 * 3600
_SCOPE_KEY = "quanyi.cookies"
EVENT_PATH = "/_event"

_app = None  # the Reflex app, for the socket's environ (set by core.register)


def bind_app(app) -> None:
    global _app
    _app = app


def is_https() -> bool:
    return get_settings().public_url.startswith("https://")


def set_cookie_header(name: str, value: str, *, max_age: int, same_site: str = "Strict") -> str:
    """A ``Set-Cookie`` value with our attributes (HttpOnly always; Secure behind https)."""
    parts = [f"{name}={value}", "Path=/", f"Max-Age={max_age}", "HttpOnly", f"SameSite={same_site}"]
    if is_https():
        parts.append("Secure")
    return "; ".join(parts)


# ---- the device cookie --------------------------------------------------------------------------


def _device_signature(device: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, b"device:" + device.encode(), hashlib.sha256).hexdigest()[:32]


def new_device_cookie() -> str:
    device = secrets.token_urlsafe(16)
    return f"{device}.{_device_signature(device)}"


def device_of(cookie_value: str) -> str:
    """The device id in a signed cookie value, or "" when it was not issued by this server."""
    device, _, signature = (cookie_value or "").partition(".")
    if not device or not signature or len(device) > 64:
        return ""
    return device if hmac.compare_digest(signature, _device_signature(device)) else ""


def request_device(request) -> str:
    """The device id of a plain HTTP request (its signed device cookie), or ""."""
    return device_of(request.cookies.get(DEVICE_COOKIE, ""))


# ---- the handshake ------------------------------------------------------------------------------


def _split_cookies(header: str) -> tuple[dict[str, str], str]:
    """Our cookies out of a ``Cookie`` header, and the header without them."""
    jar = SimpleCookie()
    try:
        jar.load(header)
    except Exception:  # a malformed header: keep nothing of ours, pass the rest untouched
        return {}, header
    ours = {name: jar[name].value for name in PRIVATE_COOKIES if name in jar}
    rest = "; ".join(
        part
        for part in (p.strip() for p in header.split(";"))
        if part and part.split("=", 1)[0].strip() not in PRIVATE_COOKIES
    )
    return ours, rest


# An upload is an HTTP request, which with several worker processes may reach another worker than
# the one holding the tab's websocket: while it runs, its own cookies stand in, by client token.
_UPLOAD_PATH = "/_upload"
_uploading: dict[str, list[dict[str, str]]] = {}


def _header(scope, name: bytes) -> str:
    return b"; ".join(v for k, v in scope.get("headers", []) if k.lower() == name).decode("latin-1")


async def _with_upload_cookies(app, scope, receive, send):
    token = _header(scope, b"reflex-client-token")
    ours = _split_cookies(_header(scope, b"cookie"))[0]
    if not token or not ours:
        await app(scope, receive, send)
        return
    _uploading.setdefault(token, []).append(ours)
    try:
        await app(scope, receive, send)
    finally:
        stack = _uploading[token]
        stack.remove(ours)
        if not stack:
            del _uploading[token]


def with_private_cookies(app):
    """ASGI middleware: on the event path, move our cookies from the headers into the scope (a
    websocket there goes through the socket's door, which does the same, ``core/eventsocket.py``);
    on the upload path, let the request's cookies stand in for its tab's socket."""

    async def middleware(scope, receive, send):
        path = scope.get("path", "")
        if scope["type"] == "http" and path.startswith(_UPLOAD_PATH):
            await _with_upload_cookies(app, scope, receive, send)
            return
        if scope["type"] not in ("http", "websocket") or not path.startswith(EVENT_PATH):
            await app(scope, receive, send)
            return
        await app(scope_without_private_cookies(scope), receive, send)

    return middleware


def scope_without_private_cookies(scope, keep: Callable[[bytes], bool] | None = None) -> dict:
    """A copy of an event-socket ``scope`` whose ``Cookie`` header no longer holds our cookies:
    they wait in the scope for :func:`connection_cookie`. With ``keep``, only the other headers
    whose (lower-case) name it accepts are kept."""
    ours: dict[str, str] = {}
    headers = []
    for key, value in scope.get("headers", []):
        name = key.lower()
        if name == b"cookie":
            found, rest = _split_cookies(value.decode("latin-1"))
            ours.update(found)
            if rest:
                headers.append((key, rest.encode("latin-1")))
        elif keep is None or keep(name):
            headers.append((key, value))
    return {**scope, "headers": headers, _SCOPE_KEY: ours}


def with_device_cookie(app):
    """ASGI middleware: every HTML page answered to a browser without a valid device cookie sets one,
    so the websocket that page opens carries it."""

    async def middleware(scope, receive, send):
        if (
            scope["type"] != "http"
            or scope.get("method") != "GET"
            or scope.get("path", "").startswith(("/api/", EVENT_PATH, "/_upload"))
        ):
            await app(scope, receive, send)
            return

        def holds_a_device() -> bool:
            header = _header(scope, b"cookie")
            return bool(header) and bool(device_of(_split_cookies(header)[0].get(DEVICE_COOKIE, "")))

        async def send_with_device(message):
            # Only HTML answers are looked at: scripts, styles and images never parse the cookies.
            if message["type"] == "http.response.start" and message["status"] in (200, 304):
                headers = {k.lower(): v for k, v in message.get("headers", [])}
                page = "." not in scope.get("path", "").rsplit("/", 1)[-1] or scope["path"].endswith(".html")
                html = headers.get(b"content-type", b"text/html" if page else b"").startswith(b"text/html")
                if html and not holds_a_device():
                    cookie = set_cookie_header(
                        DEVICE_COOKIE, new_device_cookie(), max_age=DEVICE_MAX_AGE, same_site="Lax"
                    )
                    message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", cookie.encode())]}
            await send(message)

        await app(scope, receive, send_with_device)

    return middleware


def connection_cookie(state, name: str) -> str:
    """A private cookie of the connection that sent the event ``state`` is handling ("" if none)."""
    sid = state.router.session.session_id
    if _app is None or not sid or _app.sio is None:
        return ""
    from reflex.config import get_config

    environ = _app.sio.get_environ(sid, get_config().get_event_namespace())
    if environ is None:  # the socket is on another worker: an upload's own request may stand in
        uploads = _uploading.get(state.router.session.client_token) or [{}]
        return uploads[-1].get(name, "")
    return (environ.get("asgi.scope") or {}).get(_SCOPE_KEY, {}).get(name, "")
