"""core/web: what every plain page shares — a Chinese page instead of a trace when something
breaks, the links the app must load as documents, gzip only where it pays."""

from __future__ import annotations

import html

from starlette.testclient import TestClient

from quanyi_app.core import strings, web
from tests.conftest import wired_api


def test_an_unexpected_failure_is_a_chinese_page_not_a_trace(migrated, monkeypatch, caplog):
    from quanyi_app.proposals import web as proposals_web

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(proposals_web, "_resolve", broken)
    r = TestClient(wired_api(), raise_server_exceptions=False).get("/s/abc12345")
    assert r.status_code == 500 and r.headers["content-type"].startswith("text/html")
    assert html.escape(strings.RENDER_ERROR_TITLE) in r.text and "Traceback" not in r.text
    assert "database went away" not in r.text  # the operator's log has it, the student does not
    assert any("database went away" in (rec.exc_text or "") for rec in caplog.records)


def test_while_the_database_is_out_of_reach_pages_and_routes_say_the_system_is_recovering(migrated, monkeypatch):
    """A real connection refused (PostgreSQL restarting): 503 with Retry-After and a Chinese
    message, on a plain page, an /api route and the login form; /api/health says so too."""
    from quanyi_app.core import db, settings

    monkeypatch.setenv("QUANYI_DATABASE_URL", "postgresql+psycopg://quanyi@127.0.0.1:9/quanyi")
    settings.get_settings.cache_clear()
    db.get_engine.cache_clear()
    client = TestClient(wired_api(), raise_server_exceptions=False)
    scan = client.get("/s/abc12345")
    assert scan.status_code == 503 and scan.headers["retry-after"] == "10"
    assert html.escape(strings.SERVICE_RECOVERING_TITLE) in scan.text and "Traceback" not in scan.text
    assert "OperationalError" not in scan.text and "127.0.0.1" not in scan.text
    found = client.get("/found?q=伞")
    assert found.status_code == 503 and html.escape(strings.SERVICE_RECOVERING_BODY) in found.text
    login = client.post("/api/login", data={"username": "admin", "password": "x" * 12})
    assert login.status_code == 503 and login.text == strings.SERVICE_RECOVERING
    assert client.get("/api/health").status_code == 503
    db.get_engine().dispose()
    db.get_engine.cache_clear()
    settings.get_settings.cache_clear()


def test_outages_are_told_apart_from_bugs():
    from redis.exceptions import ConnectionError as RedisDown
    from sqlalchemy.exc import OperationalError

    from quanyi_app.core.errors import is_outage

    assert is_outage(OperationalError("SELECT 1", {}, ConnectionRefusedError()))
    assert is_outage(RedisDown("Error 111 connecting"))
    try:
        try:
            raise RedisDown("gone")
        except RedisDown as inner:
            raise RuntimeError("wrapped") from inner
    except RuntimeError as outer:
        assert is_outage(outer)  # found through the cause
    assert not is_outage(RuntimeError("a bug"))
    assert not is_outage(ValueError("bad input"))


def test_the_app_knows_which_links_lead_to_plain_pages(migrated):
    wired_api()
    for href in ("/", "/s/abc", "/t/xyz?m=rate", "/found", "/found?q=伞", "/found/item/3", "/umbrella"):
        assert web.is_plain(href), href
    for href in ("/proposals", "/found/card", "/found/claim/x", "/staff", "/umbrella/u/abc", "/me"):
        assert not web.is_plain(href), href


def test_small_answers_are_not_gzipped(migrated):
    client = TestClient(wired_api())
    part = client.get("/umbrella?part=points")  # an empty list: a few bytes
    assert part.status_code == 200 and "content-encoding" not in part.headers
