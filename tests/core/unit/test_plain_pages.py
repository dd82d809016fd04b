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
