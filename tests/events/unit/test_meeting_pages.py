"""The public pages: /meetings, /meetings/<id> (ask, 我也关心 once per phone, minutes, the last
meeting's open commitments), /commitments (the board and its filters) and the home page's card."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from quanyi_app.core import strings as shared
from quanyi_app.core.accounts import cookies
from quanyi_app.core.campustime import campus_today
from quanyi_app.core.db import session_scope
from quanyi_app.core.settings import get_settings
from quanyi_app.events import strings
from quanyi_app.events.models import MeetingQuestion
from quanyi_app.events.services import commitments, meetings
from tests.conftest import wired_api
from tests.events.conftest import hold, new_meeting


def phone() -> TestClient:
    client = TestClient(wired_api(), follow_redirects=False)
    client.cookies.set(cookies.DEVICE_COOKIE, cookies.new_device_cookie())
    return client


def ask_form(**kw) -> dict:
    return {"action": "ask", "category": "1", "body": "二食堂晚上九点后没有热饭,能否延长?", "tracking": ""} | kw


def questions_on(page: str) -> dict[int, str]:
    return {
        int(i): n for i, n in re.findall(r'data-question="(\d+)">.*?class="support-count">(\d+) 人关心', page, re.S)
    }


def test_the_list_and_a_meeting_page_in_the_first_html(hall):
    client = phone()
    r = client.get("/meetings")
    assert r.status_code == 200 and "第1期 校领导接待日" in r.text and strings.MEETING_QUESTIONS_OPEN in r.text
    assert "<script" not in r.text.split("</head>")[1]  # a plain page: no app bundle
    page = client.get(f"/meetings/{hall['meeting'].id}")
    assert page.status_code == 200
    for text in ("学生活动中心报告厅", "分管副校长", strings.ASK_TITLE, strings.QUESTIONS_NONE, 'name="body"'):
        assert text in page.text
    assert client.get("/meetings/999").status_code == 404
    assert strings.MEETING_NOT_FOUND in client.get("/meetings/999").text


def test_a_draft_is_not_public(session, hall, people):
    draft = new_meeting(session, people["staff"], number=5, announce=False)
    session.commit()
    r = phone().get(f"/meetings/{draft.id}")
    assert r.status_code == 404 and "第5期" not in phone().get("/meetings").text


def test_asking_then_i_care_too_once_per_phone(hall):
    mid = hall["meeting"].id
    first, second = phone(), phone()
    sent = first.post(f"/meetings/{mid}", data=ask_form())
    assert sent.status_code == 303 and sent.headers["location"] == f"/meetings/{mid}?m=ask"
    page = first.get(sent.headers["location"]).text
    assert strings.ASK_DONE in page and 'data-draft-sent="ask-' in page and strings.QUESTION_MINE in page
    ((qid, count),) = questions_on(page).items()
    assert count == "1" and strings.SUPPORTED in page  # the asker counts, once
    r = second.post(f"/meetings/{mid}", data={"action": "support", "question": str(qid)})
    assert r.status_code == 303
    assert questions_on(second.get(f"/meetings/{mid}").text) == {qid: "2"}
    again = second.post(f"/meetings/{mid}", data={"action": "support", "question": str(qid)})
    assert again.status_code == 400 and strings.ALREADY_SUPPORTED in again.text
    assert questions_on(again.text) == {qid: "2"}
    with session_scope() as s:
        assert s.get(MeetingQuestion, qid).supporters == 2


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (ask_form(body="短"), strings.QUESTION_LENGTH),
        (ask_form(category=""), strings.QUESTION_CATEGORY),
        (ask_form(tracking="nosuchcode"), strings.TRACKING_UNKNOWN),
        ({"action": "nothing"}, shared.FORM_UNREADABLE),
    ],
)
def test_bad_questions_keep_what_was_typed_and_say_why(hall, form, message):
    r = phone().post(f"/meetings/{hall['meeting'].id}", data=form)
    assert r.status_code == 400 and message in r.text
    if form.get("body"):
        assert form["body"] in r.text  # kept in the form
    with session_scope() as s:
        assert s.exec(select(MeetingQuestion)).all() == []


def test_cross_site_posts_and_phones_without_a_cookie_are_refused(hall):
    mid = hall["meeting"].id
    evil = phone().post(f"/meetings/{mid}", data=ask_form(), headers={"Origin": "https://evil.example"})
    assert evil.status_code == 403 and shared.FORM_CROSS_SITE in evil.text
    bare = TestClient(wired_api(), follow_redirects=False).post(f"/meetings/{mid}", data=ask_form())
    assert bare.status_code == 400 and shared.DEVICE_NEEDED in bare.text
    ok = phone().post(f"/meetings/{mid}", data=ask_form(), headers={"Origin": get_settings().public_url})
    assert ok.status_code == 303


def test_minutes_commitments_and_the_next_meetings_open_list(session, hall, people):
    m = hall["meeting"]
    q = meetings.ask(
        meetings.QuestionForm(m.id, 1, "二食堂夜里没有热饭", device="p1"),
        session=session,
        secret=get_settings().secret_key,
    )
    hold(session, m)
    meetings.set_agenda(session=session, actor=people["staff"], question_id=q.id, on=True)
    meetings.record_answer(session=session, actor=people["staff"], question_id=q.id, answer="二食堂将开设夜宵窗口。")
    for what, days in (("夜宵窗口开到22:00", 20), ("更换保温柜", -2)):
        commitments.add_commitment(
            session=session,
            actor=people["staff"],
            question_id=q.id,
            what=what,
            office_id=hall["logistics_office"].id,
            due=(campus_today() + timedelta(days=days)).isoformat(),
        )
    meetings.publish_minutes(session=session, actor=people["staff"], meeting_id=m.id, summary="本期答复 1 个问题。")
    nxt = new_meeting(session, people["staff"], days=30)
    session.commit()
    client = phone()
    page = client.get(f"/meetings/{m.id}").text
    for text in (
        strings.MEETING_MINUTES,
        "本期答复 1 个问题。",
        "二食堂将开设夜宵窗口。",
        "夜宵窗口开到22:00",
        "已逾期",
    ):
        assert text in page
    assert strings.ASK_TITLE not in page  # no questions after the meeting
    upcoming = client.get(f"/meetings/{nxt.id}").text
    assert strings.LAST_OPEN_TITLE.format(n=2) in upcoming and "更换保温柜" in upcoming
    board = client.get("/commitments").text
    assert board.index("更换保温柜") < board.index("夜宵窗口开到22:00")  # overdue first
    assert re.search(r"后勤保障处</th><td>2</td><td>0</td><td>0</td>", board)
    assert "更换保温柜" not in client.get(f"/commitments?office={hall['logistics_office'].id + 1}").text
    assert "更换保温柜" in client.get(f"/commitments?meeting={m.id}").text
    assert client.get("/commitments?office=abc").status_code == 200  # a bad filter shows everything
    home = client.get("/").text
    assert strings.HOME_NEXT_TITLE in home and "第2期 校领导接待日" in home
    assert strings.HOME_BOARD_LINK.format(open=1, overdue=1) in home
