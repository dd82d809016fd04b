"""The tracking page /t/<code> as a plain page: the case and its timeline in the first HTML, and
its three forms (follow-up with photos, reopen, rate) posted over plain HTTP."""

from __future__ import annotations

import html
import io
import re

import pytest
from PIL import Image
from sqlmodel import select
from starlette.testclient import TestClient

from quanyi_app.core import strings as shared
from quanyi_app.core.accounts import services as accounts
from quanyi_app.core.db import session_scope
from quanyi_app.proposals import strings
from quanyi_app.proposals.models import Case, CaseEvent
from quanyi_app.proposals.services import casework
from tests.conftest import wired_api


@pytest.fixture
def case(world):
    """The world's filed case (tests/proposals/conftest.py)."""
    return {"id": world["case_id"], "code": world["code"]}


@pytest.fixture
def client(migrated):
    return TestClient(wired_api())


def _resolve(case, users) -> None:
    with session_scope() as s:
        admin = accounts.authenticate(session=s, token=users["admin"])
        casework.resolve(session=s, actor=admin, case_id=case["id"])


def _events(case_id: int, kind: str) -> list[CaseEvent]:
    with session_scope() as s:
        return list(s.exec(select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == kind)).all())


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buf, "JPEG")
    return buf.getvalue()


def test_the_page_shows_the_case_and_its_timeline_but_no_contact(client, case):
    r = client.get(f"/t/{case['code']}")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    assert f'id="case-status">{strings.STATUS_LABELS["received"]}<' in r.text
    assert "三楼热水器坏了一周" in r.text and 'id="timeline"' in r.text
    assert "13812345678" not in r.text  # the proposer's contact is for staff only
    assert "/assets/" not in r.text  # no app bundle
    # Open: a follow-up form; not yet resolved: no rating, no reopening.
    assert 'data-draft="followup-' in r.text and 'name="stars"' not in r.text and 'value="reopen"' not in r.text


def test_an_unknown_code_says_so_and_offers_the_lookup(client, case):
    r = client.get("/t/tampered0")
    assert r.status_code == 404 and html.escape(strings.TRACKING_UNKNOWN) in r.text
    assert '<form method="get" action="/t">' in r.text
    lookup = client.get(f"/t?code=+{case['code']}+", follow_redirects=False)
    assert lookup.status_code == 303 and lookup.headers["location"] == f"/t/{case['code']}"
    empty = client.get("/t?code=", follow_redirects=False)
    assert empty.headers["location"] == "/proposals"
    hostile = client.get("/t?code=../api/health", follow_redirects=False)
    assert hostile.headers["location"] == "/t/..%2Fapi%2Fhealth"  # stays a tracking page


