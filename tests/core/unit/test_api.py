"""HTTP routes: health, access-checked photos, cache headers."""

from __future__ import annotations

import pytest
from sqlmodel import select
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from quanyi_app.core.accounts import services as accounts
from quanyi_app.core.accounts.session import SESSION_COOKIE
from quanyi_app.core.db import session_scope
from quanyi_app.core.photos import services as photos
from quanyi_app.core.photos.models import Photo
from tests.conftest import photo_fixture, wired_api

PASSWORD = "correct horse battery"


@pytest.fixture
def client(migrated):
    return TestClient(wired_api())


@pytest.fixture
def stored(migrated, upload_dir):
    with session_scope() as s:
        photo = photos.store_photo(photo_fixture("gps_DSCN0010.jpg"), session=s)
        return photo.sha256


def _token(role: str) -> str:
    with session_scope() as s:
        accounts.create_user(
            session=s, actor=None, username=f"u_{role}", display_name=role, role=role, password=PASSWORD
        )
        return accounts.login(session=s, username=f"u_{role}", password=PASSWORD)[0]


def test_health(client):
    r = client.get("/api/health")
    assert r.status_code == 200 and r.json() == {"status": "ok", "database": "ok"}


def _user_id(username: str) -> int:
    from quanyi_app.core.accounts.models import User

    with session_scope() as s:
        return s.exec(select(User).where(User.username == username)).one().id


def test_private_photo_opens_only_through_a_link_signed_for_the_viewer(client, stored):
    """A login alone opens no private photo (an inspector, an office user or other-college
    staff holding a copied link used to): the page that checked the viewer's scope signs the
    link for that viewer, and nobody else can use it."""
    url = f"/api/photos/{stored}.jpg"
    anonymous = client.get(url)
    assert anonymous.status_code == 404 and "照片不存在" in anonymous.text
    client.cookies.set(SESSION_COOKIE, "forged-token")
    assert client.get(url).status_code == 404
    staff_token, inspector_token = _token("staff"), _token("inspector")
    client.cookies.set(SESSION_COOKIE, staff_token)
    assert client.get(url).status_code == 404  # logged in, but no link made for them
    signed = photos.view_url(stored, viewer_id=_user_id("u_staff"))
    assert "?t=" in signed
    ok = client.get(signed)
    assert ok.status_code == 200 and ok.headers["content-type"] == "image/jpeg"
    assert ok.content == photos.photo_path(photos_dir(), stored).read_bytes()
    assert ok.headers["cache-control"].startswith("private")
    assert client.get(signed.replace(".jpg?", "_t.jpg?")).status_code == 200
    client.cookies.set(SESSION_COOKIE, inspector_token)
    assert client.get(signed).status_code == 404  # the staff member's link, copied to someone else
    client.cookies.clear()
    assert client.get(signed).status_code == 404


def test_the_uploader_sees_their_own_private_upload(client, upload_dir):
    token = _token("inspector")
    with session_scope() as s:
        sha = photos.store_photo(
            photo_fixture("gps_DSCN0021.jpg"), session=s, uploaded_by_id=_user_id("u_inspector")
        ).sha256
    assert client.get(f"/api/photos/{sha}_t.jpg").status_code == 404
    client.cookies.set(SESSION_COOKIE, token)
    assert client.get(f"/api/photos/{sha}_t.jpg").status_code == 200
    client.cookies.set(SESSION_COOKIE, _token("staff"))
    assert client.get(f"/api/photos/{sha}_t.jpg").status_code == 404


def photos_dir():
    from quanyi_app.core.settings import get_settings

    return get_settings().upload_dir


def test_published_photo_is_public(client, stored):
    with session_scope() as s:
        row = s.exec(select(Photo).where(Photo.sha256 == stored)).one()
        row.is_public = True
        s.add(row)
    r = client.get(f"/api/photos/{stored}_t.jpg")
    assert r.status_code == 200 and "immutable" in r.headers["cache-control"]


@pytest.mark.parametrize("name", ["../../etc/passwd", "abc.jpg", "0" * 64 + ".png", "0" * 64 + ".jpg"])
def test_bad_photo_names_are_404(client, name):
    assert client.get(f"/api/photos/{name}").status_code == 404


