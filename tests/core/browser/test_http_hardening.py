"""Against the running production build: security headers, CORS, the request size cap, and
/_upload refusing what it cannot take — each with a clear answer, never a trace."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import httpx
import pytest

from quanyi_app.core import strings
from quanyi_app.core.accounts.session import SessionState
from quanyi_app.core.api import MAX_REQUEST_BYTES
from quanyi_app.proposals.state.submit import SubmitState

pytestmark = pytest.mark.browser

EVIL = "https://evil.example"
UPLOAD_HANDLER = SubmitState.get_full_name() + ".upload_photos"


def test_every_response_carries_the_security_headers(server):
    for path in ("/", "/submit", "/api/health", "/manifest.webmanifest", "/no-such-page"):
        r = httpx.get(server + path, follow_redirects=True)
        assert r.headers["x-content-type-options"] == "nosniff", path
        assert r.headers["referrer-policy"] == "same-origin", path
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp and "default-src 'self'" in csp, path
        assert "*" not in csp  # no wildcard source anywhere


def test_cors_answers_only_our_own_origin(server):
    preflight = {"access-control-request-method": "POST", "access-control-request-headers": "content-type"}
    evil = httpx.options(server + "/api/login", headers={"origin": EVIL, **preflight})
    assert "access-control-allow-origin" not in evil.headers
    r = httpx.get(server + "/api/health", headers={"origin": EVIL})
    assert r.headers.get("access-control-allow-origin") not in (EVIL, "*")
    ours = httpx.options(server + "/api/login", headers={"origin": server, **preflight})
    assert ours.headers.get("access-control-allow-origin") == server
    # The event socket's handshake refuses other sites too.
    handshake = httpx.get(server + "/_event/?EIO=4&transport=polling", headers={"origin": EVIL})
    assert handshake.status_code >= 400


def _stream(total: int, sent: list[int]):
    """One endless photo in a well-formed multipart body, so the server goes on reading it."""
    yield b'--x\r\nContent-Disposition: form-data; name="files"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
    chunk = b"\0" * (1024 * 1024)
    while sent[0] < total:
        sent[0] += len(chunk)
        yield chunk


def test_a_200_mb_upload_is_refused_at_the_cap(server):
    # Announced: refused from the header alone, before any body is sent.
    host, port = urlsplit(server).hostname, urlsplit(server).port
    with socket.create_connection((host, port), timeout=30) as conn:
        conn.sendall(
            f"POST /_upload HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: multipart/form-data; boundary=x\r\n"
            f"Content-Length: {200 * 1024 * 1024}\r\n\r\n".encode()
        )
        # The head and the body may come in separate writes: read until the server closes.
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
        answer = answer.decode("utf-8", "replace")
    assert answer.startswith("HTTP/1.1 413") and strings.REQUEST_TOO_LARGE in answer
    # Not announced (chunked): cut off at the cap, not read to the end.
    sent = [0]
    try:
        r = httpx.post(
            server + "/_upload",
            content=_stream(200 * 1024 * 1024, sent),
            headers={
                "content-type": "multipart/form-data; boundary=x",
                "reflex-client-token": "t" * 36,
                "reflex-event-handler": UPLOAD_HANDLER,
            },
            timeout=60,
        )
        assert r.status_code == 413 and "太大" in r.text, (r.status_code, r.text[:300])
    except httpx.HTTPError:
        pass  # the server may close the connection while we are still sending: also a refusal
    assert sent[0] < MAX_REQUEST_BYTES + 32 * 1024 * 1024, f"the server read {sent[0] >> 20} MB"


def test_naming_a_handler_that_takes_no_files_is_a_4xx(server):
    files = {"files": ("a.jpg", b"\xff\xd8\xff\xe0" + b"0" * 100, "image/jpeg")}
    for handler in (
        SessionState.get_full_name() + ".load_identity",
        "x",
    ):
        r = httpx.post(
            server + "/_upload",
            files=files,
            headers={"reflex-client-token": "t" * 36, "reflex-event-handler": handler},
        )
        assert 400 <= r.status_code < 500, (handler, r.status_code, r.text[:200])
        assert "Traceback" not in r.text
