"""/events, /events/<id> and /events/r/<code> as plain pages: register, the result and the
ticket, bad input said in Chinese with what was typed kept, cancelling, the published draw."""

from __future__ import annotations

import re

from sqlmodel import select
from starlette.testclient import TestClient

from quanyi_app.core import strings as shared
from quanyi_app.core.accounts import cookies
from quanyi_app.core.db import session_scope
from quanyi_app.events import strings
from quanyi_app.events.models import Registration
from quanyi_app.events.services import places
from tests.conftest import wired_api
from tests.events.unit.test_places import new_event


def client() -> TestClient:
    phone = TestClient(wired_api(), follow_redirects=False)
    phone.cookies.set(cookies.DEVICE_COOKIE, cookies.new_device_cookie())
    return phone


def form(n: int, **kw) -> dict:
    return {"name": f"同学{n}", "student_no": f"2024{n:06d}", "college": "1", "phone": f"139{n:08d}"} | kw


def test_register_first_come_and_get_a_ticket(session, campus, people):
    event = new_event(session, people["staff"], mode="first_come", n=1)
    phone = client()
    listing = phone.get("/events").text
    assert "第二食堂开放日" in listing and strings.EVW_MODES["first_come"] in listing
    page = phone.get(f"/events/{event.id}").text
    assert 'name="student_no"' in page and "剩余 1 个" in page and "<script" not in page.split("</head>")[1]
    r = phone.post(f"/events/{event.id}", data=form(1))
    assert r.status_code == 303 and re.fullmatch(r"/events/r/\w+#sent=event-\d+", r.headers["location"])
    mine = phone.get(r.headers["location"].split("#")[0]).text
    assert "已获得名额" in mine and "<svg" in mine and strings.EVW_TICKET in mine
    with session_scope() as s:
        reg = s.exec(select(Registration)).one()
    assert f'id="ticket-code">{reg.ticket}<' in mine
    # The second one waits.
    second = phone.post(f"/events/{event.id}", data=form(2))
    assert "候补第 1 位" in phone.get(second.headers["location"].split("#")[0]).text


def test_bad_registrations_say_why_and_keep_what_was_typed(session, campus, people):
    event = new_event(session, people["staff"])
    phone = client()
    phone.post(f"/events/{event.id}", data=form(1))
    twice = phone.post(f"/events/{event.id}", data=form(1, name="再报一次"))
    assert twice.status_code == 400 and strings.EV_TWICE in twice.text and "再报一次" in twice.text
    bad = phone.post(f"/events/{event.id}", data=form(2, phone="12345"))
    assert bad.status_code == 400 and strings.EV_PHONE_INVALID in bad.text and "2024000002" in bad.text
    evil = phone.post(f"/events/{event.id}", data=form(3), headers={"Origin": "https://evil.example"})
    assert evil.status_code == 403 and shared.FORM_CROSS_SITE in evil.text
    assert phone.get("/events/999").status_code == 404
    assert phone.get("/events/r/nosuchcode").status_code == 404
    with session_scope() as s:
        assert len(s.exec(select(Registration)).all()) == 1


def test_cancel_needs_a_tick_then_frees_the_place(session, campus, people):
    event = new_event(session, people["staff"], mode="first_come", n=1)
    phone = client()
    mine = phone.post(f"/events/{event.id}", data=form(1)).headers["location"].split("#")[0]
    waiting = phone.post(f"/events/{event.id}", data=form(2)).headers["location"].split("#")[0]
    unsure = phone.post(mine, data={"action": "cancel"})
    assert unsure.status_code == 400 and strings.EVW_CANCEL_SURE in unsure.text
    done = phone.post(mine, data={"action": "cancel", "sure": "1"})
    assert done.status_code == 303 and done.headers["location"] == f"{mine}?m=cancel"
    assert strings.EVW_CANCELLED in phone.get(done.headers["location"]).text
    again = phone.post(mine, data={"action": "cancel", "sure": "1"})
    assert again.status_code == 400 and strings.EV_ALREADY_CANCELLED in again.text
    offer = phone.get(waiting).text
    assert strings.REG_STATUS_LABELS["offered"] in offer and strings.EVW_CONFIRM in offer
    assert phone.post(waiting, data={"action": "confirm"}).status_code == 303
    assert "<svg" in phone.get(waiting).text


def test_the_draw_is_published_on_the_event_page(session, campus, people):
    event = new_event(session, people["staff"], n=1)
    phone = client()
    before = phone.get(f"/events/{event.id}").text
    assert event.seed_hash in before and event.seed not in before  # the seed stays secret until the draw
    for n in range(3):
        phone.post(f"/events/{event.id}", data=form(n))
    with session_scope() as s:
        places.close_now(session=s, actor=people["staff"], event_id=event.id)
    after = phone.get(f"/events/{event.id}").text
    assert event.seed in after and strings.EVW_DRAW_TITLE in after and after.count(strings.EVW_WON) == 1
    assert strings.EVW_CLOSED in after and 'name="student_no"' not in after