def test_cache_headers_middleware():
    from quanyi_app.core.api import with_cache_headers

    inner = Starlette(routes=[Route("/{path:path}", lambda req: PlainTextResponse("x"))])
    c = TestClient(with_cache_headers(inner))
    assert c.get("/assets/app-abc123.js").headers["cache-control"] == "public, max-age=31536000, immutable"
    assert c.get("/icons/icon-192.png").headers["cache-control"] == "public, max-age=604800"
    assert c.get("/sw.js").headers["cache-control"] == "no-cache"
    assert c.get("/").headers["cache-control"] == "no-cache"
    assert "cache-control" not in c.get("/api/health").headers
    assert "cache-control" not in c.get("/_upload/x").headers


def test_signed_view_link_opens_one_private_photo(client, stored):
    from quanyi_app.core.settings import get_settings

    secret = get_settings().secret_key
    good = photos.view_token(stored, secret)
    assert client.get(f"/api/photos/{stored}_t.jpg?t={good}").status_code == 200
    expired = photos.view_token(stored, secret, ttl_seconds=-10)
    assert client.get(f"/api/photos/{stored}_t.jpg?t={expired}").status_code == 404
    forged = good.split(".")[0] + ".0123456789abcdef0123456789abcdef"
    assert client.get(f"/api/photos/{stored}_t.jpg?t={forged}").status_code == 404


def test_photo_refs_cannot_be_forged():
    secret = "k" * 40
    ref = photos.photo_ref(7, secret)
    assert photos.parse_photo_refs([ref, ref, "8.deadbeef", "x", photos.photo_ref(9, "other" * 10)], secret) == [7]


def test_qr_png_and_sheet_permissions(client, migrated):
    import io

    import zxingcpp
    from PIL import Image

    from quanyi_app import demo
    from quanyi_app.core.settings import get_settings
    from quanyi_app.proposals.services import qr

    with session_scope() as s:
        demo.load_demo_data(session=s)
        point = qr.list_points(session=s)[0]
    r = client.get(f"/api/qr/{point.code}.png")
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(r.content)))
    assert [d.text for d in decoded] == [qr.scan_url(get_settings().public_url, point.code)]
    assert client.get("/api/qr/unknown1.png").status_code == 404
    assert client.get("/api/qr/sheet.pdf").status_code == 403
    client.cookies.set(SESSION_COOKIE, _token("office"))
    assert client.get("/api/qr/sheet.pdf").status_code == 403
    client.cookies.set(SESSION_COOKIE, _token("staff"))
    pdf = client.get("/api/qr/sheet.pdf?layout=labels")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    one = client.get(f"/api/qr/sheet.pdf?points={point.id}")
    assert one.status_code == 200


PAGE = (
    b'<html><head><link rel="modulepreload" href="/assets/a.js"/>'
    b'<link rel="modulepreload" href="/assets/b.js"/></head></html>'
)


def test_html_module_preloads_are_low_priority_plain_and_gzip():
    import gzip

    from starlette.responses import HTMLResponse, Response

    from quanyi_app.core.api import with_low_priority_preloads

    def page(req):
        if req.query_params.get("gz"):
            return Response(gzip.compress(PAGE), media_type="text/html", headers={"content-encoding": "gzip"})
        return HTMLResponse(PAGE)

    inner = Starlette(
        routes=[
            Route("/proposals", page),
            Route("/umbrella", page),
            Route("/assets/x.js", lambda req: Response(PAGE, media_type="text/javascript")),
            Route("/api/page", lambda req: HTMLResponse(PAGE)),
        ]
    )
    wired_api()  # the features' plain pages are known
    c = TestClient(with_low_priority_preloads(inner))
    for url in ("/proposals", "/proposals?gz=1"):
        r = c.get(url)
        assert r.content.count(b'rel="modulepreload" fetchpriority="low"') == 2, url
        assert int(r.headers["content-length"]) == len(r.content) or r.headers.get("content-encoding") == "gzip"
    assert c.get("/assets/x.js").content == PAGE  # scripts are never touched
    assert c.get("/api/page").content == PAGE  # nor API responses
    assert c.get("/umbrella").content == PAGE  # nor plain pages (they have no preloads)


async def test_preload_middleware_asks_for_bytes_not_a_file_path():
    """A server offering ``http.response.pathsend`` (Granian does) must give the middleware a body to rewrite."""
    from quanyi_app.core.api import with_low_priority_preloads

    seen, sent = {}, []

    async def inner(scope, receive, send):
        seen.update(scope.get("extensions") or {})
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.body", "body": PAGE})

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/proposals/", "extensions": {"http.response.pathsend": {}}}
    await with_low_priority_preloads(inner)(scope, None, send)
    assert "http.response.pathsend" not in seen
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    assert b'fetchpriority="low"' in sent[1]["body"]