def test_a_follow_up_with_a_photo_then_none_once_closed(client, case, users):
    url = f"/t/{case['code']}"
    files = [("photos", ("more.jpg", _jpeg(), "image/jpeg"))]
    r = client.post(
        url, data={"action": "followup", "body": "今天又坏了,补一张照片。"}, files=files, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == f"{url}?m=followup"
    (event,) = _events(case["id"], "followup")
    assert event.body == "今天又坏了,补一张照片。" and len(event.photo_ids) == 1
    after = client.get(r.headers["location"]).text
    assert html.escape(strings.TRACK_FOLLOWUP_DONE) in after
    assert f'data-draft-sent="followup-{case["code"]}"' in after  # the phone forgets the draft
    timeline = after[after.index('id="timeline"') :]
    assert re.search(r'<img src="/api/photos/[0-9a-f]{64}(_t)?\.jpg\?t=', timeline)  # signed for the code's holder
    # Resolved: no more follow-ups, and no photo is stored for a refused one.
    _resolve(case, users)
    with session_scope() as s:
        from quanyi_app.core.photos.models import Photo

        photos_before = len(s.exec(select(Photo)).all())
    refused = client.post(url, data={"action": "followup", "body": "还有问题"}, files=files)
    assert refused.status_code == 400 and html.escape(strings.CASE_CLOSED_NO_FOLLOWUP) in refused.text
    with session_scope() as s:
        assert len(s.exec(select(Photo)).all()) == photos_before
    assert len(_events(case["id"], "followup")) == 1


def test_a_bad_photo_or_an_empty_follow_up_says_why(client, case):
    url = f"/t/{case['code']}"
    files = [("photos", ("x.txt", b"not a photo", "text/plain"))]
    bad = client.post(url, data={"action": "followup", "body": "照片选错了"}, files=files)
    assert bad.status_code == 400 and html.escape(shared.PHOTO_NOT_IMAGE) in bad.text
    assert 'id="followup-error"' in bad.text and ">照片选错了</textarea>" in bad.text
    good = client.post(
        url, data={"action": "followup", "body": ""}, files=[("photos", ("a.jpg", _jpeg(), "image/jpeg"))]
    )
    assert good.status_code == 200  # followed the redirect
    assert len(_events(case["id"], "followup")[0].photo_ids) == 1
    empty = client.post(url, data={"action": "followup", "body": "  "})
    assert empty.status_code == 400 and html.escape(strings.CASE_FOLLOWUP_EMPTY) in empty.text


def test_rating_once_after_resolution(client, case, users):
    url = f"/t/{case['code']}"
    early = client.post(url, data={"action": "rate", "stars": "5"})
    assert early.status_code == 400 and html.escape(strings.CASE_RATE_WINDOW) in early.text
    _resolve(case, users)
    page = client.get(url).text
    assert len(re.findall(r'<input type="radio" name="stars" value="[1-5]"', page)) == 5
    no_stars = client.post(url, data={"action": "rate", "comment": "不错"})
    assert no_stars.status_code == 400 and 'id="rate-error"' in no_stars.text and ">不错</textarea>" in no_stars.text
    r = client.post(url, data={"action": "rate", "stars": "4", "comment": "修得很快"})
    assert r.status_code == 200 and html.escape(strings.TRACK_RATE_DONE) in r.text
    assert html.escape(strings.TRACK_RATED.format(n=4)) in r.text and 'name="stars"' not in r.text
    again = client.post(url, data={"action": "rate", "stars": "1"})
    assert again.status_code == 400 and html.escape(strings.CASE_ALREADY_RATED) in again.text
    with session_scope() as s:
        assert s.get(Case, case["id"]).rating == 4


def test_reopening_needs_a_reason(client, case, users):
    _resolve(case, users)
    url = f"/t/{case['code']}"
    short = client.post(url, data={"action": "reopen", "reason": "没"})
    assert short.status_code == 400 and 'id="reopen-error"' in short.text
    r = client.post(url, data={"action": "reopen", "reason": "热水器今天又坏了,还是没有热水。"})
    assert r.status_code == 200 and html.escape(strings.TRACK_REOPEN_DONE) in r.text
    with session_scope() as s:
        assert s.get(Case, case["id"]).status != "resolved"


def test_forged_or_foreign_sends_are_refused(client, case):
    url = f"/t/{case['code']}"
    unknown = client.post(url, data={"action": "delete", "body": "x"})
    assert unknown.status_code == 400 and html.escape(shared.FORM_UNREADABLE) in unknown.text
    foreign = client.post(url, data={"action": "followup", "body": "跨站"}, headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403 and _events(case["id"], "followup") == []
    nobody = client.post("/t/tampered0", data={"action": "followup", "body": "你好你好你好"})
    assert nobody.status_code == 404
    forged = client.post(url, data={"action": "followup", "body": "附图", "photo_ref": "1.forged"})
    assert forged.status_code == 200 and _events(case["id"], "followup")[0].photo_ids == []


def test_user_text_is_escaped(client, case):
    url = f"/t/{case['code']}"
    client.post(url, data={"action": "followup", "body": '<img src=x onerror="alert(1)">门锁坏了'})
    page = client.get(url).text
    assert "<img src=x" not in page and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;门锁坏了" in page
