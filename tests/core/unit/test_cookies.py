"""The websocket handshake loses our cookies before Reflex (and its state store) sees them, and
pages hand out the signed device cookie."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from quanyi_app.core.accounts import cookies

REAL_CONNECTION_COOKIE = cookies.connection_cookie  # (tests/support/handlers.py stands in for it)


def _call(middleware, scope):
    seen, sent = {}, []

    async def app(scope, receive, send):
        seen.update(scope)
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.body", "body": b"<html></html>"})

    async def receive():
        return {"type": "http.request"}

    async def send(message):
        sent.append(message)

    asyncio.run(middleware(app)(scope, receive, send))
    return seen, sent


def test_the_handshake_keeps_other_cookies_and_hides_ours(env):
    header = b"theme=dark; quanyi_session=TOKEN123; quanyi_device=dev.sig; other=1"
    seen, _ = _call(
        cookies.with_private_cookies,
        {"type": "websocket", "path": "/_event/", "headers": [(b"host", b"x"), (b"cookie", header)]},
    )
    assert dict(seen["headers"])[b"cookie"] == b"theme=dark; other=1"
    assert b"TOKEN123" not in repr(seen["headers"]).encode()
    assert seen["quanyi.cookies"] == {"quanyi_session": "TOKEN123", "quanyi_device": "dev.sig"}
    # Other paths (the photo route reads the cookie itself) are untouched.
    seen, _ = _call(
        cookies.with_private_cookies, {"type": "http", "path": "/api/photos/x", "headers": [(b"cookie", header)]}
    )
    assert dict(seen["headers"])[b"cookie"] == header


def test_state_reads_the_cookie_from_its_own_connection_only(env):
    scope = {"quanyi.cookies": {"quanyi_session": "TOKEN123"}}
    environs = {("sid-1", "/_event"): {"asgi.scope": scope}}
    fake_app = SimpleNamespace(sio=SimpleNamespace(get_environ=lambda sid, ns: environs.get((sid, ns))))
    cookies.bind_app(fake_app)
    try:

        def state(sid):
            return SimpleNamespace(router=SimpleNamespace(session=SimpleNamespace(session_id=sid, client_token="tab")))

        assert REAL_CONNECTION_COOKIE(state("sid-1"), "quanyi_session") == "TOKEN123"
        assert REAL_CONNECTION_COOKIE(state("sid-2"), "quanyi_session") == ""
        assert REAL_CONNECTION_COOKIE(state(""), "quanyi_session") == ""
    finally:
        cookies.bind_app(None)


def test_an_upload_on_another_worker_reads_its_own_request_cookies(env):
    """With several workers an upload (plain HTTP) may reach a worker that does not hold the tab's
    websocket: while it runs, the request's own cookies stand in for that tab, and only then."""
    fake_app = SimpleNamespace(sio=SimpleNamespace(get_environ=lambda sid, ns: None))  # no socket here
    cookies.bind_app(fake_app)
    tab = SimpleNamespace(router=SimpleNamespace(session=SimpleNamespace(session_id="sid-9", client_token="tab-1")))
    other = SimpleNamespace(router=SimpleNamespace(session=SimpleNamespace(session_id="sid-8", client_token="tab-2")))
    during = {}

    async def app(scope, receive, send):
        during["tab"] = REAL_CONNECTION_COOKIE(tab, "quanyi_session")
        during["other"] = REAL_CONNECTION_COOKIE(other, "quanyi_session")
        await send({"type": "http.response.start", "status": 200, "headers": []})

    async def receive():
        return {"type": "http.request"}

    async def send(message):
        return None

    scope = {
        "type": "http",
        "path": "/_upload",
        "headers": [(b"cookie", b"quanyi_session=TOKEN123"), (b"reflex-client-token", b"tab-1")],
    }
    try:
        asyncio.run(cookies.with_private_cookies(app)(scope, receive, send))
        assert during == {"tab": "TOKEN123", "other": ""}
        assert REAL_CONNECTION_COOKIE(tab, "quanyi_session") == ""  # gone with the request
    finally:
        cookies.bind_app(None)


def test_pages_set_a_signed_httponly_device_cookie_once(env):
    _, sent = _call(cookies.with_device_cookie, {"type": "http", "method": "GET", "path": "/submit", "headers": []})
    set_cookie = dict(sent[0]["headers"])[b"set-cookie"].decode()
    assert set_cookie.startswith("quanyi_device=") and "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie
    value = set_cookie.split(";")[0].split("=", 1)[1]
    assert cookies.device_of(value)
    # A browser that already holds a valid one gets no new one; a forged one is replaced.
    _, sent = _call(
        cookies.with_device_cookie,
        {"type": "http", "method": "GET", "path": "/", "headers": [(b"cookie", f"quanyi_device={value}".encode())]},
    )
    assert b"set-cookie" not in dict(sent[0]["headers"])
    _, sent = _call(
        cookies.with_device_cookie,
        {"type": "http", "method": "GET", "path": "/", "headers": [(b"cookie", b"quanyi_device=mine.abc")]},
    )
    assert b"set-cookie" in dict(sent[0]["headers"])
    # Not on the API or the socket.
    _, sent = _call(cookies.with_device_cookie, {"type": "http", "method": "GET", "path": "/api/health", "headers": []})
    assert b"set-cookie" not in dict(sent[0]["headers"])
