"""The ASGI middlewares in front of Reflex: request size cap and security headers."""

from __future__ import annotations

import asyncio

from quanyi_app.core import strings
from quanyi_app.core.api import content_security_policy, with_request_limits, with_security_headers
from quanyi_app.core.settings import allowed_origins

MB = 1024 * 1024


def _drive(middleware, scope, chunks: int, *, app_status: int = 200, app_raises: bool = False):
    """Send ``chunks`` MB through ``middleware`` around an app that reads the whole body."""
    fed = [0]
    sent: list[dict] = []

    async def app(scope, receive, send):
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            if not message.get("more_body"):
                break
        if app_raises:
            raise ValueError("boom")
        await send({"type": "http.response.start", "status": app_status, "headers": []})
        await send({"type": "http.response.body", "body": b"Traceback (most recent call last)"})

    async def receive():
        fed[0] += 1
        return {"type": "http.request", "body": b"\0" * MB, "more_body": fed[0] < chunks}

    async def send(message):
        sent.append(message)

    asyncio.run(middleware(app)({"type": "http", "method": "POST", **scope}, receive, send))
    return fed[0], sent


def test_a_stream_past_the_cap_is_cut_off_there_and_answered_413():
    fed, sent = _drive(
        lambda app: with_request_limits(app, max_bytes=10 * MB), {"path": "/_upload", "headers": []}, 200
    )
    assert fed == 11  # read up to the cap, not the 200 MB
    assert sent[0]["status"] == 413 and sent[1]["body"].decode() == strings.REQUEST_TOO_LARGE
    assert len([m for m in sent if m["type"] == "http.response.start"]) == 1


def test_an_announced_length_past_the_cap_is_refused_unread():
    headers = [(b"content-length", str(200 * MB).encode())]
    fed, sent = _drive(
        lambda app: with_request_limits(app, max_bytes=10 * MB), {"path": "/_upload", "headers": headers}, 200
    )
    assert fed == 0 and sent[0]["status"] == 413


def test_uploads_the_app_cannot_take_get_a_chinese_400_not_a_trace():
    for kwargs in ({"app_status": 500}, {"app_raises": True}):
        _, sent = _drive(with_request_limits, {"path": "/_upload", "headers": []}, 1, **kwargs)
        assert sent[0]["status"] == 400 and sent[1]["body"].decode() == strings.UPLOAD_REFUSED
        assert all(b"Traceback" not in m.get("body", b"") for m in sent)
    # Elsewhere a request within the cap passes through untouched.
    _, sent = _drive(with_request_limits, {"path": "/api/login", "headers": []}, 1)
    assert sent[0]["status"] == 200


def test_security_headers_are_added_to_every_response():
    sent: list[dict] = []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/", "headers": [(b"host", b"quanyi.example.edu.cn")]}
    asyncio.run(with_security_headers(app)(scope, None, send))
    headers = dict(sent[0]["headers"])
    assert headers[b"x-content-type-options"] == b"nosniff"
    assert headers[b"referrer-policy"] == b"same-origin"
    csp = headers[b"content-security-policy"].decode()
    assert "frame-ancestors 'none'" in csp and "wss://quanyi.example.edu.cn" in csp
    # A forged Host cannot inject sources into the policy.
    assert "evil" not in content_security_policy("x; script-src evil.example")


def test_cors_allows_only_the_public_address():
    assert allowed_origins({"QUANYI_PUBLIC_URL": "https://quanyi.example.edu.cn/"}) == ["https://quanyi.example.edu.cn"]
    assert allowed_origins({"QUANYI_PUBLIC_URL": "http://localhost:3000"}) == [
        "http://localhost:3000",
        "http://127.0.0.1:3000",
    ]
